"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, CHART_HEIGHT, GRID_STROKE, seriesColor } from "./chart-theme";
import { formatTick, formatValue } from "./format";

/** Won revenue and pipeline of a band, with its shares (fractions 0..1). */
export interface BandRevenueRow {
  band: string;
  wonRevenue: number;
  pipeline: number;
  shareOfAccounts: number | null;
  shareOfWonRevenue: number | null;
  shareOfPipeline: number | null;
  /** shareOfWonRevenue ÷ shareOfAccounts. */
  concentration: number | null;
}

export interface BandRevenueChartProps {
  rows: BandRevenueRow[];
  window: string;
  emptyMessage?: string | null;
}

/** Revenue impact: won revenue and pipeline per band, with share of revenue against share of accounts. */
export function BandRevenueChart({ rows, window, emptyMessage }: BandRevenueChartProps) {
  const columns: ChartColumn[] = [
    { key: "band", label: "Band", rowHeader: true },
    { key: "wonRevenue", label: "Won revenue", format: "currency" },
    { key: "pipeline", label: "Pipeline created", format: "currency" },
    { key: "shareOfAccounts", label: "Share of accounts", format: "percent" },
    { key: "shareOfWonRevenue", label: "Share of won revenue", format: "percent" },
    { key: "shareOfPipeline", label: "Share of pipeline", format: "percent" },
    { key: "concentration", label: "Revenue ÷ account share", format: "ratio" },
  ];
  const described = rows
    .map((r) => `band ${r.band}: ${formatValue(r.shareOfWonRevenue, "percent")} of won revenue from ${formatValue(r.shareOfAccounts, "percent")} of accounts`)
    .join("; ");
  return (
    <ChartContainer
      id="band-revenue"
      title="Revenue and pipeline by band"
      description={`Won revenue and pipeline created ${window}; the table compares each band's share of revenue with its share of accounts.`}
      summary={`Revenue by band: ${described}.`}
      columns={columns}
      rows={rows.map((r) => ({ ...r }))}
      emptyMessage={emptyMessage}
      footnote="Pipeline counts every opportunity created in the window, whatever its stage; won revenue counts deals closed as won in it."
    >
      <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={rows} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="band" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} tickFormatter={(b: string) => `Band ${b}`} />
        <YAxis tick={AXIS_TICK} axisLine={false} tickLine={false} width={60} tickFormatter={(v: number) => formatTick(v, "currency")} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="band"
              titlePrefix="Band "
              lines={[
                { key: "wonRevenue", label: "Won revenue", format: "currency", color: seriesColor(2) },
                { key: "pipeline", label: "Pipeline", format: "currency", color: seriesColor(1) },
                { key: "shareOfAccounts", label: "Share of accounts", format: "percent" },
                { key: "shareOfWonRevenue", label: "Share of won revenue", format: "percent" },
              ]}
            />
          }
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="wonRevenue" name="Won revenue" fill={seriesColor(2)} isAnimationActive={false} maxBarSize={40} />
        <Bar dataKey="pipeline" name="Pipeline created" fill={seriesColor(1)} isAnimationActive={false} maxBarSize={40} />
      </BarChart>
    </ChartContainer>
  );
}
