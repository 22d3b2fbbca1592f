/**
 * The ranked accounts list's state lives in the URL: filters, sort, page, page size, visible columns
 * and density. `parseAccountListParams` turns any query string (hand-edited, stale, shared) into the
 * closest valid state plus a list of what it had to drop; `serializeAccountListState` writes the
 * canonical query string back (defaults omitted), so the same state always has the same URL.
 *
 * Shared by the server page, the client table (to build links), the CSV export route and saved views.
 */
import { z } from "zod";
import { LIFECYCLE_STAGES, type LifecycleStage } from "@/lib/vocabulary";

export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;

/** Columns the list can be sorted by (each has an index-friendly plan; see db/queries/accounts.ts). */
export const SORT_IDS = ["score", "trend", "name", "employees", "revenue", "lastActivity"] as const;
export type SortId = (typeof SORT_IDS)[number];
export interface SortState {
  id: SortId;
  desc: boolean;
}
export const DEFAULT_SORT: SortState = { id: "score", desc: true };

/** Columns of the table, in their default order; `defaultHidden` ones are off until chosen. */
export const COLUMN_IDS = [
  "rank",
  "name",
  "score",
  "trend",
  "reasons",
  "industry",
  "country",
  "region",
  "employees",
  "revenue",
  "technologies",
  "stage",
  "status",
  "owner",
  "lastActivity",
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];
export const DEFAULT_HIDDEN: readonly ColumnId[] = ["region", "revenue", "technologies", "stage", "status"];
/** Always shown: without them a row means nothing. */
export const REQUIRED_COLUMNS: readonly ColumnId[] = ["name", "score"];
export const DEFAULT_COLUMNS: readonly ColumnId[] = COLUMN_IDS.filter((c) => !DEFAULT_HIDDEN.includes(c));

export const DENSITIES = ["comfortable", "compact"] as const;
export type Density = (typeof DENSITIES)[number];

/** Preset windows offered for "engaged in the last N days"; any whole number of days 1–3650 is accepted. */
export const ENGAGED_PRESETS = [7, 14, 30, 90] as const;

export const MAX_SEARCH_LENGTH = 100;
const MAX_VALUES = 50;
const MAX_PAGE = 1_000_000;

/** Who the list is narrowed to: the signed-in user, nobody (unassigned) or a given user id. */
export type OwnerFilter = "me" | "none" | number;

export interface AccountFilters {
  q?: string;
  band?: string[];
  scoreMin?: number;
  scoreMax?: number;
  industry?: string[];
  country?: string[];
  region?: string[];
  employeesMin?: number;
  employeesMax?: number;
  revenueMin?: number;
  revenueMax?: number;
  tech?: string[];
  owner?: OwnerFilter;
  stage?: LifecycleStage[];
  openOpp?: boolean;
  engagedDays?: number;
}

export interface AccountListState {
  page: number;
  perPage: PageSize;
  sort: SortState;
  filters: AccountFilters;
  /** Visible columns in display order. */
  columns: ColumnId[];
  density: Density;
}

export interface ParseResult {
  state: AccountListState;
  /** Human-readable notes about what in the URL was ignored or adjusted (empty for a clean URL). */
  issues: string[];
}

export type RawSearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

/** The keys the list understands; anything else in the URL is ignored (and reported). */
export const PARAM_KEYS = [
  "q",
  "band",
  "score",
  "industry",
  "country",
  "region",
  "employees",
  "revenue",
  "tech",
  "owner",
  "stage",
  "open",
  "engaged",
  "sort",
  "page",
  "perPage",
  "cols",
  "density",
] as const;

export function defaultState(): AccountListState {
  return { page: 1, perPage: DEFAULT_PAGE_SIZE, sort: { ...DEFAULT_SORT }, filters: {}, columns: [...DEFAULT_COLUMNS], density: "comfortable" };
}

function valuesOf(raw: RawSearchParams, key: string): string[] {
  if (raw instanceof URLSearchParams) return raw.getAll(key);
  const v = raw[key];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function keysOf(raw: RawSearchParams): string[] {
  return raw instanceof URLSearchParams ? [...new Set(raw.keys())] : Object.keys(raw);
}

const textValue = z.string().trim().min(1).max(200);
const intString = z.string().trim().regex(/^\d{1,15}$/).transform(Number);
const numberString = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/)
  .transform(Number)
  .refine((n) => Number.isFinite(n));

/** "a-b", "a-" or "-b" → bounds (either may be missing); null when malformed. */
function parseRange(text: string, lo: number, hi: number): { min?: number; max?: number } | null {
  const m = /^\s*([0-9.]*)\s*-\s*([0-9.]*)\s*$/.exec(text);
  if (!m) return null;
  const min = m[1] ? numberString.safeParse(m[1]) : null;
  const max = m[2] ? numberString.safeParse(m[2]) : null;
  if ((min && !min.success) || (max && !max.success)) return null;
  let a = min?.success ? Math.min(hi, Math.max(lo, min.data)) : undefined;
  let b = max?.success ? Math.min(hi, Math.max(lo, max.data)) : undefined;
  if (a === undefined && b === undefined) return null;
  if (a !== undefined && b !== undefined && a > b) [a, b] = [b, a];
  return { min: a, max: b };
}

