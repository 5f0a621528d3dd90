/**
 * compression: deflate size over raw size. Repetition and boilerplate compress well (low ratio);
 * random junk and encoded blobs barely compress (ratio near or above 0.75).
 */
import { deflateRawSync } from 'node:zlib';
import type { DocContext, Scored } from './types.ts';
import { type Filter, type OptionKind, resolveOptions, optionalRule } from './registry.ts';

export type CompressionOptions = {
  /** zlib level (1–9); 6 is zlib's default. */
  level: number;
  /** Drop below this ratio (too repetitive); null: no rule. */
  min_ratio: number | null;
  /** Drop above this ratio (incompressible junk); null: no rule. */
  max_ratio: number | null;
  /** Texts shorter than this many UTF-8 bytes are not scored (deflate's header dominates). */
  min_bytes: number;
};

/**
 * Defaults measured on ../shared/corpora/web-pages: the ratio has median 0.47 and 1st–99th
 * percentiles 0.28–0.66; above 0.75 are link lists and number tables, below 0.1 pages that repeat
 * one block. On DCLM's human labels the ratio separates low from high quality with AUC 0.77.
 */
export const COMPRESSION_DEFAULTS: CompressionOptions = { level: 6, min_ratio: 0.1, max_ratio: 0.75, min_bytes: 200 };

const KINDS: { [K in keyof CompressionOptions]: OptionKind } = { level: 'number', min_ratio: 'number?', max_ratio: 'number?', min_bytes: 'number' };
const NAME = 'compression';

/** `ratio`: deflate-raw bytes / UTF-8 bytes; absent for texts under `min_bytes`. Also `bytes`. */
export function scoreCompression(text: string, o: CompressionOptions): Scored {
  const raw = Buffer.from(text, 'utf8');
  if (raw.length < o.min_bytes) return { attrs: { bytes: raw.length }, spans: {} };
  return { attrs: { bytes: raw.length, ratio: deflateRawSync(raw, { level: o.level }).length / raw.length }, spans: {} };
}

export function compression(options: Readonly<Record<string, unknown>> = {}): Filter {
  const o = resolveOptions(NAME, COMPRESSION_DEFAULTS, KINDS, options);
  return {
    name: NAME,
    options: o,
    scorer: { name: NAME, score: (ctx: DocContext) => scoreCompression(ctx.text, o) },
    rules: [
      ...optionalRule(`${NAME}/min_ratio`, `${NAME}.ratio`, '<', o.min_ratio),
      ...optionalRule(`${NAME}/max_ratio`, `${NAME}.ratio`, '>', o.max_ratio),
    ],
    keys: ['bytes', 'ratio'],
    spanKeys: [],
  };
}
