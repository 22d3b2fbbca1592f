import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cumulativeGains, gainAt, liftByDecile, scoreHistogram } from "./gains";

const gains = (c: ReturnType<typeof cumulativeGains>) => c.points.map((p) => p.gain);

describe("cumulativeGains", () => {
  it("follows the ranking by score, highest first", () => {
    const c = cumulativeGains([4, 3, 2, 1], [1, 0, 1, 0], { steps: 4 });
    expect(gains(c)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(c.points.map((p) => p.baseline)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(c).toMatchObject({ accounts: 4, total: 2, skipped: 0 });
    expect(c.reason).toBeUndefined();
  });

  it("runs straight across tied scores", () => {
    // the two top accounts tie and hold 1 of 2 positives between them
    expect(gains(cumulativeGains([2, 2, 1, 1], [1, 0, 0, 1], { steps: 4 }))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // the order of tied accounts in the input does not matter
    expect(gains(cumulativeGains([2, 2, 1, 1], [0, 1, 1, 0], { steps: 4 }))).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("weights by revenue: the top 20 % hold half the won revenue", () => {
    const score = Float32Array.from([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const revenue = Float64Array.from([500, 0, 300, 0, 0, 200, 0, 0, 0, 0]);
    const c = cumulativeGains(score, revenue, { steps: 10 });
    expect(gainAt(c, 0.2)).toBeCloseTo(0.5, 12);
    expect(gainAt(c, 0.25)).toBeCloseTo(0.65, 12); // halfway through the 8-score account (300)
    expect(gainAt(c, 1)).toBe(1);
    expect(c.total).toBe(1000);
  });

  it("skips NaN scores, honours a mask, clamps negative weights and explains an empty curve", () => {
    const c = cumulativeGains([3, Number.NaN, 1, 2], [1, 1, 1, -5], { steps: 2, include: [1, 1, 1, 1] });
    expect(c).toMatchObject({ accounts: 3, total: 2, skipped: 1 });
    // ranking 3 (w 1), 2 (w -5 → 0), 1 (w 1): half of the 3 accounts hold 1 of 2
    expect(gains(c)).toEqual([0, 0.5, 1]);
    const none = cumulativeGains([1, 2], [0, 0], { steps: 2 });
    expect(none.reason).toBe("no positives (total weight is 0)");
    expect(gains(none)).toEqual([0, 0, 0]);
    expect(cumulativeGains([], [], {}).reason).toBe("no scored accounts");
    expect(() => cumulativeGains([1], [1, 2])).toThrow(RangeError);
  });

  const data = fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 1000, noNaN: true })), { minLength: 1, maxLength: 80 });

  it("property: starts at 0, never decreases, ends at 1 when there are positives", () => {
    fc.assert(
      fc.property(data, fc.integer({ min: 1, max: 50 }), (rows, steps) => {
        const c = cumulativeGains(rows.map((r) => r[0]), rows.map((r) => r[1]), { steps });
        const g = gains(c);
        expect(g[0]).toBe(0);
        for (let k = 1; k < g.length; k++) expect(g[k]).toBeGreaterThanOrEqual(g[k - 1] - 1e-12);
        if (c.total > 0) expect(g[g.length - 1]).toBeCloseTo(1, 12);
        for (const p of c.points) expect(p.gain).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it("property: a perfect ranking dominates the random baseline", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }), (w) => {
        // score = weight itself: the best possible ranking
        const c = cumulativeGains(w, w, { steps: 20 });
        if (c.total === 0) return;
        for (const p of c.points) expect(p.gain).toBeGreaterThanOrEqual(p.baseline - 1e-9);
      }),
    );
  });
});

describe("liftByDecile", () => {
  it("computes lift, rate and cumulative lift per decile by hand", () => {
    const score = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const revenue = [500, 0, 300, 0, 0, 200, 0, 0, 0, 0];
    const deciles = liftByDecile(score, revenue);
    expect(deciles.map((d) => d.lift)).toEqual([5, 0, 3, 0, 0, 2, 0, 0, 0, 0].map((x) => expect.closeTo(x, 10)));
    expect(deciles[0]).toMatchObject({ decile: 1, accounts: 1, positives: 500, rate: 500, maxScore: 10, minScore: 10 });
    expect(deciles[0].cumulativeLift).toBeCloseTo(5, 12);
    expect(deciles[1].cumulativeLift).toBeCloseTo(2.5, 12);
    expect(deciles[2].cumulativeLift).toBeCloseTo(0.8 / 0.3, 12);
    expect(deciles[9].cumulativeLift).toBeCloseTo(1, 12);
  });

  it("with 0/1 outcomes gives the conversion rate per group, and shares tie groups", () => {
    const q = liftByDecile([4, 3, 2, 1], [1, 1, 0, 0], { groups: 2 });
    expect(q.map((d) => [d.rate, d.lift, d.minScore, d.maxScore])).toEqual([
      [1, 2, 3, 4],
      [0, 0, 1, 2],
    ]);
    // all scores tied: no ranking information, every group gets lift 1
    const flat = liftByDecile([1, 1, 1, 1, 1], [1, 0, 0, 0, 0], { groups: 5 });
    for (const d of flat) expect(d.lift).toBeCloseTo(1, 12);
  });

  it("property: group positives add up to the total and accounts to n", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 60 }), (rows) => {
        const d = liftByDecile(rows.map((r) => r[0]), rows.map((r) => r[1]));
        const total = rows.reduce((s, r) => s + r[1], 0);
        expect(d.reduce((s, x) => s + x.positives, 0)).toBeCloseTo(total, 9);
        expect(d.reduce((s, x) => s + x.accounts, 0)).toBeCloseTo(rows.length, 9);
      }),
    );
  });

  it("ranks 70,000 distinct scores exactly, and the same scores rounded to one decimal", () => {
    const n = 70_000;
    const fine = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % n) / 700);
    const weight = Uint8Array.from({ length: n }, (_, i) => (((i * 7919) % n) % 3 === 0 ? 1 : 0));
    // (i·7919) mod n is a permutation of 0..n-1 (7919 is prime to 70,000): scores are v/700 for every
    // v, and weight 1 sits on the multiples of 3. The top decile is v = n-1 … 0.9n.
    const d = liftByDecile(fine, weight);
    let top = 0;
    for (let v = n - 1; v >= 0.9 * n; v--) top += v % 3 === 0 ? 1 : 0;
    expect(d[0].positives).toBeCloseTo(top, 9);
    expect(d[0].maxScore).toBeCloseTo((n - 1) / 700, 12);
    expect(d[0].minScore).toBeCloseTo((0.9 * n) / 700, 12);
    const coarse = Float64Array.from(fine, (s) => Math.round(s * 10) / 10);
    const g = cumulativeGains(coarse, weight, { steps: 10 });
    expect(g.accounts).toBe(n);
    expect(g.points.at(-1)?.gain).toBeCloseTo(1, 12);
  });

  it("handles no accounts", () => {
    const d = liftByDecile([], []);
    expect(d).toHaveLength(10);
    expect(d[0]).toMatchObject({ rate: null, lift: null, cumulativeLift: null, minScore: null, maxScore: null });
  });
});

