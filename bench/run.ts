/**
 * `npm run bench -- --accounts N [--only a,b] [--fresh] [--pg URL]`
 *
 * Builds (and caches in bench/.cache) a SQLite database of N demo accounts with the generator, then
 * runs the named measurements. Progress goes to stderr; the last line of stdout is one JSON object with
 * every figure and, where one exists, its ratio to a naive baseline measured in the same run.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { getPrimaryModel } from "@/db/queries/models";
import { prepareDemo } from "@/scripts/lib/prepare-demo";
import { MEASUREMENTS } from "./measurements";
import type { Figures } from "./context";

const argv = process.argv.slice(2);
const args: Record<string, string | boolean> = {};
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  if (!a.startsWith("--")) continue;
  const next = argv[i + 1];
  if (next && !next.startsWith("--")) {
    args[a.slice(2)] = next;
    i++;
  } else args[a.slice(2)] = true;
}
const accounts = Number(args.accounts ?? 100_000);
const only = typeof args.only === "string" ? new Set(args.only.split(",")) : null;
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const cacheDir = path.join(process.cwd(), "bench", ".cache");
fs.mkdirSync(cacheDir, { recursive: true });
const dbFile = path.join(cacheDir, `bench-${accounts}.db`);
const metaFile = `${dbFile}.json`;
if (args.fresh) for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, metaFile]) fs.rmSync(f, { force: true });

const figures: Figures = { accounts, node: process.version, dialect: "sqlite" };
const handle = openDatabase(`file:${dbFile}`);
if (!fs.existsSync(metaFile)) {
  log(`building a database of ${accounts.toLocaleString("en-US")} accounts at ${dbFile}`);
  const t = performance.now();
  await prepareDemo(handle, { accounts, seed: 42, log });
  const seconds = (performance.now() - t) / 1000;
  const [{ activities }] = await handle.all<{ activities: number }>(sql`SELECT count(*) AS activities FROM activities`);
  fs.writeFileSync(metaFile, JSON.stringify({ seed_load_s: Math.round(seconds * 10) / 10, activities: Number(activities), builtAt: new Date().toISOString() }));
}
const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as { seed_load_s: number; activities: number };
figures.seed_load_s = meta.seed_load_s;
figures.seed_cached = !args.fresh && fs.statSync(metaFile).mtimeMs < Date.now() - 60_000;
figures.activities = meta.activities;

const model = await getPrimaryModel(handle);
if (!model) throw new Error("The benchmark database has no published model");
let seedState = 0x9e3779b9;
const random = () => {
  seedState = (seedState + 0x6d2b79f5) | 0;
  let t = Math.imul(seedState ^ (seedState >>> 15), 1 | seedState);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

for (const m of MEASUREMENTS) {
  if (only && !only.has(m.name)) continue;
  log(`running ${m.name} (${m.description})`);
  try {
    Object.assign(figures, await m.run({ handle, accounts, modelId: model.id, log, random, args }));
  } catch (err) {
    log(`${m.name} failed: ${(err as Error).stack}`);
    figures[`${m.name}_error`] = String((err as Error).message);
  }
}
await handle.close();
console.log(JSON.stringify(figures));
