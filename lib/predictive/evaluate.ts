/**
 * Held-out evaluation of predictive models: stratified k-fold and time-based splits, and the
 * metrics shown before a model is published (AUC, log loss, Brier score, reliability curve, lift by
 * decile), always with the sample sizes they rest on.
 *
 * Every fold fits its own pipeline on its training rows only (see features.ts), so no statistic of
 * a test row leaks into the model that scores it.
 */
import { auc as metricsAuc } from "../metrics/auc";
import { type DecileLift, liftByDecile as metricsLift } from "../metrics/gains";
import type { FeatureFrame } from "./frame";

export type { DecileLift };
import { PredictiveInputError } from "./frame";
import type { PipelineOptions } from "./features";
import { assertTrainingData } from "./guards";
import { type LearnerKind, type TrainOptions, fitPredictor, scoreFrame } from "./model";
import { createRng } from "./random";

function flags(labels: ArrayLike<number>): Uint8Array {
  if (labels instanceof Uint8Array) return labels;
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] > 0.5 ? 1 : 0;
  return out;
}

function scoreArray(scores: ArrayLike<number>): Float64Array | Float32Array {
  return scores instanceof Float64Array || scores instanceof Float32Array ? scores : Float64Array.from(scores);
}

/**
 * Area under the ROC curve (Mann–Whitney, ties count one half), from lib/metrics so that the
 * evaluation and the insights dashboard compute the same figure. NaN when a class is absent.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (scores.length !== labels.length) throw new Error("scores and labels differ in length");
  return metricsAuc(scoreArray(scores), flags(labels)).auc ?? NaN;
}

/** Mean negative log-likelihood of 0/1 labels under the probabilities (clipped to [1e-15, 1 − 1e-15]). */
export function logLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probs[i]));
    s -= labels[i] > 0.5 ? Math.log(p) : Math.log(1 - p);
  }
  return s / Math.max(1, probs.length);
}

/** Mean squared difference between probability and outcome. */
export function brierScore(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) s += (probs[i] - (labels[i] > 0.5 ? 1 : 0)) ** 2;
  return s / Math.max(1, probs.length);
}

/** One bin of a reliability curve. */
export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  /** mean predicted probability in the bin (NaN when empty) */
  predicted: number;
  /** observed positive rate in the bin (NaN when empty) */
  observed: number;
}

/** Reliability curve over equal-width probability bins (default 10). */
export function calibrationCurve(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(probs[i] * bins)));
    count[b]++;
    sumP[b] += probs[i];
    sumY[b] += labels[i] > 0.5 ? 1 : 0;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: count[b],
    predicted: count[b] ? sumP[b] / count[b] : NaN,
    observed: count[b] ? sumY[b] / count[b] : NaN,
  }));
}

/**
 * Lift by decile (decile 1 = highest scores; ties shared across a boundary), from lib/metrics so the
 * figure matches the insights dashboard.
 */
export function liftByDecile(scores: ArrayLike<number>, labels: ArrayLike<number>): DecileLift[] {
  return metricsLift(scoreArray(scores), flags(labels));
}

/**
 * Assign every row to one of k folds so that each fold holds the same share of positives (class
 * sizes per fold differ by at most one). Deterministic for a seed.
 */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed = 7): Int32Array {
  if (!(k >= 2) || !Number.isInteger(k)) throw new Error(`folds must be an integer ≥ 2, got ${k}`);
  const n = labels.length;
  const fold = new Int32Array(n);
  const rng = createRng(seed);
  let offset = 0;
  for (const cls of [1, 0]) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if ((labels[i] > 0.5 ? 1 : 0) === cls) idx.push(i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    // Continue dealing where the previous class stopped so fold sizes stay balanced overall.
    for (let r = 0; r < idx.length; r++) fold[idx[r]] = (offset + r) % k;
    offset = (offset + idx.length) % k;
  }
  return fold;
}

/** Train on rows before a cutoff time, test on rows at or after it. */
export interface TimeSplit {
  train: Int32Array;
  test: Int32Array;
  cutoff: number;
}

/**
 * Time-based split: the latest `testFraction` of rows (by time) are the test set, unless an explicit
 * `cutoff` is given. Rows with a missing (NaN) time are left out of both sides.
 */
