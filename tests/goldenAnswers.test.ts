/**
 * Golden table over the real knowledge: question → the entry (or paragraph) it must answer from, or
 * "decline"; one row each, so a failing row names itself. The questions are written for this table (not
 * taken from eval/dev-questions.yaml or qa.yaml). Every answer's quote must be a verbatim span of the story.
 * Also pins the dev evaluation to floors just under today's rates; raise them as the engine improves.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, rankForAnswer, type AnswerResult } from '../src/engine/answerQuestion.js';
import { loadDevQuestions, type DevQuestion } from '../src/evaluation/devQuestions.js';
import { evaluate } from '../src/evaluation/evaluate.js';
import { locateQuote, locateQuotes, partText } from '../src/knowledge/article.js';
import { KnowledgeStore, type KnowledgeSnapshot } from '../src/store/knowledgeStore.js';
import type { Story } from '../src/knowledge/types.js';
import { homeSets } from '../src/training/trainingSets.js';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Set numbers first to last. */
const setRange = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** An entry id, "P<n>" for "a quote from paragraph n", or "decline" (no fact answered, no quote). */
type Expected = string;
type Style = 'plain' | 'paraphrase' | 'typo' | 'slang' | 'offtopic' | 'unanswerable';

interface GoldenRow {
  readonly q: string;
  readonly style: Style;
  readonly expect: Expected;
}

