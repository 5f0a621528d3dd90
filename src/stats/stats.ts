/**
 * Per-shard statistics, mergeable across shards, ranks and workers. Everything here is
 * deterministic (no times: those go to timings/), so two runs give the same bytes.
 */
import {
  addValue,
  emptyHistogram,
  histogramFromJson,
  histogramJson,
  mergeHistograms,
  type Histogram,
} from './histogram.ts';

/** docs / chars / tokens, each split by outcome. `removed` is what span removal took out of kept documents. */
export interface Counts {
  in: number;
  kept: number;
  dropped: number;
  errors: number;
  removed: number;
}

export interface RuleStats {
  /** Documents on which the rule fired. */
  hits: number;
  /** Documents on which it was the only rule that fired. */
  exclusive: number;
  /** Input tokens (or chars without a tokenizer) of the documents it fired on. */
  tokens: number;
  exclusive_tokens: number;
  chars: number;
}

export interface SpanStats {
  /** Documents with at least one removed span of this name. */
  docs: number;
  spans: number;
  chars: number;
}

export interface Stats {
  version: 1;
  /** Shard names merged into these stats, sorted. */
  shards: string[];
  fingerprint: string;
  tokenizer: string;
  audited: boolean;
  /**
   * The FDR budget (`--max-fdr`) the audit gate let this run drop at; null when unaudited or a
   * dry run. Merged: the largest, the loosest budget any shard was let through with.
   */
  gate_max_fdr: number | null;
  lines: number;
  blank: number;
  docs: Counts;
  chars: Counts;
  /** null with `tokenizer: none`. */
  tokens: Counts | null;
  /** Documents whose token count was approximate (a piece over 10,000 code points). */
  approximate_token_docs: number;
  rules: Record<string, RuleStats>;
  /** overlap[a][b]: documents on which both a and b fired (a < b). */
  overlap: Record<string, Record<string, number>>;
  spans: Record<string, SpanStats>;
  /** Attribute histograms of every scored document, by outcome. */
  attributes: Record<string, { kept: Histogram; dropped: Histogram }>;
  /** Shards that could not be read to their end, with the reason. */
  failed: Record<string, string>;
  /** Present (true) only when the gate let a foreign audit through (`--accept-foreign-audit`). */
  accepted_foreign_audit?: true;
  /** Per detected language (the `language` filter's best label), when that filter ran. */
  languages?: Record<string, LanguageCounts>;
}

/** One language's documents, characters and tokens (0 with `tokenizer: none`), by outcome. */
export interface LanguageCounts {
  kept: { docs: number; chars: number; tokens: number };
  dropped: { docs: number; chars: number; tokens: number };
}

const zeroLanguage = (): LanguageCounts => ({
  kept: { docs: 0, chars: 0, tokens: 0 },
  dropped: { docs: 0, chars: 0, tokens: 0 },
});

const zero = (): Counts => ({ in: 0, kept: 0, dropped: 0, errors: 0, removed: 0 });

export function emptyStats(
  shard: string | null,
  fingerprint: string,
  tokenizer: string,
  audited: boolean,
  gateMaxFdr: number | null = null,
): Stats {
  return {
    version: 1,
    shards: shard === null ? [] : [shard],
    fingerprint,
    tokenizer,
    audited,
    gate_max_fdr: audited ? gateMaxFdr : null,
    lines: 0,
    blank: 0,
    docs: zero(),
    chars: zero(),
    tokens: tokenizer === 'none' ? null : zero(),
    approximate_token_docs: 0,
    rules: {},
    overlap: {},
    spans: {},
    attributes: {},
    failed: {},
  };
}

/** One scored document's outcome, as the stats see it. */
export interface Outcome {
  reasons: readonly string[];
  attrs: Readonly<Record<string, number>>;
  chars: number;
  tokens: number | null;
  approximateTokens: boolean;
  /** The detected language (`language` filter), counted per language. */
  language?: string;
  /** For kept documents edited by span rules: what was removed. */
  removed?: {
    chars: number;
    tokens: number | null;
    spans: Record<string, { spans: number; chars: number }>;
  };
}

