/**
 * `npm run db:seed -- --accounts N [--seed S] [--reset] [--now YYYY-MM-DD] [--batch-size B] [--defer-indexes | --keep-indexes] [--inline]`
 *
 * Opens the database from DATABASE_URL (SQLite file by default), migrates it, loads the deterministic
 * demo data set and prints the timings and row counts as JSON on stdout (progress goes to stderr).
 * Refuses to load into a database that already has accounts unless --reset is given.
 *
 * --inline generates on the main thread instead of a worker (for comparison); the index flags override
 * the default of deferring index builds from 50,000 accounts.
 */
import fs from "node:fs";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, SeedRefusedError, seedDemoData } from "@/db/seed/load";
import { utcMidnight } from "@/lib/demo/generator";

const USAGE =
  "usage: npm run db:seed -- --accounts N [--seed S] [--reset] [--now YYYY-MM-DD] [--batch-size B] [--defer-indexes | --keep-indexes] [--inline]";

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) fail(`--${name} needs a value`);
  return v;
}
function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
function positiveInt(name: string, raw: string | undefined, dflt: number): number {
  if (raw === undefined) return dflt;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, got ${raw}`);
  return n;
}

if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const accounts = positiveInt("accounts", option("accounts"), 5_000);
const seedRaw = option("seed");
const seed = seedRaw === undefined ? 42 : /^-?\d+$/.test(seedRaw) ? Number(seedRaw) : seedRaw;
const nowRaw = option("now");
const now = nowRaw === undefined ? utcMidnight() : Date.parse(nowRaw);
if (!Number.isFinite(now)) fail(`--now must be a date such as 2026-01-31, got ${nowRaw}`);
const batchSize = positiveInt("batch-size", option("batch-size"), 2_000);
const deferIndexes = args.includes("--defer-indexes") ? true : args.includes("--keep-indexes") ? false : undefined;
const parallel = !args.includes("--inline");

/** CPU time of the main thread from /proc (Linux); null elsewhere. */
function mainThreadCpuMs(): number | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Math.round(((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
  } catch {
    return null;
  }
}

const handle = openDatabase();
const started = performance.now();
let lastLog = 0;
try {
  await migrateDatabase(handle);
  const migratedMs = Math.round(performance.now() - started);
  const result = await seedDemoData(handle, {
    accounts,
    seed,
    now,
    batchSize,
    deferIndexes,
    parallel,
    reset: args.includes("--reset"),
    onProgress: (p) => {
      // At most one line a second, plus every phase change.
      if (p.phase === "load" && p.elapsedMs - lastLog < 1000 && p.accountsDone < p.accountsTotal) return;
      lastLog = p.elapsedMs;
      console.error(`[seed] ${p.phase.padEnd(7)} ${p.accountsDone.toLocaleString("en-US")}/${p.accountsTotal.toLocaleString("en-US")} accounts, ${(p.elapsedMs / 1000).toFixed(1)} s`);
    },
  });
  const totalMs = Math.round(performance.now() - started);
  const rowsTotal = Object.values(result.rows).reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify(
      {
        database: handle.dialect === "sqlite" ? handle.sqlite!.path : "postgresql",
        ...result,
        migrateMs: migratedMs,
        totalMs,
        // CPU time of this process (all threads) and of the main thread alone (the inserting one):
        // comparable across runs on a busy machine, where wall-clock time is not.
        cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
        mainThreadCpuMs: mainThreadCpuMs(),
        rowsPerSecond: Math.round(rowsTotal / (totalMs / 1000)),
        demoUsers: DEMO_USERS.map((u) => u.email),
        demoPassword: DEMO_PASSWORD,
      },
      null,
      2,
    ),
  );
} catch (err) {
  if (err instanceof SeedRefusedError) {
    console.error(err.message);
    process.exitCode = 1;
  } else {
    throw err;
  }
} finally {
  await handle.close();
}
