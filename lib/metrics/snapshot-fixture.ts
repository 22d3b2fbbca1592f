/**
 * Builds small `ScoringSnapshot`s from readable account/opportunity lists, for tests of code that
 * consumes snapshots (metrics, scoring, predictive). Only accounts and opportunities are filled;
 * the other runs are empty.
 */
import { CATEGORICAL_ATTRIBUTES, NUMERIC_ATTRIBUTES, OPPORTUNITY_STAGE, type Column, type ScoringSnapshot } from "@/lib/snapshot";
import type { OpportunityStage } from "@/lib/vocabulary";

/** An opportunity in a fixture; times in epoch ms, NaN/undefined for missing. */
export interface FixtureOpportunity {
  stage: OpportunityStage;
  createdAt: number;
  closedAt?: number;
  amount?: number;
}

/** An account in a fixture. */
export interface FixtureAccount {
  createdAt?: number;
  opportunities?: FixtureOpportunity[];
}

/** Make a snapshot holding the given accounts (positions in the order given, ids 1..n). */
export function snapshotFixture(accounts: readonly FixtureAccount[]): ScoringSnapshot {
  const n = accounts.length;
  const opps = accounts.flatMap((a) => a.opportunities ?? []);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + (accounts[i].opportunities?.length ?? 0);
  const emptyRuns = () => new Int32Array(n + 1);
  const attributes: Record<string, Column> = {};
  for (const name of CATEGORICAL_ATTRIBUTES) attributes[name] = { kind: "category", codes: new Int32Array(n).fill(-1), dict: [] };
  for (const name of NUMERIC_ATTRIBUTES) attributes[name] = { kind: "number", values: new Float64Array(n).fill(Number.NaN) };
  return {
    n,
    accountIds: Int32Array.from(accounts, (_, i) => i + 1),
    createdAt: Float64Array.from(accounts, (a) => a.createdAt ?? Number.NaN),
    attributes,
    tags: { offsets: emptyRuns(), codes: new Int32Array(0), dict: [] },
    activities: { offsets: emptyRuns(), type: new Int32Array(0), at: new Float64Array(0), contact: new Int32Array(0), typeDict: [] },
    intents: { offsets: emptyRuns(), topic: new Int32Array(0), strength: new Float32Array(0), at: new Float64Array(0), topicDict: [] },
    opportunities: {
      offsets,
      stage: Uint8Array.from(opps, (o) => OPPORTUNITY_STAGE[o.stage]),
      amount: Float64Array.from(opps, (o) => o.amount ?? Number.NaN),
      createdAt: Float64Array.from(opps, (o) => o.createdAt),
      closedAt: Float64Array.from(opps, (o) => (o.stage === "open" ? Number.NaN : (o.closedAt ?? Number.NaN))),
    },
    contacts: {
      offsets: emptyRuns(),
      buyingRole: new Int32Array(0),
      seniority: new Int32Array(0),
      department: new Int32Array(0),
      title: [],
      buyingRoleDict: [],
      seniorityDict: [],
      departmentDict: [],
    },
  };
}
