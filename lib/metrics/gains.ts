/**
 * Rank-based views of a score: cumulative gains ("the top 20 % of accounts by score hold X % of won
 * revenue"), lift by decile, and the score histogram.
 *
 * Ties: accounts with equal scores cannot be ordered by the score, so the curve runs straight across
 * a tie group (the expected curve under random tie-breaking). Deciles are read from that curve, so a
 * tie group straddling a decile boundary is shared proportionally instead of by arbitrary order.
 */
import type { FlagArray, ScoreArray } from "./auc";
import { groupWeights, isRanking, rankScores, scoreAtPosition, type ScoreRanking, type WeightArray } from "./ranking";

export type { WeightArray } from "./ranking";

/** A point of the gains curve. */
export interface GainsPoint {
  /** Share of accounts taken from the top of the ranking, 0..1. */
  share: number;
  /** Share of the total weight (positives or revenue) they hold, 0..1. */
  gain: number;
  /** The random-ranking baseline at this share (= share). */
  baseline: number;
}

/** Result of `cumulativeGains`. */
export interface GainsCurve {
  points: GainsPoint[];
  accounts: number;
  /** Total weight (positives or revenue) over the accounts in scope. */
  total: number;
  /** Accounts left out because their score is NaN. */
  skipped: number;
  /** Set when the curve is undefined (no accounts or zero total weight); `gain` is then 0 throughout. */
  reason?: string;
}

interface Ranking {
  /** Cumulative account counts after each group (length groups + 1, starting at 0). */
  cumCount: Float64Array;
  /** Cumulative weights after each group (length groups + 1, starting at 0). */
  cumWeight: Float64Array;
  ranking: ScoreRanking;
  accounts: number;
  total: number;
  skipped: number;
}

function rank(score: ScoreArray | ScoreRanking, weight: WeightArray, include?: FlagArray): Ranking {
  if (isRanking(score) && include) throw new RangeError("pass the mask to rankScores, not with a ranking");
  const ranking = isRanking(score) ? score : rankScores(score, include);
  const { perGroup, total } = groupWeights(ranking, weight);
  const groups = ranking.groupScore.length;
  const cumCount = new Float64Array(groups + 1);
  const cumWeight = new Float64Array(groups + 1);
  for (let g = 0; g < groups; g++) {
    cumCount[g + 1] = cumCount[g] + ranking.groupCount[g];
    cumWeight[g + 1] = cumWeight[g] + perGroup[g];
  }
  return { cumCount, cumWeight, ranking, accounts: ranking.accounts, total, skipped: ranking.skipped };
}

/** Cumulative weight share after the top `x` share of accounts, interpolating across tie groups. */
function gainAtShare(r: Ranking, x: number): number {
  if (r.accounts === 0 || r.total === 0) return 0;
  const target = Math.min(Math.max(x, 0), 1) * r.accounts;
  const c = r.cumCount;
  let lo = 0;
  let hi = c.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (c[mid] <= target) lo = mid;
    else hi = mid;
  }
  if (c[lo] === target || lo === c.length - 1) return r.cumWeight[lo] / r.total;
  const frac = (target - c[lo]) / (c[lo + 1] - c[lo]);
  // Normalise before interpolating so tiny totals don't underflow to 0.
  const a = r.cumWeight[lo] / r.total;
  return a + frac * (r.cumWeight[lo + 1] / r.total - a);
}

/**
 * Cumulative gains of a ranking by score (highest first) at `steps` + 1 evenly spaced shares
 * (default 100 steps: every 1 %). With 0/1 weights the curve shows the share of converted accounts
 * captured; with won amounts, the share of won revenue. The curve starts at 0, never decreases and
 * ends at 1 whenever the total weight is positive.
 *
 * @param score scores per account, or a `rankScores` ranking (built once, reused across weights; its
 *   scope replaces `include`)
 */
export function cumulativeGains(score: ScoreArray | ScoreRanking, weight: WeightArray, opts: { include?: FlagArray; steps?: number } = {}): GainsCurve {
  const steps = Math.max(1, Math.floor(opts.steps ?? 100));
  const r = rank(score, weight, opts.include);
  const points: GainsPoint[] = [];
  for (let k = 0; k <= steps; k++) {
    const share = k / steps;
    points.push({ share, gain: gainAtShare(r, share), baseline: share });
  }
  const reason = r.accounts === 0 ? "no scored accounts" : r.total === 0 ? "no positives (total weight is 0)" : undefined;
  return { points, accounts: r.accounts, total: r.total, skipped: r.skipped, ...(reason ? { reason } : {}) };
}

