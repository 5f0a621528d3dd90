import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  binomialInterval,
  clopperPearsonUpper,
  effectiveSampleSize,
  kornGraubardInterval,
  type IntervalMethod,
} from '../../src/audit/intervals.ts';
import { closeDigits } from './_close.ts';

/** Rows of a Markdown table as numbers (".05" → 0.05). */
const rows = (table: string): number[][] =>
  table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => Number(cell.trim())),
    );

// audit-methods.md §2, copied verbatim: x | n | α | CP lo | CP hi | Wilson lo | Wilson hi | Jeffreys lo | Jeffreys hi | AC lo | AC hi
const TWO_SIDED = `
| 0 | 1 | .05 | 0 | 0.975 | 0 | 0.7934506856 | 0.0003855809808 | 0.8532536837 | 0 | 0.8325005145 |
| 1 | 1 | .05 | 0.025 | 1 | 0.2065493144 | 1 | 0.1467463163 | 0.999614419 | 0.1674994855 | 1 |
| 0 | 10 | .05 | 0 | 0.3084971078 | 0 | 0.2775327999 | 4.789043316e-05 | 0.2171962675 | 0 | 0.3208873058 |
| 1 | 10 | .05 | 0.002528578544 | 0.445016117 | 0.0178762131 | 0.4041500268 | 0.01101167376 | 0.3813147711 | 0 | 0.4259677374 |
| 5 | 10 | .05 | 0.1870860284 | 0.8129139716 | 0.2365930905 | 0.7634069095 | 0.2235286703 | 0.7764713297 | 0.2365930905 | 0.7634069095 |
| 10 | 10 | .05 | 0.6915028922 | 1 | 0.7224672001 | 1 | 0.7828037325 | 0.9999521096 | 0.6791126942 | 1 |
| 3 | 50 | .10 | 0.01655185919 | 0.1478371764 | 0.02423125703 | 0.1409419465 | 0.02198930427 | 0.1344164294 | 0.02022224514 | 0.1449509584 |
| 7 | 200 | .01 | 0.01028918381 | 0.08351637308 | 0.01377255064 | 0.08608907458 | 0.01162507282 | 0.07999152119 | 0.01090273323 | 0.08895889199 |
| 0 | 1000 | .05 | 0 | 0.003682083897 | 0 | 0.003826758486 | 4.909116948e-07 | 0.002508164341 | 0 | 0.004616716146 |
| 1 | 1000 | .05 | 2.531748749e-05 | 0.00555892428 | 0.0001765463706 | 0.005642558598 | 0.0001079188047 | 0.004664458809 | 0 | 0.006241482743 |
| 20 | 1000 | .05 | 0.01225826797 | 0.03072003268 | 0.01298368292 | 0.03069000523 | 0.01265104433 | 0.03011690712 | 0.01279585148 | 0.03087783667 |
| 500 | 1000 | .05 | 0.468549173 | 0.531450827 | 0.4690696004 | 0.5309303996 | 0.4690477127 | 0.5309522873 | 0.4690696004 | 0.5309303996 |
| 997 | 1000 | .01 | 0.9890662226 | 0.9996618555 | 0.9882064833 | 0.9992418988 | 0.9898997784 | 0.9995048755 | 0.98731285 | 1 |
| 1000 | 1000 | .05 | 0.9963179161 | 1 | 0.9961732415 | 1 | 0.9974918357 | 0.9999995091 | 0.9953832839 | 1 |
`;

// audit-methods.md §2, one-sided 95 % upper bounds: x | n | CP UCB | Wilson UCB | Jeffreys UCB
const UPPER = `
| 0 | 10 | 0.2588655509 | 0.2129419701 | 0.1707731082 |
| 0 | 300 | 0.009936081944 | 0.008937872175 | 0.006376677541 |
| 2 | 100 | 0.0616192004 | 0.05864836836 | 0.05424711654 |
| 12 | 400 | 0.04815392102 | 0.04749211414 | 0.04663438285 |
| 30 | 1000 | 0.04047223728 | 0.040219551 | 0.03990237978 |
`;

const METHODS: IntervalMethod[] = ['clopper-pearson', 'wilson', 'jeffreys', 'agresti-coull'];

