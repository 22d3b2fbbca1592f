/**
 * Worker-thread half of a training run: trains on the snapshot it is handed (lib/predictive-scoring)
 * and posts progress and the result, so the seconds of number crunching never block the server's
 * event loop (pages, the progress poll, other jobs).
 *
 * Protocol (worker → parent): { type: "progress", fraction, stage } any number of times, then
 * { type: "done", report, serialized } or { type: "refused", message } (the data cannot support a
 * model: PredictiveInputError) or { type: "error", message }.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PredictiveInputError } from "@/lib/predictive/frame";
import type { TrainingParams } from "@/lib/predictive-scoring/params";
import { trainAccountModel } from "@/lib/predictive-scoring/train";
import type { ScoringSnapshot } from "@/lib/snapshot";

export const TRAINING_WORKER_KIND = "lodestar-training-worker";

/** What the parent passes in workerData. */
export interface TrainingWorkerData {
  /** Marks our own workers, so importing this module anywhere else never starts training. */
  kind: typeof TRAINING_WORKER_KIND;
  snapshot: ScoringSnapshot;
  params: TrainingParams;
}

async function run(port: NonNullable<typeof parentPort>, data: TrainingWorkerData): Promise<void> {
  try {
    const out = await trainAccountModel(data.snapshot, data.params, (fraction, stage) => port.postMessage({ type: "progress", fraction, stage }));
    port.postMessage({ type: "done", report: out.report, serialized: out.serialized });
  } catch (err) {
    if (err instanceof PredictiveInputError) port.postMessage({ type: "refused", message: err.message });
    else port.postMessage({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
}

if (parentPort && (workerData as Partial<TrainingWorkerData> | null)?.kind === TRAINING_WORKER_KIND) void run(parentPort, workerData as TrainingWorkerData);
