import { describe, expect, it } from "vitest";
import { diffDefinitions, formatValue } from "./diff";
import { defaultIcpTemplate, type RuleModelDefinition } from "./model";

const edit = (f: (d: RuleModelDefinition) => void): RuleModelDefinition => {
  const d = defaultIcpTemplate();
  f(d);
  return d;
};

describe("diffDefinitions", () => {
  it("finds nothing between identical definitions", () => {
    expect(diffDefinitions(defaultIcpTemplate(), defaultIcpTemplate())).toEqual([]);
  });

  it("reports category weights", () => {
    const b = edit((d) => (d.categories.engagement.weight = 40));
    expect(diffDefinitions(defaultIcpTemplate(), b)).toEqual([
      { type: "category_weight", category: "engagement", before: 30, after: 40, message: "Engagement weight 30 → 40" },
    ]);
  });

  it("reports field-level criterion changes with before/after", () => {
    const b = edit((d) => {
      const demo = d.criteria.find((c) => c.id === "eng-demo-request");
      if (demo?.kind !== "activity") throw new Error("fixture");
      demo.pointsPerEvent = 25;
      delete demo.lookbackDays;
      demo.activityTypes = ["demo_request", "trial_signup"];
    });
    const [change] = diffDefinitions(defaultIcpTemplate(), b);
    expect(change).toMatchObject({ type: "criterion_changed", criterionId: "eng-demo-request", label: "Demo requests" });
    if (change.type !== "criterion_changed") return;
    expect(change.fields).toEqual([
      { field: "activityTypes", before: ["demo_request"], after: ["demo_request", "trial_signup"], beforeText: "demo_request", afterText: "demo_request, trial_signup" },
      { field: "pointsPerEvent", before: 20, after: 25, beforeText: "20", afterText: "25" },
      { field: "lookbackDays", before: 180, after: undefined, beforeText: "180", afterText: "(none)" },
    ]);
    expect(change.message).toBe(
      'Changed criterion "Demo requests": activityTypes demo_request → demo_request, trial_signup; pointsPerEvent 20 → 25; lookbackDays 180 → (none)',
    );
  });

  it("recurses into nested objects and lists of objects", () => {
    const b = edit((d) => {
      const r = d.criteria.find((c) => c.kind === "contact_rollup");
      if (r?.kind !== "contact_rollup" || r.rollup.method !== "role_coverage") throw new Error("fixture");
      r.rollup.cap = 30;
      r.leadScore.rules[1].points = 18;
    });
    const [change] = diffDefinitions(defaultIcpTemplate(), b);
    if (change.type !== "criterion_changed") throw new Error(change.type);
    expect(change.fields.map((f) => [f.field, f.before, f.after])).toEqual([
      ["leadScore.rules.1.points", 20, 18],
      ["rollup.cap", 20, 30],
    ]);
  });

  it("reports added, removed, disabled and reordered criteria", () => {
    const a = defaultIcpTemplate();
    const b = edit((d) => {
      d.criteria = d.criteria.filter((c) => c.id !== "fit-revenue");
      d.criteria.push({
        id: "fit-country",
        label: "Germany",
        category: "fit",
        enabled: true,
        kind: "attribute",
        attribute: "country",
        op: "equals",
        value: "Germany",
        points: 5,
      });
      d.criteria[0].enabled = false;
      [d.criteria[1], d.criteria[2]] = [d.criteria[2], d.criteria[1]];
    });
    const changes = diffDefinitions(a, b);
    expect(changes.map((c) => c.message)).toEqual([
      'Removed criterion "Revenue ≥ $20M"',
      'Disabled criterion "Target industry"',
      'Added criterion "Germany" (attribute, fit)',
      "Criteria reordered",
    ]);
    const reorder = changes.at(-1);
    if (reorder?.type !== "criteria_reordered") throw new Error("expected a reorder");
    expect(reorder.after.slice(0, 3)).toEqual(["fit-industry", "fit-region", "fit-company-size"]);
  });

  it("reports a label change next to the other fields", () => {
    const b = edit((d) => {
      d.criteria[0].label = "ICP industry";
    });
    expect(diffDefinitions(defaultIcpTemplate(), b)[0].message).toBe(
      'Changed criterion "Target industry" (now "ICP industry"): label Target industry → ICP industry',
    );
  });

  it("reports band changes by label", () => {
    const b = edit((d) => {
      d.bands = [
        { label: "A+", min: 90 },
        { label: "A", min: 75 },
        { label: "B", min: 60 },
        { label: "c", min: 0 },
      ];
    });
    expect(diffDefinitions(defaultIcpTemplate(), b).map((c) => c.message)).toEqual([
      "Removed band D (from 0)",
      "Added band A+ (from 90)",
      "Band A: from 80 → 75",
      "Band c: renamed C → c, from 40 → 0",
    ]);
  });
});

describe("formatValue", () => {
  it("renders lists, missing values and objects readably", () => {
    expect(formatValue(["a", 1])).toBe("a, 1");
    expect(formatValue([])).toBe("(empty)");
    expect(formatValue(undefined)).toBe("(none)");
    expect(formatValue({ method: "top_n", n: 3 })).toBe("{ method: top_n, n: 3 }");
  });
});
