"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { createApiKey, revokeApiKey } from "@/db/mutations/api-keys";
import type { ApiKeyScope } from "@/lib/auth/api-keys";
import { requirePermission } from "@/lib/auth/session";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { actorOf, fields, invalid } from "../_lib/action-helpers";

const ACCESS: Record<string, ApiKeyScope[]> = { read: ["read"], write: ["write"], read_write: ["read", "write"] };

const createKeySchema = z.object({
  name: z.string().trim().min(1, { error: "Name the key after what uses it, e.g. “Salesforce sync”." }).max(100, { error: "At most 100 characters." }),
  access: z.enum(["read", "write", "read_write"], { error: "Choose what the key may do." }),
});

export interface CreatedApiKey {
  name: string;
  key: string;
}

/** Creates an API key and returns it once; only its hash is stored. */
export async function createApiKeyAction(_prev: ActionResult<CreatedApiKey> | null, formData: FormData): Promise<ActionResult<CreatedApiKey>> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = createKeySchema.safeParse(fields(formData, ["name", "access"]));
    if (!parsed.success) return invalid(parsed.error);
    const { key } = await createApiKey(getDb(), await actorOf(user), { name: parsed.data.name, scopes: ACCESS[parsed.data.access]! });
    revalidatePath("/settings/api-keys");
    return { ok: true, data: { name: parsed.data.name, key }, message: "Copy the key now: it will not be shown again." };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Revokes a key: its very next request is refused. */
export async function revokeApiKeyAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = z.object({ id: z.coerce.number().int().positive() }).safeParse(fields(formData, ["id"]));
    if (!parsed.success) return invalid(parsed.error);
    await revokeApiKey(getDb(), await actorOf(user), parsed.data.id);
    revalidatePath("/settings/api-keys");
    return { ok: true, message: "Key revoked." };
  } catch (err) {
    return toActionResult(err);
  }
}
