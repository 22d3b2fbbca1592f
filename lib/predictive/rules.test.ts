import { describe, expect, it } from "vitest";
import { parseModelDefinition } from "../scoring/model";
import { accountFeatures } from "./account-features";
import { fitPredictor } from "./model";
import { suggestRuleWeights } from "./rules";
import { syntheticSnapshot } from "./synthetic";

describe("suggestRuleWeights", () => {
  const data = syntheticSnapshot({ n: 6_000, seed: 12 });
  const frame = accountFeatures(data.snapshot, data.asOf);
  const predictor = fitPredictor(frame, data.labels, { learner: "blend" });
  const s = suggestRuleWeights(predictor);

  it("produces a valid rule-model draft", () => {
    const parsed = parseModelDefinition(s.definition);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const total = Object.values(s.definition.categories).reduce((a, c) => a + c.weight, 0);
    expect(total).toBeGreaterThanOrEqual(98);
    expect(total).toBeLessThanOrEqual(102);
  });

  it("gives the planted signals the right sign", () => {
    const byId = new Map(s.definition.criteria.map((c) => [c.id, c]));
    const software = byId.get("pred-industry-software");
    expect(software?.kind === "attribute" && software.points).toBeGreaterThan(0);
    const education = byId.get("pred-industry-education");
    expect(education?.kind === "attribute" && education.points).toBeLessThan(0);
    const demo = byId.get("pred-activity-demo-request");
    expect(demo?.kind === "activity" && demo.pointsPerEvent).toBeGreaterThan(0);
    expect(demo?.kind === "activity" && demo.cap).toBeGreaterThanOrEqual(demo?.kind === "activity" ? demo.pointsPerEvent : 0);
    const tag = byId.get("pred-tag-salesforce");
    expect(tag?.kind === "has_tag" && tag.points).toBeGreaterThan(0);
    const won = byId.get("pred-won-deals");
    expect(won?.kind === "won_deals" && won.pointsPerDeal).toBeGreaterThan(0);
    expect(s.categoryShares.engagement).toBeGreaterThan(0.1);
  });

  it("needs a logistic regression", () => {
    const gbt = fitPredictor(frame, data.labels, { learner: "gbt" });
    expect(() => suggestRuleWeights(gbt)).toThrow(/need a logistic regression/);
  });

  it("turns a company-age threshold into a founding-year criterion pointing the right way", () => {
    // Older companies convert more: the suggestion must favour early founding years.
    const n = 4_000;
    let seed = 7;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const age = new Float64Array(n);
    const noise = new Float64Array(n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      age[i] = Math.floor(rand() * 40);
      noise[i] = rand();
      labels[i] = rand() < 1 / (1 + Math.exp(-(age[i]! - 20) / 5)) ? 1 : 0;
    }
    const frame = {
      n,
      columns: [
        { kind: "number" as const, name: "Company age (years)", values: age, group: "fit", meta: { attribute: "foundedYear", yearsSince: 2026 } },
        { kind: "number" as const, name: "Noise", values: noise, group: "fit" },
      ],
    };
    const suggested = suggestRuleWeights(fitPredictor(frame, labels, { learner: "lr" }));
    const old = suggested.definition.criteria.find((c) => c.id === "pred-foundedyear-old");
    const young = suggested.definition.criteria.find((c) => c.id === "pred-foundedyear-young");
    expect(old).toMatchObject({ kind: "attribute", attribute: "foundedYear", op: "at_most" });
    expect(young).toMatchObject({ kind: "attribute", attribute: "foundedYear", op: "at_least" });
    if (old?.kind !== "attribute" || young?.kind !== "attribute" || !("value" in old) || !("value" in young)) throw new Error("missing criteria");
    expect(old.points).toBeGreaterThan(0);
    expect(young.points).toBeLessThan(0);
    // age ≥ ~30 ⇔ founded in ~1996 or before; age ≤ ~10 ⇔ founded in ~2016 or later
    expect(Number(old.value)).toBeGreaterThan(1990);
    expect(Number(old.value)).toBeLessThan(2000);
    expect(Number(young.value)).toBeGreaterThan(2012);
    expect(Number(young.value)).toBeLessThan(2020);
    expect(old.label).toMatch(/founded in \d{4} or before/);
  });
});
