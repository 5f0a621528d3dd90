/** winnow's library: everything the CLI does, importable. Re-exports only. */
export type { Document, BadLine, Span } from './document.ts';
export { UsageError, DataError, GateError } from './errors.ts';
export {
  readShard,
  DEFAULT_READ,
  type ShardInput,
  type ShardItem,
  type ReadOptions,
  type OversizeLine,
} from './io/reader.ts';
export { resolveShards, shardsOfRank, commonRoot } from './io/shards.ts';
export { openOutput, stdoutOutput, LineWriter, type Output } from './io/writer.ts';
export { serializeBadLine, writeOversizeLine } from './io/bad-lines.ts';
export { outputName } from './io/output-names.ts';
export { openTokenizer, type Tokenizer, type EncodingName } from './tokenize/tokenizer.ts';
export {
  count,
  countShard,
  totalCounts,
  type ShardCount,
  type CountFlowOptions,
  type CountFlowResult,
} from './flows/count.ts';
export { vocab, type VocabFlowOptions, type VocabFlowResult } from './flows/vocab.ts';
export { merge, type MergeFlowOptions, type MergeFlowResult } from './flows/merge.ts';
export { score, type ScoreFlowOptions, type ScoreFlowResult } from './flows/score.ts';
export {
  scoreDocs,
  scoreItems,
  dolmaAttributes,
  type ScoredDoc,
  type ScoredItem,
} from './rules/score-step.ts';
export { createEvaluator, type Evaluator, type Evaluation } from './rules/evaluator.ts';
export {
  parseConfig,
  resolveConfig,
  presetConfig,
  PRESETS,
  SCORER_VERSION,
  type FilterConfig,
} from './config/config.ts';
export { canonicalConfig, fingerprint } from './config/fingerprint.ts';
export { FILTERS, createFilter, scoreDocument, type Filter } from './scorers/registry.ts';
export { decide, thresholdRule, type Op, type ThresholdRule } from './rules/threshold.ts';
export { createContext } from './scorers/context.ts';
export type { Scorer, Scored, Rule, DocContext } from './scorers/types.ts';
export { splitWords } from './text/words.ts';
export { countSentences } from './text/sentences.ts';
export { codePointLength } from './text/codepoints.ts';
export * from './audit/index.ts';
export * from './report/index.ts';
export { runAudit, type AuditResult, type AuditItem } from './audit/audit.ts';
export { StratifiedDesign } from './sampling/design.ts';
export { TokenPpsDesign } from './sampling/token-pps.ts';
export {
  emptyVocabulary,
  encodeVocabulary,
  decodeVocabulary,
  mergeVocabularies,
  vocabularyHash,
  type Vocabulary,
} from './vocab/vocabulary.ts';
export {
  parseStats,
  statsJson,
  mergeAll as mergeStats,
  conservation,
  type Stats,
} from './stats/stats.ts';
export { filterShard } from './exec/filter-shard.ts';
export { openSession } from './exec/session.ts';
/** Language ID: load a config's language models (once per thread) before openSession / createEvaluator. */
export { loadLanguageModels, bundledModelPath } from './lid/models.ts';
export { loadFastText, type FastTextModel } from './lid/fasttext.ts';
export type { LanguageIdentifier } from './lid/identifier.ts';
// The CLI (yargs) is not loaded by `import 'winnow-corpus'`: run it with the `winnow` command.
export { scoreText, scoreDocuments, type TextScore, type ConfigLike } from './flows/score-text.ts';
export * as store from './io/store.ts';
export {
  parseAuditRecord,
  serializeAuditRecord,
  checkVerdict,
  AUDIT_RECORD_VERSION,
  type AuditRecord,
} from './formats/audit-record.ts';
export {
  parseRunSettings,
  serializeRunSettings,
  parseDoneMarker,
  serializeDoneMarker,
  type RunSettings,
  type DoneMarker,
} from './formats/run-json.ts';
export {
  checkGate,
  checkBudget,
  DEFAULT_MAX_FDR,
  type GateOptions,
  type GateResult,
} from './exec/gate.ts';
export {
  sample,
  type SampleFlowOptions,
  type SampleFlowResult,
  type SampleTotals,
} from './flows/sample.ts';
export {
  sampleUncertainty,
  type UncertaintySampleOptions,
  type UncertaintySampleResult,
} from './flows/uncertainty-sample.ts';
export { checkPredictionAttr, predictionOf, type Predictions } from './sampling/predictions.ts';
export { audit, type AuditFlowOptions, type AuditFlowResult } from './flows/audit.ts';
export { auditPlan, type AuditPlanOptions } from './flows/audit-plan.ts';
export { renderAuditSummary } from './report/audit-text.ts';
export { filter, type FilterFlowOptions, type FilterFlowResult } from './flows/filter.ts';
export {
  run,
  runDirectory,
  type RunFlowOptions,
  type RunFlowResult,
  type FilterRunOptions,
} from './flows/run.ts';
export { loadConfig, type ConfigChoice, type LoadedConfig } from './flows/load-config.ts';
export { report, type ReportFlowOptions, type ReportFlowResult } from './flows/report.ts';
export {
  planSlurm,
  submitSlurm,
  mergeJobScript,
  type SlurmFlowOptions,
  type SlurmJobs,
  type SlurmSubmitEvents,
} from './flows/slurm.ts';
export {
  planSlurmDedup,
  submitSlurmDedup,
  type SlurmDedupOptions,
  type SlurmDedupJobs,
} from './flows/slurm-dedup.ts';
export { train, type TrainFlowOptions, type TrainFlowResult } from './flows/train.ts';
export {
  dedupMinhash,
  dedupExact,
  type DedupMinhashOptions,
  type DedupMinhashResult,
  type DedupExactOptions,
  type DedupExactResult,
} from './flows/dedup.ts';
export {
  samplePairs,
  auditPairs,
  type SamplePairsOptions,
  type SamplePairsResult,
  type AuditPairsOptions,
} from './flows/dedup-pairs.ts';
