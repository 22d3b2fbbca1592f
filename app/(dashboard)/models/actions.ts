"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import {
  calibratedIcpTemplate,
  createDraft,
  createRuleModel,
  discardDraft,
  publishVersion,
  saveDraft,
  validateDefinition,
  VersionConflictError,
  type VersionConflict,
} from "@/db/mutations/models";
import { backtestModel, editorContext, previewDefinition, type PreviewResult } from "@/db/queries/model-analysis";
import { getModel, getVersion, getVersionById } from "@/db/queries/models";
import { clientIp } from "@/lib/auth";
import { requirePermission, type CurrentUser } from "@/lib/auth/session";
import { AppError, toActionResult, type ActionResult } from "@/lib/errors";
import { BacktestWindowError, type BacktestResult } from "@/lib/scoring/backtest";
import { parseModelDefinition } from "@/lib/scoring/model";

async function actorOf(user: CurrentUser) {
  return { userId: user.id, label: user.email, ip: clientIp(await headers()) };
}

const id = z.coerce.number({ error: "must be a number" }).int().positive();

function bad(parsed: z.ZodSafeParseError<unknown>): { ok: false; message: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const i of parsed.error.issues) (fieldErrors[i.path.join(".") || "form"] ??= []).push(i.message);
  return { ok: false, message: "Please correct the highlighted fields.", fieldErrors };
}

async function knownAttributes(): Promise<string[]> {
  return (await editorContext(getDb())).knownAttributes;
}

// ----------------------------------------------------------------------------------------------
// Create

export interface CreateModelState {
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: { name: string; description: string; start: string };
}

const createModelSchema = z.object({
  name: z.string().trim().min(2, "Give the model a name of at least 2 characters.").max(100, "Keep the name under 100 characters."),
  description: z.string().trim().max(1000, "Keep the description under 1,000 characters.").optional().default(""),
  /** "template" or the id of a model whose live version is copied */
  start: z.string().trim().default("template"),
});

/** Creates a model (first draft from the ICP template with calibrated bands, or a copy of a live version) and opens it. */
export async function createModelAction(_prev: CreateModelState, formData: FormData): Promise<CreateModelState> {
  let user: CurrentUser;
  try {
    user = await requirePermission("models:write");
  } catch (err) {
    return toActionResult(err);
  }
  const raw = { name: String(formData.get("name") ?? ""), description: String(formData.get("description") ?? ""), start: String(formData.get("start") ?? "template") };
  const parsed = createModelSchema.safeParse(raw);
  if (!parsed.success) return { ...bad(parsed), values: raw };
  const handle = getDb();
  let modelId: number;
  try {
    let definition;
    if (parsed.data.start === "template") definition = await calibratedIcpTemplate(handle);
    else {
      const source = await getModel(handle, Number(parsed.data.start));
      const live = source?.publishedVersionId ? await getVersion(handle, source.id, source.publishedVersionId) : null;
      if (!live) return { message: "That model has no live version to copy.", fieldErrors: { start: ["Pick the template or a model with a live version."] }, values: raw };
      definition = validateDefinition(live.definition);
    }
    ({ modelId } = await createRuleModel(handle, await actorOf(user), { name: parsed.data.name, description: parsed.data.description || null, definition }));
  } catch (err) {
    return { ...toActionResult(err), values: raw };
  }
  revalidatePath("/models");
  redirect(`/models/${modelId}`);
}

// ----------------------------------------------------------------------------------------------
// Drafts

/** The answer of a save: the new revision, or a conflict with what the other person saved. */
export type SaveDraftResult =
  | { ok: true; data: { revision: number; updatedAt: number; changes: string[] }; message?: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; conflict?: VersionConflict | null };

const saveDraftSchema = z.object({ versionId: id, revision: z.number().int().min(1), definition: z.unknown() });

/** Saves a draft with optimistic locking: a stale revision gets a conflict and nothing is written. */
export async function saveDraftAction(input: z.input<typeof saveDraftSchema>): Promise<SaveDraftResult> {
  try {
    const user = await requirePermission("models:write");
    const parsed = saveDraftSchema.safeParse(input);
    if (!parsed.success) return bad(parsed);
    const saved = await saveDraft(getDb(), await actorOf(user), { ...parsed.data, knownAttributes: await knownAttributes() });
    revalidatePath("/models");
    return { ok: true, data: { revision: saved.revision, updatedAt: saved.updatedAt, changes: saved.changes }, message: "Draft saved." };
  } catch (err) {
    if (err instanceof VersionConflictError) return { ok: false, message: err.message, conflict: err.conflict };
    return toActionResult(err);
  }
}

const createDraftSchema = z.object({ modelId: id, fromVersionId: id });

/** Starts a new draft from a version (published versions are immutable). */
export async function createDraftAction(input: z.input<typeof createDraftSchema>): Promise<ActionResult<{ versionId: number; version: number }>> {
  try {
    const user = await requirePermission("models:write");
    const parsed = createDraftSchema.safeParse(input);
    if (!parsed.success) return bad(parsed);
    const draft = await createDraft(getDb(), await actorOf(user), parsed.data);
    revalidatePath(`/models/${parsed.data.modelId}`);
    return { ok: true, data: draft, message: `Version ${draft.version} is a new draft.` };
  } catch (err) {
    return toActionResult(err);
  }
}

const discardSchema = z.object({ versionId: id, revision: z.number().int().min(1) });

