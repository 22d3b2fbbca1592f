/**
 * Point-in-time backtest of rule-model definitions (PRODUCT.md "Backtest"): score every account
 * using only data known at a cutoff T, then measure what happened in the horizon after T. Several
 * definitions (a draft and the published version) are judged side by side on the same accounts
 * and outcomes: conversion by band, lift of the top band, and AUC of score vs. outcome.
 *
 * Pure: the caller supplies the snapshot (db/snapshot.ts in the app, a synthetic one in the bench).
 */
import { auc, bandMetrics, outcomesFromSnapshot, DAY_MS, type BandStats, type RateEstimate } from "@/lib/metrics";
import type { ScoringSnapshot } from "@/lib/snapshot";
import { CompiledModel, compileModel } from "./engine";
import type { RuleModelDefinition } from "./model";

/** What counts as "converted" in the horizon. */
export type BacktestConversion = "pipeline" | "win";

/** Longest horizon accepted, in days (three years). */
export const MAX_HORIZON_DAYS = 1095;
/** Default horizon, in days. */
export const DEFAULT_HORIZON_DAYS = 180;
/** How far before the latest activity the default cutoff lies, in days (about six months). */
export const DEFAULT_CUTOFF_LEAD_DAYS = 182;

/** A definition to backtest, under a key the caller recognises ("draft", "published", a version id). */
export interface BacktestModelInput {
  key: string;
  label: string;
  /** A validated definition, or one compiled for the same snapshot (reused across cutoffs). */
  model: RuleModelDefinition | CompiledModel;
}

/** Options of `runBacktest`. */
export interface BacktestOptions {
  /** Cutoff T, epoch ms. */
  cutoff: number;
  horizonDays: number;
  /** Default "pipeline": an opportunity created in the horizon. */
  conversion?: BacktestConversion;
  /** "Today" for the validation of the window (default Date.now()). */
  now?: number;
}

/** A problem with the requested window, addressed to the form field that causes it. */
export interface BacktestIssue {
  field: "cutoff" | "horizonDays";
  message: string;
}

/** One band's outcome in the backtest of one definition. */
export interface BacktestBand {
  label: string;
  accounts: number;
  shareOfAccounts: number | null;
  converted: number;
  conversion: RateEstimate;
  /** Band conversion ÷ overall conversion. */
  lift: number | null;
  lowSample: boolean;
  lowSampleReason: string | null;
}

/** The backtest of one definition. */
export interface BacktestModelResult {
  key: string;
  label: string;
  bands: BacktestBand[];
  overall: BacktestBand;
  /** The highest band (first in the definition) and its lift over the overall conversion. */
  topBand: { label: string; accounts: number; conversion: number | null; lift: number | null };
  /** ROC AUC of score vs. outcome over the eligible accounts; null when undefined. */
  auc: number | null;
  /**
   * True when every band converts at least as well as the band below it (empty bands skipped)
   * and the top band converts strictly better than the bottom one: the ranking "works".
   */
  monotone: boolean;
  /** Mean score at the cutoff. */
  meanScore: number;
}

/** Result of `runBacktest`. */
export interface BacktestResult {
  cutoff: number;
  horizonDays: number;
  /** End of the outcome window (exclusive). */
  windowEnd: number;
  conversion: BacktestConversion;
  /** Accounts that existed before the cutoff (the population measured). */
  population: number;
  /** Of those, accounts that converted in the horizon. */
  converted: number;
  models: BacktestModelResult[];
  /** Caveats worth showing next to the numbers (horizon past today, small sample, …). */
  notes: string[];
}

/** The latest activity time in a snapshot (NaN when there is none). */
export function latestActivityAt(snapshot: ScoringSnapshot): number {
  const at = snapshot.activities.at;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < at.length; k++) if (at[k] > max) max = at[k];
  return max === Number.NEGATIVE_INFINITY ? Number.NaN : max;
}

