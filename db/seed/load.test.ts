import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import bcrypt from "bcryptjs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle, Dialect } from "../client";
import { createTestDatabase, PG_SKIP_REASON, PG_URL, type TestDatabase } from "../test/databases";
import { openBatchSource } from "./batch-source";
import { DEFERRED_DDL_KEY, deferDdl, restoreDeferredDdl } from "./deferred-ddl";
import type { EncodedBatch } from "./encode";
import { DEMO_PASSWORD, DEMO_USERS, SeedRefusedError, seedDemoData, type SeedResult } from "./load";
import { generateDemoData } from "@/lib/demo/generator";

const NOW = Date.UTC(2026, 2, 15);
const ACCOUNTS = 1_000;
const SEED = 99;

async function one<T = Record<string, unknown>>(handle: DbHandle, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await handle.all<T>(query);
  return row;
}
const num = (v: unknown) => Number(v);

/** Index names (and on PostgreSQL foreign-key names) of the loaded tables: what deferral must put back. */
async function indexNames(handle: DbHandle): Promise<string[]> {
  const rows =
    handle.dialect === "sqlite"
      ? await handle.all<{ name: string }>(
          sql`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('accounts', 'account_tags', 'contacts', 'activities', 'intent_signals', 'opportunities') ORDER BY name`,
        )
      : await handle.all<{ name: string }>(
          sql`SELECT name FROM (
                SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()
                   AND tablename IN ('accounts', 'account_tags', 'contacts', 'activities', 'intent_signals', 'opportunities')
                UNION ALL
                SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f'
                   AND t.relname IN ('accounts', 'account_tags', 'contacts', 'activities', 'intent_signals', 'opportunities')
              ) x ORDER BY name`,
        );
  return rows.map((r) => r.name);
}

