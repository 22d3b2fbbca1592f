/**
 * Loads the deterministic demo data set (lib/demo/generator) into a database, fast: ids are allocated
 * here (children point at parent ids we already know), rows go in with set-based batched inserts —
 * prepared statements inside one transaction per batch on SQLite, `INSERT … SELECT FROM unnest(…)` per
 * table and batch on PostgreSQL — and never one round trip per row.
 *
 * Also creates the demo users (one per role plus a second rep) and fills `account_tags` and
 * `accounts.last_activity_at`. Refuses to load into a database that already has accounts unless
 * `reset: true`, which first deletes all account data (accounts and everything hanging off them).
 */
import bcrypt from "bcryptjs";
import { sql } from "drizzle-orm";
import type pg from "pg";
import type Database from "better-sqlite3";
import type { DbHandle } from "../client";
import { bumpDataVersion } from "../mutations/data-version";
import {
  DEFAULT_BATCH_SIZE,
  generateDemoBatches,
  utcMidnight,
  type DemoBatch,
} from "@/lib/demo/generator";
import type { Role } from "@/lib/vocabulary";

/** The password of every demo user. */
export const DEMO_PASSWORD = "lodestar-demo";

/** The demo users: one per role plus a second sales rep, so ownership and "my accounts" mean something. */
export const DEMO_USERS: readonly { email: string; name: string; role: Role }[] = [
  { email: "admin@lodestar.dev", name: "Ada Admin", role: "admin" },
  { email: "marketing@lodestar.dev", name: "Mia Marketing", role: "marketing" },
  { email: "manager@lodestar.dev", name: "Max Manager", role: "manager" },
  { email: "sales@lodestar.dev", name: "Sam Sales", role: "sales" },
  { email: "sales2@lodestar.dev", name: "Riley Rep", role: "sales" },
];

/** Sign-in credentials of the demo users, for the demo command and the README. */
export const DEMO_CREDENTIALS: readonly { email: string; password: string; role: Role }[] = DEMO_USERS.map((u) => ({
  email: u.email,
  password: DEMO_PASSWORD,
  role: u.role,
}));

/** bcrypt cost of the demo users' password hash (the app's own cost for real users may differ). */
const DEMO_BCRYPT_COST = 10;

export type SeedPhase = "users" | "reset" | "load" | "indexes" | "finish";

export interface SeedProgress {
  phase: SeedPhase;
  accountsDone: number;
  accountsTotal: number;
  elapsedMs: number;
}

