/**
 * Seeded synthetic labeled documents for training tests: bad documents draw their words mostly
 * from a "spam" list, good ones from a "prose" list, with a shared list in between, so the classes
 * overlap and a model's FDR at a threshold is a real, non-trivial quantity.
 */
import { mulberry32 } from '../../src/audit/random.ts';
import type { TrainingLabel } from '../../src/train/labels.ts';

const SPAM = 'buy click free offer cheap deal winner subscribe login cart price sale bonus'.split(
  ' ',
);
const PROSE = 'river garden morning council library village harbour weather history author'.split(
  ' ',
);
const SHARED = 'the a of and to in is it for on with as at by this that from'.split(' ');

/** n documents with P(bad) = prevalence; `signal` is the share of class-specific words (0..1). */
export function syntheticLabels(
  n: number,
  seed: number,
  prevalence = 0.4,
  signal = 0.25,
  words = 30,
): TrainingLabel[] {
  const random = mulberry32(seed);
  const pick = (xs: readonly string[]) => xs[Math.floor(random() * xs.length)]!;
  const out: TrainingLabel[] = [];
  for (let i = 0; i < n; i++) {
    const bad = random() < prevalence ? 1 : 0;
    // Each document has its own strength of signal, so some bad documents look good and vice versa.
    const s = signal * 2 * random();
    const text: string[] = [];
    for (let k = 0; k < words; k++) {
      const r = random();
      text.push(
        r < s ? pick(bad ? SPAM : PROSE) : r < s * 1.4 ? pick(bad ? PROSE : SPAM) : pick(SHARED),
      );
    }
    out.push({ text: `${text.join(' ')} ${i}`, bad, line: i + 1 });
  }
  return out;
}
