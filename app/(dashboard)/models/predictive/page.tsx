import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { getDb } from "@/db/client";
import { listTrainingRuns, trainingFormDefaults } from "@/db/queries/training";
import { can } from "@/lib/auth/policy";
import { GROUP_LABEL, LEARNER_LABEL, OUTCOME_LABEL, isoDay } from "@/lib/predictive-scoring";
import { SCORE_CATEGORIES } from "@/lib/vocabulary";
import { TrainingForm } from "./_components/training-form";

export const metadata: Metadata = { title: "Predictive models" };

const when = (t: number | null | undefined) => (t == null ? "–" : new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC");

const STATUS: Record<string, { label: string; tone: string }> = {
  queued: { label: "Queued", tone: "bg-muted text-muted-foreground" },
  running: { label: "Training", tone: "bg-accent text-accent-foreground" },
  succeeded: { label: "Ready", tone: "bg-success/15 text-success" },
  failed: { label: "Failed", tone: "bg-destructive/10 text-destructive" },
};

export default async function PredictivePage() {
  const user = await requirePageUser("models:read");
  const handle = getDb();
  const canTrain = can(user.role, "predictive:train");
  const [runs, defaults] = await Promise.all([listTrainingRuns(handle), canTrain ? trainingFormDefaults(handle) : Promise.resolve(null)]);
  return (
    <section className="flex flex-col gap-5">
      <header>
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/models" className="hover:underline">
            Models
          </Link>
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">Predictive models</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">
          Learn from your own won and lost history which accounts convert. Each model is checked on accounts it never saw — AUC, lift, calibration — before you publish
          it on its own or blended with a rule-based model.
        </p>
      </header>

      {canTrain && defaults ? (
        <Card>
          <CardHeader>
            <CardTitle>Train a model</CardTitle>
            <p className="text-sm text-muted-foreground">
              {defaults.accounts.toLocaleString("en-US")} accounts
              {defaults.earliest && defaults.latest ? `, history from ${isoDay(defaults.earliest)} to ${isoDay(defaults.latest)}` : ", no dated history yet"}.
            </p>
          </CardHeader>
          <CardContent>
            <TrainingForm
              latest={defaults.latest}
              earliest={defaults.earliest}
              defaultCutoff={defaults.cutoff}
              defaultHorizon={defaults.horizonDays}
              groups={SCORE_CATEGORIES.map((g) => ({ value: g, label: GROUP_LABEL[g] }))}
              learners={(["blend", "lr", "gbt"] as const).map((l) => ({ value: l, label: LEARNER_LABEL[l] }))}
            />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Training runs</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto p-0">
          {runs.length === 0 ? (
            <p className="px-5 py-6 text-sm text-muted-foreground">{canTrain ? "No model trained yet: choose an outcome above and train one." : "No model trained yet. Marketing trains predictive models."}</p>
          ) : (
            <table className="w-full text-sm" data-testid="training-runs">
              <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="px-4 py-2">Run</th>
                  <th scope="col" className="px-4 py-2">Predicts</th>
                  <th scope="col" className="px-4 py-2">Status</th>
                  <th scope="col" className="px-4 py-2 text-right">Held-out AUC</th>
                  <th scope="col" className="px-4 py-2 text-right">Positive / negative</th>
                  <th scope="col" className="px-4 py-2">Started</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => {
                  const s = STATUS[r.status] ?? { label: r.status, tone: "bg-muted" };
                  return (
                    <tr key={r.id} className="border-b align-top last:border-0 hover:bg-muted/40">
                      <th scope="row" className="px-4 py-2 text-left font-medium">
                        <Link href={`/models/predictive/${r.id}`} className="hover:underline">
                          #{r.id}
                        </Link>
                      </th>
                      <td className="px-4 py-2">
                        {OUTCOME_LABEL[r.params.outcome]} within {r.params.horizonDays} days
                        <div className="text-xs text-muted-foreground">
                          cutoff {isoDay(r.params.cutoff)} · {LEARNER_LABEL[r.params.learner].replace(" (recommended)", "")}
                        </div>
                      </td>
                      <td className="px-4 py-2">
                        <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", s.tone)}>
                          {s.label}
                          {r.status === "running" ? ` ${Math.round(r.progress * 100)}%` : ""}
                        </span>
                        {r.status === "failed" && r.error ? <div className="mt-1 max-w-sm truncate text-xs text-muted-foreground" title={r.error}>{r.error}</div> : null}
                        {r.publications.length ? <div className="mt-1 text-xs text-muted-foreground">published {r.publications.length}×</div> : null}
                      </td>
                      <td className="px-4 py-2 text-right tabular-nums">{r.heldOutAuc === null ? "–" : r.heldOutAuc.toFixed(3)}</td>
                      <td className="px-4 py-2 text-right tabular-nums">{r.positives === null ? "–" : `${r.positives.toLocaleString("en-US")} / ${r.negatives!.toLocaleString("en-US")}`}</td>
                      <td className="px-4 py-2">
                        {when(r.createdAt)}
                        <div className="text-xs text-muted-foreground">{r.createdBy ?? "system"}</div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
    </section>
  );
}
