import { describe, expect, it } from "vitest";
import { stageAsOf } from "@/lib/snapshot";
import { DEFAULT_BANDS } from "@/lib/vocabulary";
import {
  apportion,
  bandOf,
  compileModel,
  contactLeadScores,
  roundScore,
  scoreAccount,
  scoreAll,
  type AccountScore,
} from "./engine";
import { defaultIcpTemplate, type RuleModelDefinition } from "./model";
import { buildSnapshot, type AccountFacts } from "./snapshot-builder";
import { DAY, T0, daysAgo, makeModel, type CriterionSketch } from "./test-fixtures";

/** Raw points of criterion `c0` for every account, scored as of `asOf`. */
function rawPerAccount(criterion: CriterionSketch, accounts: AccountFacts[], asOf = T0): number[] {
  const def = makeModel([criterion]);
  const snap = buildSnapshot(accounts);
  return accounts.map((_, i) => scoreAccount(def, snap, i, asOf).contributions[0].raw);
}

function line(result: AccountScore, id: string) {
  const c = result.contributions.find((x) => x.criterionId === id);
  if (!c) throw new Error(`no contribution ${id}`);
  return c;
}

function tenths(result: AccountScore): number {
  return result.contributions.reduce((sum, c) => sum + Math.round(c.points * 10), 0);
}

describe("attribute criteria", () => {
  const accounts: AccountFacts[] = [
    { attributes: { industry: " software ", employeeCount: 200, tier: "3", nps: 7 } },
    { attributes: { industry: "Retail", employeeCount: 5001, tier: "gold", nps: 2 } },
    { attributes: { industry: "", employeeCount: null } },
  ];
  const attr = (attribute: string, op: string, extra: Record<string, unknown> = {}) =>
    rawPerAccount({ kind: "attribute", attribute, op, points: 10, ...extra }, accounts);

  it("equals / in / not_in compare case-insensitively; a missing value never matches", () => {
    expect(attr("industry", "equals", { value: "Software" })).toEqual([10, 0, 0]);
    expect(attr("industry", "in", { values: ["retail", "Healthcare"] })).toEqual([0, 10, 0]);
    expect(attr("industry", "not_in", { values: ["Retail"] })).toEqual([10, 0, 0]);
  });

  it("range bounds are inclusive and either may be omitted", () => {
    expect(attr("employeeCount", "range", { min: 200, max: 5000 })).toEqual([10, 0, 0]);
    expect(attr("employeeCount", "range", { max: 5001 })).toEqual([10, 10, 0]);
    expect(attr("employeeCount", "range", { min: 201 })).toEqual([0, 10, 0]);
    expect(attr("employeeCount", "at_least", { value: 5001 })).toEqual([0, 10, 0]);
    expect(attr("employeeCount", "at_most", { value: 200 })).toEqual([10, 0, 0]);
  });

  it("is_present is false for missing numbers and empty strings", () => {
    expect(attr("industry", "is_present")).toEqual([10, 10, 0]);
    expect(attr("employeeCount", "is_present")).toEqual([10, 10, 0]);
  });

  it("list ops on numeric columns compare numbers, accepting numeric strings", () => {
    expect(attr("employeeCount", "equals", { value: "200" })).toEqual([10, 0, 0]);
    expect(attr("employeeCount", "in", { values: [200, 5001] })).toEqual([10, 10, 0]);
    expect(attr("employeeCount", "not_in", { values: [200] })).toEqual([0, 10, 0]);
  });

  it("numeric ops on a categorical custom attribute parse its values; custom numbers work too", () => {
    expect(attr("tier", "at_least", { value: 2 })).toEqual([10, 0, 0]);
    expect(attr("tier", "equals", { value: 3 })).toEqual([10, 0, 0]);
    expect(attr("tier", "equals", { value: "GOLD" })).toEqual([0, 10, 0]);
    expect(attr("nps", "range", { min: 5, max: 10 })).toEqual([10, 0, 0]);
  });

  it("an attribute the snapshot does not have never matches", () => {
    expect(attr("headcount", "is_present")).toEqual([0, 0, 0]);
  });

  it("awards negative points and explains the value it saw", () => {
    const def = makeModel([
      { kind: "attribute", attribute: "industry", op: "equals", value: "Retail", points: -10 },
      { kind: "attribute", attribute: "employeeCount", op: "at_least", value: 1, points: 20 },
    ]);
    const snap = buildSnapshot(accounts);
    const r = scoreAccount(def, snap, 1, T0);
    expect(line(r, "c0")).toMatchObject({ raw: -10, matched: true, detail: "industry: Retail" });
    expect(line(r, "c1")).toMatchObject({ raw: 20, detail: "employeeCount: 5,001" });
    expect(r.score).toBe(50);
    expect(line(scoreAccount(def, snap, 2, T0), "c1").detail).toBe("employeeCount: missing (≥ 1 not met)");
  });
});

