/**
 * Evaluate a predictive model on a parsed CSV table: type inference, user exclusions, the honesty
 * guards, stratified k-fold cross-validation and (optionally) a time-based split. Shared by
 * `scripts/model-evaluate.ts`, `scripts/olist-eval.ts` and any import flow that wants the same figures.
 */
import { type CalibrationBin, type DecileLift, crossValidate, timeValidate } from "./evaluate";
import { fitPipeline } from "./features";
import { type DroppedColumn, PredictiveInputError, frameFromTable, parseIsoDate } from "./frame";
import { checkTrainingData } from "./guards";
import { type LearnerKind, type TrainOptions, fitPredictor } from "./model";

/** Options of {@link evaluateTable}. */
export interface TableEvaluationOptions {
  target: string;
  exclude?: string[];
  /** target value counted as positive (default: 1/yes/true/won…, else the rarer value) */
  positive?: string;
  folds?: number;
  seed?: number;
  learner?: LearnerKind;
  /** learner settings beyond the defaults */
  train?: Omit<TrainOptions, "learner" | "seed">;
  /** date column for an additional time-based validation (train on the earlier 80 %, test on the rest) */
  timeColumn?: string;
  minPerClass?: number;
  /** CPU-time clock in ms, to report training CPU time next to wall time (see EvaluationOptions) */
  cpuClock?: () => number;
  /**
   * Fit three times, untimed, on fold-sized row sets before the folds, so that the per-fold times
   * measure optimised code rather than the JavaScript engine warming up (the first fits of a fresh
   * process run two to four times slower). The warm-up time is reported as `warmupMs`. Default true.
   */
  warmup?: boolean;
}

/** A figure with its spread over folds. */
export interface MeanStd {
  mean: number;
  std: number;
}

/** Result of {@link evaluateTable}: plain JSON. */
export interface TableEvaluation {
  target: string;
  positive: string;
  learner: LearnerKind;
  folds: number;
  seed: number;
  rows: number;
  positives: number;
  negatives: number;
  rowsWithoutTarget: number;
  auc: MeanStd & { perFold: number[]; pooled: number };
  logLoss: MeanStd;
  brier: MeanStd;
  /** wall-clock ms per fold (pipeline fit + training) */
  trainMsPerFold: number[];
  trainMs: { mean: number; max: number };
  /** CPU ms per fold, when a CPU clock was given */
  trainCpuMsPerFold?: number[];
  /** untimed warm-up fit before the folds (0 when disabled) */
  warmupMs: number;
  foldSizes: { train: number; test: number; testPositives: number }[];
  features: number;
  columnsUsed: string[];
  columnsExcluded: string[];
  columnsDropped: DroppedColumn[];
  calibration: CalibrationBin[];
  liftByDecile: DecileLift[];
  timeSplit?: {
    column: string;
    cutoff: string;
    trainRows: number;
    testRows: number;
    trainPositives: number;
    testPositives: number;
    auc: number;
    logLoss: number;
    trainMs: number;
  };
  warnings: string[];
}

const r4 = (v: number): number => (Number.isFinite(v) ? Math.round(v * 10_000) / 10_000 : v);

/**
 * Evaluate the learner on a table of string cells. Throws PredictiveInputError (with a message for
 * the user) on an unknown target or excluded column, a non-binary or one-class target, too few
 * outcomes, or no usable feature.
 */
