/** Small to-label files for the labeler tests, written as `winnow sample` writes them. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROSE_SENTENCES } from '../_helpers.ts';

export interface ToLabel {
  id: string;
  text: string;
  stratum: string;
  reasons?: string[];
  spans?: Record<string, [number, number, number][]>;
}

/** `n` documents in two strata; every third is flagged, with a span on its second sentence. */
export function documents(n: number): ToLabel[] {
  return Array.from({ length: n }, (_, i) => {
    const sentences = [...PROSE_SENTENCES.slice(i % 6), ...PROSE_SENTENCES.slice(0, i % 6)];
    const text = `Item ${i + 1}. ` + sentences.join(' ');
    if (i % 3 !== 1) return { id: `d${i + 1}`, text, stratum: 'kept' };
    const s = Array.from(text).length - Array.from(sentences.slice(1).join(' ')).length;
    return {
      id: `d${i + 1}`,
      text,
      stratum: 'dropped:c4_quality',
      reasons: ['c4_quality/policy'],
      spans: { 'c4_quality.bad_lines': [[s, s + Array.from(sentences[1]!).length, 1]] },
    };
  });
}

/** Writes `to-label.jsonl` (and its strata file) under `dir`; returns its path. */
export function writeToLabel(dir: string, docs: readonly ToLabel[], name = 'to-label'): string {
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(
    path,
    docs
      .map((d) =>
        JSON.stringify({
          id: d.id,
          text: d.text,
          winnow_sample: { stratum: d.stratum, reasons: d.reasons ?? [], spans: d.spans ?? {} },
        }),
      )
      .join('\n') + '\n',
  );
  const strata = [...new Set(docs.map((d) => d.stratum))].map((s) => ({
    name: s,
    sample_size: docs.filter((d) => d.stratum === s).length,
  }));
  writeFileSync(
    join(dir, `${name}.strata.json`),
    JSON.stringify({ fingerprint: 'sha256:test', strata }) + '\n',
  );
  return path;
}
