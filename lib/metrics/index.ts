/**
 * Success metrics of a score (PRODUCT.md "Success metrics"): outcomes from a snapshot, per-band
 * metrics, AUC, cumulative gains, lift by decile and the score histogram, and their assembly for the
 * insights dashboard (`insights`).
 */
export { auc, aucRanked, type AucResult, type FlagArray, type ScoreArray } from "./auc";
export { assignBands, bandMetrics, UNBANDED, type BandMetricsInput, type BandMetricsResult, type BandStats } from "./bands";
export {
  cumulativeGains,
  gainAt,
  liftByDecile,
  scoreHistogram,
  type DecileLift,
  type GainsCurve,
  type GainsPoint,
  type ScoreHistogram,
  type WeightArray,
} from "./gains";
export {
  bandCountsOverTime,
  buildInsightsReport,
  checkHistory,
  dataSpan,
  scopeMask,
  segmentMask,
  segmentOptions,
  SIZE_SEGMENTS,
  summarizeVersion,
  type BandCountsPoint,
  type DataSpan,
  type GainsChartPoint,
  type HistogramBin,
  type HistoryCheck,
  type InsightsConversion,
  type InsightsReport,
  type InsightsReportInput,
  type PublishBandCounts,
  type SegmentFilter,
  type SegmentOption,
  type SegmentOptions,
  type SizeSegment,
  type VersionSummary,
} from "./insights";
export {
  currentOutcomes,
  DAY_MS,
  outcomesFromSnapshot,
  outcomesInWindow,
  type AccountOutcomes,
  type OutcomeOptions,
  type OutcomeWarnings,
} from "./outcomes";
export { groupWeights, rankScores, type ScoreRanking } from "./ranking";
export { medianIqr, quantileSorted, wilson, type MedianIqr, type RateEstimate } from "./stats";
