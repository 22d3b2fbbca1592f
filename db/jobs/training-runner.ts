/**
 * The background training runner: picks queued training runs (and restarts "running" ones whose
 * heartbeat went stale because their server died), trains on the current snapshot on a worker
 * thread (lib/predictive-scoring via training-worker.ts; inline when a worker cannot be started),
 * writes progress as it goes, and stores the report and the serialised model when done.
 *
 * Claims. `training_runs` has no heartbeat column, so while a run is running its `result` holds
 * `{ stage, heartbeatAt }` and its `started_at` is the claim token: every progress write is
 * `UPDATE … WHERE id = ? AND status = 'running' AND started_at = <token>`, so a runner that lost its
 * run (taken over after a stale heartbeat) notices at its next write and stops. Training is
 * deterministic for a seed and a snapshot, so a restarted run starts over and gets the same model.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { PredictiveInputError } from "@/lib/predictive/frame";
import { trainingParamsSchema, type TrainingParams } from "@/lib/predictive-scoring/params";
import { trainAccountModel, type TrainingReport } from "@/lib/predictive-scoring/train";
import type { ScoringSnapshot } from "@/lib/snapshot";
import { getDb, type DbHandle } from "../client";
import { getSnapshot } from "../snapshot";
import { TRAINING_WORKER_KIND, type TrainingWorkerData } from "./training-worker";
import { startTsWorker, tsWorkerFiles } from "./ts-worker";

/** A running run whose heartbeat is older than this is restarted by the poller. */
export const TRAINING_STALE_MS = 3 * 60_000;
/** Progress is written at most this often (plus every stage change of the first and last steps). */
const PROGRESS_EVERY_MS = 400;

export type TrainingRunStatus = "queued" | "running" | "succeeded" | "failed";

type RunRow = typeof import("../schema/sqlite").trainingRuns.$inferSelect;

/** What `training_runs.result` holds while a run is running. */
export interface RunningState {
  stage: string;
  heartbeatAt: number;
}

/** What `training_runs.result` holds once a run succeeded. */
export interface SucceededState {
  stage: string;
  report: TrainingReport;
  /** serializeModel(predictor) */
  predictor: string;
}

function heartbeatOf(row: Pick<RunRow, "result" | "startedAt">): number {
  const hb = Number((row.result as Partial<RunningState> | null)?.heartbeatAt);
  return Number.isFinite(hb) ? hb : (row.startedAt ?? 0);
}

/** The run was taken over by another runner (or finished meanwhile): stop without writing. */
class LostRunError extends Error {}

/**
 * Claims a run for this runner: queued, or running with a heartbeat older than `staleMs`. Returns
 * the claimed row, or null when it is not runnable or someone else claimed it first.
 */
export async function claimTrainingRun(handle: DbHandle, runId: number, now = Date.now(), staleMs = TRAINING_STALE_MS): Promise<RunRow | null> {
  const r = handle.schema.trainingRuns;
  return handle.transact(async (tx) => {
    const [row] = await tx.select().from(r).where(eq(r.id, runId));
    if (!row) return null;
    if (row.status === "running") {
      if (heartbeatOf(row) >= now - staleMs) return null;
    } else if (row.status !== "queued") return null;
    const claimed = await tx
      .update(r)
      .set({ status: "running", startedAt: now, progress: 0, result: { stage: "Starting", heartbeatAt: now } satisfies RunningState, error: null })
      .where(and(eq(r.id, runId), eq(r.status, row.status), row.startedAt == null ? isNull(r.startedAt) : eq(r.startedAt, row.startedAt)))
      .returning();
    return claimed[0] ?? null;
  });
}

async function writeProgress(handle: DbHandle, run: RunRow, fraction: number, stage: string): Promise<void> {
  const r = handle.schema.trainingRuns;
  const now = Date.now();
  const done = await handle.transact((tx) =>
    tx
      .update(r)
      .set({ progress: Math.max(0, Math.min(0.999, fraction)), result: { stage, heartbeatAt: now } satisfies RunningState })
      .where(and(eq(r.id, run.id), eq(r.status, "running"), eq(r.startedAt, run.startedAt!)))
      .returning({ id: r.id }),
  );
  if (done.length === 0) throw new LostRunError(`training run ${run.id} was taken over`);
}

