/**
 * The webhook worker against a real HTTP receiver on 127.0.0.1 that verifies every signature: a
 * delivery answered 500 is retried after its backoff with the same delivery id and a fresh, valid
 * signature; timeouts and refused connections are logged; after 5 attempts a delivery fails; an admin
 * replay sends it again at once.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { verifySignature } from "@/lib/webhooks/signature";
import { createTestDatabase, testDialects, type TestDatabase } from "../test/databases";
import { migrateDatabase } from "../migrate";
import { createWebhookEndpoint, replayDelivery, sendTestDelivery, setWebhookEndpointEnabled } from "../mutations/webhooks";
import { BACKOFF_MS, MAX_ATTEMPTS, deliverDueWebhooks } from "./webhook-worker";

interface Received {
  path: string;
  deliveryId: string;
  event: string;
  body: string;
  verified: boolean;
}

/**
 * A receiver that checks each request's signature with the endpoint's secret (5-minute tolerance on
 * its own clock, which the tests move forward in step with the worker's) and answers per path.
 */
function startReceiver(secrets: Map<string, string>, answer: (path: string, n: number) => number | "hang", clock: () => number) {
  const received: Received[] = [];
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      const secret = secrets.get(path) ?? "";
      const verified = verifySignature(secret, req.headers["lodestar-signature"] as string, body, 300, clock()).ok;
      received.push({ path, deliveryId: String(req.headers["lodestar-delivery-id"]), event: String(req.headers["lodestar-event"]), body, verified });
      const a = answer(path, n);
      if (a === "hang") return; // never answers
      res.writeHead(verified ? a : 401, { "content-type": "text/plain" }).end(verified ? "ok" : "bad signature");
    });
  });
  return new Promise<{ url: string; received: Received[]; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) });
    }),
  );
}

