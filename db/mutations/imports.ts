/**
 * Import job verbs: create a job for an uploaded file, queue it with its mapping (dry run or real),
 * turn a finished dry run into the real import of the same file, cancel. The background runner
 * (db/jobs/import-runner.ts) does the work; these only move the job between states.
 */
import { and, eq, inArray } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { ImportEntity } from "@/lib/csv";
import type { ImportSpec } from "@/lib/imports/spec";
import type { DbHandle } from "../client";
import { writeAudit } from "./audit";
import type { Actor } from "./models";

/** Records an uploaded file as a job waiting for its mapping. */
export async function createImportJob(
  handle: DbHandle,
  actor: Actor,
  input: { entity: ImportEntity; filename: string; filePath: string; bytes: number; delimiter: string },
): Promise<number> {
  const j = handle.schema.importJobs;
  return handle.transact(async (tx) => {
    const [row] = await tx
      .insert(j)
      .values({
        entity: input.entity,
        filename: input.filename,
        filePath: input.filePath,
        bytes: input.bytes,
        status: "uploaded",
        options: { delimiter: input.delimiter },
        createdBy: actor.userId,
        createdAt: Date.now(),
      })
      .returning({ id: j.id });
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "import.upload", targetType: "import_job", targetId: row!.id, details: { entity: input.entity, filename: input.filename, bytes: input.bytes }, ip: actor.ip }, tx);
    return row!.id;
  });
}

/**
 * Queues a job with its mapping. An uploaded job is queued as it is; a finished dry run is kept as
 * its report and a new job (same file and mapping unless a new one is given) is queued. Returns the
 * id of the queued job.
 */
export async function startImportJob(handle: DbHandle, actor: Actor, input: { jobId: number; spec?: ImportSpec; dryRun: boolean }): Promise<number> {
  const j = handle.schema.importJobs;
  return handle.transact(async (tx) => {
    const [job] = await tx.select().from(j).where(eq(j.id, input.jobId));
    if (!job) throw new AppError("not_found:import", "That import does not exist.");
    const spec = input.spec ?? (job.mapping as ImportSpec | null);
    if (!spec) throw new AppError("bad_request:import", "Choose how the columns map before starting the import.");
    if (spec.entity !== job.entity) throw new AppError("bad_request:import", "The mapping is for a different kind of record than the upload.");
    const now = Date.now();
    let id = job.id;
    if (job.status === "uploaded") {
      await tx.update(j).set({ status: "queued", mapping: spec, dryRun: input.dryRun, createdAt: now }).where(and(eq(j.id, job.id), eq(j.status, "uploaded")));
    } else if (job.status === "completed" && job.dryRun) {
      if (!job.filePath) throw new AppError("conflict:import", "The file of this dry run is gone; upload it again.");
      const [row] = await tx
        .insert(j)
        .values({ entity: job.entity, filename: job.filename, filePath: job.filePath, bytes: job.bytes, status: "queued", dryRun: input.dryRun, mapping: spec, options: job.options, createdBy: actor.userId, createdAt: now })
        .returning({ id: j.id });
      id = row!.id;
    } else {
      throw new AppError("conflict:import", "This import has already been started.");
    }
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: input.dryRun ? "import.queue_dry_run" : "import.queue", targetType: "import_job", targetId: id, details: { entity: job.entity, filename: job.filename }, ip: actor.ip }, tx);
    return id;
  });
}

/** Cancels a job that has not finished; a running job stops at its next batch (that batch rolls back). */
export async function cancelImportJob(handle: DbHandle, actor: Actor, jobId: number): Promise<void> {
  const j = handle.schema.importJobs;
  await handle.transact(async (tx) => {
    const done = await tx
      .update(j)
      .set({ status: "cancelled", finishedAt: Date.now() })
      .where(and(eq(j.id, jobId), inArray(j.status, ["uploaded", "queued", "running"])))
      .returning({ id: j.id });
    if (done.length === 0) throw new AppError("conflict:import", "This import has already finished.");
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "import.cancel", targetType: "import_job", targetId: jobId, ip: actor.ip }, tx);
  });
}