function seedSuite(dialect: Dialect) {
  describe(`seedDemoData on ${dialect}`, () => {
    let db: TestDatabase;
    let handle: DbHandle;
    let indexesBefore: string[];
    let result: SeedResult;

    beforeAll(async () => {
      db = await createTestDatabase(dialect);
      handle = db.handle;
      indexesBefore = await indexNames(handle);
      // Deferred index builds are normally only used for big loads; force them to cover that path.
      result = await seedDemoData(handle, { accounts: ACCOUNTS, seed: SEED, now: NOW, batchSize: 300, deferIndexes: true });
    });
    afterAll(async () => {
      await db?.drop();
    });

    it("loads the counts it reports, with every row of the generated data set", async () => {
      const expected = generateDemoData({ accounts: ACCOUNTS, seed: SEED, now: NOW, ownerIds: [1, 2] });
      const counts = await one(
        handle,
        sql`SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM contacts) AS contacts,
                   (SELECT count(*) FROM activities) AS activities, (SELECT count(*) FROM intent_signals) AS intents,
                   (SELECT count(*) FROM opportunities) AS opportunities, (SELECT count(*) FROM account_tags) AS tags`,
      );
      expect(num(counts.accounts)).toBe(ACCOUNTS);
      // Generated on a worker thread (tsx is installed here); the reset test below covers inline.
      expect(result.generator).toBe("worker");
      expect(result.rows).toEqual({
        accounts: ACCOUNTS,
        contacts: expected.contacts.length,
        activities: expected.activities.length,
        intentSignals: expected.intentSignals.length,
        opportunities: expected.opportunities.length,
        accountTags: expected.accounts.reduce((s, a) => s + a.technologies.length, 0),
      });
      expect(num(counts.contacts)).toBe(result.rows.contacts);
      expect(num(counts.activities)).toBe(result.rows.activities);
      expect(num(counts.intents)).toBe(result.rows.intentSignals);
      expect(num(counts.opportunities)).toBe(result.rows.opportunities);
      expect(num(counts.tags)).toBe(result.rows.accountTags);
      // About ten activities per account.
      expect(result.rows.activities / ACCOUNTS).toBeGreaterThan(7);
      expect(result.rows.activities / ACCOUNTS).toBeLessThan(13);
      // Same data on every dialect: the first accounts are the generator's, in order.
      const first = await handle.all<{ external_id: string; name: string; domain: string }>(
        sql`SELECT external_id, name, domain FROM accounts ORDER BY id LIMIT 3`,
      );
      expect(first).toEqual(expected.accounts.slice(0, 3).map((a) => ({ external_id: a.externalId, name: a.name, domain: a.domain })));
    });

    it("creates the demo users once, with the shared password, and gives accounts to the reps", async () => {
      const users = await handle.all<{ id: number; email: string; role: string; password_hash: string }>(
        sql`SELECT id, email, role, password_hash FROM users ORDER BY id`,
      );
      expect(users.map((u) => [u.email, u.role])).toEqual(DEMO_USERS.map((u) => [u.email, u.role]));
      expect(new Set(users.map((u) => u.password_hash)).size).toBe(1);
      expect(await bcrypt.compare(DEMO_PASSWORD, users[0].password_hash)).toBe(true);
      const reps = users.filter((u) => u.role === "sales").map((u) => num(u.id));
      const owners = await handle.all<{ owner_id: number; n: number }>(sql`SELECT owner_id, count(*) AS n FROM accounts GROUP BY owner_id ORDER BY owner_id`);
      expect(owners.map((o) => num(o.owner_id))).toEqual(reps);
      for (const o of owners) expect(num(o.n)).toBeGreaterThan(ACCOUNTS / 4);
    });

    it("keeps referential integrity", async () => {
      const orphans = await one(
        handle,
        sql`SELECT
          (SELECT count(*) FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id WHERE a.id IS NULL) AS contacts,
          (SELECT count(*) FROM activities x LEFT JOIN accounts a ON a.id = x.account_id WHERE a.id IS NULL) AS activity_accounts,
          (SELECT count(*) FROM activities x LEFT JOIN contacts c ON c.id = x.contact_id WHERE x.contact_id IS NOT NULL AND c.id IS NULL) AS activity_contacts,
          (SELECT count(*) FROM activities x JOIN contacts c ON c.id = x.contact_id WHERE c.account_id <> x.account_id) AS cross_account,
          (SELECT count(*) FROM intent_signals s LEFT JOIN accounts a ON a.id = s.account_id WHERE a.id IS NULL) AS intents,
          (SELECT count(*) FROM opportunities o LEFT JOIN accounts a ON a.id = o.account_id WHERE a.id IS NULL) AS opportunities,
          (SELECT count(*) FROM account_tags t LEFT JOIN accounts a ON a.id = t.account_id WHERE a.id IS NULL) AS tags,
          (SELECT count(*) FROM accounts a LEFT JOIN users u ON u.id = a.owner_id WHERE a.owner_id IS NOT NULL AND u.id IS NULL) AS owners,
          (SELECT count(*) FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.account_id = a.id)) AS without_contacts`,
      );
      expect(Object.values(orphans).map(num)).toEqual(Object.keys(orphans).map(() => 0));
      if (dialect === "sqlite") {
        expect(handle.sqlite!.reader.pragma("foreign_key_check")).toEqual([]);
        // The bulk-load pragmas are restored.
        expect(handle.sqlite!.writer.pragma("foreign_keys", { simple: true })).toBe(1);
        expect(handle.sqlite!.writer.pragma("synchronous", { simple: true })).toBe(1);
      }
    });

    it("fills account_tags from technologies and last_activity_at from the activities", async () => {
      const techCount =
        dialect === "sqlite"
          ? sql`(SELECT sum(json_array_length(technologies)) FROM accounts)`
          : sql`(SELECT sum(jsonb_array_length(technologies)) FROM accounts)`;
      const row = await one(
        handle,
        sql`SELECT ${techCount} AS tech, (SELECT count(*) FROM account_tags) AS tags,
          (SELECT count(*) FROM accounts a WHERE a.last_activity_at IS DISTINCT FROM (SELECT max(x.occurred_at) FROM activities x WHERE x.account_id = a.id)) AS stale`,
      );
      expect(num(row.tags)).toBe(num(row.tech));
      expect(num(row.stale)).toBe(0);
      // Row by row for a sample: the tags are exactly the account's technologies.
      const sample = await handle.all<{ id: number; technologies: string | string[] }>(sql`SELECT id, technologies FROM accounts WHERE id <= 25 ORDER BY id`);
      for (const a of sample) {
        const tags = await handle.all<{ tag: string }>(sql`SELECT tag FROM account_tags WHERE account_id = ${a.id} ORDER BY tag`);
        const techs = typeof a.technologies === "string" ? (JSON.parse(a.technologies) as string[]) : a.technologies;
        expect(tags.map((t) => t.tag)).toEqual([...techs].sort());
      }
    });

    it("stores consistent deals and times within the 18 months before now", async () => {
      const since = NOW - 548 * 86_400_000;
      const row = await one(
        handle,
        sql`SELECT
          (SELECT count(*) FROM opportunities WHERE (stage = 'open') <> (closed_at IS NULL)) AS bad_stage,
          (SELECT count(*) FROM opportunities WHERE closed_at IS NOT NULL AND closed_at <= opened_at) AS bad_close,
          (SELECT count(*) FROM activities WHERE occurred_at < ${since} OR occurred_at >= ${NOW}) AS bad_activity,
          (SELECT count(*) FROM intent_signals WHERE observed_at < ${since} OR observed_at >= ${NOW} OR strength < 0 OR strength > 100) AS bad_intent,
          (SELECT count(*) FROM accounts a WHERE a.lifecycle_stage = 'customer' AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.account_id = a.id AND o.stage = 'won')) AS bad_customer,
          (SELECT count(DISTINCT external_id) FROM activities) AS distinct_activity_ids`,
      );
      expect([row.bad_stage, row.bad_close, row.bad_activity, row.bad_intent, row.bad_customer].map(num)).toEqual([0, 0, 0, 0, 0]);
      expect(num(row.distinct_activity_ids)).toBe(result.rows.activities);
    });

    it("restores the indexes (and PostgreSQL foreign keys) it deferred", async () => {
      expect(indexesBefore.length).toBeGreaterThan(10);
      expect(await indexNames(handle)).toEqual(indexesBefore);
      const pending = await handle.all(sql`SELECT key FROM app_state WHERE key = ${DEFERRED_DDL_KEY}`);
      expect(pending).toEqual([]);
    });

    it("puts back what a seed killed mid-load left dropped", async () => {
      // What a load does before its first insert, without the load and the rebuild after it.
      const dropped = await deferDdl(handle, ["activities", "contacts", "account_tags"]);
      expect(dropped.length).toBeGreaterThan(3);
      expect(await indexNames(handle)).not.toEqual(indexesBefore);
      expect(await restoreDeferredDdl(handle)).toBe(dropped.length);
      expect(await indexNames(handle)).toEqual(indexesBefore);
      expect(await restoreDeferredDdl(handle)).toBe(0);
      // The next seed also repairs it before doing anything else.
      await deferDdl(handle, ["accounts"]);
      await expect(seedDemoData(handle, { accounts: 10, seed: SEED, now: NOW })).rejects.toBeInstanceOf(SeedRefusedError);
      expect(await indexNames(handle)).toEqual(indexesBefore);
    });

    it("refuses to load twice, and replaces the data with reset", async () => {
      await expect(seedDemoData(handle, { accounts: 10, seed: SEED, now: NOW })).rejects.toBeInstanceOf(SeedRefusedError);
      await expect(seedDemoData(handle, { accounts: 10, seed: SEED, now: NOW })).rejects.toThrow(/reset/);
      const again = await seedDemoData(handle, { accounts: 50, seed: 5, now: NOW, reset: true, parallel: false });
      expect(again.generator).toBe("inline");
      expect(again.users).toEqual({ created: 0, existing: DEMO_USERS.length });
      const expected = generateDemoData({ accounts: 50, seed: 5, now: NOW });
      expect(again.rows.activities).toBe(expected.activities.length);
      const counts = await one(
        handle,
        sql`SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM activities) AS activities, (SELECT min(id) FROM accounts) AS first_id`,
      );
      expect(num(counts.accounts)).toBe(50);
      expect(num(counts.activities)).toBe(again.rows.activities);
      expect(num(counts.first_id)).toBe(1);
      // Ids were allocated by the loader; the database's own id generation must carry on after them.
      await handle.run(sql`INSERT INTO accounts (external_id, name, created_at, updated_at) VALUES ('CRM-1', 'Imported Co', ${NOW}, ${NOW})`);
      const imported = await one(handle, sql`SELECT id FROM accounts WHERE external_id = 'CRM-1'`);
      expect(num(imported.id)).toBe(51);
    });
  });
}

