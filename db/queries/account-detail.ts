/**
 * Everything the account page shows about one account: the record and owner, its score under every
 * model, score history, contacts, recent activities, intent topics and opportunities.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbHandle } from "../client";

export const TIMELINE_LIMIT = 50;

export async function getAccountDetail(handle: DbHandle, accountId: number) {
  const { db, schema } = handle;
  const a = schema.accounts;
  const u = schema.users;
  const [account] = await db
    .select({
      id: a.id,
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
      status: a.status,
      notes: a.notes,
      ownerId: a.ownerId,
      ownerName: u.name,
      ownerEmail: u.email,
      lastActivityAt: a.lastActivityAt,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    })
    .from(a)
    .leftJoin(u, eq(u.id, a.ownerId))
    .where(eq(a.id, accountId));
  if (!account) return null;
  const technologies = Array.isArray(account.technologies) ? account.technologies : typeof account.technologies === "string" ? (JSON.parse(account.technologies) as string[]) : [];

  const s = schema.accountScores;
  const m = schema.scoringModels;
  const scores = await db
    .select({
      modelId: m.id,
      modelName: m.name,
      modelKind: m.kind,
      isPrimary: m.isPrimary,
      score: s.score,
      band: s.band,
      rank: s.rank,
      previousScore: s.previousScore,
      probability: s.probability,
      fit: s.fit,
      engagement: s.engagement,
      intent: s.intent,
      relationship: s.relationship,
      scoredAt: s.scoredAt,
    })
    .from(s)
    .innerJoin(m, eq(m.id, s.modelId))
    // Scores are keyed by (model, account): one key lookup per model instead of a scan of every score.
    .where(and(inArray(s.modelId, db.select({ id: m.id }).from(m)), eq(s.accountId, accountId)))
    .orderBy(desc(m.isPrimary), asc(m.name));

  const c = schema.contacts;
  const contacts = await db
    .select({ id: c.id, firstName: c.firstName, lastName: c.lastName, email: c.email, title: c.title, department: c.department, seniority: c.seniority, buyingRole: c.buyingRole, leadScore: c.leadScore })
    .from(c)
    .where(eq(c.accountId, accountId))
    .orderBy(asc(c.id));

  const act = schema.activities;
  const activities = await db
    .select({ id: act.id, type: act.type, occurredAt: act.occurredAt, source: act.source, contactId: act.contactId })
    .from(act)
    .where(eq(act.accountId, accountId))
    .orderBy(desc(act.occurredAt), desc(act.id))
    .limit(TIMELINE_LIMIT);
  const [{ activityCount }] = (await db.select({ activityCount: sql<number>`count(*)` }).from(act).where(eq(act.accountId, accountId))) as { activityCount: number }[];

  const i = schema.intentSignals;
  const intents = await db
    .select({
      topic: i.topic,
      signals: sql<number>`count(*)`,
      strongest: sql<number>`max(${i.strength})`,
      lastSeen: sql<number>`max(${i.observedAt})`,
    })
    .from(i)
    .where(eq(i.accountId, accountId))
    .groupBy(i.topic)
    .orderBy(desc(sql`max(${i.observedAt})`));

  const o = schema.opportunities;
  const opportunities = await db
    .select({ id: o.id, name: o.name, stage: o.stage, amount: o.amount, product: o.product, openedAt: o.openedAt, closedAt: o.closedAt })
    .from(o)
    .where(eq(o.accountId, accountId))
    .orderBy(desc(o.openedAt));

  return {
    account: { ...account, technologies },
    scores: scores.map((r) => ({ ...r, probability: r.probability == null ? null : Number(r.probability) })),
    contacts,
    activities,
    activityCount: Number(activityCount),
    intents: intents.map((r) => ({ topic: r.topic, signals: Number(r.signals), strongest: Number(r.strongest), lastSeen: Number(r.lastSeen) })),
    opportunities,
  };
}

export type AccountDetail = NonNullable<Awaited<ReturnType<typeof getAccountDetail>>>;

/**
 * The account's score history under a model, oldest first: one key lookup per publish of the model
 * (history is clustered on publish event, account).
 */
export async function getScoreHistory(handle: DbHandle, accountId: number, modelId: number) {
  const h = handle.schema.scoreHistory;
  const e = handle.schema.publishEvents;
  const v = handle.schema.modelVersions;
  const rows = await handle.db
    .select({ at: e.publishedAt, score: h.score, band: h.band, version: v.version })
    .from(e)
    .innerJoin(h, and(eq(h.publishEventId, e.id), eq(h.accountId, accountId)))
    .leftJoin(v, eq(v.id, e.versionId))
    .where(eq(e.modelId, modelId))
    .orderBy(asc(e.publishedAt), asc(e.id));
  return rows.map((r) => ({ at: Number(r.at), score: Number(r.score), band: r.band, version: r.version }));
}
