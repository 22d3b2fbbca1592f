/**
 * The REST API's payloads as zod schemas: request bodies (batch upserts of the five CRM entities),
 * query parameters, and every response body. Route handlers validate with them and the OpenAPI
 * document (./openapi.ts) is generated from them, so the contract and the code cannot drift.
 *
 * Request records parse into the import record types of lib/csv/fields.ts (the same types the CSV
 * import produces), normalised the same way: domains and emails lower-cased, open vocabularies
 * (country, department, activity type…) matched through the import's enum specs, closed ones strict.
 * A key left out keeps the stored value on upsert; `null` clears it.
 */
import { z } from "zod";
import {
  ENTITY_FIELDS,
  REGION_OF_COUNTRY,
  type AccountImportRecord,
  type ActivityImportRecord,
  type ContactImportRecord,
  type ImportEntity,
  type IntentSignalImportRecord,
  type OpportunityImportRecord,
} from "@/lib/csv/fields";
import { normalizeKey, parseDomain, parseEmail, parseEnum, type EnumSpec } from "@/lib/csv/values";
import { BUYING_ROLES, INDUSTRIES, INTENT_TOPICS, LIFECYCLE_STAGES, OPPORTUNITY_STAGES, TECHNOLOGIES } from "@/lib/vocabulary";

/** Most records one batch request may carry. */
export const MAX_BATCH_RECORDS = 1000;

/** API path segment of each entity (`/api/v1/<segment>/batch`). */
export const API_ENTITY_SEGMENTS: Readonly<Record<ImportEntity, string>> = {
  accounts: "accounts",
  contacts: "contacts",
  activities: "activities",
  intent_signals: "intent-signals",
  opportunities: "opportunities",
};

// ---------------------------------------------------------------------------------------------
// Building blocks

function enumSpec(entity: ImportEntity, key: string): EnumSpec {
  const spec = ENTITY_FIELDS[entity].find((f) => f.key === key)?.enum;
  if (!spec) throw new Error(`no enum spec for ${entity}.${key}`);
  return spec;
}

const canonicalOf = (values: readonly string[]) => {
  const idx = new Map(values.map((v) => [normalizeKey(v), v]));
  return (v: string) => idx.get(normalizeKey(v)) ?? v;
};

/** Optional text: trimmed; blank means null (clear). */
const text = (max: number, description?: string, canonical?: (v: string) => string) =>
  z
    .string({ error: "Must be a string." })
    .max(max, { error: `At most ${max} characters.` })
    .transform((v) => (v.trim() === "" ? null : canonical ? canonical(v.trim()) : v.trim()))
    .nullable()
    .optional()
    .meta(description ? { description } : {});

const externalId = z
  .string({ error: "Required: the CRM's unique key (a string)." })
  .trim()
  .min(1, { error: "Must not be empty." })
  .max(200, { error: "At most 200 characters." })
  .meta({ description: "The CRM's unique key; sending the same key again updates the record." });

/** A time: ISO 8601 date-time with offset, ISO date (midnight UTC), or epoch milliseconds. */
export const apiDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date(), z.number().int().min(0)], {
    error: "Must be an ISO 8601 date-time (2025-03-01T12:00:00Z), a date (2025-03-01) or epoch milliseconds.",
  })
  .transform((v) => (typeof v === "number" ? v : Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)))
  .meta({ description: "ISO 8601 date-time with offset, ISO date (midnight UTC) or epoch milliseconds." });

/** A value of an open vocabulary, normalised like the CSV import does. */
const openEnum = (spec: EnumSpec, max: number, description: string) =>
  z
    .string({ error: "Must be a string." })
    .max(max, { error: `At most ${max} characters.` })
    .transform((v, ctx) => {
      const r = parseEnum(v, spec);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.reason });
        return z.NEVER;
      }
      return r.value;
    })
    .nullable()
    .optional()
    .meta({ description });

const email = (description: string) =>
  z
    .string({ error: "Must be a string." })
    .max(254, { error: "At most 254 characters." })
    .transform((v, ctx) => {
      const r = parseEmail(v);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: "Must be a valid email address." });
        return z.NEVER;
      }
      return r.value;
    })
    .nullable()
    .optional()
    .meta({ description, format: "email" });