export interface SeedDemoOptions {
  /** Number of accounts to generate. */
  accounts: number;
  /** Seed of the data set (default 42). */
  seed?: number | string;
  /** Anchor time (epoch ms) the 18-month history ends at; default today's UTC midnight. */
  now?: number;
  /** Delete all existing account data first instead of refusing. */
  reset?: boolean;
  /** Accounts per generated batch and insert transaction (default 5,000). */
  batchSize?: number;
  /**
   * SQLite only: drop the secondary indexes of the loaded tables during the load and rebuild them at
   * the end. Default: on from 50,000 accounts (measured faster there; see scripts/seed.ts output).
   */
  deferIndexes?: boolean;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedResult {
  dialect: DbHandle["dialect"];
  seed: number | string;
  now: number;
  users: { created: number; existing: number };
  rows: { accounts: number; contacts: number; activities: number; intentSignals: number; opportunities: number; accountTags: number };
  /** Wall-clock milliseconds per phase; `generate` and `insert` interleave batch by batch inside `load`. */
  timings: { users: number; reset: number; generate: number; insert: number; indexes: number; finish: number; total: number };
}

/** Thrown when the database already holds accounts and `reset` was not asked for. */
export class SeedRefusedError extends Error {
  constructor(readonly existingAccounts: number) {
    super(
      `The database already holds ${existingAccounts.toLocaleString("en-US")} accounts; demo data is only loaded into an empty database. ` +
        "Pass reset: true (npm run db:seed -- --reset) to delete all account data and load the demo data instead.",
    );
    this.name = "SeedRefusedError";
  }
}

/** The tables the loader writes, children after parents. */
const LOADED_TABLES = ["accounts", "account_tags", "contacts", "activities", "intent_signals", "opportunities"] as const;
/** Everything that references accounts or contacts, children first: what `reset` empties. */
const ACCOUNT_DATA_TABLES = ["score_history", "account_scores", "account_tags", "activities", "intent_signals", "opportunities", "contacts", "accounts"] as const;

interface IdBases {
  accounts: number;
  contacts: number;
  activities: number;
  intentSignals: number;
  opportunities: number;
}

interface Counts {
  accounts: number;
  contacts: number;
  activities: number;
  intentSignals: number;
  opportunities: number;
  accountTags: number;
}

/**
 * Generates and loads `accounts` demo accounts with their contacts, activities, intent signals and
 * opportunities. Idempotent in the safe sense: throws SeedRefusedError when accounts already exist,
 * unless `reset` is set. Bumps the data version so caches of derived data are invalidated.
 */
export async function seedDemoData(handle: DbHandle, options: SeedDemoOptions): Promise<SeedResult> {
  const started = performance.now();
  const total = Math.max(0, Math.floor(options.accounts));
  const seed = options.seed ?? 42;
  const now = options.now ?? utcMidnight();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const timings = { users: 0, reset: 0, generate: 0, insert: 0, indexes: 0, finish: 0, total: 0 };
  let done = 0;
  const progress = (phase: SeedPhase) =>
    options.onProgress?.({ phase, accountsDone: done, accountsTotal: total, elapsedMs: Math.round(performance.now() - started) });

  let t = performance.now();
  progress("users");
  const users = await ensureDemoUsers(handle, now);
  timings.users = performance.now() - t;

  t = performance.now();
  const existing = await countAccounts(handle);
  if (existing > 0) {
    if (!options.reset) throw new SeedRefusedError(existing);
    progress("reset");
    await deleteAccountData(handle);
  }
  timings.reset = performance.now() - t;

  const bases = await idBases(handle);
  const counts: Counts = { accounts: 0, contacts: 0, activities: 0, intentSignals: 0, opportunities: 0, accountTags: 0 };
  const batches = generateDemoBatches({ accounts: total, seed, now, ownerIds: users.ownerIds, batchSize });
  const nextBatch = (): DemoBatch | undefined => {
    const g = performance.now();
    const r = batches.next();
    timings.generate += performance.now() - g;
    return r.done ? undefined : r.value;
  };
  const afterBatch = (b: DemoBatch) => {
    counts.accounts += b.accounts.length;
    counts.contacts += b.contacts.length;
    counts.activities += b.activities.length;
    counts.intentSignals += b.intentSignals.length;
    counts.opportunities += b.opportunities.length;
    for (const a of b.accounts) counts.accountTags += a.technologies.length;
    done += b.accounts.length;
    progress("load");
  };

  progress("load");
  if (handle.dialect === "sqlite") {
    const deferIndexes = options.deferIndexes ?? total >= 50_000;
    await loadSqlite(handle, bases, nextBatch, afterBatch, deferIndexes, timings, () => progress("indexes"));
  } else {
    await loadPg(handle, bases, nextBatch, afterBatch, timings);
  }

  t = performance.now();
  progress("finish");
  await handle.transact((tx) => bumpDataVersion(handle, tx));
  timings.finish += performance.now() - t;
  timings.total = performance.now() - started;
  for (const k of Object.keys(timings) as (keyof typeof timings)[]) timings[k] = Math.round(timings[k]);
  return { dialect: handle.dialect, seed, now, users: { created: users.created, existing: users.existing }, rows: counts, timings };
}

/** Creates the missing demo users (hashing the shared password once) and returns the reps' ids. */
async function ensureDemoUsers(handle: DbHandle, now: number): Promise<{ created: number; existing: number; ownerIds: number[] }> {
  const { db, schema } = handle;
  const before = await db.select({ id: schema.users.id, email: schema.users.email }).from(schema.users);
  const have = new Set(before.map((u) => u.email));
  const missing = DEMO_USERS.filter((u) => !have.has(u.email));
  if (missing.length > 0) {
    const passwordHash = await bcrypt.hash(DEMO_PASSWORD, DEMO_BCRYPT_COST);
    await handle.transact(async (tx) => {
      await tx
        .insert(schema.users)
        .values(missing.map((u) => ({ email: u.email, name: u.name, role: u.role, passwordHash, disabled: false, createdAt: now, updatedAt: now })))
        .onConflictDoNothing();
    });
  }
  const after = await db.select({ id: schema.users.id, email: schema.users.email }).from(schema.users);
  const idByEmail = new Map(after.map((u) => [u.email, u.id]));
  const ownerIds = DEMO_USERS.filter((u) => u.role === "sales")
    .map((u) => idByEmail.get(u.email))
    .filter((id): id is number => typeof id === "number");
  return { created: missing.length, existing: DEMO_USERS.length - missing.length, ownerIds };
}

async function countAccounts(handle: DbHandle): Promise<number> {
  const [row] = await handle.all<{ n: number | string }>(sql`SELECT count(*) AS n FROM accounts`);
  return Number(row?.n ?? 0);
}

async function idBases(handle: DbHandle): Promise<IdBases> {
  const max = async (table: string) => {
    const [row] = await handle.all<{ m: number | string | null }>(sql.raw(`SELECT max(id) AS m FROM ${table}`));
    return Number(row?.m ?? 0);
  };
  return {
    accounts: await max("accounts"),
    contacts: await max("contacts"),
    activities: await max("activities"),
    intentSignals: await max("intent_signals"),
    opportunities: await max("opportunities"),
  };
}

/**
 * Deletes all accounts and everything that references them (contacts, activities, intent, deals,
 * tags, scores, score history, account notifications). Users, models and settings stay.
 */
async function deleteAccountData(handle: DbHandle): Promise<void> {
  if (handle.dialect === "sqlite") {
    const w = handle.sqlite!.writer;
    // Foreign-key checks off: the whole set goes, children first, and SQLite can then use its
    // truncate optimisation instead of a per-row cascade.
    const fk = w.pragma("foreign_keys", { simple: true }) as number;
    w.pragma("foreign_keys = OFF");
    try {
      await handle.transact(async () => {
        w.exec("DELETE FROM notifications WHERE account_id IS NOT NULL");
        for (const table of ACCOUNT_DATA_TABLES) w.exec(`DELETE FROM ${table}`);
      });
    } finally {
      w.pragma(`foreign_keys = ${fk ? "ON" : "OFF"}`);
    }
    return;
  }
  const client = await handle.pool!.connect();
  try {
    await client.query("BEGIN");
    // TRUNCATE must include every referencing table, notifications among them; keep the ones that are
    // not about an account.
    await client.query("CREATE TEMP TABLE lodestar_keep_notifications ON COMMIT DROP AS SELECT * FROM notifications WHERE account_id IS NULL");
    await client.query(`TRUNCATE ${[...ACCOUNT_DATA_TABLES, "notifications"].join(", ")}`);
    await client.query("INSERT INTO notifications SELECT * FROM lodestar_keep_notifications");
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------------

type Timings = SeedResult["timings"];

async function loadSqlite(
  handle: DbHandle,
  bases: IdBases,
  nextBatch: () => DemoBatch | undefined,
  afterBatch: (b: DemoBatch) => void,
  deferIndexes: boolean,
  timings: Timings,
  onIndexes: () => void,
): Promise<void> {
  const w = handle.sqlite!.writer;
  // Bulk-load settings: no fsync (a crash mid-seed just means re-seeding with --reset), no per-row
  // foreign-key lookups (ids are allocated consistently here and checked by the tests), a big page
  // cache, and rare WAL checkpoints. Restored afterwards.
  const saved = {
    synchronous: w.pragma("synchronous", { simple: true }) as number,
    foreignKeys: w.pragma("foreign_keys", { simple: true }) as number,
    cacheSize: w.pragma("cache_size", { simple: true }) as number,
    walAutocheckpoint: w.pragma("wal_autocheckpoint", { simple: true }) as number,
  };
  w.pragma("synchronous = OFF");
  w.pragma("foreign_keys = OFF");
  w.pragma("cache_size = -1048576"); // 1 GiB
  w.pragma("wal_autocheckpoint = 100000");
  let dropped: { name: string; sql: string }[] = [];
  try {
    if (deferIndexes) dropped = await dropSecondaryIndexes(handle);
    const insert = prepareSqliteInserts(w);
    for (let batch = nextBatch(); batch; batch = nextBatch()) {
      const b = batch;
      const t = performance.now();
      await handle.transact(async () => insert(b, bases));
      timings.insert += performance.now() - t;
      afterBatch(b);
    }
  } finally {
    const t = performance.now();
    if (dropped.length > 0) {
      onIndexes();
      // Rebuilding from sorted scans is cheaper than maintaining the B-trees row by row.
      await handle.transact(async () => {
        for (const idx of dropped) w.exec(idx.sql);
      });
    }
    timings.indexes = performance.now() - t;
    const f = performance.now();
    w.pragma(`synchronous = ${saved.synchronous}`);
    w.pragma(`foreign_keys = ${saved.foreignKeys ? "ON" : "OFF"}`);
    w.pragma(`cache_size = ${saved.cacheSize}`);
    w.pragma(`wal_autocheckpoint = ${saved.walAutocheckpoint}`);
    // Fresh statistics for the planner (bounded sampling keeps this quick on millions of rows), then
    // fold the WAL back into the database file.
    w.pragma("analysis_limit = 1000");
    w.exec("ANALYZE");
    w.pragma("wal_checkpoint(TRUNCATE)");
    timings.finish += performance.now() - f;
  }
}

/** Drops the named indexes of the loaded tables (not the primary keys); returns their DDL for the rebuild. */
async function dropSecondaryIndexes(handle: DbHandle): Promise<{ name: string; sql: string }[]> {
  const w = handle.sqlite!.writer;
  const placeholders = LOADED_TABLES.map(() => "?").join(", ");
  const rows = w
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${placeholders})`)
    .all(...LOADED_TABLES) as { name: string; sql: string }[];
  // Unique ones too: rebuilding a unique index re-checks uniqueness, so nothing is given up.
  await handle.transact(async () => {
    for (const r of rows) w.exec(`DROP INDEX "${r.name.replace(/"/g, '""')}"`);
  });
  return rows;
}