describe("has_tag", () => {
  const accounts: AccountFacts[] = [{ tags: ["salesforce", "AWS"] }, { tags: ["Snowflake", "Salesforce", "Snowflake"] }, {}];

  it("any: at least one listed tag (case-insensitive)", () => {
    expect(rawPerAccount({ kind: "has_tag", tags: ["Salesforce", "Snowflake"], points: 5 }, accounts)).toEqual([5, 5, 0]);
  });

  it("all: every listed tag; a repeated tag counts once", () => {
    expect(rawPerAccount({ kind: "has_tag", tags: ["Salesforce", "Snowflake"], mode: "all", points: 5 }, accounts)).toEqual([0, 5, 0]);
    expect(rawPerAccount({ kind: "has_tag", tags: ["Snowflake", "HubSpot"], mode: "all", points: 5 }, accounts)).toEqual([0, 0, 0]);
  });

  it("explains which tags it found", () => {
    const def = makeModel([{ kind: "has_tag", tags: ["Salesforce", "Snowflake"], points: 5 }]);
    const snap = buildSnapshot(accounts);
    expect(line(scoreAccount(def, snap, 0, T0), "c0").detail).toBe("uses salesforce");
    expect(line(scoreAccount(def, snap, 2, T0), "c0").detail).toBe("uses none of Salesforce, Snowflake");
  });
});

