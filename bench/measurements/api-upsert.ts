import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type DbHandle } from "@/db/client";
import { createApiKey } from "@/db/mutations/api-keys";
import { POST as accountsBatch } from "@/app/api/v1/accounts/batch/route";
import { INDUSTRIES, TECHNOLOGIES } from "@/lib/vocabulary";
import { percentile, r2, type Measurement } from "../context";

const BATCHES = 50;
const PER_BATCH = 1000;

/**
 * p95 latency of `POST /api/v1/accounts/batch` with 1,000 accounts per request, through the real
 * route handler (API-key lookup, rate limit, JSON parse, zod validation, upsert, audit, response) on a
 * copy of the benchmark database: 25 batches of new accounts, then 25 batches updating them.
 */
export const apiUpsert: Measurement = {
  name: "api_upsert",
  description: "issue 7: REST API batch upsert (1,000 accounts per request)",
  async run({ handle, log, random }) {
    if (handle.dialect !== "sqlite") throw new Error("api_upsert runs on the SQLite bench database");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-bench-api-"));
    const file = path.join(dir, "copy.db");
    handle.sqlite!.writer.pragma("wal_checkpoint(TRUNCATE)");
    fs.copyFileSync(handle.sqlite!.path, file);
    const copy = openDatabase(`file:${file}`);
    const g = globalThis as unknown as { __lodestarDb?: DbHandle };
    const previousDb = g.__lodestarDb;
    const previousLimit = process.env.LODESTAR_API_RATE_LIMIT;
    g.__lodestarDb = copy;
    process.env.LODESTAR_API_RATE_LIMIT = "100000";
    try {
      const { key } = await createApiKey(copy, { userId: null, label: "bench" }, { name: "bench", scopes: ["write"] });
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
      const batch = (b: number, update: boolean) =>
        Array.from({ length: PER_BATCH }, (_, k) => ({
          externalId: `bench-api-${b % (BATCHES / 2)}-${k}`,
          name: `Bench Account ${b % (BATCHES / 2)}-${k}`,
          domain: `bench-${b % (BATCHES / 2)}-${k}.example.com`,
          industry: pick(INDUSTRIES),
          employeeCount: Math.floor(random() * 20_000) + (update ? 1 : 0),
          annualRevenue: Math.round(random() * 1e8),
          country: "United States",
          technologies: [pick(TECHNOLOGIES), pick(TECHNOLOGIES)],
          lifecycleStage: "prospect",
          custom: { source: "bench" },
        }));
      const send = async (records: unknown[]) => {
        const t = performance.now();
        const res = await accountsBatch(
          new Request("http://bench.local/api/v1/accounts/batch", {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body: JSON.stringify({ records }),
          }),
        );
        const body = (await res.json()) as { counts?: { created: number; updated: number; failed: number } };
        const ms = performance.now() - t;
        if (res.status !== 200 || !body.counts || body.counts.failed > 0) throw new Error(`batch failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        return { ms, counts: body.counts };
      };
      await send(batch(BATCHES, false).map((r) => ({ ...r, externalId: `warm-${r.externalId}` }))); // warm-up
      const creates: number[] = [];
      const updates: number[] = [];
      for (let b = 0; b < BATCHES; b++) {
        const update = b >= BATCHES / 2;
        const { ms, counts } = await send(batch(b, update));
        (update ? updates : creates).push(ms);
        if ((update ? counts.updated : counts.created) !== PER_BATCH) throw new Error(`expected ${PER_BATCH} ${update ? "updates" : "creates"}, got ${JSON.stringify(counts)}`);
      }
      const all = [...creates, ...updates];
      log(`api upsert: p50 ${r2(percentile(all, 50))} ms, p95 ${r2(percentile(all, 95))} ms per 1,000 accounts (creates p95 ${r2(percentile(creates, 95))}, updates p95 ${r2(percentile(updates, 95))})`);
      return {
        api_upsert_p95_ms: r2(percentile(all, 95)),
        api_upsert_p50_ms: r2(percentile(all, 50)),
        api_upsert_create_p95_ms: r2(percentile(creates, 95)),
        api_upsert_update_p95_ms: r2(percentile(updates, 95)),
        api_upsert_records_per_s: Math.round((BATCHES * PER_BATCH) / (all.reduce((s, x) => s + x, 0) / 1000)),
      };
    } finally {
      g.__lodestarDb = previousDb;
      if (previousLimit === undefined) delete process.env.LODESTAR_API_RATE_LIMIT;
      else process.env.LODESTAR_API_RATE_LIMIT = previousLimit;
      await copy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
