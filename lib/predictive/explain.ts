/**
 * Why a predictive score is what it is.
 *
 * Contributions are additive in log-odds and sum exactly to the row's logit:
 *   logit = bias + Σ_j contribution_j
 * - logistic regression: contribution_j = β_j · (x_j − mean_j), bias = the logit of an average row
 *   (training means), so a factor is "how much this value moves the score away from a typical one";
 * - trees: path attribution (Saabas): along the row's path through each tree, the change of node
 *   value at every split is credited to the split's feature; bias = the ensemble's root values;
 * - blend: the same weighted sum of the two (the blend is taken in log-odds for exactly this reason).
 * Factors shown to people group the design columns of one source column ("Lead Source" = the
 * active level, all its one-hot columns summed), so one field gets one line.
 */
import type { TreeEnsemble } from "./gbt";
import { type FeatureInfo, frameValue, transform } from "./features";
import type { FeatureFrame } from "./frame";
import type { LogisticModel } from "./logistic";
import { type DesignMatrix, sigmoid } from "./matrix";
import type { PredictiveModel, Predictor } from "./model";

/** Contributions of rows to their logits. */
export interface ContributionMatrix {
  /** rows */
  n: number;
  /** features */
  p: number;
  /** logit of the reference row, the same for every row */
  bias: number;
  /** row-major: values[i * p + j] is feature j's contribution to row i */
  values: Float64Array;
}

function linearContributions(model: LogisticModel, x: DesignMatrix, mean: ArrayLike<number> | null, out: Float64Array, weight: number, r0: number, r1: number): void {
  const { n, p, data } = x;
  for (let j = 0; j < p; j++) {
    const b = model.coef[j];
    if (b === 0) continue;
    const m = mean ? mean[j] : 0;
    const o = j * n;
    for (let i = r0; i < r1; i++) out[i * p + j] += weight * b * (data[o + i] - m);
  }
}

function linearBias(model: LogisticModel, mean: ArrayLike<number> | null, weight: number): number {
  let bias = model.intercept;
  if (mean) for (let j = 0; j < model.coef.length; j++) bias += model.coef[j] * mean[j];
  return weight * bias;
}

function treeContributions(model: TreeEnsemble, x: DesignMatrix, out: Float64Array, weight: number, r0: number, r1: number): void {
  const { n, p, data } = x;
  const { roots, feature, threshold, left, right, value } = model;
  for (let t = 0; t < roots.length; t++) {
    for (let i = r0; i < r1; i++) {
      const row = i * p;
      let k = roots[t];
      let f = feature[k];
      while (f >= 0) {
        const v = data[f * n + i];
        const next = v <= threshold[k] || v !== v ? left[k] : right[k];
        out[row + f] += weight * (value[next] - value[k]);
        k = next;
        f = feature[k];
      }
    }
  }
}

function treeBias(model: TreeEnsemble, weight: number): number {
  let bias = model.baseScore;
  for (let t = 0; t < model.roots.length; t++) bias += model.value[model.roots[t]];
  return weight * bias;
}

/** Rows per block: the block's slice of the design and of the output stay in cache. */
const BLOCK = 256;

/**
 * Per-feature contributions for every row of a design matrix. `mean` is the reference row of a
 * linear model (the predictor's training means); without it the reference is the all-zero row.
 */
export function contributions(model: PredictiveModel, x: DesignMatrix, mean: ArrayLike<number> | null = null): ContributionMatrix {
  const values = new Float64Array(x.n * x.p);
  for (let r0 = 0; r0 < x.n; r0 += BLOCK) {
    const r1 = Math.min(x.n, r0 + BLOCK);
    if (model.kind === "lr") linearContributions(model, x, mean, values, 1, r0, r1);
    else if (model.kind === "gbt") treeContributions(model, x, values, 1, r0, r1);
    else {
      linearContributions(model.lr, x, mean, values, model.lrWeight, r0, r1);
      treeContributions(model.gbt, x, values, 1 - model.lrWeight, r0, r1);
    }
  }
  const bias =
    model.kind === "lr"
      ? linearBias(model, mean, 1)
      : model.kind === "gbt"
        ? treeBias(model, 1)
        : linearBias(model.lr, mean, model.lrWeight) + treeBias(model.gbt, 1 - model.lrWeight);
  return { n: x.n, p: x.p, bias, values };
}

