/**
 * The generic tabular feature pipeline: fitted on training rows only, then applied unchanged to
 * any rows (held-out folds, the accounts being scored). Every statistic it uses — medians,
 * clipping bounds, means, standard deviations, category levels — comes from the rows passed to
 * {@link fitPipeline}, so a cross-validation fold never sees its test rows' values.
 *
 * Steps per column kind:
 * - number: clip to the training 0.1–99.9 % range, median-impute with a "is missing" indicator,
 *   log1p when the training values are non-negative and right-skewed, a "= 0" indicator when zeros
 *   are common (zero-inflated counts behave unlike small positive counts), then standardise;
 * - boolean: 0/1, missing imputed with the training mode plus an indicator;
 * - category: one-hot of levels seen at least `minCategoryCount` times, rarer levels grouped into
 *   "other", missing as its own level;
 * - multi (tags): one indicator per tag seen at least `minCategoryCount` times.
 * Constant and near-constant columns are dropped with a reason.
 */
import type { FeatureFrame, FrameColumn, DroppedColumn } from "./frame";
import { categoryKey } from "./frame";
import type { DesignMatrix } from "./matrix";

export * from "./frame";
export { accountFeatures, type AccountFeatureOptions } from "./account-features";

/** Options of {@link fitPipeline}. */
export interface PipelineOptions {
  /** A category level or tag needs this many training rows to get its own feature. Default 10. */
  minCategoryCount?: number;
  /** At most this many levels per category (most frequent first). Default 60. */
  maxCategoryLevels?: number;
  /** Skewness above which a non-negative number is log1p-transformed ("auto" columns). Default 1. */
  skewThreshold?: number;
  /** Share of zeros above which a non-negative number gets a "= 0" indicator. Default 0.05 (0 disables). */
  zeroIndicatorShare?: number;
  /** Clip numbers to the training [q, 1−q] quantiles. Default 0.001. */
  clipQuantile?: number;
}

/** The role a design column plays for its source column. */
export type FeatureRole = "value" | "missing" | "zero" | "level" | "other" | "tag";

/** One column of the design matrix, described for people and for rule suggestions. */
export interface FeatureInfo {
  /** readable name, e.g. "Industry = Software", "Demo requests (30-day decayed)" */
  name: string;
  /** frame column it comes from */
  column: string;
  role: FeatureRole;
  /** category level or tag (for level / tag roles) */
  level?: string;
  /** score category (fit, engagement, intent, relationship) when the frame column carries one */
  group?: string;
}

/** Fitted transformation of one number column. */
export interface NumberStep {
  kind: "number";
  column: string;
  group?: string;
  lo: number;
  hi: number;
  median: number;
  log: boolean;
  mean: number;
  std: number;
  missingIndicator: boolean;
  zeroIndicator: boolean;
}

/** Fitted transformation of one boolean column. */
export interface BooleanStep {
  kind: "boolean";
  column: string;
  group?: string;
  fill: number;
  missingIndicator: boolean;
}

/** Fitted one-hot encoding of one category column. */
export interface CategoryStep {
  kind: "category";
  column: string;
  group?: string;
  /** normalised keys of the kept levels, and their display labels */
  keys: string[];
  labels: string[];
  other: boolean;
  missing: boolean;
}

/** Fitted multi-hot encoding of one tag column. */
export interface MultiStep {
  kind: "multi";
  column: string;
  group?: string;
  keys: string[];
  labels: string[];
}

export type ColumnStep = NumberStep | BooleanStep | CategoryStep | MultiStep;

/** A fitted pipeline: plain JSON, stored with the model. */
export interface Pipeline {
  steps: ColumnStep[];
  features: FeatureInfo[];
  /** frame columns that produce no feature, and why */
  dropped: DroppedColumn[];
  /** training rows the statistics were computed on */
  fittedRows: number;
}

function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function rowIndex(rows: ArrayLike<number> | undefined, n: number): ArrayLike<number> {
  if (rows) return rows;
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  return all;
}

