/**
 * The scoring step: documents in, each scored and decided by the evaluator. `scoreDocs` is a
 * step over readDocs; `scoreItems` keeps the older shard-item stream (blank, bad and failed items
 * pass through untouched) for library users of readShard.
 */
import type { Document, Span } from '../document.ts';
import type { ShardItem } from '../io/reader.ts';
import type { Evaluator } from './evaluator.ts';
import type { Scored } from '../scorers/types.ts';
import { TOKEN_FILTERS } from '../scorers/registry.ts';

/**
 * What scoring needs of a tokenizer. With `count`, a config whose filters read no token ids
 * (the presets) gets its token counts without an id array being filled and copied per document.
 */
export interface TokenEncoder {
  encode(text: string): { ids: Uint32Array; approximate: boolean };
  count?(text: string): { count: number; approximate: boolean };
}

export interface ScoredDoc {
  readonly kind: 'scored';
  readonly doc: Document;
  readonly scored: Scored;
  /** All fired reasons; empty means keep. */
  readonly reasons: readonly string[];
  /** Token count, or null with `tokenizer: none`. */
  readonly tokens: number | null;
  /** The token count took the bounded path for a very long piece. */
  readonly approximateTokens: boolean;
  /** Code points of the text. */
  readonly chars: number;
}

export type ScoredItem = Exclude<ShardItem, { kind: 'doc' }> | ScoredDoc;

/** Scores each document, in order. */
export async function* scoreDocs(
  docs: AsyncIterable<Document>,
  evaluator: Evaluator,
  tokenizer: TokenEncoder | null,
): AsyncGenerator<ScoredDoc> {
  const countOnly = countsOnly(evaluator, tokenizer);
  for await (const doc of docs) yield scoreDoc(doc, evaluator, tokenizer, countOnly);
}

/** True when no filter reads token ids and the tokenizer can count without them. */
function countsOnly(evaluator: Evaluator, tokenizer: TokenEncoder | null): boolean {
  return !!tokenizer?.count && !evaluator.filters.some((f) => TOKEN_FILTERS.has(f.name));
}

function scoreDoc(
  doc: Document,
  evaluator: Evaluator,
  tokenizer: TokenEncoder | null,
  countOnly: boolean,
): ScoredDoc {
  const text = doc.text;
  let ids: (() => Uint32Array) | undefined;
  let tokens: number | null = null;
  let approximateTokens = false;
  if (tokenizer && countOnly) {
    const c = tokenizer.count!(text);
    tokens = c.count;
    approximateTokens = c.approximate;
    // no filter is known to read ids; should one ask all the same, it gets them
    let memo: Uint32Array | undefined;
    ids = () => (memo ??= tokenizer.encode(text).ids);
  } else if (tokenizer) {
    const enc = tokenizer.encode(text);
    tokens = enc.ids.length;
    approximateTokens = enc.approximate;
    ids = () => enc.ids;
  }
  const { scored, reasons, chars } = evaluator.evaluate(text, ids, {
    shard: doc.shard,
    line: doc.line,
  });
  return { kind: 'scored', doc, scored, reasons, tokens, approximateTokens, chars };
}

/** Scores every document of a shard's item stream. */
export async function* scoreItems(
  items: AsyncIterable<ShardItem>,
  evaluator: Evaluator,
  tokenizer: TokenEncoder | null,
): AsyncGenerator<ScoredItem> {
  const countOnly = countsOnly(evaluator, tokenizer);
  for await (const item of items) {
    if (item.kind !== 'doc') {
      yield item;
      continue;
    }
    yield scoreDoc(item.doc, evaluator, tokenizer, countOnly);
  }
}

/** Dolma attribute record: `{"id", "attributes": {"winnow__<filter>__<key>": [[0, len, value]], ...spans}}`. */
export function dolmaAttributes(d: ScoredDoc): {
  id: string;
  attributes: Record<string, (readonly number[])[]>;
} {
  const attributes: Record<string, (readonly number[])[]> = {};
  const key = (name: string) => `winnow__${name.replace('.', '__')}`;
  for (const name of Object.keys(d.scored.attrs).sort())
    attributes[key(name)] = [[0, d.chars, d.scored.attrs[name]!]];
  for (const name of Object.keys(d.scored.spans).sort())
    attributes[key(name)] = d.scored.spans[name]!.map((s: Span) => [s[0], s[1], s[2]]);
  return { id: d.doc.id, attributes };
}
