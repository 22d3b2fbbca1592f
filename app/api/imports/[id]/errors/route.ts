import { withErrors } from "@/app/_lib/route";
import { getDb } from "@/db/client";
import { getImportJob, streamImportRowErrors } from "@/db/queries/imports";
import { requirePermission } from "@/lib/auth/session";
import { csvReadableStream } from "@/lib/csv";
import { AppError } from "@/lib/errors";

/** `GET /api/imports/:id/errors`: the per-row error report as CSV (line, column, value, reason), streamed. */
export const GET = withErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requirePermission("imports:run");
  const id = Number((await params).id);
  const handle = getDb();
  const job = Number.isInteger(id) && id > 0 ? await getImportJob(handle, id) : null;
  if (!job) throw new AppError("not_found:import", "That import does not exist.");
  async function* rows() {
    for await (const batch of streamImportRowErrors(handle, id)) yield* batch;
  }
  const base = job.filename.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_").slice(0, 80) || "import";
  return new Response(csvReadableStream(["line", "column", "value", "reason"], rows(), { bom: true }), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${base}-errors-${id}.csv"`,
      "cache-control": "no-store",
    },
  });
});