describe("scoreHistogram", () => {
  it("bins scores into [lo, hi) with the last bin closed", () => {
    const h = scoreHistogram([0, 4.9, 5, 99, 100, Number.NaN, -1, 101]);
    expect(h.edges).toHaveLength(21);
    expect(h.edges[1]).toBe(5);
    expect(h.edges[20]).toBe(100);
    expect(h.counts[0]).toBe(2);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[19]).toBe(2);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(h.missing).toBe(1);
    expect(h.outside).toBe(2);
  });

  it("breaks counts down by band and honours a mask", () => {
    const h = scoreHistogram([95, 85, 15, 5], { bins: 2, band: Uint8Array.from([0, 0, 3, 255]), include: [1, 1, 1, 0] });
    expect(h.counts).toEqual([1, 2]);
    expect(h.countsByBand).toEqual([[0, 2], [0, 0], [0, 0], [1, 0]]);
    expect(() => scoreHistogram([1], { min: 5, max: 5 })).toThrow(RangeError);
  });

  it("handles a million scores", () => {
    const s = new Float32Array(1_000_000).map((_, i) => (i * 7919) % 101);
    const h = scoreHistogram(s);
    const c = cumulativeGains(s, new Uint8Array(s.length).map((_, i) => (i % 3 === 0 ? 1 : 0)));
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    expect(c.points.at(-1)?.gain).toBeCloseTo(1, 12);
  });
});
