/**
 * Loads the deterministic demo data set (lib/demo/generator) into a database, fast: ids are allocated
 * here (children point at parent ids we already know), rows go in with set-based batched inserts —
 * prepared multi-row INSERTs inside one transaction per batch on SQLite, `INSERT … SELECT FROM
 * unnest(…)` per table and batch on PostgreSQL — and never one round trip per row. The generator runs
 * on a worker thread meanwhile, and large loads build their indexes once at the end.
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
import { utcMidnight } from "@/lib/demo/generator";
import type { Role } from "@/lib/vocabulary";
import { openBatchSource } from "./batch-source";
import { deferDdl, restoreDeferredDdl } from "./deferred-ddl";
import { mergeEncoded, SEED_TABLES, type EncodedBatch, type IdBases, type SeedTable } from "./encode";

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
  /** Accounts per insert transaction (default 2,000). */
  batchSize?: number;
  /**
   * Generate on a worker thread while this thread inserts (default true). Falls back to generating
   * inline when a worker cannot load the TypeScript generator (tsx missing).
   */
  parallel?: boolean;
  /**
   * Drop the secondary indexes of the loaded tables (and on PostgreSQL their foreign keys) during the
   * load and rebuild them at the end — crash-safely, see deferred-ddl.ts. Default: on from 50,000
   * accounts, where it is measured faster.
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
  /** Where the generator ran: a worker thread alongside the inserts, or inline between them. */
  generator: "worker" | "inline";
  /**
   * Milliseconds per phase. `generate` is generator time (on the worker when parallel, so it
   * overlaps `insert`); `wait` is how long inserting stalled waiting for the next batch.
   */
  timings: { users: number; reset: number; generate: number; wait: number; insert: number; indexes: number; finish: number; total: number };
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
const ACCOUNT_DATA_TABLES = ["score_history", "score_ranks", "account_scores", "account_tags", "activities", "intent_signals", "opportunities", "contacts", "accounts"] as const;

/** Accounts per insert transaction when the caller does not say. */
const DEFAULT_LOAD_BATCH = 2_000;
/**
 * Accounts per generated chunk. Small on purpose: a chunk's row objects die before the next young-
 * generation collection, whereas a 2,000-account batch survives several and gets copied and promoted
 * (measured: generator CPU time nearly halves going from 2,000 to 100–250).
 */
const GENERATE_CHUNK = 250;

/**
 * Generates and loads `accounts` demo accounts with their contacts, activities, intent signals and
 * opportunities. Idempotent in the safe sense: throws SeedRefusedError when accounts already exist,
 * unless `reset` is set. Bumps the data version so caches of derived data are invalidated.
 *
 * Meant for setup time (demo, db:seed, tests): on SQLite the writer connection runs with bulk-load
 * pragmas (no fsync, no foreign-key checks) until the load is done, and large loads drop indexes.
 */
