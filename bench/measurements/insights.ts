import { and, eq, ne } from "drizzle-orm";
import { clearInsightsCache, getInsights, type InsightsQuery } from "@/db/queries/insights";
import { getSnapshot } from "@/db/snapshot";
import { median, r2, type Measurement } from "../context";

const DEFAULT: InsightsQuery = { versionId: null, compareId: null, segment: {}, cutoff: null, horizonDays: 180, conversion: "pipeline", mode: null };

/**
 * The insights dashboard: every query of the page for the default filters (backtest of the live
 * version at the default cutoff: versions, scores as of the cutoff, outcomes, per-band metrics,
 * histogram, gains, lift, AUC, band counts over time), measured cold (insights caches cleared) and
 * warm (cached until the next publish or import). The account snapshot is shared with publishing and
 * previews and loaded once per data version; its load is reported separately.
 */
export const insightsMeasurement: Measurement = {
  name: "insights",
  description: "issue 5: insights dashboard, default filters",
  async run({ handle, modelId, log }) {
    const t = performance.now();
    const snapshot = await getSnapshot(handle);
    const snapshotMs = performance.now() - t;
    const run = async (q: InsightsQuery) => {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const r = await getInsights(handle, q);
      if (!r.ok) throw new Error(r.message);
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, page: r.page };
    };
    const cold: number[] = [];
    const coldCpu: number[] = [];
    let phases = "";
    let summary = "";
    for (let k = 0; k < 3; k++) {
      clearInsightsCache();
      const { ms, cpuMs, page } = await run(DEFAULT);
      cold.push(ms);
      coldCpu.push(cpuMs);
      phases = Object.entries(page.timings).map(([k, v]) => `${k} ${v}`).join(", ");
      const rep = page.report;
      summary = `${page.applied.mode} at ${new Date(page.applied.cutoff).toISOString().slice(0, 10)}: ${rep.population} accounts, AUC ${rep.auc.auc?.toFixed(3)}, ${rep.bands.map((b) => `${b.label} ${b.accounts} @ ${((b.pipelineConversion.rate ?? 0) * 100).toFixed(1)}%`).join(" / ")}`;
    }
    const warm: number[] = [];
    for (let k = 0; k < 20; k++) warm.push((await run(DEFAULT)).ms);
    // A new segment re-uses the scores and outcomes at the cutoff: only the report is computed.
    const industry = snapshot.attributes.industry?.kind === "category" ? snapshot.attributes.industry.dict[0] : undefined;
    const segmentMs = (await run({ ...DEFAULT, segment: { industry } })).ms;

    const { schema } = handle;
    const [other] = await handle.db
      .select({ id: schema.modelVersions.id })
      .from(schema.modelVersions)
      .where(and(eq(schema.modelVersions.modelId, modelId), eq(schema.modelVersions.kind, "rule"), ne(schema.modelVersions.status, "published")))
      .limit(1);
    let compareMs: number | null = null;
    if (other) {
      clearInsightsCache();
      compareMs = (await run({ ...DEFAULT, compareId: other.id })).ms;
    }
    log(`insights cold ${Math.round(median(cold))} ms (runs ${cold.map(Math.round).join(", ")}; CPU ${coldCpu.map(Math.round).join(", ")} ms), warm ${r2(median(warm))} ms, new segment ${Math.round(segmentMs)} ms, snapshot load ${Math.round(snapshotMs)} ms; last cold run: ${phases}; ${summary}`);
    return {
      insights_ms: Math.round(median(cold)),
      // CPU time of the process over the same cold runs: what the wall time would be on an idle core
      // (the shared benchmark machine is often busy); includes the GC's helper threads.
      insights_cpu_ms: Math.round(median(coldCpu)),
      insights_warm_ms: r2(median(warm)),
      insights_segment_ms: Math.round(segmentMs),
      insights_compare_ms: compareMs === null ? null : Math.round(compareMs),
      ...(compareMs === null ? { insights_compare_note: "skipped: the model has a single rule version" } : {}),
      insights_snapshot_load_ms: Math.round(snapshotMs),
    };
  },
};
