// Answering from the article itself: a story with no curated Q&A (the second story's article, put in a
// knowledge folder by knowledge:init) answers from its own sentences with verbatim quotes, says why, and
// declines what it doesn't say. Plus the trained models: deterministic, and refused when stale.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerAnalyzed, answerMessage, answerQuestion, curatedModel } from '../src/engine/answerQuestion.js';
import { passageModel, quotedSpan, shortAnswer, type PassageChoice } from '../src/engine/passageAnswer.js';
import { answerNearness, readSentenceWords } from '../src/engine/answerNearness.js';
import { sentenceSpans } from '../src/engine/answerTypes.js';
import { trainedModel } from '../src/engine/trainedModels.js';
import { locateQuote } from '../src/knowledge/article.js';
import { articleSources } from '../src/knowledge/initKnowledge.js';
import { buildSnapshot, KnowledgeStore, type KnowledgeSnapshot } from '../src/store/knowledgeStore.js';
import { askQuestion } from '../src/commands/ask.js';
import { exampleQuestions } from '../src/commands/examples.js';
import { helpReply } from '../src/commands/help.js';
import { CLOSEST_SENTENCE } from '../src/engine/tuning.js';
import { validateKnowledge } from '../src/knowledge/validateKnowledge.js';
import { fitLogistic } from '../src/training/logisticRegression.js';
import { bestCuratedThreshold, curatedRightAt, type CuratedPrediction } from '../src/training/curatedModelTraining.js';
import type { DevQuestion } from '../src/evaluation/devQuestions.js';
import { SECOND_STORY_DIR } from './support/secondStoryWith.js';

let snapshot: KnowledgeSnapshot;

beforeAll(async () => {
  const knowledge = validateKnowledge(articleSources(await readFile(path.join(SECOND_STORY_DIR, 'article.txt'), 'utf8'), SECOND_STORY_DIR));
  snapshot = buildSnapshot(knowledge);
});

describe('a story with no curated Q&A', () => {
  it.each([
    ['how many books were damaged?', 2, '12,000'],
    // "12,000" is one number: typed without its comma it is the same number.
    ['were 12000 books damaged?', 2, null],
    ['how much did the repairs cost', 4, '£340,000'],
    // Three whens beside "open" and "Saturdays" ("9am to 6pm", "10am to 2pm", "June"): none clearly nearest, so none.
    ['when does the library open on saturdays', 6, ''],
    // "Councillor Priya Nair said the town would build a flood wall": she says it, the town builds it ('': no short
    // answer; null: not checked).
    ['who is going to build a flood wall', 7, ''],
    // Asked as a request: the question inside it.
    ['could you please tell me who is going to build a flood wall?', 7, ''],
  ] as const)('answers "%s" from paragraph %i with the sentence, verbatim', (question, paragraph, short) => {
    const result = answerQuestion(snapshot.index, question);
    expect(result).toMatchObject({ answered: true, band: 'answer', source: 'passage', paragraph });
    expect(locateQuote(snapshot.knowledge.story, result.quote!)).not.toBeNull();
    if (short) expect(result.answer).toContain(short);
    if (short === '') expect(result.answer).toBe(`Paragraph ${paragraph} of the story says:`);
  });

  // A sum's numbers are not the story's "12,000" and "4,000".
  it.each(['what is the weather like today', 'how do i become a librarian', 'best pizza near me?', "what's 12 + 4"])(
    'declines "%s"',
    (question) => {
      const result = answerQuestion(snapshot.index, question);
      expect(result).toMatchObject({ answered: false, quote: null });
    },
  );

  it('says why: the sentence the passage model found likeliest, its probability, threshold and features', () => {
    const result = answerQuestion(snapshot.index, 'how many books did volunteers save');
    expect(result.why.passage).toMatchObject({ paragraph: 2 });
    expect(result.why.passage!.probability).toBeGreaterThanOrEqual(result.why.passage!.threshold);
    expect(result.why.passage!.features).toHaveProperty('exact');
    expect(result.score).toBe(result.why.passage!.probability);
  });

  it('carries its best candidate’s probability on a decline', () => {
    const result = answerQuestion(snapshot.index, 'is the library café any good');
    expect(result.answered).toBe(false);
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThan(result.why.passage!.threshold);
  });
});

