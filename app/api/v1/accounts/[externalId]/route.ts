import { getApiAccount, resolveApiModel } from "@/db/queries/api-accounts";
import { modelParam } from "../../_lib/params";
import { apiRoute } from "../../_lib/api-route";

/** `GET /api/v1/accounts/{externalId}`: one account with its live score (read scope). */
export const GET = apiRoute({ scope: "read" }, async ({ request, handle, params }) => {
  const model = await resolveApiModel(handle, modelParam(request));
  const { accountId: _id, ...account } = await getApiAccount(handle, model, decodeURIComponent(params.externalId ?? ""));
  return { body: account };
});
