/**
 * Predictive scoring on more than one core. A publish of a predictive or blended version scores
 * every account (lib/predictive-scoring/account-scorer.ts, a few microseconds each: seconds at a
 * million accounts); here the calling thread and a worker thread (score-worker.ts) score chunks of
 * the same pass, claimed from a shared counter, into shared output arrays. The results are exactly
 * those of the one-thread pass: the same code on the same data, account by account.
 *
 * The worker starts with a large pass and stops after IDLE_MS without one (a stopped worker never
 * keeps a process alive; the next pass starts it again while the caller already scores). The
 * snapshot's child records are on SharedArrayBuffers (db/snapshot.ts), so handing it over copies
 * only the per-account columns, once per snapshot. Whenever the worker cannot help
 * (no tsx in a production install, a failed start, one core, a small snapshot), the pass resolves
 * null and the caller scores on its own thread; a worker that fails or stalls mid-pass sets the
 * failure flag or times out, and the caller likewise scores everything again itself.
 */
import os from "node:os";
import type { Worker } from "node:worker_threads";
import { predictivePart, type PredictiveColumns, type PredictiveRunner } from "@/lib/predictive-scoring";
import { CLAIM_BUSY, CLAIM_FAILED, CLAIM_NEXT, CLAIM_SLOTS, compileAccountScorer, scoreClaimedChunks } from "@/lib/predictive-scoring/account-scorer";
import type { ScoringSnapshot } from "@/lib/snapshot";
import { SCORE_WORKER_KIND, type ScoreJob } from "./score-worker";
import { startTsWorker, tsWorkerFiles } from "./ts-worker";

export interface ScorePoolOptions {
  /** smaller snapshots are scored on the calling thread (default 50,000 accounts) */
  minAccounts?: number;
  /** accounts per claimed chunk (default 8,192) */
  chunk?: number;
  /** how long to wait for the worker's last chunk before scoring again alone (default 60 s) */
  timeoutMs?: number;
  /** Test hook: false leaves every chunk to the worker (the caller only waits). */
  callerScores?: boolean;
}

/** The worker stops after this long without a pass. */
const IDLE_MS = 5_000;

interface PoolWorker {
  worker: Worker;
  broken: boolean;
  idle: ReturnType<typeof setTimeout> | null;
  /** the controls of passes under way, failed at once if the worker dies */
  active: Set<Int32Array>;
}

const state = ((globalThis as unknown as { __lodestarScorePool?: { pw: PoolWorker | null } }).__lodestarScorePool ??= { pw: null });
const sharedSnapshots = new WeakMap<ScoringSnapshot, ScoringSnapshot>();

/** Whether scoring may use a worker here: LODESTAR_SCORE_THREADS=0 turns it off. */
function enabled(): boolean {
  if (process.env.LODESTAR_SCORE_THREADS === "0") return false;
  return (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length) > 1;
}

function poolWorker(): PoolWorker | null {
  if (state.pw && !state.pw.broken) return state.pw;
  if (state.pw?.broken) return null;
  const files = tsWorkerFiles("db/jobs/score-worker.ts");
  if (!files) return null;
  const worker = startTsWorker(files, { kind: SCORE_WORKER_KIND });
  worker.unref();
  const pw: PoolWorker = { worker, broken: false, idle: null, active: new Set() };
  const fail = () => {
    pw.broken = true;
    for (const control of pw.active) {
      // Its chunk in flight will never be written: the pass stops waiting for it and is redone.
      Atomics.store(control, CLAIM_FAILED, 1);
    }
  };
  worker.on("message", (m: { type: string; message?: string }) => {
    if (m.type === "unavailable") fail();
    else if (m.type === "error") console.warn(`score worker: ${m.message}`);
  });
  worker.on("error", fail);
  worker.on("exit", () => {
    fail();
    // Stopped when idle (or dead): the next pass starts a new one.
    if (state.pw === pw) state.pw = null;
  });
  state.pw = pw;
  return pw;
}

/** A typed array's copy on a SharedArrayBuffer (itself when it is on one already). */
function toShared<T extends Float64Array | Float32Array | Int32Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const C = a.constructor as { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new C(new SharedArrayBuffer(a.length * C.BYTES_PER_ELEMENT));
  out.set(a);
  return out;
}

