import { describe, expect, it } from "vitest";
import { DEFAULT_BANDS } from "@/lib/vocabulary";
import { assignBands } from "./bands";
import {
  bandCountsOverTime,
  buildInsightsReport,
  checkHistory,
  segmentMask,
  segmentOptions,
  summarizeVersion,
} from "./insights";
import { DAY_MS, outcomesFromSnapshot } from "./outcomes";
import { snapshotFixture } from "./snapshot-fixture";

const T = Date.UTC(2024, 0, 1);
const d = (days: number) => T + days * DAY_MS;

/*
 * Eight accounts, scored 90 … 10 (bands A A B B C D D D), a 100-day window after T:
 *  0 A  Software   North America  500   won 1,000 (created d10, closed d40: 30-day cycle)
 *  1 A  Software   EMEA           5000  open opportunity of 2,000 created d20
 *  2 B  Retail     North America  100   won 0 (a zero-amount win; created d5, closed d25)
 *  3 B  Retail     EMEA           300   lost 400 (created d10, closed d50)
 *  4 C  Software   North America  1000  nothing
 *  5 D  Retail     North America  50    won 500, closed d30 before it was created (d40)
 *  6 D  Government LATAM          20    a lost deal before T only (history, not outcome)
 *  7 D  Retail     North America  80    created after T: not in the population, though it won
 */
const snapshot = snapshotFixture([
  { createdAt: d(-300), opportunities: [{ stage: "won", createdAt: d(10), closedAt: d(40), amount: 1000 }] },
  { createdAt: d(-300), opportunities: [{ stage: "open", createdAt: d(20), amount: 2000 }] },
  { createdAt: d(-300), opportunities: [{ stage: "won", createdAt: d(5), closedAt: d(25), amount: 0 }] },
  { createdAt: d(-300), opportunities: [{ stage: "lost", createdAt: d(10), closedAt: d(50), amount: 400 }] },
  { createdAt: d(-300) },
  { createdAt: d(-300), opportunities: [{ stage: "won", createdAt: d(40), closedAt: d(30), amount: 500 }] },
  { createdAt: d(-300), opportunities: [{ stage: "lost", createdAt: d(-100), closedAt: d(-50), amount: 100 }] },
  { createdAt: d(5), opportunities: [{ stage: "won", createdAt: d(6), closedAt: d(9), amount: 9999 }] },
]);
const industries = ["Software", "Retail", "Government"];
const regions = ["North America", "EMEA", "LATAM"];
snapshot.attributes.industry = { kind: "category", codes: Int32Array.from([0, 0, 1, 1, 0, 1, 2, 1]), dict: industries };
snapshot.attributes.region = { kind: "category", codes: Int32Array.from([0, 1, 0, 1, 0, 0, 2, 0]), dict: regions };
snapshot.attributes.employeeCount = { kind: "number", values: Float64Array.from([500, 5000, 100, 300, 1000, 50, 20, 80]) };

const score = Float32Array.from([90, 85, 70, 65, 50, 30, 20, 10]);
const band = assignBands(score);
const outcomes = outcomesFromSnapshot(snapshot, T, 100);

