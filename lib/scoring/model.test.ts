import { describe, expect, it } from "vitest";
import { CATEGORICAL_ATTRIBUTES, NUMERIC_ATTRIBUTES } from "@/lib/snapshot";
import {
  attainableMaxima,
  criterionMaxPoints,
  defaultIcpTemplate,
  leadScoreMax,
  parseModelDefinition,
  ruleModelDefinitionSchema,
  type ContactRollupCriterion,
  type ModelIssue,
} from "./model";

const base = () => JSON.parse(JSON.stringify(defaultIcpTemplate())) as Record<string, any>;

function issuesOf(input: unknown, opts?: { knownAttributes?: string[] }): ModelIssue[] {
  const r = parseModelDefinition(input, opts);
  if (r.ok) throw new Error("expected the definition to be rejected");
  return r.issues;
}

function rollup(extra: Partial<ContactRollupCriterion>): ContactRollupCriterion {
  return {
    id: "r",
    label: "r",
    category: "engagement",
    enabled: true,
    kind: "contact_rollup",
    leadScore: { rules: [] },
    rollup: { method: "max" },
    ...extra,
  } as ContactRollupCriterion;
}

describe("defaultIcpTemplate", () => {
  it("is a valid definition that survives a JSON round trip", () => {
    const json = JSON.parse(JSON.stringify(defaultIcpTemplate()));
    const r = parseModelDefinition(json, { knownAttributes: [...CATEGORICAL_ATTRIBUTES, ...NUMERIC_ATTRIBUTES] });
    expect(r).toEqual({ ok: true, value: defaultIcpTemplate() });
  });

  it("covers every category and the kinds an ICP needs", () => {
    const def = defaultIcpTemplate();
    const kinds = new Set(def.criteria.map((c) => c.kind));
    for (const k of ["attribute", "has_tag", "activity", "intent", "open_opportunity", "won_deals", "customer_status", "contact_rollup"]) {
      expect(kinds).toContain(k);
    }
    const max = attainableMaxima(def).categories;
    expect(max.fit).toBeGreaterThan(0);
    expect(max.engagement).toBeGreaterThan(0);
    expect(max.intent).toBeGreaterThan(0);
    expect(max.relationship).toBeGreaterThan(0);
    expect(def.criteria.find((c) => c.kind === "customer_status" && c.status === "churned")).toMatchObject({ points: -40 });
  });

  it("returns a fresh object each time", () => {
    const a = defaultIcpTemplate();
    a.categories.fit.weight = 99;
    expect(defaultIcpTemplate().categories.fit.weight).toBe(40);
  });
});