describe.each(testDialects())("webhook worker on %s", (dialect) => {
  let db: TestDatabase;
  const secrets = new Map<string, string>();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const admin = { userId: null, label: "admin@test" };
  /** the shared clock of worker and receiver; null = real time */
  let virtualNow: number | null = null;
  const clock = () => virtualNow ?? Date.now();

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await migrateDatabase(db.handle);
    receiver = await startReceiver(secrets, (path, n) => (path === "/flaky" ? (n === 1 ? 500 : 200) : path === "/down" ? 503 : path === "/slow" ? "hang" : 200), clock);
  });
  afterAll(async () => {
    await receiver.close();
    await db.drop();
  });

  async function endpoint(path: string) {
    const e = await createWebhookEndpoint(db.handle, admin, { name: path, url: `${receiver.url}${path}` });
    secrets.set(path, e.secret);
    return e;
  }
  const row = async (id: number) => (await db.handle.db.select().from(db.handle.schema.webhookDeliveries).where(eq(db.handle.schema.webhookDeliveries.id, id)))[0]!;

  it("delivers a signed test event", async () => {
    const e = await endpoint("/ok");
    const id = await sendTestDelivery(db.handle, admin, e.id);
    const [res] = await deliverDueWebhooks(db.handle);
    expect(res).toMatchObject({ id, ok: true, statusCode: 200, status: "delivered", attempts: 1 });
    const got = receiver.received.filter((r) => r.path === "/ok");
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ deliveryId: String(id), event: "webhook.test", verified: true });
    expect(JSON.parse(got[0]!.body).type).toBe("webhook.test");
    const stored = await row(id);
    expect(stored).toMatchObject({ status: "delivered", lastStatusCode: 200, lastError: null });
    expect(stored.lastResponseMs).toBeGreaterThanOrEqual(0);
    expect(await deliverDueWebhooks(db.handle)).toEqual([]); // nothing left
  });

  it("retries a 500 after the backoff with the same delivery id and a valid signature", async () => {
    const e = await endpoint("/flaky");
    const id = await sendTestDelivery(db.handle, admin, e.id);
    const t0 = Date.now();
    const [first] = await deliverDueWebhooks(db.handle, { now: () => t0 });
    expect(first).toMatchObject({ ok: false, statusCode: 500, status: "pending", attempts: 1, error: "HTTP 500" });
    expect((await row(id)).nextAttemptAt).toBe(t0 + BACKOFF_MS[0]!);
    expect(await deliverDueWebhooks(db.handle, { now: () => t0 + BACKOFF_MS[0]! - 1 })).toEqual([]); // not yet due
    const [second] = await deliverDueWebhooks(db.handle, { now: () => t0 + BACKOFF_MS[0]! });
    expect(second).toMatchObject({ ok: true, statusCode: 200, status: "delivered", attempts: 2 });
    const got = receiver.received.filter((r) => r.path === "/flaky");
    expect(got.map((r) => r.deliveryId)).toEqual([String(id), String(id)]);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got[0]!.body).toBe(got[1]!.body);
  });

  it("gives up after 5 attempts with growing backoff, and a replay sends again at once", async () => {
    const e = await endpoint("/down");
    const id = await sendTestDelivery(db.handle, admin, e.id);
    let t = Date.now();
    const waits: number[] = [];
    for (let k = 1; k <= MAX_ATTEMPTS; k++) {
      virtualNow = t;
      const [r] = await deliverDueWebhooks(db.handle, { now: clock });
      expect(r).toMatchObject({ attempts: k, statusCode: 503, status: k < MAX_ATTEMPTS ? "pending" : "failed" });
      const next = (await row(id)).nextAttemptAt;
      if (next != null) waits.push(next - t);
      t = next ?? t;
    }
    virtualNow = null;
    expect(waits).toEqual(BACKOFF_MS);
    expect(await deliverDueWebhooks(db.handle, { now: () => t + 10 * 3_600_000 })).toEqual([]); // failed stays failed
    await replayDelivery(db.handle, admin, id);
    const [replayed] = await deliverDueWebhooks(db.handle);
    expect(replayed).toMatchObject({ id, attempts: MAX_ATTEMPTS + 1, statusCode: 503, status: "failed" });
    expect(receiver.received.filter((r) => r.path === "/down").every((r) => r.verified)).toBe(true);
    const audit = await db.handle.db.select().from(db.handle.schema.auditLog).where(eq(db.handle.schema.auditLog.action, "webhook.replay"));
    expect(audit).toHaveLength(1);
  });

  it("logs a timeout and a refused connection as errors to retry", async () => {
    const slow = await endpoint("/slow");
    const slowId = await sendTestDelivery(db.handle, admin, slow.id);
    const refused = await createWebhookEndpoint(db.handle, admin, { name: "closed port", url: "http://127.0.0.1:9/nothing" });
    const refusedId = await sendTestDelivery(db.handle, admin, refused.id);
    const results = await deliverDueWebhooks(db.handle, { timeoutMs: 300 });
    const bySlow = results.find((r) => r.id === slowId)!;
    const byRefused = results.find((r) => r.id === refusedId)!;
    expect(bySlow).toMatchObject({ ok: false, statusCode: null, status: "pending", error: "Timed out after 0 s" });
    expect(bySlow.responseMs).toBeGreaterThanOrEqual(250);
    expect(byRefused).toMatchObject({ ok: false, statusCode: null, status: "pending" });
    expect(byRefused.error).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it("fails deliveries queued for an endpoint that was disabled since", async () => {
    const e = await endpoint("/later-off");
    const id = await sendTestDelivery(db.handle, admin, e.id);
    await setWebhookEndpointEnabled(db.handle, admin, e.id, false);
    const [r] = await deliverDueWebhooks(db.handle);
    expect(r).toMatchObject({ id, status: "failed", error: "The endpoint is disabled." });
    expect(receiver.received.some((x) => x.path === "/later-off")).toBe(false);
  });
});
