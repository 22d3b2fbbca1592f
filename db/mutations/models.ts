/**
 * Scoring models and their versions: create, edit drafts (optimistic locking on `revision`), publish
 * (rescore every account) and roll back (re-publish an older version). Versions are immutable once
 * published; editing a published version starts a new draft. Every verb writes its audit line in
 * the same transaction as its change.
 */
import { and, desc, eq, max } from "drizzle-orm";
import { AppError, type FieldErrors } from "@/lib/errors";
import { diffDefinitions } from "@/lib/scoring/diff";
import { defaultIcpTemplate, parseModelDefinition, type ModelIssue, type RuleModelDefinition } from "@/lib/scoring/model";
import { scoreAll } from "@/lib/scoring/engine";
import { suggestBands } from "@/lib/scoring/suggest-bands";
import { isLearnedDefinition, parseLearnedDefinition, scoreLearnedWith } from "@/lib/predictive-scoring";
import type { AppDatabase, DbHandle } from "../client";
import { parallelPredictiveRunner } from "../jobs/score-pool";
import { getSnapshot } from "../snapshot";
import { evaluateAlerts } from "./alerts";
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

/** Field errors keyed by definition path (`criteria.3.points`), several messages per field kept. */
export function issuesToFieldErrors(issues: readonly ModelIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) (out[i.path] ??= []).push(i.message);
  return out;
}

/** Below this many accounts the default bands are kept: quantiles of a handful of scores mean little. */
const MIN_ACCOUNTS_TO_CALIBRATE = 200;

/**
 * The ICP template with its bands calibrated on the current accounts (about 5 / 15 / 30 / 50 % in
 * A / B / C / D), so a new model's band A is not empty on a real database whose scores sit low.
 */
export async function calibratedIcpTemplate(handle: DbHandle, asOf = Date.now()): Promise<RuleModelDefinition> {
  const def = defaultIcpTemplate();
  const snapshot = await getSnapshot(handle);
  if (snapshot.n < MIN_ACCOUNTS_TO_CALIBRATE) return def;
  def.bands = suggestBands(scoreAll(def, snapshot, asOf).scores, { labels: def.bands.map((b) => b.label) });
  return def;
}

/** Learned versions of large snapshots are scored on this thread and a worker at once. */
const parallelScoring = parallelPredictiveRunner();

/**
 * Scores every account with a version's definition as of `asOf` (default now), without writing.
 * Predictive and blended definitions (lib/predictive-scoring) are scored by their learned model.
 */
export async function computeVersionScores(handle: DbHandle, definition: unknown, asOf = Date.now()) {
  if (isLearnedDefinition(definition)) {
    const learned = parseLearnedDefinition(definition);
    if (!learned.ok) throw new AppError("unprocessable:model", `The model definition is invalid: ${learned.message}.`);
    const snapshot = await getSnapshot(handle);
    return { snapshot, definition: learned.value, columns: await scoreLearnedWith(learned.value, snapshot, asOf, parallelScoring) };
  }
  const parsed = parseModelDefinition(definition);
  if (!parsed.ok) throw new AppError("unprocessable:model", "The model definition is invalid.", { fieldErrors: issuesToFieldErrors(parsed.issues) });
  const snapshot = await getSnapshot(handle);
  return { snapshot, definition: parsed.value, columns: scoreAll(parsed.value, snapshot, asOf) };
}

export interface PublishResult extends PublishScoresResult {
  modelId: number;
  versionId: number;
  action: "publish" | "rollback" | "rescore";
  bandLabels: string[];
  /** The scoring date of the published scores (stored as `scored_at`): explanations recompute at it. */
  asOf: number;
  /** Milliseconds spent loading (or reusing) the snapshot and scoring every account. */
  scoreMs: number;
}

/** What the other editor saved, for a conflict message that shows what changed. */
export interface VersionConflict {
  versionId: number;
  version: number;
  status: string;
  revision: number;
  updatedAt: number;
  updatedBy: string | null;
  /** Their saved definition, so the editor can offer to load it. */
  definition: unknown;
  /** Readable differences from their saved definition to the one submitted. */
  changes: string[];
}

/** The draft changed (or was published or discarded) since the caller loaded it: nothing was written. */
export class VersionConflictError extends AppError {
  constructor(
    message: string,
    readonly conflict: VersionConflict | null,
  ) {
    super("conflict:model", message);
  }
}

async function userName(db: AppDatabase, handle: DbHandle, id: number | null): Promise<string | null> {
  if (id == null) return null;
  const [u] = await db.select({ name: handle.schema.users.name }).from(handle.schema.users).where(eq(handle.schema.users.id, id));
  return u?.name ?? null;
}

