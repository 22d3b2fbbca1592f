/**
 * Per-account outcomes (opportunities created, deals won and lost, amounts, sales cycles) inside a
 * time window, read from a scoring snapshot. These are what the success metrics measure a score
 * against.
 */
import { OPPORTUNITY_STAGE, type ScoringSnapshot } from "@/lib/snapshot";

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** Data problems met while extracting outcomes; each affected deal is counted, not silently dropped. */
export interface OutcomeWarnings {
  /** Won deals in the window whose close date precedes their creation date: excluded from cycle lengths. */
  closedBeforeCreated: number;
  /** Won deals in the window without an amount: counted as wins, excluded from average deal size. */
  wonWithoutAmount: number;
  /** Won or lost deals without a close date: cannot be placed in time, so left out of every measure. */
  closedWithoutDate: number;
  /** Opportunities without a creation date: left out of pipeline and cycle measures. */
  missingCreatedAt: number;
}

/**
 * Outcomes of every account in a window [start, end). Arrays are indexed by account position.
 * Per-account sales cycles are stored as CSR runs: account i's cycle lengths (days) are
 * `cycleDays[cycleOffsets[i] .. cycleOffsets[i+1]-1]`.
 */
export interface AccountOutcomes {
  n: number;
  /** Window in epoch ms, start inclusive, end exclusive (either may be infinite). */
  start: number;
  end: number;
  /**
   * 1 when the account belongs in the population: in a backtest, it existed before the cutoff
   * (created before start, or creation unknown); in current mode, always 1.
   */
  eligible: Uint8Array;
  /** 1 when at least one opportunity was created in the window (pipeline conversion). */
  gotOpportunity: Uint8Array;
  /** 1 when at least one deal was won (closed as won) in the window (win conversion). */
  won: Uint8Array;
  /** Opportunities created in the window. */
  opportunitiesCreated: Int32Array;
  /** Of those, still open at the end of the window (a closed deal without a close date counts as open). */
  openDeals: Int32Array;
  /** Deals closed as won in the window. */
  wonDeals: Int32Array;
  /** Deals closed as lost in the window. */
  lostDeals: Int32Array;
  /** Sum of the known amounts of deals won in the window (zero-amount wins add 0). */
  wonAmount: Float64Array;
  /** Number of deals won in the window whose amount is known (the denominator of average deal size). */
  wonWithAmount: Int32Array;
  /** Sum of the known amounts of opportunities created in the window, whatever their stage. */
  pipelineAmount: Float64Array;
  cycleOffsets: Int32Array;
  /** Days from creation to close-won for deals won in the window (negative cycles excluded). */
  cycleDays: Float64Array;
  warnings: OutcomeWarnings;
}

/** Options of the outcome extractors. */
export interface OutcomeOptions {
  /**
   * Count a win only when the deal was also created in the window. Default false: a deal that was
   * already open at the cutoff and is won within the horizon counts as a win (the question is
   * "which accounts will close business soon"). Set true to measure only brand-new business.
   */
  winsRequireNewOpportunity?: boolean;
}

/**
 * Outcomes in the window [start, end): opportunities with createdAt in the window, and deals with
 * closedAt in the window (their final stage decides won or lost; a deal closing at or after `end`
 * was still open at the end of the window).
 */
