import { describe, expect, it } from "vitest";
import { DEFAULT_BANDS } from "@/lib/vocabulary";
import { assignBands, bandMetrics, UNBANDED } from "./bands";
import { DAY_MS, outcomesFromSnapshot, type AccountOutcomes } from "./outcomes";
import { snapshotFixture } from "./snapshot-fixture";

interface Row {
  opp?: 0 | 1;
  won?: 0 | 1;
  wonDeals?: number;
  lostDeals?: number;
  openDeals?: number;
  wonAmount?: number;
  withAmount?: number;
  pipeline?: number;
  cycles?: number[];
}

/** Outcomes written row by row, so the expected metrics can be worked out by hand. */
function outcomes(rows: Row[]): AccountOutcomes {
  const n = rows.length;
  const cycles = rows.flatMap((r) => r.cycles ?? []);
  const cycleOffsets = new Int32Array(n + 1);
  rows.forEach((r, i) => (cycleOffsets[i + 1] = cycleOffsets[i] + (r.cycles?.length ?? 0)));
  return {
    n,
    start: 0,
    end: 1,
    eligible: new Uint8Array(n).fill(1),
    gotOpportunity: Uint8Array.from(rows, (r) => r.opp ?? 0),
    won: Uint8Array.from(rows, (r) => r.won ?? 0),
    opportunitiesCreated: Int32Array.from(rows, (r) => r.opp ?? 0),
    openDeals: Int32Array.from(rows, (r) => r.openDeals ?? 0),
    wonDeals: Int32Array.from(rows, (r) => r.wonDeals ?? 0),
    lostDeals: Int32Array.from(rows, (r) => r.lostDeals ?? 0),
    wonAmount: Float64Array.from(rows, (r) => r.wonAmount ?? 0),
    wonWithAmount: Int32Array.from(rows, (r) => r.withAmount ?? 0),
    pipelineAmount: Float64Array.from(rows, (r) => r.pipeline ?? 0),
    cycleOffsets,
    cycleDays: Float64Array.from(cycles),
    warnings: { closedBeforeCreated: 2, wonWithoutAmount: 0, closedWithoutDate: 0, missingCreatedAt: 0 },
  };
}

describe("assignBands", () => {
  it("uses the default bands A ≥ 80, B 60–79, C 40–59, D < 40", () => {
    expect([...assignBands([100, 80, 79.9, 60, 59, 40, 39.99, 0, -5, Number.NaN])]).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 3, UNBANDED]);
  });
  it("rejects unordered or empty band lists", () => {
    expect(() => assignBands([1], [])).toThrow(RangeError);
    expect(() => assignBands([1], [{ label: "X", min: 0 }, { label: "Y", min: 10 }])).toThrow(RangeError);
  });
});

