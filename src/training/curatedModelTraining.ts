// Fits the curated decision model (act on the candidate entry, or not) and picks its threshold by set-grouped
// cross-validation: each fold's sets are predicted by a model trained on the other sets.
import { predictLogistic, type LogisticModel } from '../engine/logisticModel.js';
import type { CuratedExample } from './curatedExamples.js';
import { fitLogistic } from './logisticRegression.js';
import { L2_PENALTY } from './passageModelTraining.js';
import { CURATED_FEATURES } from '../engine/curatedFeatures.js';

export function trainCuratedModel(examples: readonly CuratedExample[]): LogisticModel {
  const usable = examples.filter((e) => e.features !== null);
  return fitLogistic(
    usable.map((e) => e.features!),
    usable.map((e) => (e.right ? 1 : 0)),
    L2_PENALTY,
  );
}

export interface CuratedPrediction {
  readonly example: CuratedExample;
  readonly probability: number;
}

export const predictCurated = (model: LogisticModel, example: CuratedExample): CuratedPrediction => ({
  example,
  probability: example.features ? predictLogistic(model, example.features) : 0,
});

/** Out-of-fold predictions: the sets split into `folds` groups, each predicted by a model trained on the others. */
export function crossValidate(examples: readonly CuratedExample[], folds = 5): CuratedPrediction[] {
  const files = [...new Set(examples.map((e) => e.file))];
  const foldOf = new Map(files.map((file, i) => [file, i % folds]));
  return Array.from({ length: folds }, (_, fold) => {
    const model = trainCuratedModel(examples.filter((e) => foldOf.get(e.file) !== fold));
    return examples.filter((e) => foldOf.get(e.file) === fold).map((e) => predictCurated(model, e));
  }).flat();
}

export interface CuratedRates {
  /** Answerable questions answered right by acting on the candidate. */
  readonly answerable: number;
  /** Off-topic and unanswerable questions not answered (declined, or declined in a not-in-story entry's words). */
  readonly offtopic: number;
  readonly unanswerable: number;
}

/** Rates when acting at `threshold` (not acting counts as declining: what the story's own sentences add is left out). */
export function curatedRatesAt(predictions: readonly CuratedPrediction[], threshold: number): CuratedRates {
  const share = (kind: string, ok: (p: CuratedPrediction, acts: boolean) => boolean) => {
    const list = predictions.filter((p) => p.example.question.kind === kind);
    return list.length === 0 ? 1 : list.filter((p) => ok(p, p.probability >= threshold)).length / list.length;
  };
  // Off the story, acting is right only on a not-in-story entry (a decline); a fact there is a wrong answer.
  const declines = (p: CuratedPrediction, acts: boolean) => !acts || p.example.right;
  return {
    answerable: share('answerable', (p, acts) => acts && p.example.right),
    offtopic: share('offtopic', declines),
    unanswerable: share('unanswerable', declines),
  };
}

/** The rates of the curated rules alone: acting exactly where they find a winner. */
export function ruleRates(examples: readonly CuratedExample[]): CuratedRates {
  const rulesAct = CURATED_FEATURES.indexOf('rulesAct');
  return curatedRatesAt(
    examples.map((example) => ({ example, probability: example.features?.[rulesAct] ?? 0 })),
    0.5,
  );
}

/** Questions right when acting at `threshold`, each question counted once (not acting counts as declining). */
export function curatedRightAt(predictions: readonly CuratedPrediction[], threshold: number): number {
  return predictions.filter((p) => {
    const acts = p.probability >= threshold;
    return p.example.question.kind === 'answerable' ? acts && p.example.right : !acts || p.example.right;
  }).length;
}

/**
 * The threshold with the most questions right on out-of-fold predictions, among those that answer at least as many
 * answerable questions as `floor` (the rules' rate): the model must not answer less than they did. Each question
 * counts once: a sum of the three rates weighs an unanswerable question (the fewest) four times an answerable one,
 * and the threshold it picked sat wherever the answerable rate met the floor, moving with any change in the
 * passage model (measured: 0.45 to 0.57) and with it the answers of stories with few curated entries.
 * Where a run of thresholds ties for the most, the middle of the run: the edges of a plateau are where a small
 * change in the knowledge flips a question.
 */
export function bestCuratedThreshold(predictions: readonly CuratedPrediction[], floor = 0): number {
  const candidates: Array<{ t: number; right: number }> = [];
  for (let step = 5; step < 96; step++) {
    const t = step / 100;
    if (curatedRatesAt(predictions, t).answerable >= floor) candidates.push({ t, right: curatedRightAt(predictions, t) });
  }
  if (candidates.length === 0) return 0.5;
  const most = Math.max(...candidates.map((c) => c.right));
  const first = candidates.findIndex((c) => c.right === most);
  let last = first;
  while (last + 1 < candidates.length && candidates[last + 1]!.right === most) last++;
  return candidates[Math.floor((first + last) / 2)]!.t;
}
