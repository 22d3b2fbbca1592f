/**
 * The ranked accounts list on real databases (SQLite always, PostgreSQL when configured): the SQL
 * where-builder means what each filter says, the in-memory index answers exactly what SQL answers
 * (same rows, same order, same count) on random filter/sort/page combinations, and the export
 * streams exactly the matching rows in list order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createRuleModel, publishVersion } from "../mutations/models";
import { seedDemoData } from "../seed/load";
import { createTestDatabase, testDialects, type TestDatabase } from "../test/databases";
import { defaultIcpTemplate } from "@/lib/scoring/model";
import { csvStream } from "@/lib/csv/write";
import {
  ACCOUNT_SORT_IDS,
  EXPORT_COLUMNS,
  listAccountsSql,
  SQL_COUNT_CAP,
  streamAccountExport,
  type AccountFilterInput,
  type AccountListQuery,
} from "./accounts";
import { argsortNumeric, buildListIndex, currentListIndexKey, getListIndex, iterateListIndex, queryListIndex, type ListIndex } from "./account-list-index";

const NOW = Date.UTC(2025, 5, 1);
const ACCOUNTS = 1500;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Vocab {
  industries: string[];
  countries: string[];
  regions: string[];
  tags: string[];
  owners: number[];
  names: string[];
}

function randomFilters(r: () => number, v: Vocab): AccountFilterInput {
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const some = <T,>(xs: T[]) => [...new Set(Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(xs)))];
  const f: AccountFilterInput = {};
  const count = Math.floor(r() * 4);
  for (let k = 0; k < count; k++) {
    switch (Math.floor(r() * 13)) {
      case 0: f.band = some(["A", "B", "C", "D"]); break;
      case 1: f.scoreMin = Math.round(r() * 40); if (r() < 0.5) f.scoreMax = f.scoreMin + Math.round(r() * 30); break;
      case 2: f.industry = some(v.industries); break;
      case 3: f.country = some(v.countries); break;
      case 4: f.region = some(v.regions); break;
      case 5: f.employeesMin = Math.round(r() * 2000); if (r() < 0.5) f.employeesMax = f.employeesMin + Math.round(r() * 5000); break;
      case 6: f.revenueMax = Math.round(r() * 1e8); break;
      case 7: f.tech = some(v.tags); break;
      case 8: f.ownerId = r() < 0.2 ? null : pick(v.owners); break;
      case 9: f.stage = some(["prospect", "mql", "sql", "customer", "churned"]); break;
      case 10: f.openOpp = true; break;
      case 11: f.engagedDays = pick([7, 30, 90]); break;
      case 12: {
        const name = pick(v.names);
        const start = Math.floor(r() * Math.max(1, name.length - 3));
        const len = r() < 0.2 ? 1 + Math.floor(r() * 2) : 3 + Math.floor(r() * 4);
        f.q = r() < 0.5 ? name.slice(start, start + len).toUpperCase() : name.slice(start, start + len);
        break;
      }
    }
  }
  return f;
}

for (const dialect of testDialects()) {
  describe(`accounts list on ${dialect}`, () => {
    let t: TestDatabase;
    let modelId: number;
    let ix: ListIndex;
    let vocab: Vocab;

    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      await seedDemoData(t.handle, { accounts: ACCOUNTS, seed: 11, now: NOW });
      // A few awkward names: wildcards, quotes, mixed case and a duplicate, and an unassigned account.
      await t.handle.run(sql`UPDATE accounts SET name = '100% Growth_Labs', domain = NULL WHERE id = 3`);
      await t.handle.run(sql`UPDATE accounts SET name = 'O''Brien & Sons', owner_id = NULL WHERE id = 4`);
      await t.handle.run(sql`UPDATE accounts SET name = 'zeta lowercase' WHERE id = 5`);
      await t.handle.run(sql`UPDATE accounts SET name = '=HYPERLINK("http://evil.example","Click")', domain = '@evil.example' WHERE id = 6`);
      await t.handle.run(sql`UPDATE accounts SET name = (SELECT name FROM accounts WHERE id = 7) WHERE id IN (8, 9)`);
      const { versionId, modelId: m } = await createRuleModel(t.handle, { userId: null, label: "test" }, { name: "ICP", definition: defaultIcpTemplate() });
      modelId = m;
      await publishVersion(t.handle, { userId: null, label: "test" }, { versionId });
      // Publish twice so previous scores (the trend) exist: a tweak moves some scores.
      const def = defaultIcpTemplate();
      def.categories.intent.weight = 25;
      const v2 = await t.handle.transact(async (tx) => {
        const [row] = await tx
          .insert(t.handle.schema.modelVersions)
          .values({ modelId, version: 2, status: "draft", kind: "rule", definition: def, createdAt: NOW, updatedAt: NOW })
          .returning({ id: t.handle.schema.modelVersions.id });
        return row!.id;
      });
      await publishVersion(t.handle, { userId: null, label: "test" }, { versionId: v2 });
      ix = await buildListIndex(t.handle, await currentListIndexKey(t.handle, modelId));
      const distinct = async (col: string) =>
        (await t.handle.all<{ v: string }>(sql.raw(`SELECT DISTINCT ${col} AS v FROM accounts WHERE ${col} IS NOT NULL`))).map((r) => r.v);
      vocab = {
        industries: await distinct("industry"),
        countries: await distinct("country"),
        regions: await distinct("region"),
        tags: (await t.handle.all<{ v: string }>(sql`SELECT DISTINCT tag AS v FROM account_tags`)).map((r) => r.v),
        owners: (await t.handle.all<{ v: number }>(sql`SELECT DISTINCT owner_id AS v FROM accounts WHERE owner_id IS NOT NULL`)).map((r) => Number(r.v)),
        names: (await t.handle.all<{ v: string }>(sql`SELECT name AS v FROM accounts LIMIT 200`)).map((r) => r.v),
      };
    }, 240_000);
    afterAll(async () => t?.drop());

    const query = (filters: AccountFilterInput, sort: AccountListQuery["sort"], page = 1, perPage = 50): AccountListQuery => ({ modelId, filters, sort, page, perPage, now: NOW });

    it("indexes every ranked account in rank order", async () => {
      const [{ n }] = await t.handle.all<{ n: number }>(sql`SELECT count(*) AS n FROM account_scores WHERE model_id = ${modelId}`);
      expect(ix.n).toBe(Number(n));
      const top = await t.handle.all<{ id: number }>(sql`SELECT account_id AS id FROM account_scores WHERE model_id = ${modelId} ORDER BY rank LIMIT 5`);
      expect(Array.from(ix.accountId.subarray(0, 5))).toEqual(top.map((r) => Number(r.id)));
    });

    it("each filter means what it says", async () => {
      const sample = async (filters: AccountFilterInput) => (await listAccountsSql(t.handle, query(filters, { id: "score", desc: true }, 1, 100))).rows;
      for (const r of await sample({ industry: ["Software"] })) expect(r.industry).toBe("Software");
      for (const r of await sample({ band: ["C"] })) expect(r.band).toBe("C");
      for (const r of await sample({ scoreMin: 20, scoreMax: 30 })) expect(r.score >= 20 && r.score <= 30).toBe(true);
      for (const r of await sample({ employeesMin: 200, employeesMax: 5000 })) expect(r.employeeCount! >= 200 && r.employeeCount! <= 5000).toBe(true);
      for (const r of await sample({ tech: ["Snowflake"] })) expect(r.technologies).toContain("Snowflake");
      for (const r of await sample({ ownerId: null })) expect(r.ownerId).toBeNull();
      for (const r of await sample({ engagedDays: 30 })) expect(r.lastActivityAt!).toBeGreaterThanOrEqual(NOW - 30 * 86_400_000);
      const wild = await sample({ q: "100%" });
      expect(wild.map((r) => r.id)).toEqual([3]);
      expect((await sample({ q: "growth_l" })).map((r) => r.id)).toEqual([3]);
      expect((await sample({ q: "o'brien" })).map((r) => r.id)).toEqual([4]);
      const open = await sample({ openOpp: true });
      const withOpen = new Set((await t.handle.all<{ id: number }>(sql`SELECT DISTINCT account_id AS id FROM opportunities WHERE stage = 'open'`)).map((r) => Number(r.id)));
      expect(open.length).toBeGreaterThan(0);
      for (const r of open) expect(withOpen.has(r.id)).toBe(true);
    });

    it("the index answers exactly what SQL answers on 150 random filter, sort and page combinations", async () => {
      const r = rng(dialect === "pg" ? 99 : 7);
      let nonEmpty = 0;
      for (let k = 0; k < 150; k++) {
        const filters = randomFilters(r, vocab);
        const sort = { id: ACCOUNT_SORT_IDS[Math.floor(r() * ACCOUNT_SORT_IDS.length)]!, desc: r() < 0.7 };
        const perPage = [25, 50, 100][Math.floor(r() * 3)]!;
        const page = r() < 0.5 ? 1 : 1 + Math.floor(r() * 8);
        const q = query(filters, sort, page, perPage);
        const viaSql = await listAccountsSql(t.handle, q);
        const label = JSON.stringify({ filters, sort, page, perPage });
        // Both strategies of the index: candidate lists (sparse) and masks (dense).
        for (const sparseShare of [undefined, 0, 1]) {
          const viaIndex = queryListIndex(ix, q, { sparseShare });
          expect(viaIndex.total, label).toBe(viaSql.total);
          expect(viaIndex.page, label).toBe(viaSql.page);
          expect(viaIndex.accountIds, label).toEqual(viaSql.rows.map((x) => x.id));
        }
        if (viaSql.total > 0) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(60);
    });

    it("the unfiltered score order pages by rank in both directions", async () => {
      const total = ix.n;
      const lastPage = Math.ceil(total / 50);
      const desc = await listAccountsSql(t.handle, query({}, { id: "score", desc: true }, 2));
      expect(desc.source).toBe("rank");
      expect(desc.rows.map((r) => r.id)).toEqual(Array.from(ix.accountId.subarray(50, 100)));
      const asc = await listAccountsSql(t.handle, query({}, { id: "score", desc: false }, 1));
      expect(asc.rows.map((r) => r.id)).toEqual(Array.from(ix.accountId.subarray(total - 50)).reverse());
      const beyond = await listAccountsSql(t.handle, query({}, { id: "score", desc: true }, 10_000));
      expect(beyond.page).toBe(lastPage);
      expect(queryListIndex(ix, query({}, { id: "name", desc: false }, 10_000)).page).toBe(lastPage);
    });

    it("caps SQL counts but never the index's", async () => {
      const q = query({ scoreMin: 0 }, { id: "score", desc: true });
      const viaSql = await listAccountsSql(t.handle, q);
      expect(viaSql.totalCapped).toBe(ix.n > SQL_COUNT_CAP);
      expect(queryListIndex(ix, q).total).toBe(ix.n);
    });

    it("exports exactly the matching rows in list order", async () => {
      const filters: AccountFilterInput = { industry: ["Software", "Retail"], employeesMin: 100 };
      const sort = { id: "revenue" as const, desc: true };
      const rows: unknown[][] = [];
      for await (const row of streamAccountExport(t.handle, { modelId, filters, sort, now: NOW }, 97)) rows.push(row);
      const ids = rows.map((row) => Number(row[row.length - 1]));
      const expected = [...iterateListIndex(ix, { modelId, filters, sort, now: NOW }, 64)].flat();
      expect(ids).toEqual(expected);
      expect(ids.length).toBe(queryListIndex(ix, query(filters, sort)).total);
    });

    it("exports formula-like cells neutralised, RFC 4180 quoted", async () => {
      const rows = streamAccountExport(t.handle, { modelId, filters: { q: "hyperlink" }, sort: { id: "score", desc: true }, now: NOW });
      let csv = "";
      for await (const chunk of csvStream(EXPORT_COLUMNS, rows)) csv += chunk;
      const lines = csv.split("\r\n").filter(Boolean);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe(EXPORT_COLUMNS.join(","));
      expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
      expect(lines[1]).toContain(`"'@evil.example"`);
    });

    it("getListIndex rebuilds when the data version or the publication changes", async () => {
      const first = await getListIndex(t.handle, modelId);
      expect(first).not.toBeNull();
      expect(await getListIndex(t.handle, modelId)).toBe(first);
      await t.handle.transact(async (tx) => {
        await tx.update(t.handle.schema.accounts).set({ ownerId: null }).where(sql`id = 10`);
        const { bumpDataVersion } = await import("../mutations/data-version");
        await bumpDataVersion(t.handle, tx);
      });
      const second = await getListIndex(t.handle, modelId);
      expect(second).not.toBe(first);
      const unassigned = queryListIndex(second!, query({ ownerId: null }, { id: "score", desc: true }, 1, 100)).accountIds;
      expect(unassigned).toContain(10);
    });
  });
}

describe("argsortNumeric", () => {
  it("sorts stably with missing values last in both directions", () => {
    const key = new Float64Array([3, NaN, -1, 3, 0, -0, 2.5, NaN, -7.25, 1e12]);
    const asc = Array.from(argsortNumeric(key, false));
    expect(asc).toEqual([8, 2, 4, 5, 6, 0, 3, 9, 1, 7]);
    const desc = Array.from(argsortNumeric(key, true));
    expect(desc).toEqual([9, 0, 3, 6, 4, 5, 2, 8, 1, 7]);
  });
});