const domain = (description: string) =>
  z
    .string({ error: "Must be a string." })
    .max(253, { error: "At most 253 characters." })
    .transform((v, ctx) => {
      const r = parseDomain(v);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: "Must be a domain or website, e.g. acme.com." });
        return z.NEVER;
      }
      return r.value;
    })
    .nullable()
    .optional()
    .meta({ description });

const custom = z
  .record(z.string().min(1).max(100), z.union([z.string().max(1000), z.number(), z.boolean()]), {
    error: "Must be an object of custom attributes (string, number or boolean values).",
  })
  .optional()
  .transform((v) => v ?? {})
  .meta({ description: "Custom attributes by name (string, number or boolean), usable in scoring criteria." });

const accountRef = {
  accountExternalId: z
    .string({ error: "Must be a string." })
    .trim()
    .min(1, { error: "Must not be empty." })
    .max(200)
    .nullable()
    .optional()
    .meta({ description: "External id of the account the record belongs to." }),
  accountDomain: domain("The account's domain, used when no accountExternalId is given."),
};

/** Run record-level checks even when a field failed, so one answer lists every problem. */
const ALWAYS = { when: () => true };

function requireAccountRef(v: { accountExternalId?: string | null; accountDomain?: string | null }, ctx: z.RefinementCtx) {
  if (!v.accountExternalId && !v.accountDomain)
    ctx.addIssue({ code: "custom", path: ["accountExternalId"], message: "Give accountExternalId or accountDomain." });
}

const nonNegative = (label: string) => z.number({ error: `${label} must be a number.` }).finite().min(0, { error: `${label} must be at least 0.` });

// ---------------------------------------------------------------------------------------------
// Request records

const canonicalIndustry = canonicalOf(INDUSTRIES);
const canonicalTech = canonicalOf(TECHNOLOGIES);
const canonicalTopic = canonicalOf(INTENT_TOPICS);

/** One account of a batch upsert. */
export const accountInputSchema = z
  .object({
    externalId,
    name: z.string({ error: "Required: the account's name." }).trim().min(1, { error: "Must not be empty." }).max(300, { error: "At most 300 characters." }).meta({ description: "The account's display name." }),
    domain: domain("Web domain; a website URL is reduced to its domain."),
    industry: text(100, "Industry; the standard industries are matched case-insensitively.", canonicalIndustry),
    employeeCount: z
      .number({ error: "Must be a whole number." })
      .int({ error: "Must be a whole number." })
      .min(0, { error: "Must be at least 0." })
      .max(10_000_000, { error: "At most 10,000,000." })
      .nullable()
      .optional()
      .meta({ description: "Number of employees." }),
    annualRevenue: nonNegative("Annual revenue").nullable().optional().meta({ description: "Annual revenue in your reporting currency." }),
    country: openEnum(enumSpec("accounts", "country"), 100, "Country; codes and aliases such as US or UK are normalised."),
    region: openEnum(enumSpec("accounts", "region"), 100, "Sales region; derived from the country when not given."),
    foundedYear: z
      .number({ error: "Must be a year." })
      .int({ error: "Must be a whole year." })
      .min(1600, { error: "Must be 1600 or later." })
      .max(2100, { error: "Must be 2100 or earlier." })
      .nullable()
      .optional()
      .meta({ description: "Year the company was founded." }),
    technologies: z
      .array(z.string().trim().min(1).max(100), { error: "Must be an array of technology names." })
      .max(200, { error: "At most 200 technologies." })
      .transform((tags) => [...new Map(tags.map((t) => canonicalTech(t)).map((t) => [t.toLowerCase(), t])).values()])
      .optional()
      .meta({ description: "Technology tags (replaces the stored list when given)." }),
    lifecycleStage: z.enum(LIFECYCLE_STAGES, { error: `Must be one of ${LIFECYCLE_STAGES.join(", ")}.` }).nullable().optional().meta({ description: "Where the account is in the funnel." }),
    ownerEmail: email("Email of the owning sales rep (a Lodestar user)."),
    custom,
  })
  .transform((v) => {
    // Like the CSV import: a known country implies its region unless one is given.
    if (typeof v.country === "string" && (v.region === undefined || v.region === null)) {
      const region = REGION_OF_COUNTRY.get(v.country);
      if (region) return { ...v, region };
    }
    return v;
  })
  .meta({ description: "An account, upserted by externalId." });

