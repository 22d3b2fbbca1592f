/**
 * Explanations of stored scores, for just the accounts a page shows: the rule engine (lib/scoring)
 * runs on a snapshot of those accounts only, read from the database with a handful of indexed
 * queries, as of the live version's publish time, so it reproduces the stored score exactly without
 * loading (or waiting for) the snapshot of every account.
 *
 * Why this is exact: an account's rule score depends only on its own attributes and signals and on
 * the definition (normalisation uses the model's attainable maxima, never other accounts), and the
 * records are read in the order the full snapshot loader reads them (children by time, then id), so
 * the engine sees the same inputs. The one difference: a custom attribute is typed (number or
 * category) from the accounts read, so a custom attribute holding numbers in some accounts and text
 * in others may be typed differently than across all accounts; the page says so when a recomputed
 * score differs from the stored one.
 */
import { asc, eq, inArray, sql } from "drizzle-orm";
import { compileModel, contactLeadScores, parseModelDefinition, type AccountScore, type ContactLeadScore, type RuleModelDefinition } from "@/lib/scoring";
import { buildSnapshot, type AccountFacts } from "@/lib/scoring/snapshot-builder";
import type { ScoringSnapshot } from "@/lib/snapshot";
import type { DbHandle } from "../client";
import { getDataVersion } from "../mutations/data-version";

export interface LiveModel {
  modelId: number;
  modelName: string;
  modelKind: string;
  versionId: number;
  version: number;
  /** The live version's definition when it is a valid rule model (null for other kinds). */
  definition: RuleModelDefinition | null;
  bands: { label: string; min: number }[];
  /** When the live scores were computed: the time every explanation is computed as of. */
  publishedAt: number;
}

interface VersionFacts {
  definition: RuleModelDefinition | null;
  bands: { label: string; min: number }[];
}

// Versions are immutable once published, so what the list needs of one is read and parsed once per
// process (keyed by database too: tests open many databases with the same ids).
const versionFacts = new Map<string, VersionFacts>();

async function getVersionFacts(handle: DbHandle, versionId: number): Promise<VersionFacts> {
  const key = `${handle.url}|${versionId}`;
  let facts = versionFacts.get(key);
  if (!facts) {
    const v = handle.schema.modelVersions;
    const [row] = await handle.db.select({ definition: v.definition }).from(v).where(eq(v.id, versionId));
    const parsed = parseModelDefinition(row?.definition);
    const definition = parsed.ok ? parsed.value : null;
    const rawBands = (row?.definition as { bands?: { label: string; min: number }[] } | null | undefined)?.bands;
    const bands = definition?.bands ?? (Array.isArray(rawBands) ? rawBands : []);
    facts = { definition, bands: bands.map((b) => ({ label: String(b.label), min: Number(b.min) })) };
    versionFacts.set(key, facts);
    if (versionFacts.size > 200) versionFacts.delete(versionFacts.keys().next().value!);
  }
  return facts;
}

/** The primary model's live version with its publish time, or null when nothing is published. */
export async function getLiveModel(handle: DbHandle): Promise<LiveModel | null> {
  const { db, schema } = handle;
  const m = schema.scoringModels;
  const v = schema.modelVersions;
  const e = schema.publishEvents;
  // Every list page asks: one statement, the live version's latest publish event as a subquery.
  const [row] = await db
    .select({
      modelId: m.id,
      modelName: m.name,
      modelKind: m.kind,
      versionId: v.id,
      version: v.version,
      publishedAt: sql<number | string | null>`(select ${e.publishedAt} from ${e} where ${e.modelId} = ${m.id} and ${e.versionId} = ${v.id} order by ${e.id} desc limit 1)`,
    })
    .from(m)
    .innerJoin(v, eq(v.id, m.publishedVersionId))
    .where(eq(m.isPrimary, true))
    .limit(1);
  if (!row || row.publishedAt === null || row.publishedAt === undefined) return null;
  const { definition, bands } = await getVersionFacts(handle, row.versionId);
  return {
    modelId: row.modelId,
    modelName: row.modelName,
    modelKind: row.modelKind,
    versionId: row.versionId,
    version: row.version,
    definition,
    bands: bands.map((b) => ({ ...b })),
    publishedAt: Number(row.publishedAt),
  };
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === "" ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));

