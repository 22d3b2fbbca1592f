/**
 * Shapes the insights page data into the rows each chart component takes, and works out each chart's
 * empty state: a sentence saying which data is missing, never a blank frame.
 */
import type { BandHistoryRow } from "@/components/charts/band-history-chart";
import type { BandRateRow } from "@/components/charts/band-rate-chart";
import type { BandRevenueRow } from "@/components/charts/band-revenue-chart";
import type { BandValueRow } from "@/components/charts/band-value-chart";
import type { GainsRow } from "@/components/charts/gains-chart";
import type { LiftRow } from "@/components/charts/lift-chart";
import type { HistogramRow } from "@/components/charts/score-histogram-chart";
import type { VersionBandRow, VersionColumn } from "@/components/charts/version-comparison-chart";
import type { InsightsPage } from "@/db/queries/insights";
import type { BandStats } from "@/lib/metrics/bands";
import type { InsightsReport } from "@/lib/metrics/insights";
import type { RateEstimate } from "@/lib/metrics/stats";

export const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

const fmtScore = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Everything the page passes to its charts. */
export interface InsightsCharts {
  windowText: string;
  conversionLabel: string;
  histogram: { rows: HistogramRow[]; empty: string | null };
  conversion: { rows: BandRateRow[]; overall: number | null; empty: string | null };
  winRate: { rows: BandRateRow[]; overall: number | null; empty: string | null };
  dealSize: { rows: BandValueRow[]; empty: string | null };
  cycle: { rows: BandValueRow[]; empty: string | null };
  revenue: { rows: BandRevenueRow[]; empty: string | null };
  gains: { rows: GainsRow[]; empty: string | null };
  lift: { rows: LiftRow[]; empty: string | null };
  history: { rows: BandHistoryRow[]; labels: string[]; empty: string | null };
  comparison: { a: VersionColumn; b: VersionColumn; rows: VersionBandRow[]; empty: string | null } | { a: null; empty: string };
}

const rateRow = (b: BandStats, r: RateEstimate): BandRateRow => ({
  band: b.label,
  index: b.band,
  rate: r.rate,
  low: r.low,
  high: r.high,
  successes: r.successes,
  n: r.n,
  lowSample: b.lowSampleReason,
});

