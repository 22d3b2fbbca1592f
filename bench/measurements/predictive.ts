/**
 * Issue 6 (predictive scoring):
 * - train_ms: fitting the predictive model (feature pipeline + LR/GBT blend, the app's default) on
 *   100,000 labelled accounts of the bench database (all of them at N = 100,000, an even sample of
 *   the eligible accounts above), features as of the cutoff (newest record − 90 days), outcome
 *   "opportunity created within 90 days". One untimed warm-up fit on 2,000 rows first, as
 *   model:evaluate does, so the figure measures compiled code. CPU time is reported alongside:
 *   the machine is shared, and wall time includes waiting for a core.
 * - the held-out AUC of that setup, time-based (fit one horizon earlier, test at the cutoff), on the
 *   same number of accounts;
 * - predict_ms: publishing the trained model as a predictive version of a temporary model — every
 *   one of the N accounts featurised as of now, scored with its explanation-exact contributions and
 *   written back through the publish writer (scores, ranks, probability, history, event) — with
 *   the scoring and writing phases. The temporary model (and everything it wrote) is deleted after.
 */
import { eq } from "drizzle-orm";
import { getSnapshot } from "@/db/snapshot";
import { publishVersion } from "@/db/mutations/models";
import { dataSpan } from "@/lib/metrics";
import { auc } from "@/lib/predictive/evaluate";
import { featureImportance } from "@/lib/predictive/explain";
import { fitPredictor, scoreFrame, serializeModel } from "@/lib/predictive/model";
import { DAY_MS, defaultCutoff, groupFeatures, labelRows, subsetFrame, type PredictiveDefinition } from "@/lib/predictive-scoring";
import { plantedDriver } from "@/lib/predictive-scoring/test-drivers";
import { SCORE_CATEGORIES } from "@/lib/vocabulary";
import { r2, type Measurement } from "../context";

const TRAIN_ROWS = 100_000;
const HORIZON = 90;

