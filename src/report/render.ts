/** One entry point for the three formats, chosen by the output file's extension. */
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import type { Summary } from './summary.ts';

export type ReportFormat = 'html' | 'md' | 'json';

/** `report.html` → html, `report.md` / `.markdown` → md, `report.json` → json; null otherwise. */
export function formatOf(path: string): ReportFormat | null {
  const m = /\.(html?|md|markdown|json)$/i.exec(path);
  if (!m) return null;
  const ext = m[1]!.toLowerCase();
  return ext.startsWith('htm') ? 'html' : ext === 'json' ? 'json' : 'md';
}

/** The report in one format. */
export async function renderReport(s: Summary, format: ReportFormat): Promise<string> {
  return format === 'html' ? renderHtml(s) : format === 'json' ? renderJson(s) : renderMarkdown(s);
}
