/**
 * Training runs as the pages show them: the list with each run's headline figures, one run with its
 * full report (never the serialised model, which only the publish verbs read), the defaults of the
 * training form, and the learned explanation of an account's live score.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { dataSpan } from "@/lib/metrics";
import {
  DAY_MS,
  defaultCutoff,
  explainLearned,
  isLearnedDefinition,
  parseLearnedDefinition,
  type LearnedDefinition,
  type LearnedExplanation,
  type TrainingParams,
  type TrainingReport,
} from "@/lib/predictive-scoring";
import type { DbHandle } from "../client";
import type { RunningState, SucceededState } from "../jobs/training-runner";
import type { RunPublication } from "../mutations/training";
import { getSnapshot } from "../snapshot";
import { loadAccountsSnapshot } from "./account-explanations";

/** One run as listed. */
export interface TrainingRunSummary {
  id: number;
  status: string;
  progress: number;
  stage: string | null;
  params: TrainingParams;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  createdBy: string | null;
  error: string | null;
  heldOutAuc: number | null;
  positives: number | null;
  negatives: number | null;
  publications: RunPublication[];
}

/** One run with its report. */
export interface TrainingRunDetail extends TrainingRunSummary {
  report: TrainingReport | null;
  /** the learner of the fitted model ("lr", "gbt", "blend"), when there is one */
  modelKind: string | null;
}

type RunRow = { id: number; status: string; progress: number; params: unknown; result: unknown; error: string | null; createdAt: number; startedAt: number | null; finishedAt: number | null; createdBy: string | null };

function summarize(row: RunRow): TrainingRunSummary {
  const result = (row.result ?? null) as (Partial<SucceededState> & Partial<RunningState> & { publications?: RunPublication[] }) | null;
  const report = result?.report ?? null;
  return {
    id: row.id,
    status: row.status,
    progress: Number(row.progress),
    stage: result?.stage ?? null,
    params: row.params as TrainingParams,
    createdAt: Number(row.createdAt),
    startedAt: row.startedAt == null ? null : Number(row.startedAt),
    finishedAt: row.finishedAt == null ? null : Number(row.finishedAt),
    createdBy: row.createdBy,
    error: row.error,
    heldOutAuc: report ? report.heldOutAuc : null,
    positives: report ? report.sample.positives : null,
    negatives: report ? report.sample.negatives : null,
    publications: result?.publications ?? [],
  };
}

function runQuery(handle: DbHandle) {
  const { db, schema } = handle;
  const r = schema.trainingRuns;
  return db
    .select({ id: r.id, status: r.status, progress: r.progress, params: r.params, result: r.result, error: r.error, createdAt: r.createdAt, startedAt: r.startedAt, finishedAt: r.finishedAt, createdBy: schema.users.name })
    .from(r)
    .leftJoin(schema.users, eq(schema.users.id, r.createdBy));
}

/** The latest runs, newest first. */
export async function listTrainingRuns(handle: DbHandle, limit = 30): Promise<TrainingRunSummary[]> {
  const rows = await runQuery(handle).orderBy(desc(handle.schema.trainingRuns.id)).limit(limit);
  return rows.map((r) => summarize(r as RunRow));
}

