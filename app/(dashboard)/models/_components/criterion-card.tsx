"use client";

import type { Criterion, ContactRollupCriterion, LeadScoreRule } from "@/lib/scoring/model";
import { SCORE_CATEGORIES } from "@/lib/vocabulary";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { CheckboxField, ListField, NumberField, SelectField, TextField, type Errors } from "./fields";
import type { EditorValuesProps } from "./editor-types";

export const KIND_LABEL: Record<Criterion["kind"], string> = {
  attribute: "Account attribute",
  has_tag: "Technology tags",
  activity: "Engagement activity",
  intent: "Intent topics",
  won_deals: "Won deals",
  open_opportunity: "Open opportunity",
  customer_status: "Customer status",
  contact_rollup: "Contacts (lead-score roll-up)",
};

const OP_LABEL = {
  equals: "equals",
  in: "is one of",
  not_in: "is none of",
  range: "is between",
  at_least: "is at least",
  at_most: "is at most",
  is_present: "is known",
} as const;

const CATEGORY_OPTIONS = SCORE_CATEGORIES.map((c) => ({ value: c, label: c.charAt(0).toUpperCase() + c.slice(1) }));

export interface CriterionCardProps {
  criterion: Criterion;
  index: number;
  errors: Errors;
  disabled: boolean;
  values: EditorValuesProps;
  onChange: (next: Criterion) => void;
  onRemove: () => void;
}

/** One criterion of the model: header (enabled, label, category, points) and its kind's settings. */
export function CriterionCard({ criterion: c, index, errors, disabled, values, onChange, onRemove }: CriterionCardProps) {
  const at = (field: string) => `criteria.${index}.${field}`;
  const set = (patch: Record<string, unknown>) => {
    const next = { ...c, ...patch } as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
    onChange(next as Criterion);
  };
  const common = { errors, disabled };
  const hasErrors = Object.keys(errors).some((p) => p.startsWith(`criteria.${index}.`) || p === `criteria.${index}`);
  return (
    <li
      className={cn("rounded-lg border bg-card p-4 shadow-xs", !c.enabled && "opacity-70", hasErrors && "border-destructive")}
      data-testid={`criterion-${c.id}`}
      aria-label={`Criterion ${c.label}`}
    >
      <div className="flex flex-wrap items-start gap-3">
        <CheckboxField className="mt-7" label="On" path={at("enabled")} checked={c.enabled} disabled={disabled} onChange={(v) => set({ enabled: v })} />
        <TextField className="min-w-48 flex-1" label="Label" path={at("label")} value={c.label} onChange={(v) => set({ label: v })} maxLength={120} {...common} />
        <SelectField className="w-40" label="Category" path={at("category")} value={c.category} options={CATEGORY_OPTIONS} onChange={(v) => set({ category: v })} {...common} />
        <div className="mt-6 flex items-center gap-2">
          <span className="rounded bg-muted px-2 py-1 text-xs text-muted-foreground">{KIND_LABEL[c.kind]}</span>
          {disabled ? null : (
            <Button variant="ghost" size="sm" onClick={onRemove} aria-label={`Remove criterion ${c.label}`}>
              Remove
            </Button>
          )}
        </div>
      </div>
      <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <KindFields c={c} at={at} set={set} values={values} {...common} />
      </div>
      {errors[`criteria.${index}`] ? <p className="mt-2 text-sm text-destructive">{errors[`criteria.${index}`]!.join(" ")}</p> : null}
    </li>
  );
}

interface KindProps {
  c: Criterion;
  at: (field: string) => string;
  set: (patch: Record<string, unknown>) => void;
  values: EditorValuesProps;
  errors: Errors;
  disabled: boolean;
}

function Points({ at, set, value, errors, disabled, field = "points", label = "Points" }: { at: (f: string) => string; set: (p: Record<string, unknown>) => void; value: number; errors: Errors; disabled: boolean; field?: string; label?: string }) {
  return <NumberField label={label} path={at(field)} value={value} onChange={(v) => set({ [field]: v })} slider={{ min: -50, max: 50 }} errors={errors} disabled={disabled} />;
}

function Decay({ at, set, c, errors, disabled }: { at: (f: string) => string; set: (p: Record<string, unknown>) => void; c: { lookbackDays?: number; halfLifeDays?: number }; errors: Errors; disabled: boolean }) {
  return (
    <>
      <NumberField label="Lookback (days)" path={at("lookbackDays")} value={c.lookbackDays} onChange={(v) => set({ lookbackDays: v })} hint="Empty = all history." errors={errors} disabled={disabled} />
      <NumberField label="Half-life (days)" path={at("halfLifeDays")} value={c.halfLifeDays} onChange={(v) => set({ halfLifeDays: v })} hint="Points halve every this many days; empty = no decay." errors={errors} disabled={disabled} />
    </>
  );
}