/** Shapes every chart of the page. */
export function shapeCharts(p: InsightsPage): InsightsCharts {
  const r: InsightsReport = p.report;
  const pipeline = r.conversion === "pipeline";
  const windowText = `between ${isoDay(p.window.start)} and ${isoDay(p.window.end)}`;
  const conversionLabel = pipeline ? "an opportunity" : "a won deal";
  const what = pipeline ? "got an opportunity" : "won a deal";
  const noScope =
    r.population === 0
      ? p.segmentAccounts === 0
        ? "No account is in the chosen segment, so there is nothing to measure. Pick a wider segment."
        : p.applied.mode === "backtest"
          ? `None of the accounts in scope existed before the cutoff (${isoDay(p.applied.cutoff)}). Pick a later cutoff or a wider segment.`
          : "No account in scope has a score."
      : null;
  const noConversion = noScope ?? (r.converted === 0 ? `No account in scope ${what} ${windowText}, so there is no conversion to compare. Pick an earlier cutoff, a longer horizon or a wider segment.` : null);

  const histogram: HistogramRow[] = r.histogram.map((h) => {
    const row = { range: `${fmtScore(h.from)}–${fmtScore(h.to)}`, from: h.from, to: h.to, total: h.total } as HistogramRow;
    r.bandLabels.forEach((l, b) => (row[`band:${l}`] = h.byBand[b] ?? 0));
    return row;
  });

  const closed = r.overall.wonDeals + r.overall.lostDeals;
  const cycleRows: BandValueRow[] = r.bands.map((b) => ({
    band: b.label,
    index: b.band,
    value: b.salesCycle?.median ?? null,
    low: b.salesCycle?.p25 ?? null,
    high: b.salesCycle?.p75 ?? null,
    n: b.salesCycle?.n ?? 0,
  }));

  const history: BandHistoryRow[] = p.bandHistory.points.map((pt) => {
    const row = { label: `v${pt.version} · ${isoDay(pt.publishedAt)}`, publishedAt: pt.publishedAt, version: pt.version, action: pt.action, total: pt.total } as BandHistoryRow;
    for (const l of p.bandHistory.labels) row[`band:${l}`] = pt.counts[l] ?? 0;
    return row;
  });

  let comparison: InsightsCharts["comparison"];
  if (!p.compare) {
    const others = p.versions.filter((v) => v.id !== p.applied.versionId && v.kind === "rule");
    comparison = {
      a: null,
      empty: others.length
        ? "Pick a version under “Compare with” above to judge two versions side by side on the same accounts and outcomes."
        : `${p.model.name} has a single version. Once a second version is drafted or published, the two can be compared here on the same accounts and outcomes.`,
    };
  } else {
    const self = p.versions.find((v) => v.id === p.applied.versionId)!;
    const col = (label: string, s: InsightsPage["summary"]): VersionColumn => ({ label, auc: s.auc, liftTop20: s.liftTop20, population: s.population, converted: s.converted });
    const other = p.compare.summary;
    const labels = [...new Set([...p.summary.bands.map((b) => b.label), ...other.bands.map((b) => b.label)])];
    comparison = {
      a: col(`v${self.version}`, p.summary),
      b: col(`v${p.compare.version.version}`, other),
      rows: labels.map((label) => {
        const x = p.summary.bands.find((b) => b.label === label);
        const y = other.bands.find((b) => b.label === label);
        return { band: label, a: x?.conversion.rate ?? null, b: y?.conversion.rate ?? null, aAccounts: x?.accounts ?? 0, bAccounts: y?.accounts ?? 0 };
      }),
      empty: noConversion,
    };
  }

  return {
    windowText,
    conversionLabel,
    histogram: { rows: histogram, empty: noScope },
    conversion: {
      rows: r.bands.map((b) => rateRow(b, pipeline ? b.pipelineConversion : b.winConversion)),
      overall: (pipeline ? r.overall.pipelineConversion : r.overall.winConversion).rate,
      empty: noConversion,
    },
    winRate: {
      rows: r.bands.map((b) => rateRow(b, b.winRate)),
      overall: r.overall.winRate.rate,
      empty: noScope ?? (closed === 0 ? `No deal was closed, won or lost, ${windowText}, so there is no win rate. Win rate needs deals closed in the window.` : null),
    },
    dealSize: {
      rows: r.bands.map((b) => ({ band: b.label, index: b.band, value: b.avgDealSize, n: b.dealsWithAmount })),
      empty: noScope ?? (r.overall.dealsWithAmount === 0 ? `No deal with an amount was won ${windowText}, so there is no deal size. Deal size needs won opportunities with an amount.` : null),
    },
    cycle: {
      rows: cycleRows,
      empty: noScope ?? (r.overall.salesCycle === null ? `No deal won ${windowText} has both a creation and a close date in order, so there is no sales cycle to measure.` : null),
    },
    revenue: {
      rows: r.bands.map((b) => ({
        band: b.label,
        wonRevenue: b.wonAmount,
        pipeline: b.pipelineAmount,
        shareOfAccounts: b.shareOfAccounts,
        shareOfWonRevenue: b.shareOfWonRevenue,
        shareOfPipeline: b.shareOfPipeline,
        concentration: b.revenueConcentration,
      })),
      empty: noScope ?? (r.overall.wonAmount === 0 && r.overall.pipelineAmount === 0 ? `No opportunity amount was created or won ${windowText}, so there is no revenue to split by band.` : null),
    },
    gains: {
      rows: r.gains.map((g, k) => ({
        share: g.share / 100,
        conversions: r.converted > 0 ? g.gain / 100 : null,
        revenue: r.headline.wonRevenue > 0 ? (r.revenueGains[k]?.gain ?? 0) / 100 : null,
        baseline: g.baseline / 100,
      })),
      empty: noConversion,
    },
    lift: {
      rows: r.lift.map((d) => ({ decile: d.decile, lift: d.lift, rate: d.rate, accounts: d.accounts, converted: d.positives, minScore: d.minScore, maxScore: d.maxScore })),
      empty: noConversion,
    },
    history: {
      rows: history,
      labels: p.bandHistory.labels,
      empty: history.length ? null : `${p.model.name} has not been published yet, so there are no band counts to follow over time.`,
    },
    comparison,
  };
}
