/**
 * `sample --strategy uncertainty`: score every document with a quality model and keep the n whose
 * p_bad is nearest the threshold, one per distinct text, none whose text is already labeled (in
 * `exclude` files or among the model's training documents). Writes each chosen record's original
 * bytes plus `"winnow_sample": {"design": "uncertainty", …}`, and `<out>.strata.json` saying so,
 * so `winnow label` works on it unchanged and `winnow audit` refuses it.
 */
import { contentHash } from '../formats/model.ts';
import { getField } from '../io/fields.ts';
import { readDocs } from '../io/read-docs.ts';
import type { ReadOptions } from '../io/reader.ts';
import { resolveShards } from '../io/shards.ts';
import { readText } from '../io/store.ts';
import { serializeStrata } from '../formats/strata.ts';
import { spliceField } from '../io/splice.ts';
import { openOutput, writeFileAtomic } from '../io/writer.ts';
import { UsageError } from '../errors.ts';
import { pBad } from '../scorers/quality.ts';
import { UncertaintySampler } from '../sampling/uncertainty.ts';
import { readModel } from './models.ts';

export interface UncertaintySampleOptions {
  shards: readonly string[];
  model: string;
  n: number;
  threshold: number;
  /** Labeled JSONL files whose texts are not to be asked again. */
  exclude: readonly string[];
  out: string;
  strataOut: string;
  read: ReadOptions;
}

export interface UncertaintySampleResult {
  chosen: number;
  seen: number;
  excluded: number;
  duplicates: number;
  errors: number;
  modelHash: string;
}

/** Content hashes of the texts in labeled JSONL files (lines without a text are ignored). */
async function labeledHashes(files: readonly string[], textField: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const f of files) {
    let text: string;
    try {
      text = await readText(f);
    } catch (e) {
      throw new UsageError(
        `Cannot read --exclude ${f}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    for (const line of text.replace(/^\uFEFF/, '').split('\n')) {
      if (!line.trim()) continue;
      try {
        const t = getField(JSON.parse(line) as Record<string, unknown>, textField);
        if (typeof t === 'string') out.add(contentHash(t));
      } catch {
        // A malformed line names no text to exclude; the labels file's own checks report it.
      }
    }
  }
  return out;
}

export async function sampleUncertainty(
  o: UncertaintySampleOptions,
): Promise<UncertaintySampleResult> {
  const { model, hash } = await readModel(o.model);
  const exclude = await labeledHashes(o.exclude, o.read.textField);
  for (const h of model.trainingDocs) exclude.add(h);
  const shards = await resolveShards(o.shards);
  const sampler = new UncertaintySampler<Buffer>(o.n, o.threshold, exclude);
  let errors = 0;
  const sinks = { bad: () => void errors++, failed: () => void errors++ };
  for (const shard of shards) {
    for await (const d of readDocs(shard, sinks, o.read)) {
      sampler.add({
        pBad: pBad(model, d.text),
        hash: contentHash(d.text),
        shard: d.shard,
        line: d.line,
        payload: d.raw,
      });
    }
  }
  const chosen = sampler.finish();
  const out = await openOutput(o.out);
  for (const c of chosen) {
    const field = {
      design: 'uncertainty',
      p_bad: c.pBad,
      threshold: o.threshold,
      model: hash,
      shard: c.shard,
      line: c.line,
    };
    await out.write(
      Buffer.concat([
        spliceField(c.payload, 'winnow_sample', JSON.stringify(field)),
        Buffer.from('\n'),
      ]),
    );
  }
  await out.close();
  await writeFileAtomic(
    o.strataOut,
    serializeStrata({
      design: 'uncertainty',
      fingerprint: null,
      model: hash,
      threshold: o.threshold,
      n: o.n,
      strata: [],
      note: 'chosen for uncertainty, not at random: labels for training, never for an audit',
    }),
  );
  return {
    chosen: chosen.length,
    seen: sampler.seen,
    excluded: sampler.excluded,
    duplicates: sampler.duplicates,
    errors,
    modelHash: hash,
  };
}
