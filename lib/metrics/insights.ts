/**
 * The insights dashboard's numbers, assembled from the metric primitives and shaped for charts:
 * segments of the snapshot (industry, region, company size), one report per model version (score
 * distribution, success metrics per band, gains, lift, AUC and the two headline figures), the side by
 * side summary of two versions, band counts over time across publishes, and the history check that
 * decides between a backtest and the (flattering) comparison of current scores with past outcomes.
 *
 * Pure: scores come from the caller (scored as of the cutoff by lib/scoring, or the live scores).
 */
import type { ScoringSnapshot } from "@/lib/snapshot";
import type { BandDefinition } from "@/lib/vocabulary";
import { aucRanked, type AucResult, type ScoreArray } from "./auc";
import { bandMetrics, type BandStats } from "./bands";
import { cumulativeGains, gainAt, liftByDecile, scoreHistogram, type DecileLift } from "./gains";
import type { AccountOutcomes, OutcomeWarnings } from "./outcomes";
import { rankScores } from "./ranking";
import type { RateEstimate } from "./stats";

/** What counts as converting: an opportunity created, or a deal won, in the window. */
export type InsightsConversion = "pipeline" | "win";

/** Company-size segments by employee count (inclusive bounds). */
export const SIZE_SEGMENTS = [
  { key: "1-199", label: "1–199 employees", min: 0, max: 199 },
  { key: "200-999", label: "200–999 employees", min: 200, max: 999 },
  { key: "1000-4999", label: "1,000–4,999 employees", min: 1000, max: 4999 },
  { key: "5000+", label: "5,000+ employees", min: 5000, max: Number.POSITIVE_INFINITY },
] as const;
export type SizeSegment = (typeof SIZE_SEGMENTS)[number]["key"];

/** A segment of accounts; null or absent means "all". */
export interface SegmentFilter {
  industry?: string | null;
  region?: string | null;
  size?: SizeSegment | null;
}

/** One value a segment filter can take, with its account count. */
export interface SegmentOption {
  value: string;
  label: string;
  accounts: number;
}

/** The values present in the data for each segment filter. */
export interface SegmentOptions {
  industries: SegmentOption[];
  regions: SegmentOption[];
  sizes: SegmentOption[];
}

function categoryOptions(s: ScoringSnapshot, name: "industry" | "region"): SegmentOption[] {
  const col = s.attributes[name];
  if (!col || col.kind !== "category") return [];
  const counts = new Array<number>(col.dict.length).fill(0);
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] >= 0) counts[col.codes[i]]++;
  return col.dict
    .map((value, code) => ({ value, label: value, accounts: counts[code] }))
    .filter((o) => o.accounts > 0)
    .sort((a, b) => a.value.localeCompare(b.value));
}

/** Index in SIZE_SEGMENTS of an employee count (−1 when unknown or negative). */
function sizeIndex(employees: number): number {
  if (!(employees >= 0)) return -1;
  for (let k = SIZE_SEGMENTS.length - 1; k >= 0; k--) if (employees >= SIZE_SEGMENTS[k].min) return k;
  return -1;
}

const optionsCache = new WeakMap<ScoringSnapshot, SegmentOptions>();

/** Industries, regions and size segments present in the snapshot, with their account counts (cached per snapshot). */
export function segmentOptions(s: ScoringSnapshot): SegmentOptions {
  const hit = optionsCache.get(s);
  if (hit) return hit;
  const sizes = SIZE_SEGMENTS.map((seg) => ({ value: seg.key as string, label: seg.label, accounts: 0 }));
  const emp = s.attributes.employeeCount;
  if (emp?.kind === "number") {
    for (let i = 0; i < emp.values.length; i++) {
      const k = sizeIndex(emp.values[i]);
      if (k >= 0) sizes[k].accounts++;
    }
  }
  const options = { industries: categoryOptions(s, "industry"), regions: categoryOptions(s, "region"), sizes };
  optionsCache.set(s, options);
  return options;
}

/**
 * Mask of the accounts in a segment (null when no filter is set: everyone), and how many it holds.
 * A value absent from the data selects nobody.
 */
