/**
 * export_ms: the CSV export of a 100,000-row view, from the database cursor through the CSV writer
 * to the last byte (the route handler's pipeline, consumed as fast as a client reads it), with the
 * exporter's peak JavaScript memory for 10,000 and 100,000 rows: bounded memory means the two peaks
 * are about the same.
 */
import os from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import { EXPORT_COLUMNS, streamAccountExport, type AccountListQuery } from "@/db/queries/accounts";
import { getListIndex } from "@/db/queries/account-list-index";
import { csvReadableStream } from "@/lib/csv/write";
import { r2, type Measurement } from "../context";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
const jsMemory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

/** Exports the view, sampling memory; returns rows, bytes, time and the peak above the baseline. */
async function runExport(handle: Parameters<typeof streamAccountExport>[0], q: Omit<AccountListQuery, "page" | "perPage">) {
  gc();
  const baseline = jsMemory();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, jsMemory())), 5);
  const t = performance.now();
  const reader = csvReadableStream(EXPORT_COLUMNS, streamAccountExport(handle, q), { bom: true, batchRows: 1000 }).getReader();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let k = 0; k < value.length; k++) if (value[k] === 10) lines++;
    peak = Math.max(peak, jsMemory());
  }
  const ms = performance.now() - t;
  clearInterval(sampler);
  return { rows: lines - 1, bytes, ms, peakMb: mb(peak - baseline) };
}

export const accountsExport: Measurement = {
  name: "accounts_export",
  description: "issue 4: CSV export of the current view",
  async run({ handle, modelId, log }) {
    const ix = await getListIndex(handle, modelId, { wait: true });
    // A view of the top N accounts: "score at least the N-th best score" (ties may add a few).
    const view = (n: number): Omit<AccountListQuery, "page" | "perPage"> => ({
      modelId,
      filters: { scoreMin: ix!.score[Math.min(ix!.n, n) - 1]! },
      sort: { id: "score", desc: true },
      now: Date.now(),
    });
    await runExport(handle, view(1_000)); // warm-up
    const small = await runExport(handle, view(10_000));
    const load0 = os.loadavg()[0]!;
    const c0 = process.cpuUsage();
    const large = await runExport(handle, view(100_000));
    const c = process.cpuUsage(c0);
    const load = r2((load0 + os.loadavg()[0]!) / 2);
    log(`export: ${large.rows.toLocaleString("en-US")} rows, ${mb(large.bytes)} MB in ${Math.round(large.ms)} ms; peak JS memory +${large.peakMb} MB (10k rows: +${small.peakMb} MB)`);
    return {
      export_ms: Math.round(large.ms),
      export_rows: large.rows,
      export_mb: mb(large.bytes),
      export_rows_per_s: Math.round(large.rows / (large.ms / 1000)),
      export_peak_mb: large.peakMb,
      export_peak_mb_10k_rows: small.peakMb,
      export_peak_growth_ratio: r2(large.peakMb / Math.max(0.1, small.peakMb)),
      export_cpu_ms: Math.round((c.user + c.system) / 1000),
      export_load_average: load,
    };
  },
};
