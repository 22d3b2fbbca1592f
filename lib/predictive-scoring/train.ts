/**
 * Training a predictive model on the accounts' own history, point in time:
 *
 * - labelled rows: the accounts that existed before the cutoff T; features are accountFeatures as of
 *   T (only activities, intent and deals dated before T), the label is the outcome (a deal won, or an
 *   opportunity created) in [T, T + horizon), from lib/metrics' outcomesFromSnapshot;
 * - held-out evaluation, two ways: stratified k-fold cross-validation on those rows (every fold fits
 *   its own pipeline), and a time-based split that trains one horizon earlier (features as of T − H,
 *   outcomes in [T − H, T)) and tests at T — the honest check, since that is how the model is used;
 * - the final model is fitted on all labelled rows; its global feature importance with direction is
 *   computed on them.
 *
 * Too few outcomes refuse with lib/predictive's guard message plus what to change. Pure: the caller
 * (the background runner) passes the snapshot and receives plain JSON plus the serialised predictor.
 */
import { outcomesFromSnapshot, type DecileLift } from "@/lib/metrics";
import { auc, brierScore, evaluateHoldout, liftByDecile, logLoss, stratifiedKFold } from "@/lib/predictive/evaluate";
import { featureImportance } from "@/lib/predictive/explain";
import { PredictiveInputError } from "@/lib/predictive/frame";
import { checkTrainingData } from "@/lib/predictive/guards";
import { fitPredictor, scoreFrame, serializeModel, type Predictor } from "@/lib/predictive/model";
import type { ScoringSnapshot } from "@/lib/snapshot";
import { DAY_MS, isoDay, type TrainingParams } from "./params";
import { groupFeatures, subsetFrame } from "./frames";

/** Labelled rows up to which cross-validation uses 5 folds; above it 3 (each fold is then large). */
export const FIVE_FOLDS_UP_TO = 20_000;

/** One bin of a reliability curve over equal-count bins of the predicted probability. */
export interface ReliabilityBin {
  bin: number;
  count: number;
  /** mean predicted probability */
  predicted: number;
  /** observed share of positives */
  observed: number;
  lo: number;
  hi: number;
}

/**
 * Reliability (calibration) curve over equal-count bins of the predictions: with rare outcomes,
 * equal-width bins would put almost every account in the first bin, equal-count bins spread them.
 */
export function reliabilityCurve(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const n = probs.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[a] - probs[b]);
  const out: ReliabilityBin[] = [];
  const k = Math.max(1, Math.min(bins, n));
  for (let b = 0; b < k; b++) {
    const from = Math.floor((b * n) / k);
    const to = Math.floor(((b + 1) * n) / k);
    if (to <= from) continue;
    let sp = 0;
    let sy = 0;
    for (let r = from; r < to; r++) {
      sp += probs[order[r]];
      sy += labels[order[r]] > 0.5 ? 1 : 0;
    }
    out.push({ bin: b + 1, count: to - from, predicted: sp / (to - from), observed: sy / (to - from), lo: probs[order[from]], hi: probs[order[to - 1]] });
  }
  return out;
}

/** A held-out figure set. */
export interface HeldOutMetrics {
  auc: number;
  logLoss: number;
  brier: number;
}

/** What a finished training run reports (plain JSON) besides the serialised predictor. */
export interface TrainingReport {
  params: TrainingParams;
  /** labelled rows at the cutoff and their outcomes */
  sample: { rows: number; positives: number; negatives: number; baseRate: number; notYetCreated: number };
  warnings: string[];
  features: { count: number; columns: string[]; dropped: { column: string; reason: string }[] };
  crossValidation: HeldOutMetrics & {
    folds: number;
    aucStd: number;
    perFold: { auc: number; testRows: number; testPositives: number }[];
    /** AUC of the pooled out-of-fold predictions */
    pooledAuc: number;
  };
  /** train at T − H, test at T; null with the reason when the earlier window cannot support a model */
  timeSplit: (HeldOutMetrics & { trainCutoff: number; testCutoff: number; trainRows: number; trainPositives: number; testRows: number; testPositives: number }) | null;
  timeSplitSkipped: string | null;
  /** the held-out AUC to lead with: the time split's when there is one, else cross-validation's */
  heldOutAuc: number;
  heldOutFrom: "time_split" | "cross_validation";
  /** from the pooled out-of-fold predictions */
  calibration: ReliabilityBin[];
  lift: DecileLift[];
  importance: {
    features: { name: string; column: string; group: string; importance: number; direction: "raises" | "lowers" | "mixed" }[];
    columns: { column: string; importance: number; share: number }[];
  };
  timings: { featuresMs: number; crossValidationMs: number; timeSplitMs: number; fitMs: number; importanceMs: number; totalMs: number };
}

/** Result of {@link trainAccountModel}. */
export interface TrainingOutput {
  report: TrainingReport;
  predictor: Predictor;
  /** serializeModel(predictor) */
  serialized: string;
}

