import { describe, expect, it } from "vitest";
import { currentOutcomes, DAY_MS, outcomesFromSnapshot, outcomesInWindow } from "./outcomes";
import { snapshotFixture } from "./snapshot-fixture";
import { stageAsOf } from "@/lib/snapshot";

const T = Date.UTC(2024, 0, 1);
const d = (days: number) => T + days * DAY_MS;

// Six accounts covering the cases the metrics must handle (see expectations below).
const snapshot = snapshotFixture([
  {
    createdAt: d(-100),
    opportunities: [
      { stage: "won", createdAt: d(10), closedAt: d(40), amount: 1000 }, // new, won in window: 30-day cycle
      { stage: "lost", createdAt: d(-30), closedAt: d(5), amount: 500 }, // open at T, lost in window
    ],
  },
  {
    createdAt: d(-50),
    opportunities: [
      { stage: "open", createdAt: d(20), amount: 2000 }, // pipeline, still open
      { stage: "won", createdAt: d(30), closedAt: d(120), amount: 300 }, // won after the horizon: open at its end
    ],
  },
  {
    createdAt: d(-10),
    opportunities: [{ stage: "won", createdAt: d(50), closedAt: d(45), amount: 0 }], // closed before created; zero amount
  },
  {
    createdAt: d(10), // created after the cutoff: not in the backtest population
    opportunities: [{ stage: "won", createdAt: d(20), closedAt: d(30), amount: 700 }],
  },
  {}, // no creation date, no opportunities
  {
    createdAt: d(-200),
    opportunities: [
      { stage: "won", createdAt: d(-100), closedAt: d(-50), amount: 999 }, // before the window
      { stage: "won", createdAt: d(60), amount: 50 }, // won without a close date
      { stage: "won", createdAt: d(70), closedAt: d(80) }, // won without an amount
    ],
  },
]);

describe("outcomesFromSnapshot (backtest)", () => {
  const o = outcomesFromSnapshot(snapshot, T, 90);

  it("uses the window [T, T + horizon)", () => {
    expect(o.start).toBe(T);
    expect(o.end).toBe(d(90));
  });

  it("computes per-account outcomes by hand", () => {
    expect([...o.eligible]).toEqual([1, 1, 1, 0, 1, 1]);
    expect([...o.gotOpportunity]).toEqual([1, 1, 1, 1, 0, 1]);
    expect([...o.won]).toEqual([1, 0, 1, 1, 0, 1]);
    expect([...o.opportunitiesCreated]).toEqual([1, 2, 1, 1, 0, 2]);
    expect([...o.openDeals]).toEqual([0, 2, 0, 0, 0, 1]);
    expect([...o.wonDeals]).toEqual([1, 0, 1, 1, 0, 1]);
    expect([...o.lostDeals]).toEqual([1, 0, 0, 0, 0, 0]);
    expect([...o.wonAmount]).toEqual([1000, 0, 0, 700, 0, 0]);
    expect([...o.wonWithAmount]).toEqual([1, 0, 1, 1, 0, 0]);
    expect([...o.pipelineAmount]).toEqual([1000, 2300, 0, 700, 0, 50]);
    expect([...o.cycleOffsets]).toEqual([0, 1, 1, 1, 2, 2, 3]);
    expect([...o.cycleDays]).toEqual([30, 10, 10]);
  });

  it("counts data problems instead of hiding them", () => {
    expect(o.warnings).toEqual({ closedBeforeCreated: 1, wonWithoutAmount: 1, closedWithoutDate: 1, missingCreatedAt: 0 });
  });

  it("can require wins to come from opportunities created in the window", () => {
    const strict = outcomesFromSnapshot(snapshot, T, 90, { winsRequireNewOpportunity: true });
    expect([...strict.lostDeals]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...strict.won]).toEqual([1, 0, 1, 1, 0, 1]);
  });

  it("puts a record dated exactly T on the outcome side, consistent with stageAsOf", () => {
    const s = snapshotFixture([{ createdAt: d(-1), opportunities: [{ stage: "won", createdAt: T, closedAt: d(1), amount: 1 }] }]);
    expect(stageAsOf(s, 0, T)).toBe("none");
    expect(outcomesFromSnapshot(s, T, 1).gotOpportunity[0]).toBe(1);
    expect(outcomesFromSnapshot(s, T, 1).won[0]).toBe(0); // closed at T+1d = end: outside [T, T+1d)
  });

  it("validates its arguments", () => {
    expect(() => outcomesFromSnapshot(snapshot, Number.NaN, 90)).toThrow(RangeError);
    expect(() => outcomesFromSnapshot(snapshot, T, 0)).toThrow(RangeError);
  });
});

describe("currentOutcomes", () => {
  it("covers all time by default with every account eligible", () => {
    const o = currentOutcomes(snapshot);
    expect([...o.eligible]).toEqual([1, 1, 1, 1, 1, 1]);
    expect([...o.opportunitiesCreated]).toEqual([2, 2, 1, 1, 0, 3]);
    expect([...o.wonDeals]).toEqual([1, 1, 1, 1, 0, 2]);
    expect([...o.lostDeals]).toEqual([1, 0, 0, 0, 0, 0]);
    expect([...o.wonAmount]).toEqual([1000, 300, 0, 700, 0, 999]);
    expect([...o.pipelineAmount]).toEqual([1500, 2300, 0, 700, 0, 1049]);
    expect([...o.openDeals]).toEqual([0, 1, 0, 0, 0, 1]);
    expect([...o.cycleDays]).toEqual([30, 90, 10, 50, 10]);
  });

  it("restricts to a period [from, to)", () => {
    const o = currentOutcomes(snapshot, { from: d(0), to: d(45) });
    expect([...o.wonDeals]).toEqual([1, 0, 0, 1, 0, 0]);
    expect([...o.opportunitiesCreated]).toEqual([1, 2, 0, 1, 0, 0]);
    expect(outcomesInWindow(snapshot, d(0), d(45)).wonDeals).toEqual(o.wonDeals);
  });
});
