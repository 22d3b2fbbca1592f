/**
 * Build a `ScoringSnapshot` from a friendly object form. Meant for tests, fixtures and small
 * previews (one object per record); the database builds large snapshots column by column instead.
 */
import {
  CATEGORICAL_ATTRIBUTES,
  NUMERIC_ATTRIBUTES,
  OPPORTUNITY_STAGE,
  type Column,
  type ScoringSnapshot,
} from "@/lib/snapshot";
import type { OpportunityStage } from "@/lib/vocabulary";

/** An engagement event; `contactIndex` points into the same account's `contacts`. */
export interface ActivityFact {
  type: string;
  at: number;
  contactIndex?: number;
}

/** A third-party intent surge (strength 0–100). */
export interface IntentFact {
  topic: string;
  strength: number;
  at: number;
}

/** A deal; `closedAt` is required for won/lost deals to count as closed (see `stageAsOf`). */
export interface OpportunityFact {
  stage: OpportunityStage;
  createdAt: number;
  closedAt?: number;
  amount?: number;
}

/** A contact (lead) of the account. */
export interface ContactFact {
  buyingRole?: string;
  seniority?: string;
  department?: string;
  title?: string;
}

/** Everything known about one account, in plain objects. */
export interface AccountFacts {
  /** Database id; defaults to position + 1. */
  id?: number;
  /** First-seen time (ms); defaults to 0. */
  createdAt?: number;
  /** Built-in (industry, employeeCount, …) and custom attributes; null/undefined = missing. */
  attributes?: Record<string, string | number | null | undefined>;
  tags?: string[];
  activities?: ActivityFact[];
  intents?: IntentFact[];
  opportunities?: OpportunityFact[];
  contacts?: ContactFact[];
}

/** Options of `buildSnapshot`. */
export interface BuildSnapshotOptions {
  /**
   * Custom attributes to store as numbers. By default a custom attribute is numeric when every
   * present value is a number, categorical otherwise.
   */
  numericAttributes?: readonly string[];
  /** Custom attributes to store as categories even if every value is a number. */
  categoricalAttributes?: readonly string[];
}

class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  code(value: string | null | undefined): number {
    if (value === null || value === undefined) return -1;
    let c = this.index.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.index.set(value, c);
    }
    return c;
  }
}

function offsetsOf(accounts: readonly AccountFacts[], count: (a: AccountFacts) => number): Int32Array {
  const offsets = new Int32Array(accounts.length + 1);
  accounts.forEach((a, i) => (offsets[i + 1] = offsets[i] + count(a)));
  return offsets;
}

function toNumber(v: string | number | null | undefined): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v === "number") return v;
  const t = v.trim();
  return t === "" ? NaN : Number(t);
}

/**
 * Convert accounts in object form into a columnar snapshot (accounts keep their array order as
 * positions). Activities and intents are sorted by time within each account, as the snapshot
 * contract requires; dictionary codes are assigned in first-seen order.
 * Throws on an activity whose `contactIndex` is not one of the account's contacts.
 */
