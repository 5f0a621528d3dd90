/**
 * The terminal labeler's full screen: a pinned header (item k of n, stratum, the rules that
 * fired), the text wrapped to the terminal's width with flagged spans highlighted, a scroll
 * position, and a pinned key line. Pure: it returns the lines; the caller draws them.
 *
 * Document text is hostile: control characters are shown as visible escapes (`neutralize`), so
 * nothing in a document can move the cursor or restyle the terminal. Widths are terminal cells:
 * combining marks take none, East Asian wide characters and emoji two.
 */
import type { Span } from '../document.ts';
import { mergeRanges } from '../rules/spans.ts';
import { neutralize, type Style } from './render.ts';

/** A piece of a screen row, highlighted (`mark`) or not. */
export interface Run {
  text: string;
  mark: boolean;
}

/** The text laid out in rows of at most `width` cells, and the row each flagged span starts on. */
export interface Layout {
  rows: Run[][];
  spanRows: number[];
}

const ZERO = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]$/u;
const WIDE =
  /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]$/u;

/** Terminal cells one code point takes (after `neutralize`, so no control characters reach it). */
export function cellWidth(c: string): number {
  if (ZERO.test(c)) return 0;
  return WIDE.test(c) ? 2 : 1;
}

/** `s` cut to at most `cols` cells, with `…` where it was cut. */
export function fit(s: string, cols: number): string {
  const cps = Array.from(s);
  if (widthOf(cps) <= cols) return s;
  let out = '';
  let w = 0;
  for (const c of cps) {
    if (w + cellWidth(c) > cols - 1) break;
    out += c;
    w += cellWidth(c);
  }
  return out + '…';
}

const widthOf = (cps: readonly string[]): number => cps.reduce((n, c) => n + cellWidth(c), 0);

interface Cell {
  s: string;
  w: number;
  mark: boolean;
}

/**
 * Lays `text` out in rows of at most `width` cells (at least 1), breaking at the last space when
 * one is in the second half of the row, else mid-word. Tabs go to the next multiple of 8; spans
 * are code-point ranges into `text`.
 */
export function layoutText(text: string, spans: readonly Span[], width: number): Layout {
  width = Math.max(1, Math.floor(width));
  const ranges = mergeRanges(spans.map((s) => [s[0], s[1]] as const));
  const rows: Cell[][] = [];
  const spanRows: number[] = [];
  let row: Cell[] = [];
  let used = 0;
  let r = 0;
  const newRow = () => {
    rows.push(row);
    row = [];
    used = 0;
  };
  const put = (cell: Cell) => {
    if (used + cell.w > width && row.length) {
      // Move the word after the row's last space (if not too far back) to the next row.
      let cut = -1;
      for (let k = row.length - 1; k >= 0 && k > row.length / 2; k--) {
        if (row[k]!.s === ' ') {
          cut = k + 1;
          break;
        }
      }
      const carry = cut > 0 ? row.splice(cut) : [];
      newRow();
      for (const c of carry) {
        row.push(c);
        used += c.w;
      }
    }
    row.push(cell);
    used += cell.w;
  };
  let i = 0;
  for (const c of text) {
    while (r < ranges.length && ranges[r]![1] <= i) r++;
    const mark = r < ranges.length && ranges[r]![0] <= i;
    if (mark && ranges[r]![0] === i)
      spanRows.push(rows.length + (used >= width && c !== '\n' ? 1 : 0));
    if (c === '\n') newRow();
    else if (c === '\t') {
      const n = 8 - (used % 8);
      for (let k = 0; k < n && used < width; k++) put({ s: ' ', w: 1, mark });
    } else {
      for (const d of neutralize(c)) put({ s: d, w: cellWidth(d), mark });
    }
    i++;
  }
  rows.push(row);
  return { rows: rows.map(toRuns), spanRows: [...new Set(spanRows)] };
}

function toRuns(cells: readonly Cell[]): Run[] {
  const runs: Run[] = [];
  for (const c of cells) {
    const last = runs[runs.length - 1];
    if (last && last.mark === c.mark) last.text += c.s;
    else runs.push({ text: c.s, mark: c.mark });
  }
  return runs;
}

/** What the header shows about an item. */
export interface Header {
  index: number;
  total: number;
  stratum?: string;
  reasons: readonly string[];
  previous?: string;
}

export const KEYS = 'g good · b bad · s skip · p/← back · space/↑↓ scroll · n next span · q quit';

/** Rows a screen `height` rows tall has for the text: the header takes 3, the key line 1; below 5 rows only the first header line stays. */
export const bodyHeight = (height: number): number =>
  height >= 5 ? height - 4 : Math.max(1, height - 1);

/** The top row that shows the next span below `top` (wrapping to the first), or `top` when there is none. */
export function nextSpanTop(layout: Layout, top: number, height: number): number {
  const last = Math.max(0, layout.rows.length - bodyHeight(height));
  const after = layout.spanRows.find((r) => Math.min(r, last) > top);
  const row = after ?? layout.spanRows[0];
  return row === undefined ? top : Math.min(row, last);
}

/** The screen's lines (`height` of them, each at most `cols` cells) with the body starting at row `top`. */
export function frame(
  h: Header,
  layout: Layout,
  top: number,
  cols: number,
  height: number,
  style: Style,
): string[] {
  const body = bodyHeight(height);
  const n = layout.rows.length;
  const shownTo = Math.min(n, top + body);
  const spanAt = layout.spanRows.filter((r) => r < shownTo).length;
  const head = fit(
    `[${h.index + 1}/${h.total}] ${h.stratum ? `stratum ${neutralize(h.stratum)}` : ''}${h.previous ? `  (answered: ${h.previous})` : ''}`,
    cols,
  );
  const reasons = fit(
    h.reasons.length ? `flagged by: ${h.reasons.map(neutralize).join(', ')}` : 'not flagged (kept)',
    cols,
  );
  const where = fit(
    `── rows ${n ? top + 1 : 0}–${shownTo} of ${n}${layout.spanRows.length ? ` · span ${spanAt} of ${layout.spanRows.length}` : ''}${shownTo < n ? ' · more below' : ''} ──`,
    cols,
  );
  const lines = [
    `${style.bold}${head}${style.reset}`,
    reasons,
    `${style.dim}${where}${style.reset}`,
  ];
  for (let k = 0; k < body; k++) {
    const row = layout.rows[top + k];
    lines.push(
      row
        ? row.map((run) => (run.mark ? `${style.on}${run.text}${style.off}` : run.text)).join('')
        : '',
    );
  }
  lines.push(`${style.dim}${fit(KEYS, cols - 1)}${style.reset}`);
  return height >= 5
    ? lines
    : [lines[0]!, ...lines.slice(3, 3 + body)].slice(0, Math.max(1, height));
}
