// Answering from the story's own sentences: the likeliest sentence by the passage model, the model's
// evidence for the reply's `why`, and a short answer taken from the sentence when the question asks for a
// name, a number or a date it holds.
import type { AnalyzedQuestion, AnswerIndex, Passage } from './answerIndex.js';
import { answerSpans, askedTypes, isYesNoQuestion } from './answerTypes.js';
import { stem } from '../language/stem.js';
import { PASSAGE_FEATURES, passageFeatures, questionEvidence } from './passageFeatures.js';
import { probability, trainedModel } from './trainedModels.js';
import { rankStoryPassages } from './passageRanking.js';
import { namesIn, TITLES } from './speakers.js';
import { QUESTION_WORDS, STOPWORDS } from '../language/wordLists.js';
import { NEIGHBOUR_QUOTE_SHARE, PASSAGE_CANDIDATES } from './tuning.js';

/** The passage model: how likely a story sentence answers a question. */
export const passageModel = () => trainedModel('passage', PASSAGE_FEATURES);

export interface PassageChoice {
  readonly passage: Passage;
  /** The model's probability that the sentence answers the question. */
  readonly probability: number;
  /** At or above this probability the bot answers with it. */
  readonly threshold: number;
  /** A curated fact quotes the sentence: the moderators' entry speaks for it. */
  readonly quotedByCurated: boolean;
  readonly features: Readonly<Record<string, number>>;
  /** The next likeliest sentence, with its probability, when it is the likeliest's neighbour in the paragraph. */
  readonly neighbour: { readonly passage: Passage; readonly probability: number } | null;
}

/**
 * The sentence likeliest to answer, with the model's probability; null when no sentence shares a word with the
 * question. A sentence a curated fact quotes needs at least `curatedThreshold`: the moderators' entry for it
 * would have answered a question about it.
 */
export function likeliestPassage(index: AnswerIndex, q: AnalyzedQuestion, curatedThreshold = 0): PassageChoice | null {
  const candidates = rankStoryPassages(index, q, PASSAGE_CANDIDATES);
  if (candidates.length === 0) return null;
  const rows = passageFeatures(index, q, questionEvidence(index, q), candidates);
  const model = passageModel();
  const probabilities = rows.map((row) => probability(model, row));
  const [best, next] = twoLikeliest(probabilities);
  const likeliest = probabilities[best]!;
  const row = rows[best]!;
  const id = candidates[best]!.id;
  const quotedByCurated = index.curatedSentences[id] === 1;
  const nextPassage = next < 0 ? null : index.passages[candidates[next]!.id]!;
  const neighbour =
    nextPassage && Math.abs(candidates[next]!.id - id) === 1 && nextPassage.paragraph === index.passages[id]!.paragraph
      ? { passage: nextPassage, probability: probabilities[next]! }
      : null;
  return {
    passage: index.passages[id]!,
    probability: likeliest,
    threshold: quotedByCurated ? Math.max(model.threshold, curatedThreshold) : model.threshold,
    quotedByCurated,
    neighbour,
    features: Object.fromEntries(PASSAGE_FEATURES.map((name, i) => [name, Math.round(row[i]! * 1000) / 1000])),
  };
}

/** The positions of the highest and the second highest value (-1 when there is none). */
function twoLikeliest(probabilities: readonly number[]): [number, number] {
  let [best, next] = [-1, -1];
  probabilities.forEach((p, i) => {
    if (best < 0 || p > probabilities[best]!) [best, next] = [i, best];
    else if (next < 0 || p > probabilities[next]!) next = i;
  });
  return [best, next];
}

/** What an answer from the story quotes: the likeliest sentence, with its neighbour when that is nearly as likely. */
export function quotedSpan(index: AnswerIndex, choice: PassageChoice): SentenceSpan {
  const { passage, neighbour } = choice;
  if (!neighbour || neighbour.probability < NEIGHBOUR_QUOTE_SHARE * choice.probability) return passage;
  const [first, last] = neighbour.passage.start < passage.start ? [neighbour.passage, passage] : [passage, neighbour.passage];
  const paragraph = index.knowledge.story.paragraphs.find((p) => p.number === passage.paragraph)!;
  return { paragraph: passage.paragraph, start: first.start, end: last.end, text: paragraph.text.slice(first.start, last.end) };
}

/** A stretch of one paragraph an answer quotes: a sentence, or two. */
export type SentenceSpan = Pick<Passage, 'paragraph' | 'start' | 'end' | 'text'>;

