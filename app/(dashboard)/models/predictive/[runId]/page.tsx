import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/app/_lib/guards";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { getTrainingRun, publishTargets } from "@/db/queries/training";
import { can } from "@/lib/auth/policy";
import { GROUP_LABEL, LEARNER_LABEL, OUTCOME_LABEL, describeParams, isoDay } from "@/lib/predictive-scoring";
import { PublishPanel } from "../_components/publish-panel";
import { RunProgress } from "../_components/run-progress";
import { RunReport } from "../_components/run-report";

export const metadata: Metadata = { title: "Training run" };

const when = (t: number | null | undefined) => (t == null ? "–" : new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC");

export default async function TrainingRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const user = await requirePageUser("models:read");
  const raw = (await params).runId;
  const runId = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(runId) || runId <= 0) notFound();
  const handle = getDb();
  const run = await getTrainingRun(handle, runId);
  if (!run) notFound();
  const p = run.params;
  const live = run.status === "queued" || run.status === "running";
  const canPublish = can(user.role, "models:publish");
  const canTrain = can(user.role, "predictive:train");
  const targets = run.status === "succeeded" && (canPublish || canTrain) ? await publishTargets(handle) : [];
  return (
    <section className="flex flex-col gap-5">
      <header className="flex flex-col gap-1">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/models" className="hover:underline">
            Models
          </Link>{" "}
          /{" "}
          <Link href="/models/predictive" className="hover:underline">
            Predictive
          </Link>
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">Training run #{run.id}</h1>
        <p className="text-sm text-muted-foreground">Predicts: {describeParams(p)}.</p>
      </header>

      <Card>
        <CardContent className="flex flex-col gap-4 py-4">
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
            <dt className="text-muted-foreground">Outcome</dt>
            <dd>{OUTCOME_LABEL[p.outcome]} within {p.horizonDays} days</dd>
            <dt className="text-muted-foreground">Training cutoff</dt>
            <dd>{isoDay(p.cutoff)}</dd>
            <dt className="text-muted-foreground">Features</dt>
            <dd>{p.groups.map((g) => GROUP_LABEL[g].split(" (")[0]).join(", ")}</dd>
            <dt className="text-muted-foreground">Learner</dt>
            <dd>{LEARNER_LABEL[p.learner]}</dd>
            <dt className="text-muted-foreground">Started by</dt>
            <dd>{run.createdBy ?? "system"}, {when(run.createdAt)}</dd>
            <dt className="text-muted-foreground">Finished</dt>
            <dd>{when(run.finishedAt)}</dd>
          </dl>
          {live || run.status === "succeeded" ? <RunProgress runId={run.id} initial={{ status: run.status, progress: run.progress, stage: run.stage, error: run.error }} /> : null}
          {run.status === "failed" ? (
            <div role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 px-4 py-3 text-sm" data-testid="run-failed">
              <p className="font-medium text-destructive">Training did not produce a model</p>
              <p className="mt-1">{run.error}</p>
            </div>
          ) : null}
        </CardContent>
      </Card>

      {run.status === "succeeded" && run.report ? (
        <>
          <RunReport report={run.report} />
          {run.publications.length ? (
            <Card data-testid="run-publications">
              <CardHeader>
                <CardTitle>Published from this run</CardTitle>
              </CardHeader>
              <CardContent>
                <ul className="flex flex-col gap-1 text-sm">
                  {run.publications.map((x) => (
                    <li key={x.versionId}>
                      <Link href={`/models/${x.modelId}/versions`} className="font-medium hover:underline">
                        {x.modelName} version {x.version}
                      </Link>{" "}
                      <span className="text-muted-foreground">
                        ({x.kind}, {when(x.at)})
                      </span>
                    </li>
                  ))}
                </ul>
              </CardContent>
            </Card>
          ) : null}
          {canPublish || canTrain ? (
            <PublishPanel
              runId={run.id}
              models={targets}
              defaultName={`Propensity: ${OUTCOME_LABEL[p.outcome]} in ${p.horizonDays} days`}
              canSuggest={run.modelKind !== "gbt"}
              canPublish={canPublish}
              canTrain={canTrain}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
