/**
 * rare_tokens: how surprising a document's tokens are under the corpus's own unigram model.
 * Rare tokens can be the valuable long tail — or garbage (encoded blobs, mojibake, keyboard
 * mash, spam). This scorer measures; rules and the audit decide.
 *
 * Model: add-k smoothed unigram over the vocabulary file, p(t) = (c_t + k) / (N + k·V);
 * surprisal s(t) = −log2 p(t) bits.
 */
import type { Span } from '../document.ts';
import type { Vocabulary } from '../vocab/vocabulary.ts';
import { snapToWords } from '../text/snap.ts';
import type { DocContext, Scored } from './types.ts';
import type { Filter, FilterResources } from './filter.ts';
import { COUNT, FRACTION, defineOptions, option, type OptionsOf } from '../config/options.ts';
import { optionalRule } from '../rules/threshold.ts';

/**
 * rare_tokens' parameters. Defaults measured on ../shared/corpora/web-pages (6,200 pages) with a
 * cl100k vocabulary of those pages: mean surprisal has median 11.6 bits and 99th percentile 14.0,
 * so the drop rule at 15 bits fires on the few pages the corpus model cannot read at all (there:
 * non-English pages and one-word pages). Windows of 32 tokens above 17 bits are inline JavaScript,
 * template syntax and encoded blobs, so they become spans rather than drops.
 */
export const RARE_TOKENS_OPTIONS = defineOptions('rare_tokens', {
  /** Add-k smoothing constant. */
  smoothing_k: option.number(1, COUNT),
  /** A token is rare when its corpus count is below this. */
  rare_count: option.number(10, COUNT),
  /** Tokens per window for the windowed surprisal and the spans. */
  window: option.number(32, { min: 1, integer: true }),
  /** Windows whose mean surprisal exceeds this (bits) become spans. */
  span_threshold: option.number(17, COUNT),
  /** Drop when the mean surprisal exceeds this (bits per token); null: no rule. */
  max_mean_surprisal: option.numberOrNull(15, COUNT),
  /** Drop when the rare-token fraction exceeds this; null: no rule. */
  max_rare_fraction: option.numberOrNull(null, FRACTION),
  /** Drop when the worst window's mean surprisal exceeds this (bits); null: no rule. */
  max_window_surprisal: option.numberOrNull(null, COUNT),
});
export type RareTokensOptions = OptionsOf<typeof RARE_TOKENS_OPTIONS>;
export const RARE_TOKENS_DEFAULTS: RareTokensOptions = RARE_TOKENS_OPTIONS.defaults;

const NAME = 'rare_tokens';

/** Per-token surprisal table (bits) and FACE weights for a vocabulary, computed once per filter. */
export interface SurprisalTable {
  bits: Float64Array;
  /** 1 where the corpus count is below `rare_count`. */
  rare: Uint8Array;
  /** FACE-style weight: 1 − RF_t / max RF, scaled to mean 1 over the vocabulary (Jiang et al. 2019). */
  face: Float64Array;
  counts: Float64Array;
}

export function surprisalTable(
  v: Vocabulary,
  k: number,
  rareCount = RARE_TOKENS_DEFAULTS.rare_count,
): SurprisalTable {
  const V = v.counts.length;
  const rare = new Uint8Array(V);
  const denom = v.total + k * V;
  const bits = new Float64Array(V);
  const face = new Float64Array(V);
  let max = 0;
  for (let i = 0; i < V; i++) if (v.counts[i]! > max) max = v.counts[i]!;
  let sum = 0;
  for (let i = 0; i < V; i++) {
    bits[i] = -Math.log2((v.counts[i]! + k) / denom);
    rare[i] = v.counts[i]! < rareCount ? 1 : 0;
    face[i] = max > 0 ? 1 - v.counts[i]! / max : 1;
    sum += face[i]!;
  }
  const scale = sum > 0 ? V / sum : 1;
  for (let i = 0; i < V; i++) face[i]! *= scale;
  return { bits, rare, face, counts: v.counts };
}

let buffer = new Float64Array(1 << 16);
/** A reusable per-document buffer of surprisals (scoring is synchronous; each thread has its own). */
function scratch(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(Math.max(n, buffer.length * 2));
  return buffer;
}

