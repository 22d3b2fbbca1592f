import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_BANDS, SCORE_CATEGORIES } from "@/lib/vocabulary";
import { apportion, bandOf, compileModel, roundScore, scoreAccount, scoreAll, type AccountScore } from "./engine";
import { parseModelDefinition, type RuleModelDefinition } from "./model";
import { buildSnapshot, type AccountFacts } from "./snapshot-builder";
import { DAY, T0, makeModel } from "./test-fixtures";

const INDUSTRIES = ["Software", "Retail", "Government"];
const REGIONS = ["EMEA", "APAC"];
const STAGES = ["customer", "churned", "prospect"];
const TAGS = ["Salesforce", "Snowflake", "AWS", "HubSpot"];
const TYPES = ["demo_request", "web_visit", "trial_signup", "support_ticket"];
const TOPICS = ["lead scoring", "intent data", "crm migration"];
const ROLES = ["decision_maker", "champion", "user"];
const SENIORITIES = ["vp", "manager"];
const DEPARTMENTS = ["marketing", "it"];
const TITLES = ["VP Marketing", "Engineer", "Marketing Ops"];

// Times from 500 days before T to a few days after it (future data must be ignored).
const timeArb = fc.tuple(fc.integer({ min: -5, max: 500 }), fc.integer({ min: 0, max: DAY - 1 })).map(([d, ms]) => T0 - d * DAY + ms);

const contactArb = fc.record({
  buyingRole: fc.option(fc.constantFrom(...ROLES), { nil: undefined }),
  seniority: fc.option(fc.constantFrom(...SENIORITIES), { nil: undefined }),
  department: fc.option(fc.constantFrom(...DEPARTMENTS), { nil: undefined }),
  title: fc.option(fc.constantFrom(...TITLES), { nil: undefined }),
});

const accountArb: fc.Arbitrary<AccountFacts> = fc
  .record({
    attributes: fc.record({
      industry: fc.option(fc.constantFrom(...INDUSTRIES)),
      region: fc.option(fc.constantFrom(...REGIONS)),
      lifecycleStage: fc.option(fc.constantFrom(...STAGES)),
      employeeCount: fc.option(fc.integer({ min: 1, max: 20_000 })),
    }),
    tags: fc.subarray(TAGS),
    contacts: fc.array(contactArb, { maxLength: 4 }),
    activities: fc.array(fc.record({ type: fc.constantFrom(...TYPES), at: timeArb, who: fc.nat() }), { maxLength: 8 }),
    intents: fc.array(fc.record({ topic: fc.constantFrom(...TOPICS), strength: fc.integer({ min: 0, max: 100 }), at: timeArb }), {
      maxLength: 4,
    }),
    opportunities: fc.array(
      fc.record({ stage: fc.constantFrom("open" as const, "won" as const, "lost" as const), createdAt: timeArb, days: fc.integer({ min: 0, max: 200 }) }),
      { maxLength: 3 },
    ),
  })
  .map((a) => ({
    attributes: a.attributes,
    tags: a.tags,
    contacts: a.contacts,
    activities: a.activities.map(({ type, at, who }) => ({
      type,
      at,
      contactIndex: a.contacts.length > 0 && who % 3 !== 0 ? who % a.contacts.length : undefined,
    })),
    intents: a.intents,
    opportunities: a.opportunities.map(({ stage, createdAt, days }) => ({
      stage,
      createdAt,
      closedAt: stage === "open" ? undefined : createdAt + days * DAY,
    })),
  }));

const accountsArb = fc.array(accountArb, { minLength: 1, maxLength: 5 });

const pointsArb = fc.integer({ min: -30, max: 40 });
const capArb = fc.integer({ min: 1, max: 60 });
const daysArb = fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined });

