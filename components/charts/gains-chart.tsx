"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, CHART_HEIGHT, GRID_STROKE, seriesColor } from "./chart-theme";
import { formatTick, formatValue } from "./format";

/** A point of the gains curves; shares as fractions 0..1. */
export interface GainsRow {
  share: number;
  conversions: number | null;
  revenue: number | null;
  baseline: number;
}

export interface GainsChartProps {
  rows: GainsRow[];
  /** "opportunities" or "won deals". */
  conversionLabel: string;
  emptyMessage?: string | null;
}

/** Cumulative gains: share of conversions and of won revenue captured by the top x % of accounts. */
export function GainsChart({ rows, conversionLabel, emptyMessage }: GainsChartProps) {
  const at20 = rows.find((r) => Math.abs(r.share - 0.2) < 1e-9);
  const columns: ChartColumn[] = [
    { key: "share", label: "Top accounts by score", format: "percent", rowHeader: true },
    { key: "conversions", label: `Share of accounts with ${conversionLabel}`, format: "percent" },
    { key: "revenue", label: "Share of won revenue", format: "percent" },
    { key: "baseline", label: "Random ranking", format: "percent" },
  ];
  const hasRevenue = rows.some((r) => r.revenue !== null);
  return (
    <ChartContainer
      id="gains"
      title="Cumulative gains"
      description={`Take accounts from the top of the ranking: how much of the conversions and won revenue do you reach? The diagonal is a random ranking.`}
      summary={`The top 20 % of accounts by score hold ${formatValue(at20?.conversions, "percent")} of the accounts with ${conversionLabel} and ${formatValue(at20?.revenue, "percent")} of won revenue, against 20 % for a random ranking.`}
      columns={columns}
      rows={rows.map((r) => ({ ...r }))}
      emptyMessage={emptyMessage}
    >
      <LineChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={rows} margin={{ top: 12, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis
          dataKey="share"
          type="number"
          domain={[0, 1]}
          ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
          tick={AXIS_TICK}
          axisLine={AXIS_LINE}
          tickLine={false}
          tickFormatter={(v: number) => formatTick(v, "percent")}
        />
        <YAxis domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} tick={AXIS_TICK} axisLine={false} tickLine={false} width={48} tickFormatter={(v: number) => formatTick(v, "percent")} />
        <Tooltip
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="share"
              titleFormat="percent"
              titlePrefix="Top "
              lines={[
                { key: "conversions", label: `Accounts with ${conversionLabel}`, format: "percent", color: seriesColor(1) },
                { key: "revenue", label: "Won revenue", format: "percent", color: seriesColor(2) },
                { key: "baseline", label: "Random", format: "percent", color: "var(--muted-foreground)" },
              ]}
            />
          }
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <ReferenceLine x={0.2} stroke="var(--muted-foreground)" strokeDasharray="2 4" />
        <Line dataKey="conversions" name={`Accounts with ${conversionLabel}`} stroke={seriesColor(1)} strokeWidth={2} dot={false} isAnimationActive={false} />
        {hasRevenue ? <Line dataKey="revenue" name="Won revenue" stroke={seriesColor(2)} strokeWidth={2} dot={false} isAnimationActive={false} /> : null}
        <Line dataKey="baseline" name="Random ranking" stroke="var(--muted-foreground)" strokeDasharray="5 5" strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
    </ChartContainer>
  );
}
