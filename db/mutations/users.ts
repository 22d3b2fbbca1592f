/**
 * Users and roles: create (with a password), change role, disable/enable. Roles are read from the
 * database on every request (lib/auth/session.ts), so a change applies on the user's next request.
 * The last enabled admin cannot be demoted or disabled, so the instance never locks itself out.
 */
import bcrypt from "bcryptjs";
import { and, eq, ne } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/vocabulary";
import type { AppDatabase, DbHandle } from "../client";
import { writeAudit } from "./audit";
import type { Actor } from "./models";

/** bcrypt cost of passwords set in the app. */
export const PASSWORD_BCRYPT_COST = 11;

/** Creates an enabled user. */
export async function createUser(handle: DbHandle, actor: Actor, input: { email: string; name: string; role: Role; password: string }): Promise<number> {
  const { schema } = handle;
  const email = input.email.trim().toLowerCase();
  const passwordHash = await bcrypt.hash(input.password, PASSWORD_BCRYPT_COST);
  const now = Date.now();
  return handle.transact(async (tx) => {
    const [clash] = await tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, email));
    if (clash) throw new AppError("conflict:user", `A user with the email ${email} already exists.`, { fieldErrors: { email: ["This email is already in use."] } });
    const [row] = await tx.insert(schema.users).values({ email, name: input.name.trim(), role: input.role, passwordHash, disabled: false, createdAt: now, updatedAt: now }).returning({ id: schema.users.id });
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "user.create", targetType: "user", targetId: row!.id, details: { email, role: input.role }, ip: actor.ip }, tx);
    return row!.id;
  });
}

async function otherEnabledAdmins(tx: AppDatabase, handle: DbHandle, userId: number): Promise<number> {
  const u = handle.schema.users;
  const rows = await tx.select({ id: u.id }).from(u).where(and(eq(u.role, "admin"), eq(u.disabled, false), ne(u.id, userId)));
  return rows.length;
}

/** Changes a user's role. */
export async function changeUserRole(handle: DbHandle, actor: Actor, userId: number, role: Role): Promise<void> {
  const u = handle.schema.users;
  await handle.transact(async (tx) => {
    const [user] = await tx.select().from(u).where(eq(u.id, userId));
    if (!user) throw new AppError("not_found:user", "That user does not exist.");
    if (user.role === role) return;
    if (user.role === "admin" && !user.disabled && (await otherEnabledAdmins(tx, handle, userId)) === 0)
      throw new AppError("conflict:user", "This is the last admin: make someone else an admin first.", { fieldErrors: { role: ["The last admin keeps the admin role."] } });
    await tx.update(u).set({ role, updatedAt: Date.now() }).where(eq(u.id, userId));
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "user.role_change", targetType: "user", targetId: userId, details: { email: user.email, from: user.role, to: role }, ip: actor.ip }, tx);
  });
}

/** Disables (signs out at the next request) or re-enables a user. */
export async function setUserDisabled(handle: DbHandle, actor: Actor, userId: number, disabled: boolean): Promise<void> {
  const u = handle.schema.users;
  await handle.transact(async (tx) => {
    const [user] = await tx.select().from(u).where(eq(u.id, userId));
    if (!user) throw new AppError("not_found:user", "That user does not exist.");
    if (user.disabled === disabled) return;
    if (disabled && actor.userId === userId) throw new AppError("conflict:user", "You cannot disable your own account.");
    if (disabled && user.role === "admin" && (await otherEnabledAdmins(tx, handle, userId)) === 0)
      throw new AppError("conflict:user", "This is the last admin and cannot be disabled.");
    await tx.update(u).set({ disabled, updatedAt: Date.now() }).where(eq(u.id, userId));
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: disabled ? "user.disable" : "user.enable", targetType: "user", targetId: userId, details: { email: user.email }, ip: actor.ip }, tx);
  });
}
