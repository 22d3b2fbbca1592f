import os from "node:os";
import { sql } from "drizzle-orm";
import { ACCOUNT_SORT_IDS, listAccountsSql, type AccountFilterInput, type AccountListQuery } from "@/db/queries/accounts";
import { getListIndex, indexFacet } from "@/db/queries/account-list-index";
import { listAccounts } from "@/db/queries/account-list";
import { percentile, r2, type BenchContext, type Measurement } from "../context";

interface Vocab {
  bands: string[];
  industries: string[];
  countries: string[];
  regions: string[];
  tags: string[];
  owners: number[];
  words: string[];
}

/**
 * A random filter set as reps build them: 0–3 filters drawn uniformly from the thirteen the list
 * offers, values drawn from the data (multi-selects pick one or two values).
 */
export function randomAccountFilters(r: () => number, v: Vocab, now: number): AccountFilterInput {
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const some = <T,>(xs: T[]) => [...new Set(Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(xs)))];
  const f: AccountFilterInput = {};
  const count = Math.floor(r() * 4);
  for (let k = 0; k < count; k++) {
    switch (Math.floor(r() * 13)) {
      case 0: f.band = some(v.bands); break;
      case 1: f.scoreMin = 10 * Math.floor(r() * 7); if (r() < 0.5) f.scoreMax = f.scoreMin + 10 + 10 * Math.floor(r() * 3); break;
      case 2: f.industry = some(v.industries); break;
      case 3: f.country = some(v.countries); break;
      case 4: f.region = some(v.regions); break;
      case 5: f.employeesMin = pick([50, 200, 1000]); if (r() < 0.5) f.employeesMax = pick([5000, 20000]); break;
      case 6: f.revenueMin = pick([1e6, 1e7, 5e7]); break;
      case 7: f.tech = some(v.tags); break;
      case 8: f.ownerId = pick(v.owners); break;
      case 9: f.stage = some(["prospect", "mql", "sql", "opportunity", "customer"]); break;
      case 10: f.openOpp = true; break;
      case 11: f.engagedDays = pick([7, 14, 30, 90]); break;
      case 12: f.q = pick(v.words); break;
    }
  }
  void now;
  return f;
}

export async function benchVocabulary(ctx: BenchContext): Promise<Vocab> {
  const ix = await getListIndex(ctx.handle, ctx.modelId, { wait: true });
  if (!ix) throw new Error("no list index");
  const owners = (await ctx.handle.all<{ id: number }>(sql`SELECT DISTINCT owner_id AS id FROM accounts WHERE owner_id IS NOT NULL`)).map((x) => Number(x.id));
  // Search words as reps type them: pieces of real names, lower case.
  const names = (await ctx.handle.all<{ name: string }>(sql`SELECT name FROM accounts WHERE id % 997 = 0 LIMIT 200`)).map((x) => x.name);
  const words = names.map((n, k) => n.split(/\s+/)[k % 2 ? 0 : Math.max(0, n.split(/\s+/).length - 2)]!.toLowerCase().slice(0, 3 + (k % 5)));
  return {
    bands: ix.band.dict.values,
    industries: indexFacet(ix, "industry").map((x) => x.value),
    countries: indexFacet(ix, "country").map((x) => x.value),
    regions: indexFacet(ix, "region").map((x) => x.value),
    tags: indexFacet(ix, "tag").map((x) => x.value),
    owners,
    words,
  };
}

/** A random page request: mostly the first pages, sometimes anywhere (the pager offers every page). */
export function randomListQuery(r: () => number, v: Vocab, modelId: number, now: number): Omit<AccountListQuery, "page"> & { pageDraw: number } {
  const filters = randomAccountFilters(r, v, now);
  const sort = { id: ACCOUNT_SORT_IDS[Math.floor(r() * ACCOUNT_SORT_IDS.length)]!, desc: r() < 0.75 };
  const perPage = [25, 50, 100][Math.floor(r() * 3)]!;
  return { modelId, filters, sort, perPage, now, pageDraw: r() };
}

function pageFor(draw: number, total: number, perPage: number): number {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (draw < 0.6) return 1;
  if (draw < 0.85) return Math.min(pages, 2 + Math.floor(((draw - 0.6) / 0.25) * 4));
  return 1 + Math.floor(((draw - 0.85) / 0.15) * pages);
}

/**
 * list_query_p95_ms: p95 of one list page (count + page of rows) over 200 random filter + sort + page
 * combinations, answered as the page answers it (rank seek / index + rows by id). The naive baseline
 * is the same requests answered in SQL only (LIMIT/OFFSET, capped count) on the first 30 combinations.
 */
export const accountsList: Measurement = {
  name: "accounts_list",
  description: "issue 4: ranked accounts list queries",
  async run(ctx) {
    const { handle, modelId, random, log } = ctx;
    const now = Date.now();
    let t = performance.now();
    const ix = await getListIndex(handle, modelId, { wait: true });
    const buildMs = performance.now() - t;
    log(`list index: ${ix!.n.toLocaleString("en-US")} accounts in ${Math.round(buildMs)} ms`);
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1048576);
    const v = await benchVocabulary(ctx);
    const combos = Array.from({ length: 200 }, () => randomListQuery(random, v, modelId, now));
    // Each combination's page is drawn against its real total (so deep pages exist), then timed.
    const queries: AccountListQuery[] = [];
    for (const c of combos) {
      const first = await listAccounts(handle, { ...c, page: 1 });
      queries.push({ ...c, page: pageFor(c.pageDraw, first.total, c.perPage) });
    }
    // The pass above also built each sort's order once, as a running server has them.
    const samples: number[] = [];
    const cpu: number[] = [];
    const totals: number[] = [];
    const load0 = os.loadavg()[0]!;
    for (const q of queries) {
      t = performance.now();
      const c0 = process.cpuUsage();
      const res = await listAccounts(handle, q);
      const c = process.cpuUsage(c0);
      samples.push(performance.now() - t);
      cpu.push((c.user + c.system) / 1000);
      totals.push(res.total);
    }
    const load = r2((load0 + os.loadavg()[0]!) / 2);
    const naive: number[] = [];
    for (const q of queries.slice(0, 30)) {
      t = performance.now();
      await listAccountsSql(handle, q);
      naive.push(performance.now() - t);
    }
    const p95 = percentile(samples, 95);
    const naiveP95 = percentile(naive, 95);
    log(`list query p95 ${r2(p95)} ms, p50 ${r2(percentile(samples, 50))} ms, max ${r2(Math.max(...samples))} ms; SQL-only p95 ${r2(naiveP95)} ms (30 combos)`);
    log(`CPU time per query: p95 ${r2(percentile(cpu, 95))} ms; machine load average ${load} on ${os.cpus().length} CPUs`);
    log(`matching rows: median ${percentile(totals, 50)}, empty results ${totals.filter((x) => x === 0).length}/200`);
    return {
      list_query_p95_ms: r2(p95),
      list_query_p50_ms: r2(percentile(samples, 50)),
      list_query_max_ms: r2(Math.max(...samples)),
      list_query_cpu_p95_ms: r2(percentile(cpu, 95)),
      list_query_load_average: load,
      list_query_sql_only_p95_ms: r2(naiveP95),
      list_query_naive_ratio: r2(naiveP95 / p95),
      list_index_build_ms: Math.round(buildMs),
      list_index_heap_mb: heapMb,
    };
  },
};