/** One contact of a batch upsert. */
export const contactInputSchema = z
  .object({
    externalId,
    ...accountRef,
    firstName: text(100),
    lastName: text(100),
    email: email("Email address (lower-cased)."),
    title: text(200, "Job title."),
    department: openEnum(enumSpec("contacts", "department"), 100, "Department; known spellings map to the vocabulary."),
    seniority: openEnum(enumSpec("contacts", "seniority"), 100, "Seniority; known spellings map to the vocabulary."),
    buyingRole: z.enum(BUYING_ROLES, { error: `Must be one of ${BUYING_ROLES.join(", ")}.` }).nullable().optional(),
    custom,
  })
  .superRefine(requireAccountRef, ALWAYS)
  .meta({ description: "A contact, upserted by externalId." });

/** One activity of a batch upsert. */
export const activityInputSchema = z
  .object({
    externalId: externalId.nullable().optional().meta({ description: "Optional unique key; without it a resend creates a duplicate." }),
    ...accountRef,
    contactExternalId: z.string().trim().min(1).max(200).nullable().optional().meta({ description: "The contact who acted, if known." }),
    contactEmail: email("The contact's email, used when no contactExternalId is given."),
    type: z
      .string({ error: "Required: the activity type, e.g. web_visit or demo_request." })
      .min(1, { error: "Must not be empty." })
      .max(64, { error: "At most 64 characters." })
      .transform((v, ctx) => {
        const r = parseEnum(v, enumSpec("activities", "type"));
        if (!r.ok || !r.value) {
          ctx.addIssue({ code: "custom", message: "Must be an activity type such as web_visit or demo_request." });
          return z.NEVER;
        }
        return r.value;
      })
      .meta({ description: "web_visit, pricing_page_visit, content_download, email_open, email_click, webinar_attended, event_attended, demo_request, trial_signup, support_ticket; other types are kept in snake_case." }),
    occurredAt: apiDate,
    source: text(100, "Where the activity was captured."),
    custom,
  })
  .superRefine(requireAccountRef, ALWAYS)
  .meta({ description: "An engagement event of an account." });

/** One intent signal of a batch upsert. */
export const intentSignalInputSchema = z
  .object({
    externalId: externalId.nullable().optional().meta({ description: "Optional unique key of the signal." }),
    ...accountRef,
    topic: z
      .string({ error: "Required: the researched topic." })
      .trim()
      .min(1, { error: "Must not be empty." })
      .max(200, { error: "At most 200 characters." })
      .transform(canonicalTopic),
    strength: z.number({ error: "Required: a number from 0 to 100." }).min(0, { error: "Must be at least 0." }).max(100, { error: "Must be at most 100." }),
    observedAt: apiDate,
    custom,
  })
  .superRefine(requireAccountRef, ALWAYS)
  .meta({ description: "A third-party intent surge of an account." });

/** One opportunity of a batch upsert. */
export const opportunityInputSchema = z
  .object({
    externalId,
    ...accountRef,
    name: text(300, "The opportunity's name."),
    stage: z.enum(OPPORTUNITY_STAGES, { error: `Required: one of ${OPPORTUNITY_STAGES.join(", ")}.` }),
    amount: nonNegative("Amount").nullable().optional(),
    product: text(200, "Product sold."),
    createdAt: apiDate.meta({ description: "When the opportunity was created (start of the sales cycle)." }),
    closedAt: apiDate.nullable().optional().meta({ description: "When it closed; required for won and lost." }),
    custom,
  })
  .superRefine((v, ctx) => {
    requireAccountRef(v, ctx);
    if ((v.stage === "won" || v.stage === "lost") && (v.closedAt === undefined || v.closedAt === null))
      ctx.addIssue({ code: "custom", path: ["closedAt"], message: `A ${v.stage} opportunity needs closedAt.` });
  }, ALWAYS)
  .meta({ description: "A deal of an account, upserted by externalId." });

/** The record schema of each entity. */
export const RECORD_SCHEMAS = {
  accounts: accountInputSchema,
  contacts: contactInputSchema,
  activities: activityInputSchema,
  intent_signals: intentSignalInputSchema,
  opportunities: opportunityInputSchema,
} as const;