export function segmentMask(s: ScoringSnapshot, f: SegmentFilter): { mask: Uint8Array | null; accounts: number } {
  const tests: ((i: number) => boolean)[] = [];
  for (const name of ["industry", "region"] as const) {
    const value = f[name];
    if (value == null) continue;
    const col = s.attributes[name];
    const code = col?.kind === "category" ? col.dict.indexOf(value) : -1;
    if (code < 0 || col?.kind !== "category") return { mask: new Uint8Array(s.n), accounts: 0 };
    const codes = col.codes;
    tests.push((i) => codes[i] === code);
  }
  if (f.size != null) {
    const k = SIZE_SEGMENTS.findIndex((seg) => seg.key === f.size);
    const emp = s.attributes.employeeCount;
    if (k < 0 || emp?.kind !== "number") return { mask: new Uint8Array(s.n), accounts: 0 };
    const values = emp.values;
    tests.push((i) => sizeIndex(values[i]) === k);
  }
  if (tests.length === 0) return { mask: null, accounts: s.n };
  const mask = new Uint8Array(s.n);
  let accounts = 0;
  for (let i = 0; i < s.n; i++) {
    if (tests.every((t) => t(i))) {
      mask[i] = 1;
      accounts++;
    }
  }
  return { mask, accounts };
}

/** Accounts counted by the report: eligible in the outcomes and inside the segment. */
export function scopeMask(outcomes: AccountOutcomes, segment: Uint8Array | null): Uint8Array {
  const m = new Uint8Array(outcomes.n);
  for (let i = 0; i < outcomes.n; i++) m[i] = outcomes.eligible[i] && (!segment || segment[i]) ? 1 : 0;
  return m;
}

/** A bin of the score histogram, with its count per band (in band order). */
export interface HistogramBin {
  from: number;
  to: number;
  total: number;
  byBand: number[];
}

/** A point of a gains curve, in percent. */
export interface GainsChartPoint {
  /** Share of accounts from the top of the ranking, 0..100. */
  share: number;
  /** Share of conversions (or of won revenue) they hold, 0..100. */
  gain: number;
  /** Random ranking, 0..100. */
  baseline: number;
}

/** Everything the dashboard shows for one model version. */
export interface InsightsReport {
  conversion: InsightsConversion;
  bandLabels: string[];
  /** Accounts measured (eligible, in the segment, with a score). */
  population: number;
  /** Of those, accounts that converted (per `conversion`). */
  converted: number;
  bands: BandStats[];
  overall: BandStats;
  histogram: HistogramBin[];
  /** Share of conversions captured by the top x % of accounts. */
  gains: GainsChartPoint[];
  /** Share of won revenue held by the top x % of accounts. */
  revenueGains: GainsChartPoint[];
  /** Conversion lift by decile. */
  lift: DecileLift[];
  auc: AucResult;
  /** Share of conversions in the top 20 % of accounts ÷ 0.2 (1 = no better than random). */
  liftTop20: number | null;
  headline: {
    /** The top band and how many times the average conversion it converts at (null when undefined). */
    topBand: { label: string; accounts: number; lift: number | null; conversion: RateEstimate };
    overallConversion: RateEstimate;
    /** Share (0..1) of won revenue held by the top 20 % of accounts; null without won revenue. */
    top20RevenueShare: number | null;
    wonRevenue: number;
  };
  excluded: { unbanded: number; outOfScope: number };
  warnings: OutcomeWarnings;
}

/** Inputs of `buildInsightsReport`. Arrays are indexed by account position. */
export interface InsightsReportInput {
  score: ScoreArray;
  /** Band index per account (index into `bands`; 255 = no score). */
  band: Uint8Array;
  bands: readonly BandDefinition[];
  outcomes: AccountOutcomes;
  /** Segment mask (null = every account). */
  segment: Uint8Array | null;
  conversion: InsightsConversion;
  /** Histogram bins over 0..100 (default 20). */
  bins?: number;
  /** Points of the gains curves (default 50 steps: every 2 %). */
  gainSteps?: number;
}

