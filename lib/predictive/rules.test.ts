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
});
