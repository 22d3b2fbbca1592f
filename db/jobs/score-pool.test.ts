import { afterAll, describe, expect, it } from "vitest";
import { dataSpan } from "@/lib/metrics";
import { fitPredictor, serializeModel } from "@/lib/predictive/model";
import { CLAIM_BUSY, CLAIM_NEXT, CLAIM_SLOTS, compileAccountScorer, scoreAccounts, scoreClaimedChunks } from "@/lib/predictive-scoring/account-scorer";
import { demoFacts } from "@/lib/predictive-scoring/demo-snapshot";
import { groupFeatures } from "@/lib/predictive-scoring/frames";
import { defaultCutoff, DAY_MS } from "@/lib/predictive-scoring/params";
import { predictiveColumns, scoreLearned, scoreLearnedWith, type PredictiveColumns } from "@/lib/predictive-scoring/score";
import type { PredictiveDefinition } from "@/lib/predictive-scoring/definition";
import { labelRows } from "@/lib/predictive-scoring/train";
import { buildSnapshot } from "@/lib/scoring/snapshot-builder";
import { SCORE_CATEGORIES } from "@/lib/vocabulary";
import { closeScorePool, parallelPredictiveRunner } from "./score-pool";

const NOW = Date.UTC(2026, 9, 1);
const groups = [...SCORE_CATEGORIES];
const snapshot = buildSnapshot(demoFacts(3_000, 11, NOW).facts);
const cutoff = defaultCutoff(dataSpan(snapshot).latest, 90);
const labelled = labelRows(snapshot, { outcome: "opportunity", horizonDays: 90 }, cutoff);
const labels = new Uint8Array(snapshot.n);
labelled.rows.forEach((r, k) => (labels[r] = labelled.labels[k]!));
const predictor = fitPredictor(groupFeatures(snapshot, cutoff, groups), labels, { rows: labelled.rows, minPerClass: 1 });
const def: PredictiveDefinition = {
  schemaVersion: 1,
  kind: "predictive",
  predictor: serializeModel(predictor),
  trainingRunId: null,
  outcome: "opportunity",
  horizonDays: 90,
  cutoff,
  groups,
  learner: "blend",
  heldOutAuc: 0.8,
  sample: { rows: labelled.rows.length, positives: 1, negatives: 1 },
  bands: [
    { label: "A", min: 20 },
    { label: "B", min: 0 },
  ],
} as PredictiveDefinition;
const asOf = dataSpan(snapshot).latest + DAY_MS;

function expectIdentical(a: PredictiveColumns, b: PredictiveColumns) {
  for (const k of ["probability", "fit", "engagement", "intent", "relationship"] as const) expect(Array.from(a[k]), k).toEqual(Array.from(b[k]));
}

afterAll(() => closeScorePool());

describe("scoring on two threads", () => {
  it("gives exactly the one-thread scores, pass after pass, and a publish's columns are unchanged", async () => {
    const alone = predictiveColumns(predictor, snapshot, asOf, groups);
    const run = parallelPredictiveRunner({ minAccounts: 1, chunk: 64 });
    // The first pass starts the worker (which may join late); later passes reuse it and its snapshot.
    for (let k = 0; k < 3; k++) {
      const both = await run(def, predictor, snapshot, asOf);
      expect(both).not.toBeNull();
      expectIdentical(both!, alone);
    }
    const published = await scoreLearnedWith(def, snapshot, asOf, run);
    const inline = scoreLearned(def, snapshot, asOf);
    for (const k of ["scores", "bands", "probability", "fit"] as const) expect(Array.from(published[k]), k).toEqual(Array.from(inline[k]));
  });

  it("scores on the worker exactly as on the calling thread (every chunk left to the worker)", async () => {
    const alone = predictiveColumns(predictor, snapshot, asOf, groups);
    const onWorker = await parallelPredictiveRunner({ minAccounts: 1, chunk: 100, callerScores: false })(def, predictor, snapshot, asOf);
    expect(onWorker).not.toBeNull();
    expectIdentical(onWorker!, alone);
  });

  it("leaves small snapshots, and a server that turned threads off, to the calling thread", async () => {
    expect(await parallelPredictiveRunner({ minAccounts: snapshot.n + 1 })(def, predictor, snapshot, asOf)).toBeNull();
    process.env.LODESTAR_SCORE_THREADS = "0";
    try {
      expect(await parallelPredictiveRunner({ minAccounts: 1 })(def, predictor, snapshot, asOf)).toBeNull();
    } finally {
      delete process.env.LODESTAR_SCORE_THREADS;
    }
  });
});

describe("claimed chunks", () => {
  it("cover every account once, from wherever the shared counter stands", () => {
    const sc = compileAccountScorer(predictor, snapshot, groups)!;
    const n = snapshot.n;
    const out = () => ({ probability: new Float64Array(n), fit: new Float32Array(n), engagement: new Float32Array(n), intent: new Float32Array(n), relationship: new Float32Array(n) });
    const whole = out();
    scoreAccounts(sc, asOf, 0, n, whole);
    // Another thread has claimed the first 1,000 accounts: this one scores the rest, in chunks of 97.
    const control = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * 4));
    control[CLAIM_NEXT] = 1_000;
    const rest = out();
    scoreClaimedChunks(sc, asOf, control, 97, rest);
    expect(Array.from(rest.probability.subarray(1_000))).toEqual(Array.from(whole.probability.subarray(1_000)));
    expect(Array.from(rest.probability.subarray(0, 1_000)).every((p) => p === 0)).toBe(true);
    expect(control[CLAIM_BUSY]).toBe(0);
    expect(control[CLAIM_NEXT]).toBeGreaterThanOrEqual(n);
  });
});
