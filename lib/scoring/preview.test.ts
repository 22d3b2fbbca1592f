import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparePreview } from "./preview";

const labels = ["A", "B", "C", "D"];
const bandFor = (s: number) => (s >= 80 ? 0 : s >= 60 ? 1 : s >= 40 ? 2 : 3);
const run = (scores: number[]) => ({ scores: Float32Array.from(scores), bands: Uint8Array.from(scores, bandFor) });

describe("comparePreview", () => {
  const before = run([10, 45.3, 62, 85, 100, 0, 59.9]);
  const after = run([10, 65.3, 40, 85, 99.9, 5, 60]);
  const ids = Int32Array.from([101, 102, 103, 104, 105, 106, 107]);
  const cmp = comparePreview(before, after, ids, labels, { topN: 2 });

  it("builds 10-point histograms with 100 in the last bin", () => {
    expect(cmp.histogram.bins[0]).toEqual({ from: 0, to: 10, label: "0–9.9" });
    expect(cmp.histogram.bins[9]).toEqual({ from: 90, to: 100, label: "90–100" });
    expect(cmp.histogram.before).toEqual([1, 1, 0, 0, 1, 1, 1, 0, 1, 1]);
    expect(cmp.histogram.after).toEqual([1, 1, 0, 0, 1, 0, 2, 0, 1, 1]);
  });

  it("counts band migrations from each band to each band", () => {
    expect(cmp.migration).toEqual([
      [2, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 2, 0, 0],
      [0, 0, 0, 2],
    ]);
    expect(cmp.bandCounts).toEqual({ before: [2, 1, 2, 2], after: [2, 2, 1, 2] });
    expect(cmp.bandChanged).toBe(3);
  });

  it("lists the top movers up and down at display precision", () => {
    expect(cmp.movers.up).toEqual([
      { index: 1, accountId: 102, before: 45.3, after: 65.3, delta: 20, bandBefore: 2, bandAfter: 1 },
      { index: 5, accountId: 106, before: 0, after: 5, delta: 5, bandBefore: 3, bandAfter: 3 },
    ]);
    expect(cmp.movers.down).toEqual([
      { index: 2, accountId: 103, before: 62, after: 40, delta: -22, bandBefore: 1, bandAfter: 2 },
      { index: 4, accountId: 105, before: 100, after: 99.9, delta: -0.1, bandBefore: 0, bandAfter: 0 },
    ]);
    expect(cmp.changed).toBe(5);
    expect(cmp.compared).toBe(7);
  });

  it("supports different band sets before and after", () => {
    const after2 = { scores: Float32Array.from([90, 10]), bands: Uint8Array.from([0, 1]) };
    const r = comparePreview(run([85, 30]), after2, [1, 2], { before: labels, after: ["Hot", "Cold"] });
    expect(r.migration).toEqual([
      [1, 0],
      [0, 0],
      [0, 0],
      [0, 1],
    ]);
    expect(r.bandLabels).toEqual({ before: labels, after: ["Hot", "Cold"] });
    expect(r.bandChanged).toBe(2);
  });

  it("leaves accounts unscored in either run out of every figure", () => {
    const b = { scores: Float32Array.from([NaN, 50, 70]), bands: Uint8Array.from([255, 2, 1]) };
    const a = { scores: Float32Array.from([40, NaN, 90]), bands: Uint8Array.from([2, 255, 0]) };
    const r = comparePreview(b, a, [1, 2, 3], labels);
    expect(r.compared).toBe(1);
    expect(r.histogram.before.reduce((x, y) => x + y)).toBe(1);
    expect(r.movers.up.map((m) => m.accountId)).toEqual([3]);
    expect(r.meanBefore).toBe(70);
    expect(r.meanAfter).toBe(90);
  });

  it("rejects runs of different lengths", () => {
    expect(() => comparePreview(run([1, 2]), run([1]), [1, 2], labels)).toThrow(RangeError);
  });

  it("top movers equal a full sort (ties: lower position first)", () => {
    const scoreArb = fc.integer({ min: 0, max: 1000 }).map((x) => x / 10);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(scoreArb, scoreArb), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 8 }),
        (pairs, topN) => {
          const r = comparePreview(
            run(pairs.map((p) => p[0])),
            run(pairs.map((p) => p[1])),
            pairs.map((_, k) => k + 1),
            labels,
            { topN },
          );
          const deltas = pairs.map(([b, a], k) => ({ k, d: Math.round((Math.fround(a) - Math.fround(b)) * 10) }));
          const up = deltas.filter((x) => x.d > 0).sort((x, y) => y.d - x.d || x.k - y.k).slice(0, topN);
          const down = deltas.filter((x) => x.d < 0).sort((x, y) => x.d - y.d || x.k - y.k).slice(0, topN);
          expect(r.movers.up.map((m) => m.index)).toEqual(up.map((x) => x.k));
          expect(r.movers.down.map((m) => m.index)).toEqual(down.map((x) => x.k));
          expect(r.migration.flat().reduce((x, y) => x + y, 0)).toBe(pairs.length);
          expect(r.changed).toBe(deltas.filter((x) => x.d !== 0).length);
        },
      ),
    );
  });
});
