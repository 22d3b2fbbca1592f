/**
 * Sign-in throttling, kept in the database so it holds across restarts and app instances.
 * Five failures in a row for one (email, address) lock that pair; twenty for one email across all
 * addresses lock the email (so rotating a spoofed X-Forwarded-For does not buy unlimited guesses).
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";

export const MAX_FAILURES_PER_ADDRESS = 5;
export const MAX_FAILURES_PER_EMAIL = 20;
export const LOCK_MS = 15 * 60 * 1000;

const pairKey = (email: string, ip: string) => `pair:${email.toLowerCase()}|${ip}`;
const emailKey = (email: string) => `email:${email.toLowerCase()}`;

/** Milliseconds left on a lock for this email and address, or 0 when sign-in may be tried. */
export async function lockRemainingMs(handle: DbHandle, email: string, ip: string, now = Date.now()): Promise<number> {
  const { db, schema } = handle;
  const rows = await db
    .select()
    .from(schema.loginAttempts)
    .where(inArray(schema.loginAttempts.key, [pairKey(email, ip), emailKey(email)]));
  let remaining = 0;
  for (const r of rows) if (r.lockedUntil && r.lockedUntil > now) remaining = Math.max(remaining, r.lockedUntil - now);
  return remaining;
}

/** Counts one failure; locks the pair or the email when its limit is reached. */
export async function recordFailure(handle: DbHandle, email: string, ip: string, now = Date.now()): Promise<void> {
  const { schema } = handle;
  await handle.transact(async (tx) => {
    for (const [key, limit] of [
      [pairKey(email, ip), MAX_FAILURES_PER_ADDRESS],
      [emailKey(email), MAX_FAILURES_PER_EMAIL],
    ] as const) {
      const [row] = await tx.select().from(schema.loginAttempts).where(eq(schema.loginAttempts.key, key));
      // A lock that has run out starts a fresh count.
      const expired = row?.lockedUntil != null && row.lockedUntil <= now;
      const failures = !row || expired ? 1 : row.failures + 1;
      const lockedUntil = failures >= limit ? now + LOCK_MS : null;
      await tx
        .insert(schema.loginAttempts)
        .values({ key, failures, firstFailureAt: now, lockedUntil })
        .onConflictDoUpdate({ target: schema.loginAttempts.key, set: { failures, lockedUntil, firstFailureAt: sql`${schema.loginAttempts.firstFailureAt}` } });
    }
  });
}

/** A successful sign-in clears the pair's count (the per-email count decays only by its lock). */
export async function clearFailures(handle: DbHandle, email: string, ip: string): Promise<void> {
  const { schema } = handle;
  await handle.transact((tx) => tx.delete(schema.loginAttempts).where(eq(schema.loginAttempts.key, pairKey(email, ip))));
}
