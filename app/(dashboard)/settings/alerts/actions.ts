"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { createAlertRule, deleteAlertRule, setAlertRuleEnabled } from "@/db/mutations/alert-rules";
import { requirePermission } from "@/lib/auth/session";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { ALERT_RULE_KINDS, alertParamsSchemas, type AlertParams } from "@/lib/validation/alerts";
import { actorOf, fields, invalid } from "../_lib/action-helpers";

const id = z.coerce.number({ error: "Unknown rule." }).int().positive({ error: "Unknown rule." });
const optionalId = z.union([z.literal("").transform(() => null), z.coerce.number().int().positive()]);

const createRuleSchema = z.object({
  name: z.string().trim().min(1, { error: "Name the rule, e.g. “Hot accounts”." }).max(100, { error: "At most 100 characters." }),
  kind: z.enum(ALERT_RULE_KINDS, { error: "Choose when the rule fires." }),
  modelId: optionalId,
  endpointId: optionalId,
  notifyOwner: z.enum(["on", ""]).transform((v) => v === "on"),
});

/** Creates an alert rule; it fires from the next publish on. */
export async function createAlertRuleAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const raw = fields(formData, ["name", "kind", "modelId", "endpointId", "notifyOwner", "band", "score", "direction", "points"]);
    const parsed = createRuleSchema.safeParse(raw);
    if (!parsed.success) return invalid(parsed.error);
    const kind = parsed.data.kind;
    const paramsInput = kind === "enters_band" ? { band: raw.band } : kind === "crosses_score" ? { score: raw.score, direction: raw.direction || "up" } : { points: raw.points };
    const params = alertParamsSchemas[kind].safeParse(paramsInput);
    if (!params.success) return invalid(params.error);
    await createAlertRule(getDb(), await actorOf(user), {
      name: parsed.data.name,
      rule: { kind, params: params.data } as AlertParams,
      modelId: parsed.data.modelId,
      endpointId: parsed.data.endpointId,
      notifyOwner: parsed.data.notifyOwner,
    });
    revalidatePath("/settings/alerts");
    return { ok: true, message: "Rule created: it fires from the next publish." };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Enables or disables a rule. */
export async function setAlertRuleEnabledAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = z.object({ id, enabled: z.enum(["true", "false"]) }).safeParse(fields(formData, ["id", "enabled"]));
    if (!parsed.success) return invalid(parsed.error);
    await setAlertRuleEnabled(getDb(), await actorOf(user), parsed.data.id, parsed.data.enabled === "true");
    revalidatePath("/settings/alerts");
    return { ok: true };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Deletes a rule. */
export async function deleteAlertRuleAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  try {
    const user = await requirePermission("settings:manage");
    const parsed = z.object({ id }).safeParse(fields(formData, ["id"]));
    if (!parsed.success) return invalid(parsed.error);
    await deleteAlertRule(getDb(), await actorOf(user), parsed.data.id);
    revalidatePath("/settings/alerts");
    return { ok: true };
  } catch (err) {
    return toActionResult(err);
  }
}