describe("activity criteria", () => {
  const demo = (age: number, type = "demo_request") => ({ type, at: daysAgo(age) });
  const crit = (extra: Record<string, unknown> = {}): CriterionSketch => ({
    kind: "activity",
    category: "engagement",
    activityTypes: ["demo_request"],
    pointsPerEvent: 10,
    cap: 25,
    ...extra,
  });

  it("awards points per event up to the cap and says so", () => {
    const def = makeModel([crit()]);
    const snap = buildSnapshot([{ activities: [demo(4), demo(10), demo(20), demo(1, "web_visit")] }]);
    const r = scoreAccount(def, snap, 0, T0);
    expect(line(r, "c0")).toMatchObject({ raw: 25, matched: true, detail: "3 demo requests, last 4 days ago, capped at 25" });
    expect(rawPerAccount(crit(), [{ activities: [demo(4)] }])).toEqual([10]);
  });

  it("decays with the half-life: an event one half-life old earns half", () => {
    const [fresh, half, two] = rawPerAccount(crit({ halfLifeDays: 10 }), [
      { activities: [{ type: "demo_request", at: T0 - 1 }] },
      { activities: [demo(10)] },
      { activities: [demo(20)] },
    ]);
    expect(fresh).toBeCloseTo(10, 6);
    expect(half).toBeCloseTo(5, 12);
    expect(two).toBeCloseTo(2.5, 12);
  });

  it("explains decayed points with the points before decay", () => {
    const def = makeModel([crit({ halfLifeDays: 10 })]);
    const snap = buildSnapshot([{ activities: [demo(10), demo(10)] }]);
    expect(line(scoreAccount(def, snap, 0, T0), "c0").detail).toBe("2 demo requests, last 10 days ago; 20 before decay");
  });

  it("lookback keeps events up to the window's edge and drops older ones", () => {
    expect(
      rawPerAccount(crit({ lookbackDays: 30 }), [
        { activities: [{ type: "demo_request", at: T0 - 30 * DAY }] },
        { activities: [{ type: "demo_request", at: T0 - 30 * DAY - 1 }] },
      ]),
    ).toEqual([10, 0]);
  });

  it("scores as of T with data strictly before T only", () => {
    const accounts: AccountFacts[] = [
      { activities: [{ type: "demo_request", at: T0 }] },
      { activities: [{ type: "demo_request", at: T0 - 1 }] },
      { activities: [{ type: "demo_request", at: T0 + 5 * DAY }] },
    ];
    expect(rawPerAccount(crit(), accounts)).toEqual([0, 10, 0]);
    expect(rawPerAccount(crit(), accounts, T0 + 6 * DAY)).toEqual([10, 10, 10]);
  });

  it("decay age is measured from the scoring date", () => {
    const accounts: AccountFacts[] = [{ activities: [demo(0)] }];
    const [later] = rawPerAccount(crit({ halfLifeDays: 7 }), accounts, T0 + 7 * DAY);
    expect(later).toBeCloseTo(5, 12);
  });

  it("matches several types case-insensitively", () => {
    const c = crit({ activityTypes: ["demo_request", "Trial_Signup"], cap: 100 });
    expect(rawPerAccount(c, [{ activities: [demo(1, "DEMO_REQUEST"), demo(2, "trial_signup"), demo(3, "web_visit")] }])).toEqual([20]);
    const def = makeModel([c]);
    const snap = buildSnapshot([{ activities: [demo(1), demo(2, "trial_signup"), demo(3, "trial_signup")] }]);
    expect(line(scoreAccount(def, snap, 0, T0), "c0").detail).toBe(
      "3 events (1 demo request, 2 trial signups), last 1 day ago",
    );
  });

  it("negative points per event are capped in magnitude", () => {
    const def = makeModel([
      crit({ activityTypes: ["support_ticket"], pointsPerEvent: -5, cap: 8 }),
      { kind: "attribute", category: "engagement", attribute: "industry", op: "is_present", points: 10 },
    ]);
    const snap = buildSnapshot([{ attributes: { industry: "Software" }, activities: [demo(1, "support_ticket"), demo(2, "support_ticket")] }]);
    const r = scoreAccount(def, snap, 0, T0);
    expect(line(r, "c0").raw).toBe(-8);
    expect(r.score).toBe(20);
  });

  it("explains the absence of events", () => {
    const def = makeModel([crit({ lookbackDays: 90 })]);
    const snap = buildSnapshot([{}]);
    expect(line(scoreAccount(def, snap, 0, T0), "c0")).toMatchObject({ matched: false, raw: 0, detail: "no demo requests in the last 90 days" });
  });
});

describe("intent criteria", () => {
  const crit = (extra: Record<string, unknown> = {}): CriterionSketch => ({
    kind: "intent",
    category: "intent",
    topics: ["lead scoring"],
    points: 20,
    cap: 100,
    ...extra,
  });
  const signal = (strength: number, age: number, topic = "lead scoring") => ({ topic, strength, at: daysAgo(age) });

  it("scales points by strength / 100 and sums signals", () => {
    expect(rawPerAccount(crit(), [{ intents: [signal(50, 1)] }, { intents: [signal(50, 1), signal(100, 2), signal(90, 1, "crm migration")] }])).toEqual([
      10, 30,
    ]);
  });

  it("ignores signals below the minimum strength", () => {
    expect(rawPerAccount(crit({ minStrength: 60 }), [{ intents: [signal(59, 1)] }, { intents: [signal(60, 1)] }])).toEqual([0, 12]);
  });

  it("decays, caps and looks back like activities", () => {
    const [decayed] = rawPerAccount(crit({ halfLifeDays: 14 }), [{ intents: [signal(100, 14)] }]);
    expect(decayed).toBeCloseTo(10, 12);
    expect(rawPerAccount(crit({ cap: 25 }), [{ intents: [signal(100, 1), signal(100, 2)] }])).toEqual([25]);
    expect(rawPerAccount(crit({ lookbackDays: 30 }), [{ intents: [signal(100, 31), signal(50, 29)] }])).toEqual([10]);
  });

  it("ignores signals dated at or after T", () => {
    expect(rawPerAccount(crit(), [{ intents: [{ topic: "lead scoring", strength: 100, at: T0 }, signal(100, -3)] }])).toEqual([0]);
  });

  it("explains topics, strength and recency", () => {
    const def = makeModel([crit({ topics: ["lead scoring", "intent data"] })]);
    const snap = buildSnapshot([{ intents: [signal(80, 3), signal(40, 9)] }]);
    expect(line(scoreAccount(def, snap, 0, T0), "c0").detail).toBe("2 signals on lead scoring (strongest 80), last 3 days ago");
  });
});