export async function seedDemoData(handle: DbHandle, options: SeedDemoOptions): Promise<SeedResult> {
  const started = performance.now();
  const total = Math.max(0, Math.floor(options.accounts));
  const seed = options.seed ?? 42;
  const now = options.now ?? utcMidnight();
  const batchSize = options.batchSize ?? DEFAULT_LOAD_BATCH;
  if (!Number.isFinite(options.accounts) || options.accounts < 0) throw new Error(`seedDemoData: accounts must be a non-negative number, got ${options.accounts}`);
  if (!Number.isFinite(now)) throw new Error(`seedDemoData: now must be epoch milliseconds, got ${options.now}`);
  if (!(batchSize >= 1)) throw new Error(`seedDemoData: batchSize must be at least 1, got ${batchSize}`);
  const timings: SeedResult["timings"] = { users: 0, reset: 0, generate: 0, wait: 0, insert: 0, indexes: 0, finish: 0, total: 0 };
  let done = 0;
  const progress = (phase: SeedPhase) =>
    options.onProgress?.({ phase, accountsDone: done, accountsTotal: total, elapsedMs: Math.round(performance.now() - started) });

  let t = performance.now();
  progress("users");
  const users = await ensureDemoUsers(handle, now);
  timings.users = performance.now() - t;

  t = performance.now();
  // A previous seed killed mid-load may have left indexes/constraints dropped: put them back first.
  await restoreDeferredDdl(handle);
  const existing = await countAccounts(handle);
  if (existing > 0) {
    if (!options.reset) throw new SeedRefusedError(existing);
    progress("reset");
    await deleteAccountData(handle);
  }
  timings.reset = performance.now() - t;

  const bases = await idBases(handle);
  const rows: SeedResult["rows"] = { accounts: 0, contacts: 0, activities: 0, intentSignals: 0, opportunities: 0, accountTags: 0 };
  // Generated in small chunks (so each chunk's garbage dies young), grouped into transactions of
  // about `batchSize` accounts.
  const source = await openBatchSource({ accounts: total, seed, now, ownerIds: users.ownerIds, batchSize: GENERATE_CHUNK }, bases, options.parallel ?? true);
  const load: LoadLoop = async (runTransaction) => {
    const it = source[Symbol.asyncIterator]();
    const pull = async (): Promise<EncodedBatch | undefined> => {
      const w = performance.now();
      const r = await it.next();
      timings.wait += performance.now() - w;
      return r.done ? undefined : r.value;
    };
    const count = (b: EncodedBatch) => {
      rows.accounts += b.rows.accounts;
      rows.contacts += b.rows.contacts;
      rows.activities += b.rows.activities;
      rows.intentSignals += b.rows.intent_signals;
      rows.opportunities += b.rows.opportunities;
      rows.accountTags += b.rows.account_tags;
      done += b.accounts;
    };
    try {
      let exhausted = false;
      let first = await pull();
      while (first) {
        let pending: EncodedBatch | undefined = first;
        let inTransaction = 0;
        const started = performance.now();
        const waitedBefore = timings.wait;
        await runTransaction(async () => {
          let b = pending;
          pending = undefined;
          if (!b) {
            if (exhausted || inTransaction >= batchSize) return undefined;
            b = await pull();
            if (!b) {
              exhausted = true;
              return undefined;
            }
          }
          inTransaction += b.accounts;
          count(b);
          return b;
        });
        timings.insert += performance.now() - started - (timings.wait - waitedBefore);
        progress("load");
        first = exhausted ? undefined : await pull();
      }
    } finally {
      await source.close();
    }
  };

  progress("load");
  const deferIndexes = options.deferIndexes ?? total >= 50_000;
  if (handle.dialect === "sqlite") await loadSqlite(handle, load, deferIndexes, timings, () => progress("indexes"));
  else await loadPg(handle, load, deferIndexes, timings, () => progress("indexes"));
  timings.generate = source.generateMs();

  t = performance.now();
  progress("finish");
  await handle.transact((tx) => bumpDataVersion(handle, tx));
  timings.finish += performance.now() - t;
  timings.total = performance.now() - started;
  for (const k of Object.keys(timings) as (keyof typeof timings)[]) timings[k] = Math.round(timings[k]);
  return { dialect: handle.dialect, seed, now, users: { created: users.created, existing: users.existing }, rows, generator: source.mode, timings };
}

/**
 * Runs the load: calls `runTransaction` once per transaction; inside it, `next()` yields that
 * transaction's chunks and then undefined (the dialect must drain it before committing).
 */
type LoadLoop = (runTransaction: (next: () => Promise<EncodedBatch | undefined>) => Promise<void>) => Promise<void>;

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

