/**
 * The background import: a queued import job is read from its uploaded file in record-aligned
 * batches (lib/imports/segment), each batch parsed (lib/csv), mapped (lib/imports/spec) and upserted
 * (db/mutations/upsert). The batch's data, its row errors and the job's progress — counts, resume
 * cursor (byte offset and line of the next unprocessed record) and heartbeat — commit in ONE
 * transaction, so a crash at any point resumes at a batch boundary with nothing lost or counted twice.
 *
 * Memory is bounded by one batch (plus one read buffer): nothing grows with the file's size.
 *
 * The poller (startImportPoller, started from instrumentation-node.ts) picks queued jobs and takes
 * over "running" jobs whose heartbeat is stale — that is how an import killed with its server
 * resumes when the server starts again. Every progress write is conditional on the job still being
 * running with the heartbeat this runner wrote last, so two runners never process one job and a
 * cancelled job stops at its next batch (the batch in flight rolls back).
 */
import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { createCsvParser, type CsvParser, type CsvRowError, type ImportEntity, type RowError } from "@/lib/csv";
import { compileSpec, fieldSources, importSpecSchema, recordError, type ImportSpec } from "@/lib/imports/spec";
import { findRecordBoundary } from "@/lib/imports/segment";
import { getDb, type AppDatabase, type DbHandle } from "../client";
import { writeAudit } from "../mutations/audit";
import { upsertBatch, type UpsertResult } from "../mutations/upsert";

/** Records per batch (and per transaction). */
export const IMPORT_BATCH_ROWS = Number(process.env.IMPORT_BATCH_ROWS) || 2_000;
/** A running job whose heartbeat is older than this is taken over by the poller. */
export const STALE_HEARTBEAT_MS = 15_000;
const READ_CHUNK = 1 << 20;
/** A "record" this long without a line break is pushed to the parser whole (it reports it). */
const MAX_SEGMENT_BYTES = 64 << 20;
/** Row errors kept per job: enough for any report a person reads; the counts stay exact. */
export const MAX_ROW_ERRORS = 100_000;

export type ImportJobStatus = "uploaded" | "queued" | "running" | "completed" | "failed" | "cancelled";

/** Why a runner stopped without finishing: someone else owns the job now, or it was cancelled. */
class LostJobError extends Error {}

export interface RunImportOptions {
  batchRows?: number;
  /** Test hook: throw after this many committed batches, leaving the job "running" like a crash. */
  crashAfterBatches?: number;
  /** Test hook / progress: called after each committed batch. */
  onBatch?: (progress: { processedRows: number; cursorOffset: number }) => void;
}

export interface RunImportResult {
  status: ImportJobStatus;
  processedRows: number;
  counts: { created: number; updated: number; unchanged: number; failed: number };
}

type JobRow = typeof import("../schema/sqlite").importJobs.$inferSelect;

/**
 * Claims a job for this runner: queued, or running with a heartbeat older than `staleMs`. Returns
 * the claimed row (with the heartbeat written) or null when someone else has it.
 */
export async function claimImportJob(handle: DbHandle, jobId: number, now = Date.now(), staleMs = STALE_HEARTBEAT_MS): Promise<JobRow | null> {
  const j = handle.schema.importJobs;
  return handle.transact(async (tx) => {
    const claimed = await tx
      .update(j)
      .set({ status: "running", heartbeatAt: now, startedAt: sql`COALESCE(${j.startedAt}, ${now})` })
      .where(
        and(
          eq(j.id, jobId),
          or(eq(j.status, "queued"), and(eq(j.status, "running"), or(isNull(j.heartbeatAt), lt(j.heartbeatAt, now - staleMs)))),
        ),
      )
      .returning();
    return claimed[0] ?? null;
  });
}

