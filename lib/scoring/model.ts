/**
 * The rule-based scoring model: a versioned, JSON-serialisable definition validated with zod.
 *
 * A definition is the immutable content of a model version. It names criteria that award points,
 * groups them in the four score categories (each with a weight), and defines the bands the whole UI
 * uses. `engine.ts` turns a definition plus a snapshot into 0–100 scores; this module only knows
 * about the definition itself (shape, validation, attainable maxima, the default ICP template).
 *
 * String matching against data (attribute values, tags, activity types, topics, contact roles…) is
 * case- and surrounding-whitespace-insensitive everywhere, because imported CRM data rarely agrees
 * with the template's capitalisation.
 */
import { z } from "zod";
import {
  ACTIVITY_TYPES,
  BUYING_ROLES,
  DEFAULT_BANDS,
  INTENT_TOPICS,
  SCORE_CATEGORIES,
  type ScoreCategory,
} from "@/lib/vocabulary";

/** Version of the definition format; bump with a migration when the shape changes incompatibly. */
export const MODEL_SCHEMA_VERSION = 1 as const;

const MAX_POINTS = 10_000;
const MAX_DAYS = 36_500;

const criterionIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
    "id must be 1–64 characters: letters, digits, '_', '-', '.', ':' and start with a letter or digit",
  );
const labelSchema = z.string().trim().min(1, "label is required").max(120, "label is at most 120 characters");
const pointsSchema = z
  .number({ error: "points must be a number" })
  .min(-MAX_POINTS, `points must be at least -${MAX_POINTS}`)
  .max(MAX_POINTS, `points must be at most ${MAX_POINTS}`);
const capSchema = z
  .number({ error: "cap must be a number" })
  .gt(0, "cap must be greater than 0")
  .max(MAX_POINTS, `cap must be at most ${MAX_POINTS}`);
const daysSchema = z
  .number({ error: "must be a number of days" })
  .gt(0, "must be greater than 0 days")
  .max(MAX_DAYS, `must be at most ${MAX_DAYS} days`);
const nameSchema = z.string().trim().min(1, "must not be empty").max(200);
const nameListSchema = z.array(nameSchema).min(1, "list at least one value").max(500);
const scalarSchema = z.union([nameSchema, z.number()], { error: "must be a string or a number" });

const criterionBase = {
  /** Stable identifier: contributions, diffs and history refer to it across versions. */
  id: criterionIdSchema,
  label: labelSchema,
  category: z.enum(SCORE_CATEGORIES, { error: `category must be one of ${SCORE_CATEGORIES.join(", ")}` }),
  enabled: z.boolean().default(true),
  /** Optional free text for the model editor; never used in scoring. */
  description: z.string().max(1000).optional(),
};

const attributeBase = {
  ...criterionBase,
  kind: z.literal("attribute"),
  /** Name of a snapshot attribute (built-in like `industry`, or a custom attribute). */
  attribute: nameSchema,
  points: pointsSchema,
};

const attributeCriterionSchema = z.discriminatedUnion("op", [
  z.strictObject({ ...attributeBase, op: z.literal("equals"), value: scalarSchema }),
  z.strictObject({ ...attributeBase, op: z.literal("in"), values: z.array(scalarSchema).min(1, "list at least one value").max(500) }),
  z.strictObject({ ...attributeBase, op: z.literal("not_in"), values: z.array(scalarSchema).min(1, "list at least one value").max(500) }),
  z.strictObject({ ...attributeBase, op: z.literal("range"), min: z.number().optional(), max: z.number().optional() }),
  z.strictObject({ ...attributeBase, op: z.literal("at_least"), value: z.number({ error: "value must be a number" }) }),
  z.strictObject({ ...attributeBase, op: z.literal("at_most"), value: z.number({ error: "value must be a number" }) }),
  z.strictObject({ ...attributeBase, op: z.literal("is_present") }),
]);

const hasTagCriterionSchema = z.strictObject({
  ...criterionBase,
  kind: z.literal("has_tag"),
  tags: nameListSchema,
  /** `any`: at least one of the tags; `all`: every listed tag. */
  mode: z.enum(["any", "all"]).default("any"),
  points: pointsSchema,
});

