/**
 * `winnow dedup exact`: one pass over the shards in order (single machine; the seen-before sets
 * are held in memory, 16 bytes of hash per distinct document and paragraph plus Map overhead),
 * then `DIR/exact.jsonl`, written whole; a rerun with the file present does nothing.
 */
import type { ReadOptions } from '../io/reader.ts';
import { documentsOf } from './documents.ts';
import { resolveShards } from '../io/shards.ts';
import { serializeExact } from '../formats/exact.ts';
import { ExactDeduper, type ExactFinding } from './exact.ts';
import { exists, joinPath, readWhole, writeWhole } from './store.ts';

export const exactPath = (dir: string): string => joinPath(dir, 'exact.jsonl');

export interface ExactResult {
  readonly skipped: boolean;
  readonly documents: number;
  readonly duplicates: number;
  readonly duplicate_paragraphs: number;
}

export async function dedupExactRun(o: {
  inputs: readonly string[];
  out: string;
  minParagraph?: number;
  read?: Partial<ReadOptions>;
}): Promise<ExactResult> {
  const path = exactPath(o.out);
  if (await exists(path)) {
    const head = JSON.parse(
      (await readWhole(path)).toString('utf8').split('\n', 1)[0]!,
    ) as ExactResult;
    return {
      skipped: true,
      documents: head.documents,
      duplicates: head.duplicates,
      duplicate_paragraphs: head.duplicate_paragraphs,
    };
  }
  const minParagraph = o.minParagraph ?? 20;
  const shards = await resolveShards(o.inputs);
  const index = new Map(shards.map((s, i) => [s.name, i]));
  const dedup = new ExactDeduper(minParagraph);
  const rows: { shard: number; line: number; finding: ExactFinding; dupShard: number }[] = [];
  let documents = 0;
  let duplicates = 0;
  let paragraphs = 0;
  for (const [i, s] of shards.entries()) {
    for await (const doc of documentsOf(s, o.read)) {
      documents++;
      const f = dedup.add(s.name, doc.line, doc.text);
      if (f.duplicateOf) duplicates++;
      paragraphs += f.paragraphs.length;
      if (f.duplicateOf || f.paragraphs.length)
        rows.push({
          shard: i,
          line: doc.line,
          finding: f,
          dupShard: f.duplicateOf ? index.get(f.duplicateOf.shard)! : -1,
        });
    }
  }
  const summary = { documents, duplicates, duplicate_paragraphs: paragraphs };
  await writeWhole(
    path,
    serializeExact(
      { min_paragraph: minParagraph, shards: shards.map((s) => s.name), ...summary },
      rows,
    ),
  );
  return { skipped: false, ...summary };
}
