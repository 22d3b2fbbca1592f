/**
 * A counter that every change to account data bumps. Caches derived from the data (the scoring
 * snapshot, insight results) compare it to know they are stale, in this process or any other.
 */
import { eq } from "drizzle-orm";
import type { AppDatabase, DbHandle } from "../client";

const KEY = "data_version";

/** The current data version (0 when nothing was ever recorded). */
export async function getDataVersion(handle: DbHandle): Promise<number> {
  const { db, schema } = handle;
  const [row] = await db.select({ value: schema.appState.value }).from(schema.appState).where(eq(schema.appState.key, KEY));
  return row ? Number(row.value) : 0;
}

/** Bumps the data version inside the caller's transaction. */
export async function bumpDataVersion(handle: DbHandle, tx: AppDatabase): Promise<void> {
  const { schema } = handle;
  const now = Date.now();
  const current = await tx.select({ value: schema.appState.value }).from(schema.appState).where(eq(schema.appState.key, KEY));
  const next = (current[0] ? Number(current[0].value) : 0) + 1;
  await tx
    .insert(schema.appState)
    .values({ key: KEY, value: next as unknown, updatedAt: now })
    .onConflictDoUpdate({ target: schema.appState.key, set: { value: next as unknown, updatedAt: now } });
}
