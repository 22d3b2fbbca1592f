/**
 * Honesty guards: a model is only trained when the outcomes can support it, and the reason is
 * spelled out when they cannot.
 */
import { type DroppedColumn, PredictiveInputError } from "./frame";

/** Default minimum number of outcomes of each class. */
export const MIN_OUTCOMES_PER_CLASS = 30;
/** Below this many outcomes of the rarer class the result carries a small-sample warning. */
export const SMALL_SAMPLE_PER_CLASS = 100;

/** Options of {@link checkTrainingData}. */
export interface TrainingDataOptions {
  /** minimum outcomes of each class (default 30) */
  minPerClass?: number;
  /** number of usable features, when known (0 refuses) */
  features?: number;
  /** columns left out, to explain a "no usable feature" refusal */
  dropped?: DroppedColumn[];
}

/** Result of {@link checkTrainingData}. */
export interface TrainingDataCheck {
  ok: boolean;
  /** why training is refused */
  code?: "empty" | "single_class" | "too_few_outcomes" | "no_features" | "not_binary";
  message: string;
  rows: number;
  positives: number;
  negatives: number;
  minPerClass: number;
  warnings: string[];
}

/**
 * Check that labels (0/1) can support a model: both classes present, at least `minPerClass` of
 * each, and at least one usable feature.
 */
export function checkTrainingData(labels: ArrayLike<number>, options: TrainingDataOptions = {}): TrainingDataCheck {
  const minPerClass = options.minPerClass ?? MIN_OUTCOMES_PER_CLASS;
  let positives = 0;
  let negatives = 0;
  let other = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v === 1) positives++;
    else if (v === 0) negatives++;
    else other++;
  }
  const rows = labels.length;
  const base = { rows, positives, negatives, minPerClass, warnings: [] as string[] };
  if (other > 0) return { ...base, ok: false, code: "not_binary", message: `labels must be 0 or 1; ${other} rows hold something else` };
  if (rows === 0) return { ...base, ok: false, code: "empty", message: "no labelled rows: nothing to learn from" };
  if (positives === 0 || negatives === 0) {
    const only = positives === 0 ? "negative" : "positive";
    return { ...base, ok: false, code: "single_class", message: `every one of the ${rows} outcomes is ${only}: a model needs both converted and non-converted examples` };
  }
  if (positives < minPerClass || negatives < minPerClass) {
    return {
      ...base,
      ok: false,
      code: "too_few_outcomes",
      message: `too few outcomes to learn from: ${positives} positive and ${negatives} negative, at least ${minPerClass} of each are needed`,
    };
  }
  if (options.features !== undefined && options.features <= 0) {
    const why = (options.dropped ?? []).map((d) => `${d.column} (${d.reason})`).join("; ");
    return { ...base, ok: false, code: "no_features", message: `no usable feature: every column is an id, constant or excluded${why ? ` — ${why}` : ""}` };
  }
  const rarer = Math.min(positives, negatives);
  if (rarer < SMALL_SAMPLE_PER_CLASS) {
    base.warnings.push(`small sample: only ${rarer} ${positives <= negatives ? "positive" : "negative"} outcomes; expect noisy estimates and read the spread across folds`);
  }
  return { ...base, ok: true, message: `${rows} rows: ${positives} positive, ${negatives} negative` };
}

/** {@link checkTrainingData}, throwing a PredictiveInputError with the message when refused. */
export function assertTrainingData(labels: ArrayLike<number>, options: TrainingDataOptions = {}): TrainingDataCheck {
  const check = checkTrainingData(labels, options);
  if (!check.ok) throw new PredictiveInputError(check.message);
  return check;
}
