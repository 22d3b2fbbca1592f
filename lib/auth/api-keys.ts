/**
 * API keys: `ldst_<prefix>_<secret>`, created by admins and shown once. Only a SHA-256 of the whole
 * key is stored: a key carries 256 random bits, so a fast hash is as safe as a slow one and costs
 * nothing per request. Every request looks the key up in the database, so a revoked key is refused on
 * its very next request, from any app instance. Scopes: `read` (GET endpoints), `write` (upserts).
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { AppError } from "../errors";

export const API_KEY_SCOPES = ["read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** last_used_at is written at most this often per key, so a busy key does not write on every request. */
export const LAST_USED_GRANULARITY_MS = 60_000;

const KEY_RE = /^ldst_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** the full key, shown to the admin once */
  key: string;
  prefix: string;
  hash: string;
}

/** SHA-256 hex of a key. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A new random key with its prefix (shown in lists to tell keys apart) and hash. */
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(5).toString("hex").slice(0, 8);
  const secret = randomBytes(32).toString("base64url");
  const key = `ldst_${prefix}_${secret}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The key a request authenticates with. */
export interface ApiPrincipal {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  /** the audit log's actor label */
  label: string;
}

const unauthorized = (message: string) => new AppError("unauthorized:api", message, { headers: { "WWW-Authenticate": 'Bearer realm="lodestar"' } });

/** The bearer token of a request, or null. */
export function bearerToken(request: Request): string | null {
  const h = request.headers.get("authorization");
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : null;
}

/**
 * The API key of a request: 401 when there is none, it is malformed, unknown or revoked. Updates
 * last_used_at when it is more than a minute old. Does not check scopes (see `requireScope`).
 */
export async function authenticateApiKey(handle: DbHandle, request: Request, now = Date.now()): Promise<ApiPrincipal> {
  const token = bearerToken(request);
  if (!token) throw unauthorized("Send an API key: Authorization: Bearer <key>.");
  if (!KEY_RE.test(token)) throw unauthorized("The API key is not valid.");
  const { db, schema } = handle;
  const k = schema.apiKeys;
  const [row] = await db
    .select({ id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes, revokedAt: k.revokedAt, lastUsedAt: k.lastUsedAt })
    .from(k)
    .where(eq(k.keyHash, hashApiKey(token)));
  if (!row) throw unauthorized("The API key is not valid.");
  if (row.revokedAt != null) throw unauthorized("The API key has been revoked.");
  if (row.lastUsedAt == null || row.lastUsedAt < now - LAST_USED_GRANULARITY_MS) {
    const cutoff = now - LAST_USED_GRANULARITY_MS;
    await handle.transact((tx) =>
      tx.update(k).set({ lastUsedAt: now }).where(and(eq(k.id, row.id), or(isNull(k.lastUsedAt), lt(k.lastUsedAt, cutoff)))),
    );
  }
  const scopes = (Array.isArray(row.scopes) ? row.scopes : []).filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s));
  return { id: row.id, name: row.name, prefix: row.prefix, scopes, label: `api-key:${row.name}` };
}

/** 403 unless the key holds `scope`. */
export function requireScope(principal: ApiPrincipal, scope: ApiKeyScope): void {
  if (!principal.scopes.includes(scope)) throw new AppError("forbidden:api", `This API key lacks the ${scope} scope.`);
}

// ---------------------------------------------------------------------------------------------
// Rate limiting

/** Requests per window and window length, from LODESTAR_API_RATE_LIMIT / LODESTAR_API_RATE_WINDOW_S. */
export function rateLimitConfig(): { limit: number; windowMs: number } {
  const limit = Number(process.env.LODESTAR_API_RATE_LIMIT ?? 120);
  const windowS = Number(process.env.LODESTAR_API_RATE_WINDOW_S ?? 60);
  return { limit: Number.isFinite(limit) && limit > 0 ? limit : 120, windowMs: (Number.isFinite(windowS) && windowS > 0 ? windowS : 60) * 1000 };
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** seconds until the window resets */
  resetS: number;
}

/**
 * Counts one request of a key in a fixed window kept in the database (so all app instances share it);
 * throws 429 with Retry-After when the window's budget is spent.
 */
export async function consumeRateLimit(handle: DbHandle, apiKeyId: number, now = Date.now()): Promise<RateLimitState> {
  const { limit, windowMs } = rateLimitConfig();
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const r = handle.schema.rateLimits;
  const [row] = await handle.transact((tx) =>
    tx
      .insert(r)
      .values({ key: `api:${apiKeyId}`, windowStart, count: 1 })
      .onConflictDoUpdate({
        target: r.key,
        set: {
          count: sql`CASE WHEN ${r.windowStart} = ${windowStart} THEN ${r.count} + 1 ELSE 1 END`,
          windowStart: sql`${windowStart}`,
        },
      })
      .returning({ count: r.count }),
  );
  const count = Number(row?.count ?? 1);
  const resetS = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
  const state = { limit, remaining: Math.max(0, limit - count), resetS };
  if (count > limit)
    throw new AppError("rate_limited:api", `Rate limit of ${limit} requests per ${windowMs / 1000} s exceeded; retry in ${resetS} s.`, {
      headers: { "Retry-After": String(resetS), "X-RateLimit-Limit": String(limit), "X-RateLimit-Remaining": "0" },
    });
  return state;
}
