"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, bandColor, CHART_HEIGHT, GRID_STROKE } from "./chart-theme";
import { formatValue } from "./format";

/** Accounts per band right after a publish (keys `band:<label>`). */
export type BandHistoryRow = { label: string; publishedAt: number; version: number; action: string; total: number } & Record<`band:${string}`, number>;

export interface BandHistoryChartProps {
  rows: BandHistoryRow[];
  bandLabels: string[];
  emptyMessage?: string | null;
}

/** Band counts over time: the accounts in each band after every publish or rollback. */
export function BandHistoryChart({ rows, bandLabels, emptyMessage }: BandHistoryChartProps) {
  const columns: ChartColumn[] = [
    { key: "label", label: "Publish", rowHeader: true },
    { key: "publishedAt", label: "Date", format: "date" },
    { key: "action", label: "Action", format: "text" },
    ...bandLabels.map((l) => ({ key: `band:${l}`, label: `Band ${l}`, format: "integer" as const })),
    { key: "total", label: "Accounts", format: "integer" },
  ];
  const last = rows[rows.length - 1];
  return (
    <ChartContainer
      id="band-history"
      title="Band counts over time"
      description="Accounts in each band after every publish of the model (all accounts, whatever the segment)."
      summary={
        last
          ? `${rows.length} publishes; after the latest (${last.label}): ${bandLabels.map((l) => `band ${l} ${formatValue(last[`band:${l}`], "integer")}`).join(", ")}.`
          : "No publish yet."
      }
      columns={columns}
      rows={rows.map((r) => ({ ...r }))}
      emptyMessage={emptyMessage}
    >
      <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={rows} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="label" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} />
        <YAxis tick={AXIS_TICK} axisLine={false} tickLine={false} width={52} tickFormatter={(v: number) => formatValue(v, "integer")} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="label"
              lines={[
                ...bandLabels.map((l, k) => ({ key: `band:${l}`, label: `Band ${l}`, format: "integer" as const, color: bandColor(l, k) })),
                { key: "total", label: "All", format: "integer" as const },
              ]}
            />
          }
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {bandLabels.map((l, k) => (
          <Bar key={l} dataKey={`band:${l}`} name={`Band ${l}`} stackId="bands" fill={bandColor(l, k)} isAnimationActive={false} maxBarSize={64} />
        ))}
      </BarChart>
    </ChartContainer>
  );
}
