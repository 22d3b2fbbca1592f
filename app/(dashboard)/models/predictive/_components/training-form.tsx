"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { startTrainingAction, type TrainState } from "../actions";

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export interface TrainingFormProps {
  /** newest record in the data (epoch ms), or null without history */
  latest: number | null;
  earliest: number | null;
  defaultCutoff: number | null;
  defaultHorizon: number;
  groups: { value: string; label: string }[];
  learners: { value: string; label: string }[];
}

/**
 * Choose what to predict and on which history: outcome, horizon, training cutoff, feature groups,
 * learner. The cutoff follows the horizon (newest fully observed window) until it is edited.
 */
export function TrainingForm({ latest, earliest, defaultCutoff, defaultHorizon, groups, learners }: TrainingFormProps) {
  const [state, action, pending] = useActionState<TrainState, FormData>(startTrainingAction, {});
  const v = state.values;
  const [horizon, setHorizon] = useState(String(v?.horizonDays ?? defaultHorizon));
  const [cutoff, setCutoff] = useState(String(v?.cutoff ?? (defaultCutoff ? iso(defaultCutoff) : "")));
  const [cutoffTouched, setCutoffTouched] = useState(Boolean(v?.cutoff));
  const fe = state.fieldErrors ?? {};
  const checked = new Set((v?.groups as string[] | undefined) ?? groups.map((g) => g.value));
  const describe = (name: string) => (fe[name]?.length ? `${name}-error` : undefined);

  const onHorizon = (value: string) => {
    setHorizon(value);
    const h = Number(value);
    if (!cutoffTouched && latest && Number.isInteger(h) && h > 0) setCutoff(iso(Math.floor(latest / DAY) * DAY - h * DAY));
  };

  return (
    <form action={action} className="flex flex-col gap-5" aria-describedby={state.message ? "train-message" : undefined} data-testid="training-form">
      {state.message ? (
        <p id="train-message" role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive" data-testid="training-refused">
          {state.message}
        </p>
      ) : null}
      <div className="grid gap-5 md:grid-cols-2">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Outcome to predict</legend>
          {[
            { value: "opportunity", label: "Opportunity created", hint: "the account opens a deal" },
            { value: "won", label: "Won deal", hint: "the account closes a deal as won" },
          ].map((o) => (
            <label key={o.value} className="flex items-start gap-2 text-sm">
              <input type="radio" name="outcome" value={o.value} defaultChecked={(v?.outcome ?? "opportunity") === o.value} className="mt-1" aria-describedby={describe("outcome")} />
              <span>
                {o.label}
                <span className="block text-xs text-muted-foreground">{o.hint} within the horizon</span>
              </span>
            </label>
          ))}
          <FieldError id="outcome-error" errors={fe.outcome} />
        </fieldset>
        <div className="flex flex-col gap-4">
          <div className="flex flex-col gap-1">
            <Label htmlFor="horizonDays">Horizon (days)</Label>
            <Input
              id="horizonDays"
              name="horizonDays"
              type="number"
              min={14}
              max={365}
              step={1}
              value={horizon}
              onChange={(e) => onHorizon(e.target.value)}
              className="max-w-40"
              aria-invalid={fe.horizonDays ? true : undefined}
              aria-describedby={["horizon-hint", describe("horizonDays")].filter(Boolean).join(" ")}
            />
            <p id="horizon-hint" className="text-xs text-muted-foreground">
              How soon after the cutoff the outcome must happen (14–365 days).
            </p>
            <FieldError id="horizonDays-error" errors={fe.horizonDays} />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="cutoff">Training cutoff</Label>
            <Input
              id="cutoff"
              name="cutoff"
              type="date"
              value={cutoff}
              min={earliest ? iso(earliest) : undefined}
              max={latest ? iso(latest) : undefined}
              onChange={(e) => {
                setCutoff(e.target.value);
                setCutoffTouched(true);
              }}
              className="max-w-48"
              aria-invalid={fe.cutoff ? true : undefined}
              aria-describedby={["cutoff-hint", describe("cutoff")].filter(Boolean).join(" ")}
            />
            <p id="cutoff-hint" className="text-xs text-muted-foreground">
              Features are taken as of this date (only data dated before it); the outcome is counted in the horizon after it. The default is the newest date whose
              whole horizon is in your data{latest ? ` (newest record ${iso(latest)})` : ""}.
            </p>
            <FieldError id="cutoff-error" errors={fe.cutoff} />
          </div>
        </div>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Features</legend>
          {groups.map((g) => (
            <label key={g.value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="groups" value={g.value} defaultChecked={checked.has(g.value)} aria-describedby={describe("groups")} />
              {g.label}
            </label>
          ))}
          <FieldError id="groups-error" errors={fe.groups} />
        </fieldset>
        <div className="flex flex-col gap-1">
          <Label htmlFor="learner">Learner</Label>
          <Select id="learner" name="learner" defaultValue={String(v?.learner ?? "blend")} aria-describedby={describe("learner")}>
            {learners.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </Select>
          <FieldError id="learner-error" errors={fe.learner} />
          <p className="text-xs text-muted-foreground">Rule-weight suggestions need a logistic regression (the recommended learner includes one).</p>
        </div>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending} data-testid="start-training">
          {pending ? "Checking the history…" : "Train model"}
        </Button>
        <p className="text-sm text-muted-foreground">Training runs in the background; you can leave the page.</p>
      </div>
    </form>
  );
}
