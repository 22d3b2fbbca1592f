import type { Metadata } from "next";
import { requirePageUser } from "@/app/_lib/guards";
import { BandHistoryChart } from "@/components/charts/band-history-chart";
import { BandRateChart } from "@/components/charts/band-rate-chart";
import { BandRevenueChart } from "@/components/charts/band-revenue-chart";
import { BandValueChart } from "@/components/charts/band-value-chart";
import { formatValue } from "@/components/charts/format";
import { GainsChart } from "@/components/charts/gains-chart";
import { LiftChart } from "@/components/charts/lift-chart";
import { ScoreHistogramChart } from "@/components/charts/score-histogram-chart";
import { VersionComparisonChart } from "@/components/charts/version-comparison-chart";
import { Card, CardContent } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { describeSegment, getInsights, type InsightsNotice, type InsightsPage } from "@/db/queries/insights";
import { DAY_MS } from "@/lib/metrics/outcomes";
import { MAX_HORIZON_DAYS } from "@/lib/scoring/backtest";
import { InsightsFilters, type InsightsFiltersProps } from "./_components/insights-filters";
import { isoDay, shapeCharts } from "./chart-data";
import { parseInsightsSearchParams, type RawSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Insights" };

const FIELD_OF: Record<NonNullable<InsightsNotice["field"]>, keyof InsightsFiltersProps["errors"]> = {
  versionId: "version",
  compareId: "compare",
  segment: "segment",
  cutoff: "cutoff",
  horizonDays: "horizon",
  mode: "mode",
};

function HeadlineCard({ label, value, detail, testId }: { label: string; value: React.ReactNode; detail: React.ReactNode; testId: string }) {
  return (
    <Card data-testid={testId}>
      <CardContent className="flex flex-col gap-1">
        <p className="text-sm text-muted-foreground">{label}</p>
        <p className="text-2xl font-semibold tracking-tight">{value}</p>
        <p className="text-xs text-muted-foreground">{detail}</p>
      </CardContent>
    </Card>
  );
}

function Headlines({ p }: { p: InsightsPage }) {
  const r = p.report;
  const top = r.headline.topBand;
  const did = r.conversion === "pipeline" ? "got an opportunity" : "won a deal";
  const liftOf = (b: InsightsPage["report"]["bands"][number]) => (r.conversion === "pipeline" ? b.liftPipeline : b.liftWin);
  // When the top band is empty, point at the highest band that has enough accounts to say something.
  const fallback = r.bands.find((b) => b.band > 0 && b.accounts > 0 && !b.lowSample && liftOf(b) !== null);
  const bandCard =
    top.accounts > 0 && top.lift !== null ? (
      <HeadlineCard
        testId="headline-band"
        label={`Band ${top.label} converts`}
        value={<>{formatValue(top.lift, "ratio")} the average</>}
        detail={
          <>
            {formatValue(top.conversion.rate, "percent")} of {formatValue(top.accounts, "integer")} band {top.label} accounts {did} (95 %:{" "}
            {formatValue(top.conversion.low, "percent")}–{formatValue(top.conversion.high, "percent")}), against {formatValue(r.headline.overallConversion.rate, "percent")} overall.
          </>
        }
      />
    ) : (
      <HeadlineCard
        testId="headline-band"
        label={`Band ${top.label} converts`}
        value={top.accounts > 0 ? "No conversion yet" : `No account in band ${top.label}`}
        detail={
          <>
            {top.accounts > 0
              ? `Nobody in scope converted in the window, so band ${top.label} cannot be compared with the average.`
              : `No account in scope scored ${top.label}${p.applied.mode === "backtest" ? " at the cutoff" : ""}.`}
            {fallback ? ` The highest band with enough accounts, ${fallback.label}, converts ${formatValue(liftOf(fallback), "ratio")} the average.` : null}
          </>
        }
      />
    );
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
      {bandCard}
      <HeadlineCard
        testId="headline-revenue"
        label="Top 20 % of accounts hold"
        value={r.headline.top20RevenueShare === null ? "No won revenue" : <>{formatValue(r.headline.top20RevenueShare, "percent")} of won revenue</>}
        detail={
          r.headline.top20RevenueShare === null
            ? "No deal with an amount was won in the window."
            : `Of ${formatValue(r.headline.wonRevenue, "currency")} won in the window; a random ranking would give them 20 %.`
        }
      />
      <HeadlineCard
        testId="headline-auc"
        label="Ranking quality (AUC)"
        value={formatValue(r.auc.auc, "number")}
        detail={r.auc.auc === null ? (r.auc.reason ?? "") : "Chance that an account that converted outscores one that did not (0.5 = random, 1 = perfect)."}
      />
      <HeadlineCard
        testId="headline-population"
        label="Accounts measured"
        value={formatValue(r.population, "integer")}
        detail={`${formatValue(r.converted, "integer")} ${did} (${formatValue(r.headline.overallConversion.rate, "percent")}).`}
      />
    </div>
  );
}

