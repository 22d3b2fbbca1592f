/**
 * The column layout of the demo-data load and the encoding of a generated batch into it: one array
 * per column, database ids already allocated. Column arrays are what PostgreSQL's unnest() takes, what
 * the SQLite multi-row inserts read row by row, and cheap to post from the generator worker (flat
 * arrays of primitives clone far faster than arrays of row objects).
 */
import type { DemoBatch } from "@/lib/demo/generator";

export type SeedTable = "accounts" | "account_tags" | "contacts" | "activities" | "intent_signals" | "opportunities";

/** Tables in load order (parents first) with their columns and PostgreSQL array element types. */
export const SEED_TABLES: readonly { table: SeedTable; columns: readonly (readonly [name: string, pgType: string])[] }[] = [
  {
    table: "accounts",
    columns: [
      ["id", "int4"], ["external_id", "text"], ["name", "text"], ["domain", "text"], ["industry", "text"],
      ["employee_count", "int4"], ["annual_revenue", "float8"], ["country", "text"], ["region", "text"],
      ["founded_year", "int4"], ["technologies", "jsonb"], ["lifecycle_stage", "text"], ["owner_id", "int4"],
      ["status", "text"], ["custom", "jsonb"], ["last_activity_at", "int8"], ["created_at", "int8"], ["updated_at", "int8"],
    ],
  },
  { table: "account_tags", columns: [["account_id", "int4"], ["tag", "text"]] },
  {
    table: "contacts",
    columns: [
      ["id", "int4"], ["external_id", "text"], ["account_id", "int4"], ["first_name", "text"], ["last_name", "text"],
      ["email", "text"], ["title", "text"], ["department", "text"], ["seniority", "text"], ["buying_role", "text"],
      ["lead_score", "float8"], ["created_at", "int8"], ["updated_at", "int8"],
    ],
  },
  {
    table: "activities",
    columns: [
      ["id", "int4"], ["external_id", "text"], ["account_id", "int4"], ["contact_id", "int4"], ["type", "text"],
      ["occurred_at", "int8"], ["source", "text"], ["created_at", "int8"],
    ],
  },
  {
    table: "intent_signals",
    columns: [
      ["id", "int4"], ["external_id", "text"], ["account_id", "int4"], ["topic", "text"], ["strength", "int4"],
      ["observed_at", "int8"], ["source", "text"], ["created_at", "int8"],
    ],
  },
  {
    table: "opportunities",
    columns: [
      ["id", "int4"], ["external_id", "text"], ["account_id", "int4"], ["name", "text"], ["stage", "text"], ["amount", "float8"],
      ["product", "text"], ["opened_at", "int8"], ["closed_at", "int8"], ["created_at", "int8"], ["updated_at", "int8"],
    ],
  },
];

/** The largest id already used per table: generated row `index` gets id `base + index + 1`. */
export interface IdBases {
  accounts: number;
  contacts: number;
  activities: number;
  intentSignals: number;
  opportunities: number;
}

/** One generated batch as column arrays, in SEED_TABLES column order. */
export interface EncodedBatch {
  accounts: number;
  rows: Record<SeedTable, number>;
  columns: Record<SeedTable, unknown[][]>;
}

/** Turns a generated batch into column arrays with database ids (children point at their parents' ids). */
export function encodeBatch(b: DemoBatch, bases: IdBases): EncodedBatch {
  const A = bases.accounts + 1;
  const C = bases.contacts + 1;
  const X = bases.activities + 1;
  const I = bases.intentSignals + 1;
  const O = bases.opportunities + 1;
  const acc = b.accounts;
  const tagAccount: number[] = [];
  const tagName: string[] = [];
  for (const a of acc) {
    for (const t of a.technologies) {
      tagAccount.push(A + a.index);
      tagName.push(t);
    }
  }
  const con = b.contacts;
  const act = b.activities;
  const ints = b.intentSignals;
  const opp = b.opportunities;
  const columns: Record<SeedTable, unknown[][]> = {
    accounts: [
      acc.map((a) => A + a.index), acc.map((a) => a.externalId), acc.map((a) => a.name), acc.map((a) => a.domain),
      acc.map((a) => a.industry), acc.map((a) => a.employeeCount), acc.map((a) => a.annualRevenue), acc.map((a) => a.country),
      acc.map((a) => a.region), acc.map((a) => a.foundedYear), acc.map((a) => JSON.stringify(a.technologies)),
      acc.map((a) => a.lifecycleStage), acc.map((a) => a.ownerId), acc.map((a) => a.status), acc.map((a) => JSON.stringify(a.custom)),
      acc.map((a) => a.lastActivityAt), acc.map((a) => a.createdAt), acc.map((a) => a.updatedAt),
    ],
    account_tags: [tagAccount, tagName],
    contacts: [
      con.map((c) => C + c.index), con.map((c) => c.externalId), con.map((c) => A + c.accountIndex), con.map((c) => c.firstName),
      con.map((c) => c.lastName), con.map((c) => c.email), con.map((c) => c.title), con.map((c) => c.department),
      con.map((c) => c.seniority), con.map((c) => c.buyingRole), con.map((c) => c.leadScore), con.map((c) => c.createdAt),
      con.map((c) => c.createdAt),
    ],
    activities: [
      act.map((x) => X + x.index), act.map((x) => x.externalId), act.map((x) => A + x.accountIndex),
      act.map((x) => (x.contactIndex === null ? null : C + x.contactIndex)), act.map((x) => x.type), act.map((x) => x.occurredAt),
      act.map((x) => x.source), act.map((x) => x.occurredAt),
    ],
    intent_signals: [
      ints.map((s) => I + s.index), ints.map((s) => s.externalId), ints.map((s) => A + s.accountIndex), ints.map((s) => s.topic),
      ints.map((s) => s.strength), ints.map((s) => s.observedAt), ints.map((s) => s.source), ints.map((s) => s.observedAt),
    ],
    opportunities: [
      opp.map((o) => O + o.index), opp.map((o) => o.externalId), opp.map((o) => A + o.accountIndex), opp.map((o) => o.name),
      opp.map((o) => o.stage), opp.map((o) => o.amount), opp.map((o) => o.product), opp.map((o) => o.openedAt),
      opp.map((o) => o.closedAt), opp.map((o) => o.openedAt), opp.map((o) => o.closedAt ?? o.openedAt),
    ],
  };
  return {
    accounts: acc.length,
    rows: {
      accounts: acc.length,
      account_tags: tagAccount.length,
      contacts: con.length,
      activities: act.length,
      intent_signals: ints.length,
      opportunities: opp.length,
    },
    columns,
  };
}

/** Concatenates encoded batches (in order) into one, e.g. to send a transaction's chunks as one statement per table. */
export function mergeEncoded(batches: readonly EncodedBatch[]): EncodedBatch {
  if (batches.length === 1) return batches[0];
  const rows = { accounts: 0, account_tags: 0, contacts: 0, activities: 0, intent_signals: 0, opportunities: 0 } as Record<SeedTable, number>;
  const columns = {} as Record<SeedTable, unknown[][]>;
  let accounts = 0;
  for (const { table, columns: spec } of SEED_TABLES) {
    const merged: unknown[][] = spec.map(() => []);
    for (const b of batches) {
      rows[table] += b.rows[table];
      const cols = b.columns[table];
      for (let j = 0; j < merged.length; j++) {
        const target = merged[j];
        for (const v of cols[j]) target.push(v);
      }
    }
    columns[table] = merged;
  }
  for (const b of batches) accounts += b.accounts;
  return { accounts, rows, columns };
}
