"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, bandColor, CHART_HEIGHT, GRID_STROKE } from "./chart-theme";
import { formatValue } from "./format";

/** A bin of the histogram: its range, its total and its count per band (keys `band:<label>`). */
export type HistogramRow = { range: string; from: number; to: number; total: number } & Record<`band:${string}`, number>;

export interface ScoreHistogramChartProps {
  rows: HistogramRow[];
  bandLabels: string[];
  /** What is being counted, e.g. "accounts that existed on 2026-05-23". */
  population: string;
  emptyMessage?: string | null;
}

/** Score distribution: accounts per 5-point score bin, coloured by band. */
export function ScoreHistogramChart({ rows, bandLabels, population, emptyMessage }: ScoreHistogramChartProps) {
  const total = rows.reduce((s, r) => s + r.total, 0);
  const top = rows.reduce((best, r) => (r.total > best.total ? r : best), rows[0] ?? { range: "", total: 0 });
  const columns: ChartColumn[] = [
    { key: "range", label: "Score", rowHeader: true },
    ...bandLabels.map((l) => ({ key: `band:${l}`, label: `Band ${l}`, format: "integer" as const })),
    { key: "total", label: "Accounts", format: "integer" },
  ];
  return (
    <ChartContainer
      id="score-histogram"
      title="Score distribution"
      description={`How the ${formatValue(total, "integer")} ${population} are spread over the score range, by band.`}
      summary={`Histogram of ${formatValue(total, "integer")} accounts in 5-point score bins; the most crowded bin is ${top.range} with ${formatValue(top.total, "integer")} accounts.`}
      columns={columns}
      rows={rows}
      emptyMessage={emptyMessage}
    >
      <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="range" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} interval={1} />
        <YAxis tick={AXIS_TICK} axisLine={false} tickLine={false} width={48} tickFormatter={(v: number) => formatValue(v, "integer")} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="range"
              titlePrefix="Score "
              lines={[
                ...bandLabels.map((l, k) => ({ key: `band:${l}`, label: `Band ${l}`, format: "integer" as const, color: bandColor(l, k) })),
                { key: "total", label: "All", format: "integer" as const },
              ]}
            />
          }
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {bandLabels.map((l, k) => (
          <Bar key={l} dataKey={`band:${l}`} name={`Band ${l}`} stackId="bands" fill={bandColor(l, k)} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartContainer>
  );
}
