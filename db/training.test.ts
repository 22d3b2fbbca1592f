/**
 * Predictive training end to end on real, migrated databases (SQLite always, PostgreSQL when
 * configured), on generated demo data: a run queued, trained in the background (worker thread on
 * SQLite, inline on PostgreSQL, so both paths run), its held-out AUC and top factors; refusals
 * below the minimum of outcomes; publishing predictive and blended versions (scores, probability,
 * history, audit, rollback) and explanations that reproduce the stored scores; rule suggestions;
 * the restart of a run whose server died.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { dataSpan } from "@/lib/metrics";
import { DAY_MS, defaultCutoff, type TrainingParams } from "@/lib/predictive-scoring";
import { plantedDriver } from "@/lib/predictive-scoring/test-drivers";
import { roundScore } from "@/lib/scoring/engine";
import { createTestDatabase, testDialects, type TestDatabase } from "./test/databases";
import { seedDemoData } from "./seed/load";
import { calibratedIcpTemplate, createRuleModel, publishVersion, type Actor } from "./mutations/models";
import { createSuggestedRuleModel, createTrainingRun, publishLearnedVersion } from "./mutations/training";
import { claimTrainingRun, pollTrainingRuns } from "./jobs/training-runner";
import { explainLearnedScores, getTrainingRun, listTrainingRuns } from "./queries/training";
import { getSnapshot } from "./snapshot";
import { getApiExplanation, resolveApiModel } from "./queries/api-accounts";
import { explanationResponseSchema } from "@/lib/validation/api";

const NOW = Date.UTC(2026, 9, 1);
const ACCOUNTS = 4_000;

for (const dialect of testDialects()) {
  describe(`predictive training on ${dialect}`, () => {
    let t: TestDatabase;
    let actor: Actor;
    let params: TrainingParams;
    let runId: number;
    let ruleModelId: number;
    let ruleVersionId: number;

    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      await seedDemoData(t.handle, { accounts: ACCOUNTS, seed: 42, now: NOW });
      const { db, schema } = t.handle;
      const [m] = await db.select({ id: schema.users.id, email: schema.users.email }).from(schema.users).where(eq(schema.users.role, "marketing"));
      actor = { userId: m!.id, label: m!.email };
      const span = dataSpan(await getSnapshot(t.handle));
      params = { outcome: "opportunity", horizonDays: 90, cutoff: defaultCutoff(span.latest, 90), groups: ["fit", "engagement", "intent", "relationship"], learner: "blend" };
      const icp = await createRuleModel(t.handle, actor, { name: "ICP", definition: await calibratedIcpTemplate(t.handle, NOW) });
      await publishVersion(t.handle, actor, { versionId: icp.versionId, note: "first" });
      ruleModelId = icp.modelId;
      ruleVersionId = icp.versionId;
    }, 600_000);
    afterAll(async () => t?.drop());

    it("trains in the background, reports progress and recovers the planted signal on held-out data", async () => {
      const queued = await createTrainingRun(t.handle, actor, params);
      runId = queued.runId;
      expect(queued.positives).toBeGreaterThan(60);
      const seen: number[] = [];
      const polled = await pollTrainingRuns(t.handle, { mode: dialect === "sqlite" ? "worker" : "inline", onProgress: (f) => seen.push(f) });
      expect(polled).toEqual({ runId, status: "succeeded" });
      expect(seen.length).toBeGreaterThan(2);
      const run = await getTrainingRun(t.handle, runId);
      expect(run).toMatchObject({ status: "succeeded", progress: 1, createdBy: expect.any(String) });
      const r = run!.report!;
      console.log(
        `[${dialect}] demo ${ACCOUNTS}: held-out AUC ${r.heldOutAuc} (${r.heldOutFrom}; CV ${r.crossValidation.auc} ± ${r.crossValidation.aucStd}), ${r.sample.positives} positive / ${r.sample.negatives} negative; ` +
          `top factors: ${r.importance.columns.slice(0, 8).map((c) => `${c.column} ${(c.share * 100).toFixed(1)}%`).join(", ")}; ` +
          `top features: ${r.importance.features.slice(0, 6).map((f) => `${f.name} (${f.direction})`).join(", ")}`,
      );
      expect(r.sample).toMatchObject({ rows: ACCOUNTS, positives: queued.positives, negatives: queued.negatives });
      expect(r.heldOutFrom).toBe("time_split");
      expect(r.heldOutAuc).toBeGreaterThan(0.7);
      expect(r.crossValidation.auc).toBeGreaterThan(0.7);
      const top = r.importance.columns.slice(0, 8).map((c) => c.column);
      const drivers = top.map(plantedDriver);
      expect(drivers.filter(Boolean).length, top.join(", ")).toBeGreaterThanOrEqual(6);
      expect(drivers[0]).not.toBeNull();
      expect((await listTrainingRuns(t.handle)).map((x) => x.id)).toContain(runId);
      const audit = await t.handle.db.select().from(t.handle.schema.auditLog).where(eq(t.handle.schema.auditLog.action, "predictive.train"));
      expect(audit).toHaveLength(1);
    }, 600_000);

    it("refuses a window with too few outcomes, when queued and when run", async () => {
      const few: TrainingParams = { ...params, outcome: "won", horizonDays: 14 };
      await expect(createTrainingRun(t.handle, actor, few)).rejects.toThrow(/^Not enough history to train on: too few outcomes to learn from: \d+ positive and \d+ negative, at least 30 of each are needed \(won deals between/);
      await expect(createTrainingRun(t.handle, actor, { ...params, groups: [] })).rejects.toMatchObject({ fieldErrors: { groups: ["Pick at least one feature group."] } });
      // Queued while the data allowed it (simulated by writing the run directly): the runner refuses with the same message.
      const r = t.handle.schema.trainingRuns;
      const [row] = await t.handle.transact((tx) => tx.insert(r).values({ status: "queued", progress: 0, params: few, createdBy: actor.userId, createdAt: Date.now() }).returning({ id: r.id }));
      expect(await pollTrainingRuns(t.handle, { mode: "inline" })).toEqual({ runId: row!.id, status: "failed" });
      const failed = await getTrainingRun(t.handle, row!.id);
      expect(failed!.error).toMatch(/^Not enough history to train on: too few outcomes/);
      await expect(publishLearnedVersion(t.handle, actor, { runId: row!.id, kind: "predictive", target: { newModelName: "Nope" }, note: "should fail" })).rejects.toThrow(/failed: there is no model/);
    });

    it("publishes a predictive version: score = 100 × probability, history, audit, explanations that reproduce it", async () => {
      const res = await publishLearnedVersion(t.handle, actor, { runId, kind: "predictive", target: { newModelName: "Propensity" }, note: "first predictive model" });
      expect(res).toMatchObject({ action: "publish", version: 1, modelName: "Propensity", kind: "predictive", accountCount: ACCOUNTS });
      const { db, schema } = t.handle;
      const [model] = await db.select().from(schema.scoringModels).where(eq(schema.scoringModels.id, res.modelId));
      expect(model).toMatchObject({ kind: "predictive", isPrimary: false, publishedVersionId: res.versionId });
      const scores = await db.select().from(schema.accountScores).where(eq(schema.accountScores.modelId, res.modelId)).orderBy(asc(schema.accountScores.rank));
      expect(scores).toHaveLength(ACCOUNTS);
      for (const s of scores) {
        expect(s.probability).not.toBeNull();
        expect(s.score).toBeCloseTo(roundScore(100 * s.probability!), 4);
      }
      // calibrated bands: the top band is not empty and holds a minority
      const bands = Object.entries(res.bandCounts);
      expect(bands[0]![1]).toBeGreaterThan(0);
      expect(bands[0]![1]).toBeLessThan(ACCOUNTS / 4);
      expect(await db.select().from(schema.scoreHistory).where(eq(schema.scoreHistory.publishEventId, res.publishEventId))).toHaveLength(ACCOUNTS);
      const actions = (await db.select().from(schema.auditLog)).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(["model.create", "model.version_create", "model.publish"]));
      // the top-ranked and a bottom account: the explanation reproduces the stored probability and score
      for (const s of [scores[0]!, scores[ACCOUNTS - 1]!]) {
        const e = (await explainLearnedScores(t.handle, s.accountId)).find((x) => x.modelId === res.modelId);
        // the same scoring code on the account's own data: exactly the stored probability and score
        expect(Math.fround(e!.explanation.probability)).toBe(s.probability);
        expect(e!.explanation.score).toBe(s.score);
        expect(e!.explanation.positive.length + e!.explanation.negative.length).toBeGreaterThan(0);
      }
      // The REST API explains a predictive score with the model's factors, and its body is what the OpenAPI document says.
      const [acc] = await db.select({ externalId: schema.accounts.externalId }).from(schema.accounts).where(eq(schema.accounts.id, scores[0]!.accountId));
      const apiModel = await resolveApiModel(t.handle, res.modelId);
      const api = explanationResponseSchema.parse(await getApiExplanation(t.handle, apiModel, acc!.externalId!));
      expect(api).toMatchObject({ kind: "predictive", score: scores[0]!.score, storedScore: scores[0]!.score, contributions: [] });
      expect(Math.fround(api.learned!.probability)).toBe(scores[0]!.probability);
      expect(api.learned!.factors.length).toBeGreaterThan(5);
      const logOdds = api.learned!.baselineLogOdds + api.learned!.factors.reduce((sum, f) => sum + f.effect, 0);
      expect(Math.abs(logOdds - api.learned!.logOdds)).toBeLessThan(0.01 * 40);
      expect(1 / (1 + Math.exp(-api.learned!.logOdds))).toBeCloseTo(api.learned!.probability, 6);
      expect((await getTrainingRun(t.handle, runId))!.publications).toMatchObject([{ modelId: res.modelId, version: 1, kind: "predictive" }]);
    }, 300_000);

    it("publishes a blended version into the rule model, and rolls back to the rule version", async () => {
      const { db, schema } = t.handle;
      const s = schema.accountScores;
      const before = await db.select({ accountId: s.accountId, score: s.score }).from(s).where(eq(s.modelId, ruleModelId)).orderBy(asc(s.accountId));
      const res = await publishLearnedVersion(t.handle, actor, { runId, kind: "blended", ruleModelId, ruleWeight: 0.6, target: { modelId: ruleModelId }, note: "blend 60 % rule" });
      expect(res).toMatchObject({ action: "publish", version: 2, kind: "blended", modelId: ruleModelId });
      const blended = await db.select().from(s).where(eq(s.modelId, ruleModelId)).orderBy(asc(s.accountId));
      const ruleScore = new Map(before.map((r) => [r.accountId, r.score]));
      for (const b of blended.slice(0, 200)) {
        expect(b.versionId).toBe(res.versionId);
        expect(b.score).toBeCloseTo(roundScore(0.6 * ruleScore.get(b.accountId)! + 0.4 * 100 * b.probability!), 1);
      }
      const e = (await explainLearnedScores(t.handle, blended[10]!.accountId)).find((x) => x.modelId === ruleModelId);
      expect(e!.explanation.kind).toBe("blended");
      expect(e!.explanation.score).toBe(blended[10]!.score);
      expect(roundScore(e!.explanation.blend!.rulePoints + e!.explanation.blend!.predictivePoints)).toBeCloseTo(blended[10]!.score, 4);
      // the rule version is archived, and re-publishing it is a rollback that restores its scores
      const [rule] = await db.select().from(schema.modelVersions).where(eq(schema.modelVersions.id, ruleVersionId));
      expect(rule!.status).toBe("archived");
      const back = await publishVersion(t.handle, actor, { versionId: ruleVersionId, note: "back to rules" });
      expect(back.action).toBe("rollback");
      const after = await db.select({ accountId: s.accountId, score: s.score, probability: s.probability }).from(s).where(eq(s.modelId, ruleModelId)).orderBy(asc(s.accountId));
      expect(after.every((r) => r.probability === null)).toBe(true);
      const events = await db.select().from(schema.publishEvents).where(eq(schema.publishEvents.modelId, ruleModelId)).orderBy(asc(schema.publishEvents.id));
      expect(events.map((x) => x.action)).toEqual(["publish", "publish", "rollback"]);
      // scores were computed at a later time than the first publish, so only compare that they are rule scores again
      expect(after).toHaveLength(before.length);
      const [v2] = await db.select().from(schema.modelVersions).where(and(eq(schema.modelVersions.modelId, ruleModelId), eq(schema.modelVersions.version, 2)));
      expect(v2!.status).toBe("archived");
    }, 300_000);

    it("refuses a blend with a model that has no rule-based live version", async () => {
      const [pred] = await t.handle.db.select().from(t.handle.schema.scoringModels).where(eq(t.handle.schema.scoringModels.name, "Propensity"));
      await expect(publishLearnedVersion(t.handle, actor, { runId, kind: "blended", ruleModelId: pred!.id, ruleWeight: 0.5, target: { modelId: pred!.id }, note: "blend" })).rejects.toThrow(/is not rule-based/);
      const versions = await t.handle.db.select().from(t.handle.schema.modelVersions).where(eq(t.handle.schema.modelVersions.modelId, pred!.id));
      expect(versions).toHaveLength(1);
    });

    it("turns the run into a rule-based draft with suggested weights", async () => {
      const res = await createSuggestedRuleModel(t.handle, actor, { runId, name: "Suggested by the model" });
      const { db, schema } = t.handle;
      const [v] = await db.select().from(schema.modelVersions).where(eq(schema.modelVersions.id, res.versionId));
      expect(v).toMatchObject({ status: "draft", kind: "rule" });
      const def = v!.definition as { criteria: { attribute?: string }[]; categories: Record<string, { weight: number }> };
      expect(def.criteria.length).toBeGreaterThan(3);
      // Company age, where suggested, is a founding-year criterion pointing the right way (older = at most a year).
      for (const c of def.criteria.filter((c) => c.attribute === "foundedYear") as { id: string; op: string }[]) expect(c.op).toBe(/-old/.test(c.id) ? "at_most" : "at_least");
      expect(res.notes.some((n) => /per unit of log-odds/.test(n))).toBe(true);
    });

    it("restarts a run whose heartbeat went stale, and leaves a live one alone", async () => {
      const r = t.handle.schema.trainingRuns;
      const old = Date.now() - 10 * 60_000;
      const quick: TrainingParams = { ...params, learner: "lr", groups: ["fit", "engagement"] };
      const [stale] = await t.handle.transact((tx) =>
        tx.insert(r).values({ status: "running", progress: 0.4, params: quick, result: { stage: "Cross-validation: fold 2 of 5", heartbeatAt: old }, createdAt: old, startedAt: old }).returning({ id: r.id }),
      );
      const now = Date.now();
      const [live] = await t.handle.transact((tx) =>
        tx.insert(r).values({ status: "running", progress: 0.2, params: quick, result: { stage: "Cross-validation: fold 1 of 5", heartbeatAt: now }, createdAt: now, startedAt: now }).returning({ id: r.id }),
      );
      expect(await pollTrainingRuns(t.handle, { mode: "inline" })).toEqual({ runId: stale!.id, status: "succeeded" });
      expect(await pollTrainingRuns(t.handle, { mode: "inline" })).toBeNull();
      expect(await getTrainingRun(t.handle, live!.id)).toMatchObject({ status: "running", progress: 0.2 });
      const done = await getTrainingRun(t.handle, stale!.id);
      expect(done).toMatchObject({ status: "succeeded", progress: 1 });
      expect(done!.report!.params.learner).toBe("lr");
      // claims are exclusive: once claimed, a second claimer finds a live heartbeat
      expect(await claimTrainingRun(t.handle, live!.id, now + 10 * 60_000)).toMatchObject({ status: "running", progress: 0 });
      expect(await claimTrainingRun(t.handle, live!.id, now + 10 * 60_000)).toBeNull();
      expect(await claimTrainingRun(t.handle, stale!.id, now + DAY_MS)).toBeNull();
    }, 300_000);
  });
}
