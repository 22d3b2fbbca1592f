/**
 * Where the loader gets its encoded batches from: a generator worker thread when one can be started
 * (the generator then runs on the second core while this thread inserts), or the generator inline
 * on this thread. Both yield the same batches in the same order.
 */
import { generateDemoBatches, type DemoGeneratorOptions } from "@/lib/demo/generator";
import { encodeBatch, type EncodedBatch, type IdBases } from "./encode";
import { startTsWorker, tsWorkerFiles } from "../jobs/ts-worker";
import { CREDITS, STOP, WORKER_KIND, type GenerateWorkerData } from "./generate-worker";

export interface BatchSource extends AsyncIterable<EncodedBatch> {
  readonly mode: "worker" | "inline";
  /** Milliseconds spent generating and encoding (on the worker when there is one). */
  generateMs(): number;
  /** Stops generation early (after an insert failure) and releases the worker. */
  close(): Promise<void>;
}

/** Chunks generated ahead of the loader (16 × 250 accounts): enough to ride out the worker being descheduled on a busy machine, few enough to bound memory (~20 MB). */
const PREFETCH = 16;

/** An inline source: the generator on this thread. */
function inlineSource(options: DemoGeneratorOptions, bases: IdBases): BatchSource {
  let generateMs = 0;
  let stopped = false;
  return {
    mode: "inline",
    generateMs: () => generateMs,
    close: async () => {
      stopped = true;
    },
    async *[Symbol.asyncIterator]() {
      const batches = generateDemoBatches(options);
      for (;;) {
        if (stopped) return;
        const t = performance.now();
        const next = batches.next();
        if (next.done) return;
        const encoded = encodeBatch(next.value, bases);
        generateMs += performance.now() - t;
        yield encoded;
      }
    },
  };
}

type WorkerMessage =
  | { type: "ready" }
  | { type: "unavailable"; message: string }
  | { type: "batch"; batch: EncodedBatch }
  | { type: "done"; generateMs: number }
  | { type: "error"; message: string };

/** Starts the generator worker; resolves null when it cannot run here (no tsx), so callers fall back. */
async function workerSource(options: DemoGeneratorOptions, bases: IdBases): Promise<BatchSource | null> {
  // The entry is TypeScript: started through tsx's ESM loader (db/jobs/ts-worker.ts); without tsx
  // the loader generates inline instead.
  const files = tsWorkerFiles("db/seed/generate-worker.ts");
  if (!files) return null;
  const control = new SharedArrayBuffer(8);
  const flags = new Int32Array(control);
  flags[CREDITS] = PREFETCH;
  const data: GenerateWorkerData = { kind: WORKER_KIND, options, bases, control };
  const worker = startTsWorker(files, data, {
    // A roomy young generation: nearly everything the generator allocates dies within a chunk, and is
    // cheapest to collect there rather than after being promoted.
    resourceLimits: { maxYoungGenerationSizeMb: 96 },
  });

  const queue: EncodedBatch[] = [];
  let finished = false;
  let failure: Error | null = null;
  let generateMs = 0;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  const started = await new Promise<boolean>((resolve) => {
    worker.on("message", (m: WorkerMessage) => {
      switch (m.type) {
        case "ready":
          resolve(true);
          break;
        case "unavailable":
          resolve(false);
          break;
        case "batch":
          queue.push(m.batch);
          break;
        case "done":
          generateMs = m.generateMs;
          finished = true;
          break;
        case "error":
          failure = new Error(`demo data generator failed: ${m.message}`);
          finished = true;
          break;
      }
      notify();
    });
    worker.on("error", (err) => {
      failure = err instanceof Error ? err : new Error(String(err));
      finished = true;
      resolve(false);
      notify();
    });
    worker.on("exit", (code) => {
      if (!finished && code !== 0) failure ??= new Error(`demo data generator exited with code ${code}`);
      finished = true;
      resolve(false);
      notify();
    });
  });
  if (!started) {
    await worker.terminate();
    return null;
  }

  const close = async () => {
    Atomics.store(flags, STOP, 1);
    Atomics.notify(flags, CREDITS);
    await worker.terminate();
  };
  return {
    mode: "worker",
    generateMs: () => generateMs,
    close,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = queue.shift();
        if (next) {
          // One batch consumed: let the worker produce one more.
          Atomics.add(flags, CREDITS, 1);
          Atomics.notify(flags, CREDITS);
          yield next;
          continue;
        }
        if (failure) throw failure;
        if (finished) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/**
 * Opens the batch source for a load: the worker when `parallel` is true and a worker can be started,
 * otherwise inline.
 */
export async function openBatchSource(options: DemoGeneratorOptions, bases: IdBases, parallel: boolean): Promise<BatchSource> {
  if (parallel) {
    const source = await workerSource(options, bases);
    if (source) return source;
  }
  return inlineSource(options, bases);
}
