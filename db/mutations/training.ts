/**
 * Predictive training in the app: queue a training run (refused at once when the outcomes cannot
 * support a model), publish a finished run as a predictive or blended model version (history,
 * rollback and audit come from publishVersion, as for rule versions), and turn a run into a
 * rule-based draft with suggested weights.
 */
import { and, eq, max } from "drizzle-orm";
import { suggestRuleWeights } from "@/lib/predictive/rules";
import { deserializeModel } from "@/lib/predictive/model";
import {
  LEARNED_SCHEMA_VERSION,
  checkOutcomes,
  describeParams,
  parseLearnedDefinition,
  scoreLearned,
  trainingParamsSchema,
  type BlendedDefinition,
  type LearnedDefinition,
  type PredictiveDefinition,
  type PredictivePart,
  type TrainingParams,
  type TrainingReport,
} from "@/lib/predictive-scoring";
import { AppError } from "@/lib/errors";
import { parseModelDefinition, type RuleModelDefinition } from "@/lib/scoring/model";
import { suggestBands } from "@/lib/scoring/suggest-bands";
import { DEFAULT_BANDS } from "@/lib/vocabulary";
import type { DbHandle } from "../client";
import type { SucceededState } from "../jobs/training-runner";
import { getSnapshot } from "../snapshot";
import { writeAudit } from "./audit";
import { createRuleModel, publishVersion, validateDefinition, type Actor, type PublishResult } from "./models";

/**
 * Queues a training run after checking, on the current data, that the chosen window holds enough
 * outcomes (the runner checks again: data may change meanwhile). Throws AppError with a message
 * that says what is missing when it does not.
 */
export async function createTrainingRun(handle: DbHandle, actor: Actor, input: unknown): Promise<{ runId: number; positives: number; negatives: number }> {
  const parsed = trainingParamsSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of parsed.error.issues) (fieldErrors[i.path.join(".") || "form"] ??= []).push(i.message);
    throw new AppError("unprocessable:training", "Please correct the highlighted fields.", { fieldErrors });
  }
  const params = parsed.data as TrainingParams;
  const snapshot = await getSnapshot(handle);
  const check = checkOutcomes(snapshot, params);
  if (!check.ok) throw new AppError("unprocessable:training", check.message, { fieldErrors: { cutoff: [check.message] } });
  const r = handle.schema.trainingRuns;
  const now = Date.now();
  const runId = await handle.transact(async (tx) => {
    const [row] = await tx.insert(r).values({ status: "queued", progress: 0, params, createdBy: actor.userId, createdAt: now }).returning({ id: r.id });
    await writeAudit(
      handle,
      { actorUserId: actor.userId, actorLabel: actor.label, action: "predictive.train", targetType: "training_run", targetId: row!.id, details: { ...params, summary: describeParams(params), positives: check.positives, negatives: check.negatives }, ip: actor.ip },
      tx,
    );
    return row!.id;
  });
  return { runId, positives: check.positives, negatives: check.negatives };
}

/** A succeeded run's report and model, or an AppError saying why it cannot be used. */
async function succeededRun(handle: DbHandle, runId: number): Promise<{ params: TrainingParams; report: TrainingReport; predictor: string }> {
  const r = handle.schema.trainingRuns;
  const [run] = await handle.db.select().from(r).where(eq(r.id, runId));
  if (!run) throw new AppError("not_found:training", "That training run does not exist.");
  if (run.status !== "succeeded") throw new AppError("conflict:training", run.status === "failed" ? "That training run failed: there is no model to publish." : "That training run has not finished yet.");
  const result = run.result as SucceededState | null;
  if (!result?.predictor || !result.report) throw new AppError("conflict:training", "That training run holds no model.");
  return { params: run.params as TrainingParams, report: result.report, predictor: result.predictor };
}

