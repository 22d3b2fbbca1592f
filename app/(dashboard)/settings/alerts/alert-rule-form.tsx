"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/errors";
import { createAlertRuleAction } from "./actions";

export interface AlertRuleFormProps {
  models: { id: number; name: string; isPrimary: boolean }[];
  endpoints: { id: number; name: string; enabled: boolean }[];
  bands: string[];
}

/** A new alert rule: when it fires (kind and its parameter), for which model, and whom it tells. */
export function AlertRuleForm({ models, endpoints, bands }: AlertRuleFormProps) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(createAlertRuleAction, null);
  const [kind, setKind] = useState("enters_band");
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) {
      form.current?.reset();
      setKind("enters_band");
    }
  }, [state]);
  const err = (f: string) => (state && !state.ok ? state.fieldErrors?.[f] : undefined);
  const described = (f: string) => (err(f) ? { "aria-invalid": true, "aria-describedby": `rule-${f}-error` } : {});
  return (
    <form ref={form} action={action} className="grid gap-4 md:grid-cols-2">
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="rule-name">Name</Label>
        <Input id="rule-name" name="name" required placeholder="Hot accounts" autoComplete="off" {...described("name")} />
        <FieldError id="rule-name-error" errors={err("name")} />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="rule-model">Model</Label>
        <Select id="rule-model" name="modelId" defaultValue="">
          <option value="">The primary model</option>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
              {m.isPrimary ? " (primary)" : ""}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="rule-kind">Fires when an account, at a publish,</Label>
        <Select id="rule-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="enters_band">enters a band</option>
          <option value="crosses_score">crosses a score</option>
          <option value="rises_by">rises by at least N points</option>
        </Select>
      </div>
      {kind === "enters_band" ? (
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="rule-band">Band</Label>
          <Select id="rule-band" name="band" defaultValue={bands[0]} {...described("band")}>
            {bands.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </Select>
          <FieldError id="rule-band-error" errors={err("band")} />
        </div>
      ) : kind === "crosses_score" ? (
        <div className="grid grid-cols-2 gap-3">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="rule-score">Score (0–100)</Label>
            <Input id="rule-score" name="score" type="number" min={0} max={100} step={0.1} required defaultValue={80} {...described("score")} />
            <FieldError id="rule-score-error" errors={err("score")} />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="rule-direction">Direction</Label>
            <Select id="rule-direction" name="direction" defaultValue="up">
              <option value="up">upwards</option>
              <option value="down">downwards</option>
            </Select>
          </div>
        </div>
      ) : (
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="rule-points">Points</Label>
          <Input id="rule-points" name="points" type="number" min={0.1} max={100} step={0.1} required defaultValue={10} {...described("points")} />
          <FieldError id="rule-points-error" errors={err("points")} />
        </div>
      )}
      <fieldset className="flex flex-col gap-2 md:col-span-2">
        <legend className="mb-1 text-sm font-medium">Tell</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="notifyOwner" value="on" defaultChecked className="h-4 w-4 accent-primary" aria-describedby={err("notifyOwner") ? "rule-notifyOwner-error" : undefined} />
          the account&apos;s owner (in-app notification)
        </label>
        <div className="flex flex-col gap-1.5 md:max-w-md">
          <Label htmlFor="rule-endpoint">and call the webhook</Label>
          <Select id="rule-endpoint" name="endpointId" defaultValue="">
            <option value="">No webhook</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
                {e.enabled ? "" : " (disabled)"}
              </option>
            ))}
          </Select>
        </div>
        <FieldError id="rule-notifyOwner-error" errors={err("notifyOwner")} />
      </fieldset>
      <div className="flex items-center gap-3 md:col-span-2">
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create rule"}</Button>
        {state ? (
          <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-sm text-muted-foreground" : "text-sm text-destructive"}>
            {state.ok ? state.message : state.fieldErrors ? "Please correct the highlighted fields." : state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
