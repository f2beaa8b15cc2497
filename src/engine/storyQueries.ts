// What the commands ask of the engine besides an answer: the curated entries and story sentences nearest a text,
// the story's sentences, and how a question is read. Results are entries and sentences, never positions in the
// index, so commands don't depend on how the index is laid out.
import type { QaEntry } from '../knowledge/types.js';
import type { AnalyzedQuestion, AnswerIndex } from './answerIndex.js';
import { answerMessage, type AnswerResult } from './answerQuestion.js';
import { rankEntries, rankPassages, type Candidate } from './ranking.js';

export interface EntryMatch {
  readonly entry: QaEntry;
  readonly score: number;
  /** Share of the question's weight the entry explains, 0..1. */
  readonly coverage: number;
  /** How closely its best phrasing says what the question says, 0..1. */
  readonly phrasingMatch: number;
}

export interface StorySentence {
  readonly paragraph: number;
  readonly text: string;
}

export interface SentenceMatch extends StorySentence {
  /** Share of the text's weight the sentence matches, 0..1. */
  readonly coverage: number;
}

const entryMatch = (index: AnswerIndex, c: Candidate): EntryMatch => ({
  entry: index.facts[c.id]!.entry,
  score: c.score,
  coverage: c.coverage,
  phrasingMatch: c.phrasingMatch,
});

/** Curated entries (facts and not-in-story ones) sharing words with a text, best first (autocomplete). */
export function closestEntries(index: AnswerIndex, text: string, limit?: number): EntryMatch[] {
  return rankEntries(index, text, limit).map((c) => entryMatch(index, c));
}

/** The story's sentences sharing words with a text, best first. */
export function matchingSentences(index: AnswerIndex, text: string, limit?: number): SentenceMatch[] {
  return rankPassages(index, text, limit).map((c) => {
    const passage = index.passages[c.id]!;
    return { paragraph: passage.paragraph, text: passage.text, coverage: c.coverage };
  });
}

/** Every sentence of the story, in order. */
export function storySentences(index: AnswerIndex): StorySentence[] {
  return index.passages.map((p) => ({ paragraph: p.paragraph, text: p.text }));
}

/** How the engine reads and answers a question, for moderators (`/kb test`): the question is read once. */
export interface QuestionReading {
  readonly result: AnswerResult;
  /** The curated entries the decision weighed, best first, after its discounts. */
  readonly entries: readonly EntryMatch[];
  readonly words: AnalyzedQuestion['weighted'];
  readonly corrections: AnalyzedQuestion['corrections'];
}

export function readQuestion(index: AnswerIndex, question: string, entries = 3): QuestionReading {
  // The sentence of the message that was answered, when one was (answerMessage).
  const { result, inputs, q } = answerMessage(index, question);
  return {
    result,
    entries: inputs.entries.slice(0, entries).map((c) => entryMatch(index, c)),
    words: q.weighted,
    corrections: q.corrections,
  };
}
