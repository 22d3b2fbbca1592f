/**
 * A large, reproducible, random snapshot built straight into typed arrays, for performance probes
 * and benchmarks (the object form of `buildSnapshot` would need gigabytes at a million accounts).
 * Values come from the shared vocabulary, so the default ICP template matches a realistic share.
 */
import { CATEGORICAL_ATTRIBUTES, type Column, type ScoringSnapshot } from "@/lib/snapshot";
import {
  ACTIVITY_TYPES,
  BUYING_ROLES,
  DEPARTMENTS,
  INDUSTRIES,
  INTENT_TOPICS,
  LIFECYCLE_STAGES,
  REGIONS,
  SENIORITIES,
  TECHNOLOGIES,
} from "@/lib/vocabulary";

/** Options of `syntheticSnapshot`. */
export interface SyntheticSnapshotOptions {
  accounts: number;
  /** Mean activities per account (uniform 0..2×mean). Default 10. */
  activitiesPerAccount?: number;
  /** Mean contacts per account (uniform 0..2×mean). Default 3. */
  contactsPerAccount?: number;
  /** Mean intent signals per account. Default 1. */
  intentsPerAccount?: number;
  /** Mean opportunities per account. Default 0.3. */
  opportunitiesPerAccount?: number;
  /** Mean technology tags per account. Default 4. */
  tagsPerAccount?: number;
  /** Events are spread over the year before this time (ms). Default 2025-01-01. */
  asOf?: number;
  seed?: number;
}

