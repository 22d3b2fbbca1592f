import { listApiAccounts, resolveApiModel } from "@/db/queries/api-accounts";
import { AppError } from "@/lib/errors";
import { fieldErrorsOf, listAccountsQuerySchema } from "@/lib/validation/api";
import { apiRoute } from "../_lib/api-route";

/** `GET /api/v1/accounts`: a filtered page of the ranking with scores (read scope). */
export const GET = apiRoute({ scope: "read" }, async ({ request, handle }) => {
  const raw = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = listAccountsQuerySchema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request:api", "Some query parameters are invalid; see error.fields.", { fieldErrors: fieldErrorsOf(parsed.error) });
  const model = await resolveApiModel(handle, parsed.data.model);
  return { body: await listApiAccounts(handle, model, parsed.data) };
});