const pct = (x: number) => Math.round(x * 1e6) / 1e4;

/** The dashboard's report for one version's scores on one outcome window and segment. */
export function buildInsightsReport(input: InsightsReportInput): InsightsReport {
  const { score, band, bands, outcomes, segment, conversion } = input;
  const scope = scopeMask(outcomes, segment);
  const metrics = bandMetrics({ score, band, outcomes, bands, include: scope, conversion });
  const hist = scoreHistogram(score, { bins: input.bins ?? 20, include: scope, band, bandCount: bands.length });
  const histogram = hist.counts.map((total, k) => ({
    from: hist.edges[k],
    to: hist.edges[k + 1],
    total,
    byBand: bands.map((_, b) => hist.countsByBand?.[b]?.[k] ?? 0),
  }));
  const label = conversion === "pipeline" ? outcomes.gotOpportunity : outcomes.won;
  const ranking = rankScores(score, scope);
  const steps = input.gainSteps ?? 50;
  const gainsCurve = cumulativeGains(ranking, label, { steps });
  const revenueCurve = cumulativeGains(ranking, outcomes.wonAmount, { steps });
  const toChart = (c: typeof gainsCurve): GainsChartPoint[] =>
    c.points.map((p) => ({ share: pct(p.share), gain: pct(p.gain), baseline: pct(p.baseline) }));
  const top = metrics.bands[0];
  const rate = (s: BandStats) => (conversion === "pipeline" ? s.pipelineConversion : s.winConversion);
  const converted = conversion === "pipeline" ? metrics.overall.accountsWithOpportunity : metrics.overall.accountsWithWin;
  return {
    conversion,
    bandLabels: bands.map((b) => b.label),
    population: metrics.overall.accounts,
    converted,
    bands: metrics.bands,
    overall: metrics.overall,
    histogram,
    gains: toChart(gainsCurve),
    revenueGains: toChart(revenueCurve),
    lift: liftByDecile(ranking, label),
    auc: aucRanked(ranking, label),
    liftTop20: gainsCurve.total > 0 ? gainAt(gainsCurve, 0.2) / 0.2 : null,
    headline: {
      topBand: {
        label: top?.label ?? "",
        accounts: top?.accounts ?? 0,
        lift: top ? (conversion === "pipeline" ? top.liftPipeline : top.liftWin) : null,
        conversion: top ? rate(top) : rate(metrics.overall),
      },
      overallConversion: rate(metrics.overall),
      top20RevenueShare: revenueCurve.total > 0 ? gainAt(revenueCurve, 0.2) : null,
      wonRevenue: metrics.overall.wonAmount,
    },
    excluded: metrics.excluded,
    warnings: metrics.warnings,
  };
}

/** One version's column of the side-by-side comparison. */
export interface VersionSummary {
  auc: number | null;
  liftTop20: number | null;
  population: number;
  converted: number;
  bands: { label: string; accounts: number; conversion: RateEstimate; lift: number | null }[];
}

/** The comparison figures of a report: AUC, lift in the top 20 % and conversion by band. */
export function summarizeVersion(r: InsightsReport): VersionSummary {
  return {
    auc: r.auc.auc,
    liftTop20: r.liftTop20,
    population: r.population,
    converted: r.converted,
    bands: r.bands.map((b) => ({
      label: b.label,
      accounts: b.accounts,
      conversion: r.conversion === "pipeline" ? b.pipelineConversion : b.winConversion,
      lift: r.conversion === "pipeline" ? b.liftPipeline : b.liftWin,
    })),
  };
}

/** A publish event as the band-counts-over-time chart needs it. */
export interface PublishBandCounts {
  id: number;
  publishedAt: number;
  version: number;
  action: string;
  bandCounts: Record<string, number>;
}

/** One point of the band counts over time: the accounts per band right after a publish. */
export interface BandCountsPoint {
  id: number;
  publishedAt: number;
  version: number;
  action: string;
  total: number;
  /** Accounts per band label (labels of `bandLabels`, then any other label found). */
  counts: Record<string, number>;
}