/** Reads a version as it is now and explains why the caller's copy is stale. */
async function conflictFor(handle: DbHandle, db: AppDatabase, versionId: number, submitted: RuleModelDefinition | null): Promise<VersionConflictError> {
  const [v] = await db.select().from(handle.schema.modelVersions).where(eq(handle.schema.modelVersions.id, versionId));
  if (!v) return new VersionConflictError("This draft was discarded by someone else. Your changes are still in the editor: copy them into a new draft.", null);
  const who = (await userName(db, handle, v.status === "draft" ? v.updatedBy : v.publishedBy)) ?? "someone else";
  const when = new Date(v.status === "draft" ? v.updatedAt : (v.publishedAt ?? v.updatedAt)).toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const theirs = parseModelDefinition(v.definition);
  const changes = submitted && theirs.ok ? diffDefinitions(theirs.value, submitted).map((c) => c.message) : [];
  const conflict: VersionConflict = {
    versionId: v.id,
    version: v.version,
    status: v.status,
    revision: v.revision,
    updatedAt: v.updatedAt,
    updatedBy: who,
    definition: v.definition,
    changes,
  };
  const message =
    v.status === "draft"
      ? `${who} saved this draft at ${when}, after you opened it. Nothing was saved: review the differences, then load their version or save yours over it.`
      : `Version ${v.version} was ${v.status === "published" ? "published" : "archived"} by ${who} at ${when} and can no longer be edited. Nothing was saved: start a new draft to keep your changes.`;
  return new VersionConflictError(message, conflict);
}

/**
 * Publishes a version: rescoring every account, recording history and the event, and making it the
 * model's live version. Re-publishing a version that was live before is a rollback; re-publishing
 * the live version itself is a rescore (new data, same definition). With
 * `expectedRevision`, the version must still be at that revision when the scores are written (the
 * check runs inside the writing transaction), so what is published is exactly what the caller saw.
 */
export async function publishVersion(
  handle: DbHandle,
  actor: Actor,
  input: { versionId: number; note?: string | null; expectedRevision?: number; asOf?: number },
): Promise<PublishResult> {
  const { db, schema } = handle;
  const [version] = await db.select().from(schema.modelVersions).where(eq(schema.modelVersions.id, input.versionId));
  if (!version) throw new AppError("not_found:model", "That model version does not exist.");
  if (input.expectedRevision !== undefined && version.revision !== input.expectedRevision) {
    throw await conflictFor(handle, db, version.id, null);
  }
  // Re-publishing the live version (e.g. after an import) rescores; re-publishing an older one rolls back.
  const action = version.status === "published" ? "rescore" : version.publishedAt ? "rollback" : "publish";
  const asOf = input.asOf ?? Date.now();
  const scoreStarted = performance.now();
  const { snapshot, definition, columns } = await computeVersionScores(handle, version.definition, asOf);
  const scoreMs = Math.round(performance.now() - scoreStarted);
  const bandLabels = definition.bands.map((b) => b.label);
  const note = input.note?.trim() ? input.note.trim() : null;
  const result = await writePublishedScores(handle, {
    modelId: version.modelId,
    versionId: version.id,
    action,
    note,
    userId: actor.userId,
    bandLabels,
    accountIds: snapshot.accountIds,
    columns,
    now: asOf,
    guard: async (tx) => {
      const [now] = await tx
        .select({ revision: schema.modelVersions.revision, status: schema.modelVersions.status })
        .from(schema.modelVersions)
        .where(eq(schema.modelVersions.id, version.id));
      if (!now || now.revision !== version.revision || (now.status === "draft") !== (version.status === "draft")) {
        throw await conflictFor(handle, tx, version.id, null);
      }
    },
    audit: (tx, eventId) =>
      writeAudit(
        handle,
        {
          actorUserId: actor.userId,
          actorLabel: actor.label,
          action: `model.${action}`,
          targetType: "model_version",
          targetId: version.id,
          details: { modelId: version.modelId, version: version.version, note, publishEventId: eventId, accounts: snapshot.n },
          ip: actor.ip,
        },
        tx,
      ),
  });
  const published: PublishResult = { ...result, modelId: version.modelId, versionId: version.id, action, bandLabels, asOf, scoreMs };
  // Threshold alerts → owners' notifications and webhook deliveries (never throws: the publish has committed).
  await evaluateAlerts(handle, { ...published, accountIds: snapshot.accountIds, scores: columns.scores, bands: columns.bands });
  return published;
}

/** The latest version of a model (any status). */
export async function latestVersion(handle: DbHandle, modelId: number) {
  const { db, schema } = handle;
  const [v] = await db.select().from(schema.modelVersions).where(and(eq(schema.modelVersions.modelId, modelId))).orderBy(desc(schema.modelVersions.version)).limit(1);
  return v ?? null;
}

/** Validates a definition for saving, against the attributes the data actually has. */
export function validateDefinition(definition: unknown, knownAttributes?: readonly string[]): RuleModelDefinition {
  const parsed = parseModelDefinition(definition, { knownAttributes });
  if (!parsed.ok) {
    throw new AppError("unprocessable:model", "The model has errors: fix the highlighted fields. Nothing was saved.", { fieldErrors: issuesToFieldErrors(parsed.issues) });
  }
  return parsed.value;
}

