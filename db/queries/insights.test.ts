/**
 * The insights queries on real databases (SQLite always, PostgreSQL when configured), on the demo
 * data: backtest by default, corrections of impossible requests, the segment, the comparison of two
 * versions, current mode from the live scores, band counts over time, and the cache. On SQLite, the
 * 5,000-account demo must show the planted gradient with non-overlapping intervals (the acceptance of
 * issue 5): this needs the demo's first model to have band A populated at the cutoff, i.e. bands
 * calibrated on the demo's scores (calibratedIcpTemplate) rather than the absolute default A ≥ 80.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { DAY_MS } from "@/lib/metrics";
import { defaultBacktestWindow } from "@/lib/scoring/backtest";
import { prepareDemo } from "@/scripts/lib/prepare-demo";
import { createTestDatabase, testDialects, type TestDatabase } from "../test/databases";
import { bumpDataVersion } from "../mutations/data-version";
import { getSnapshot } from "../snapshot";
import { clearInsightsCache, getInsights, type InsightsQuery } from "./insights";
import { getPrimaryModel } from "./models";

const DEFAULT: InsightsQuery = { versionId: null, compareId: null, segment: {}, cutoff: null, horizonDays: 180, conversion: "pipeline", mode: null };

async function page(t: TestDatabase, q: Partial<InsightsQuery> = {}, now = Date.now()) {
  const r = await getInsights(t.handle, { ...DEFAULT, ...q }, now);
  if (!r.ok) throw new Error(r.message);
  return r.page;
}

for (const dialect of testDialects()) {
  describe(`insights on ${dialect}`, () => {
    let t: TestDatabase;
    let draftId: number;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      await prepareDemo(t.handle, { accounts: 600, seed: 11 });
      clearInsightsCache();
      // A second, fit-only version as a draft, to compare with the published one.
      const { schema } = t.handle;
      const model = (await getPrimaryModel(t.handle))!;
      const [live] = await t.handle.db.select().from(schema.modelVersions).where(eq(schema.modelVersions.id, model.publishedVersionId!));
      const def = structuredClone(live!.definition) as { categories: Record<string, { weight: number }> };
      def.categories.engagement!.weight = 0;
      def.categories.intent!.weight = 0;
      const now = Date.now();
      const [row] = await t.handle.transact((tx) =>
        tx.insert(schema.modelVersions).values({ modelId: model.id, version: 2, status: "draft", kind: "rule", definition: def, note: "Fit only", createdAt: now, updatedAt: now }).returning({ id: schema.modelVersions.id }),
      );
      draftId = row!.id;
    });
    afterAll(async () => t?.drop());

    it("backtests the live version at the default cutoff", async () => {
      const p = await page(t);
      const snapshot = await getSnapshot(t.handle);
      const model = (await getPrimaryModel(t.handle))!;
      expect(p.applied).toMatchObject({ versionId: model.publishedVersionId, compareId: null, mode: "backtest", horizonDays: 180, cutoff: defaultBacktestWindow(snapshot).cutoff });
      expect(p.notices).toEqual([]);
      expect(p.currentReason).toBeNull();
      expect(p.window).toEqual({ start: p.applied.cutoff, end: p.applied.cutoff + 180 * DAY_MS });
      expect(p.report.population).toBeGreaterThan(0);
      expect(p.report.population).toBeLessThanOrEqual(600);
      expect(p.report.converted).toBeGreaterThan(0);
      expect(p.report.bandLabels).toEqual(p.report.bands.map((b) => b.label));
      expect(p.report.histogram.reduce((s, h) => s + h.total, 0)).toBe(p.report.population);
      expect(p.report.auc.auc).toBeGreaterThan(0.5);
      expect(p.versions.map((v) => [v.version, v.status, v.live])).toEqual([
        [1, "published", true],
        [2, "draft", false],
      ]);
    });

    it("serves the same result from the cache until the data changes", async () => {
      const a = await page(t);
      const b = await page(t);
      expect(b).toBe(a);
      await t.handle.transact((tx) => bumpDataVersion(t.handle, tx));
      const c = await page(t);
      expect(c).not.toBe(a);
      expect(c.report.population).toBe(a.report.population);
    });

    it("corrects a cutoff in the future to the default and says so", async () => {
      const now = Date.now();
      const p = await page(t, { cutoff: now + 30 * DAY_MS }, now);
      expect(p.applied.cutoff).toBe(p.defaults.cutoff);
      expect(p.notices).toEqual([expect.objectContaining({ level: "error", field: "cutoff", message: expect.stringContaining("in the future") })]);
    });

    it("explains an empty segment and keeps the page", async () => {
      const p = await page(t, { segment: { industry: "Underwater Basket Weaving" } });
      expect(p.segmentAccounts).toBe(0);
      expect(p.report.population).toBe(0);
      expect(p.notices).toEqual([expect.objectContaining({ field: "segment", message: expect.stringContaining("No account is in the segment industry “Underwater Basket Weaving”") })]);
    });

    it("restricts every figure to a segment", async () => {
      const all = await page(t);
      const p = await page(t, { segment: { industry: "Software" } });
      const software = p.segments.industries.find((o) => o.value === "Software")!;
      expect(p.segmentAccounts).toBe(software.accounts);
      expect(p.report.population).toBeLessThan(all.report.population);
      expect(p.report.population).toBeGreaterThan(0);
    });

    it("falls back to the live version for an unknown one, and compares two versions on the same accounts", async () => {
      const unknown = await page(t, { versionId: 999_999 });
      expect(unknown.notices[0]).toMatchObject({ field: "versionId", level: "error" });
      const p = await page(t, { compareId: draftId });
      expect(p.compare?.version.id).toBe(draftId);
      expect(p.compare!.summary.population).toBe(p.summary.population);
      expect(p.compare!.summary.converted).toBe(p.summary.converted);
      expect(p.compare!.summary.auc).not.toBe(p.summary.auc);
      const same = await page(t, { compareId: p.applied.versionId });
      expect(same.compare).toBeNull();
      expect(same.notices[0]).toMatchObject({ field: "compareId", level: "warning" });
    });

    it("in current mode reads the live scores and says why that flatters the model", async () => {
      const p = await page(t, { mode: "current" });
      const snapshot = await getSnapshot(t.handle);
      expect(p.applied.mode).toBe("current");
      expect(p.currentReason).toContain("You chose");
      expect(p.report.population).toBe(snapshot.n);
      const { schema } = t.handle;
      const model = (await getPrimaryModel(t.handle))!;
      const [event] = await t.handle.db.select().from(schema.publishEvents).where(eq(schema.publishEvents.modelId, model.id)).orderBy(desc(schema.publishEvents.id)).limit(1);
      // the live scores' bands are the publish's band counts
      expect(Object.fromEntries(p.report.bands.map((b) => [b.label, b.accounts]))).toEqual(event!.bandCounts);
    });

    it("switches to current scores when there is no history before the cutoff", async () => {
      const p = await page(t, { cutoff: Date.UTC(2000, 0, 1) });
      expect(p.applied.mode).toBe("current");
      expect(p.currentReason).toMatch(/^A backtest needs history, and no account existed before 2000-01-01\.$/);
    });

    it("follows band counts over time across publishes", async () => {
      const p = await page(t);
      expect(p.bandHistory.points).toHaveLength(1);
      expect(p.bandHistory.points[0]!.total).toBe(600);
      expect(p.bandHistory.points[0]!.version).toBe(1);
    });
  });
}

describe("the planted gradient on the 5,000-account demo (SQLite)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    await prepareDemo(t.handle, { accounts: 5000, seed: 42 });
    clearInsightsCache();
  });
  afterAll(async () => t?.drop());

  it("band A converts more than band D, with intervals that do not overlap, on bigger deals and more revenue", async () => {
    const p = await page(t);
    expect(p.applied.mode).toBe("backtest");
    const [a] = p.report.bands;
    const d = p.report.bands[p.report.bands.length - 1]!;
    expect(a!.accounts, "band A has accounts at the cutoff").toBeGreaterThan(0);
    expect(a!.pipelineConversion.low!).toBeGreaterThan(d.pipelineConversion.high!);
    expect(a!.avgDealSize!).toBeGreaterThan(d.avgDealSize!);
    expect(a!.shareOfWonRevenue!).toBeGreaterThan(d.shareOfWonRevenue!);
    const win = await page(t, { conversion: "win" });
    expect(win.report.bands[0]!.winConversion.low!).toBeGreaterThan(win.report.bands.at(-1)!.winConversion.high!);
  });
});