describe("bandMetrics on a hand-computed fixture", () => {
  // Bands: S (≥ 95, empty), A (≥ 50), B (< 50). Account 9 has no score.
  const bands = [
    { label: "S", min: 95 },
    { label: "A", min: 50 },
    { label: "B", min: 0 },
  ];
  const score = Float32Array.from([90, 80, 70, 60, 40, 30, 20, 10, 5, Number.NaN]);
  const o = outcomes([
    { opp: 1, won: 1, wonDeals: 1, wonAmount: 1000, withAmount: 1, pipeline: 1000, cycles: [10] },
    { opp: 1, won: 1, wonDeals: 1, lostDeals: 1, wonAmount: 0, withAmount: 1, pipeline: 500, cycles: [20] }, // zero-amount win
    { opp: 1, lostDeals: 1, pipeline: 300 },
    {},
    { opp: 1, won: 1, wonDeals: 1, wonAmount: 2000, withAmount: 1, pipeline: 2000, cycles: [40] },
    {},
    {},
    { opp: 1, openDeals: 1, pipeline: 100 }, // open deal: pipeline, not win rate
    {},
    { opp: 1, won: 1, wonDeals: 1, wonAmount: 9999, withAmount: 1, pipeline: 9999 }, // unscored: excluded
  ]);
  const r = bandMetrics({ score, band: assignBands(score, bands), outcomes: o, bands, minAccounts: 5, minOutcomes: 3 });
  const [S, A, B] = r.bands;

  it("counts and shares", () => {
    expect(r.excluded).toEqual({ unbanded: 1, outOfScope: 0 });
    expect([S.accounts, A.accounts, B.accounts, r.overall.accounts]).toEqual([0, 4, 5, 9]);
    expect(A.shareOfAccounts).toBeCloseTo(4 / 9, 12);
    expect(B.shareOfAccounts).toBeCloseTo(5 / 9, 12);
    expect(S.shareOfAccounts).toBe(0);
    expect(A.score).toEqual({ mean: 75, min: 60, max: 90 });
    expect(B.score).toEqual({ mean: 21, min: 5, max: 40 });
    expect(S.score).toBeNull();
  });

  it("conversion rates with Wilson intervals, win rate over closed deals only", () => {
    expect(A.pipelineConversion).toMatchObject({ rate: 0.75, successes: 3, n: 4 });
    expect(A.winConversion).toMatchObject({ rate: 0.5, successes: 2, n: 4 });
    expect(B.pipelineConversion).toMatchObject({ rate: 0.4, successes: 2, n: 5 });
    expect(B.winConversion).toMatchObject({ rate: 0.2, successes: 1, n: 5 });
    expect(r.overall.pipelineConversion.rate).toBeCloseTo(5 / 9, 12);
    expect(r.overall.winConversion.rate).toBeCloseTo(1 / 3, 12);
    // Wilson 2/4, z = 1.96: centre (.5 + .4802)/1.9604 = .5, half = 1.96·sqrt(.0625 + .060025)/1.9604 = .349964
    expect(A.winConversion.low).toBeCloseTo(0.150036, 5);
    expect(A.winConversion.high).toBeCloseTo(0.849964, 5);
    expect(A.winRate).toMatchObject({ rate: 0.5, successes: 2, n: 4 });
    expect(B.winRate).toMatchObject({ rate: 1, successes: 1, n: 1 });
    expect(r.overall.winRate).toMatchObject({ rate: 0.6, successes: 3, n: 5 });
    expect([B.openDeals, B.wonDeals, B.lostDeals]).toEqual([1, 1, 0]);
  });

  it("average deal size excludes lost deals and counts zero-amount wins as 0", () => {
    expect(A.avgDealSize).toBe(500); // (1000 + 0) / 2
    expect(A.dealsWithAmount).toBe(2);
    expect(B.avgDealSize).toBe(2000);
    expect(r.overall.avgDealSize).toBe(1000); // 3000 / 3
  });

  it("sales cycle median and IQR", () => {
    expect(A.salesCycle).toEqual({ median: 15, p25: 12.5, p75: 17.5, iqr: 5, n: 2 });
    expect(B.salesCycle).toEqual({ median: 40, p25: 40, p75: 40, iqr: 0, n: 1 });
    expect(r.overall.salesCycle).toEqual({ median: 20, p25: 15, p75: 30, iqr: 15, n: 3 });
  });

  it("revenue, shares and lift", () => {
    expect([A.pipelineAmount, B.pipelineAmount, r.overall.pipelineAmount]).toEqual([1800, 2100, 3900]);
    expect([A.wonAmount, B.wonAmount, r.overall.wonAmount]).toEqual([1000, 2000, 3000]);
    expect(A.shareOfWonRevenue).toBeCloseTo(1 / 3, 12);
    expect(A.shareOfPipeline).toBeCloseTo(6 / 13, 12);
    expect(A.revenueConcentration).toBeCloseTo(0.75, 12);
    expect(B.revenueConcentration).toBeCloseTo(1.2, 12);
    expect(A.liftPipeline).toBeCloseTo(1.35, 12);
    expect(B.liftPipeline).toBeCloseTo(0.72, 12);
    expect(A.liftWin).toBeCloseTo(1.5, 12);
    expect(B.liftWin).toBeCloseTo(0.6, 12);
    expect(r.overall.liftPipeline).toBeCloseTo(1, 12);
  });

  it("an empty band and a band without wins give nulls with reasons, not NaN", () => {
    expect(S.pipelineConversion).toEqual({ rate: null, low: null, high: null, successes: 0, n: 0, reason: "no accounts in this band" });
    expect(S.winRate.reason).toBe("no closed deals in the window");
    expect([S.avgDealSize, S.salesCycle, S.liftPipeline, S.liftWin, S.shareOfWonRevenue]).toEqual([null, null, null, null, 0]);
    const noWins = bandMetrics({ score: [10, 20], band: Uint8Array.from([0, 0]), outcomes: outcomes([{ opp: 1, lostDeals: 1 }, {}]), bands: [{ label: "X", min: 0 }] });
    expect(noWins.bands[0]).toMatchObject({ avgDealSize: null, salesCycle: null, liftWin: null, shareOfWonRevenue: null, winRate: { rate: 0, n: 1 } });
  });

  it("flags low samples with a message", () => {
    expect(A.lowSample).toBe(true);
    expect(A.lowSampleReason).toBe("Low sample: only 4 accounts (minimum 5)");
    expect(B.lowSampleReason).toBe("Low sample: only 2 accounts with an opportunity (minimum 3)");
    expect(r.overall.lowSample).toBe(false);
    const win = bandMetrics({ score, band: assignBands(score, bands), outcomes: o, bands, minAccounts: 5, minOutcomes: 3, conversion: "win" });
    expect(win.overall.lowSampleReason).toBe(null);
    expect(win.bands[2].lowSampleReason).toBe("Low sample: only 1 accounts with a won deal (minimum 3)");
    // defaults: 30 accounts and 10 outcomes
    expect(bandMetrics({ score, band: assignBands(score, bands), outcomes: o, bands }).overall.lowSampleReason).toBe(
      "Low sample: only 9 accounts (minimum 30); only 5 accounts with an opportunity (minimum 10)",
    );
  });

  it("passes outcome warnings through and honours a segment mask", () => {
    expect(r.warnings.closedBeforeCreated).toBe(2);
    const seg = bandMetrics({ score, band: assignBands(score, bands), outcomes: o, bands, include: Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 1, 1, 1]) });
    expect(seg.excluded).toEqual({ unbanded: 1, outOfScope: 2 });
    expect(seg.bands[1].accounts).toBe(2);
    expect(seg.bands[1].winRate.rate).toBeCloseTo(2 / 3, 12);
  });

  it("rejects mismatched lengths and unknown band codes", () => {
    expect(() => bandMetrics({ score: [1], band: Uint8Array.from([0, 0]), outcomes: outcomes([{}, {}]) })).toThrow(RangeError);
    expect(() => bandMetrics({ score: [1], band: Uint8Array.from([7]), outcomes: outcomes([{}]) })).toThrow(/band 7/);
  });
});

