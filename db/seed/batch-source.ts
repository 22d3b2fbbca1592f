/**
 * Where the loader gets its encoded batches from: a generator worker thread when one can be started
 * (the generator then runs on the second core while this thread inserts), or the generator inline
 * on this thread. Both yield the same batches in the same order.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { generateDemoBatches, type DemoGeneratorOptions } from "@/lib/demo/generator";
import { encodeBatch, type EncodedBatch, type IdBases } from "./encode";
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

/**
 * The worker's entry is TypeScript, so it is started through a tiny CommonJS bootstrap that registers
 * tsx's loader (a dev dependency, present wherever our scripts run; resolved here, so the worker does
 * not depend on the working directory) and then imports it. If that fails the bootstrap reports
 * "unavailable" and the loader generates inline instead.
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.tsx)
  .then(({ register }) => { register({ tsconfig: workerData.tsconfig }); return import(workerData.entry); })
  .catch((err) => parentPort.postMessage({ type: "unavailable", message: String((err && err.message) || err) }));
`;

/**
 * The file URL of tsx's ESM loader API, or null when tsx is not installed (or this module was bundled).
 * Read from tsx's own package exports rather than resolved by the worker, which would resolve from
 * the working directory.
 */
function resolveTsx(): string | null {
  try {
    const req = createRequire(import.meta.url);
    const pkgPath = req.resolve("tsx/package.json");
    const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8")) as { exports?: Record<string, { import?: { default?: string } }> };
    const rel = pkg.exports?.["./esm/api"]?.import?.default;
    return rel ? pathToFileURL(path.join(path.dirname(pkgPath), rel)).href : null;
  } catch {
    return null;
  }
}

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
  const tsx = resolveTsx();
  if (!tsx) return null;
  const control = new SharedArrayBuffer(8);
  const flags = new Int32Array(control);
  flags[CREDITS] = PREFETCH;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const entry = pathToFileURL(path.join(here, "generate-worker.ts")).href;
  // The repository's tsconfig, for the `@/` path alias, wherever the process was started from.
  const tsconfig = path.join(here, "..", "..", "tsconfig.json");
  const data: GenerateWorkerData & { entry: string; tsx: string; tsconfig: string } = { kind: WORKER_KIND, options, bases, control, entry, tsx, tsconfig };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: data,
    // Our own loader is registered by the bootstrap; don't inherit the parent's loader flags.
    execArgv: [],
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
