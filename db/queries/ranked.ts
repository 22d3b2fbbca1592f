import { and, asc, between, eq } from "drizzle-orm";
import type { DbHandle } from "../client";
import { countRanked, rankedScore } from "./score-ranks";

export interface RankedRow {
  accountId: number;
  rank: number;
  score: number;
  band: string;
  previousScore: number | null;
  name: string;
  domain: string | null;
  industry: string | null;
  country: string | null;
  employeeCount: number | null;
  ownerName: string | null;
  lastActivityAt: number | null;
}

/**
 * One page of the ranking of a model (score descending, account id ascending). The rank is written at
 * publish time (score_ranks), so any page is a key range seek: page 20,000 costs what page 1 costs.
 */
export async function listRankedPage(handle: DbHandle, modelId: number, page: number, pageSize: number): Promise<{ rows: RankedRow[]; total: number }> {
  const { db, schema } = handle;
  const r = schema.scoreRanks;
  const s = schema.accountScores;
  const a = schema.accounts;
  const u = schema.users;
  const total = await countRanked(handle, modelId);
  const from = (page - 1) * pageSize + 1;
  const rows = await db
    .select({
      accountId: s.accountId,
      rank: s.rank,
      score: s.score,
      band: s.band,
      previousScore: s.previousScore,
      name: a.name,
      domain: a.domain,
      industry: a.industry,
      country: a.country,
      employeeCount: a.employeeCount,
      ownerName: u.name,
      lastActivityAt: a.lastActivityAt,
    })
    .from(r)
    .innerJoin(s, rankedScore(handle))
    .innerJoin(a, eq(a.id, s.accountId))
    .leftJoin(u, eq(u.id, a.ownerId))
    .where(and(eq(r.modelId, modelId), between(r.rank, from, from + pageSize - 1)))
    .orderBy(asc(r.rank));
  return { rows, total };
}
