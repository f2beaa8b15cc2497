// Fits the passage model: a logistic regression over every candidate sentence of every training question, the
// probability that the sentence answers it. The engine answers with the likeliest sentence when that probability
// reaches the threshold, and declines otherwise. Leave-one-article-out rounds say how it does on an unseen article.
import { predictLogistic, type LogisticModel } from '../engine/logisticModel.js';
import { fitLogistic } from './logisticRegression.js';
import type { QuestionExample } from './passageExamples.js';

/** The L2 penalty: measured leave-one-article-out on the tuning articles (0.3-3 give the same rates). */
export const L2_PENALTY = 1;

export function trainPassageModel(examples: readonly QuestionExample[], l2 = L2_PENALTY): LogisticModel {
  return fitLogistic(
    examples.flatMap((e) => e.rows),
    examples.flatMap((e) => e.right.map((r) => (r ? 1 : 0))),
    l2,
  );
}

export interface Prediction {
  readonly example: QuestionExample;
  /** The model's probability for the likeliest candidate (0 when there is none). */
  readonly confidence: number;
  /** Whether the likeliest candidate answers the question. */
  readonly right: boolean;
}

export function predict(model: LogisticModel, example: QuestionExample): Prediction {
  let best = -1;
  let confidence = 0;
  example.rows.forEach((row, i) => {
    const p = predictLogistic(model, row);
    if (p > confidence) [best, confidence] = [i, p];
  });
  return { example, confidence, right: best >= 0 && (example.right[best] ?? false) };
}

/** Each article's questions predicted by a model trained on the other articles. */
export function leaveOneArticleOut(examples: readonly QuestionExample[], l2 = L2_PENALTY): Prediction[] {
  const articles = [...new Set(examples.map((e) => e.article))];
  return articles.flatMap((article) => {
    const model = trainPassageModel(
      examples.filter((e) => e.article !== article),
      l2,
    );
    return examples.filter((e) => e.article === article).map((e) => predict(model, e));
  });
}

export interface Rates {
  readonly answerable: number;
  readonly offtopic: number;
  readonly unanswerable: number;
  /** Answerable questions whose likeliest candidate answers them, whatever the threshold. */
  readonly top1: number;
}

/** Rates at a threshold: answerable answered right, off-topic and unanswerable declined. */
export function ratesAt(predictions: readonly Prediction[], threshold: number): Rates {
  const of = (kind: string) => predictions.filter((p) => p.example.question.kind === kind);
  const share = (list: readonly Prediction[], ok: (p: Prediction) => boolean) =>
    list.length === 0 ? 1 : list.filter(ok).length / list.length;
  const answerable = of('answerable');
  return {
    answerable: share(answerable, (p) => p.right && p.confidence >= threshold),
    offtopic: share(of('offtopic'), (p) => p.confidence < threshold),
    unanswerable: share(of('unanswerable'), (p) => p.confidence < threshold),
    top1: share(answerable, (p) => p.right),
  };
}

/** The lowest threshold that declines at least `target` of the off-topic questions. */
export function thresholdFor(predictions: readonly Prediction[], target: number): number {
  const confidences = [...new Set(predictions.map((p) => p.confidence))].sort((a, b) => a - b);
  for (const t of confidences) if (ratesAt(predictions, t).offtopic >= target) return t;
  return 1;
}