describe("buildInsightsReport on a hand-computed fixture", () => {
  const win = buildInsightsReport({ score, band, bands: DEFAULT_BANDS, outcomes, segment: null, conversion: "win" });
  const pipeline = buildInsightsReport({ score, band, bands: DEFAULT_BANDS, outcomes, segment: null, conversion: "pipeline" });

  it("measures the seven accounts that existed at the cutoff", () => {
    expect(win.population).toBe(7);
    expect(win.excluded).toEqual({ unbanded: 0, outOfScope: 1 });
    expect(win.converted).toBe(3); // accounts 0, 2 and 5 won
    expect(pipeline.converted).toBe(5); // 0, 1, 2, 3 and 5 got an opportunity
  });

  it("computes conversion, win rate, deal size, cycle and revenue per band", () => {
    const [a, b, c, dd] = win.bands;
    expect(a).toMatchObject({ label: "A", accounts: 2, accountsWithWin: 1, wonAmount: 1000, avgDealSize: 1000, openDeals: 1 });
    expect(a.winConversion.rate).toBe(0.5);
    expect(a.salesCycle?.median).toBe(30);
    // the zero-amount win is a win worth 0: B's average deal size is 0, its win rate 1 of 2 closed
    expect(b).toMatchObject({ accounts: 2, accountsWithWin: 1, wonDeals: 1, lostDeals: 1, avgDealSize: 0, dealsWithAmount: 1 });
    expect(b.winRate.rate).toBe(0.5);
    // no won deal in band C: no deal size, no cycle, no win rate
    expect(c).toMatchObject({ accounts: 1, accountsWithWin: 0, avgDealSize: null, salesCycle: null });
    expect(c.winRate.rate).toBeNull();
    // a deal closed before it was created counts as a win with revenue, but not in the cycle
    expect(dd).toMatchObject({ accounts: 2, accountsWithWin: 1, wonAmount: 500, salesCycle: null });
    expect(win.warnings.closedBeforeCreated).toBe(1);
    expect(a.shareOfWonRevenue).toBeCloseTo(1000 / 1500, 12);
    expect(dd.shareOfWonRevenue).toBeCloseTo(500 / 1500, 12);
    expect(pipeline.bands[0].pipelineAmount).toBe(2000 + 1000);
  });

  it("gives the headline figures: band A's lift over the average, the top 20 %'s revenue", () => {
    // win: A converts 1/2 against 3/7 overall → 7/6; pipeline: 2/2 against 5/7 → 7/5
    expect(win.headline.topBand.lift).toBeCloseTo(7 / 6, 12);
    expect(pipeline.headline.topBand.lift).toBeCloseTo(7 / 5, 12);
    expect(win.headline.overallConversion.rate).toBeCloseTo(3 / 7, 12);
    // the top 20 % of 7 accounts is 1.4 accounts: the 90 (1,000 of 1,500) and part of the 85 (0)
    expect(win.headline.top20RevenueShare).toBeCloseTo(2 / 3, 12);
    expect(win.headline.wonRevenue).toBe(1500);
    // 1 of the 3 wins in the top 1.4 accounts: a third of the wins in a fifth of the accounts
    expect(win.liftTop20).toBeCloseTo(5 / 3, 9);
  });

  it("computes AUC, gains and lift by decile", () => {
    // wins at 90, 70, 30 against 85, 65, 50, 20: 4 + 3 + 1 of 12 pairs
    expect(win.auc.auc).toBeCloseTo(8 / 12, 12);
    expect(win.gains[0]).toEqual({ share: 0, gain: 0, baseline: 0 });
    expect(win.gains.at(-1)).toEqual({ share: 100, gain: 100, baseline: 100 });
    expect(win.revenueGains.find((p) => p.share === 20)?.gain).toBeCloseTo(66.6667, 3);
    expect(win.lift).toHaveLength(10);
    expect(win.lift.reduce((s, x) => s + x.positives, 0)).toBeCloseTo(3, 9);
  });

  it("bins the histogram by band", () => {
    expect(win.histogram).toHaveLength(20);
    const bin = (from: number) => win.histogram.find((h) => h.from === from)!;
    expect(bin(90).byBand).toEqual([1, 0, 0, 0]);
    expect(bin(65).byBand).toEqual([0, 1, 0, 0]);
    expect(bin(30).byBand).toEqual([0, 0, 0, 1]);
    expect(bin(10).total).toBe(0); // account 7 is not in the population
    expect(win.histogram.reduce((s, h) => s + h.total, 0)).toBe(7);
  });

  it("summarises a version for the side-by-side comparison", () => {
    const s = summarizeVersion(win);
    expect(s.auc).toBeCloseTo(2 / 3, 12);
    expect(s.bands.map((b) => [b.label, b.accounts, b.conversion.rate])).toEqual([
      ["A", 2, 0.5],
      ["B", 2, 0.5],
      ["C", 1, 0],
      ["D", 2, 0.5],
    ]);
  });

  it("keeps an empty band honest: no rate, no lift", () => {
    const low = Float32Array.from([10, 10, 10, 10, 10, 10, 10, 10]);
    const r = buildInsightsReport({ score: low, band: assignBands(low), bands: DEFAULT_BANDS, outcomes, segment: null, conversion: "win" });
    expect(r.headline.topBand).toMatchObject({ label: "A", accounts: 0, lift: null });
    expect(r.headline.topBand.conversion.rate).toBeNull();
    // every account tied: the ranking says nothing
    expect(r.auc.auc).toBe(0.5);
    expect(r.liftTop20).toBeCloseTo(1, 9);
  });
});

