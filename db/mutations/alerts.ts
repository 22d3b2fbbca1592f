/**
 * Threshold alerts, evaluated once per publish: every enabled rule of the published model (rules
 * without a model follow the primary model) is matched against the publish's previous and new score
 * columns in memory, then the owners' in-app notifications and the webhook deliveries are inserted
 * with multi-row statements in one transaction. A fixed number of queries per publish, never one per
 * account. The webhook worker (db/jobs/webhook-worker.ts) sends the deliveries.
 */
import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { describeAlertRule, matchAlertRule, parseAlertParams, type AlertParams } from "@/lib/validation/alerts";
import type { DbHandle } from "../client";

/** What a publish hands over: its result plus the new score columns by account position. */
export interface AlertEvaluationInput {
  modelId: number;
  versionId: number;
  publishEventId: number;
  bandLabels: string[];
  previous: Float64Array;
  previousBands: (string | null)[];
  accountIds: Int32Array;
  scores: Float32Array;
  bands: Uint8Array;
}

export interface AlertEvaluationSummary {
  rules: number;
  matches: number;
  notifications: number;
  deliveries: number;
  error?: string;
}

/** Accounts per webhook delivery: a big publish becomes several deliveries of this size. */
export const ACCOUNTS_PER_DELIVERY = 500;
const ROWS_PER_INSERT = 500;
const IN_CHUNK = 1000;

export const ALERT_EVENT = "alert.triggered";

/** A new event id for a webhook payload. */
export const newEventId = () => `evt_${randomBytes(12).toString("hex")}`;

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Evaluates the alert rules for a publish (see the module comment). Never throws: the publish has
 * already committed, so a failure here is logged and reported in the summary instead.
 */
export async function evaluateAlerts(handle: DbHandle, input: AlertEvaluationInput, now = Date.now()): Promise<AlertEvaluationSummary> {
  try {
    return await evaluate(handle, input, now);
  } catch (err) {
    console.error("[alerts] evaluation failed", err);
    return { rules: 0, matches: 0, notifications: 0, deliveries: 0, error: (err as Error).message };
  }
}

