"use client";

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, bandColor, CHART_HEIGHT, GRID_STROKE } from "./chart-theme";
import { formatTick, formatValue, type ValueFormat } from "./format";

/** A value per band (average deal size, median cycle), with an optional range (quartiles). */
export interface BandValueRow {
  band: string;
  index: number;
  value: number | null;
  low?: number | null;
  high?: number | null;
  n: number;
}

export interface BandValueChartProps {
  id: string;
  title: string;
  description: string;
  rows: BandValueRow[];
  format: Extract<ValueFormat, "currency" | "days" | "number">;
  valueLabel: string;
  /** Labels of the range columns when rows carry one (e.g. "25th percentile", "75th percentile"). */
  rangeLabels?: [string, string];
  rangeNote?: string;
  nLabel: string;
  emptyMessage?: string | null;
}

/** A value per band as bars in band colours, with an optional whisker range. */
export function BandValueChart({ id, title, description, rows, format, valueLabel, rangeLabels, rangeNote, nLabel, emptyMessage }: BandValueChartProps) {
  const data = rows.map((r) => ({
    ...r,
    err: r.value === null || r.low == null || r.high == null ? [0, 0] : [r.value - r.low, r.high - r.value],
  }));
  const columns: ChartColumn[] = [
    { key: "band", label: "Band", rowHeader: true },
    { key: "value", label: valueLabel, format },
    ...(rangeLabels
      ? [
          { key: "low", label: rangeLabels[0], format },
          { key: "high", label: rangeLabels[1], format },
        ]
      : []),
    { key: "n", label: nLabel, format: "integer" },
  ];
  const described = rows
    .filter((r) => r.value !== null)
    .map((r) => `band ${r.band} ${formatValue(r.value, format)} over ${formatValue(r.n, "integer")}`)
    .join("; ");
  return (
    <ChartContainer
      id={id}
      title={title}
      description={description}
      summary={`${valueLabel} by band: ${described || "no band has data"}.`}
      columns={columns}
      rows={rows.map(({ band, value, low, high, n }) => ({ band, value, low: low ?? null, high: high ?? null, n }))}
      emptyMessage={emptyMessage}
      footnote={rangeNote}
    >
      <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={data} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="band" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} tickFormatter={(b: string) => `Band ${b}`} />
        <YAxis tick={AXIS_TICK} axisLine={false} tickLine={false} width={60} tickFormatter={(v: number) => formatTick(v, format)} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="band"
              titlePrefix="Band "
              lines={[
                { key: "value", label: valueLabel, format },
                ...(rangeLabels
                  ? [
                      { key: "low", label: rangeLabels[0], format },
                      { key: "high", label: rangeLabels[1], format },
                    ]
                  : []),
                { key: "n", label: nLabel, format: "integer" as const },
              ]}
            />
          }
        />
        <Bar dataKey="value" name={valueLabel} isAnimationActive={false} maxBarSize={72}>
          {data.map((r) => (
            <Cell key={r.band} fill={bandColor(r.band, r.index)} />
          ))}
          {rangeLabels ? <ErrorBar dataKey="err" width={8} strokeWidth={1.5} stroke="var(--foreground)" direction="y" /> : null}
        </Bar>
      </BarChart>
    </ChartContainer>
  );
}