describe("relationship criteria", () => {
  const accounts: AccountFacts[] = [
    {
      attributes: { lifecycleStage: "Customer" },
      opportunities: [
        { stage: "won", createdAt: daysAgo(100), closedAt: daysAgo(50) },
        { stage: "won", createdAt: daysAgo(100), closedAt: daysAgo(-5) }, // closed after T: open at T
        { stage: "lost", createdAt: daysAgo(30), closedAt: daysAgo(10) },
        { stage: "open", createdAt: daysAgo(-1) }, // created after T: unknown at T
        { stage: "won", createdAt: daysAgo(500), closedAt: daysAgo(400) },
      ],
    },
    {
      attributes: { lifecycleStage: "churned" },
      opportunities: [
        { stage: "lost", createdAt: daysAgo(30), closedAt: daysAgo(10) },
        { stage: "open", createdAt: daysAgo(-1) },
      ],
    },
    {},
  ];

  it("agrees with stageAsOf on the fixture", () => {
    const snap = buildSnapshot(accounts);
    expect([0, 1, 2, 3, 4].map((k) => stageAsOf(snap, k, T0))).toEqual(["won", "open", "lost", "none", "won"]);
  });

  it("won_deals counts deals won before T, with lookback and cap", () => {
    const crit = { kind: "won_deals", category: "relationship", pointsPerDeal: 10, cap: 100 };
    expect(rawPerAccount(crit, accounts)).toEqual([20, 0, 0]);
    expect(rawPerAccount({ ...crit, lookbackDays: 365 }, accounts)).toEqual([10, 0, 0]);
    expect(rawPerAccount({ ...crit, cap: 15 }, accounts)).toEqual([15, 0, 0]);
    // Five days later the second deal has closed as won.
    expect(rawPerAccount(crit, accounts, T0 + 6 * DAY)).toEqual([30, 0, 0]);
  });

  it("open_opportunity matches an opportunity open at T", () => {
    const crit = { kind: "open_opportunity", category: "relationship", points: 30 };
    expect(rawPerAccount(crit, accounts)).toEqual([30, 0, 0]);
    expect(rawPerAccount(crit, accounts, T0 + 6 * DAY)).toEqual([30, 30, 0]);
    expect(rawPerAccount(crit, accounts, daysAgo(60))).toEqual([30, 0, 0]);
    expect(rawPerAccount(crit, accounts, daysAgo(101))).toEqual([0, 0, 0]);
  });

  it("customer_status reads the lifecycle stage", () => {
    expect(rawPerAccount({ kind: "customer_status", status: "customer", points: 10 }, accounts)).toEqual([10, 0, 0]);
    const churned = makeModel([
      { kind: "customer_status", status: "churned", points: -40 },
      { kind: "attribute", attribute: "lifecycleStage", op: "is_present", points: 40 },
    ]);
    const snap = buildSnapshot(accounts);
    const r = scoreAccount(churned, snap, 1, T0);
    expect(line(r, "c0")).toMatchObject({ raw: -40, detail: "lifecycle stage: churned" });
    expect(r.score).toBe(0);
  });

  it("explains deals", () => {
    const def = makeModel([
      { kind: "won_deals", pointsPerDeal: 10, cap: 100 },
      { kind: "open_opportunity", points: 30 },
    ]);
    const r = scoreAccount(def, buildSnapshot(accounts), 0, T0);
    expect(line(r, "c0").detail).toBe("2 won deals, last closed 50 days ago");
    expect(line(r, "c1").detail).toBe("1 open opportunity");
  });
});

