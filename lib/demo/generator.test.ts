import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ACTIVITY_TYPES,
  BUYING_ROLES,
  DEPARTMENTS,
  INDUSTRIES,
  INTENT_TOPICS,
  LIFECYCLE_STAGES,
  OPPORTUNITY_STAGES,
  PRODUCTS,
  REGIONS,
  SENIORITIES,
  TECHNOLOGIES,
} from "@/lib/vocabulary";
import {
  DAY_MS,
  HISTORY_MS,
  PROPENSITY_DRIVERS,
  PROPENSITY_WEIGHTS,
  formatExternalId,
  generateDemoBatches,
  generateDemoData,
  utcMidnight,
  type DemoBatch,
} from "./generator";

const NOW = Date.UTC(2026, 2, 15);
const OWNERS = [11, 12];

/** Per-account outcome summary used by the distribution tests. */
interface Outcome {
  propensity: number;
  hadOpportunity: boolean;
  won: boolean;
  activities: number;
  highValue: number;
}

function outcomes(data: DemoBatch): Outcome[] {
  const rows = data.accounts.map((a) => ({ propensity: a.propensity, hadOpportunity: false, won: false, activities: 0, highValue: 0 }));
  for (const o of data.opportunities) {
    rows[o.accountIndex].hadOpportunity = true;
    if (o.stage === "won") rows[o.accountIndex].won = true;
  }
  for (const x of data.activities) {
    rows[x.accountIndex].activities++;
    if (x.type === "demo_request" || x.type === "trial_signup" || x.type === "pricing_page_visit") rows[x.accountIndex].highValue++;
  }
  return rows;
}

/** Quintiles by propensity, lowest first. */
function quintiles(rows: Outcome[]): Outcome[][] {
  const sorted = [...rows].sort((a, b) => a.propensity - b.propensity);
  return [0, 1, 2, 3, 4].map((q) => sorted.slice(Math.floor((q * sorted.length) / 5), Math.floor(((q + 1) * sorted.length) / 5)));
}

const rate = (rows: Outcome[], f: (o: Outcome) => boolean) => rows.filter(f).length / rows.length;
const mean = (rows: Outcome[], f: (o: Outcome) => number) => rows.reduce((s, o) => s + f(o), 0) / rows.length;

