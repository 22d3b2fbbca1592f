/**
 * Uploaded import files on disk: streaming a request body to data/uploads with a size limit, the
 * early checks that reject what is not a CSV file before a job exists (binary content, other
 * encodings, no header, no rows), and the sample of first rows the mapping wizard shows.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { detectDelimiter, parseCsv, type CsvRowError } from "@/lib/csv";
import { findRecordBoundary } from "@/lib/imports/segment";
import { formatBytes } from "@/lib/imports/format";
import { uploadDir } from "./import-runner";

/** Default upload limit; IMPORT_MAX_BYTES overrides it. */
export const DEFAULT_IMPORT_MAX_BYTES = 200 * 1024 * 1024;

/** The configured upload limit in bytes. */
export function importMaxBytes(): number {
  const v = Number(process.env.IMPORT_MAX_BYTES);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : DEFAULT_IMPORT_MAX_BYTES;
}

/** The message of a 413: what the limit is and what to do. */
export function tooLargeMessage(max: number, size?: number): string {
  const what = size !== undefined && Number.isFinite(size) ? `The file is ${formatBytes(size)}, over` : "The file is larger than";
  return `${what} the ${formatBytes(max)} import limit. Split it into smaller files (each with the header row) or ask an admin to raise IMPORT_MAX_BYTES.`;
}

/**
 * Streams `body` into a new file under the upload directory. Stops reading and deletes the partial
 * file as soon as more than `maxBytes` arrive.
 */
export async function saveUpload(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<{ ok: true; path: string; bytes: number } | { ok: false; tooLarge: true }> {
  const dir = uploadDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${crypto.randomUUID()}.csv`);
  const out = fs.createWriteStream(file, { flags: "wx" });
  const reader = body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        out.destroy();
        fs.rmSync(file, { force: true });
        return { ok: false, tooLarge: true };
      }
      if (!out.write(value)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return { ok: true, path: file, bytes };
  } catch (err) {
    out.destroy();
    fs.rmSync(file, { force: true });
    throw err;
  }
}

const SAMPLE_BYTES = 256 * 1024;

/** The first records of a file, as the wizard needs them. */
export interface UploadSample {
  delimiter: string;
  header: string[];
  rows: { line: number; fields: string[] }[];
  /** Non-fatal problems among the sampled rows (e.g. a row with an extra column). */
  errors: CsvRowError[];
}

/**
 * Reads and parses the start of an uploaded file. Returns a reason a person can act on when the
 * file is not a usable CSV: binary or not UTF-8, empty, no header row, a header but no rows.
 */
export function readUploadSample(file: string, opts: { maxRows?: number; delimiter?: string } = {}): { ok: true; sample: UploadSample } | { ok: false; reason: string } {
  const fd = fs.openSync(file, "r");
  let bytes: Buffer;
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
    bytes = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    fs.readSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (size === 0) return { ok: false, reason: "The file is empty." };
  const excel = "If it is a spreadsheet (.xlsx, .xls, .numbers), save or export it as “CSV UTF-8” first.";
  if (bytes.includes(0)) return { ok: false, reason: `This is not a text CSV file: it contains binary data. ${excel}` };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: size > bytes.length });
  } catch {
    return { ok: false, reason: `This file is not UTF-8 text: it has bytes that are not valid UTF-8 (perhaps Latin-1 or Windows-1252). ${excel}` };
  }
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  let usable = text;
  if (size > bytes.length) {
    // Parse whole records only: cut after the last record boundary of the sample.
    const scan = findRecordBoundary(bytes, 0, delimiter.charCodeAt(0), Number.MAX_SAFE_INTEGER);
    if (scan.records === 0) return { ok: false, reason: `The first line is longer than ${formatBytes(SAMPLE_BYTES)}: this does not look like a CSV file with a header row.` };
    usable = bytes.subarray(0, scan.end).toString("utf8");
  }
  const parsed = parseCsv(usable, { delimiter });
  const fatal = parsed.errors.find((e) => e.fatal);
  if (fatal) return { ok: false, reason: sentence(fatal.reason) };
  if (parsed.rows.length === 0 && parsed.errors.length === 0) return { ok: false, reason: "The file has a header row but no data rows." };
  const maxRows = opts.maxRows ?? 20;
  return {
    ok: true,
    sample: {
      delimiter,
      header: parsed.header,
      rows: parsed.rows.slice(0, maxRows).map((fields, k) => ({ line: parsed.lines[k]!, fields })),
      errors: parsed.errors.filter((e) => !e.fatal && (parsed.lines[maxRows - 1] === undefined || e.line <= parsed.lines[maxRows - 1]!)),
    },
  };
}

function sentence(reason: string): string {
  const s = reason.charAt(0).toUpperCase() + reason.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
