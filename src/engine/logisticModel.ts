// A trained logistic regression, as the engine applies it: standardise each feature, weigh, squash to 0..1.
// Fitted by `npm run train` (src/training/); its weights are committed in data/model/.

export interface LogisticModel {
  /** Per feature: mean and standard deviation over the training rows (features are standardised). */
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  /** Bias first, then one weight per standardised feature. */
  readonly weights: readonly number[];
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The model's probability for one row of raw features. */
export function predictLogistic(model: LogisticModel, row: readonly number[]): number {
  let z = model.weights[0]!;
  for (let j = 0; j < row.length; j++) z += model.weights[j + 1]! * ((row[j]! - model.mean[j]!) / model.scale[j]!);
  return sigmoid(z);
}