const attributeArb = fc.oneof(
  fc.record({ attribute: fc.constant("industry"), op: fc.constant("equals"), value: fc.constantFrom(...INDUSTRIES) }),
  fc.record({ attribute: fc.constant("industry"), op: fc.constantFrom("in", "not_in"), values: fc.subarray(INDUSTRIES, { minLength: 1 }) }),
  fc
    .tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }))
    .map(([a, b]) => ({ attribute: "employeeCount", op: "range", min: Math.min(a, b), max: Math.max(a, b) })),
  fc.record({ attribute: fc.constant("employeeCount"), op: fc.constantFrom("at_least", "at_most"), value: fc.integer({ min: 0, max: 20_000 }) }),
  fc.record({ attribute: fc.constantFrom("industry", "region", "employeeCount"), op: fc.constant("is_present") }),
);

const criterionBodyArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.tuple(attributeArb, pointsArb).map(([a, points]) => ({ kind: "attribute", ...a, points })),
  fc.record({ kind: fc.constant("has_tag"), tags: fc.subarray(TAGS, { minLength: 1 }), mode: fc.constantFrom("any", "all"), points: pointsArb }),
  fc.record({
    kind: fc.constant("activity"),
    activityTypes: fc.subarray(TYPES, { minLength: 1 }),
    pointsPerEvent: pointsArb,
    cap: capArb,
    lookbackDays: daysArb,
    halfLifeDays: daysArb,
  }),
  fc.record({
    kind: fc.constant("intent"),
    topics: fc.subarray(TOPICS, { minLength: 1 }),
    minStrength: fc.integer({ min: 0, max: 100 }),
    points: pointsArb,
    cap: capArb,
    lookbackDays: daysArb,
    halfLifeDays: daysArb,
  }),
  fc.record({ kind: fc.constant("won_deals"), pointsPerDeal: pointsArb, cap: capArb, lookbackDays: daysArb }),
  fc.record({ kind: fc.constant("open_opportunity"), points: pointsArb }),
  fc.record({ kind: fc.constant("customer_status"), status: fc.constantFrom("customer", "churned"), points: pointsArb }),
  fc.record({
    kind: fc.constant("contact_rollup"),
    leadScore: fc.record({
      rules: fc.array(
        fc.oneof(
          fc.record({ field: fc.constant("buying_role"), values: fc.subarray(ROLES, { minLength: 1 }), points: pointsArb }),
          fc.record({ field: fc.constant("seniority"), values: fc.subarray(SENIORITIES, { minLength: 1 }), points: pointsArb }),
          fc.record({ field: fc.constant("department"), values: fc.subarray(DEPARTMENTS, { minLength: 1 }), points: pointsArb }),
          fc.record({ field: fc.constant("title_contains"), values: fc.constantFrom(["marketing"], ["ops", "vp"]), points: pointsArb }),
        ),
        { maxLength: 4 },
      ),
      activity: fc.option(
        fc.record({
          activityTypes: fc.option(fc.subarray(TYPES, { minLength: 1 }), { nil: undefined }),
          pointsPerEvent: pointsArb,
          cap: capArb,
          halfLifeDays: daysArb,
        }),
        { nil: undefined },
      ),
    }),
    lookbackDays: daysArb,
    minLeadScore: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    rollup: fc.oneof(
      fc.record({ method: fc.constant("capped_sum"), cap: capArb }),
      fc.record({ method: fc.constantFrom("max", "average") }),
      fc.record({ method: fc.constant("top_n"), n: fc.integer({ min: 1, max: 3 }) }),
      fc.record({
        method: fc.constant("role_coverage"),
        pointsPerRole: fc.integer({ min: 1, max: 20 }),
        cap: capArb,
        roles: fc.option(fc.subarray(ROLES, { minLength: 1 }), { nil: undefined }),
      }),
    ),
  }),
);

