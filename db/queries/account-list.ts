/**
 * The list verb the page calls: picks the cheapest correct way to answer one page of the ranked list.
 * - unfiltered score order: the rank-range seek (any page costs the same);
 * - otherwise the in-memory index when it is fresh (exact count, any sort, any page) and the page's
 *   rows read by id;
 * - otherwise (index rebuilding at scale) plain SQL with a capped count.
 */
import type { DbHandle } from "../client";
import { getAccountRowsByIds, hasNoFilters, listAccountsSql, type AccountListPage, type AccountListQuery } from "./accounts";
import { getListIndex, queryListIndex } from "./account-list-index";

export async function listAccounts(handle: DbHandle, q: AccountListQuery, opts: { waitForIndex?: boolean } = {}): Promise<AccountListPage> {
  if (hasNoFilters(q.filters) && q.sort.id === "score") return listAccountsSql(handle, q);
  const ix = await getListIndex(handle, q.modelId, { wait: opts.waitForIndex });
  if (!ix) return listAccountsSql(handle, q);
  const { accountIds, total, page } = queryListIndex(ix, q);
  const rows = await getAccountRowsByIds(handle, q.modelId, accountIds);
  return { rows, total, totalCapped: false, page, source: "index" };
}
