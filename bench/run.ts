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
import { migrateDatabase } from "@/db/migrate";
import { getPrimaryModel } from "@/db/queries/models";
import { prepareDemo } from "@/scripts/lib/prepare-demo";
import { closeScorePool } from "@/db/jobs/score-pool";
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

/**
 * Builds the cached database once, even when several benchmark runs start together: the builder holds
 * an exclusive lock file and writes to a temporary name that it renames when complete; the others wait.
 */
async function ensureDatabase() {
  const lock = `${dbFile}.lock`;
  for (;;) {
    if (fs.existsSync(metaFile) && fs.existsSync(dbFile)) return;
    let fd: number | null = null;
    try {
      fd = fs.openSync(lock, "wx");
    } catch {
      // Someone else is building; a lock older than 30 minutes is a crashed builder's.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 30 * 60_000) fs.rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 2000));
      continue;
    }
    try {
      const tmp = `${dbFile}.building`;
      for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
      log(`building a database of ${accounts.toLocaleString("en-US")} accounts at ${dbFile}`);
      const builder = openDatabase(`file:${tmp}`);
      const t = performance.now();
      await prepareDemo(builder, { accounts, seed: 42, log });
      const seconds = (performance.now() - t) / 1000;
      const [{ activities }] = await builder.all<{ activities: number }>(sql`SELECT count(*) AS activities FROM activities`);
      builder.sqlite!.writer.pragma("wal_checkpoint(TRUNCATE)");
      await builder.close();
      for (const f of [`${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
      fs.renameSync(tmp, dbFile);
      fs.writeFileSync(metaFile, JSON.stringify({ seed_load_s: Math.round(seconds * 10) / 10, activities: Number(activities), builtAt: new Date().toISOString() }));
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}
await ensureDatabase();
const handle = openDatabase(`file:${dbFile}`);
// A database cached by an older checkout gets the migrations added since.
await migrateDatabase(handle);
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
// The scoring worker would stop by itself after a few idle seconds; the bench is done now.
await closeScorePool();
console.log(JSON.stringify(figures));