// Compile-time proof that the parsed records are the import record types the upsert verb takes.
type Assert<T extends true> = T;
type Parsed<E extends ImportEntity> = z.output<(typeof RECORD_SCHEMAS)[E]>;
export type _RecordsMatch = Assert<
  Parsed<"accounts"> extends AccountImportRecord
    ? Parsed<"contacts"> extends ContactImportRecord
      ? Parsed<"activities"> extends ActivityImportRecord
        ? Parsed<"intent_signals"> extends IntentSignalImportRecord
          ? Parsed<"opportunities"> extends OpportunityImportRecord
            ? true
            : false
          : false
        : false
      : false
    : false
>;

/** The body of `POST /api/v1/<entity>/batch`. */
export function batchRequestSchema<E extends ImportEntity>(entity: E) {
  return z
    .object({
      records: z
        .array(RECORD_SCHEMAS[entity] as (typeof RECORD_SCHEMAS)[E], { error: "Required: an array of records." })
        .min(1, { error: "Send at least one record." })
        .max(MAX_BATCH_RECORDS, { error: `At most ${MAX_BATCH_RECORDS} records per request.` }),
      dryRun: z.boolean({ error: "Must be true or false." }).optional().meta({ description: "Validate and report outcomes without writing." }),
    })
    .meta({ description: `Up to ${MAX_BATCH_RECORDS} ${entity.replace("_", " ")} to upsert.` });
}

export const BATCH_REQUEST_SCHEMAS = {
  accounts: batchRequestSchema("accounts"),
  contacts: batchRequestSchema("contacts"),
  activities: batchRequestSchema("activities"),
  intent_signals: batchRequestSchema("intent_signals"),
  opportunities: batchRequestSchema("opportunities"),
} as const;

// ---------------------------------------------------------------------------------------------
// Query parameters

/** Query parameters of `GET /api/v1/accounts`. */
export const listAccountsQuerySchema = z.object({
  band: z
    .string()
    .max(100)
    .optional()
    .meta({ description: "Band label(s), comma-separated, e.g. A or A,B." }),
  minScore: z.coerce.number({ error: "Must be a number from 0 to 100." }).min(0, { error: "Must be at least 0." }).max(100, { error: "Must be at most 100." }).optional().meta({ description: "Lowest score (inclusive)." }),
  maxScore: z.coerce.number({ error: "Must be a number from 0 to 100." }).min(0, { error: "Must be at least 0." }).max(100, { error: "Must be at most 100." }).optional().meta({ description: "Highest score (inclusive)." }),
  industry: z.string().max(100).optional().meta({ description: "Exact industry." }),
  country: z.string().max(100).optional().meta({ description: "Exact country name." }),
  ownerEmail: z.string().max(254).optional().meta({ description: "Email of the owning rep." }),
  updatedSince: z
    .string()
    .optional()
    .refine((v) => v === undefined || Number.isFinite(Date.parse(v)) || /^\d+$/.test(v), { error: "Must be an ISO 8601 date-time or epoch milliseconds." })
    .meta({ description: "Only accounts changed at or after this time (ISO 8601 or epoch ms)." }),
  model: z.coerce.number({ error: "Must be a model id." }).int({ error: "Must be a model id." }).positive({ error: "Must be a model id." }).optional().meta({ description: "Scoring model id; default the primary model." }),
  limit: z.coerce.number({ error: "Must be a whole number from 1 to 500." }).int({ error: "Must be a whole number." }).min(1, { error: "Must be at least 1." }).max(500, { error: "Must be at most 500." }).default(100).meta({ description: "Page size (1–500)." }),
  cursor: z.string().max(200).optional().meta({ description: "The nextCursor of the previous page." }),
});
export type ListAccountsQuery = z.output<typeof listAccountsQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Responses

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "`type:surface`, e.g. bad_request:api or rate_limited:api." }),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Messages per field path, e.g. records.3.employeeCount." }),
    }),
  })
  .meta({ description: "Every 4xx/5xx answer." });

const fieldError = z.object({ field: z.string(), message: z.string() });