describe("contact roll-up", () => {
  const account: AccountFacts = {
    contacts: [
      { buyingRole: "decision_maker", seniority: "vp", department: "marketing", title: "VP Marketing" },
      { buyingRole: "Champion", seniority: "manager", department: "it", title: "Marketing Ops Manager" },
      { buyingRole: "user", seniority: "individual_contributor", department: "engineering", title: "Engineer" },
      { buyingRole: "decision_maker", seniority: "director", department: "sales", title: "Head of Sales" },
    ],
    activities: [
      { type: "demo_request", at: daysAgo(5), contactIndex: 0 },
      { type: "web_visit", at: daysAgo(20), contactIndex: 1 },
      { type: "web_visit", at: daysAgo(21), contactIndex: 1 },
      { type: "web_visit", at: daysAgo(100), contactIndex: 2 },
      { type: "demo_request", at: daysAgo(1) },
      { type: "demo_request", at: daysAgo(-1), contactIndex: 3 },
    ],
  };
  const leadScore = {
    rules: [
      { field: "buying_role", values: ["decision_maker"], points: 20 },
      { field: "buying_role", values: ["champion"], points: 10 },
      { field: "seniority", values: ["vp"], points: 10 },
      { field: "title_contains", values: ["marketing", "growth"], points: 5 },
    ],
    activity: { pointsPerEvent: 4, cap: 6 },
  };
  const crit = (rollup: Record<string, unknown>, extra: Record<string, unknown> = {}): CriterionSketch => ({
    kind: "contact_rollup",
    category: "engagement",
    leadScore,
    lookbackDays: 30,
    rollup,
    ...extra,
  });
  const raw = (rollup: Record<string, unknown>, extra: Record<string, unknown> = {}) => rawPerAccount(crit(rollup, extra), [account])[0];

  it("computes lead scores from rules and capped contact activity; engaged = activity in the lookback", () => {
    const def = makeModel([crit({ method: "max" })]);
    const [only] = contactLeadScores(def, buildSnapshot([account]), 0, T0);
    expect(only.criterionId).toBe("c0");
    // c0: 20 + 10 + 5 + 4; c1: 10 + 5 + min(6, 8); c2: activity outside the window; c3: future activity ignored.
    expect(only.contacts).toEqual([
      { contact: 0, leadScore: 39, engaged: true },
      { contact: 1, leadScore: 21, engaged: true },
      { contact: 2, leadScore: 0, engaged: false },
      { contact: 3, leadScore: 20, engaged: false },
    ]);
  });

  it("rolls up engaged contacts by capped sum, max, average and top N", () => {
    expect(raw({ method: "capped_sum", cap: 50 })).toBe(50);
    expect(raw({ method: "capped_sum", cap: 100 })).toBe(60);
    expect(raw({ method: "max" })).toBe(39);
    expect(raw({ method: "average" })).toBe(30);
    expect(raw({ method: "top_n", n: 1 })).toBe(39);
    expect(raw({ method: "top_n", n: 5 })).toBe(60);
  });

  it("a contact reaching minLeadScore is engaged without recent activity", () => {
    expect(raw({ method: "capped_sum", cap: 100 }, { minLeadScore: 20 })).toBe(80);
    expect(raw({ method: "average" }, { minLeadScore: 20 })).toBeCloseTo(80 / 3, 12);
    expect(raw({ method: "top_n", n: 2 }, { minLeadScore: 20 })).toBe(60);
  });

  it("role coverage counts distinct buying roles among engaged contacts", () => {
    expect(raw({ method: "role_coverage", pointsPerRole: 10, cap: 100 })).toBe(20);
    expect(raw({ method: "role_coverage", pointsPerRole: 10, cap: 100 }, { minLeadScore: 20 })).toBe(20);
    expect(raw({ method: "role_coverage", pointsPerRole: 10, cap: 100, roles: ["champion", "economic_buyer"] })).toBe(10);
    expect(raw({ method: "role_coverage", pointsPerRole: 10, cap: 15 })).toBe(15);
    expect(raw({ method: "role_coverage", pointsPerRole: 10, cap: 100 }, { lookbackDays: 365 })).toBe(30);
  });

  it("decays contact activity points and filters their types", () => {
    const decayed = { ...leadScore, activity: { pointsPerEvent: 4, cap: 6, halfLifeDays: 5 } };
    expect(raw({ method: "max" }, { leadScore: decayed })).toBeCloseTo(35 + 2, 12);
    const demosOnly = { ...leadScore, activity: { pointsPerEvent: 4, cap: 6, activityTypes: ["demo_request"] } };
    expect(raw({ method: "capped_sum", cap: 100 }, { leadScore: demosOnly })).toBe(39 + 15);
  });

  it("explains engaged contacts and covered roles", () => {
    const def = makeModel([crit({ method: "top_n", n: 2 }), crit({ method: "role_coverage", pointsPerRole: 10, cap: 30 }, { id: "roles" })]);
    const r = scoreAccount(def, buildSnapshot([account, {}]), 0, T0);
    expect(line(r, "c0").detail).toBe("2 of 4 contacts engaged; lead scores 39, 21 (sum of top 2)");
    expect(line(r, "roles").detail).toBe("2 of 4 contacts engaged; 2 buying roles covered: decision maker, Champion");
    expect(line(scoreAccount(def, buildSnapshot([account, {}]), 1, T0), "c0").detail).toBe("no contacts");
  });
});

