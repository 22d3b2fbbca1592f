/**
 * The background import on real databases (SQLite always, PostgreSQL when configured): a file with
 * 1 % bad rows lands every good row and reports every bad one with its line and reason; a dry run
 * gives the same report and writes nothing; importing the file again creates nothing; a crash
 * mid-file (the job left "running" with a stale heartbeat) resumes to the same final counts; a
 * cancelled job stops; a file killed with SIGKILL in a child process resumes as well.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { detectDelimiter, parseCsv, proposeMapping } from "@/lib/csv";
import type { ImportSpec } from "@/lib/imports/spec";
import type { DbHandle } from "../client";
import { createTestDatabase, testDialects, type TestDatabase } from "../test/databases";
import { cancelImportJob, createImportJob, startImportJob } from "../mutations/imports";
import { listImportRowErrors } from "../queries/imports";
import { claimImportJob, pollImportJobs, removeAbandonedUploads, runImportJob } from "./import-runner";
import { writeAccountsFixture, type FixtureInfo } from "./import-fixture";

const ROWS = 6_000;
const actor = { userId: null, label: "test" };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-import-test-"));
let fixture: FixtureInfo;
let spec: ImportSpec;

beforeAll(async () => {
  fixture = await writeAccountsFixture(path.join(dir, "accounts.csv"), ROWS);
  const head = fs.readFileSync(fixture.path, "utf8").slice(0, 20_000);
  const sample = parseCsv(head.slice(0, head.lastIndexOf("\n") + 1));
  spec = { entity: "accounts", columns: proposeMapping("accounts", sample.header, { samples: sample.rows.slice(0, 50) }), fixed: [], blanks: [], delimiter: detectDelimiter(head) };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let uploads = 0;
/** Uploads a copy of `file` (a real import deletes its upload when done) and queues it. */
async function queue(handle: DbHandle, source: string, dryRun = false, s: ImportSpec = spec): Promise<number> {
  const file = path.join(dir, `upload-${++uploads}.csv`);
  fs.copyFileSync(source, file);
  const id = await createImportJob(handle, actor, { entity: s.entity, filename: path.basename(file), filePath: file, bytes: fs.statSync(file).size, delimiter: s.delimiter });
  await startImportJob(handle, actor, { jobId: id, spec: s, dryRun });
  return id;
}

async function job(handle: DbHandle, id: number) {
  const [row] = await handle.db.select().from(handle.schema.importJobs).where(eq(handle.schema.importJobs.id, id));
  return row!;
}

async function accountCount(handle: DbHandle): Promise<number> {
  const [r] = await handle.all<{ n: number }>(sql`SELECT count(*) AS n FROM accounts`);
  return Number(r!.n);
}

/** The error report as "line|column|reason" strings. */
async function report(handle: DbHandle, id: number): Promise<string[]> {
  return (await listImportRowErrors(handle, id, 100_000)).map((e) => `${e.line}|${e.column ?? ""}|${e.reason}`);
}

