"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { changeUserRole, createUser, setUserDisabled } from "@/db/mutations/users";
import { requirePermission } from "@/lib/auth/session";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { ROLES } from "@/lib/vocabulary";
import { actorOf, fields, invalid } from "../_lib/action-helpers";

const role = z.enum(ROLES, { error: "Choose a role." });
const userId = z.coerce.number({ error: "Unknown user." }).int().positive({ error: "Unknown user." });

const createUserSchema = z.object({
  name: z.string().trim().min(1, { error: "Enter the person's name." }).max(100, { error: "At most 100 characters." }),
  email: z.string().trim().toLowerCase().email({ error: "Enter a valid email address." }).max(254),
  role,
  password: z.string().min(12, { error: "Use at least 12 characters." }).max(200, { error: "At most 200 characters." }),
});

/** Creates a user who can sign in at once with the given password. */
export async function createUserAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = createUserSchema.safeParse(fields(formData, ["name", "email", "role", "password"]));
    if (!parsed.success) return invalid(parsed.error);
    await createUser(getDb(), await actorOf(user), parsed.data);
    revalidatePath("/settings/users");
    return { ok: true, message: `${parsed.data.email} can now sign in as ${parsed.data.role}.` };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Changes a user's role; it applies on their next request. */
export async function changeUserRoleAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = z.object({ userId, role }).safeParse(fields(formData, ["userId", "role"]));
    if (!parsed.success) return invalid(parsed.error);
    await changeUserRole(getDb(), await actorOf(user), parsed.data.userId, parsed.data.role);
    revalidatePath("/settings/users");
    return { ok: true, message: "Role changed." };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Disables (or re-enables) a user: a disabled user is signed out at their next request. */
export async function setUserDisabledAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = z.object({ userId, disabled: z.enum(["true", "false"]) }).safeParse(fields(formData, ["userId", "disabled"]));
    if (!parsed.success) return invalid(parsed.error);
    await setUserDisabled(getDb(), await actorOf(user), parsed.data.userId, parsed.data.disabled === "true");
    revalidatePath("/settings/users");
    return { ok: true, message: parsed.data.disabled === "true" ? "User disabled." : "User enabled." };
  } catch (err) {
    return toActionResult(err);
  }
}