describe("normalisation and explanation", () => {
  const snap = buildSnapshot([
    { attributes: { industry: "Software", region: "EMEA" }, activities: [{ type: "demo_request", at: daysAgo(2) }] },
    { attributes: { industry: "Government" } },
  ]);

  it("a category's sub-score is its raw points over its attainable maximum", () => {
    const def = makeModel([
      { kind: "attribute", attribute: "industry", op: "equals", value: "Software", points: 30 },
      { kind: "attribute", attribute: "region", op: "equals", value: "APAC", points: 10 },
    ]);
    const r = scoreAccount(def, snap, 0, T0);
    expect(r.score).toBe(75);
    expect(r.subScores).toEqual({ fit: 75, engagement: 0, intent: 0, relationship: 0 });
    expect(r.contributions.map((c) => c.points)).toEqual([75, 0]);
  });

  it("weights combine the categories that can score", () => {
    const def = makeModel(
      [
        { kind: "attribute", attribute: "industry", op: "equals", value: "Software", points: 30 },
        { kind: "activity", category: "engagement", activityTypes: ["web_visit"], pointsPerEvent: 1, cap: 5 },
      ],
      { weights: { fit: 3, engagement: 1, intent: 7, relationship: 7 } },
    );
    const r = scoreAccount(def, snap, 0, T0);
    expect(r.score).toBe(75);
    expect(r.contributions.map((c) => [c.criterionId, c.points])).toEqual([
      ["c0", 75],
      ["c1", 0],
    ]);
  });

  it("a category with weight 0 does not count, and its lines say so", () => {
    const def = makeModel(
      [
        { kind: "attribute", attribute: "industry", op: "equals", value: "Government", points: 30 },
        { kind: "activity", category: "engagement", activityTypes: ["demo_request"], pointsPerEvent: 10, cap: 10 },
      ],
      { weights: { engagement: 0 } },
    );
    const r = scoreAccount(def, snap, 0, T0);
    expect(r.score).toBe(0);
    expect(r.subScores.engagement).toBe(100);
    expect(line(r, "c1")).toMatchObject({ points: 0, raw: 10 });
    expect(line(r, "c1").detail).toMatch(/\(not counted: engagement has weight 0\)$/);
  });

  it("a category below 0 is floored with an explicit adjustment so the lines still add up", () => {
    const def = makeModel(
      [
        { kind: "attribute", attribute: "industry", op: "equals", value: "Software", points: 10 },
        { kind: "attribute", attribute: "industry", op: "equals", value: "Government", points: -20 },
        { kind: "attribute", category: "intent", attribute: "industry", op: "is_present", points: 5 },
      ],
      { weights: { fit: 1, intent: 1 } },
    );
    const r = scoreAccount(def, snap, 1, T0);
    expect(r.score).toBe(50);
    expect(r.subScores.fit).toBe(0);
    expect(r.contributions.map((c) => [c.criterionId, c.points])).toEqual([
      ["c0", 0],
      ["c1", -100],
      ["c2", 50],
      ["@floor:fit", 100],
    ]);
    expect(line(r, "@floor:fit")).toMatchObject({ kind: "adjustment", label: "Fit floored at 0", raw: 20 });
  });

  it("rounded contributions add up exactly to the displayed score (largest remainder)", () => {
    const def = makeModel([
      { kind: "attribute", attribute: "industry", op: "is_present", points: 1 },
      { kind: "attribute", attribute: "industry", op: "is_present", points: 1 },
      { kind: "attribute", attribute: "industry", op: "is_present", points: 1 },
      { kind: "attribute", attribute: "region", op: "equals", value: "APAC", points: 3 },
    ]);
    const r = scoreAccount(def, snap, 0, T0);
    expect(r.score).toBe(50);
    expect(r.contributions.map((c) => c.points)).toEqual([16.7, 16.7, 16.6, 0]);
    expect(tenths(r)).toBe(500);
  });

  it("lists enabled criteria only, in definition order", () => {
    const def = makeModel([
      { kind: "attribute", attribute: "industry", op: "is_present", points: 1 },
      { kind: "attribute", attribute: "industry", op: "is_present", points: 1, enabled: false },
      { kind: "attribute", attribute: "region", op: "is_present", points: 1 },
    ]);
    expect(scoreAccount(def, snap, 0, T0).contributions.map((c) => c.criterionId)).toEqual(["c0", "c2"]);
  });

  it("the band is the band of the displayed score", () => {
    const def = makeModel([
      { kind: "attribute", attribute: "industry", op: "equals", value: "Software", points: 3 },
      { kind: "attribute", attribute: "region", op: "equals", value: "APAC", points: 1 },
    ]);
    const r = scoreAccount(def, snap, 0, T0);
    expect(r).toMatchObject({ score: 75, band: "B", bandIndex: 1 });
    expect(scoreAccount(def, snap, 1, T0)).toMatchObject({ score: 0, band: "D", bandIndex: 3 });
  });
});

