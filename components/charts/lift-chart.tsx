"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, CHART_HEIGHT, GRID_STROKE, seriesColor } from "./chart-theme";
import { formatTick, formatValue } from "./format";

/** A decile of the ranking (1 = top 10 % of scores). */
export interface LiftRow {
  decile: number;
  lift: number | null;
  rate: number | null;
  accounts: number;
  converted: number;
  minScore: number | null;
  maxScore: number | null;
}

export interface LiftChartProps {
  rows: LiftRow[];
  conversionLabel: string;
  emptyMessage?: string | null;
}

/** Lift by decile: each tenth of the ranking's conversion rate over the average (1× = average). */
export function LiftChart({ rows, conversionLabel, emptyMessage }: LiftChartProps) {
  const columns: ChartColumn[] = [
    { key: "decile", label: "Decile", rowHeader: true, format: "integer" },
    { key: "lift", label: "Lift", format: "ratio" },
    { key: "rate", label: "Conversion", format: "percent" },
    { key: "converted", label: `Accounts with ${conversionLabel}`, format: "number" },
    { key: "accounts", label: "Accounts", format: "number" },
    { key: "maxScore", label: "Highest score", format: "score" },
    { key: "minScore", label: "Lowest score", format: "score" },
  ];
  const top = Math.max(1, Math.ceil(Math.max(0, ...rows.map((r) => r.lift ?? 0))));
  const step = top <= 6 ? 1 : Math.ceil(top / 6);
  const ticks = Array.from({ length: Math.ceil(top / step) + 1 }, (_, k) => k * step);
  const first = rows[0];
  const last = rows[rows.length - 1];
  return (
    <ChartContainer
      id="lift"
      title="Lift by decile"
      description="Accounts ranked by score and cut into tenths: how each tenth converts compared with the average."
      summary={`The top decile converts ${formatValue(first?.lift, "ratio")} the average; the bottom decile ${formatValue(last?.lift, "ratio")}.`}
      columns={columns}
      rows={rows.map((r) => ({ ...r }))}
      emptyMessage={emptyMessage}
      footnote="Decile 1 holds the top 10 % of scores. Tied scores straddling a boundary are shared between deciles."
    >
      <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={rows} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="decile" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} />
        <YAxis domain={[0, ticks[ticks.length - 1]]} ticks={ticks} tick={AXIS_TICK} axisLine={false} tickLine={false} width={48} tickFormatter={(v: number) => formatTick(v, "ratio")} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="decile"
              titlePrefix="Decile "
              lines={[
                { key: "lift", label: "Lift", format: "ratio" },
                { key: "rate", label: "Conversion", format: "percent" },
                { key: "maxScore", label: "Highest score", format: "score" },
                { key: "minScore", label: "Lowest score", format: "score" },
              ]}
            />
          }
        />
        <ReferenceLine y={1} stroke="var(--muted-foreground)" strokeDasharray="4 4" />
        <Bar dataKey="lift" name="Lift" fill={seriesColor(1)} isAnimationActive={false} />
      </BarChart>
    </ChartContainer>
  );
}