function predictivePartOf(runId: number, params: TrainingParams, report: TrainingReport, predictor: string): PredictivePart {
  return {
    predictor,
    trainingRunId: runId,
    outcome: params.outcome,
    horizonDays: params.horizonDays,
    cutoff: params.cutoff,
    groups: params.groups,
    learner: params.learner,
    heldOutAuc: Number.isFinite(report.heldOutAuc) ? report.heldOutAuc : null,
    sample: { rows: report.sample.rows, positives: report.sample.positives, negatives: report.sample.negatives },
  };
}

/** Below this many accounts the default bands are kept: quantiles of a handful of scores mean little. */
const MIN_ACCOUNTS_TO_CALIBRATE = 200;

/**
 * Bands calibrated on the current accounts (about 5 / 15 / 30 / 50 % in A / B / C / D), as new rule
 * models get: probabilities of a rare outcome sit low, so absolute bands would leave A empty.
 */
async function calibratedBands(handle: DbHandle, def: LearnedDefinition, asOf: number) {
  const snapshot = await getSnapshot(handle);
  if (snapshot.n < MIN_ACCOUNTS_TO_CALIBRATE) return DEFAULT_BANDS.map((b) => ({ ...b }));
  const { scores } = scoreLearned(def, snapshot, asOf);
  return suggestBands(scores, { labels: def.bands.map((b) => b.label) });
}

/** Where a published version goes: a new version of an existing model, or a new model. */
export type PublishTarget = { modelId: number } | { newModelName: string; description?: string | null };

export interface PublishLearnedInput {
  runId: number;
  kind: "predictive" | "blended";
  /** blended: the rule model whose live version is blended in, and the rule's weight (0..1) */
  ruleModelId?: number;
  ruleWeight?: number;
  target: PublishTarget;
  note: string;
}

export interface PublishLearnedResult extends PublishResult {
  version: number;
  modelName: string;
  kind: "predictive" | "blended";
}

/** The live rule definition of a model, with its ids, or an AppError. */
async function liveRule(handle: DbHandle, modelId: number): Promise<{ name: string; versionId: number; version: number; definition: RuleModelDefinition }> {
  const { db, schema } = handle;
  const [row] = await db
    .select({ name: schema.scoringModels.name, versionId: schema.modelVersions.id, version: schema.modelVersions.version, definition: schema.modelVersions.definition })
    .from(schema.scoringModels)
    .innerJoin(schema.modelVersions, eq(schema.modelVersions.id, schema.scoringModels.publishedVersionId))
    .where(eq(schema.scoringModels.id, modelId));
  if (!row) throw new AppError("unprocessable:training", "That rule model has no live version to blend with.", { fieldErrors: { ruleModelId: ["Pick a model with a live rule-based version."] } });
  const parsed = parseModelDefinition(row.definition);
  if (!parsed.ok) throw new AppError("unprocessable:training", `The live version of “${row.name}” is not rule-based: blend with a rule-based model.`, { fieldErrors: { ruleModelId: ["Pick a model whose live version is rule-based."] } });
  return { name: row.name, versionId: row.versionId, version: row.version, definition: parsed.value };
}

/**
 * Publishes a finished training run as a predictive version, or blended with a rule model's live
 * version, into an existing model (a new version: the previous one stays for rollback) or a new
 * model. The version is created and then published by publishVersion (scores, ranks, history,
 * publish event, audit, alerts); if publishing fails, the version (and a model created for it) is
 * removed again, so nothing half-made is left behind.
 */
