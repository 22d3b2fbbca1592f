/**
 * The one place where the database driver is chosen. `DATABASE_URL` decides:
 * - unset, `file:<path>` or a plain path → SQLite (better-sqlite3), default `data/lodestar.db`;
 * - `postgres://…` / `postgresql://…` → PostgreSQL (pg Pool).
 *
 * Queries are written once against the SQLite-typed Drizzle API with portable operators only, and run on
 * either dialect because `schema` holds the active dialect's table objects at run time (the two schemas
 * have the same names and columns; db/schema/parity.test.ts keeps them so).
 *
 * Writes: every mutation goes through `transact()`. On SQLite, reads use one connection and writes another
 * behind an in-process lock, so a reader never sees a half-written transaction (WAL gives readers the last
 * committed snapshot) and an awaiting transaction can never be joined by someone else's statement.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { sql, type SQL } from "drizzle-orm";
import pg from "pg";
import * as sqliteSchema from "./schema/sqlite";
import * as pgSchema from "./schema/pg";

export type Dialect = "sqlite" | "pg";
export type Schema = typeof sqliteSchema;
/** Typed as the SQLite database; at run time it is whichever dialect is configured. */
export type AppDatabase = BetterSQLite3Database<Schema>;

export interface DbHandle {
  dialect: Dialect;
  url: string;
  db: AppDatabase;
  schema: Schema;
  /**
   * Runs `fn` in one transaction (serialised on SQLite); rolls back if it throws. `trustedReferences`
   * (SQLite only) skips the per-row foreign-key lookups for this transaction: for bulk writes whose
   * references the caller has just read from their parent tables (a publish writes a score for every
   * account of the snapshot). PostgreSQL ignores it.
   */
  transact<T>(fn: (tx: AppDatabase) => Promise<T>, options?: { trustedReferences?: boolean }): Promise<T>;
  /** Raw SQL returning rows as objects. */
  all<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Raw SQL for its effect, outside any transaction. */
  run(query: SQL): Promise<void>;
  /** SQLite only: the raw connections, for bulk streamed work (snapshot loads, publish). */
  sqlite?: { reader: Database.Database; writer: Database.Database; path: string };
  /** PostgreSQL only: the pool, for bulk work. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = path.join(process.cwd(), "data", "lodestar.db");

/** Parses DATABASE_URL into a dialect and a location. */
export function resolveDatabaseUrl(url = process.env.DATABASE_URL): { dialect: Dialect; location: string } {
  if (!url || url.trim() === "") return { dialect: "sqlite", location: DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: "pg", location: url };
  const p = url.replace(/^(file|sqlite):(\/\/)?/i, "");
  return { dialect: "sqlite", location: path.resolve(p) };
}

function openSqliteConnection(file: string): Database.Database {
  const conn = new Database(file);
  conn.pragma("journal_mode = WAL");
  conn.pragma("busy_timeout = 5000");
  conn.pragma("foreign_keys = ON");
  conn.pragma("synchronous = NORMAL");
  conn.pragma("cache_size = -65536");
  conn.pragma("temp_store = MEMORY");
  conn.pragma("mmap_size = 1073741824");
  return conn;
}

/**
 * The connection as Drizzle sees it, keeping the statements it prepares by SQL text (the 200 used last).
 * Drizzle prepares a statement for every query it runs, and for the list's page of rows by id
 * (up to a hundred placeholders) preparing costs about as much as running. A cached statement is
 * handed out in object mode (Drizzle switches it to raw mode for typed selects), and never while an
 * iteration holds it.
 */
function withStatementCache(conn: Database.Database, max = 200): Database.Database {
  const statements = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    const hit = statements.get(source);
    if (hit && !hit.busy) {
      // Least recently used first, so the list's few hot statements outlive a burst of one-off ones.
      statements.delete(source);
      statements.set(source, hit);
      return hit.reader ? hit.raw(false) : hit;
    }
    const stmt = conn.prepare(source);
    if (!hit) {
      statements.set(source, stmt);
      if (statements.size > max) statements.delete(statements.keys().next().value!);
    }
    return stmt;
  };
  return new Proxy(conn, {
    get(target, prop) {
      if (prop === "prepare") return prepare;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A FIFO async lock: one SQLite write transaction at a time within this process. */
function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    const prev = tail;
    let release!: () => void;
    tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

/** Opens a database handle for a URL (tests and scripts open their own; the app uses getDb()). */
export function openDatabase(url = process.env.DATABASE_URL): DbHandle {
  const { dialect, location } = resolveDatabaseUrl(url);
  if (dialect === "pg") {
    const pool = new pg.Pool({ connectionString: location, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    // bigint (int8) columns hold epoch milliseconds and counts: well inside Number's safe range.
    pool.on("connect", () => undefined);
    // An idle pooled connection can be cut by the server (restart, failover, a dropped database).
    // pg-pool then emits "error" on the pool, and an unhandled "error" event would take the whole
    // process down; the pool already discards the connection and opens a new one on next use.
    pool.on("error", (err) => console.warn(`PostgreSQL closed an idle connection: ${err.message}`));
    const db = drizzlePg(pool, { schema: pgSchema }) as unknown as AppDatabase;
    return {
      dialect,
      url: location,
      db,
      schema: pgSchema as unknown as Schema,
      transact: (fn) => (db as unknown as ReturnType<typeof drizzlePg>).transaction((tx) => fn(tx as unknown as AppDatabase)),
      all: async <T>(q: SQL) => (await pool.query(pgQuery(db, q))).rows as T[],
      run: async (q: SQL) => {
        await pool.query(pgQuery(db, q));
      },
      pool,
      close: () => pool.end(),
    };
  }
  fs.mkdirSync(path.dirname(location), { recursive: true });
  const writer = openSqliteConnection(location);
  const reader = openSqliteConnection(location);
  const db = drizzleSqlite(withStatementCache(reader), { schema: sqliteSchema });
  const wdb = drizzleSqlite(writer, { schema: sqliteSchema });
  const withLock = createLock();
  return {
    dialect,
    url: location,
    db,
    schema: sqliteSchema,
    transact: (fn, options) =>
      withLock(async () => {
        // The pragma is a no-op inside a transaction, so it is switched around it.
        const trusted = options?.trustedReferences === true;
        if (trusted) writer.pragma("foreign_keys = OFF");
        writer.exec("BEGIN IMMEDIATE");
        try {
          const result = await fn(wdb);
          writer.exec("COMMIT");
          return result;
        } catch (err) {
          if (writer.inTransaction) writer.exec("ROLLBACK");
          throw err;
        } finally {
          if (trusted) writer.pragma("foreign_keys = ON");
        }
      }),
    all: async <T>(q: SQL) => db.all(q) as T[],
    run: (q: SQL) => withLock(async () => void wdb.run(q)),
    sqlite: { reader, writer, path: location },
    close: async () => {
      reader.close();
      writer.close();
    },
  };
}

function pgQuery(db: AppDatabase, q: SQL): { text: string; values: unknown[] } {
  const compiled = (db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } } }).dialect.sqlToQuery(q);
  return { text: compiled.sql, values: compiled.params };
}

// Parse int8 as JS numbers: our bigint columns are epoch ms and counts.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric (e.g. SUM of doubles can come back as numeric) → number
pg.types.setTypeParser(1700, (v) => Number(v));

const globalForDb = globalThis as unknown as { __lodestarDb?: DbHandle };

/** The process-wide database handle of the app (survives dev hot reloads). */
export function getDb(): DbHandle {
  if (!globalForDb.__lodestarDb) globalForDb.__lodestarDb = openDatabase();
  return globalForDb.__lodestarDb;
}

/** Dialect-neutral "now" for SQL defaults written by hand. */
export const nowMs = () => Date.now();

export { sql };