describe('a draft accepted unedited (qa/drafted.yaml) beside the article', () => {
  // Two entries as knowledge:draft writes them: few ways of asking each.
  const ENTRIES = `entries:
  - id: repairs-covered
    question: What covered most of the repairs?
    alternates:
      - who paid for the repairs
    answer: Insurance.
    quote: most of it covered by insurance
  - id: library-reopened
    question: When did the library reopen?
    alternates:
      - when does the library open
    answer: On Saturday.
    quote: Millbrook Public Library reopened on Saturday
`;
  const withEntriesIn = async (name: string) => {
    const sources = articleSources(await readFile(path.join(SECOND_STORY_DIR, 'article.txt'), 'utf8'), SECOND_STORY_DIR);
    return buildSnapshot(validateKnowledge({ ...sources, qaParts: [{ name, text: ENTRIES }] })).index;
  };

  it('leaves the sentences a draft quotes answering as the article alone does; a moderator’s entry makes them stricter', async () => {
    // A question of the sentence "repairs-covered" quotes that the entry itself doesn't ask.
    const drafted = answerQuestion(await withEntriesIn('qa/drafted.yaml'), 'how was the rest of the money raised');
    expect(drafted).toMatchObject({ answered: true, source: 'passage', paragraph: 4 });
    // The same entry written by a moderator: what to answer from that sentence is theirs to say.
    const curated = answerQuestion(await withEntriesIn('qa/moderators.yaml'), 'how was the rest of the money raised');
    expect(curated.answered).toBe(false);
    expect(curated.why.passage!.threshold).toBeGreaterThan(drafted.why.passage!.threshold);
  });

  it('gives way to the sentence the article answers with on its own when a drafted entry quotes another', async () => {
    const drafted = answerQuestion(await withEntriesIn('qa/drafted.yaml'), 'when does the library open on saturdays');
    expect(drafted).toMatchObject({ answered: true, source: 'passage', paragraph: 6 });
    const curated = answerQuestion(await withEntriesIn('qa/moderators.yaml'), 'when does the library open on saturdays');
    expect(curated).toMatchObject({ answered: true, source: 'qa', entryId: 'library-reopened' });
  });
});

describe('example questions for a story with no curated Q&A', () => {
  it('are questions drafted from the article that the bot answers, shown by /help and by a decline', () => {
    const examples = exampleQuestions(snapshot, 3);
    expect(examples.length).toBeGreaterThan(0);
    for (const question of examples) expect(answerQuestion(snapshot.index, question).answered).toBe(true);
    expect(helpReply(snapshot, false).fields?.find((f) => f.name === 'Examples')?.value).toContain(examples[0]);
    const { reply } = askQuestion('is the library haunted', snapshot);
    expect(reply.kind).toBe('decline');
    expect(reply.text).toContain('Try one of these');
    expect(reply.suggestions?.map((s) => s.question)).toEqual(examples);
  });

  it('are never a draft whose wording lost its end, and a decline without any says to ask in other words', async () => {
    // The harbour story's one "when" draft ends "... for eight weeks so?": not shown.
    const harbour = (await KnowledgeStore.open(path.join(import.meta.dirname, 'fixtures', 'article-only'))).current;
    expect(exampleQuestions(harbour, 3)).toEqual([]);
    const { reply } = askQuestion('is the bridge haunted', harbour);
    expect(reply.text).toContain('Try asking with other words, or /help.');
    expect(reply.suggestions).toEqual([]);
  });
});

