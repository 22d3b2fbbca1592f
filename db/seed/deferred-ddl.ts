/**
 * Bulk loads are much faster without secondary indexes (and, on PostgreSQL, without per-row
 * foreign-key triggers): one sorted index build or one validating join at the end beats maintaining
 * them row by row. This module drops them before a load and recreates them after, crash-safely: the
 * DDL to recreate is written to app_state in the same transaction that drops the objects, so a seed
 * that is killed half-way leaves a note that the next seed (or `restoreDeferredDdl`) acts on.
 */
import type pg from "pg";
import type { DbHandle } from "../client";

/** One dropped schema object and the statement that recreates it. */
export interface DeferredDdl {
  kind: "index" | "constraint";
  name: string;
  table: string;
  sql: string;
}

/** The app_state key holding the DDL of objects dropped by an unfinished load. */
export const DEFERRED_DDL_KEY = "demo_seed_deferred_ddl";

/**
 * Drops the secondary indexes of `tables` (on PostgreSQL also their foreign keys), except the
 * indexes named in `keep`, after recording how to recreate them. Returns what was dropped.
 */
export async function deferDdl(handle: DbHandle, tables: readonly string[], keep: ReadonlySet<string> = new Set()): Promise<DeferredDdl[]> {
  if (handle.dialect === "sqlite") {
    const w = handle.sqlite!.writer;
    return handle.transact(async () => {
      const placeholders = tables.map(() => "?").join(", ");
      const rows = w
        .prepare(`SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${placeholders}) ORDER BY name`)
        .all(...tables) as { name: string; table: string; sql: string }[];
      // Unique indexes go too: rebuilding a unique index re-checks uniqueness, so nothing is lost.
      const items: DeferredDdl[] = rows.filter((r) => !keep.has(r.name)).map((r) => ({ kind: "index", ...r }));
      if (items.length === 0) return items;
      saveSqlite(handle, items);
      for (const item of items) w.exec(`DROP INDEX ${quoteIdent(item.name)}`);
      return items;
    });
  }
  return withPgTransaction(handle, async (client) => {
    const indexes = await client.query<{ name: string; table: string; sql: string }>(
      `SELECT i.indexname AS name, i.tablename AS "table", i.indexdef AS sql
         FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_class ic ON ic.oid = c.conindid
                           WHERE ic.relname = i.indexname AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))
        ORDER BY i.indexname`,
      [tables],
    );
    const fks = await client.query<{ name: string; table: string; def: string }>(
      `SELECT c.conname AS name, t.relname AS "table", pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.contype = 'f' AND t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
          AND t.relname = ANY($1::text[])
        ORDER BY c.conname`,
      [tables],
    );
    const items: DeferredDdl[] = [
      ...indexes.rows.filter((r) => !keep.has(r.name)).map((r) => ({ kind: "index" as const, ...r })),
      ...fks.rows.map((r) => ({
        kind: "constraint" as const,
        name: r.name,
        table: r.table,
        sql: `ALTER TABLE ${quoteIdent(r.table)} ADD CONSTRAINT ${quoteIdent(r.name)} ${r.def}`,
      })),
    ];
    if (items.length === 0) return items;
    await client.query(
      `INSERT INTO app_state (key, value, updated_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [DEFERRED_DDL_KEY, JSON.stringify(items), Date.now()],
    );
    for (const item of items) {
      if (item.kind === "index") await client.query(`DROP INDEX ${quoteIdent(item.name)}`);
      else await client.query(`ALTER TABLE ${quoteIdent(item.table)} DROP CONSTRAINT ${quoteIdent(item.name)}`);
    }
    return items;
  });
}

/**
 * Recreates whatever an earlier `deferDdl` recorded and is still missing, then clears the note.
 * Indexes before constraints. Returns how many objects were recreated (0 when nothing was pending).
 */
export async function restoreDeferredDdl(handle: DbHandle): Promise<number> {
  if (handle.dialect === "sqlite") {
    const w = handle.sqlite!.writer;
    return handle.transact(async () => {
      const row = w.prepare(`SELECT value FROM app_state WHERE key = ?`).get(DEFERRED_DDL_KEY) as { value: string } | undefined;
      if (!row) return 0;
      const items = order(JSON.parse(row.value) as DeferredDdl[]);
      const exists = w.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`);
      let created = 0;
      for (const item of items) {
        if (exists.get(item.name)) continue;
        w.exec(item.sql);
        created++;
      }
      w.prepare(`DELETE FROM app_state WHERE key = ?`).run(DEFERRED_DDL_KEY);
      return created;
    });
  }
  return withPgTransaction(handle, async (client) => {
    const res = await client.query<{ value: DeferredDdl[] }>(`SELECT value FROM app_state WHERE key = $1 FOR UPDATE`, [DEFERRED_DDL_KEY]);
    if (res.rows.length === 0) return 0;
    // Sorting for index builds happens in maintenance_work_mem; the default 64 MB spills to disk.
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    let created = 0;
    for (const item of order(res.rows[0].value)) {
      const present =
        item.kind === "index"
          ? await client.query(`SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1`, [item.name])
          : await client.query(`SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.conname = $1 AND t.relname = $2`, [item.name, item.table]);
      if (present.rows.length > 0) continue;
      await client.query(item.sql);
      created++;
    }
    await client.query(`DELETE FROM app_state WHERE key = $1`, [DEFERRED_DDL_KEY]);
    return created;
  });
}

function order(items: DeferredDdl[]): DeferredDdl[] {
  return [...items.filter((i) => i.kind === "index"), ...items.filter((i) => i.kind === "constraint")];
}

function saveSqlite(handle: DbHandle, items: DeferredDdl[]): void {
  handle
    .sqlite!.writer.prepare(
      `INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(DEFERRED_DDL_KEY, JSON.stringify(items), Date.now());
}

async function withPgTransaction<T>(handle: DbHandle, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await handle.pool!.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Double-quotes an SQL identifier (both dialects). */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
