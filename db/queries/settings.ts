/**
 * Reads behind the admin settings pages (users, API keys, webhook endpoints and deliveries, alert
 * rules, audit log) and the signed-in user's notifications. Secrets never leave here: key hashes and
 * webhook secrets are not selected.
 */
import { and, count, desc, eq, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { DbHandle } from "../client";

export async function listUsers(handle: DbHandle) {
  const { db, schema } = handle;
  const u = schema.users;
  return db.select({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, createdAt: u.createdAt }).from(u).orderBy(u.email);
}

export async function listApiKeys(handle: DbHandle) {
  const { db, schema } = handle;
  const k = schema.apiKeys;
  return db
    .select({ id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt, createdBy: schema.users.email })
    .from(k)
    .leftJoin(schema.users, eq(schema.users.id, k.createdBy))
    .orderBy(desc(k.createdAt), desc(k.id));
}

export async function listWebhookEndpoints(handle: DbHandle) {
  const { db, schema } = handle;
  const e = schema.webhookEndpoints;
  return db.select({ id: e.id, name: e.name, url: e.url, enabled: e.enabled, createdAt: e.createdAt }).from(e).orderBy(e.name, e.id);
}

export async function listAlertRules(handle: DbHandle) {
  const { db, schema } = handle;
  const r = schema.alertRules;
  return db
    .select({
      id: r.id,
      name: r.name,
      kind: r.kind,
      params: r.params,
      modelId: r.modelId,
      modelName: schema.scoringModels.name,
      notifyOwner: r.notifyOwner,
      endpointId: r.endpointId,
      endpointName: schema.webhookEndpoints.name,
      enabled: r.enabled,
      createdAt: r.createdAt,
    })
    .from(r)
    .leftJoin(schema.scoringModels, eq(schema.scoringModels.id, r.modelId))
    .leftJoin(schema.webhookEndpoints, eq(schema.webhookEndpoints.id, r.endpointId))
    .orderBy(desc(r.createdAt), desc(r.id));
}

export async function listModelsBrief(handle: DbHandle) {
  const { db, schema } = handle;
  const m = schema.scoringModels;
  return db.select({ id: m.id, name: m.name, isPrimary: m.isPrimary }).from(m).orderBy(desc(m.isPrimary), m.name);
}

export const DELIVERIES_PAGE_SIZE = 25;

/** One page of the delivery log, newest first, optionally by status; `before` is the last id seen. */
export async function listDeliveries(handle: DbHandle, opts: { status?: string; before?: number } = {}) {
  const { db, schema } = handle;
  const d = schema.webhookDeliveries;
  const where: (SQL | undefined)[] = [];
  if (opts.status) where.push(eq(d.status, opts.status));
  if (opts.before) where.push(lt(d.id, opts.before));
  const rows = await db
    .select({
      id: d.id,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt,
      lastStatusCode: d.lastStatusCode,
      lastResponseMs: d.lastResponseMs,
      lastError: d.lastError,
      createdAt: d.createdAt,
      deliveredAt: d.deliveredAt,
      endpointName: schema.webhookEndpoints.name,
      ruleName: schema.alertRules.name,
    })
    .from(d)
    .innerJoin(schema.webhookEndpoints, eq(schema.webhookEndpoints.id, d.endpointId))
    .leftJoin(schema.alertRules, eq(schema.alertRules.id, d.ruleId))
    .where(and(...where))
    .orderBy(desc(d.id))
    .limit(DELIVERIES_PAGE_SIZE + 1);
  return { rows: rows.slice(0, DELIVERIES_PAGE_SIZE), nextBefore: rows.length > DELIVERIES_PAGE_SIZE ? rows[DELIVERIES_PAGE_SIZE - 1]!.id : null };
}

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first, filtered by action prefix and actor substring. */
export async function listAuditLog(handle: DbHandle, opts: { action?: string; actor?: string; before?: number } = {}) {
  const { db, schema } = handle;
  const a = schema.auditLog;
  const esc = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where: (SQL | undefined)[] = [];
  // An explicit ESCAPE: SQLite has no default LIKE escape character (PostgreSQL's is the backslash).
  if (opts.action) where.push(sql`${a.action} LIKE ${`${esc(opts.action)}%`} ESCAPE '\\'`);
  if (opts.actor) where.push(sql`${a.actorLabel} LIKE ${`%${esc(opts.actor)}%`} ESCAPE '\\'`);
  if (opts.before) where.push(lt(a.id, opts.before));
  const rows = await db
    .select()
    .from(a)
    .where(and(...where))
    .orderBy(desc(a.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), nextBefore: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1]!.id : null };
}

/** Distinct audit actions, for the filter's suggestions. */
export async function listAuditActions(handle: DbHandle): Promise<string[]> {
  const { db, schema } = handle;
  const rows = await db.selectDistinct({ action: schema.auditLog.action }).from(schema.auditLog).orderBy(schema.auditLog.action).limit(200);
  return rows.map((r) => r.action);
}

/** The user's latest notifications (newest first) with the account's external id and name. */
export async function listNotifications(handle: DbHandle, userId: number, limit = 100) {
  const { db, schema } = handle;
  const n = schema.notifications;
  return db
    .select({ id: n.id, kind: n.kind, title: n.title, body: n.body, readAt: n.readAt, createdAt: n.createdAt, accountId: n.accountId, accountName: schema.accounts.name })
    .from(n)
    .leftJoin(schema.accounts, eq(schema.accounts.id, n.accountId))
    .where(eq(n.userId, userId))
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(limit);
}

export async function countUnreadNotifications(handle: DbHandle, userId: number): Promise<number> {
  const { db, schema } = handle;
  const n = schema.notifications;
  const [row] = await db.select({ c: count() }).from(n).where(and(eq(n.userId, userId), isNull(n.readAt)));
  return Number(row?.c ?? 0);
}