describe("segments", () => {
  it("lists the values present with their counts", () => {
    const o = segmentOptions(snapshot);
    expect(o.industries).toEqual([
      { value: "Government", label: "Government", accounts: 1 },
      { value: "Retail", label: "Retail", accounts: 4 },
      { value: "Software", label: "Software", accounts: 3 },
    ]);
    expect(o.regions.map((r) => [r.value, r.accounts])).toEqual([["EMEA", 2], ["LATAM", 1], ["North America", 5]]);
    expect(o.sizes.map((s) => [s.value, s.accounts])).toEqual([["1-199", 4], ["200-999", 2], ["1000-4999", 1], ["5000+", 1]]);
  });

  it("masks by industry, region and size together", () => {
    expect(segmentMask(snapshot, {})).toEqual({ mask: null, accounts: 8 });
    expect(Array.from(segmentMask(snapshot, { industry: "Software" }).mask!)).toEqual([1, 1, 0, 0, 1, 0, 0, 0]);
    expect(segmentMask(snapshot, { industry: "Retail", region: "EMEA" }).accounts).toBe(1);
    expect(Array.from(segmentMask(snapshot, { size: "200-999" }).mask!)).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
    expect(segmentMask(snapshot, { size: "1000-4999" }).accounts).toBe(1); // 1,000 is inclusive
    expect(segmentMask(snapshot, { industry: "Mining" }).accounts).toBe(0);
  });

  it("restricts the report to the segment", () => {
    const seg = segmentMask(snapshot, { industry: "Software" }).mask;
    const r = buildInsightsReport({ score, band, bands: DEFAULT_BANDS, outcomes, segment: seg, conversion: "win" });
    expect(r.population).toBe(3);
    expect(r.converted).toBe(1);
    expect(r.bands.map((b) => b.accounts)).toEqual([2, 0, 1, 0]);
    // 20 % of 3 accounts is 0.6 of the top account, which holds the segment's only won revenue
    expect(r.headline.top20RevenueShare).toBeCloseTo(0.6, 12);
    const none = buildInsightsReport({ score, band, bands: DEFAULT_BANDS, outcomes, segment: new Uint8Array(8), conversion: "win" });
    expect(none.population).toBe(0);
    expect(none.auc.auc).toBeNull();
    expect(none.headline.top20RevenueShare).toBeNull();
    expect(none.liftTop20).toBeNull();
  });
});

describe("bandCountsOverTime", () => {
  it("orders publishes by time and keeps labels of older band sets", () => {
    const r = bandCountsOverTime(
      [
        { id: 2, publishedAt: 200, version: 2, action: "publish", bandCounts: { A: 5, B: 3, C: 1, D: 1 } },
        { id: 1, publishedAt: 100, version: 1, action: "publish", bandCounts: { A: 1, X: 9 } },
      ],
      ["A", "B", "C", "D"],
    );
    expect(r.labels).toEqual(["A", "B", "C", "D", "X"]);
    expect(r.points.map((p) => [p.version, p.total, p.counts.A, p.counts.X])).toEqual([
      [1, 10, 1, 9],
      [2, 10, 5, 0],
    ]);
  });
});

describe("checkHistory", () => {
  it("allows a backtest when accounts, signals before the cutoff and conversions after it exist", () => {
    const h = checkHistory(snapshot, outcomes, "win");
    expect(h).toMatchObject({ accountsBefore: 7, converted: 3, reason: null });
    expect(h.signalsBefore).toBe(true); // account 6's old deal
    expect(h.earliest).toBe(d(-100));
    expect(h.latest).toBe(d(50));
  });

  it("explains why not otherwise", () => {
    expect(checkHistory(snapshot, outcomesFromSnapshot(snapshot, d(-400), 30), "win").reason).toBe("no account existed before 2022-11-27");
    expect(checkHistory(snapshot, outcomesFromSnapshot(snapshot, d(-200), 30), "win").reason).toMatch(/^nothing .* is dated before 2023-06-15/);
    expect(checkHistory(snapshot, outcomesFromSnapshot(snapshot, d(60), 30), "pipeline").reason).toBe(
      "no account got an opportunity between 2024-03-01 and 2024-03-31",
    );
  });
});
