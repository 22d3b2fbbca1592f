/**
 * From the URL's list state to the query the database layer answers: shared by the page and the CSV
 * export, so the export holds exactly the rows the list shows.
 */
import type { AccountFilterInput } from "@/db/queries/accounts";
import type { AccountFilters } from "./search-params";

const DAY = 86_400_000;

/** The filters with "me" resolved to the signed-in user and "none" to unassigned (null). */
export function toAccountFilterInput(f: AccountFilters, userId: number): AccountFilterInput {
  const { owner, ...rest } = f;
  return { ...rest, ...(owner === undefined ? {} : { ownerId: owner === "me" ? userId : owner === "none" ? null : owner }) };
}

/**
 * The reference time of "engaged in the last N days": the end of the current UTC day, so the window
 * is N whole days including today and the same all day long (a list and its export agree).
 */
export function listNow(now: number): number {
  return Math.floor(now / DAY) * DAY + DAY;
}
