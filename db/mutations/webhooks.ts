/**
 * Webhook endpoints (create with a secret shown once, enable/disable, delete), test sends and replays
 * of deliveries. Every change is audited. Sending is the worker's job (db/jobs/webhook-worker.ts):
 * these verbs only queue deliveries due now.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { DbHandle } from "../client";
import { newEventId } from "./alerts";
import { writeAudit } from "./audit";
import type { Actor } from "./models";

/** A new signing secret. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;

/** Creates an endpoint; returns its secret (generated unless given), the only time it is shown. */
export async function createWebhookEndpoint(handle: DbHandle, actor: Actor, input: { name: string; url: string; secret?: string | null }): Promise<{ id: number; secret: string }> {
  const { schema } = handle;
  const secret = input.secret?.trim() || newWebhookSecret();
  return handle.transact(async (tx) => {
    const [row] = await tx
      .insert(schema.webhookEndpoints)
      .values({ name: input.name, url: input.url, secret, enabled: true, createdBy: actor.userId, createdAt: Date.now() })
      .returning({ id: schema.webhookEndpoints.id });
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "webhook.create", targetType: "webhook_endpoint", targetId: row!.id, details: { name: input.name, url: input.url }, ip: actor.ip }, tx);
    return { id: row!.id, secret };
  });
}

async function endpointOr404(handle: DbHandle, id: number) {
  const [row] = await handle.db.select().from(handle.schema.webhookEndpoints).where(eq(handle.schema.webhookEndpoints.id, id));
  if (!row) throw new AppError("not_found:webhook", "That webhook endpoint does not exist.");
  return row;
}

/** Enables or disables an endpoint (a disabled endpoint gets no new deliveries and fails queued ones). */
export async function setWebhookEndpointEnabled(handle: DbHandle, actor: Actor, id: number, enabled: boolean): Promise<void> {
  const { schema } = handle;
  const row = await endpointOr404(handle, id);
  await handle.transact(async (tx) => {
    await tx.update(schema.webhookEndpoints).set({ enabled }).where(eq(schema.webhookEndpoints.id, id));
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: enabled ? "webhook.enable" : "webhook.disable", targetType: "webhook_endpoint", targetId: id, details: { name: row.name }, ip: actor.ip }, tx);
  });
}

/** Deletes an endpoint with its delivery log; rules that used it keep notifying owners only. */
export async function deleteWebhookEndpoint(handle: DbHandle, actor: Actor, id: number): Promise<void> {
  const { schema } = handle;
  const row = await endpointOr404(handle, id);
  await handle.transact(async (tx) => {
    await tx.update(schema.alertRules).set({ endpointId: null }).where(eq(schema.alertRules.endpointId, id));
    await tx.delete(schema.webhookDeliveries).where(eq(schema.webhookDeliveries.endpointId, id));
    await tx.delete(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.id, id));
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "webhook.delete", targetType: "webhook_endpoint", targetId: id, details: { name: row.name, url: row.url }, ip: actor.ip }, tx);
  });
}

/** Queues a `webhook.test` delivery to an endpoint, due now. */
export async function sendTestDelivery(handle: DbHandle, actor: Actor, endpointId: number): Promise<number> {
  const { schema } = handle;
  const endpoint = await endpointOr404(handle, endpointId);
  if (!endpoint.enabled) throw new AppError("conflict:webhook", "Enable the endpoint before sending a test.");
  const now = Date.now();
  return handle.transact(async (tx) => {
    const [row] = await tx
      .insert(schema.webhookDeliveries)
      .values({
        endpointId,
        ruleId: null,
        eventType: "webhook.test",
        payload: { id: newEventId(), type: "webhook.test", createdAt: new Date(now).toISOString(), message: `Test delivery to “${endpoint.name}” sent by ${actor.label}.` },
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: schema.webhookDeliveries.id });
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "webhook.test", targetType: "webhook_endpoint", targetId: endpointId, details: { deliveryId: row!.id }, ip: actor.ip }, tx);
    return row!.id;
  });
}

/** Replays a delivery: one new attempt, due now, with the same payload and delivery id. */
export async function replayDelivery(handle: DbHandle, actor: Actor, deliveryId: number): Promise<void> {
  const { schema } = handle;
  const d = schema.webhookDeliveries;
  const [row] = await handle.db.select({ id: d.id, status: d.status, endpointId: d.endpointId }).from(d).where(eq(d.id, deliveryId));
  if (!row) throw new AppError("not_found:webhook", "That delivery does not exist.");
  if (row.status === "sending") throw new AppError("conflict:webhook", "That delivery is being sent right now; wait a moment.");
  await handle.transact(async (tx) => {
    await tx.update(d).set({ status: "pending", nextAttemptAt: Date.now() }).where(eq(d.id, deliveryId));
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "webhook.replay", targetType: "webhook_delivery", targetId: deliveryId, details: { endpointId: row.endpointId, previousStatus: row.status }, ip: actor.ip }, tx);
  });
}
