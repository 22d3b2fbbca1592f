import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { writeAudit } from "@/db/mutations/audit";
import { getLiveModel } from "@/db/queries/account-explanations";
import { EXPORT_COLUMNS, streamAccountExport } from "@/db/queries/accounts";
import { withErrors } from "@/app/_lib/route";
import { listNow, toAccountFilterInput } from "@/app/(dashboard)/accounts/list-query";
import { parseAccountListParams } from "@/app/(dashboard)/accounts/search-params";
import { csvReadableStream } from "@/lib/csv/write";
import { AppError } from "@/lib/errors";
import { requirePermission } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/**
 * GET /api/accounts/export?<the list's query>: every account of the current view (all pages), in
 * list order, as an RFC 4180 CSV with formula-like cells neutralised. Streamed from a database cursor
 * with back-pressure, so memory does not grow with the number of rows.
 */
export const GET = withErrors(async (request: Request) => {
  const user = await requirePermission("accounts:export");
  const handle = getDb();
  const live = await getLiveModel(handle);
  if (!live) throw new AppError("not_found:export", "No scoring model is published yet, so there is nothing to export.");
  const { state } = parseAccountListParams(new URL(request.url).searchParams, { bands: live.bands.map((b) => b.label) });
  const filters = toAccountFilterInput(state.filters, user.id);
  await writeAudit(handle, {
    actorUserId: user.id,
    actorLabel: user.email,
    action: "accounts.export",
    targetType: "model",
    targetId: live.modelId,
    details: { filters, sort: state.sort },
    ip: (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
  });
  const rows = streamAccountExport(handle, { modelId: live.modelId, filters, sort: state.sort, now: listNow(Date.now()) });
  const body = csvReadableStream(EXPORT_COLUMNS, rows, { bom: true, batchRows: 1000 });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="lodestar-accounts-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