/** `want` positions spread evenly over `rows` (all of them when there are fewer). */
function evenSample(rows: Int32Array, want: number): Int32Array {
  if (rows.length <= want) return rows;
  return Int32Array.from({ length: want }, (_, k) => rows[Math.floor((k * rows.length) / want)]!);
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export const predictiveMeasurement: Measurement = {
  name: "predictive",
  description: "issue 6: train at 100,000 labelled accounts; score and write back every account",
  async run({ handle, log, accounts }) {
    const t0 = performance.now();
    const s = await getSnapshot(handle);
    const snapshotMs = performance.now() - t0;
    const span = dataSpan(s);
    const T = defaultCutoff(span.latest, HORIZON);
    const groups = [...SCORE_CATEGORIES];
    const params = { outcome: "opportunity" as const, horizonDays: HORIZON };

    // Labelled accounts at the cutoff, sampled to 100,000.
    let t = performance.now();
    const labelled = labelRows(s, params, T);
    const pick = evenSample(Int32Array.from(labelled.rows.keys()), TRAIN_ROWS);
    const rows = Int32Array.from(pick, (k) => labelled.rows[k]!);
    const labels = Uint8Array.from(pick, (k) => labelled.labels[k]!);
    const frame = subsetFrame(groupFeatures(s, T, groups), rows);
    const featuresMs = performance.now() - t;
    const positives = labels.reduce((a, b) => a + b, 0);
    log(`predictive: ${rows.length.toLocaleString("en-US")} labelled accounts (${positives} positive), features as of ${new Date(T).toISOString().slice(0, 10)} in ${Math.round(featuresMs)} ms`);

    const warm = Int32Array.from({ length: 2000 }, (_, k) => Math.floor((k * rows.length) / 2000));
    fitPredictor(frame, labels, { rows: warm, minPerClass: 1 });
    t = performance.now();
    let c = cpuMs();
    const predictor = fitPredictor(frame, labels);
    const trainMs = performance.now() - t;
    const trainCpuMs = cpuMs() - c;
    log(`predictive: train ${Math.round(trainMs)} ms wall, ${Math.round(trainCpuMs)} ms CPU (${predictor.pipeline.features.length} features, ${predictor.model.kind})`);

    // Held-out, time-based: the same setup one horizon earlier, tested at the cutoff.
    const earlier = labelRows(s, params, T - HORIZON * DAY_MS);
    const pickE = evenSample(Int32Array.from(earlier.rows.keys()), TRAIN_ROWS);
    const earlyFrame = subsetFrame(groupFeatures(s, T - HORIZON * DAY_MS, groups), Int32Array.from(pickE, (k) => earlier.rows[k]!));
    const earlyPredictor = fitPredictor(earlyFrame, Uint8Array.from(pickE, (k) => earlier.labels[k]!));
    const heldOutAuc = auc(scoreFrame(earlyPredictor, frame), labels);
    const top = featureImportance(predictor, frame, undefined, { sample: 5000 }).columns.slice(0, 8);
    const drivers = top.filter((x) => plantedDriver(x.column)).length;
    log(`predictive: held-out AUC ${heldOutAuc.toFixed(4)} (time-based); top factors ${top.map((x) => x.column).join(", ")} (${drivers} of 8 planted drivers)`);

    // Publish it: score every account as of now and write back through the publish writer.
    const { schema } = handle;
    const now = Date.now();
    const definition: PredictiveDefinition = {
      schemaVersion: 1,
      kind: "predictive",
      predictor: serializeModel(predictor),
      trainingRunId: null,
      ...params,
      cutoff: T,
      groups,
      learner: "blend",
      heldOutAuc,
      sample: { rows: rows.length, positives, negatives: rows.length - positives },
      bands: [
        { label: "A", min: 20 },
        { label: "B", min: 10 },
        { label: "C", min: 5 },
        { label: "D", min: 0 },
      ],
    };
    const { modelId, versionId } = await handle.transact(async (tx) => {
      const [m] = await tx.insert(schema.scoringModels).values({ name: `bench predictive ${now}`, kind: "predictive", isPrimary: false, createdAt: now, updatedAt: now }).returning({ id: schema.scoringModels.id });
      const [v] = await tx
        .insert(schema.modelVersions)
        .values({ modelId: m!.id, version: 1, status: "archived", kind: "predictive", definition, createdAt: now, updatedAt: now })
        .returning({ id: schema.modelVersions.id });
      return { modelId: m!.id, versionId: v!.id };
    });
    try {
      t = performance.now();
      c = cpuMs();
      const res = await publishVersion(handle, { userId: null, label: "bench" }, { versionId, note: "bench" });
      const predictMs = performance.now() - t;
      const predictCpuMs = cpuMs() - c;
      log(`predictive: predict ${Math.round(predictMs)} ms wall (${Math.round(predictCpuMs)} ms CPU): scoring ${res.scoreMs} ms, writing ${res.durationMs} ms (${JSON.stringify(res.phases)}), ${res.accountCount} accounts`);
      return {
        train_ms: Math.round(trainMs),
        train_cpu_ms: Math.round(trainCpuMs),
        train_rows: rows.length,
        train_positives: positives,
        train_features_ms: Math.round(featuresMs),
        predictive_auc: Math.round(heldOutAuc * 10_000) / 10_000,
        predictive_top_drivers_of_8: drivers,
        predict_ms: Math.round(predictMs),
        predict_cpu_ms: Math.round(predictCpuMs),
        predict_accounts: res.accountCount,
        predict_score_ms: res.scoreMs,
        predict_write_ms: res.durationMs,
        predict_snapshot_load_ms: Math.round(snapshotMs),
        predict_accounts_per_s: Math.round(accounts / (predictMs / 1000)),
        predict_us_per_account: r2((predictMs * 1000) / Math.max(1, res.accountCount)),
      };
    } finally {
      // Everything the temporary model wrote goes with it (scores, history, events, the version).
      await handle.transact((tx) => tx.delete(schema.scoringModels).where(eq(schema.scoringModels.id, modelId)));
    }
  },
};