export function outcomesInWindow(s: ScoringSnapshot, start: number, end: number, opts: OutcomeOptions = {}, eligibleBefore?: number): AccountOutcomes {
  const n = s.n;
  const o = s.opportunities;
  const eligible = new Uint8Array(n);
  const gotOpportunity = new Uint8Array(n);
  const won = new Uint8Array(n);
  const opportunitiesCreated = new Int32Array(n);
  const openDeals = new Int32Array(n);
  const wonDeals = new Int32Array(n);
  const lostDeals = new Int32Array(n);
  const wonAmount = new Float64Array(n);
  const wonWithAmount = new Int32Array(n);
  const pipelineAmount = new Float64Array(n);
  const cycleOffsets = new Int32Array(n + 1);
  const cycles: number[] = [];
  const warnings: OutcomeWarnings = { closedBeforeCreated: 0, wonWithoutAmount: 0, closedWithoutDate: 0, missingCreatedAt: 0 };
  const requireNew = opts.winsRequireNewOpportunity ?? false;

  for (let i = 0; i < n; i++) {
    const created = s.createdAt[i];
    eligible[i] = eligibleBefore === undefined || !(created >= eligibleBefore) ? 1 : 0;
    cycleOffsets[i] = cycles.length;
    for (let k = o.offsets[i]; k < o.offsets[i + 1]; k++) {
      const createdAt = o.createdAt[k];
      const closedAt = o.closedAt[k];
      const stage = o.stage[k];
      const amount = o.amount[k];
      const hasCreated = !Number.isNaN(createdAt);
      if (!hasCreated) warnings.missingCreatedAt++;
      const createdIn = hasCreated && createdAt >= start && createdAt < end;
      if (createdIn) {
        opportunitiesCreated[i]++;
        gotOpportunity[i] = 1;
        if (!Number.isNaN(amount)) pipelineAmount[i] += amount;
        if (stage === OPPORTUNITY_STAGE.open || !(closedAt < end)) openDeals[i]++;
      }
      if (stage === OPPORTUNITY_STAGE.open) continue;
      if (Number.isNaN(closedAt)) {
        warnings.closedWithoutDate++;
        continue;
      }
      if (!(closedAt >= start && closedAt < end)) continue;
      if (requireNew && !createdIn) continue;
      if (stage === OPPORTUNITY_STAGE.lost) {
        lostDeals[i]++;
        continue;
      }
      wonDeals[i]++;
      won[i] = 1;
      if (Number.isNaN(amount)) warnings.wonWithoutAmount++;
      else {
        wonAmount[i] += amount;
        wonWithAmount[i]++;
      }
      if (hasCreated) {
        const days = (closedAt - createdAt) / DAY_MS;
        if (days < 0) warnings.closedBeforeCreated++;
        else cycles.push(days);
      }
    }
  }
  cycleOffsets[n] = cycles.length;
  return {
    n, start, end, eligible, gotOpportunity, won, opportunitiesCreated, openDeals, wonDeals, lostDeals,
    wonAmount, wonWithAmount, pipelineAmount, cycleOffsets, cycleDays: Float64Array.from(cycles), warnings,
  };
}

/**
 * Backtest outcomes: what happened in the horizon after a cutoff T, i.e. the window
 * [T, T + horizonDays). The window starts *at* T because `stageAsOf`/point-in-time features treat a
 * record dated exactly T as not yet known at T, so it must belong to the outcome side, never to
 * neither. Only accounts that existed before T are `eligible`.
 */
export function outcomesFromSnapshot(s: ScoringSnapshot, cutoff: number, horizonDays: number, opts: OutcomeOptions = {}): AccountOutcomes {
  if (!Number.isFinite(cutoff)) throw new RangeError("outcomesFromSnapshot: cutoff must be a finite epoch-ms time");
  if (!(horizonDays > 0)) throw new RangeError("outcomesFromSnapshot: horizonDays must be positive");
  return outcomesInWindow(s, cutoff, cutoff + horizonDays * DAY_MS, opts, cutoff);
}

/**
 * "Current" outcomes for the insights dashboard: everything in the period [from, to) (all time by
 * default), every account eligible.
 */
export function currentOutcomes(s: ScoringSnapshot, period: { from?: number; to?: number } = {}, opts: OutcomeOptions = {}): AccountOutcomes {
  return outcomesInWindow(s, period.from ?? Number.NEGATIVE_INFINITY, period.to ?? Number.POSITIVE_INFINITY, opts);
}
