/**
 * L2-regularised logistic regression fitted by L-BFGS (Nocedal & Wright, Numerical Optimization,
 * 2nd ed., Algorithm 7.4 two-loop recursion) with a backtracking Armijo line search. Everything is
 * sequential arithmetic over typed arrays in a fixed order, so the same data and options give the
 * same weights bit for bit.
 *
 * Objective over the rows R: (1/|R|) Σ_{i∈R} [log(1 + e^{z_i}) − y_i z_i] + (λ/2)‖w‖², z_i = x_i·w + b.
 * The intercept b is not penalised. y = 1 means bad, so σ(z) is p_bad.
 */
import { addTransposed, linearScores, type DesignMatrix } from './matrix.ts';

export interface FitOptions {
  /** L2 strength λ on the mean log-loss. */
  lambda: number;
  /** Stop when the gradient's largest entry is below this (default 1e-4). */
  tolerance?: number;
  /** Iteration cap (default 200). */
  maxIterations?: number;
  /** L-BFGS memory (default 6 pairs). */
  memory?: number;
}

export interface Fit {
  w: Float64Array;
  b: number;
  /** Objective at the solution. */
  objective: number;
  iterations: number;
  converged: boolean;
}

/** log(1 + e^z) without overflow. */
export const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
/** The logistic function, 1/(1 + e^{−z}). */
export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Objective and gradient (last entry: the intercept) at θ = [w, b]; fills `grad`. */
function evaluate(X: DesignMatrix, rows: Uint32Array, y: Uint8Array, lambda: number, theta: Float64Array, grad: Float64Array, z: Float64Array): number {
  const p = X.cols;
  const w = theta.subarray(0, p);
  const b = theta[p]!;
  linearScores(X, rows, w, b, z);
  const n = rows.length;
  let loss = 0;
  let gb = 0;
  for (let r = 0; r < n; r++) {
    const zi = z[r]!;
    const yi = y[rows[r]!]!;
    loss += softplus(zi) - yi * zi;
    const c = (sigmoid(zi) - yi) / n;
    z[r] = c; // reused as the residual for the transpose product
    gb += c;
  }
  let pen = 0;
  for (let j = 0; j < p; j++) {
    const wj = w[j]!;
    pen += wj * wj;
    grad[j] = lambda * wj;
  }
  addTransposed(X, rows, z, grad);
  grad[p] = gb;
  return loss / n + 0.5 * lambda * pen;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

/**
 * Fits on the listed rows, starting from `start` (a previous fit: warm start along a λ path) or
 * from zero. Labels y[i] ∈ {0, 1} are indexed by matrix row.
 */
export function fitLogistic(X: DesignMatrix, rows: Uint32Array, y: Uint8Array, options: FitOptions, start?: Fit): Fit {
  const { lambda, tolerance = 1e-4, maxIterations = 200, memory = 6 } = options;
  const dim = X.cols + 1;
  const theta = new Float64Array(dim);
  if (start) {
    theta.set(start.w);
    theta[X.cols] = start.b;
  }
  const z = new Float64Array(rows.length);
  let grad = new Float64Array(dim);
  let f = evaluate(X, rows, y, lambda, theta, grad, z);
  // The last `memory` pairs (s, y) in a ring, allocated once: a fit over 10^6 columns would
  // otherwise allocate two such arrays per iteration.
  const S = Array.from({ length: memory }, () => new Float64Array(dim));
  const Yv = Array.from({ length: memory }, () => new Float64Array(dim));
  const rho = new Float64Array(memory);
  let stored = 0;
  let head = 0; // next slot to write
  const slot = (k: number) => (head - stored + k + memory) % memory; // k-th oldest pair
  const dir = new Float64Array(dim);
  const alphas = new Float64Array(memory);
  const next = new Float64Array(dim);
  let nextGrad = new Float64Array(dim);
  let iterations = 0;
  let converged = maxAbs(grad) < tolerance;
  while (!converged && iterations < maxIterations) {
    iterations++;
    // Two-loop recursion: dir = −H·grad.
    for (let i = 0; i < dim; i++) dir[i] = -grad[i]!;
    for (let k = stored - 1; k >= 0; k--) {
      const j = slot(k);
      const a = rho[j]! * dot(S[j]!, dir);
      alphas[k] = a;
      const yk = Yv[j]!;
      for (let i = 0; i < dim; i++) dir[i]! -= a * yk[i]!;
    }
    if (stored) {
      const j = slot(stored - 1);
      const gamma = dot(S[j]!, Yv[j]!) / dot(Yv[j]!, Yv[j]!);
      for (let i = 0; i < dim; i++) dir[i]! *= gamma;
    } else {
      const scale = 1 / Math.max(1, Math.sqrt(dot(grad, grad)));
      for (let i = 0; i < dim; i++) dir[i]! *= scale;
    }
    for (let k = 0; k < stored; k++) {
      const j = slot(k);
      const beta = rho[j]! * dot(Yv[j]!, dir);
      const sk = S[j]!;
      const a = alphas[k]!;
      for (let i = 0; i < dim; i++) dir[i]! += (a - beta) * sk[i]!;
    }
    let slope = dot(grad, dir);
    if (!(slope < 0)) {
      // Not a descent direction (curvature lost to rounding): restart from steepest descent.
      stored = 0;
      for (let i = 0; i < dim; i++) dir[i] = -grad[i]!;
      slope = -dot(grad, grad);
    }
    // Backtracking Armijo line search (c = 1e-4, halving).
    let step = 1;
    let fNext = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < dim; i++) next[i] = theta[i]! + step * dir[i]!;
      fNext = evaluate(X, rows, y, lambda, next, nextGrad, z);
      if (fNext <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext < f)) {
      converged = true; // no further decrease representable
      break;
    }
    const s = S[head]!;
    const yy = Yv[head]!;
    for (let i = 0; i < dim; i++) {
      s[i] = next[i]! - theta[i]!;
      yy[i] = nextGrad[i]! - grad[i]!;
    }
    const sy = dot(s, yy);
    if (sy > 1e-12) {
      rho[head] = 1 / sy;
      head = (head + 1) % memory;
      stored = Math.min(stored + 1, memory);
    }
    theta.set(next);
    [grad, nextGrad] = [nextGrad, grad];
    const decrease = f - fNext;
    f = fNext;
    if (maxAbs(grad) < tolerance || decrease < 1e-12 * Math.max(1, Math.abs(f))) converged = true;
  }
  return { w: theta.slice(0, X.cols), b: theta[X.cols]!, objective: f, iterations, converged };
}

/** p_bad = σ(x·w + b) for the listed rows. */
export function predict(X: DesignMatrix, rows: Uint32Array, fit: Fit): Float64Array {
  const z = new Float64Array(rows.length);
  linearScores(X, rows, fit.w, fit.b, z);
  for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]!);
  return z;
}