const activityCriterionSchema = z.strictObject({
  ...criterionBase,
  kind: z.literal("activity"),
  activityTypes: nameListSchema,
  /** Points per event before decay; negative for discouraging signals (e.g. support tickets). */
  pointsPerEvent: pointsSchema,
  /** Largest magnitude of the criterion's points, after decay. */
  cap: capSchema,
  /** Events older than this many days (as of the scoring date) are ignored. */
  lookbackDays: daysSchema.optional(),
  /** An event's points halve every this many days; omitted = no decay. */
  halfLifeDays: daysSchema.optional(),
});

const intentCriterionSchema = z.strictObject({
  ...criterionBase,
  kind: z.literal("intent"),
  topics: nameListSchema,
  /** Signals weaker than this (0–100) are ignored. */
  minStrength: z.number().min(0, "minStrength must be within 0–100").max(100, "minStrength must be within 0–100").default(0),
  /** Points per signal at strength 100; a signal earns points × strength / 100 before decay. */
  points: pointsSchema,
  cap: capSchema,
  lookbackDays: daysSchema.optional(),
  halfLifeDays: daysSchema.optional(),
});

const wonDealsCriterionSchema = z.strictObject({
  ...criterionBase,
  kind: z.literal("won_deals"),
  /** Points per opportunity won (closed) before the scoring date. */
  pointsPerDeal: pointsSchema,
  cap: capSchema,
  /** Only deals closed within this many days count; omitted = all history. */
  lookbackDays: daysSchema.optional(),
});

const openOpportunityCriterionSchema = z.strictObject({
  ...criterionBase,
  kind: z.literal("open_opportunity"),
  /** Awarded once when at least one opportunity is open at the scoring date. */
  points: pointsSchema,
});

const customerStatusCriterionSchema = z.strictObject({
  ...criterionBase,
  kind: z.literal("customer_status"),
  /**
   * Matches the account's lifecycle stage. The snapshot holds only the current stage (no history),
   * so in a backtest this signal is as of today, not as of the cutoff.
   */
  status: z.enum(["customer", "churned"]),
  points: pointsSchema,
});

const leadScoreRuleSchema = z.strictObject({
  /** `title_contains` matches when the contact's title contains any listed text. */
  field: z.enum(["buying_role", "seniority", "department", "title_contains"]),
  values: nameListSchema,
  points: pointsSchema,
});

const contactActivitySchema = z.strictObject({
  /** Activity types that earn lead-score points; omitted = every type. */
  activityTypes: nameListSchema.optional(),
  pointsPerEvent: pointsSchema,
  /** Largest magnitude of a contact's activity points. */
  cap: capSchema,
  halfLifeDays: daysSchema.optional(),
});

const rollupSchema = z.discriminatedUnion("method", [
  z.strictObject({ method: z.literal("capped_sum"), cap: capSchema }),
  z.strictObject({ method: z.literal("max") }),
  z.strictObject({ method: z.literal("average") }),
  z.strictObject({
    method: z.literal("top_n"),
    n: z.number().int("n must be a whole number").min(1, "n must be at least 1").max(50, "n must be at most 50"),
  }),
  z.strictObject({
    method: z.literal("role_coverage"),
    pointsPerRole: z.number().gt(0, "pointsPerRole must be greater than 0").max(MAX_POINTS),
    cap: capSchema,
    /** Buying roles that count; omitted = any known role. */
    roles: nameListSchema.optional(),
  }),
]);

const contactRollupCriterionSchema = z.strictObject({
  ...criterionBase,
  kind: z.literal("contact_rollup"),
  leadScore: z.strictObject({
    rules: z.array(leadScoreRuleSchema).max(100).default([]),
    activity: contactActivitySchema.optional(),
  }),
  /**
   * Window for "engaged" (a contact with an activity in the window) and for the contacts'
   * activity points; omitted = all history before the scoring date.
   */
  lookbackDays: daysSchema.optional(),
  /** A contact whose lead score reaches this also counts as engaged. */
  minLeadScore: z.number().min(0, "minLeadScore must be at least 0").optional(),
  rollup: rollupSchema,
});

/** One criterion of a rule model (discriminated by `kind`, attribute criteria further by `op`). */
export const criterionSchema = z.discriminatedUnion("kind", [
  attributeCriterionSchema,
  hasTagCriterionSchema,
  activityCriterionSchema,
  intentCriterionSchema,
  wonDealsCriterionSchema,
  openOpportunityCriterionSchema,
  customerStatusCriterionSchema,
  contactRollupCriterionSchema,
]);