/** The snapshot of just these accounts (positions follow `ids`; unknown ids are left out). */
export async function loadAccountsSnapshot(handle: DbHandle, ids: readonly number[]): Promise<{ snapshot: ScoringSnapshot; positions: Map<number, number>; contactIds: number[] }> {
  const { db, schema } = handle;
  const list = [...new Set(ids)];
  if (list.length === 0) return { snapshot: buildSnapshot([]), positions: new Map(), contactIds: [] };
  const a = schema.accounts;
  const [accounts, tags, contacts, activities, intents, opps] = await Promise.all([
    db
      .select({
        id: a.id,
        createdAt: a.createdAt,
        industry: a.industry,
        country: a.country,
        region: a.region,
        lifecycleStage: a.lifecycleStage,
        ownerId: a.ownerId,
        employeeCount: a.employeeCount,
        annualRevenue: a.annualRevenue,
        foundedYear: a.foundedYear,
        custom: a.custom,
      })
      .from(a)
      .where(inArray(a.id, list)),
    db.select().from(schema.accountTags).where(inArray(schema.accountTags.accountId, list)),
    db
      .select({ id: schema.contacts.id, accountId: schema.contacts.accountId, buyingRole: schema.contacts.buyingRole, seniority: schema.contacts.seniority, department: schema.contacts.department, title: schema.contacts.title })
      .from(schema.contacts)
      .where(inArray(schema.contacts.accountId, list))
      .orderBy(asc(schema.contacts.id)),
    db
      .select({ accountId: schema.activities.accountId, type: schema.activities.type, at: schema.activities.occurredAt, contactId: schema.activities.contactId })
      .from(schema.activities)
      .where(inArray(schema.activities.accountId, list))
      .orderBy(asc(schema.activities.occurredAt), asc(schema.activities.id)),
    db
      .select({ accountId: schema.intentSignals.accountId, topic: schema.intentSignals.topic, strength: schema.intentSignals.strength, at: schema.intentSignals.observedAt })
      .from(schema.intentSignals)
      .where(inArray(schema.intentSignals.accountId, list))
      .orderBy(asc(schema.intentSignals.observedAt), asc(schema.intentSignals.id)),
    db
      .select({ accountId: schema.opportunities.accountId, stage: schema.opportunities.stage, amount: schema.opportunities.amount, openedAt: schema.opportunities.openedAt, closedAt: schema.opportunities.closedAt })
      .from(schema.opportunities)
      .where(inArray(schema.opportunities.accountId, list))
      .orderBy(asc(schema.opportunities.openedAt), asc(schema.opportunities.id)),
  ]);
  // Accounts in id order, as the full loader has them.
  accounts.sort((x, y) => x.id - y.id);
  const positions = new Map<number, number>();
  const facts: AccountFacts[] = accounts.map((r, i) => {
    positions.set(r.id, i);
    const attributes: Record<string, string | number | null> = {
      industry: str(r.industry),
      country: str(r.country),
      region: str(r.region),
      lifecycleStage: str(r.lifecycleStage),
      ownerId: r.ownerId == null ? null : String(r.ownerId),
      employeeCount: num(r.employeeCount),
      annualRevenue: num(r.annualRevenue),
      foundedYear: num(r.foundedYear),
    };
    const custom = (typeof r.custom === "string" ? JSON.parse(r.custom) : r.custom) as Record<string, unknown> | null;
    for (const [k, v] of Object.entries(custom ?? {})) {
      if (k in attributes || v == null || v === "" || typeof v === "object") continue;
      attributes[k] = typeof v === "number" ? v : String(v);
    }
    return { id: r.id, createdAt: Number(r.createdAt), attributes, tags: [], contacts: [], activities: [], intents: [], opportunities: [] };
  });
  for (const t of tags) {
    const i = positions.get(t.accountId);
    if (i !== undefined) facts[i]!.tags!.push(t.tag);
  }
  const contactIndex = new Map<number, { account: number; local: number }>();
  const contactIds: number[][] = facts.map(() => []);
  for (const c of contacts) {
    const i = positions.get(c.accountId);
    if (i === undefined) continue;
    contactIndex.set(c.id, { account: i, local: facts[i]!.contacts!.length });
    contactIds[i]!.push(c.id);
    facts[i]!.contacts!.push({ buyingRole: str(c.buyingRole) ?? undefined, seniority: str(c.seniority) ?? undefined, department: str(c.department) ?? undefined, title: c.title ?? "" });
  }
  for (const x of activities) {
    const i = positions.get(x.accountId);
    if (i === undefined) continue;
    const c = x.contactId == null ? undefined : contactIndex.get(x.contactId);
    facts[i]!.activities!.push({ type: x.type, at: Number(x.at), contactIndex: c && c.account === i ? c.local : undefined });
  }
  for (const x of intents) {
    const i = positions.get(x.accountId);
    if (i !== undefined) facts[i]!.intents!.push({ topic: x.topic, strength: Number(x.strength), at: Number(x.at) });
  }
  for (const o of opps) {
    const i = positions.get(o.accountId);
    if (i === undefined) continue;
    const stage = o.stage === "won" || o.stage === "lost" ? o.stage : "open";
    facts[i]!.opportunities!.push({ stage, createdAt: Number(o.openedAt), closedAt: o.closedAt == null ? undefined : Number(o.closedAt), amount: o.amount == null ? undefined : Number(o.amount) });
  }
  return { snapshot: buildSnapshot(facts), positions, contactIds: contactIds.flat() };
}

