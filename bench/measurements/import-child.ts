/**
 * One import in its own process, so its peak memory is its own: generates an accounts CSV of N rows
 * (1 % bad) in the temp directory, imports it into a fresh migrated SQLite database through the
 * background runner, and prints one JSON line {rows, ms, baselineRssMb, peakRssMb, counts}.
 * Usage: node --expose-gc --import tsx/esm bench/measurements/import-child.ts <rows>
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { writeAccountsFixture } from "@/db/jobs/import-fixture";
import { claimImportJob, runImportJob } from "@/db/jobs/import-runner";
import { createImportJob, startImportJob } from "@/db/mutations/imports";
import { detectDelimiter, parseCsv, proposeMapping } from "@/lib/csv";

const rows = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-bench-import-"));
try {
  const fixture = await writeAccountsFixture(path.join(dir, "accounts.csv"), rows);
  const handle = openDatabase(`file:${path.join(dir, "bench.db")}`);
  await migrateDatabase(handle);
  if (process.env.BENCH_SQLITE_LEAN) {
    // Diagnosis only: without mmap and with a small page cache, RSS shows the importer alone.
    for (const c of [handle.sqlite!.reader, handle.sqlite!.writer]) {
      c.pragma("mmap_size = 0");
      c.pragma("cache_size = -8000");
    }
  }
  // Only the first 20 KB for the mapping proposal (a slice of the whole file would keep it alive).
  const buf = Buffer.alloc(20_000);
  const fd = fs.openSync(fixture.path, "r");
  fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const head = buf.toString("utf8");
  const sample = parseCsv(head.slice(0, head.lastIndexOf("\n") + 1));
  const spec = { entity: "accounts" as const, columns: proposeMapping("accounts", sample.header, { samples: sample.rows.slice(0, 50) }), fixed: [], blanks: [], delimiter: detectDelimiter(head) };
  const actor = { userId: null, label: "bench" };
  const id = await createImportJob(handle, actor, { entity: "accounts", filename: "accounts.csv", filePath: fixture.path, bytes: fixture.bytes, delimiter: spec.delimiter });
  await startImportJob(handle, actor, { jobId: id, spec, dryRun: false });
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const claimed = await claimImportJob(handle, id);
  let liveHeap = 0;
  let batchNo = 0;
  const result = await runImportJob(handle, claimed!, {
    onBatch: () => {
      peak = Math.max(peak, process.memoryUsage().rss);
      // Live JS heap (after a full GC) every 10 batches: what the importer itself holds.
      if (globalThis.gc && ++batchNo % 10 === 0) {
        globalThis.gc();
        liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
        if (process.env.BENCH_DEBUG) console.error(`batch ${batchNo}: live heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MB`);
      }
    },
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  clearInterval(sampler);
  await handle.close();
  if (result.status !== "completed" || result.processedRows !== rows || result.counts.failed !== fixture.bad.length) {
    throw new Error(`unexpected import result ${JSON.stringify(result)} (expected ${fixture.bad.length} failed)`);
  }
  process.stdout.write(
    `${JSON.stringify({ rows, bytes: fixture.bytes, ms, cpuMs, baselineRssMb: baseline / 2 ** 20, peakRssMb: peak / 2 ** 20, maxRssMb: process.resourceUsage().maxRSS / 1024, liveHeapMb: liveHeap / 2 ** 20, counts: result.counts })}\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
