"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { reassignAccountOwner, updateAccountStatus } from "@/db/mutations/accounts";
import { clientIp } from "@/lib/auth";
import { requirePermission } from "@/lib/auth/session";
import { toActionResult, type FieldErrors } from "@/lib/errors";

export interface AccountFormState {
  ok?: boolean;
  message?: string;
  fieldErrors?: FieldErrors;
}

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

/**
 * Sets the working status and notes of an account. Sales reps may change only accounts they own
 * (checked by the verb against the database, not the form); admins any.
 */
export async function updateAccountStatusAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  try {
    const user = await requirePermission("accounts:update-status");
    const accountId = text(formData.get("accountId"));
    const res = await updateAccountStatus(
      getDb(),
      { userId: user.id, role: user.role, label: user.email, ip: clientIp(await headers()) },
      { accountId, status: text(formData.get("status")) as never, notes: text(formData.get("notes")) },
    );
    revalidatePath(`/accounts/${accountId}`);
    revalidatePath("/accounts");
    return { ok: true, message: `Status set to ${res.status}${res.notes ? "; notes saved" : ""}.` };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Gives an account to another sales rep (or nobody). Managers and admins. */
export async function reassignOwnerAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  try {
    const user = await requirePermission("accounts:reassign");
    const accountId = text(formData.get("accountId"));
    const res = await reassignAccountOwner(
      getDb(),
      { userId: user.id, role: user.role, label: user.email, ip: clientIp(await headers()) },
      { accountId, ownerId: text(formData.get("ownerId")) },
    );
    revalidatePath(`/accounts/${accountId}`);
    revalidatePath("/accounts");
    return { ok: true, message: res.ownerId === null ? "The account is now unassigned." : "Owner changed." };
  } catch (err) {
    return toActionResult(err);
  }
}
