/**
 * PostgreSQL schema. Kept in step with ./sqlite.ts by db/schema/parity.test.ts:
 * same tables, same columns, same nullability, same indexes. Conventions shared by both dialects:
 * integer ids (identity), times as epoch milliseconds (bigint here, integer in SQLite), JSON as jsonb
 * here and text there, booleans native here and 0/1 there, enums as text.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";

const id = () => integer("id").primaryKey().generatedByDefaultAsIdentity();
const ms = (name: string) => bigint(name, { mode: "number" });
const json = <T>(name: string) => jsonb(name).$type<T>();
const bool = (name: string) => boolean(name);

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role").notNull(),
    disabled: bool("disabled").notNull().default(false),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: id(),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    domain: text("domain"),
    industry: text("industry"),
    employeeCount: integer("employee_count"),
    annualRevenue: doublePrecision("annual_revenue"),
    country: text("country"),
    region: text("region"),
    foundedYear: integer("founded_year"),
    technologies: json<string[]>("technologies").notNull().default(sql`'[]'::jsonb`),
    lifecycleStage: text("lifecycle_stage").notNull().default("prospect"),
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status").notNull().default("new"),
    notes: text("notes"),
    custom: json<Record<string, unknown>>("custom").notNull().default(sql`'{}'::jsonb`),
    lastActivityAt: ms("last_activity_at"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("accounts_external_id_uq").on(t.externalId),
    index("accounts_domain_idx").on(t.domain),
    index("accounts_owner_idx").on(t.ownerId),
    index("accounts_industry_idx").on(t.industry),
    index("accounts_country_idx").on(t.country),
    index("accounts_name_idx").on(t.name),
  ],
);

/** One row per (account, technology tag): the filterable form of accounts.technologies. */
export const accountTags = pgTable(
  "account_tags",
  {
    accountId: integer("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.tag] }), index("account_tags_tag_idx").on(t.tag, t.accountId)],
);

export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    externalId: text("external_id").notNull(),
    accountId: integer("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    firstName: text("first_name"),
    lastName: text("last_name"),
    email: text("email"),
    title: text("title"),
    department: text("department"),
    seniority: text("seniority"),
    buyingRole: text("buying_role"),
    leadScore: doublePrecision("lead_score"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("contacts_external_id_uq").on(t.externalId),
    index("contacts_account_idx").on(t.accountId),
    index("contacts_email_idx").on(t.email),
  ],
);

export const activities = pgTable(
  "activities",
  {
    id: id(),
    externalId: text("external_id"),
    accountId: integer("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    type: text("type").notNull(),
    occurredAt: ms("occurred_at").notNull(),
    source: text("source"),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("activities_external_id_uq").on(t.externalId),
    index("activities_account_time_idx").on(t.accountId, t.occurredAt),
  ],
);

export const intentSignals = pgTable(
  "intent_signals",
  {
    id: id(),
    externalId: text("external_id"),
    accountId: integer("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    topic: text("topic").notNull(),
    strength: integer("strength").notNull(),
    observedAt: ms("observed_at").notNull(),
    source: text("source"),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("intent_signals_external_id_uq").on(t.externalId),
    index("intent_signals_account_time_idx").on(t.accountId, t.observedAt),
  ],
);

export const opportunities = pgTable(
  "opportunities",
  {
    id: id(),
    externalId: text("external_id").notNull(),
    accountId: integer("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    stage: text("stage").notNull(),
    amount: doublePrecision("amount"),
    product: text("product"),
    openedAt: ms("opened_at").notNull(),
    closedAt: ms("closed_at"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("opportunities_external_id_uq").on(t.externalId),
    index("opportunities_account_idx").on(t.accountId, t.openedAt),
  ],
);

export const scoringModels = pgTable(
  "scoring_models",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description"),
    kind: text("kind").notNull(),
    isPrimary: bool("is_primary").notNull().default(false),
    publishedVersionId: integer("published_version_id"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [uniqueIndex("scoring_models_name_uq").on(t.name)],
);

export const modelVersions = pgTable(
  "model_versions",
  {
    id: id(),
    modelId: integer("model_id").notNull().references(() => scoringModels.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    status: text("status").notNull(),
    kind: text("kind").notNull(),
    definition: json<unknown>("definition").notNull(),
    note: text("note"),
    /** optimistic lock: bumped on every draft save */
    revision: integer("revision").notNull().default(1),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    publishedAt: ms("published_at"),
    publishedBy: integer("published_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("model_versions_model_version_uq").on(t.modelId, t.version)],
);

/** Every publish (or rollback) of a version: who, when, why, and what it did. */
export const publishEvents = pgTable(
  "publish_events",
  {
    id: id(),
    modelId: integer("model_id").notNull().references(() => scoringModels.id, { onDelete: "cascade" }),
    versionId: integer("version_id").notNull().references(() => modelVersions.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    note: text("note"),
    publishedBy: integer("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedAt: ms("published_at").notNull(),
    accountCount: integer("account_count").notNull(),
    bandCounts: json<Record<string, number>>("band_counts").notNull(),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("publish_events_model_time_idx").on(t.modelId, t.publishedAt)],
);

/** The live score of each account under each model's published version. */
export const accountScores = pgTable(
  "account_scores",
  {
    modelId: integer("model_id").notNull().references(() => scoringModels.id, { onDelete: "cascade" }),
    accountId: integer("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    versionId: integer("version_id").notNull(),
    score: doublePrecision("score").notNull(),
    band: text("band").notNull(),
    /** 1-based position in the model's ranking (score desc, account id asc), set at publish */
    rank: integer("rank").notNull(),
    fit: doublePrecision("fit").notNull(),
    engagement: doublePrecision("engagement").notNull(),
    intent: doublePrecision("intent").notNull(),
    relationship: doublePrecision("relationship").notNull(),
    probability: doublePrecision("probability"),
    previousScore: doublePrecision("previous_score"),
    scoredAt: ms("scored_at").notNull(),
  },
  // No secondary index: the ranking is score_ranks, which a publish writes in order (an index on
  // rank would be re-sorted, or updated at random, by every publish of any model).
  (t) => [primaryKey({ columns: [t.modelId, t.accountId] })],
);

/**
 * Each model's ranking: rank → account, the order of account_scores by score (desc) then account id
 * (asc), dense 1..N. It is the rank index of account_scores, kept as a table because the publish
 * already holds the order: it appends the model's rows in key order, where an index would sort them
 * again (with every other model's rows) or take a million inserts at random places. Rank ranges, the
 * ranking's pages and, through db/queries/score-ranks.ts, score ranges all seek this key. Written in
 * the same transaction as account_scores; no foreign key to accounts (the app never deletes them).
 */
export const scoreRanks = pgTable(
  "score_ranks",
  {
    modelId: integer("model_id")
      .notNull()
      .references(() => scoringModels.id, { onDelete: "cascade" }),
    rank: integer("rank").notNull(),
    accountId: integer("account_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.rank] })],
);

/**
 * One row per account per publish: the score and band the publish wrote. The publish event names the
 * model, version and time. Keyed by (event, account) so a publish appends in key order with no
 * secondary index to maintain, and one account's history is one key lookup per publish of its model.
 * The rows belong to their publish event (deleted with it); accounts are never deleted by the app, so
 * there is no foreign key to accounts, whose check would cost every publish a lookup per account.
 */
export const scoreHistory = pgTable(
  "score_history",
  {
    publishEventId: integer("publish_event_id")
      .notNull()
      .references(() => publishEvents.id, { onDelete: "cascade" }),
    accountId: integer("account_id").notNull(),
    score: doublePrecision("score").notNull(),
    band: text("band").notNull(),
  },
  (t) => [primaryKey({ columns: [t.publishEventId, t.accountId] })],
);

/** Background training of predictive models, with progress and the evaluation report. */
export const trainingRuns = pgTable(
  "training_runs",
  {
    id: id(),
    modelId: integer("model_id").references(() => scoringModels.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    progress: doublePrecision("progress").notNull().default(0),
    params: json<unknown>("params").notNull(),
    result: json<unknown>("result"),
    error: text("error"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    startedAt: ms("started_at"),
    finishedAt: ms("finished_at"),
  },
  (t) => [index("training_runs_model_idx").on(t.modelId, t.createdAt)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    scopes: json<string[]>("scopes").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    lastUsedAt: ms("last_used_at"),
    revokedAt: ms("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.keyHash)],
);

/** Stored responses for Idempotency-Key replays, per API key. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    apiKeyId: integer("api_key_id").notNull().references(() => apiKeys.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    body: text("body").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] })],
);

/** Fixed-window request counters per API key (the app keeps no state outside the database). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: ms("window_start").notNull(),
    count: integer("count").notNull(),
  },
);

export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: id(),
  name: text("name").notNull(),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  enabled: bool("enabled").notNull().default(true),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: ms("created_at").notNull(),
});

export const alertRules = pgTable("alert_rules", {
  id: id(),
  name: text("name").notNull(),
  modelId: integer("model_id").references(() => scoringModels.id, { onDelete: "cascade" }),
  kind: text("kind").notNull(),
  params: json<Record<string, unknown>>("params").notNull(),
  notifyOwner: bool("notify_owner").notNull().default(true),
  endpointId: integer("endpoint_id").references(() => webhookEndpoints.id, { onDelete: "set null" }),
  enabled: bool("enabled").notNull().default(true),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: ms("created_at").notNull(),
});

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    endpointId: integer("endpoint_id").notNull().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    ruleId: integer("rule_id").references(() => alertRules.id, { onDelete: "set null" }),
    eventType: text("event_type").notNull(),
    payload: json<unknown>("payload").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ms("next_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastResponseMs: integer("last_response_ms"),
    lastError: text("last_error"),
    createdAt: ms("created_at").notNull(),
    deliveredAt: ms("delivered_at"),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);

export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    accountId: integer("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body"),
    readAt: ms("read_at"),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

export const importJobs = pgTable(
  "import_jobs",
  {
    id: id(),
    entity: text("entity").notNull(),
    filename: text("filename").notNull(),
    filePath: text("file_path"),
    bytes: integer("bytes").notNull().default(0),
    status: text("status").notNull(),
    dryRun: bool("dry_run").notNull().default(false),
    mapping: json<unknown>("mapping"),
    options: json<unknown>("options"),
    totalRows: integer("total_rows"),
    processedRows: integer("processed_rows").notNull().default(0),
    createdCount: integer("created_count").notNull().default(0),
    updatedCount: integer("updated_count").notNull().default(0),
    unchangedCount: integer("unchanged_count").notNull().default(0),
    failedCount: integer("failed_count").notNull().default(0),
    /** resume point: byte offset and line of the next unprocessed record */
    cursorOffset: integer("cursor_offset").notNull().default(0),
    cursorLine: integer("cursor_line").notNull().default(0),
    error: text("error"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    startedAt: ms("started_at"),
    finishedAt: ms("finished_at"),
    heartbeatAt: ms("heartbeat_at"),
  },
  (t) => [index("import_jobs_status_idx").on(t.status, t.createdAt)],
);

export const importRowErrors = pgTable(
  "import_row_errors",
  {
    id: id(),
    jobId: integer("job_id").notNull().references(() => importJobs.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    column: text("column"),
    value: text("value"),
    reason: text("reason").notNull(),
  },
  (t) => [index("import_row_errors_job_idx").on(t.jobId, t.line)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    at: ms("at").notNull(),
    actorUserId: integer("actor_user_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    details: json<unknown>("details"),
    ip: text("ip"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_action_idx").on(t.action, t.at)],
);

export const savedViews = pgTable(
  "saved_views",
  {
    id: id(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    query: text("query").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [uniqueIndex("saved_views_user_name_uq").on(t.userId, t.name)],
);

/** Failed sign-in counters per (email, address), for throttling. */
export const loginAttempts = pgTable("login_attempts", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  firstFailureAt: ms("first_failure_at").notNull(),
  lockedUntil: ms("locked_until"),
});

/** Small key/value state: the data version that invalidates caches, settings. */
export const appState = pgTable("app_state", {
  key: text("key").primaryKey(),
  value: json<unknown>("value").notNull(),
  updatedAt: ms("updated_at").notNull(),
});
