/**
 * Worker-thread half of the demo-data load: runs the generator and posts each batch, already encoded
 * as column arrays with database ids, to the loading thread. Generation and insertion then use both
 * cores. Flow control is a credit counter in shared memory: the worker blocks (Atomics.wait) when it
 * is `prefetch` batches ahead, so memory stays bounded however slow the database is.
 *
 * Protocol (worker → parent): { type: "ready" }, then { type: "batch", batch } per batch, then
 * { type: "done", generateMs } or { type: "error", message }.
 */
import { parentPort, workerData } from "node:worker_threads";
import { generateDemoBatches, type DemoGeneratorOptions } from "@/lib/demo/generator";
import { encodeBatch, type IdBases } from "./encode";

/** What the parent passes in workerData. */
export interface GenerateWorkerData {
  /** Marks our own workers, so importing this module anywhere else never starts generating. */
  kind: typeof WORKER_KIND;
  options: DemoGeneratorOptions;
  bases: IdBases;
  /** Int32Array over a SharedArrayBuffer: [0] = batches the worker may still produce, [1] = stop flag. */
  control: SharedArrayBuffer;
}

export const WORKER_KIND = "lodestar-demo-generator";

/** Slots of the shared control array. */
export const CREDITS = 0;
export const STOP = 1;

function run(port: NonNullable<typeof parentPort>, data: GenerateWorkerData): void {
  const control = new Int32Array(data.control);
  port.postMessage({ type: "ready" });
  let generateMs = 0;
  try {
    const batches = generateDemoBatches(data.options);
    for (;;) {
      // Wait for a credit (the parent adds one per batch it has consumed).
      for (let c = Atomics.load(control, CREDITS); c <= 0 && Atomics.load(control, STOP) === 0; c = Atomics.load(control, CREDITS)) {
        Atomics.wait(control, CREDITS, c, 1000);
      }
      if (Atomics.load(control, STOP) !== 0) return;
      Atomics.sub(control, CREDITS, 1);
      const t = performance.now();
      const next = batches.next();
      if (next.done) break;
      const batch = encodeBatch(next.value, data.bases);
      generateMs += performance.now() - t;
      port.postMessage({ type: "batch", batch });
    }
    port.postMessage({ type: "done", generateMs });
  } catch (err) {
    port.postMessage({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
}

if (parentPort && (workerData as Partial<GenerateWorkerData> | null)?.kind === WORKER_KIND) run(parentPort, workerData as GenerateWorkerData);