const weightSchema = z
  .number({ error: "weight must be a number" })
  .min(0, "weight must be at least 0")
  .max(1000, "weight must be at most 1000");
const categorySettingsSchema = z.strictObject({ weight: weightSchema });

/** A score band: accounts with score ≥ min (and below the next band's min) get this label. */
export const bandSchema = z.strictObject({
  label: z.string().trim().min(1, "band label is required").max(32, "band label is at most 32 characters"),
  min: z.number().min(0, "band min must be within 0–100").max(100, "band min must be within 0–100"),
});

/**
 * Structural schema of a rule-model definition. Cross-field rules (unique ids, band order, weights
 * that can normalise, …) are checked by `parseModelDefinition`, which callers should prefer.
 */
export const ruleModelDefinitionSchema = z.strictObject({
  schemaVersion: z.literal(MODEL_SCHEMA_VERSION, { error: `schemaVersion must be ${MODEL_SCHEMA_VERSION}` }),
  categories: z.strictObject({
    fit: categorySettingsSchema,
    engagement: categorySettingsSchema,
    intent: categorySettingsSchema,
    relationship: categorySettingsSchema,
  }),
  criteria: z.array(criterionSchema).max(500, "at most 500 criteria"),
  /** Highest first; the last band must start at 0. */
  bands: z.array(bandSchema).min(1, "at least one band is required").max(20, "at most 20 bands"),
});

/** A validated rule-model definition (defaults applied). */
export type RuleModelDefinition = z.output<typeof ruleModelDefinitionSchema>;
/** What a caller may submit (defaults such as `enabled` may be omitted). */
export type RuleModelDefinitionInput = z.input<typeof ruleModelDefinitionSchema>;
/** Any criterion (validated, defaults applied). */
export type Criterion = z.output<typeof criterionSchema>;
/** The criterion kinds, e.g. for a "new criterion" picker. */
export type CriterionKind = Criterion["kind"];
/** Account attribute test: equals / in / not_in / range / at_least / at_most / is_present. */
export type AttributeCriterion = Extract<Criterion, { kind: "attribute" }>;
export type AttributeOp = AttributeCriterion["op"];
/** Technology tags: any or all of a list. */
export type HasTagCriterion = Extract<Criterion, { kind: "has_tag" }>;
/** Points per engagement event, capped, with optional lookback and decay. */
export type ActivityCriterion = Extract<Criterion, { kind: "activity" }>;
/** Points per intent signal scaled by strength, capped, with optional lookback and decay. */
export type IntentCriterion = Extract<Criterion, { kind: "intent" }>;
/** Points per deal won before the scoring date, capped. */
export type WonDealsCriterion = Extract<Criterion, { kind: "won_deals" }>;
/** Points when an opportunity is open at the scoring date. */
export type OpenOpportunityCriterion = Extract<Criterion, { kind: "open_opportunity" }>;
/** Points for lifecycle stage customer or churned. */
export type CustomerStatusCriterion = Extract<Criterion, { kind: "customer_status" }>;
/** Contact lead scores rolled up into the account. */
export type ContactRollupCriterion = Extract<Criterion, { kind: "contact_rollup" }>;
export type LeadScoreRule = ContactRollupCriterion["leadScore"]["rules"][number];
export type RollupMethod = ContactRollupCriterion["rollup"]["method"];
export type Band = z.output<typeof bandSchema>;

/** A validation problem: `path` is dot-separated (`criteria.3.points`, `categories.fit.weight`, "" for the root). */
export interface ModelIssue {
  path: string;
  message: string;
}

/** Result of `parseModelDefinition`. */
export type ParseModelResult = { ok: true; value: RuleModelDefinition } | { ok: false; issues: ModelIssue[] };

/** Options of `parseModelDefinition`. */
export interface ParseModelOptions {
  /** When given, attribute criteria must name one of these attributes (e.g. the snapshot's attribute names). */
  knownAttributes?: readonly string[];
}

/** Normal form of every string matched against data: case- and edge-whitespace-insensitive. */
export function normalizeKey(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * Validate an untrusted definition (JSON from the editor, the API or the database).
 * Returns the definition with defaults applied, or every issue found with a field-level path.
 * Structural issues are reported first; cross-field rules run only once the shape is valid.
 */
export function parseModelDefinition(input: unknown, opts: ParseModelOptions = {}): ParseModelResult {
  const parsed = ruleModelDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
    };
  }
  const issues = semanticIssues(parsed.data, opts);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: parsed.data };
}

