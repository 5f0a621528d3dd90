/** What every step of the demo shares: its options and result, the context, a config's options. */
import { DEFAULT_READ } from '../io/reader.ts';
import type { LoadedConfig } from './load-config.ts';
import type { FilterRunOptions } from './run.ts';

export interface DemoOptions {
  /** The output folder (replaced). */
  dir: string;
  /** The fixtures folder (shards/, labels/). */
  fixtures: string;
  /** Where the story goes, a few lines per step. */
  log: (text: string) => void;
  /** Worker threads of the runs (default 1). */
  workers?: number;
  /** Time stamped on the reports (ISO 8601; default now). */
  generatedAt?: string;
}

export interface DemoResult {
  /** Cross-fitted AUC of the first and the retrained model, and their training labels. */
  models: { labels: number; auc: number }[];
  /** The audit of the learned config: its verdict, and whether `run` passed the gate. */
  gate: { pass: boolean; fdrUpper: number | null; maxFdr: number; audited: boolean };
  /** The pair audit: labeled pairs, those judged not duplicates, the estimate over all clustered pairs. */
  pairs: { labeled: number; notDuplicate: number; rate: number; upper: number; population: number };
  /** Files written, relative to `dir`. */
  outputs: string[];
}

export const pct = (x: number | null): string =>
  x === null || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)} %`;

/** What every step shares: where things are, how to tell the story, what was written. */
export interface Ctx {
  at: (p: string) => string;
  say: (title: string, ...lines: string[]) => void;
  wrote: (...ps: string[]) => void;
  shards: string;
  read: typeof DEFAULT_READ;
  workers: number;
  generatedAt: string;
}

/** A filter or run of a loaded config, gate closed unless opened. */
export const base = (l: LoadedConfig): FilterRunOptions => ({
  config: l.config,
  vocabulary: l.vocabulary,
  models: l.models,
  fingerprint: l.fingerprint,
  gate: {},
  read: DEFAULT_READ,
});