export async function publishLearnedVersion(handle: DbHandle, actor: Actor, input: PublishLearnedInput): Promise<PublishLearnedResult> {
  const note = input.note.trim();
  if (note.length < 3) throw new AppError("unprocessable:training", "Say in a few words why (at least 3 characters): the note is what the history shows.", { fieldErrors: { note: ["Write a note of at least 3 characters."] } });
  const { params, report, predictor } = await succeededRun(handle, input.runId);
  const part = predictivePartOf(input.runId, params, report, predictor);
  const asOf = Date.now();
  let def: LearnedDefinition;
  if (input.kind === "predictive") {
    const d: PredictiveDefinition = { schemaVersion: LEARNED_SCHEMA_VERSION, kind: "predictive", ...part, bands: DEFAULT_BANDS.map((b) => ({ ...b })) };
    d.bands = await calibratedBands(handle, d, asOf);
    def = d;
  } else {
    const w = input.ruleWeight;
    if (w === undefined || !(w >= 0 && w <= 1)) throw new AppError("unprocessable:training", "The rule weight must be between 0 and 100 %.", { fieldErrors: { ruleWeight: ["Pick a weight between 0 and 100 %."] } });
    if (!input.ruleModelId) throw new AppError("unprocessable:training", "Pick the rule-based model to blend with.", { fieldErrors: { ruleModelId: ["Pick a rule-based model."] } });
    const rule = await liveRule(handle, input.ruleModelId);
    const d: BlendedDefinition = {
      schemaVersion: LEARNED_SCHEMA_VERSION,
      kind: "blended",
      ruleWeight: Math.round(w * 1000) / 1000,
      rule: { modelId: input.ruleModelId, versionId: rule.versionId, version: rule.version, name: `${rule.name} v${rule.version}`, definition: rule.definition },
      predictive: part,
      bands: rule.definition.bands.map((b) => ({ label: b.label, min: b.min })),
    };
    d.bands = await calibratedBands(handle, d, asOf);
    def = d;
  }
  // The stored definition must read back as itself.
  const check = parseLearnedDefinition(JSON.parse(JSON.stringify(def)));
  if (!check.ok) throw new Error(check.message);

  const { schema } = handle;
  const now = Date.now();
  const created = await handle.transact(async (tx) => {
    let modelId: number;
    let modelName: string;
    let newModel = false;
    if ("modelId" in input.target) {
      const [m] = await tx.select({ id: schema.scoringModels.id, name: schema.scoringModels.name }).from(schema.scoringModels).where(eq(schema.scoringModels.id, input.target.modelId));
      if (!m) throw new AppError("not_found:model", "That model does not exist.", { fieldErrors: { target: ["Pick an existing model or a new one."] } });
      modelId = m.id;
      modelName = m.name;
    } else {
      const name = input.target.newModelName.trim();
      if (name.length < 2 || name.length > 100) throw new AppError("unprocessable:training", "Give the new model a name of 2 to 100 characters.", { fieldErrors: { newModelName: ["Use 2 to 100 characters."] } });
      const [taken] = await tx.select({ id: schema.scoringModels.id }).from(schema.scoringModels).where(eq(schema.scoringModels.name, name));
      if (taken) throw new AppError("conflict:model", `A model named “${name}” already exists.`, { fieldErrors: { newModelName: ["This name is taken."] } });
      const [anyPrimary] = await tx.select({ id: schema.scoringModels.id }).from(schema.scoringModels).where(eq(schema.scoringModels.isPrimary, true)).limit(1);
      const [m] = await tx
        .insert(schema.scoringModels)
        .values({ name, description: input.target.description ?? describeParams(params), kind: def.kind, isPrimary: !anyPrimary, createdBy: actor.userId, createdAt: now, updatedAt: now })
        .returning({ id: schema.scoringModels.id });
      modelId = m!.id;
      modelName = name;
      newModel = true;
      await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "model.create", targetType: "model", targetId: modelId, details: { name, kind: def.kind, trainingRunId: input.runId }, ip: actor.ip }, tx);
    }
    const [{ top }] = await tx.select({ top: max(schema.modelVersions.version) }).from(schema.modelVersions).where(eq(schema.modelVersions.modelId, modelId));
    const version = Number(top ?? 0) + 1;
    // Created "archived" (never published) and published right away: a learned version is never a
    // draft, so it does not stand in the way of a rule draft being edited in the same model.
    const [v] = await tx
      .insert(schema.modelVersions)
      .values({ modelId, version, status: "archived", kind: def.kind, definition: def, note, createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now })
      .returning({ id: schema.modelVersions.id });
    await writeAudit(
      handle,
      {
        actorUserId: actor.userId,
        actorLabel: actor.label,
        action: "model.version_create",
        targetType: "model_version",
        targetId: v!.id,
        details: { modelId, version, kind: def.kind, trainingRunId: input.runId, ...(def.kind === "blended" ? { ruleWeight: def.ruleWeight, rule: def.rule.name } : {}), heldOutAuc: part.heldOutAuc },
        ip: actor.ip,
      },
      tx,
    );
    return { modelId, modelName, versionId: v!.id, version, newModel };
  });

  let published: PublishResult;
  try {
    published = await publishVersion(handle, actor, { versionId: created.versionId, note, asOf });
  } catch (err) {
    await handle.transact(async (tx) => {
      await tx.delete(schema.modelVersions).where(and(eq(schema.modelVersions.id, created.versionId), eq(schema.modelVersions.status, "archived")));
      if (created.newModel) await tx.delete(schema.scoringModels).where(eq(schema.scoringModels.id, created.modelId));
    });
    throw err;
  }
  await recordPublication(handle, input.runId, { modelId: created.modelId, modelName: created.modelName, versionId: created.versionId, version: created.version, kind: def.kind, at: now });
  return { ...published, version: created.version, modelName: created.modelName, kind: def.kind };
}

