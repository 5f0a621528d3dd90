/** The audit's statistics core: pure functions, no I/O. Re-exports only. */
export {
  betaDensity,
  betaQuantile,
  betaQuantileUpper,
  incompleteBeta,
  incompleteBetaUpper,
  logBeta,
  logBetaPrefix,
  logGamma,
  stirlingRemainder,
} from './beta.ts';
export { normalQuantile, normalUpperQuantile } from './normal.ts';
export {
  agrestiCoullInterval,
  binomialInterval,
  checkCounts,
  clopperPearsonInterval,
  clopperPearsonUpper,
  effectiveSampleSize,
  jeffreysInterval,
  kornGraubardInterval,
  logitInterval,
  wilsonInterval,
  type Interval,
  type IntervalMethod,
  type IntervalOptions,
  type ProportionEstimate,
  type Side,
} from './intervals.ts';
export {
  confusionIntervals,
  confusionMetrics,
  confusionOf,
  fBeta,
  matthews,
  type Confusion,
  type ConfusionMetrics,
  type LabeledDecision,
  type ProportionMetric,
  type ProportionSummary,
} from './confusion.ts';
export {
  compositeFpr,
  compositePrevalence,
  compositeRecall,
  fprFrom,
  prevalenceFrom,
  recallFrom,
  roganGladen,
  stratifiedMean,
  stratifiedProportion,
  stratifiedRatio,
  stratifiedRatioTotal,
  stratifiedTotal,
  type CompositeEstimate,
  type Estimate,
  type FlagCounts,
  type ProportionStratum,
  type RatioStratum,
  type RatioTotalStratum,
  type ValueStratum,
} from './stratified.ts';
export { delongAuc, weightedAuc, type AucEstimate, type ScoredLabel } from './delong.ts';
export { agreementTable, cohenKappa, type Agreement, type AgreementTable } from './agreement.ts';
export {
  logNormalInterval,
  projectCorpus,
  scaleByCount,
  screeningCounts,
  screeningRates,
  type CorpusCounts,
  type CorpusProjection,
  type MeasuredRates,
  type Projected,
  type ScreeningModel,
} from './projection.ts';
export {
  gatingPower,
  gatingSampleSize,
  neymanAllocation,
  rareRateSampleSize,
  srsSampleSize,
  stratifiedSampleSize,
  zeroFailureSampleSize,
  type PlanStratum,
} from './planner.ts';
export {
  fdrTestPValue,
  fixedSequence,
  prCurve,
  rocCurve,
  selectThreshold,
  sweepCounts,
  type SweepPoint,
  type ThresholdTest,
} from './sweep.ts';
export {
  stratifiedBootstrap,
  type BootstrapResult,
  type BootstrapStratum,
  type Weighted,
} from './bootstrap.ts';
export { mulberry32, randomIndex } from './random.ts';
export { jaccard, ruleFdr, shapleyShares, type RuleLabel } from './attribution.ts';
