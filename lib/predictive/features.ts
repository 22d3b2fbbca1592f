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
import type { ColumnMeta, FeatureFrame, FrameColumn, DroppedColumn } from "./frame";
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
  /**
   * Also one-hot numbers into this many training-quantile ranges (0 = off), so a linear model can
   * bend where the effect of a number is not monotone or not log-linear. Default 0.
   */
  numericBins?: number;
}

/** The role a design column plays for its source column. */
export type FeatureRole = "value" | "missing" | "zero" | "range" | "level" | "other" | "tag";

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
  meta?: ColumnMeta;
}

/** Fitted transformation of one number column. */
export interface NumberStep {
  kind: "number";
  column: string;
  group?: string;
  meta?: ColumnMeta;
  lo: number;
  hi: number;
  median: number;
  log: boolean;
  mean: number;
  std: number;
  missingIndicator: boolean;
  zeroIndicator: boolean;
  /** training quantiles 12.5 %, 25 %, 75 %, 87.5 % of the raw values (for rule suggestions) */
  quantiles: [number, number, number, number];
  /** upper bounds (inclusive) of the range indicators; the last range is open-ended. Empty = none. */
  cuts: number[];
}

/** Fitted transformation of one boolean column. */
export interface BooleanStep {
  kind: "boolean";
  column: string;
  group?: string;
  meta?: ColumnMeta;
  fill: number;
  missingIndicator: boolean;
}

/** Fitted one-hot encoding of one category column. */
export interface CategoryStep {
  kind: "category";
  column: string;
  group?: string;
  meta?: ColumnMeta;
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
  meta?: ColumnMeta;
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

function carry(col: FrameColumn): { group?: string; meta?: ColumnMeta } {
  return { ...(col.group !== undefined ? { group: col.group } : {}), ...(col.meta !== undefined ? { meta: col.meta } : {}) };
}

/** Quantiles are taken from at most this many values (a fixed stride), which keeps fitting linear. */
const QUANTILE_SAMPLE = 20_000;

function fitNumber(col: FrameColumn & { kind: "number" }, rows: ArrayLike<number>, o: Required<PipelineOptions>): NumberStep | string {
  const total = rows.length;
  const vals = new Float64Array(total);
  let count = 0;
  for (let k = 0; k < total; k++) {
    const v = col.values[rows[k]];
    if (v - v === 0) vals[count++] = v; // finite
  }
  const missing = total - count;
  if (count === 0) return "every training value is missing";
  const stride = Math.max(1, Math.ceil(count / QUANTILE_SAMPLE));
  const sample = new Float64Array(Math.ceil(count / stride));
  for (let k = 0, s = 0; k < count; k += stride) sample[s++] = vals[k];
  const sorted = sample.sort();
  const lo = quantileSorted(sorted, o.clipQuantile);
  const hi = quantileSorted(sorted, 1 - o.clipQuantile);
  if (!(hi > lo)) return sorted[0] === sorted[sorted.length - 1] ? "constant on the training rows" : "near-constant: almost every training value is the same";
  const median = quantileSorted(sorted, 0.5);
  const nonNegative = lo >= 0;
  let zeros = 0;
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const v = vals[k];
    if (v === 0) zeros++;
    const c = v < lo ? lo : v > hi ? hi : v;
    vals[k] = c;
    sum += c;
  }
  const mean0 = sum / count;
  let m2 = 0;
  let m3 = 0;
  for (let k = 0; k < count; k++) {
    const d = vals[k] - mean0;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= count;
  m3 /= count;
  const skew = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
  const mode = col.log ?? "auto";
  const log = nonNegative && (mode === "always" || (mode === "auto" && skew > o.skewThreshold));
  const zeroIndicator = nonNegative && o.zeroIndicatorShare > 0 && zeros >= o.zeroIndicatorShare * count && zeros < count;
  if (log) for (let k = 0; k < count; k++) vals[k] = Math.log1p(vals[k]);
  const fill = log ? Math.log1p(median) : median;
  let tsum = 0;
  for (let k = 0; k < count; k++) tsum += vals[k];
  const mean = (tsum + missing * fill) / total;
  let vs = missing * (fill - mean) ** 2;
  for (let k = 0; k < count; k++) vs += (vals[k] - mean) ** 2;
  const std = Math.sqrt(vs / total);
  if (!(std > 0)) return "constant on the training rows";
  const cuts: number[] = [];
  for (let b = 1; b < o.numericBins; b++) {
    const c = quantileSorted(sorted, b / o.numericBins);
    if (c > sorted[0] && c < sorted[sorted.length - 1] && (cuts.length === 0 || c > cuts[cuts.length - 1])) cuts.push(c);
  }
  const quantiles: [number, number, number, number] = [quantileSorted(sorted, 0.125), quantileSorted(sorted, 0.25), quantileSorted(sorted, 0.75), quantileSorted(sorted, 0.875)];
  return { kind: "number", column: col.name, ...carry(col), lo, hi, median, log, mean, std, missingIndicator: missing > 0, zeroIndicator, quantiles, cuts };
}

function indicatorMask(values: Float64Array, rows: ArrayLike<number>, test: (v: number) => boolean): { bits: Uint8Array; hash: number } {
  const bits = new Uint8Array(rows.length);
  let hash = 2166136261;
  for (let k = 0; k < rows.length; k++) {
    if (test(values[rows[k]])) {
      bits[k] = 1;
      hash = Math.imul(hash ^ k, 16777619);
    }
  }
  return { bits, hash: hash >>> 0 };
}

function equalBits(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
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
    numericBins: options.numericBins ?? 0,
  };
  const idx = rowIndex(rows, frame.n);
  const m = idx.length;
  const steps: ColumnStep[] = [];
  const indicators = new Map<number, Uint8Array[]>();
  const seenIndicator = (mask: { bits: Uint8Array; hash: number }): boolean => {
    const same = indicators.get(mask.hash) ?? [];
    for (const other of same) if (equalBits(other, mask.bits)) return true;
    same.push(mask.bits);
    indicators.set(mask.hash, same);
    return false;
  };
  const dropped: DroppedColumn[] = [];
  for (const col of frame.columns) {
    if (col.kind === "number") {
      const s = fitNumber(col, idx, o);
      if (typeof s === "string") dropped.push({ column: col.name, reason: s });
      else {
        // An indicator identical to one already present (e.g. "no demo request" for both the
        // 30- and 90-day decayed sums) adds nothing but cost and collinearity.
        if (s.zeroIndicator && seenIndicator(indicatorMask(col.values, idx, (v) => v === 0))) s.zeroIndicator = false;
        if (s.missingIndicator && seenIndicator(indicatorMask(col.values, idx, (v) => !Number.isFinite(v)))) s.missingIndicator = false;
        steps.push(s);
      }
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
      steps.push({ kind: "boolean", column: col.name, ...carry(col), fill: ones >= zeros ? 1 : 0, missingIndicator: missing > 0 });
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
      steps.push({ kind: "category", column: col.name, ...carry(col), keys: kept.map(([k]) => k), labels: kept.map(([, e]) => e.label), other, missing: hasMissing });
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
      steps.push({ kind: "multi", column: col.name, ...carry(col), keys: kept.map(([k]) => k), labels: kept.map(([, e]) => e.label) });
    }
  }
  return { steps, features: describeFeatures(steps), dropped, fittedRows: m };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
}

