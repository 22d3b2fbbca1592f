import { NextResponse } from "next/server";
import { withErrors } from "@/app/_lib/route";
import { getDb } from "@/db/client";
import { getTrainingRun } from "@/db/queries/training";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/** `GET /api/training-runs/:id`: a training run's live status and progress, polled by the run page. */
export const GET = withErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requirePermission("models:read");
  const raw = (await params).id;
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  const run = Number.isSafeInteger(id) && id > 0 ? await getTrainingRun(getDb(), id) : null;
  if (!run) throw new AppError("not_found:training", "That training run does not exist.");
  return NextResponse.json(
    { id: run.id, status: run.status, progress: run.progress, stage: run.stage, error: run.error, startedAt: run.startedAt, finishedAt: run.finishedAt },
    { headers: { "cache-control": "no-store" } },
  );
});
