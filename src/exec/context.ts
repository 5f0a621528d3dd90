/**
 * What every process or thread that filters shards sets up once: its tokenizer, the compiled
 * config, and the reading options. Plain data in (it crosses to worker threads), resources out.
 */
import type { FilterConfig } from '../config/config.ts';
import type { ReadOptions } from '../io/reader.ts';
import type { Vocabulary } from '../vocab/vocabulary.ts';
import type { QualityModel } from '../formats/model.ts';
import { openSession, type TokenizerShares } from './session.ts';
import type { FilterContext } from './filter-shard.ts';
import type { DirOptions } from './shard-dir.ts';

export interface ShardTaskSetup {
  config: FilterConfig;
  vocabulary: Vocabulary | null;
  /** Quality models by location (structured-cloned into worker threads). */
  models?: Map<string, QualityModel>;
  fingerprint: string;
  audited: boolean;
  /** The budget the audit gate let the run drop at (null: unaudited). */
  gateMaxFdr: number | null;
  acceptedForeign?: boolean;
  read: ReadOptions;
  onError: 'skip' | 'fail';
  dir: string;
  dirOptions: DirOptions;
  /** The rank tables the worker threads share (set by the pool when two or more tokenize). */
  shares?: TokenizerShares;
}

/** Opens the context; `close()` frees the tokenizer (WASM memory is not garbage-collected). */
export function openShardContext(s: ShardTaskSetup): { ctx: FilterContext; close: () => void } {
  const { evaluator, tokenizer, close } = openSession(s.config, s.vocabulary, s.models, s.shares);
  const ctx: FilterContext = {
    config: s.config,
    fingerprint: s.fingerprint,
    audited: s.audited,
    gateMaxFdr: s.gateMaxFdr,
    ...(s.acceptedForeign && { acceptedForeign: true }),
    evaluator,
    tokenizer,
    read: s.read,
    onError: s.onError,
  };
  return { ctx, close };
}
