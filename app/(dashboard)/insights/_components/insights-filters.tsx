"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import Link from "next/link";
import { Button, buttonClass } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";

interface Option {
  value: string;
  label: string;
}

export interface InsightsFiltersProps {
  versions: Option[];
  industries: Option[];
  regions: Option[];
  sizes: Option[];
  /** Current values, as strings ("" = all / none / automatic). */
  values: { version: string; compare: string; industry: string; region: string; size: string; cutoff: string; horizon: string; outcome: string; mode: string };
  maxHorizon: number;
  /** Latest day a cutoff may take (yesterday), YYYY-MM-DD. */
  maxCutoff: string;
  /** Messages per field, from correcting the request. */
  errors: Partial<Record<"version" | "compare" | "segment" | "cutoff" | "horizon" | "mode", string[]>>;
}

const FIELDS = ["version", "compare", "industry", "region", "size", "cutoff", "horizon", "outcome", "mode"] as const;

/**
 * The dashboard filters: a GET form whose fields are the URL parameters, so it works without
 * JavaScript; with it, submitting navigates in place and leaves empty fields out of the URL.
 */
export function InsightsFilters({ versions, industries, regions, sizes, values, maxHorizon, maxCutoff, errors }: InsightsFiltersProps) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const describedBy = (name: keyof InsightsFiltersProps["errors"]) => (errors[name]?.length ? `insights-${name}-error` : undefined);
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const params = new URLSearchParams();
    for (const f of FIELDS) {
      const v = String(data.get(f) ?? "").trim();
      if (v !== "") params.set(f, v);
    }
    const qs = params.toString();
    start(() => router.push(qs ? `/insights?${qs}` : "/insights"));
  };
  return (
    <form method="get" action="/insights" onSubmit={onSubmit} aria-label="Insights filters" className="rounded-lg border bg-card p-4" aria-busy={pending}>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <div className="flex flex-col gap-1">
          <Label htmlFor="f-version">Model version</Label>
          <Select id="f-version" name="version" defaultValue={values.version} aria-invalid={Boolean(errors.version?.length)} aria-describedby={describedBy("version")}>
            {versions.map((v) => (
              <option key={v.value} value={v.value}>
                {v.label}
              </option>
            ))}
          </Select>
          <FieldError id="insights-version-error" errors={errors.version} />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="f-compare">Compare with</Label>
          <Select id="f-compare" name="compare" defaultValue={values.compare} aria-invalid={Boolean(errors.compare?.length)} aria-describedby={describedBy("compare")}>
            <option value="">No comparison</option>
            {versions.map((v) => (
              <option key={v.value} value={v.value}>
                {v.label}
              </option>
            ))}
          </Select>
          <FieldError id="insights-compare-error" errors={errors.compare} />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="f-outcome">Outcome</Label>
          <Select id="f-outcome" name="outcome" defaultValue={values.outcome}>
            <option value="pipeline">Pipeline: an opportunity was created</option>
            <option value="win">Win: a deal was won</option>
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="f-cutoff">Cutoff date</Label>
          <Input
            id="f-cutoff"
            name="cutoff"
            type="date"
            defaultValue={values.cutoff}
            max={maxCutoff}
            aria-invalid={Boolean(errors.cutoff?.length)}
            aria-describedby={describedBy("cutoff") ?? "f-cutoff-hint"}
          />
          <span id="f-cutoff-hint" className="sr-only">Scores are computed from data known on this date; outcomes are measured after it.</span>
          <FieldError id="insights-cutoff-error" errors={errors.cutoff} />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="f-horizon">Horizon (days)</Label>
          <Input
            id="f-horizon"
            name="horizon"
            type="number"
            inputMode="numeric"
            min={1}
            max={maxHorizon}
            step={1}
            defaultValue={values.horizon}
            aria-invalid={Boolean(errors.horizon?.length)}
            aria-describedby={describedBy("horizon")}
          />
          <FieldError id="insights-horizon-error" errors={errors.horizon} />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="f-industry">Industry</Label>
          <Select id="f-industry" name="industry" defaultValue={values.industry} aria-invalid={Boolean(errors.segment?.length)} aria-describedby={describedBy("segment")}>
            <option value="">All industries</option>
            {industries.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="f-region">Region</Label>
          <Select id="f-region" name="region" defaultValue={values.region} aria-invalid={Boolean(errors.segment?.length)} aria-describedby={describedBy("segment")}>
            <option value="">All regions</option>
            {regions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="f-size">Company size</Label>
          <Select id="f-size" name="size" defaultValue={values.size} aria-invalid={Boolean(errors.segment?.length)} aria-describedby={describedBy("segment")}>
            <option value="">All sizes</option>
            {sizes.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="f-mode">Scores</Label>
          <Select id="f-mode" name="mode" defaultValue={values.mode} aria-invalid={Boolean(errors.mode?.length)} aria-describedby={describedBy("mode")}>
            <option value="">Backtest (as of the cutoff)</option>
            <option value="current">Current scores vs recent outcomes</option>
          </Select>
          <FieldError id="insights-mode-error" errors={errors.mode} />
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Updating…" : "Apply"}
          </Button>
          <Link href="/insights" className={buttonClass("ghost")}>
            Reset
          </Link>
        </div>
      </div>
      <FieldError id="insights-segment-error" errors={errors.segment} />
    </form>
  );
}