seedSuite("sqlite");
if (PG_URL) seedSuite("pg");
else {
  console.warn(PG_SKIP_REASON);
  describe.skip(`seedDemoData on pg — ${PG_SKIP_REASON}`, () => it("loads into PostgreSQL", () => undefined));
}

describe("npm run db:seed (scripts/seed.ts)", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const run = (file: string, args: string[]) =>
    promisify(execFile)(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/seed.ts", ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${file}` },
    });
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-seed-cli-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("migrates, seeds, prints timings as JSON, refuses a second load and reloads with --reset", async () => {
    const file = path.join(dir, "cli.db");
    const first = await run(file, ["--accounts", "200", "--seed", "3", "--now", "2026-03-15"]);
    const out = JSON.parse(first.stdout) as SeedResult & { totalMs: number; demoUsers: string[] };
    expect(out.rows.accounts).toBe(200);
    expect(out.now).toBe(NOW);
    expect(out.seed).toBe(3);
    expect(out.totalMs).toBeGreaterThan(0);
    expect(out.demoUsers).toEqual(DEMO_USERS.map((u) => u.email));
    expect(out.rows.activities).toBe(generateDemoData({ accounts: 200, seed: 3, now: NOW, ownerIds: [1, 2] }).activities.length);

    const refused = await run(file, ["--accounts", "50"]).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/--reset/);

    const again = await run(file, ["--accounts", "50", "--reset", "--inline"]);
    const out2 = JSON.parse(again.stdout) as SeedResult;
    expect(out2.rows.accounts).toBe(50);
    expect(out2.generator).toBe("inline");
  });

  it("rejects bad arguments with the usage line", async () => {
    const err = await run(path.join(dir, "bad.db"), ["--accounts", "many"]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toMatch(/usage: npm run db:seed/);
  });
});

