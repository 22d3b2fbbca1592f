/** Alert rules: create, enable/disable, delete. Audited. Evaluation is db/mutations/alerts.ts. */
import { eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { AlertParams } from "@/lib/validation/alerts";
import type { DbHandle } from "../client";
import { writeAudit } from "./audit";
import type { Actor } from "./models";

export interface CreateAlertRuleInput {
  name: string;
  rule: AlertParams;
  /** null: the primary model */
  modelId: number | null;
  notifyOwner: boolean;
  endpointId: number | null;
}

/** Creates an enabled rule; it fires from the next publish on. */
export async function createAlertRule(handle: DbHandle, actor: Actor, input: CreateAlertRuleInput): Promise<number> {
  const { schema } = handle;
  if (!input.notifyOwner && input.endpointId == null)
    throw new AppError("bad_request:alert", "A rule must notify the owner, call a webhook, or both.", { fieldErrors: { notifyOwner: ["Choose at least one way to be alerted."] } });
  if (input.modelId != null) {
    const [m] = await handle.db.select({ id: schema.scoringModels.id }).from(schema.scoringModels).where(eq(schema.scoringModels.id, input.modelId));
    if (!m) throw new AppError("bad_request:alert", "That model does not exist.", { fieldErrors: { modelId: ["Choose an existing model."] } });
  }
  if (input.endpointId != null) {
    const [e] = await handle.db.select({ id: schema.webhookEndpoints.id }).from(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.id, input.endpointId));
    if (!e) throw new AppError("bad_request:alert", "That webhook endpoint does not exist.", { fieldErrors: { endpointId: ["Choose an existing endpoint."] } });
  }
  return handle.transact(async (tx) => {
    const [row] = await tx
      .insert(schema.alertRules)
      .values({
        name: input.name,
        modelId: input.modelId,
        kind: input.rule.kind,
        params: input.rule.params as Record<string, unknown>,
        notifyOwner: input.notifyOwner,
        endpointId: input.endpointId,
        enabled: true,
        createdBy: actor.userId,
        createdAt: Date.now(),
      })
      .returning({ id: schema.alertRules.id });
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "alert_rule.create", targetType: "alert_rule", targetId: row!.id, details: { name: input.name, kind: input.rule.kind, params: input.rule.params, modelId: input.modelId, endpointId: input.endpointId, notifyOwner: input.notifyOwner }, ip: actor.ip }, tx);
    return row!.id;
  });
}

async function ruleOr404(handle: DbHandle, id: number) {
  const [row] = await handle.db.select().from(handle.schema.alertRules).where(eq(handle.schema.alertRules.id, id));
  if (!row) throw new AppError("not_found:alert", "That alert rule does not exist.");
  return row;
}

/** Enables or disables a rule. */
export async function setAlertRuleEnabled(handle: DbHandle, actor: Actor, id: number, enabled: boolean): Promise<void> {
  const row = await ruleOr404(handle, id);
  await handle.transact(async (tx) => {
    await tx.update(handle.schema.alertRules).set({ enabled }).where(eq(handle.schema.alertRules.id, id));
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: enabled ? "alert_rule.enable" : "alert_rule.disable", targetType: "alert_rule", targetId: id, details: { name: row.name }, ip: actor.ip }, tx);
  });
}

/** Deletes a rule (its past deliveries stay in the log). */
export async function deleteAlertRule(handle: DbHandle, actor: Actor, id: number): Promise<void> {
  const row = await ruleOr404(handle, id);
  await handle.transact(async (tx) => {
    await tx.update(handle.schema.webhookDeliveries).set({ ruleId: null }).where(eq(handle.schema.webhookDeliveries.ruleId, id));
    await tx.delete(handle.schema.alertRules).where(eq(handle.schema.alertRules.id, id));
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "alert_rule.delete", targetType: "alert_rule", targetId: id, details: { name: row.name }, ip: actor.ip }, tx);
  });
}
