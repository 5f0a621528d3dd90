/** Building blocks of the HTML report: escaped text, table cells and chart figures. */
import { escapeHtml, oneLine, visible } from './escape.ts';

/** Escaped text of a one-line field (id, name): control characters made visible. */
export const t = (s: string): string => escapeHtml(oneLine(s));
/** Escaped text of prose from the data that may span lines (notes, excerpts). */
export const tv = (s: string): string => escapeHtml(visible(s));

export const th = (cells: readonly (string | [string, 'n'])[]) =>
  `<tr>${cells.map((c) => (Array.isArray(c) ? `<th class="n">${c[0]}</th>` : `<th>${c}</th>`)).join('')}</tr>`;
export const td = (html: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${html}</td>`;
export const figure = (svg: string, caption = '') =>
  `<figure>${svg}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
