/**
 * Reads behind the REST API's account endpoints: a filtered page of the ranking with an opaque seek
 * cursor, one account with its live score, and the exact explanation of its score. Rows come out
 * already in the API's response shape (lib/validation/api.ts).
 */
import { and, asc, between, desc, eq, gt, gte, inArray, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { compileModel, scoreAccount, type CompiledModel } from "@/lib/scoring/engine";
import { parseModelDefinition } from "@/lib/scoring/model";
import type { ScoringSnapshot } from "@/lib/snapshot";
import type { AccountListResponse, ApiAccount, ExplanationResponse, ListAccountsQuery } from "@/lib/validation/api";
import type { DbHandle } from "../client";
import { getSnapshot } from "../snapshot";
import { firstRankAfter, rankedScore, rankRangeForScores } from "./score-ranks";
import { explainLearnedScores } from "./training";

export interface ApiModel {
  id: number;
  name: string;
  publishedVersionId: number | null;
}

/** The model a request reads scores of: `modelId`, or the primary model. 404 when there is none. */
export async function resolveApiModel(handle: DbHandle, modelId?: number): Promise<ApiModel> {
  const { db, schema } = handle;
  const m = schema.scoringModels;
  const [row] = await db
    .select({ id: m.id, name: m.name, publishedVersionId: m.publishedVersionId })
    .from(m)
    .where(modelId ? eq(m.id, modelId) : eq(m.isPrimary, true))
    .limit(1);
  if (!row) throw new AppError("not_found:api", modelId ? `There is no scoring model ${modelId}.` : "No primary scoring model exists yet.");
  return row;
}

interface Cursor {
  /** version the ranks belong to */
  v: number;
  /** rank, score and account id of the last row served */
  r: number;
  s: number;
  i: number;
}

/** Encodes a page boundary as an opaque string. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    if ([c.v, c.r, c.s, c.i].every((x) => typeof x === "number" && Number.isFinite(x))) return c;
  } catch {
    // fall through
  }
  throw new AppError("bad_request:api", "The cursor is not valid; start again without one.", { fieldErrors: { cursor: ["Not a cursor this API issued."] } });
}

const iso = (ms: number) => new Date(ms).toISOString();

function selection(handle: DbHandle) {
  const { schema } = handle;
  const a = schema.accounts;
  const s = schema.accountScores;
  const u = schema.users;
  return {
    accountId: a.id,
    externalId: a.externalId,
    name: a.name,
    domain: a.domain,
    industry: a.industry,
    employeeCount: a.employeeCount,
    annualRevenue: a.annualRevenue,
    country: a.country,
    region: a.region,
    foundedYear: a.foundedYear,
    technologies: a.technologies,
    lifecycleStage: a.lifecycleStage,
    ownerEmail: u.email,
    custom: a.custom,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    modelId: s.modelId,
    versionId: s.versionId,
    score: s.score,
    band: s.band,
    rank: s.rank,
    fit: s.fit,
    engagement: s.engagement,
    intent: s.intent,
    relationship: s.relationship,
    probability: s.probability,
    previousScore: s.previousScore,
    scoredAt: s.scoredAt,
  };
}

type Row = { [K in keyof ReturnType<typeof selection>]: unknown };

function toApiAccount(r: Row): ApiAccount {
  const json = <T>(v: unknown, fallback: T): T => (v == null ? fallback : typeof v === "string" ? (JSON.parse(v) as T) : (v as T));
  const n = (v: unknown) => (v == null ? null : Number(v));
  return {
    externalId: String(r.externalId),
    name: String(r.name),
    domain: (r.domain as string | null) ?? null,
    industry: (r.industry as string | null) ?? null,
    employeeCount: n(r.employeeCount),
    annualRevenue: n(r.annualRevenue),
    country: (r.country as string | null) ?? null,
    region: (r.region as string | null) ?? null,
    foundedYear: n(r.foundedYear),
    technologies: json<string[]>(r.technologies, []),
    lifecycleStage: String(r.lifecycleStage),
    ownerEmail: (r.ownerEmail as string | null) ?? null,
    custom: json<Record<string, string | number | boolean | null>>(r.custom, {}),
    createdAt: iso(Number(r.createdAt)),
    updatedAt: iso(Number(r.updatedAt)),
    score:
      r.score == null
        ? null
        : {
            modelId: Number(r.modelId),
            versionId: Number(r.versionId),
            score: Number(r.score),
            band: String(r.band),
            rank: Number(r.rank),
            fit: Number(r.fit),
            engagement: Number(r.engagement),
            intent: Number(r.intent),
            relationship: Number(r.relationship),
            probability: n(r.probability),
            previousScore: n(r.previousScore),
            scoredAt: iso(Number(r.scoredAt)),
          },
  };
}

/**
 * One page of a model's ranking (score descending, account id ascending), filtered. The cursor seeks
 * by rank (a key range of score_ranks, so page 10,000 costs what page 1 costs); when the model was republished
 * between two pages it seeks by (score, id) in the new ranking instead, so no account is served twice.
 */
export async function listApiAccounts(handle: DbHandle, model: ApiModel, q: ListAccountsQuery): Promise<AccountListResponse> {
  const { db, schema } = handle;
  const a = schema.accounts;
  const r = schema.scoreRanks;
  const s = schema.accountScores;
  const u = schema.users;
  const where: (SQL | undefined)[] = [eq(r.modelId, model.id)];
  if (q.band) {
    const bands = q.band.split(",").map((b) => b.trim()).filter(Boolean);
    if (bands.length) where.push(inArray(s.band, bands));
  }
  if (q.minScore !== undefined || q.maxScore !== undefined) {
    // As a rank range, so the query seeks the ranking rather than filtering a scan of it.
    const range = await rankRangeForScores(handle, model.id, q.minScore, q.maxScore);
    where.push(between(r.rank, range.from, range.to));
  }
  if (q.industry) where.push(eq(a.industry, q.industry));
  if (q.country) where.push(eq(a.country, q.country));
  if (q.ownerEmail) where.push(eq(u.email, q.ownerEmail.trim().toLowerCase()));
  if (q.updatedSince) {
    const t = /^\d+$/.test(q.updatedSince) ? Number(q.updatedSince) : Date.parse(q.updatedSince);
    where.push(gte(a.updatedAt, t));
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    if (c.v === model.publishedVersionId) where.push(gt(r.rank, c.r));
    else where.push(gte(r.rank, await firstRankAfter(handle, model.id, c.s, c.i)));
  }
  const rows = (await db
    .select(selection(handle))
    .from(r)
    .innerJoin(s, rankedScore(handle))
    .innerJoin(a, eq(a.id, s.accountId))
    .leftJoin(u, eq(u.id, a.ownerId))
    .where(and(...where))
    .orderBy(asc(r.rank))
    .limit(q.limit + 1)) as Row[];
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page[page.length - 1];
  return {
    model: { id: model.id, name: model.name, versionId: model.publishedVersionId },
    data: page.map(toApiAccount),
    nextCursor: more && last ? encodeCursor({ v: Number(last.versionId), r: Number(last.rank), s: Number(last.score), i: Number(last.accountId) }) : null,
  };
}

/** One account by external id with its live score under the model (score null when unscored). 404 if unknown. */
export async function getApiAccount(handle: DbHandle, model: ApiModel, externalId: string): Promise<ApiAccount & { accountId: number }> {
  const { db, schema } = handle;
  const a = schema.accounts;
  const s = schema.accountScores;
  const u = schema.users;
  const [row] = (await db
    .select(selection(handle))
    .from(a)
    .leftJoin(s, and(eq(s.accountId, a.id), eq(s.modelId, model.id)))
    .leftJoin(u, eq(u.id, a.ownerId))
    .where(eq(a.externalId, externalId))
    .limit(1)) as Row[];
  if (!row) throw new AppError("not_found:api", `There is no account with external id “${externalId}”.`);
  return { ...toApiAccount(row), accountId: Number(row.accountId) };
}

const compiledCache = new WeakMap<ScoringSnapshot, Map<number, CompiledModel>>();

/** A published version compiled for a snapshot (versions are immutable once published, so cache by id). */
async function compiledVersion(handle: DbHandle, versionId: number, snapshot: ScoringSnapshot): Promise<{ compiled: CompiledModel; version: number }> {
  const { db, schema } = handle;
  const [v] = await db
    .select({ definition: schema.modelVersions.definition, version: schema.modelVersions.version })
    .from(schema.modelVersions)
    .where(eq(schema.modelVersions.id, versionId));
  if (!v) throw new AppError("not_found:api", "The model's live version no longer exists.");
  let perSnapshot = compiledCache.get(snapshot);
  if (!perSnapshot) compiledCache.set(snapshot, (perSnapshot = new Map()));
  let compiled = perSnapshot.get(versionId);
  if (!compiled) {
    const parsed = parseModelDefinition(v.definition);
    if (!parsed.ok) throw new AppError("unavailable:api", "The live version's definition cannot be read.");
    compiled = compileModel(parsed.value, snapshot);
    perSnapshot.set(versionId, compiled);
  }
  return { compiled, version: v.version };
}

function positionOf(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = ids[mid]!;
    if (x === id) return mid;
    if (x < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The explanation of an account's score under the model's live version, computed by the scoring engine
 * as of the time the live score was computed (or the latest publish), so it reproduces the stored score
 * when the account's data has not changed since; the contributions sum exactly to `score`.
 */
export async function getApiExplanation(handle: DbHandle, model: ApiModel, externalId: string): Promise<ExplanationResponse> {
  if (!model.publishedVersionId) throw new AppError("not_found:api", `Model “${model.name}” has no published version.`);
  const account = await getApiAccount(handle, model, externalId);
  const { db, schema } = handle;
  let asOf = account.score ? Date.parse(account.score.scoredAt) : NaN;
  if (!Number.isFinite(asOf)) {
    const [ev] = await db
      .select({ at: schema.publishEvents.publishedAt })
      .from(schema.publishEvents)
      .where(eq(schema.publishEvents.modelId, model.id))
      .orderBy(desc(schema.publishEvents.publishedAt))
      .limit(1);
    asOf = ev ? Number(ev.at) : Date.now();
  }
  const [live] = await db.select({ kind: schema.modelVersions.kind, version: schema.modelVersions.version }).from(schema.modelVersions).where(eq(schema.modelVersions.id, model.publishedVersionId));
  if (live && live.kind !== "rule") return learnedExplanation(handle, model, account, live.version);
  const snapshot = await getSnapshot(handle);
  const i = positionOf(snapshot.accountIds, account.accountId);
  if (i < 0) throw new AppError("unavailable:api", "The account is not in the scoring snapshot yet; retry in a moment.");
  const { compiled, version } = await compiledVersion(handle, model.publishedVersionId, snapshot);
  const result = scoreAccount(compiled, snapshot, i, asOf);
  return {
    externalId: account.externalId,
    model: { id: model.id, name: model.name, versionId: model.publishedVersionId, version },
    asOf: iso(asOf),
    score: result.score,
    band: result.band,
    subScores: { fit: result.subScores.fit, engagement: result.subScores.engagement, intent: result.subScores.intent, relationship: result.subScores.relationship },
    storedScore: account.score?.score ?? null,
    kind: "rule",
    learned: null,
    contributions: result.contributions.map((c) => ({
      criterionId: c.criterionId,
      label: c.label,
      category: c.category,
      kind: c.kind,
      points: c.points,
      raw: c.raw,
      matched: c.matched,
      detail: c.detail,
    })),
  };
}

/**
 * A predictive or blended version's explanation: the probability, the baseline, and every factor's
 * effect on the log-odds (they sum with the baseline to the account's log-odds), computed by the same
 * code as the publish, as of the live scores' time.
 */
async function learnedExplanation(handle: DbHandle, model: ApiModel, account: ApiAccount & { accountId: number }, version: number): Promise<ExplanationResponse> {
  const found = (await explainLearnedScores(handle, account.accountId, { top: Number.POSITIVE_INFINITY })).find((m) => m.modelId === model.id);
  if (!found) throw new AppError("unavailable:api", "The account has no score under this model yet; retry after the next publish.");
  const e = found.explanation;
  const factors = [...e.positive, ...e.negative].map((f) => ({ label: f.label, value: f.value, effect: f.effect }));
  return {
    externalId: account.externalId,
    model: { id: model.id, name: model.name, versionId: found.versionId, version },
    asOf: iso(found.scoredAt),
    score: e.score,
    band: e.band,
    subScores: e.blend ? { fit: e.blend.rule.subScores.fit, engagement: e.blend.rule.subScores.engagement, intent: e.blend.rule.subScores.intent, relationship: e.blend.rule.subScores.relationship } : { fit: 0, engagement: 0, intent: 0, relationship: 0 },
    storedScore: account.score?.score ?? null,
    kind: e.kind,
    learned: {
      probability: e.probability,
      baselineProbability: e.baseline,
      logOdds: e.logit,
      baselineLogOdds: e.baselineLogit,
      factors,
      blend: e.blend ? { ruleWeight: e.blend.ruleWeight, ruleScore: e.blend.ruleScore, rulePoints: e.blend.rulePoints, predictivePoints: e.blend.predictivePoints } : null,
    },
    contributions: [],
  };
}
