/**
 * Heuristic attributes as features of the learned screen (`winnow train --attributes`): the
 * numeric attributes of a config's other filters, each sign-log transformed, x ↦ sign(x)·log1p(|x|)
 * (word counts and ratios land on comparable scales), then standardised with the training mean and
 * standard deviation, which the model header stores so scoring repeats exactly what training did.
 *
 * Only filters that read the text alone take part (no tokenizer, vocabulary, language model or
 * cluster file): the model then carries everything needed to recompute them, and its sha256 (in the
 * fingerprint of any config that uses it) covers the attribute filters and their options.
 */
import { createContext } from '../scorers/context.ts';
import type { Filter } from '../scorers/filter.ts';
import type { DocContext } from '../scorers/types.ts';
import type { AttributeSpec } from '../formats/model.ts';
import { c4BadWords } from '../scorers/c4-badwords.ts';
import { c4Quality } from '../scorers/c4-quality.ts';
import { compression } from '../scorers/compression.ts';
import { finewebQuality } from '../scorers/fineweb-quality.ts';
import { gopherQuality } from '../scorers/gopher-quality.ts';
import { gopherRepetition } from '../scorers/gopher-repetition.ts';
import { unicode } from '../scorers/unicode.ts';

/** The filters whose attributes can be features, by config name. */
export const ATTRIBUTE_FILTERS: Readonly<
  Record<string, (options: Readonly<Record<string, unknown>>) => Filter>
> = {
  gopher_quality: gopherQuality,
  gopher_repetition: gopherRepetition,
  c4_quality: c4Quality,
  c4_badwords: c4BadWords,
  fineweb_quality: finewebQuality,
  compression,
  unicode,
};

/** sign(x)·log1p(|x|); odd, monotone, 0 at 0. */
export const signLog = (x: number): number => Math.sign(x) * Math.log1p(Math.abs(x));

/** The filters of an attribute spec (or of a config's filter list), built once; unknown names throw. */
export function attributeFilters(
  filters: readonly { name: string; options: Readonly<Record<string, unknown>> }[],
): Filter[] {
  return filters.map((f) => {
    const create = ATTRIBUTE_FILTERS[f.name];
    if (!create) {
      throw new RangeError(
        `filter ${f.name} cannot give attributes to a quality model; these can: ${Object.keys(ATTRIBUTE_FILTERS).join(', ')}`,
      );
    }
    return create(f.options);
  });
}

/** `<filter>.<key>` for every attribute the filters can emit, in order. */
export const attributeNames = (filters: readonly Filter[]): string[] =>
  filters.flatMap((f) => f.keys.map((k) => `${f.name}.${k}`));

/**
 * Sign-log values of every attribute of one document, in `attributeNames` order; NaN where the
 * filter did not emit the attribute (or emitted a non-finite value).
 */
export function signLogAttributes(
  filters: readonly Filter[],
  ctx: DocContext | string,
): Float64Array {
  const c = typeof ctx === 'string' ? createContext(ctx) : ctx;
  const out = new Float64Array(filters.reduce((n, f) => n + f.keys.length, 0));
  let j = 0;
  for (const f of filters) {
    const attrs = f.scorer.score(c).attrs;
    for (const k of f.keys) {
      const v = attrs[k];
      out[j++] = v !== undefined && Number.isFinite(v) ? signLog(v) : Number.NaN;
    }
  }
  return out;
}

/**
 * Column means and population standard deviations over the rows, skipping NaN (a missing value).
 * A column with no spread (or no values) gets sd 1, so it standardises to 0 and carries no weight.
 */
export function standardisation(
  rows: readonly Float64Array[],
  width: number,
): { mean: number[]; sd: number[] } {
  const mean: number[] = [];
  const sd: number[] = [];
  for (let j = 0; j < width; j++) {
    let n = 0;
    let s = 0;
    for (const r of rows) if (!Number.isNaN(r[j]!)) (n++, (s += r[j]!));
    const m = n ? s / n : 0;
    let ss = 0;
    for (const r of rows) if (!Number.isNaN(r[j]!)) ss += (r[j]! - m) ** 2;
    const d = n ? Math.sqrt(ss / n) : 0;
    mean.push(m);
    sd.push(d > 1e-12 ? d : 1);
  }
  return { mean, sd };
}

/** (x − mean) / sd per column, a missing value (NaN) as 0, the mean. */
export function standardise(
  values: Float64Array,
  mean: readonly number[],
  sd: readonly number[],
): Float64Array {
  return values.map((v, j) => (Number.isNaN(v) ? 0 : (v - mean[j]!) / sd[j]!));
}

/** Σ_j w_j z_j over one document's standardised attributes: their part of the linear score. */
export function attributeScore(
  spec: AttributeSpec,
  filters: readonly Filter[],
  ctx: DocContext,
): number {
  // Rounded to float32 as the training matrix stores them.
  const z = standardise(signLogAttributes(filters, ctx), spec.mean, spec.sd).map(Math.fround);
  let s = 0;
  for (let j = 0; j < z.length; j++) s += spec.weights[j]! * z[j]!;
  return s;
}