/** Adds one document. */
export function addDocument(s: Stats, o: Outcome): void {
  const dropped = o.reasons.length > 0;
  const key = dropped ? 'dropped' : 'kept';
  const toks = o.tokens ?? 0;
  s.docs.in++;
  s.docs[key]++;
  s.chars.in += o.chars;
  if (s.tokens) s.tokens.in += toks;
  if (o.approximateTokens) s.approximate_token_docs++;
  if (!dropped && o.removed) {
    s.chars.kept += o.chars - o.removed.chars;
    s.chars.removed += o.removed.chars;
    if (s.tokens) {
      s.tokens.kept += toks - (o.removed.tokens ?? 0);
      s.tokens.removed += o.removed.tokens ?? 0;
    }
    for (const [name, r] of Object.entries(o.removed.spans)) {
      const sp = (s.spans[name] ??= { docs: 0, spans: 0, chars: 0 });
      sp.docs++;
      sp.spans += r.spans;
      sp.chars += r.chars;
    }
  } else {
    s.chars[key] += o.chars;
    if (s.tokens) s.tokens[key] += toks;
  }
  const weight = o.tokens ?? o.chars;
  for (const r of o.reasons) {
    const rs = (s.rules[r] ??= { hits: 0, exclusive: 0, tokens: 0, exclusive_tokens: 0, chars: 0 });
    rs.hits++;
    rs.tokens += weight;
    rs.chars += o.chars;
    if (o.reasons.length === 1) {
      rs.exclusive++;
      rs.exclusive_tokens += weight;
    }
  }
  for (let i = 0; i < o.reasons.length; i++) {
    for (let j = i + 1; j < o.reasons.length; j++) {
      const [a, b] =
        o.reasons[i]! < o.reasons[j]!
          ? [o.reasons[i]!, o.reasons[j]!]
          : [o.reasons[j]!, o.reasons[i]!];
      const row = (s.overlap[a] ??= {});
      row[b] = (row[b] ?? 0) + 1;
    }
  }
  if (o.language !== undefined) {
    const l = ((s.languages ??= {})[o.language] ??= zeroLanguage())[key];
    l.docs++;
    l.chars += o.chars;
    l.tokens += toks;
  }
  for (const name in o.attrs) {
    const h = (s.attributes[name] ??= { kept: emptyHistogram(), dropped: emptyHistogram() });
    addValue(h[key], o.attrs[name]!);
  }
}

/** Adds one bad line (its raw size counts as neither chars nor tokens: it has no text). */
export function addError(s: Stats): void {
  s.docs.in++;
  s.docs.errors++;
}

/** The conservation check: in = kept + dropped + errors (+ removed for chars and tokens). */
export function conservation(s: Stats): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  let ok = true;
  const check = (what: string, c: Counts | null) => {
    if (!c) return;
    const sum = c.kept + c.dropped + c.errors + c.removed;
    const good = sum === c.in;
    ok &&= good;
    lines.push(
      `${what}: in ${c.in} = kept ${c.kept} + dropped ${c.dropped} + errors ${c.errors}${c.removed ? ` + removed ${c.removed}` : ''} ${good ? 'OK' : `MISMATCH (${sum})`}`,
    );
  };
  check('docs', s.docs);
  check('chars', s.chars);
  check('tokens', s.tokens);
  const lineSum = s.docs.in + s.blank;
  const linesOk = lineSum === s.lines;
  ok &&= linesOk;
  lines.push(
    `lines: ${s.lines} = docs in ${s.docs.in} + blank ${s.blank} ${linesOk ? 'OK' : `MISMATCH (${lineSum})`}`,
  );
  return { ok, lines };
}

const addCounts = (a: Counts, b: Counts): Counts => ({
  in: a.in + b.in,
  kept: a.kept + b.kept,
  dropped: a.dropped + b.dropped,
  errors: a.errors + b.errors,
  removed: a.removed + b.removed,
});

