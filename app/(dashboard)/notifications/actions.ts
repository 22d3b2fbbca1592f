"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { markNotificationsRead } from "@/db/mutations/notifications";
import { requirePermission } from "@/lib/auth/session";
import { toActionResult, type ActionResult } from "@/lib/errors";

/** Marks the signed-in user's notifications read: one (`id`) or all. Nobody can touch another's. */
export async function markNotificationsReadAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("accounts:read");
    const parsed = z.union([z.literal(""), z.coerce.number().int().positive()]).safeParse(String(formData.get("id") ?? ""));
    if (!parsed.success) return { ok: false, message: "Unknown notification." };
    const n = await markNotificationsRead(getDb(), user.id, parsed.data === "" ? undefined : parsed.data);
    revalidatePath("/notifications");
    return { ok: true, message: n === 1 ? "1 notification marked read." : `${n} notifications marked read.` };
  } catch (err) {
    return toActionResult(err);
  }
}