async function evaluate(handle: DbHandle, input: AlertEvaluationInput, now: number): Promise<AlertEvaluationSummary> {
  const { db, schema } = handle;
  const [model] = await db
    .select({ name: schema.scoringModels.name, isPrimary: schema.scoringModels.isPrimary })
    .from(schema.scoringModels)
    .where(eq(schema.scoringModels.id, input.modelId));
  if (!model) return { rules: 0, matches: 0, notifications: 0, deliveries: 0 };
  const r = schema.alertRules;
  const rules = await db
    .select({ id: r.id, name: r.name, kind: r.kind, params: r.params, notifyOwner: r.notifyOwner, endpointId: r.endpointId, endpointEnabled: schema.webhookEndpoints.enabled })
    .from(r)
    .leftJoin(schema.webhookEndpoints, eq(schema.webhookEndpoints.id, r.endpointId))
    .where(and(eq(r.enabled, true), model.isPrimary ? or(eq(r.modelId, input.modelId), isNull(r.modelId)) : eq(r.modelId, input.modelId)));
  if (rules.length === 0) return { rules: 0, matches: 0, notifications: 0, deliveries: 0 };

  const matched: { rule: (typeof rules)[number]; parsed: AlertParams; positions: number[] }[] = [];
  const positions = new Set<number>();
  for (const rule of rules) {
    const parsed = parseAlertParams(rule.kind, rule.params);
    if (!parsed) continue;
    const hits = matchAlertRule(parsed, input);
    if (hits.length === 0) continue;
    matched.push({ rule, parsed, positions: hits });
    for (const i of hits) positions.add(i);
  }
  const summary: AlertEvaluationSummary = { rules: rules.length, matches: 0, notifications: 0, deliveries: 0 };
  if (matched.length === 0) return summary;

  // The matched accounts' names and owners, in IN-list chunks.
  const a = schema.accounts;
  const info = new Map<number, { externalId: string; name: string; ownerId: number | null; ownerEmail: string | null }>();
  const ids = [...positions].map((i) => input.accountIds[i]!);
  for (let k = 0; k < ids.length; k += IN_CHUNK) {
    const rows = await db
      .select({ id: a.id, externalId: a.externalId, name: a.name, ownerId: a.ownerId, ownerEmail: schema.users.email, ownerDisabled: schema.users.disabled })
      .from(a)
      .leftJoin(schema.users, eq(schema.users.id, a.ownerId))
      .where(inArray(a.id, ids.slice(k, k + IN_CHUNK)));
    for (const row of rows) info.set(row.id, { externalId: row.externalId, name: row.name, ownerId: row.ownerDisabled ? null : row.ownerId, ownerEmail: row.ownerEmail });
  }

  const notifications: (typeof schema.notifications.$inferInsert)[] = [];
  const deliveries: (typeof schema.webhookDeliveries.$inferInsert)[] = [];
  const seen = new Set<string>();
  for (const { rule, parsed, positions: hits } of matched) {
    summary.matches += hits.length;
    const line = describeAlertRule(parsed);
    const accounts = hits.map((i) => {
      const acc = info.get(input.accountIds[i]!);
      const before = input.previous[i]!;
      return {
        position: i,
        accountId: input.accountIds[i]!,
        externalId: acc?.externalId ?? String(input.accountIds[i]),
        name: acc?.name ?? "",
        ownerId: acc?.ownerId ?? null,
        ownerEmail: acc?.ownerEmail ?? null,
        score: round1(input.scores[i]!),
        previousScore: Number.isNaN(before) ? null : before,
        band: input.bandLabels[input.bands[i]!] ?? "",
        previousBand: input.previousBands[i] ?? null,
      };
    });
    if (rule.notifyOwner) {
      for (const acc of accounts) {
        if (acc.ownerId == null) continue;
        // One notification per owner and account per publish, even when several rules match.
        const k = `${acc.ownerId}:${acc.accountId}`;
        if (seen.has(k)) continue;
        seen.add(k);
        notifications.push({
          userId: acc.ownerId,
          accountId: acc.accountId,
          kind: "alert",
          title: `${acc.name} ${line}`,
          body: `Score ${acc.previousScore ?? "–"} → ${acc.score} (band ${acc.previousBand ?? "–"} → ${acc.band}) under ${model.name}; rule “${rule.name}”.`,
          createdAt: now,
        });
      }
    }
    if (rule.endpointId != null && rule.endpointEnabled) {
      const parts = Math.ceil(accounts.length / ACCOUNTS_PER_DELIVERY);
      for (let p = 0; p < parts; p++) {
        const slice = accounts.slice(p * ACCOUNTS_PER_DELIVERY, (p + 1) * ACCOUNTS_PER_DELIVERY);
        deliveries.push({
          endpointId: rule.endpointId,
          ruleId: rule.id,
          eventType: ALERT_EVENT,
          payload: {
            id: newEventId(),
            type: ALERT_EVENT,
            createdAt: new Date(now).toISOString(),
            rule: { id: rule.id, name: rule.name, kind: parsed.kind, params: parsed.params, description: line },
            model: { id: input.modelId, name: model.name, versionId: input.versionId, publishEventId: input.publishEventId },
            part: p + 1,
            parts,
            accounts: slice.map(({ externalId, name, ownerEmail, score, previousScore, band, previousBand }) => ({ externalId, name, ownerEmail, score, previousScore, band, previousBand })),
          },
          status: "pending",
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
        });
      }
    }
  }
  if (notifications.length || deliveries.length) {
    await handle.transact(async (tx) => {
      for (let k = 0; k < notifications.length; k += ROWS_PER_INSERT) await tx.insert(schema.notifications).values(notifications.slice(k, k + ROWS_PER_INSERT));
      for (let k = 0; k < deliveries.length; k += ROWS_PER_INSERT) await tx.insert(schema.webhookDeliveries).values(deliveries.slice(k, k + ROWS_PER_INSERT));
    });
  }
  summary.notifications = notifications.length;
  summary.deliveries = deliveries.length;
  return summary;
}