function semanticIssues(def: RuleModelDefinition, opts: ParseModelOptions): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const push = (path: string, message: string) => issues.push({ path, message });

  const totalWeight = SCORE_CATEGORIES.reduce((sum, c) => sum + def.categories[c].weight, 0);
  if (!(totalWeight > 0)) {
    push("categories", "at least one category weight must be greater than 0, otherwise scores cannot be normalised");
  }

  const known = opts.knownAttributes ? new Set(opts.knownAttributes) : null;
  const seenIds = new Map<string, number>();
  def.criteria.forEach((c, idx) => {
    const at = (field: string) => `criteria.${idx}.${field}`;
    const first = seenIds.get(c.id);
    if (first !== undefined) push(at("id"), `duplicate id "${c.id}" (also used by criteria.${first})`);
    else seenIds.set(c.id, idx);

    if (c.kind === "attribute") {
      if (known && !known.has(c.attribute)) {
        push(at("attribute"), `unknown attribute "${c.attribute}"; known attributes: ${[...known].join(", ")}`);
      }
      if (c.op === "range") {
        if (c.min === undefined && c.max === undefined) push(at("min"), "a range needs a min, a max or both");
        else if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
          push(at("max"), `max (${c.max}) must be greater than or equal to min (${c.min})`);
        }
      }
    }
    if (c.kind === "contact_rollup") {
      if (c.rollup.method !== "role_coverage" && leadScoreMax(c) <= 0) {
        push(at("leadScore"), "no lead-score rule can award positive points, so this roll-up would always be 0");
      }
    }
  });

  // A category without attainable points is left out of the total, which would silently disable
  // any negative criterion placed in it; say so instead of letting the model mislead its author.
  const maxima = attainableMaxima(def);
  let normalisable = false;
  for (const cat of SCORE_CATEGORIES) {
    if (def.categories[cat].weight > 0 && maxima.categories[cat] > 0) normalisable = true;
  }
  if (totalWeight > 0 && !normalisable) {
    push(
      "criteria",
      "no enabled criterion can award positive points in a category with weight > 0, so every score would be 0",
    );
  }
  def.criteria.forEach((c, idx) => {
    if (!c.enabled) return;
    const cat = c.category;
    if (def.categories[cat].weight > 0 && maxima.categories[cat] === 0 && criterionHasNegativePoints(c)) {
      push(
        `criteria.${idx}.category`,
        `category ${cat} has no criterion that can award positive points, so this criterion's negative points would have no effect`,
      );
    }
  });

  const labels = new Map<string, number>();
  def.bands.forEach((band, idx) => {
    const key = normalizeKey(band.label);
    const prev = labels.get(key);
    if (prev !== undefined) push(`bands.${idx}.label`, `duplicate band label "${band.label}" (also bands.${prev})`);
    else labels.set(key, idx);
    if (idx > 0 && !(band.min < def.bands[idx - 1].min)) {
      push(
        `bands.${idx}.min`,
        `bands must be listed highest first with strictly decreasing min (${band.min} is not below ${def.bands[idx - 1].min})`,
      );
    }
  });
  const last = def.bands[def.bands.length - 1];
  if (last.min !== 0) push(`bands.${def.bands.length - 1}.min`, "the lowest band must start at 0 so that every score has a band");
  return issues;
}

function criterionHasNegativePoints(c: Criterion): boolean {
  switch (c.kind) {
    case "attribute":
    case "has_tag":
    case "open_opportunity":
    case "customer_status":
    case "intent":
      return c.points < 0;
    case "activity":
      return c.pointsPerEvent < 0;
    case "won_deals":
      return c.pointsPerDeal < 0;
    case "contact_rollup":
      return false;
  }
}

/**
 * The highest lead score a contact can reach under a roll-up criterion's rules. A contact has one
 * buying role, seniority and department, so rules on the same field cannot all match at once: the
 * bound takes, per field, the best single value; title rules can all match together.
 */