export function buildSnapshot(accounts: readonly AccountFacts[], opts: BuildSnapshotOptions = {}): ScoringSnapshot {
  const n = accounts.length;
  const numericSet = new Set<string>(NUMERIC_ATTRIBUTES);
  const categoricalSet = new Set<string>(CATEGORICAL_ATTRIBUTES);
  for (const name of opts.numericAttributes ?? []) numericSet.add(name);
  for (const name of opts.categoricalAttributes ?? []) categoricalSet.add(name);

  const custom = new Map<string, boolean>(); // name -> every present value is a number
  for (const a of accounts) {
    for (const [name, v] of Object.entries(a.attributes ?? {})) {
      if (numericSet.has(name) || categoricalSet.has(name)) continue;
      if (v === null || v === undefined) {
        if (!custom.has(name)) custom.set(name, true);
        continue;
      }
      custom.set(name, (custom.get(name) ?? true) && typeof v === "number");
    }
  }

  const attributes: Record<string, Column> = {};
  const names = [...CATEGORICAL_ATTRIBUTES, ...NUMERIC_ATTRIBUTES, ...custom.keys()];
  for (const name of new Set<string>([...names, ...(opts.numericAttributes ?? []), ...(opts.categoricalAttributes ?? [])])) {
    const numeric = numericSet.has(name) || (!categoricalSet.has(name) && custom.get(name) === true);
    if (numeric) {
      const values = new Float64Array(n);
      accounts.forEach((a, i) => (values[i] = toNumber(a.attributes?.[name])));
      attributes[name] = { kind: "number", values };
    } else {
      const dict = new Dictionary();
      const codes = new Int32Array(n);
      accounts.forEach((a, i) => {
        const v = a.attributes?.[name];
        codes[i] = dict.code(v === null || v === undefined ? null : String(v));
      });
      attributes[name] = { kind: "category", codes, dict: dict.values };
    }
  }

  const tagDict = new Dictionary();
  const tagOffsets = offsetsOf(accounts, (a) => a.tags?.length ?? 0);
  const tagCodes = new Int32Array(tagOffsets[n]);
  accounts.forEach((a, i) => (a.tags ?? []).forEach((t, k) => (tagCodes[tagOffsets[i] + k] = tagDict.code(t))));

  const contactOffsets = offsetsOf(accounts, (a) => a.contacts?.length ?? 0);
  const nContacts = contactOffsets[n];
  const roleDict = new Dictionary();
  const seniorityDict = new Dictionary();
  const departmentDict = new Dictionary();
  const buyingRole = new Int32Array(nContacts);
  const seniority = new Int32Array(nContacts);
  const department = new Int32Array(nContacts);
  const title: string[] = new Array<string>(nContacts);
  accounts.forEach((a, i) =>
    (a.contacts ?? []).forEach((c, k) => {
      const p = contactOffsets[i] + k;
      buyingRole[p] = roleDict.code(c.buyingRole);
      seniority[p] = seniorityDict.code(c.seniority);
      department[p] = departmentDict.code(c.department);
      title[p] = c.title ?? "";
    }),
  );

  const typeDict = new Dictionary();
  const actOffsets = offsetsOf(accounts, (a) => a.activities?.length ?? 0);
  const actType = new Int32Array(actOffsets[n]);
  const actAt = new Float64Array(actOffsets[n]);
  const actContact = new Int32Array(actOffsets[n]);
  accounts.forEach((a, i) => {
    const sorted = [...(a.activities ?? [])].sort((x, y) => x.at - y.at);
    const nc = a.contacts?.length ?? 0;
    sorted.forEach((act, k) => {
      const p = actOffsets[i] + k;
      actType[p] = typeDict.code(act.type);
      actAt[p] = act.at;
      const ci = act.contactIndex;
      if (ci !== undefined && !(Number.isInteger(ci) && ci >= 0 && ci < nc)) {
        throw new RangeError(`account ${i}: activity contactIndex ${ci} is not one of its ${nc} contacts`);
      }
      actContact[p] = ci === undefined ? -1 : contactOffsets[i] + ci;
    });
  });

  const topicDict = new Dictionary();
  const intOffsets = offsetsOf(accounts, (a) => a.intents?.length ?? 0);
  const intTopic = new Int32Array(intOffsets[n]);
  const intStrength = new Float32Array(intOffsets[n]);
  const intAt = new Float64Array(intOffsets[n]);
  accounts.forEach((a, i) => {
    const sorted = [...(a.intents ?? [])].sort((x, y) => x.at - y.at);
    sorted.forEach((s, k) => {
      const p = intOffsets[i] + k;
      intTopic[p] = topicDict.code(s.topic);
      intStrength[p] = s.strength;
      intAt[p] = s.at;
    });
  });

  const oppOffsets = offsetsOf(accounts, (a) => a.opportunities?.length ?? 0);
  const nOpp = oppOffsets[n];
  const stage = new Uint8Array(nOpp);
  const amount = new Float64Array(nOpp);
  const oppCreated = new Float64Array(nOpp);
  const oppClosed = new Float64Array(nOpp);
  accounts.forEach((a, i) =>
    (a.opportunities ?? []).forEach((o, k) => {
      const p = oppOffsets[i] + k;
      stage[p] = OPPORTUNITY_STAGE[o.stage];
      amount[p] = o.amount ?? NaN;
      oppCreated[p] = o.createdAt;
      oppClosed[p] = o.closedAt ?? NaN;
    }),
  );

  return {
    n,
    accountIds: Int32Array.from(accounts, (a, i) => a.id ?? i + 1),
    createdAt: Float64Array.from(accounts, (a) => a.createdAt ?? 0),
    attributes,
    tags: { offsets: tagOffsets, codes: tagCodes, dict: tagDict.values },
    activities: { offsets: actOffsets, type: actType, at: actAt, contact: actContact, typeDict: typeDict.values },
    intents: { offsets: intOffsets, topic: intTopic, strength: intStrength, at: intAt, topicDict: topicDict.values },
    opportunities: { offsets: oppOffsets, stage, amount, createdAt: oppCreated, closedAt: oppClosed },
    contacts: {
      offsets: contactOffsets,
      buyingRole,
      seniority,
      department,
      title,
      buyingRoleDict: roleDict.values,
      seniorityDict: seniorityDict.values,
      departmentDict: departmentDict.values,
    },
  };
}
