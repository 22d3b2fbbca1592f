import { describe, expect, it } from "vitest";
import { runBacktest, defaultBacktestWindow, latestActivityAt, validateBacktestWindow, BacktestWindowError, MAX_HORIZON_DAYS } from "./backtest";
import { compileModel, scoreAll } from "./engine";
import { buildSnapshot, type AccountFacts } from "./snapshot-builder";
import { suggestBands } from "./suggest-bands";
import { DAY, makeModel } from "./test-fixtures";

const T = Date.UTC(2025, 0, 1);
const NOW = Date.UTC(2025, 11, 1);

/**
 * 40 accounts: the first 20 requested a demo before the cutoff, and 10 of those got an opportunity
 * in the horizon; of the 20 cold ones, 2 did. A demo request made *after* the cutoff by account 39
 * must not count (point in time), and neither may an opportunity created before it.
 */
function fixture(): AccountFacts[] {
  return Array.from({ length: 40 }, (_, i): AccountFacts => {
    const hot = i < 20;
    const converts = hot ? i < 10 : i === 20 || i === 21;
    return {
      createdAt: T - 400 * DAY,
      activities: hot ? [{ type: "demo_request", at: T - 5 * DAY }] : i === 39 ? [{ type: "demo_request", at: T + 5 * DAY }] : [],
      opportunities: [
        ...(converts ? [{ stage: "open" as const, createdAt: T + 30 * DAY }] : []),
        ...(i === 38 ? [{ stage: "lost" as const, createdAt: T - 100 * DAY, closedAt: T - 50 * DAY }] : []),
      ],
    };
  });
}

const demoModel = () =>
  makeModel([{ kind: "activity", category: "engagement", activityTypes: ["demo_request"], pointsPerEvent: 10, cap: 10 }], {
    weights: { engagement: 1, fit: 0, intent: 0, relationship: 0 },
  });
const blindModel = () =>
  makeModel([{ kind: "activity", category: "engagement", activityTypes: ["web_visit"], pointsPerEvent: 10, cap: 10 }], {
    weights: { engagement: 1, fit: 0, intent: 0, relationship: 0 },
  });

describe("runBacktest", () => {
  it("scores at the cutoff and measures the horizon after it, side by side", () => {
    const snap = buildSnapshot(fixture());
    const r = runBacktest(
      snap,
      [
        { key: "draft", label: "Draft", model: demoModel() },
        { key: "published", label: "Published", model: blindModel() },
      ],
      { cutoff: T, horizonDays: 90, now: NOW },
    );
    expect(r.population).toBe(40);
    expect(r.converted).toBe(12);
    expect(r.windowEnd).toBe(T + 90 * DAY);
    const [draft, published] = r.models;
    // Hot accounts score 100 (band A), the rest 0 (band D); account 39's later demo is unknown at T.
    expect(draft!.bands.map((b) => [b.label, b.accounts, b.converted])).toEqual([
      ["A", 20, 10],
      ["B", 0, 0],
      ["C", 0, 0],
      ["D", 20, 2],
    ]);
    expect(draft!.topBand).toEqual({ label: "A", accounts: 20, conversion: 0.5, lift: 0.5 / (12 / 40) });
    expect(draft!.monotone).toBe(true);
    // AUC: 10 converters at 100 and 2 at 0 vs 10 non-converters at 100 and 18 at 0.
    const expected = (10 * 18 + 0.5 * 10 * 10 + 0.5 * 2 * 18) / (12 * 28);
    expect(draft!.auc).toBeCloseTo(expected, 12);
    // A model that sees nothing ranks at random: everyone ties, AUC ½, no gradient.
    expect(published!.auc).toBe(0.5);
    expect(published!.monotone).toBe(false);
    expect(published!.topBand.accounts).toBe(0);
    expect(r.notes.some((n) => n.includes("Published") && n.includes("band A"))).toBe(true);
  });

  it("accepts compiled models and measures won deals when asked", () => {
    const facts = fixture();
    facts[0]!.opportunities = [{ stage: "won", createdAt: T - 10 * DAY, closedAt: T + 10 * DAY, amount: 1000 }];
    const snap = buildSnapshot(facts);
    const r = runBacktest(snap, [{ key: "d", label: "D", model: compileModel(demoModel(), snap) }], { cutoff: T, horizonDays: 30, conversion: "win", now: NOW });
    expect(r.converted).toBe(1);
    expect(r.models[0]!.bands[0]!.converted).toBe(1);
    expect(r.notes.some((n) => n.includes("Only 1 accounts converted"))).toBe(true);
  });

  it("leaves out accounts created after the cutoff", () => {
    const facts = fixture();
    facts[0]!.createdAt = T + DAY;
    const r = runBacktest(buildSnapshot(facts), [{ key: "d", label: "D", model: demoModel() }], { cutoff: T, horizonDays: 90, now: NOW });
    expect(r.population).toBe(39);
    expect(r.converted).toBe(11);
  });

  it("refuses a cutoff in the future, a bad horizon and a window without outcomes, per field", () => {
    const snap = buildSnapshot(fixture());
    const run = (cutoff: number, horizonDays: number) => {
      try {
        runBacktest(snap, [{ key: "d", label: "D", model: demoModel() }], { cutoff, horizonDays, now: NOW });
      } catch (e) {
        if (e instanceof BacktestWindowError) return e.issues;
        throw e;
      }
      return [];
    };
    expect(run(NOW + DAY, 90)).toEqual([{ field: "cutoff", message: expect.stringContaining("in the future") }]);
    expect(run(T, 0)).toEqual([{ field: "horizonDays", message: expect.stringContaining(`between 1 and ${MAX_HORIZON_DAYS}`) }]);
    expect(run(T, 2.5)).toEqual([{ field: "horizonDays", message: expect.stringContaining("whole number") }]);
    expect(run(Number.NaN, 90)).toEqual([{ field: "cutoff", message: "Pick a cutoff date." }]);
    // Opportunities are created 30 days after T: a 10-day horizon sees none.
    expect(run(T, 10)).toEqual([{ field: "cutoff", message: expect.stringContaining("nothing to measure") }]);
    expect(run(T - 500 * DAY, 90)).toEqual([{ field: "cutoff", message: expect.stringContaining("No account existed") }]);
  });

  it("says when the horizon runs past today", () => {
    const r = runBacktest(buildSnapshot(fixture()), [{ key: "d", label: "D", model: demoModel() }], { cutoff: T, horizonDays: 90, now: T + 40 * DAY });
    expect(r.notes.some((n) => n.includes("runs past today"))).toBe(true);
  });
});

