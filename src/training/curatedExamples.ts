// Labelled examples for the curated decision model: for each dev question of a story with curated Q&A, the
// candidate entry the decision weighs, its features, and whether acting on it is right (answering with a fact
// that quotes an expected place, or declining in a not-in-story entry's words a question that is not answerable).
import path from 'node:path';
import { curatedEvidence, rankForAnswer } from '../engine/answerQuestion.js';
import { THRESHOLDS } from '../engine/tuning.js';
import { likeliestPassage } from '../engine/passageAnswer.js';
import type { AnswerIndex } from '../engine/answerIndex.js';
import { loadDevSet, type DevQuestion } from '../evaluation/devQuestions.js';
import { withOffStoryWords, type OffStoryWords } from '../engine/offStoryWords.js';

export interface CuratedExample {
  readonly file: string;
  readonly question: DevQuestion;
  /** Null when no entry shares a word with the question: there is nothing to act on. */
  readonly features: readonly number[] | null;
  readonly right: boolean;
}

/** `offStoryFor` gives the off-story words to read a set's questions with (training: a table learnt without it). */
export async function curatedExamples(
  index: AnswerIndex,
  files: readonly string[],
  offStoryFor?: (file: string) => OffStoryWords,
): Promise<CuratedExample[]> {
  const examples: CuratedExample[] = [];
  for (const file of files) {
    const { questions } = await loadDevSet(file);
    examples.push(...withOffStoryWords(offStoryFor?.(file), () => setExamples(index, file, questions)));
  }
  return examples;
}

/** One set's examples, its questions read with the off-story words in use (see withOffStoryWords). */
function setExamples(index: AnswerIndex, file: string, questions: readonly DevQuestion[]): CuratedExample[] {
  const examples: CuratedExample[] = [];
  for (const question of questions) {
    if (question.kind === 'chat') continue;
    const q = index.analyzeQuestion(question.q);
    const entries = rankForAnswer(index, q);
    const evidence = curatedEvidence(index, q, entries, likeliestPassage(index, q, THRESHOLDS.passageWithCurated));
    if (!evidence) {
      examples.push({ file: path.basename(file), question, features: null, right: false });
      continue;
    }
    const entry = index.facts[evidence.candidate.id]!.entry;
    const place = entry.quote ? (entry.quote.part === 'paragraph' ? entry.quote.paragraph : entry.quote.part) : null;
    const right =
      entry.kind === 'not-in-story'
        ? question.kind !== 'answerable'
        : question.kind === 'answerable' && (question.expect ?? []).some((e) => e === place);
    examples.push({ file: path.basename(file), question, features: evidence.features, right });
  }
  return examples;
}