/** The snapshot as the worker gets it: every typed array on shared memory, no contact titles. */
function sharedSnapshot(s: ScoringSnapshot): ScoringSnapshot {
  const hit = sharedSnapshots.get(s);
  if (hit) return hit;
  const attributes: ScoringSnapshot["attributes"] = {};
  for (const [name, col] of Object.entries(s.attributes)) {
    attributes[name] = col.kind === "number" ? { kind: "number", values: toShared(col.values) } : { kind: "category", codes: toShared(col.codes), dict: col.dict };
  }
  const runs = <R extends { offsets: Int32Array }>(r: R): R => {
    const out = { ...r } as Record<string, unknown>;
    for (const [k, v] of Object.entries(r)) if (ArrayBuffer.isView(v)) out[k] = toShared(v as Int32Array);
    return out as R;
  };
  const shared: ScoringSnapshot = {
    n: s.n,
    accountIds: toShared(s.accountIds),
    createdAt: toShared(s.createdAt),
    attributes,
    tags: runs(s.tags),
    activities: runs(s.activities),
    intents: runs(s.intents),
    opportunities: runs(s.opportunities),
    contacts: { ...runs(s.contacts), title: [] },
  };
  sharedSnapshots.set(s, shared);
  return shared;
}

/**
 * Waits until no thread is scoring a chunk of the pass, or the pass failed; false on timeout. Polls
 * with timers (the worker's last chunk takes milliseconds): a pending timer, unlike Atomics.waitAsync,
 * keeps a script's process alive while it waits for the unref'd worker.
 */
async function settled(control: Int32Array, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Atomics.load(control, CLAIM_BUSY) !== 0 && !Atomics.load(control, CLAIM_FAILED)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return true;
}

/** Test hook: waits until every account was claimed (or the pass failed, or the time is up). */
async function claimedAll(control: Int32Array, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Atomics.load(control, CLAIM_NEXT) < n && !Atomics.load(control, CLAIM_FAILED) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

/** A PredictiveRunner that scores on this thread and the pool's worker at once (see the module comment). */
export function parallelPredictiveRunner(options: ScorePoolOptions = {}): PredictiveRunner {
  const minAccounts = options.minAccounts ?? 50_000;
  const chunk = options.chunk ?? 8_192;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return async (def, predictor, s, asOf): Promise<PredictiveColumns | null> => {
    if (s.n < minAccounts || !enabled()) return null;
    const pw = poolWorker();
    if (!pw) return null;
    const groups = [...predictivePart(def).groups];
    const sc = compileAccountScorer(predictor, s, groups);
    if (!sc) return null;
    const n = s.n;
    const f32 = () => new Float32Array(new SharedArrayBuffer(n * 4));
    const out = { probability: new Float64Array(new SharedArrayBuffer(n * 8)), fit: f32(), engagement: f32(), intent: f32(), relationship: f32() };
    const control = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * 4));
    const job: ScoreJob = {
      type: "job",
      snapshot: sharedSnapshot(s),
      predictor: predictivePart(def).predictor,
      groups,
      asOf,
      chunk,
      control,
      out,
    };
    pw.active.add(control);
    if (pw.idle) clearTimeout(pw.idle);
    pw.idle = null;
    try {
      pw.worker.postMessage(job);
      if (options.callerScores !== false) scoreClaimedChunks(sc, asOf, control, chunk, out);
      else await claimedAll(control, n, timeoutMs);
      if (!(await settled(control, timeoutMs))) {
        // A stalled worker: stop using it (its chunks are scored again below by the caller).
        pw.broken = true;
        void pw.worker.terminate();
        return null;
      }
      return Atomics.load(control, CLAIM_FAILED) ? null : out;
    } finally {
      pw.active.delete(control);
      if (pw.active.size === 0 && !pw.broken) {
        pw.idle = setTimeout(() => {
          if (state.pw === pw) state.pw = null;
          void pw.worker.terminate();
        }, IDLE_MS);
        pw.idle.unref();
      }
    }
  };
}

/** Stops the pool's worker now (scripts and tests that are done; it also stops by itself when idle). */
export async function closeScorePool(): Promise<void> {
  const pw = state.pw;
  state.pw = null;
  if (!pw) return;
  if (pw.idle) clearTimeout(pw.idle);
  await pw.worker.terminate();
}
