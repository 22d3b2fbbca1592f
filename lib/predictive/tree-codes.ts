/**
 * A tree ensemble compiled for scoring rows that mostly sit at known default values, one row at a
 * time, with no walk down the trees.
 *
 * Every inner node of a tree gets a bit (its "slot"): 1 when the row goes right there
 * (`x[feature] > threshold`; NaN compares false and goes left, as in gbt.ts). A tree's bits form a
 * code, and a table per tree maps each code to the leaf the row reaches (the nodes off the row's
 * path do not change the leaf, so every code has one). Scoring a row is then:
 *
 * 1. start from the codes of the default row (each feature at the value most rows have, e.g. the
 *    standardised value of a zero count, 0 for a one-hot column) — a copy of `defaultCodes`;
 * 2. for each feature whose value differs from its default, flip the bits of the nodes testing it
 *    whose outcome differs (`flipBits`);
 * 3. look up each tree's leaf (`lut`) and add its value.
 *
 * For the app's account features most columns are at their defaults (no demo request in the last
 * 30 days, not in this industry), so this costs a fraction of the comparisons of a walk and none of
 * its unpredictable branches. Leaf values are the trees' own values times `weight`, added in tree
 * order, so the sum is bit-for-bit the one of a walk that adds `weight × value[leaf]` per tree.
 *
 * With each leaf, the path's Saabas attribution (lib/predictive/explain: the change of node value
 * at every split, credited to the split feature) is summed per feature group, so that a row's
 * per-group contributions come with its leaves at no extra walk.
 */
import type { TreeEnsemble } from "./gbt";

/** Trees with more inner nodes than this are not compiled (the table would have 2^slots entries). */
export const MAX_TREE_SLOTS = 12;

export interface TreeCodes {
  nTrees: number;
  /** weight × baseScore: a row's tree logit starts here */
  base: number;
  /** weight × (baseScore + Σ root values): the logit of the reference row (path attribution) */
  bias: number;
  /**
   * The nodes testing design feature j are nodeStart[j] .. nodeStart[j + 1] − 1, by threshold
   * ascending: the nodes a value goes right at are a prefix of them, so a value's bits differ from
   * the default's on one contiguous range (see `flipRange`).
   */
  nodeStart: Int32Array;
  /** per design feature: how many of its nodes the default value goes right at */
  defaultRank: Int32Array;
  /** per node: its tree, its slot, its threshold, and its bit (shifted) at the feature's default */
  nodeTree: Int32Array;
  nodeSlot: Int32Array;
  nodeThreshold: Float64Array;
  nodeDefault: Int32Array;
  /** the code of every tree for the default row */
  defaultCodes: Int32Array;
  /** tree t's table is lut[lutStart[t] .. lutStart[t] + 2^slots − 1]: code → leaf (global index) */
  lutStart: Int32Array;
  lut: Int32Array;
  /** weight × value of each leaf */
  leafValue: Float64Array;
  /** per leaf, `groups` sums: the path attribution of the leaf's path per feature group */
  leafGroups: Float64Array;
  groups: number;
}

/** Bit (1 or 0) of a node for value v: right of the split. */
function goesRight(v: number, threshold: number): number {
  return v > threshold ? 1 : 0;
}

/**
 * Compiles a fitted ensemble. `defaults[j]` is the default value of design feature j, `groupOf[j]`
 * its group in [0, groups). Returns null when a tree has more than MAX_TREE_SLOTS inner nodes.
 */
