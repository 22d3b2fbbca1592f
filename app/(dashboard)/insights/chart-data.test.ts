import { describe, expect, it } from "vitest";
import type { InsightsPage } from "@/db/queries/insights";
import { assignBands } from "@/lib/metrics/bands";
import { bandCountsOverTime, buildInsightsReport, summarizeVersion } from "@/lib/metrics/insights";
import { DAY_MS, outcomesFromSnapshot } from "@/lib/metrics/outcomes";
import { snapshotFixture } from "@/lib/metrics/snapshot-fixture";
import { DEFAULT_BANDS } from "@/lib/vocabulary";
import { shapeCharts } from "./chart-data";

const T = Date.UTC(2024, 0, 1);
const d = (days: number) => T + days * DAY_MS;
const snapshot = snapshotFixture([
  { createdAt: d(-300), opportunities: [{ stage: "won", createdAt: d(10), closedAt: d(40), amount: 1000 }] },
  { createdAt: d(-300), opportunities: [{ stage: "open", createdAt: d(20), amount: 2000 }] },
  { createdAt: d(-300) },
  { createdAt: d(-300) },
]);
const score = Float32Array.from([90, 70, 50, 10]);
const outcomes = outcomesFromSnapshot(snapshot, T, 100);

function pageWith(segment: Uint8Array | null, segmentAccounts: number, history = true): InsightsPage {
  const report = buildInsightsReport({ score, band: assignBands(score), bands: DEFAULT_BANDS, outcomes, segment, conversion: "pipeline" });
  return {
    model: { id: 1, name: "ICP" },
    versions: [{ id: 1, version: 1, status: "published", kind: "rule", label: "v1 · live", publishedAt: T, live: true }],
    segments: { industries: [], regions: [], sizes: [] },
    applied: { versionId: 1, compareId: null, segment: {}, cutoff: T, horizonDays: 100, conversion: "pipeline", mode: "backtest" },
    defaults: { cutoff: T, horizonDays: 180 },
    currentReason: null,
    window: { start: T, end: d(100) },
    segmentAccounts,
    totalAccounts: 4,
    report,
    summary: summarizeVersion(report),
    compare: null,
    bandHistory: bandCountsOverTime(history ? [{ id: 1, publishedAt: T, version: 1, action: "publish", bandCounts: { A: 1, B: 1, C: 1, D: 1 } }] : [], ["A", "B", "C", "D"]),
    notices: [],
    computedAt: T,
    computeMs: 1,
    timings: {},
  };
}

describe("shapeCharts", () => {
  it("shapes rows for every chart, as fractions and with band keys", () => {
    const c = shapeCharts(pageWith(null, 4));
    expect(c.conversion.rows.map((r) => [r.band, r.rate])).toEqual([["A", 1], ["B", 1], ["C", 0], ["D", 0]]);
    expect(c.conversion.overall).toBe(0.5);
    expect(c.histogram.rows.find((r) => r.from === 90)?.["band:A"]).toBe(1);
    expect(c.gains.rows.at(-1)).toEqual({ share: 1, conversions: 1, revenue: 1, baseline: 1 });
    expect(c.history.rows[0]).toMatchObject({ label: "v1 · 2024-01-01", total: 4, "band:D": 1 });
    expect(c.dealSize.rows[0]).toMatchObject({ band: "A", value: 1000, n: 1 });
    for (const chart of [c.histogram, c.conversion, c.dealSize, c.cycle, c.revenue, c.gains, c.lift, c.history]) expect(chart.empty).toBeNull();
    expect(c.winRate.empty).toBeNull(); // one deal was won in the window
  });

  it("explains every empty chart when the segment is empty", () => {
    const c = shapeCharts(pageWith(new Uint8Array(4), 0, false));
    for (const chart of [c.histogram, c.conversion, c.winRate, c.dealSize, c.cycle, c.revenue, c.gains, c.lift]) {
      expect(chart.empty).toBe("No account is in the chosen segment, so there is nothing to measure. Pick a wider segment.");
    }
    expect(c.history.empty).toBe("ICP has not been published yet, so there are no band counts to follow over time.");
    expect(c.comparison.a).toBeNull();
    expect(c.comparison.empty).toContain("single version");
  });

  it("says which data is missing when nobody converted", () => {
    // accounts 2 and 3 only: in scope, but no opportunity and no deal in the window
    const c = shapeCharts(pageWith(Uint8Array.from([0, 0, 1, 1]), 2));
    expect(c.conversion.empty).toBe("No account in scope got an opportunity between 2024-01-01 and 2024-04-10, so there is no conversion to compare. Pick an earlier cutoff, a longer horizon or a wider segment.");
    expect(c.winRate.empty).toContain("No deal was closed, won or lost, between 2024-01-01 and 2024-04-10");
    expect(c.dealSize.empty).toContain("No deal with an amount was won");
    expect(c.cycle.empty).toContain("no sales cycle to measure");
    expect(c.revenue.empty).toContain("no revenue to split by band");
    expect(c.histogram.empty).toBeNull();
  });
});
