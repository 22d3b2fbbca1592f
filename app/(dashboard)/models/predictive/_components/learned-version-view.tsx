import Link from "next/link";
import { BandBadge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { GROUP_LABEL, LEARNER_LABEL, OUTCOME_LABEL, isoDay, parseLearnedDefinition, predictivePart } from "@/lib/predictive-scoring";

const when = (t: number | null | undefined) => (t == null ? "–" : new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC");

export interface LearnedVersionViewProps {
  model: { id: number; name: string; isPrimary: boolean };
  version: { id: number; version: number; status: string; definition: unknown; note: string | null; createdAt: number; createdBy: string | null; publishedAt: number | null; publishedBy: string | null };
  live: { id: number; version: number } | null;
}

/**
 * A predictive or blended version on the model page (the rule editor only edits rule-based
 * versions): what it was trained on, how it did on held-out data, its blend and its bands.
 */
export function LearnedVersionView({ model, version, live }: LearnedVersionViewProps) {
  const parsed = parseLearnedDefinition(version.definition);
  return (
    <section className="flex flex-col gap-4" data-testid="learned-version">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
            <Link href="/models" className="hover:underline">
              Models
            </Link>
          </nav>
          <h1 className="text-2xl font-semibold tracking-tight">
            {model.name}
            {model.isPrimary ? <span className="ml-2 rounded-full border px-2 py-0.5 align-middle text-xs font-medium text-muted-foreground">Primary score</span> : null}
          </h1>
          <p className="text-sm text-muted-foreground">
            Version {version.version} · {version.status === "published" ? "live" : version.status}
            {live && live.id !== version.id ? ` (version ${live.version} is live)` : ""}
          </p>
        </div>
        <Link href={`/models/${model.id}/versions`} className={buttonClass("outline", "md")}>
          Versions &amp; history
        </Link>
      </header>
      {!parsed.ok ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm">
          This version cannot be read: {parsed.message}.
        </p>
      ) : (
        (() => {
          const def = parsed.value;
          const part = predictivePart(def);
          return (
            <div className="grid gap-4 lg:grid-cols-2">
              <Card>
                <CardHeader>
                  <CardTitle>{def.kind === "blended" ? `Blended: ${Math.round(def.ruleWeight * 100)} % rule-based, ${Math.round((1 - def.ruleWeight) * 100)} % predictive` : "Predictive"}</CardTitle>
                  <p className="text-sm text-muted-foreground">
                    {def.kind === "blended"
                      ? `score = ${def.ruleWeight.toFixed(2)} × the rule-based score of ${def.rule.name} + ${(1 - def.ruleWeight).toFixed(2)} × 100 × the predicted probability.`
                      : "score = 100 × the predicted probability."}
                  </p>
                </CardHeader>
                <CardContent>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
                    <dt className="text-muted-foreground">Predicts</dt>
                    <dd>
                      {OUTCOME_LABEL[part.outcome]} within {part.horizonDays} days
                    </dd>
                    <dt className="text-muted-foreground">Trained on</dt>
                    <dd>
                      {part.sample.rows.toLocaleString("en-US")} accounts as of {isoDay(part.cutoff)} ({part.sample.positives.toLocaleString("en-US")} positive,{" "}
                      {part.sample.negatives.toLocaleString("en-US")} negative)
                    </dd>
                    <dt className="text-muted-foreground">Held-out AUC</dt>
                    <dd className="tabular-nums">{part.heldOutAuc === null ? "–" : part.heldOutAuc.toFixed(3)}</dd>
                    <dt className="text-muted-foreground">Features</dt>
                    <dd>{part.groups.map((g) => GROUP_LABEL[g].split(" (")[0]).join(", ")}</dd>
                    <dt className="text-muted-foreground">Learner</dt>
                    <dd>{LEARNER_LABEL[part.learner]}</dd>
                    {part.trainingRunId ? (
                      <>
                        <dt className="text-muted-foreground">Training run</dt>
                        <dd>
                          <Link href={`/models/predictive/${part.trainingRunId}`} className="underline">
                            #{part.trainingRunId}: evaluation, lift and calibration
                          </Link>
                        </dd>
                      </>
                    ) : null}
                  </dl>
                </CardContent>
              </Card>
              <Card>
                <CardHeader>
                  <CardTitle>Bands and history</CardTitle>
                </CardHeader>
                <CardContent className="flex flex-col gap-3 text-sm">
                  <ul className="flex flex-wrap gap-3">
                    {def.bands.map((b, k) => (
                      <li key={b.label} className="flex items-center gap-1.5">
                        <BandBadge band={b.label} /> {k === 0 ? `≥ ${b.min}` : `${b.min}–${def.bands[k - 1]!.min - 0.1}`}
                      </li>
                    ))}
                  </ul>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
                    <dt className="text-muted-foreground">Created</dt>
                    <dd>
                      {when(version.createdAt)} by {version.createdBy ?? "system"}
                    </dd>
                    <dt className="text-muted-foreground">Published</dt>
                    <dd>{version.publishedAt ? `${when(version.publishedAt)} by ${version.publishedBy ?? "system"}` : "–"}</dd>
                    <dt className="text-muted-foreground">Note</dt>
                    <dd>{version.note ?? "–"}</dd>
                  </dl>
                  <p className="text-muted-foreground">Learned versions are not edited: train again and publish a new version, or roll back from the history.</p>
                </CardContent>
              </Card>
            </div>
          );
        })()
      )}
    </section>
  );
}