/** One run with its report, or null. */
export async function getTrainingRun(handle: DbHandle, runId: number): Promise<TrainingRunDetail | null> {
  const [row] = await runQuery(handle).where(eq(handle.schema.trainingRuns.id, runId));
  if (!row) return null;
  const result = row.result as Partial<SucceededState> | null;
  let modelKind: string | null = null;
  if (result?.predictor) modelKind = /"model":\{"kind":"(lr|gbt|blend)"/.exec(result.predictor)?.[1] ?? null;
  return { ...summarize(row as RunRow), report: result?.report ?? null, modelKind };
}

/** What the training form starts from: the data's time span and a cutoff whose horizon is fully observed. */
export async function trainingFormDefaults(handle: DbHandle): Promise<{ accounts: number; earliest: number | null; latest: number | null; cutoff: number | null; horizonDays: number }> {
  const snapshot = await getSnapshot(handle);
  const span = dataSpan(snapshot);
  const horizonDays = 90;
  const ok = Number.isFinite(span.latest) && Number.isFinite(span.earliest);
  return {
    accounts: snapshot.n,
    earliest: ok ? span.earliest : null,
    latest: ok ? span.latest : null,
    cutoff: ok ? Math.max(defaultCutoff(span.latest, horizonDays), Math.floor(span.earliest / DAY_MS) * DAY_MS + DAY_MS) : null,
    horizonDays,
  };
}

/** A model's live learned version, for explaining an account's stored score. */
export interface LiveLearnedModel {
  modelId: number;
  modelName: string;
  versionId: number;
  version: number;
  definition: LearnedDefinition;
  /** when the live scores were computed (the publish time): explanations are computed as of it */
  scoredAt: number;
  /** the account's stored score and probability under this model */
  storedScore: number;
  storedProbability: number | null;
}

const parsed = new Map<number, LearnedDefinition | null>();

/** The live learned versions of the models that scored an account, keyed by model id. */
export async function liveLearnedModels(handle: DbHandle, accountId: number): Promise<LiveLearnedModel[]> {
  const { db, schema } = handle;
  const s = schema.accountScores;
  const rows = await db
    .select({ modelId: s.modelId, versionId: s.versionId, scoredAt: s.scoredAt, score: s.score, probability: s.probability, isPrimary: schema.scoringModels.isPrimary, modelName: schema.scoringModels.name, version: schema.modelVersions.version, kind: schema.modelVersions.kind })
    .from(s)
    .innerJoin(schema.scoringModels, eq(schema.scoringModels.id, s.modelId))
    .innerJoin(schema.modelVersions, eq(schema.modelVersions.id, s.versionId))
    // Scores are keyed by (model, account): one key lookup per model instead of a scan of every score.
    .where(and(inArray(s.modelId, db.select({ id: schema.scoringModels.id }).from(schema.scoringModels)), eq(s.accountId, accountId)))
    .orderBy(desc(schema.scoringModels.isPrimary), schema.scoringModels.name);
  const out: LiveLearnedModel[] = [];
  for (const r of rows) {
    if (r.kind !== "predictive" && r.kind !== "blended") continue;
    if (!parsed.has(r.versionId)) {
      // Versions never change once published: the parse is kept for the process' life.
      const [v] = await db.select({ definition: schema.modelVersions.definition }).from(schema.modelVersions).where(eq(schema.modelVersions.id, r.versionId));
      const p = v && isLearnedDefinition(v.definition) ? parseLearnedDefinition(v.definition) : null;
      parsed.set(r.versionId, p?.ok ? p.value : null);
      if (parsed.size > 50) parsed.delete(parsed.keys().next().value!);
    }
    const definition = parsed.get(r.versionId);
    if (definition) {
      out.push({
        modelId: r.modelId,
        modelName: r.modelName,
        versionId: r.versionId,
        version: r.version,
        definition,
        scoredAt: Number(r.scoredAt),
        storedScore: Number(r.score),
        storedProbability: r.probability == null ? null : Number(r.probability),
      });
    }
  }
  return out;
}

/**
 * The explanation of an account's learned scores (probability, top factors, and for a blended
 * version its two parts), recomputed from a snapshot of just this account as of the publish time,
 * so it reproduces the stored score unless the account's data changed since.
 */
export async function explainLearnedScores(handle: DbHandle, accountId: number, options: { top?: number } = {}): Promise<(LiveLearnedModel & { explanation: LearnedExplanation })[]> {
  const models = await liveLearnedModels(handle, accountId);
  if (models.length === 0) return [];
  const { snapshot, positions } = await loadAccountsSnapshot(handle, [accountId]);
  const i = positions.get(accountId);
  if (i === undefined) return [];
  return models.map((m) => ({ ...m, explanation: explainLearned(m.definition, snapshot, i, m.scoredAt, options.top) }));
}

/** Models a run can be published to, and whether each one's live version is rule-based (can be blended with). */
export async function publishTargets(handle: DbHandle): Promise<{ id: number; name: string; isPrimary: boolean; liveRule: boolean }[]> {
  const { db, schema } = handle;
  const m = schema.scoringModels;
  const rows = await db
    .select({ id: m.id, name: m.name, isPrimary: m.isPrimary, liveKind: schema.modelVersions.kind })
    .from(m)
    .leftJoin(schema.modelVersions, eq(schema.modelVersions.id, m.publishedVersionId))
    .orderBy(desc(m.isPrimary), m.name);
  return rows.map((r) => ({ id: r.id, name: r.name, isPrimary: Boolean(r.isPrimary), liveRule: r.liveKind === "rule" }));
}
