/**
 * The publish pipeline on real, migrated databases (SQLite always, PostgreSQL when configured):
 * scores, ranks, history, version statuses, rollback, and the snapshot it reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { defaultIcpTemplate } from "@/lib/scoring/model";
import { scoreAccount } from "@/lib/scoring/engine";
import { createTestDatabase, testDialects, type TestDatabase } from "./test/databases";
import { createRuleModel, publishVersion } from "./mutations/models";
import { loadSnapshot } from "./snapshot";
import { listRankedPage } from "./queries/ranked";
import { firstRankAfter, rankRangeForScores } from "./queries/score-ranks";
import { getScoreHistory } from "./queries/account-detail";
import { rankingOrder, rankPositions } from "./mutations/publish";

const DAY = 86_400_000;
const NOW = Date.now();

async function insertFixture(t: TestDatabase) {
  const { schema } = t.handle;
  await t.handle.transact(async (tx) => {
    await tx.insert(schema.users).values({ id: 1, email: "m@x.dev", name: "M", passwordHash: "x", role: "marketing", createdAt: NOW, updatedAt: NOW });
    const industries = ["Software", "Retail", "Financial Services", "Healthcare"];
    for (let i = 1; i <= 40; i++) {
      await tx.insert(schema.accounts).values({
        id: i,
        externalId: `ACC-${String(i).padStart(4, "0")}`,
        name: `Company ${i}`,
        domain: `c${i}.example`,
        industry: industries[i % 4]!,
        employeeCount: 50 * i,
        annualRevenue: 1e6 * i,
        country: i % 2 ? "Germany" : "United States",
        region: i % 2 ? "EMEA" : "North America",
        foundedYear: 1990 + (i % 30),
        technologies: i % 3 ? ["Salesforce", "Snowflake"] : ["HubSpot"],
        lifecycleStage: "prospect",
        custom: { tier: i % 5 ? "Growth" : "Strategic" },
        createdAt: NOW - 400 * DAY,
        updatedAt: NOW,
      });
      for (const tag of i % 3 ? ["Salesforce", "Snowflake"] : ["HubSpot"]) await tx.insert(schema.accountTags).values({ accountId: i, tag });
      for (let k = 0; k < i % 7; k++)
        await tx.insert(schema.activities).values({ accountId: i, type: k % 2 ? "demo_request" : "web_visit", occurredAt: NOW - (k * 9 + 1) * DAY, createdAt: NOW });
      if (i % 4 === 0) await tx.insert(schema.intentSignals).values({ accountId: i, topic: "account-based marketing", strength: 80, observedAt: NOW - 5 * DAY, createdAt: NOW });
      if (i % 6 === 0)
        await tx.insert(schema.opportunities).values({ externalId: `OPP-${i}`, accountId: i, name: "Deal", stage: "won", amount: 10000 * i, openedAt: NOW - 200 * DAY, closedAt: NOW - 100 * DAY, createdAt: NOW, updatedAt: NOW });
    }
  });
}

for (const dialect of testDialects()) {
  describe(`publish on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      await insertFixture(t);
    });
    afterAll(async () => t?.drop());

    it("loads the snapshot with every account and its children grouped by account", async () => {
      const s = await loadSnapshot(t.handle);
      expect(s.n).toBe(40);
      expect(Array.from(s.accountIds.slice(0, 3))).toEqual([1, 2, 3]);
      // account 6 (position 5): 6 % 7 = 6 activities, sorted by time ascending
      const a = s.activities;
      expect(a.offsets[6]! - a.offsets[5]!).toBe(6);
      for (let k = a.offsets[5]! + 1; k < a.offsets[6]!; k++) expect(a.at[k]!).toBeGreaterThanOrEqual(a.at[k - 1]!);
      expect(s.opportunities.offsets[40]).toBe(6);
      expect(s.attributes.tier?.kind).toBe("category");
    });

    it("publishes: every account scored and ranked, history written, the version live", async () => {
      const actor = { userId: 1, label: "m@x.dev" };
      const { modelId, versionId } = await createRuleModel(t.handle, actor, { name: "ICP", definition: defaultIcpTemplate() });
      const res = await publishVersion(t.handle, actor, { versionId, note: "first" });
      expect(res.accountCount).toBe(40);
      expect(res.changed).toBe(40);
      const { db, schema } = t.handle;
      const scores = await db.select().from(schema.accountScores).where(eq(schema.accountScores.modelId, modelId)).orderBy(asc(schema.accountScores.rank));
      expect(scores).toHaveLength(40);
      expect(scores.map((r) => r.rank)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      for (let i = 1; i < scores.length; i++) {
        const [a, b] = [scores[i - 1]!, scores[i]!];
        expect(a.score > b.score || (a.score === b.score && a.accountId < b.accountId)).toBe(true);
      }
      // The stored score is the one the explanation sums to.
      const snap = await loadSnapshot(t.handle);
      const top = scores[0]!;
      const explained = scoreAccount(defaultIcpTemplate(), snap, top.accountId - 1, NOW + 60_000);
      expect(explained.score).toBeCloseTo(top.score, 5);
      const history = await db.select().from(schema.scoreHistory);
      expect(history).toHaveLength(40);
      const [model] = await db.select().from(schema.scoringModels).where(eq(schema.scoringModels.id, modelId));
      expect(model!.publishedVersionId).toBe(versionId);
      const page = await listRankedPage(t.handle, modelId, 2, 15);
      expect(page.total).toBe(40);
      expect(page.rows.map((r) => r.rank)).toEqual(Array.from({ length: 15 }, (_, i) => i + 16));
    });

    it("turns score ranges and cursor positions into the rank ranges that hold the same accounts", async () => {
      const { db, schema } = t.handle;
      const s = schema.accountScores;
      const [model] = await db.select().from(schema.scoringModels);
      const rows = await db.select({ rank: s.rank, score: s.score, accountId: s.accountId }).from(s).where(eq(s.modelId, model!.id)).orderBy(asc(s.rank));
      const scores = rows.map((r) => r.score);
      const bounds: (number | undefined)[] = [undefined, -1, 0, 101, ...scores, ...scores.map((x) => x + 0.05), ...scores.map((x) => x - 0.05)];
      let random = 17;
      const pick = () => bounds[(random = (random * 48271) % 2147483647) % bounds.length];
      for (let k = 0; k < 60; k++) {
        const [min, max] = [pick(), pick()];
        const expected = rows.filter((r) => (min === undefined || r.score >= min) && (max === undefined || r.score <= max)).map((r) => r.rank);
        const { from, to } = await rankRangeForScores(t.handle, model!.id, min, max);
        const got = rows.filter((r) => r.rank >= from && r.rank <= to).map((r) => r.rank);
        expect(got, `min ${min} max ${max}`).toEqual(expected);
      }
      for (const r of rows) {
        const expected = rows.filter((x) => x.score < r.score || (x.score === r.score && x.accountId > r.accountId))[0]?.rank ?? rows.length + 1;
        expect(await firstRankAfter(t.handle, model!.id, r.score, r.accountId)).toBe(expected);
      }
      // One account's history: a point per publish of its model, from the publish event.
      const history = await getScoreHistory(t.handle, rows[0]!.accountId, model!.id);
      expect(history).toEqual([{ at: expect.any(Number), score: rows[0]!.score, band: expect.any(String), version: 1 }]);
    });

    it("a second version archives the first; re-publishing the first is a rollback that restores its scores", async () => {
      const { db, schema } = t.handle;
      const actor = { userId: 1, label: "m@x.dev" };
      const [model] = await db.select().from(schema.scoringModels);
      const [v1] = await db.select().from(schema.modelVersions).where(eq(schema.modelVersions.modelId, model!.id));
      const before = await db.select({ id: schema.accountScores.accountId, score: schema.accountScores.score }).from(schema.accountScores).orderBy(asc(schema.accountScores.accountId));
      const def = defaultIcpTemplate();
      def.categories.fit.weight = 0;
      const now = Date.now();
      const [v2] = await t.handle.transact((tx) =>
        tx.insert(schema.modelVersions).values({ modelId: model!.id, version: 2, status: "draft", kind: "rule", definition: def, createdAt: now, updatedAt: now }).returning(),
      );
      await publishVersion(t.handle, actor, { versionId: v2!.id, note: "engagement only" });
      const statuses = await db.select({ id: schema.modelVersions.id, status: schema.modelVersions.status }).from(schema.modelVersions).orderBy(asc(schema.modelVersions.version));
      expect(statuses.map((s) => s.status)).toEqual(["archived", "published"]);
      const during = await db.select({ score: schema.accountScores.score, prev: schema.accountScores.previousScore }).from(schema.accountScores).orderBy(asc(schema.accountScores.accountId));
      expect(during.map((r) => r.prev)).toEqual(before.map((r) => r.score));
      const rb = await publishVersion(t.handle, actor, { versionId: v1!.id, note: "rollback" });
      expect(rb.action).toBe("rollback");
      const after = await db.select({ id: schema.accountScores.accountId, score: schema.accountScores.score }).from(schema.accountScores).orderBy(asc(schema.accountScores.accountId));
      expect(after).toEqual(before);
      const events = await db.select().from(schema.publishEvents).orderBy(asc(schema.publishEvents.id));
      expect(events.map((e) => e.action)).toEqual(["publish", "publish", "rollback"]);
      const audit = await db.select({ action: schema.auditLog.action }).from(schema.auditLog);
      expect(audit.map((a) => a.action)).toEqual(["model.create", "model.publish", "model.publish", "model.rollback"]);
    });

    it("re-publishing the live version is a rescore, not a rollback", async () => {
      const { db, schema } = t.handle;
      const [model] = await db.select().from(schema.scoringModels);
      const res = await publishVersion(t.handle, { userId: 1, label: "m@x.dev" }, { versionId: model!.publishedVersionId!, note: "after import" });
      expect(res.action).toBe("rescore");
      const audit = await db.select({ action: schema.auditLog.action }).from(schema.auditLog).orderBy(asc(schema.auditLog.id));
      expect(audit.at(-1)?.action).toBe("model.rescore");
    });
  });
}

describe("rankPositions", () => {
  it("orders by score descending then account id ascending, at display precision", () => {
    const scores = Float32Array.from([50, 72.04, 72.0, 99.96, 10]);
    const ids = Int32Array.from([1, 2, 3, 4, 5]);
    // 72.04 and 72.0 both show as 72.0, so the lower id ranks first.
    expect(Array.from(rankPositions(scores, ids))).toEqual([4, 2, 3, 1, 5]);
    // The ranking lists the accounts in that order.
    expect(Array.from(rankingOrder(rankPositions(scores, ids), ids))).toEqual([4, 2, 3, 1, 5]);
  });
});

describe("the ranking (score_ranks)", () => {
  it("is written in the publish transaction, matches account_scores' ranks, and a failed publish leaves neither", async () => {
    const t = await createTestDatabase("sqlite");
    try {
      await insertFixture(t);
      const { writePublishedScores } = await import("./mutations/publish");
      const { computeVersionScores } = await import("./mutations/models");
      const actor = { userId: 1, label: "m@x.dev" };
      const { modelId, versionId } = await createRuleModel(t.handle, actor, { name: "ICP", definition: defaultIcpTemplate() });
      const { snapshot, definition, columns } = await computeVersionScores(t.handle, defaultIcpTemplate(), NOW);
      const input = {
        modelId, versionId, action: "publish" as const, userId: 1, bandLabels: definition.bands.map((b) => b.label),
        accountIds: snapshot.accountIds, columns, now: NOW,
      };
      const { db, schema } = t.handle;
      await expect(writePublishedScores(t.handle, { ...input, audit: async () => { throw new Error("boom"); } })).rejects.toThrow("boom");
      expect(await db.select().from(schema.accountScores)).toHaveLength(0);
      expect(await db.select().from(schema.scoreRanks)).toHaveLength(0);
      // Twice: the second publish replaces the model's ranking rather than adding to it.
      await writePublishedScores(t.handle, input);
      await writePublishedScores(t.handle, input);
      const ranks = await db.select().from(schema.scoreRanks).orderBy(schema.scoreRanks.rank);
      const scores = await db.select({ accountId: schema.accountScores.accountId, rank: schema.accountScores.rank, score: schema.accountScores.score }).from(schema.accountScores);
      expect(ranks.map((r) => r.rank)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      const byAccount = new Map(scores.map((x) => [x.accountId, x]));
      for (const r of ranks) expect(byAccount.get(r.accountId)?.rank).toBe(r.rank);
      // Down the ranking, scores never rise, and ties go by account id.
      for (let k = 1; k < ranks.length; k++) {
        const prev = byAccount.get(ranks[k - 1]!.accountId)!;
        const cur = byAccount.get(ranks[k]!.accountId)!;
        expect(cur.score < prev.score || (cur.score === prev.score && cur.accountId > prev.accountId)).toBe(true);
      }
      const page = await listRankedPage(t.handle, modelId, 2, 15);
      expect(page.total).toBe(40);
      expect(page.rows.map((r) => r.rank)).toEqual(Array.from({ length: 15 }, (_, i) => i + 16));
      // A page seeks the ranking's key, and account_scores has no index to re-sort on publish.
      const plan = t.handle.sqlite!.reader.prepare("EXPLAIN QUERY PLAN SELECT s.* FROM score_ranks r JOIN account_scores s ON s.model_id = r.model_id AND s.account_id = r.account_id AND s.rank = r.rank WHERE r.model_id = 1 AND r.rank BETWEEN 1 AND 10 ORDER BY r.rank").all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(" ")).toMatch(/SEARCH r USING PRIMARY KEY \(model_id=\? AND rank>\? AND rank<\?\)/);
      expect(plan.map((p) => p.detail).join(" ")).not.toContain("TEMP B-TREE");
      expect(t.handle.sqlite!.reader.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'account_scores' AND sql IS NOT NULL").all()).toEqual([]);
      // Deleting the model takes its ranking with it.
      await db.delete(schema.scoringModels).where(eq(schema.scoringModels.id, modelId));
      expect(await db.select().from(schema.scoreRanks)).toHaveLength(0);
    } finally {
      await t.drop();
    }
  });
});

describe("previous scores", () => {
  it("come from memory only while this process wrote the latest publish; another writer's publish is read back", async () => {
    const t = await createTestDatabase("sqlite");
    try {
      await insertFixture(t);
      const actor = { userId: 1, label: "m@x.dev" };
      const { versionId } = await createRuleModel(t.handle, actor, { name: "ICP", definition: defaultIcpTemplate() });
      const first = await publishVersion(t.handle, actor, { versionId, note: "first" });
      // Same process, nothing in between: the previous scores are the ones just written.
      const again = await publishVersion(t.handle, actor, { versionId, note: "again", asOf: first.asOf });
      const { db, schema } = t.handle;
      const stored = await db.select({ score: schema.accountScores.score }).from(schema.accountScores).orderBy(asc(schema.accountScores.accountId));
      expect(Array.from(again.previous)).toEqual(stored.map((r) => r.score));
      // Another process publishes (a new event and different scores) behind this one's back.
      await t.handle.transact(async (tx) => {
        await tx.update(schema.accountScores).set({ score: 1, band: "D" });
        await tx.insert(schema.publishEvents).values({ modelId: first.modelId, versionId, action: "publish", publishedAt: Date.now(), accountCount: 40, bandCounts: {}, durationMs: 0 });
      });
      const third = await publishVersion(t.handle, actor, { versionId, note: "third" });
      expect(new Set(third.previous)).toEqual(new Set([1]));
      expect(new Set(third.previousBands)).toEqual(new Set(["D"]));
    } finally {
      await t.drop();
    }
  });
});