describe('a message of a question and an aside', () => {
  it.each([
    ['how much did the repairs cost? my cousin said it was millions lol', 4],
    ['when does the cafe open? asking for my nan who loves cake and tea', 6],
    ['did the library reopen? i walked past and it looked shut. weird', 1],
    // An aside about the asker after a comma is one too.
    ['how much did the repairs cost, my cousin said it was millions lol', 4],
    ['did the library reopen, i walked past and it looked shut', 1],
  ] as const)('answers "%s" by its question', (message, paragraph) => {
    expect(answerQuestion(snapshot.index, message)).toMatchObject({ answered: true, paragraph });
  });

  it.each([
    ['when does the cafe open? asking for my nan who loves cake and tea', 6],
    ['did the library reopen? i walked past and it looked shut. weird', 1],
    ['did the library reopen, i walked past and it looked shut', 1],
    // A lead-in before a colon is one too.
    ['okay, for the knitting circle newsletter draft: when does the cafe open?', 6],
  ] as const)('answers "%s", which read whole is declined, by its question read without the aside', (message, paragraph) => {
    expect(answerAnalyzed(snapshot.index, snapshot.index.analyzeQuestion(message)).result.answered).toBe(false);
    expect(answerQuestion(snapshot.index, message)).toMatchObject({ answered: true, paragraph });
    const read = answerMessage(snapshot.index, message).q.words.join(' ');
    for (const aside of ['nan', 'walked', 'newsletter']) expect(read).not.toContain(aside);
  });

  it('still declines a message whose question the story does not answer', () => {
    expect(answerQuestion(snapshot.index, 'what is the weather like? my garden flooded too').answered).toBe(false);
  });

  it('gives the chat reply to a message opening with a chat question ("who are you? human or bot?")', () => {
    expect(answerQuestion(snapshot.index, 'who are you? human or bot?')).toMatchObject({ band: 'chat', entryId: 'chat-who-are-you' });
    // A question of the story after it is still what is answered.
    expect(answerQuestion(snapshot.index, 'who are you? how much did the repairs cost')).toMatchObject({ answered: true, paragraph: 4 });
  });
});

describe('the short answer taken from a sentence', () => {
  // Sentences in the library story's words (its index reads the questions, typos and all).
  const WHO = 'The books were saved, said Rosa Delgado, head librarian of Millbrook, on Saturday.';
  const short = (question: string, text: string) => {
    const passage = { ...snapshot.index.passages[0]!, text, spans: sentenceSpans(text) };
    return shortAnswer(snapshot.index.analyzeQuestion(question), passage);
  };

  it('answers "who is <name>" with who the sentence says they are, not with another name', () => {
    expect(short('who is rosa delgado', WHO)).toBe('Head librarian of Millbrook');
    expect(short("who's ms delgado?", WHO)).toBe('Head librarian of Millbrook');
    expect(short('who even is rosa delgado lol', WHO)).toBe('Head librarian of Millbrook');
    expect(short('ngl who even is rosa delgado', WHO)).toBe('Head librarian of Millbrook');
    expect(short('who is rosa delgado', 'The books were saved, said Rosa Delgado, Millbrook’s head librarian.')).toBe(
      'Millbrook’s head librarian',
    );
    // The sentence names her without saying who she is: it speaks for itself.
    expect(short('who is priya nair', 'Priya Nair met Rosa Delgado in June.')).toBeNull();
  });

  it('answers with the speaker only when asked who said it or who holds their role', () => {
    const SAID = 'Looking ahead to the final, club captain Tom Reyes said: "Harbour Town are a very good side."';
    const bySpeaker = (question: string) => {
      const passage = {
        ...snapshot.index.passages[0]!,
        text: SAID,
        spans: sentenceSpans(SAID),
        speaker: { name: 'Tom Reyes', role: 'club captain' },
      };
      return shortAnswer(snapshot.index.analyzeQuestion(question), passage);
    };
    expect(bySpeaker('who do they play in the final')).toBe('Harbour Town');
    expect(bySpeaker('who is the club captain')).toBe('Tom Reyes');
  });

  it('answers other "who" questions with a name the question does not say', () => {
    expect(short('who did priya nair meet', 'Priya Nair met Rosa Delgado in June.')).toBe('Rosa Delgado');
    expect(short('who dried the books', 'The books were dried by Dana Okafor.')).toBe('Dana Okafor');
    // A yes/no question is answered by the quote, not a name.
    expect(short('did the volunteer who dried the books enjoy it', 'The books were dried by Dana Okafor.')).toBeNull();
    // An initialism describing the noun after it is no one ("the UK award"); one a clause follows is a name.
    expect(short('who won the award', 'The UK award went to Dana Okafor.')).toBe('Dana Okafor');
    expect(short('who built the wall', 'The wall was built by the lab TNO which won the UK prize.')).toBe('TNO');
    // A name the question mostly says is whom it asks about, not the answer.
    expect(short('who dried the books with okafor', 'The books were dried by Dana Okafor and Priya Nair.')).toBe('Priya Nair');
  });
});

