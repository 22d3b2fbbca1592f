import { batchUpsertRoute } from "../../_lib/batch";
import { GET as getAccount } from "../[externalId]/route";

/** Batch upsert of accounts (API key with the write scope); see app/api/v1/_lib/batch.ts. */
export const POST = batchUpsertRoute("accounts");

/**
 * `GET /api/v1/accounts/batch` is the account whose external id is "batch": this static segment wins
 * over `[externalId]`, so it hands the read to that route (read scope).
 */
export function GET(request: Request): Promise<Response> {
  return getAccount(request, { params: Promise.resolve({ externalId: "batch" }) });
}
