import { NextResponse } from "next/server";
import fs from "node:fs";
import { withErrors } from "@/app/_lib/route";
import { getDb } from "@/db/client";
import { importMaxBytes, readUploadSample, saveUpload, tooLargeMessage } from "@/db/jobs/import-files";
import { createImportJob } from "@/db/mutations/imports";
import { requirePermission } from "@/lib/auth/session";
import { IMPORT_ENTITIES, type ImportEntity } from "@/lib/csv";
import { AppError } from "@/lib/errors";

/**
 * `POST /api/imports?entity=accounts&filename=x.csv` with the file as the raw request body (streamed to
 * disk, never buffered whole). Answers 413 before reading anything when Content-Length is over the
 * limit, and as soon as the limit is crossed otherwise; 422 with the reason when the file is not a
 * usable CSV; 201 with the new job's id when it is.
 */
export const POST = withErrors(async (request: Request) => {
  const user = await requirePermission("imports:run");
  const url = new URL(request.url);
  const entity = url.searchParams.get("entity");
  if (!entity || !(IMPORT_ENTITIES as readonly string[]).includes(entity)) {
    throw new AppError("bad_request:import", `Choose what the file contains: one of ${IMPORT_ENTITIES.join(", ")}.`);
  }
  const filename = (url.searchParams.get("filename") ?? "upload.csv").replace(/[\u0000-\u001f]/g, "").slice(0, 200) || "upload.csv";
  const max = importMaxBytes();
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) throw new AppError("payload_too_large:import", tooLargeMessage(max, declared));
  if (!request.body) throw new AppError("bad_request:import", "The request carries no file.");
  const saved = await saveUpload(request.body, max);
  if (!saved.ok) throw new AppError("payload_too_large:import", tooLargeMessage(max));
  const check = readUploadSample(saved.path);
  if (!check.ok) {
    fs.rmSync(saved.path, { force: true });
    throw new AppError("unprocessable:import", check.reason);
  }
  const id = await createImportJob(getDb(), { userId: user.id, label: user.email }, {
    entity: entity as ImportEntity,
    filename,
    filePath: saved.path,
    bytes: saved.bytes,
    delimiter: check.sample.delimiter,
  });
  return NextResponse.json({ id, url: `/imports/${id}` }, { status: 201 });
});