/**
 * Explanations already computed, per database: those of one (version, publish time, data version),
 * by account, least recently used first. A new key replaces the database's entries (they are stale).
 */
const EXPLAINED_MAX = 20_000;
type ExplainedCache = Map<string, { key: string; byAccount: Map<number, AccountScore> }>;
const explainedStore = globalThis as unknown as { __lodestarExplained?: ExplainedCache };
const explainedCache: ExplainedCache = (explainedStore.__lodestarExplained ??= new Map());

/**
 * The rule-engine explanation of each account's live score (as of the publish time), by account id.
 * Empty when the live version is not a rule model. An explanation depends only on the version, its
 * publish time and the account's data, so it is kept (LRU) until the data version moves on.
 */
export async function explainAccounts(handle: DbHandle, live: LiveModel, ids: readonly number[]): Promise<Map<number, AccountScore>> {
  const out = new Map<number, AccountScore>();
  if (!live.definition || ids.length === 0) return out;
  const key = `${live.versionId}|${live.publishedAt}|${await getDataVersion(handle)}`;
  let cached = explainedCache.get(handle.url);
  if (cached?.key !== key) explainedCache.set(handle.url, (cached = { key, byAccount: new Map() }));
  const { byAccount } = cached;
  const missing: number[] = [];
  for (const id of ids) {
    const hit = byAccount.get(id);
    if (hit) {
      // Refresh its place in the LRU order.
      byAccount.delete(id);
      byAccount.set(id, hit);
      out.set(id, hit);
    } else missing.push(id);
  }
  if (missing.length === 0) return out;
  const { snapshot, positions } = await loadAccountsSnapshot(handle, missing);
  const model = compileModel(live.definition, snapshot);
  for (const [id, i] of positions) {
    const e = model.scoreAccount(i, live.publishedAt);
    out.set(id, e);
    byAccount.set(id, e);
  }
  while (byAccount.size > EXPLAINED_MAX) byAccount.delete(byAccount.keys().next().value!);
  return out;
}

/** One account's explanation plus its contacts' lead scores under each roll-up criterion. */
export async function explainAccount(
  handle: DbHandle,
  live: LiveModel,
  accountId: number,
): Promise<{ score: AccountScore; leadScores: { criterionId: string; contacts: (ContactLeadScore & { contactId: number })[] }[] } | null> {
  if (!live.definition) return null;
  const { snapshot, positions, contactIds } = await loadAccountsSnapshot(handle, [accountId]);
  const i = positions.get(accountId);
  if (i === undefined) return null;
  const model = compileModel(live.definition, snapshot);
  const score = model.scoreAccount(i, live.publishedAt);
  const leads = contactLeadScores(model, snapshot, i, live.publishedAt).map((r) => ({
    criterionId: r.criterionId,
    contacts: r.contacts.map((c) => ({ ...c, contactId: contactIds[c.contact]! })),
  }));
  return { score, leadScores: leads };
}