describe("backtest window helpers", () => {
  it("defaults to about six months before the latest activity, at UTC midnight, with a 180-day horizon", () => {
    const snap = buildSnapshot([{ activities: [{ type: "web_visit", at: Date.UTC(2025, 6, 1, 15) }, { type: "web_visit", at: Date.UTC(2025, 2, 1) }] }]);
    expect(latestActivityAt(snap)).toBe(Date.UTC(2025, 6, 1, 15));
    const w = defaultBacktestWindow(snap, NOW);
    expect(w.horizonDays).toBe(180);
    expect(w.cutoff % DAY).toBe(0);
    expect((Date.UTC(2025, 6, 1) - w.cutoff) / DAY).toBe(182);
    expect(defaultBacktestWindow(buildSnapshot([]), NOW).cutoff).toBe(NOW - 182 * DAY);
  });

  it("validates without scoring", () => {
    expect(validateBacktestWindow(T, 180, NOW)).toEqual([]);
    expect(validateBacktestWindow(NOW, 180, NOW)[0]!.field).toBe("cutoff");
    expect(validateBacktestWindow(T, MAX_HORIZON_DAYS + 1, NOW)[0]!.field).toBe("horizonDays");
  });
});

describe("suggestBands", () => {
  it("puts about the requested shares in each band, with whole, strictly decreasing minimums", () => {
    const scores = Float32Array.from({ length: 1000 }, (_, i) => i / 10); // 0.0 … 99.9, uniform
    const bands = suggestBands(scores);
    expect(bands).toEqual([
      { label: "A", min: 95 },
      { label: "B", min: 80 },
      { label: "C", min: 50 },
      { label: "D", min: 0 },
    ]);
  });

  it("keeps ties together and stays valid on degenerate distributions", () => {
    const allZero = suggestBands(new Float32Array(100));
    expect(allZero.map((b) => b.min)).toEqual([3, 2, 1, 0]);
    const lumpy = suggestBands(Float32Array.from([50, 50, 50, 50, 50, 50, 50, 50, 10, 10]));
    for (let k = 1; k < lumpy.length; k++) expect(lumpy[k]!.min).toBeLessThan(lumpy[k - 1]!.min);
    expect(lumpy[0]!.min).toBe(50);
    expect(suggestBands([Number.NaN, 70], { shares: [0.5], labels: ["Hot", "Cold"] })).toEqual([
      { label: "Hot", min: 70 },
      { label: "Cold", min: 0 },
    ]);
  });

  it("gives a model whose band shares follow the targets", () => {
    const snap = buildSnapshot(Array.from({ length: 200 }, (_, i) => ({ activities: Array.from({ length: i % 50 }, (_, k) => ({ type: "demo_request", at: T - (k + 1) * DAY })) })));
    const def = makeModel([{ kind: "activity", category: "engagement", activityTypes: ["demo_request"], pointsPerEvent: 1, cap: 50 }], {
      weights: { engagement: 1, fit: 0, intent: 0, relationship: 0 },
    });
    def.bands = suggestBands(scoreAll(def, snap, T).scores);
    const cols = scoreAll(def, snap, T);
    const counts = [0, 0, 0, 0];
    for (const b of cols.bands) counts[b]!++;
    expect(counts[0]! / 200).toBeGreaterThanOrEqual(0.05);
    expect(counts[0]! / 200).toBeLessThan(0.1);
    expect((counts[0]! + counts[1]!) / 200).toBeGreaterThanOrEqual(0.2);
  });
});
