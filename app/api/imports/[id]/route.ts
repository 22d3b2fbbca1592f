import { NextResponse } from "next/server";
import { withErrors } from "@/app/_lib/route";
import { getDb } from "@/db/client";
import { getImportJob } from "@/db/queries/imports";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { progressFigures } from "@/lib/imports/format";

/** `GET /api/imports/:id`: the job's live progress, polled by the job page. */
export const GET = withErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requirePermission("imports:run");
  const id = Number((await params).id);
  const job = Number.isInteger(id) && id > 0 ? await getImportJob(getDb(), id) : null;
  if (!job) throw new AppError("not_found:import", "That import does not exist.");
  const now = Date.now();
  return NextResponse.json(
    {
      id: job.id,
      status: job.status,
      dryRun: Boolean(job.dryRun),
      bytes: job.bytes,
      cursorOffset: job.cursorOffset,
      processedRows: job.processedRows,
      totalRows: job.totalRows,
      counts: { created: job.createdCount, updated: job.updatedCount, unchanged: job.unchangedCount, failed: job.failedCount },
      error: job.error,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      ...progressFigures({ ...job, now: job.finishedAt ?? now }),
    },
    { headers: { "cache-control": "no-store" } },
  );
});
