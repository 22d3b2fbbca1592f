import { NextResponse } from "next/server";
import { headers } from "next/headers";
import { withErrors } from "@/app/_lib/route";
import { getDb } from "@/db/client";
import { kickTrainingRunner } from "@/db/jobs/training-runner";
import { createTrainingRun } from "@/db/mutations/training";
import { clientIp } from "@/lib/auth";
import { requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { SCORE_CATEGORIES } from "@/lib/vocabulary";

/**
 * `POST /api/training-runs`: queues a predictive training run, as the training form does, for
 * scripts and automation. Body: `{ outcome: "won" | "opportunity", horizonDays, cutoff: "YYYY-MM-DD"
 * or epoch ms, groups?: ["fit", …] (default all), learner?: "blend" | "lr" | "gbt" }`. Answers 202
 * with the run's id and the outcome counts it will train on, or 422 saying what is missing.
 */
export const POST = withErrors(async (request: Request) => {
  const user = await requirePermission("predictive:train");
  let body: Record<string, unknown>;
  try {
    body = (await request.json()) as Record<string, unknown>;
  } catch {
    throw new AppError("bad_request:training", "The body must be a JSON object.");
  }
  if (!body || typeof body !== "object") throw new AppError("bad_request:training", "The body must be a JSON object.");
  const cutoff = typeof body.cutoff === "string" && /^\d{4}-\d{2}-\d{2}$/.test(body.cutoff) ? Date.parse(`${body.cutoff}T00:00:00Z`) : body.cutoff;
  const { runId, positives, negatives } = await createTrainingRun(
    getDb(),
    { userId: user.id, label: user.email, ip: clientIp(await headers()) },
    { outcome: body.outcome, horizonDays: body.horizonDays, cutoff, groups: body.groups ?? [...SCORE_CATEGORIES], learner: body.learner ?? "blend" },
  );
  kickTrainingRunner();
  return NextResponse.json({ id: runId, status: "queued", positives, negatives, url: `/models/predictive/${runId}` }, { status: 202 });
});
