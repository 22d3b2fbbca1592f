/**
 * A seeded synthetic ScoringSnapshot with a planted outcome, for tests and benchmarks of the
 * predictive core: the outcome depends on industry, size, technology, recent demo requests and
 * pricing visits, intent, and past wins, so a sound learner must recover those signals from the
 * features built before `asOf`.
 */
import type { CategoricalColumn, NumericColumn, ScoringSnapshot } from "../snapshot";
import { ACTIVITY_TYPES, BUYING_ROLES, INDUSTRIES, INTENT_TOPICS, REGIONS, SENIORITIES, TECHNOLOGIES } from "../vocabulary";
import { sigmoid } from "./matrix";
import { createRng } from "./random";

/** Options of {@link syntheticSnapshot}. */
export interface SyntheticOptions {
  n: number;
  seed?: number;
  /** the point in time features are taken at (default 2025-01-01) */
  asOf?: number;
  /** mean activities per account (default 8) */
  activitiesPerAccount?: number;
}

/** A synthetic snapshot, the time features should be taken at, and the planted 0/1 outcomes. */
export interface SyntheticData {
  snapshot: ScoringSnapshot;
  asOf: number;
  labels: Uint8Array;
  /** true log-odds behind each label */
  trueLogit: Float64Array;
}

const DAY = 86_400_000;