/** Deletes a draft still at the given revision. */
export async function discardDraftAction(input: z.input<typeof discardSchema>): Promise<ActionResult> {
  try {
    const user = await requirePermission("models:write");
    const parsed = discardSchema.safeParse(input);
    if (!parsed.success) return bad(parsed);
    const { modelId } = await discardDraft(getDb(), await actorOf(user), parsed.data);
    revalidatePath(`/models/${modelId}`);
    return { ok: true, message: "Draft discarded." };
  } catch (err) {
    if (err instanceof VersionConflictError) return { ok: false, message: err.message };
    return toActionResult(err);
  }
}

// ----------------------------------------------------------------------------------------------
// Publish and roll back

const noteSchema = z.string().trim().min(3, "Say in a few words why (at least 3 characters): the note is what the history shows.").max(500, "Keep the note under 500 characters.");
const publishSchema = z.object({ versionId: id, revision: z.number().int().min(1), note: noteSchema });

/** The answer of a publish or rollback. */
export type PublishActionResult =
  | { ok: true; data: { version: number; accounts: number; durationMs: number; bandCounts: Record<string, number>; action: "publish" | "rollback" | "rescore" }; message: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; conflict?: VersionConflict | null };

async function publish(user: CurrentUser, versionId: number, note: string, expectedRevision?: number): Promise<PublishActionResult> {
  const handle = getDb();
  const row = await getVersionById(handle, versionId);
  if (!row) throw new AppError("not_found:model", "That model version does not exist.");
  if (row.status === "published") throw new AppError("conflict:model", `Version ${row.version} is already live.`);
  // A draft is published as saved; it must also be valid against the data as it is now.
  if (row.status === "draft") validateDefinition(row.definition, await knownAttributes());
  const r = await publishVersion(handle, await actorOf(user), { versionId, note, expectedRevision });
  revalidatePath("/models");
  revalidatePath("/accounts");
  const verb = r.action === "rollback" ? "Rolled back to" : r.action === "rescore" ? "Rescored with" : "Published";
  return {
    ok: true,
    data: { version: row.version, accounts: r.accountCount, durationMs: r.durationMs, bandCounts: r.bandCounts, action: r.action },
    message: `${verb} version ${row.version}: ${r.accountCount.toLocaleString("en-US")} accounts rescored in ${(r.durationMs / 1000).toFixed(1)} s.`,
  };
}

/** Publishes a draft exactly at the revision the publisher saw, with a note. */
export async function publishAction(input: z.input<typeof publishSchema>): Promise<PublishActionResult> {
  try {
    const user = await requirePermission("models:publish");
    const parsed = publishSchema.safeParse(input);
    if (!parsed.success) return bad(parsed);
    return await publish(user, parsed.data.versionId, parsed.data.note, parsed.data.revision);
  } catch (err) {
    if (err instanceof VersionConflictError) return { ok: false, message: err.message, conflict: err.conflict };
    return toActionResult(err);
  }
}

const rollbackSchema = z.object({ versionId: id, note: noteSchema });

/** Re-publishes an older (archived) version: a rollback, recorded with its note. */
export async function rollbackAction(input: z.input<typeof rollbackSchema>): Promise<PublishActionResult> {
  try {
    const user = await requirePermission("models:publish");
    const parsed = rollbackSchema.safeParse(input);
    if (!parsed.success) return bad(parsed);
    return await publish(user, parsed.data.versionId, parsed.data.note);
  } catch (err) {
    return toActionResult(err);
  }
}

// ----------------------------------------------------------------------------------------------
// Preview and backtest (read-only computations)

const previewSchema = z.object({ modelId: id, definition: z.unknown() });

/** Scores every account with the edited definition and compares with the live version. */
export async function previewAction(input: z.input<typeof previewSchema>): Promise<ActionResult<PreviewResult>> {
  try {
    await requirePermission("models:write");
    const parsed = previewSchema.safeParse(input);
    if (!parsed.success) return bad(parsed);
    const def = validateDefinition(parsed.data.definition, await knownAttributes());
    return { ok: true, data: await previewDefinition(getDb(), { modelId: parsed.data.modelId, draft: def }) };
  } catch (err) {
    return toActionResult(err);
  }
}

const backtestSchema = z.object({
  modelId: id,
  /** The edited definition; omitted to backtest the live version alone. */
  definition: z.unknown().optional(),
  draftLabel: z.string().max(80).optional(),
  cutoff: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a cutoff date."),
  horizonDays: z.coerce.number({ error: "The horizon must be a number of days." }).int("The horizon must be a whole number of days."),
  conversion: z.enum(["pipeline", "win"]).default("pipeline"),
});

/** Backtests the edited definition and the live version side by side at a cutoff and horizon. */
export async function backtestAction(input: z.input<typeof backtestSchema>): Promise<ActionResult<{ result: BacktestResult; durationMs: number }>> {
  try {
    await requirePermission("models:read");
    const parsed = backtestSchema.safeParse(input);
    if (!parsed.success) return bad(parsed);
    const { modelId, definition, cutoff, horizonDays, conversion, draftLabel } = parsed.data;
    let draft;
    if (definition !== undefined) {
      const p = parseModelDefinition(definition, { knownAttributes: await knownAttributes() });
      if (!p.ok) return { ok: false, message: "Fix the model's errors before backtesting it." };
      draft = { label: draftLabel ?? "Draft", definition: p.value };
    }
    const run = await backtestModel(getDb(), { modelId, draft, cutoff: Date.parse(`${cutoff}T00:00:00Z`), horizonDays, conversion });
    return { ok: true, data: run };
  } catch (err) {
    if (err instanceof BacktestWindowError) {
      const fieldErrors: Record<string, string[]> = {};
      for (const i of err.issues) (fieldErrors[i.field] ??= []).push(i.message);
      return { ok: false, message: err.message, fieldErrors };
    }
    return toActionResult(err);
  }
}