function fitNumber(col: FrameColumn & { kind: "number" }, rows: ArrayLike<number>, o: Required<PipelineOptions>): NumberStep | string {
  const vals: number[] = [];
  let missing = 0;
  for (let k = 0; k < rows.length; k++) {
    const v = col.values[rows[k]];
    if (Number.isFinite(v)) vals.push(v);
    else missing++;
  }
  if (vals.length === 0) return "every training value is missing";
  const sorted = Float64Array.from(vals).sort();
  const lo = quantileSorted(sorted, o.clipQuantile);
  const hi = quantileSorted(sorted, 1 - o.clipQuantile);
  if (!(hi > lo)) return "constant on the training rows";
  const median = quantileSorted(sorted, 0.5);
  const nonNegative = lo >= 0;
  let zeros = 0;
  let mean0 = 0;
  for (const v of vals) {
    if (v === 0) zeros++;
    mean0 += Math.min(hi, Math.max(lo, v));
  }
  mean0 /= vals.length;
  let m2 = 0;
  let m3 = 0;
  for (const v of vals) {
    const d = Math.min(hi, Math.max(lo, v)) - mean0;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= vals.length;
  m3 /= vals.length;
  const skew = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
  const mode = col.log ?? "auto";
  const log = nonNegative && (mode === "always" || (mode === "auto" && skew > o.skewThreshold));
  const zeroIndicator = nonNegative && o.zeroIndicatorShare > 0 && zeros >= o.zeroIndicatorShare * vals.length && zeros < vals.length;
  const tf = (v: number): number => {
    const c = Math.min(hi, Math.max(lo, v));
    return log ? Math.log1p(c) : c;
  };
  let mean = 0;
  const total = rows.length;
  const fill = tf(median);
  for (const v of vals) mean += tf(v);
  mean = (mean + missing * fill) / total;
  let vs = 0;
  for (const v of vals) vs += (tf(v) - mean) ** 2;
  vs += missing * (fill - mean) ** 2;
  const std = Math.sqrt(vs / total);
  if (!(std > 0)) return "constant on the training rows";
  return { kind: "number", column: col.name, group: col.group, lo, hi, median, log, mean, std, missingIndicator: missing > 0, zeroIndicator };
}

/**
 * Fit the pipeline on the given training rows of a frame (all rows when `rows` is omitted).
 */
export function fitPipeline(frame: FeatureFrame, rows?: ArrayLike<number>, options: PipelineOptions = {}): Pipeline {
  const o: Required<PipelineOptions> = {
    minCategoryCount: options.minCategoryCount ?? 10,
    maxCategoryLevels: options.maxCategoryLevels ?? 60,
    skewThreshold: options.skewThreshold ?? 1,
    zeroIndicatorShare: options.zeroIndicatorShare ?? 0.05,
    clipQuantile: options.clipQuantile ?? 0.001,
  };
  const idx = rowIndex(rows, frame.n);
  const m = idx.length;
  const steps: ColumnStep[] = [];
  const dropped: DroppedColumn[] = [];
  for (const col of frame.columns) {
    if (col.kind === "number") {
      const s = fitNumber(col, idx, o);
      if (typeof s === "string") dropped.push({ column: col.name, reason: s });
      else steps.push(s);
    } else if (col.kind === "boolean") {
      let ones = 0;
      let zeros = 0;
      for (let k = 0; k < m; k++) {
        const v = col.values[idx[k]];
        if (v === 1) ones++;
        else if (v === 0) zeros++;
      }
      const missing = m - ones - zeros;
      const minority = Math.min(ones, zeros);
      // A near-constant flag can still be worth keeping when whether it was filled in varies.
      const missingInformative = missing >= o.minCategoryCount && ones + zeros >= o.minCategoryCount;
      if (minority < o.minCategoryCount && !missingInformative) {
        dropped.push({ column: col.name, reason: minority === 0 && missing === 0 ? "constant on the training rows" : `near-constant: fewer than ${o.minCategoryCount} training rows differ` });
        continue;
      }
      steps.push({ kind: "boolean", column: col.name, group: col.group, fill: ones >= zeros ? 1 : 0, missingIndicator: missing > 0 });
    } else if (col.kind === "category") {
      const counts = new Map<string, { n: number; label: string }>();
      let missing = 0;
      const keyOfCode = col.dict.map((d) => categoryKey(d));
      for (let k = 0; k < m; k++) {
        const c = col.codes[idx[k]];
        if (c < 0) {
          missing++;
          continue;
        }
        const key = keyOfCode[c];
        const e = counts.get(key);
        if (e) e.n++;
        else counts.set(key, { n: 1, label: col.dict[c] });
      }
      const ranked = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
      const kept = ranked.filter(([, e]) => e.n >= o.minCategoryCount).slice(0, o.maxCategoryLevels);
      const keptKeys = new Set(kept.map(([k]) => k));
      let otherCount = 0;
      for (const [k, e] of ranked) if (!keptKeys.has(k)) otherCount += e.n;
      const other = otherCount > 0;
      const hasMissing = missing > 0;
      const nFeatures = kept.length + (other ? 1 : 0) + (hasMissing ? 1 : 0);
      if (nFeatures < 2) {
        dropped.push({ column: col.name, reason: counts.size <= 1 ? "constant on the training rows" : `no level seen ${o.minCategoryCount}+ times in training rows` });
        continue;
      }
      steps.push({ kind: "category", column: col.name, group: col.group, keys: kept.map(([k]) => k), labels: kept.map(([, e]) => e.label), other, missing: hasMissing });
    } else {
      const counts = new Map<string, { n: number; label: string }>();
      const keyOfCode = col.dict.map((d) => categoryKey(d));
      for (let k = 0; k < m; k++) {
        const r = idx[k];
        for (let e = col.offsets[r]; e < col.offsets[r + 1]; e++) {
          const key = keyOfCode[col.codes[e]];
          const c = counts.get(key);
          if (c) c.n++;
          else counts.set(key, { n: 1, label: col.dict[col.codes[e]] });
        }
      }
      const kept = [...counts.entries()]
        .filter(([, e]) => e.n >= o.minCategoryCount && e.n <= m - o.minCategoryCount)
        .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
        .slice(0, o.maxCategoryLevels);
      if (kept.length === 0) {
        dropped.push({ column: col.name, reason: `no tag seen in ${o.minCategoryCount}+ (and not all) training rows` });
        continue;
      }
      steps.push({ kind: "multi", column: col.name, group: col.group, keys: kept.map(([k]) => k), labels: kept.map(([, e]) => e.label) });
    }
  }
  return { steps, features: describeFeatures(steps), dropped, fittedRows: m };
}

function describeFeatures(steps: ColumnStep[]): FeatureInfo[] {
  const out: FeatureInfo[] = [];
  for (const s of steps) {
    const g = s.group !== undefined ? { group: s.group } : {};
    switch (s.kind) {
      case "number":
        out.push({ name: s.column, column: s.column, role: "value", ...g });
        if (s.zeroIndicator) out.push({ name: `${s.column} = 0`, column: s.column, role: "zero", ...g });
        if (s.missingIndicator) out.push({ name: `${s.column} is missing`, column: s.column, role: "missing", ...g });
        break;
      case "boolean":
        out.push({ name: s.column, column: s.column, role: "value", ...g });
        if (s.missingIndicator) out.push({ name: `${s.column} is missing`, column: s.column, role: "missing", ...g });
        break;
      case "category":
        s.labels.forEach((label) => out.push({ name: `${s.column} = ${label}`, column: s.column, role: "level", level: label, ...g }));
        if (s.other) out.push({ name: `${s.column} = other`, column: s.column, role: "other", ...g });
        if (s.missing) out.push({ name: `${s.column} is missing`, column: s.column, role: "missing", ...g });
        break;
      case "multi":
        s.labels.forEach((label) => out.push({ name: `${s.column}: ${label}`, column: s.column, role: "tag", level: label, ...g }));
        break;
    }
  }
  return out;
}

/** Which rows to transform: explicit indices, or a contiguous range [start, end). */
export type RowSelection = ArrayLike<number> | { start: number; end: number };

/** Options of {@link transform}. */
export interface TransformOptions {
  /** Float32 halves memory when scoring many rows. Default "float64". */
  precision?: "float64" | "float32";
}

/**
 * Apply a fitted pipeline to rows of a frame, giving a column-major design matrix whose columns
 * follow `pipeline.features`. Frame columns are matched by name; a column the pipeline needs but the
 * frame lacks is an error.
 */
export function transform(pipeline: Pipeline, frame: FeatureFrame, rows?: RowSelection, options: TransformOptions = {}): DesignMatrix {
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  // Materialise the row indices once so every inner loop is a plain typed-array read.
  let idx: Int32Array;
  if (rows === undefined) {
    idx = new Int32Array(frame.n);
    for (let k = 0; k < frame.n; k++) idx[k] = k;
  } else if (typeof (rows as ArrayLike<number>).length === "number") {
    idx = Int32Array.from(rows as ArrayLike<number>);
  } else {
    const r = rows as { start: number; end: number };
    idx = new Int32Array(Math.max(0, r.end - r.start));
    for (let k = 0; k < idx.length; k++) idx[k] = r.start + k;
  }
  const m = idx.length;
  const p = pipeline.features.length;
  const data = options.precision === "float32" ? new Float32Array(m * p) : new Float64Array(m * p);
  let j = 0;
  for (const s of pipeline.steps) {
    const col = byName.get(s.column);
    if (!col) throw new Error(`column "${s.column}" is missing from the data`);
    if (s.kind === "number") {
      if (col.kind !== "number") throw new Error(`column "${s.column}" should be numeric`);
      const base = j * m;
      const zeroBase = s.zeroIndicator ? (j + 1) * m : -1;
      const missBase = s.missingIndicator ? (j + 1 + (s.zeroIndicator ? 1 : 0)) * m : -1;
      const fill = ((s.log ? Math.log1p(Math.min(s.hi, Math.max(s.lo, s.median))) : Math.min(s.hi, Math.max(s.lo, s.median))) - s.mean) / s.std;
      for (let k = 0; k < m; k++) {
        const v = col.values[idx[k]];
        if (Number.isFinite(v)) {
          const c = v < s.lo ? s.lo : v > s.hi ? s.hi : v;
          data[base + k] = ((s.log ? Math.log1p(c) : c) - s.mean) / s.std;
          if (zeroBase >= 0 && v === 0) data[zeroBase + k] = 1;
        } else {
          data[base + k] = fill;
          if (missBase >= 0) data[missBase + k] = 1;
        }
      }
      j += 1 + (s.zeroIndicator ? 1 : 0) + (s.missingIndicator ? 1 : 0);
    } else if (s.kind === "boolean") {
      if (col.kind !== "boolean" && col.kind !== "number") throw new Error(`column "${s.column}" should be yes/no`);
      const base = j * m;
      const missBase = s.missingIndicator ? (j + 1) * m : -1;
      for (let k = 0; k < m; k++) {
        const v = col.values[idx[k]];
        if (v === v) data[base + k] = v !== 0 ? 1 : 0;
        else {
          data[base + k] = s.fill;
          if (missBase >= 0) data[missBase + k] = 1;
        }
      }
      j += 1 + (s.missingIndicator ? 1 : 0);
    } else if (s.kind === "category") {
      if (col.kind !== "category") throw new Error(`column "${s.column}" should be categorical`);
      const levelOf = new Map(s.keys.map((key, i) => [key, i]));
      const otherIdx = s.other ? s.keys.length : -1;
      const missIdx = s.missing ? s.keys.length + (s.other ? 1 : 0) : -1;
      // Map every dictionary code to its feature once; unseen levels fall into "other".
      const featOfCode = new Int32Array(col.dict.length);
      for (let c = 0; c < col.dict.length; c++) featOfCode[c] = levelOf.get(categoryKey(col.dict[c])) ?? otherIdx;
      for (let k = 0; k < m; k++) {
        const c = col.codes[idx[k]];
        const f = c < 0 ? missIdx : featOfCode[c];
        if (f >= 0) data[(j + f) * m + k] = 1;
      }
      j += s.keys.length + (s.other ? 1 : 0) + (s.missing ? 1 : 0);
    } else {
      if (col.kind !== "multi") throw new Error(`column "${s.column}" should be a tag list`);
      const tagOf = new Map(s.keys.map((key, i) => [key, i]));
      const featOfCode = new Int32Array(col.dict.length);
      for (let c = 0; c < col.dict.length; c++) featOfCode[c] = tagOf.get(categoryKey(col.dict[c])) ?? -1;
      for (let k = 0; k < m; k++) {
        const r = idx[k];
        for (let e = col.offsets[r]; e < col.offsets[r + 1]; e++) {
          const f = featOfCode[col.codes[e]];
          if (f >= 0) data[(j + f) * m + k] = 1;
        }
      }
      j += s.keys.length;
    }
  }
  return { n: m, p, data, names: pipeline.features.map((f) => f.name) };
}

/** Display value of row `row` of a frame column, for explanations ("Google", "Yes", "12.5", "missing"). */
export function frameValue(col: FrameColumn, row: number): string {
  switch (col.kind) {
    case "number": {
      const v = col.values[row];
      return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : "missing";
    }
    case "boolean": {
      const v = col.values[row];
      return v === 1 ? "Yes" : v === 0 ? "No" : "missing";
    }
    case "category": {
      const c = col.codes[row];
      return c < 0 ? "missing" : col.dict[c];
    }
    case "multi": {
      const tags: string[] = [];
      for (let e = col.offsets[row]; e < col.offsets[row + 1]; e++) tags.push(col.dict[col.codes[e]]);
      return tags.length ? tags.join(", ") : "none";
    }
  }
}
