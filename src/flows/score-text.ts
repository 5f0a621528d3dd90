/**
 * Scoring documents held in memory, for library users: no shard, no file. `scoreText` scores one
 * string; `scoreDocuments` a stream of strings or `{text}` objects, with the tokenizer and the
 * compiled filters opened once and freed at the end.
 *
 *   const s = await scoreText('Some text.', 'fineweb');   // preset name, config object or FilterConfig
 *   s.keep; s.reasons; s.attrs['gopher_quality.n_words'];
 */
import { presetConfig, resolveConfig, type FilterConfig } from '../config/config.ts';
import type { Span } from '../document.ts';
import { openSession } from '../exec/session.ts';
import { loadLanguageModels } from '../lid/models.ts';
import type { Vocabulary } from '../vocab/vocabulary.ts';
import { loadModels } from './models.ts';

/** One document's scores and the decision the config's rules make on them. */
export interface TextScore {
  keep: boolean;
  /** Every rule that fired, `<filter>/<reason>`. */
  reasons: string[];
  /** `<filter>.<statistic>` → value. */
  attrs: Record<string, number>;
  /** `<filter>.<span set>` → spans in code points. */
  spans: Record<string, Span[]>;
  /** Tokens under the config's tokenizer (null with `tokenizer: none`). */
  tokens: number | null;
}

/** A preset name, a config object as in a YAML file, or a resolved FilterConfig. */
export type ConfigLike = string | FilterConfig | Record<string, unknown>;

const isResolved = (c: Record<string, unknown>): c is FilterConfig & Record<string, unknown> =>
  Array.isArray(c.filters) &&
  Array.isArray(c.rules) &&
  c.filters.every((f) => f && typeof f === 'object' && 'name' in f && 'options' in f);

/** The FilterConfig a ConfigLike names. */
export const toConfig = (c: ConfigLike): FilterConfig =>
  typeof c === 'string'
    ? presetConfig(c)
    : isResolved(c as Record<string, unknown>)
      ? (c as FilterConfig)
      : resolveConfig(c, 'config');

/** Scores every document; the session lives as long as the iteration. */
export async function* scoreDocuments(
  docs: Iterable<string | { text: string }> | AsyncIterable<string | { text: string }>,
  config: ConfigLike,
  options: { vocabulary?: Vocabulary } = {},
): AsyncGenerator<TextScore> {
  const resolved = toConfig(config);
  const { models } = await loadModels(resolved);
  await loadLanguageModels(resolved);
  const session = openSession(resolved, options.vocabulary ?? null, models);
  try {
    for await (const d of docs) {
      const text = typeof d === 'string' ? d : d.text;
      const enc = session.tokenizer?.encode(text);
      const { scored, reasons } = session.evaluator.evaluate(text, enc ? () => enc.ids : undefined);
      yield {
        keep: reasons.length === 0,
        reasons,
        attrs: scored.attrs,
        spans: scored.spans,
        tokens: enc ? enc.ids.length : null,
      };
    }
  } finally {
    session.close();
  }
}

/** Scores one string. */
export async function scoreText(
  text: string,
  config: ConfigLike,
  options: { vocabulary?: Vocabulary } = {},
): Promise<TextScore> {
  for await (const s of scoreDocuments([text], config, options)) return s;
  throw new Error('unreachable');
}