/**
 * Multi-row INSERT: values are pushed one by one into a reusable parameter array and sent `rows` at a
 * time through one prepared `INSERT … VALUES (…), (…), …` statement. Measured about twice as fast as
 * one `run()` per row, because binding and statement stepping are paid once per chunk.
 */
class SqliteBulkInsert {
  private readonly multi: Database.Statement;
  private readonly single: Database.Statement;
  private readonly buf: unknown[];
  private readonly width: number;
  private pos = 0;

  constructor(w: Database.Database, table: string, columns: readonly string[], rows = 64) {
    const one = `(${columns.map(() => "?").join(", ")})`;
    const head = `INSERT INTO ${table} (${columns.join(", ")}) VALUES `;
    this.width = columns.length;
    this.multi = w.prepare(head + Array.from({ length: rows }, () => one).join(", "));
    this.single = w.prepare(head + one);
    this.buf = new Array(rows * columns.length);
  }

  /** Appends the next column value of the current row (columns in constructor order). */
  push(value: unknown): void {
    this.buf[this.pos++] = value;
    if (this.pos === this.buf.length) {
      this.multi.run(this.buf);
      this.pos = 0;
    }
  }

  /** Writes the rows still buffered; call before the transaction commits. */
  flush(): void {
    for (let o = 0; o < this.pos; o += this.width) this.single.run(this.buf.slice(o, o + this.width));
    this.pos = 0;
  }
}

