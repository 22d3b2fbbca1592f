/**
 * The data-access layer for identity: every page, server action and route handler asks here who the
 * caller is and whether the role may act. The role is read from the database on each request, so a
 * demotion or a disabled account applies at once; a missing AUTH_SECRET fails closed (nobody is signed in).
 */
import { cache } from "react";
import { headers } from "next/headers";
import { decode, getToken, type JWT } from "next-auth/jwt";
import { eq, sql } from "drizzle-orm";
import { getDb, type DbHandle } from "@/db/client";
import { AppError } from "../errors";
import type { Role } from "../vocabulary";
import { can, type Permission } from "./policy";

export const UNAUTHORIZED_MESSAGE = "Please sign in.";
export const FORBIDDEN_MESSAGE = "Your role does not allow this.";

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** Decoded session tokens, by cookie name and token: the claims of one exact token never change. */
const decodedTokens = new Map<string, JWT>();
const DECODED_TOKENS_MAX = 1000;

/**
 * next-auth's `decode` (key derivation and decryption, about half a millisecond of CPU), remembered
 * per token: a rep sends the same cookie with every click. Only successfully decrypted tokens are
 * kept, and the expiry is checked on every use exactly as jose checks it (15 s of clock tolerance).
 */
export async function decodeSessionToken(params: { token?: string; secret: string | string[]; salt: string }): Promise<JWT | null> {
  if (!params.token) return null;
  const key = `${params.salt} ${params.token}`;
  let claims = decodedTokens.get(key);
  if (!claims) {
    const fresh = await decode(params);
    if (!fresh) return null;
    claims = fresh;
    decodedTokens.set(key, claims);
    if (decodedTokens.size > DECODED_TOKENS_MAX) decodedTokens.delete(decodedTokens.keys().next().value!);
  }
  if (typeof claims.exp === "number" && claims.exp <= Math.floor(Date.now() / 1000) - 15) {
    decodedTokens.delete(key);
    throw new Error("the session token has expired");
  }
  return claims;
}

/**
 * Whether next-auth names the session cookie `__Secure-…` for this request: it does when the app's
 * URL (AUTH_URL, else the forwarded protocol, else https) is https.
 */
export function usesSecureCookies(h: Headers, env: Record<string, string | undefined> = process.env): boolean {
  const envUrl = env.AUTH_URL ?? env.NEXTAUTH_URL;
  if (envUrl) return new URL(envUrl).protocol === "https:";
  return (h.get("x-forwarded-proto") ?? "https").replace(/:$/, "") === "https";
}

/**
 * The user id the request's session token carries, or null. What `auth()` answers for a JWT session
 * (the jwt and session callbacks of ./config.ts only copy `uid`), without its full request round
 * trip: a session response, a CSRF token and a re-encrypted cookie that a server component cannot set.
 */
async function sessionUserId(secret: string): Promise<number | null> {
  const h = await headers();
  const token = await getToken({ req: { headers: h }, secret, secureCookie: usesSecureCookies(h), decode: decodeSessionToken });
  const id = Number(typeof token?.uid === "string" ? token.uid : NaN);
  return Number.isInteger(id) && id > 0 ? id : null;
}

type UserLookup = (id: number) => Promise<{ id: number; email: string; name: string; role: string; disabled: boolean } | undefined>;
const userLookups = new WeakMap<DbHandle, UserLookup>();

/** The user row by id: on SQLite one statement prepared once per connection (the query runs on every request). */
function userLookup(handle: DbHandle): UserLookup {
  let lookup = userLookups.get(handle);
  if (!lookup) {
    const { db, schema } = handle;
    const u = schema.users;
    const columns = { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled };
    if (handle.dialect === "sqlite") {
      const prepared = db.select(columns).from(u).where(eq(u.id, sql.placeholder("id"))).prepare();
      lookup = async (id) => (await prepared.all({ id }))[0];
    } else {
      lookup = async (id) => (await db.select(columns).from(u).where(eq(u.id, id)))[0];
    }
    userLookups.set(handle, lookup);
  }
  return lookup;
}

/** The signed-in, enabled user of this request, or null. Cached per request. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  // A forged, expired or undecodable token is just "not signed in".
  const id = await sessionUserId(secret).catch(() => null);
  if (id === null) return null;
  const user = await userLookup(getDb())(id);
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
});

/**
 * The current user when they hold `permission`; throws AppError unauthorized (no session) or
 * forbidden (wrong role). For server actions and route handlers.
 */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthorized:auth", UNAUTHORIZED_MESSAGE);
  if (!can(user.role, permission)) throw new AppError("forbidden:auth", FORBIDDEN_MESSAGE);
  return user;
}
