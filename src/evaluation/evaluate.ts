// Runs the dev question set through the engine and measures it against the targets.
import { answerQuestion, type AnswerResult } from '../engine/answerQuestion.js';
import type { AnswerIndex } from '../engine/answerIndex.js';
import { locateQuote } from '../knowledge/article.js';
import type { DevQuestion, QuestionKind } from './devQuestions.js';

export const TARGETS = { answerable: 0.95, offtopic: 0.95 } as const;

export interface Miss {
  readonly question: DevQuestion;
  readonly result: AnswerResult;
  readonly why: string;
}

export interface KindReport {
  readonly total: number;
  readonly correct: number;
  readonly rate: number;
}

export interface EvaluationReport {
  readonly byKind: Readonly<Record<QuestionKind, KindReport>>;
  readonly byStyle: Readonly<Record<string, KindReport>>;
  readonly misses: readonly Miss[];
  /** Quotes shown that are not a span of the story: must be 0. */
  readonly nonVerbatimQuotes: number;
  readonly passed: boolean;
}

/** Whether the result is right for the question, and if not, why. */
export function judge(question: DevQuestion, result: AnswerResult): string | null {
  switch (question.kind) {
    case 'answerable': {
      if (!result.answered) return result.band === 'suggest' ? 'offered suggestions instead of answering' : 'declined';
      const place = result.part === 'paragraph' ? result.paragraph : result.part;
      return question.expect?.some((e) => e === place) ? null : `answered from ${String(place)}, expected ${question.expect?.join('/')}`;
    }
    case 'chat':
      return result.source === 'chat' ? null : 'no chat reply';
    case 'unanswerable':
    case 'offtopic':
      return result.answered ? `answered (paragraph ${String(result.paragraph ?? result.part)}) instead of declining` : null;
  }
}

function rate(correct: number, total: number): KindReport {
  return { total, correct, rate: total === 0 ? 1 : correct / total };
}

export function evaluate(index: AnswerIndex, questions: readonly DevQuestion[]): EvaluationReport {
  const misses: Miss[] = [];
  const tally = new Map<string, { total: number; correct: number }>();
  const count = (key: string, ok: boolean) => {
    const t = tally.get(key) ?? { total: 0, correct: 0 };
    t.total++;
    if (ok) t.correct++;
    tally.set(key, t);
  };
  let nonVerbatimQuotes = 0;
  for (const question of questions) {
    const result = answerQuestion(index, question.q);
    if (result.quote !== null && !locateQuote(index.knowledge.story, result.quote)) nonVerbatimQuotes++;
    const why = judge(question, result);
    count(`kind:${question.kind}`, why === null);
    if (question.kind === 'answerable') count(`style:${question.style}`, why === null);
    if (why !== null) misses.push({ question, result, why });
  }
  const of = (key: string) => {
    const t = tally.get(key) ?? { total: 0, correct: 0 };
    return rate(t.correct, t.total);
  };
  const byKind = {
    answerable: of('kind:answerable'),
    unanswerable: of('kind:unanswerable'),
    offtopic: of('kind:offtopic'),
    chat: of('kind:chat'),
  };
  const byStyle = Object.fromEntries(['plain', 'paraphrase', 'typo', 'slang'].map((s) => [s, of(`style:${s}`)]));
  const passed = byKind.answerable.rate >= TARGETS.answerable && byKind.offtopic.rate >= TARGETS.offtopic && nonVerbatimQuotes === 0;
  return { byKind, byStyle, misses, nonVerbatimQuotes, passed };
}