const modelArb: fc.Arbitrary<RuleModelDefinition> = fc
  .record({
    weights: fc.record({
      fit: fc.integer({ min: 0, max: 5 }),
      engagement: fc.integer({ min: 0, max: 5 }),
      intent: fc.integer({ min: 0, max: 5 }),
      relationship: fc.integer({ min: 0, max: 5 }),
    }),
    criteria: fc.array(
      fc.record({
        body: criterionBodyArb,
        category: fc.constantFrom(...SCORE_CATEGORIES),
        enabled: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    bands: fc.constantFrom(DEFAULT_BANDS, [
      { label: "Hot", min: 75 },
      { label: "Warm", min: 25.5 },
      { label: "Cold", min: 0 },
    ]),
  })
  .map(({ weights, criteria, bands }) =>
    parseModelDefinition({
      schemaVersion: 1,
      categories: {
        fit: { weight: weights.fit },
        engagement: { weight: weights.engagement },
        intent: { weight: weights.intent },
        relationship: { weight: weights.relationship },
      },
      criteria: criteria.map(({ body, category, enabled }, k) => ({ id: `c${k}`, label: `Criterion ${k}`, category, enabled, ...body })),
      bands,
    }),
  )
  .filter((r) => r.ok)
  .map((r) => (r.ok ? r.value : (undefined as never)));

function tenths(r: AccountScore): number {
  return r.contributions.reduce((sum, c) => sum + Math.round(c.points * 10), 0);
}

describe("scoring properties", () => {
  it("scores and sub-scores stay within 0..100 at display precision, with the band of the shown score", () => {
    fc.assert(
      fc.property(modelArb, accountsArb, (def, accounts) => {
        const snap = buildSnapshot(accounts);
        for (let i = 0; i < accounts.length; i++) {
          const r = scoreAccount(def, snap, i, T0);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100);
          expect(roundScore(r.score)).toBe(r.score);
          for (const c of SCORE_CATEGORIES) {
            expect(r.subScores[c]).toBeGreaterThanOrEqual(0);
            expect(r.subScores[c]).toBeLessThanOrEqual(100);
          }
          expect(r.bandIndex).toBe(bandOf(r.score, def.bands));
          expect(r.band).toBe(def.bands[r.bandIndex].label);
        }
      }),
    );
  });

  it("the explanation sums exactly to the displayed score", () => {
    fc.assert(
      fc.property(modelArb, accountsArb, (def, accounts) => {
        const snap = buildSnapshot(accounts);
        for (let i = 0; i < accounts.length; i++) {
          const r = scoreAccount(def, snap, i, T0);
          expect(tenths(r)).toBe(Math.round(r.score * 10));
          expect(roundScore(r.contributions.reduce((s, c) => s + c.points, 0))).toBe(r.score);
          for (const c of r.contributions) expect(roundScore(c.points)).toBe(c.points);
        }
      }),
    );
  });

  it("scoreAll equals scoreAccount for every account", () => {
    fc.assert(
      fc.property(modelArb, accountsArb, fc.integer({ min: -400, max: 30 }), (def, accounts, shift) => {
        const snap = buildSnapshot(accounts);
        const asOf = T0 + shift * DAY;
        const all = scoreAll(def, snap, asOf);
        for (let i = 0; i < accounts.length; i++) {
          const one = scoreAccount(def, snap, i, asOf);
          expect(all.scores[i]).toBe(Math.fround(one.score));
          expect(all.bands[i]).toBe(one.bandIndex);
          expect(all.fit[i]).toBe(Math.fround(one.subScores.fit));
          expect(all.engagement[i]).toBe(Math.fround(one.subScores.engagement));
          expect(all.intent[i]).toBe(Math.fround(one.subScores.intent));
          expect(all.relationship[i]).toBe(Math.fround(one.subScores.relationship));
        }
      }),
    );
  });

  it("the same inputs give the same output", () => {
    fc.assert(
      fc.property(modelArb, accountsArb, (def, accounts) => {
        const a = compileModel(def, buildSnapshot(accounts));
        const b = compileModel(structuredClone(def), buildSnapshot(structuredClone(accounts)));
        expect(b.scoreAll(T0)).toEqual(a.scoreAll(T0));
        for (let i = accounts.length - 1; i >= 0; i--) expect(b.scoreAccount(i, T0)).toEqual(a.scoreAccount(i, T0));
      }),
    );
  });

  it("data dated at or after T never changes a score as of T", () => {
    const futureArb = fc.record({
      days: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 4 }),
      type: fc.constantFrom(...TYPES),
      topic: fc.constantFrom(...TOPICS),
    });
    fc.assert(
      fc.property(modelArb, accountsArb, futureArb, (def, accounts, future) => {
        const before = buildSnapshot(accounts);
        const withFuture = buildSnapshot(
          accounts.map((a) => ({
            ...a,
            activities: [
              ...(a.activities ?? []),
              ...future.days.map((d, k) => ({
                type: future.type,
                at: T0 + d * DAY,
                contactIndex: a.contacts && a.contacts.length > 0 ? k % a.contacts.length : undefined,
              })),
            ],
            intents: [...(a.intents ?? []), ...future.days.map((d) => ({ topic: future.topic, strength: 100, at: T0 + d * DAY }))],
            opportunities: [
              ...(a.opportunities ?? []),
              ...future.days.map((d) => ({ stage: "won" as const, createdAt: T0 + d * DAY, closedAt: T0 + (d + 1) * DAY })),
            ],
          })),
        );
        for (let i = 0; i < accounts.length; i++) expect(scoreAccount(def, withFuture, i, T0)).toEqual(scoreAccount(def, before, i, T0));
      }),
    );
  });

  it("adding a matching criterion with positive points never lowers the score", () => {
    fc.assert(
      fc.property(
        modelArb,
        accountsArb,
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom(...SCORE_CATEGORIES),
        (def, accounts, points, category) => {
          const facts = accounts.map((a) => ({ ...a, attributes: { ...a.attributes, industry: a.attributes?.industry ?? "Software" } }));
          const snap = buildSnapshot(facts);
          const extended = parseModelDefinition({
            ...def,
            criteria: [
              ...def.criteria,
              { id: "added", label: "Added", category, kind: "attribute", attribute: "industry", op: "is_present", points },
            ],
          });
          expect(extended.ok).toBe(true);
          if (!extended.ok) return;
          const before = scoreAll(def, snap, T0);
          const after = scoreAll(extended.value, snap, T0);
          for (let i = 0; i < facts.length; i++) expect(after.scores[i]).toBeGreaterThanOrEqual(before.scores[i]);
        },
      ),
    );
  });

  it("decay is monotone: an older event never earns more", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 365 }),
        fc.tuple(fc.integer({ min: 1, max: 400 * DAY }), fc.integer({ min: 1, max: 400 * DAY })),
        (pointsPerEvent, cap, halfLifeDays, [x, y]) => {
          const [young, old] = x <= y ? [x, y] : [y, x];
          const activity = makeModel([
            { kind: "activity", activityTypes: ["demo_request"], pointsPerEvent, cap, halfLifeDays },
          ]);
          const intent = makeModel([{ kind: "intent", topics: ["lead scoring"], points: pointsPerEvent, cap, halfLifeDays }]);
          const snap = buildSnapshot([
            { activities: [{ type: "demo_request", at: T0 - young }], intents: [{ topic: "lead scoring", strength: 70, at: T0 - young }] },
            { activities: [{ type: "demo_request", at: T0 - old }], intents: [{ topic: "lead scoring", strength: 70, at: T0 - old }] },
          ]);
          for (const def of [activity, intent]) {
            const a = scoreAccount(def, snap, 0, T0).contributions[0].raw;
            const b = scoreAccount(def, snap, 1, T0).contributions[0].raw;
            expect(b).toBeLessThanOrEqual(a);
            expect(b).toBeGreaterThan(0);
            expect(a).toBeLessThanOrEqual(Math.min(cap, pointsPerEvent));
          }
        },
      ),
    );
  });

  it("apportion parts add up exactly and each stays within one display unit of its value", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { maxLength: 12 }), (values) => {
        const total = roundScore(values.reduce((s, v) => s + v, 0));
        const parts = apportion(values, total);
        expect(parts.reduce((s, p) => s + Math.round(p * 10), 0)).toBe(Math.round(total * 10));
        parts.forEach((p, k) => expect(Math.abs(p - values[k])).toBeLessThan(0.1 + 1e-9));
      }),
    );
  });
});
