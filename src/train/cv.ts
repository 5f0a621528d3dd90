/**
 * Choosing the L2 strength by k-fold cross-validation on log-loss, and the cross-fitted
 * (out-of-fold) predictions that every training metric is computed from: each document is scored
 * by the fold model that did not see it.
 *
 * Folds are stratified by class and drawn from a seeded shuffle, so the same labels and seed give
 * the same folds everywhere. Each fold walks the λ grid from strong to weak, warm-starting every
 * fit from the previous one.
 */
import { mulberry32 } from '../audit/random.ts';
import { fitLogistic, predict, type Fit } from './logistic.ts';
import type { DesignMatrix } from './matrix.ts';

/** λ candidates on the mean log-loss, strong → weak (the walk order of the warm starts). */
export const DEFAULT_LAMBDAS: readonly number[] = [1e-3, 3e-4, 1e-4, 3e-5];

/** Fold of each row (0..k−1): a seeded shuffle within each class, dealt round-robin. */
export function assignFolds(y: Uint8Array, k: number, seed: number): Uint8Array {
  const folds = new Uint8Array(y.length);
  const random = mulberry32(seed);
  let dealt = 0;
  for (const cls of [1, 0]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    // Continue the deal where the other class stopped, so fold sizes differ by at most one.
    for (const i of idx) folds[i] = dealt++ % k;
  }
  return folds;
}

/** Mean log-loss of probabilities p against y (p clipped to [1e-15, 1 − 1e-15]). */
export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]!));
    s -= y[i]! ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}

export interface CrossValidation {
  lambdas: number[];
  /** Mean out-of-fold log-loss per λ (pooled over all rows). */
  cvLogLoss: number[];
  /** The λ with the lowest cross-validated log-loss (the stronger one on a tie). */
  lambda: number;
  /** Out-of-fold p_bad per row at the chosen λ. */
  oof: Float64Array;
  folds: Uint8Array;
}

export interface CvOptions {
  folds: number;
  seed: number;
  lambdas?: readonly number[];
  tolerance?: number;
  maxIterations?: number;
}

/** k-fold CV over the λ grid; the cross-fitted predictions at the chosen λ. */
export function crossValidate(X: DesignMatrix, y: Uint8Array, options: CvOptions): CrossValidation {
  const { folds: k, seed, lambdas = DEFAULT_LAMBDAS } = options;
  const folds = assignFolds(y, k, seed);
  const oofByLambda = lambdas.map(() => new Float64Array(y.length));
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < y.length; i++) (folds[i] === f ? test : train).push(i);
    const trainRows = Uint32Array.from(train);
    const testRows = Uint32Array.from(test);
    let prev: Fit | undefined;
    lambdas.forEach((lambda, li) => {
      prev = fitLogistic(X, trainRows, y, { lambda, ...fitLimits(options) }, prev);
      const p = predict(X, testRows, prev);
      testRows.forEach((row, r) => (oofByLambda[li]![row] = p[r]!));
    });
  }
  const cvLogLoss = oofByLambda.map((p) => logLoss(p, y));
  let best = 0;
  cvLogLoss.forEach((l, i) => {
    if (l < cvLogLoss[best]!) best = i;
  });
  return { lambdas: [...lambdas], cvLogLoss, lambda: lambdas[best]!, oof: oofByLambda[best]!, folds };
}

const fitLimits = (o: { tolerance?: number | undefined; maxIterations?: number | undefined }) => ({
  ...(o.tolerance !== undefined && { tolerance: o.tolerance }),
  ...(o.maxIterations !== undefined && { maxIterations: o.maxIterations }),
});

/** The final model on every row at λ, walking the grid down to it with warm starts as the folds did. */
export function fitFinal(X: DesignMatrix, y: Uint8Array, lambdas: readonly number[], lambda: number, options: CvOptions): Fit {
  const all = new Uint32Array(y.length).map((_, i) => i);
  let fit: Fit | undefined;
  for (const l of lambdas) {
    fit = fitLogistic(X, all, y, { lambda: l, ...fitLimits(options) }, fit);
    if (l === lambda) break;
  }
  return fit!;
}