export function leadScoreMax(c: ContactRollupCriterion): number {
  let max = 0;
  for (const field of ["buying_role", "seniority", "department"] as const) {
    const byValue = new Map<string, number>();
    for (const rule of c.leadScore.rules) {
      if (rule.field !== field) continue;
      for (const v of new Set(rule.values.map(normalizeKey))) byValue.set(v, (byValue.get(v) ?? 0) + rule.points);
    }
    let best = 0;
    for (const total of byValue.values()) best = Math.max(best, total);
    max += best;
  }
  for (const rule of c.leadScore.rules) if (rule.field === "title_contains") max += Math.max(0, rule.points);
  const act = c.leadScore.activity;
  if (act && act.pointsPerEvent > 0) max += act.cap;
  return max;
}

/**
 * Points a criterion can award at most. Fixed by the model (never by an account), so that the
 * same raw points always mean the same sub-score.
 */
export function criterionMaxPoints(c: Criterion): number {
  switch (c.kind) {
    case "attribute":
    case "has_tag":
    case "open_opportunity":
    case "customer_status":
      return Math.max(0, c.points);
    case "activity":
      return c.pointsPerEvent > 0 ? c.cap : 0;
    case "intent":
      return c.points > 0 ? c.cap : 0;
    case "won_deals":
      return c.pointsPerDeal > 0 ? c.cap : 0;
    case "contact_rollup": {
      const r = c.rollup;
      const lead = leadScoreMax(c);
      switch (r.method) {
        case "capped_sum":
          return lead > 0 ? r.cap : 0;
        case "max":
        case "average":
          return lead;
        case "top_n":
          return r.n * lead;
        case "role_coverage":
          return r.roles ? Math.min(r.cap, r.pointsPerRole * new Set(r.roles.map(normalizeKey)).size) : r.cap;
      }
    }
  }
}

/** Attainable maxima of the enabled criteria, per criterion id and per category. */
export interface AttainableMaxima {
  criteria: Record<string, number>;
  categories: Record<ScoreCategory, number>;
}

/** Compute the attainable maximum of every enabled criterion and category (disabled criteria count 0). */
export function attainableMaxima(def: RuleModelDefinition): AttainableMaxima {
  const criteria: Record<string, number> = {};
  const categories: Record<ScoreCategory, number> = { fit: 0, engagement: 0, intent: 0, relationship: 0 };
  for (const c of def.criteria) {
    const max = c.enabled ? criterionMaxPoints(c) : 0;
    criteria[c.id] = max;
    categories[c.category] += max;
  }
  return { criteria, categories };
}

/**
 * A sensible B2B ICP starting model built from the shared vocabulary: software and financial
 * services companies of 200–5,000 employees in North America or EMEA on a modern data stack,
 * engagement from high-intent actions with decay, third-party intent on our topics, buying-committee
 * coverage, and pipeline history (churned accounts are pushed down).
 */
