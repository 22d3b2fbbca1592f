/**
 * The insights filters live in the URL. Each parameter is parsed on its own with zod; one that
 * cannot be read falls back to its default and says so, so a hand-edited or stale link always gives
 * the closest valid dashboard and a clear message, never an error page.
 */
import { z } from "zod";
import { SIZE_SEGMENTS, type InsightsConversion, type SizeSegment } from "@/lib/metrics/insights";
import { DEFAULT_HORIZON_DAYS, MAX_HORIZON_DAYS } from "@/lib/scoring/backtest";
import type { InsightsMode, InsightsNotice, InsightsQuery } from "@/db/queries/insights";

export type RawSearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? "";

const idSchema = z.coerce.number().int().positive();
const textSchema = z.string().max(200);
const sizeSchema = z.enum(SIZE_SEGMENTS.map((s) => s.key) as [SizeSegment, ...SizeSegment[]]);
const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  // Date.parse rolls 2025-02-30 over to March: a date is valid only if it reads back the same.
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
  })
  .transform((s) => Date.parse(`${s}T00:00:00Z`));
const horizonSchema = z.coerce.number().int().min(1).max(MAX_HORIZON_DAYS);
const conversionSchema = z.enum(["pipeline", "win"]);
const modeSchema = z.enum(["backtest", "current"]);

/** The query for getInsights, and a notice per parameter that had to be corrected. */
export interface ParsedInsightsParams {
  query: InsightsQuery;
  notices: InsightsNotice[];
}

/** Reads the dashboard's URL parameters (version, compare, industry, region, size, cutoff, horizon, outcome, mode). */
export function parseInsightsSearchParams(raw: RawSearchParams): ParsedInsightsParams {
  const notices: InsightsNotice[] = [];
  const optionalId = (name: "version" | "compare", field: "versionId" | "compareId", what: string): number | null => {
    const v = first(raw[name]);
    if (v === "" || v === "none") return null;
    const r = idSchema.safeParse(v);
    if (r.success) return r.data;
    notices.push({ level: "error", field, message: `“${v}” is not a version id; showing ${what}.` });
    return null;
  };
  const versionId = optionalId("version", "versionId", "the live version");
  const compareId = optionalId("compare", "compareId", "no comparison");

  const optionalText = (name: "industry" | "region"): string | null => {
    const v = first(raw[name]);
    if (v === "") return null;
    const r = textSchema.safeParse(v);
    if (r.success) return r.data;
    notices.push({ level: "error", field: "segment", message: `The ${name} filter is too long to be a ${name}; showing every ${name}.` });
    return null;
  };
  const industry = optionalText("industry");
  const region = optionalText("region");
  let size: SizeSegment | null = null;
  const sizeRaw = first(raw.size);
  if (sizeRaw !== "") {
    const r = sizeSchema.safeParse(sizeRaw);
    if (r.success) size = r.data;
    else notices.push({ level: "error", field: "segment", message: `“${sizeRaw}” is not a company size (use one of ${SIZE_SEGMENTS.map((s) => s.key).join(", ")}); showing every size.` });
  }

  let cutoff: number | null = null;
  const cutoffRaw = first(raw.cutoff);
  if (cutoffRaw !== "") {
    const r = dateSchema.safeParse(cutoffRaw);
    if (r.success) cutoff = r.data;
    else notices.push({ level: "error", field: "cutoff", message: `“${cutoffRaw}” is not a date (use YYYY-MM-DD); showing the default cutoff.` });
  }

  let horizonDays = DEFAULT_HORIZON_DAYS;
  const horizonRaw = first(raw.horizon);
  if (horizonRaw !== "") {
    const r = horizonSchema.safeParse(horizonRaw);
    if (r.success) horizonDays = r.data;
    else {
      const n = Number(horizonRaw);
      const why = !Number.isFinite(n) || !Number.isInteger(n)
        ? `“${horizonRaw}” is not a whole number of days`
        : n < 1
          ? `a horizon of ${n} days measures nothing: outcomes need at least one day after the cutoff`
          : `a horizon of ${n} days is longer than the ${MAX_HORIZON_DAYS} allowed`;
      notices.push({ level: "error", field: "horizonDays", message: `The horizon must be between 1 and ${MAX_HORIZON_DAYS} days: ${why}. Showing ${DEFAULT_HORIZON_DAYS} days.` });
    }
  }

  let conversion: InsightsConversion = "pipeline";
  const outcomeRaw = first(raw.outcome);
  if (outcomeRaw !== "") {
    const r = conversionSchema.safeParse(outcomeRaw);
    if (r.success) conversion = r.data;
    else notices.push({ level: "error", message: `“${outcomeRaw}” is not an outcome (use pipeline or win); showing pipeline conversion.` });
  }

  let mode: InsightsMode | null = null;
  const modeRaw = first(raw.mode);
  if (modeRaw !== "" && modeRaw !== "auto") {
    const r = modeSchema.safeParse(modeRaw);
    if (r.success) mode = r.data;
    else notices.push({ level: "error", field: "mode", message: `“${modeRaw}” is not a mode (use backtest or current); showing a backtest where history allows.` });
  }

  return { query: { versionId, compareId, segment: { industry, region, size }, cutoff, horizonDays, conversion, mode }, notices };
}

/** The URL of the dashboard for a query (default values left out, so links stay short). */
export function insightsHref(q: Partial<{ version: number | null; compare: number | null; industry: string | null; region: string | null; size: string | null; cutoff: string | null; horizon: number | null; outcome: string | null; mode: string | null }>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== null && v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `/insights?${s}` : "/insights";
}