function describeFeatures(steps: ColumnStep[]): FeatureInfo[] {
  const out: FeatureInfo[] = [];
  for (const s of steps) {
    const g = { ...(s.group !== undefined ? { group: s.group } : {}), ...(s.meta !== undefined ? { meta: s.meta } : {}) };
    switch (s.kind) {
      case "number":
        out.push({ name: s.column, column: s.column, role: "value", ...g });
        if (s.zeroIndicator) out.push({ name: `${s.column} = 0`, column: s.column, role: "zero", ...g });
        if (s.missingIndicator) out.push({ name: `${s.column} is missing`, column: s.column, role: "missing", ...g });
        for (let b = 0; b <= s.cuts.length && s.cuts.length > 0; b++) {
          const level = b === 0 ? `≤ ${fmt(s.cuts[0])}` : b === s.cuts.length ? `> ${fmt(s.cuts[b - 1])}` : `${fmt(s.cuts[b - 1])}–${fmt(s.cuts[b])}`;
          out.push({ name: `${s.column} ${level}`, column: s.column, role: "range", level, ...g });
        }
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
  const idx = rowIndices(rows, frame.n);
  const m = idx.length;
  const p = pipeline.features.length;
  const f32 = options.precision === "float32";
  const data = f32 ? new Float32Array(m * p) : new Float64Array(m * p);
  const widths = pipeline.steps.map(stepWidth);
  // Float32 output is written through a Float64 scratch block so the hot loops see one array type.
  const scratch = f32 ? new Float64Array(m * Math.max(1, ...widths)) : null;
  let j = 0;
  pipeline.steps.forEach((s, si) => {
    const col = byName.get(s.column);
    if (!col) throw new Error(`column "${s.column}" is missing from the data`);
    const w = widths[si];
    let out: Float64Array;
    if (scratch) {
      out = scratch.subarray(0, m * w);
      out.fill(0);
    } else out = (data as Float64Array).subarray(j * m, (j + w) * m);
    writeStep(s, col, idx, out, m);
    if (scratch) data.set(out, j * m);
    j += w;
  });
  return { n: m, p, data, names: pipeline.features.map((f) => f.name) };
}

/** Materialise a row selection once, so every inner loop is a plain typed-array read. */
function rowIndices(rows: RowSelection | undefined, n: number): Int32Array {
  if (rows === undefined) {
    const idx = new Int32Array(n);
    for (let k = 0; k < n; k++) idx[k] = k;
    return idx;
  }
  if (typeof (rows as ArrayLike<number>).length === "number") return Int32Array.from(rows as ArrayLike<number>);
  const r = rows as { start: number; end: number };
  const idx = new Int32Array(Math.max(0, r.end - r.start));
  for (let k = 0; k < idx.length; k++) idx[k] = r.start + k;
  return idx;
}

/**
 * Like {@link transform}, but only the listed design columns (ascending indices), in that order.
 * Tree models split on a fraction of the features; scoring them needs no more.
 */
export function transformSubset(
  pipeline: Pipeline,
  frame: FeatureFrame,
  rows: RowSelection | undefined,
  features: Int32Array,
  workspace?: { data?: Float64Array; scratch?: Float64Array },
): DesignMatrix {
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const idx = rowIndices(rows, frame.n);
  const m = idx.length;
  const widths = pipeline.steps.map(stepWidth);
  // Reused buffers (when large enough) spare the garbage collector on chunked scoring.
  const wd = workspace?.data;
  const data = wd && wd.length >= m * features.length ? wd.subarray(0, m * features.length) : new Float64Array(m * features.length);
  const ws = workspace?.scratch;
  const need = m * Math.max(1, ...widths);
  const scratch = ws && ws.length >= need ? ws : new Float64Array(need);
  let j = 0;
  let q = 0;
  pipeline.steps.forEach((s, si) => {
    const w = widths[si];
    if (q < features.length && features[q] < j + w) {
      const col = byName.get(s.column);
      if (!col) throw new Error(`column "${s.column}" is missing from the data`);
      const out = scratch.subarray(0, m * w);
      out.fill(0);
      writeStep(s, col, idx, out, m);
      while (q < features.length && features[q] < j + w) {
        const local = features[q] - j;
        data.set(out.subarray(local * m, (local + 1) * m), q * m);
        q++;
      }
    }
    j += w;
  });
  return { n: m, p: features.length, data, names: Array.from(features, (f) => pipeline.features[f].name) };
}

/**
 * intercept + Σ coef[j]·x[j] straight from the frame, without building the design matrix. The
 * terms are added in feature order and zero terms are skipped (adding 0 changes nothing), so the
 * result is bit-for-bit what a linear model gives on `transform(...)`. `known` may hold already
 * transformed value columns (design index → column for these rows) to reuse.
 */
export function linearScore(
  pipeline: Pipeline,
  coef: Float64Array,
  intercept: number,
  frame: FeatureFrame,
  rows?: RowSelection,
  out?: Float64Array,
  known?: Map<number, Float64Array>,
): Float64Array {
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const idx = rowIndices(rows, frame.n);
  const m = idx.length;
  const z = out ?? new Float64Array(m);
  z.fill(intercept, 0, m);
  let j = 0;
  for (const s of pipeline.steps) {
    const col = byName.get(s.column);
    if (!col) throw new Error(`column "${s.column}" is missing from the data`);
    addStep(s, col, idx, coef, j, z, m, known?.get(j));
    j += stepWidth(s);
  }
  return z;
}

function addStep(s: ColumnStep, col: FrameColumn, idx: Int32Array, coef: Float64Array, j: number, z: Float64Array, m: number, knownValue?: Float64Array): void {
  if (s.kind === "number" && knownValue && col.kind === "number") {
    // The standardised value column was already computed (for the trees): reuse it, same bits.
    const values = col.values;
    const cv = coef[j];
    const cz = s.zeroIndicator ? coef[j + 1] : 0;
    const cm = s.missingIndicator ? coef[j + 1 + (s.zeroIndicator ? 1 : 0)] : 0;
    const rangeBase = j + 1 + (s.zeroIndicator ? 1 : 0) + (s.missingIndicator ? 1 : 0);
    const cuts = s.cuts;
    const nCuts = cuts.length;
    for (let k = 0; k < m; k++) {
      const v = values[idx[k]];
      let t = z[k] + cv * knownValue[k];
      if (v === 0) {
        if (s.zeroIndicator) t += cz * 1;
      } else if (v - v !== 0) {
        if (s.missingIndicator) t += cm * 1;
      }
      if (nCuts > 0 && v - v === 0) {
        let b = 0;
        while (b < nCuts && v > cuts[b]) b++;
        t += coef[rangeBase + b] * 1;
      }
      z[k] = t;
    }
    return;
  }
  if (s.kind === "number") {
    if (col.kind !== "number") throw new Error(`column "${s.column}" should be numeric`);
    const values = col.values;
    const { lo, hi, mean, std, log, cuts } = s;
    const scaled = (v: number): number => {
      const c = Math.min(hi, Math.max(lo, v));
      return ((log ? Math.log1p(c) : c) - mean) / std;
    };
    const fill = scaled(s.median);
    const atZero = scaled(0);
    const cv = coef[j];
    const cz = s.zeroIndicator ? coef[j + 1] : 0;
    const cm = s.missingIndicator ? coef[j + 1 + (s.zeroIndicator ? 1 : 0)] : 0;
    const rangeBase = j + 1 + (s.zeroIndicator ? 1 : 0) + (s.missingIndicator ? 1 : 0);
    const nCuts = cuts.length;
    for (let k = 0; k < m; k++) {
      const v = values[idx[k]];
      let t = z[k];
      if (v === 0) {
        t += cv * atZero;
        if (s.zeroIndicator) t += cz * 1;
      } else if (v - v === 0) {
        const c = v < lo ? lo : v > hi ? hi : v;
        t += cv * (((log ? Math.log1p(c) : c) - mean) / std);
      } else {
        t += cv * fill;
        if (s.missingIndicator) t += cm * 1;
      }
      if (nCuts > 0 && v - v === 0) {
        let b = 0;
        while (b < nCuts && v > cuts[b]) b++;
        t += coef[rangeBase + b] * 1;
      }
      z[k] = t;
    }
  } else if (s.kind === "boolean") {
    if (col.kind !== "boolean" && col.kind !== "number") throw new Error(`column "${s.column}" should be yes/no`);
    const values = col.values;
    const cv = coef[j];
    const cm = s.missingIndicator ? coef[j + 1] : 0;
    for (let k = 0; k < m; k++) {
      const v = values[idx[k]];
      if (v === v) z[k] += cv * (v !== 0 ? 1 : 0);
      else {
        let t = z[k] + cv * s.fill;
        if (s.missingIndicator) t += cm * 1;
        z[k] = t;
      }
    }
  } else if (s.kind === "category") {
    if (col.kind !== "category") throw new Error(`column "${s.column}" should be categorical`);
    const levelOf = new Map(s.keys.map((key, i) => [key, i]));
    const otherIdx = s.other ? s.keys.length : -1;
    const missIdx = s.missing ? s.keys.length + (s.other ? 1 : 0) : -1;
    const featOfCode = new Int32Array(col.dict.length);
    for (let c = 0; c < col.dict.length; c++) featOfCode[c] = levelOf.get(categoryKey(col.dict[c])) ?? otherIdx;
    const codes = col.codes;
    for (let k = 0; k < m; k++) {
      const c = codes[idx[k]];
      const f = c < 0 ? missIdx : featOfCode[c];
      if (f >= 0) z[k] += coef[j + f] * 1;
    }
  } else {
    if (col.kind !== "multi") throw new Error(`column "${s.column}" should be a tag list`);
    const tagOf = new Map(s.keys.map((key, i) => [key, i]));
    const featOfCode = new Int32Array(col.dict.length);
    for (let c = 0; c < col.dict.length; c++) featOfCode[c] = tagOf.get(categoryKey(col.dict[c])) ?? -1;
    const { offsets, codes } = col;
    const active: number[] = [];
    for (let k = 0; k < m; k++) {
      const r = idx[k];
      active.length = 0;
      for (let e = offsets[r]; e < offsets[r + 1]; e++) {
        const f = featOfCode[codes[e]];
        if (f >= 0 && !active.includes(f)) active.push(f);
      }
      if (active.length === 0) continue;
      // feature order, as in the materialised sum
      active.sort((a, b) => a - b);
      let t = z[k];
      for (const f of active) t += coef[j + f] * 1;
      z[k] = t;
    }
  }
}

/** The number of design columns a fitted step writes. */
export function stepWidth(s: ColumnStep): number {
  switch (s.kind) {
    case "number":
      return 1 + (s.zeroIndicator ? 1 : 0) + (s.missingIndicator ? 1 : 0) + (s.cuts.length > 0 ? s.cuts.length + 1 : 0);
    case "boolean":
      return 1 + (s.missingIndicator ? 1 : 0);
    case "category":
      return s.keys.length + (s.other ? 1 : 0) + (s.missing ? 1 : 0);
    case "multi":
      return s.keys.length;
  }
}

/** Write the design columns of one step for the given rows into `out` (column-major, zeroed, m rows). */
function writeStep(s: ColumnStep, col: FrameColumn, idx: Int32Array, out: Float64Array, m: number): void {
  if (s.kind === "number") {
    if (col.kind !== "number") throw new Error(`column "${s.column}" should be numeric`);
    const values = col.values;
    const { lo, hi, mean, std, log, cuts } = s;
    const zeroBase = s.zeroIndicator ? m : -1;
    const missBase = s.missingIndicator ? (s.zeroIndicator ? 2 : 1) * m : -1;
    const rangeBase = (1 + (s.zeroIndicator ? 1 : 0) + (s.missingIndicator ? 1 : 0)) * m;
    const scaled = (v: number): number => {
      const c = Math.min(hi, Math.max(lo, v));
      return ((log ? Math.log1p(c) : c) - mean) / std;
    };
    const fill = scaled(s.median);
    // Zero is the commonest value of counts and decayed sums: compute its image once.
    const atZero = scaled(0);
    const nCuts = cuts.length;
    for (let k = 0; k < m; k++) {
      const v = values[idx[k]];
      if (v === 0) {
        out[k] = atZero;
        if (zeroBase >= 0) out[zeroBase + k] = 1;
        if (nCuts > 0) {
          let b = 0;
          while (b < nCuts && v > cuts[b]) b++;
          out[rangeBase + b * m + k] = 1;
        }
      } else if (v - v === 0) {
        const c = v < lo ? lo : v > hi ? hi : v;
        out[k] = ((log ? Math.log1p(c) : c) - mean) / std;
        if (nCuts > 0) {
          let b = 0;
          while (b < nCuts && v > cuts[b]) b++;
          out[rangeBase + b * m + k] = 1;
        }
      } else {
        out[k] = fill;
        if (missBase >= 0) out[missBase + k] = 1;
      }
    }
  } else if (s.kind === "boolean") {
    if (col.kind !== "boolean" && col.kind !== "number") throw new Error(`column "${s.column}" should be yes/no`);
    const values = col.values;
    const missBase = s.missingIndicator ? m : -1;
    for (let k = 0; k < m; k++) {
      const v = values[idx[k]];
      if (v === v) out[k] = v !== 0 ? 1 : 0;
      else {
        out[k] = s.fill;
        if (missBase >= 0) out[missBase + k] = 1;
      }
    }
  } else if (s.kind === "category") {
    if (col.kind !== "category") throw new Error(`column "${s.column}" should be categorical`);
    const levelOf = new Map(s.keys.map((key, i) => [key, i]));
    const otherIdx = s.other ? s.keys.length : -1;
    const missIdx = s.missing ? s.keys.length + (s.other ? 1 : 0) : -1;
    // Map every dictionary code to its feature once; unseen levels fall into "other".
    const featOfCode = new Int32Array(col.dict.length);
    for (let c = 0; c < col.dict.length; c++) featOfCode[c] = levelOf.get(categoryKey(col.dict[c])) ?? otherIdx;
    const codes = col.codes;
    for (let k = 0; k < m; k++) {
      const c = codes[idx[k]];
      const f = c < 0 ? missIdx : featOfCode[c];
      if (f >= 0) out[f * m + k] = 1;
    }
  } else {
    if (col.kind !== "multi") throw new Error(`column "${s.column}" should be a tag list`);
    const tagOf = new Map(s.keys.map((key, i) => [key, i]));
    const featOfCode = new Int32Array(col.dict.length);
    for (let c = 0; c < col.dict.length; c++) featOfCode[c] = tagOf.get(categoryKey(col.dict[c])) ?? -1;
    const { offsets, codes } = col;
    for (let k = 0; k < m; k++) {
      const r = idx[k];
      for (let e = offsets[r]; e < offsets[r + 1]; e++) {
        const f = featOfCode[codes[e]];
        if (f >= 0) out[f * m + k] = 1;
      }
    }
  }
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
