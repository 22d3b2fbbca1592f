"use client";

import { CartesianGrid, ComposedChart, Line, ReferenceLine, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, CHART_HEIGHT, GRID_STROKE, rateAxis, seriesColor } from "./chart-theme";
import { formatTick, formatValue } from "./format";

/** One bin of a reliability curve: accounts grouped by predicted probability. */
export interface CalibrationRow {
  bin: number;
  count: number;
  /** mean predicted probability of the bin */
  predicted: number;
  /** observed share of positives in the bin */
  observed: number;
}

export interface CalibrationChartProps {
  rows: CalibrationRow[];
  /** what a positive is, e.g. "opportunity created" */
  outcomeLabel: string;
  emptyMessage?: string | null;
}

/**
 * Reliability curve: for groups of accounts with similar predicted probabilities, the predicted
 * probability against the share that actually converted. On the diagonal = well calibrated.
 */
export function CalibrationChart({ rows, outcomeLabel, emptyMessage }: CalibrationChartProps) {
  const columns: ChartColumn[] = [
    { key: "bin", label: "Group", rowHeader: true, format: "integer" },
    { key: "predicted", label: "Predicted", format: "percent" },
    { key: "observed", label: "Observed", format: "percent" },
    { key: "count", label: "Accounts", format: "number" },
  ];
  const axis = rateAxis(rows.flatMap((r) => [r.predicted, r.observed]));
  const top = axis.domain[1];
  const worst = rows.reduce((a, r) => (Math.abs(r.observed - r.predicted) > Math.abs(a.observed - a.predicted) ? r : a), rows[0] ?? { bin: 0, count: 0, predicted: 0, observed: 0 });
  return (
    <ChartContainer
      id="calibration"
      title="Calibration"
      description={`Held-out accounts in ten equal groups by predicted probability: predicted against the share with an ${outcomeLabel}. On the dashed diagonal, a predicted 10 % means 10 % convert.`}
      summary={`The highest group was predicted ${formatValue(rows[rows.length - 1]?.predicted, "percent")} and observed ${formatValue(rows[rows.length - 1]?.observed, "percent")}; the largest gap is in group ${worst.bin} (${formatValue(worst.predicted, "percent")} predicted, ${formatValue(worst.observed, "percent")} observed).`}
      columns={columns}
      rows={rows.map((r) => ({ ...r }))}
      emptyMessage={emptyMessage}
      footnote="Out-of-fold predictions of the cross-validation: every account is predicted by a model that never saw it."
    >
      <ComposedChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={rows} margin={{ top: 12, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis
          type="number"
          dataKey="predicted"
          domain={axis.domain}
          ticks={axis.ticks}
          tick={AXIS_TICK}
          axisLine={AXIS_LINE}
          tickLine={false}
          tickFormatter={(v: number) => formatTick(v, "percent")}
          label={{ value: "Predicted", position: "insideBottomRight", offset: -4, fill: "var(--muted-foreground)", fontSize: 12 }}
        />
        <YAxis type="number" dataKey="observed" domain={axis.domain} ticks={axis.ticks} tick={AXIS_TICK} axisLine={false} tickLine={false} width={48} tickFormatter={(v: number) => formatTick(v, "percent")} />
        <Tooltip
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="bin"
              titlePrefix="Group "
              lines={[
                { key: "predicted", label: "Predicted", format: "percent" },
                { key: "observed", label: "Observed", format: "percent" },
                { key: "count", label: "Accounts", format: "number" },
              ]}
            />
          }
        />
        <ReferenceLine segment={[{ x: 0, y: 0 }, { x: top, y: top }]} stroke="var(--muted-foreground)" strokeDasharray="4 4" ifOverflow="hidden" />
        <Line type="linear" dataKey="observed" stroke={seriesColor(1)} strokeWidth={2} dot={false} isAnimationActive={false} />
        <Scatter dataKey="observed" fill={seriesColor(1)} isAnimationActive={false} />
      </ComposedChart>
    </ChartContainer>
  );
}