/** Reads the header record (raw bytes up to its end) of a file. */
function readHeaderSegment(fd: number, delimiter: number): Buffer {
  let buf = Buffer.alloc(0);
  let pos = 0;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, chunk, 0, chunk.length, pos);
    if (n === 0) return buf;
    buf = Buffer.concat([buf, chunk.subarray(0, n)]);
    pos += n;
    // Skip blank lines before the header, as the parser does.
    let start = 0;
    for (;;) {
      const scan = findRecordBoundary(buf, start, delimiter, 1);
      if (scan.records === 0) break;
      const text = buf.subarray(start, scan.end).toString("latin1").trim();
      if (text !== "" && text !== "\ufeff") return buf.subarray(0, scan.end);
      start = scan.end;
    }
    if (buf.length > MAX_SEGMENT_BYTES) return buf;
  }
}

/**
 * Runs (or resumes) a claimed job to the end. Returns the final status; throws only for database
 * failures (the job then stays "running" and the poller resumes it once its heartbeat is stale).
 */
export async function runImportJob(handle: DbHandle, claimed: JobRow, opts: RunImportOptions = {}): Promise<RunImportResult> {
  const j = handle.schema.importJobs;
  const e = handle.schema.importRowErrors;
  const batchRows = opts.batchRows ?? IMPORT_BATCH_ROWS;
  let heartbeat = claimed.heartbeatAt ?? Date.now();
  const counts = { created: claimed.createdCount, updated: claimed.updatedCount, unchanged: claimed.unchangedCount, failed: claimed.failedCount };
  let processedRows = claimed.processedRows;
  let errorsWritten = 0;
  if (claimed.failedCount > 0) {
    const [r] = await handle.db.select({ n: sql<number>`count(*)` }).from(e).where(eq(e.jobId, claimed.id));
    errorsWritten = Number(r?.n ?? 0);
  }

  const fail = async (message: string): Promise<RunImportResult> => {
    await handle.transact((tx) => tx.update(j).set({ status: "failed", error: message, finishedAt: Date.now() }).where(and(eq(j.id, claimed.id), eq(j.status, "running"))));
    return { status: "failed", processedRows, counts };
  };

  const parsedSpec = importSpecSchema.safeParse(claimed.mapping);
  if (!parsedSpec.success) return fail("The import's column mapping is missing or invalid; start a new import.");
  const spec = parsedSpec.data as ImportSpec;
  const entity = spec.entity as ImportEntity;
  if (!claimed.filePath || !fs.existsSync(claimed.filePath)) return fail("The uploaded file is no longer on the server; upload it again.");
  const delimiter = spec.delimiter.charCodeAt(0);

  const fd = fs.openSync(claimed.filePath, "r");
  try {
    // The parser sees the header first (re-read from the top on a resume), then the batches.
    let header: string[] | null = null;
    let fatal: CsvRowError | null = null;
    let rows: { fields: string[]; line: number }[] = [];
    let parseErrors: CsvRowError[] = [];
    const parser: CsvParser = createCsvParser(
      { delimiter: spec.delimiter },
      {
        onHeader: (h) => {
          header = h;
        },
        onRow: (fields, line) => {
          rows.push({ fields, line });
        },
        onError: (err) => {
          if (err.fatal) fatal = err;
          else parseErrors.push(err);
        },
      },
    );
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const push = (bytes: Uint8Array, last: boolean): boolean => {
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: !last });
      } catch {
        fatal = { line: parser.line, code: "not_text", reason: "file is not text CSV (binary content or not UTF-8 encoded): it contains bytes that are not valid UTF-8", fatal: true };
        return false;
      }
      parser.push(text);
      if (last) parser.end();
      return fatal === null;
    };

    let offset = claimed.cursorOffset;
    let lineDelta = 0;
    if (offset > 0) {
      const head = readHeaderSegment(fd, delimiter);
      push(head, false);
      // Physical lines continue from where the last committed batch stopped.
      lineDelta = claimed.cursorLine - parser.line;
    }
    rows = [];
    parseErrors = [];

    let mapper: ReturnType<typeof compileSpec> | null = null;
    let sources: ReturnType<typeof fieldSources> | null = null;
    const size = fs.fstatSync(fd).size;
    let pending: Buffer = Buffer.alloc(0);
    let readPos = offset;
    let batches = 0;
    const chunk = Buffer.alloc(READ_CHUNK);

    for (;;) {
      // Gather bytes until they hold a full batch of records (or the file ends).
      let scan = findRecordBoundary(pending, 0, delimiter, batchRows + (offset === 0 && !header ? 1 : 0));
      while (scan.records < batchRows && readPos < size && pending.length < MAX_SEGMENT_BYTES) {
        const n = fs.readSync(fd, chunk, 0, chunk.length, readPos);
        if (n === 0) break;
        readPos += n;
        pending = pending.length ? Buffer.concat([pending, chunk.subarray(0, n)]) : Buffer.from(chunk.subarray(0, n));
        scan = findRecordBoundary(pending, 0, delimiter, batchRows + (offset === 0 && !header ? 1 : 0));
      }
      const atEnd = readPos >= size;
      const cut = atEnd && scan.records < batchRows ? pending.length : scan.records > 0 ? scan.end : pending.length;
      const segment = pending.subarray(0, cut);
      pending = Buffer.from(pending.subarray(cut));
      const last = atEnd && pending.length === 0;
      push(segment, last);
      const nextOffset = offset + cut;
      if (fatal) {
        const f = fatal as CsvRowError;
        return fail(`Line ${f.line + (f.line > 1 ? lineDelta : 0)}: ${f.reason}.`);
      }
      if (!header) {
        if (last) return fail("The file is empty: it has no header row and no data.");
        offset = nextOffset;
        continue;
      }
      if (!mapper) {
        try {
          mapper = compileSpec(spec, header);
        } catch (err) {
          return fail(`The column mapping does not fit this file: ${(err as Error).message}`);
        }
        sources = fieldSources(spec, header);
      }

      // Map the batch's rows; rows that fail here never reach the database.
      const batchErrors: RowError[] = [];
      const records: unknown[] = [];
      const recordRows: { fields: string[]; line: number }[] = [];
      let failedHere = 0;
      for (const pe of parseErrors) {
        failedHere++;
        batchErrors.push({ line: pe.line + lineDelta, column: "", columnIndex: -1, value: pe.fields ? pe.fields.join(spec.delimiter) : "", reason: pe.reason.replace(/^line \d+/, `line ${pe.line + lineDelta}`) });
      }
      for (const r of rows) {
        const line = r.line + lineDelta;
        const m = mapper(r.fields, line);
        if (m.ok) {
          records.push(m.record);
          recordRows.push({ fields: r.fields, line });
        } else {
          failedHere++;
          batchErrors.push(...m.errors);
        }
      }
      const batchRowCount = rows.length + parseErrors.length;
      rows = [];
      parseErrors = [];
      const cursorLine = parser.line + lineDelta;

      const commit = async (tx: AppDatabase, result: UpsertResult) => {
        for (const res of result.results) {
          if (res.outcome !== "failed") continue;
          const src = recordRows[res.index]!;
          for (const err of res.errors ?? []) batchErrors.push(recordError(sources!, src.fields, src.line, err));
        }
        const room = Math.max(0, MAX_ROW_ERRORS - errorsWritten);
        const toWrite = batchErrors.slice(0, room);
        for (let k = 0; k < toWrite.length; k += 500) {
          await tx.insert(e).values(
            toWrite.slice(k, k + 500).map((x) => ({ jobId: claimed.id, line: x.line, column: x.column || null, value: x.value.slice(0, 1_000), reason: x.reason })),
          );
        }
        const now = Date.now();
        const updated = await tx
          .update(j)
          .set({
            processedRows: sql`${j.processedRows} + ${batchRowCount}`,
            createdCount: sql`${j.createdCount} + ${result.counts.created}`,
            updatedCount: sql`${j.updatedCount} + ${result.counts.updated}`,
            unchangedCount: sql`${j.unchangedCount} + ${result.counts.unchanged}`,
            failedCount: sql`${j.failedCount} + ${result.counts.failed + failedHere}`,
            cursorOffset: nextOffset,
            cursorLine,
            heartbeatAt: now,
          })
          .where(and(eq(j.id, claimed.id), eq(j.status, "running"), eq(j.heartbeatAt, heartbeat)))
          .returning({ id: j.id });
        if (updated.length === 0) throw new LostJobError();
        heartbeat = now;
        errorsWritten += toWrite.length;
      };

      let result: UpsertResult;
      try {
        result = await upsertBatch(handle, entity, records as never, {
          dryRun: claimed.dryRun,
          actor: { userId: claimed.createdBy, label: `import #${claimed.id}` },
          audit: false,
          withinTransaction: commit,
        });
      } catch (err) {
        if (err instanceof LostJobError) {
          const [now] = await handle.db.select({ status: j.status }).from(j).where(eq(j.id, claimed.id));
          return { status: (now?.status as ImportJobStatus) ?? "cancelled", processedRows, counts };
        }
        throw err;
      }
      processedRows += batchRowCount;
      counts.created += result.counts.created;
      counts.updated += result.counts.updated;
      counts.unchanged += result.counts.unchanged;
      counts.failed += result.counts.failed + failedHere;
      offset = nextOffset;
      batches++;
      opts.onBatch?.({ processedRows, cursorOffset: offset });
      if (opts.crashAfterBatches !== undefined && batches >= opts.crashAfterBatches && !last) throw new Error("simulated crash");
      if (last) break;
      // Let requests in between batches (the runner shares the server's event loop).
      await new Promise((r) => setImmediate(r));
    }

    const finished = Date.now();
    const done = await handle.transact(async (tx) => {
      const rowsDone = await tx
        .update(j)
        .set({ status: "completed", totalRows: processedRows, finishedAt: finished, heartbeatAt: finished })
        .where(and(eq(j.id, claimed.id), eq(j.status, "running"), eq(j.heartbeatAt, heartbeat)))
        .returning({ id: j.id });
      if (rowsDone.length === 0) return false;
      await writeAudit(
        handle,
        {
          actorUserId: claimed.createdBy,
          actorLabel: `import #${claimed.id}`,
          action: claimed.dryRun ? "import.dry_run" : "import.complete",
          targetType: "import_job",
          targetId: claimed.id,
          details: { entity, filename: claimed.filename, rows: processedRows, ...counts },
        },
        tx,
      );
      return true;
    });
    if (!done) return { status: "cancelled", processedRows, counts };
    if (!claimed.dryRun) await removeUploadIfUnused(handle, claimed.id, claimed.filePath);
    return { status: "completed", processedRows, counts };
  } finally {
    fs.closeSync(fd);
  }
}

