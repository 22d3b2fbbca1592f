"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { createWebhookEndpoint, deleteWebhookEndpoint, replayDelivery, sendTestDelivery, setWebhookEndpointEnabled } from "@/db/mutations/webhooks";
import { requirePermission } from "@/lib/auth/session";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { actorOf, fields, invalid } from "../_lib/action-helpers";

const id = z.coerce.number({ error: "Unknown item." }).int().positive({ error: "Unknown item." });

const createEndpointSchema = z.object({
  name: z.string().trim().min(1, { error: "Name the endpoint, e.g. “CRM alerts”." }).max(100, { error: "At most 100 characters." }),
  url: z
    .string()
    .trim()
    .max(2000, { error: "At most 2,000 characters." })
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === "https:" || u.protocol === "http:";
      } catch {
        return false;
      }
    }, { error: "Enter a full http(s) URL, e.g. https://example.com/hooks/lodestar." }),
  secret: z.union([z.literal(""), z.string().trim().min(16, { error: "Use at least 16 characters, or leave empty to generate one." }).max(200)]),
});

export interface CreatedEndpoint {
  name: string;
  secret: string;
}

/** Creates an endpoint; its signing secret is shown once. */
export async function createWebhookEndpointAction(_prev: ActionResult<CreatedEndpoint> | null, formData: FormData): Promise<ActionResult<CreatedEndpoint>> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = createEndpointSchema.safeParse(fields(formData, ["name", "url", "secret"]));
    if (!parsed.success) return invalid(parsed.error);
    const { secret } = await createWebhookEndpoint(getDb(), await actorOf(user), { name: parsed.data.name, url: parsed.data.url, secret: parsed.data.secret || null });
    revalidatePath("/settings/webhooks");
    return { ok: true, data: { name: parsed.data.name, secret }, message: "Copy the signing secret now: it will not be shown again." };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Enables or disables an endpoint. */
export async function setWebhookEndpointEnabledAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = z.object({ id, enabled: z.enum(["true", "false"]) }).safeParse(fields(formData, ["id", "enabled"]));
    if (!parsed.success) return invalid(parsed.error);
    await setWebhookEndpointEnabled(getDb(), await actorOf(user), parsed.data.id, parsed.data.enabled === "true");
    revalidatePath("/settings/webhooks");
    return { ok: true };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Deletes an endpoint and its delivery log. */
export async function deleteWebhookEndpointAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = z.object({ id }).safeParse(fields(formData, ["id"]));
    if (!parsed.success) return invalid(parsed.error);
    await deleteWebhookEndpoint(getDb(), await actorOf(user), parsed.data.id);
    revalidatePath("/settings/webhooks");
    return { ok: true };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Queues a signed test event to an endpoint; the worker sends it within seconds. */
export async function sendTestWebhookAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = z.object({ id }).safeParse(fields(formData, ["id"]));
    if (!parsed.success) return invalid(parsed.error);
    await sendTestDelivery(getDb(), await actorOf(user), parsed.data.id);
    revalidatePath("/settings/webhooks");
    return { ok: true, message: "Test queued: it appears in the log below within a few seconds." };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Replays a delivery: a new attempt now. */
export async function replayDeliveryAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = z.object({ id }).safeParse(fields(formData, ["id"]));
    if (!parsed.success) return invalid(parsed.error);
    await replayDelivery(getDb(), await actorOf(user), parsed.data.id);
    revalidatePath("/settings/webhooks");
    return { ok: true, message: "Replay queued." };
  } catch (err) {
    return toActionResult(err);
  }
}
