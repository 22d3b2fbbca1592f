/**
 * The upload route handler called directly with real requests: a declared 2 GB body is refused with
 * 413 before a byte is read; an undeclared (chunked) body is cut off with 413 as soon as it crosses the
 * limit and leaves no file behind; binary content, a file without header and an empty file get 422
 * with a specific message; a good file becomes an "uploaded" job.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/session")>();
  return { ...real, requirePermission: async () => ({ id: 1, email: "marketing@lodestar.dev", name: "M", role: "marketing" }) };
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-upload-test-"));
process.env.DATABASE_URL = `file:${path.join(dir, "upload.db")}`;
process.env.IMPORT_UPLOAD_DIR = path.join(dir, "uploads");
process.env.IMPORT_MAX_BYTES = String(1024 * 1024);

beforeAll(async () => {
  const { getDb } = await import("@/db/client");
  const { migrateDatabase } = await import("@/db/migrate");
  const handle = getDb();
  await migrateDatabase(handle);
  const now = Date.now();
  await handle.transact((tx) => tx.insert(handle.schema.users).values({ id: 1, email: "marketing@lodestar.dev", name: "M", passwordHash: "x", role: "marketing", createdAt: now, updatedAt: now }));
});
afterAll(async () => {
  const { getDb } = await import("@/db/client");
  await getDb().close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const url = (entity = "accounts") => `http://test.local/api/imports?entity=${entity}&filename=test.csv`;

async function post(body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}, entity?: string) {
  const { POST } = await import("./route");
  const res = await POST(new Request(url(entity), { method: "POST", body, headers, duplex: "half" } as RequestInit));
  return { status: res.status, body: (await res.json()) as { id?: number; error?: { code: string; message: string } } };
}

const uploads = () => (fs.existsSync(process.env.IMPORT_UPLOAD_DIR!) ? fs.readdirSync(process.env.IMPORT_UPLOAD_DIR!) : []);

describe("POST /api/imports", () => {
  it("refuses a declared 2 GB file with 413 before reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const res = await post(body, { "content-length": String(2 * 1024 ** 3) });
    expect(res.status).toBe(413);
    expect(res.body.error?.message).toBe(
      "The file is 2 GB, over the 1 MB import limit. Split it into smaller files (each with the header row) or ask an admin to raise IMPORT_MAX_BYTES.",
    );
    expect(pulled).toBeLessThanOrEqual(1);
    expect(uploads()).toEqual([]);
  });

  it("cuts off an undeclared body at the limit and keeps no partial file", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 256 * 1024;
        if (sent > 64 * 1024 ** 2) return c.close();
        c.enqueue(new TextEncoder().encode("a,b\n".repeat(64 * 1024)));
      },
    });
    const res = await post(body);
    expect(res.status).toBe(413);
    expect(res.body.error?.message).toMatch(/^The file is larger than the 1 MB import limit/);
    expect(sent).toBeLessThan(2 * 1024 ** 2);
    expect(uploads()).toEqual([]);
  });

  it("rejects binary content, other encodings, a missing header and an empty file with a specific message", async () => {
    const zip = await post(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x08]));
    expect(zip.status).toBe(422);
    expect(zip.body.error?.message).toMatch(/^This is not a text CSV file: it contains binary data\. If it is a spreadsheet/);
    const latin1 = await post(new Uint8Array([...new TextEncoder().encode("name,city\nJos"), 0xe9, 0x0a]));
    expect(latin1.body.error?.message).toMatch(/not UTF-8 text/);
    const noHeader = await post("1,2,3\n4,5,6\n");
    expect(noHeader.status).toBe(422);
    expect(noHeader.body.error?.message).toMatch(/the file needs a header row/);
    const empty = await post("");
    expect(empty.body.error?.message).toBe("The file is empty.");
    const headerOnly = await post("id,name\n");
    expect(headerOnly.body.error?.message).toBe("The file has a header row but no data rows.");
    expect(uploads()).toEqual([]);
  });

  it("refuses an unknown record type", async () => {
    const res = await post("id,name\n1,a\n", {}, "planets");
    expect(res.status).toBe(400);
  });

  it("stores a good file and creates a job waiting for its mapping", async () => {
    const res = await post("Account ID;Company Name\nA-1;Acme\n");
    expect(res.status).toBe(201);
    const { getDb } = await import("@/db/client");
    const { getImportJob } = await import("@/db/queries/imports");
    const job = await getImportJob(getDb(), res.body.id!);
    expect(job).toMatchObject({ status: "uploaded", entity: "accounts", filename: "test.csv", bytes: 33, options: { delimiter: ";" } });
    expect(fs.readFileSync(job!.filePath!, "utf8")).toBe("Account ID;Company Name\nA-1;Acme\n");
  });
});
