/**
 * Alert evaluation: the pure matching of each rule kind, and the publish hook end to end on SQLite and
 * PostgreSQL (a new version with a lower band-A threshold makes accounts enter band A → the owners
 * get one notification each, the endpoint gets deliveries of ≤ 500 accounts, disabled rules and
 * endpoints stay silent).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { defaultIcpTemplate } from "@/lib/scoring/model";
import { matchAlertRule, parseAlertParams } from "@/lib/validation/alerts";
import { prepareDemo } from "@/scripts/lib/prepare-demo";
import { createTestDatabase, testDialects, type TestDatabase } from "../test/databases";
import { createAlertRule, setAlertRuleEnabled } from "./alert-rules";
import { ACCOUNTS_PER_DELIVERY } from "./alerts";
import { publishVersion } from "./models";
import { createWebhookEndpoint, setWebhookEndpointEnabled } from "./webhooks";

describe("matchAlertRule", () => {
  const data = {
    previous: Float64Array.from([50, 79.9, 85, NaN, 39.9, 70]),
    previousBands: ["C", "B", "A", null, "D", "B"],
    scores: Float32Array.from([50, 80, 90, 95, 40.04, 62]),
    bands: Uint8Array.from([2, 0, 0, 0, 2, 1]),
    bandLabels: ["A", "B", "C", "D"],
  };
  const match = (kind: string, params: unknown) => matchAlertRule(parseAlertParams(kind, params)!, data);

  it("enters_band: now in the band, before in another (never on a first score)", () => {
    expect(match("enters_band", { band: "A" })).toEqual([1]);
    expect(match("enters_band", { band: "C" })).toEqual([4]);
    expect(match("enters_band", { band: "Z" })).toEqual([]);
  });
  it("crosses_score: upwards by default, downwards on request, at display precision", () => {
    expect(match("crosses_score", { score: 80 })).toEqual([1]);
    expect(match("crosses_score", { score: 40 })).toEqual([4]);
    expect(match("crosses_score", { score: 65, direction: "down" })).toEqual([5]);
  });
  it("rises_by: at least N points", () => {
    expect(match("rises_by", { points: 5 })).toEqual([2]);
    expect(match("rises_by", { points: 0.1 })).toEqual([1, 2, 4]);
  });
  it("refuses malformed params", () => {
    expect(parseAlertParams("rises_by", { points: -1 })).toBeNull();
    expect(parseAlertParams("nope", {})).toBeNull();
  });
});

describe.each(testDialects())("alerts at publish on %s", (dialect) => {
  let db: TestDatabase;
  const admin = { userId: null, label: "test" };

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    await prepareDemo(db.handle, { accounts: 1500, seed: 21 });
  });
  afterAll(async () => db.drop());

  it("notifies owners and queues signed-webhook deliveries for the accounts that entered band A", async () => {
    const { handle } = db;
    const { schema } = handle;
    const [model] = await handle.db.select().from(schema.scoringModels);
    const before = await handle.db.select({ accountId: schema.accountScores.accountId, band: schema.accountScores.band }).from(schema.accountScores);
    const prevBand = new Map(before.map((r) => [r.accountId, r.band]));

    const hook = await createWebhookEndpoint(handle, admin, { name: "CRM", url: "http://127.0.0.1:9/hook" });
    const off = await createWebhookEndpoint(handle, admin, { name: "Off", url: "http://127.0.0.1:9/off" });
    await setWebhookEndpointEnabled(handle, admin, off.id, false);
    await createAlertRule(handle, admin, { name: "Hot", rule: parseAlertParams("enters_band", { band: "A" })!, modelId: null, notifyOwner: true, endpointId: hook.id });
    await createAlertRule(handle, admin, { name: "Quiet endpoint", rule: parseAlertParams("enters_band", { band: "A" })!, modelId: model!.id, notifyOwner: false, endpointId: off.id });
    const disabled = await createAlertRule(handle, admin, { name: "Disabled", rule: parseAlertParams("rises_by", { points: 0.1 })!, modelId: null, notifyOwner: true, endpointId: hook.id });
    await setAlertRuleEnabled(handle, admin, disabled, false);

    // Version 2: same criteria, band A from 12 instead of 80.
    const def = defaultIcpTemplate();
    def.bands = [{ label: "A", min: 12 }, { label: "B", min: 6 }, { label: "C", min: 3 }, { label: "D", min: 0 }];
    const now = Date.now();
    const [v2] = await handle.transact((tx) =>
      tx.insert(schema.modelVersions).values({ modelId: model!.id, version: 2, status: "draft", kind: "rule", definition: def, createdAt: now, updatedAt: now }).returning({ id: schema.modelVersions.id }),
    );
    await publishVersion(handle, admin, { versionId: v2!.id });

    const after = await handle.db.select({ accountId: schema.accountScores.accountId, band: schema.accountScores.band }).from(schema.accountScores);
    const entered = after.filter((r) => r.band === "A" && prevBand.has(r.accountId) && prevBand.get(r.accountId) !== "A").map((r) => r.accountId);
    expect(entered.length).toBeGreaterThan(ACCOUNTS_PER_DELIVERY); // several deliveries

    const owned = await handle.db
      .select({ id: schema.accounts.id, ownerId: schema.accounts.ownerId })
      .from(schema.accounts)
      .where(sql`${schema.accounts.ownerId} IS NOT NULL`);
    const ownerOf = new Map(owned.map((o) => [o.id, o.ownerId!]));
    const notes = await handle.db.select().from(schema.notifications).where(eq(schema.notifications.kind, "alert"));
    const expectedNotes = entered.filter((id) => ownerOf.has(id));
    expect(expectedNotes.length).toBeGreaterThan(0);
    expect(notes.map((n) => n.accountId).sort((a, b) => a! - b!)).toEqual(expectedNotes.sort((a, b) => a - b));
    for (const n of notes) expect(n.userId).toBe(ownerOf.get(n.accountId!));
    expect(notes[0]!.title).toMatch(/enters band A$/);

    const deliveries = await handle.db.select().from(schema.webhookDeliveries);
    expect(deliveries.every((d) => d.endpointId === hook.id)).toBe(true); // disabled endpoint and rule: nothing
    expect(deliveries).toHaveLength(Math.ceil(entered.length / ACCOUNTS_PER_DELIVERY));
    const sent = deliveries.flatMap((d) => (d.payload as { accounts: { externalId: string; band: string; previousBand: string }[] }).accounts);
    expect(sent).toHaveLength(entered.length);
    expect(sent.every((a) => a.band === "A" && a.previousBand !== "A")).toBe(true);
    expect(deliveries.every((d) => d.status === "pending" && d.eventType === "alert.triggered")).toBe(true);

    // Publishing the same version again changes nothing: no new alerts.
    await publishVersion(handle, admin, { versionId: v2!.id });
    const [{ n }] = await handle.all<{ n: number }>(sql`SELECT count(*) AS n FROM webhook_deliveries`);
    expect(Number(n)).toBe(deliveries.length);
    const again = await handle.db.select().from(schema.notifications).where(and(eq(schema.notifications.kind, "alert")));
    expect(again).toHaveLength(notes.length);
  });
});
