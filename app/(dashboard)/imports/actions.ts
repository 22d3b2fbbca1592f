"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { readUploadSample } from "@/db/jobs/import-files";
import { kickImportPoller } from "@/db/jobs/import-runner";
import { cancelImportJob, startImportJob } from "@/db/mutations/imports";
import { publishVersion } from "@/db/mutations/models";
import { upsertBatch } from "@/db/mutations/upsert";
import { getImportJob } from "@/db/queries/imports";
import { getPrimaryModel } from "@/db/queries/models";
import { requirePermission } from "@/lib/auth/session";
import { CUSTOM_PREFIX, type ImportEntity, type MappingIssue } from "@/lib/csv";
import { AppError, toActionResult, type ActionResult } from "@/lib/errors";
import { compileSpec, fieldSources, importSpecSchema, recordError, validateSpec, type ImportSpec } from "@/lib/imports/spec";

const jobIdSchema = z.number().int().positive();

/** One previewed row: what it would become and why not, if it fails. */
export interface PreviewRow {
  line: number;
  outcome: "created" | "updated" | "unchanged" | "failed";
  /** parsed values by target (field key or custom:<name>), formatted for display */
  values: Record<string, string>;
  errors: { column: string; value: string; reason: string }[];
}

export interface PreviewData {
  issues: MappingIssue[];
  rows: PreviewRow[];
}

async function loadUploadedJob(jobId: unknown) {
  const id = jobIdSchema.safeParse(jobId);
  if (!id.success) throw new AppError("bad_request:import", "Unknown import.");
  const job = await getImportJob(getDb(), id.data);
  if (!job) throw new AppError("not_found:import", "That import does not exist.");
  return job;
}

function parseSpec(raw: unknown): ImportSpec {
  const parsed = importSpecSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request:import", "The column mapping is malformed; reload the page and try again.");
  return parsed.data as ImportSpec;
}

