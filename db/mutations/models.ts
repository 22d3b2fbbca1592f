/**
 * Scoring models and their versions: create, and publish (rescore every account). The editor verbs
 * (save draft with optimistic locking, diff, rollback UI) build on these.
 */
import { and, desc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { parseModelDefinition, type RuleModelDefinition } from "@/lib/scoring/model";
import { scoreAll } from "@/lib/scoring/engine";
import type { DbHandle } from "../client";
import { getSnapshot } from "../snapshot";
import { writeAudit } from "./audit";
import { writePublishedScores, type PublishScoresResult } from "./publish";

export interface Actor {
  userId: number | null;
  label: string;
  ip?: string | null;
}

/** Creates a rule-based model with its first draft version; the first model becomes the primary one. */
export async function createRuleModel(
  handle: DbHandle,
  actor: Actor,
  input: { name: string; description?: string | null; definition: RuleModelDefinition },
): Promise<{ modelId: number; versionId: number }> {
  const { schema } = handle;
  const now = Date.now();
  return handle.transact(async (tx) => {
    const existing = await tx.select({ id: schema.scoringModels.id }).from(schema.scoringModels).where(eq(schema.scoringModels.name, input.name));
    if (existing.length) throw new AppError("conflict:model", `A model named “${input.name}” already exists.`, { fieldErrors: { name: ["This name is taken."] } });
    const anyPrimary = await tx.select({ id: schema.scoringModels.id }).from(schema.scoringModels).where(eq(schema.scoringModels.isPrimary, true)).limit(1);
    const [model] = await tx
      .insert(schema.scoringModels)
      .values({ name: input.name, description: input.description ?? null, kind: "rule", isPrimary: anyPrimary.length === 0, createdBy: actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: schema.scoringModels.id });
    const [version] = await tx
      .insert(schema.modelVersions)
      .values({ modelId: model!.id, version: 1, status: "draft", kind: "rule", definition: input.definition, createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: schema.modelVersions.id });
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "model.create", targetType: "model", targetId: model!.id, details: { name: input.name }, ip: actor.ip }, tx);
    return { modelId: model!.id, versionId: version!.id };
  });
}

/** Scores every account with a version's definition as of `asOf` (default now), without writing. */
export async function computeVersionScores(handle: DbHandle, definition: unknown, asOf = Date.now()) {
  const parsed = parseModelDefinition(definition);
  if (!parsed.ok) throw new AppError("unprocessable:model", "The model definition is invalid.", { fieldErrors: Object.fromEntries(parsed.issues.map((i) => [i.path, [i.message]])) });
  const snapshot = await getSnapshot(handle);
  return { snapshot, definition: parsed.value, columns: scoreAll(parsed.value, snapshot, asOf) };
}

export interface PublishResult extends PublishScoresResult {
  modelId: number;
  versionId: number;
  action: "publish" | "rollback";
  bandLabels: string[];
}

/**
 * Publishes a version: rescoring every account, recording history and the event, and making it the
 * model's live version. Re-publishing a version that was live before is a rollback.
 */
export async function publishVersion(handle: DbHandle, actor: Actor, input: { versionId: number; note?: string | null }): Promise<PublishResult> {
  const { db, schema } = handle;
  const [version] = await db.select().from(schema.modelVersions).where(eq(schema.modelVersions.id, input.versionId));
  if (!version) throw new AppError("not_found:model", "That model version does not exist.");
  const action = version.publishedAt ? "rollback" : "publish";
  const { snapshot, definition, columns } = await computeVersionScores(handle, version.definition);
  const bandLabels = definition.bands.map((b) => b.label);
  const result = await writePublishedScores(handle, {
    modelId: version.modelId,
    versionId: version.id,
    action,
    note: input.note ?? null,
    userId: actor.userId,
    bandLabels,
    accountIds: snapshot.accountIds,
    columns,
  });
  await writeAudit(handle, {
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: action === "rollback" ? "model.rollback" : "model.publish",
    targetType: "model_version",
    targetId: version.id,
    details: { modelId: version.modelId, version: version.version, note: input.note ?? null, accounts: result.accountCount, bandCounts: result.bandCounts, durationMs: result.durationMs },
    ip: actor.ip,
  });
  return { ...result, modelId: version.modelId, versionId: version.id, action, bandLabels };
}

/** The latest version of a model (any status). */
export async function latestVersion(handle: DbHandle, modelId: number) {
  const { db, schema } = handle;
  const [v] = await db.select().from(schema.modelVersions).where(and(eq(schema.modelVersions.modelId, modelId))).orderBy(desc(schema.modelVersions.version)).limit(1);
  return v ?? null;
}
