/**
 * The model editor's verbs on real databases (SQLite always, PostgreSQL when configured): drafts with
 * optimistic locking, validation that saves nothing, new drafts from published versions, publish of
 * exactly what was seen, rollback, audit lines, and the preview/backtest computations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { defaultIcpTemplate, type RuleModelDefinition } from "@/lib/scoring/model";
import { AppError } from "@/lib/errors";
import { BacktestWindowError } from "@/lib/scoring/backtest";
import { createTestDatabase, testDialects, type TestDatabase } from "./test/databases";
import { createDraft, createRuleModel, discardDraft, publishVersion, saveDraft, VersionConflictError } from "./mutations/models";
import { listModels, listPublishEvents, listVersions } from "./queries/models";
import { backtestModel, editorContext, previewDefinition } from "./queries/model-analysis";
import { seedDemoData } from "./seed/load";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 15);

async function caught<T>(p: Promise<T>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

for (const dialect of testDialects()) {
  describe(`model versions on ${dialect}`, () => {
    let t: TestDatabase;
    let modelId: number;
    let v1: number;
    let known: string[];
    const alice = { userId: 0, label: "marketing@lodestar.dev" };
    const bob = { userId: 0, label: "admin@lodestar.dev" };

    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      await seedDemoData(t.handle, { accounts: 300, seed: 3, now: NOW });
      const { db, schema } = t.handle;
      const users = await db.select().from(schema.users);
      alice.userId = users.find((u) => u.role === "marketing")!.id;
      bob.userId = users.find((u) => u.role === "admin")!.id;
      ({ modelId, versionId: v1 } = await createRuleModel(t.handle, alice, { name: "ICP", definition: defaultIcpTemplate() }));
      known = (await editorContext(t.handle)).knownAttributes;
    }, 60_000);
    afterAll(async () => t?.drop());

    it("saves a draft and bumps its revision; the second writer of the same revision gets a conflict naming the first", async () => {
      const a = defaultIcpTemplate();
      a.categories.engagement.weight = 45;
      const saved = await saveDraft(t.handle, alice, { versionId: v1, revision: 1, definition: a, knownAttributes: known });
      expect(saved.revision).toBe(2);
      expect(saved.changes).toEqual(["Engagement weight 30 → 45"]);

      const b = defaultIcpTemplate();
      b.categories.intent.weight = 5;
      const err = await caught(saveDraft(t.handle, bob, { versionId: v1, revision: 1, definition: b, knownAttributes: known }));
      expect(err).toBeInstanceOf(VersionConflictError);
      const conflict = (err as VersionConflictError).conflict!;
      expect((err as AppError).status).toBe(409);
      expect((err as Error).message).toContain("Mia Marketing");
      expect(conflict.revision).toBe(2);
      expect((conflict.definition as RuleModelDefinition).categories.engagement.weight).toBe(45);
      // From their saved version to mine: both edits are visible, nothing is hidden.
      expect(conflict.changes).toEqual(["Engagement weight 45 → 30", "Intent weight 15 → 5"]);
      const [row] = await t.handle.db.select().from(t.handle.schema.modelVersions).where(eq(t.handle.schema.modelVersions.id, v1));
      expect(row!.revision).toBe(2);
      expect((row!.definition as RuleModelDefinition).categories.intent.weight).toBe(15);
    });

    it("refuses invalid definitions field by field and saves nothing", async () => {
      const bad = defaultIcpTemplate() as unknown as Record<string, any>;
      bad.criteria[0].attribute = "shoeSize";
      bad.bands = [];
      const err = await caught(saveDraft(t.handle, alice, { versionId: v1, revision: 2, definition: bad, knownAttributes: known }));
      expect((err as AppError).status).toBe(422);
      expect(Object.keys((err as AppError).fieldErrors!)).toEqual(["bands"]);
      const zero = defaultIcpTemplate();
      for (const c of Object.values(zero.categories)) c.weight = 0;
      zero.criteria[0]!.kind === "attribute" && (zero.criteria[0]!.attribute = "shoeSize");
      const err2 = await caught(saveDraft(t.handle, alice, { versionId: v1, revision: 2, definition: zero, knownAttributes: known }));
      const fields = (err2 as AppError).fieldErrors!;
      expect(fields["categories"]![0]).toMatch(/cannot be normalised/);
      expect(fields["criteria.0.attribute"]![0]).toMatch(/unknown attribute "shoeSize"/);
      const [row] = await t.handle.db.select().from(t.handle.schema.modelVersions).where(eq(t.handle.schema.modelVersions.id, v1));
      expect(row!.revision).toBe(2);
    });

    it("publishes exactly the revision that was seen, then refuses edits of the published version", async () => {
      const stale = await caught(publishVersion(t.handle, alice, { versionId: v1, note: "stale", expectedRevision: 1 }));
      expect(stale).toBeInstanceOf(VersionConflictError);
      const res = await publishVersion(t.handle, alice, { versionId: v1, note: "first", expectedRevision: 2 });
      expect(res.accountCount).toBe(300);
      const { db, schema } = t.handle;
      const scored = await db.select({ at: schema.accountScores.scoredAt }).from(schema.accountScores).limit(1);
      expect(scored[0]!.at).toBe(res.asOf);
      const history = await db.select().from(schema.scoreHistory);
      expect(history).toHaveLength(300);
      const err = await caught(saveDraft(t.handle, alice, { versionId: v1, revision: 2, definition: defaultIcpTemplate(), knownAttributes: known }));
      expect(err).toBeInstanceOf(VersionConflictError);
      expect((err as Error).message).toMatch(/was published by Mia Marketing .* can no longer be edited/);
    });

    it("starts one draft at a time from a published version, and discards it only at its revision", async () => {
      const d = await createDraft(t.handle, bob, { modelId, fromVersionId: v1 });
      expect(d.version).toBe(2);
      expect((await caught(createDraft(t.handle, alice, { modelId, fromVersionId: v1 })) as Error).message).toMatch(/already a draft/);
      await saveDraft(t.handle, bob, { versionId: d.versionId, revision: 1, definition: defaultIcpTemplate(), knownAttributes: known });
      expect(await caught(discardDraft(t.handle, alice, { versionId: d.versionId, revision: 1 }))).toBeInstanceOf(VersionConflictError);
      await discardDraft(t.handle, alice, { versionId: d.versionId, revision: 2 });
      const versions = await listVersions(t.handle, modelId);
      expect(versions.map((v) => [v.version, v.status])).toEqual([[1, "published"]]);
    });

    it("previews a change against the live version at the same date, and backtests both side by side", async () => {
      const draft = defaultIcpTemplate();
      draft.categories.fit.weight = 0;
      const p = await previewDefinition(t.handle, { modelId, draft, now: NOW });
      expect(p.accounts).toBe(300);
      expect(p.baseline?.label).toBe("Live (version 1)");
      expect(p.comparison.compared).toBe(300);
      expect(p.comparison.changed).toBeGreaterThan(0);
      expect(p.comparison.histogram.before.reduce((a, b) => a + b, 0)).toBe(300);
      expect(p.comparison.migration.flat().reduce((a, b) => a + b, 0)).toBe(300);
      const down = p.comparison.movers.down[0]!;
      expect(down.delta).toBeLessThan(0);
      expect(down.name).toMatch(/\S/);
      // Unchanged draft: nothing moves.
      const live = (await listVersions(t.handle, modelId)).find((v) => v.status === "published")!;
      const same = await previewDefinition(t.handle, { modelId, draft: live.definition as RuleModelDefinition, now: NOW });
      expect(same.comparison.changed).toBe(0);

      const bt = await backtestModel(t.handle, { modelId, draft: { label: "Draft", definition: draft }, now: NOW });
      expect(bt.result.models.map((m) => m.key)).toEqual(["draft", "live"]);
      expect(bt.result.population).toBeGreaterThan(0);
      for (const m of bt.result.models) expect(m.auc).not.toBeNull();
      const future = await caught(backtestModel(t.handle, { modelId, cutoff: NOW + DAY, horizonDays: 30, now: NOW }));
      expect(future).toBeInstanceOf(BacktestWindowError);
    });

    it("rolls back: re-publishing version 1 after version 2 restores its scores; history, events and audit say who and why", async () => {
      const { db, schema } = t.handle;
      const before = await db.select({ id: schema.accountScores.accountId, score: schema.accountScores.score }).from(schema.accountScores).orderBy(asc(schema.accountScores.accountId));
      const d = await createDraft(t.handle, alice, { modelId, fromVersionId: v1 });
      const changed = defaultIcpTemplate();
      changed.categories.fit.weight = 10;
      const s = await saveDraft(t.handle, alice, { versionId: d.versionId, revision: 1, definition: changed, knownAttributes: known });
      const asOf = (await db.select({ at: schema.accountScores.scoredAt }).from(schema.accountScores).limit(1))[0]!.at;
      await publishVersion(t.handle, alice, { versionId: d.versionId, note: "more engagement", expectedRevision: s.revision, asOf });
      const during = await db.select({ score: schema.accountScores.score }).from(schema.accountScores).orderBy(asc(schema.accountScores.accountId));
      expect(during).not.toEqual(before.map((r) => ({ score: r.score })));
      const rb = await publishVersion(t.handle, bob, { versionId: v1, note: "back to v1", asOf });
      expect(rb.action).toBe("rollback");
      const after = await db.select({ id: schema.accountScores.accountId, score: schema.accountScores.score }).from(schema.accountScores).orderBy(asc(schema.accountScores.accountId));
      expect(after).toEqual(before);
      const events = await listPublishEvents(t.handle, modelId);
      expect(events.map((e) => [e.version, e.action, e.note, e.publishedBy])).toEqual([
        [1, "rollback", "back to v1", "Ada Admin"],
        [2, "publish", "more engagement", "Mia Marketing"],
        [1, "publish", "first", "Mia Marketing"],
      ]);
      expect(await db.select().from(schema.scoreHistory)).toHaveLength(900);
      const audit = await db.select({ action: schema.auditLog.action, actor: schema.auditLog.actorLabel }).from(schema.auditLog).orderBy(asc(schema.auditLog.id));
      expect(audit.filter((a) => a.action.startsWith("model.")).map((a) => a.action)).toEqual([
        "model.create",
        "model.draft_save",
        "model.publish",
        "model.draft_create",
        "model.draft_save",
        "model.draft_discard",
        "model.draft_create",
        "model.draft_save",
        "model.publish",
        "model.rollback",
      ]);
      const [summary] = await listModels(t.handle);
      expect(summary).toMatchObject({ name: "ICP", published: { version: 1 }, draft: null, versions: 2, lastEvent: { action: "rollback", by: "Ada Admin" } });
    });
  });
}
