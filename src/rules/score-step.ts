/**
 * The scoring step: documents in, each scored and decided by the evaluator. `scoreDocs` is a
 * step over readDocs; `scoreItems` keeps the older shard-item stream (blank, bad and failed items
 * pass through untouched) for library users of readShard.
 */
import type { Document, Span } from '../document.ts';
import type { ShardItem } from '../io/reader.ts';
import type { Evaluator } from './evaluator.ts';
import type { Scored } from '../scorers/types.ts';

/** What scoring needs of a tokenizer. */
export interface TokenEncoder {
  encode(text: string): { ids: Uint32Array; approximate: boolean };
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
  for await (const doc of docs) yield scoreDoc(doc, evaluator, tokenizer);
}

function scoreDoc(doc: Document, evaluator: Evaluator, tokenizer: TokenEncoder | null): ScoredDoc {
  const enc = tokenizer ? tokenizer.encode(doc.text) : null;
  const { scored, reasons, chars } = evaluator.evaluate(doc.text, enc ? () => enc.ids : undefined, {
    shard: doc.shard,
    line: doc.line,
  });
  return {
    kind: 'scored',
    doc,
    scored,
    reasons,
    tokens: enc ? enc.ids.length : null,
    approximateTokens: enc?.approximate ?? false,
    chars,
  };
}

/** Scores every document of a shard's item stream. */
export async function* scoreItems(
  items: AsyncIterable<ShardItem>,
  evaluator: Evaluator,
  tokenizer: TokenEncoder | null,
): AsyncGenerator<ScoredItem> {
  for await (const item of items) {
    if (item.kind !== 'doc') {
      yield item;
      continue;
    }
    yield scoreDoc(item.doc, evaluator, tokenizer);
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
