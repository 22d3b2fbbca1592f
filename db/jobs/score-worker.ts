/**
 * Worker-thread half of a parallel predictive scoring pass (score-pool.ts): it keeps the last
 * snapshot it was handed (its arrays live on SharedArrayBuffers, so nothing is copied) and, per
 * job, compiles the predictor for it and scores the chunks it can claim (scoreClaimedChunks)
 * straight into the job's shared output arrays. The parent scores chunks of the same pass at the
 * same time and waits on the shared counters, so a worker that is late or busy only does less.
 *
 * Protocol (parent → worker): ScoreJob messages. Worker → parent: { type: "done", jobId } after each
 * job, or { type: "error", jobId, message } when it could not take part (nothing was claimed then,
 * or CLAIM_FAILED is set).
 */
import { parentPort, workerData } from "node:worker_threads";
import { deserializeModel, type Predictor } from "@/lib/predictive/model";
import { compileAccountScorer, scoreClaimedChunks, type AccountScoreOutput } from "@/lib/predictive-scoring/account-scorer";
import type { ScoringSnapshot } from "@/lib/snapshot";
import type { ScoreCategory } from "@/lib/vocabulary";

export const SCORE_WORKER_KIND = "lodestar-score-worker";

export interface ScoreJob {
  type: "job";
  jobId: number;
  /** identifies the snapshot; `snapshot` is sent only when the worker does not hold this one yet */
  snapshotId: number;
  snapshot?: ScoringSnapshot;
  /** the serialised predictor (a learned definition's text) */
  predictor: string;
  groups: ScoreCategory[];
  asOf: number;
  chunk: number;
  control: Int32Array;
  out: AccountScoreOutput;
}

function serve(port: NonNullable<typeof parentPort>) {
  let held: { id: number; s: ScoringSnapshot } | null = null;
  let last: { text: string; predictor: Predictor } | null = null;
  port.on("message", (job: ScoreJob) => {
    try {
      if (job.snapshot) held = { id: job.snapshotId, s: job.snapshot };
      if (!held || held.id !== job.snapshotId) throw new Error("the worker does not hold this snapshot");
      if (last?.text !== job.predictor) last = { text: job.predictor, predictor: deserializeModel(job.predictor) };
      const sc = compileAccountScorer(last.predictor, held.s, job.groups);
      if (!sc) throw new Error("this predictor is not scored in one pass");
      scoreClaimedChunks(sc, job.asOf, job.control, job.chunk, job.out);
      port.postMessage({ type: "done", jobId: job.jobId });
    } catch (err) {
      port.postMessage({ type: "error", jobId: job.jobId, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
}

if (parentPort && (workerData as { kind?: string } | null)?.kind === SCORE_WORKER_KIND) serve(parentPort);
