/**
 * What people change on an account from the app: a rep's working status and notes (on their own
 * accounts; an admin on any), and the owner (managers and admins). Each verb checks what only it can
 * check (ownership), validates, and writes the change and its audit line in one transaction. Role
 * permissions are checked by the caller (server actions) before anything is parsed.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ACCOUNT_STATUSES, type Role } from "@/lib/vocabulary";
import type { DbHandle } from "../client";
import { writeAudit } from "./audit";
import { bumpDataVersion } from "./data-version";

export interface AccountActor {
  userId: number;
  role: Role;
  label: string;
  ip?: string | null;
}

export const MAX_NOTES_LENGTH = 5_000;

export const updateAccountStatusSchema = z.object({
  accountId: z.coerce.number().int().positive(),
  status: z.enum(ACCOUNT_STATUSES, { error: `Choose one of: ${ACCOUNT_STATUSES.join(", ")}.` }),
  notes: z
    .string()
    .max(MAX_NOTES_LENGTH, `Notes are at most ${MAX_NOTES_LENGTH.toLocaleString("en-US")} characters.`)
    .transform((s) => s.replace(/\r\n/g, "\n").trim())
    .optional()
    .default(""),
});
export type UpdateAccountStatusInput = z.input<typeof updateAccountStatusSchema>;

export const reassignAccountSchema = z.object({
  accountId: z.coerce.number().int().positive(),
  /** "" or "none" unassigns */
  ownerId: z.union([z.literal("").transform(() => null), z.literal("none").transform(() => null), z.coerce.number().int().positive()]),
});
export type ReassignAccountInput = z.input<typeof reassignAccountSchema>;

function fieldErrors(err: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of err.issues) (out[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return out;
}

async function loadAccount(handle: DbHandle, accountId: number) {
  const a = handle.schema.accounts;
  const [row] = await handle.db.select({ id: a.id, name: a.name, ownerId: a.ownerId, status: a.status, notes: a.notes }).from(a).where(eq(a.id, accountId));
  if (!row) throw new AppError("not_found:account", "That account does not exist.");
  return row;
}

/**
 * Sets an account's working status and notes. A sales rep may change only accounts they own; an admin
 * any. Refuses (forbidden) before validating anything else about the change.
 */
export async function updateAccountStatus(handle: DbHandle, actor: AccountActor, input: UpdateAccountStatusInput): Promise<{ status: string; notes: string | null }> {
  const accountId = z.coerce.number().int().positive().safeParse(input.accountId);
  if (!accountId.success) throw new AppError("bad_request:account", "That account does not exist.");
  const account = await loadAccount(handle, accountId.data);
  if (actor.role !== "admin" && !(actor.role === "sales" && account.ownerId === actor.userId)) {
    throw new AppError("forbidden:account", "You can change the status and notes only of accounts you own.");
  }
  const parsed = updateAccountStatusSchema.safeParse(input);
  if (!parsed.success) throw new AppError("unprocessable:account", "Please correct the highlighted fields.", { fieldErrors: fieldErrors(parsed.error) });
  const { status, notes } = parsed.data;
  const nextNotes = notes === "" ? null : notes;
  const a = handle.schema.accounts;
  await handle.transact(async (tx) => {
    // The owner is checked again inside the transaction: a reassignment may have happened meanwhile.
    const updated = await tx
      .update(a)
      .set({ status, notes: nextNotes, updatedAt: Date.now() })
      .where(actor.role === "admin" ? eq(a.id, account.id) : and(eq(a.id, account.id), eq(a.ownerId, actor.userId)))
      .returning({ id: a.id });
    if (updated.length === 0) throw new AppError("forbidden:account", "You can change the status and notes only of accounts you own.");
    await writeAudit(
      handle,
      {
        actorUserId: actor.userId,
        actorLabel: actor.label,
        action: "account.update_status",
        targetType: "account",
        targetId: account.id,
        details: { from: account.status, to: status, notesChanged: (account.notes ?? null) !== nextNotes },
        ip: actor.ip,
      },
      tx,
    );
  });
  return { status, notes: nextNotes };
}

/**
 * Gives an account to another rep (or to nobody). The owner is a scoring attribute, so the data
 * version is bumped: caches derived from account data (snapshot, list index) refresh.
 */
export async function reassignAccountOwner(handle: DbHandle, actor: AccountActor, input: ReassignAccountInput): Promise<{ ownerId: number | null }> {
  if (actor.role !== "admin" && actor.role !== "manager") throw new AppError("forbidden:account", "Only managers and admins can reassign accounts.");
  const parsed = reassignAccountSchema.safeParse(input);
  if (!parsed.success) throw new AppError("unprocessable:account", "Please choose an owner.", { fieldErrors: fieldErrors(parsed.error) });
  const { accountId, ownerId } = parsed.data;
  const account = await loadAccount(handle, accountId);
  const u = handle.schema.users;
  if (ownerId !== null) {
    const [owner] = await handle.db.select({ id: u.id, role: u.role, disabled: u.disabled }).from(u).where(eq(u.id, ownerId));
    if (!owner || owner.disabled || owner.role !== "sales") {
      throw new AppError("unprocessable:account", "Accounts can be given only to active sales reps.", { fieldErrors: { ownerId: ["Choose an active sales rep."] } });
    }
  }
  if (account.ownerId === ownerId) return { ownerId };
  const a = handle.schema.accounts;
  await handle.transact(async (tx) => {
    await tx.update(a).set({ ownerId, updatedAt: Date.now() }).where(eq(a.id, account.id));
    await bumpDataVersion(handle, tx);
    await writeAudit(
      handle,
      { actorUserId: actor.userId, actorLabel: actor.label, action: "account.reassign", targetType: "account", targetId: account.id, details: { from: account.ownerId, to: ownerId }, ip: actor.ip },
      tx,
    );
  });
  return { ownerId };
}
