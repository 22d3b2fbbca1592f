/**
 * Issue 3 (rule-based scoring models): publish, preview and backtest on the benchmark database, and
 * publish on a PostgreSQL database of 100,000 accounts.
 *
 * Every measurement leaves the database as it found it: the model's live version is re-published
 * last, and the bench's own versions, publish events and history rows are deleted afterwards.
 */
import { and, eq, inArray } from "drizzle-orm";
import pg from "pg";
import { openDatabase, type DbHandle } from "@/db/client";
import { createDraft, publishVersion, saveDraft } from "@/db/mutations/models";
import { getModel, getVersion } from "@/db/queries/models";
import { backtestModel, previewDefinition } from "@/db/queries/model-analysis";
import { getSnapshot, loadSnapshot } from "@/db/snapshot";
import { parseModelDefinition, type RuleModelDefinition } from "@/lib/scoring/model";
import { prepareDemo } from "@/scripts/lib/prepare-demo";
import { median, percentile, r2, type BenchContext, type Figures, type Measurement } from "../context";

const ACTOR = { userId: null, label: "bench" };

interface BenchVersions {
  modelId: number;
  liveId: number;
  liveDef: RuleModelDefinition;
  otherId: number;
}

/** The primary model's live version and a second version (engagement weighted up) to alternate with. */
async function prepareVersions(handle: DbHandle, modelId: number): Promise<BenchVersions> {
  const model = await getModel(handle, modelId);
  if (!model?.publishedVersionId) throw new Error("the benchmark model has no live version");
  const live = await getVersion(handle, modelId, model.publishedVersionId);
  const parsed = parseModelDefinition(live!.definition);
  if (!parsed.ok) throw new Error("the live definition is invalid");
  const { schema } = handle;
  // A draft left over from an interrupted run would block createDraft.
  await handle.transact((tx) => tx.delete(schema.modelVersions).where(and(eq(schema.modelVersions.modelId, modelId), eq(schema.modelVersions.status, "draft"))));
  const draft = await createDraft(handle, ACTOR, { modelId, fromVersionId: live!.id });
  const other = structuredClone(parsed.value);
  other.categories.engagement.weight += 15;
  await saveDraft(handle, ACTOR, { versionId: draft.versionId, revision: 1, definition: other });
  return { modelId, liveId: live!.id, liveDef: parsed.value, otherId: draft.versionId };
}

/** Removes what the bench added: its version, the publish events it made and their history rows. */
async function cleanUp(handle: DbHandle, v: BenchVersions, eventIds: number[]) {
  const { schema } = handle;
  await handle.transact(async (tx) => {
    if (eventIds.length) {
      await tx.delete(schema.scoreHistory).where(inArray(schema.scoreHistory.publishEventId, eventIds));
      await tx.delete(schema.publishEvents).where(inArray(schema.publishEvents.id, eventIds));
    }
    await tx.delete(schema.modelVersions).where(eq(schema.modelVersions.id, v.otherId));
    await tx.update(schema.modelVersions).set({ status: "published" }).where(eq(schema.modelVersions.id, v.liveId));
  });
}

/** Publishes the other version and the live one alternately (`rounds` pairs); the live one is live at the end. */
async function timePublishes(handle: DbHandle, v: BenchVersions, rounds: number, log: (m: string) => void) {
  const ms: number[] = [];
  const events: number[] = [];
  const phases: { score: number; readPrevious: number; write: number; commit: number; cpu: number }[] = [];
  for (let k = 0; k < rounds; k++) {
    for (const versionId of [v.otherId, v.liveId]) {
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      const r = await publishVersion(handle, ACTOR, { versionId, note: "bench" });
      const cpu = process.cpuUsage(cpu0);
      ms.push(performance.now() - t);
      events.push(r.publishEventId);
      // CPU time of this process (SQLite runs in it): a figure less disturbed by other load on the machine.
      phases.push({ score: r.scoreMs, readPrevious: r.phases.readPrevious, write: r.phases.write, commit: r.phases.commit, cpu: Math.round((cpu.user + cpu.system) / 1000) });
      log(`  publish of version ${versionId}: ${Math.round(ms[ms.length - 1]!)} ms (scoring ${r.scoreMs} ms, writer ${r.durationMs} ms: ${JSON.stringify(r.phases)}; ${r.accountCount} accounts)`);
    }
  }
  // Phases of the median run, so the parts add up to the headline figure.
  const mid = ms.indexOf(median(ms));
  return { ms, events, phases: phases[mid >= 0 ? mid : 0]! };
}

/**
 * Full publish (score every account, write scores, ranks, a history row per account, event,
 * statuses) with the snapshot cached as it is in the app, against a naive per-row ORM update
 * measured on a sample and extrapolated linearly to N.
 */