describe("scoreAll", () => {
  const T = Date.UTC(2025, 5, 1);
  const accounts: AccountFacts[] = [
    {
      attributes: { industry: "Software", employeeCount: 1200, region: "EMEA", annualRevenue: 5e7, lifecycleStage: "sql" },
      tags: ["Salesforce", "AWS"],
      contacts: [{ buyingRole: "decision_maker", seniority: "vp", department: "marketing" }, { buyingRole: "champion", seniority: "manager" }],
      activities: [
        { type: "demo_request", at: T - 4 * DAY, contactIndex: 0 },
        { type: "pricing_page_visit", at: T - 2 * DAY, contactIndex: 1 },
        { type: "trial_signup", at: T + DAY },
      ],
      intents: [{ topic: "lead scoring", strength: 80, at: T - 3 * DAY }],
      opportunities: [{ stage: "open", createdAt: T - 10 * DAY }],
    },
    { attributes: { industry: "Government", lifecycleStage: "churned" } },
    { attributes: { industry: "Financial Services", region: "North America", employeeCount: 300 }, tags: ["Snowflake"] },
  ];

  it("equals scoreAccount for every account (score, band, sub-scores)", () => {
    const def = defaultIcpTemplate();
    const snap = buildSnapshot(accounts);
    const all = scoreAll(def, snap, T);
    accounts.forEach((_, i) => {
      const one = scoreAccount(def, snap, i, T);
      expect(all.scores[i]).toBe(Math.fround(one.score));
      expect(all.bands[i]).toBe(one.bandIndex);
      expect(all.fit[i]).toBe(Math.fround(one.subScores.fit));
      expect(all.engagement[i]).toBe(Math.fround(one.subScores.engagement));
      expect(all.intent[i]).toBe(Math.fround(one.subScores.intent));
      expect(all.relationship[i]).toBe(Math.fround(one.subScores.relationship));
    });
    expect(all.scores[0]).toBeGreaterThan(all.scores[2]);
    expect(all.scores[1]).toBe(0);
  });

  it("a compiled model can be reused, but only with its own snapshot", () => {
    const def = defaultIcpTemplate();
    const snap = buildSnapshot(accounts);
    const model = compileModel(def, snap);
    expect(scoreAll(model, snap, T)).toEqual(scoreAll(def, snap, T));
    expect(scoreAccount(model, snap, 0, T)).toEqual(scoreAccount(def, snap, 0, T));
    expect(() => scoreAll(model, buildSnapshot(accounts), T)).toThrow(/another snapshot/);
    expect(() => scoreAccount(model, snap, 3, T)).toThrow(RangeError);
  });

  it("handles an empty snapshot", () => {
    const r = scoreAll(defaultIcpTemplate(), buildSnapshot([]), T);
    expect(r.scores.length).toBe(0);
    expect(r.bands.length).toBe(0);
  });
});