describe("parseModelDefinition", () => {
  it("applies defaults (enabled, tag mode, minStrength, rules)", () => {
    const input = base();
    delete input.criteria[0].enabled;
    delete input.criteria[4].mode;
    const intentIdx = input.criteria.findIndex((c: any) => c.kind === "intent");
    delete input.criteria[intentIdx].minStrength;
    const r = parseModelDefinition(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.criteria[0].enabled).toBe(true);
    expect(r.value.criteria[4]).toMatchObject({ mode: "any" });
    expect(r.value.criteria[intentIdx]).toMatchObject({ minStrength: 0 });
  });

  it("reports field-level paths for points and weights", () => {
    const input = base();
    input.criteria[3].points = "ten";
    input.categories.fit.weight = -1;
    const issues = issuesOf(input);
    expect(issues).toContainEqual({ path: "criteria.3.points", message: "points must be a number" });
    expect(issues).toContainEqual({ path: "categories.fit.weight", message: "weight must be at least 0" });
  });

  it("rejects weights that cannot normalise", () => {
    const input = base();
    for (const c of ["fit", "engagement", "intent", "relationship"]) input.categories[c].weight = 0;
    expect(issuesOf(input)).toContainEqual({
      path: "categories",
      message: "at least one category weight must be greater than 0, otherwise scores cannot be normalised",
    });
  });

  it("rejects a model whose weighted categories have no attainable points", () => {
    const input = base();
    input.categories = { fit: { weight: 0 }, engagement: { weight: 0 }, intent: { weight: 0 }, relationship: { weight: 1 } };
    input.criteria = input.criteria.filter((c: any) => c.category !== "relationship");
    expect(issuesOf(input).map((i) => i.path)).toEqual(["criteria"]);
  });

  it("flags a negative criterion alone in a weighted category (it could never count)", () => {
    const input = base();
    input.criteria = input.criteria.filter((c: any) => c.category !== "relationship" || c.id === "rel-churned");
    const idx = input.criteria.findIndex((c: any) => c.id === "rel-churned");
    expect(issuesOf(input)).toEqual([
      {
        path: `criteria.${idx}.category`,
        message: "category relationship has no criterion that can award positive points, so this criterion's negative points would have no effect",
      },
    ]);
  });

  it("rejects activity and intent caps <= 0", () => {
    const input = base();
    const act = input.criteria.findIndex((c: any) => c.kind === "activity");
    const intent = input.criteria.findIndex((c: any) => c.kind === "intent");
    input.criteria[act].cap = 0;
    input.criteria[intent].cap = -5;
    expect(issuesOf(input)).toEqual([
      { path: `criteria.${act}.cap`, message: "cap must be greater than 0" },
      { path: `criteria.${intent}.cap`, message: "cap must be greater than 0" },
    ]);
  });

  it("rejects unknown attributes only when the known list is given", () => {
    const input = base();
    input.criteria[0].attribute = "headcount";
    expect(parseModelDefinition(input).ok).toBe(true);
    const issues = issuesOf(input, { knownAttributes: ["industry", "employeeCount", "annualRevenue", "region"] });
    expect(issues).toEqual([
      {
        path: "criteria.0.attribute",
        message: `unknown attribute "headcount"; known attributes: industry, employeeCount, annualRevenue, region`,
      },
    ]);
  });

  it("rejects duplicate criterion ids and malformed ids", () => {
    const input = base();
    input.criteria[2].id = input.criteria[0].id;
    expect(issuesOf(input)).toContainEqual({ path: "criteria.2.id", message: `duplicate id "fit-industry" (also used by criteria.0)` });
    const bad = base();
    bad.criteria[1].id = "has space";
    expect(issuesOf(bad)[0].path).toBe("criteria.1.id");
  });

  it("validates ranges: a bound is required and min <= max", () => {
    const input = base();
    const idx = input.criteria.findIndex((c: any) => c.op === "range");
    delete input.criteria[idx].min;
    delete input.criteria[idx].max;
    expect(issuesOf(input)).toEqual([{ path: `criteria.${idx}.min`, message: "a range needs a min, a max or both" }]);
    input.criteria[idx].min = 10;
    input.criteria[idx].max = 5;
    expect(issuesOf(input)).toEqual([{ path: `criteria.${idx}.max`, message: "max (5) must be greater than or equal to min (10)" }]);
  });

  it("reports unknown kinds, ops and stray keys at their path", () => {
    const input = base();
    input.criteria[0].op = "contains";
    input.criteria[1].kind = "magic";
    input.criteria[2].lookbakDays = 3;
    const paths = issuesOf(input).map((i) => i.path);
    expect(paths).toEqual(["criteria.0.op", "criteria.1.kind", "criteria.2"]);
  });

  it("rejects empty lists of values", () => {
    const input = base();
    input.criteria[0].values = [];
    expect(issuesOf(input)).toEqual([{ path: "criteria.0.values", message: "list at least one value" }]);
  });

  describe("bands", () => {
    it("rejects empty bands", () => {
      const input = base();
      input.bands = [];
      expect(issuesOf(input)).toEqual([{ path: "bands", message: "at least one band is required" }]);
    });

    it("requires the lowest band to start at 0", () => {
      const input = base();
      input.bands = [
        { label: "A", min: 80 },
        { label: "B", min: 50 },
      ];
      expect(issuesOf(input)).toEqual([{ path: "bands.1.min", message: "the lowest band must start at 0 so that every score has a band" }]);
    });

    it("requires strictly descending mins and unique labels", () => {
      const input = base();
      input.bands = [
        { label: "A", min: 60 },
        { label: "B", min: 60 },
        { label: "a", min: 0 },
      ];
      expect(issuesOf(input)).toEqual([
        { path: "bands.1.min", message: "bands must be listed highest first with strictly decreasing min (60 is not below 60)" },
        { path: "bands.2.label", message: `duplicate band label "a" (also bands.0)` },
      ]);
    });

    it("keeps mins within 0..100", () => {
      const input = base();
      input.bands[0].min = 120;
      expect(issuesOf(input)).toEqual([{ path: "bands.0.min", message: "band min must be within 0–100" }]);
    });

    it("accepts a single band starting at 0", () => {
      const input = base();
      input.bands = [{ label: "All", min: 0 }];
      expect(parseModelDefinition(input).ok).toBe(true);
    });
  });

  it("rejects a roll-up whose lead score can never be positive", () => {
    const input = base();
    input.criteria.push({
      id: "r",
      label: "r",
      category: "engagement",
      kind: "contact_rollup",
      leadScore: { rules: [{ field: "buying_role", values: ["blocker"], points: -10 }] },
      rollup: { method: "max" },
    });
    expect(issuesOf(input)).toEqual([
      { path: `criteria.${input.criteria.length - 1}.leadScore`, message: "no lead-score rule can award positive points, so this roll-up would always be 0" },
    ]);
  });

  it("exports the structural schema for API documentation", () => {
    expect(ruleModelDefinitionSchema.safeParse(defaultIcpTemplate()).success).toBe(true);
    expect(ruleModelDefinitionSchema.safeParse({}).success).toBe(false);
  });
});