function prepareSqliteInserts(w: Database.Database): (b: DemoBatch, bases: IdBases) => void {
  const account = new SqliteBulkInsert(w, "accounts", [
    "id", "external_id", "name", "domain", "industry", "employee_count", "annual_revenue", "country", "region", "founded_year",
    "technologies", "lifecycle_stage", "owner_id", "status", "custom", "last_activity_at", "created_at", "updated_at",
  ]);
  const tag = new SqliteBulkInsert(w, "account_tags", ["account_id", "tag"], 256);
  const contact = new SqliteBulkInsert(w, "contacts", [
    "id", "external_id", "account_id", "first_name", "last_name", "email", "title", "department", "seniority", "buying_role",
    "lead_score", "created_at", "updated_at",
  ]);
  const activity = new SqliteBulkInsert(w, "activities", ["id", "external_id", "account_id", "contact_id", "type", "occurred_at", "source", "created_at"]);
  const intent = new SqliteBulkInsert(w, "intent_signals", ["id", "external_id", "account_id", "topic", "strength", "observed_at", "source", "created_at"]);
  const opportunity = new SqliteBulkInsert(w, "opportunities", [
    "id", "external_id", "account_id", "name", "stage", "amount", "product", "opened_at", "closed_at", "created_at", "updated_at",
  ]);
  return (b, bases) => {
    const A = bases.accounts + 1;
    const C = bases.contacts + 1;
    for (const a of b.accounts) {
      const id = A + a.index;
      account.push(id);
      account.push(a.externalId);
      account.push(a.name);
      account.push(a.domain);
      account.push(a.industry);
      account.push(a.employeeCount);
      account.push(a.annualRevenue);
      account.push(a.country);
      account.push(a.region);
      account.push(a.foundedYear);
      account.push(JSON.stringify(a.technologies));
      account.push(a.lifecycleStage);
      account.push(a.ownerId);
      account.push(a.status);
      account.push(JSON.stringify(a.custom));
      account.push(a.lastActivityAt);
      account.push(a.createdAt);
      account.push(a.updatedAt);
      for (const t of a.technologies) {
        tag.push(id);
        tag.push(t);
      }
    }
    for (const c of b.contacts) {
      contact.push(C + c.index);
      contact.push(c.externalId);
      contact.push(A + c.accountIndex);
      contact.push(c.firstName);
      contact.push(c.lastName);
      contact.push(c.email);
      contact.push(c.title);
      contact.push(c.department);
      contact.push(c.seniority);
      contact.push(c.buyingRole);
      contact.push(c.leadScore);
      contact.push(c.createdAt);
      contact.push(c.createdAt);
    }
    const X = bases.activities + 1;
    for (const x of b.activities) {
      activity.push(X + x.index);
      activity.push(x.externalId);
      activity.push(A + x.accountIndex);
      activity.push(x.contactIndex === null ? null : C + x.contactIndex);
      activity.push(x.type);
      activity.push(x.occurredAt);
      activity.push(x.source);
      activity.push(x.occurredAt);
    }
    const I = bases.intentSignals + 1;
    for (const s of b.intentSignals) {
      intent.push(I + s.index);
      intent.push(s.externalId);
      intent.push(A + s.accountIndex);
      intent.push(s.topic);
      intent.push(s.strength);
      intent.push(s.observedAt);
      intent.push(s.source);
      intent.push(s.observedAt);
    }
    const O = bases.opportunities + 1;
    for (const o of b.opportunities) {
      opportunity.push(O + o.index);
      opportunity.push(o.externalId);
      opportunity.push(A + o.accountIndex);
      opportunity.push(o.name);
      opportunity.push(o.stage);
      opportunity.push(o.amount);
      opportunity.push(o.product);
      opportunity.push(o.openedAt);
      opportunity.push(o.closedAt);
      opportunity.push(o.openedAt);
      opportunity.push(o.closedAt ?? o.openedAt);
    }
    // Whatever is still buffered must go in before this batch commits.
    account.flush();
    tag.flush();
    contact.flush();
    activity.flush();
    intent.flush();
    opportunity.flush();
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

async function loadPg(
  handle: DbHandle,
  bases: IdBases,
  nextBatch: () => DemoBatch | undefined,
  afterBatch: (b: DemoBatch) => void,
  timings: Timings,
): Promise<void> {
  const client = await handle.pool!.connect();
  try {
    for (let batch = nextBatch(); batch; batch = nextBatch()) {
      const t = performance.now();
      await client.query("BEGIN");
      try {
        // A lost seed is simply re-run; no need to wait for the WAL flush on every batch.
        await client.query("SET LOCAL synchronous_commit = off");
        await insertPgBatch(client, batch, bases);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      }
      timings.insert += performance.now() - t;
      afterBatch(batch);
    }
    const f = performance.now();
    // We chose the ids, so move each identity sequence past them.
    for (const table of ["accounts", "contacts", "activities", "intent_signals", "opportunities"]) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST(COALESCE((SELECT max(id) FROM ${table}), 0), 1), (SELECT max(id) FROM ${table}) IS NOT NULL)`,
      );
    }
    await client.query(`ANALYZE ${LOADED_TABLES.join(", ")}`);
    timings.finish += performance.now() - f;
  } finally {
    client.release();
  }
}

/** Runs `INSERT INTO table (cols) SELECT * FROM unnest($1::type[], …)` with one array per column. */
async function unnestInsert(client: pg.PoolClient, table: string, columns: [name: string, type: string, values: unknown[]][]): Promise<void> {
  if (columns[0][2].length === 0) return;
  const names = columns.map((c) => c[0]).join(", ");
  const args = columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(", ");
  await client.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${args})`, columns.map((c) => c[2]));
}

async function insertPgBatch(client: pg.PoolClient, b: DemoBatch, bases: IdBases): Promise<void> {
  const A = bases.accounts + 1;
  const C = bases.contacts + 1;
  const X = bases.activities + 1;
  const I = bases.intentSignals + 1;
  const O = bases.opportunities + 1;
  const acc = b.accounts;
  await unnestInsert(client, "accounts", [
    ["id", "int4", acc.map((a) => A + a.index)],
    ["external_id", "text", acc.map((a) => a.externalId)],
    ["name", "text", acc.map((a) => a.name)],
    ["domain", "text", acc.map((a) => a.domain)],
    ["industry", "text", acc.map((a) => a.industry)],
    ["employee_count", "int4", acc.map((a) => a.employeeCount)],
    ["annual_revenue", "float8", acc.map((a) => a.annualRevenue)],
    ["country", "text", acc.map((a) => a.country)],
    ["region", "text", acc.map((a) => a.region)],
    ["founded_year", "int4", acc.map((a) => a.foundedYear)],
    ["technologies", "jsonb", acc.map((a) => JSON.stringify(a.technologies))],
    ["lifecycle_stage", "text", acc.map((a) => a.lifecycleStage)],
    ["owner_id", "int4", acc.map((a) => a.ownerId)],
    ["status", "text", acc.map((a) => a.status)],
    ["custom", "jsonb", acc.map((a) => JSON.stringify(a.custom))],
    ["last_activity_at", "int8", acc.map((a) => a.lastActivityAt)],
    ["created_at", "int8", acc.map((a) => a.createdAt)],
    ["updated_at", "int8", acc.map((a) => a.updatedAt)],
  ]);
  const tagAccount: number[] = [];
  const tagName: string[] = [];
  for (const a of acc) {
    for (const t of a.technologies) {
      tagAccount.push(A + a.index);
      tagName.push(t);
    }
  }
  await unnestInsert(client, "account_tags", [
    ["account_id", "int4", tagAccount],
    ["tag", "text", tagName],
  ]);
  const con = b.contacts;
  await unnestInsert(client, "contacts", [
    ["id", "int4", con.map((c) => C + c.index)],
    ["external_id", "text", con.map((c) => c.externalId)],
    ["account_id", "int4", con.map((c) => A + c.accountIndex)],
    ["first_name", "text", con.map((c) => c.firstName)],
    ["last_name", "text", con.map((c) => c.lastName)],
    ["email", "text", con.map((c) => c.email)],
    ["title", "text", con.map((c) => c.title)],
    ["department", "text", con.map((c) => c.department)],
    ["seniority", "text", con.map((c) => c.seniority)],
    ["buying_role", "text", con.map((c) => c.buyingRole)],
    ["lead_score", "float8", con.map((c) => c.leadScore)],
    ["created_at", "int8", con.map((c) => c.createdAt)],
    ["updated_at", "int8", con.map((c) => c.createdAt)],
  ]);
  const act = b.activities;
  await unnestInsert(client, "activities", [
    ["id", "int4", act.map((x) => X + x.index)],
    ["external_id", "text", act.map((x) => x.externalId)],
    ["account_id", "int4", act.map((x) => A + x.accountIndex)],
    ["contact_id", "int4", act.map((x) => (x.contactIndex === null ? null : C + x.contactIndex))],
    ["type", "text", act.map((x) => x.type)],
    ["occurred_at", "int8", act.map((x) => x.occurredAt)],
    ["source", "text", act.map((x) => x.source)],
    ["created_at", "int8", act.map((x) => x.occurredAt)],
  ]);
  const ints = b.intentSignals;
  await unnestInsert(client, "intent_signals", [
    ["id", "int4", ints.map((s) => I + s.index)],
    ["external_id", "text", ints.map((s) => s.externalId)],
    ["account_id", "int4", ints.map((s) => A + s.accountIndex)],
    ["topic", "text", ints.map((s) => s.topic)],
    ["strength", "int4", ints.map((s) => s.strength)],
    ["observed_at", "int8", ints.map((s) => s.observedAt)],
    ["source", "text", ints.map((s) => s.source)],
    ["created_at", "int8", ints.map((s) => s.observedAt)],
  ]);
  const opp = b.opportunities;
  await unnestInsert(client, "opportunities", [
    ["id", "int4", opp.map((o) => O + o.index)],
    ["external_id", "text", opp.map((o) => o.externalId)],
    ["account_id", "int4", opp.map((o) => A + o.accountIndex)],
    ["name", "text", opp.map((o) => o.name)],
    ["stage", "text", opp.map((o) => o.stage)],
    ["amount", "float8", opp.map((o) => o.amount)],
    ["product", "text", opp.map((o) => o.product)],
    ["opened_at", "int8", opp.map((o) => o.openedAt)],
    ["closed_at", "int8", opp.map((o) => o.closedAt)],
    ["created_at", "int8", opp.map((o) => o.openedAt)],
    ["updated_at", "int8", opp.map((o) => o.closedAt ?? o.openedAt)],
  ]);
}