/**
 * Saves a draft's definition if nobody saved it since `revision` (optimistic locking): one
 * `UPDATE … WHERE id = ? AND revision = ? AND status = 'draft'`. On a lost race nothing is written
 * and `VersionConflictError` carries the other save and the differences, so nothing is lost silently.
 */
export async function saveDraft(
  handle: DbHandle,
  actor: Actor,
  input: { versionId: number; revision: number; definition: unknown; knownAttributes?: readonly string[] },
): Promise<{ versionId: number; revision: number; updatedAt: number; changes: string[] }> {
  const definition = validateDefinition(input.definition, input.knownAttributes);
  const { schema } = handle;
  const v = schema.modelVersions;
  return handle.transact(async (tx) => {
    const [before] = await tx.select().from(v).where(eq(v.id, input.versionId));
    if (!before) throw new AppError("not_found:model", "That model version does not exist.");
    const now = Date.now();
    const updated = await tx
      .update(v)
      .set({ definition, revision: input.revision + 1, updatedBy: actor.userId, updatedAt: now })
      .where(and(eq(v.id, input.versionId), eq(v.revision, input.revision), eq(v.status, "draft")))
      .returning({ revision: v.revision });
    if (updated.length === 0) throw await conflictFor(handle, tx, input.versionId, definition);
    const old = parseModelDefinition(before.definition);
    const changes = old.ok ? diffDefinitions(old.value, definition).map((c) => c.message) : [];
    await writeAudit(
      handle,
      { actorUserId: actor.userId, actorLabel: actor.label, action: "model.draft_save", targetType: "model_version", targetId: before.id, details: { modelId: before.modelId, version: before.version, revision: input.revision + 1, changes }, ip: actor.ip },
      tx,
    );
    return { versionId: before.id, revision: updated[0]!.revision, updatedAt: now, changes };
  });
}

/**
 * Starts a new draft of a model from one of its versions (published versions are immutable). A model
 * has at most one draft: when one exists, this refuses and names it.
 */
export async function createDraft(handle: DbHandle, actor: Actor, input: { modelId: number; fromVersionId: number }): Promise<{ versionId: number; version: number }> {
  const { schema } = handle;
  const v = schema.modelVersions;
  return handle.transact(async (tx) => {
    const [from] = await tx.select().from(v).where(and(eq(v.id, input.fromVersionId), eq(v.modelId, input.modelId)));
    if (!from) throw new AppError("not_found:model", "That model version does not exist.");
    const [draft] = await tx.select({ id: v.id, version: v.version, updatedBy: v.updatedBy }).from(v).where(and(eq(v.modelId, input.modelId), eq(v.status, "draft")));
    if (draft) {
      const who = (await userName(tx, handle, draft.updatedBy)) ?? "someone";
      throw new AppError("conflict:model", `Version ${draft.version} is already a draft (last saved by ${who}): open it, or discard it before starting another.`);
    }
    const [{ top }] = await tx.select({ top: max(v.version) }).from(v).where(eq(v.modelId, input.modelId));
    const now = Date.now();
    const version = Number(top ?? 0) + 1;
    const [row] = await tx
      .insert(v)
      .values({ modelId: input.modelId, version, status: "draft", kind: from.kind, definition: from.definition, createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: v.id });
    await writeAudit(
      handle,
      { actorUserId: actor.userId, actorLabel: actor.label, action: "model.draft_create", targetType: "model_version", targetId: row!.id, details: { modelId: input.modelId, version, from: from.version }, ip: actor.ip },
      tx,
    );
    return { versionId: row!.id, version };
  });
}

/** Deletes a draft that is still at `revision` (a draft someone else saved meanwhile is kept). */
export async function discardDraft(handle: DbHandle, actor: Actor, input: { versionId: number; revision: number }): Promise<{ modelId: number }> {
  const { schema } = handle;
  const v = schema.modelVersions;
  return handle.transact(async (tx) => {
    const [row] = await tx.select().from(v).where(eq(v.id, input.versionId));
    if (!row) throw new AppError("not_found:model", "That draft no longer exists.");
    const deleted = await tx
      .delete(v)
      .where(and(eq(v.id, input.versionId), eq(v.revision, input.revision), eq(v.status, "draft")))
      .returning({ id: v.id });
    if (deleted.length === 0) throw await conflictFor(handle, tx, input.versionId, null);
    await writeAudit(
      handle,
      { actorUserId: actor.userId, actorLabel: actor.label, action: "model.draft_discard", targetType: "model_version", targetId: row.id, details: { modelId: row.modelId, version: row.version }, ip: actor.ip },
      tx,
    );
    return { modelId: row.modelId };
  });
}