function KindFields({ c, at, set, values, errors, disabled }: KindProps) {
  const common = { errors, disabled };
  switch (c.kind) {
    case "attribute": {
      const numeric = values.numericAttributes.includes(c.attribute);
      const attributeOptions = [...Object.keys(values.attributes), ...values.numericAttributes].sort().map((a) => ({ value: a, label: a }));
      const changeOp = (op: string) => {
        const base = { id: c.id, label: c.label, category: c.category, enabled: c.enabled, kind: c.kind, attribute: c.attribute, points: c.points, ...(c.description ? { description: c.description } : {}) };
        const next: Record<string, unknown> = { ...base, op };
        if (op === "equals") next.value = "value" in c && c.value !== undefined ? (Array.isArray(c.value) ? c.value[0] : c.value) : "values" in c ? c.values[0] : "";
        if (op === "in" || op === "not_in") next.values = "values" in c ? c.values : "value" in c && c.value !== undefined && c.value !== "" ? [c.value] : [];
        if (op === "at_least" || op === "at_most") next.value = "value" in c && typeof c.value === "number" ? c.value : 0;
        if (op === "range") {
          next.min = "min" in c ? c.min : 0;
          next.max = "max" in c ? c.max : undefined;
        }
        set({ ...next, value: next.value, values: next.values, min: next.min, max: next.max });
      };
      return (
        <>
          <SelectField label="Attribute" path={at("attribute")} value={c.attribute} options={attributeOptions} onChange={(v) => set({ attribute: v })} {...common} />
          <SelectField label="Test" path={at("op")} value={c.op} options={Object.entries(OP_LABEL).map(([value, label]) => ({ value, label }))} onChange={changeOp} {...common} />
          {c.op === "equals" ? (
            numeric ? (
              <NumberField label="Value" path={at("value")} value={typeof c.value === "number" ? c.value : Number(c.value)} onChange={(v) => set({ value: v })} {...common} />
            ) : (
              <TextField label="Value" path={at("value")} value={String(c.value ?? "")} onChange={(v) => set({ value: v })} {...common} />
            )
          ) : null}
          {c.op === "in" || c.op === "not_in" ? (
            <ListField className="sm:col-span-2" label="Values" path={at("values")} values={c.values} onChange={(v) => set({ values: v })} suggestions={values.attributes[c.attribute] ?? []} numeric={numeric} {...common} />
          ) : null}
          {c.op === "range" ? (
            <>
              <NumberField label="From" path={at("min")} value={c.min} onChange={(v) => set({ min: v })} {...common} />
              <NumberField label="To" path={at("max")} value={c.max} onChange={(v) => set({ max: v })} {...common} />
            </>
          ) : null}
          {c.op === "at_least" || c.op === "at_most" ? <NumberField label="Value" path={at("value")} value={c.value} onChange={(v) => set({ value: v })} {...common} /> : null}
          <Points at={at} set={set} value={c.points} {...common} />
        </>
      );
    }
    case "has_tag":
      return (
        <>
          <ListField className="sm:col-span-2" label="Tags" path={at("tags")} values={c.tags} onChange={(v) => set({ tags: v })} suggestions={values.tags} {...common} />
          <SelectField label="Match" path={at("mode")} value={c.mode} options={[{ value: "any", label: "any of them" }, { value: "all", label: "all of them" }]} onChange={(v) => set({ mode: v })} {...common} />
          <Points at={at} set={set} value={c.points} {...common} />
        </>
      );
    case "activity":
      return (
        <>
          <ListField className="sm:col-span-2" label="Activity types" path={at("activityTypes")} values={c.activityTypes} onChange={(v) => set({ activityTypes: v })} suggestions={values.activityTypes} {...common} />
          <Points at={at} set={set} field="pointsPerEvent" label="Points per event" value={c.pointsPerEvent} {...common} />
          <NumberField label="Cap" path={at("cap")} value={c.cap} onChange={(v) => set({ cap: v })} {...common} />
          <Decay at={at} set={set} c={c} {...common} />
        </>
      );
    case "intent":
      return (
        <>
          <ListField className="sm:col-span-2" label="Topics" path={at("topics")} values={c.topics} onChange={(v) => set({ topics: v })} suggestions={values.topics} {...common} />
          <NumberField label="Minimum strength" path={at("minStrength")} value={c.minStrength} onChange={(v) => set({ minStrength: v })} slider={{ min: 0, max: 100 }} {...common} />
          <Points at={at} set={set} value={c.points} label="Points at strength 100" {...common} />
          <NumberField label="Cap" path={at("cap")} value={c.cap} onChange={(v) => set({ cap: v })} {...common} />
          <Decay at={at} set={set} c={c} {...common} />
        </>
      );
    case "won_deals":
      return (
        <>
          <Points at={at} set={set} field="pointsPerDeal" label="Points per won deal" value={c.pointsPerDeal} {...common} />
          <NumberField label="Cap" path={at("cap")} value={c.cap} onChange={(v) => set({ cap: v })} {...common} />
          <NumberField label="Lookback (days)" path={at("lookbackDays")} value={c.lookbackDays} onChange={(v) => set({ lookbackDays: v })} hint="Empty = all history." {...common} />
        </>
      );
    case "open_opportunity":
      return <Points at={at} set={set} value={c.points} {...common} />;
    case "customer_status":
      return (
        <>
          <SelectField label="Status" path={at("status")} value={c.status} options={[{ value: "customer", label: "Customer" }, { value: "churned", label: "Churned" }]} onChange={(v) => set({ status: v })} {...common} />
          <Points at={at} set={set} value={c.points} {...common} />
        </>
      );
    case "contact_rollup":
      return <RollupFields c={c} at={at} set={set} values={values} {...common} />;
  }
}

