// Answering from the story's own sentences: the likeliest sentence by the passage model, the model's
// evidence for the reply's `why`, and a short answer taken from the sentence when the question asks for a
// name, a number or a date it holds.
import type { AnalyzedQuestion, AnswerIndex, Passage } from './answerIndex.js';
import { askedTypes } from './answerTypes.js';
import { PASSAGE_FEATURES, passageFeatures, questionEvidence } from './passageFeatures.js';
import { passageModel, passageProbability } from './passageModel.js';
import { rankStoryPassages } from './passageRanking.js';

/** Candidate sentences the model weighs: the retrieval's best few. */
export const PASSAGE_CANDIDATES = 10;

export interface PassageChoice {
  readonly passage: Passage;
  /** The model's probability that the sentence answers the question. */
  readonly probability: number;
  /** At or above this probability the bot answers with it. */
  readonly threshold: number;
  readonly features: Readonly<Record<string, number>>;
}

/**
 * The sentence likeliest to answer, with the model's probability; null when no sentence shares a word with the
 * question. `minimumThreshold` raises the model's threshold (where curated Q&A answers most questions).
 */
export function likeliestPassage(index: AnswerIndex, q: AnalyzedQuestion, minimumThreshold = 0): PassageChoice | null {
  const candidates = rankStoryPassages(index, q, PASSAGE_CANDIDATES);
  if (candidates.length === 0) return null;
  const rows = passageFeatures(index, q, questionEvidence(index, q), candidates);
  let best = 0;
  let probability = -1;
  rows.forEach((row, i) => {
    const p = passageProbability(row);
    if (p > probability) [best, probability] = [i, p];
  });
  const row = rows[best]!;
  return {
    passage: index.passages[candidates[best]!.id]!,
    probability,
    threshold: Math.max(passageModel().threshold, minimumThreshold),
    features: Object.fromEntries(PASSAGE_FEATURES.map((name, i) => [name, Math.round(row[i]! * 1000) / 1000])),
  };
}

const NUMBER_SPAN = /(?:[$£€]\s?)?\d[\d,.]*(?:\s?(?:%|bn|m|p|pence|million|billion|percent|cents?))?/g;
const DATE_SPAN =
  /\b(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2})?(?:,?\s+\d{4})?\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:1[89]|20)\d\d\b|\b\d{3,4}\s?GMT\b/g;
const NAME_SPAN = /(?<=[\p{L}\p{N},;:'’"“”)]\s+)\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:of|de|den|van|von|&)\s+)?\p{Lu}[\p{L}'’.-]*)*/gu;

/**
 * A short answer from the sentence: the one number, date or name it holds of the kind asked for, that the
 * question itself doesn't say. Null when there is none, or more than one to choose from.
 */
export function shortAnswer(q: AnalyzedQuestion, passage: Passage): string | null {
  const asked = askedTypes(q.words);
  const said = new Set(q.words);
  const fresh = (span: string) =>
    !span
      .toLowerCase()
      .split(/\s+/)
      .every((w) => said.has(w.replace(/[^\p{L}\p{N}]/gu, '')));
  const only = (spans: string[]) => {
    const distinct = [...new Set(spans.map((s) => s.trim()))].filter(fresh);
    return distinct.length === 1 ? distinct[0]! : null;
  };
  if (asked.has('money') || asked.has('number')) return only(passage.text.match(NUMBER_SPAN) ?? []);
  if (asked.has('date')) return only(passage.text.match(DATE_SPAN) ?? []);
  if (asked.has('person')) return only(passage.text.match(NAME_SPAN) ?? []);
  return null;
}
