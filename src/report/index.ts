/** The pruning report: stats (+ audit, + examples) → Summary → Markdown, JSON or HTML. */
export { buildSummary, displayBins, REPORT_VERSION } from './summary.ts';
export type { AuditRecord, ExampleDoc, ExamplesInput, Summary, SummaryInput } from './summary.ts';
export { excerptOf, cleanSpans, EXCERPT_CHARS, type Excerpt, type Segment } from './excerpt.ts';
export { chooseExamples, rulesByHits } from './examples.ts';
export {
  thresholdsFromAudit,
  thresholdsFromConfig,
  type ThresholdMark,
  type Thresholds,
} from './thresholds.ts';
export { renderMarkdown } from './markdown.ts';
export { renderJson } from './json.ts';
export { renderHtml, CSP } from './html.ts';
export { renderReport, formatOf, type ReportFormat } from './render.ts';