async function loadSqlite(handle: DbHandle, load: LoadLoop, deferIndexes: boolean, timings: Timings, onIndexes: () => void): Promise<void> {
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
  let deferred = 0;
  try {
    if (deferIndexes) deferred = (await deferDdl(handle, LOADED_TABLES, LIVE_INDEXES)).length;
    const insert = prepareSqliteInserts(w);
    await load((next) =>
      handle.transact(async () => {
        for (let b = await next(); b; b = await next()) insert(b);
      }),
    );
  } finally {
    const t = performance.now();
    if (deferred > 0) {
      onIndexes();
      // Building an index from one sorted pass is cheaper than maintaining the B-tree row by row.
      await restoreDeferredDdl(handle);
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

/**
 * Indexes kept live during a deferred-index load: their leading column has a handful of values (28
 * tags, 12 industries, 25 countries), so each insert lands on one of a few hot leaf pages. Measured
 * (CPU per row at 1M accounts): tag index ~0.9 µs live vs ~1.7 µs rebuilt, industry/country ~1.1 vs
 * ~1.3; everything else is cheaper to rebuild in one sorted pass.
 */
const LIVE_INDEXES = new Set(["account_tags_tag_idx", "accounts_industry_idx", "accounts_country_idx"]);

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

function prepareSqliteInserts(w: Database.Database): (b: EncodedBatch) => void {
  const inserts = SEED_TABLES.map(({ table, columns }) => ({
    table,
    width: columns.length,
    // Narrow tables get longer statements: the per-statement overhead is what is being amortised.
    bulk: new SqliteBulkInsert(w, table, columns.map((c) => c[0]), columns.length <= 2 ? 256 : 64),
  }));
  return (b) => {
    for (const { table, width, bulk } of inserts) {
      const cols = b.columns[table];
      const n = b.rows[table];
      for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) bulk.push(cols[j][i]);
      // Whatever is still buffered must go in before this batch commits.
      bulk.flush();
    }
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

async function loadPg(handle: DbHandle, load: LoadLoop, deferIndexes: boolean, timings: Timings, onIndexes: () => void): Promise<void> {
  let deferred = 0;
  try {
    // Indexes and foreign keys off during the load: per-row index maintenance and RI triggers are most
    // of PostgreSQL's insert cost; one sorted build and one validating join each are far cheaper.
    if (deferIndexes) deferred = (await deferDdl(handle, LOADED_TABLES)).length;
    const client = await handle.pool!.connect();
    try {
      await load(async (next) => {
        // Collect the transaction's chunks first, so the transaction itself is a few big statements.
        const chunks: EncodedBatch[] = [];
        for (let b = await next(); b; b = await next()) chunks.push(b);
        if (chunks.length === 0) return;
        const b = mergeEncoded(chunks);
        await client.query("BEGIN");
        try {
          // A lost seed is simply re-run; no need to wait for the WAL flush on every batch.
          await client.query("SET LOCAL synchronous_commit = off");
          for (const { table, columns } of SEED_TABLES) await unnestInsert(client, table, columns, b.columns[table], b.rows[table]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw err;
        }
      });
    } finally {
      client.release();
    }
  } finally {
    const t = performance.now();
    if (deferred > 0) {
      onIndexes();
      await restoreDeferredDdl(handle);
    }
    timings.indexes = performance.now() - t;
  }
  const f = performance.now();
  const client = await handle.pool!.connect();
  try {
    // We chose the ids, so move each identity sequence past them.
    for (const table of ["accounts", "contacts", "activities", "intent_signals", "opportunities"]) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST(COALESCE((SELECT max(id) FROM ${table}), 0), 1), (SELECT max(id) FROM ${table}) IS NOT NULL)`,
      );
    }
    await client.query(`ANALYZE ${LOADED_TABLES.join(", ")}`);
  } finally {
    client.release();
  }
  timings.finish += performance.now() - f;
}

/** `INSERT INTO table (cols) SELECT * FROM unnest($1::type[], …)`: one statement, one array per column. */
async function unnestInsert(
  client: pg.PoolClient,
  table: SeedTable,
  columns: readonly (readonly [string, string])[],
  values: unknown[][],
  rowCount: number,
): Promise<void> {
  if (rowCount === 0) return;
  const names = columns.map((c) => c[0]).join(", ");
  const args = columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(", ");
  await client.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${args})`, values);
}