const GOLDEN: readonly GoldenRow[] = [
  // plain
  { q: 'has iraq agreed to let the nato mission continue', style: 'plain', expect: 'iraq-grants-permission' },
  { q: 'who said iraq agreed to the training mission', style: 'plain', expect: 'who-announced-permission' },
  { q: 'in which city did nato ministers meet', style: 'plain', expect: 'ministers-met-brussels' },
  { q: 'how long is nato going to remain in iraq', style: 'plain', expect: 'stay-while-welcome' },
  { q: 'did iraq demand that foreign troops leave', style: 'plain', expect: 'iraq-demanded-troops-out' },
  { q: 'when will stoltenberg make more announcements', style: 'plain', expect: 'further-announcements' },
  { q: 'how many more bases will nato train at', style: 'plain', expect: 'how-many-more-bases' },
  { q: 'is the expanded mission approved', style: 'plain', expect: 'mission-approval' },
  { q: 'did the increased tension with tehran make us demands more urgent', style: 'plain', expect: 'P13' },
  // "U.S." is one word, not "you" and "s".
  { q: 'what did the U.S. ambassador say', style: 'plain', expect: 'hutchison-white-house' },
  // paraphrase
  { q: 'did baghdad give the alliance the go-ahead to stay', style: 'paraphrase', expect: 'iraq-grants-permission' },
  { q: "who is nato's top official", style: 'paraphrase', expect: 'nato-secretary-general' },
  { q: 'who is the ceo of nato', style: 'paraphrase', expect: 'nato-secretary-general' },
  { q: 'did iraq change its mind about foreign troops', style: 'paraphrase', expect: 'iraq-reversal' },
  { q: 'who wanted nato to expand its role', style: 'paraphrase', expect: 'us-urged-expansion' },
  { q: 'is nato going to grow its training mission in iraq', style: 'paraphrase', expect: 'nato-expand-role' },
  { q: 'how many soldiers would switch roles', style: 'paraphrase', expect: 'troops-change-roles' },
  { q: 'what happens to the anti isis coalition trainers', style: 'paraphrase', expect: 'coalition-under-nato-banner' },
  { q: 'was tehran expected to hit back', style: 'paraphrase', expect: 'iranian-retaliation' },
  // People and places named by a description (aliases.yaml): "the norwegian", "the persians", "the alliance's flag".
  { q: 'who is the norwegian running the military alliance', style: 'paraphrase', expect: 'nato-secretary-general' },
  { q: 'near which city was the persian commander killed', style: 'paraphrase', expect: 'where-suleimani-killed' },
  { q: "whose trainers end up under the alliance's flag", style: 'paraphrase', expect: 'coalition-under-nato-banner' },
  // typo
  { q: 'who is stoltenburg', style: 'typo', expect: 'nato-secretary-general' },
  { q: 'when was sulemani killed', style: 'typo', expect: 'when-suleimani-killed' },
  { q: 'what did hutchinson say', style: 'typo', expect: 'hutchison-white-house' },
  { q: 'is nato expaning in irak', style: 'typo', expect: 'nato-expand-role' },
  { q: 'wher did the ministers meet', style: 'typo', expect: 'ministers-met-brussels' },
  // slang
  { q: 'yo did iraq let nato stay lol', style: 'slang', expect: 'iraq-grants-permission' },
  { q: 'wat did trump want from nato', style: 'slang', expect: 'trump-calls-on-nato' },
  { q: 'what country pushed nato to do more in the region', style: 'paraphrase', expect: 'trump-calls-on-nato' },
  { q: 'whos suleimani', style: 'slang', expect: 'who-was-suleimani' },
  { q: 'whos the iranian general that got killed', style: 'slang', expect: 'who-was-killed' },
  { q: 'so the US wanted nato to do more in iraq or wat', style: 'slang', expect: 'P6' },
  { q: 'did they say how many more troops or nah', style: 'slang', expect: 'troops-added-unknown' },
  { q: 'who heads the north atlantic alliance these days', style: 'paraphrase', expect: 'nato-secretary-general' },
  { q: 'how many bases r they adding', style: 'slang', expect: 'how-many-more-bases' },
  { q: 'ok so wats step two', style: 'slang', expect: 'second-step' },
  // off-topic Discord chatter, some sharing words with the story (role, training, meeting, welcome)
  { q: 'how do i get the mod role', style: 'offtopic', expect: 'decline' },
  { q: 'how can i get the training role', style: 'offtopic', expect: 'decline' },
  { q: 'welcome to the server', style: 'offtopic', expect: 'decline' },
  { q: 'pls give me the verified role', style: 'offtopic', expect: 'decline' },
  { q: 'does anyone have a spare training code', style: 'offtopic', expect: 'decline' },
  { q: 'is there a meeting in voice chat today', style: 'offtopic', expect: 'decline' },
  { q: 'lol this channel is dead', style: 'offtopic', expect: 'decline' },
  { q: 'can a mod pin this', style: 'offtopic', expect: 'decline' },
  { q: 'how do i report someone', style: 'offtopic', expect: 'decline' },
  // Server talk weighs less against story sentences too, not only against curated entries.
  { q: "who's the welcome bot here", style: 'offtopic', expect: 'decline' },
  // about the story, but the story doesn't say
  { q: 'how tall is trump', style: 'unanswerable', expect: 'decline' },
  { q: 'how many ministers attended', style: 'unanswerable', expect: 'decline' },
];

/**
 * Reasonable questions the engine gets wrong today, kept out of GOLDEN (see the report that added this
 * file). Move a row into GOLDEN when the engine gets it right.
 */
const ENGINE_MISSES: readonly string[] = [
  '"what did iraq demand after the general was killed" → iraq-demanded-troops-out (answers who-was-killed)',
  '"what was urged by the us" → us-urged-expansion (answers us-demands-urgent, P13)',
  '"what is stoltenberg\'s nationality" → decline (answers ministers-met-brussels)',
  '"when does the alliance meet next year" → decline (answers photo-date)',
];

/** The text of the part of the story a result says its quote comes from. */
function placeText(story: Story, result: AnswerResult): string | undefined {
  return result.part ? (partText(story, result.part, result.paragraph) ?? undefined) : undefined;
}

let snapshot: KnowledgeSnapshot;

beforeAll(async () => {
  snapshot = (await KnowledgeStore.open(path.join(ROOT, 'knowledge'))).current;
});