/** UTC midnight of the day containing `t`. */
function utcDay(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/**
 * The default window: a cutoff about six months before the latest activity (at UTC midnight), and
 * a 180-day horizon, so that the whole horizon lies in known history. Falls back to `now` when the
 * snapshot has no activity.
 */
export function defaultBacktestWindow(snapshot: ScoringSnapshot, now: number = Date.now()): { cutoff: number; horizonDays: number } {
  const latest = latestActivityAt(snapshot);
  const anchor = Number.isFinite(latest) ? Math.min(latest, now) : now;
  return { cutoff: utcDay(anchor - DEFAULT_CUTOFF_LEAD_DAYS * DAY_MS), horizonDays: DEFAULT_HORIZON_DAYS };
}

/** Validates the shape of a window before anything is scored. */
export function validateBacktestWindow(cutoff: number, horizonDays: number, now: number = Date.now()): BacktestIssue[] {
  const issues: BacktestIssue[] = [];
  if (!Number.isFinite(cutoff)) issues.push({ field: "cutoff", message: "Pick a cutoff date." });
  else if (cutoff >= now) issues.push({ field: "cutoff", message: "The cutoff date is in the future: pick a date in the past, so that outcomes after it are known." });
  if (!Number.isFinite(horizonDays) || !Number.isInteger(horizonDays)) issues.push({ field: "horizonDays", message: "The horizon must be a whole number of days." });
  else if (horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS) issues.push({ field: "horizonDays", message: `The horizon must be between 1 and ${MAX_HORIZON_DAYS} days.` });
  return issues;
}

/** Thrown by `runBacktest` when the window cannot be measured; `issues` are field-level. */
export class BacktestWindowError extends Error {
  constructor(readonly issues: BacktestIssue[]) {
    super(issues.map((i) => i.message).join(" "));
    this.name = "BacktestWindowError";
  }
}

const toBand = (s: BandStats, conversion: BacktestConversion): BacktestBand => ({
  label: s.label,
  accounts: s.accounts,
  shareOfAccounts: s.shareOfAccounts,
  converted: conversion === "pipeline" ? s.accountsWithOpportunity : s.accountsWithWin,
  conversion: conversion === "pipeline" ? s.pipelineConversion : s.winConversion,
  lift: conversion === "pipeline" ? s.liftPipeline : s.liftWin,
  lowSample: s.lowSample,
  lowSampleReason: s.lowSampleReason,
});

function isMonotone(bands: BacktestBand[]): boolean {
  const rates = bands.filter((b) => b.accounts > 0).map((b) => b.conversion.rate ?? 0);
  if (rates.length < 2) return false;
  for (let k = 1; k < rates.length; k++) if (rates[k]! > rates[k - 1]!) return false;
  return rates[0]! > rates[rates.length - 1]!;
}

/**
 * Backtests each definition at `cutoff` over `horizonDays`: scores as of the cutoff (point in time:
 * activities, intent and opportunities dated before T only), outcomes in [T, T + horizon), over the
 * accounts that existed before T. Throws `BacktestWindowError` for a window that cannot be
 * measured (cutoff in the future, no account before it, no conversion in the horizon).
 */
export function runBacktest(snapshot: ScoringSnapshot, models: readonly BacktestModelInput[], opts: BacktestOptions): BacktestResult {
  const now = opts.now ?? Date.now();
  const conversion = opts.conversion ?? "pipeline";
  const issues = validateBacktestWindow(opts.cutoff, opts.horizonDays, now);
  if (issues.length) throw new BacktestWindowError(issues);
  const { cutoff, horizonDays } = opts;
  const outcomes = outcomesFromSnapshot(snapshot, cutoff, horizonDays);
  const label = conversion === "pipeline" ? outcomes.gotOpportunity : outcomes.won;
  let population = 0;
  let converted = 0;
  for (let i = 0; i < snapshot.n; i++) {
    if (!outcomes.eligible[i]) continue;
    population++;
    converted += label[i];
  }
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  if (population === 0) throw new BacktestWindowError([{ field: "cutoff", message: `No account existed before ${day(cutoff)}: pick a later cutoff.` }]);
  if (converted === 0) {
    const what = conversion === "pipeline" ? "got an opportunity" : "won a deal";
    throw new BacktestWindowError([
      {
        field: "cutoff",
        message: `No account ${what} between ${day(cutoff)} and ${day(outcomes.end)}, so there is nothing to measure the scores against: pick an earlier cutoff or a longer horizon.`,
      },
    ]);
  }

  const results = models.map((m): BacktestModelResult => {
    const compiledModel = m.model instanceof CompiledModel ? m.model : compileModel(m.model, snapshot);
    const bandsDef = compiledModel.def.bands;
    const cols = compiledModel.scoreAll(cutoff);
    const metrics = bandMetrics({ score: cols.scores, band: cols.bands, outcomes, bands: bandsDef, conversion });
    const bands = metrics.bands.map((b) => toBand(b, conversion));
    const top = bands[0]!;
    const a = auc(cols.scores, label, outcomes.eligible);
    return {
      key: m.key,
      label: m.label,
      bands,
      overall: toBand(metrics.overall, conversion),
      topBand: { label: top.label, accounts: top.accounts, conversion: top.accounts ? top.conversion.rate : null, lift: top.lift },
      auc: a.auc,
      monotone: isMonotone(bands),
      meanScore: metrics.overall.score?.mean ?? 0,
    };
  });

  const notes: string[] = [];
  if (outcomes.end > now) {
    notes.push(`The horizon runs past today (${day(now)}): outcomes after today are not known yet, so conversion is understated.`);
  }
  if (converted < 30) notes.push(`Only ${converted} accounts converted in the horizon: read the differences between bands with care.`);
  for (const r of results) {
    if (r.topBand.accounts === 0) notes.push(`${r.label}: no account reached band ${r.topBand.label} at the cutoff, so the top band has no lift.`);
  }
  return { cutoff, horizonDays, windowEnd: outcomes.end, conversion, population, converted, models: results, notes };
}