function display(value: unknown, dateField: boolean): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join("; ");
  if (typeof value === "number" && dateField) {
    const iso = new Date(value).toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 19).replace("T", " ")} UTC`;
  }
  return String(value);
}

/**
 * Validates a mapping against the uploaded file and previews its first rows: each row parsed and
 * checked against the database as a dry run (so unknown accounts show up here already).
 */
export async function previewImportAction(jobId: number, rawSpec: unknown): Promise<ActionResult<PreviewData>> {
  try {
    await requirePermission("imports:run");
    const job = await loadUploadedJob(jobId);
    const spec = parseSpec(rawSpec);
    if (spec.entity !== job.entity) throw new AppError("bad_request:import", "The mapping is for a different kind of record than the upload.");
    if (!job.filePath) throw new AppError("conflict:import", "The uploaded file is gone; upload it again.");
    const read = readUploadSample(job.filePath, { delimiter: spec.delimiter, maxRows: 20 });
    if (!read.ok) throw new AppError("unprocessable:import", read.reason);
    const { header, rows, errors: parseErrors } = read.sample;
    const issues = validateSpec(spec, header);
    if (issues.some((i) => i.severity === "error")) return { ok: true, data: { issues, rows: [] } };

    const mapper = compileSpec(spec, header);
    const sources = fieldSources(spec, header);
    const dateKeys = new Set(spec.columns.filter((c) => c.customType === "date").map((c) => c.target));
    const entityDateFields = new Set(["occurredAt", "observedAt", "createdAt", "closedAt"]);
    const preview: PreviewRow[] = [];
    const records: unknown[] = [];
    const recordRows: { row: PreviewRow; fields: string[] }[] = [];
    for (const r of rows) {
      const m = mapper(r.fields, r.line);
      if (!m.ok) {
        preview.push({ line: r.line, outcome: "failed", values: {}, errors: m.errors.map((e) => ({ column: e.column, value: e.value, reason: e.reason })) });
        continue;
      }
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.record as unknown as Record<string, unknown>)) {
        if (k === "custom") {
          for (const [ck, cv] of Object.entries(v as Record<string, unknown>)) values[`${CUSTOM_PREFIX}${ck}`] = display(cv, dateKeys.has(`${CUSTOM_PREFIX}${ck}`));
        } else values[k] = display(v, entityDateFields.has(k));
      }
      const row: PreviewRow = { line: r.line, outcome: "created", values, errors: [] };
      recordRows.push({ row, fields: r.fields });
      records.push(m.record);
      preview.push(row);
    }
    for (const e of parseErrors) preview.push({ line: e.line, outcome: "failed", values: {}, errors: [{ column: "", value: e.fields?.join(spec.delimiter) ?? "", reason: e.reason }] });
    preview.sort((a, b) => a.line - b.line);

    const dry = await upsertBatch(getDb(), job.entity as ImportEntity, records as never, { dryRun: true, actor: { userId: null, label: "preview" } });
    for (const res of dry.results) {
      const { row, fields } = recordRows[res.index]!;
      row.outcome = res.outcome;
      for (const err of res.errors ?? []) {
        const e = recordError(sources, fields, row.line, err);
        row.errors.push({ column: e.column, value: e.value, reason: e.reason });
      }
    }
    return { ok: true, data: { issues, rows: preview } };
  } catch (err) {
    return toActionResult(err);
  }
}

/**
 * Starts the import (or its dry run) with the mapping; a finished dry run's "run it for real" passes
 * no spec and reuses the dry run's. Returns the id of the job to watch.
 */
export async function startImportAction(jobId: number, rawSpec: unknown, dryRun: boolean): Promise<ActionResult<{ jobId: number }>> {
  try {
    const user = await requirePermission("imports:run");
    const job = await loadUploadedJob(jobId);
    let spec: ImportSpec | undefined;
    if (rawSpec !== null && rawSpec !== undefined) {
      spec = parseSpec(rawSpec);
      if (!job.filePath) throw new AppError("conflict:import", "The uploaded file is gone; upload it again.");
      const read = readUploadSample(job.filePath, { delimiter: spec.delimiter, maxRows: 1 });
      if (!read.ok) throw new AppError("unprocessable:import", read.reason);
      const errors = validateSpec(spec, read.sample.header).filter((i) => i.severity === "error");
      if (errors.length) throw new AppError("unprocessable:import", `Fix the mapping first: ${errors.map((e) => e.message).join("; ")}.`);
    }
    const id = await startImportJob(getDb(), { userId: user.id, label: user.email }, { jobId: job.id, spec, dryRun: dryRun === true });
    kickImportPoller();
    revalidatePath("/imports");
    return { ok: true, data: { jobId: id } };
  } catch (err) {
    return toActionResult(err);
  }
}

/** Cancels an import that has not finished. */
export async function cancelImportAction(jobId: number): Promise<ActionResult> {
  try {
    const user = await requirePermission("imports:run");
    const job = await loadUploadedJob(jobId);
    await cancelImportJob(getDb(), { userId: user.id, label: user.email }, job.id);
    revalidatePath("/imports");
    revalidatePath(`/imports/${job.id}`);
    return { ok: true, message: "Import cancelled." };
  } catch (err) {
    return toActionResult(err);
  }
}

/**
 * After an import: rescore every account with the primary model's live version (offered on the
 * job page, never done automatically).
 */
export async function publishScoresAction(jobId: number): Promise<ActionResult> {
  try {
    const user = await requirePermission("models:publish");
    const job = await loadUploadedJob(jobId);
    const handle = getDb();
    const model = await getPrimaryModel(handle);
    if (!model?.publishedVersionId) throw new AppError("conflict:model", "No scoring model is published yet, so there is nothing to rescore.");
    const result = await publishVersion(handle, { userId: user.id, label: user.email }, { versionId: model.publishedVersionId, note: `Rescored after import #${job.id} (${job.filename})` });
    revalidatePath("/accounts");
    return { ok: true, message: `Scores published: ${result.accountCount.toLocaleString("en-US")} accounts rescored with ${model.name}.` };
  } catch (err) {
    return toActionResult(err);
  }
}