export const publishMeasurement: Measurement = {
  name: "publish",
  description: "issue 3: publish a model version (SQLite)",
  async run({ handle, modelId, log, accounts }) {
    const t0 = performance.now();
    await loadSnapshot(handle);
    const snapshotLoadMs = performance.now() - t0;
    await getSnapshot(handle);
    const v = await prepareVersions(handle, modelId);
    let events: number[] = [];
    try {
      const run = await timePublishes(handle, v, 2, log);
      events = run.events;
      const publishMs = median(run.ms);

      // Naive baseline: one ORM UPDATE per account, each in its own transaction, on a sample.
      const { db, schema } = handle;
      const s = schema.accountScores;
      const sampleSize = Math.min(2000, accounts);
      const sample = await db.select().from(s).where(eq(s.modelId, modelId)).limit(sampleSize);
      const t = performance.now();
      for (const row of sample) {
        await handle.transact((tx) =>
          tx
            .update(s)
            .set({ versionId: row.versionId, score: row.score, band: row.band, rank: row.rank, fit: row.fit, engagement: row.engagement, intent: row.intent, relationship: row.relationship, previousScore: row.previousScore, scoredAt: row.scoredAt })
            .where(and(eq(s.modelId, modelId), eq(s.accountId, row.accountId))),
        );
      }
      const perRow = (performance.now() - t) / Math.max(1, sample.length);
      const naiveMs = perRow * accounts;
      log(`publish median ${Math.round(publishMs)} ms; naive per-row update ${r2(perRow)} ms/row → ${Math.round(naiveMs)} ms extrapolated to ${accounts} accounts`);
      return {
        publish_ms: Math.round(publishMs),
        publish_max_ms: Math.round(Math.max(...run.ms)),
        publish_score_ms: run.phases.score,
        publish_write_ms: run.phases.write,
        publish_commit_ms: run.phases.commit,
        publish_cpu_ms: run.phases.cpu,
        publish_snapshot_load_ms: Math.round(snapshotLoadMs),
        publish_naive_sample_rows: sample.length,
        publish_naive_ms_extrapolated: Math.round(naiveMs),
        publish_naive_ratio: r2(naiveMs / publishMs),
      };
    } finally {
      await cleanUp(handle, v, events);
    }
  },
};

/** p50 of preview recomputations (draft vs. live at the same date) while weights change. */
export const previewMeasurement: Measurement = {
  name: "preview",
  description: "issue 3: live preview of a model edit",
  async run({ handle, modelId, log }) {
    await getSnapshot(handle);
    const model = await getModel(handle, modelId);
    const live = await getVersion(handle, modelId, model!.publishedVersionId!);
    const base = parseModelDefinition(live!.definition);
    if (!base.ok) throw new Error("invalid live definition");
    const first = performance.now();
    await previewDefinition(handle, { modelId, draft: base.value });
    const firstMs = performance.now() - first;
    const ms: number[] = [];
    for (let k = 0; k < 9; k++) {
      const draft = structuredClone(base.value);
      draft.categories.engagement.weight = 20 + 5 * k;
      const t = performance.now();
      const p = await previewDefinition(handle, { modelId, draft });
      ms.push(performance.now() - t);
      if (p.comparison.compared === 0) throw new Error("the preview compared nothing");
    }
    log(`preview p50 ${Math.round(median(ms))} ms (first, with the live scores computed: ${Math.round(firstMs)} ms)`);
    return { preview_ms: Math.round(median(ms)), preview_p95_ms: Math.round(percentile(ms, 95)), preview_first_ms: Math.round(firstMs) };
  },
};

/** Backtest of a draft and the live version side by side at the default window. */
export const backtestMeasurement: Measurement = {
  name: "backtest",
  description: "issue 3: point-in-time backtest, draft vs. live",
  async run({ handle, modelId, log }) {
    await getSnapshot(handle);
    const model = await getModel(handle, modelId);
    const live = await getVersion(handle, modelId, model!.publishedVersionId!);
    const base = parseModelDefinition(live!.definition);
    if (!base.ok) throw new Error("invalid live definition");
    const draft = structuredClone(base.value);
    draft.categories.engagement.weight += 10;
    const ms: number[] = [];
    let top = "";
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      const r = await backtestModel(handle, { modelId, draft: { label: "Draft", definition: draft } });
      ms.push(performance.now() - t);
      const m = r.result.models[0]!;
      top = `AUC ${m.auc?.toFixed(3)}, ${m.bands.map((b) => `${b.label} ${((b.conversion.rate ?? 0) * 100).toFixed(1)}%`).join(" / ")}`;
    }
    log(`backtest median ${Math.round(median(ms))} ms (${top})`);
    return { backtest_ms: Math.round(median(ms)) };
  },
};

/**
 * Publish on PostgreSQL at 100,000 accounts (`--pg-accounts` to change): the database
 * `lodestar_bench_<N>` on the server of `--pg` or TEST_DATABASE_URL is built once and kept.
 */
export const publishPgMeasurement: Measurement = {
  name: "publish_pg",
  description: "issue 3: publish a model version (PostgreSQL)",
  async run({ log, args }: BenchContext): Promise<Figures> {
    const base = typeof args.pg === "string" ? args.pg : process.env.TEST_DATABASE_URL;
    if (!base) return { publish_pg_ms: null, publish_pg_note: "skipped: pass --pg postgresql://… or set TEST_DATABASE_URL" };
    const n = Number(args["pg-accounts"] ?? 100_000);
    const name = `lodestar_bench_${n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : n}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const handle = openDatabase(url.toString());
    try {
      const t = performance.now();
      const prepared = await prepareDemo(handle, { accounts: n, seed: 42, log });
      if (prepared.seeded) log(`built ${name} in ${Math.round((performance.now() - t) / 1000)} s`);
      const [model] = await handle.db.select().from(handle.schema.scoringModels).where(eq(handle.schema.scoringModels.isPrimary, true));
      await getSnapshot(handle);
      const v = await prepareVersions(handle, model!.id);
      let events: number[] = [];
      try {
        const run = await timePublishes(handle, v, 2, log);
        events = run.events;
        log(`publish on PostgreSQL at ${n} accounts: median ${Math.round(median(run.ms))} ms`);
        return { publish_pg_ms: Math.round(median(run.ms)), publish_pg_accounts: n, publish_pg_write_ms: run.phases.write };
      } finally {
        await cleanUp(handle, v, events);
      }
    } finally {
      await handle.close();
    }
  },
};
