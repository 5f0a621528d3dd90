/** Charts of the filter's outcome: the funnel, hits per rule and the rules' overlap matrix. */
import type { TopLevelSpec } from 'vega-lite';
import { COLORS } from './charts.ts';
import type { Summary } from './summary.ts';

/** Documents and tokens (or chars) in, split into kept / dropped / errors / removed, as shares. */
export function funnelSpec(s: Summary): TopLevelSpec {
  const f = s.funnel;
  const rows: { measure: string; outcome: string; value: number; order: number }[] = [];
  const measures: [string, typeof f.docs | null][] = [
    ['documents', f.docs],
    [f.unit === 'tokens' ? 'tokens' : 'characters', f.unit === 'tokens' ? f.tokens : f.chars],
  ];
  const outcomes = ['kept', 'dropped', 'errors', 'removed'] as const;
  for (const [measure, c] of measures) {
    if (!c) continue;
    outcomes.forEach((o, order) => {
      if (c[o] > 0) rows.push({ measure, outcome: o, value: c[o], order });
    });
  }
  return {
    width: 560,
    height: { step: 28 },
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'measure', type: 'nominal', title: null, sort: null },
      x: {
        field: 'value',
        type: 'quantitative',
        stack: 'normalize',
        title: 'share of input',
        axis: { format: '.0%' },
      },
      color: {
        field: 'outcome',
        type: 'nominal',
        scale: {
          domain: [...outcomes],
          range: [COLORS.kept, COLORS.dropped, COLORS.errors, COLORS.removed],
        },
        legend: { orient: 'bottom', title: null },
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
}

/** Hits and exclusive drops per rule, most hits first. */
export function rulesSpec(s: Summary): TopLevelSpec {
  const values = s.rules.map((r, order) => ({
    rule: r.rule,
    hits: r.hits,
    exclusive: r.exclusive,
    order,
  }));
  const y = { field: 'rule', type: 'nominal' as const, title: null, sort: { field: 'order' } };
  return {
    width: 360,
    height: { step: 18 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: '#9ecae9' },
        encoding: {
          y,
          x: {
            field: 'hits',
            type: 'quantitative',
            title: 'documents (light: hits; dark: only this rule fired)',
          },
        },
      },
      {
        mark: { type: 'bar', color: COLORS.kept },
        encoding: { y, x: { field: 'exclusive', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
        encoding: {
          y,
          x: { field: 'hits', type: 'quantitative' },
          text: { field: 'hits', type: 'quantitative', format: ',' },
        },
      },
    ],
  };
}

/** A rule's family: its name with every number as `#` (`gopher_repetition/top_#_gram`). */
export const ruleFamily = (rule: string): string => rule.replace(/\d+/g, '#');

/**
 * The rules the overlap matrix shows: at most `max`, most hits first, one per family (the
 * n-gram rules of one family fire on nearly the same documents: one of them stands for the rest).
 * `folded` maps each shown rule to the family members it stands for.
 */
export function matrixRules(
  s: Summary,
  max: number,
): { shown: string[]; folded: Map<string, string[]> } {
  const byFamily = new Map<string, string>();
  const folded = new Map<string, string[]>();
  const shown: string[] = [];
  for (const r of s.overlap.rules) {
    const first = byFamily.get(ruleFamily(r));
    if (first !== undefined) folded.get(first)!.push(r);
    else if (shown.length < max) {
      byFamily.set(ruleFamily(r), r);
      folded.set(r, []);
      shown.push(r);
    }
  }
  return { shown, folded };
}

/** The overlap matrix: documents on which both rules fired (diagonal: hits), for the rules `names`. */
export function overlapSpec(s: Summary, names: readonly string[] = s.overlap.rules): TopLevelSpec {
  const index = names.map((r) => s.overlap.rules.indexOf(r));
  const values: { a: string; b: string; n: number; ai: number; bi: number }[] = [];
  names.forEach((a, i) =>
    names.forEach((b, j) =>
      values.push({ a, b, n: s.overlap.matrix[index[i]!]![index[j]!]!, ai: i, bi: j }),
    ),
  );
  const top = Math.max(1, ...values.filter((v) => v.ai !== v.bi).map((v) => v.n));
  const x = {
    field: 'b',
    type: 'nominal' as const,
    title: null,
    sort: { field: 'bi' },
    axis: { labelAngle: -50, labelLimit: 320, orient: 'top' as const },
  };
  const y = {
    field: 'a',
    type: 'nominal' as const,
    title: null,
    sort: { field: 'ai' },
    axis: { labelLimit: 320 },
  };
  return {
    width: { step: 22 },
    height: { step: 22 },
    data: { values },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          x,
          y,
          color: {
            condition: { test: 'datum.ai === datum.bi', value: '#eeeeee' },
            field: 'n',
            type: 'quantitative',
            scale: { scheme: 'blues', domain: [0, top] },
            legend: null,
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          x,
          y,
          text: { field: 'n', type: 'quantitative', format: ',' },
          color: {
            condition: { test: `datum.ai !== datum.bi && datum.n > ${top * 0.6}`, value: 'white' },
            value: '#333',
          },
        },
      },
    ],
  };
}
