/**
 * Deterministic demo-data generator: accounts with contacts, activities, intent signals and
 * opportunities over the 18 months before an anchor time, driven by a hidden per-account propensity
 * so that scoring models have a real (but noisy) signal to find.
 *
 * Pure: no database, file system or framework imports. The output depends only on the seed, the
 * anchor `now`, the account count and the owner ids; it is produced in batches so that a million
 * accounts never sit in memory at once. Rows carry 0-based ordinal `index`es (global per entity, in
 * insert order) and children point at their parents by ordinal, so a loader can allocate database ids
 * as `base + index + 1` without any round trip.
 *
 * How the planted signal works (see PROPENSITY_WEIGHTS):
 * - fit (industry, size, region, technologies) + latent engagement + latent intent + unobserved noise
 *   form a logit; the propensity is its logistic, the probability of opening an opportunity in the
 *   window;
 * - engagement drives activity volume (heavy-tailed), how recent it is and how many high-value
 *   activities (demo request, pricing page, trial) occur; intent drives intent-signal volume/strength;
 * - every opportunity is preceded by a visible surge of engagement and intent, and wins more often
 *   (and faster) the higher the propensity; "false alarm" surges without a deal add realistic noise.
 */
import {
  ACTIVITY_TYPES,
  BUYING_ROLES,
  DEPARTMENTS,
  INDUSTRIES,
  INTENT_TOPICS,
  PRODUCTS,
  REGIONS,
  SENIORITIES,
  TECHNOLOGIES,
  type AccountStatus,
  type ActivityType,
  type BuyingRole,
  type LifecycleStage,
  type OpportunityStage,
} from "@/lib/vocabulary";
import { clamp, logistic, SeededRandom, WeightedTable, weightedIndex } from "./random";
import {
  COMPANY_CORES,
  COMPANY_DESCRIPTORS,
  COMPANY_PREFIXES,
  COUNTRY_TLDS,
  COUNTRY_WEIGHTS,
  FIRST_NAMES,
  LAST_NAMES,
  LEGAL_SUFFIXES,
  TITLES,
} from "./word-lists";

export const DAY_MS = 86_400_000;
/** The history window: activities, intent and opportunities fall in [now − HISTORY_MS, now). */
export const HISTORY_DAYS = 548;
export const HISTORY_MS = HISTORY_DAYS * DAY_MS;
/** Default number of accounts per generated batch. */
export const DEFAULT_BATCH_SIZE = 5_000;

/** Zero-padding of external ids; wide enough for 10M accounts / 100M+ activities, so ids sort in insert order. */
export const EXTERNAL_ID_FORMAT = {
  account: { prefix: "ACC-", width: 7 },
  contact: { prefix: "CON-", width: 8 },
  opportunity: { prefix: "OPP-", width: 7 },
  activity: { prefix: "ACT-", width: 10 },
  intentSignal: { prefix: "INT-", width: 9 },
} as const;

/** Formats the external id of the `index`-th (0-based) row of an entity: ACC-0000001 for account 0. */
export function formatExternalId(kind: keyof typeof EXTERNAL_ID_FORMAT, index: number): string {
  const f = EXTERNAL_ID_FORMAT[kind];
  const digits = String(index + 1);
  return digits.length >= f.width ? f.prefix + digits : f.prefix + ZEROS.slice(0, f.width - digits.length) + digits;
}
const ZEROS = "0000000000000000";

/** Today's UTC midnight (or that of `ms`): the default anchor `now` for callers. */
export function utcMidnight(ms: number = Date.now()): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export type AccountTier = "Strategic" | "Growth" | "SMB";
export type AccountSource = "Outbound" | "Inbound" | "Partner";

export interface DemoAccount {
  /** 0-based ordinal across the whole generation (insert order). */
  index: number;
  externalId: string;
  name: string;
  domain: string;
  industry: string;
  employeeCount: number;
  annualRevenue: number;
  country: string;
  region: string;
  foundedYear: number;
  /** 3–8 distinct tags, sorted alphabetically (the order account_tags rows are inserted in). */
  technologies: string[];
  lifecycleStage: LifecycleStage;
  status: AccountStatus;
  ownerId: number | null;
  custom: { tier: AccountTier; source: AccountSource };
  lastActivityAt: number | null;
  createdAt: number;
  updatedAt: number;
  /**
   * The hidden truth: probability that the account opens an opportunity in the window. Not stored in
   * the database; exposed so tests and benchmarks can check that models recover it.
   */
  propensity: number;
}

export interface DemoContact {
  index: number;
  accountIndex: number;
  externalId: string;
  firstName: string;
  lastName: string;
  email: string;
  title: string;
  department: string;
  seniority: string;
  buyingRole: BuyingRole;
  /** 0–100: decayed sum of the contact's own activities. */
  leadScore: number;
  createdAt: number;
}

export interface DemoActivity {
  index: number;
  accountIndex: number;
  /** Ordinal of the contact who did it, or null for anonymous activity (e.g. most web visits). */
  contactIndex: number | null;
  externalId: string;
  type: ActivityType;
  occurredAt: number;
  source: string;
}

export interface DemoIntentSignal {
  index: number;
  accountIndex: number;
  externalId: string;
  topic: string;
  strength: number;
  observedAt: number;
  source: string;
}

export interface DemoOpportunity {
  index: number;
  accountIndex: number;
  externalId: string;
  name: string;
  stage: OpportunityStage;
  amount: number;
  product: string;
  openedAt: number;
  /** null exactly when stage is "open". */
  closedAt: number | null;
}

/** One batch of accounts with all their children; children are sorted by account, then time. */
export interface DemoBatch {
  accounts: DemoAccount[];
  contacts: DemoContact[];
  activities: DemoActivity[];
  intentSignals: DemoIntentSignal[];
  opportunities: DemoOpportunity[];
}

