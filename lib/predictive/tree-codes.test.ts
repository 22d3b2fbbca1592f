import { describe, expect, it } from "vitest";
import { contributions } from "./explain";
import { gbtLogits, trainGbt, type TreeEnsemble } from "./gbt";
import { type DesignMatrix, matrixFromColumns } from "./matrix";
import { createRng } from "./random";
import { codesLogit, compileTreeCodes, flipBits, MAX_TREE_SLOTS, rankOf, rowCodes } from "./tree-codes";

/** Rows with a continuous, a count-like (mostly 0), a one-hot and a noise column. */
function data(n: number, seed: number): { x: DesignMatrix; y: Float64Array } {
  const rng = createRng(seed);
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cols[0]![i] = rng.next() * 4 - 2;
    cols[1]![i] = rng.next() < 0.7 ? 0 : Math.floor(rng.next() * 6);
    cols[2]![i] = rng.next() < 0.3 ? 1 : 0;
    cols[3]![i] = rng.next();
    const z = cols[0]![i]! * (cols[2]![i]! ? -1 : 1) + 0.5 * cols[1]![i]! - 1;
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x: matrixFromColumns(cols, ["a", "count", "flag", "noise"]), y };
}

const at = (x: DesignMatrix, i: number) => (j: number) => x.data[j * x.n + i]!;

describe("compiled tree codes", () => {
  const { x, y } = data(3_000, 11);
  const model = trainGbt(x, y, { maxLeaves: 8, maxIterations: 60 });
  const defaults = [0, 0, 0, 0.5];
  const groupOf = [0, 1, 1, 2];

  it("give the leaves a walk reaches: the same logits, bit for bit", () => {
    const tc = compileTreeCodes(model, 1, defaults, groupOf, 3)!;
    const walked = gbtLogits(model, x);
    const codes = new Int32Array(tc.nTrees);
    for (let i = 0; i < x.n; i++) expect(codesLogit(tc, rowCodes(tc, at(x, i), codes))).toBe(walked[i]);
  });

  it("sum the path attribution per group, as lib/predictive/explain does", () => {
    const w = 0.7;
    const tc = compileTreeCodes(model, w, defaults, groupOf, 3)!;
    const con = contributions(model, x);
    const codes = new Int32Array(tc.nTrees);
    for (const i of [0, 5, 77, 1_234, 2_999]) {
      const groups = new Float64Array(3);
      const z = codesLogit(tc, rowCodes(tc, at(x, i), codes), groups);
      const expected = [0, 0, 0];
      for (let j = 0; j < x.p; j++) expected[groupOf[j]!]! += w * con.values[i * x.p + j]!;
      expected.forEach((v, g) => expect(groups[g]).toBeCloseTo(v, 10));
      // the groups add up to the row's logit from the reference (root values) one
      expect(tc.bias + groups[0]! + groups[1]! + groups[2]!).toBeCloseTo(z, 10);
    }
  });

  it("start from the default row's codes and flip only where a value differs", () => {
    const tc = compileTreeCodes(model, 1, defaults, groupOf, 3)!;
    const dense = new Int32Array(tc.nTrees);
    const sparse = new Int32Array(tc.nTrees);
    for (let i = 0; i < 500; i++) {
      rowCodes(tc, at(x, i), dense);
      sparse.set(tc.defaultCodes);
      for (let j = 0; j < x.p; j++) if (at(x, i)(j) !== defaults[j]) flipBits(tc, j, at(x, i)(j), sparse);
      expect(sparse).toEqual(dense);
    }
  });

  it("keeps each feature's nodes by threshold, with the default's rank", () => {
    const tc = compileTreeCodes(model, 1, defaults, groupOf, 3)!;
    for (let j = 0; j < x.p; j++) {
      const s = tc.nodeStart[j]!;
      const e = tc.nodeStart[j + 1]!;
      for (let q = s + 1; q < e; q++) expect(tc.nodeThreshold[q]!).toBeGreaterThanOrEqual(tc.nodeThreshold[q - 1]!);
      expect(rankOf(tc.nodeThreshold, s, e, defaults[j]!)).toBe(s + tc.defaultRank[j]!);
      for (const v of [-3, -0.5, 0, 0.5, 1, 2.5, 7]) {
        let below = 0;
        for (let q = s; q < e; q++) if (tc.nodeThreshold[q]! < v) below++;
        expect(rankOf(tc.nodeThreshold, s, e, v)).toBe(s + below);
      }
    }
  });

  it("refuses trees whose table would be too large", () => {
    // one tree splitting on every level of a comb: more inner nodes than MAX_TREE_SLOTS
    const k = MAX_TREE_SLOTS + 1;
    const m = 2 * k + 1;
    const comb: TreeEnsemble = {
      kind: "gbt",
      nFeatures: 1,
      baseScore: 0,
      learningRate: 0.1,
      roots: Int32Array.of(0),
      feature: Int32Array.from({ length: m }, (_, q) => (q % 2 === 0 && q < 2 * k ? 0 : -1)),
      threshold: Float64Array.from({ length: m }, (_, q) => q),
      left: Int32Array.from({ length: m }, (_, q) => (q % 2 === 0 && q < 2 * k ? q + 1 : -1)),
      right: Int32Array.from({ length: m }, (_, q) => (q % 2 === 0 && q < 2 * k ? q + 2 : -1)),
      value: new Float64Array(m),
      cover: new Float64Array(m),
      bestIteration: 1,
      validationLoss: NaN,
    };
    expect(compileTreeCodes(comb, 1, [0], [0], 1)).toBeNull();
  });
});