export default async function InsightsPageRoute({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requirePageUser("insights:read");
  const parsed = parseInsightsSearchParams(await searchParams);
  const now = Date.now();
  const result = await getInsights(getDb(), parsed.query, now);
  if (!result.ok) {
    return (
      <section className="mx-auto max-w-3xl py-16 text-center">
        <h1 className="text-2xl font-semibold">Insights</h1>
        <p className="mt-2 text-muted-foreground">{result.message}</p>
      </section>
    );
  }
  const p = result.page;
  const notices = [...parsed.notices, ...p.notices];
  const errors: InsightsFiltersProps["errors"] = {};
  for (const n of notices) {
    if (n.level !== "error" || !n.field) continue;
    (errors[FIELD_OF[n.field]] ??= []).push(n.message);
  }
  const general = notices.filter((n) => n.level !== "error" || !n.field);
  const charts = shapeCharts(p);
  const r = p.report;
  const a = p.applied;
  const versionOptions = p.versions.filter((v) => v.kind === "rule").map((v) => ({ value: String(v.id), label: v.label }));
  const segmentText = describeSegment(a.segment);
  const population = a.mode === "backtest" ? `accounts that existed on ${isoDay(a.cutoff)}` : "scored accounts";
  const errorCount = notices.filter((n) => n.level === "error").length;
  return (
    <section className="flex flex-col gap-5">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Insights</h1>
        <p className="text-sm text-muted-foreground">
          Do high scores pay? Conversion, deal size, sales cycle and revenue by score band for <span className="font-medium text-foreground">{p.model.name}</span>
          {segmentText ? <>, {segmentText}</> : null}.
        </p>
      </header>

      <InsightsFilters
        key={JSON.stringify(a)}
        versions={versionOptions}
        industries={p.segments.industries.map((o) => ({ value: o.value, label: `${o.label} (${formatValue(o.accounts, "integer")})` }))}
        regions={p.segments.regions.map((o) => ({ value: o.value, label: `${o.label} (${formatValue(o.accounts, "integer")})` }))}
        sizes={p.segments.sizes.map((o) => ({ value: o.value, label: `${o.label} (${formatValue(o.accounts, "integer")})` }))}
        values={{
          version: String(a.versionId),
          compare: a.compareId === null ? "" : String(a.compareId),
          industry: a.segment.industry ?? "",
          region: a.segment.region ?? "",
          size: a.segment.size ?? "",
          cutoff: isoDay(a.cutoff),
          horizon: String(a.horizonDays),
          outcome: a.conversion,
          mode: parsed.query.mode === "current" ? "current" : "",
        }}
        maxHorizon={MAX_HORIZON_DAYS}
        maxCutoff={isoDay(now - DAY_MS)}
        errors={errors}
      />

      {errorCount ? (
        <p className="sr-only" role="alert">
          {errorCount === 1 ? "One filter was corrected" : `${errorCount} filters were corrected`}: see the messages under the filters.
        </p>
      ) : null}
      {general.length ? (
        <ul className="flex flex-col gap-2" data-testid="insights-notices">
          {general.map((n, k) => (
            <li
              key={k}
              role={n.level === "error" ? "alert" : "status"}
              className={
                n.level === "error"
                  ? "rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm"
                  : "rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm"
              }
            >
              {n.message}
            </li>
          ))}
        </ul>
      ) : null}

      {a.mode === "backtest" ? (
        <p className="rounded-md border bg-card px-4 py-3 text-sm" data-testid="insights-mode">
          <span className="font-semibold">Backtest.</span> Scores of v{p.versions.find((v) => v.id === a.versionId)?.version} computed as of{" "}
          <strong>{isoDay(a.cutoff)}</strong> from the activities, intent signals and opportunities known then; outcomes measured over the{" "}
          {a.horizonDays} days after it ({charts.windowText}), for the {formatValue(r.population, "integer")} accounts that already existed. Firmographics and
          lifecycle stage have no history and are read as they are today.
        </p>
      ) : (
        <div className="rounded-md border border-warning/50 bg-warning/10 px-4 py-3 text-sm" role="status" data-testid="insights-mode">
          <p>
            <span className="font-semibold">Current scores compared with past outcomes.</span> {p.currentReason} The page compares today&apos;s scores with
            outcomes {charts.windowText}.
          </p>
          <p className="mt-1">
            This flatters the model: today&apos;s scores already contain the evidence of those outcomes — the opportunity itself, the won deal, the buying surge
            that came with them — so high-scoring accounts look more successful than a score given beforehand would have predicted. Treat the gaps between
            bands as an upper bound; a backtest needs activity and deals dated before a cutoff and outcomes after it.
          </p>
        </div>
      )}

      <Headlines p={p} />

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <ScoreHistogramChart rows={charts.histogram.rows} bandLabels={r.bandLabels} population={population} emptyMessage={charts.histogram.empty} />
        <BandRateChart
          id="conversion"
          title={r.conversion === "pipeline" ? "Pipeline conversion" : "Win conversion"}
          description={`Share of accounts in each band that ${r.conversion === "pipeline" ? "got an opportunity" : "won a deal"} ${charts.windowText}.`}
          rows={charts.conversion.rows}
          overall={charts.conversion.overall}
          successLabel={r.conversion === "pipeline" ? "With an opportunity" : "With a won deal"}
          nLabel="Accounts"
          emptyMessage={charts.conversion.empty}
        />
        <BandRateChart
          id="win-rate"
          title="Win rate"
          description={`Won ÷ (won + lost) among deals closed ${charts.windowText}; open deals are left out.`}
          rows={charts.winRate.rows}
          overall={charts.winRate.overall}
          successLabel="Won deals"
          nLabel="Closed deals"
          emptyMessage={charts.winRate.empty}
        />
        <BandValueChart
          id="deal-size"
          title="Average deal size"
          description={`Mean amount of deals won ${charts.windowText}; lost deals are left out, zero-amount wins count as 0.`}
          rows={charts.dealSize.rows}
          format="currency"
          valueLabel="Average won amount"
          nLabel="Won deals with an amount"
          emptyMessage={charts.dealSize.empty}
        />
        <BandValueChart
          id="sales-cycle"
          title="Sales-cycle length"
          description={`Median days from opportunity created to closed-won, for deals won ${charts.windowText}.`}
          rows={charts.cycle.rows}
          format="days"
          valueLabel="Median cycle"
          rangeLabels={["25th percentile", "75th percentile"]}
          rangeNote="Whiskers: middle half of the cycles (25th to 75th percentile). Deals closed before they were created are left out."
          nLabel="Won deals"
          emptyMessage={charts.cycle.empty}
        />
        <BandRevenueChart rows={charts.revenue.rows} window={charts.windowText} emptyMessage={charts.revenue.empty} />
        <GainsChart rows={charts.gains.rows} conversionLabel={charts.conversionLabel} emptyMessage={charts.gains.empty} />
        <LiftChart rows={charts.lift.rows} conversionLabel={charts.conversionLabel} emptyMessage={charts.lift.empty} />
        {charts.comparison.a ? (
          <VersionComparisonChart
            a={charts.comparison.a}
            b={charts.comparison.b}
            rows={charts.comparison.rows}
            conversionLabel={r.conversion === "pipeline" ? "pipeline conversion" : "win conversion"}
            emptyMessage={charts.comparison.empty}
          />
        ) : (
          <VersionComparisonChart
            a={{ label: "", auc: null, liftTop20: null, population: 0, converted: 0 }}
            b={{ label: "", auc: null, liftTop20: null, population: 0, converted: 0 }}
            rows={[]}
            conversionLabel={r.conversion === "pipeline" ? "pipeline conversion" : "win conversion"}
            emptyMessage={charts.comparison.empty}
          />
        )}
        <BandHistoryChart rows={charts.history.rows} bandLabels={charts.history.labels} emptyMessage={charts.history.empty} />
      </div>
      <p className="text-xs text-muted-foreground">
        Computed in {formatValue(p.computeMs, "integer")} ms at {new Date(p.computedAt).toISOString().slice(0, 16).replace("T", " ")} UTC; cached until the next publish or
        import.
      </p>
    </section>
  );
}
