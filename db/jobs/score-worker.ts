/**
 * Worker-thread half of a parallel predictive scoring pass (score-pool.ts): per job, it compiles
 * the predictor for the job's snapshot (its arrays live on SharedArrayBuffers, so handing it over
 * copies nothing) and scores the chunks it can claim (scoreClaimedChunks) straight into the job's
 * shared output arrays. It keeps nothing between jobs but the last deserialised predictor. The
 * parent scores chunks of the same pass at the same time and polls the shared counters, so a
 * worker that is late or busy only does less.
 *
 * Protocol (parent → worker): ScoreJob messages. Worker → parent: { type: "error", message } when
 * it could not take part in a job (nothing was claimed then, or CLAIM_FAILED is set).
 */
import { parentPort, workerData } from "node:worker_threads";
import { deserializeModel, type Predictor } from "@/lib/predictive/model";
import { compileAccountScorer, scoreClaimedChunks, type AccountScoreOutput } from "@/lib/predictive-scoring/account-scorer";
import type { ScoringSnapshot } from "@/lib/snapshot";
import type { ScoreCategory } from "@/lib/vocabulary";

export const SCORE_WORKER_KIND = "lodestar-score-worker";

export interface ScoreJob {
  type: "job";
  snapshot: ScoringSnapshot;
  /** the serialised predictor (a learned definition's text) */
  predictor: string;
  groups: ScoreCategory[];
  asOf: number;
  chunk: number;
  control: Int32Array;
  out: AccountScoreOutput;
}

function serve(port: NonNullable<typeof parentPort>) {
  let last: { text: string; predictor: Predictor } | null = null;
  port.on("message", (job: ScoreJob) => {
    try {
      if (last?.text !== job.predictor) last = { text: job.predictor, predictor: deserializeModel(job.predictor) };
      const sc = compileAccountScorer(last.predictor, job.snapshot, job.groups);
      if (!sc) throw new Error("this predictor is not scored in one pass");
      scoreClaimedChunks(sc, job.asOf, job.control, job.chunk, job.out);
    } catch (err) {
      port.postMessage({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
}

if (parentPort && (workerData as { kind?: string } | null)?.kind === SCORE_WORKER_KIND) serve(parentPort);
