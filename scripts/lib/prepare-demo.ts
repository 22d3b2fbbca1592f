/**
 * Brings a database to "demo ready": migrated, demo data loaded (when it has no accounts), and the
 * default ICP model created and published (when it has no model). Shared by `npm run demo`, the
 * end-to-end test server and the benchmark.
 */
import { sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { calibratedIcpTemplate, createRuleModel, publishVersion } from "@/db/mutations/models";
import { seedDemoData } from "@/db/seed/load";

export interface PrepareDemoOptions {
  accounts: number;
  seed?: number;
  now?: number;
  log?: (msg: string) => void;
}

/** Today at 00:00 UTC: demo data is relative to it, so "last 30 days" means something. */
export function todayUtc(): number {
  const d = new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export async function prepareDemo(handle: DbHandle, opts: PrepareDemoOptions): Promise<{ seeded: boolean; published: boolean }> {
  const log = opts.log ?? (() => undefined);
  await migrateDatabase(handle);
  const [{ n }] = await handle.all<{ n: number }>(sql`SELECT count(*) AS n FROM accounts`);
  let seeded = false;
  if (Number(n) === 0) {
    log(`Generating demo data: ${opts.accounts.toLocaleString("en-US")} accounts…`);
    const t = performance.now();
    await seedDemoData(handle, { accounts: opts.accounts, seed: opts.seed ?? 42, now: opts.now ?? todayUtc() });
    log(`Demo data loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    seeded = true;
  }
  const [{ m }] = await handle.all<{ m: number }>(sql`SELECT count(*) AS m FROM scoring_models`);
  let published = false;
  if (Number(m) === 0) {
    const { versionId } = await createRuleModel(handle, { userId: null, label: "system" }, {
      name: "ICP fit & engagement",
      description: "Default model: ideal-customer fit, recent engagement with decay, intent surges and relationship history.",
      // Bands calibrated on the demo accounts (about 5 / 15 / 30 / 50 % in A–D), as for any new model.
      definition: await calibratedIcpTemplate(handle),
    });
    const res = await publishVersion(handle, { userId: null, label: "system" }, { versionId, note: "Initial publish of the default ICP model" });
    log(`Published the default model: ${res.accountCount.toLocaleString("en-US")} accounts scored in ${res.durationMs} ms`);
    published = true;
  }
  return { seeded, published };
}
