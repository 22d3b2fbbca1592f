import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DbHandle } from "../client";

/** The model whose published version is "the account score" shown across the app, if any. */
export async function getPrimaryModel(handle: DbHandle) {
  const { db, schema } = handle;
  const [row] = await db.select().from(schema.scoringModels).where(eq(schema.scoringModels.isPrimary, true)).limit(1);
  return row ?? null;
}

/** One model with its live version and latest draft, as listed on the models page. */
export interface ModelSummary {
  id: number;
  name: string;
  description: string | null;
  kind: string;
  isPrimary: boolean;
  updatedAt: number;
  published: { versionId: number; version: number; publishedAt: number | null; publishedBy: string | null } | null;
  draft: { versionId: number; version: number; updatedAt: number; updatedBy: string | null } | null;
  versions: number;
  lastEvent: { action: string; at: number; by: string | null; note: string | null; accountCount: number } | null;
}

/** Every model, primary first, then by name. A handful of small queries: models are few. */
export async function listModels(handle: DbHandle): Promise<ModelSummary[]> {
  const { db, schema } = handle;
  const m = schema.scoringModels;
  const v = schema.modelVersions;
  const u = schema.users;
  const models = await db.select().from(m).orderBy(desc(m.isPrimary), asc(m.name));
  if (!models.length) return [];
  const ids = models.map((x) => x.id);
  const publisher = alias(u, "publisher");
  const editor = alias(u, "editor");
  const versions = await db
    .select({
      id: v.id,
      modelId: v.modelId,
      version: v.version,
      status: v.status,
      updatedAt: v.updatedAt,
      publishedAt: v.publishedAt,
      publishedBy: publisher.name,
      updatedBy: editor.name,
    })
    .from(v)
    .leftJoin(publisher, eq(publisher.id, v.publishedBy))
    .leftJoin(editor, eq(editor.id, v.updatedBy))
    .where(inArray(v.modelId, ids))
    .orderBy(desc(v.version));
  const e = schema.publishEvents;
  const events = await db
    .select({ modelId: e.modelId, id: e.id, action: e.action, at: e.publishedAt, note: e.note, accountCount: e.accountCount, by: u.name })
    .from(e)
    .leftJoin(u, eq(u.id, e.publishedBy))
    .where(inArray(e.modelId, ids))
    .orderBy(desc(e.id));
  return models.map((model): ModelSummary => {
    const mine = versions.filter((x) => x.modelId === model.id);
    const live = mine.find((x) => x.id === model.publishedVersionId);
    const draft = mine.find((x) => x.status === "draft");
    const last = events.find((x) => x.modelId === model.id);
    return {
      id: model.id,
      name: model.name,
      description: model.description,
      kind: model.kind,
      isPrimary: model.isPrimary,
      updatedAt: model.updatedAt,
      published: live ? { versionId: live.id, version: live.version, publishedAt: live.publishedAt, publishedBy: live.publishedBy } : null,
      draft: draft ? { versionId: draft.id, version: draft.version, updatedAt: draft.updatedAt, updatedBy: draft.updatedBy } : null,
      versions: mine.length,
      lastEvent: last ? { action: last.action, at: last.at, by: last.by, note: last.note, accountCount: last.accountCount } : null,
    };
  });
}

/** A model row, or null. */
export async function getModel(handle: DbHandle, modelId: number) {
  const { db, schema } = handle;
  const [row] = await db.select().from(schema.scoringModels).where(eq(schema.scoringModels.id, modelId));
  return row ?? null;
}

/** A version of a model with the names of who created, last saved and published it. */
export interface VersionRow {
  id: number;
  modelId: number;
  version: number;
  status: string;
  kind: string;
  definition: unknown;
  note: string | null;
  revision: number;
  createdAt: number;
  createdBy: string | null;
  updatedAt: number;
  updatedBy: string | null;
  publishedAt: number | null;
  publishedBy: string | null;
}

function versionQuery(handle: DbHandle) {
  const { db, schema } = handle;
  const v = schema.modelVersions;
  const creator = alias(schema.users, "creator");
  const editor = alias(schema.users, "editor");
  const publisher = alias(schema.users, "publisher");
  return db
    .select({
      id: v.id,
      modelId: v.modelId,
      version: v.version,
      status: v.status,
      kind: v.kind,
      definition: v.definition,
      note: v.note,
      revision: v.revision,
      createdAt: v.createdAt,
      createdBy: creator.name,
      updatedAt: v.updatedAt,
      updatedBy: editor.name,
      publishedAt: v.publishedAt,
      publishedBy: publisher.name,
    })
    .from(v)
    .leftJoin(creator, eq(creator.id, v.createdBy))
    .leftJoin(editor, eq(editor.id, v.updatedBy))
    .leftJoin(publisher, eq(publisher.id, v.publishedBy));
}

/** Every version of a model, newest first. */
export async function listVersions(handle: DbHandle, modelId: number): Promise<VersionRow[]> {
  const v = handle.schema.modelVersions;
  return versionQuery(handle).where(eq(v.modelId, modelId)).orderBy(desc(v.version));
}

/** One version of a model, or null (also when it belongs to another model). */
export async function getVersion(handle: DbHandle, modelId: number, versionId: number): Promise<VersionRow | null> {
  const v = handle.schema.modelVersions;
  const [row] = await versionQuery(handle).where(and(eq(v.id, versionId), eq(v.modelId, modelId)));
  return row ?? null;
}

/** A version by id alone, or null. */
export async function getVersionById(handle: DbHandle, versionId: number): Promise<VersionRow | null> {
  const [row] = await versionQuery(handle).where(eq(handle.schema.modelVersions.id, versionId));
  return row ?? null;
}

/** A publish or rollback of a model: who, when, why, what it did. */
export interface PublishEventRow {
  id: number;
  versionId: number;
  version: number;
  action: string;
  note: string | null;
  publishedAt: number;
  publishedBy: string | null;
  accountCount: number;
  bandCounts: Record<string, number>;
  durationMs: number;
}

/** The publish history of a model, newest first. */
export async function listPublishEvents(handle: DbHandle, modelId: number, limit = 200): Promise<PublishEventRow[]> {
  const { db, schema } = handle;
  const e = schema.publishEvents;
  return db
    .select({
      id: e.id,
      versionId: e.versionId,
      version: schema.modelVersions.version,
      action: e.action,
      note: e.note,
      publishedAt: e.publishedAt,
      publishedBy: schema.users.name,
      accountCount: e.accountCount,
      bandCounts: e.bandCounts,
      durationMs: e.durationMs,
    })
    .from(e)
    .innerJoin(schema.modelVersions, eq(schema.modelVersions.id, e.versionId))
    .leftJoin(schema.users, eq(schema.users.id, e.publishedBy))
    .where(eq(e.modelId, modelId))
    .orderBy(desc(e.id))
    .limit(limit);
}

/** Names and domains of the given accounts (for movers lists). */
export async function accountNames(handle: DbHandle, ids: readonly number[]): Promise<Map<number, { name: string; domain: string | null }>> {
  if (!ids.length) return new Map();
  const { db, schema } = handle;
  const rows = await db
    .select({ id: schema.accounts.id, name: schema.accounts.name, domain: schema.accounts.domain })
    .from(schema.accounts)
    .where(inArray(schema.accounts.id, [...ids]));
  return new Map(rows.map((r) => [r.id, { name: r.name, domain: r.domain }]));
}
