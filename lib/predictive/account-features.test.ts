import { describe, expect, it } from "vitest";
import type { ScoringSnapshot } from "../snapshot";
import { accountFeatures, activityLabel } from "./account-features";
import { fitPipeline } from "./features";
import { syntheticSnapshot } from "./synthetic";

const DAY = 86_400_000;

/** A copy of the snapshot without any activity, intent or opportunity at or after `t`. */
function truncate(s: ScoringSnapshot, t: number): ScoringSnapshot {
  const keep = <T extends { offsets: Int32Array }>(runs: T, times: Float64Array, arrays: (keyof T)[]): T => {
    const out = { ...runs } as T;
    const idx: number[] = [];
    const offsets = new Int32Array(s.n + 1);
    for (let i = 0; i < s.n; i++) {
      for (let k = runs.offsets[i]; k < runs.offsets[i + 1]; k++) if (times[k] < t) idx.push(k);
      offsets[i + 1] = idx.length;
    }
    for (const a of arrays) {
      const src = runs[a] as unknown as Float64Array;
      (out[a] as unknown) = (src.constructor as Float64ArrayConstructor).from(idx, (k) => src[k]);
    }
    out.offsets = offsets;
    return out;
  };
  return {
    ...s,
    activities: keep(s.activities, s.activities.at, ["type", "at", "contact"]),
    intents: keep(s.intents, s.intents.at, ["topic", "strength", "at"]),
    opportunities: keep(s.opportunities, s.opportunities.createdAt, ["stage", "amount", "createdAt", "closedAt"]),
  };
}

describe("accountFeatures", () => {
  const { snapshot, asOf } = syntheticSnapshot({ n: 500, seed: 4 });
  const frame = accountFeatures(snapshot, asOf);

  it("uses only data from before asOf", () => {
    const clean = accountFeatures(truncate(snapshot, asOf), asOf);
    expect(clean.columns.map((c) => c.name)).toEqual(frame.columns.map((c) => c.name));
    frame.columns.forEach((c, k) => {
      const d = clean.columns[k];
      if (c.kind === "number" && d.kind === "number") expect(Array.from(d.values)).toEqual(Array.from(c.values));
      if (c.kind === "boolean" && d.kind === "boolean") expect(Array.from(d.values)).toEqual(Array.from(c.values));
    });
    // the synthetic data does hold later events, so the comparison is not vacuous
    expect(snapshot.activities.at.some((t) => t >= asOf)).toBe(true);
  });

  it("names features the way a rep reads them", () => {
    const names = fitPipeline(frame).features.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "Industry = Software",
        "Technology: Salesforce",
        "Demo requests (30-day decayed)",
        "Demo requests (last 90 days)",
        "Employees",
        "Company age (years)",
        "Intent: lead scoring (max decayed)",
        "Contacts: decision makers",
        "Past won deals",
        "Open opportunity",
      ]),
    );
    expect(activityLabel("partner_referral")).toBe("Partner referral events");
  });

  it("decays engagement by half-life and counts trailing windows", () => {
    const n = 1;
    const s: ScoringSnapshot = {
      ...snapshot,
      n,
      accountIds: Int32Array.of(1),
      createdAt: Float64Array.of(0),
      attributes: {},
      tags: { offsets: Int32Array.of(0, 0), codes: new Int32Array(0), dict: [] },
      activities: { offsets: Int32Array.of(0, 3), type: Int32Array.of(0, 0, 0), at: Float64Array.of(asOf - 60 * DAY, asOf - 30 * DAY, asOf + DAY), contact: Int32Array.of(-1, -1, -1), typeDict: ["demo_request"] },
      intents: { offsets: Int32Array.of(0, 1), topic: Int32Array.of(0), strength: Float32Array.of(80), at: Float64Array.of(asOf - 30 * DAY), topicDict: ["lead scoring"] },
      opportunities: { offsets: Int32Array.of(0, 2), stage: Uint8Array.of(1, 0), amount: Float64Array.of(1, 1), createdAt: Float64Array.of(asOf - 100 * DAY, asOf - 5 * DAY), closedAt: Float64Array.of(asOf - 50 * DAY, NaN) },
      contacts: { ...snapshot.contacts, offsets: Int32Array.of(0, 0) },
    };
    const f = accountFeatures(s, asOf);
    const v = (name: string) => {
      const c = f.columns.find((x) => x.name === name);
      if (!c || (c.kind !== "number" && c.kind !== "boolean")) throw new Error(`no ${name}`);
      return c.values[0];
    };
    expect(v("Demo requests (30-day decayed)")).toBeCloseTo(0.25 + 0.5, 12);
    expect(v("Demo requests (90-day decayed)")).toBeCloseTo(2 ** (-60 / 90) + 2 ** (-30 / 90), 12);
    expect(v("Demo requests (last 30 days)")).toBe(1);
    expect(v("Demo requests (last 90 days)")).toBe(2);
    expect(v("Days since last activity")).toBeCloseTo(30, 9);
    expect(v("Intent: lead scoring (max decayed)")).toBeCloseTo(40, 4);
    expect(v("Past won deals")).toBe(1);
    expect(v("Open opportunity")).toBe(1);
  });
});