export function timeSplit(times: ArrayLike<number>, options: { testFraction?: number; cutoff?: number } = {}): TimeSplit {
  const valid: number[] = [];
  for (let i = 0; i < times.length; i++) if (Number.isFinite(times[i])) valid.push(i);
  let cutoff = options.cutoff;
  if (cutoff === undefined) {
    const frac = options.testFraction ?? 0.2;
    const sorted = valid.map((i) => times[i]).sort((a, b) => a - b);
    cutoff = sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(sorted.length * (1 - frac))))];
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const i of valid) (times[i] < cutoff! ? train : test).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test), cutoff: cutoff! };
}

/** Metrics of one held-out evaluation. */
export interface HoldoutResult {
  trainRows: number;
  testRows: number;
  trainPositives: number;
  testPositives: number;
  auc: number;
  logLoss: number;
  brier: number;
  /** pipeline fit + model training time (wall clock) */
  trainMs: number;
  /** the same in CPU time, when a CPU clock was given */
  trainCpuMs?: number;
  features: number;
}

/** Options of the evaluation drivers. */
export interface EvaluationOptions extends TrainOptions {
  pipeline?: PipelineOptions;
  /** minimum outcomes of each class in the whole data (default 30) */
  minPerClass?: number;
  /**
   * A CPU-time clock in ms (e.g. from process.cpuUsage in Node) to also report training CPU time,
   * which, unlike wall time, does not grow with other processes' load.
   */
  cpuClock?: () => number;
}

function count(labels: ArrayLike<number>, rows: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < rows.length; k++) s += labels[rows[k]] > 0.5 ? 1 : 0;
  return s;
}

/** Fit on `train` rows, score `test` rows; returns metrics and the test probabilities. */
export function evaluateHoldout(
  frame: FeatureFrame,
  labels: ArrayLike<number>,
  train: ArrayLike<number>,
  test: ArrayLike<number>,
  options: EvaluationOptions = {},
): { result: HoldoutResult; probabilities: Float64Array } {
  const c0 = options.cpuClock?.();
  const t0 = performance.now();
  const predictor = fitPredictor(frame, labels, { ...options, rows: train, minPerClass: 1 });
  const trainMs = performance.now() - t0;
  const trainCpuMs = options.cpuClock && c0 !== undefined ? options.cpuClock() - c0 : undefined;
  const probs = scoreFrame(predictor, frame, test);
  const y = new Float64Array(test.length);
  for (let k = 0; k < test.length; k++) y[k] = labels[test[k]];
  return {
    result: {
      trainRows: train.length,
      testRows: test.length,
      trainPositives: count(labels, train),
      testPositives: count(labels, test),
      auc: auc(probs, y),
      logLoss: logLoss(probs, y),
      brier: brierScore(probs, y),
      trainMs,
      ...(trainCpuMs !== undefined ? { trainCpuMs } : {}),
      features: predictor.pipeline.features.length,
    },
    probabilities: probs,
  };
}

/** Result of {@link crossValidate}. */
export interface CrossValidationResult {
  learner: LearnerKind;
  folds: HoldoutResult[];
  /** mean and sample standard deviation over folds */
  auc: { mean: number; std: number };
  logLoss: { mean: number; std: number };
  brier: { mean: number; std: number };
  trainMs: { mean: number; max: number };
  /** pooled out-of-fold predictions */
  pooled: { auc: number; calibration: CalibrationBin[]; lift: DecileLift[] };
  sample: { rows: number; positives: number; negatives: number; warnings: string[] };
}

function meanStd(v: number[]): { mean: number; std: number } {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const s = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : 0;
  return { mean: m, std: s };
}

/**
 * Stratified k-fold cross-validation (default 5 folds, seed 7). Refuses data that cannot support a
 * model (see guards.ts).
 */
