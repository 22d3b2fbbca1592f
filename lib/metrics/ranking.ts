/**
 * The ranking of accounts by score as tie groups: every distinct score is one group (highest
 * first) and every account knows its group. Gains, lift and AUC only need per-group sums, so one
 * ranking serves all of them and no per-account sort is ever needed: scores are usually held at
 * display precision (at most a thousand distinct values), which makes a ranking of a million
 * accounts one pass of map look-ups plus a sort of the distinct values.
 */
import type { FlagArray, ScoreArray } from "./auc";

/** Per-account weights: 0/1 flags (converted or not) or amounts (won revenue). */
export type WeightArray = Float32Array | Float64Array | Uint8Array | Int32Array | readonly (number | boolean)[];

/** Accounts grouped by equal score, groups ordered by score descending. */
export interface ScoreRanking {
  /** Length of the score array the ranking was built from. */
  length: number;
  /** Group of each account (index into `groupScore`), −1 when out of scope or its score is NaN. */
  groupOf: Int32Array;
  /** Distinct scores, descending. */
  groupScore: Float64Array;
  /** Accounts per group. */
  groupCount: Float64Array;
  /** Ranked accounts (in scope, score not NaN). */
  accounts: number;
  /** Accounts in scope left out because their score is NaN. */
  skipped: number;
}

/** True when `x` is a ranking rather than a score array. */
export function isRanking(x: ScoreArray | ScoreRanking): x is ScoreRanking {
  return (x as ScoreRanking).groupOf instanceof Int32Array;
}

/**
 * Rank the accounts in scope (`include`, default all) by score. NaN scores are left out and
 * counted in `skipped`; −0 and 0 are the same score.
 */
export function rankScores(score: ScoreArray, include?: FlagArray): ScoreRanking {
  const n = score.length;
  if (include && include.length !== n) throw new RangeError(`rankScores: ${n} scores but a mask of ${include.length}`);
  const provisional = new Int32Array(n).fill(-1);
  const ids = new Map<number, number>();
  const firstScores: number[] = [];
  const counts: number[] = [];
  let skipped = 0;
  let accounts = 0;
  for (let i = 0; i < n; i++) {
    if (include && !include[i]) continue;
    const raw = score[i];
    if (Number.isNaN(raw)) {
      skipped++;
      continue;
    }
    const s = raw + 0; // + 0 folds -0 into 0
    let id = ids.get(s);
    if (id === undefined) {
      id = firstScores.length;
      ids.set(s, id);
      firstScores.push(s);
      counts.push(0);
    }
    counts[id]++;
    provisional[i] = id;
    accounts++;
  }
  const order = Array.from(firstScores.keys()).sort((a, b) => firstScores[b] - firstScores[a]);
  const finalOf = new Int32Array(order.length);
  order.forEach((id, g) => (finalOf[id] = g));
  const groupOf = provisional;
  for (let i = 0; i < n; i++) if (groupOf[i] >= 0) groupOf[i] = finalOf[groupOf[i]];
  return {
    length: n,
    groupOf,
    groupScore: Float64Array.from(order, (id) => firstScores[id]),
    groupCount: Float64Array.from(order, (id) => counts[id]),
    accounts,
    skipped,
  };
}

/**
 * Sum of the weights of each group. Negative weights (e.g. refunds) would make a gains curve
 * non-monotone, so they count as 0, as does a missing (NaN) weight.
 */
export function groupWeights(r: ScoreRanking, weight: WeightArray): { perGroup: Float64Array; total: number } {
  if (weight.length !== r.length) throw new RangeError(`${r.length} scores but ${weight.length} weights`);
  const perGroup = new Float64Array(r.groupScore.length);
  let total = 0;
  const g = r.groupOf;
  for (let i = 0; i < g.length; i++) {
    if (g[i] < 0) continue;
    const w = Math.max(0, Number(weight[i]) || 0);
    if (w === 0) continue;
    perGroup[g[i]] += w;
    total += w;
  }
  return { perGroup, total };
}

/** Score of the account at 0-based position `j` of the ranking (highest first). */
export function scoreAtPosition(r: ScoreRanking, j: number): number {
  let lo = 0;
  let seen = 0;
  // Groups are few (display precision) and this is called a handful of times per report.
  for (; lo < r.groupCount.length - 1; lo++) {
    seen += r.groupCount[lo];
    if (seen > j) break;
  }
  return r.groupScore[lo];
}
