/**
 * Filtering one shard: read → score → span actions → decide → route each line to kept, dropped
 * or errors, counting everything into the shard's stats. The routing targets are sinks, so the
 * same code serves directory mode (files per shard), pipe mode (stdout) and dry runs.
 */
import type { FilterConfig, SpanRule } from '../config/config.ts';
import { DataError } from '../errors.ts';
import type { ErrorSink } from '../io/error-sink.ts';
import { readDocs, type ReadSinks } from '../io/read-docs.ts';
import type { ReadOptions, ShardInput } from '../io/reader.ts';
import { replaceField, spliceField } from '../io/splice.ts';
import type { LineWriter, Output } from '../io/writer.ts';
import type { Evaluator } from '../rules/evaluator.ts';
import type { TextRewrite } from '../scorers/filter.ts';
import { applySpanRules } from '../rules/spans.ts';
import { scoreDocs, type ScoredDoc, type TokenEncoder } from '../rules/score-step.ts';
import { addDocument, addError, emptyStats, type Outcome, type Stats } from '../stats/stats.ts';
import { serializeDecision } from '../formats/decisions.ts';

export interface Sinks {
  /** Kept lines (input bytes; with spans removed, the new text and a "winnow" field spliced in); null in a dry run. */
  kept: LineWriter | null;
  /** Dropped records with the spliced `"winnow"` field; null to discard (asked for explicitly). */
  dropped: LineWriter | null;
  errors: ErrorSink;
  /** One decision line per document (dry runs). */
  decisions: Output | null;
}

export interface FilterContext {
  config: FilterConfig;
  fingerprint: string;
  audited: boolean;
  gateMaxFdr: number | null;
  /** The gate let a foreign audit through (`--accept-foreign-audit`): the stats say so. */
  acceptedForeign?: boolean;
  evaluator: Evaluator;
  tokenizer: (TokenEncoder & { count(text: string): { count: number } }) | null;
  read: ReadOptions;
  onError: 'skip' | 'fail';
  /** Called per document with its line's byte size (progress). */
  onDoc?: (bytes: number) => void;
}

/** Filters one shard into the sinks and returns its stats. `--on-error fail` throws a DataError. */
export async function filterShard(
  input: ShardInput,
  sinks: Sinks,
  ctx: FilterContext,
): Promise<Stats> {
  const stats = emptyStats(
    input.name,
    ctx.fingerprint,
    ctx.config.tokenizer,
    ctx.audited,
    ctx.gateMaxFdr,
  );
  if (ctx.acceptedForeign) stats.accepted_foreign_audit = true;
  const spanRules = ctx.config.rules.filter((r): r is SpanRule => 'spans' in r);
  const rewrites = Object.fromEntries(
    ctx.evaluator.filters.flatMap((f) =>
      Object.entries(f.rewrites ?? {}).map(([k, fn]) => [`${f.name}.${k}`, fn]),
    ),
  );
  const fail = (what: string, line: number) => {
    if (ctx.onError === 'fail') throw new DataError(what, input.name, line);
  };
  const lines: ReadSinks = {
    blank(line) {
      stats.lines = line;
      stats.blank++;
    },
    async bad(item) {
      stats.lines = item.bad.line;
      fail(item.bad.error, item.bad.line);
      addError(stats);
      await sinks.errors.record(item);
    },
    failed(f) {
      fail(`shard could not be read to its end: ${f.error}`, f.lines + 1);
      stats.failed[input.name] = f.error;
    },
  };
  for await (const d of scoreDocs(readDocs(input, lines, ctx.read), ctx.evaluator, ctx.tokenizer)) {
    stats.lines = d.doc.line;
    await routeDocument(d, spanRules, rewrites, sinks, stats, ctx);
    ctx.onDoc?.(d.doc.raw.length + 1);
  }
  return stats;
}

async function routeDocument(
  d: ScoredDoc,
  spanRules: readonly SpanRule[],
  rewrites: Record<string, TextRewrite>,
  sinks: Sinks,
  stats: Stats,
  ctx: FilterContext,
): Promise<void> {
  const reasons = [...d.reasons];
  const removal =
    !reasons.length && spanRules.length
      ? applySpanRules(d.doc.text, d.chars, d.scored.spans, spanRules, rewrites)
      : null;
  if (removal) reasons.push(...removal.reasons);
  const outcome: Outcome = {
    reasons,
    attrs: d.scored.attrs,
    chars: d.chars,
    tokens: d.tokens,
    approximateTokens: d.approximateTokens,
  };
  const language = d.scored.meta?.language;
  if (typeof language === 'string') outcome.language = language;
  const keep = reasons.length === 0;
  if (keep && removal) {
    const after = ctx.tokenizer ? ctx.tokenizer.count(removal.text).count : null;
    outcome.removed = {
      chars: removal.removedChars,
      tokens: after === null || d.tokens === null ? null : d.tokens - after,
      spans: Object.fromEntries(
        Object.entries(removal.bySpan).map(([k, v]) => [
          k,
          { spans: v.spans.length, chars: v.chars },
        ]),
      ),
    };
  }
  addDocument(stats, outcome);
  if (sinks.decisions) {
    await sinks.decisions.write(
      // `metadata`: what datatrove's filters would write into the document (language, language_score).
      serializeDecision({
        id: d.doc.id,
        shard: d.doc.shard,
        line: d.doc.line,
        keep,
        reasons,
        ...(d.scored.meta && { metadata: d.scored.meta }),
      }),
    );
  }
  if (keep) {
    if (!sinks.kept) return;
    if (!removal) return sinks.kept.line(d.doc.raw, d.doc.eol);
    // An edited record changes only its text, spliced in place (big integers, 1.0, duplicate
    // keys and key order stay as read); what was removed is spliced beside it, as for drops.
    const winnow = JSON.stringify({
      removed_spans: Object.fromEntries(
        Object.entries(removal.bySpan).map(([k, v]) => [k, v.spans]),
      ),
      removed_chars: removal.removedChars,
      fingerprint: ctx.fingerprint,
    });
    const edited = replaceField(d.doc.raw, ctx.read.textField, JSON.stringify(removal.text));
    if (!edited)
      throw new Error(
        `${d.doc.shard}:${d.doc.line}: text field ${ctx.read.textField} not found in the raw record`,
      );
    return sinks.kept.line(spliceField(edited, 'winnow', winnow), d.doc.eol || '\n');
  }
  if (!sinks.dropped) return;
  const winnow = { reasons, spans: d.scored.spans, fingerprint: ctx.fingerprint };
  await sinks.dropped.line(spliceField(d.doc.raw, 'winnow', JSON.stringify(winnow)), d.doc.eol);
}