describe('the quote of an answer from the story', () => {
  // A paragraph of two sentences that tell one fact between them.
  const ferry = buildSnapshot(
    validateKnowledge(
      articleSources(
        'Ferry service to resume\n\nThe island ferry will sail again in May. Its new timetable has four crossings a day.\n\nThe old pier was closed in 2019.',
      ),
    ),
  );
  const [first, second] = ferry.index.passages;
  const choice = (probability: number, neighbour: PassageChoice['neighbour']): PassageChoice => ({
    passage: first!,
    probability,
    threshold: 0.5,
    quotedByCurated: false,
    features: {},
    neighbour,
  });

  it('is the likeliest sentence and its neighbour when the neighbour is nearly as likely, verbatim', () => {
    const span = quotedSpan(ferry.index, choice(0.6, { passage: second!, probability: 0.3 }));
    expect(span.text).toBe('The island ferry will sail again in May. Its new timetable has four crossings a day.');
    expect(locateQuote(ferry.knowledge.story, span.text)).toMatchObject({ paragraph: 1 });
  });

  it('is the likeliest sentence alone when the neighbour is far less likely, or there is none', () => {
    expect(quotedSpan(ferry.index, choice(0.9, { passage: second!, probability: 0.2 })).text).toBe(first!.text);
    expect(quotedSpan(ferry.index, choice(0.9, null)).text).toBe(first!.text);
  });
});

describe('what a question asks beyond the names it uses (otherCoverage)', () => {
  const features = (question: string) => answerQuestion(snapshot.index, question).why.passage!.features;

  it('is all of it when the sentence says what is asked of the name, little when it only names them', () => {
    expect(features('what did rosa delgado say').otherCoverage).toBe(1);
    // The story names her, but never her age: a question about her it cannot answer.
    expect(features('how old is rosa delgado')).toMatchObject({ nameCoverage: 1, otherCoverage: 0 });
    expect(answerQuestion(snapshot.index, 'how old is rosa delgado').answered).toBe(false);
  });

  it('is 1 for a question of names alone, where nameCoverage speaks', () => {
    expect(features('who is rosa delgado').otherCoverage).toBe(1);
  });
});

describe('how near the kind of answer asked for sits to the question’s words (answerNear)', () => {
  const near = (question: string, text: string) =>
    answerNearness(snapshot.index.analyzeQuestion(question))({
      text,
      words: readSentenceWords(snapshot.index.analyzer, text),
      spans: sentenceSpans(text),
    });

  it('is highest with the number beside the thing counted, lower with words between, 0 without a number', () => {
    const beside = near('how many books were damaged', 'Flood water damaged 12,000 books in the basement.');
    const apart = near('how many books were damaged', 'The basement held 12,000 maps, and the flood water later damaged the books.');
    expect(beside).toBe(1);
    expect(apart).toBeGreaterThan(0);
    expect(apart).toBeLessThan(beside);
    expect(near('how many books were damaged', 'Flood water damaged the books in the basement.')).toBe(0);
  });

  it('counts only what the question does not say itself, and words it matched', () => {
    // The only date is the one asked about; the only name is the one asked about.
    expect(near('what happened in June', 'Priya Nair met Rosa Delgado in June.')).toBe(0);
    expect(near('who dried the books', 'The books were dried by Dana Okafor.')).toBeGreaterThan(0);
    expect(near('who dried the books', 'Dana Okafor arrived on Monday.')).toBe(0);
  });

  it('reads an amount from its number, not from the word before its currency sign', () => {
    // "save $360m": the matched word "save" sits beside the amount, not inside it.
    expect(near('how much will the cuts save', 'The cuts should enable the firm to save $360m.')).toBe(1);
  });
});

