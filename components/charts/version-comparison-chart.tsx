"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartContainer, type ChartColumn } from "./chart-container";
import { ChartTooltip } from "./chart-tooltip";
import { AXIS_LINE, AXIS_TICK, CHART_HEIGHT, rateAxis, GRID_STROKE, seriesColor } from "./chart-theme";
import { formatTick, formatValue } from "./format";

/** Headline figures of one version in the comparison. */
export interface VersionColumn {
  label: string;
  auc: number | null;
  liftTop20: number | null;
  population: number;
  converted: number;
}

/** Conversion of one band under both versions (fractions), with the accounts in it. */
export interface VersionBandRow {
  band: string;
  a: number | null;
  b: number | null;
  aAccounts: number;
  bAccounts: number;
}

export interface VersionComparisonChartProps {
  a: VersionColumn;
  b: VersionColumn;
  rows: VersionBandRow[];
  conversionLabel: string;
  emptyMessage?: string | null;
}

/** Two versions side by side on the same accounts and window: AUC, lift in the top 20 %, conversion by band. */
export function VersionComparisonChart({ a, b, rows, conversionLabel, emptyMessage }: VersionComparisonChartProps) {
  const columns: ChartColumn[] = [
    { key: "band", label: "Band", rowHeader: true },
    { key: "a", label: `${a.label} conversion`, format: "percent" },
    { key: "aAccounts", label: `${a.label} accounts`, format: "integer" },
    { key: "b", label: `${b.label} conversion`, format: "percent" },
    { key: "bAccounts", label: `${b.label} accounts`, format: "integer" },
  ];
  const axis = rateAxis(rows.flatMap((r) => [r.a, r.b]));
  const better = (x: number | null, y: number | null) => (x !== null && y !== null && x > y + 1e-9 ? "font-semibold text-foreground" : "");
  return (
    <ChartContainer
      id="version-comparison"
      title="Version comparison"
      description={`Both versions scored on the same accounts at the same cutoff and judged on the same outcomes (${conversionLabel}).`}
      summary={`${a.label}: AUC ${formatValue(a.auc, "number")}, lift in the top 20 % ${formatValue(a.liftTop20, "ratio")}. ${b.label}: AUC ${formatValue(b.auc, "number")}, lift in the top 20 % ${formatValue(b.liftTop20, "ratio")}.`}
      columns={columns}
      rows={rows.map((r) => ({ ...r }))}
      emptyMessage={emptyMessage}
      lead={
        <table className="mb-1 w-full text-sm" data-testid="version-metrics">
          <caption className="sr-only">Headline figures of both versions</caption>
          <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="py-1">Version</th>
              <th scope="col" className="py-1 text-right">AUC</th>
              <th scope="col" className="py-1 text-right">Lift, top 20 %</th>
              <th scope="col" className="py-1 text-right">Converted</th>
            </tr>
          </thead>
          <tbody className="text-muted-foreground">
            {[
              [a, b, seriesColor(1)],
              [b, a, seriesColor(4)],
            ].map(([v, other, color]) => {
              const col = v as VersionColumn;
              const o = other as VersionColumn;
              return (
                <tr key={col.label} className="border-t">
                  <th scope="row" className="py-1 text-left font-medium text-foreground">
                    <span aria-hidden className="mr-1.5 inline-block h-2.5 w-2.5 rounded-sm align-middle" style={{ background: color as string }} />
                    {col.label}
                  </th>
                  <td className={`py-1 text-right tabular-nums ${better(col.auc, o.auc)}`}>{formatValue(col.auc, "number")}</td>
                  <td className={`py-1 text-right tabular-nums ${better(col.liftTop20, o.liftTop20)}`}>{formatValue(col.liftTop20, "ratio")}</td>
                  <td className="py-1 text-right tabular-nums">
                    {formatValue(col.converted, "integer")} / {formatValue(col.population, "integer")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      }
      footnote="AUC: chance that a converting account outscores a non-converting one (0.5 = random). Lift in the top 20 %: share of conversions among the top fifth of scores ÷ 20 %."
    >
      <BarChart responsive style={{ width: "100%", height: CHART_HEIGHT - 40 }} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="band" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} tickFormatter={(x: string) => `Band ${x}`} />
        <YAxis domain={axis.domain} ticks={axis.ticks} tick={AXIS_TICK} axisLine={false} tickLine={false} width={52} tickFormatter={(v: number) => formatTick(v, "percent")} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="band"
              titlePrefix="Band "
              lines={[
                { key: "a", label: a.label, format: "percent", color: seriesColor(1) },
                { key: "aAccounts", label: "accounts", format: "integer" },
                { key: "b", label: b.label, format: "percent", color: seriesColor(4) },
                { key: "bAccounts", label: "accounts", format: "integer" },
              ]}
            />
          }
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="a" name={a.label} fill={seriesColor(1)} isAnimationActive={false} maxBarSize={36} />
        <Bar dataKey="b" name={b.label} fill={seriesColor(4)} isAnimationActive={false} maxBarSize={36} />
      </BarChart>
    </ChartContainer>
  );
}