for (const dialect of testDialects()) {
  describe(`import runner on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
    });
    afterAll(async () => t?.drop());

    let dryReport: string[] = [];
    let firstId = 0;

    it("a dry run reports every bad row and writes nothing", async () => {
      const id = await queue(t.handle, fixture.path, true);
      const r = await pollImportJobs(t.handle);
      expect(r?.status).toBe("completed");
      const j = await job(t.handle, id);
      expect(j).toMatchObject({ status: "completed", processedRows: ROWS, totalRows: ROWS, failedCount: fixture.bad.length, createdCount: ROWS - fixture.bad.length });
      expect(await accountCount(t.handle)).toBe(0);
      dryReport = await report(t.handle, id);
      expect(new Set(dryReport.map((x) => Number(x.split("|")[0])))).toEqual(new Set(fixture.bad.map((b) => b.line)));
      expect(fs.existsSync((await job(t.handle, id)).filePath!)).toBe(true);
    });

    it("the import lands every good row and gives the dry run's report", async () => {
      firstId = await queue(t.handle, fixture.path);
      await pollImportJobs(t.handle);
      const j = await job(t.handle, firstId);
      expect(j).toMatchObject({ status: "completed", processedRows: ROWS, createdCount: ROWS - fixture.bad.length, updatedCount: 0, unchangedCount: 0, failedCount: fixture.bad.length });
      expect(await accountCount(t.handle)).toBe(ROWS - fixture.bad.length);
      expect(await report(t.handle, firstId)).toEqual(dryReport);
      expect(fs.existsSync((await job(t.handle, firstId)).filePath!)).toBe(false);
      const byLine = new Map((await listImportRowErrors(t.handle, firstId, 1000)).map((e) => [e.line, e]));
      // Every kind of bad row has its specific reason.
      const reasons: Record<string, RegExp> = {
        extra_column: /has 12 fields but the header has 11 \(extra column\)/,
        bad_number: /'a few' is not a number/,
        empty_name: /Name \(name\) is required/,
        bad_domain: /'not a website' is not a valid domain/,
        bad_year: /'1492' is out of range/,
        bad_stage: /'Hibernating' is not one of the allowed values/,
      };
      for (const b of fixture.bad) expect(byLine.get(b.line)?.reason, `line ${b.line}`).toMatch(reasons[b.kind]!);
      const [tagged] = await t.handle.all<{ n: number }>(sql`SELECT count(*) AS n FROM account_tags`);
      expect(Number(tagged!.n)).toBeGreaterThan(ROWS);
    });

    it("importing the same file again creates nothing", async () => {
      const id = await queue(t.handle, fixture.path);
      await pollImportJobs(t.handle);
      expect(await job(t.handle, id)).toMatchObject({ status: "completed", createdCount: 0, updatedCount: 0, unchangedCount: ROWS - fixture.bad.length, failedCount: fixture.bad.length });
      expect(await accountCount(t.handle)).toBe(ROWS - fixture.bad.length);
    });

    it("a crash mid-file resumes at the last committed batch with the same final counts and report", async () => {
      const fresh = await createTestDatabase(dialect);
      try {
        const id = await queue(fresh.handle, fixture.path);
        const claimed = await claimImportJob(fresh.handle, id);
        await expect(runImportJob(fresh.handle, claimed!, { batchRows: 1_000, crashAfterBatches: 2 })).rejects.toThrow("simulated crash");
        const mid = await job(fresh.handle, id);
        expect(mid.status).toBe("running");
        expect(mid.processedRows).toBe(2_000);
        expect(mid.cursorOffset).toBeGreaterThan(0);
        expect(mid.cursorLine).toBe(2_002);
        // A live heartbeat keeps other runners away; a stale one lets the poller take over.
        expect(await pollImportJobs(fresh.handle)).toBeNull();
        await fresh.handle.transact((tx) => tx.update(fresh.handle.schema.importJobs).set({ heartbeatAt: Date.now() - 60_000 }).where(eq(fresh.handle.schema.importJobs.id, id)));
        expect((await pollImportJobs(fresh.handle))?.status).toBe("completed");
        const done = await job(fresh.handle, id);
        expect(done).toMatchObject({ processedRows: ROWS, createdCount: ROWS - fixture.bad.length, unchangedCount: 0, updatedCount: 0, failedCount: fixture.bad.length });
        expect(await report(fresh.handle, id)).toEqual(dryReport);
        expect(await accountCount(fresh.handle)).toBe(ROWS - fixture.bad.length);
      } finally {
        await fresh.drop();
      }
    });

    it("a cancelled job stops and keeps what it committed", async () => {
      const fresh = await createTestDatabase(dialect);
      try {
        const id = await queue(fresh.handle, fixture.path);
        const claimed = await claimImportJob(fresh.handle, id);
        let cancelled = false;
        const result = await runImportJob(fresh.handle, claimed!, {
          batchRows: 1_000,
          onBatch: () => {
            if (!cancelled) {
              cancelled = true;
              void cancelImportJob(fresh.handle, actor, id);
            }
          },
        });
        expect(result.status).toBe("cancelled");
        const j = await job(fresh.handle, id);
        expect(j.status).toBe("cancelled");
        expect(await accountCount(fresh.handle)).toBe(j.createdCount);
      } finally {
        await fresh.drop();
      }
    });

    it("rejects a binary file, a file without header and a mapping that does not fit, with a specific message", async () => {
      const bin = path.join(dir, "binary.csv");
      fs.writeFileSync(bin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x0a, 0x01]));
      const id1 = await queue(t.handle, bin);
      await pollImportJobs(t.handle);
      expect((await job(t.handle, id1)).error).toMatch(/not text CSV/);
      const noHeader = path.join(dir, "noheader.csv");
      fs.writeFileSync(noHeader, "1,2,3\n4,5,6\n");
      const id2 = await queue(t.handle, noHeader);
      await pollImportJobs(t.handle);
      expect(await job(t.handle, id2)).toMatchObject({ status: "failed", error: expect.stringMatching(/header row/) });
    });

    it("reports activities for unknown accounts and unparseable dates per row, landing the rest", async () => {
      const file = path.join(dir, "activities.csv");
      fs.writeFileSync(file, "Account ID,Activity Type,Date\r\nACC-0000001,Web Visit,2025-03-01\r\nNOPE-1,Web Visit,2025-03-01\r\nACC-0000002,Demo Request,31st of Smarch\r\nACC-0000003,webinar,03/04/2025\r\n");
      const text = fs.readFileSync(file, "utf8");
      const p = parseCsv(text);
      const s: ImportSpec = { entity: "activities", columns: proposeMapping("activities", p.header, { samples: p.rows }), fixed: [], blanks: [], delimiter: "," };
      const id = await queue(t.handle, file, false, s);
      await pollImportJobs(t.handle);
      expect(await job(t.handle, id)).toMatchObject({ status: "completed", createdCount: 2, failedCount: 2 });
      const errs = await listImportRowErrors(t.handle, id);
      expect(errs.map((e) => [e.line, e.column, e.value])).toEqual([
        [3, "Account ID", "NOPE-1"],
        [4, "Date", "31st of Smarch"],
      ]);
      expect(errs[0]!.reason).toBe("account 'NOPE-1' not found (by external id or domain)");
      expect(errs[1]!.reason).toMatch(/date/i);
    });

    it("uses fixed values and templates for fields the file does not have", async () => {
      const file = path.join(dir, "deals.csv");
      fs.writeFileSync(file, "mql_id,won_date\nACC-0000001,2018-02-26 19:58:54\nACC-0000002,2018-05-08 20:17:59\n");
      const s: ImportSpec = {
        entity: "opportunities",
        columns: [
          { column: 0, header: "mql_id", target: "accountExternalId", confidence: 1 },
          { column: 1, header: "won_date", target: "closedAt", confidence: 1 },
        ],
        fixed: [
          { field: "externalId", template: "deal-{mql_id}" },
          { field: "stage", template: "won" },
          { field: "createdAt", template: "{won_date}" },
          { field: "name", template: "Olist deal" },
        ],
        blanks: [],
        delimiter: ",",
      };
      const id = await queue(t.handle, file, false, s);
      await pollImportJobs(t.handle);
      expect(await job(t.handle, id)).toMatchObject({ status: "completed", createdCount: 2, failedCount: 0 });
      const [o] = await t.handle.db.select().from(t.handle.schema.opportunities).where(eq(t.handle.schema.opportunities.externalId, "deal-ACC-0000001"));
      expect(o).toMatchObject({ stage: "won", name: "Olist deal", closedAt: Date.UTC(2018, 1, 26, 19, 58, 54), openedAt: Date.UTC(2018, 1, 26, 19, 58, 54) });
    });

    it("removes the files of uploads abandoned for a week, keeping the jobs", async () => {
      const file = path.join(dir, `abandoned-${dialect}.csv`);
      fs.writeFileSync(file, "id,name\n1,a\n");
      const id = await createImportJob(t.handle, actor, { entity: "accounts", filename: "a.csv", filePath: file, bytes: 12, delimiter: "," });
      expect(await removeAbandonedUploads(t.handle)).toBe(0);
      expect(await removeAbandonedUploads(t.handle, 7 * 86_400_000, Date.now() + 8 * 86_400_000)).toBeGreaterThanOrEqual(1);
      expect(fs.existsSync(file)).toBe(false);
      expect(await job(t.handle, id)).toMatchObject({ status: "cancelled", filePath: null });
    });

    if (dialect === "sqlite") {
      it("a 100,000-row import killed with SIGKILL mid-file resumes to the same counts and report", async () => {
        const fresh = await createTestDatabase("sqlite");
        try {
          const big = await writeAccountsFixture(path.join(dir, "big.csv"), 100_000);
          const id = await queue(fresh.handle, big.path);
          const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "import-worker.ts")], {
            env: { ...process.env, DATABASE_URL: `file:${fresh.handle.url}`, IMPORT_BATCH_ROWS: "1000" },
            stdio: ["ignore", "pipe", "pipe"],
            cwd: path.resolve(import.meta.dirname, "../.."),
          });
          // Kill as soon as a few batches have committed.
          for (let k = 0; k < 600; k++) {
            await new Promise((r) => setTimeout(r, 100));
            if ((await job(fresh.handle, id)).processedRows >= 3_000) break;
          }
          child.kill("SIGKILL");
          await new Promise((r) => child.once("exit", r));
          const mid = await job(fresh.handle, id);
          expect(mid.status).toBe("running");
          expect(mid.processedRows).toBeGreaterThan(0);
          expect(mid.processedRows).toBeLessThan(100_000);
          expect(await accountCount(fresh.handle)).toBe(mid.createdCount);
          expect((await pollImportJobs(fresh.handle, 0))?.status).toBe("completed");
          expect(await job(fresh.handle, id)).toMatchObject({ processedRows: 100_000, createdCount: 100_000 - big.bad.length, unchangedCount: 0, failedCount: big.bad.length });
          expect(await accountCount(fresh.handle)).toBe(100_000 - big.bad.length);
          expect((await listImportRowErrors(fresh.handle, id, 10_000)).map((e) => e.line)).toEqual(big.bad.map((b) => b.line));
        } finally {
          await fresh.drop();
        }
      }, 300_000);
    }
  });
}