async function finish(handle: DbHandle, run: RunRow, values: { status: TrainingRunStatus; result?: SucceededState | null; error?: string | null }): Promise<void> {
  const r = handle.schema.trainingRuns;
  await handle.transact((tx) =>
    tx
      .update(r)
      .set({ status: values.status, progress: values.status === "succeeded" ? 1 : run.progress, ...(values.result !== undefined ? { result: values.result } : {}), error: values.error ?? null, finishedAt: Date.now() })
      .where(and(eq(r.id, run.id), eq(r.status, "running"), eq(r.startedAt, run.startedAt!))),
  );
}

/** How a training attempt ended. */
type Outcome = { type: "done"; report: TrainingReport; serialized: string } | { type: "refused"; message: string } | { type: "error"; message: string };

type Progress = (fraction: number, stage: string) => Promise<void>;

async function trainInline(snapshot: ScoringSnapshot, params: TrainingParams, progress: Progress): Promise<Outcome> {
  try {
    const out = await trainAccountModel(snapshot, params, async (f, stage) => {
      await progress(f, stage);
      // Between stages, let requests and timers in (the stages themselves are synchronous).
      await new Promise((resolve) => setImmediate(resolve));
    });
    return { type: "done", report: out.report, serialized: out.serialized };
  } catch (err) {
    if (err instanceof LostRunError) throw err;
    if (err instanceof PredictiveInputError) return { type: "refused", message: err.message };
    return { type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

/** Trains on a worker thread; resolves null when no worker can be started here (the caller trains inline). */
async function trainOnWorker(snapshot: ScoringSnapshot, params: TrainingParams, progress: Progress): Promise<Outcome | null> {
  const files = tsWorkerFiles("db/jobs/training-worker.ts");
  if (!files) return null;
  const data: TrainingWorkerData = { kind: TRAINING_WORKER_KIND, snapshot, params };
  const worker = startTsWorker(files, data);
  return new Promise<Outcome | null>((resolve, reject) => {
    let settled = false;
    let chain = Promise.resolve();
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on("message", (m: { type: string; fraction?: number; stage?: string; message?: string; report?: TrainingReport; serialized?: string }) => {
      if (m.type === "progress") {
        // Progress writes run one after another; a lost claim stops the worker.
        chain = chain.then(() => progress(m.fraction ?? 0, m.stage ?? "")).catch((err) => settle(() => reject(err)));
      } else if (m.type === "unavailable") settle(() => resolve(null));
      else if (m.type === "done") void chain.then(() => settle(() => resolve({ type: "done", report: m.report!, serialized: m.serialized! })));
      else if (m.type === "refused") settle(() => resolve({ type: "refused", message: m.message ?? "" }));
      else if (m.type === "error") settle(() => resolve({ type: "error", message: m.message ?? "" }));
    });
    worker.on("error", (err) => settle(() => resolve({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) })));
    worker.on("exit", (code) => settle(() => resolve({ type: "error", message: `the training worker exited with code ${code}` })));
  });
}

export interface RunTrainingOptions {
  /** "worker" (default: a worker thread, inline when unavailable) or "inline" */
  mode?: "worker" | "inline";
  /** Test hook: called with each progress report after it was written. */
  onProgress?: (fraction: number, stage: string) => void;
}

/**
 * Runs a claimed training run to the end: succeeded with its report and model, or failed with a
 * message for people. Returns the final status; "lost" when another runner took it over meanwhile.
 */
export async function runTrainingRun(handle: DbHandle, claimed: RunRow, opts: RunTrainingOptions = {}): Promise<TrainingRunStatus | "lost"> {
  const parsed = trainingParamsSchema.safeParse(claimed.params);
  if (!parsed.success) {
    await finish(handle, claimed, { status: "failed", error: "The run's settings are invalid; start a new training run." });
    return "failed";
  }
  const params = parsed.data as TrainingParams;
  let last = 0;
  const progress: Progress = async (fraction, stage) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS && fraction < 1) return;
    last = now;
    await writeProgress(handle, claimed, fraction, stage);
    opts.onProgress?.(fraction, stage);
  };
  try {
    await writeProgress(handle, claimed, 0.005, "Loading the accounts");
    const snapshot = await getSnapshot(handle);
    let outcome = opts.mode !== "inline" ? await trainOnWorker(snapshot, params, progress) : null;
    if (!outcome) {
      if (opts.mode !== "inline") console.warn(`training run ${claimed.id}: no worker thread can start here (tsx not found), training on the main thread`);
      outcome = await trainInline(snapshot, params, progress);
    }
    if (outcome.type === "done") {
      await finish(handle, claimed, { status: "succeeded", result: { stage: "Done", report: outcome.report, predictor: outcome.serialized } });
      return "succeeded";
    }
    if (outcome.type === "refused") {
      await finish(handle, claimed, { status: "failed", error: outcome.message });
      return "failed";
    }
    console.error(`training run ${claimed.id} failed:`, outcome.message);
    await finish(handle, claimed, { status: "failed", error: `Training failed unexpectedly: ${outcome.message.split("\n")[0]}` });
    return "failed";
  } catch (err) {
    if (err instanceof LostRunError) return "lost";
    throw err;
  }
}