/** A version made from a run, listed on the run's page. */
export interface RunPublication {
  modelId: number;
  modelName: string;
  versionId: number;
  version: number;
  kind: "predictive" | "blended";
  at: number;
}

async function recordPublication(handle: DbHandle, runId: number, p: RunPublication): Promise<void> {
  const r = handle.schema.trainingRuns;
  await handle.transact(async (tx) => {
    const [run] = await tx.select({ result: r.result }).from(r).where(eq(r.id, runId));
    const result = (run?.result ?? {}) as SucceededState & { publications?: RunPublication[] };
    await tx.update(r).set({ result: { ...result, publications: [...(result.publications ?? []), p] } }).where(eq(r.id, runId));
  });
}

/**
 * Creates a rule-based model whose first draft holds the weights a run's logistic regression
 * suggests (lib/predictive suggestRuleWeights), for marketing to review in the editor.
 */
export async function createSuggestedRuleModel(handle: DbHandle, actor: Actor, input: { runId: number; name: string }): Promise<{ modelId: number; versionId: number; notes: string[] }> {
  const { params, predictor } = await succeededRun(handle, input.runId);
  const p = deserializeModel(predictor);
  if (p.model.kind === "gbt") {
    throw new AppError("unprocessable:training", "Rule weights come from the logistic regression: this run trained boosted trees only. Train with the recommended learner or logistic regression.");
  }
  const suggested = suggestRuleWeights(p);
  const notes = [...suggested.notes];
  // Runs trained before the age column recorded its reference year suggest age thresholds as if they
  // were founding years ("pred-foundedyear-high/low"): leave those out and say so. Newer runs turn age
  // thresholds into founding-year ones ("-old"/"-young").
  const legacyAge = (c: (typeof suggested.definition.criteria)[number]) => c.kind === "attribute" && c.attribute === "foundedYear" && !/^pred-foundedyear-(old|young)/.test(c.id);
  const criteria = suggested.definition.criteria.filter((c) => !legacyAge(c));
  if (criteria.length < suggested.definition.criteria.length) notes.push("Company age: not suggested as a rule (retrain to get it as a founding-year criterion)");
  const snapshot = await getSnapshot(handle);
  const definition = validateDefinition({ ...suggested.definition, criteria }, Object.keys(snapshot.attributes));
  const name = input.name.trim();
  const { modelId, versionId } = await createRuleModel(handle, actor, {
    name,
    description: `Weights suggested by training run #${input.runId} (${describeParams(params)}). Review before publishing.`,
    definition,
  });
  await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "predictive.suggest_rules", targetType: "model", targetId: modelId, details: { trainingRunId: input.runId, criteria: criteria.length, notes }, ip: actor.ip });
  return { modelId, versionId, notes };
}