describe("attainable maxima", () => {
  it("counts positive caps/points only and ignores disabled criteria", () => {
    const def = defaultIcpTemplate();
    def.criteria = def.criteria.filter((c) => c.category === "relationship");
    expect(attainableMaxima(def).categories.relationship).toBe(40 + 30 + 10);
    def.criteria[0].enabled = false;
    expect(attainableMaxima(def).categories.relationship).toBe(30 + 10);
    expect(attainableMaxima(def).criteria["rel-open-opportunity"]).toBe(0);
  });

  it("bounds a lead score by the best single value per field, all title rules and the activity cap", () => {
    const c = rollup({
      leadScore: {
        rules: [
          { field: "buying_role", values: ["decision_maker"], points: 20 },
          { field: "buying_role", values: ["champion", "Decision_Maker"], points: 5 },
          { field: "buying_role", values: ["user"], points: 22 },
          { field: "seniority", values: ["vp"], points: -5 },
          { field: "title_contains", values: ["marketing"], points: 4 },
          { field: "title_contains", values: ["ops"], points: 3 },
          { field: "title_contains", values: ["intern"], points: -3 },
        ],
        activity: { pointsPerEvent: 2, cap: 10 },
      },
    });
    // decision_maker: 20 + 5 = 25 beats user (22); seniority can only lower; titles 4 + 3.
    expect(leadScoreMax(c)).toBe(25 + 0 + 7 + 10);
  });

  it("derives each roll-up method's maximum from the lead-score bound", () => {
    const rules = { rules: [{ field: "seniority" as const, values: ["vp"], points: 10 }] };
    expect(criterionMaxPoints(rollup({ leadScore: rules, rollup: { method: "max" } }))).toBe(10);
    expect(criterionMaxPoints(rollup({ leadScore: rules, rollup: { method: "average" } }))).toBe(10);
    expect(criterionMaxPoints(rollup({ leadScore: rules, rollup: { method: "top_n", n: 3 } }))).toBe(30);
    expect(criterionMaxPoints(rollup({ leadScore: rules, rollup: { method: "capped_sum", cap: 25 } }))).toBe(25);
    expect(
      criterionMaxPoints(rollup({ leadScore: rules, rollup: { method: "role_coverage", pointsPerRole: 10, cap: 50, roles: ["a", "b", "A"] } })),
    ).toBe(20);
    expect(criterionMaxPoints(rollup({ leadScore: rules, rollup: { method: "role_coverage", pointsPerRole: 10, cap: 50 } }))).toBe(50);
  });
});
