/**
 * The report's language table: documents and tokens per detected language (the `language`
 * filter's best label), kept and dropped, from the stats alone. The score distributions are the
 * `language.*` attributes' histograms, which the attributes section charts with their thresholds.
 */
import type { Stats } from '../stats/stats.ts';

export interface LanguageRow {
  language: string;
  docs: number;
  kept_docs: number;
  dropped_docs: number;
  /** docs / all documents the filter saw. */
  share_docs: number;
  /** Tokens (characters with `tokenizer: none`), kept and dropped. */
  kept_tokens: number;
  dropped_tokens: number;
  /** dropped_docs / docs: how the whole filter treats this language. */
  drop_rate: number;
}

/** One row per language, most documents first (ties by code); null when no language filter ran. */
export function languageRows(s: Stats): LanguageRow[] | null {
  if (!s.languages) return null;
  const unit = (c: { chars: number; tokens: number }) => (s.tokens ? c.tokens : c.chars);
  const rows = Object.entries(s.languages).map(([language, c]) => {
    const docs = c.kept.docs + c.dropped.docs;
    return {
      language,
      docs,
      kept_docs: c.kept.docs,
      dropped_docs: c.dropped.docs,
      share_docs: 0,
      kept_tokens: unit(c.kept),
      dropped_tokens: unit(c.dropped),
      drop_rate: docs ? c.dropped.docs / docs : 0,
    };
  });
  const total = rows.reduce((a, r) => a + r.docs, 0);
  for (const r of rows) r.share_docs = total ? r.docs / total : 0;
  return rows.sort(
    (a, b) => b.docs - a.docs || (a.language < b.language ? -1 : a.language > b.language ? 1 : 0),
  );
}
