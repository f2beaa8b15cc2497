// Runs the dev question set through the engine and measures it against the targets.
import { answerQuestion, type AnswerResult } from '../engine/answerQuestion.js';
import type { AnswerIndex } from '../engine/answerIndex.js';
import { splitSentences } from '../language/sentences.js';
import { locateQuote, locateQuotes, partText } from '../knowledge/article.js';
import type { Quote, Story } from '../knowledge/types.js';
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
  /** Evidence excerpts of the set that are not in the story (judged by paragraph instead): a set to fix. */
  readonly missingEvidence: readonly string[];
  readonly passed: boolean;
}

/** The sentences a quote stands in, from the start of the first to the end of the last, in its part of the story. */
function sentenceSpan(story: Story, quote: Quote): { start: number; end: number } {
  const text = partText(story, quote.part, quote.paragraph) ?? '';
  if (quote.part !== 'paragraph') return { start: 0, end: text.length };
  const sentences = splitSentences(text).filter((s) => s.end > quote.start && s.start < quote.end);
  return { start: sentences[0]?.start ?? quote.start, end: sentences.at(-1)?.end ?? quote.end };
}

/**
 * Where the question's evidence excerpts are in the story: every place each appears that the set expects the answer
 * in ("Middle East", expected in the subtitle, is in a paragraph first), or every place when none is expected.
 */
export function evidencePlaces(story: Story, question: Pick<DevQuestion, 'evidence' | 'expect'>): Quote[] {
  const places = (question.evidence ?? []).flatMap((e) => locateQuotes(story, e));
  const expected = places.filter((p) => question.expect?.some((e) => e === (p.part === 'paragraph' ? p.paragraph : p.part)));
  return expected.length > 0 ? expected : places;
}

/** Whether the answer's sentences hold one of the excerpts; null when no excerpt is in the story. */
function quotesEvidence(story: Story, question: DevQuestion, result: AnswerResult): boolean | null {
  const places = evidencePlaces(story, question);
  if (places.length === 0) return null;
  const quoted = result.quote !== null ? locateQuote(story, result.quote) : null;
  if (!quoted) return false;
  const span = sentenceSpan(story, quoted);
  return places.some((p) => p.part === quoted.part && p.paragraph === quoted.paragraph && p.start < span.end && p.end > span.start);
}

/** Whether the result is right for the question, and if not, why. With evidence, the quote's sentence must hold it. */
export function judge(question: DevQuestion, result: AnswerResult, story?: Story): string | null {
  switch (question.kind) {
    case 'answerable': {
      if (!result.answered) return result.band === 'suggest' ? 'offered suggestions instead of answering' : 'declined';
      const place = result.part === 'paragraph' ? result.paragraph : result.part;
      const where = `${String(place)}, expected ${question.expect?.join('/')}`;
      const held = story && question.evidence ? quotesEvidence(story, question, result) : null;
      if (held !== null) return held ? null : `quoted a sentence without the answer (${where})`;
      return question.expect?.some((e) => e === place) ? null : `answered from ${where}`;
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
  const story = index.knowledge.story;
  const missingEvidence = questions.flatMap((q) => (q.evidence ?? []).filter((e) => !locateQuote(story, e)));
  for (const question of questions) {
    const result = answerQuestion(index, question.q);
    if (result.quote !== null && !locateQuote(story, result.quote)) nonVerbatimQuotes++;
    const why = judge(question, result, story);
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
  return { byKind, byStyle, misses, nonVerbatimQuotes, missingEvidence, passed };
}
