/**
 * Scoring a design matrix with a fitted model in one pass that also yields the log-odds contribution
 * of each score category (fit, engagement, intent, relationship) — at the cost of a prediction, not
 * of a full per-feature contribution matrix (n × p), which is what makes publishing a million
 * accounts affordable.
 *
 * The contributions are the same as lib/predictive/explain's: β_j·(x_j − mean_j) for the logistic
 * regression, path attribution (the change of node value at each split, credited to the split's
 * feature) for the trees, the blend's weighted sum of both. Their sum plus the bias is the logit.
 */
import type { TreeEnsemble } from "@/lib/predictive/gbt";
import type { LogisticModel } from "@/lib/predictive/logistic";
import type { DesignMatrix } from "@/lib/predictive/matrix";
import type { Predictor } from "@/lib/predictive/model";

/** Logits of the rows, and each group's summed contribution, with the common bias. */
export interface GroupScores {
  /** log-odds of each row */
  logit: Float64Array;
  /** per group: each row's summed contribution of the group's features */
  groups: Float64Array[];
  /** log-odds of the reference (typical) row */
  bias: number;
}

function linear(model: LogisticModel, x: DesignMatrix, mean: ArrayLike<number>, groupOf: Int32Array, w: number, out: GroupScores): number {
  const { n, p, data } = x;
  let bias = model.intercept;
  const base = w * model.intercept;
  for (let i = 0; i < n; i++) out.logit[i] += base;
  for (let j = 0; j < p; j++) {
    const b = model.coef[j]!;
    const m = mean[j]!;
    bias += b * m;
    if (b === 0) continue;
    const wb = w * b;
    const g = out.groups[groupOf[j]!]!;
    const logit = out.logit;
    const o = j * n;
    for (let i = 0; i < n; i++) {
      const v = data[o + i]!;
      logit[i] += wb * v;
      g[i] += wb * (v - m);
    }
  }
  return w * bias;
}

/** Per-node tables of an ensemble for one blend weight and grouping, built once per model. */
interface TreeTables {
  group: Int32Array;
  /** weighted value change when going left / right at the node */
  dl: Float64Array;
  dr: Float64Array;
  /** weighted leaf value */
  leaf: Float64Array;
}

const tableCache = new WeakMap<TreeEnsemble, { w: number; groupOf: Int32Array; t: TreeTables }>();

function tablesOf(model: TreeEnsemble, w: number, groupOf: Int32Array): TreeTables {
  const hit = tableCache.get(model);
  if (hit && hit.w === w && hit.groupOf === groupOf) return hit.t;
  const { feature, left, right, value } = model;
  const m = value.length;
  const t: TreeTables = { group: new Int32Array(m), dl: new Float64Array(m), dr: new Float64Array(m), leaf: new Float64Array(m) };
  for (let k = 0; k < m; k++) {
    const f = feature[k]!;
    if (f < 0) {
      t.leaf[k] = w * value[k]!;
      continue;
    }
    t.group[k] = groupOf[f]!;
    t.dl[k] = w * (value[left[k]!]! - value[k]!);
    t.dr[k] = w * (value[right[k]!]! - value[k]!);
  }
  tableCache.set(model, { w, groupOf, t });
  return t;
}

function trees(model: TreeEnsemble, x: DesignMatrix, groupOf: Int32Array, w: number, out: GroupScores): number {
  const { n, data } = x;
  const { roots, feature, threshold, left, right, value } = model;
  const { group, dl, dr, leaf } = tablesOf(model, w, groupOf);
  let bias = model.baseScore;
  for (let t = 0; t < roots.length; t++) bias += value[roots[t]!]!;
  const wBase = w * model.baseScore;
  const nTrees = roots.length;
  const nGroups = out.groups.length;
  // Row by row, every tree, with the row's group sums in a small scratch array: one write per row
  // and group instead of one per split.
  const acc = new Float64Array(nGroups);
  const logit = out.logit;
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    let z = wBase;
    for (let t = 0; t < nTrees; t++) {
      let k = roots[t]!;
      let f = feature[k]!;
      while (f >= 0) {
        const v = data[f * n + i]!;
        if (v <= threshold[k]! || v !== v) {
          acc[group[k]!] += dl[k]!;
          k = left[k]!;
        } else {
          acc[group[k]!] += dr[k]!;
          k = right[k]!;
        }
        f = feature[k]!;
      }
      z += leaf[k]!;
    }
    logit[i] += z;
    for (let g = 0; g < nGroups; g++) out.groups[g]![i] += acc[g]!;
  }
  return w * bias;
}

/**
 * Logits and per-group contributions of every row of a design matrix (built by `transform` with the
 * predictor's pipeline). `groupOf[j]` is the group index of design feature j, `groups` the number of
 * groups.
 */
export function scoreWithGroups(predictor: Predictor, x: DesignMatrix, groupOf: Int32Array, groups: number): GroupScores {
  const out: GroupScores = { logit: new Float64Array(x.n), groups: Array.from({ length: groups }, () => new Float64Array(x.n)), bias: 0 };
  const model = predictor.model;
  const mean = predictor.reference.mean;
  if (model.kind === "lr") out.bias = linear(model, x, mean, groupOf, 1, out);
  else if (model.kind === "gbt") out.bias = trees(model, x, groupOf, 1, out);
  else out.bias = linear(model.lr, x, mean, groupOf, model.lrWeight, out) + trees(model.gbt, x, groupOf, 1 - model.lrWeight, out);
  return out;
}
