/**
 * Worker threads whose entry is a TypeScript module of this repository (training-worker.ts,
 * score-worker.ts, db/seed/generate-worker.ts). The entry is started through a small CommonJS
 * bootstrap that registers tsx's ESM loader (only the ESM hooks: tsx's CommonJS hooks slow numeric
 * code down by about a sixth) and then imports it. Files are found from this module
 * when it runs from source, and from the working directory when it was bundled into the Next server
 * (which runs from the project root). Without tsx (a production install without dev dependencies)
 * there is no worker, and callers run the work inline.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.tsx)
  .then(({ register }) => { register({ tsconfig: workerData.tsconfig }); return import(workerData.entry); })
  .catch((err) => parentPort.postMessage({ type: "unavailable", message: String((err && err.message) || err) }));
`;

export interface TsWorkerFiles {
  entry: string;
  tsx: string;
  tsconfig: string;
}

/** The files a worker running `relEntry` (a path from the repository root) needs, or null when it cannot run here. */
export function tsWorkerFiles(relEntry: string): TsWorkerFiles | null {
  const roots: string[] = [];
  try {
    roots.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", ".."));
  } catch {
    // not a file URL (bundled)
  }
  roots.push(process.cwd());
  for (const root of roots) {
    const entry = path.join(root, relEntry);
    const tsconfig = path.join(root, "tsconfig.json");
    if (!fs.existsSync(entry) || !fs.existsSync(tsconfig)) continue;
    try {
      const req = createRequire(path.join(root, "package.json"));
      const pkgPath = req.resolve("tsx/package.json");
      const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8")) as { exports?: Record<string, { import?: { default?: string } }> };
      const rel = pkg.exports?.["./esm/api"]?.import?.default;
      if (rel) return { entry: pathToFileURL(entry).href, tsx: pathToFileURL(path.join(path.dirname(pkgPath), rel)).href, tsconfig };
    } catch {
      // no tsx here
    }
  }
  return null;
}

/**
 * Starts a worker on `files.entry` with `data` (plus the files) as its workerData. Until the entry
 * has loaded, a failure to load it arrives as a `{ type: "unavailable", message }` message.
 */
export function startTsWorker(files: TsWorkerFiles, data: object, options: Omit<WorkerOptions, "eval" | "workerData"> = {}): Worker {
  // Our own loader is registered by the bootstrap; don't inherit the parent's loader flags.
  return new Worker(BOOTSTRAP, { execArgv: [], ...options, eval: true, workerData: { ...data, ...files } });
}
