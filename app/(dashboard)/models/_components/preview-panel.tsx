"use client";

import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { PreviewResult, MoverRow } from "@/db/queries/model-analysis";
import type { Band } from "@/lib/scoring/model";
import { ChartContainer } from "@/components/charts/chart-container";
import { ChartTooltip } from "@/components/charts/chart-tooltip";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, seriesColor } from "@/components/charts/chart-theme";
import { formatValue } from "@/components/charts/format";
import { BandBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

export interface PreviewPanelProps {
  preview: PreviewResult | null;
  /** "idle" before the first run, "running" while a recomputation is under way. */
  status: "idle" | "running" | "ready" | "error";
  error: string | null;
  /** Why there is no preview (the draft has errors, nothing changed yet, …). */
  blocked: string | null;
  canApplyBands: boolean;
  onApplyBands: (bands: Band[]) => void;
}

const n0 = (x: number) => formatValue(x, "integer");
const signed = (x: number) => (x > 0 ? `+${x.toFixed(1)}` : x.toFixed(1));

/** The live preview: what the edited model would do to every account compared with the live version. */
export function PreviewPanel({ preview, status, error, blocked, canApplyBands, onApplyBands }: PreviewPanelProps) {
  return (
    <section aria-labelledby="preview-title" className="flex flex-col gap-4" data-testid="preview">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="preview-title" className="text-lg font-semibold">
          Preview
        </h2>
        <span className="text-xs text-muted-foreground" role="status" aria-live="polite" data-testid="preview-status">
          {status === "running" ? "Recomputing…" : preview ? `${n0(preview.accounts)} accounts in ${preview.durationMs} ms` : ""}
        </span>
      </div>
      {blocked ? <p className="rounded-md border border-dashed p-4 text-sm text-muted-foreground">{blocked}</p> : null}
      {error ? (
        <p className="rounded-md border border-destructive/50 bg-destructive/5 p-3 text-sm text-destructive" role="alert">
          {error}
        </p>
      ) : null}
      {preview ? <PreviewBody preview={preview} stale={status === "running" || Boolean(blocked)} canApplyBands={canApplyBands} onApplyBands={onApplyBands} /> : null}
    </section>
  );
}

function PreviewBody({ preview, stale, canApplyBands, onApplyBands }: { preview: PreviewResult; stale: boolean; canApplyBands: boolean; onApplyBands: (bands: Band[]) => void }) {
  const c = preview.comparison;
  const base = preview.baseline?.label ?? "nothing published yet";
  const asOf = new Date(preview.asOf).toISOString().slice(0, 16).replace("T", " ");
  return (
    <div className={cn("flex flex-col gap-4 transition-opacity", stale && "opacity-60")}>
      <Card>
        <CardContent className="grid grid-cols-2 gap-3 py-3 text-sm">
          <p className="col-span-2 text-xs text-muted-foreground">
            Draft vs. {base}, both scored as of {asOf} UTC.
          </p>
          <Figure label="Scores that change" value={`${n0(c.changed)} of ${n0(c.compared)}`} testId="preview-changed" />
          <Figure label="Accounts changing band" value={n0(c.bandChanged)} testId="preview-band-changed" />
          <Figure label="Mean score" value={`${c.meanBefore.toFixed(1)} → ${c.meanAfter.toFixed(1)}`} testId="preview-mean" />
          <Figure label="In the top band" value={`${n0(c.bandCounts.before[0] ?? 0)} → ${n0(c.bandCounts.after[0] ?? 0)}`} testId="preview-top-band" />
        </CardContent>
      </Card>
      <HistogramChart preview={preview} />
      <MigrationMatrix preview={preview} />
      <Movers title="Top movers up" rows={c.movers.up} testId="movers-up" />
      <Movers title="Top movers down" rows={c.movers.down} testId="movers-down" />
      <SuggestedBands preview={preview} canApply={canApplyBands} onApply={onApplyBands} />
    </div>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function HistogramChart({ preview }: { preview: PreviewResult }) {
  const h = preview.comparison.histogram;
  const rows = h.bins.map((b, k) => ({ range: b.label, before: h.before[k] ?? 0, after: h.after[k] ?? 0 }));
  const moved = rows.reduce((s, r) => s + Math.abs(r.after - r.before), 0) / 2;
  return (
    <ChartContainer
      id="preview-histogram"
      title="Score distribution"
      description="Accounts per 10-point score bin, live version vs. draft."
      summary={`Histogram of ${n0(preview.comparison.compared)} accounts before and after the change; about ${n0(moved)} accounts change bin.`}
      columns={[
        { key: "range", label: "Score", rowHeader: true },
        { key: "before", label: "Live", format: "integer" },
        { key: "after", label: "Draft", format: "integer" },
      ]}
      rows={rows}
    >
      <BarChart responsive style={{ width: "100%", height: 220 }} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="range" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} interval={1} />
        <YAxis tick={AXIS_TICK} axisLine={false} tickLine={false} width={48} tickFormatter={(v: number) => formatValue(v, "integer", true)} />
        <Tooltip
          cursor={{ fill: "var(--muted)" }}
          isAnimationActive={false}
          content={
            <ChartTooltip
              titleKey="range"
              titlePrefix="Score "
              lines={[
                { key: "before", label: "Live", format: "integer", color: seriesColor(5) },
                { key: "after", label: "Draft", format: "integer", color: seriesColor(1) },
              ]}
            />
          }
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="before" name="Live" fill={seriesColor(5)} isAnimationActive={false} />
        <Bar dataKey="after" name="Draft" fill={seriesColor(1)} isAnimationActive={false} />
      </BarChart>
    </ChartContainer>
  );
}

function MigrationMatrix({ preview }: { preview: PreviewResult }) {
  const c = preview.comparison;
  const { before, after } = c.bandLabels;
  const max = Math.max(1, ...c.migration.flat());
  return (
    <Card data-testid="migration-matrix">
      <CardHeader>
        <CardTitle>Band migration</CardTitle>
        <p className="text-sm text-muted-foreground">Rows: band now (live). Columns: band under the draft. The diagonal stays put.</p>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Accounts moving from each live band (rows) to each draft band (columns)</caption>
          <thead>
            <tr>
              <th scope="col" className="px-2 py-1 text-left text-xs font-medium text-muted-foreground">
                Live ↓ / Draft →
              </th>
              {after.map((l) => (
                <th key={l} scope="col" className="px-2 py-1 text-right">
                  <BandBadge band={l} />
                </th>
              ))}
              <th scope="col" className="px-2 py-1 text-right text-xs font-medium text-muted-foreground">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {before.map((l, x) => (
              <tr key={l} className="border-t">
                <th scope="row" className="px-2 py-1 text-left">
                  <BandBadge band={l} />
                </th>
                {after.map((m, y) => {
                  const v = c.migration[x]?.[y] ?? 0;
                  const stays = l === m;
                  return (
                    <td
                      key={m}
                      className={cn("px-2 py-1 text-right tabular-nums", stays ? "font-semibold" : v ? "text-foreground" : "text-muted-foreground")}
                      style={v && !stays ? { background: `color-mix(in oklch, var(--primary) ${Math.round(8 + 30 * (v / max))}%, transparent)` } : undefined}
                      data-testid={`migration-${l}-${m}`}
                      aria-label={`${n0(v)} accounts from ${l} to ${m}`}
                    >
                      {n0(v)}
                    </td>
                  );
                })}
                <td className="px-2 py-1 text-right tabular-nums text-muted-foreground">{n0(c.bandCounts.before[x] ?? 0)}</td>
              </tr>
            ))}
            <tr className="border-t">
              <th scope="row" className="px-2 py-1 text-left text-xs font-medium text-muted-foreground">
                Total
              </th>
              {after.map((m, y) => (
                <td key={m} className="px-2 py-1 text-right tabular-nums text-muted-foreground" data-testid={`band-after-${m}`}>
                  {n0(c.bandCounts.after[y] ?? 0)}
                </td>
              ))}
              <td className="px-2 py-1 text-right tabular-nums text-muted-foreground">{n0(c.compared)}</td>
            </tr>
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}

function Movers({ title, rows, testId }: { title: string; rows: MoverRow[]; testId: string }) {
  return (
    <Card data-testid={testId}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent className="py-2">
        {rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">No account moves this way.</p>
        ) : (
          <ol className="divide-y text-sm">
            {rows.map((m) => (
              <li key={m.accountId} className="flex items-center justify-between gap-2 py-1.5">
                <div className="min-w-0">
                  <Link href={`/accounts/${m.accountId}`} className="block truncate font-medium hover:underline">
                    {m.name}
                  </Link>
                  {m.domain ? <div className="truncate text-xs text-muted-foreground">{m.domain}</div> : null}
                </div>
                <div className="flex shrink-0 items-center gap-1.5 tabular-nums">
                  <span className="text-muted-foreground">{m.before.toFixed(1)}</span>
                  <span aria-hidden>→</span>
                  <span className="font-semibold">{m.after.toFixed(1)}</span>
                  <span className={cn("w-12 text-right text-xs font-medium", m.delta > 0 ? "text-success" : "text-destructive")}>{signed(m.delta)}</span>
                  {m.bandBeforeLabel !== m.bandAfterLabel ? (
                    <span className="flex items-center gap-0.5" aria-label={`band ${m.bandBeforeLabel} to ${m.bandAfterLabel}`}>
                      <BandBadge band={m.bandBeforeLabel} className="h-5 min-w-5 text-[10px]" />
                      <span aria-hidden className="text-xs">›</span>
                      <BandBadge band={m.bandAfterLabel} className="h-5 min-w-5 text-[10px]" />
                    </span>
                  ) : (
                    <span className="w-[3.1rem]" />
                  )}
                </div>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

function SuggestedBands({ preview, canApply, onApply }: { preview: PreviewResult; canApply: boolean; onApply: (bands: Band[]) => void }) {
  const s = preview.suggestedBands;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Suggested bands</CardTitle>
        <p className="text-sm text-muted-foreground">Thresholds that would put about 5 %, 15 %, 30 % and 50 % of accounts in each band under this draft.</p>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center justify-between gap-3 py-3">
        <ul className="flex flex-wrap gap-3 text-sm" data-testid="suggested-bands">
          {s.map((b) => (
            <li key={b.label} className="flex items-center gap-1.5">
              <BandBadge band={b.label} /> ≥ {b.min}
            </li>
          ))}
        </ul>
        {canApply ? (
          <Button variant="outline" size="sm" onClick={() => onApply(s)}>
            Use these bands
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}
