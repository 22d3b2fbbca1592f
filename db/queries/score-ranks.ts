/**
 * Score conditions as rank ranges. A model's ranks are dense (1..N) and ordered by score descending,
 * then account id ascending, so every score range and every "after (score, account)" position is a
 * contiguous run of ranks, found by binary search with point lookups on score_ranks (about 20 at a
 * million accounts). Queries then seek the ranking instead of scanning it with a score filter, and
 * account_scores needs no index on score (each would cost every publish a sort).
 */
import { and, eq, max, type SQL } from "drizzle-orm";
import type { DbHandle } from "../client";

/**
 * The join of score_ranks to the ranked account's live score. Queries that walk or seek the ranking
 * read FROM score_ranks JOIN account_scores ON this, with their conditions on score_ranks' key.
 */
export function rankedScore(handle: DbHandle): SQL {
  const { scoreRanks: r, accountScores: s } = handle.schema;
  // account_scores carries the rank too, so the join is a key lookup from either side.
  return and(eq(s.modelId, r.modelId), eq(s.accountId, r.accountId), eq(s.rank, r.rank))!;
}

interface RankedPoint {
  score: number;
  accountId: number;
}

async function pointAt(handle: DbHandle, modelId: number, rank: number): Promise<RankedPoint | null> {
  const { scoreRanks: r, accountScores: s } = handle.schema;
  const [row] = await handle.db
    .select({ score: s.score, accountId: s.accountId })
    .from(r)
    .innerJoin(s, rankedScore(handle))
    .where(and(eq(r.modelId, modelId), eq(r.rank, rank)));
  return row ? { score: Number(row.score), accountId: Number(row.accountId) } : null;
}

/** The number of ranked accounts of a model (its last rank: ranks are dense 1..N). */
export async function countRanked(handle: DbHandle, modelId: number): Promise<number> {
  const r = handle.schema.scoreRanks;
  const [row] = await handle.db.select({ total: max(r.rank) }).from(r).where(eq(r.modelId, modelId));
  return Number(row?.total ?? 0);
}

/**
 * The first rank in 1..total+1 at which `after` holds, for a predicate that is false and then true
 * along the ranking (total + 1 when it never holds).
 */
async function firstRankWhere(handle: DbHandle, modelId: number, total: number, after: (p: RankedPoint) => boolean): Promise<number> {
  let lo = 1;
  let hi = total + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const p = await pointAt(handle, modelId, mid);
    // A missing rank (a concurrent publish) reads as "past the end": the range only narrows.
    if (!p || after(p)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The ranks [from, to] of the accounts scoring within [min, max] (either bound optional); `from > to`
 * when none does. Same comparison as `score >= min AND score <= max` on the stored scores.
 */
export async function rankRangeForScores(handle: DbHandle, modelId: number, min: number | undefined, max: number | undefined): Promise<{ from: number; to: number }> {
  const total = await countRanked(handle, modelId);
  // Ranks go down the scores: those above max come first, those below min come last.
  const from = max === undefined ? 1 : await firstRankWhere(handle, modelId, total, (p) => p.score <= max);
  const to = min === undefined ? total : (await firstRankWhere(handle, modelId, total, (p) => p.score < min)) - 1;
  return { from, to };
}

/** The first rank placed after (score, accountId) in the ranking's order. */
export async function firstRankAfter(handle: DbHandle, modelId: number, score: number, accountId: number): Promise<number> {
  const total = await countRanked(handle, modelId);
  return firstRankWhere(handle, modelId, total, (p) => p.score < score || (p.score === score && p.accountId > accountId));
}
