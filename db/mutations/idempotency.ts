/**
 * Idempotency-Key support for API writes. A key is reserved (status 0) before the request runs and
 * completed with the response afterwards, so a retry with the same key and body replays the stored
 * response instead of writing twice, the same key with another body is refused (422), and a retry that
 * arrives while the first attempt still runs is told so (409). Keys expire after a day.
 */
import { and, eq, lt } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { DbHandle } from "../client";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export type IdempotencyStart = { kind: "fresh" } | { kind: "replay"; status: number; body: string };

/**
 * Reserves `key` for this request, or answers what an earlier request with the same key left:
 * its stored response (same request hash), 422 (another hash), or 409 (still running).
 */
export async function beginIdempotentRequest(handle: DbHandle, apiKeyId: number, key: string, requestHash: string, now = Date.now()): Promise<IdempotencyStart> {
  const t = handle.schema.idempotencyKeys;
  return handle.transact(async (tx) => {
    const [existing] = await tx.select().from(t).where(and(eq(t.apiKeyId, apiKeyId), eq(t.key, key)));
    if (existing && existing.createdAt >= now - IDEMPOTENCY_TTL_MS) {
      if (existing.requestHash !== requestHash)
        throw new AppError("unprocessable:idempotency", "This Idempotency-Key was already used with a different request body. Use a new key for a new request.", {
          fieldErrors: { "Idempotency-Key": ["Already used with a different body."] },
        });
      if (existing.status === 0) throw new AppError("conflict:idempotency", "A request with this Idempotency-Key is still being processed; retry shortly.");
      return { kind: "replay", status: existing.status, body: existing.body };
    }
    if (existing) await tx.delete(t).where(and(eq(t.apiKeyId, apiKeyId), eq(t.key, key)));
    await tx.insert(t).values({ apiKeyId, key, requestHash, status: 0, body: "", createdAt: now });
    return { kind: "fresh" };
  });
}

/** Stores the response of a reserved key (a server error releases the key instead, so a retry runs again). */
export async function completeIdempotentRequest(handle: DbHandle, apiKeyId: number, key: string, status: number, body: string): Promise<void> {
  const t = handle.schema.idempotencyKeys;
  await handle.transact(async (tx) => {
    if (status >= 500) await tx.delete(t).where(and(eq(t.apiKeyId, apiKeyId), eq(t.key, key)));
    else await tx.update(t).set({ status, body }).where(and(eq(t.apiKeyId, apiKeyId), eq(t.key, key)));
  });
}

/** Deletes expired keys; returns how many. */
export async function pruneIdempotencyKeys(handle: DbHandle, now = Date.now()): Promise<number> {
  const t = handle.schema.idempotencyKeys;
  const rows = await handle.transact((tx) => tx.delete(t).where(lt(t.createdAt, now - IDEMPOTENCY_TTL_MS)).returning({ key: t.key }));
  return rows.length;
}
