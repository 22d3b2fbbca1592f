/**
 * The insights dashboard's data: success metrics by score band for a model version, a segment and
 * a window, as a point-in-time backtest where history allows (scores as of the cutoff from data
 * known then, outcomes in the horizon after it), otherwise current scores against recent outcomes,
 * which the page flags as flattering. Also the version list, the segment values, band counts over
 * time across publishes and an optional second version judged on the very same accounts.
 *
 * Results are cached in process, keyed by the data version (bumped by every import and account
 * change), the latest publish event, the model's versions (count and last edit, for drafts) and the
 * normalised request, so they are reused until the next publish, import or draft edit. Scores at a cutoff and outcomes of a window are cached one level down, so
 * changing only the segment or the outcome re-uses the scoring.
 */
import { and, asc, count, desc, eq, inArray, max } from "drizzle-orm";
import { DAY_MS, outcomesFromSnapshot, outcomesInWindow, type AccountOutcomes } from "@/lib/metrics";
import {
  bandCountsOverTime,
  buildInsightsReport,
  checkHistory,
  segmentMask,
  segmentOptions,
  summarizeVersion,
  type BandCountsPoint,
  type InsightsConversion,
  type InsightsReport,
  type SegmentFilter,
  type SegmentOptions,
  type VersionSummary,
} from "@/lib/metrics/insights";
import { defaultBacktestWindow, validateBacktestWindow } from "@/lib/scoring/backtest";
import { compileModel } from "@/lib/scoring/engine";
import { parseModelDefinition, type RuleModelDefinition } from "@/lib/scoring/model";
import type { ScoringSnapshot } from "@/lib/snapshot";
import type { DbHandle } from "../client";
import { getDataVersion } from "../mutations/data-version";
import { getSnapshot } from "../snapshot";
import { placeholders, streamRows } from "../stream";
import { getPrimaryModel } from "./models";

/** How the scores are judged: point in time, or the live scores against recent outcomes. */
export type InsightsMode = "backtest" | "current";

/** What the dashboard asks for; null means "the default". */
export interface InsightsQuery {
  /** Version to measure; null → the live (published) version. */
  versionId: number | null;
  /** A second version to compare on the same accounts and window; null → none. */
  compareId: number | null;
  segment: SegmentFilter;
  /** Cutoff (epoch ms); null → six months before the latest activity. */
  cutoff: number | null;
  horizonDays: number;
  conversion: InsightsConversion;
  /** null → backtest where history allows, current scores otherwise. */
  mode: InsightsMode | null;
}

/** A version in the pickers. */
export interface InsightsVersion {
  id: number;
  version: number;
  status: string;
  kind: string;
  label: string;
  publishedAt: number | null;
  live: boolean;
}

/** A message for the user about the request (bad input corrected, caveats of the numbers). */
export interface InsightsNotice {
  level: "error" | "warning" | "info";
  /** The filter it is about, if any (to link the message to its field). */
  field?: "versionId" | "compareId" | "cutoff" | "horizonDays" | "segment" | "mode";
  message: string;
}

/** Everything the page renders. */
export interface InsightsPage {
  model: { id: number; name: string };
  versions: InsightsVersion[];
  segments: SegmentOptions;
  /** The request as applied after corrections (the form shows these). */
  applied: {
    versionId: number;
    compareId: number | null;
    segment: SegmentFilter;
    cutoff: number;
    horizonDays: number;
    conversion: InsightsConversion;
    mode: InsightsMode;
  };
  defaults: { cutoff: number; horizonDays: number };
  /** Why the page shows current scores instead of a backtest (null in a backtest). */
  currentReason: string | null;
  /** Outcome window measured, epoch ms [start, end). */
  window: { start: number; end: number };
  segmentAccounts: number;
  totalAccounts: number;
  report: InsightsReport;
  summary: VersionSummary;
  compare: { version: InsightsVersion; report: InsightsReport; summary: VersionSummary } | null;
  bandHistory: { labels: string[]; points: BandCountsPoint[] };
  notices: InsightsNotice[];
  /** When the numbers were computed (they are cached until the next publish or import). */
  computedAt: number;
  computeMs: number;
  /** Where that time went, in ms (definitions, snapshot, window, scores, report, compare, history). */
  timings: Record<string, number>;
}

