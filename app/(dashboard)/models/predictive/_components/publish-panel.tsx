"use client";

import Link from "next/link";
import { useId, useState, useTransition } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { publishRunAction, suggestRulesAction, type PublishRunResult } from "../actions";

export interface PublishModelOption {
  id: number;
  name: string;
  isPrimary: boolean;
  /** the live version is rule-based (can be blended with) */
  liveRule: boolean;
}

export interface PublishPanelProps {
  runId: number;
  models: PublishModelOption[];
  defaultName: string;
  /** false when the run's learner has no logistic regression to suggest weights from */
  canSuggest: boolean;
  canPublish: boolean;
  canTrain: boolean;
}

type Errors = Record<string, string[]> | undefined;

function Result({ result, errors }: { result: PublishRunResult | null; errors: Errors }) {
  if (!result) return null;
  if (result.ok) {
    return (
      <p role="status" className="rounded-md border border-success/40 bg-success/5 px-3 py-2 text-sm" data-testid="publish-result">
        {result.message}{" "}
        <Link href={`/models/${result.data!.modelId}/versions`} className="font-medium underline">
          See versions &amp; history
        </Link>
      </p>
    );
  }
  return (
    <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive">
      {result.message}
      {errors?.form ? ` ${errors.form.join(" ")}` : ""}
    </p>
  );
}

/** Where to publish: an existing model (a new version of it) or a new model with a name. */
function TargetFields({ prefix, models, target, setTarget, name, setName, errors }: { prefix: string; models: PublishModelOption[]; target: string; setTarget: (v: string) => void; name: string; setName: (v: string) => void; errors: Errors }) {
  return (
    <>
      <div className="flex flex-col gap-1">
        <Label htmlFor={`${prefix}-target`}>Publish to</Label>
        <Select id={`${prefix}-target`} value={target} onChange={(e) => setTarget(e.target.value)} aria-describedby={errors?.target ? `${prefix}-target-error` : undefined}>
          <option value="new">A new model…</option>
          {models.map((m) => (
            <option key={m.id} value={String(m.id)}>
              {m.name}
              {m.isPrimary ? " (primary score)" : ""} — new version
            </option>
          ))}
        </Select>
        <FieldError id={`${prefix}-target-error`} errors={errors?.target} />
      </div>
      {target === "new" ? (
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${prefix}-name`}>Name of the new model</Label>
          <Input id={`${prefix}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} aria-invalid={errors?.newModelName ? true : undefined} aria-describedby={errors?.newModelName ? `${prefix}-name-error` : undefined} />
          <FieldError id={`${prefix}-name-error`} errors={errors?.newModelName} />
        </div>
      ) : null}
    </>
  );
}