/**
 * A short answer from the sentence: the one number, date or name it holds of the kind asked for, that the
 * question itself doesn't say; for "who is <a name the sentence gives>", who the sentence says they are. Null when
 * there is none, or more than one to choose from.
 */
export function shortAnswer(q: AnalyzedQuestion, passage: Passage): string | null {
  // "Who is Rosa Delgado?" asks who the sentence says she is; another name it gives is no answer.
  const about = whoSomeoneIs(q.words);
  const named = about && namesIn(passage.text).find(({ name }) => about.every((w) => nameWords(name).includes(w)));
  if (named) return named.role && named.role.charAt(0).toUpperCase() + named.role.slice(1);
  // "Did the captain think they deserved it?" is answered yes or no by the quote, not by a name.
  if (isYesNoQuestion(q.words)) return null;
  // Whose words the sentence gives answers "who said it" or who holds their role ("who is the Forest manager"), not
  // "who do they play next" ("..., Jol said").
  const kinds = askedTypes(q.words);
  const speaker = passage.speaker && !kinds.has('quote') && !asksRole(q, passage.speaker.role) ? nameWords(passage.speaker.name) : null;
  const spans = answerSpans(q.words, passage.spans).filter(
    (span) =>
      (!speaker || !nameWords(span).every((w) => speaker.includes(w))) &&
      // A "who" question's answer is no initialism describing the noun after it.
      !(kinds.has('person') && !kinds.has('place') && modifierOnly(span, passage.text)),
  );
  if (spans.length <= 1) return spans[0] ?? null;
  // Several: the one written next to the question's own words ("About 12,000 books were damaged ... 4,000 of them
  // were saved" for "how many books were damaged"), when it is clearly nearer than the others. Characters from
  // the span's start, not answerNearness's words between: measured at stop 28, the word gap chose worse short
  // answers in 116 replies to the dev sets ("$232m" for the quarter whose charge was "$618m").
  const text = passage.text.toLowerCase();
  const asked = new Set(q.terms);
  const near: number[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) if (asked.has(stem(m[0]))) near.push(m.index);
  if (near.length === 0) return null;
  const distance = (span: string) => {
    const at = passage.text.indexOf(span);
    return Math.min(...near.map((n) => Math.abs(n - at)));
  };
  const [first, second] = spans.map((span) => ({ span, distance: distance(span) })).sort((a, b) => a.distance - b.distance);
  return first!.distance * 2 <= second!.distance ? first!.span : null;
}

/** Whether the question uses a word of the role's own (not its names): "manager" of "Tottenham manager". */
function asksRole(q: AnalyzedQuestion, role: string | null): boolean {
  const asked = new Set(q.terms);
  return (role?.match(/(?<![\p{L}'’])\p{Ll}+/gu) ?? []).some((word) => asked.has(stem(word)));
}

/** "TV" of "best TV comedy actress", "UK" of "the UK download chart": an initialism only describing the noun after it. */
function modifierOnly(span: string, text: string): boolean {
  if (!/^\p{Lu}{2,3}$/u.test(span)) return false;
  const at = text.indexOf(span);
  // A function word after it ("TNO which created ...") leaves it a name.
  const next = at < 0 ? null : /^ (\p{Ll}+)/u.exec(text.slice(at + span.length));
  return next !== null && !STOPWORDS.has(next[1]!) && !QUESTION_WORDS.has(next[1]!);
}

/** A name's words, lower case, split at spaces and apostrophes ("O'Carroll" is "o", "carroll"). */
function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * "Who is Rosa Delgado?", "who even is ms delgado lol": the words naming whom the question asks about (its words
 * after "is", but for small words and titles); null for other questions, "who is the chancellor?" among them.
 */
function whoSomeoneIs(asked: readonly string[]): readonly string[] | null {
  // "ngl who even is cherkasky": a word or two of chat may come before the question.
  const words = asked.slice(Math.max(0, asked.indexOf('who')));
  if (words[0] !== 'who' || asked.indexOf('who') > 2) return null;
  const verb = words.findIndex((w, i) => i > 0 && i <= 2 && /^(is|was|are|were)$/.test(w));
  if (verb < 0 || /^(the|a|an)$/.test(words[verb + 1] ?? '')) return null;
  const named = words.slice(verb + 1).filter((w) => !STOPWORDS.has(w) && !TITLES.has(w));
  return named.length > 0 ? named : null;
}
