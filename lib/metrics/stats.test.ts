import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { medianIqr, quantileSorted, wilson } from "./stats";
import { auc } from "./auc";

describe("wilson", () => {
  it("matches hand-computed 95 % intervals", () => {
    // p = .5, n = 10: centre .5, half-width 1.96·sqrt(.025 + .009604)/1.38416 = .263411
    const half = wilson(5, 10);
    expect(half.rate).toBe(0.5);
    expect(half.low).toBeCloseTo(0.236589, 5);
    expect(half.high).toBeCloseTo(0.763411, 5);
    // 0/10: [0, 2·.19208/1.38416] = [0, .277540]
    const none = wilson(0, 10);
    expect(none).toMatchObject({ rate: 0, low: 0 });
    expect(none.high).toBeCloseTo(0.27754, 5);
    const all = wilson(10, 10);
    expect(all).toMatchObject({ rate: 1, high: 1 });
    expect(all.low).toBeCloseTo(0.72246, 5);
  });

  it("honours z", () => {
    // z = 1: p=.5, n=4 → centre .5, half = sqrt(.0625 + 1/64)/1.25 = .223607
    const r = wilson(2, 4, 1);
    expect(r.low).toBeCloseTo(0.276393, 5);
    expect(r.high).toBeCloseTo(0.723607, 5);
  });

  it("returns no rate with a reason when n = 0, and rejects impossible counts", () => {
    expect(wilson(0, 0)).toEqual({ rate: null, low: null, high: null, successes: 0, n: 0, reason: "no observations (n = 0)" });
    expect(wilson(0, 0, 1.96, "no accounts").reason).toBe("no accounts");
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
  });

  it("property: 0 ≤ low ≤ rate ≤ high ≤ 1, and the interval narrows as n grows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p) => {
        const s = Math.round(p * n);
        const r = wilson(s, n);
        if (r.rate === null) throw new Error("unexpected null");
        expect(r.low).toBeGreaterThanOrEqual(0);
        expect(r.low).toBeLessThanOrEqual(r.rate + 1e-12);
        expect(r.high).toBeGreaterThanOrEqual(r.rate - 1e-12);
        expect(r.high).toBeLessThanOrEqual(1);
        const bigger = wilson(s * 4, n * 4);
        if (bigger.rate === null) throw new Error("unexpected null");
        expect(bigger.high - bigger.low).toBeLessThanOrEqual(r.high - r.low + 1e-12);
      }),
    );
  });
});

describe("quantiles", () => {
  it("type-7 quantiles, median and IQR by hand", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNull();
    expect(medianIqr([40, 10, 20, Number.NaN])).toEqual({ median: 20, p25: 15, p75: 30, iqr: 15, n: 3 });
    expect(medianIqr([])).toBeNull();
  });
});

describe("auc", () => {
  it("matches hand-computed values, with ties counted as one half", () => {
    // positives {.9,.7}, negatives {.8,.6,.5}: .9 beats 3, .7 beats 2 → 5/6
    expect(auc([0.9, 0.8, 0.7, 0.6, 0.5], [1, 0, 1, 0, 0])).toEqual({ auc: 5 / 6, positives: 2, negatives: 3, skipped: 0 });
    // pairs: (1,1) ½, (1,0) 1, (0,1) 0, (0,0) ½ → 2/4
    expect(auc([1, 1, 0, 0], [1, 0, 1, 0]).auc).toBe(0.5);
    // 3>2, 3>1, 2=2 (½), 2>1 → 3.5/4
    expect(auc(Float32Array.from([3, 2, 2, 1]), Uint8Array.from([1, 1, 0, 0])).auc).toBe(0.875);
    expect(auc([1, 2, 3], [1, 1, 0]).auc).toBe(0);
    expect(auc([5, 5, 5], [true, false, false]).auc).toBe(0.5);
  });

  it("skips NaN scores, respects a segment mask, and explains an undefined AUC", () => {
    expect(auc([0.9, Number.NaN, 0.1], [1, 1, 0])).toEqual({ auc: 1, positives: 1, negatives: 1, skipped: 1 });
    expect(auc([0.9, 0.8, 0.1, 0.95], [1, 1, 0, 0], [1, 1, 1, 0]).auc).toBe(1);
    expect(auc([0.9, 0.8], [1, 1])).toEqual({ auc: null, positives: 2, negatives: 0, skipped: 0, reason: "AUC needs both outcomes (2 positive, 0 negative)" });
    expect(() => auc([1], [1, 0])).toThrow(RangeError);
  });

  const naive = (s: number[], y: number[]) => {
    let u = 0;
    let pairs = 0;
    for (let i = 0; i < s.length; i++) {
      if (!y[i]) continue;
      for (let j = 0; j < s.length; j++) {
        if (y[j]) continue;
        pairs++;
        u += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
    return u / pairs;
  };
  const data = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 60 })
    .filter((rows) => rows.some((r) => r[1] === 1) && rows.some((r) => r[1] === 0));

  it("property: equals the O(n²) pair count, reversing scores gives 1 − AUC, monotone transforms change nothing", () => {
    fc.assert(
      fc.property(data, (rows) => {
        const s = rows.map((r) => r[0]);
        const y = rows.map((r) => r[1]);
        const a = auc(s, y).auc as number;
        expect(a).toBeCloseTo(naive(s, y), 12);
        expect(auc(s.map((v) => -v), y).auc as number).toBeCloseTo(1 - a, 12);
        expect(auc(s.map((v) => Math.exp(v / 3) + 7), y).auc as number).toBeCloseTo(a, 12);
        expect(auc(s, y.map((v) => 1 - v)).auc as number).toBeCloseTo(1 - a, 12);
      }),
      { numRuns: 300 },
    );
  });

  it("handles 1,000,000 accounts in typed arrays quickly", () => {
    const n = 1_000_000;
    const s = new Float32Array(n);
    const y = new Uint8Array(n);
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < n; i++) {
      y[i] = rnd() < 0.2 ? 1 : 0;
      s[i] = Math.round((rnd() * 60 + y[i] * 30) * 10) / 10; // plenty of ties
    }
    const r = auc(s, y);
    expect(r.auc as number).toBeGreaterThan(0.8);
    expect(r.auc as number).toBeLessThan(0.95);
  });
});
