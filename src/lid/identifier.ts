/**
 * What the `language` filter asks of a language identifier, and the identifiers this thread has
 * loaded. Loading (files, S3, the bundled model) happens at the edge, in `lid/models.ts`, once per
 * process or worker thread; scoring only looks the loaded identifier up here, so it stays pure.
 */

/** A language identifier: fastText (lid.176, GlotLID) or eld. */
export interface LanguageIdentifier {
  /** Language codes in output order (`en`, `de`, …; GlotLID: `eng_Latn`, …). */
  readonly labels: readonly string[];
  /** What the filter's fingerprint binds: `sha256:<hex>` of a model file, or `eld@<version>`. */
  readonly hash: string;
  /** How many leading UTF-16 units of a text decide its result (eld: at most 1,000); absent: all of it. */
  headLength?(text: string): number;
  /**
   * Scores one line of text: `out[i]` is label i's score (0 for labels not scored), the return
   * value the best label's index, or -1 when nothing was identified (eld on text without letters).
   * With `wanted` (label indices, -1 ignored), only the best label's score and those labels' must
   * be filled (the rest may be left 0): the filter reads no others, and eld's scores come as an
   * object that costs more to walk whole than to look a few labels up in.
   */
  predict(text: string, out: Float32Array, wanted?: readonly number[]): number;
}

const loaded = new Map<string, LanguageIdentifier>();

/** Registers what `lid/models.ts` loaded under `key` (see `identifierKey`). */
export function registerIdentifier(key: string, id: LanguageIdentifier): void {
  loaded.set(key, id);
}

/** `fasttext:<model location>` (`fasttext:bundled` for the default model) or `eld`. */
export const identifierKey = (backend: string, model: string | null): string =>
  backend === 'eld' ? 'eld' : `fasttext:${model ?? 'bundled'}`;

/** The identifier loaded under `key`; throws when the edge did not load it (a programming error). */
export function identifierFor(key: string): LanguageIdentifier {
  const id = loaded.get(key);
  if (!id)
    throw new Error(
      `language model ${key} is not loaded: call loadLanguageModels(config) before scoring`,
    );
  return id;
}

/** The loaded identifier under `key`, or undefined. */
export const maybeIdentifier = (key: string): LanguageIdentifier | undefined => loaded.get(key);