export function crossValidate(frame: FeatureFrame, labels: ArrayLike<number>, options: EvaluationOptions & { folds?: number } = {}): CrossValidationResult {
  const k = options.folds ?? 5;
  const check = assertTrainingData(labels, { minPerClass: options.minPerClass });
  if (Math.min(check.positives, check.negatives) < k) throw new PredictiveInputError(`${k} folds need at least ${k} outcomes of each class`);
  const fold = stratifiedKFold(labels, k, options.seed ?? 7);
  const oof = new Float64Array(frame.n);
  const folds: HoldoutResult[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < frame.n; i++) (fold[i] === f ? test : train).push(i);
    const { result, probabilities } = evaluateHoldout(frame, labels, Int32Array.from(train), Int32Array.from(test), options);
    folds.push(result);
    test.forEach((r, j) => (oof[r] = probabilities[j]));
  }
  const times = folds.map((r) => r.trainMs);
  return {
    learner: options.learner ?? "blend",
    folds,
    auc: meanStd(folds.map((r) => r.auc)),
    logLoss: meanStd(folds.map((r) => r.logLoss)),
    brier: meanStd(folds.map((r) => r.brier)),
    trainMs: { mean: times.reduce((a, b) => a + b, 0) / k, max: Math.max(...times) },
    pooled: { auc: auc(oof, labels), calibration: calibrationCurve(oof, labels), lift: liftByDecile(oof, labels) },
    sample: { rows: check.rows, positives: check.positives, negatives: check.negatives, warnings: check.warnings },
  };
}

/** Result of {@link timeValidate}. */
export interface TimeValidationResult extends HoldoutResult {
  cutoff: number;
  calibration: CalibrationBin[];
  lift: DecileLift[];
  warnings: string[];
}

/**
 * Time-based validation: train on the rows before the cutoff, test on the later ones (the honest
 * check when behaviour drifts over time).
 */
export function timeValidate(
  frame: FeatureFrame,
  labels: ArrayLike<number>,
  times: ArrayLike<number>,
  options: EvaluationOptions & { testFraction?: number; cutoff?: number } = {},
): TimeValidationResult {
  const split = timeSplit(times, options);
  const trainLabels = Array.from(split.train, (r) => labels[r]);
  const check = assertTrainingData(trainLabels, { minPerClass: options.minPerClass });
  const testPos = count(labels, split.test);
  if (testPos === 0 || testPos === split.test.length) throw new PredictiveInputError("the test period holds a single class: AUC is undefined");
  const { result, probabilities } = evaluateHoldout(frame, labels, split.train, split.test, options);
  const y = Array.from(split.test, (r) => labels[r]);
  return { ...result, cutoff: split.cutoff, calibration: calibrationCurve(probabilities, y), lift: liftByDecile(probabilities, y), warnings: check.warnings };
}

/**
 * Point-in-time validation across two frames, as the app does it for accounts: fit on features
 * taken at an earlier date (with the outcomes that followed it), test on features taken at a later
 * date (with the outcomes that followed that one), e.g. `accountFeatures(snapshot, T1)` vs `T2`.
 */
export function evaluateAcrossTime(
  train: { frame: FeatureFrame; labels: ArrayLike<number> },
  test: { frame: FeatureFrame; labels: ArrayLike<number> },
  options: EvaluationOptions = {},
): TimeValidationResult {
  const check = assertTrainingData(train.labels, { minPerClass: options.minPerClass });
  const t0 = performance.now();
  const predictor = fitPredictor(train.frame, train.labels, { ...options, minPerClass: 1 });
  const trainMs = performance.now() - t0;
  const probs = scoreFrame(predictor, test.frame);
  const y = Float64Array.from(test.labels as ArrayLike<number>);
  let testPositives = 0;
  for (let i = 0; i < y.length; i++) testPositives += y[i] > 0.5 ? 1 : 0;
  if (testPositives === 0 || testPositives === y.length) throw new PredictiveInputError("the test period holds a single class: AUC is undefined");
  return {
    trainRows: check.rows,
    testRows: y.length,
    trainPositives: check.positives,
    testPositives,
    auc: auc(probs, y),
    logLoss: logLoss(probs, y),
    brier: brierScore(probs, y),
    trainMs,
    features: predictor.pipeline.features.length,
    cutoff: NaN,
    calibration: calibrationCurve(probs, y),
    lift: liftByDecile(probs, y),
    warnings: check.warnings,
  };
}

