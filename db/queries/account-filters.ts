/**
 * The values the list's filters offer (industries, countries, regions, technologies with their
 * counts, and the reps). Read from the list index when one exists (even a slightly stale one: these
 * are choices, not results); otherwise grouped in SQL once per data version.
 */
import { and, asc, count, desc, eq, isNotNull } from "drizzle-orm";
import type { DbHandle } from "../client";
import { getDataVersion } from "../mutations/data-version";
import { indexFacet, peekListIndex } from "./account-list-index";

export interface FacetValue {
  value: string;
  count: number;
}

export interface AccountFacets {
  industries: FacetValue[];
  countries: FacetValue[];
  regions: FacetValue[];
  tags: FacetValue[];
}

const cache = globalThis as unknown as { __lodestarFacets?: { key: string; value: Promise<AccountFacets> } };

async function facetsFromSql(handle: DbHandle): Promise<AccountFacets> {
  const { db, schema } = handle;
  const a = schema.accounts;
  const group = async (col: typeof a.industry | typeof a.country | typeof a.region) =>
    (await db.select({ value: col, count: count() }).from(a).where(isNotNull(col)).groupBy(col).orderBy(desc(count()), asc(col))).map((r) => ({
      value: String(r.value),
      count: Number(r.count),
    }));
  const t = schema.accountTags;
  const tags = (await db.select({ value: t.tag, count: count() }).from(t).groupBy(t.tag).orderBy(desc(count()), asc(t.tag))).map((r) => ({ value: r.value, count: Number(r.count) }));
  return { industries: await group(a.industry), countries: await group(a.country), regions: await group(a.region), tags };
}

/** Filter values with counts, most frequent first. */
export async function getAccountFacets(handle: DbHandle, modelId: number): Promise<AccountFacets> {
  const ix = peekListIndex(handle, modelId);
  if (ix) return { industries: indexFacet(ix, "industry"), countries: indexFacet(ix, "country"), regions: indexFacet(ix, "region"), tags: indexFacet(ix, "tag") };
  const key = `${handle.url}|${await getDataVersion(handle)}`;
  if (cache.__lodestarFacets?.key !== key) {
    const value = facetsFromSql(handle);
    cache.__lodestarFacets = { key, value };
    value.catch(() => {
      if (cache.__lodestarFacets?.value === value) cache.__lodestarFacets = undefined;
    });
  }
  return cache.__lodestarFacets!.value;
}

/** Active sales reps (who can own accounts), by name. */
export async function listSalesReps(handle: DbHandle): Promise<{ id: number; name: string; email: string }[]> {
  const u = handle.schema.users;
  return handle.db
    .select({ id: u.id, name: u.name, email: u.email })
    .from(u)
    .where(and(eq(u.role, "sales"), eq(u.disabled, false)))
    .orderBy(asc(u.name));
}

