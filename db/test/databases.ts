/**
 * Test helpers that give each test file real, freshly migrated databases: a temp SQLite file always,
 * and a throwaway PostgreSQL database when TEST_DATABASE_URL is set (CI sets it; locally the
 * PostgreSQL half is skipped with a message saying why).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type DbHandle, type Dialect } from "../client";
import { migrateDatabase } from "../migrate";

export const PG_URL = process.env.TEST_DATABASE_URL;
export const PG_SKIP_REASON = "PostgreSQL tests skipped: TEST_DATABASE_URL is not set (CI sets it; see README → Tests)";

let warned = false;
/** The dialects this run can test, printing once why PostgreSQL is skipped. */
export function testDialects(): Dialect[] {
  if (!PG_URL && !warned) {
    warned = true;
    console.warn(PG_SKIP_REASON);
  }
  return PG_URL ? ["sqlite", "pg"] : ["sqlite"];
}

export interface TestDatabase {
  handle: DbHandle;
  drop(): Promise<void>;
}

/** Creates and migrates a fresh database of the given dialect. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-test-"));
    const handle = openDatabase(`file:${path.join(dir, "test.db")}`);
    await migrateDatabase(handle);
    return {
      handle,
      drop: async () => {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error(PG_SKIP_REASON);
  const name = `lodestar_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase(url.toString());
  await migrateDatabase(handle);
  return {
    handle,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        // FORCE cannot end an autovacuum worker that happens to be on the database unless the role may
        // signal it (pg_signal_backend): wait for the worker to finish instead of failing the suite.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (err) {
            if (attempt >= 20) {
              console.warn(`could not drop test database ${name}: ${(err as Error).message}`);
              break;
            }
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}
