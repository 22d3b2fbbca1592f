"use client";

import { useState, useTransition } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { BacktestModelResult, BacktestResult } from "@/lib/scoring/backtest";
import { ChartContainer } from "@/components/charts/chart-container";
import { ChartTooltip } from "@/components/charts/chart-tooltip";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, rateAxis, seriesColor } from "@/components/charts/chart-theme";
import { formatTick, formatValue } from "@/components/charts/format";
import { BandBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { backtestAction } from "../actions";

export interface BacktestPanelProps {
  modelId: number;
  /** The definition being edited (null when only the live version can be backtested). */
  definition: unknown | null;
  draftLabel: string;
  /** Why the edited definition cannot be backtested right now (errors), if so. */
  blocked: string | null;
  defaults: { cutoff: number; horizonDays: number };
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const pct = (x: number | null | undefined) => (x == null ? "–" : formatValue(x, "percent"));

/** Backtest form and results: the draft and the live version side by side on the same cutoff and horizon. */
export function BacktestPanel({ modelId, definition, draftLabel, blocked, defaults }: BacktestPanelProps) {
  const [cutoff, setCutoff] = useState(day(defaults.cutoff));
  const [horizon, setHorizon] = useState(String(defaults.horizonDays));
  const [conversion, setConversion] = useState<"pipeline" | "win">("pipeline");
  const [result, setResult] = useState<{ result: BacktestResult; durationMs: number } | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const run = () =>
    start(async () => {
      setMessage(null);
      const r = await backtestAction({ modelId, definition: blocked ? undefined : (definition ?? undefined), draftLabel, cutoff, horizonDays: horizon, conversion });
      if (r.ok) {
        setErrors({});
        setResult(r.data ?? null);
      } else {
        setErrors(r.fieldErrors ?? {});
        setMessage(r.message);
      }
    });

  return (
    <section aria-labelledby="backtest-title" className="flex flex-col gap-4" data-testid="backtest">
      <Card>
        <CardHeader>
          <CardTitle id="backtest-title">Backtest on your own history</CardTitle>
          <p className="text-sm text-muted-foreground">
            Scores every account as it was at the cutoff (activities, intent and deals known by then only) and measures who converted in the horizon after it.
            {blocked ? ` ${blocked}` : ""}
          </p>
        </CardHeader>
        <CardContent>
          <form
            className="flex flex-wrap items-start gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              run();
            }}
          >
            <div className="flex flex-col gap-1">
              <Label htmlFor="bt-cutoff">Cutoff date</Label>
              <div className="w-44"><Input id="bt-cutoff" type="date" value={cutoff} onChange={(e) => setCutoff(e.target.value)} aria-invalid={errors.cutoff ? true : undefined} aria-describedby={errors.cutoff ? "bt-cutoff-error" : undefined} /></div>
              <FieldError id="bt-cutoff-error" errors={errors.cutoff} />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="bt-horizon">Horizon (days)</Label>
              <div className="w-28"><Input id="bt-horizon" inputMode="numeric" value={horizon} onChange={(e) => setHorizon(e.target.value)} aria-invalid={errors.horizonDays ? true : undefined} aria-describedby={errors.horizonDays ? "bt-horizon-error" : undefined} /></div>
              <FieldError id="bt-horizon-error" errors={errors.horizonDays} />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="bt-conversion">Counts as converted</Label>
              <div className="w-56"><Select id="bt-conversion" value={conversion} onChange={(e) => setConversion(e.target.value as "pipeline" | "win")}>
                <option value="pipeline">An opportunity was created</option>
                <option value="win">A deal was won</option>
              </Select></div>
            </div>
            <Button type="submit" className="mt-6" disabled={pending}>
              {pending ? "Running…" : "Run backtest"}
            </Button>
          </form>
          {message && !Object.keys(errors).length ? (
            <p className="mt-3 text-sm text-destructive" role="alert">
              {message}
            </p>
          ) : null}
        </CardContent>
      </Card>
      {result ? <BacktestResults run={result} stale={pending} /> : null}
    </section>
  );
}

