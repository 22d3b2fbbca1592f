/**
 * The ranked accounts list in SQL: the where-builder (every filter of the list as portable Drizzle
 * conditions), the ordering, one page with its count, the page rows by id, and the streamed export.
 *
 * This is the reference implementation of the list's meaning. At scale the list is served from an
 * in-memory accelerator (./account-list-index.ts) that must return exactly what these queries return
 * (db/queries/account-list.test.ts compares them); the export always streams from here.
 *
 * Portability: no `ilike`, no `::casts`; text search is `lower(col) LIKE lower(?) ESCAPE '\'`, which
 * means the same on SQLite and PostgreSQL. The one dialect switch is the collation of the name sort
 * (binary on both: SQLite's default, `COLLATE "C"` on PostgreSQL) so both order names identically.
 */
import Database from "better-sqlite3";
import { and, asc, between, desc, eq, exists, gte, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { DbHandle } from "../client";
import { countRanked, rankedScore, rankRangeForScores } from "./score-ranks";

export { countRanked };
import { streamRows } from "../stream";

export const DAY_MS = 86_400_000;

/** Sort keys of the list. */
export const ACCOUNT_SORT_IDS = ["score", "trend", "name", "employees", "revenue", "lastActivity"] as const;
export type AccountSortId = (typeof ACCOUNT_SORT_IDS)[number];

/** Filters of the list, with the owner already resolved to a user id (null = unassigned). */
export interface AccountFilterInput {
  q?: string;
  band?: string[];
  scoreMin?: number;
  scoreMax?: number;
  industry?: string[];
  country?: string[];
  region?: string[];
  employeesMin?: number;
  employeesMax?: number;
  revenueMin?: number;
  revenueMax?: number;
  tech?: string[];
  ownerId?: number | null;
  stage?: string[];
  openOpp?: boolean;
  engagedDays?: number;
}

export interface AccountListQuery {
  modelId: number;
  filters: AccountFilterInput;
  sort: { id: AccountSortId; desc: boolean };
  /** 1-based */
  page: number;
  perPage: number;
  /** "now" for "engaged in the last N days" (epoch ms) */
  now: number;
}

/** A row of the list as the table shows it. */
export interface AccountListRow {
  id: number;
  rank: number;
  score: number;
  band: string;
  previousScore: number | null;
  name: string;
  domain: string | null;
  industry: string | null;
  country: string | null;
  region: string | null;
  employeeCount: number | null;
  annualRevenue: number | null;
  technologies: string[];
  lifecycleStage: string;
  status: string;
  ownerId: number | null;
  ownerName: string | null;
  lastActivityAt: number | null;
}

export interface AccountListPage {
  rows: AccountListRow[];
  /** Matching accounts; a lower bound when `totalCapped`. */
  total: number;
  totalCapped: boolean;
  /** The page actually returned (the requested one clamped to the last page). */
  page: number;
  /** Which implementation answered: the rank seek, the in-memory index or plain SQL. */
  source: "rank" | "index" | "sql";
}

/** SQL counts stop here ("10,000+"): counting further costs a scan of every match. */
export const SQL_COUNT_CAP = 10_000;

/** True when no filter is set. */
export function hasNoFilters(f: AccountFilterInput): boolean {
  return Object.values(f).every((v) => v === undefined || (Array.isArray(v) && v.length === 0) || v === false);
}

/** Lower-cases ASCII letters only: what SQLite's lower() does, so the accelerator can match it exactly. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** `%text%` for LIKE with `\` as the escape character (so % and _ in the search are literal). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The WHERE conditions of a filter set against `score_ranks r` joined with `account_scores s`
 * (rankedScore) and `accounts a`, the model condition included. Dialect-neutral Drizzle only.
 */
export function accountFilterConditions(handle: DbHandle, q: Pick<AccountListQuery, "modelId" | "filters" | "now">): SQL[] {
  const { schema, db } = handle;
  const s = schema.accountScores;
  const a = schema.accounts;
  const f = q.filters;
  const out: SQL[] = [eq(schema.scoreRanks.modelId, q.modelId)];
  if (f.q) {
    const pattern = containsPattern(f.q);
    out.push(or(sql`lower(${a.name}) LIKE lower(${pattern}) ESCAPE '\\'`, sql`lower(${a.domain}) LIKE lower(${pattern}) ESCAPE '\\'`)!);
  }
  if (f.band?.length) out.push(inArray(s.band, f.band));
  if (f.scoreMin !== undefined) out.push(gte(s.score, f.scoreMin));
  if (f.scoreMax !== undefined) out.push(lte(s.score, f.scoreMax));
  if (f.industry?.length) out.push(inArray(a.industry, f.industry));
  if (f.country?.length) out.push(inArray(a.country, f.country));
  if (f.region?.length) out.push(inArray(a.region, f.region));
  if (f.employeesMin !== undefined) out.push(gte(a.employeeCount, f.employeesMin));
  if (f.employeesMax !== undefined) out.push(lte(a.employeeCount, f.employeesMax));
  if (f.revenueMin !== undefined) out.push(gte(a.annualRevenue, f.revenueMin));
  if (f.revenueMax !== undefined) out.push(lte(a.annualRevenue, f.revenueMax));
  if (f.tech?.length) {
    const t = schema.accountTags;
    out.push(exists(db.select({ one: sql`1` }).from(t).where(and(eq(t.accountId, a.id), inArray(t.tag, f.tech)))));
  }
  if (f.ownerId === null) out.push(isNull(a.ownerId));
  else if (f.ownerId !== undefined) out.push(eq(a.ownerId, f.ownerId));
  if (f.stage?.length) out.push(inArray(a.lifecycleStage, f.stage));
  if (f.openOpp) {
    const o = schema.opportunities;
    out.push(exists(db.select({ one: sql`1` }).from(o).where(and(eq(o.accountId, a.id), eq(o.stage, "open")))));
  }
  if (f.engagedDays) out.push(gte(a.lastActivityAt, q.now - f.engagedDays * DAY_MS));
  return out;
}

/**
 * accountFilterConditions plus, for a score range, the same accounts as a range of ranks: the query
 * then seeks that part of the ranking instead of reading all of it and testing each score.
 */
async function rankedFilterConditions(handle: DbHandle, q: Pick<AccountListQuery, "modelId" | "filters" | "now">): Promise<SQL[]> {
  const conditions = accountFilterConditions(handle, q);
  if (q.filters.scoreMin !== undefined || q.filters.scoreMax !== undefined) {
    const range = await rankRangeForScores(handle, q.modelId, q.filters.scoreMin, q.filters.scoreMax);
    conditions.push(between(handle.schema.scoreRanks.rank, range.from, range.to));
  }
  return conditions;
}

/**
 * ORDER BY of a sort: the sort key (missing values last in both directions), then the rank, so ties
 * keep the ranking's order and every page is deterministic. Score order is the rank itself, read
 * along score_ranks' key.
 */
export function accountOrderBy(handle: DbHandle, sort: AccountListQuery["sort"]): SQL[] {
  const { schema } = handle;
  const s = schema.accountScores;
  const r = schema.scoreRanks;
  const a = schema.accounts;
  if (sort.id === "score") return [sort.desc ? asc(r.rank) : desc(r.rank)];
  const dir = sort.desc ? sql`DESC` : sql`ASC`;
  let key: SQL;
  switch (sort.id) {
    case "trend":
      key = sql`(${s.score} - ${s.previousScore})`;
      break;
    case "name":
      key = handle.dialect === "pg" ? sql`${a.name} COLLATE "C"` : sql`${a.name}`;
      break;
    case "employees":
      key = sql`${a.employeeCount}`;
      break;
    case "revenue":
      key = sql`${a.annualRevenue}`;
      break;
    case "lastActivity":
      key = sql`${a.lastActivityAt}`;
      break;
  }
  return [sql`${key} ${dir} NULLS LAST`, asc(r.rank)];
}

function rowColumns(handle: DbHandle) {
  const { schema } = handle;
  const s = schema.accountScores;
  const a = schema.accounts;
  const u = schema.users;
  return {
    id: a.id,
    rank: s.rank,
    score: s.score,
    band: s.band,
    previousScore: s.previousScore,
    name: a.name,
    domain: a.domain,
    industry: a.industry,
    country: a.country,
    region: a.region,
    employeeCount: a.employeeCount,
    annualRevenue: a.annualRevenue,
    technologies: a.technologies,
    lifecycleStage: a.lifecycleStage,
    status: a.status,
    ownerId: a.ownerId,
    ownerName: u.name,
    lastActivityAt: a.lastActivityAt,
  };
}

function normalizeRow(r: AccountListRow): AccountListRow {
  return {
    ...r,
    technologies: Array.isArray(r.technologies) ? r.technologies : typeof r.technologies === "string" ? (JSON.parse(r.technologies) as string[]) : [],
  };
}


/**
 * One page of the list in SQL. The unfiltered score order is a rank-range seek (any page costs the
 * same); otherwise the filtered query with LIMIT/OFFSET and a count capped at SQL_COUNT_CAP + 1.
 * A page past the end is clamped to the last page.
 */
export async function listAccountsSql(handle: DbHandle, q: AccountListQuery): Promise<AccountListPage> {
  const { db, schema } = handle;
  const r = schema.scoreRanks;
  const s = schema.accountScores;
  const a = schema.accounts;
  const u = schema.users;
  if (hasNoFilters(q.filters) && q.sort.id === "score") {
    const total = await countRanked(handle, q.modelId);
    const page = clampPage(q.page, total, q.perPage);
    const first = (page - 1) * q.perPage + 1;
    const last = first + q.perPage - 1;
    // Ascending score is the ranking read backwards: ranks N..1.
    const range = q.sort.desc ? between(r.rank, first, last) : between(r.rank, total - last + 1, total - first + 1);
    const rows = await db
      .select(rowColumns(handle))
      .from(r)
      .innerJoin(s, rankedScore(handle))
      .innerJoin(a, eq(a.id, s.accountId))
      .leftJoin(u, eq(u.id, a.ownerId))
      .where(and(eq(r.modelId, q.modelId), range))
      .orderBy(...accountOrderBy(handle, q.sort));
    return { rows: rows.map(normalizeRow), total, totalCapped: false, page, source: "rank" };
  }
  const where = and(...(await rankedFilterConditions(handle, q)));
  const inner = db.select({ one: sql`1` }).from(r).innerJoin(s, rankedScore(handle)).innerJoin(a, eq(a.id, s.accountId)).where(where).limit(SQL_COUNT_CAP + 1).as("m");
  const [{ n }] = (await db.select({ n: sql<number>`count(*)` }).from(inner)) as { n: number }[];
  const counted = Number(n);
  const totalCapped = counted > SQL_COUNT_CAP;
  const total = totalCapped ? SQL_COUNT_CAP : counted;
  const page = clampPage(q.page, total, q.perPage);
  const rows = await db
    .select(rowColumns(handle))
    .from(r)
    .innerJoin(s, rankedScore(handle))
    .innerJoin(a, eq(a.id, s.accountId))
    .leftJoin(u, eq(u.id, a.ownerId))
    .where(where)
    .orderBy(...accountOrderBy(handle, q.sort))
    .limit(q.perPage)
    .offset((page - 1) * q.perPage);
  return { rows: rows.map(normalizeRow), total, totalCapped, page, source: "sql" };
}

/** The requested page clamped to 1..last page (page 1 when nothing matches). */
export function clampPage(page: number, total: number, perPage: number): number {
  const last = Math.max(1, Math.ceil(total / perPage));
  return Math.min(Math.max(1, Math.floor(page)), last);
}

/** The list rows of the given accounts under a model, in the order of `ids` (missing ids are skipped). */
export async function getAccountRowsByIds(handle: DbHandle, modelId: number, ids: readonly number[]): Promise<AccountListRow[]> {
  if (ids.length === 0) return [];
  const { db, schema } = handle;
  const s = schema.accountScores;
  const a = schema.accounts;
  const u = schema.users;
  const rows = await db
    .select(rowColumns(handle))
    .from(s)
    .innerJoin(a, eq(a.id, s.accountId))
    .leftJoin(u, eq(u.id, a.ownerId))
    .where(and(eq(s.modelId, modelId), inArray(s.accountId, [...ids])));
  const byId = new Map(rows.map((r) => [r.id, normalizeRow(r)]));
  return ids.map((id) => byId.get(id)).filter((r): r is AccountListRow => r !== undefined);
}

/** Columns of the CSV export, in order (header names as the file shows them). */
export const EXPORT_COLUMNS = [
  "Rank",
  "Account",
  "Domain",
  "Score",
  "Band",
  "Previous score",
  "Change",
  "Industry",
  "Country",
  "Region",
  "Employees",
  "Annual revenue",
  "Technologies",
  "Lifecycle stage",
  "Status",
  "Owner",
  "Owner email",
  "Last activity (UTC)",
  "External ID",
  "Account ID",
] as const;

/**
 * Streams every account matching the filters, in list order, as export rows (EXPORT_COLUMNS). Rows
 * arrive in batches from a cursor, so memory stays bounded whatever the count. On SQLite the stream
 * reads on its own connection: a long download must not pin the shared reader's snapshot.
 */
export async function* streamAccountExport(handle: DbHandle, q: Omit<AccountListQuery, "page" | "perPage">, batch = 2_000): AsyncGenerator<unknown[]> {
  const { db, schema } = handle;
  const s = schema.accountScores;
  const a = schema.accounts;
  const u = schema.users;
  const query = db
    .select({
      rank: s.rank,
      name: a.name,
      domain: a.domain,
      score: s.score,
      band: s.band,
      previousScore: s.previousScore,
      industry: a.industry,
      country: a.country,
      region: a.region,
      employeeCount: a.employeeCount,
      annualRevenue: a.annualRevenue,
      technologies: a.technologies,
      lifecycleStage: a.lifecycleStage,
      status: a.status,
      ownerName: u.name,
      ownerEmail: u.email,
      lastActivityAt: a.lastActivityAt,
      externalId: a.externalId,
      id: a.id,
    })
    .from(schema.scoreRanks)
    .innerJoin(s, rankedScore(handle))
    .innerJoin(a, eq(a.id, s.accountId))
    .leftJoin(u, eq(u.id, a.ownerId))
    .where(and(...(await rankedFilterConditions(handle, q))))
    .orderBy(...accountOrderBy(handle, q.sort));
  const { sql: text, params } = query.toSQL();
  for await (const rows of streamQueryRows(handle, text, params, batch)) {
    for (const r of rows) yield exportRow(r);
  }
}

/** Selected columns (see streamAccountExport) → EXPORT_COLUMNS values. */
function exportRow(r: unknown[]): unknown[] {
  const score = Number(r[3]);
  const prev = r[5] == null ? null : Number(r[5]);
  const tech = r[11];
  const techList = Array.isArray(tech) ? tech : typeof tech === "string" ? (JSON.parse(tech) as string[]) : [];
  return [
    Number(r[0]),
    r[1],
    r[2],
    score,
    r[4],
    prev,
    prev == null ? null : Math.round((score - prev) * 10) / 10,
    r[6],
    r[7],
    r[8],
    r[9] == null ? null : Number(r[9]),
    r[10] == null ? null : Number(r[10]),
    techList,
    r[12],
    r[13],
    r[14],
    r[15],
    r[16] == null ? null : new Date(Number(r[16])).toISOString(),
    r[17],
    Number(r[18]),
  ];
}

/** A dedicated read-only SQLite connection (for long streamed reads), closed by the caller. */
export function openSqliteReader(handle: DbHandle): Database.Database {
  const conn = new Database(handle.sqlite!.path, { readonly: true, fileMustExist: true });
  conn.pragma("busy_timeout = 5000");
  conn.pragma("cache_size = -32768");
  conn.pragma("mmap_size = 1073741824");
  conn.pragma("temp_store = MEMORY");
  return conn;
}

/** Streams rows of a compiled query on its own connection (SQLite) or a cursor (PostgreSQL). */
export async function* streamQueryRows(handle: DbHandle, text: string, params: unknown[], batch = 2_000): AsyncGenerator<unknown[][]> {
  if (handle.dialect !== "sqlite") {
    yield* streamRows(handle, text, params, batch);
    return;
  }
  const conn = openSqliteReader(handle);
  try {
    const stmt = conn.prepare(text).raw(true);
    let buf: unknown[][] = [];
    for (const row of stmt.iterate(...params) as Iterable<unknown[]>) {
      buf.push(row);
      if (buf.length >= batch) {
        yield buf;
        buf = [];
      }
    }
    if (buf.length) yield buf;
  } finally {
    conn.close();
  }
}