/** Read a gains curve at any share (linear between its points), e.g. `gainAt(curve, 0.2)`. */
export function gainAt(curve: GainsCurve, share: number): number {
  const p = curve.points;
  const x = Math.min(Math.max(share, 0), 1);
  for (let k = 1; k < p.length; k++) {
    if (x <= p[k].share) {
      const a = p[k - 1];
      const b = p[k];
      return a.gain + ((x - a.share) / (b.share - a.share)) * (b.gain - a.gain);
    }
  }
  return p[p.length - 1]?.gain ?? 0;
}

/** One decile (or other quantile group) of the ranking, best first. */
export interface DecileLift {
  /** 1 = top 10 % of scores. */
  decile: number;
  /** Accounts in the group (fractional when a tie group is shared across a boundary). */
  accounts: number;
  /** Weight in the group (positives or revenue). */
  positives: number;
  /** positives ÷ accounts */
  rate: number | null;
  /** Group rate ÷ overall rate (= share of weight ÷ share of accounts). */
  lift: number | null;
  /** Gain up to and including this group ÷ its cumulative share of accounts. */
  cumulativeLift: number | null;
  /** Score range of the accounts ranked in the group. */
  minScore: number | null;
  maxScore: number | null;
}

/**
 * Lift by decile (or by `groups` equal groups) of the score ranking. With 0/1 weights, `rate` is the
 * conversion rate of the decile; with amounts, revenue per account. `score` may be a `rankScores`
 * ranking, as in `cumulativeGains`.
 */
export function liftByDecile(score: ScoreArray | ScoreRanking, weight: WeightArray, opts: { include?: FlagArray; groups?: number } = {}): DecileLift[] {
  const groups = Math.max(1, Math.floor(opts.groups ?? 10));
  const r = rank(score, weight, opts.include);
  const out: DecileLift[] = [];
  const overall = r.accounts ? r.total / r.accounts : 0;
  for (let d = 0; d < groups; d++) {
    const x0 = d / groups;
    const x1 = (d + 1) / groups;
    const accounts = r.accounts * (x1 - x0);
    const g0 = gainAtShare(r, x0);
    const g1 = gainAtShare(r, x1);
    const positives = (g1 - g0) * r.total;
    const first = Math.floor(x0 * r.accounts);
    const last = Math.ceil(x1 * r.accounts) - 1;
    const hasRows = r.accounts > 0 && last >= first;
    out.push({
      decile: d + 1,
      accounts,
      positives,
      rate: accounts > 0 ? positives / accounts : null,
      lift: accounts > 0 && overall > 0 ? positives / accounts / overall : null,
      cumulativeLift: r.total > 0 && r.accounts > 0 ? g1 / x1 : null,
      maxScore: hasRows ? scoreAtPosition(r.ranking, first) : null,
      minScore: hasRows ? scoreAtPosition(r.ranking, last) : null,
    });
  }
  return out;
}

/** Result of `scoreHistogram`. */
export interface ScoreHistogram {
  /** Bin edges, length bins + 1. Bin k is [edges[k], edges[k+1]); the last bin includes `max`. */
  edges: number[];
  counts: number[];
  /** Per band (when `band` is given): countsByBand[b][k]. */
  countsByBand?: number[][];
  /** NaN scores. */
  missing: number;
  /** Scores below `min` or above `max`. */
  outside: number;
}

/** Histogram of scores in `bins` equal bins over [min, max] (default 20 bins over 0..100). */
export function scoreHistogram(
  score: ScoreArray,
  opts: { bins?: number; min?: number; max?: number; include?: FlagArray; band?: Uint8Array; bandCount?: number } = {},
): ScoreHistogram {
  const bins = Math.max(1, Math.floor(opts.bins ?? 20));
  const min = opts.min ?? 0;
  const max = opts.max ?? 100;
  if (!(max > min)) throw new RangeError("scoreHistogram: max must exceed min");
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + k * width));
  const counts = new Array<number>(bins).fill(0);
  let bandCount = opts.bandCount ?? 0;
  if (opts.band && opts.bandCount === undefined) {
    for (let i = 0; i < opts.band.length; i++) if (opts.band[i] !== 255 && opts.band[i] >= bandCount) bandCount = opts.band[i] + 1;
  }
  const byBand = opts.band ? Array.from({ length: bandCount }, () => new Array<number>(bins).fill(0)) : undefined;
  let missing = 0;
  let outside = 0;
  for (let i = 0; i < score.length; i++) {
    if (opts.include && !opts.include[i]) continue;
    const s = score[i];
    if (Number.isNaN(s)) {
      missing++;
      continue;
    }
    if (s < min || s > max) {
      outside++;
      continue;
    }
    const k = Math.min(bins - 1, Math.floor((s - min) / width));
    counts[k]++;
    if (byBand && opts.band) {
      const b = opts.band[i];
      if (b < byBand.length) byBand[b][k]++;
    }
  }
  return { edges, counts, ...(byBand ? { countsByBand: byBand } : {}), missing, outside };
}