describe('the trained decision models', () => {
  it('are fitted the same way on every run (no randomness)', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [Math.sin(i), (i % 7) / 7, i % 2]);
    const labels = rows.map((r) => (r[0]! + r[1]! > 0.6 ? 1 : 0));
    expect(fitLogistic(rows, labels)).toEqual(fitLogistic(rows, labels));
  });

  it('take the middle of the run of thresholds that ties for the best rates, not its edge', () => {
    const prediction = (kind: DevQuestion['kind'], probability: number, right: boolean): CuratedPrediction => ({
      example: { file: 'set.yaml', question: { q: 'q', kind, style: 'plain' }, features: [], right },
      probability,
    });
    // Every threshold from 0.31 to 0.70 answers the answerable question and declines the off-topic one.
    const predictions = [prediction('answerable', 0.7, true), prediction('offtopic', 0.3, false)];
    expect(bestCuratedThreshold(predictions)).toBeCloseTo(0.5, 2);
  });

  it('pick the curated threshold by questions right, each counted once, not by a sum of rates', () => {
    const prediction = (kind: DevQuestion['kind'], probability: number, right: boolean): CuratedPrediction => ({
      example: { file: 'set.yaml', question: { q: 'q', kind, style: 'plain' }, features: [], right },
      probability,
    });
    // Four answerable questions at 0.6 that a threshold above 0.6 loses, one unanswerable one at 0.6 it declines: a
    // sum of rates (1 unanswerable = 4 answerable here) would decline all five; counted once, the four win.
    const predictions = [
      ...Array.from({ length: 4 }, () => prediction('answerable', 0.6, true)),
      prediction('answerable', 0.9, true),
      prediction('unanswerable', 0.6, false),
    ];
    expect(bestCuratedThreshold(predictions)).toBeLessThanOrEqual(0.6);
    expect(curatedRightAt(predictions, bestCuratedThreshold(predictions))).toBe(5);
  });

  it('load with their features and threshold, and a model trained on other features is refused', () => {
    expect(passageModel().threshold).toBeGreaterThan(0);
    expect(() => trainedModel('passage', ['some', 'other', 'features'])).toThrow(/trained on other features .* npm run train/);
  });

  it('weigh only features their training rows vary in: one nearly constant there is extrapolated from a few rows', () => {
    // The curated model once weighed the chat score, almost always 0 among its rows (chat is decided apart): a
    // message near a chat phrasing then scored 60 standard deviations out, and the model answered "can you help
    // me with my math homework" with a fact.
    for (const model of [passageModel(), curatedModel()]) {
      model.features.forEach((feature, j) => expect(model.scale[j], feature).toBeGreaterThan(0.05));
    }
  });
});

describe('a decline that shows the closest the story comes', () => {
  let harbour: KnowledgeSnapshot;
  let library: KnowledgeSnapshot;
  beforeAll(async () => {
    harbour = (await KnowledgeStore.open(path.join(import.meta.dirname, 'fixtures', 'article-only'))).current;
    library = (await KnowledgeStore.open(SECOND_STORY_DIR)).current;
  });

  it('offers the likeliest sentence, verbatim, when the passage model is unsure but not far off; never as an answer', () => {
    const result = answerQuestion(harbour.index, 'replace what');
    expect(result).toMatchObject({ answered: false, band: 'decline', quote: null });
    expect(result.why.passage!.probability).toBeGreaterThanOrEqual(CLOSEST_SENTENCE);
    expect(result.why.passage!.probability).toBeLessThan(result.why.passage!.threshold);
    expect(result.closestSentence).toEqual({
      paragraph: 1,
      text: 'The harbour bridge will close for eight weeks from Monday so that engineers can replace its cables.',
    });
    const { reply } = askQuestion('replace what', harbour);
    expect(reply).toMatchObject({ kind: 'decline', ephemeral: true, quote: result.closestSentence!.text });
    expect(reply.text).toContain('may not be what you asked');
    expect(reply.footer).toContain('not a confident answer');
  });

  it('offers nothing for a question far from the story, nor for a sentence a curated entry speaks for', () => {
    expect(answerQuestion(harbour.index, 'whats the weather like').closestSentence).toBeNull();
    expect(answerQuestion(harbour.index, 'cables?').closestSentence).toBeNull();
    // The library's curated entries quote its sentences: their "did you mean" and declines stand.
    const spokenFor = answerQuestion(library.index, 'what will the town do');
    expect(spokenFor).toMatchObject({ band: 'decline', reason: 'no-match' });
    expect(spokenFor.why.passage!.probability).toBeGreaterThanOrEqual(CLOSEST_SENTENCE);
    expect(spokenFor.closestSentence).toBeNull();
  });
});