export function defaultIcpTemplate(): RuleModelDefinition {
  const has = <T extends string>(list: readonly T[], ...values: T[]): T[] => {
    for (const v of values) if (!list.includes(v)) throw new Error(`vocabulary lacks "${v}"`);
    return values;
  };
  const def: RuleModelDefinition = {
    schemaVersion: MODEL_SCHEMA_VERSION,
    categories: {
      fit: { weight: 40 },
      engagement: { weight: 30 },
      intent: { weight: 15 },
      relationship: { weight: 15 },
    },
    criteria: [
      {
        id: "fit-industry",
        label: "Target industry",
        category: "fit",
        enabled: true,
        kind: "attribute",
        attribute: "industry",
        op: "in",
        values: ["Software", "Financial Services"],
        points: 25,
      },
      {
        id: "fit-company-size",
        label: "200–5,000 employees",
        category: "fit",
        enabled: true,
        kind: "attribute",
        attribute: "employeeCount",
        op: "range",
        min: 200,
        max: 5000,
        points: 20,
      },
      {
        id: "fit-revenue",
        label: "Revenue ≥ $20M",
        category: "fit",
        enabled: true,
        kind: "attribute",
        attribute: "annualRevenue",
        op: "at_least",
        value: 20_000_000,
        points: 10,
      },
      {
        id: "fit-region",
        label: "North America or EMEA",
        category: "fit",
        enabled: true,
        kind: "attribute",
        attribute: "region",
        op: "in",
        values: ["North America", "EMEA"],
        points: 15,
      },
      {
        id: "fit-tech-stack",
        label: "Uses Salesforce or Snowflake",
        category: "fit",
        enabled: true,
        kind: "has_tag",
        tags: ["Salesforce", "Snowflake"],
        mode: "any",
        points: 15,
      },
      {
        id: "fit-public-sector",
        label: "Public sector (long cycles)",
        category: "fit",
        enabled: true,
        kind: "attribute",
        attribute: "industry",
        op: "equals",
        value: "Government",
        points: -15,
      },
      {
        id: "eng-demo-request",
        label: "Demo requests",
        category: "engagement",
        enabled: true,
        kind: "activity",
        activityTypes: has(ACTIVITY_TYPES, "demo_request"),
        pointsPerEvent: 20,
        cap: 30,
        lookbackDays: 180,
        halfLifeDays: 30,
      },
      {
        id: "eng-trial-signup",
        label: "Trial signups",
        category: "engagement",
        enabled: true,
        kind: "activity",
        activityTypes: has(ACTIVITY_TYPES, "trial_signup"),
        pointsPerEvent: 20,
        cap: 25,
        lookbackDays: 180,
        halfLifeDays: 30,
      },
      {
        id: "eng-pricing-page",
        label: "Pricing page visits",
        category: "engagement",
        enabled: true,
        kind: "activity",
        activityTypes: has(ACTIVITY_TYPES, "pricing_page_visit"),
        pointsPerEvent: 4,
        cap: 15,
        lookbackDays: 90,
        halfLifeDays: 14,
      },
      {
        id: "eng-content",
        label: "Content and webinars",
        category: "engagement",
        enabled: true,
        kind: "activity",
        activityTypes: has(ACTIVITY_TYPES, "content_download", "webinar_attended", "event_attended", "email_click"),
        pointsPerEvent: 2,
        cap: 10,
        lookbackDays: 90,
        halfLifeDays: 21,
      },
      {
        id: "eng-buying-committee",
        label: "Decision-maker coverage",
        category: "engagement",
        enabled: true,
        kind: "contact_rollup",
        leadScore: {
          rules: [
            { field: "buying_role", values: has(BUYING_ROLES, "decision_maker", "economic_buyer"), points: 25 },
            { field: "buying_role", values: has(BUYING_ROLES, "champion"), points: 20 },
            { field: "seniority", values: ["c_level", "vp"], points: 15 },
            { field: "seniority", values: ["director"], points: 10 },
            { field: "department", values: ["marketing", "sales"], points: 5 },
          ],
          activity: { pointsPerEvent: 5, cap: 30, halfLifeDays: 30 },
        },
        lookbackDays: 90,
        minLeadScore: 60,
        rollup: {
          method: "role_coverage",
          pointsPerRole: 10,
          cap: 20,
          roles: has(BUYING_ROLES, "decision_maker", "economic_buyer", "champion"),
        },
      },
      {
        id: "intent-core-topics",
        label: "Intent: ABM and lead scoring",
        category: "intent",
        enabled: true,
        kind: "intent",
        topics: has(INTENT_TOPICS, "account-based marketing", "lead scoring"),
        minStrength: 50,
        points: 25,
        cap: 40,
        lookbackDays: 60,
        halfLifeDays: 14,
      },
      {
        id: "intent-adjacent-topics",
        label: "Intent: adjacent topics",
        category: "intent",
        enabled: true,
        kind: "intent",
        topics: has(INTENT_TOPICS, "sales intelligence", "intent data", "revenue operations", "predictive analytics"),
        minStrength: 60,
        points: 10,
        cap: 20,
        lookbackDays: 60,
        halfLifeDays: 14,
      },
      {
        id: "rel-open-opportunity",
        label: "Open opportunity",
        category: "relationship",
        enabled: true,
        kind: "open_opportunity",
        points: 40,
      },
      {
        id: "rel-won-deals",
        label: "Past won deals",
        category: "relationship",
        enabled: true,
        kind: "won_deals",
        pointsPerDeal: 15,
        cap: 30,
      },
      {
        id: "rel-customer",
        label: "Existing customer",
        category: "relationship",
        enabled: true,
        kind: "customer_status",
        status: "customer",
        points: 10,
      },
      {
        id: "rel-churned",
        label: "Churned customer",
        category: "relationship",
        enabled: true,
        kind: "customer_status",
        status: "churned",
        points: -40,
      },
    ],
    bands: DEFAULT_BANDS.map((b) => ({ ...b })),
  };
  return def;
}