/** One line of an explanation: a source column, its value for the row, and its effect. */
export interface Factor {
  /** source column, e.g. "Lead Source" */
  column: string;
  /** the row's value as shown, e.g. "Olark Chat", "Yes", "412" */
  value: string;
  /** readable line, e.g. "Lead Source = Olark Chat" */
  label: string;
  /** effect on the log-odds (exactly additive) */
  effect: number;
  /**
   * effect in score points (probability × 100): how far the score would fall (or rise) if this
   * factor were at its typical value and everything else stayed. Not additive across factors.
   */
  points: number;
}

/** Explanation of one row's score. */
export interface RowExplanation {
  row: number;
  probability: number;
  /** the probability shown as 0–100 */
  score: number;
  logit: number;
  /** the reference (typical) row */
  baseline: { logit: number; probability: number };
  /** every column's factor, largest |effect| first */
  factors: Factor[];
  /** the strongest factors raising the score, largest first */
  positive: Factor[];
  /** the strongest factors lowering the score, most negative first */
  negative: Factor[];
}

function columnsOf(features: FeatureInfo[]): { names: string[]; featureColumn: Int32Array } {
  const names: string[] = [];
  const index = new Map<string, number>();
  const featureColumn = new Int32Array(features.length);
  features.forEach((f, j) => {
    let c = index.get(f.column);
    if (c === undefined) {
      c = names.length;
      index.set(f.column, c);
      names.push(f.column);
    }
    featureColumn[j] = c;
  });
  return { names, featureColumn };
}

function factorLabel(column: string, value: string): string {
  return value === "missing" ? `${column} is missing` : `${column} = ${value}`;
}

/** Options of {@link explainRows}. */
export interface ExplainOptions {
  /** factors listed in `positive` and `negative` (default 5) */
  top?: number;
  /** factors with |effect| below this are left out of `positive`/`negative` (default 0.01 log-odds) */
  minEffect?: number;
  /** rows explained per transformed chunk (default 8,192) */
  chunkRows?: number;
}

/** Explain the scores of the given rows of a frame (top positive and negative factors, readable names). */
export function explainRows(predictor: Predictor, frame: FeatureFrame, rows: ArrayLike<number>, options: ExplainOptions = {}): RowExplanation[] {
  const top = options.top ?? 5;
  const minEffect = options.minEffect ?? 0.01;
  const chunk = Math.max(1, options.chunkRows ?? 8192);
  const { names, featureColumn } = columnsOf(predictor.pipeline.features);
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const out: RowExplanation[] = [];
  for (let c0 = 0; c0 < rows.length; c0 += chunk) {
    const sel = Array.prototype.slice.call(rows, c0, Math.min(rows.length, c0 + chunk)) as number[];
    const x = transform(predictor.pipeline, frame, sel);
    const con = contributions(predictor.model, x, predictor.reference.mean);
    const perColumn = new Float64Array(names.length);
    for (let i = 0; i < x.n; i++) {
      perColumn.fill(0);
      let logit = con.bias;
      for (let j = 0; j < x.p; j++) {
        const v = con.values[i * x.p + j];
        perColumn[featureColumn[j]] += v;
        logit += v;
      }
      const probability = sigmoid(logit);
      const factors: Factor[] = names.map((column, c) => {
        const col = byName.get(column);
        const value = col ? frameValue(col, sel[i]) : "";
        const effect = perColumn[c];
        return { column, value, label: factorLabel(column, value), effect, points: 100 * (probability - sigmoid(logit - effect)) };
      });
      factors.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
      out.push({
        row: sel[i],
        probability,
        score: Math.round(probability * 100),
        logit,
        baseline: { logit: con.bias, probability: sigmoid(con.bias) },
        factors,
        positive: factors.filter((f) => f.effect >= minEffect).sort((a, b) => b.effect - a.effect).slice(0, top),
        negative: factors.filter((f) => f.effect <= -minEffect).sort((a, b) => a.effect - b.effect).slice(0, top),
      });
    }
  }
  return out;
}