describe("bandOf, roundScore, apportion", () => {
  it("bandOf uses inclusive lower bounds, highest band first", () => {
    expect([100, 80, 79.9, 60, 59.9, 40, 39.9, 0].map((s) => DEFAULT_BANDS[bandOf(s, DEFAULT_BANDS)].label)).toEqual([
      "A",
      "A",
      "B",
      "B",
      "C",
      "C",
      "D",
      "D",
    ]);
    const bands = [
      { label: "Hot", min: 90 },
      { label: "Rest", min: 0 },
    ];
    expect(bandOf(95, bands)).toBe(0);
    expect(bandOf(89.9, bands)).toBe(1);
  });

  it("roundScore keeps one decimal and never returns -0", () => {
    expect(roundScore(12.34)).toBe(12.3);
    expect(roundScore(12.36)).toBe(12.4);
    expect(Object.is(roundScore(-0.04), 0)).toBe(true);
  });

  it("apportion distributes the remainder to the largest fractions, ties to the first", () => {
    expect(apportion([10 / 3, 10 / 3, 10 / 3], 10)).toEqual([3.4, 3.3, 3.3]);
    expect(apportion([-1.25, 3.75], 2.5)).toEqual([-1.2, 3.7]);
    expect(apportion([0.04, 0.04, 0.04], 0.1)).toEqual([0.1, 0, 0]);
    expect(apportion([], 0)).toEqual([]);
  });
});

describe("determinism", () => {
  it("the same inputs give the same output, including after other accounts were scored", () => {
    const def: RuleModelDefinition = defaultIcpTemplate();
    const snap = buildSnapshot([
      { attributes: { industry: "Software" }, tags: ["Snowflake"], contacts: [{ buyingRole: "champion" }], activities: [{ type: "demo_request", at: daysAgo(3), contactIndex: 0 }] },
      { tags: ["Snowflake", "Salesforce"], contacts: [{ buyingRole: "champion" }, { buyingRole: "decision_maker" }] },
    ]);
    const model = compileModel(def, snap);
    const first = model.scoreAccount(0, T0);
    model.scoreAccount(1, T0);
    expect(model.scoreAccount(0, T0)).toEqual(first);
  });
});
