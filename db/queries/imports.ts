/** Reads of import jobs and their row errors (history, progress, report). */
import { asc, desc, eq, sql } from "drizzle-orm";
import type { DbHandle } from "../client";
import { placeholders, streamRows } from "../stream";

export type ImportJob = typeof import("../schema/sqlite").importJobs.$inferSelect;

/** One row of the import history. */
export interface ImportJobSummary {
  id: number;
  entity: string;
  filename: string;
  bytes: number;
  status: string;
  dryRun: boolean;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  unchangedCount: number;
  failedCount: number;
  createdAt: number;
  finishedAt: number | null;
  createdByName: string | null;
}

/** The most recent import jobs, newest first. */
export async function listImportJobs(handle: DbHandle, limit = 100): Promise<ImportJobSummary[]> {
  const { db, schema } = handle;
  const j = schema.importJobs;
  const rows = await db
    .select({
      id: j.id,
      entity: j.entity,
      filename: j.filename,
      bytes: j.bytes,
      status: j.status,
      dryRun: j.dryRun,
      processedRows: j.processedRows,
      createdCount: j.createdCount,
      updatedCount: j.updatedCount,
      unchangedCount: j.unchangedCount,
      failedCount: j.failedCount,
      createdAt: j.createdAt,
      finishedAt: j.finishedAt,
      createdByName: schema.users.name,
    })
    .from(j)
    .leftJoin(schema.users, eq(schema.users.id, j.createdBy))
    .orderBy(desc(j.createdAt), desc(j.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, dryRun: Boolean(r.dryRun) }));
}

/** One job, or null. */
export async function getImportJob(handle: DbHandle, id: number): Promise<ImportJob | null> {
  const { db, schema } = handle;
  const [row] = await db.select().from(schema.importJobs).where(eq(schema.importJobs.id, id));
  return row ?? null;
}

/** A job's first row errors, in file order. */
export async function listImportRowErrors(handle: DbHandle, jobId: number, limit = 100) {
  const { db, schema } = handle;
  const e = schema.importRowErrors;
  return db
    .select({ line: e.line, column: e.column, value: e.value, reason: e.reason })
    .from(e)
    .where(eq(e.jobId, jobId))
    .orderBy(asc(e.line), asc(e.id))
    .limit(limit);
}

/** Number of stored row errors of a job. */
export async function countImportRowErrors(handle: DbHandle, jobId: number): Promise<number> {
  const { db, schema } = handle;
  const [r] = await db.select({ n: sql<number>`count(*)` }).from(schema.importRowErrors).where(eq(schema.importRowErrors.jobId, jobId));
  return Number(r?.n ?? 0);
}

/** Streams all row errors of a job as [line, column, value, reason] batches, in file order. */
export function streamImportRowErrors(handle: DbHandle, jobId: number): AsyncGenerator<unknown[][]> {
  return streamRows(handle, placeholders(handle, 'SELECT line, "column", value, reason FROM import_row_errors WHERE job_id = ? ORDER BY line, id'), [jobId], 5_000);
}