describe("bandMetrics from a snapshot backtest", () => {
  it("excludes accounts created after the cutoff and a deal closed before it was created from the cycle", () => {
    const T = Date.UTC(2024, 0, 1);
    const d = (days: number) => T + days * DAY_MS;
    const s = snapshotFixture([
      { createdAt: d(-10), opportunities: [{ stage: "won", createdAt: d(5), closedAt: d(25), amount: 100 }] },
      { createdAt: d(-10), opportunities: [{ stage: "won", createdAt: d(30), closedAt: d(20), amount: 0 }] },
      { createdAt: d(-10) },
      { createdAt: d(3), opportunities: [{ stage: "won", createdAt: d(5), closedAt: d(6), amount: 5 }] },
    ]);
    const o = outcomesFromSnapshot(s, T, 90);
    const score = [85, 82, 10, 90];
    const r = bandMetrics({ score, band: assignBands(score), outcomes: o });
    expect(r.excluded.outOfScope).toBe(1);
    const A = r.bands[0];
    expect(A.label).toBe(DEFAULT_BANDS[0].label);
    expect(A).toMatchObject({ accounts: 2, wonDeals: 2, avgDealSize: 50, wonAmount: 100 });
    expect(A.salesCycle).toEqual({ median: 20, p25: 20, p75: 20, iqr: 0, n: 1 });
    expect(r.warnings.closedBeforeCreated).toBe(1);
    expect(r.bands[3]).toMatchObject({ accounts: 1, liftWin: 0 });
    expect(A.liftWin).toBeCloseTo(1.5, 12);
  });
});