/** Result of `getInsights`: the page, or why there is nothing to show at all. */
export type InsightsResult = { ok: true; page: InsightsPage } | { ok: false; reason: "no-model" | "no-accounts" | "no-version"; message: string };

class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
}

interface Scored {
  score: Float32Array;
  band: Uint8Array;
}

const caches = ((globalThis as unknown as { __lodestarInsights?: { results: Lru<Promise<InsightsResult>>; scores: Lru<Scored>; outcomes: Lru<AccountOutcomes> } }).__lodestarInsights ??= {
  results: new Lru(24),
  // At a million accounts scores take 5 MB and the outcomes of a window about 45 MB: a few cutoffs
  // and versions stay warm without holding on to much memory.
  scores: new Lru(6),
  outcomes: new Lru(3),
});

/** Empties the insights caches (benchmarks measure cold; tests start clean). */
export function clearInsightsCache(): void {
  caches.results.clear();
  caches.scores.clear();
  caches.outcomes.clear();
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const utcDay = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

/** Versions of a model worth measuring: published and archived ones, newest first, then drafts. */
export async function listInsightVersions(handle: DbHandle, modelId: number, liveVersionId: number | null): Promise<InsightsVersion[]> {
  const { db, schema } = handle;
  const v = schema.modelVersions;
  const rows = await db
    .select({ id: v.id, version: v.version, status: v.status, kind: v.kind, note: v.note, publishedAt: v.publishedAt })
    .from(v)
    .where(eq(v.modelId, modelId))
    .orderBy(desc(v.version));
  const rank = (s: string) => (s === "published" ? 0 : s === "archived" ? 1 : 2);
  return rows
    .sort((a, b) => rank(a.status) - rank(b.status) || b.version - a.version)
    .map((r) => ({
      id: r.id,
      version: r.version,
      status: r.status,
      kind: r.kind,
      live: r.id === liveVersionId,
      publishedAt: r.publishedAt ?? null,
      label: `v${r.version} · ${r.id === liveVersionId ? "live" : r.status}${r.note ? ` · ${r.note.length > 40 ? `${r.note.slice(0, 39)}…` : r.note}` : ""}`,
    }));
}

/** Band counts after every publish of the model, oldest first. */
export async function listPublishBandCounts(handle: DbHandle, modelId: number, bandLabels: string[]) {
  const { db, schema } = handle;
  const e = schema.publishEvents;
  const rows = await db
    .select({ id: e.id, publishedAt: e.publishedAt, action: e.action, bandCounts: e.bandCounts, version: schema.modelVersions.version })
    .from(e)
    .innerJoin(schema.modelVersions, eq(schema.modelVersions.id, e.versionId))
    .where(eq(e.modelId, modelId))
    .orderBy(asc(e.publishedAt), asc(e.id));
  return bandCountsOverTime(rows, bandLabels);
}

/** The live scores of a model (account_scores), aligned with the snapshot's account positions. */
async function liveScores(handle: DbHandle, modelId: number, snapshot: ScoringSnapshot, labels: string[]): Promise<Scored> {
  const n = snapshot.n;
  const ids = snapshot.accountIds;
  const maxId = n ? ids[n - 1] : 0;
  const pos = new Int32Array(maxId + 1).fill(-1);
  for (let i = 0; i < n; i++) pos[ids[i]] = i;
  const score = new Float32Array(n).fill(Number.NaN);
  const band = new Uint8Array(n).fill(255);
  const code = new Map(labels.map((l, k) => [l, k]));
  for await (const batch of streamRows(handle, placeholders(handle, "SELECT account_id, score, band FROM account_scores WHERE model_id = ?"), [modelId])) {
    for (const r of batch) {
      const id = Number(r[0]);
      const i = id <= maxId ? pos[id] : -1;
      if (i < 0) continue;
      score[i] = Number(r[1]);
      band[i] = code.get(String(r[2])) ?? 255;
    }
  }
  return { score, band };
}

/** Scores of a definition as of `asOf`, cached per data version, version and time. */
function scoresAsOf(key: string, def: RuleModelDefinition, snapshot: ScoringSnapshot, asOf: number): Scored {
  const hit = caches.scores.get(key);
  if (hit) return hit;
  const cols = compileModel(def, snapshot).scoreAll(asOf);
  const scored = { score: cols.scores, band: cols.bands };
  caches.scores.set(key, scored);
  return scored;
}

function outcomesFor(key: string, make: () => AccountOutcomes): AccountOutcomes {
  const hit = caches.outcomes.get(key);
  if (hit) return hit;
  const o = make();
  caches.outcomes.set(key, o);
  return o;
}

/** The request in a canonical form, for cache keys. */
function queryKey(q: InsightsQuery): string {
  return JSON.stringify([q.versionId, q.compareId, q.segment.industry ?? null, q.segment.region ?? null, q.segment.size ?? null, q.cutoff, q.horizonDays, q.conversion, q.mode]);
}

/**
 * The dashboard for a request, from the cache when nothing was published or imported since it was
 * computed. Never throws for bad input: impossible requests are corrected to the closest valid one
 * and explained in `notices`.
 *
 * @param now "today" (default Date.now()): cutoffs after it are refused
 */
export async function getInsights(handle: DbHandle, query: InsightsQuery, now: number = Date.now()): Promise<InsightsResult> {
  const model = await getPrimaryModel(handle);
  if (!model) return { ok: false, reason: "no-model", message: "No scoring model exists yet, so there are no scores to measure." };
  const v = handle.schema.modelVersions;
  // Drafts come and go without a publish: their count and last edit are part of the key too.
  const [dataVersion, [latest], [drafts]] = await Promise.all([
    getDataVersion(handle),
    handle.db.select({ id: max(handle.schema.publishEvents.id) }).from(handle.schema.publishEvents),
    handle.db.select({ n: count(), edited: max(v.updatedAt) }).from(v).where(eq(v.modelId, model.id)),
  ]);
  const key = `${handle.url}|${dataVersion}|${latest?.id ?? 0}|${drafts?.n ?? 0}:${drafts?.edited ?? 0}|${model.id}|${utcDay(now)}|${queryKey(query)}`;
  const hit = caches.results.get(key);
  if (hit) return hit;
  const promise = computeInsights(handle, model, query, now, dataVersion);
  caches.results.set(key, promise);
  // A failure must not stay cached: the next request tries again.
  promise.catch(() => caches.results.delete(key));
  return promise;
}

async function computeInsights(
  handle: DbHandle,
  model: { id: number; name: string; publishedVersionId: number | null },
  query: InsightsQuery,
  now: number,
  dataVersion: number,
): Promise<InsightsResult> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  let lap = t0;
  const mark = (phase: string) => {
    const t = performance.now();
    timings[phase] = Math.round(t - lap);
    lap = t;
  };
  const notices: InsightsNotice[] = [];
  const versions = await listInsightVersions(handle, model.id, model.publishedVersionId);
  const measurable = versions.filter((v) => v.kind === "rule");
  // Only rule versions can be re-scored as of a cutoff; the default is the live one when it is.
  const live = measurable.find((v) => v.live) ?? measurable.find((v) => v.status !== "draft") ?? measurable[0];
  if (!live) return { ok: false, reason: "no-version", message: `${model.name} has no version that can be measured yet.` };

  let version = live;
  if (query.versionId !== null && query.versionId !== live.id) {
    const asked = versions.find((v) => v.id === query.versionId);
    if (!asked) notices.push({ level: "error", field: "versionId", message: `There is no version with id ${query.versionId} of ${model.name}; showing the live version v${live.version}.` });
    else if (asked.kind !== "rule") notices.push({ level: "error", field: "versionId", message: `v${asked.version} is a ${asked.kind} model, which cannot be re-scored as of a cutoff yet; showing the live version v${live.version}.` });
    else version = asked;
  }
  let compare: InsightsVersion | null = null;
  if (query.compareId !== null) {
    const asked = versions.find((v) => v.id === query.compareId);
    if (!asked) notices.push({ level: "error", field: "compareId", message: `There is no version with id ${query.compareId} to compare with; the comparison is off.` });
    else if (asked.id === version.id) notices.push({ level: "warning", field: "compareId", message: `v${asked.version} is the version shown: pick a different version to compare with.` });
    else if (asked.kind !== "rule") notices.push({ level: "error", field: "compareId", message: `v${asked.version} is a ${asked.kind} model, which cannot be re-scored as of a cutoff yet.` });
    else compare = asked;
  }

  const wanted = [...new Set([live.id, version.id, ...(compare ? [compare.id] : [])])];
  const defRows = await handle.db
    .select({ id: handle.schema.modelVersions.id, definition: handle.schema.modelVersions.definition, revision: handle.schema.modelVersions.revision })
    .from(handle.schema.modelVersions)
    .where(and(eq(handle.schema.modelVersions.modelId, model.id), inArray(handle.schema.modelVersions.id, wanted)));
  const defs = new Map<number, { def: RuleModelDefinition; revision: number }>();
  for (const r of defRows) {
    const parsed = parseModelDefinition(r.definition);
    if (parsed.ok) defs.set(r.id, { def: parsed.value, revision: r.revision });
  }
  if (!defs.has(version.id)) {
    if (!defs.has(live.id)) return { ok: false, reason: "no-version", message: `The definition of v${version.version} cannot be read, so it cannot be measured.` };
    notices.push({ level: "error", field: "versionId", message: `The definition of v${version.version} cannot be read; showing the live version.` });
    version = live;
  }
  if (compare && !defs.has(compare.id)) {
    notices.push({ level: "error", field: "compareId", message: `The definition of v${compare.version} cannot be read; the comparison is off.` });
    compare = null;
  }

  mark("definitions");
  const snapshot = await getSnapshot(handle);
  mark("snapshot");
  if (snapshot.n === 0) return { ok: false, reason: "no-accounts", message: "There are no accounts yet: import accounts and their opportunities to measure the scores." };
  const defaults = defaultBacktestWindow(snapshot, now);

  // Window: a cutoff in the future (or unusable) falls back to the default, with the reason.
  let cutoff = query.cutoff ?? defaults.cutoff;
  const horizonDays = query.horizonDays;
  const issues = validateBacktestWindow(cutoff, horizonDays, now).filter((i) => i.field === "cutoff");
  if (issues.length) {
    notices.push({ level: "error", field: "cutoff", message: `${issues.map((i) => i.message).join(" ")} Showing the default cutoff, ${isoDay(defaults.cutoff)}, instead.` });
    cutoff = defaults.cutoff;
  }

  const primary = defs.get(version.id)!;
  const bands = primary.def.bands;
  const labels = bands.map((b) => b.label);
  const backtestOutcomes = outcomesFor(`${handle.url}|${dataVersion}|bt|${cutoff}|${horizonDays}`, () => outcomesFromSnapshot(snapshot, cutoff, horizonDays));
  const history = checkHistory(snapshot, backtestOutcomes, query.conversion);

  let mode: InsightsMode = query.mode ?? "backtest";
  let currentReason: string | null = null;
  if (mode === "backtest" && history.reason) {
    mode = "current";
    currentReason = `A backtest needs history, and ${history.reason}.`;
  } else if (mode === "current") {
    currentReason = "You chose to compare current scores with recent outcomes.";
  }

  let outcomes: AccountOutcomes;
  let window: { start: number; end: number };
  let scoresFor: (v: InsightsVersion) => Promise<Scored>;
  if (mode === "backtest") {
    outcomes = backtestOutcomes;
    window = { start: cutoff, end: cutoff + horizonDays * DAY_MS };
    scoresFor = async (v) => {
      const d = defs.get(v.id)!;
      return scoresAsOf(`${handle.url}|${dataVersion}|${v.id}|${d.revision}|${cutoff}`, d.def, snapshot, cutoff);
    };
    if (window.end > now) {
      notices.push({ level: "warning", field: "horizonDays", message: `The horizon runs past today (${isoDay(now)}): outcomes after today are not known yet, so conversion is understated.` });
    } else if (Number.isFinite(history.latest) && window.end > history.latest + DAY_MS) {
      notices.push({
        level: "warning",
        field: "horizonDays",
        message: `The horizon ends on ${isoDay(window.end)}, after the newest data (${isoDay(history.latest)}): outcomes after the last import are missing, so conversion is understated.`,
      });
    }
  } else {
    // Current scores against the outcomes of the last `horizonDays` up to the newest data.
    const end = Number.isFinite(history.latest) ? Math.min(now, history.latest + 1) : now;
    const start = end - horizonDays * DAY_MS;
    window = { start, end };
    outcomes = outcomesFor(`${handle.url}|${dataVersion}|cur|${start}|${end}`, () => outcomesInWindow(snapshot, start, end));
    scoresFor = async (v) => {
      if (v.live) return liveScores(handle, model.id, snapshot, defs.get(v.id)!.def.bands.map((b) => b.label));
      const d = defs.get(v.id)!;
      return scoresAsOf(`${handle.url}|${dataVersion}|${v.id}|${d.revision}|now:${utcDay(now)}`, d.def, snapshot, now);
    };
  }

  const seg = segmentMask(snapshot, query.segment);
  const segmentDescribed = describeSegment(query.segment);
  if (segmentDescribed && seg.accounts === 0) {
    notices.push({ level: "error", field: "segment", message: `No account is in the segment ${segmentDescribed}: pick a wider segment.` });
  }

  mark("window");
  const primaryScores = await scoresFor(version);
  mark("scores");
  const report = buildInsightsReport({ score: primaryScores.score, band: primaryScores.band, bands, outcomes, segment: seg.mask, conversion: query.conversion });
  mark("report");
  if (seg.accounts > 0 && report.population === 0) {
    notices.push({
      level: "error",
      field: "segment",
      message: mode === "backtest" ? `None of the ${seg.accounts} accounts in the segment existed before ${isoDay(cutoff)}: pick a later cutoff or a wider segment.` : "No account in the segment has a score yet.",
    });
  } else if (report.population > 0 && report.converted === 0) {
    const what = query.conversion === "pipeline" ? "got an opportunity" : "won a deal";
    notices.push({ level: "warning", message: `No account in scope ${what} between ${isoDay(window.start)} and ${isoDay(window.end)}, so conversion cannot separate the bands.` });
  }
  let compared: InsightsPage["compare"] = null;
  if (compare) {
    const s = await scoresFor(compare);
    const d = defs.get(compare.id)!.def;
    const r = buildInsightsReport({ score: s.score, band: s.band, bands: d.bands, outcomes, segment: seg.mask, conversion: query.conversion });
    compared = { version: compare, report: r, summary: summarizeVersion(r) };
  }
  mark("compare");
  const bandHistory = await listPublishBandCounts(handle, model.id, labels);
  mark("history");

  return {
    ok: true,
    page: {
      model: { id: model.id, name: model.name },
      versions,
      segments: segmentOptions(snapshot),
      applied: { versionId: version.id, compareId: compare?.id ?? null, segment: query.segment, cutoff, horizonDays, conversion: query.conversion, mode },
      defaults,
      currentReason,
      window,
      segmentAccounts: seg.accounts,
      totalAccounts: snapshot.n,
      report,
      summary: summarizeVersion(report),
      compare: compared,
      bandHistory,
      notices,
      computedAt: Date.now(),
      computeMs: Math.round(performance.now() - t0),
      timings,
    },
  };
}

/** "industry Software, 200–999 employees" or null when no segment filter is set. */
export function describeSegment(s: SegmentFilter): string | null {
  const parts: string[] = [];
  if (s.industry) parts.push(`industry “${s.industry}”`);
  if (s.region) parts.push(`region “${s.region}”`);
  if (s.size) parts.push(`size ${s.size} employees`);
  return parts.length ? parts.join(", ") : null;
}
