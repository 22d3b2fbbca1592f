"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, bandColor, CHART_HEIGHT, GRID_STROKE, seriesColor } from "./chart-theme";
import { formatValue } from "./format";

/** One recorded score of an account (a publish that changed its score or band). */
export interface ScoreHistoryPoint {
  at: number;
  score: number;
  band: string;
  version: number | null;
}

export interface ScoreHistoryChartProps {
  points: ScoreHistoryPoint[];
  /** the model's bands, highest first: drawn as reference lines at their lower bounds */
  bands: { label: string; min: number }[];
}

/** An account's score over time under one model, with the band thresholds. */
export function ScoreHistoryChart({ points, bands }: ScoreHistoryChartProps) {
  const rows = points.map((p) => ({ ...p, version: p.version ?? null, label: new Date(p.at).toISOString().slice(0, 10) }));
  const columns: ChartColumn[] = [
    { key: "at", label: "Recorded", format: "date", rowHeader: true },
    { key: "version", label: "Version", format: "integer" },
    { key: "score", label: "Score", format: "score" },
    { key: "band", label: "Band", format: "text" },
  ];
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <ChartContainer
      id="score-history"
      title="Score history"
      description="The score after every publish that changed it."
      summary={
        first && last
          ? `${points.length} recorded scores, from ${formatValue(first.score, "score")} (band ${first.band}) to ${formatValue(last.score, "score")} (band ${last.band}).`
          : "No score recorded yet."
      }
      columns={columns}
      rows={rows}
      emptyMessage={points.length === 0 ? "No score recorded yet: it appears after the first publish." : null}
    >
      <LineChart responsive style={{ width: "100%", height: CHART_HEIGHT }} data={rows} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="label" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} />
        <YAxis domain={[0, 100]} ticks={[0, 20, 40, 60, 80, 100]} tick={AXIS_TICK} axisLine={false} tickLine={false} width={36} />
        {bands
          .filter((b) => b.min > 0)
          .map((b, k) => (
            <ReferenceLine key={b.label} y={b.min} stroke={bandColor(b.label, k)} strokeDasharray="4 4" label={{ value: b.label, position: "insideRight", fill: "var(--muted-foreground)", fontSize: 11 }} />
          ))}
        <Tooltip
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="at"
              titleFormat="date"
              lines={[
                { key: "score", label: "Score", format: "score", color: seriesColor(1) },
                { key: "band", label: "Band", format: "text" },
                { key: "version", label: "Version", format: "integer" },
              ]}
            />
          }
        />
        <Line type="stepAfter" dataKey="score" stroke={seriesColor(1)} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
      </LineChart>
    </ChartContainer>
  );
}