export interface DemoGeneratorOptions {
  /** Number of accounts to generate. */
  accounts: number;
  /** Seed of the whole data set (default 1). */
  seed?: number | string;
  /** Anchor time (epoch ms): the history ends here. Callers default it to today's UTC midnight. */
  now: number;
  /** Database ids of the sales users to own accounts; accounts are unowned when empty. */
  ownerIds?: readonly number[];
  /** Relative share of accounts per owner (same length as ownerIds; default equal). */
  ownerWeights?: readonly number[];
  /** Accounts per batch (default 5,000). */
  batchSize?: number;
}

/**
 * The coefficients of the hidden propensity logit. The generator uses exactly these numbers, so they
 * document what a good model should rediscover. Units: logit points.
 */
export const PROPENSITY_WEIGHTS = {
  intercept: -2.8,
  industry: {
    Software: 0.7, "Financial Services": 0.45, "Professional Services": 0.3, Telecommunications: 0.2, Media: 0.1,
    Retail: 0, Healthcare: 0, Manufacturing: -0.2, Logistics: -0.2, Energy: -0.3, Education: -0.45, Government: -0.6,
  } as Record<string, number>,
  region: { "North America": 0.3, EMEA: 0.15, APAC: -0.1, LATAM: -0.3 } as Record<string, number>,
  /** Summed over the account's tags, then clamped to ±0.8. */
  technologies: {
    "6sense": 0.35, Salesforce: 0.3, Marketo: 0.25, Snowflake: 0.25, Segment: 0.2, Outreach: 0.2, Gong: 0.2,
    HubSpot: 0.1, dbt: 0.1, Oracle: -0.2, SAP: -0.15,
  } as Record<string, number>,
  /** perLog10 × (log10(employees) − pivotLog10), clamped to [min, max]: bigger is better, tiny is bad. */
  employeeCount: { perLog10: 0.45, pivotLog10: 2.5, min: -0.6, max: 0.7 },
  /** Per standard deviation of latent engagement (which sets activity volume, recency and mix). */
  engagement: 0.6,
  /** Per standard deviation of latent intent (which sets intent-signal volume and strength). */
  intent: 0.45,
  /** Standard deviation of the unobservable part: keeps the true AUC near 0.8 rather than 0.99. */
  noise: 0.55,
} as const;

/**
 * Which observable attributes carry the planted signal, strongest first within each list. A trained
 * predictive model's top positive/negative factors should come from these (tests of the predictive
 * model can assert that). Activity and intent volume/recency are the strongest single drivers.
 */
