/**
 * Account-level raw features for the app's predictive model, built from a ScoringSnapshot as it
 * was at a point in time `asOf`: only activities, intent surges and opportunities strictly before
 * `asOf` are used, so a model trained on outcomes after `asOf` cannot see its own answer.
 *
 * Firmographics, technology tags and contacts carry no history in the snapshot (they are current
 * values); they are treated as known at `asOf`. Lifecycle stage and owner are left out by default
 * because a CRM usually updates them as a result of the very outcome being predicted.
 */
import type { ScoringSnapshot } from "../snapshot";
import { OPPORTUNITY_STAGE } from "../snapshot";
import type { FeatureFrame, FrameColumn } from "./frame";

/** Options of {@link accountFeatures}. */
export interface AccountFeatureOptions {
  /** Decay half-lives (days) of the per-activity-type engagement aggregates. Default [30, 90]. */
  halfLivesDays?: number[];
  /** Trailing windows (days) of the per-activity-type counts. Default [30, 90]. */
  windowsDays?: number[];
  /** Half-life (days) applied to intent strengths before taking the maximum per topic. Default 30. */
  intentHalfLifeDays?: number;
  /** Custom attributes (snapshot attribute names beyond the built-ins) to include as fit features. */
  customAttributes?: string[];
  /** Include the lifecycle stage (off by default: it often leaks the outcome). */
  includeLifecycleStage?: boolean;
}

const DAY = 86_400_000;

/** The defaults of {@link AccountFeatureOptions} (the app's models use them). */
export const ACCOUNT_FEATURE_DEFAULTS = { halfLivesDays: [30, 90], windowsDays: [30, 90], intentHalfLifeDays: 30 } as const;

const ACTIVITY_LABELS: Record<string, string> = {
  web_visit: "Web visits",
  pricing_page_visit: "Pricing page visits",
  content_download: "Content downloads",
  email_open: "Email opens",
  email_click: "Email clicks",
  webinar_attended: "Webinars attended",
  event_attended: "Events attended",
  demo_request: "Demo requests",
  trial_signup: "Trial signups",
  support_ticket: "Support tickets",
};

const ROLE_LABELS: Record<string, string> = {
  decision_maker: "decision makers",
  economic_buyer: "economic buyers",
  champion: "champions",
  influencer: "influencers",
  user: "users",
  blocker: "blockers",
  c_level: "C-level",
  vp: "VPs",
  director: "directors",
  manager: "managers",
  individual_contributor: "individual contributors",
};

function words(code: string): string {
  return code.replace(/[_-]+/g, " ").trim();
}

/** Readable label of an activity type: "demo_request" → "Demo requests". */
export function activityLabel(type: string): string {
  const known = ACTIVITY_LABELS[type];
  if (known) return known;
  const w = words(type);
  return `${w.charAt(0).toUpperCase()}${w.slice(1)} events`;
}

/** Readable label of a buying role or seniority: "decision_maker" → "decision makers". */
export function roleLabel(code: string): string {
  return ROLE_LABELS[code] ?? words(code);
}

function catColumn(name: string, codes: Int32Array, dict: string[], group: string, attribute: string): FrameColumn {
  return { kind: "category", name, codes, dict, group, meta: { attribute } };
}

/**
 * Build the raw account features (a frame for `fitPipeline` / `transform`) as known at `asOf`
 * (epoch ms). Names are what a rep reads: "Industry", "Demo requests (30-day decayed)",
 * "Intent: lead scoring (max decayed)", "Contacts: decision makers", "Past won deals".
 *
 * lib/predictive-scoring/account-scorer.ts computes the same values account by account, with the
 * same arithmetic, when a model is published; a change here needs the same change there (its
 * tests compare the two exactly).
 */