/** Generate a synthetic snapshot of n accounts with a planted, learnable outcome. */
export function syntheticSnapshot(options: SyntheticOptions): SyntheticData {
  const n = options.n;
  const rng = createRng(options.seed ?? 1);
  const asOf = options.asOf ?? Date.UTC(2025, 0, 1);
  const meanActs = options.activitiesPerAccount ?? 8;
  const regions = Object.keys(REGIONS);
  const countries = regions.flatMap((r) => REGIONS[r]);
  const industry = new Int32Array(n);
  const region = new Int32Array(n);
  const country = new Int32Array(n);
  const lifecycle = new Int32Array(n);
  const owner = new Int32Array(n);
  const employees = new Float64Array(n);
  const revenue = new Float64Array(n);
  const founded = new Float64Array(n);
  const z = new Float64Array(n);
  const tagOff = new Int32Array(n + 1);
  const tagCodes: number[] = [];
  const actOff = new Int32Array(n + 1);
  const actType: number[] = [];
  const actAt: number[] = [];
  const actContact: number[] = [];
  const intOff = new Int32Array(n + 1);
  const intTopic: number[] = [];
  const intStrength: number[] = [];
  const intAt: number[] = [];
  const oppOff = new Int32Array(n + 1);
  const oppStage: number[] = [];
  const oppAmount: number[] = [];
  const oppCreated: number[] = [];
  const oppClosed: number[] = [];
  const conOff = new Int32Array(n + 1);
  const conRole: number[] = [];
  const conSeniority: number[] = [];
  const conDept: number[] = [];
  const conTitle: string[] = [];
  const demo = ACTIVITY_TYPES.indexOf("demo_request");
  const pricing = ACTIVITY_TYPES.indexOf("pricing_page_visit");
  const poisson = (mean: number): number => {
    // Knuth for small means, normal approximation above
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= rng.next();
    } while (p > l);
    return k - 1;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

  for (let i = 0; i < n; i++) {
    industry[i] = rng.next() < 0.03 ? -1 : rng.int(INDUSTRIES.length);
    region[i] = rng.int(regions.length);
    const cs = REGIONS[regions[region[i]]];
    country[i] = countries.indexOf(cs[rng.int(cs.length)]);
    lifecycle[i] = rng.int(4);
    owner[i] = rng.int(12);
    employees[i] = rng.next() < 0.05 ? NaN : Math.round(Math.exp(2 + 6 * rng.next()));
    revenue[i] = Number.isNaN(employees[i]) ? NaN : employees[i] * 150_000 * Math.exp(0.5 * gauss());
    founded[i] = rng.next() < 0.1 ? NaN : 1950 + rng.int(74);
    let zi = -2.2;
    if (industry[i] === 0) zi += 0.9; // Software
    if (industry[i] === 5) zi -= 0.6; // Education
    if (Number.isFinite(employees[i])) zi += 0.25 * (Math.log(employees[i]) - 5);
    const nTags = rng.int(5);
    const chosen = new Set<number>();
    for (let t = 0; t < nTags; t++) chosen.add(rng.int(TECHNOLOGIES.length));
    for (const t of [...chosen].sort((a, b) => a - b)) tagCodes.push(t);
    if (chosen.has(0)) zi += 0.5; // Salesforce users buy more
    tagOff[i + 1] = tagCodes.length;

    const nCon = rng.int(6);
    for (let c = 0; c < nCon; c++) {
      conRole.push(rng.next() < 0.2 ? -1 : rng.int(BUYING_ROLES.length));
      conSeniority.push(rng.int(SENIORITIES.length));
      conDept.push(-1);
      conTitle.push("");
    }
    conOff[i + 1] = conRole.length;

    // Engaged accounts have more activity; recent demo requests and pricing visits drive the outcome.
    const engagement = Math.exp(0.8 * gauss());
    const nAct = poisson(meanActs * engagement);
    const times: number[] = [];
    for (let a = 0; a < nAct; a++) times.push(asOf - rng.next() * 365 * DAY);
    times.sort((a, b) => a - b);
    let recentDemo = 0;
    let pricingVisits = 0;
    for (const at of times) {
      const r = rng.next();
      const type = r < 0.04 ? demo : r < 0.12 ? pricing : rng.int(ACTIVITY_TYPES.length);
      actType.push(type);
      actAt.push(at);
      actContact.push(nCon > 0 && rng.next() < 0.6 ? conRole.length - nCon + rng.int(nCon) : -1);
      if (type === demo) recentDemo += Math.exp((-Math.LN2 * (asOf - at)) / (30 * DAY));
      if (type === pricing && asOf - at < 90 * DAY) pricingVisits++;
    }
    // A few events after asOf: features must ignore them.
    const future = rng.int(3);
    for (let a = 0; a < future; a++) {
      actType.push(demo);
      actAt.push(asOf + (1 + rng.int(60)) * DAY);
      actContact.push(-1);
    }
    actOff[i + 1] = actType.length;
    zi += 1.2 * Math.min(recentDemo, 2) + 0.15 * Math.min(pricingVisits, 6);

    const nInt = poisson(1.5);
    const its: number[] = [];
    for (let a = 0; a < nInt; a++) its.push(asOf - rng.next() * 120 * DAY);
    its.sort((a, b) => a - b);
    let leadScoringIntent = 0;
    for (const at of its) {
      const topic = rng.int(INTENT_TOPICS.length);
      const strength = Math.round(20 + 80 * rng.next());
      intTopic.push(topic);
      intStrength.push(strength);
      intAt.push(at);
      if (topic === 1) leadScoringIntent = Math.max(leadScoringIntent, (strength / 100) * Math.exp((-Math.LN2 * (asOf - at)) / (30 * DAY)));
    }
    intOff[i + 1] = intTopic.length;
    zi += 1.5 * leadScoringIntent;

    const nOpp = rng.next() < 0.25 ? 1 + rng.int(2) : 0;
    let wins = 0;
    for (let o = 0; o < nOpp; o++) {
      const created = asOf - (30 + rng.int(600)) * DAY;
      const won = rng.next() < 0.4;
      oppStage.push(won ? 1 : 2);
      oppAmount.push(10_000 + rng.int(90_000));
      oppCreated.push(created);
      oppClosed.push(created + (10 + rng.int(20)) * DAY);
      if (won) wins++;
    }
    const openOpp = rng.next() < 0.1;
    if (openOpp) {
      oppStage.push(0);
      oppAmount.push(10_000 + rng.int(90_000));
      oppCreated.push(asOf - (1 + rng.int(60)) * DAY);
      oppClosed.push(NaN);
    }
    oppOff[i + 1] = oppStage.length;
    zi += 0.6 * Math.min(wins, 2) + (openOpp ? 0.8 : 0);
    z[i] = zi;
  }
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = rng.next() < sigmoid(z[i]) ? 1 : 0;

  const cat = (codes: Int32Array, dict: string[]): CategoricalColumn => ({ kind: "category", codes, dict });
  const num = (values: Float64Array): NumericColumn => ({ kind: "number", values });
  const accountIds = new Int32Array(n);
  for (let i = 0; i < n; i++) accountIds[i] = i + 1;
  const snapshot: ScoringSnapshot = {
    n,
    accountIds,
    createdAt: new Float64Array(n).fill(asOf - 800 * DAY),
    attributes: {
      industry: cat(industry, [...INDUSTRIES]),
      country: cat(country, countries),
      region: cat(region, regions),
      lifecycleStage: cat(lifecycle, ["prospect", "mql", "sql", "customer"]),
      ownerId: cat(owner, Array.from({ length: 12 }, (_, k) => String(k + 1))),
      employeeCount: num(employees),
      annualRevenue: num(revenue),
      foundedYear: num(founded),
    },
    tags: { offsets: tagOff, codes: Int32Array.from(tagCodes), dict: [...TECHNOLOGIES] },
    activities: { offsets: actOff, type: Int32Array.from(actType), at: Float64Array.from(actAt), contact: Int32Array.from(actContact), typeDict: [...ACTIVITY_TYPES] },
    intents: { offsets: intOff, topic: Int32Array.from(intTopic), strength: Float32Array.from(intStrength), at: Float64Array.from(intAt), topicDict: [...INTENT_TOPICS] },
    opportunities: {
      offsets: oppOff,
      stage: Uint8Array.from(oppStage),
      amount: Float64Array.from(oppAmount),
      createdAt: Float64Array.from(oppCreated),
      closedAt: Float64Array.from(oppClosed),
    },
    contacts: {
      offsets: conOff,
      buyingRole: Int32Array.from(conRole),
      seniority: Int32Array.from(conSeniority),
      department: Int32Array.from(conDept),
      title: conTitle,
      buyingRoleDict: [...BUYING_ROLES],
      seniorityDict: [...SENIORITIES],
      departmentDict: [],
    },
  };
  return { snapshot, asOf, labels, trueLogit: z };
}
