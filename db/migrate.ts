/**
 * Applies the dialect's generated migrations (db/migrations/{sqlite,pg}) to a database handle.
 */
import path from "node:path";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import type { DbHandle } from "./client";

const MIGRATIONS_ROOT = path.join(process.cwd(), "db", "migrations");

/** Brings the schema up to date; safe to run repeatedly. */
export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.dialect === "pg") {
    const db = drizzlePg(handle.pool!);
    // Serialise concurrent migrators (several app instances starting at once).
    const client = await handle.pool!.connect();
    try {
      await client.query("SELECT pg_advisory_lock(7261001)");
      await migratePg(db, { migrationsFolder: path.join(MIGRATIONS_ROOT, "pg") });
    } finally {
      await client.query("SELECT pg_advisory_unlock(7261001)").catch(() => undefined);
      client.release();
    }
    return;
  }
  migrateSqlite(drizzleSqlite(handle.sqlite!.writer), { migrationsFolder: path.join(MIGRATIONS_ROOT, "sqlite") });
}