describe('golden answers over the real knowledge', () => {
  it('the table names only entries and paragraphs that exist', () => {
    const ids = new Set(snapshot.knowledge.entries.map((e) => e.id));
    const paragraphs = snapshot.knowledge.story.paragraphs.length;
    for (const row of GOLDEN) {
      if (row.expect === 'decline') continue;
      const paragraph = /^P(\d+)$/.exec(row.expect);
      if (paragraph) expect(Number(paragraph[1]), row.q).toBeLessThanOrEqual(paragraphs);
      else expect(ids.has(row.expect), `${row.q} → ${row.expect}`).toBe(true);
    }
  });

  it.each(GOLDEN)('[$style] "$q" → $expect', ({ q, expect: expected }) => {
    const result = answerQuestion(snapshot.index, q);
    const got = `${result.band} ${result.entryId ?? ''} P${result.paragraph ?? '-'} (score ${result.score})`;

    if (expected === 'decline') {
      expect(result.answered, got).toBe(false);
      expect(result.quote).toBeNull();
      expect(result.band).not.toBe('answer');
      return;
    }
    expect(result.answered, got).toBe(true);
    const paragraph = /^P(\d+)$/.exec(expected);
    if (paragraph) {
      expect(result.paragraph, got).toBe(Number(paragraph[1]));
    } else {
      expect(result.entryId, got).toBe(expected);
      const entry = snapshot.knowledge.entries.find((e) => e.id === expected)!;
      expect(result.answer).toBe(entry.answer);
      expect(result.quote).toBe(entry.quote!.text);
    }
  });

  it.each(GOLDEN.filter((row) => row.expect !== 'decline'))('answer invariants hold for "$q"', ({ q }) => {
    const result = answerQuestion(snapshot.index, q);
    const { story } = snapshot.knowledge;
    expect(result.quote).not.toBeNull();
    const quote = result.quote!;
    // Verbatim: a span of the story (modulo quote marks and white space) ...
    expect(locateQuote(story, quote)).not.toBeNull();
    // ... and character for character a span of the part and paragraph the result names.
    expect(placeText(story, result)).toContain(quote);
    expect(result.context).toContain(quote);
    if (result.part === 'paragraph') {
      const holding = story.paragraphs.filter((p) => p.text.includes(quote)).map((p) => p.number);
      expect(holding).toContain(result.paragraph);
    } else {
      expect(result.paragraph).toBeNull();
    }
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('weighs the best entry after every discount: a loosely matched not-in-story entry does not stay first', () => {
    // No question word, so no re-sort by question type: the not-in-story entry's discount used to leave it first.
    const scores = rankForAnswer(snapshot.index, 'iraq pulled a full u-turn then?').map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(answerQuestion(snapshot.index, 'iraq pulled a full u-turn then?').reason).not.toBe('not-in-story');
  });

  it('a message that is a chat phrase as a whole gets the chat reply, even when a fact shares its word', () => {
    expect(answerQuestion(snapshot.index, 'help')).toMatchObject({ answered: false, band: 'chat', entryId: 'chat-help' });
    expect(answerQuestion(snapshot.index, 'Thanks, that was helpful!')).toMatchObject({ band: 'chat', entryId: 'chat-thanks' });
    expect(answerQuestion(snapshot.index, 'hiii 👋')).toMatchObject({ band: 'chat', entryId: 'chat-hello' });
    // Two phrases of one chat entry run together.
    expect(answerQuestion(snapshot.index, 'what can u do? help')).toMatchObject({ band: 'chat', entryId: 'chat-help' });
    // The same word in a question about the story is the story's.
    expect(answerQuestion(snapshot.index, 'does iraq still want nato help')).toMatchObject({ answered: true, entryId: 'iraq-wants-nato' });
  });

  for (const miss of ENGINE_MISSES) it.todo(`engine miss: ${miss}`);
});

describe('dev evaluation (eval/dev-questions*.yaml)', () => {
  it('finds an evidence excerpt in every place it appears, so an answer from the place the set expects is right', () => {
    const story = snapshot.knowledge.story;
    // The subtitle's last words are a paragraph's too; the first place found is the paragraph.
    expect(locateQuotes(story, 'Middle East').map((q) => q.part)).toEqual(expect.arrayContaining(['paragraph', 'subtitle']));
    expect(locateQuote(story, 'Middle East')?.part).toBe('paragraph');
    const asked: DevQuestion = {
      q: 'what does the subtitle say',
      kind: 'answerable',
      style: 'plain',
      expect: ['subtitle'],
      evidence: ['Middle East'],
    };
    expect(answerQuestion(snapshot.index, asked.q).part).toBe('subtitle');
    expect(evaluate(snapshot.index, [asked]).byKind.answerable.correct).toBe(1);
  });

  it('answers, declines and chats at least as well over sets 1-25 together as the curated rules did alone (stop 7)', async () => {
    const files = homeSets(ROOT, setRange(1, 25));
    const questions = (await Promise.all(files.map((f) => loadDevQuestions(f)))).flat();
    const { byKind, nonVerbatimQuotes } = evaluate(snapshot.index, questions);
    expect(nonVerbatimQuotes).toBe(0);
    // Stop 7: answerable 2135/2191, off-topic 833/854, unanswerable 425/481, chat 120/121.
    expect(byKind.answerable.correct).toBeGreaterThanOrEqual(2133);
    expect(byKind.offtopic.correct).toBeGreaterThanOrEqual(833);
    expect(byKind.unanswerable.correct).toBeGreaterThanOrEqual(425);
    expect(byKind.chat.correct).toBeGreaterThanOrEqual(120);
  });

  // Floors a question under `npm run eval -- <set>` at the time (sets 1-25, with the decision models of
  // model/, which learned from these sets); raise them as the engine improves. Each set's header says how it
  // did on its first run, before anything was changed for it.
  it.each([
    ['dev-questions.yaml', 0.97, 0.96, 0.95],
    ['dev-questions-2.yaml', 0.9, 0.96, 0.9],
    ['dev-questions-3.yaml', 0.98, 0.9, 0.87],
    ['dev-questions-4.yaml', 0.97, 0.97, 0.95],
    ['dev-questions-5.yaml', 0.94, 0.93, 0.81],
    ['dev-questions-6.yaml', 0.96, 0.97, 0.9],
    ['dev-questions-7.yaml', 0.95, 0.94, 0.85],
    ['dev-questions-8.yaml', 0.91, 0.97, 0.8],
    ['dev-questions-9.yaml', 0.96, 0.94, 0.85],
    ['dev-questions-10.yaml', 0.97, 0.97, 0.8],
    ['dev-questions-11.yaml', 0.94, 0.94, 0.9],
    ['dev-questions-12.yaml', 0.95, 0.97, 0.85],
    ['dev-questions-13.yaml', 0.92, 0.97, 0.9],
    ['dev-questions-14.yaml', 0.97, 0.94, 0.75],
    ['dev-questions-15.yaml', 0.97, 0.94, 0.8],
    ['dev-questions-16.yaml', 0.96, 0.94, 0.85],
    ['dev-questions-17.yaml', 0.94, 0.94, 0.8],
    ['dev-questions-18.yaml', 0.94, 0.97, 0.85],
    ['dev-questions-19.yaml', 0.97, 0.94, 0.9],
    ['dev-questions-20.yaml', 0.98, 0.97, 0.85],
    ['dev-questions-21.yaml', 0.98, 0.97, 0.75],
    ['dev-questions-22.yaml', 0.95, 0.97, 0.8],
    ['dev-questions-23.yaml', 0.97, 0.97, 0.8],
    ['dev-questions-24.yaml', 0.97, 0.94, 0.8],
    ['dev-questions-25.yaml', 0.97, 0.94, 0.65],
  ])(
    '%s: quotes nothing that is not verbatim and stays at or above the rate floors',
    async (file, ANSWERABLE_RATE_FLOOR, OFFTOPIC_DECLINED_RATE_FLOOR, UNANSWERABLE_DECLINED_RATE_FLOOR) => {
      const questions = await loadDevQuestions(path.join(ROOT, 'eval', file));
      const report = evaluate(snapshot.index, questions);
      const misses = report.misses.map((m) => `[${m.question.kind}] ${m.question.q}: ${m.why}`).join('\n');

      expect(report.nonVerbatimQuotes).toBe(0);
      expect(report.byKind.answerable.total).toBeGreaterThan(0);
      expect(report.byKind.offtopic.total).toBeGreaterThan(0);
      expect(report.byKind.answerable.rate, misses).toBeGreaterThanOrEqual(ANSWERABLE_RATE_FLOOR);
      expect(report.byKind.offtopic.rate, misses).toBeGreaterThanOrEqual(OFFTOPIC_DECLINED_RATE_FLOOR);
      expect(report.byKind.unanswerable.rate, misses).toBeGreaterThanOrEqual(UNANSWERABLE_DECLINED_RATE_FLOOR);
    },
  );

  // The sets written after 1-25, a round at a time; no model learns from them. Floors a few questions under
  // each round's count at stop 21 (39-50's answerable: stop 22, after its aliases; 51-53, 54-56 and 57-59: their
  // first runs, stop 23; 60-62 and 63-65: theirs, stop 24; 66-68: after stop 25's aliases; 69-71 and 72-74:
  // stop 26, 72-74 their first runs; 75-77: their first runs, stop 27; 78-80: theirs, stop 28; each set's header
  // has its first run): a change that loses more shows here.
  const ROUNDS = [
    [26, 27, { answerable: 168, offtopic: 64, unanswerable: 32 }],
    [28, 29, { answerable: 172, offtopic: 68, unanswerable: 37 }],
    [30, 38, { answerable: 781, offtopic: 310, unanswerable: 161 }],
    [39, 41, { answerable: 249, offtopic: 101, unanswerable: 49 }],
    [42, 44, { answerable: 244, offtopic: 101, unanswerable: 52 }],
    [45, 47, { answerable: 247, offtopic: 100, unanswerable: 46 }],
    [48, 50, { answerable: 254, offtopic: 100, unanswerable: 52 }],
    [51, 53, { answerable: 248, offtopic: 100, unanswerable: 45 }],
    [54, 56, { answerable: 252, offtopic: 99, unanswerable: 47 }],
    [57, 59, { answerable: 247, offtopic: 101, unanswerable: 51 }],
    [60, 62, { answerable: 245, offtopic: 99, unanswerable: 44 }],
    [63, 65, { answerable: 248, offtopic: 101, unanswerable: 48 }],
    [66, 68, { answerable: 233, offtopic: 103, unanswerable: 48 }],
    [69, 71, { answerable: 244, offtopic: 101, unanswerable: 50 }],
    [72, 74, { answerable: 252, offtopic: 102, unanswerable: 47 }],
    [75, 77, { answerable: 246, offtopic: 96, unanswerable: 46 }],
    [78, 80, { answerable: 252, offtopic: 100, unanswerable: 44 }],
  ] as const;

  it('holds every set written after 1-25 to a round’s floor', () => {
    const numbered = readdirSync(path.join(ROOT, 'eval'))
      .map((f) => /^dev-questions-(\d+)\.yaml$/.exec(f)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .filter((n) => n > 25);
    for (const n of numbered)
      expect(
        ROUNDS.some(([first, last]) => n >= first && n <= last),
        `set ${n}`,
      ).toBe(true);
  });

  it.each(ROUNDS)(
    'sets %i-%i: every evidence excerpt verbatim, no quote that is not, and at or above their floors',
    async (first, last, floors) => {
      const files = homeSets(ROOT, setRange(first, last));
      const questions = (await Promise.all(files.map((f) => loadDevQuestions(f)))).flat();
      const report = evaluate(snapshot.index, questions);
      const misses = report.misses.map((m) => `[${m.question.kind}] ${m.question.q}: ${m.why}`).join('\n');
      expect(report.missingEvidence).toEqual([]);
      expect(report.nonVerbatimQuotes).toBe(0);
      expect(report.byKind.answerable.correct, misses).toBeGreaterThanOrEqual(floors.answerable);
      expect(report.byKind.offtopic.correct, misses).toBeGreaterThanOrEqual(floors.offtopic);
      expect(report.byKind.unanswerable.correct, misses).toBeGreaterThanOrEqual(floors.unanswerable);
    },
  );
});