function BacktestResults({ run, stale }: { run: { result: BacktestResult; durationMs: number }; stale: boolean }) {
  const r = run.result;
  const what = r.conversion === "pipeline" ? "got an opportunity" : "won a deal";
  return (
    <div className={cn("flex flex-col gap-4", stale && "opacity-60")} data-testid="backtest-results">
      <p className="text-sm text-muted-foreground" role="status">
        {formatValue(r.converted, "integer")} of {formatValue(r.population, "integer")} accounts that existed on {day(r.cutoff)} {what} by {day(r.windowEnd - 1)} (
        {pct(r.converted / r.population)}). Computed in {run.durationMs} ms.
      </p>
      <div className={cn("grid gap-4", r.models.length > 1 && "xl:grid-cols-2")}>
        {r.models.map((m) => (
          <ModelCard key={m.key} m={m} />
        ))}
      </div>
      <ConversionChart r={r} />
      {r.notes.length ? (
        <ul className="list-disc pl-5 text-sm text-muted-foreground">
          {r.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ModelCard({ m }: { m: BacktestModelResult }) {
  return (
    <Card data-testid={`backtest-${m.key}`}>
      <CardHeader className="flex-row items-center justify-between gap-2">
        <CardTitle>{m.label}</CardTitle>
        <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", m.monotone ? "bg-success/15 text-success" : "bg-warning/15 text-warning")}>
          {m.monotone ? "Clear gradient" : "No clear gradient"}
        </span>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <dl className="grid grid-cols-3 gap-2 text-sm">
          <div>
            <dt className="text-xs text-muted-foreground">AUC</dt>
            <dd className="font-semibold tabular-nums" data-testid={`auc-${m.key}`}>
              {m.auc == null ? "–" : m.auc.toFixed(3)}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-muted-foreground">Lift of band {m.topBand.label}</dt>
            <dd className="font-semibold tabular-nums" data-testid={`lift-${m.key}`}>
              {m.topBand.lift == null ? "–" : `${m.topBand.lift.toFixed(2)}×`}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-muted-foreground">Mean score at cutoff</dt>
            <dd className="font-semibold tabular-nums">{m.meanScore.toFixed(1)}</dd>
          </div>
        </dl>
        <table className="w-full text-sm">
          <caption className="sr-only">Conversion by band for {m.label}</caption>
          <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="py-1">Band</th>
              <th scope="col" className="py-1 text-right">Accounts</th>
              <th scope="col" className="py-1 text-right">Converted</th>
              <th scope="col" className="py-1 text-right">Conversion</th>
              <th scope="col" className="py-1 text-right">95 % interval</th>
              <th scope="col" className="py-1 text-right">Lift</th>
            </tr>
          </thead>
          <tbody>
            {m.bands.map((b) => (
              <tr key={b.label} className="border-t" data-testid={`bt-${m.key}-band-${b.label}`}>
                <th scope="row" className="py-1 text-left">
                  <BandBadge band={b.label} />
                </th>
                <td className="py-1 text-right tabular-nums">{formatValue(b.accounts, "integer")}</td>
                <td className="py-1 text-right tabular-nums">{formatValue(b.converted, "integer")}</td>
                <td className="py-1 text-right font-medium tabular-nums" data-testid="conversion">
                  {pct(b.conversion.rate)}
                </td>
                <td className="py-1 text-right tabular-nums text-muted-foreground">{b.conversion.rate == null ? "–" : `${pct(b.conversion.low)}–${pct(b.conversion.high)}`}</td>
                <td className="py-1 text-right tabular-nums">{b.lift == null ? "–" : `${b.lift.toFixed(2)}×`}</td>
              </tr>
            ))}
            <tr className="border-t text-muted-foreground">
              <th scope="row" className="py-1 text-left text-xs font-medium">
                All
              </th>
              <td className="py-1 text-right tabular-nums">{formatValue(m.overall.accounts, "integer")}</td>
              <td className="py-1 text-right tabular-nums">{formatValue(m.overall.converted, "integer")}</td>
              <td className="py-1 text-right tabular-nums">{pct(m.overall.conversion.rate)}</td>
              <td />
              <td />
            </tr>
          </tbody>
        </table>
        {m.bands.some((b) => b.lowSample && b.accounts > 0) ? (
          <p className="text-xs text-muted-foreground">Bands with fewer than 30 accounts or 10 conversions are small samples: their interval is wide.</p>
        ) : null}
      </CardContent>
    </Card>
  );
}

function ConversionChart({ r }: { r: BacktestResult }) {
  const labels = r.models[0]!.bands.map((b) => b.label);
  const rows = labels.map((label) => {
    const row: Record<string, string | number | null> = { band: label };
    for (const m of r.models) row[m.key] = m.bands.find((b) => b.label === label)?.conversion.rate ?? null;
    return row;
  });
  const axis = rateAxis(rows.flatMap((row) => r.models.map((m) => row[m.key] as number | null)));
  const colors = [seriesColor(1), seriesColor(5)];
  return (
    <ChartContainer
      id="backtest-conversion"
      title="Conversion by band"
      description="Share of each band's accounts that converted in the horizon, per version."
      summary={r.models.map((m) => `${m.label}: ${m.bands.map((b) => `${b.label} ${pct(b.conversion.rate)}`).join(", ")}`).join(". ")}
      columns={[{ key: "band", label: "Band", rowHeader: true }, ...r.models.map((m) => ({ key: m.key, label: m.label, format: "percent" as const }))]}
      rows={rows}
    >
      <BarChart responsive style={{ width: "100%", height: 220 }} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="band" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} tickFormatter={(x: string) => `Band ${x}`} />
        <YAxis domain={axis.domain} ticks={axis.ticks} tick={AXIS_TICK} axisLine={false} tickLine={false} width={52} tickFormatter={(v: number) => formatTick(v, "percent")} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          isAnimationActive={false}
          content={<ChartTooltip titleKey="band" titlePrefix="Band " lines={r.models.map((m, k) => ({ key: m.key, label: m.label, format: "percent" as const, color: colors[k % 2] }))} />}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {r.models.map((m, k) => (
          <Bar key={m.key} dataKey={m.key} name={m.label} fill={colors[k % 2]} isAnimationActive={false} maxBarSize={36} />
        ))}
      </BarChart>
    </ChartContainer>
  );
}
