import { describe, expect, it } from "vitest";
import { auc } from "./evaluate";
import { gbtLogits, trainGbt } from "./gbt";
import { logisticLogits, trainLogistic } from "./logistic";
import { type DesignMatrix, matrixFromColumns, selectRows, selectValues, sigmoid } from "./matrix";
import { createRng } from "./random";

function xor(n: number, seed: number): { x: DesignMatrix; y: Uint8Array } {
  const rng = createRng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const noise = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.next() * 2 - 1;
    b[i] = rng.next() * 2 - 1;
    noise[i] = rng.next();
    y[i] = rng.next() < sigmoid(a[i] * b[i] > 0 ? 2 : -2) ? 1 : 0;
  }
  return { x: matrixFromColumns([a, b, noise], ["a", "b", "noise"]), y };
}

function split(n: number) {
  const train = Int32Array.from({ length: Math.floor(n * 0.7) }, (_, i) => i);
  const test = Int32Array.from({ length: n - train.length }, (_, i) => train.length + i);
  return { train, test };
}

describe("trainGbt", () => {
  it("beats logistic regression on an XOR-like target", () => {
    const { x, y } = xor(4_000, 1);
    const { train, test } = split(x.n);
    const xt = selectRows(x, train);
    const yt = selectValues(y, train);
    const xv = selectRows(x, test);
    const yv = selectValues(y, test);
    const gbtAuc = auc(gbtLogits(trainGbt(xt, yt), xv), yv);
    const lrAuc = auc(logisticLogits(trainLogistic(xt, yt), xv), yv);
    expect(lrAuc).toBeLessThan(0.6);
    expect(gbtAuc).toBeGreaterThan(0.8);
  });

  it("is deterministic for a seed and varies with it", () => {
    const { x, y } = xor(1_500, 2);
    const a = gbtLogits(trainGbt(x, y, { seed: 11 }), x);
    const b = gbtLogits(trainGbt(x, y, { seed: 11 }), x);
    const c = gbtLogits(trainGbt(x, y, { seed: 12 }), x);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("respects min samples per leaf, the leaf budget and the feature mask", () => {
    const { x, y } = xor(2_000, 3);
    const m = trainGbt(x, y, { minSamplesLeaf: 50, maxLeaves: 4, featureMask: [1, 1, 0], validationFraction: 0, maxIterations: 20 });
    expect(m.roots.length).toBe(20);
    for (let t = 0; t < m.roots.length; t++) {
      const end = t + 1 < m.roots.length ? m.roots[t + 1] : m.value.length;
      let leaves = 0;
      for (let k = m.roots[t]; k < end; k++) {
        if (m.feature[k] < 0) {
          leaves++;
          expect(m.cover[k]).toBeGreaterThanOrEqual(50);
        } else expect(m.feature[k]).not.toBe(2);
      }
      expect(leaves).toBeLessThanOrEqual(4);
    }
  });

  it("stops early on pure noise", () => {
    const rng = createRng(4);
    const n = 3_000;
    const x = matrixFromColumns([Float64Array.from({ length: n }, () => rng.next())], ["noise"]);
    const y = Uint8Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const m = trainGbt(x, y, { maxIterations: 500, earlyStoppingRounds: 20 });
    expect(m.bestIteration).toBeLessThan(100);
    expect(Number.isFinite(m.validationLoss)).toBe(true);
  });

  it("sends missing values left like the smallest values", () => {
    const a = Float64Array.from({ length: 400 }, (_, i) => (i < 200 ? 0 : 1));
    const y = Uint8Array.from(a);
    const m = trainGbt(matrixFromColumns([a], ["a"]), y, { validationFraction: 0, maxIterations: 30 });
    const z = gbtLogits(m, matrixFromColumns([Float64Array.of(NaN, 0, 1)], ["a"]));
    expect(z[0]).toBe(z[1]);
    expect(z[2]).toBeGreaterThan(z[1]);
  });

  it("scores exactly like a plain walk of the trees, missing values included", () => {
    const { x, y } = xor(2_000, 6);
    const m = trainGbt(x, y);
    const rng = createRng(9);
    const n = 1_003; // not a multiple of the 4-row interleave
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? NaN : rng.next() * 2 - 1)));
    const test = matrixFromColumns(cols, x.names);
    const fast = gbtLogits(m, test);
    for (let i = 0; i < n; i++) {
      let z = m.baseScore;
      for (let t = 0; t < m.roots.length; t++) {
        let k = m.roots[t];
        while (m.feature[k] >= 0) {
          const v = cols[m.feature[k]][i];
          k = Number.isNaN(v) || v <= m.threshold[k] ? m.left[k] : m.right[k];
        }
        z += m.value[k];
      }
      expect(fast[i]).toBe(z);
    }
  });
});