/** Progress callback: awaited between stages, so it may write to a database (and throw to abort). */
export type ProgressFn = (fraction: number, stage: string) => void | Promise<void>;

/** Labelled rows at a cutoff: who existed before it, and what happened in the horizon after it. */
export function labelRows(s: ScoringSnapshot, params: Pick<TrainingParams, "outcome" | "horizonDays">, cutoff: number): { rows: Int32Array; labels: Uint8Array; positives: number; notYetCreated: number } {
  const o = outcomesFromSnapshot(s, cutoff, params.horizonDays);
  const flag = params.outcome === "won" ? o.won : o.gotOpportunity;
  let m = 0;
  for (let i = 0; i < s.n; i++) m += o.eligible[i];
  const rows = new Int32Array(m);
  const labels = new Uint8Array(m);
  let k = 0;
  let positives = 0;
  for (let i = 0; i < s.n; i++) {
    if (!o.eligible[i]) continue;
    rows[k] = i;
    labels[k] = flag[i];
    positives += flag[i];
    k++;
  }
  return { rows, labels, positives, notYetCreated: s.n - m };
}

/** The cutoff's outcome counts and whether they can support a model (the form checks this before queueing a run). */
export function checkOutcomes(s: ScoringSnapshot, params: TrainingParams): { ok: boolean; message: string; rows: number; positives: number; negatives: number } {
  const { rows, labels, positives } = labelRows(s, params, params.cutoff);
  const check = checkTrainingData(labels, { minPerClass: params.minPerClass });
  if (check.ok) return { ok: true, message: check.message, rows: rows.length, positives, negatives: rows.length - positives };
  return { ok: false, message: refusal(check.message, params), rows: rows.length, positives, negatives: rows.length - positives };
}

function refusal(message: string, params: TrainingParams): string {
  const what = params.outcome === "won" ? "won deals" : "opportunities created";
  const window = `${what} between ${isoDay(params.cutoff)} and ${isoDay(params.cutoff + params.horizonDays * DAY_MS)}`;
  const hint = params.outcome === "won" ? "an earlier cutoff, a longer horizon or the “opportunity created” outcome" : "an earlier cutoff or a longer horizon";
  return `Not enough history to train on: ${message} (${window}, among accounts that existed before the cutoff). Try ${hint}.`;
}

const round = (v: number, d = 4) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : v);

/**
 * Train, evaluate and explain a predictive model on a snapshot (see the module comment). Throws
 * PredictiveInputError with a message for people when the outcomes cannot support a model.
 */