test('two-sided intervals reproduce the statsmodels table to its 10 significant digits', () => {
  const table = rows(TWO_SIDED);
  assert.is(table.length, 14);
  for (const [x, n, alpha, ...bounds] of table as [number, number, number, ...number[]][]) {
    METHODS.forEach((method, k) => {
      const [lo, hi] = binomialInterval(x, n, { method, alpha });
      closeDigits(lo, bounds[2 * k] as number, 10, `${method} lo, x=${x} n=${n} α=${alpha}`);
      closeDigits(hi, bounds[2 * k + 1] as number, 10, `${method} hi, x=${x} n=${n} α=${alpha}`);
    });
  }
});

test('one-sided 95 % upper bounds reproduce the gating table; the interval is [0, UCB]', () => {
  const table = rows(UPPER);
  assert.is(table.length, 5);
  for (const [x, n, cp, wilson, jeffreys] of table as [number, number, number, number, number][]) {
    closeDigits(clopperPearsonUpper(x, n), cp, 10, `CP UCB x=${x} n=${n}`);
    const expected: [IntervalMethod, number][] = [
      ['clopper-pearson', cp],
      ['wilson', wilson],
      ['jeffreys', jeffreys],
    ];
    for (const [method, ucb] of expected) {
      const [lo, hi] = binomialInterval(x, n, { method, side: 'upper' });
      assert.is(lo, 0);
      closeDigits(hi, ucb, 10, `${method} UCB x=${x} n=${n}`);
    }
  }
});

test('closed forms at the edges: CP x=0 → 1−(α/2)^{1/n}, x=n → (α/2)^{1/n}, UCB at x=0 → 1−α^{1/n} ≈ 3/n', () => {
  for (const n of [1, 7, 300, 1e5]) {
    closeDigits(
      binomialInterval(0, n, { method: 'clopper-pearson' })[1],
      1 - Math.pow(0.025, 1 / n),
      12,
    );
    closeDigits(
      binomialInterval(n, n, { method: 'clopper-pearson' })[0],
      Math.pow(0.025, 1 / n),
      12,
    );
    closeDigits(clopperPearsonUpper(0, n), 1 - Math.pow(0.05, 1 / n), 12);
  }
  assert.ok(Math.abs(clopperPearsonUpper(0, 1000) * 1000 - 3) < 0.01, 'rule of three');
});

test('one-sided lower bounds are [lower, 1] and use α, not α/2', () => {
  const [lo, hi] = binomialInterval(12, 400, { method: 'clopper-pearson', side: 'lower' });
  assert.is(hi, 1);
  // The lower 95 % bound equals the lower end of the two-sided 90 % interval.
  closeDigits(lo, binomialInterval(12, 400, { method: 'clopper-pearson', alpha: 0.1 })[0], 14);
  assert.is(binomialInterval(0, 50, { method: 'wilson', side: 'lower' })[0], 0);
});

test('edge cases: Wilson ends are exact, n = 0 gives [0, 1], Jeffreys edges on request, bad input throws', () => {
  assert.equal(binomialInterval(0, 1000), [0, binomialInterval(0, 1000)[1]]);
  assert.is(binomialInterval(1000, 1000)[1], 1);
  for (const method of METHODS) assert.equal(binomialInterval(0, 0, { method }), [0, 1]);
  const [lo, hi] = binomialInterval(0, 10, { method: 'jeffreys', jeffreysEdges: true });
  assert.is(lo, 0);
  closeDigits(hi, 0.2171962675, 10);
  assert.is(binomialInterval(10, 10, { method: 'jeffreys', jeffreysEdges: true })[1], 1);
  assert.throws(() => binomialInterval(11, 10), /`x`/);
  assert.throws(() => binomialInterval(1, -1), /`n`/);
  assert.throws(() => binomialInterval(1, 10, { alpha: 1.5 }), /`alpha`/);
  assert.throws(() => binomialInterval(1, 10, { method: 'wald' as IntervalMethod }), /`method`/);
});

test('Korn–Graubard worked example (audit-methods.md §3): n* = 1144.4848, [0.4164849615, 0.4748866984]', () => {
  const est = { estimate: 0.4455455468, variance: 0.01469176513 ** 2, n: 434 };
  closeDigits(effectiveSampleSize(est), 1144.4848, 8);
  const [lo, hi] = kornGraubardInterval(est);
  closeDigits(lo, 0.4164849615, 9);
  closeDigits(hi, 0.4748866984, 9);
  // No variance: n* falls back to n, so an all-good sample still gets an honest interval.
  const [lo0, hi0] = kornGraubardInterval({ estimate: 0, variance: 0, n: 60 });
  assert.is(lo0, 0);
  closeDigits(hi0, 1 - Math.pow(0.025, 1 / 60), 12);
});

test.run();
