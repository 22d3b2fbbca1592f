/**
 * upsertBatch on real, migrated databases (SQLite always, PostgreSQL when configured): created /
 * updated / unchanged / failed outcomes, absent-vs-null semantics, references by external id or
 * domain, natural-key dedupe of activities and signals, tags and last activity kept in sync, dry run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import type { AccountImportRecord, ActivityImportRecord, IntentSignalImportRecord, OpportunityImportRecord, ContactImportRecord } from "@/lib/csv/fields";
import { createTestDatabase, testDialects, type TestDatabase } from "../test/databases";
import { getDataVersion } from "./data-version";
import { MAX_UPSERT_BATCH, upsertBatch } from "./upsert";

const actor = { userId: null, label: "test" };
const T0 = Date.UTC(2025, 0, 15);

const acc = (n: number, extra: Partial<AccountImportRecord> = {}): AccountImportRecord => ({
  externalId: `A-${n}`,
  name: `Acme ${n}`,
  domain: `acme${n}.example`,
  technologies: ["Salesforce", "Snowflake"],
  custom: { tier: "gold" },
  ...extra,
});

for (const dialect of testDialects()) {
  describe(`upsertBatch on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      const { schema } = t.handle;
      await t.handle.transact((tx) =>
        tx.insert(schema.users).values({ email: "rep@x.dev", name: "Rep", passwordHash: "x", role: "sales", createdAt: T0, updatedAt: T0 }),
      );
    });
    afterAll(async () => t?.drop());

    const count = async (table: string) => {
      const [r] = await t.handle.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`));
      return Number(r!.n);
    };

    it("dry run computes outcomes and writes nothing", async () => {
      const v = await getDataVersion(t.handle);
      const r = await upsertBatch(t.handle, "accounts", [acc(1), acc(2), { externalId: "", name: "x", custom: {} }], { actor, dryRun: true });
      expect(r.counts).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 1 });
      expect(r.results[0]).toEqual({ index: 0, outcome: "created" });
      expect(r.results[2]!.errors![0]!.field).toBe("externalId");
      expect(await count("accounts")).toBe(0);
      expect(await getDataVersion(t.handle)).toBe(v);
    });

    it("creates accounts with ids, tags and the data version; a second run is unchanged", async () => {
      const v = await getDataVersion(t.handle);
      const recs = [acc(1), acc(2, { ownerEmail: "REP@x.dev", country: "Germany" }), acc(3, { technologies: [] })];
      const r = await upsertBatch(t.handle, "accounts", recs, { actor });
      expect(r.counts).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 0 });
      expect(r.results.every((x) => typeof x.id === "number")).toBe(true);
      expect(await getDataVersion(t.handle)).toBe(v + 1);
      const { db, schema } = t.handle;
      const [a2] = await db.select().from(schema.accounts).where(eq(schema.accounts.externalId, "A-2"));
      expect(a2!.id).toBe(r.results[1]!.id);
      expect(a2!.ownerId).not.toBeNull();
      expect(a2!.region).toBe("EMEA");
      expect(a2!.custom).toEqual({ tier: "gold" });
      expect(await count("account_tags")).toBe(4);
      const again = await upsertBatch(t.handle, "accounts", recs, { actor });
      expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 3, failed: 0 });
      expect(again.results.map((x) => x.id)).toEqual(r.results.map((x) => x.id));
      expect(await getDataVersion(t.handle)).toBe(v + 1);
    });

    it("absent keys keep stored values, null clears, technologies re-sync tags", async () => {
      const { db, schema } = t.handle;
      const r = await upsertBatch(
        t.handle,
        "accounts",
        [{ externalId: "A-1", name: "Acme One", domain: null, technologies: ["HubSpot"], custom: { size: 3 } }],
        { actor },
      );
      expect(r.counts.updated).toBe(1);
      const [a1] = await db.select().from(schema.accounts).where(eq(schema.accounts.externalId, "A-1"));
      expect(a1!.name).toBe("Acme One");
      expect(a1!.domain).toBeNull();
      expect(a1!.custom).toEqual({ tier: "gold", size: 3 });
      const tags = await db.select().from(schema.accountTags).where(eq(schema.accountTags.accountId, a1!.id));
      expect(tags.map((x) => x.tag)).toEqual(["HubSpot"]);
    });

    it("a key repeated within a batch sees the earlier record", async () => {
      const r = await upsertBatch(t.handle, "accounts", [acc(10), acc(10), acc(10, { name: "Renamed" })], { actor });
      expect(r.results.map((x) => x.outcome)).toEqual(["created", "unchanged", "updated"]);
      expect(new Set(r.results.map((x) => x.id)).size).toBe(1);
      const { db, schema } = t.handle;
      const rows = await db.select().from(schema.accounts).where(eq(schema.accounts.externalId, "A-10"));
      expect(rows.map((x) => x.name)).toEqual(["Renamed"]);
    });

    it("rejects an unknown owner and wrongly typed API records without losing the good ones", async () => {
      const r = await upsertBatch(
        t.handle,
        "accounts",
        [acc(20, { ownerEmail: "nobody@x.dev" }), { externalId: "A-21", name: "x", employeeCount: "many" as unknown as number, custom: {} }, acc(22)],
        { actor },
      );
      expect(r.results.map((x) => x.outcome)).toEqual(["failed", "failed", "created"]);
      expect(r.results[0]!.errors![0]!.message).toBe("owner 'nobody@x.dev' is not a Lodestar user");
      expect(r.results[1]!.errors![0]!.field).toBe("employeeCount");
    });

    it("contacts resolve their account by external id or domain", async () => {
      const recs: ContactImportRecord[] = [
        { externalId: "C-1", accountExternalId: "A-2", firstName: "Ann", email: "Ann@Acme2.example", custom: {} },
        { externalId: "C-2", accountDomain: "acme3.example", firstName: "Bob", custom: {} },
        { externalId: "C-3", accountExternalId: "NOPE", custom: {} },
      ];
      const r = await upsertBatch(t.handle, "contacts", recs, { actor });
      expect(r.results.map((x) => x.outcome)).toEqual(["created", "created", "failed"]);
      expect(r.results[2]!.errors![0]!.message).toBe("account 'NOPE' not found (by external id or domain)");
      const again = await upsertBatch(t.handle, "contacts", recs, { actor });
      expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 2, failed: 1 });
    });

    it("activities without external id dedupe on (account, type, time) and keep last_activity_at", async () => {
      const recs: ActivityImportRecord[] = [
        { accountExternalId: "A-2", type: "web_visit", occurredAt: T0, custom: {} },
        { accountExternalId: "A-2", type: "web_visit", occurredAt: T0, custom: {} },
        { accountExternalId: "A-2", type: "demo_request", occurredAt: T0 + 1000, contactEmail: "ann@acme2.example", custom: {} },
        { accountDomain: "acme3.example", externalId: "ACT-9", type: "web_visit", occurredAt: T0 - 5000, custom: {} },
        { accountExternalId: "GHOST", type: "web_visit", occurredAt: T0, custom: {} },
        { accountExternalId: "A-2", type: "web_visit", occurredAt: T0, contactEmail: "who@x.dev", custom: {} },
      ];
      const r = await upsertBatch(t.handle, "activities", recs, { actor });
      expect(r.results.map((x) => x.outcome)).toEqual(["created", "unchanged", "created", "created", "failed", "failed"]);
      expect(r.results[4]!.errors![0]!.message).toBe("account 'GHOST' not found (by external id or domain)");
      expect(r.results[5]!.errors![0]!.message).toContain("contact 'who@x.dev' not found");
      expect(await count("activities")).toBe(3);
      const { db, schema } = t.handle;
      const [a2] = await db.select().from(schema.accounts).where(eq(schema.accounts.externalId, "A-2"));
      expect(a2!.lastActivityAt).toBe(T0 + 1000);
      const again = await upsertBatch(t.handle, "activities", recs, { actor });
      expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 4, failed: 2 });
      expect(await count("activities")).toBe(3);
      // By external id: moving the time is an update, and last_activity_at follows.
      const moved = await upsertBatch(t.handle, "activities", [{ externalId: "ACT-9", accountDomain: "acme3.example", type: "web_visit", occurredAt: T0 + 9000, custom: {} }], { actor });
      expect(moved.counts.updated).toBe(1);
      const [a3] = await db.select().from(schema.accounts).where(eq(schema.accounts.externalId, "A-3"));
      expect(a3!.lastActivityAt).toBe(T0 + 9000);
    });

    it("intent signals dedupe on (account, topic, time)", async () => {
      const recs: IntentSignalImportRecord[] = [
        { accountExternalId: "A-1", topic: "crm", strength: 70.4, observedAt: T0, custom: {} },
        { accountExternalId: "A-1", topic: "crm", strength: 80, observedAt: T0, custom: {} },
      ];
      const r = await upsertBatch(t.handle, "intent_signals", recs, { actor });
      expect(r.results.map((x) => x.outcome)).toEqual(["created", "updated"]);
      const { db, schema } = t.handle;
      const rows = await db.select().from(schema.intentSignals).orderBy(asc(schema.intentSignals.id));
      expect(rows.map((x) => x.strength)).toEqual([80]);
      expect((await upsertBatch(t.handle, "intent_signals", recs.slice(1), { actor })).counts.unchanged).toBe(1);
    });

    it("opportunities: created date → opened_at, won needs a close date, name defaults to the id", async () => {
      const recs: OpportunityImportRecord[] = [
        { externalId: "O-1", accountExternalId: "A-1", stage: "won", amount: 1200.5, createdAt: T0, closedAt: T0 + 86_400_000, custom: {} },
        { externalId: "O-2", accountExternalId: "A-1", stage: "lost", createdAt: T0, custom: {} },
        { externalId: "O-3", accountDomain: "acme2.example", stage: "open", name: "Expansion", createdAt: T0, custom: {} },
      ];
      const r = await upsertBatch(t.handle, "opportunities", recs, { actor });
      expect(r.results.map((x) => x.outcome)).toEqual(["created", "failed", "created"]);
      expect(r.results[1]!.errors![0]!.field).toBe("closedAt");
      const { db, schema } = t.handle;
      const [o1] = await db.select().from(schema.opportunities).where(eq(schema.opportunities.externalId, "O-1"));
      expect(o1).toMatchObject({ name: "O-1", stage: "won", amount: 1200.5, openedAt: T0, closedAt: T0 + 86_400_000 });
      expect((await upsertBatch(t.handle, "opportunities", recs, { actor })).counts).toEqual({ created: 0, updated: 0, unchanged: 2, failed: 1 });
    });

    it("handles a large batch set-based and refuses an oversized one", async () => {
      const recs = Array.from({ length: 3000 }, (_, i) => acc(1000 + i, { employeeCount: i }));
      const r = await upsertBatch(t.handle, "accounts", recs, { actor });
      expect(r.counts.created).toBe(3000);
      const changed = recs.map((x, i) => (i % 2 ? { ...x, employeeCount: i + 1 } : x));
      expect((await upsertBatch(t.handle, "accounts", changed, { actor })).counts).toEqual({ created: 0, updated: 1500, unchanged: 1500, failed: 0 });
      await expect(upsertBatch(t.handle, "accounts", new Array(MAX_UPSERT_BATCH + 1).fill(acc(1)), { actor })).rejects.toThrow(/At most/);
    });
  });
}