describe("batch source", () => {
  const bases = { accounts: 10, contacts: 20, activities: 30, intentSignals: 40, opportunities: 50 };
  const drain = async (parallel: boolean, options: Parameters<typeof openBatchSource>[0]) => {
    const source = await openBatchSource(options, bases, parallel);
    const out: EncodedBatch[] = [];
    try {
      for await (const b of source) out.push(b);
    } finally {
      await source.close();
    }
    return { mode: source.mode, out };
  };

  it("yields the same batches from the worker as inline, with ids after the bases", async () => {
    const options = { accounts: 120, seed: 4, now: NOW, ownerIds: [7], batchSize: 50 };
    const worker = await drain(true, options);
    const inline = await drain(false, options);
    expect(worker.mode).toBe("worker");
    expect(inline.mode).toBe("inline");
    expect(worker.out).toEqual(inline.out);
    expect(worker.out.map((b) => b.accounts)).toEqual([50, 50, 20]);
    expect(worker.out[0].columns.accounts[0][0]).toBe(11);
    expect(worker.out[0].columns.activities[0][0]).toBe(31);
  });

  it("surfaces a generator failure on the worker as an error", async () => {
    await expect(drain(true, { accounts: 5, now: Number.NaN })).rejects.toThrow(/generator failed.*now/s);
  });
});