function formatRange(min: number | undefined, max: number | undefined): string | undefined {
  if (min === undefined && max === undefined) return undefined;
  return `${min ?? ""}-${max ?? ""}`;
}

export interface ParseOptions {
  /** Band labels of the live model, highest first; unknown labels are dropped. */
  bands?: readonly string[];
}

/**
 * Parses search params into the closest valid list state. Never throws: unknown keys, malformed values
 * and out-of-range numbers are dropped or clamped, and each adjustment is reported in `issues`.
 * The page is clamped to 1..1,000,000 here; the page beyond the last one is clamped by the page itself.
 */
export function parseAccountListParams(raw: RawSearchParams, opts: ParseOptions = {}): ParseResult {
  const state = defaultState();
  const issues: string[] = [];
  const f = state.filters;
  const one = (key: string): string | undefined => {
    const all = valuesOf(raw, key);
    if (all.length > 1) issues.push(`“${key}” was given ${all.length} times; the first one was used.`);
    return all[0];
  };
  const list = (key: string, label: string, allowed?: readonly string[]): string[] | undefined => {
    const out: string[] = [];
    for (const v of valuesOf(raw, key).flatMap((x) => (allowed ? x.split(",") : [x]))) {
      const p = textValue.safeParse(v);
      if (!p.success) continue;
      const value = allowed ? allowed.find((a) => a.toLowerCase() === p.data.toLowerCase()) : p.data;
      if (value === undefined) {
        issues.push(`Unknown ${label} “${p.data.slice(0, 40)}” was ignored.`);
        continue;
      }
      if (!out.includes(value)) out.push(value);
    }
    if (out.length > MAX_VALUES) {
      issues.push(`Only the first ${MAX_VALUES} ${label} values were used.`);
      out.length = MAX_VALUES;
    }
    return out.length ? out : undefined;
  };

  for (const key of keysOf(raw)) {
    if (!(PARAM_KEYS as readonly string[]).includes(key)) issues.push(`Unknown filter “${key.slice(0, 40)}” was ignored.`);
  }

  const q = one("q");
  if (q !== undefined) {
    // Control characters never belong in a search (and the list index uses two as separators).
    // eslint-disable-next-line no-control-regex -- that is exactly what is matched here
    const t = q.replace(/[\u0000-\u001f\u007f]/g, " ").trim().replace(/\s+/g, " ");
    if (t.length > MAX_SEARCH_LENGTH) issues.push(`The search text was shortened to ${MAX_SEARCH_LENGTH} characters.`);
    if (t) f.q = t.slice(0, MAX_SEARCH_LENGTH);
  }
  f.band = list("band", "band", opts.bands);
  f.industry = list("industry", "industry");
  f.country = list("country", "country");
  f.region = list("region", "region");
  f.tech = list("tech", "technology");
  f.stage = list("stage", "lifecycle stage", LIFECYCLE_STAGES) as LifecycleStage[] | undefined;

  const ranges: [string, string, number, number, "score" | "employees" | "revenue"][] = [
    ["score", "score range", 0, 100, "score"],
    ["employees", "employee range", 0, 10_000_000, "employees"],
    ["revenue", "revenue range", 0, 1e15, "revenue"],
  ];
  for (const [key, label, lo, hi, name] of ranges) {
    const v = one(key);
    if (v === undefined || v.trim() === "") continue;
    const r = parseRange(v, lo, hi);
    if (!r) {
      issues.push(`The ${label} “${v.slice(0, 40)}” is not valid (use e.g. ${key === "score" ? "60-100" : "200-5000"}) and was ignored.`);
      continue;
    }
    (f as Record<string, number | undefined>)[`${name}Min`] = r.min;
    (f as Record<string, number | undefined>)[`${name}Max`] = r.max;
  }

  const owner = one("owner");
  if (owner !== undefined && owner !== "") {
    const o = owner.trim().toLowerCase();
    if (o === "me" || o === "none") f.owner = o;
    else {
      const id = intString.safeParse(o);
      if (id.success && id.data > 0 && id.data <= 2_147_483_647) f.owner = id.data;
      else issues.push(`Unknown owner “${owner.slice(0, 40)}” was ignored.`);
    }
  }

  const open = one("open");
  if (open !== undefined && open !== "") {
    if (["1", "true", "yes"].includes(open.trim().toLowerCase())) f.openOpp = true;
    else if (!["0", "false", "no"].includes(open.trim().toLowerCase())) issues.push(`“open=${open.slice(0, 20)}” is not valid (use open=1) and was ignored.`);
  }

  const engaged = one("engaged");
  if (engaged !== undefined && engaged !== "") {
    const d = intString.safeParse(engaged);
    if (d.success && d.data >= 1) {
      f.engagedDays = Math.min(3650, d.data);
      if (d.data > 3650) issues.push("“Engaged in the last N days” was limited to 3650 days.");
    } else issues.push(`“engaged=${engaged.slice(0, 20)}” is not a number of days and was ignored.`);
  }

  const sort = one("sort");
  if (sort !== undefined && sort !== "") {
    const [id, dir] = sort.trim().split(".");
    if ((SORT_IDS as readonly string[]).includes(id ?? "") && (dir === "asc" || dir === "desc" || dir === undefined)) {
      state.sort = { id: id as SortId, desc: dir !== "asc" };
    } else issues.push(`Sorting by “${sort.slice(0, 40)}” is not possible; sorted by score instead.`);
  }

  const perPage = one("perPage");
  if (perPage !== undefined && perPage !== "") {
    const n = Number(perPage);
    if ((PAGE_SIZES as readonly number[]).includes(n)) state.perPage = n as PageSize;
    else issues.push(`${PAGE_SIZES.join(", ")} rows per page are possible; showing ${DEFAULT_PAGE_SIZE}.`);
  }

  const page = one("page");
  if (page !== undefined && page !== "") {
    const n = intString.safeParse(page);
    if (n.success && n.data >= 1) state.page = Math.min(MAX_PAGE, n.data);
    else issues.push(`Page “${page.slice(0, 20)}” does not exist; showing the first page.`);
  }

  const cols = one("cols");
  if (cols !== undefined && cols !== "") {
    const wanted = cols.split(",").map((c) => c.trim()).filter((c): c is ColumnId => (COLUMN_IDS as readonly string[]).includes(c));
    const unique = [...new Set(wanted)];
    for (const r of REQUIRED_COLUMNS) if (!unique.includes(r)) unique.splice(r === "name" ? 0 : Math.min(1, unique.length), 0, r);
    state.columns = unique;
  }
  const density = one("density");
  if (density !== undefined && density !== "") {
    if ((DENSITIES as readonly string[]).includes(density)) state.density = density as Density;
    else issues.push(`Density “${density.slice(0, 20)}” is unknown; using comfortable.`);
  }
  return { state, issues };
}

