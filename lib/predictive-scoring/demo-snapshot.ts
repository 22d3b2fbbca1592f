/**
 * A ScoringSnapshot of generated demo data, built in memory (no database): for tests and
 * experiments of the predictive scoring on the very data `npm run demo` loads.
 */
import { generateDemoData } from "@/lib/demo/generator";
import { buildSnapshot, type AccountFacts } from "@/lib/scoring/snapshot-builder";
import type { ScoringSnapshot } from "@/lib/snapshot";

/** The demo generator's accounts (seeded, anchored at `now`) as snapshot facts, with their hidden propensities. */
export function demoFacts(accounts: number, seed: number | string, now: number): { facts: AccountFacts[]; propensity: Float64Array } {
  const data = generateDemoData({ accounts, seed, now, ownerIds: [] });
  const facts: AccountFacts[] = data.accounts.map((a) => ({
    id: a.index + 1,
    createdAt: a.createdAt,
    attributes: {
      industry: a.industry,
      country: a.country,
      region: a.region,
      lifecycleStage: a.lifecycleStage,
      ownerId: a.ownerId == null ? null : String(a.ownerId),
      employeeCount: a.employeeCount,
      annualRevenue: a.annualRevenue,
      foundedYear: a.foundedYear,
      tier: a.custom.tier,
      source: a.custom.source,
    },
    tags: a.technologies,
    contacts: [],
    activities: [],
    intents: [],
    opportunities: [],
  }));
  const local = new Map<number, number>();
  for (const c of data.contacts) {
    const f = facts[c.accountIndex]!;
    local.set(c.index, f.contacts!.length);
    f.contacts!.push({ buyingRole: c.buyingRole, seniority: c.seniority, department: c.department, title: c.title });
  }
  for (const x of data.activities) facts[x.accountIndex]!.activities!.push({ type: x.type, at: x.occurredAt, contactIndex: x.contactIndex == null ? undefined : local.get(x.contactIndex) });
  for (const x of data.intentSignals) facts[x.accountIndex]!.intents!.push({ topic: x.topic, strength: x.strength, at: x.observedAt });
  for (const o of data.opportunities) facts[o.accountIndex]!.opportunities!.push({ stage: o.stage, createdAt: o.openedAt, closedAt: o.closedAt ?? undefined, amount: o.amount });
  return { facts, propensity: Float64Array.from(data.accounts, (a) => a.propensity) };
}

/** The demo generator's accounts as a snapshot, with their hidden propensities. */
export function demoSnapshot(accounts: number, seed: number | string, now: number): { snapshot: ScoringSnapshot; propensity: Float64Array } {
  const { facts, propensity } = demoFacts(accounts, seed, now);
  return { snapshot: buildSnapshot(facts), propensity };
}