export function evaluateTable(header: string[], rows: string[][], options: TableEvaluationOptions): TableEvaluation {
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 7;
  const learner = options.learner ?? "blend";
  const table = frameFromTable(header, rows, { target: options.target, exclude: options.exclude, positive: options.positive });
  const { frame, labels } = table;
  // Columns the pipeline leaves out on the full data (near-constant, …), reported with reasons.
  const pipeline = fitPipeline(frame);
  const dropped = [...table.dropped, ...pipeline.dropped.map((d) => ({ column: d.column, reason: d.reason }))];
  const check = checkTrainingData(labels, { minPerClass: options.minPerClass, features: pipeline.features.length, dropped });
  if (!check.ok) throw new PredictiveInputError(check.message);
  const trainOptions = { ...options.train, learner, seed, minPerClass: options.minPerClass, cpuClock: options.cpuClock };
  let warmupMs = 0;
  if (options.warmup ?? true) {
    const t0 = performance.now();
    // V8 needs a few fits of the real size before the hot loops run as optimised code.
    for (let w = 0; w < 3; w++) {
      const rows = Int32Array.from({ length: frame.n }, (_, i) => i).filter((i) => i % folds !== w % folds);
      try {
        fitPredictor(frame, labels, { ...trainOptions, rows, minPerClass: 1 });
      } catch {
        break; // a sample that cannot be fitted (e.g. one class) only means no warm-up
      }
    }
    warmupMs = Math.round(performance.now() - t0);
  }
  const cv = crossValidate(frame, labels, { ...trainOptions, folds });
  const warnings = [...cv.sample.warnings];
  if (table.rowsWithoutTarget > 0) warnings.push(`${table.rowsWithoutTarget} rows without a target value were left out`);

  let timeSplit: TableEvaluation["timeSplit"];
  if (options.timeColumn) {
    const ti = header.indexOf(options.timeColumn);
    if (ti < 0) throw new PredictiveInputError(`unknown time column "${options.timeColumn}"`);
    const times = Float64Array.from(table.rowIndex, (r) => parseIsoDate(rows[r][ti] ?? ""));
    const t = timeValidate(frame, labels, times, { ...trainOptions, testFraction: 0.2 });
    timeSplit = {
      column: options.timeColumn,
      cutoff: new Date(t.cutoff).toISOString().slice(0, 10),
      trainRows: t.trainRows,
      testRows: t.testRows,
      trainPositives: t.trainPositives,
      testPositives: t.testPositives,
      auc: r4(t.auc),
      logLoss: r4(t.logLoss),
      trainMs: Math.round(t.trainMs),
    };
    warnings.push(...t.warnings.filter((w) => !warnings.includes(w)));
  }

  return {
    target: options.target,
    positive: table.positive,
    learner,
    folds,
    seed,
    rows: check.rows,
    positives: check.positives,
    negatives: check.negatives,
    rowsWithoutTarget: table.rowsWithoutTarget,
    auc: { mean: r4(cv.auc.mean), std: r4(cv.auc.std), perFold: cv.folds.map((f) => r4(f.auc)), pooled: r4(cv.pooled.auc) },
    logLoss: { mean: r4(cv.logLoss.mean), std: r4(cv.logLoss.std) },
    brier: { mean: r4(cv.brier.mean), std: r4(cv.brier.std) },
    trainMsPerFold: cv.folds.map((f) => Math.round(f.trainMs)),
    trainMs: { mean: Math.round(cv.trainMs.mean), max: Math.round(cv.trainMs.max) },
    ...(options.cpuClock ? { trainCpuMsPerFold: cv.folds.map((f) => Math.round(f.trainCpuMs ?? NaN)) } : {}),
    warmupMs,
    foldSizes: cv.folds.map((f) => ({ train: f.trainRows, test: f.testRows, testPositives: f.testPositives })),
    features: pipeline.features.length,
    columnsUsed: table.used.filter((c) => !pipeline.dropped.some((d) => d.column === c)),
    columnsExcluded: table.dropped.filter((d) => d.reason === "excluded").map((d) => d.column),
    columnsDropped: dropped.filter((d) => d.reason !== "excluded"),
    calibration: cv.pooled.calibration.map((b) => ({ ...b, predicted: r4(b.predicted), observed: r4(b.observed) })),
    liftByDecile: cv.pooled.lift.map((d) => ({
      ...d,
      accounts: r4(d.accounts),
      positives: r4(d.positives),
      rate: d.rate === null ? null : r4(d.rate),
      lift: d.lift === null ? null : r4(d.lift),
      cumulativeLift: d.cumulativeLift === null ? null : r4(d.cumulativeLift),
      minScore: d.minScore === null ? null : r4(d.minScore),
      maxScore: d.maxScore === null ? null : r4(d.maxScore),
    })),
    ...(timeSplit ? { timeSplit } : {}),
    warnings,
  };
}