function sameList(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The canonical query string of a state (without "?"): defaults are left out, multi-valued filters are
 * repeated keys, so `parse(serialize(s))` gives back `s`.
 */
export function serializeAccountListState(state: AccountListState, opts: { includeView?: boolean; includePage?: boolean } = {}): string {
  const p = new URLSearchParams();
  const f = state.filters;
  if (f.q) p.set("q", f.q);
  for (const b of f.band ?? []) p.append("band", b);
  const score = formatRange(f.scoreMin, f.scoreMax);
  if (score) p.set("score", score);
  for (const v of f.industry ?? []) p.append("industry", v);
  for (const v of f.country ?? []) p.append("country", v);
  for (const v of f.region ?? []) p.append("region", v);
  const employees = formatRange(f.employeesMin, f.employeesMax);
  if (employees) p.set("employees", employees);
  const revenue = formatRange(f.revenueMin, f.revenueMax);
  if (revenue) p.set("revenue", revenue);
  for (const v of f.tech ?? []) p.append("tech", v);
  if (f.owner !== undefined) p.set("owner", String(f.owner));
  for (const v of f.stage ?? []) p.append("stage", v);
  if (f.openOpp) p.set("open", "1");
  if (f.engagedDays) p.set("engaged", String(f.engagedDays));
  if (state.sort.id !== DEFAULT_SORT.id || state.sort.desc !== DEFAULT_SORT.desc) p.set("sort", `${state.sort.id}.${state.sort.desc ? "desc" : "asc"}`);
  if ((opts.includePage ?? true) && state.page > 1) p.set("page", String(state.page));
  if (state.perPage !== DEFAULT_PAGE_SIZE) p.set("perPage", String(state.perPage));
  if (opts.includeView ?? true) {
    if (!sameList(state.columns, DEFAULT_COLUMNS)) p.set("cols", state.columns.join(","));
    if (state.density !== "comfortable") p.set("density", state.density);
  }
  return p.toString();
}

/** The href of the list in a given state. */
export function accountsHref(state: AccountListState): string {
  const q = serializeAccountListState(state);
  return q ? `/accounts?${q}` : "/accounts";
}

/** How many filters are active (for the "Reset" button and summaries). */
export function activeFilterCount(f: AccountFilters): number {
  let n = 0;
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    if (k.endsWith("Max") && (f as Record<string, unknown>)[k.replace(/Max$/, "Min")] !== undefined) continue;
    n++;
  }
  return n;
}