/** One pass: claim the oldest runnable run and run it to the end. Null when there was none. */
export async function pollTrainingRuns(handle: DbHandle, opts: RunTrainingOptions & { staleMs?: number } = {}): Promise<{ runId: number; status: TrainingRunStatus | "lost" } | null> {
  const r = handle.schema.trainingRuns;
  const now = Date.now();
  const staleMs = opts.staleMs ?? TRAINING_STALE_MS;
  const candidates = await handle.db
    .select({ id: r.id, status: r.status, result: r.result, startedAt: r.startedAt })
    .from(r)
    .where(inArray(r.status, ["queued", "running"]))
    .orderBy(asc(r.createdAt), asc(r.id))
    .limit(20);
  for (const c of candidates) {
    if (c.status === "running" && heartbeatOf(c) >= now - staleMs) continue;
    const claimed = await claimTrainingRun(handle, c.id, now, staleMs);
    if (claimed) return { runId: c.id, status: await runTrainingRun(handle, claimed, opts) };
  }
  return null;
}

interface PollerState {
  timer: ReturnType<typeof setInterval> | null;
  busy: boolean;
  handle: () => DbHandle;
}

const g = globalThis as unknown as { __lodestarTrainingRunner?: PollerState };

async function tick(state: PollerState): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  try {
    while (await pollTrainingRuns(state.handle())) {
      /* next run */
    }
  } catch (err) {
    console.error("training runner:", err);
  } finally {
    state.busy = false;
  }
}

/**
 * Starts the in-process runner (idempotent; off with LODESTAR_TRAINING_RUNNER=0): every few seconds
 * it runs queued training runs and restarts stale ones, one at a time per process.
 */
export function startTrainingRunner(opts: { intervalMs?: number; handle?: () => DbHandle } = {}): void {
  if (process.env.LODESTAR_TRAINING_RUNNER === "0" || g.__lodestarTrainingRunner?.timer) return;
  const state: PollerState = { timer: null, busy: false, handle: opts.handle ?? getDb };
  state.timer = setInterval(() => void tick(state), opts.intervalMs ?? 3_000);
  state.timer.unref?.();
  g.__lodestarTrainingRunner = state;
  void tick(state);
}

/** Runs a poll now (after a run was queued), so nobody waits for the next interval. */
export function kickTrainingRunner(): void {
  const state = g.__lodestarTrainingRunner;
  if (state) void tick(state);
}