/** Deletes an upload once no other job still needs it (a dry run's file is kept for the real run). */
async function removeUploadIfUnused(handle: DbHandle, jobId: number, filePath: string): Promise<void> {
  const j = handle.schema.importJobs;
  const users = await handle.db
    .select({ id: j.id })
    .from(j)
    .where(and(eq(j.filePath, filePath), inArray(j.status, ["uploaded", "queued", "running"])));
  if (users.some((u) => u.id !== jobId)) return;
  fs.rmSync(filePath, { force: true });
}

/** Uploads kept this long for a mapping never finished or a dry run never run for real. */
export const ABANDONED_UPLOAD_MS = 7 * 86_400_000;

/**
 * Deletes the files of jobs that will not run any more — never mapped, dry runs not followed by
 * the import, failed or cancelled — once they are older than `maxAgeMs`. The jobs and their reports
 * stay; a never-mapped job becomes "cancelled". Returns how many files were removed.
 */
export async function removeAbandonedUploads(handle: DbHandle, maxAgeMs = ABANDONED_UPLOAD_MS, now = Date.now()): Promise<number> {
  const j = handle.schema.importJobs;
  const old = await handle.db
    .select({ id: j.id, filePath: j.filePath, status: j.status })
    .from(j)
    .where(and(lt(j.createdAt, now - maxAgeMs), inArray(j.status, ["uploaded", "completed", "failed", "cancelled"]), sql`${j.filePath} IS NOT NULL`));
  let removed = 0;
  for (const job of old) {
    const active = await handle.db
      .select({ id: j.id })
      .from(j)
      .where(and(eq(j.filePath, job.filePath!), inArray(j.status, ["queued", "running"])))
      .limit(1);
    if (active.length) continue;
    await handle.transact((tx) =>
      tx
        .update(j)
        .set({ filePath: null, ...(job.status === "uploaded" ? { status: "cancelled", error: "The upload was never mapped and has been removed.", finishedAt: now } : {}) })
        .where(eq(j.id, job.id)),
    );
    if (fs.existsSync(job.filePath!)) {
      fs.rmSync(job.filePath!, { force: true });
      removed++;
    }
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------
// The poller

interface PollerState {
  timer: ReturnType<typeof setInterval> | null;
  busy: boolean;
  lastCleanup: number;
  handle: () => DbHandle;
  staleMs: number;
}

const g = globalThis as unknown as { __lodestarImportPoller?: PollerState };

/** One pass: claim the oldest runnable job whose file is on this machine and run it to the end. */
export async function pollImportJobs(handle: DbHandle, staleMs = STALE_HEARTBEAT_MS): Promise<RunImportResult | null> {
  const j = handle.schema.importJobs;
  const now = Date.now();
  const candidates = await handle.db
    .select({ id: j.id, filePath: j.filePath })
    .from(j)
    .where(or(eq(j.status, "queued"), and(eq(j.status, "running"), or(isNull(j.heartbeatAt), lt(j.heartbeatAt, now - staleMs)))))
    .orderBy(asc(j.createdAt), asc(j.id))
    .limit(10);
  for (const c of candidates) {
    // With several app instances on one PostgreSQL, only the one holding the upload runs it.
    if (!c.filePath || !fs.existsSync(c.filePath)) continue;
    const claimed = await claimImportJob(handle, c.id, now, staleMs);
    if (claimed) return runImportJob(handle, claimed);
  }
  return null;
}

async function tick(state: PollerState): Promise<void> {
  if (state.busy) return;
  state.busy = true;
  try {
    // Drain: run jobs back to back while there are any.
    while (await pollImportJobs(state.handle(), state.staleMs)) {
      /* next job */
    }
    if (Date.now() - state.lastCleanup > 3_600_000) {
      state.lastCleanup = Date.now();
      await removeAbandonedUploads(state.handle());
    }
  } catch (err) {
    console.error("import runner:", err);
  } finally {
    state.busy = false;
  }
}

/**
 * Starts the in-process poller (idempotent): every `intervalMs` it runs queued jobs and resumes
 * stale running ones, one job at a time per process.
 */
export function startImportPoller(opts: { intervalMs?: number; staleMs?: number; handle?: () => DbHandle } = {}): void {
  if (g.__lodestarImportPoller?.timer) return;
  const state: PollerState = { timer: null, busy: false, lastCleanup: 0, handle: opts.handle ?? getDb, staleMs: opts.staleMs ?? STALE_HEARTBEAT_MS };
  state.timer = setInterval(() => void tick(state), opts.intervalMs ?? 2_000);
  state.timer.unref?.();
  g.__lodestarImportPoller = state;
  void tick(state);
}

/** Runs a poll now (after a job was queued), so the user does not wait for the next interval. */
export function kickImportPoller(): void {
  const state = g.__lodestarImportPoller;
  if (state) void tick(state);
}

/** Directory of uploaded import files. */
export function uploadDir(): string {
  const configured = process.env.IMPORT_UPLOAD_DIR;
  // The ignore comment keeps the bundler from tracing the whole project for a run-time path.
  return configured ? path.resolve(/*turbopackIgnore: true*/ configured) : path.join(process.cwd(), "data", "uploads");
}
