/**
 * gopher_repetition's native kernels (native/ngrams.c, native/ngrams-lines.c): the n-gram
 * statistics over a document's word ids, and its lines and paragraphs with their duplicates,
 * one call each per document. Their JavaScript twins (src/scorers/ngram-repeats.ts and
 * src/scorers/lines.ts) stay the reference; these return null when the addon is not in use.
 */
import { nativeKernels, type NativeKernels } from './addon.ts';

interface Binding {
  ngramsState(): object;
  ngramsSegments(state: object, text: string): Int32Array;
  ngramsRepetition(
    state: object,
    source: string,
    ids: Int32Array,
    counts: Int32Array,
    lengths: Int32Array,
    offsets: Int32Array,
    tails: Int32Array,
    prefixes: Int32Array,
    starts: Int32Array,
    ends: Int32Array,
    astral: boolean,
    plan: Int32Array,
    out: Float64Array,
  ): void;
}

// The kernels last seen and this thread's scratch for them (each worker thread has its own
// module instance, so its own state).
let bound: { kernels: NativeKernels; state: object } | undefined;

function binding(): [Binding, object] | null {
  const kernels = nativeKernels();
  if (!kernels || typeof kernels['ngramsRepetition'] !== 'function') return null;
  if (bound?.kernels !== kernels)
    bound = { kernels, state: (kernels as unknown as Binding).ngramsState() };
  return [kernels as unknown as Binding, bound.state];
}

/** Where `nativeSegments`' result holds what (native/ngrams-lines.c). */
export const SEGMENTS = {
  nonBlank: 0,
  paragraphs: 1,
  newlines: 2,
  nonBlankDups: 3,
  nonBlankDupChars: 4,
  lines: 5,
  lineDups: 6,
  lineDupChars: 7,
  paragraphDups: 8,
  paragraphDupChars: 9,
  /** The header's length: the non-blank segments' pairs follow it, then the paragraphs'. */
  header: 10,
} as const;

/** The text's newline segments and paragraphs with their duplicate counts (layout: SEGMENTS), or null. */
export function nativeSegments(text: string): Int32Array | null {
  const b = binding();
  return b ? b[0].ngramsSegments(b[1], text) : null;
}

/** The word arrays the n-gram kernel reads (a `WordIds`). */
export interface NgramWords {
  readonly source: string;
  readonly ids: Int32Array;
  readonly counts: Int32Array;
  readonly lengths: Int32Array;
  readonly offsets: Int32Array;
  readonly tails: Int32Array;
  readonly prefixes: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly astral: boolean;
}

/**
 * The top n-gram values (`topNgramChars`) for each n of `top` and the repeated code points
 * (`allDuplicateChars`) for each n of `dup`, in that order, into `out`; false (and nothing
 * written) when the kernels are not in use. `top` and `dup` ascending and distinct, every n at
 * least 1, every top n at most the number of words; words must not contain a space.
 */
export function nativeRepetition(w: NgramWords, plan: Int32Array, out: Float64Array): boolean {
  const b = binding();
  if (!b) return false;
  b[0].ngramsRepetition(
    b[1],
    w.source,
    w.ids,
    w.counts,
    w.lengths,
    w.offsets,
    w.tails,
    w.prefixes,
    w.starts,
    w.ends,
    w.astral,
    plan,
    out,
  );
  return true;
}

/** The plan `nativeRepetition` reads: `[top.length, ...top, dup.length, ...dup]`. */
export const repetitionPlan = (top: readonly number[], dup: readonly number[]): Int32Array =>
  Int32Array.from([top.length, ...top, dup.length, ...dup]);
