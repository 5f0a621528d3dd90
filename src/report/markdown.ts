/**
 * The Markdown report: for a terminal (80 columns, prose wrapped, tables that fit) and for any
 * Markdown viewer. Names from the run are Markdown-escaped; document excerpts sit in code fences
 * longer than any backtick run they contain, with control characters made visible.
 */
import { codePointLength } from '../text/codepoints.ts';
import { mdInline } from './escape.ts';
import { compact, count, share } from './format.ts';
import { bullet, heading, para } from './markdown-blocks.ts';
import { wrap, WIDTH } from './text-layout.ts';
import { attributes, audit, learned } from './markdown-audit.ts';
import { examples } from './markdown-examples.ts';
import { dedup, funnel, languages, rules, runInfo } from './markdown-run.ts';
import type { Summary } from './summary.ts';

/** The Markdown report. Deterministic for the same Summary. */
export function renderMarkdown(s: Summary): string {
  const lines = [
    heading(1, 'winnow pruning report'),
    '',
    para(`**${s.status.label}**: ${mdInline(s.status.headline.replace(/^(UN)?AUDITED: /, ''))}`),
    '',
    para(
      `Filter ${s.run.fingerprint.slice(0, 19)}… over ${count(s.run.shards.length)} shard(s): ${compact(s.funnel.docs.in)} documents in, ` +
        `${compact(s.funnel.docs.kept)} kept, ${compact(s.funnel.docs.dropped)} dropped, ${compact(s.funnel.docs.errors)} errors` +
        (s.funnel.tokens
          ? `; ${compact(s.funnel.tokens.dropped)} of ${compact(s.funnel.tokens.in)} tokens dropped (${share(s.funnel.tokens.dropped, s.funnel.tokens.in)}).`
          : '.'),
    ),
  ];
  if (s.audit?.projection.sentence)
    lines.push('', wrap(s.audit.projection.sentence, WIDTH, '> ', '> '));
  if (s.warnings.length)
    lines.push('', ...s.warnings.map((w) => bullet(`**Warning:** ${mdInline(w)}`)));
  for (const section of [
    funnel,
    rules,
    languages,
    dedup,
    audit,
    learned,
    attributes,
    examples,
    runInfo,
  ]) {
    const body = section(s);
    if (body.length) lines.push('', ...body);
  }
  return lines.join('\n').replace(/[ \t]+$/gm, '') + '\n';
}

/** Longest line of a Markdown report outside code fences (for tests and sanity checks). */
export function widestProseLine(md: string): number {
  let fence: string | null = null;
  let widest = 0;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (m && (fence === null || m[1] === fence)) {
      fence = fence === null ? m[1]! : null;
      continue;
    }
    if (fence === null) widest = Math.max(widest, codePointLength(line));
  }
  return widest;
}