export const batchResponseSchema = z
  .object({
    entity: z.enum(["accounts", "contacts", "activities", "intent_signals", "opportunities"]),
    dryRun: z.boolean(),
    counts: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), failed: z.number().int() }),
    results: z.array(
      z.object({
        index: z.number().int().meta({ description: "Position of the record in the request." }),
        outcome: z.enum(["created", "updated", "unchanged", "failed"]),
        id: z.number().int().optional().meta({ description: "Lodestar's id of the record." }),
        errors: z.array(fieldError).optional(),
      }),
    ),
  })
  .meta({ description: "One result per record, in request order." });
export type BatchResponse = z.output<typeof batchResponseSchema>;

export const scoreSchema = z
  .object({
    modelId: z.number().int(),
    versionId: z.number().int(),
    score: z.number().meta({ description: "0–100." }),
    band: z.string(),
    rank: z.number().int().meta({ description: "1-based position in the ranking." }),
    fit: z.number(),
    engagement: z.number(),
    intent: z.number(),
    relationship: z.number(),
    probability: z.number().nullable(),
    previousScore: z.number().nullable(),
    scoredAt: z.iso.datetime().meta({ description: "When the score was computed (ISO 8601)." }),
  })
  .meta({ description: "The live score under a model's published version." });

export const accountSchema = z
  .object({
    externalId: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    employeeCount: z.number().nullable(),
    annualRevenue: z.number().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    foundedYear: z.number().nullable(),
    technologies: z.array(z.string()),
    lifecycleStage: z.string(),
    ownerEmail: z.string().nullable(),
    custom: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    score: scoreSchema.nullable(),
  })
  .meta({ description: "An account with its live score (null when not scored yet)." });
export type ApiAccount = z.output<typeof accountSchema>;

export const accountListResponseSchema = z
  .object({
    model: z.object({ id: z.number().int(), name: z.string(), versionId: z.number().int().nullable() }),
    data: z.array(accountSchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .meta({ description: "Accounts in ranking order (score descending, then id)." });
export type AccountListResponse = z.output<typeof accountListResponseSchema>;

export const explanationResponseSchema = z
  .object({
    externalId: z.string(),
    model: z.object({ id: z.number().int(), name: z.string(), versionId: z.number().int(), version: z.number().int() }),
    asOf: z.iso.datetime().meta({ description: "The time the live scores were computed for (ISO 8601)." }),
    score: z.number(),
    band: z.string(),
    subScores: z.object({ fit: z.number(), engagement: z.number(), intent: z.number(), relationship: z.number() }),
    storedScore: z.number().nullable().meta({ description: "The stored live score; equals score unless data changed since the publish." }),
    contributions: z.array(
      z.object({
        criterionId: z.string(),
        label: z.string(),
        category: z.enum(["fit", "engagement", "intent", "relationship"]),
        kind: z.enum(["criterion", "adjustment"]),
        points: z.number(),
        raw: z.number(),
        matched: z.boolean(),
        detail: z.string(),
      }),
    ).meta({ description: "Rule-based scores: sums exactly to score. Empty for predictive scores (see learned)." }),
    kind: z.enum(["rule", "predictive", "blended"]).meta({ description: "The kind of the live version." }),
    learned: z
      .object({
        probability: z.number().meta({ description: "Predicted probability of the outcome (0–1)." }),
        baselineProbability: z.number().meta({ description: "Probability of a typical account (the training averages)." }),
        logOdds: z.number(),
        baselineLogOdds: z.number(),
        factors: z
          .array(z.object({ label: z.string(), value: z.string(), effect: z.number().meta({ description: "Effect on the log-odds (additive)." }) }))
          .meta({ description: "Factors raising (positive effect) or lowering the log-odds, strongest first; with baselineLogOdds they sum to logOdds, except effects under 0.01 which are left out." }),
        blend: z
          .object({ ruleWeight: z.number(), ruleScore: z.number(), rulePoints: z.number(), predictivePoints: z.number() })
          .nullable()
          .meta({ description: "Blended versions: the rule and predictive parts, which add up to score." }),
      })
      .nullable()
      .meta({ description: "Predictive and blended versions: the model's factors. Null for rule-based versions." }),
  })
  .meta({ description: "Why an account scores as it does." });
export type ExplanationResponse = z.output<typeof explanationResponseSchema>;

/** Zod issues as `{ "records.3.employeeCount": ["…"] }`. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "body";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