/**
 * Band counts after each publish, oldest first. Labels are those of the current bands followed by
 * any label only older versions used, so a renamed band still shows.
 */
export function bandCountsOverTime(events: readonly PublishBandCounts[], bandLabels: readonly string[]): { labels: string[]; points: BandCountsPoint[] } {
  const labels = [...bandLabels];
  for (const e of events) for (const l of Object.keys(e.bandCounts)) if (!labels.includes(l)) labels.push(l);
  const points = [...events]
    .sort((a, b) => a.publishedAt - b.publishedAt || a.id - b.id)
    .map((e) => {
      const counts: Record<string, number> = {};
      let total = 0;
      for (const l of labels) {
        const c = Number(e.bandCounts[l] ?? 0);
        counts[l] = c;
        total += c;
      }
      return { id: e.id, publishedAt: e.publishedAt, version: e.version, action: e.action, total, counts };
    });
  return { labels, points };
}

/** Earliest and latest dated record of a snapshot (NaN when it has none). */
export interface DataSpan {
  /** Earliest activity, intent signal or opportunity creation. */
  earliest: number;
  /** Latest activity, intent signal, opportunity creation or close. */
  latest: number;
}

// A snapshot is immutable and replaced on every data change, so its span is computed once.
const spans = new WeakMap<ScoringSnapshot, DataSpan>();

/** The time span of a snapshot's dated records (cached per snapshot object). */
export function dataSpan(s: ScoringSnapshot): DataSpan {
  const hit = spans.get(s);
  if (hit) return hit;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const times of [s.activities.at, s.intents.at, s.opportunities.createdAt]) {
    for (let k = 0; k < times.length; k++) {
      const t = times[k];
      if (t < earliest) earliest = t;
      if (t > latest) latest = t;
    }
  }
  const closed = s.opportunities.closedAt;
  for (let k = 0; k < closed.length; k++) if (closed[k] > latest) latest = closed[k];
  const span = {
    earliest: earliest === Number.POSITIVE_INFINITY ? Number.NaN : earliest,
    latest: latest === Number.NEGATIVE_INFINITY ? Number.NaN : latest,
  };
  spans.set(s, span);
  return span;
}

/** What the snapshot's history allows at a cutoff. */
export interface HistoryCheck extends DataSpan {
  /** Accounts that existed before the cutoff. */
  accountsBefore: number;
  /** Whether any activity, intent signal or opportunity is dated before the cutoff (what scores as of it can use). */
  signalsBefore: boolean;
  /** Accounts that converted in the window (per the chosen conversion). */
  converted: number;
  /** Null when a backtest is possible, otherwise why not (shown to the user). */
  reason: string | null;
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Whether a backtest at the cutoff can mean something: accounts existed before it, signals dated
 * before it exist to score them with, and someone converted in the window after it.
 */
export function checkHistory(s: ScoringSnapshot, outcomes: AccountOutcomes, conversion: InsightsConversion): HistoryCheck {
  const cutoff = outcomes.start;
  const span = dataSpan(s);
  const signalsBefore = span.earliest < cutoff;
  let accountsBefore = 0;
  let converted = 0;
  const label = conversion === "pipeline" ? outcomes.gotOpportunity : outcomes.won;
  for (let i = 0; i < outcomes.n; i++) {
    if (!outcomes.eligible[i]) continue;
    accountsBefore++;
    converted += label[i];
  }
  let reason: string | null = null;
  const what = conversion === "pipeline" ? "got an opportunity" : "won a deal";
  if (accountsBefore === 0) reason = `no account existed before ${isoDay(cutoff)}`;
  else if (!signalsBefore) reason = `nothing (no activity, intent signal or opportunity) is dated before ${isoDay(cutoff)}, so scores as of then would all be empty`;
  else if (converted === 0) reason = `no account ${what} between ${isoDay(cutoff)} and ${isoDay(outcomes.end)}`;
  return { ...span, accountsBefore, signalsBefore, converted, reason };
}
