/**
 * Plain-text layout for the Markdown report, which must read well in an 80-column terminal:
 * wrapped prose and tables that fit. Widths are counted in code points.
 */
import { codePointLength } from '../text/codepoints.ts';
import { mdInline } from './escape.ts';

export const WIDTH = 80;

/** Greedy word wrap to `width` columns; `first` prefixes the first line, `rest` the others. A word longer than a line stands alone. */
export function wrap(
  text: string,
  width = WIDTH,
  first = '',
  rest = first.replace(/./g, ' '),
): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  // "87.7 %" and "≤ 8.6" stay on one line: the space before a unit or after a comparison does not break.
  const words = text
    .replace(/ (%|‰)/g, '\u0000$1')
    .replace(/(^| )([<>≤≥=]) /g, '$1$2\u0000')
    .split(/ +/)
    .filter(Boolean)
    .map((w) => w.replace(/\u0000/g, ' '));
  for (const word of words) {
    if (!empty && codePointLength(line) + 1 + codePointLength(word) > width) {
      lines.push(line);
      line = rest + word;
    } else line += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** Where a rule or attribute name may be cut: after `_ / . -` and the like, never inside a word. */
const BOUNDARY = /[_/.\-<>=:\s]/;

/**
 * Cuts the middle out of `s` so that it has at most `n` code points, at word boundaries where
 * it can ("gopher_repetition/…_threshold", not "gopher_repe…threshold"): the longest head and
 * tail that end and start at a boundary, the head preferred; a side without a boundary that fits
 * is cut where the width ends, as is a name without boundaries.
 */
export function middleEllipsis(s: string, n: number): string {
  const cps = Array.from(s);
  if (cps.length <= n) return s;
  if (n <= 1) return '…';
  const room = n - 1;
  const half = Math.ceil(room / 2);
  const heads: number[] = [];
  const tails: number[] = [];
  cps.forEach((c, i) => {
    if (!BOUNDARY.test(c)) return;
    if (i >= 1 && i + 1 <= room) heads.push(i + 1); // the head ends just after a boundary
    if (cps.length - i <= room && i < cps.length - 1) tails.push(cps.length - i); // the tail starts at one
  });
  let h = half;
  let t = room - half;
  if (heads.length && tails.length) {
    let best = -1;
    for (const a of heads)
      for (const b of tails)
        if (a + b <= room && a + b >= best + (a > h ? 0 : 1)) [h, t, best] = [a, b, a + b];
    if (best < 0) [h, t] = [half, room - half];
  } else if (heads.some((a) => a <= half)) {
    h = Math.max(...heads.filter((a) => a <= half));
    t = room - h;
  } else if (tails.some((b) => b <= half)) {
    t = Math.max(...tails.filter((b) => b <= half));
    h = room - t;
  }
  return cps.slice(0, h).join('') + '…' + cps.slice(cps.length - t).join('');
}

export interface Column {
  header: string;
  /** Right-aligned (numbers). */
  right?: boolean;
  /** The cells are data (names from the run): Markdown-escaped, and shortened if the table is too wide. */
  data?: boolean;
}

/**
 * A GFM table at most `width` columns wide. Data cells are escaped; when the table is too wide,
 * the first data column is shortened with a middle ellipsis (the JSON report has the full names).
 */
export function table(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width = WIDTH,
): string {
  const cell = (c: Column, v: string, max = Infinity) => {
    if (!c.data) return v;
    let n = Math.min(codePointLength(v), max);
    let out = mdInline(middleEllipsis(v, n));
    while (codePointLength(out) > max && n > 1) out = mdInline(middleEllipsis(v, --n));
    return out;
  };
  const layout = (maxFirstData: number) => {
    const body = rows.map((r) =>
      columns.map((c, j) =>
        cell(c, r[j] ?? '', j === columns.findIndex((x) => x.data) ? maxFirstData : Infinity),
      ),
    );
    const widths = columns.map((c, j) =>
      Math.max(3, codePointLength(c.header), ...body.map((r) => codePointLength(r[j]!))),
    );
    return { body, widths, total: widths.reduce((a, b) => a + b, 0) + 3 * columns.length + 1 };
  };
  let l = layout(Infinity);
  const d = columns.findIndex((c) => c.data);
  if (l.total > width && d >= 0) l = layout(Math.max(8, l.widths[d]! - (l.total - width)));
  const pad = (s: string, w: number, right?: boolean) =>
    right ? ' '.repeat(w - codePointLength(s)) + s : s + ' '.repeat(w - codePointLength(s));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((s, j) => pad(s, l.widths[j]!, columns[j]!.right)).join(' | ')} |`;
  return [
    line(columns.map((c) => c.header)),
    `|${columns.map((c, j) => (c.right ? '-'.repeat(l.widths[j]! + 1) + ':' : '-'.repeat(l.widths[j]! + 2))).join('|')}|`,
    ...l.body.map(line),
  ].join('\n');
}