const DAY_MS = 86_400_000;

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Build a random snapshot with the given size; the same options always give the same snapshot. */
export function syntheticSnapshot(opts: SyntheticSnapshotOptions): ScoringSnapshot {
  const n = opts.accounts;
  const rnd = mulberry32(opts.seed ?? 1);
  const int = (k: number) => Math.floor(rnd() * k);
  const asOf = opts.asOf ?? Date.UTC(2025, 0, 1);
  const count = (mean: number) => (mean <= 0 ? 0 : Math.floor(rnd() * (2 * mean + 1)));

  const runs = (mean: number) => {
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + count(mean);
    return offsets;
  };

  const regionNames = Object.keys(REGIONS);
  const countries = regionNames.flatMap((r) => REGIONS[r].map((c) => ({ c, r })));
  const countryDict = countries.map((x) => x.c);
  const industry = new Int32Array(n);
  const country = new Int32Array(n);
  const region = new Int32Array(n);
  const lifecycle = new Int32Array(n);
  const owner = new Int32Array(n);
  const employees = new Float64Array(n);
  const revenue = new Float64Array(n);
  const founded = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    industry[i] = rnd() < 0.03 ? -1 : int(INDUSTRIES.length);
    const k = int(countries.length);
    country[i] = k;
    region[i] = regionNames.indexOf(countries[k].r);
    lifecycle[i] = int(LIFECYCLE_STAGES.length);
    owner[i] = int(20);
    employees[i] = rnd() < 0.05 ? NaN : Math.round(10 * Math.exp(rnd() * 9));
    revenue[i] = rnd() < 0.1 ? NaN : Math.round(1e5 * Math.exp(rnd() * 10));
    founded[i] = 1950 + int(75);
  }
  const attributes: Record<string, Column> = {
    industry: { kind: "category", codes: industry, dict: [...INDUSTRIES] },
    country: { kind: "category", codes: country, dict: countryDict },
    region: { kind: "category", codes: region, dict: regionNames },
    lifecycleStage: { kind: "category", codes: lifecycle, dict: [...LIFECYCLE_STAGES] },
    ownerId: { kind: "category", codes: owner, dict: Array.from({ length: 20 }, (_, k) => String(k + 1)) },
    employeeCount: { kind: "number", values: employees },
    annualRevenue: { kind: "number", values: revenue },
    foundedYear: { kind: "number", values: founded },
  };
  for (const name of CATEGORICAL_ATTRIBUTES) if (!attributes[name]) throw new Error(`missing ${name}`);

  const tagOffsets = runs(opts.tagsPerAccount ?? 4);
  const tagCodes = new Int32Array(tagOffsets[n]);
  for (let k = 0; k < tagCodes.length; k++) tagCodes[k] = int(TECHNOLOGIES.length);

  const contactOffsets = runs(opts.contactsPerAccount ?? 3);
  const nContacts = contactOffsets[n];
  const buyingRole = new Int32Array(nContacts);
  const seniority = new Int32Array(nContacts);
  const department = new Int32Array(nContacts);
  const titles = ["VP Marketing", "Head of Sales Operations", "Marketing Ops Manager", "CTO", "Data Engineer", "CFO"];
  const title = new Array<string>(nContacts);
  for (let c = 0; c < nContacts; c++) {
    buyingRole[c] = rnd() < 0.2 ? -1 : int(BUYING_ROLES.length);
    seniority[c] = int(SENIORITIES.length);
    department[c] = int(DEPARTMENTS.length);
    title[c] = titles[int(titles.length)];
  }

  // Times ascending within each account: walk forward from a year back by random gaps.
  const spread = 365 * DAY_MS;
  const actOffsets = runs(opts.activitiesPerAccount ?? 10);
  const nAct = actOffsets[n];
  const actType = new Int32Array(nAct);
  const actAt = new Float64Array(nAct);
  const actContact = new Int32Array(nAct);
  for (let i = 0; i < n; i++) {
    const s = actOffsets[i];
    const e = actOffsets[i + 1];
    const cs = contactOffsets[i];
    const nc = contactOffsets[i + 1] - cs;
    let t = asOf - spread;
    const gap = spread / (e - s + 1);
    for (let k = s; k < e; k++) {
      t += rnd() * 2 * gap * 0.999;
      actAt[k] = Math.min(t, asOf - 1);
      actType[k] = int(ACTIVITY_TYPES.length);
      actContact[k] = nc > 0 && rnd() < 0.6 ? cs + int(nc) : -1;
    }
  }

  const intOffsets = runs(opts.intentsPerAccount ?? 1);
  const nInt = intOffsets[n];
  const intTopic = new Int32Array(nInt);
  const intStrength = new Float32Array(nInt);
  const intAt = new Float64Array(nInt);
  for (let i = 0; i < n; i++) {
    let t = asOf - 120 * DAY_MS;
    for (let k = intOffsets[i]; k < intOffsets[i + 1]; k++) {
      t += rnd() * 60 * DAY_MS;
      intAt[k] = Math.min(t, asOf - 1);
      intTopic[k] = int(INTENT_TOPICS.length);
      intStrength[k] = Math.round(rnd() * 100);
    }
  }

  const oppOffsets = runs(opts.opportunitiesPerAccount ?? 0.3);
  const nOpp = oppOffsets[n];
  const stage = new Uint8Array(nOpp);
  const amount = new Float64Array(nOpp);
  const oppCreated = new Float64Array(nOpp);
  const oppClosed = new Float64Array(nOpp);
  for (let k = 0; k < nOpp; k++) {
    stage[k] = int(3);
    amount[k] = Math.round(5000 + rnd() * 200_000);
    oppCreated[k] = asOf - rnd() * 2 * spread;
    oppClosed[k] = stage[k] === 0 ? NaN : oppCreated[k] + rnd() * 180 * DAY_MS;
  }

  return {
    n,
    accountIds: Int32Array.from({ length: n }, (_, i) => i + 1),
    createdAt: new Float64Array(n).fill(asOf - 2 * spread),
    attributes,
    tags: { offsets: tagOffsets, codes: tagCodes, dict: [...TECHNOLOGIES] },
    activities: { offsets: actOffsets, type: actType, at: actAt, contact: actContact, typeDict: [...ACTIVITY_TYPES] },
    intents: { offsets: intOffsets, topic: intTopic, strength: intStrength, at: intAt, topicDict: [...INTENT_TOPICS] },
    opportunities: { offsets: oppOffsets, stage, amount, createdAt: oppCreated, closedAt: oppClosed },
    contacts: {
      offsets: contactOffsets,
      buyingRole,
      seniority,
      department,
      title,
      buyingRoleDict: [...BUYING_ROLES],
      seniorityDict: [...SENIORITIES],
      departmentDict: [...DEPARTMENTS],
    },
  };
}