export const PROPENSITY_DRIVERS = {
  positive: {
    activityTypes: ["demo_request", "trial_signup", "pricing_page_visit"] as ActivityType[],
    engagement: "activity volume and recency (more, and more recent, activities)",
    intent: "intent-signal volume and strength",
    industries: ["Software", "Financial Services", "Professional Services"],
    regions: ["North America", "EMEA"],
    technologies: ["6sense", "Salesforce", "Marketo", "Snowflake"],
    employeeCount: "larger companies (log-linear, saturating above ~20k employees)",
  },
  negative: {
    industries: ["Government", "Education", "Energy"],
    regions: ["LATAM", "APAC"],
    technologies: ["Oracle", "SAP"],
    employeeCount: "very small companies (< ~100 employees)",
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Static tables (built once per module load)
// ---------------------------------------------------------------------------------------------

const INDUSTRY_WEIGHTS: Record<string, number> = {
  Software: 18, "Financial Services": 11, Healthcare: 10, Manufacturing: 12, Retail: 9, Education: 5,
  Telecommunications: 4, Media: 5, Logistics: 6, Energy: 4, "Professional Services": 11, Government: 5,
};
/** Shifts of log(employees) by industry: governments and telcos are big, agencies small. */
const INDUSTRY_SIZE_SHIFT: Record<string, number> = {
  Software: -0.1, "Financial Services": 0.3, Healthcare: 0.2, Manufacturing: 0.3, Retail: 0.2, Education: 0.1,
  Telecommunications: 0.7, Media: -0.2, Logistics: 0.2, Energy: 0.6, "Professional Services": -0.4, Government: 0.8,
};
/** Revenue per employee (USD) by industry. */
const REVENUE_PER_EMPLOYEE: Record<string, number> = {
  Software: 250_000, "Financial Services": 400_000, Healthcare: 150_000, Manufacturing: 300_000, Retail: 200_000,
  Education: 80_000, Telecommunications: 450_000, Media: 250_000, Logistics: 220_000, Energy: 700_000,
  "Professional Services": 180_000, Government: 120_000,
};
const REGION_WEIGHTS: Record<string, number> = { "North America": 42, EMEA: 33, APAC: 15, LATAM: 10 };

/** Base popularity of each technology. */
const TECH_BASE: Record<string, number> = {
  Salesforce: 6, HubSpot: 5, Marketo: 2.5, Pardot: 1.5, Snowflake: 2.5, Databricks: 1.5, BigQuery: 1.5, AWS: 6,
  Azure: 5, "Google Cloud": 3, Slack: 5, "Microsoft Teams": 5, Zendesk: 3, Intercom: 2, Segment: 1.5, Workday: 2.5,
  SAP: 2, Oracle: 2, Shopify: 1, Stripe: 2, Tableau: 2.5, Looker: 1.5, dbt: 1.2, Kubernetes: 2, Outreach: 1.5,
  Gong: 1.5, "6sense": 0.8, Okta: 3,
};
/** Industry affinities: multipliers on the base popularity (e.g. Software → Snowflake/dbt/AWS more often). */
const TECH_AFFINITY: Record<string, Record<string, number>> = {
  Software: { Snowflake: 3, dbt: 3.5, AWS: 2.5, Kubernetes: 3, Segment: 2.5, Slack: 2, Stripe: 1.5, Looker: 2, Intercom: 2, Databricks: 2, HubSpot: 1.3, Gong: 1.5, Outreach: 1.5 },
  "Financial Services": { Salesforce: 2, Oracle: 2.5, Azure: 2, Tableau: 2, Okta: 2, "Microsoft Teams": 2, Snowflake: 1.5, Workday: 1.5 },
  Healthcare: { Salesforce: 1.5, Workday: 2, Azure: 2, Oracle: 1.5, Okta: 1.5, "Microsoft Teams": 1.5, Tableau: 1.5 },
  Manufacturing: { SAP: 4, Oracle: 2, Azure: 2, "Microsoft Teams": 2, Tableau: 1.3 },
  Retail: { Shopify: 6, Stripe: 3, Zendesk: 2, Segment: 2, BigQuery: 1.5, "Google Cloud": 1.5, Intercom: 1.5 },
  Education: { "Google Cloud": 3, "Microsoft Teams": 1.5, Zendesk: 1.5, Workday: 1.5, HubSpot: 1.3 },
  Telecommunications: { Oracle: 2, SAP: 1.5, AWS: 1.5, Kubernetes: 1.5, Salesforce: 1.5, Zendesk: 1.5 },
  Media: { HubSpot: 2, "Google Cloud": 2, BigQuery: 2, Segment: 2, Intercom: 2, Stripe: 1.5 },
  Logistics: { SAP: 3, Oracle: 2, Azure: 1.5, "Microsoft Teams": 1.5 },
  Energy: { SAP: 3, Oracle: 2, Azure: 2, Databricks: 1.5 },
  "Professional Services": { Salesforce: 2, HubSpot: 2, "Microsoft Teams": 2, Workday: 1.5, Gong: 1.5, Outreach: 1.5, "6sense": 1.5 },
  Government: { "Microsoft Teams": 3, Azure: 3, Oracle: 2, Okta: 1.5, Slack: 0.3, Stripe: 0.2 },
};
/** Enterprise-leaning tools get likelier with size, SMB tools less so (per log10 of employees above 100). */
const TECH_SIZE_SLOPE: Record<string, number> = {
  Salesforce: 0.5, Marketo: 0.5, Workday: 0.7, SAP: 0.6, Oracle: 0.5, Okta: 0.4, Snowflake: 0.3, "6sense": 0.5,
  Outreach: 0.3, Gong: 0.3, HubSpot: -0.3, Intercom: -0.3, Shopify: -0.3, Pardot: 0.2,
};

/** Rough mean and SD of the fit part of the logit over generated accounts (measured), to standardise it. */
const FIT_MEAN = 0.35;
const FIT_SD = 0.59;

/** Activity base frequencies (cold accounts) and how much propensity multiplies each (hot accounts). */
const ACTIVITY_BASE: Record<ActivityType, number> = {
  web_visit: 30, email_open: 28, email_click: 9, content_download: 7, webinar_attended: 4, event_attended: 2,
  pricing_page_visit: 3, demo_request: 0.5, trial_signup: 0.35, support_ticket: 0,
};
const ACTIVITY_HOTNESS: Record<ActivityType, number> = {
  web_visit: 0, email_open: 0, email_click: 1.5, content_download: 2, webinar_attended: 2, event_attended: 1.5,
  pricing_page_visit: 8, demo_request: 20, trial_signup: 15, support_ticket: 0,
};
/** The mix during a buying surge before an opportunity. */
const SURGE_WEIGHTS: Record<ActivityType, number> = {
  web_visit: 20, email_open: 10, email_click: 10, content_download: 10, webinar_attended: 7, event_attended: 4,
  pricing_page_visit: 14, demo_request: 6, trial_signup: 4, support_ticket: 0,
};
/** The mix of ongoing touches while a deal is open. */
const DEAL_WEIGHTS: Record<ActivityType, number> = {
  web_visit: 25, email_open: 30, email_click: 15, content_download: 6, webinar_attended: 3, event_attended: 3,
  pricing_page_visit: 8, demo_request: 2, trial_signup: 2, support_ticket: 0,
};
/** Probability that an activity of a type is attributed to a known contact. */
const ATTRIBUTION: Record<ActivityType, number> = {
  web_visit: 0.3, pricing_page_visit: 0.4, content_download: 0.9, email_open: 1, email_click: 1, webinar_attended: 1,
  event_attended: 1, demo_request: 0.95, trial_signup: 0.95, support_ticket: 0.8,
};
const ACTIVITY_SOURCE: Record<ActivityType, string> = {
  web_visit: "web", pricing_page_visit: "web", content_download: "marketing_automation", email_open: "email",
  email_click: "email", webinar_attended: "webinar", event_attended: "events", demo_request: "web",
  trial_signup: "product", support_ticket: "support",
};
/** Lead-score points per contact activity (before the 90-day half-life decay). */
const LEAD_POINTS: Record<ActivityType, number> = {
  web_visit: 2, pricing_page_visit: 8, content_download: 5, email_open: 1, email_click: 3, webinar_attended: 6,
  event_attended: 8, demo_request: 25, trial_signup: 20, support_ticket: 0,
};
const LEAD_HALF_LIFE_MS = 90 * DAY_MS;
const HIGH_INTENT_TYPES = new Set<ActivityType>(["demo_request", "trial_signup", "pricing_page_visit"]);
const NURTURE_TYPES = new Set<ActivityType>(["content_download", "webinar_attended", "event_attended", "email_click"]);

const SENIORITY_WEIGHTS = [8, 15, 25, 27, 25]; // SENIORITIES order: c_level … individual_contributor
const DEPARTMENT_WEIGHTS = [4, 28, 20, 15, 10, 8, 10, 5]; // DEPARTMENTS order
/** Buying-role weights (BUYING_ROLES order) by seniority: executives decide, managers champion, ICs use. */
const BUYING_ROLE_WEIGHTS: Record<string, number[]> = {
  c_level: [5, 4, 0.5, 0.5, 0, 0.5],
  vp: [4, 2, 2, 1, 0, 0.5],
  director: [1.5, 0.5, 3, 3, 0.5, 0.7],
  manager: [0.3, 0, 2.5, 3, 2, 0.5],
  individual_contributor: [0, 0, 1, 2, 5, 0.4],
};
/** How active each buying role is (who opens the emails and requests the demo). */
const ROLE_ACTIVITY: Record<BuyingRole, number> = {
  decision_maker: 1.2, economic_buyer: 0.8, champion: 3, influencer: 2, user: 1.8, blocker: 0.6,
};

const ACTIVITY_BUCKETS = 20;
const INTENT_SOURCE = "intent_provider";

function table<T extends string>(weights: Record<T, number>, items: readonly T[]): WeightedTable<T> {
  return new WeightedTable(items, items.map((k) => weights[k] ?? 0));
}

const industryTable = table(INDUSTRY_WEIGHTS, INDUSTRIES as readonly string[]);
const regionTable = table(REGION_WEIGHTS, Object.keys(REGIONS));
const countryTables: Record<string, WeightedTable<string>> = Object.fromEntries(
  Object.entries(REGIONS).map(([region, countries]) => [region, table(COUNTRY_WEIGHTS, countries)]),
);
const seniorityTable = new WeightedTable(SENIORITIES, SENIORITY_WEIGHTS);
const departmentTable = new WeightedTable(
  DEPARTMENTS.filter((d) => d !== "executive"),
  DEPARTMENTS.map((d, i) => [d, DEPARTMENT_WEIGHTS[i]] as const).filter(([d]) => d !== "executive").map(([, w]) => w),
);
const buyingRoleTables: Record<string, WeightedTable<BuyingRole>> = Object.fromEntries(
  SENIORITIES.map((s) => [s, new WeightedTable(BUYING_ROLES, BUYING_ROLE_WEIGHTS[s])]),
);
const surgeTable = table(SURGE_WEIGHTS, ACTIVITY_TYPES);
const dealTable = table(DEAL_WEIGHTS, ACTIVITY_TYPES);
/** Baseline activity mixes by propensity bucket, so no table is rebuilt per account. */
const baselineTables: WeightedTable<ActivityType>[] = Array.from({ length: ACTIVITY_BUCKETS }, (_, b) => {
  const p = (b + 0.5) / ACTIVITY_BUCKETS;
  return new WeightedTable(ACTIVITY_TYPES, ACTIVITY_TYPES.map((t) => ACTIVITY_BASE[t] * (1 + ACTIVITY_HOTNESS[t] * p)));
});
const descriptorTable = new WeightedTable(COMPANY_DESCRIPTORS, COMPANY_DESCRIPTORS.map(() => 1));
/** Brand syllables: "Blue" + "peak" → "Bluepeak"; together with the curated prefixes ~1,000 brands. */
const BRAND_HEADS = ["Blue", "North", "Silver", "Red", "Bright", "Clear", "Iron", "Stone", "Sun", "Oak", "River", "West", "East", "Green", "Gold", "High", "Lake", "Star", "Storm", "Wind", "Cloud", "Frost", "Moon", "Sky", "Sea", "Snow", "Pine", "Bay", "Fox", "Elm"];
const BRAND_TAILS = ["peak", "wind", "line", "stone", "water", "path", "field", "bridge", "wood", "ridge", "gate", "haven", "crest", "brook", "point", "mark", "view", "shore", "vale", "hill", "forge", "light", "port", "well", "spire", "fall", "land", "way", "star", "hurst"];

// Module-local copies: bundlers compile imported bindings to getters, which add up in the hot loops.
const TOPIC_LIST: readonly string[] = [...INTENT_TOPICS];
const TECH_LIST: readonly string[] = [...TECHNOLOGIES];
const FIRST_NAME_LIST: readonly string[] = [...FIRST_NAMES];
const LAST_NAME_LIST: readonly string[] = [...LAST_NAMES];
const PREFIX_LIST: readonly string[] = [...COMPANY_PREFIXES];

/** Technology weights per industry and size bucket (log10 employees in steps of 0.25), built once. */
const TECH_SIZE_STEP = 0.25;
const TECH_SIZE_BUCKETS = Math.ceil(5 / TECH_SIZE_STEP) + 1;
const techWeightTables: Record<string, Float64Array[]> = Object.fromEntries(
  (INDUSTRIES as readonly string[]).map((industry) => {
    const affinity = TECH_AFFINITY[industry] ?? {};
    const buckets = Array.from({ length: TECH_SIZE_BUCKETS }, (_, b) => {
      const sizeAbove100 = b * TECH_SIZE_STEP - 2;
      return Float64Array.from(TECH_LIST, (t) => TECH_BASE[t] * (affinity[t] ?? 1) * Math.exp((TECH_SIZE_SLOPE[t] ?? 0) * sizeAbove100));
    });
    return [industry, buckets];
  }),
);
const techScratch = new Float64Array(TECH_LIST.length);

const slugOf = (words: string) => words.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const slugCache = new Map<string, string>();
/** Slug of one name part, memoised (a few thousand distinct parts). */
function cachedSlug(part: string): string {
  let v = slugCache.get(part);
  if (v === undefined) {
    v = slugOf(part);
    slugCache.set(part, v);
  }
  return v;
}
const [CLOUD, ENTERPRISE, ADD_ON, SERVICES] = PRODUCTS;

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

interface AccountContext {
  accountIndex: number;
  rng: SeededRandom;
  now: number;
  windowStart: number;
  contacts: DemoContact[];
  contactWeights: number[];
  /** Built unsorted with placeholder ordinals; numbered after the per-account sort. */
  activities: DemoActivity[];
  intents: DemoIntentSignal[];
  /** Decayed lead points per contact slot. */
  leadPoints: number[];
  focusTopics: string[];
}

/**
 * Yields the demo data set in batches of `batchSize` accounts (the last one may be smaller). The
 * sequence is a pure function of the options; the batch size does not change the rows produced.
 */
export function* generateDemoBatches(options: DemoGeneratorOptions): Generator<DemoBatch, void, undefined> {
  const total = Math.max(0, Math.floor(options.accounts));
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const state = new GeneratorState(options);
  for (let start = 0; start < total; start += batchSize) {
    const end = Math.min(total, start + batchSize);
    const batch: DemoBatch = { accounts: [], contacts: [], activities: [], intentSignals: [], opportunities: [] };
    for (let i = start; i < end; i++) state.generateAccount(i, batch);
    yield batch;
  }
}

/** The whole data set in one batch: convenient for tests and small demos (keep N small). */
export function generateDemoData(options: DemoGeneratorOptions): DemoBatch {
  const all: DemoBatch = { accounts: [], contacts: [], activities: [], intentSignals: [], opportunities: [] };
  for (const b of generateDemoBatches(options)) {
    for (const a of b.accounts) all.accounts.push(a);
    for (const c of b.contacts) all.contacts.push(c);
    for (const a of b.activities) all.activities.push(a);
    for (const s of b.intentSignals) all.intentSignals.push(s);
    for (const o of b.opportunities) all.opportunities.push(o);
  }
  return all;
}

class GeneratorState {
  private readonly rng: SeededRandom;
  /** A separate stream for owners, so the owner list does not perturb the rest of the data. */
  private readonly ownerRng: SeededRandom;
  private readonly ownerTable: WeightedTable<number> | null;
  private readonly now: number;
  private readonly windowStart: number;
  private readonly nowYear: number;
  /** Base name → how many accounts already use it; bounded by the number of name combinations. */
  private readonly nameCounts = new Map<string, number>();
  private contactCount = 0;
  private activityCount = 0;
  private intentCount = 0;
  private opportunityCount = 0;

  constructor(options: DemoGeneratorOptions) {
    if (!Number.isFinite(options.now)) throw new Error("generateDemoBatches: `now` must be an epoch-ms number");
    const seed = options.seed ?? 1;
    this.rng = new SeededRandom(seed);
    this.ownerRng = new SeededRandom(`${String(seed)}:owners`);
    const ids = options.ownerIds ?? [];
    this.ownerTable = ids.length > 0 ? new WeightedTable(ids, options.ownerWeights ?? ids.map(() => 1)) : null;
    this.now = Math.floor(options.now);
    this.windowStart = this.now - HISTORY_MS;
    this.nowYear = new Date(this.now).getUTCFullYear();
  }

  generateAccount(index: number, batch: DemoBatch): void {
    const rng = this.rng;
    const now = this.now;
    const windowStart = this.windowStart;

    // --- firmographics -------------------------------------------------------------------------
    const industry = industryTable.sample(rng);
    const region = regionTable.sample(rng);
    const country = countryTables[region].sample(rng);
    const employeeCount = Math.round(clamp(rng.lognormal(Math.log(150) + INDUSTRY_SIZE_SHIFT[industry], 1.6), 5, 100_000));
    const log10Emp = Math.log10(employeeCount);
    const annualRevenue = Math.round((employeeCount * REVENUE_PER_EMPLOYEE[industry] * rng.lognormal(0, 0.45)) / 1000) * 1000;
    const age = Math.round(clamp(rng.lognormal(Math.log(8 + 6 * log10Emp), 0.6), 1, 170));
    const foundedYear = Math.max(1850, this.nowYear - age);
    const technologies = this.pickTechnologies(industry, log10Emp);

    // --- hidden propensity ---------------------------------------------------------------------
    const W = PROPENSITY_WEIGHTS;
    let techScore = 0;
    for (const t of technologies) techScore += W.technologies[t] ?? 0;
    const fit =
      (W.industry[industry] ?? 0) +
      (W.region[region] ?? 0) +
      clamp(techScore, -0.8, 0.8) +
      clamp(W.employeeCount.perLog10 * (log10Emp - W.employeeCount.pivotLog10), W.employeeCount.min, W.employeeCount.max);
    const fitZ = (fit - FIT_MEAN) / FIT_SD;
    // Good-fit accounts engage and research a bit more; the rest of each latent is independent.
    const engagementZ = 0.4 * fitZ + 0.917 * rng.normal();
    const intentZ = 0.3 * fitZ + 0.954 * rng.normal();
    const logit = W.intercept + fit + W.engagement * engagementZ + W.intent * intentZ + rng.normal(0, W.noise);
    const propensity = logistic(logit);

    // --- identity ------------------------------------------------------------------------------
    const { name, baseName, domain } = this.companyName(industry, country);
    const ownerId = this.ownerTable ? this.ownerTable.sample(this.ownerRng) : null;
    const createdAt = windowStart - Math.floor(rng.uniform(5, 3 * 365) * DAY_MS);

    const ctx: AccountContext = {
      accountIndex: index,
      rng,
      now,
      windowStart,
      contacts: [],
      contactWeights: [],
      activities: [],
      intents: [],
      leadPoints: [],
      focusTopics: [rng.pick(TOPIC_LIST), rng.pick(TOPIC_LIST)],
    };

    // --- contacts ------------------------------------------------------------------------------
    const contactCount = clamp(1 + rng.poisson(0.6 * log10Emp + 0.6 + (engagementZ > 0.5 ? 1 : 0)), 1, 8);
    const usedEmails = new Set<string>();
    const emailDomain = domain;
    for (let k = 0; k < contactCount; k++) {
      const seniority = seniorityTable.sample(rng);
      const department = seniority === "c_level" && rng.chance(0.3) ? "executive" : departmentTable.sample(rng);
      const titles = TITLES[seniority][department] ?? TITLES[seniority].marketing!;
      const firstName = rng.pick(FIRST_NAME_LIST);
      const lastName = rng.pick(LAST_NAME_LIST);
      const local = `${firstName}.${lastName}`.toLowerCase();
      let email = `${local}@${emailDomain}`;
      for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${emailDomain}`;
      usedEmails.add(email);
      const buyingRole = buyingRoleTables[seniority].sample(rng);
      const contactIndex = this.contactCount++;
      ctx.contacts.push({
        index: contactIndex,
        accountIndex: index,
        externalId: formatExternalId("contact", contactIndex),
        firstName,
        lastName,
        email,
        title: rng.pick(titles),
        department,
        seniority,
        buyingRole,
        leadScore: 0,
        createdAt: Math.min(windowStart, createdAt + Math.floor(rng.uniform(0, 60) * DAY_MS)),
      });
      ctx.contactWeights.push(ROLE_ACTIVITY[buyingRole]);
      ctx.leadPoints.push(0);
    }

    // --- opportunities, each preceded by a visible buying surge ---------------------------------
    const opps: DemoOpportunity[] = [];
    const pWinLogit = -1.7 + 0.9 * (logit + 2.3);
    if (rng.chance(propensity)) {
      let openedAt = windowStart + Math.floor(rng.uniform(30, HISTORY_DAYS - 2) * DAY_MS);
      let expansion = false;
      for (let k = 0; k < 4 && openedAt < now - 2 * DAY_MS; k++) {
        this.surge(ctx, openedAt, propensity, expansion ? 0.5 : 1);
        const product = expansion
          ? rng.chance(0.6) ? ADD_ON : SERVICES
          : employeeCount >= 2000 && rng.chance(0.6) ? ENTERPRISE : rng.chance(0.9) ? CLOUD : SERVICES;
        const productScale = product === ENTERPRISE ? 2.2 : product === ADD_ON ? 0.35 : product === SERVICES ? 0.25 : 1;
        // Size sets the budget; better-fit accounts buy a bit bigger.
        const fitScale = Math.max(0.3, 1 + 0.3 * fitZ);
        const amount = Math.max(1000, Math.round((3000 * Math.sqrt(employeeCount) * productScale * fitScale * rng.lognormal(0, 0.5)) / 100) * 100);
        const cycleDays = clamp(
          rng.lognormal(Math.log(110 - 75 * propensity), 0.35) * (product === ENTERPRISE ? 1.3 : 1) * (expansion ? 0.6 : 1),
          20,
          200,
        );
        const closeAt = openedAt + Math.floor(cycleDays * DAY_MS);
        const oppIndex = this.opportunityCount++;
        const dealKind = expansion ? "Expansion" : k === 0 ? "New Business" : "New Business (re-engaged)";
        const opp: DemoOpportunity = {
          index: oppIndex,
          accountIndex: index,
          externalId: formatExternalId("opportunity", oppIndex),
          name: `${baseName} - ${product} - ${dealKind}`,
          stage: "open",
          amount,
          product,
          openedAt,
          closedAt: null,
        };
        opps.push(opp);
        // Touches continue while the deal is worked.
        this.dealTouches(ctx, openedAt, Math.min(closeAt, now), propensity);
        if (closeAt >= now) break; // still open: nothing can follow it yet
        opp.closedAt = closeAt;
        const won = rng.chance(logistic(pWinLogit + (expansion ? 0.8 : 0)));
        opp.stage = won ? "won" : "lost";
        if (won) {
          if (!rng.chance(0.35)) break;
          expansion = true;
          openedAt = closeAt + Math.floor(rng.uniform(30, 240) * DAY_MS);
        } else {
          if (!rng.chance(0.15 + 0.3 * propensity)) break;
          openedAt = closeAt + Math.floor(rng.uniform(45, 200) * DAY_MS);
        }
      }
    }

    // --- customers: support tickets and possible churn -----------------------------------------
    let firstWonAt = Number.POSITIVE_INFINITY;
    let lastWonAt = Number.NEGATIVE_INFINITY;
    let hasOpen = false;
    for (const o of opps) {
      if (o.stage === "won") {
        firstWonAt = Math.min(firstWonAt, o.closedAt!);
        lastWonAt = Math.max(lastWonAt, o.closedAt!);
      } else if (o.stage === "open") hasOpen = true;
    }
    let churnedAt: number | null = null;
    if (lastWonAt > 0 && !hasOpen && lastWonAt < now - 300 * DAY_MS && rng.chance(0.35 - 0.25 * propensity)) {
      churnedAt = lastWonAt + Math.floor(rng.uniform(180, Math.max(181, (now - lastWonAt) / DAY_MS - 1)) * DAY_MS);
    }
    if (Number.isFinite(firstWonAt)) {
      const end = churnedAt ?? now;
      const tickets = rng.poisson((1 + 0.5 * log10Emp) * ((end - firstWonAt) / (365 * DAY_MS)));
      for (let k = 0; k < tickets; k++) this.addActivity(ctx, "support_ticket", rng.uniform(firstWonAt, end));
    }

    // --- baseline engagement and "false alarm" surges -------------------------------------------
    const lambda = Math.min(400, Math.exp(1.16 + 1.25 * engagementZ));
    const baselineCount = rng.poisson(lambda);
    const recency = 3 * propensity; // density ∝ x^recency over the window: hot accounts are active lately
    const mix = baselineTables[Math.min(ACTIVITY_BUCKETS - 1, Math.floor(propensity * ACTIVITY_BUCKETS))];
    for (let k = 0; k < baselineCount; k++) {
      const x = Math.pow(rng.next(), 1 / (1 + recency));
      this.addActivity(ctx, mix.sample(rng), windowStart + x * HISTORY_MS);
    }
    const falseAlarms = rng.poisson(0.2 + 0.3 * Math.max(0, engagementZ));
    for (let k = 0; k < falseAlarms; k++) {
      const end = windowStart + Math.floor(rng.uniform(20, HISTORY_DAYS) * DAY_MS);
      this.surge(ctx, end, 0.2, 0.6);
    }

    // --- background intent and in-market bursts -------------------------------------------------
    const background = rng.poisson(0.5 * Math.exp(0.6 * intentZ));
    for (let k = 0; k < background; k++) {
      const topic = rng.chance(0.6) ? rng.pick(ctx.focusTopics) : rng.pick(TOPIC_LIST);
      this.addIntent(ctx, topic, clamp(Math.round(rng.normal(30 + 10 * intentZ, 12)), 5, 70), rng.uniform(windowStart, now));
    }
    if (intentZ > 0.9) {
      const x = Math.pow(rng.next(), 1 / (1 + propensity));
      const burstStart = windowStart + x * (HISTORY_MS - 30 * DAY_MS);
      const burstEnd = Math.min(now, burstStart + rng.uniform(30, 90) * DAY_MS);
      const n = 2 + rng.poisson(1.5 + 1.5 * intentZ);
      for (let k = 0; k < n; k++) {
        this.addIntent(ctx, rng.pick(ctx.focusTopics), clamp(Math.round(rng.normal(72 + 6 * intentZ, 10)), 50, 100), rng.uniform(burstStart, burstEnd));
      }
    }

    // --- finalise children: sort by time, assign ordinals and ids ------------------------------
    ctx.activities.sort((a, b) => a.occurredAt - b.occurredAt);
    ctx.intents.sort((a, b) => a.observedAt - b.observedAt);
    let recentCount = 0;
    let recentHighIntent = false;
    let recentNurture = false;
    const recentSince = now - 90 * DAY_MS;
    for (const a of ctx.activities) {
      const activityIndex = this.activityCount++;
      a.index = activityIndex;
      a.externalId = formatExternalId("activity", activityIndex);
      batch.activities.push(a);
      if (a.occurredAt >= recentSince && a.type !== "support_ticket") {
        recentCount++;
        if (HIGH_INTENT_TYPES.has(a.type)) recentHighIntent = true;
        if (NURTURE_TYPES.has(a.type)) recentNurture = true;
      }
    }
    for (const s of ctx.intents) {
      const intentIndex = this.intentCount++;
      s.index = intentIndex;
      s.externalId = formatExternalId("intentSignal", intentIndex);
      batch.intentSignals.push(s);
    }
    for (let k = 0; k < ctx.contacts.length; k++) {
      const c = ctx.contacts[k];
      c.leadScore = Math.round(Math.min(100, ctx.leadPoints[k]) * 10) / 10;
      batch.contacts.push(c);
    }
    for (const o of opps) batch.opportunities.push(o);

    // --- lifecycle stage and rep status consistent with the history ----------------------------
    let lifecycleStage: LifecycleStage;
    if (churnedAt !== null) lifecycleStage = "churned";
    else if (Number.isFinite(firstWonAt)) lifecycleStage = "customer";
    else if (hasOpen) lifecycleStage = "opportunity";
    else if (recentHighIntent || recentCount >= 8) lifecycleStage = "sql";
    else if (recentNurture || recentCount >= 3) lifecycleStage = "mql";
    else lifecycleStage = "prospect";
    const status = this.pickStatus(lifecycleStage, opps.length > 0, fitZ);

    const lastActivityAt = ctx.activities.length > 0 ? ctx.activities[ctx.activities.length - 1].occurredAt : null;
    let updatedAt = Math.max(createdAt, lastActivityAt ?? 0);
    for (const o of opps) updatedAt = Math.max(updatedAt, o.closedAt ?? o.openedAt);

    const tier: AccountTier = employeeCount >= 2000 || annualRevenue >= 500_000_000 ? "Strategic" : employeeCount >= 200 ? "Growth" : "SMB";
    const inbound = clamp(0.2 + 0.15 * engagementZ, 0.05, 0.6);
    const u = rng.next();
    const source: AccountSource = u < inbound ? "Inbound" : u < inbound + 0.12 ? "Partner" : "Outbound";

    batch.accounts.push({
      index,
      externalId: formatExternalId("account", index),
      name,
      domain,
      industry,
      employeeCount,
      annualRevenue,
      country,
      region,
      foundedYear,
      technologies,
      lifecycleStage,
      status,
      ownerId,
      custom: { tier, source },
      lastActivityAt,
      createdAt,
      updatedAt,
      propensity,
    });
  }

  /** 3–8 distinct technologies, weighted by popularity × industry affinity × size, sorted by name. */
  private pickTechnologies(industry: string, log10Emp: number): string[] {
    const rng = this.rng;
    const count = clamp(Math.round(2.6 + 0.6 * log10Emp + rng.normal(0, 1)), 3, 8);
    const buckets = techWeightTables[industry] ?? techWeightTables.Software;
    const weights = techScratch;
    weights.set(buckets[clamp(Math.round(log10Emp / TECH_SIZE_STEP), 0, buckets.length - 1)]);
    const picked: string[] = [];
    for (let k = 0; k < count; k++) {
      const i = weightedIndex(rng, weights);
      if (i < 0) break;
      picked.push(TECH_LIST[i]);
      weights[i] = 0; // without replacement
    }
    return picked.sort();
  }

  /**
   * A unique company name and domain. Names are drawn from brand × industry word × descriptor; when a
   * base name repeats, a number is appended ("Northwind Analytics 2"), and the domain follows the base
   * name, so both stay unique without remembering every name generated.
   */
  private companyName(industry: string, country: string): { name: string; baseName: string; domain: string } {
    const rng = this.rng;
    const brand = rng.chance(0.4) ? rng.pick(PREFIX_LIST) : rng.pick(BRAND_HEADS) + rng.pick(BRAND_TAILS);
    const core = rng.pick(COMPANY_CORES[industry] ?? COMPANY_CORES.Software);
    const isGov = industry === "Government";
    const descriptor = isGov ? "" : descriptorTable.sample(rng);
    const stem = descriptor ? `${brand} ${core} ${descriptor}` : `${brand} ${core}`;
    const seen = (this.nameCounts.get(stem) ?? 0) + 1;
    this.nameCounts.set(stem, seen);
    const baseName = seen > 1 ? `${stem} ${seen}` : stem;
    const legal = !isGov && rng.chance(0.45) ? rng.pick(LEGAL_SUFFIXES[country] ?? ["Inc."]) : "";
    // Word-wise slug of the base name: unique because base names are, and no word contains a hyphen.
    let slug = `${cachedSlug(brand)}-${cachedSlug(core)}`;
    if (descriptor) slug += `-${cachedSlug(descriptor)}`;
    if (seen > 1) slug += `-${seen}`;
    let tld: string;
    if (isGov) tld = country === "United States" ? ".gov" : COUNTRY_TLDS[country] ?? ".org";
    else if (industry === "Software" && rng.chance(0.25)) tld = ".io";
    else if (country === "United States" || rng.chance(0.45)) tld = ".com";
    else tld = COUNTRY_TLDS[country] ?? ".com";
    return { name: legal ? `${baseName} ${legal}` : baseName, baseName, domain: slug + tld };
  }

  private pickStatus(stage: LifecycleStage, hadDeal: boolean, fitZ: number): AccountStatus {
    const rng = this.rng;
    switch (stage) {
      case "customer":
      case "opportunity":
        return rng.chance(0.8) ? "qualified" : "working";
      case "churned":
        return "nurture";
      case "sql":
        return rng.chance(0.7) ? "working" : "qualified";
      case "mql":
        return rng.chance(0.5) ? "working" : rng.chance(0.5) ? "nurture" : "new";
      default:
        if (hadDeal) return rng.chance(0.6) ? "nurture" : "disqualified";
        if (fitZ < -1 && rng.chance(0.4)) return "disqualified";
        return rng.chance(0.75) ? "new" : "nurture";
    }
  }

  /**
   * A buying surge ending at `end`: a few weeks of heavier, higher-value engagement and strong intent
   * on the account's focus topics. `scale` shrinks it for expansions and false alarms.
   */
  private surge(ctx: AccountContext, end: number, propensity: number, scale: number): void {
    const rng = ctx.rng;
    const start = Math.max(ctx.windowStart, end - rng.uniform(14, 60) * DAY_MS);
    const until = Math.min(end, ctx.now - 1);
    if (until <= start) return;
    const n = 2 + rng.poisson((2 + 6 * propensity) * scale);
    for (let k = 0; k < n; k++) this.addActivity(ctx, surgeTable.sample(rng), rng.uniform(start, until));
    // The hand-raise right before the deal.
    if (rng.chance((0.35 + 0.5 * propensity) * scale)) {
      this.addActivity(ctx, rng.chance(0.7) ? "demo_request" : "trial_signup", rng.uniform(Math.max(start, until - 10 * DAY_MS), until));
    }
    const signals = 1 + rng.poisson((1.5 + 2 * propensity) * scale);
    for (let k = 0; k < signals; k++) {
      this.addIntent(ctx, rng.pick(ctx.focusTopics), clamp(Math.round(rng.normal(75, 10)), 45, 100), rng.uniform(start, until));
    }
  }

  /** Ongoing touches while a deal is open (emails, visits), about one every two weeks. */
  private dealTouches(ctx: AccountContext, from: number, to: number, propensity: number): void {
    const rng = ctx.rng;
    if (to <= from) return;
    const n = rng.poisson(((to - from) / (15 * DAY_MS)) * (0.6 + 0.8 * propensity));
    for (let k = 0; k < n; k++) this.addActivity(ctx, dealTable.sample(rng), rng.uniform(from, to));
  }

  private addActivity(ctx: AccountContext, type: ActivityType, at: number): void {
    const t = Math.floor(at);
    // Keep strictly inside the window whatever the caller computed.
    if (t < ctx.windowStart || t >= ctx.now) return;
    let contactIndex: number | null = null;
    if (ctx.contacts.length > 0 && ctx.rng.chance(ATTRIBUTION[type])) {
      const slot = weightedIndex(ctx.rng, ctx.contactWeights);
      contactIndex = ctx.contacts[slot].index;
      ctx.leadPoints[slot] += LEAD_POINTS[type] * Math.pow(0.5, (ctx.now - t) / LEAD_HALF_LIFE_MS);
    }
    ctx.activities.push({
      index: -1,
      accountIndex: ctx.accountIndex,
      contactIndex,
      externalId: "",
      type,
      occurredAt: t,
      source: ACTIVITY_SOURCE[type],
    });
  }

  private addIntent(ctx: AccountContext, topic: string, strength: number, at: number): void {
    const t = Math.floor(at);
    if (t < ctx.windowStart || t >= ctx.now) return;
    ctx.intents.push({ index: -1, accountIndex: ctx.accountIndex, externalId: "", topic, strength, observedAt: t, source: INTENT_SOURCE });
  }
}
