import { CalibrationChart } from "@/components/charts/calibration-chart";
import { LiftChart } from "@/components/charts/lift-chart";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { OUTCOME_LABEL, isoDay, type TrainingReport } from "@/lib/predictive-scoring";

const GROUP_LABEL: Record<string, string> = { fit: "Fit", engagement: "Engagement", intent: "Intent", relationship: "Relationship" };
const n = (v: number) => v.toLocaleString("en-US");
const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;

function Figure({ label, value, suffix, detail, testId }: { label: string; value: string; suffix?: string; detail: React.ReactNode; testId?: string }) {
  return (
    <Card>
      <CardContent className="flex flex-col gap-1 py-4">
        <span className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</span>
        <span className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-3xl font-semibold tabular-nums" data-testid={testId}>
            {value}
          </span>
          {suffix ? <span className="text-base tabular-nums text-muted-foreground">{suffix}</span> : null}
        </span>
        <span className="text-xs text-muted-foreground">{detail}</span>
      </CardContent>
    </Card>
  );
}

/** How good a held-out AUC is, in words. */
function aucWords(auc: number): string {
  if (auc >= 0.85) return "strong ranking";
  if (auc >= 0.75) return "good ranking";
  if (auc >= 0.65) return "useful ranking";
  if (auc > 0.55) return "weak ranking";
  return "no better than chance";
}

/** The held-out evaluation of a finished run: headline figures, lift, calibration, feature importance. */
export function RunReport({ report }: { report: TrainingReport }) {
  const r = report;
  const outcome = OUTCOME_LABEL[r.params.outcome];
  const cv = r.crossValidation;
  const maxImportance = Math.max(1e-9, ...r.importance.features.map((f) => f.importance));
  return (
    <div className="flex flex-col gap-4" data-testid="run-report">
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Figure
          label="Held-out AUC"
          value={r.heldOutAuc.toFixed(3)}
          testId="held-out-auc"
          detail={
            r.timeSplit ? (
              <>
                {aucWords(r.heldOutAuc)}. Time-based: trained on features as of {isoDay(r.timeSplit.trainCutoff)} ({n(r.timeSplit.trainPositives)} positive), tested on {n(r.timeSplit.testRows)}{" "}
                accounts as of {isoDay(r.timeSplit.testCutoff)}.
              </>
            ) : (
              <>{aucWords(r.heldOutAuc)}. From cross-validation (the time-based check was not possible).</>
            )
          }
        />
        <Figure
          label="Cross-validation AUC"
          value={cv.auc.toFixed(3)}
          suffix={`± ${cv.aucStd.toFixed(3)}`}
          testId="cv-auc"
          detail={`Mean ± spread over ${cv.folds} stratified folds (per fold: ${cv.perFold.map((f) => f.auc.toFixed(2)).join(", ")}).`}
        />
        <Figure
          label="Outcomes"
          value={`${n(r.sample.positives)} / ${n(r.sample.negatives)}`}
          testId="outcome-counts"
          detail={`Accounts with / without an ${outcome} in the horizon (${pct(r.sample.baseRate)} base rate), of ${n(r.sample.rows)} that existed before the cutoff.`}
        />
        <Figure
          label="Log loss"
          value={cv.logLoss.toFixed(3)}
          suffix={`Brier ${cv.brier.toFixed(3)}`}
          detail={r.timeSplit ? `Cross-validation means; time-based ${r.timeSplit.logLoss.toFixed(3)} and Brier ${r.timeSplit.brier.toFixed(3)}. Lower is better.` : "Cross-validation means. Lower is better."}
        />
      </div>

      {r.warnings.length ? (
        <div role="note" className="rounded-md border border-warning/50 bg-warning/10 px-4 py-3 text-sm" data-testid="run-warnings">
          <p className="font-medium">Read these before publishing</p>
          <ul className="mt-1 list-disc pl-5">
            {r.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="grid gap-4 xl:grid-cols-2">
        <LiftChart
          conversionLabel={outcome}
          rows={r.lift.map((d) => ({
            decile: d.decile,
            lift: d.lift,
            rate: d.rate,
            accounts: d.accounts,
            converted: d.positives,
            minScore: d.minScore === null ? null : d.minScore * 100,
            maxScore: d.maxScore === null ? null : d.maxScore * 100,
          }))}
        />
        <CalibrationChart outcomeLabel={outcome} rows={r.calibration.map((b) => ({ bin: b.bin, count: b.count, predicted: b.predicted, observed: b.observed }))} />
      </div>

      <Card data-testid="feature-importance">
        <CardHeader>
          <CardTitle>What drives the prediction</CardTitle>
          <p className="text-sm text-muted-foreground">
            Mean absolute effect on the log-odds over the training accounts; ↑ higher values (or having it) raise the probability, ↓ lower it, ↕ the effect depends on the
            value.
          </p>
        </CardHeader>
        <CardContent className="grid gap-6 lg:grid-cols-[3fr_2fr]">
          <ol className="flex flex-col gap-1.5" aria-label="Features by importance">
            {r.importance.features.slice(0, 15).map((f) => (
              <li key={f.name} className="grid grid-cols-[minmax(0,1fr)_8rem] items-center gap-3 text-sm">
                <span className="min-w-0">
                  <span aria-hidden className={cn("mr-1.5 inline-block w-3 text-center font-bold", f.direction === "raises" ? "text-success" : f.direction === "lowers" ? "text-destructive" : "text-muted-foreground")}>
                    {f.direction === "raises" ? "↑" : f.direction === "lowers" ? "↓" : "↕"}
                  </span>
                  <span className="font-medium">{f.name}</span>
                  <span className="sr-only"> {f.direction === "mixed" ? "depends on the value" : f.direction === "raises" ? "raises the probability" : "lowers the probability"}</span>
                  <span className="ml-2 text-xs text-muted-foreground">{GROUP_LABEL[f.group] ?? f.group}</span>
                </span>
                <span className="flex items-center gap-2">
                  <span className="h-2 flex-1 rounded-full bg-muted">
                    <span className={cn("block h-2 rounded-full", f.direction === "lowers" ? "bg-destructive/70" : f.direction === "raises" ? "bg-success/80" : "bg-muted-foreground/60")} style={{ width: `${Math.max(3, (100 * f.importance) / maxImportance)}%` }} />
                  </span>
                  <span className="w-10 text-right text-xs tabular-nums text-muted-foreground">{f.importance.toFixed(2)}</span>
                </span>
              </li>
            ))}
          </ol>
          <div>
            <h3 className="mb-2 text-sm font-semibold">By field</h3>
            <table className="w-full text-sm">
              <caption className="sr-only">Share of the model&apos;s total effect per source field</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="py-1">Field</th>
                  <th scope="col" className="py-1 text-right">Share</th>
                </tr>
              </thead>
              <tbody>
                {r.importance.columns.slice(0, 10).map((c) => (
                  <tr key={c.column} className="border-t">
                    <th scope="row" className="py-1 text-left font-normal">
                      {c.column}
                    </th>
                    <td className="py-1 text-right tabular-nums">{(c.share * 100).toFixed(1)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-3 text-xs text-muted-foreground">
              {n(r.features.count)} features from {n(r.features.columns.length)} fields.
              {r.features.dropped.length ? ` Left out: ${r.features.dropped.map((d) => `${d.column} (${d.reason})`).join("; ")}.` : ""}
            </p>
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
