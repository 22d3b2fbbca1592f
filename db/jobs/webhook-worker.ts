/**
 * The webhook delivery worker. Every few seconds it claims the due deliveries (pending, or a claim
 * whose lease ran out because an instance died mid-send), POSTs each payload as JSON with
 * `Lodestar-Signature: t=<unix>,v1=<hex hmac-sha256(secret, "<t>.<body>")>` and `Lodestar-Delivery-Id`,
 * waits at most 10 s, and records the status code, response time and error. A failure is retried with
 * backoff (30 s, 2 min, 10 min, 1 h) up to 5 attempts, then the delivery is `failed` until an admin
 * replays it. Claims are conditional updates, so several app instances never send the same attempt.
 * It also prunes expired idempotency keys and stale rate-limit windows once an hour.
 */
import { and, eq, inArray, lt, lte, or } from "drizzle-orm";
import { DELIVERY_ID_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from "@/lib/webhooks/signature";
import { getDb, type DbHandle } from "../client";
import { pruneIdempotencyKeys } from "../mutations/idempotency";

export const MAX_ATTEMPTS = 5;
/** Wait after attempt k (1-based) failed, before attempt k + 1. */
export const BACKOFF_MS = [30_000, 120_000, 600_000, 3_600_000];
export const TIMEOUT_MS = 10_000;
/** How long a claim holds before another worker may take the delivery over. */
export const LEASE_MS = 60_000;
const BATCH = 20;
const CONCURRENCY = 4;

export interface DeliverOptions {
  now?: () => number;
  /** Per-request timeout (tests shorten it). */
  timeoutMs?: number;
  /** Most deliveries to send in this pass. */
  limit?: number;
}

export interface DeliveryAttempt {
  id: number;
  ok: boolean;
  statusCode: number | null;
  responseMs: number;
  error: string | null;
  attempts: number;
  status: "delivered" | "pending" | "failed";
}

/** Sends the deliveries due now; returns what each attempt did. */
export async function deliverDueWebhooks(handle: DbHandle, opts: DeliverOptions = {}): Promise<DeliveryAttempt[]> {
  const clock = opts.now ?? Date.now;
  const { schema } = handle;
  const d = schema.webhookDeliveries;
  const now = clock();
  const due = await handle.db
    .select({ id: d.id })
    .from(d)
    .where(or(and(eq(d.status, "pending"), lte(d.nextAttemptAt, now)), and(eq(d.status, "sending"), lte(d.nextAttemptAt, now))))
    .orderBy(d.nextAttemptAt, d.id)
    .limit(opts.limit ?? BATCH);
  if (due.length === 0) return [];
  const claimed = await handle.transact((tx) =>
    tx
      .update(d)
      .set({ status: "sending", nextAttemptAt: now + LEASE_MS })
      .where(and(inArray(d.id, due.map((r) => r.id)), inArray(d.status, ["pending", "sending"]), lte(d.nextAttemptAt, now)))
      .returning({ id: d.id }),
  );
  if (claimed.length === 0) return [];
  const rows = await handle.db
    .select({
      id: d.id,
      eventType: d.eventType,
      payload: d.payload,
      attempts: d.attempts,
      url: schema.webhookEndpoints.url,
      secret: schema.webhookEndpoints.secret,
      enabled: schema.webhookEndpoints.enabled,
    })
    .from(d)
    .innerJoin(schema.webhookEndpoints, eq(schema.webhookEndpoints.id, d.endpointId))
    .where(inArray(d.id, claimed.map((c) => c.id)));

  const results: DeliveryAttempt[] = [];
  let next = 0;
  const workers = Array.from({ length: Math.min(CONCURRENCY, rows.length) }, async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      results.push(await attempt(handle, row, clock, opts.timeoutMs ?? TIMEOUT_MS));
    }
  });
  await Promise.all(workers);
  return results.sort((x, y) => x.id - y.id);
}

async function attempt(
  handle: DbHandle,
  row: { id: number; eventType: string; payload: unknown; attempts: number; url: string; secret: string; enabled: boolean },
  clock: () => number,
  timeoutMs: number,
): Promise<DeliveryAttempt> {
  const d = handle.schema.webhookDeliveries;
  const attempts = row.attempts + 1;
  let statusCode: number | null = null;
  let error: string | null = null;
  const started = performance.now();
  if (!row.enabled) {
    error = "The endpoint is disabled.";
  } else {
    const body = JSON.stringify(row.payload);
    try {
      const res = await fetch(row.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Lodestar-Webhooks/1.0",
          [SIGNATURE_HEADER]: signatureHeader(row.secret, body, clock()),
          [DELIVERY_ID_HEADER]: String(row.id),
          [EVENT_HEADER]: row.eventType,
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      statusCode = res.status;
      // Read (and bound) the body so the connection is released; its content is not kept.
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      error = e.name === "TimeoutError" ? `Timed out after ${Math.round(timeoutMs / 1000)} s` : (e.cause?.code ?? e.message ?? "Request failed");
    }
  }
  const responseMs = Math.round(performance.now() - started);
  const ok = error === null;
  const now = clock();
  const status: DeliveryAttempt["status"] = ok ? "delivered" : attempts >= MAX_ATTEMPTS || !row.enabled ? "failed" : "pending";
  await handle.transact((tx) =>
    tx
      .update(d)
      .set({
        status,
        attempts,
        lastStatusCode: statusCode,
        lastResponseMs: responseMs,
        lastError: error,
        nextAttemptAt: status === "pending" ? now + BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)]! : null,
        ...(ok ? { deliveredAt: now } : {}),
      })
      .where(eq(d.id, row.id)),
  );
  return { id: row.id, ok, statusCode, responseMs, error, attempts, status };
}

/** Deletes rate-limit windows that ended more than an hour ago. */
export async function pruneRateLimits(handle: DbHandle, now = Date.now()): Promise<void> {
  const r = handle.schema.rateLimits;
  await handle.transact((tx) => tx.delete(r).where(lt(r.windowStart, now - 3_600_000)));
}

const globalForWorker = globalThis as unknown as { __lodestarWebhookWorker?: { timer: NodeJS.Timeout } };

/**
 * Starts the polling loop in this process (once; later calls are no-ops). Disabled with
 * LODESTAR_WEBHOOK_WORKER=0. Ticks never overlap.
 */
export function startWebhookWorker(intervalMs = Number(process.env.LODESTAR_WEBHOOK_POLL_MS ?? 3000)): void {
  if (process.env.LODESTAR_WEBHOOK_WORKER === "0" || globalForWorker.__lodestarWebhookWorker) return;
  let running = false;
  let lastPrune = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const handle = getDb();
      // Drain what is due, a batch at a time.
      for (let i = 0; i < 10; i++) if ((await deliverDueWebhooks(handle)).length < BATCH) break;
      if (Date.now() - lastPrune > 3_600_000) {
        lastPrune = Date.now();
        await pruneIdempotencyKeys(handle);
        await pruneRateLimits(handle);
      }
    } catch (err) {
      console.error("[webhooks] worker tick failed", err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  globalForWorker.__lodestarWebhookWorker = { timer };
}
