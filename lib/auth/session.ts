/**
 * The data-access layer for identity: every page, server action and route handler asks here who the
 * caller is and whether the role may act. The role is read from the database on each request, so a
 * demotion or a disabled account applies at once; a missing AUTH_SECRET fails closed (nobody is signed in).
 */
import { cache } from "react";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { AppError } from "../errors";
import type { Role } from "../vocabulary";
import { can, type Permission } from "./policy";
import { auth } from "./index";

export const UNAUTHORIZED_MESSAGE = "Please sign in.";
export const FORBIDDEN_MESSAGE = "Your role does not allow this.";

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** The signed-in, enabled user of this request, or null. Cached per request. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  if (!process.env.AUTH_SECRET) return null;
  let session;
  try {
    session = await auth();
  } catch {
    // A forged or undecodable token is just "not signed in".
    return null;
  }
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const { db, schema } = getDb();
  const [user] = await db
    .select({ id: schema.users.id, email: schema.users.email, name: schema.users.name, role: schema.users.role, disabled: schema.users.disabled })
    .from(schema.users)
    .where(eq(schema.users.id, id));
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
