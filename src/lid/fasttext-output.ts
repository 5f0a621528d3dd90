/**
 * fastText's output layer over the hidden vector: hierarchical softmax (the Huffman tree of the
 * label counts, branches below `log(1e-5)` cut), softmax, and the sigmoid of one-vs-all and
 * negative sampling, in float32 where fastText computes in float32.
 */
import { ModelFormatError, type Matrix } from './fasttext-matrix.ts';

/** `log(x + 1e-5)` in float32: fastText's `std_log`. */
const stdLog = (x: number): number => Math.fround(Math.log(Math.fround(x) + 1e-5));
const LOG_FLOOR = stdLog(0);

/** fastText's loss function codes. */
const LOSS = { hs: 1, ns: 2, softmax: 3, ova: 4 } as const;

/** The Huffman tree fastText builds over label counts (`HierarchicalSoftmaxLoss::buildTree`). */
function huffman(counts: readonly number[]): { left: Int32Array; right: Int32Array } {
  const osz = counts.length;
  const n = 2 * osz - 1;
  const count = new Float64Array(n).fill(1e15);
  const left = new Int32Array(n).fill(-1);
  const right = new Int32Array(n).fill(-1);
  for (let i = 0; i < osz; i++) count[i] = counts[i]!;
  let leaf = osz - 1;
  let node = osz;
  for (let i = osz; i < n; i++) {
    const mini = [0, 0];
    for (let j = 0; j < 2; j++)
      mini[j] = leaf >= 0 && count[leaf]! < count[node]! ? leaf-- : node++;
    left[i] = mini[0]!;
    right[i] = mini[1]!;
    count[i] = count[mini[0]!]! + count[mini[1]!]!;
  }
  return { left, right };
}

/** fastText's sigmoid lookup table (one-vs-all and negative-sampling outputs use it). */
function tableSigmoid(): (x: number) => number {
  const size = 512;
  const max = 8;
  const t = new Float32Array(size + 1);
  for (let i = 0; i <= size; i++) {
    const x = (i * 2 * max) / size - max;
    t[i] = 1 / (1 + Math.exp(-x));
  }
  return (x) => (x < -max ? 0 : x > max ? 1 : t[Math.trunc(((x + max) * size) / max / 2)]!);
}

/** The output layer: fills `out` with label probabilities, returns the best label (fastText order). */
export function outputScorer(
  loss: number,
  output: Matrix,
  counts: readonly number[],
  source: string,
): (hidden: Float32Array, out: Float32Array) => number {
  const osz = counts.length;
  if (loss === LOSS.hs) {
    const { left, right } = huffman(counts);
    return (hidden, out) => {
      let best = -1;
      let bestScore = -Infinity;
      const dfs = (node: number, score: number): void => {
        if (score < LOG_FLOOR) return;
        if (left[node] === -1 && right[node] === -1) {
          out[node] = Math.fround(Math.exp(score));
          if (score > bestScore) {
            bestScore = score;
            best = node;
          }
          return;
        }
        const f = Math.fround(1 / (1 + Math.exp(-output.dotRow(hidden, node - osz))));
        dfs(left[node]!, Math.fround(score + stdLog(1 - f)));
        dfs(right[node]!, Math.fround(score + stdLog(f)));
      };
      dfs(2 * osz - 2, 0);
      return best;
    };
  }
  if (loss === LOSS.softmax || loss === LOSS.ns || loss === LOSS.ova) {
    const sigmoid = tableSigmoid();
    const z = new Float32Array(osz);
    return (hidden, out) => {
      for (let i = 0; i < osz; i++) z[i] = output.dotRow(hidden, i);
      if (loss === LOSS.softmax) {
        let max = z[0]!;
        for (let i = 0; i < osz; i++) max = Math.max(z[i]!, max);
        let sum = 0;
        for (let i = 0; i < osz; i++) {
          z[i] = Math.exp(z[i]! - max);
          sum = Math.fround(sum + z[i]!);
        }
        for (let i = 0; i < osz; i++) z[i] = z[i]! / sum;
      } else for (let i = 0; i < osz; i++) z[i] = sigmoid(z[i]!);
      let best = -1;
      let bestScore = -Infinity;
      for (let i = 0; i < osz; i++) {
        const s = stdLog(z[i]!);
        out[i] = Math.fround(Math.exp(s));
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      }
      return best;
    };
  }
  throw new ModelFormatError(`${source}: unknown fastText loss ${loss}`);
}
