import { getApiExplanation, resolveApiModel } from "@/db/queries/api-accounts";
import { modelParam } from "../../../_lib/params";
import { apiRoute } from "../../../_lib/api-route";

/** `GET /api/v1/accounts/{externalId}/explanation`: why the account scores as it does (read scope). */
export const GET = apiRoute({ scope: "read" }, async ({ request, handle, params }) => {
  const model = await resolveApiModel(handle, modelParam(request));
  return { body: await getApiExplanation(handle, model, decodeURIComponent(params.externalId ?? "")) };
});