export async function trainAccountModel(s: ScoringSnapshot, params: TrainingParams, onProgress: ProgressFn = () => {}): Promise<TrainingOutput> {
  const started = performance.now();
  const seed = params.seed ?? 7;
  const H = params.horizonDays * DAY_MS;
  const T = params.cutoff;
  const lap = (() => {
    let mark = performance.now();
    return () => {
      const t = performance.now();
      const ms = t - mark;
      mark = t;
      return Math.round(ms);
    };
  })();

  await onProgress(0.01, "Building features as of the cutoff");
  const labelled = labelRows(s, params, T);
  const check = checkTrainingData(labelled.labels, { minPerClass: params.minPerClass });
  if (!check.ok) throw new PredictiveInputError(refusal(check.message, params));
  const frame = subsetFrame(groupFeatures(s, T, params.groups), labelled.rows);
  const labels = labelled.labels;
  const featuresMs = lap();
  const train = { learner: params.learner, seed, minPerClass: params.minPerClass };

  // Cross-validation, fold by fold so that progress can be reported between folds.
  const k = labels.length > FIVE_FOLDS_UP_TO ? 3 : 5;
  if (Math.min(check.positives, check.negatives) < k) throw new PredictiveInputError(refusal(`${k} folds need at least ${k} outcomes of each class`, params));
  const fold = stratifiedKFold(labels, k, seed);
  const oof = new Float64Array(labels.length);
  const perFold: { auc: number; testRows: number; testPositives: number }[] = [];
  const foldMetrics: HeldOutMetrics[] = [];
  for (let f = 0; f < k; f++) {
    await onProgress(0.05 + (0.5 * f) / k, `Cross-validation: fold ${f + 1} of ${k}`);
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < labels.length; i++) (fold[i] === f ? te : tr).push(i);
    const { result, probabilities } = evaluateHoldout(frame, labels, Int32Array.from(tr), Int32Array.from(te), train);
    te.forEach((r, j) => (oof[r] = probabilities[j]));
    perFold.push({ auc: round(result.auc), testRows: result.testRows, testPositives: result.testPositives });
    foldMetrics.push({ auc: result.auc, logLoss: result.logLoss, brier: result.brier });
  }
  const mean = (f: (m: HeldOutMetrics) => number) => foldMetrics.reduce((a, m) => a + f(m), 0) / foldMetrics.length;
  const aucMean = mean((m) => m.auc);
  const aucStd = Math.sqrt(foldMetrics.reduce((a, m) => a + (m.auc - aucMean) ** 2, 0) / Math.max(1, foldMetrics.length - 1));
  const crossValidationMs = lap();

  // Time-based split: fit one horizon earlier, test at the cutoff.
  await onProgress(0.55, "Time-based check: training one horizon earlier");
  let timeSplit: TrainingReport["timeSplit"] = null;
  let timeSplitSkipped: string | null = null;
  const earlier = labelRows(s, params, T - H);
  const earlierCheck = checkTrainingData(earlier.labels, { minPerClass: params.minPerClass });
  if (!earlierCheck.ok) {
    timeSplitSkipped = `The time-based check was skipped: for the window before the cutoff (${isoDay(T - H)} to ${isoDay(T)}) there are ${earlierCheck.message.replace(/^too few outcomes to learn from: /, "")}.`;
  } else {
    const earlyFrame = subsetFrame(groupFeatures(s, T - H, params.groups), earlier.rows);
    const p = fitPredictor(earlyFrame, earlier.labels, { ...train, minPerClass: 1 });
    await onProgress(0.7, "Time-based check: scoring at the cutoff");
    const probs = scoreFrame(p, frame);
    timeSplit = {
      trainCutoff: T - H,
      testCutoff: T,
      trainRows: earlier.rows.length,
      trainPositives: earlier.positives,
      testRows: labels.length,
      testPositives: labelled.positives,
      auc: round(auc(probs, labels)),
      logLoss: round(logLoss(probs, labels)),
      brier: round(brierScore(probs, labels)),
    };
  }
  const timeSplitMs = lap();

  await onProgress(0.72, "Fitting the final model on every labelled account");
  const predictor = fitPredictor(frame, labels, train);
  const fitMs = lap();
  await onProgress(0.92, "Feature importance");
  const imp = featureImportance(predictor, frame, undefined, { sample: 5000 });
  const groupOf = new Map(predictor.pipeline.features.map((f) => [f.name, f.group ?? "fit"]));
  const importanceMs = lap();
  await onProgress(0.97, "Saving the model");
  const serialized = serializeModel(predictor);

  const warnings = [...check.warnings];
  if (timeSplitSkipped) warnings.push(timeSplitSkipped);
  if (timeSplit && timeSplit.auc < aucMean - 0.05) {
    warnings.push(`The time-based AUC (${timeSplit.auc.toFixed(3)}) is well below cross-validation's (${aucMean.toFixed(3)}): behaviour drifts over time, so trust the time-based figure.`);
  }
  const heldOutAuc = timeSplit ? timeSplit.auc : round(aucMean);
  if (heldOutAuc < 0.6) warnings.push(`A held-out AUC of ${heldOutAuc.toFixed(3)} is weak: the model ranks accounts only a little better than chance.`);
  const dropped = predictor.pipeline.dropped.map((d) => ({ column: d.column, reason: d.reason }));
  const report: TrainingReport = {
    params,
    sample: { rows: labels.length, positives: check.positives, negatives: check.negatives, baseRate: round(check.positives / labels.length, 6), notYetCreated: labelled.notYetCreated },
    warnings,
    features: { count: predictor.pipeline.features.length, columns: [...new Set(predictor.pipeline.features.map((f) => f.column))], dropped },
    crossValidation: {
      folds: k,
      auc: round(aucMean),
      aucStd: round(aucStd),
      logLoss: round(mean((m) => m.logLoss)),
      brier: round(mean((m) => m.brier)),
      perFold,
      pooledAuc: round(auc(oof, labels)),
    },
    timeSplit,
    timeSplitSkipped,
    heldOutAuc,
    heldOutFrom: timeSplit ? "time_split" : "cross_validation",
    calibration: reliabilityCurve(oof, labels).map((b) => ({ ...b, predicted: round(b.predicted, 6), observed: round(b.observed, 6), lo: round(b.lo, 6), hi: round(b.hi, 6) })),
    lift: liftByDecile(oof, labels).map((d) => ({
      ...d,
      accounts: round(d.accounts, 2),
      positives: round(d.positives, 2),
      rate: d.rate === null ? null : round(d.rate, 6),
      lift: d.lift === null ? null : round(d.lift, 3),
      cumulativeLift: d.cumulativeLift === null ? null : round(d.cumulativeLift, 3),
      minScore: d.minScore === null ? null : round(d.minScore, 6),
      maxScore: d.maxScore === null ? null : round(d.maxScore, 6),
    })),
    importance: {
      features: imp.features.slice(0, 25).map((f) => ({ name: f.name, column: f.column, group: groupOf.get(f.name) ?? "fit", importance: round(f.importance), direction: f.direction })),
      columns: imp.columns.slice(0, 20).map((c) => ({ column: c.column, importance: round(c.importance), share: round(c.share) })),
    },
    timings: { featuresMs, crossValidationMs, timeSplitMs, fitMs, importanceMs, totalMs: Math.round(performance.now() - started) },
  };
  await onProgress(1, "Done");
  return { report, predictor, serialized };
}
