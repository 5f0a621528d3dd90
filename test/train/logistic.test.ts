import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashFeatures } from '../../src/train/features.ts';
import { fitLogistic, predict, sigmoid } from '../../src/train/logistic.ts';
import { buildMatrix } from '../../src/train/matrix.ts';
import { syntheticLabels } from './_synthetic.ts';

const labels = syntheticLabels(120, 7);
const X = buildMatrix(labels.map((l) => hashFeatures(l.text, 1 << 12)));
const y = Uint8Array.from(labels, (l) => l.bad);
const rows = new Uint32Array(y.length).map((_, i) => i);

test('the fit satisfies the optimality conditions, checked by a separate dense computation', () => {
  const lambda = 1e-3;
  const fit = fitLogistic(X, rows, y, { lambda, tolerance: 1e-7, maxIterations: 2000 });
  assert.ok(fit.converged);
  // Dense gradient of (1/n) Σ log-loss + (λ/2)‖w‖², from the rows written out in full.
  const n = y.length;
  const dense = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(X.cols);
    for (let k = X.offsets[i]!; k < X.offsets[i + 1]!; k++) row[X.colIndex[k]!] = X.values[k]!;
    return row;
  });
  const g = new Float64Array(X.cols);
  let gb = 0;
  dense.forEach((row, i) => {
    let z = fit.b;
    row.forEach((x, j) => (z += x * fit.w[j]!));
    const r = (sigmoid(z) - y[i]!) / n;
    gb += r;
    row.forEach((x, j) => (g[j]! += r * x));
  });
  let worst = Math.abs(gb);
  g.forEach((gj, j) => (worst = Math.max(worst, Math.abs(gj + lambda * fit.w[j]!))));
  assert.ok(worst < 1e-6, `largest gradient entry ${worst}`);
});

test('stronger regularisation shrinks the weights; warm starts reach the same optimum', () => {
  const strong = fitLogistic(X, rows, y, { lambda: 1e-1, tolerance: 1e-8, maxIterations: 2000 });
  const weak = fitLogistic(X, rows, y, { lambda: 1e-3, tolerance: 1e-8, maxIterations: 2000 });
  const norm = (w: Float64Array) => Math.sqrt(w.reduce((s, x) => s + x * x, 0));
  assert.ok(norm(strong.w) < norm(weak.w));
  const warm = fitLogistic(
    X,
    rows,
    y,
    { lambda: 1e-3, tolerance: 1e-8, maxIterations: 2000 },
    strong,
  );
  assert.ok(Math.abs(warm.objective - weak.objective) < 1e-9);
  const p = predict(X, rows, weak);
  assert.ok(p.every((q) => q > 0 && q < 1));
});

test('the same data gives the same weights bit for bit', () => {
  const a = fitLogistic(X, rows, y, { lambda: 1e-3 });
  const b = fitLogistic(X, rows, y, { lambda: 1e-3 });
  assert.equal(Buffer.from(a.w.buffer), Buffer.from(b.w.buffer));
  assert.is(a.b, b.b);
});

test.run();