/**
 * Scores token ids: `mean_surprisal`, `rare_fraction`, `max_window_surprisal`, `face_weight`, and
 * spans `high_surprisal` (windows over `span_threshold`, merged, code points via `offsets`).
 * No tokens (empty text): attributes absent, no spans.
 */
export function scoreRareTokens(
  ids: Uint32Array,
  t: SurprisalTable,
  o: RareTokensOptions,
  offsets: () => Uint32Array,
): Scored {
  const n = ids.length;
  if (!n) return { attrs: {}, spans: {} };
  // Hot loop over every token: locals and flat typed-array reads only (ids are < vocabulary size).
  const s = scratch(n);
  const { bits, rare: isRare, face: faceW } = t;
  let sum = 0;
  let rare = 0;
  let face = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const b = bits[id]!;
    s[i] = b;
    sum += b;
    rare += isRare[id]!;
    face += faceW[id]!;
  }
  const w = Math.max(1, Math.min(Math.floor(o.window), n));
  // Sliding window means; runs of windows over the threshold become one span.
  let acc = 0;
  for (let i = 0; i < w; i++) acc += s[i]!;
  let best = acc / w;
  const spans: Span[] = [];
  let open = -1; // token index where the current run of hot windows starts
  let openEnd = 0;
  let openMax = 0;
  let off: Uint32Array | null = null;
  const close = () => {
    off ??= offsets();
    spans.push([off[open]!, off[openEnd]!, openMax]);
    open = -1;
  };
  for (let start = 0; start + w <= n; start++) {
    if (start > 0) acc += s[start + w - 1]! - s[start - 1]!;
    const mean = acc / w;
    if (mean > best) best = mean;
    if (mean > o.span_threshold) {
      if (open >= 0 && start <= openEnd) {
        openEnd = start + w;
        openMax = Math.max(openMax, mean);
      } else {
        if (open >= 0) close();
        open = start;
        openEnd = start + w;
        openMax = mean;
      }
    }
  }
  if (open >= 0) close();
  return {
    attrs: {
      mean_surprisal: sum / n,
      rare_fraction: rare / n,
      max_window_surprisal: best,
      face_weight: face / n,
      tokens: n,
    },
    spans: spans.length ? { high_surprisal: spans } : {},
  };
}

export function rareTokens(
  options: Readonly<Record<string, unknown>> = {},
  resources: FilterResources = {},
): Filter {
  const o = RARE_TOKENS_OPTIONS.resolve(options);
  // Without resources the filter can still resolve its options (config validation); scoring needs them.
  const v = resources.vocabulary;
  if (v && resources.tokenizer && resources.tokenizer !== v.tokenizer) {
    throw new TypeError(
      `rare_tokens: the vocabulary counts ${v.tokenizer} tokens but the config tokenizes with ${resources.tokenizer}`,
    );
  }
  const table = v ? surprisalTable(v, o.smoothing_k, o.rare_count) : null;
  const offsetsOf = resources.tokenOffsets;
  const a = (k: string) => `${NAME}.${k}`;
  const rules = [
    ...optionalRule(`${NAME}/mean_surprisal`, a('mean_surprisal'), '>', o.max_mean_surprisal),
    ...optionalRule(`${NAME}/rare_fraction`, a('rare_fraction'), '>', o.max_rare_fraction),
    ...optionalRule(
      `${NAME}/window_surprisal`,
      a('max_window_surprisal'),
      '>',
      o.max_window_surprisal,
    ),
  ];
  return {
    name: NAME,
    options: o,
    scorer: {
      name: NAME,
      score: (ctx: DocContext) => {
        const ids = ctx.tokens();
        if (!table || !offsetsOf || !ids)
          throw new TypeError('rare_tokens needs a vocabulary and a tokenizer to score');
        const scored = scoreRareTokens(ids, table, o, () => offsetsOf(ctx.text, ids));
        // Token windows start and end inside words: a removed span must not leave half-words.
        const hot = scored.spans.high_surprisal;
        return hot ? { ...scored, spans: { high_surprisal: snapToWords(ctx.text, hot) } } : scored;
      },
    },
    rules,
    keys: ['mean_surprisal', 'rare_fraction', 'max_window_surprisal', 'face_weight', 'tokens'],
    spanKeys: ['high_surprisal'],
  };
}
