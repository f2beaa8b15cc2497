// Logistic regression, fitted by Newton's method (iteratively reweighted least squares) with an L2 penalty:
// a few features, a few thousand rows, the same weights on every run (no randomness, a fixed number of steps).
import { sigmoid, type LogisticModel } from '../engine/logisticModel.js';

const STEPS = 30;

export function fitLogistic(rows: ReadonlyArray<readonly number[]>, labels: readonly number[], l2 = 1): LogisticModel {
  const features = rows[0]?.length ?? 0;
  const mean = new Array<number>(features).fill(0);
  const scale = new Array<number>(features).fill(0);
  for (const row of rows) row.forEach((v, j) => (mean[j]! += v / rows.length));
  for (const row of rows) row.forEach((v, j) => (scale[j]! += (v - mean[j]!) ** 2 / rows.length));
  for (let j = 0; j < features; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const xs = rows.map((row) => [1, ...row.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  const d = features + 1;
  let w = new Array<number>(d).fill(0);
  for (let step = 0; step < STEPS; step++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, i) => {
      const p = sigmoid(dot(w, x));
      const r = p * (1 - p);
      for (let j = 0; j < d; j++) {
        gradient[j]! += (p - labels[i]!) * x[j]!;
        for (let k = 0; k < d; k++) hessian[j]![k]! += r * x[j]! * x[k]!;
      }
    });
    for (let j = 1; j < d; j++) {
      gradient[j]! += l2 * w[j]!;
      hessian[j]![j]! += l2;
    }
    hessian[0]![0]! += 1e-9;
    const delta = solve(hessian, gradient);
    w = w.map((v, j) => v - delta[j]!);
  }
  return { mean, scale, weights: w };
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Solves A x = b by Gauss-Jordan elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c || m[c]![c] === 0) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => (row[i] === 0 ? 0 : row[n]! / row[i]!));
}