/** Mann–Whitney AUC of a score against a binary label (no ties in continuous propensities). */
function auc(rows: Outcome[], label: (o: Outcome) => boolean): number {
  const sorted = [...rows].sort((a, b) => a.propensity - b.propensity);
  let pos = 0;
  let rankSum = 0;
  sorted.forEach((o, i) => {
    if (label(o)) {
      pos++;
      rankSum += i + 1;
    }
  });
  const neg = sorted.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Structural invariants every generated data set must satisfy. Collects violations with plain
 * comparisons (one `expect` per row would dominate the run time on 200k activities).
 */
function integrityViolations(data: DemoBatch, now: number, owners: readonly number[]): string[] {
  const bad: string[] = [];
  const fail = (msg: string) => {
    if (bad.length < 20) bad.push(msg);
  };
  const windowStart = now - HISTORY_MS;
  const types = new Set<string>(ACTIVITY_TYPES);
  const topics = new Set<string>(INTENT_TOPICS);
  data.accounts.forEach((a, i) => {
    if (a.index !== i || a.externalId !== formatExternalId("account", i)) fail(`account ${i}: index/externalId ${a.index} ${a.externalId}`);
    if (owners.length > 0 ? !owners.includes(a.ownerId!) : a.ownerId !== null) fail(`account ${i}: owner ${a.ownerId}`);
    if (a.createdAt > windowStart || a.updatedAt < a.createdAt || a.updatedAt >= now) fail(`account ${i}: created/updated ${a.createdAt}/${a.updatedAt}`);
  });
  data.contacts.forEach((c, i) => {
    if (c.index !== i || c.externalId !== formatExternalId("contact", i)) fail(`contact ${i}: index ${c.index}`);
    if (c.accountIndex < 0 || c.accountIndex >= data.accounts.length) fail(`contact ${i}: account ${c.accountIndex}`);
  });
  const contactAccount = new Map(data.contacts.map((c) => [c.index, c.accountIndex]));
  let prevAccount = -1;
  let prevAt = -Infinity;
  data.activities.forEach((x, i) => {
    if (x.index !== i || x.externalId !== formatExternalId("activity", i)) fail(`activity ${i}: index ${x.index}`);
    if (x.accountIndex < 0 || x.accountIndex >= data.accounts.length) fail(`activity ${i}: account ${x.accountIndex}`);
    if (x.contactIndex !== null && contactAccount.get(x.contactIndex) !== x.accountIndex) fail(`activity ${i}: contact ${x.contactIndex} of another account`);
    if (x.occurredAt < windowStart || x.occurredAt >= now) fail(`activity ${i}: outside the window`);
    // Sorted by account, then time: the order of the (account_id, occurred_at) index.
    if (!(x.accountIndex > prevAccount || (x.accountIndex === prevAccount && x.occurredAt >= prevAt))) fail(`activity ${i}: out of order`);
    prevAccount = x.accountIndex;
    prevAt = x.occurredAt;
    if (!types.has(x.type)) fail(`activity ${i}: type ${x.type}`);
  });
  prevAccount = -1;
  prevAt = -Infinity;
  data.intentSignals.forEach((s, i) => {
    if (s.index !== i || s.externalId !== formatExternalId("intentSignal", i)) fail(`intent ${i}: index ${s.index}`);
    if (s.observedAt < windowStart || s.observedAt >= now) fail(`intent ${i}: outside the window`);
    if (!(s.accountIndex > prevAccount || (s.accountIndex === prevAccount && s.observedAt >= prevAt))) fail(`intent ${i}: out of order`);
    prevAccount = s.accountIndex;
    prevAt = s.observedAt;
    if (!(s.strength >= 0 && s.strength <= 100) || !topics.has(s.topic)) fail(`intent ${i}: ${s.topic} ${s.strength}`);
  });
  data.opportunities.forEach((o, i) => {
    if (o.index !== i || o.externalId !== formatExternalId("opportunity", i)) fail(`opportunity ${i}: index ${o.index}`);
    if (o.accountIndex < 0 || o.accountIndex >= data.accounts.length) fail(`opportunity ${i}: account ${o.accountIndex}`);
    if (!(OPPORTUNITY_STAGES as readonly string[]).includes(o.stage) || !(PRODUCTS as readonly string[]).includes(o.product)) fail(`opportunity ${i}: ${o.stage} ${o.product}`);
    if (o.openedAt < windowStart || o.openedAt >= now || !(o.amount > 0)) fail(`opportunity ${i}: opened ${o.openedAt} amount ${o.amount}`);
    if (o.stage === "open") {
      // Open deals have no close date and are recent: a cycle is at most 200 days.
      if (o.closedAt !== null || now - o.openedAt > 200 * DAY_MS) fail(`opportunity ${i}: open but closed/old`);
    } else {
      const days = o.closedAt === null ? NaN : (o.closedAt - o.openedAt) / DAY_MS;
      if (!(days >= 20 - 1e-9 && days <= 200 + 1e-9) || o.closedAt! >= now) fail(`opportunity ${i}: cycle ${days} days`);
    }
  });
  return bad;
}

describe("demo generator: determinism", () => {
  it("gives identical output for the same seed, and the batch size does not matter", () => {
    const a = generateDemoData({ accounts: 400, seed: 7, now: NOW, ownerIds: OWNERS });
    const b = generateDemoData({ accounts: 400, seed: 7, now: NOW, ownerIds: OWNERS, batchSize: 33 });
    expect(b).toEqual(a);
  });

  it("gives different data for a different seed", () => {
    const a = generateDemoData({ accounts: 200, seed: 7, now: NOW });
    const b = generateDemoData({ accounts: 200, seed: 8, now: NOW });
    expect(b.accounts.map((x) => x.name)).not.toEqual(a.accounts.map((x) => x.name));
    expect(b.activities.length).not.toBe(a.activities.length);
  });

  it("does not let the owner list perturb the rest of the data", () => {
    const a = generateDemoData({ accounts: 150, seed: "x", now: NOW, ownerIds: [1] });
    const b = generateDemoData({ accounts: 150, seed: "x", now: NOW, ownerIds: [1, 2, 3] });
    expect(b.activities).toEqual(a.activities);
    expect(b.accounts.map(({ ownerId: _o, ...rest }) => rest)).toEqual(a.accounts.map(({ ownerId: _o, ...rest }) => rest));
  });

  it("yields batches of the requested size and holds the invariants for arbitrary seeds", () => {
    const sizes = [...generateDemoBatches({ accounts: 23, seed: 1, now: NOW, batchSize: 10 })].map((b) => b.accounts.length);
    expect(sizes).toEqual([10, 10, 3]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), (seed, n, owned) => {
        const owners = owned ? OWNERS : [];
        expect(integrityViolations(generateDemoData({ accounts: n, seed, now: NOW, ownerIds: owners, batchSize: 7 }), NOW, owners)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it("formats zero-padded external ids that sort in insert order", () => {
    expect(formatExternalId("account", 0)).toBe("ACC-0000001");
    expect(formatExternalId("activity", 41)).toBe("ACT-0000000042");
    expect(formatExternalId("contact", 99_999_999)).toBe("CON-100000000");
    expect(utcMidnight(Date.UTC(2026, 0, 2, 13, 45))).toBe(Date.UTC(2026, 0, 2));
  });
});

describe("demo generator: a 20,000-account data set", () => {
  let data: DemoBatch;
  let rows: Outcome[];
  beforeAll(() => {
    data = generateDemoData({ accounts: 20_000, seed: 2026, now: NOW, ownerIds: OWNERS });
    rows = outcomes(data);
  });

  it("is referentially intact, within the 18-month window and ordered", () => {
    expect(integrityViolations(data, NOW, OWNERS)).toEqual([]);
  });

  it("has unique names, domains and external ids", () => {
    const unique = (xs: string[]) => new Set(xs).size === xs.length;
    expect(unique(data.accounts.map((a) => a.name.toLowerCase()))).toBe(true);
    expect(unique(data.accounts.map((a) => a.domain))).toBe(true);
    expect(unique(data.contacts.map((c) => c.externalId))).toBe(true);
    expect(unique(data.activities.map((x) => x.externalId))).toBe(true);
    expect(unique(data.intentSignals.map((x) => x.externalId))).toBe(true);
    expect(unique(data.opportunities.map((x) => x.externalId))).toBe(true);
    // Zero-padded, so string order is insert order.
    const ids = data.activities.map((x) => x.externalId);
    expect([...ids].sort()).toEqual(ids);
  });

  it("has plausible firmographics and technographics", () => {
    const regionOf = new Map(Object.entries(REGIONS).flatMap(([r, cs]) => cs.map((c) => [c, r] as const)));
    const industries = new Set<string>(INDUSTRIES);
    const technologies = new Set<string>(TECHNOLOGIES);
    const bad = data.accounts.filter(
      (a) =>
        !industries.has(a.industry) ||
        regionOf.get(a.country) !== a.region ||
        !(a.employeeCount >= 5 && a.employeeCount <= 100_000) ||
        !(a.annualRevenue > 0) ||
        !(a.foundedYear >= 1850 && a.foundedYear < 2026) ||
        a.technologies.length < 3 ||
        a.technologies.length > 8 ||
        new Set(a.technologies).size !== a.technologies.length ||
        a.technologies.some((t) => !technologies.has(t)) ||
        !/^[a-z0-9-]+(\.[a-z]+)+$/.test(a.domain) ||
        !["Strategic", "Growth", "SMB"].includes(a.custom.tier) ||
        !["Outbound", "Inbound", "Partner"].includes(a.custom.source),
    );
    expect(bad.slice(0, 5)).toEqual([]);
    // Revenue follows size; Software leans to the modern data stack.
    const small = data.accounts.filter((a) => a.employeeCount < 50);
    const big = data.accounts.filter((a) => a.employeeCount > 5000);
    const avgRevenue = (xs: typeof small) => xs.reduce((s, a) => s + a.annualRevenue, 0) / xs.length;
    expect(avgRevenue(big)).toBeGreaterThan(50 * avgRevenue(small));
    const share = (industry: string, tech: string) => {
      const xs = data.accounts.filter((a) => a.industry === industry);
      return xs.filter((a) => a.technologies.includes(tech)).length / xs.length;
    };
    expect(share("Software", "dbt")).toBeGreaterThan(2 * share("Manufacturing", "dbt"));
    expect(share("Manufacturing", "SAP")).toBeGreaterThan(2 * share("Software", "SAP"));
  });

  it("has 1–8 contacts per account with consistent titles, roles and emails", () => {
    const perAccount = new Map<number, number>();
    const domainOf = data.accounts.map((a) => a.domain);
    const bad: string[] = [];
    for (const c of data.contacts) {
      perAccount.set(c.accountIndex, (perAccount.get(c.accountIndex) ?? 0) + 1);
      const local = `${c.firstName}.${c.lastName}`.toLowerCase();
      const [user, host] = c.email.split("@");
      if (
        !(SENIORITIES as readonly string[]).includes(c.seniority) ||
        !(DEPARTMENTS as readonly string[]).includes(c.department) ||
        !(BUYING_ROLES as readonly string[]).includes(c.buyingRole) ||
        c.title.length < 2 ||
        host !== domainOf[c.accountIndex] ||
        !(user === local || (user.startsWith(local) && /^\d+$/.test(user.slice(local.length)))) ||
        !(c.leadScore >= 0 && c.leadScore <= 100) ||
        (c.department === "executive" && c.seniority !== "c_level") ||
        (c.seniority === "individual_contributor" && /^(VP|Chief|Director)/.test(c.title))
      ) {
        bad.push(JSON.stringify(c));
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(perAccount.size).toBe(data.accounts.length);
    expect(Math.min(...perAccount.values())).toBeGreaterThanOrEqual(1);
    expect(Math.max(...perAccount.values())).toBeLessThanOrEqual(8);
    const emails = data.contacts.map((c) => c.email);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it("derives lifecycle stage and last activity from the history", () => {
    const stages = data.accounts.map((a) => a.lifecycleStage);
    for (const s of LIFECYCLE_STAGES) expect(stages).toContain(s);
    const won = new Set(data.opportunities.filter((o) => o.stage === "won").map((o) => o.accountIndex));
    const open = new Set(data.opportunities.filter((o) => o.stage === "open").map((o) => o.accountIndex));
    const last = new Map<number, number>();
    for (const x of data.activities) last.set(x.accountIndex, x.occurredAt);
    const inconsistent = data.accounts.filter((a) => {
      const hasWon = won.has(a.index);
      const hasOpen = open.has(a.index);
      switch (a.lifecycleStage) {
        case "customer":
        case "churned":
          if (!hasWon) return true;
          break;
        case "opportunity":
          if (hasWon || !hasOpen) return true;
          break;
        default:
          if (hasWon || hasOpen) return true;
      }
      return a.lastActivityAt !== (last.get(a.index) ?? null);
    });
    expect(inconsistent.slice(0, 5)).toEqual([]);
  });

  it("averages about ten activities per account with a heavy tail", () => {
    const avg = data.activities.length / data.accounts.length;
    expect(avg).toBeGreaterThan(8.5);
    expect(avg).toBeLessThan(11.5);
    const counts = rows.map((r) => r.activities).sort((a, b) => a - b);
    expect(rate(rows, (r) => r.activities <= 3)).toBeGreaterThan(0.3);
    expect(counts[Math.floor(counts.length * 0.99)]).toBeGreaterThan(40);
    // All activity types occur; web visits and email opens are the bulk.
    const byType = new Map<string, number>();
    for (const x of data.activities) byType.set(x.type, (byType.get(x.type) ?? 0) + 1);
    for (const t of ACTIVITY_TYPES) expect(byType.get(t) ?? 0).toBeGreaterThan(0);
    expect((byType.get("web_visit")! + byType.get("email_open")!) / data.activities.length).toBeGreaterThan(0.4);
  });

  it("plants a clear but noisy gradient: the top propensity quintile converts several times the bottom", () => {
    const q = quintiles(rows);
    const pipeline = q.map((x) => rate(x, (r) => r.hadOpportunity));
    const wins = q.map((x) => rate(x, (r) => r.won));
    expect(pipeline[4]).toBeGreaterThan(4 * pipeline[0]);
    expect(wins[4]).toBeGreaterThan(4 * Math.max(wins[0], 0.002));
    // Monotone across quintiles.
    for (let k = 1; k < 5; k++) expect(pipeline[k]).toBeGreaterThan(pipeline[k - 1]);
    // Realistic, not perfect: the true propensity separates converters at about 0.8 AUC.
    const a = auc(rows, (r) => r.hadOpportunity);
    expect(a).toBeGreaterThan(0.74);
    expect(a).toBeLessThan(0.87);
    // A realistic share of accounts opens a deal within 18 months, and about a third of closed deals are won.
    const conversion = rate(rows, (r) => r.hadOpportunity);
    expect(conversion).toBeGreaterThan(0.08);
    expect(conversion).toBeLessThan(0.25);
    const closed = data.opportunities.filter((o) => o.stage !== "open");
    const winRate = closed.filter((o) => o.stage === "won").length / closed.length;
    expect(winRate).toBeGreaterThan(0.2);
    expect(winRate).toBeLessThan(0.5);
  });

  it("makes the signal observable: high-propensity accounts show more, more recent, higher-value activity", () => {
    const q = quintiles(rows);
    expect(mean(q[4], (r) => r.highValue)).toBeGreaterThan(3 * mean(q[0], (r) => r.highValue));
    expect(mean(q[4], (r) => r.activities)).toBeGreaterThan(2 * mean(q[0], (r) => r.activities));
    // Recency: the share of an account's activity in the last 90 days rises with propensity.
    const recent = new Float64Array(data.accounts.length);
    for (const x of data.activities) if (x.occurredAt >= NOW - 90 * DAY_MS) recent[x.accountIndex]++;
    const recentShare = (group: Outcome[]) => {
      const idx = new Set(group);
      let all = 0;
      let last = 0;
      rows.forEach((r, i) => {
        if (idx.has(r)) {
          all += r.activities;
          last += recent[i];
        }
      });
      return last / all;
    };
    expect(recentShare(q[4])).toBeGreaterThan(1.3 * recentShare(q[0]));
  });

  it("wins more, bigger and faster where propensity and size are higher", () => {
    const p = data.accounts.map((a) => a.propensity);
    const median = [...p].sort((a, b) => a - b)[Math.floor(p.length / 2)];
    const closed = data.opportunities.filter((o) => o.stage !== "open");
    const winRate = (xs: typeof closed) => xs.filter((o) => o.stage === "won").length / xs.length;
    const high = closed.filter((o) => p[o.accountIndex] >= median);
    const low = closed.filter((o) => p[o.accountIndex] < median);
    expect(winRate(high)).toBeGreaterThan(1.5 * winRate(low));
    const employees = (o: (typeof closed)[number]) => data.accounts[o.accountIndex].employeeCount;
    const avgAmount = (xs: typeof closed) => xs.reduce((s, o) => s + o.amount, 0) / xs.length;
    expect(avgAmount(closed.filter((o) => employees(o) >= 1000))).toBeGreaterThan(3 * avgAmount(closed.filter((o) => employees(o) < 100)));
    const medianCycle = (xs: typeof closed) => {
      const d = xs.map((o) => o.closedAt! - o.openedAt).sort((a, b) => a - b);
      return d[Math.floor(d.length / 2)];
    };
    const top = [...p].sort((a, b) => a - b)[Math.floor(p.length * 0.9)];
    expect(medianCycle(closed.filter((o) => p[o.accountIndex] >= top))).toBeLessThan(medianCycle(closed.filter((o) => p[o.accountIndex] < median)));
  });

  it("shows engagement and intent surges before opportunities", () => {
    const window = 60 * DAY_MS;
    const actsByAccount = new Map<number, number[]>();
    for (const x of data.activities) {
      const list = actsByAccount.get(x.accountIndex) ?? [];
      list.push(x.occurredAt);
      actsByAccount.set(x.accountIndex, list);
    }
    const strongByAccount = new Map<number, number[]>();
    for (const s of data.intentSignals) {
      if (s.strength < 60) continue;
      const list = strongByAccount.get(s.accountIndex) ?? [];
      list.push(s.observedAt);
      strongByAccount.set(s.accountIndex, list);
    }
    const inWindow = (ts: number[] | undefined, end: number) => (ts ?? []).filter((t) => t >= end - window && t < end).length;
    const first = data.opportunities.filter((o, i, all) => i === 0 || all[i - 1].accountIndex !== o.accountIndex);
    const before = first.reduce((s, o) => s + inWindow(actsByAccount.get(o.accountIndex), o.openedAt), 0) / first.length;
    // Same calendar windows in accounts that never had a deal.
    const withDeal = new Set(data.opportunities.map((o) => o.accountIndex));
    const others = data.accounts.filter((a) => !withDeal.has(a.index)).slice(0, first.length);
    const baseline = others.reduce((s, a, i) => s + inWindow(actsByAccount.get(a.index), first[i].openedAt), 0) / others.length;
    expect(before).toBeGreaterThan(3 * baseline);
    const intentBefore = first.filter((o) => inWindow(strongByAccount.get(o.accountIndex), o.openedAt) > 0).length / first.length;
    expect(intentBefore).toBeGreaterThan(0.8);
  });

  it("documents drivers that match the weights it uses", () => {
    for (const i of [...PROPENSITY_DRIVERS.positive.industries, ...PROPENSITY_DRIVERS.negative.industries]) expect(INDUSTRIES).toContain(i);
    for (const t of [...PROPENSITY_DRIVERS.positive.technologies, ...PROPENSITY_DRIVERS.negative.technologies]) expect(TECHNOLOGIES).toContain(t);
    for (const i of PROPENSITY_DRIVERS.positive.industries) expect(PROPENSITY_WEIGHTS.industry[i]).toBeGreaterThan(0);
    for (const i of PROPENSITY_DRIVERS.negative.industries) expect(PROPENSITY_WEIGHTS.industry[i]).toBeLessThan(0);
    for (const r of PROPENSITY_DRIVERS.positive.regions) expect(PROPENSITY_WEIGHTS.region[r]).toBeGreaterThan(0);
    for (const r of PROPENSITY_DRIVERS.negative.regions) expect(PROPENSITY_WEIGHTS.region[r]).toBeLessThan(0);
    for (const t of PROPENSITY_DRIVERS.positive.technologies) expect(PROPENSITY_WEIGHTS.technologies[t]).toBeGreaterThan(0);
    for (const t of PROPENSITY_DRIVERS.negative.technologies) expect(PROPENSITY_WEIGHTS.technologies[t]).toBeLessThan(0);
    // And the data agrees: Software converts more than Government.
    const conv = (industry: string) => rate(rows.filter((_, i) => data.accounts[i].industry === industry), (r) => r.hadOpportunity);
    expect(conv("Software")).toBeGreaterThan(1.5 * conv("Government"));
  });
});
