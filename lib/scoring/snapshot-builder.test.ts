import { describe, expect, it } from "vitest";
import { CATEGORICAL_ATTRIBUTES, NUMERIC_ATTRIBUTES } from "@/lib/snapshot";
import { buildSnapshot } from "./snapshot-builder";
import { syntheticSnapshot } from "./synthetic-snapshot";

describe("buildSnapshot", () => {
  const snap = buildSnapshot([
    {
      id: 7,
      createdAt: 1000,
      attributes: { industry: "Software", employeeCount: "250", tier: "gold", nps: 8 },
      tags: ["AWS", "Slack"],
      contacts: [{ buyingRole: "champion", title: "VP Marketing" }, { seniority: "vp" }],
      activities: [
        { type: "web_visit", at: 300, contactIndex: 1 },
        { type: "demo_request", at: 100 },
      ],
      intents: [
        { topic: "lead scoring", strength: 70, at: 50 },
        { topic: "intent data", strength: 20, at: 10 },
      ],
      opportunities: [{ stage: "won", createdAt: 10, closedAt: 20, amount: 5000 }],
    },
    { attributes: { tier: null, nps: 3 }, tags: ["aws"], activities: [{ type: "web_visit", at: 5 }] },
  ]);

  it("always carries the built-in attributes, plus custom ones by inferred type", () => {
    for (const name of CATEGORICAL_ATTRIBUTES) expect(snap.attributes[name].kind).toBe("category");
    for (const name of NUMERIC_ATTRIBUTES) expect(snap.attributes[name].kind).toBe("number");
    expect(snap.attributes.tier).toEqual({ kind: "category", codes: Int32Array.from([0, -1]), dict: ["gold"] });
    expect(snap.attributes.nps).toEqual({ kind: "number", values: Float64Array.from([8, 3]) });
    expect(snap.attributes.employeeCount).toEqual({ kind: "number", values: Float64Array.from([250, NaN]) });
    expect(snap.attributes.industry).toEqual({ kind: "category", codes: Int32Array.from([0, -1]), dict: ["Software"] });
  });

  it("stores child records as CSR runs, sorted by time, with global contact positions", () => {
    expect(snap.n).toBe(2);
    expect(Array.from(snap.accountIds)).toEqual([7, 2]);
    expect(Array.from(snap.createdAt)).toEqual([1000, 0]);
    expect(Array.from(snap.tags.offsets)).toEqual([0, 2, 3]);
    expect(snap.tags.dict).toEqual(["AWS", "Slack", "aws"]);
    expect(Array.from(snap.activities.offsets)).toEqual([0, 2, 3]);
    expect(Array.from(snap.activities.at)).toEqual([100, 300, 5]);
    expect(snap.activities.typeDict).toEqual(["demo_request", "web_visit"]);
    expect(Array.from(snap.activities.contact)).toEqual([-1, 1, -1]);
    expect(Array.from(snap.intents.at)).toEqual([10, 50]);
    expect(snap.intents.topicDict).toEqual(["intent data", "lead scoring"]);
    expect(Array.from(snap.opportunities.stage)).toEqual([1]);
    expect(Array.from(snap.opportunities.closedAt)).toEqual([20]);
    expect(Array.from(snap.contacts.offsets)).toEqual([0, 2, 2]);
    expect(Array.from(snap.contacts.buyingRole)).toEqual([0, -1]);
    expect(Array.from(snap.contacts.seniority)).toEqual([-1, 0]);
    expect(snap.contacts.title).toEqual(["VP Marketing", ""]);
  });

  it("honours explicit attribute types", () => {
    const s = buildSnapshot([{ attributes: { zip: 10115, score: "12" } }], { categoricalAttributes: ["zip"], numericAttributes: ["score"] });
    expect(s.attributes.zip).toEqual({ kind: "category", codes: Int32Array.from([0]), dict: ["10115"] });
    expect(s.attributes.score).toEqual({ kind: "number", values: Float64Array.from([12]) });
  });

  it("rejects an activity that points at a contact the account does not have", () => {
    expect(() => buildSnapshot([{ contacts: [{}], activities: [{ type: "x", at: 1, contactIndex: 1 }] }])).toThrow(RangeError);
  });
});

describe("syntheticSnapshot", () => {
  it("is reproducible and keeps activity times ascending within each account", () => {
    const a = syntheticSnapshot({ accounts: 300, seed: 3 });
    expect(syntheticSnapshot({ accounts: 300, seed: 3 })).toEqual(a);
    const { offsets, at } = a.activities;
    for (let i = 0; i < a.n; i++) for (let k = offsets[i] + 1; k < offsets[i + 1]; k++) expect(at[k]).toBeGreaterThanOrEqual(at[k - 1]);
    expect(offsets[a.n]).toBeGreaterThan(1500);
    for (let k = 0; k < a.activities.contact.length; k++) {
      const c = a.activities.contact[k];
      if (c < 0) continue;
      let i = 0;
      while (offsets[i + 1] <= k) i++;
      expect(c).toBeGreaterThanOrEqual(a.contacts.offsets[i]);
      expect(c).toBeLessThan(a.contacts.offsets[i + 1]);
    }
  });
});