/** Explain one row (see {@link explainRows}). */
export function explainRow(predictor: Predictor, frame: FeatureFrame, row: number, options: ExplainOptions = {}): RowExplanation {
  return explainRows(predictor, frame, [row], options)[0];
}

/** Global importance of one design feature. */
export interface FeatureImportance {
  name: string;
  column: string;
  /** mean |contribution| in log-odds over the sample */
  importance: number;
  /**
   * "raises" when higher values (or presence of the level/tag) go with higher scores, "lowers" for
   * the opposite, "mixed" when the relation is weak or not monotone (|correlation| < 0.1)
   */
  direction: "raises" | "lowers" | "mixed";
}

/** Global importance of one source column (its design features' contributions summed per row). */
export interface ColumnImportance {
  column: string;
  importance: number;
  /** share of the total column importance, 0..1 */
  share: number;
}

/** Options of {@link featureImportance}. */
export interface ImportanceOptions {
  /** rows to average over, evenly spaced over the given rows (default 5,000) */
  sample?: number;
}

/**
 * Global feature importance with direction, from the contributions over a sample of rows (the
 * training rows are the natural choice). Sorted by importance, largest first.
 */
export function featureImportance(
  predictor: Predictor,
  frame: FeatureFrame,
  rows?: ArrayLike<number>,
  options: ImportanceOptions = {},
): { features: FeatureImportance[]; columns: ColumnImportance[] } {
  const all = rows ?? Int32Array.from({ length: frame.n }, (_, i) => i);
  const want = Math.min(all.length, Math.max(1, options.sample ?? 5000));
  const sel: number[] = [];
  for (let k = 0; k < want; k++) sel.push(all[Math.floor((k * all.length) / want)]);
  const x = transform(predictor.pipeline, frame, sel);
  const con = contributions(predictor.model, x, predictor.reference.mean);
  const { n, p } = x;
  const features = predictor.pipeline.features;
  const { names, featureColumn } = columnsOf(features);
  const colAbs = new Float64Array(names.length);
  const perColumn = new Float64Array(names.length);
  for (let i = 0; i < n; i++) {
    perColumn.fill(0);
    for (let j = 0; j < p; j++) perColumn[featureColumn[j]] += con.values[i * p + j];
    for (let c = 0; c < names.length; c++) colAbs[c] += Math.abs(perColumn[c]);
  }
  const result: FeatureImportance[] = features.map((f, j) => {
    let sumAbs = 0;
    let mx = 0;
    let mc = 0;
    for (let i = 0; i < n; i++) {
      const c = con.values[i * p + j];
      sumAbs += Math.abs(c);
      mx += x.data[j * n + i];
      mc += c;
    }
    mx /= n;
    mc /= n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const dx = x.data[j * n + i] - mx;
      const dy = con.values[i * p + j] - mc;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    const corr = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    return { name: f.name, column: f.column, importance: sumAbs / n, direction: corr > 0.1 ? "raises" : corr < -0.1 ? "lowers" : "mixed" };
  });
  result.sort((a, b) => b.importance - a.importance);
  const total = colAbs.reduce((a, b) => a + b, 0);
  const columns = names
    .map((column, c) => ({ column, importance: colAbs[c] / n, share: total > 0 ? colAbs[c] / total : 0 }))
    .sort((a, b) => b.importance - a.importance);
  return { features: result, columns };
}
