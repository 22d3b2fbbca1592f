/**
 * Columnar, in-memory picture of every account and its signals, shared by the
 * scoring engine (publish, preview, backtest), the predictive learner and the
 * insights metrics. Built from the database by `db/snapshot.ts`; pure data here.
 *
 * Conventions
 * - Accounts are addressed by their position `i` in [0, n). `accountIds[i]` is the database id.
 * - Child records (tags, activities, intents, opportunities, contacts) are stored as CSR runs:
 *   the records of account i are at positions offsets[i] .. offsets[i+1]-1.
 *   Activities and intents are sorted by time ascending inside each run.
 * - Times are epoch milliseconds (UTC). A missing number is NaN; a missing category code is -1.
 * - Categorical values are dictionary-encoded: `codes[k]` indexes `dict`.
 */
export interface Dict {
  /** code -> value */
  values: string[];
}

export interface CategoricalColumn {
  kind: "category";
  codes: Int32Array; // -1 = missing
  dict: string[];
}

export interface NumericColumn {
  kind: "number";
  values: Float64Array; // NaN = missing
}

export type Column = CategoricalColumn | NumericColumn;

/** Built-in account attributes every snapshot carries. */
export const CATEGORICAL_ATTRIBUTES = ["industry", "country", "region", "lifecycleStage", "ownerId"] as const;
export const NUMERIC_ATTRIBUTES = ["employeeCount", "annualRevenue", "foundedYear"] as const;
export type CategoricalAttribute = (typeof CATEGORICAL_ATTRIBUTES)[number];
export type NumericAttribute = (typeof NUMERIC_ATTRIBUTES)[number];

export interface Runs {
  /** length n + 1 */
  offsets: Int32Array;
}

export interface ScoringSnapshot {
  n: number;
  accountIds: Int32Array;
  /** account creation (first seen) time, ms */
  createdAt: Float64Array;
  /**
   * Firmographic attributes by name. Always holds CATEGORICAL_ATTRIBUTES and NUMERIC_ATTRIBUTES
   * (ownerId is the owner's user id as a string), plus any custom attribute found in accounts.custom.
   */
  attributes: Record<string, Column>;
  /** Technology tags (technographics). */
  tags: Runs & { codes: Int32Array; dict: string[] };
  /** Engagement events, sorted by `at` within each account. `contact` is a contact position or -1. */
  activities: Runs & { type: Int32Array; at: Float64Array; contact: Int32Array; typeDict: string[] };
  /** Third-party intent surges, sorted by `at` within each account. strength in 0..100. */
  intents: Runs & { topic: Int32Array; strength: Float32Array; at: Float64Array; topicDict: string[] };
  /** Opportunities. stage: 0 = open, 1 = won, 2 = lost. closedAt NaN while open. */
  opportunities: Runs & { stage: Uint8Array; amount: Float64Array; createdAt: Float64Array; closedAt: Float64Array };
  /** Contacts (leads). Positions are global; a contact of account i lies in its run. */
  contacts: Runs & {
    buyingRole: Int32Array; // -1 = unknown
    seniority: Int32Array; // -1 = unknown
    department: Int32Array; // -1 = unknown
    title: string[];
    buyingRoleDict: string[];
    seniorityDict: string[];
    departmentDict: string[];
  };
}

export const OPPORTUNITY_STAGE = { open: 0, won: 1, lost: 2 } as const;

/** The stage of opportunity k as it was known at time T (point-in-time view). */
export function stageAsOf(s: ScoringSnapshot, k: number, asOf: number): "none" | "open" | "won" | "lost" {
  const o = s.opportunities;
  if (!(o.createdAt[k] < asOf)) return "none";
  if (o.stage[k] === 0) return "open";
  if (Number.isNaN(o.closedAt[k]) || o.closedAt[k] >= asOf) return "open";
  return o.stage[k] === 1 ? "won" : "lost";
}
