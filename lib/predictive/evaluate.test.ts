import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auc, brierScore, calibrationCurve, liftByDecile, logLoss, stratifiedKFold, timeSplit } from "./evaluate";

describe("metrics", () => {
  it("computes AUC with ties counted as one half", () => {
    expect(auc([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.4, 0.3, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.875);
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
  });

  it("AUC of reversed scores is one minus AUC", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 2, maxLength: 60 }), (pairs) => {
        const s = pairs.map(([v]) => v);
        const y = pairs.map(([, b]) => (b ? 1 : 0));
        const a = auc(s, y);
        if (Number.isNaN(a)) return true;
        return Math.abs(a + auc(s.map((v) => -v), y) - 1) < 1e-12;
      }),
    );
  });

  it("computes log loss, Brier score and a reliability curve", () => {
    expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.log(2), 12);
    expect(brierScore([1, 0, 0.5], [1, 0, 1])).toBeCloseTo(0.25 / 3, 12);
    const cal = calibrationCurve([0.05, 0.05, 0.95, 0.95], [0, 0, 1, 0]);
    expect(cal).toHaveLength(10);
    expect(cal[0]).toMatchObject({ count: 2, observed: 0 });
    expect(cal[9]).toMatchObject({ count: 2, observed: 0.5 });
    expect(cal[5].count).toBe(0);
  });

  it("computes lift by decile with decile 1 the best", () => {
    const scores = Array.from({ length: 100 }, (_, i) => i);
    const labels = scores.map((s) => (s >= 90 ? 1 : 0));
    const lift = liftByDecile(scores, labels);
    expect(lift).toHaveLength(10);
    expect(lift[0].lift).toBeCloseTo(10, 9);
    expect(lift[9].positives).toBe(0);
  });
});

describe("stratifiedKFold", () => {
  it("gives disjoint folds covering every row, stratified within one per class", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 10, maxLength: 300 }), fc.integer({ min: 2, max: 10 }), fc.integer(), (bits, k, seed) => {
        const labels = bits.map((b) => (b ? 1 : 0));
        const fold = stratifiedKFold(labels, k, seed);
        const pos = new Array(k).fill(0);
        const neg = new Array(k).fill(0);
        for (let i = 0; i < labels.length; i++) {
          if (fold[i] < 0 || fold[i] >= k) return false;
          (labels[i] ? pos : neg)[fold[i]]++;
        }
        const spread = (a: number[]) => Math.max(...a) - Math.min(...a);
        const sizes = pos.map((p, f) => p + neg[f]);
        return spread(pos) <= 1 && spread(neg) <= 1 && spread(sizes) <= 1;
      }),
    );
  });

  it("is deterministic for a seed", () => {
    const labels = Array.from({ length: 50 }, (_, i) => i % 3 === 0 ? 1 : 0);
    expect(Array.from(stratifiedKFold(labels, 5, 1))).toEqual(Array.from(stratifiedKFold(labels, 5, 1)));
    expect(Array.from(stratifiedKFold(labels, 5, 1))).not.toEqual(Array.from(stratifiedKFold(labels, 5, 2)));
  });
});

describe("timeSplit", () => {
  it("trains on earlier rows and tests on later ones", () => {
    const times = [5, 1, 9, 3, NaN, 7, 2, 8, 4, 6];
    const s = timeSplit(times, { testFraction: 0.3 });
    const maxTrain = Math.max(...Array.from(s.train, (i) => times[i]));
    const minTest = Math.min(...Array.from(s.test, (i) => times[i]));
    expect(maxTrain).toBeLessThan(minTest);
    expect(s.train.length + s.test.length).toBe(9);
    expect(s.test.length).toBe(3);
  });
});

describe("point-in-time validation", () => {
  it("trains on an earlier snapshot date and tests on a later one", async () => {
    const { syntheticSnapshot } = await import("./synthetic");
    const { accountFeatures } = await import("./account-features");
    const { evaluateAcrossTime, timeValidate } = await import("./evaluate");
    const early = syntheticSnapshot({ n: 3_000, seed: 31, asOf: Date.UTC(2024, 0, 1) });
    const late = syntheticSnapshot({ n: 2_000, seed: 32, asOf: Date.UTC(2024, 6, 1) });
    const r = evaluateAcrossTime(
      { frame: accountFeatures(early.snapshot, early.asOf), labels: early.labels },
      { frame: accountFeatures(late.snapshot, late.asOf), labels: late.labels },
      { learner: "lr" },
    );
    expect(r).toMatchObject({ trainRows: 3_000, testRows: 2_000 });
    expect(r.auc).toBeGreaterThan(0.65);
    expect(r.calibration).toHaveLength(10);
    expect(r.lift[0].lift).toBeGreaterThan(1.5);
    // and within one frame, by a per-row time
    const frame = accountFeatures(early.snapshot, early.asOf);
    const times = Float64Array.from({ length: 3_000 }, (_, i) => i);
    const t = timeValidate(frame, early.labels, times, { learner: "lr", testFraction: 0.25 });
    expect(t).toMatchObject({ trainRows: 2_250, testRows: 750, cutoff: 2_250 });
  });
});
