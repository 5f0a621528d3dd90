/**
 * The demo's stand-in for people: the fixture annotators. A fixture document carries its
 * generator's truth (`kind`: `prose` is good, any other kind bad); each annotator gives that
 * truth but disagrees with it on a fixed share of documents (A 5 %, B 8 %, as in the fixtures'
 * labels file), drawn independently per annotator from a hash of the document's id, so a
 * document gets the same answer in every sample. A pair of documents is labeled from the planted
 * truth file (fixtures/labels/planted-pairs.jsonl), without noise. The lines are the ones
 * `winnow label` appends (the record, its `label`, its `label_item`), and the sample's strata
 * file is copied beside them, as the labeler does.
 */
import { createHash } from 'node:crypto';
import { isDuplicate, parsePlantedPairs } from '../formats/planted-pairs.ts';
import { strataPathOf } from '../io/output-names.ts';
import { spliceField } from '../io/splice.ts';
import * as store from '../io/store.ts';
import { answerLine } from '../label/labels-file.ts';
import { DataError } from '../errors.ts';

/** Who labels: the label field each fills and the share of documents on which each disagrees with the truth. */
export const ANNOTATORS = [
  { field: 'label', name: 'a', flip: 0.05 },
  { field: 'label_b', name: 'b', flip: 0.08 },
] as const;

type Annotator = (typeof ANNOTATORS)[number];

/** A uniform number in [0, 1) from the annotator and the document id. */
const draw = (who: Annotator, id: string): number =>
  createHash('sha256').update(`${who.name}\n${id}`).digest().readUInt32BE(0) / 2 ** 32;

/** What `who` says of a fixture document of `kind`. */
export function annotate(who: Annotator, kind: string, id: string): 'good' | 'bad' {
  const truth = kind === 'prose' ? 'good' : 'bad';
  return draw(who, id) < who.flip ? (truth === 'good' ? 'bad' : 'good') : truth;
}

const records = async (path: string): Promise<{ raw: Buffer; rec: Record<string, unknown> }[]> =>
  (await store.readText(path))
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const rec = JSON.parse(l) as Record<string, unknown>;
      if (!rec || typeof rec !== 'object')
        throw new DataError('expected a JSON object', path, i + 1);
      return { raw: Buffer.from(l, 'utf8'), rec };
    });

async function writeLabels(input: string, out: string, lines: Buffer[]): Promise<void> {
  await store.writeAtomic(out, Buffer.concat(lines));
  if (await store.exists(strataPathOf(input)))
    await store.writeAtomic(strataPathOf(out), await store.read(strataPathOf(input)));
}

export interface DocLabels {
  labeled: number;
  /** Annotator A's bad labels. */
  bad: number;
  /** Where A (`label`) disagrees with the truth. */
  flipped: number;
}

/** Labels every document of a to-label file (winnow sample) as both annotators would, into `out`. */
export async function labelDocuments(input: string, out: string): Promise<DocLabels> {
  const [a, b] = ANNOTATORS;
  let bad = 0;
  let flipped = 0;
  const lines = (await records(input)).map(({ raw, rec }, i) => {
    const kind = String(rec.kind);
    const id = String(rec.id);
    const label = annotate(a, kind, id);
    if (label === 'bad') bad++;
    if ((label === 'good') !== (kind === 'prose')) flipped++;
    return answerLine(
      spliceField(raw, b.field, JSON.stringify(annotate(b, kind, id))),
      i + 1,
      label,
    );
  });
  await writeLabels(input, out, lines);
  return { labeled: lines.length, bad, flipped };
}

export interface PairLabels {
  labeled: number;
  notDuplicate: number;
  /** Not duplicates, yet with the same 5-gram set once MinHash has normalised their texts. */
  sameShingles: number;
}

/** Labels every pair of a pairs file (winnow sample --pairs) from the planted truth, into `out`. */
export async function labelPairs(input: string, out: string, truth: string): Promise<PairLabels> {
  const dup = isDuplicate(parsePlantedPairs(await store.readText(truth), truth));
  let notDuplicate = 0;
  let sameShingles = 0;
  const lines = (await records(input)).map(({ raw, rec }, i) => {
    const id = (side: unknown) => String((side as { id?: unknown } | undefined)?.id);
    const same = dup(id(rec.a), id(rec.b));
    if (!same) notDuplicate++;
    if (!same && (rec.winnow_pair as { jaccard?: unknown } | undefined)?.jaccard === 1)
      sameShingles++;
    return answerLine(raw, i + 1, same ? 'duplicate' : 'not_duplicate');
  });
  await writeLabels(input, out, lines);
  return { labeled: lines.length, notDuplicate, sameShingles };
}