/** a + b. Throws when they come from different filters (fingerprints) or tokenizers. */
export function mergeStats(a: Stats, b: Stats): Stats {
  if (a.fingerprint !== b.fingerprint)
    throw new Error(
      `Cannot merge stats of different filters: ${a.fingerprint} vs ${b.fingerprint}`,
    );
  if (a.tokenizer !== b.tokenizer)
    throw new Error(`Cannot merge stats of different tokenizers: ${a.tokenizer} vs ${b.tokenizer}`);
  const budgets = [a.gate_max_fdr, b.gate_max_fdr].filter((x): x is number => x !== null);
  const m = emptyStats(
    null,
    a.fingerprint,
    a.tokenizer,
    a.audited && b.audited,
    budgets.length ? Math.max(...budgets) : null,
  );
  m.shards = [...a.shards, ...b.shards].sort();
  if (a.accepted_foreign_audit || b.accepted_foreign_audit) m.accepted_foreign_audit = true;
  m.lines = a.lines + b.lines;
  m.blank = a.blank + b.blank;
  m.docs = addCounts(a.docs, b.docs);
  m.chars = addCounts(a.chars, b.chars);
  m.tokens = a.tokens && b.tokens ? addCounts(a.tokens, b.tokens) : null;
  m.approximate_token_docs = a.approximate_token_docs + b.approximate_token_docs;
  for (const src of [a, b]) {
    for (const [r, x] of Object.entries(src.rules)) {
      const y = (m.rules[r] ??= {
        hits: 0,
        exclusive: 0,
        tokens: 0,
        exclusive_tokens: 0,
        chars: 0,
      });
      y.hits += x.hits;
      y.exclusive += x.exclusive;
      y.tokens += x.tokens;
      y.exclusive_tokens += x.exclusive_tokens;
      y.chars += x.chars;
    }
    for (const [r, row] of Object.entries(src.overlap)) {
      const out = (m.overlap[r] ??= {});
      for (const [c, n] of Object.entries(row)) out[c] = (out[c] ?? 0) + n;
    }
    for (const [n, x] of Object.entries(src.spans)) {
      const y = (m.spans[n] ??= { docs: 0, spans: 0, chars: 0 });
      y.docs += x.docs;
      y.spans += x.spans;
      y.chars += x.chars;
    }
    for (const [n, h] of Object.entries(src.attributes)) {
      const y = m.attributes[n];
      m.attributes[n] = y
        ? { kept: mergeHistograms(y.kept, h.kept), dropped: mergeHistograms(y.dropped, h.dropped) }
        : { kept: h.kept, dropped: h.dropped };
    }
    Object.assign(m.failed, src.failed);
    for (const [lang, x] of Object.entries(src.languages ?? {})) {
      const y = ((m.languages ??= {})[lang] ??= zeroLanguage());
      for (const k of ['kept', 'dropped'] as const) {
        y[k].docs += x[k].docs;
        y[k].chars += x[k].chars;
        y[k].tokens += x[k].tokens;
      }
    }
  }
  return m;
}

/** Merges many, in shard-name order so the result's bytes do not depend on arrival order. */
export function mergeAll(list: readonly Stats[]): Stats {
  if (!list.length) throw new Error('Nothing to merge');
  const first = (s: Stats) => s.shards[0] ?? '';
  const sorted = [...list].sort((x, y) => (first(x) < first(y) ? -1 : first(x) > first(y) ? 1 : 0));
  return sorted.slice(1).reduce(mergeStats, sorted[0]!);
}

const sortObj = <T>(
  o: Record<string, T>,
  f: (v: T) => unknown = (v) => v,
): Record<string, unknown> =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, f(o[k]!)]),
  );

/** The stats file's JSON: keys sorted, histograms in JSON form, the conservation check spelled out. */
export function statsJson(s: Stats): string {
  const c = conservation(s);
  return (
    JSON.stringify(
      {
        ...s,
        rules: sortObj(s.rules),
        overlap: sortObj(s.overlap, (row) => sortObj(row)),
        spans: sortObj(s.spans),
        attributes: sortObj(s.attributes, (h) => ({
          kept: histogramJson(h.kept),
          dropped: histogramJson(h.dropped),
        })),
        failed: sortObj(s.failed),
        ...(s.languages && { languages: sortObj(s.languages) }),
        conservation: c,
      },
      null,
      1,
    ) + '\n'
  );
}

/** Reads a stats file's JSON back. */
export function parseStats(text: string): Stats {
  const j = JSON.parse(text) as Stats & { conservation?: unknown };
  delete j.conservation;
  j.gate_max_fdr ??= null; // stats written before the budget was recorded
  for (const [n, h] of Object.entries(j.attributes)) {
    j.attributes[n] = {
      kept: histogramFromJson(h.kept as never),
      dropped: histogramFromJson(h.dropped as never),
    };
  }
  return j;
}
