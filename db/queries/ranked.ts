import { and, asc, between, eq, max } from "drizzle-orm";
import type { DbHandle } from "../client";

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
 * publish time, so any page is an index range seek: page 20,000 costs what page 1 costs.
 */
export async function listRankedPage(handle: DbHandle, modelId: number, page: number, pageSize: number): Promise<{ rows: RankedRow[]; total: number }> {
  const { db, schema } = handle;
  const s = schema.accountScores;
  const a = schema.accounts;
  const u = schema.users;
  const [{ total }] = await db.select({ total: max(s.rank) }).from(s).where(eq(s.modelId, modelId));
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
    .from(s)
    .innerJoin(a, eq(a.id, s.accountId))
    .leftJoin(u, eq(u.id, a.ownerId))
    .where(and(eq(s.modelId, modelId), between(s.rank, from, from + pageSize - 1)))
    .orderBy(asc(s.rank));
  return { rows, total: Number(total ?? 0) };
}
