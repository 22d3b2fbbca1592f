"use client";

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, bandColor, rateAxis, CHART_HEIGHT, GRID_STROKE } from "./chart-theme";
import { formatTick, formatValue } from "./format";

/** A band's rate with its 95 % Wilson interval (fractions 0..1; null when the band has no data). */
export interface BandRateRow {
  band: string;
  index: number;
  rate: number | null;
  low: number | null;
  high: number | null;
  successes: number;
  n: number;
  /** Set when the band is too small to read much into. */
  lowSample?: string | null;
}

export interface BandRateChartProps {
  id: string;
  title: string;
  description: string;
  rows: BandRateRow[];
  /** The rate over all bands, drawn as a reference line. */
  overall: number | null;
  successLabel: string;
  nLabel: string;
  emptyMessage?: string | null;
}

/** A rate per band (conversion, win rate) as bars in band colours, with 95 % intervals. */
export function BandRateChart({ id, title, description, rows, overall, successLabel, nLabel, emptyMessage }: BandRateChartProps) {
  const data = rows.map((r) => ({
    ...r,
    // ErrorBar wants distances from the bar's value, not the interval's ends.
    err: r.rate === null || r.low === null || r.high === null ? [0, 0] : [r.rate - r.low, r.high - r.rate],
  }));
  const columns: ChartColumn[] = [
    { key: "band", label: "Band", rowHeader: true },
    { key: "rate", label: title, format: "percent" },
    { key: "low", label: "95 % low", format: "percent" },
    { key: "high", label: "95 % high", format: "percent" },
    { key: "successes", label: successLabel, format: "integer" },
    { key: "n", label: nLabel, format: "integer" },
  ];
  const described = rows
    .filter((r) => r.rate !== null)
    .map((r) => `band ${r.band} ${formatValue(r.rate, "percent")} (95 % interval ${formatValue(r.low, "percent")} to ${formatValue(r.high, "percent")})`)
    .join("; ");
  const axis = rateAxis([...rows.map((r) => r.high), overall]);
  const emptyBands = rows.filter((r) => r.n === 0);
  const lowSample = rows.filter((r) => r.n > 0 && r.lowSample);
  const names = (rs: BandRateRow[]) => rs.map((r) => r.band).join(", ");
  return (
    <ChartContainer
      id={id}
      title={title}
      description={description}
      summary={`${title} by band: ${described || "no band has data"}. Overall ${formatValue(overall, "percent")}.`}
      columns={columns}
      rows={rows.map(({ band, rate, low, high, successes, n }) => ({ band, rate, low, high, successes, n }))}
      emptyMessage={emptyMessage}
      footnote={
        <>
          Whiskers: 95 % Wilson interval. Dashed line: all bands together ({formatValue(overall, "percent")}).
          {emptyBands.length ? <> No data in band {names(emptyBands)}.</> : null}
          {lowSample.length ? <> Few data in band {names(lowSample)}: read with care.</> : null}
        </>
      }
    >
      <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={data} margin={{ top: 12, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="band" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} tickFormatter={(b: string) => `Band ${b}`} />
        <YAxis domain={axis.domain} ticks={axis.ticks} tick={AXIS_TICK} axisLine={false} tickLine={false} width={52} tickFormatter={(v: number) => formatTick(v, "percent")} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="band"
              titlePrefix="Band "
              lines={[
                { key: "rate", label: title, format: "percent" },
                { key: "low", label: "95 % low", format: "percent" },
                { key: "high", label: "95 % high", format: "percent" },
                { key: "successes", label: successLabel, format: "integer" },
                { key: "n", label: nLabel, format: "integer" },
              ]}
            />
          }
        />
        {overall !== null ? <ReferenceLine y={overall} stroke="var(--muted-foreground)" strokeDasharray="4 4" /> : null}
        <Bar dataKey="rate" name={title} isAnimationActive={false} maxBarSize={72}>
          {data.map((r) => (
            <Cell key={r.band} fill={bandColor(r.band, r.index)} fillOpacity={r.lowSample ? 0.55 : 1} />
          ))}
          <ErrorBar dataKey="err" width={8} strokeWidth={1.5} stroke="var(--foreground)" direction="y" />
        </Bar>
      </BarChart>
    </ChartContainer>
  );
}
