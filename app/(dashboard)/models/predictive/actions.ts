"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { kickTrainingRunner } from "@/db/jobs/training-runner";
import { createSuggestedRuleModel, createTrainingRun, publishLearnedVersion } from "@/db/mutations/training";
import { clientIp } from "@/lib/auth";
import { requirePermission, type CurrentUser } from "@/lib/auth/session";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { SCORE_CATEGORIES } from "@/lib/vocabulary";

async function actorOf(user: CurrentUser) {
  return { userId: user.id, label: user.email, ip: clientIp(await headers()) };
}

function bad(parsed: z.ZodSafeParseError<unknown>): { ok: false; message: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const i of parsed.error.issues) (fieldErrors[i.path.join(".") || "form"] ??= []).push(i.message);
  return { ok: false, message: "Please correct the highlighted fields.", fieldErrors };
}

const id = z.coerce.number({ error: "must be a number" }).int().positive();

// ----------------------------------------------------------------------------------------------
// Train

/** What the training form shows after a refused submission: the message, field errors and the values typed. */
export interface TrainState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string | string[]>;
}

const trainFormSchema = z.object({
  outcome: z.enum(["won", "opportunity"], { error: "Choose the outcome to predict." }),
  horizonDays: z.coerce.number({ error: "The horizon must be a number of days." }),
  cutoff: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a training cutoff date."),
  groups: z.array(z.string()),
  learner: z.enum(["blend", "lr", "gbt"], { error: "Choose a learner." }),
});

/** Queues a training run (refused at once when the window holds too few outcomes) and opens its page. */
export async function startTrainingAction(_prev: TrainState, formData: FormData): Promise<TrainState> {
  let user: CurrentUser;
  try {
    user = await requirePermission("predictive:train");
  } catch (err) {
    return toActionResult(err);
  }
  const values = {
    outcome: String(formData.get("outcome") ?? ""),
    horizonDays: String(formData.get("horizonDays") ?? ""),
    cutoff: String(formData.get("cutoff") ?? ""),
    groups: formData.getAll("groups").map(String),
    learner: String(formData.get("learner") ?? "blend"),
  };
  const parsed = trainFormSchema.safeParse(values);
  if (!parsed.success) return { ...bad(parsed), values };
  let runId: number;
  try {
    const groups = parsed.data.groups.filter((g): g is (typeof SCORE_CATEGORIES)[number] => (SCORE_CATEGORIES as readonly string[]).includes(g));
    ({ runId } = await createTrainingRun(getDb(), await actorOf(user), {
      outcome: parsed.data.outcome,
      horizonDays: parsed.data.horizonDays,
      cutoff: Date.parse(`${parsed.data.cutoff}T00:00:00Z`),
      groups,
      learner: parsed.data.learner,
    }));
  } catch (err) {
    return { ...toActionResult(err), values };
  }
  kickTrainingRunner();
  revalidatePath("/models/predictive");
  redirect(`/models/predictive/${runId}`);
}

// ----------------------------------------------------------------------------------------------
// Publish

const publishSchema = z
  .object({
    runId: id,
    kind: z.enum(["predictive", "blended"]),
    /** "new" or a model id */
    target: z.string().min(1, "Pick the model to publish to."),
    newModelName: z.string().trim().max(100, "Keep the name under 100 characters.").optional().default(""),
    ruleModelId: z.coerce.number().int().positive().optional(),
    /** rule weight in percent, 0–100 */
    ruleWeight: z.coerce.number().min(0, "Pick a weight between 0 and 100 %.").max(100, "Pick a weight between 0 and 100 %.").optional(),
    note: z.string().trim().min(3, "Say in a few words why (at least 3 characters): the note is what the history shows.").max(500, "Keep the note under 500 characters."),
  })
  .refine((v) => v.target !== "new" || v.newModelName.length >= 2, { path: ["newModelName"], message: "Give the new model a name of at least 2 characters." })
  .refine((v) => v.kind !== "blended" || v.ruleModelId !== undefined, { path: ["ruleModelId"], message: "Pick the rule-based model to blend with." })
  .refine((v) => v.kind !== "blended" || v.ruleWeight !== undefined, { path: ["ruleWeight"], message: "Pick the weight of the rule-based score." });

export type PublishRunResult = ActionResult<{ modelId: number; version: number; accounts: number; durationMs: number }>;

/** Publishes a finished run as a predictive version, or blended with a rule model's live version. */
export async function publishRunAction(input: z.input<typeof publishSchema>): Promise<PublishRunResult> {
  try {
    const user = await requirePermission("models:publish");
    const parsed = publishSchema.safeParse(input);
    if (!parsed.success) return bad(parsed);
    const p = parsed.data;
    const res = await publishLearnedVersion(getDb(), await actorOf(user), {
      runId: p.runId,
      kind: p.kind,
      ruleModelId: p.ruleModelId,
      ruleWeight: p.ruleWeight === undefined ? undefined : p.ruleWeight / 100,
      target: p.target === "new" ? { newModelName: p.newModelName } : { modelId: Number(p.target) },
      note: p.note,
    });
    revalidatePath("/models");
    revalidatePath("/accounts");
    revalidatePath(`/models/predictive/${p.runId}`);
    return {
      ok: true,
      data: { modelId: res.modelId, version: res.version, accounts: res.accountCount, durationMs: res.durationMs },
      message: `Published ${res.modelName} version ${res.version}: ${res.accountCount.toLocaleString("en-US")} accounts rescored in ${(res.durationMs / 1000).toFixed(1)} s.`,
    };
  } catch (err) {
    return toActionResult(err);
  }
}

// ----------------------------------------------------------------------------------------------
// Suggest rule weights

const suggestSchema = z.object({
  runId: id,
  name: z.string().trim().min(2, "Give the model a name of at least 2 characters.").max(100, "Keep the name under 100 characters."),
});

/** Creates a rule-based model whose draft holds the weights the run suggests, and opens it in the editor. */
export async function suggestRulesAction(input: z.input<typeof suggestSchema>): Promise<ActionResult<{ modelId: number }>> {
  let modelId: number;
  try {
    const user = await requirePermission("predictive:train");
    const parsed = suggestSchema.safeParse(input);
    if (!parsed.success) return bad(parsed);
    ({ modelId } = await createSuggestedRuleModel(getDb(), await actorOf(user), parsed.data));
  } catch (err) {
    return toActionResult(err);
  }
  revalidatePath("/models");
  redirect(`/models/${modelId}`);
}