export function compileTreeCodes(model: TreeEnsemble, weight: number, defaults: ArrayLike<number>, groupOf: ArrayLike<number>, groups: number): TreeCodes | null {
  const { roots, feature, threshold, left, right, value } = model;
  const nTrees = roots.length;
  const p = model.nFeatures;
  // Inner nodes (slots) and leaves of each tree, depth first, left before right.
  const inner: number[][] = [];
  const leaves: number[][] = [];
  for (let t = 0; t < nTrees; t++) {
    const ins: number[] = [];
    const ls: number[] = [];
    const stack = [roots[t]!];
    while (stack.length) {
      const k = stack.pop()!;
      if (feature[k]! < 0) ls.push(k);
      else {
        ins.push(k);
        stack.push(right[k]!, left[k]!);
      }
    }
    if (ins.length > MAX_TREE_SLOTS) return null;
    inner.push(ins);
    leaves.push(ls);
  }
  const nodeCount = new Int32Array(p + 1);
  for (const ins of inner) for (const k of ins) nodeCount[feature[k]! + 1]!++;
  const nodeStart = new Int32Array(p + 1);
  for (let j = 0; j < p; j++) nodeStart[j + 1] = nodeStart[j]! + nodeCount[j + 1]!;
  const total = nodeStart[p]!;
  const nodeTree = new Int32Array(total);
  const nodeSlot = new Int32Array(total);
  const nodeThreshold = new Float64Array(total);
  const nodeDefault = new Int32Array(total);
  // Inner nodes by feature, then threshold (ties in tree order).
  const byFeature: { t: number; s: number; k: number }[][] = Array.from({ length: p }, () => []);
  inner.forEach((ins, t) => ins.forEach((k, s) => byFeature[feature[k]!]!.push({ t, s, k })));
  const defaultRank = new Int32Array(p);
  byFeature.forEach((nodes, f) => {
    nodes.sort((a, b) => (threshold[a.k]! < threshold[b.k]! ? -1 : threshold[a.k]! > threshold[b.k]! ? 1 : a.t - b.t || a.s - b.s));
    nodes.forEach(({ t, s, k }, r) => {
      const q = nodeStart[f]! + r;
      nodeTree[q] = t;
      nodeSlot[q] = s;
      nodeThreshold[q] = threshold[k]!;
      nodeDefault[q] = goesRight(defaults[f]!, threshold[k]!) << s;
      defaultRank[f] += goesRight(defaults[f]!, threshold[k]!);
    });
  });
  const defaultCodes = new Int32Array(nTrees);
  const lutStart = new Int32Array(nTrees + 1);
  for (let t = 0; t < nTrees; t++) lutStart[t + 1] = lutStart[t]! + (1 << inner[t]!.length);
  const lut = new Int32Array(lutStart[nTrees]!);
  const nLeaves = leaves.reduce((a, l) => a + l.length, 0);
  const leafValue = new Float64Array(nLeaves);
  const leafGroups = new Float64Array(nLeaves * groups);
  let leafBase = 0;
  for (let t = 0; t < nTrees; t++) {
    const ins = inner[t]!;
    const slot = new Map(ins.map((k, s) => [k, s]));
    const leafIndex = new Map(leaves[t]!.map((k, l) => [k, leafBase + l]));
    let code = 0;
    ins.forEach((k, s) => (code |= goesRight(defaults[feature[k]!]!, threshold[k]!) << s));
    defaultCodes[t] = code;
    // Leaf values and per-group path attribution, summed from the root down.
    const walk = (k: number, acc: Float64Array): void => {
      const f = feature[k]!;
      if (f < 0) {
        const leaf = leafIndex.get(k)!;
        leafValue[leaf] = weight * value[k]!;
        leafGroups.set(acc, leaf * groups);
        return;
      }
      const g = groupOf[f]!;
      const l = acc.slice();
      l[g] = l[g]! + weight * (value[left[k]!]! - value[k]!);
      walk(left[k]!, l);
      const r = acc.slice();
      r[g] = r[g]! + weight * (value[right[k]!]! - value[k]!);
      walk(right[k]!, r);
    };
    walk(roots[t]!, new Float64Array(groups));
    for (let c = 0; c < 1 << ins.length; c++) {
      let k = roots[t]!;
      while (feature[k]! >= 0) k = (c >> slot.get(k)!) & 1 ? right[k]! : left[k]!;
      lut[lutStart[t]! + c] = leafIndex.get(k)!;
    }
    leafBase += leaves[t]!.length;
  }
  let bias = model.baseScore;
  for (let t = 0; t < nTrees; t++) bias += value[roots[t]!]!;
  return { nTrees, base: weight * model.baseScore, bias: weight * bias, nodeStart, defaultRank, nodeTree, nodeSlot, nodeThreshold, nodeDefault, defaultCodes, lutStart, lut, leafValue, leafGroups, groups };
}

/**
 * Sets `codes` (length nTrees) to the codes of a dense row: x(j) is the value of design feature j.
 * The reference for tests and for callers that have the whole row; the fast callers start from
 * `defaultCodes` and flip only the features that differ.
 */
export function rowCodes(tc: TreeCodes, x: (j: number) => number, codes: Int32Array): Int32Array {
  codes.set(tc.defaultCodes);
  for (let j = 0; j + 1 < tc.nodeStart.length; j++) flipBits(tc, j, x(j), codes);
  return codes;
}

/** Updates `codes` for design feature j taking value v instead of its default. */
export function flipBits(tc: TreeCodes, j: number, v: number, codes: Int32Array): void {
  const { nodeStart, nodeTree, nodeSlot, nodeThreshold, nodeDefault } = tc;
  for (let q = nodeStart[j]!; q < nodeStart[j + 1]!; q++) codes[nodeTree[q]!] ^= (goesRight(v, nodeThreshold[q]!) << nodeSlot[q]!) ^ nodeDefault[q]!;
}

/**
 * Index of the first node of nodes [start, end) (thresholds ascending) that value x does not go
 * right at: start + the number of thresholds below x. A binary search whose steps do not branch on
 * the data.
 */
export function rankOf(thresholds: Float64Array, start: number, end: number, x: number): number {
  if (end === start) return start;
  let base = start;
  let n = end - start;
  while (n > 1) {
    const half = n >> 1;
    base += +(thresholds[base + half]! < x) * half;
    n -= half;
  }
  return base + +(thresholds[base]! < x);
}

/** weight × (baseScore + Σ leaf values) for the codes, trees added in order; group sums added into `groupsOut`. */
export function codesLogit(tc: TreeCodes, codes: Int32Array, groupsOut?: Float64Array): number {
  let z = tc.base;
  for (let t = 0; t < tc.nTrees; t++) {
    const leaf = tc.lut[tc.lutStart[t]! + codes[t]!]!;
    z += tc.leafValue[leaf]!;
    if (groupsOut) for (let g = 0; g < tc.groups; g++) groupsOut[g] += tc.leafGroups[leaf * tc.groups + g]!;
  }
  return z;
}
