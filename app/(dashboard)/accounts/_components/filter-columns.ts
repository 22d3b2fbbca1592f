/**
 * The list's filters as TanStack column filters and back: each filter belongs to a column (some to
 * columns that are never shown, like "band"), so the toolbar can draw the filter UI from the columns.
 */
import type { ColumnFiltersState } from "@tanstack/react-table";
import { ENGAGED_PRESETS, type AccountFilters, type OwnerFilter } from "../search-params";
import type { LifecycleStage } from "@/lib/vocabulary";

type Range = [number | undefined, number | undefined];

const range = (min: number | undefined, max: number | undefined): Range | undefined => (min === undefined && max === undefined ? undefined : [min, max]);

/** Filters → column filters (column id → value). */
export function toColumnFilters(f: AccountFilters): ColumnFiltersState {
  const out: ColumnFiltersState = [];
  const add = (id: string, value: unknown) => {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) return;
    out.push({ id, value });
  };
  add("band", f.band);
  add("score", range(f.scoreMin, f.scoreMax));
  add("owner", f.owner === undefined ? undefined : String(f.owner));
  add("industry", f.industry);
  add("country", f.country);
  add("region", f.region);
  add("employees", range(f.employeesMin, f.employeesMax));
  add("revenue", range(f.revenueMin, f.revenueMax));
  add("technologies", f.tech);
  add("stage", f.stage);
  add("openOpp", f.openOpp ? true : undefined);
  add("lastActivity", f.engagedDays === undefined ? undefined : String(f.engagedDays));
  return out;
}

/** Column filters → filters; the search text is kept from `previous` (it is not a column filter). */
export function fromColumnFilters(filters: ColumnFiltersState, previous: AccountFilters): AccountFilters {
  const get = (id: string) => filters.find((x) => x.id === id)?.value;
  const list = (id: string) => {
    const v = get(id);
    return Array.isArray(v) && v.length ? (v as string[]) : undefined;
  };
  const rng = (id: string) => (get(id) as Range | undefined) ?? [undefined, undefined];
  const owner = get("owner") as string | undefined;
  const engaged = get("lastActivity") as string | undefined;
  const out: AccountFilters = {
    q: previous.q,
    band: list("band"),
    scoreMin: rng("score")[0],
    scoreMax: rng("score")[1],
    industry: list("industry"),
    country: list("country"),
    region: list("region"),
    employeesMin: rng("employees")[0],
    employeesMax: rng("employees")[1],
    revenueMin: rng("revenue")[0],
    revenueMax: rng("revenue")[1],
    tech: list("technologies"),
    owner: owner === undefined ? undefined : owner === "me" || owner === "none" ? owner : (Number(owner) as OwnerFilter),
    stage: list("stage") as LifecycleStage[] | undefined,
    openOpp: get("openOpp") === true ? true : undefined,
    engagedDays: engaged === undefined ? undefined : Number(engaged),
  };
  for (const k of Object.keys(out) as (keyof AccountFilters)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export const ENGAGED_OPTIONS = ENGAGED_PRESETS.map((d) => ({ value: String(d), label: `Last ${d} days` }));