function NoteField({ prefix, note, setNote, errors }: { prefix: string; note: string; setNote: (v: string) => void; errors: Errors }) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={`${prefix}-note`}>Note for the history</Label>
      <Input id={`${prefix}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} placeholder="Why this version?" aria-invalid={errors?.note ? true : undefined} aria-describedby={errors?.note ? `${prefix}-note-error` : undefined} />
      <FieldError id={`${prefix}-note-error`} errors={errors?.note} />
    </div>
  );
}

/**
 * Publishing a finished run: as a predictive version, or blended with a rule-based model's live
 * version (a slider sets the weights); and turning it into a rule-based draft with suggested weights.
 */
export function PublishPanel({ runId, models, defaultName, canSuggest, canPublish, canTrain }: PublishPanelProps) {
  const ruleModels = models.filter((m) => m.liveRule);
  const primaryRule = ruleModels.find((m) => m.isPrimary) ?? ruleModels[0];
  const [pending, start] = useTransition();

  const [pTarget, setPTarget] = useState("new");
  const [pName, setPName] = useState(defaultName);
  const [pNote, setPNote] = useState("");
  const [pResult, setPResult] = useState<PublishRunResult | null>(null);

  const [ruleModelId, setRuleModelId] = useState(primaryRule ? String(primaryRule.id) : "");
  const [weight, setWeight] = useState(60);
  const [bTarget, setBTarget] = useState(primaryRule ? String(primaryRule.id) : "new");
  const [bName, setBName] = useState(`${defaultName} (blended)`);
  const [bNote, setBNote] = useState("");
  const [bResult, setBResult] = useState<PublishRunResult | null>(null);

  const [sName, setSName] = useState(`Suggested by training run #${runId}`);
  const [sResult, setSResult] = useState<{ ok: boolean; message?: string; fieldErrors?: Errors } | null>(null);
  const weightId = useId();

  const pErrors = pResult && !pResult.ok ? pResult.fieldErrors : undefined;
  const bErrors = bResult && !bResult.ok ? bResult.fieldErrors : undefined;

  const publishPredictive = () =>
    start(async () => {
      setPResult(await publishRunAction({ runId, kind: "predictive", target: pTarget, newModelName: pName, note: pNote }));
    });
  const publishBlended = () =>
    start(async () => {
      setBResult(await publishRunAction({ runId, kind: "blended", target: bTarget, newModelName: bName, ruleModelId: ruleModelId ? Number(ruleModelId) : undefined, ruleWeight: weight, note: bNote }));
    });
  const suggest = () =>
    start(async () => {
      const r = await suggestRulesAction({ runId, name: sName });
      if (r) setSResult(r);
    });

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {canPublish ? (
        <Card data-testid="publish-predictive">
          <CardHeader>
            <CardTitle>Publish as a predictive version</CardTitle>
            <p className="text-sm text-muted-foreground">Every account gets score = 100 × its probability, with bands calibrated on today&apos;s accounts. Published like any version: history, rollback, audit.</p>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <TargetFields prefix="pp" models={models} target={pTarget} setTarget={setPTarget} name={pName} setName={setPName} errors={pErrors} />
            <NoteField prefix="pp" note={pNote} setNote={setPNote} errors={pErrors} />
            <div>
              <Button onClick={publishPredictive} disabled={pending} data-testid="publish-predictive-button">
                {pending ? "Publishing…" : "Publish as version"}
              </Button>
            </div>
            <Result result={pResult} errors={pErrors} />
          </CardContent>
        </Card>
      ) : null}

      {canPublish ? (
        <Card data-testid="publish-blended">
          <CardHeader>
            <CardTitle>Publish blended</CardTitle>
            <p className="text-sm text-muted-foreground">score = weight × rule-based score + (1 − weight) × predictive score. Every account&apos;s explanation shows both parts.</p>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            {ruleModels.length === 0 ? (
              <p className="text-sm text-muted-foreground">No model has a live rule-based version to blend with yet. Publish a rule-based model first.</p>
            ) : (
              <>
                <div className="flex flex-col gap-1">
                  <Label htmlFor="bl-rule">Blend with</Label>
                  <Select
                    id="bl-rule"
                    value={ruleModelId}
                    onChange={(e) => {
                      setRuleModelId(e.target.value);
                      if (bTarget === ruleModelId) setBTarget(e.target.value);
                    }}
                    aria-describedby={bErrors?.ruleModelId ? "bl-rule-error" : undefined}
                  >
                    {ruleModels.map((m) => (
                      <option key={m.id} value={String(m.id)}>
                        {m.name} (live rule-based version)
                      </option>
                    ))}
                  </Select>
                  <FieldError id="bl-rule-error" errors={bErrors?.ruleModelId} />
                </div>
                <div className="flex flex-col gap-1">
                  <Label htmlFor={weightId}>Weight of the rule-based score</Label>
                  <input
                    id={weightId}
                    type="range"
                    min={0}
                    max={100}
                    step={5}
                    value={weight}
                    onChange={(e) => setWeight(Number(e.target.value))}
                    aria-valuetext={`${weight} % rule-based, ${100 - weight} % predictive`}
                    className="accent-[var(--primary)]"
                    data-testid="blend-weight"
                  />
                  <p className="flex justify-between text-sm tabular-nums" aria-hidden>
                    <span>{weight} % rule-based</span>
                    <span>{100 - weight} % predictive</span>
                  </p>
                  <FieldError id="bl-weight-error" errors={bErrors?.ruleWeight} />
                </div>
                <TargetFields prefix="bl" models={models} target={bTarget} setTarget={setBTarget} name={bName} setName={setBName} errors={bErrors} />
                <NoteField prefix="bl" note={bNote} setNote={setBNote} errors={bErrors} />
                <div>
                  <Button onClick={publishBlended} disabled={pending} data-testid="publish-blended-button">
                    {pending ? "Publishing…" : "Publish blended"}
                  </Button>
                </div>
              </>
            )}
            <Result result={bResult} errors={bErrors} />
          </CardContent>
        </Card>
      ) : null}

      {canTrain ? (
        <Card className="lg:col-span-2" data-testid="suggest-rules">
          <CardHeader>
            <CardTitle>Suggest rule weights</CardTitle>
            <p className="text-sm text-muted-foreground">
              A new rule-based model whose draft holds the category weights and criterion points this model&apos;s logistic regression suggests (10 points per unit of
              log-odds), for you to review, preview and backtest before publishing.
            </p>
          </CardHeader>
          <CardContent className="flex flex-wrap items-end gap-3">
            {canSuggest ? (
              <>
                <div className="flex min-w-64 flex-1 flex-col gap-1">
                  <Label htmlFor="sg-name">Name of the rule-based model</Label>
                  <Input id="sg-name" value={sName} onChange={(e) => setSName(e.target.value)} maxLength={100} aria-describedby={sResult?.fieldErrors?.name ? "sg-name-error" : undefined} />
                  <FieldError id="sg-name-error" errors={sResult?.fieldErrors?.name} />
                </div>
                <Button variant="outline" onClick={suggest} disabled={pending} data-testid="suggest-rules-button">
                  Create rule-based draft
                </Button>
                {sResult && !sResult.ok ? (
                  <p role="alert" className="w-full text-sm text-destructive">
                    {sResult.message}
                  </p>
                ) : null}
              </>
            ) : (
              <p className="text-sm text-muted-foreground">This run trained boosted trees only; train with the recommended learner or logistic regression to get rule weights.</p>
            )}
            <Link href="/models" className={buttonClass("ghost", "sm")}>
              All models
            </Link>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