const RULE_FIELDS = [
  { value: "buying_role", label: "Buying role" },
  { value: "seniority", label: "Seniority" },
  { value: "department", label: "Department" },
  { value: "title_contains", label: "Title contains" },
];

function RollupFields({ c, at, set, values, errors, disabled }: Omit<KindProps, "c"> & { c: ContactRollupCriterion }) {
  const common = { errors, disabled };
  const r = c.rollup;
  const setRollup = (patch: Record<string, unknown>) => {
    const next = { ...r, ...patch } as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
    set({ rollup: next });
  };
  const changeMethod = (method: string) => {
    const cap = "cap" in r ? r.cap : 20;
    const next: Record<string, unknown> = { method };
    if (method === "capped_sum") next.cap = cap;
    if (method === "top_n") next.n = 3;
    if (method === "role_coverage") Object.assign(next, { pointsPerRole: 10, cap, roles: "roles" in r ? r.roles : undefined });
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
    set({ rollup: next });
  };
  const rules = c.leadScore.rules;
  const setRules = (next: LeadScoreRule[]) => set({ leadScore: { ...c.leadScore, rules: next } });
  const suggestionsFor = (field: string) => (field === "buying_role" ? values.buyingRoles : field === "seniority" ? values.seniorities : field === "department" ? values.departments : []);
  const act = c.leadScore.activity;
  const setActivity = (patch: Record<string, unknown> | null) => {
    if (patch === null) {
      const { activity: _drop, ...rest } = c.leadScore;
      void _drop;
      set({ leadScore: rest });
      return;
    }
    const next = { ...(act ?? { pointsPerEvent: 5, cap: 30 }), ...patch } as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
    set({ leadScore: { ...c.leadScore, activity: next } });
  };
  return (
    <>
      <SelectField
        label="Roll-up"
        path={at("rollup.method")}
        value={r.method}
        options={[
          { value: "role_coverage", label: "Buying-committee coverage" },
          { value: "capped_sum", label: "Sum of lead scores (capped)" },
          { value: "max", label: "Best lead score" },
          { value: "average", label: "Average lead score" },
          { value: "top_n", label: "Sum of the top N" },
        ]}
        onChange={changeMethod}
        {...common}
      />
      {r.method === "capped_sum" || r.method === "role_coverage" ? <NumberField label="Cap" path={at("rollup.cap")} value={r.cap} onChange={(v) => setRollup({ cap: v })} {...common} /> : null}
      {r.method === "top_n" ? <NumberField label="N" path={at("rollup.n")} value={r.n} onChange={(v) => setRollup({ n: v })} {...common} /> : null}
      {r.method === "role_coverage" ? (
        <>
          <NumberField label="Points per role" path={at("rollup.pointsPerRole")} value={r.pointsPerRole} onChange={(v) => setRollup({ pointsPerRole: v })} {...common} />
          <ListField label="Roles that count" path={at("rollup.roles")} values={r.roles ?? []} onChange={(v) => setRollup({ roles: v.length ? v : undefined })} suggestions={values.buyingRoles} hint="Empty = any known role." {...common} />
        </>
      ) : null}
      <NumberField label="Engaged within (days)" path={at("lookbackDays")} value={c.lookbackDays} onChange={(v) => set({ lookbackDays: v })} {...common} />
      <NumberField label="Engaged from lead score" path={at("minLeadScore")} value={c.minLeadScore} onChange={(v) => set({ minLeadScore: v })} hint="Empty = activity only." {...common} />
      <fieldset className="rounded-md border p-3 sm:col-span-2 xl:col-span-4">
        <legend className="px-1 text-sm font-medium">Lead-score rules</legend>
        <ul className="flex flex-col gap-2">
          {rules.map((rule, k) => (
            <li key={k} className="grid grid-cols-1 items-start gap-2 sm:grid-cols-[10rem_1fr_12rem_auto]">
              <SelectField label="Field" path={at(`leadScore.rules.${k}.field`)} value={rule.field} options={RULE_FIELDS} onChange={(v) => setRules(rules.map((x, j) => (j === k ? { ...x, field: v as LeadScoreRule["field"] } : x)))} {...common} />
              <ListField label="Values" path={at(`leadScore.rules.${k}.values`)} values={rule.values} onChange={(v) => setRules(rules.map((x, j) => (j === k ? { ...x, values: v.map(String) } : x)))} suggestions={suggestionsFor(rule.field)} {...common} />
              <NumberField label="Points" path={at(`leadScore.rules.${k}.points`)} value={rule.points} onChange={(v) => setRules(rules.map((x, j) => (j === k ? { ...x, points: v as number } : x)))} {...common} />
              {disabled ? null : (
                <Button variant="ghost" size="sm" className="mt-6" onClick={() => setRules(rules.filter((_, j) => j !== k))} aria-label={`Remove lead-score rule ${k + 1}`}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
        {disabled ? null : (
          <Button variant="outline" size="sm" className="mt-2" onClick={() => setRules([...rules, { field: "buying_role", values: ["champion"], points: 10 }])}>
            Add rule
          </Button>
        )}
        <div className="mt-3 flex flex-col gap-2">
          <CheckboxField label="Contacts' own activity adds to their lead score" path={at("leadScore.activity")} checked={Boolean(act)} disabled={disabled} onChange={(v) => setActivity(v ? {} : null)} />
          {act ? (
            <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
              <NumberField label="Points per activity" path={at("leadScore.activity.pointsPerEvent")} value={act.pointsPerEvent} onChange={(v) => setActivity({ pointsPerEvent: v })} {...common} />
              <NumberField label="Activity cap" path={at("leadScore.activity.cap")} value={act.cap} onChange={(v) => setActivity({ cap: v })} {...common} />
              <NumberField label="Activity half-life (days)" path={at("leadScore.activity.halfLifeDays")} value={act.halfLifeDays} onChange={(v) => setActivity({ halfLifeDays: v })} {...common} />
            </div>
          ) : null}
        </div>
        {errors[at("leadScore")] ? <p className="mt-2 text-sm text-destructive">{errors[at("leadScore")]!.join(" ")}</p> : null}
      </fieldset>
    </>
  );
}

/** A new criterion of a kind, with sensible starting values and a fresh id. */
export function newCriterion(kind: Criterion["kind"], existingIds: readonly string[], values: EditorValuesProps): Criterion {
  let k = 1;
  while (existingIds.includes(`${kind.replace(/_/g, "-")}-${k}`)) k++;
  const id = `${kind.replace(/_/g, "-")}-${k}`;
  const base = { id, enabled: true };
  switch (kind) {
    case "attribute":
      return { ...base, label: "Industry", category: "fit", kind, attribute: values.attributes.industry ? "industry" : (Object.keys(values.attributes)[0] ?? "industry"), op: "in", values: [], points: 10 } as Criterion;
    case "has_tag":
      return { ...base, label: "Technology", category: "fit", kind, tags: [], mode: "any", points: 10 };
    case "activity":
      return { ...base, label: "Web visits", category: "engagement", kind, activityTypes: ["web_visit"], pointsPerEvent: 1, cap: 10, lookbackDays: 90, halfLifeDays: 30 };
    case "intent":
      return { ...base, label: "Intent", category: "intent", kind, topics: [], minStrength: 50, points: 10, cap: 20, lookbackDays: 60, halfLifeDays: 14 };
    case "won_deals":
      return { ...base, label: "Won deals", category: "relationship", kind, pointsPerDeal: 10, cap: 20 };
    case "open_opportunity":
      return { ...base, label: "Open opportunity", category: "relationship", kind, points: 20 };
    case "customer_status":
      return { ...base, label: "Customer", category: "relationship", kind, status: "customer", points: 10 };
    case "contact_rollup":
      return {
        ...base,
        label: "Engaged decision makers",
        category: "engagement",
        kind,
        leadScore: { rules: [{ field: "buying_role", values: ["decision_maker"], points: 20 }] },
        lookbackDays: 90,
        rollup: { method: "max" },
      };
  }
}
