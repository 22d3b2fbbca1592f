import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auc, aucRanked } from "./auc";
import { cumulativeGains, liftByDecile } from "./gains";
import { groupWeights, rankScores } from "./ranking";

describe("rankScores", () => {
  it("groups equal scores, highest first, and leaves out NaN and masked accounts", () => {
    const r = rankScores([2, 5, Number.NaN, 2, -0, 0, 7], [1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(r.groupScore)).toEqual([5, 2, 0]);
    expect(Array.from(r.groupCount)).toEqual([1, 2, 2]);
    // -0 and 0 share a group; the masked 7 and the NaN have none
    expect(Array.from(r.groupOf)).toEqual([1, 0, -1, 1, 2, 2, -1]);
    expect(r).toMatchObject({ length: 7, accounts: 5, skipped: 1 });
  });

  it("sums weights per group, counting negative and missing weights as 0", () => {
    const r = rankScores([3, 1, 3, 2]);
    const { perGroup, total } = groupWeights(r, [10, 4, -5, Number.NaN]);
    expect(Array.from(perGroup)).toEqual([10, 0, 4]);
    expect(total).toBe(14);
    expect(() => groupWeights(r, [1])).toThrow(RangeError);
  });

  it("serves gains and lift without ranking again, and refuses a second mask", () => {
    const score = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const revenue = [500, 0, 300, 0, 0, 200, 0, 0, 0, 0];
    const r = rankScores(score);
    expect(cumulativeGains(r, revenue, { steps: 10 }).points).toEqual(cumulativeGains(score, revenue, { steps: 10 }).points);
    expect(liftByDecile(r, revenue)).toEqual(liftByDecile(score, revenue));
    expect(() => cumulativeGains(r, revenue, { include: score.map(() => 1) })).toThrow(RangeError);
  });
});

describe("aucRanked", () => {
  it("computes AUC from tie groups by hand", () => {
    // scores 3 (pos), 2 (pos), 2 (neg), 1 (neg): pairs (3,2n)=1, (3,1)=1, (2p,2n)=½, (2p,1)=1 → 3.5/4
    expect(aucRanked(rankScores(Float32Array.from([3, 2, 2, 1])), Uint8Array.from([1, 1, 0, 0])).auc).toBe(0.875);
    expect(aucRanked(rankScores([5, 5, 5]), [true, false, false]).auc).toBe(0.5);
    expect(aucRanked(rankScores([1, 2, 3]), [1, 1, 0]).auc).toBe(0);
    expect(aucRanked(rankScores([0.9, 0.8]), [1, 1])).toEqual({
      auc: null, positives: 2, negatives: 0, skipped: 0, reason: "AUC needs both outcomes (2 positive, 0 negative)",
    });
  });

  it("property: agrees with the sort-based auc, masks and NaN included", () => {
    const row = fc.tuple(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constant(Number.NaN)), fc.boolean(), fc.boolean());
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 60 }), (rows) => {
        const score = rows.map((r) => r[0]);
        const label = rows.map((r) => r[1]);
        const include = rows.map((r) => r[2]);
        const a = auc(score, label, include);
        const b = aucRanked(rankScores(score, include), label);
        expect(b.positives).toBe(a.positives);
        expect(b.negatives).toBe(a.negatives);
        expect(b.skipped).toBe(a.skipped);
        if (a.auc === null) expect(b.auc).toBeNull();
        else expect(b.auc).toBeCloseTo(a.auc, 12);
      }),
    );
  });
});