export function accountFeatures(s: ScoringSnapshot, asOf: number, options: AccountFeatureOptions = {}): FeatureFrame {
  const n = s.n;
  const halfLives = options.halfLivesDays ?? ACCOUNT_FEATURE_DEFAULTS.halfLivesDays;
  const windows = options.windowsDays ?? ACCOUNT_FEATURE_DEFAULTS.windowsDays;
  const intentHalfLife = options.intentHalfLifeDays ?? ACCOUNT_FEATURE_DEFAULTS.intentHalfLifeDays;
  const columns: FrameColumn[] = [];

  // Fit: firmographics.
  const cat = (attr: string, label: string): void => {
    const c = s.attributes[attr];
    if (c && c.kind === "category") columns.push(catColumn(label, c.codes, c.dict, "fit", attr));
  };
  cat("industry", "Industry");
  cat("region", "Region");
  cat("country", "Country");
  if (options.includeLifecycleStage) cat("lifecycleStage", "Lifecycle stage");
  const num = (attr: string): Float64Array | null => {
    const c = s.attributes[attr];
    return c && c.kind === "number" ? c.values : null;
  };
  const employees = num("employeeCount");
  if (employees) columns.push({ kind: "number", name: "Employees", values: employees, group: "fit", log: "always", meta: { attribute: "employeeCount" } });
  const revenue = num("annualRevenue");
  if (revenue) columns.push({ kind: "number", name: "Annual revenue", values: revenue, group: "fit", log: "always", meta: { attribute: "annualRevenue" } });
  const founded = num("foundedYear");
  if (founded) {
    const year = new Date(asOf).getUTCFullYear();
    const age = new Float64Array(n);
    for (let i = 0; i < n; i++) age[i] = Number.isFinite(founded[i]) ? Math.max(0, year - founded[i]) : NaN;
    columns.push({ kind: "number", name: "Company age (years)", values: age, group: "fit", meta: { attribute: "foundedYear", yearsSince: year } });
  }
  for (const attr of options.customAttributes ?? []) {
    const c = s.attributes[attr];
    if (!c) throw new Error(`unknown account attribute "${attr}"`);
    if (c.kind === "category") columns.push(catColumn(attr, c.codes, c.dict, "fit", attr));
    else columns.push({ kind: "number", name: attr, values: c.values, group: "fit", meta: { attribute: attr } });
  }
  columns.push({ kind: "multi", name: "Technology", offsets: s.tags.offsets, codes: s.tags.codes, dict: s.tags.dict, group: "fit", meta: { attribute: "technology" } });

  // Engagement: decayed sums and trailing counts per activity type, recency, buying-role coverage.
  const act = s.activities;
  const nTypes = act.typeDict.length;
  const decayed = halfLives.map(() => Array.from({ length: nTypes }, () => new Float64Array(n)));
  const counts = windows.map(() => Array.from({ length: nTypes }, () => new Float64Array(n)));
  const rates = halfLives.map((h) => Math.LN2 / (h * DAY));
  const windowMs = windows.map((w) => w * DAY);
  const sinceLast = new Float64Array(n).fill(NaN);
  const rolesEngaged = new Float64Array(n);
  const con = s.contacts;
  const seenRole = new Int32Array(Math.max(1, con.buyingRoleDict.length)).fill(-1);
  const seenType = new Uint8Array(nTypes);
  for (let i = 0; i < n; i++) {
    let last = -Infinity;
    let roles = 0;
    for (let k = act.offsets[i]; k < act.offsets[i + 1]; k++) {
      const at = act.at[k];
      if (!(at < asOf)) break; // runs are sorted by time
      const t = act.type[k];
      if (t < 0) continue;
      seenType[t] = 1;
      const age = asOf - at;
      for (let h = 0; h < rates.length; h++) decayed[h][t][i] += Math.exp(-rates[h] * age);
      for (let w = 0; w < windowMs.length; w++) if (age <= windowMs[w]) counts[w][t][i] += 1;
      last = at;
      const c = act.contact[k];
      if (c >= 0) {
        const r = con.buyingRole[c];
        if (r >= 0 && seenRole[r] !== i) {
          seenRole[r] = i;
          roles++;
        }
      }
    }
    if (last > -Infinity) sinceLast[i] = (asOf - last) / DAY;
    rolesEngaged[i] = roles;
  }
  for (let t = 0; t < nTypes; t++) {
    if (!seenType[t]) continue; // a type nobody did before asOf carries no information
    const type = act.typeDict[t];
    const label = activityLabel(type);
    halfLives.forEach((h, hi) =>
      columns.push({ kind: "number", name: `${label} (${h}-day decayed)`, values: decayed[hi][t], group: "engagement", meta: { activityType: type, halfLifeDays: h } }),
    );
    windows.forEach((w, wi) =>
      columns.push({ kind: "number", name: `${label} (last ${w} days)`, values: counts[wi][t], group: "engagement", meta: { activityType: type, windowDays: w } }),
    );
  }
  columns.push({ kind: "number", name: "Days since last activity", values: sinceLast, group: "engagement", meta: { signal: "recency" } });
  if (con.buyingRoleDict.length > 0) columns.push({ kind: "number", name: "Engaged buying roles", values: rolesEngaged, group: "engagement", log: "never", meta: { signal: "buying_roles" } });

  // Contacts by buying role and seniority (current contacts: they carry no timestamp).
  const roleCounts = con.buyingRoleDict.map(() => new Float64Array(n));
  const seniorityCounts = con.seniorityDict.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let c = con.offsets[i]; c < con.offsets[i + 1]; c++) {
      if (con.buyingRole[c] >= 0) roleCounts[con.buyingRole[c]][i]++;
      if (con.seniority[c] >= 0) seniorityCounts[con.seniority[c]][i]++;
    }
  }
  con.buyingRoleDict.forEach((r, k) => columns.push({ kind: "number", name: `Contacts: ${roleLabel(r)}`, values: roleCounts[k], group: "engagement", meta: { signal: "contacts" } }));
  con.seniorityDict.forEach((r, k) => columns.push({ kind: "number", name: `Contacts: ${roleLabel(r)}`, values: seniorityCounts[k], group: "engagement", meta: { signal: "contacts" } }));

  // Intent: strongest decayed surge per topic.
  const it = s.intents;
  const intentRate = Math.LN2 / (intentHalfLife * DAY);
  const topicMax = it.topicDict.map(() => new Float64Array(n));
  const seenTopic = new Uint8Array(it.topicDict.length);
  for (let i = 0; i < n; i++) {
    for (let k = it.offsets[i]; k < it.offsets[i + 1]; k++) {
      const at = it.at[k];
      if (!(at < asOf)) break;
      const t = it.topic[k];
      if (t < 0) continue;
      seenTopic[t] = 1;
      const v = it.strength[k] * Math.exp(-intentRate * (asOf - at));
      if (v > topicMax[t][i]) topicMax[t][i] = v;
    }
  }
  it.topicDict.forEach((topic, t) => {
    if (seenTopic[t]) columns.push({ kind: "number", name: `Intent: ${topic} (max decayed)`, values: topicMax[t], group: "intent", meta: { intentTopic: topic, halfLifeDays: intentHalfLife } });
  });

  // Relationship: deals as they stood at asOf.
  const op = s.opportunities;
  const won = new Float64Array(n);
  const lost = new Float64Array(n);
  const open = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = op.offsets[i]; k < op.offsets[i + 1]; k++) {
      if (!(op.createdAt[k] < asOf)) continue;
      const closed = op.stage[k] !== OPPORTUNITY_STAGE.open && op.closedAt[k] < asOf;
      if (!closed) open[i] = 1;
      else if (op.stage[k] === OPPORTUNITY_STAGE.won) won[i]++;
      else lost[i]++;
    }
  }
  columns.push(
    { kind: "number", name: "Past won deals", values: won, group: "relationship", log: "never", meta: { signal: "won_deals" } },
    { kind: "number", name: "Past lost deals", values: lost, group: "relationship", log: "never", meta: { signal: "lost_deals" } },
    { kind: "boolean", name: "Open opportunity", values: open, group: "relationship", meta: { signal: "open_opportunity" } },
  );
  return { n, columns };
}
