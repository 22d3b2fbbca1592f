/**
 * Set-based upsert of imported records (CSV import and REST API share it), by external id.
 *
 * One call handles one batch (at most MAX_UPSERT_BATCH records) in ONE transaction:
 * 1. validate each record against the entity's field definitions (records from the API were never
 *    through the CSV mapper, so types, required fields and closed vocabularies are checked here);
 * 2. prefetch with IN lists: the stored rows by external id, the referenced accounts by external id
 *    or domain, contacts by external id or email, owners by email — a fixed number of queries per batch;
 * 3. compare each record with the stored row (absent key = keep the stored value, null = clear it)
 *    to decide created / updated / unchanged; a key repeated within the batch sees the earlier record;
 * 4. write the changed rows with multi-row statements: creates as INSERT … ON CONFLICT (external_id)
 *    DO UPDATE (a concurrent writer that created the same id in between is updated, not duplicated),
 *    updates as INSERT … ON CONFLICT (id) DO UPDATE of the imported columns only (status, notes and
 *    the like are never touched). Then account_tags follow accounts.technologies, accounts.last_activity_at
 *    follows the activities, and the data version is bumped when anything changed.
 *
 * With `dryRun` the same reads and decisions run and nothing is written (ids of would-be-created rows
 * are absent). Activities and intent signals without an external id are deduplicated on their natural
 * key (account, type/topic, time), so importing the same file twice creates nothing.
 */
import type Database from "better-sqlite3";
import { and, getTableColumns, getTableName, inArray, or, sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import {
  ENTITY_FIELDS,
  REGION_OF_COUNTRY,
  type AccountImportRecord,
  type AccountRef,
  type ActivityImportRecord,
  type ContactImportRecord,
  type CustomValue,
  type FieldDefinition,
  type ImportEntity,
  type ImportRecordOf,
  type IntentSignalImportRecord,
  type OpportunityImportRecord,
} from "@/lib/csv/fields";
import type { AppDatabase, DbHandle } from "../client";
import { writeAudit } from "./audit";
import { bumpDataVersion } from "./data-version";

/** Largest batch one call accepts; callers split bigger inputs. */
export const MAX_UPSERT_BATCH = 5000;

/** Who is writing (for the audit log). */
export interface UpsertActor {
  userId: number | null;
  label: string;
  ip?: string | null;
}

export interface UpsertOptions {
  /** Compute every outcome, write nothing. */
  dryRun?: boolean;
  actor: UpsertActor;
  /** Write one audit entry for a batch that changed something (default true; the import job audits itself). */
  audit?: boolean;
  /** Clock for created_at/updated_at (tests). */
  now?: number;
  /**
   * Runs inside the batch's transaction after its writes (in a dry run, in a transaction of its own
   * that writes no data): the import job records its progress and row errors here, so a crash can
   * never commit the data without the progress or the progress without the data.
   */
  withinTransaction?: (tx: AppDatabase, result: UpsertResult) => Promise<void>;
}

export type UpsertOutcome = "created" | "updated" | "unchanged" | "failed";

/** Why a record failed: the field (record key) and a message a user can act on. */
export interface UpsertFieldError {
  field: string;
  message: string;
}

export interface UpsertRowResult {
  /** Position of the record in the input. */
  index: number;
  outcome: UpsertOutcome;
  /** Database id of the row (absent for failed records and for creates in a dry run). */
  id?: number;
  errors?: UpsertFieldError[];
}

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface UpsertResult {
  results: UpsertRowResult[];
  counts: UpsertCounts;
}

/**
 * Upserts one batch of records of an entity; see the module comment. Never throws for a bad record
 * (it is reported as failed with its reasons); throws for a batch above MAX_UPSERT_BATCH and for
 * database failures (then nothing of the batch is written).
 */
export async function upsertBatch<E extends ImportEntity>(
  handle: DbHandle,
  entity: E,
  records: readonly ImportRecordOf<E>[],
  opts: UpsertOptions,
): Promise<UpsertResult> {
  if (records.length > MAX_UPSERT_BATCH) {
    throw new AppError("payload_too_large:import", `At most ${MAX_UPSERT_BATCH} records per batch; this one has ${records.length}.`);
  }
  const now = opts.now ?? Date.now();
  const run = async (db: AppDatabase, write: boolean): Promise<UpsertResult> => {
    const ctx: Ctx = { handle, db, write, now };
    const results = records.length ? await PLANNERS[entity](ctx, records as never) : [];
    const counts = countOutcomes(results);
    if (write && counts.created + counts.updated > 0) {
      await bumpDataVersion(handle, db);
      if (opts.audit !== false) {
        await writeAudit(
          handle,
          { actorUserId: opts.actor.userId, actorLabel: opts.actor.label, action: "data.upsert", targetType: entity, details: { ...counts }, ip: opts.actor.ip ?? null },
          db,
        );
      }
    }
    if (write && opts.withinTransaction) await opts.withinTransaction(db, { results, counts });
    return { results, counts };
  };
  const hook = opts.withinTransaction;
  if (opts.dryRun) {
    const result = await run(handle.db, false);
    if (hook) await handle.transact((tx) => hook(tx, result));
    return result;
  }
  if (records.length === 0 && !hook) return { results: [], counts: { created: 0, updated: 0, unchanged: 0, failed: 0 } };
  return handle.transact((tx) => run(tx, true));
}

function countOutcomes(results: readonly UpsertRowResult[]): UpsertCounts {
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const r of results) counts[r.outcome]++;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Shared machinery

interface Ctx {
  handle: DbHandle;
  /** The transaction (write) or the read connection (dry run). */
  db: AppDatabase;
  write: boolean;
  now: number;
}

type Planner = (ctx: Ctx, records: readonly never[]) => Promise<UpsertRowResult[]>;

/** Values bound per statement: well under SQLite's 32,766 and PostgreSQL's 65,535. */
const PARAMS_PER_STATEMENT = 16_000;
/** Values per IN list. */
const IN_CHUNK = 2_000;

const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key) && (o as Record<string, unknown>)[key] !== undefined;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Rows of `table` whose `column` is in `values`, fetched in IN-list chunks. */
async function selectIn<T>(db: AppDatabase, build: (values: string[] | number[]) => Promise<T[]>, values: Iterable<string | number>): Promise<T[]> {
  const unique = [...new Set(values)];
  if (unique.length === 0) return [];
  const out: T[] = [];
  for (const part of chunks(unique, IN_CHUNK)) out.push(...(await build(part as string[] | number[])));
  return out;
}

// SQLite fast path. Drizzle's query builder spends ~0.1 ms per row building a large multi-row
// statement, more than SQLite needs to execute it; on SQLite the batch's reads and writes therefore
// go straight to the connection (the writer inside the transaction, the reader in a dry run) with
// prepared statements cached per SQL text. PostgreSQL keeps the builder (one round trip per chunk).

interface ColumnInfo {
  key: string;
  name: string;
  toDriver(v: unknown): unknown;
  fromDriver(v: unknown): unknown;
}

const columnCache = new WeakMap<object, ColumnInfo[]>();
function columnsOf(table: unknown): ColumnInfo[] {
  let cols = columnCache.get(table as object);
  if (!cols) {
    cols = Object.entries(getTableColumns(table as Parameters<typeof getTableColumns>[0])).map(([key, c]) => ({
      key,
      name: c.name,
      toDriver: (v: unknown) => c.mapToDriverValue(v),
      fromDriver: (v: unknown) => c.mapFromDriverValue(v),
    }));
    columnCache.set(table as object, cols);
  }
  return cols;
}

const tableName = (table: unknown) => getTableName(table as Parameters<typeof getTableName>[0]);
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

const stmtCache = new WeakMap<object, Map<string, Database.Statement>>();
function prepared(conn: Database.Database, text: string, cache: boolean): Database.Statement {
  if (!cache) return conn.prepare(text);
  let m = stmtCache.get(conn);
  if (!m) stmtCache.set(conn, (m = new Map()));
  let st = m.get(text);
  if (!st) {
    if (m.size > 200) m.clear();
    m.set(text, (st = conn.prepare(text)));
  }
  return st;
}

function sqliteConn(ctx: Ctx): Database.Database {
  return ctx.write ? ctx.handle.sqlite!.writer : ctx.handle.sqlite!.reader;
}

/**
 * Rows of `table` (all columns, keyed like the Drizzle schema) where every `in` column is in its list.
 * Lists are split into IN chunks (the cross product for two lists).
 */
async function selectRowsIn<Row>(
  ctx: Ctx,
  table: unknown,
  conds: { key: string; values: readonly (string | number)[] }[],
  only?: readonly string[],
): Promise<Row[]> {
  const lists = conds.map((c) => ({ key: c.key, values: [...new Set(c.values)] }));
  if (lists.some((l) => l.values.length === 0)) return [];
  const combos: { key: string; values: (string | number)[] }[][] = [[]];
  for (const l of lists) {
    const next: typeof combos = [];
    for (const combo of combos) for (const part of chunks(l.values, IN_CHUNK)) next.push([...combo, { key: l.key, values: part }]);
    combos.splice(0, combos.length, ...next);
  }
  const out: Row[] = [];
  if (ctx.handle.dialect === "sqlite") {
    const all = columnsOf(table);
    const byKey = new Map(all.map((c) => [c.key, c]));
    const cols = only ? only.map((k) => byKey.get(k)!) : all;
    const conn = sqliteConn(ctx);
    const head = `SELECT ${cols.map((c) => q(c.name)).join(", ")} FROM ${q(tableName(table))} WHERE `;
    for (const combo of combos) {
      // IN lists are padded (repeating a value) to a few fixed lengths, so the statements are reused.
      const padded = combo.map((c) => ({ key: c.key, values: padList(c.values) }));
      const where = padded.map((c) => `${q(byKey.get(c.key)!.name)} IN (${c.values.map(() => "?").join(",")})`).join(" AND ");
      const raw = prepared(conn, head + where, true).raw(true).all(...padded.flatMap((c) => c.values)) as unknown[][];
      for (const r of raw) {
        const row: Record<string, unknown> = {};
        for (let k = 0; k < cols.length; k++) row[cols[k].key] = r[k] === null ? null : cols[k].fromDriver(r[k]);
        out.push(row as Row);
      }
    }
    return out;
  }
  const t = table as Record<string, never>;
  const db = ctx.db as unknown as { select(cols?: Record<string, unknown>): { from(t: unknown): { where(c: SQL | undefined): Promise<Row[]> } } };
  const fields = only ? Object.fromEntries(only.map((k) => [k, t[k]])) : undefined;
  for (const combo of combos) {
    const parts = combo.map((c) => inArray(t[c.key], c.values as string[]));
    out.push(...(await db.select(fields).from(table).where(parts.length === 1 ? parts[0] : and(...parts))));
  }
  return out;
}

/** Multi-row INSERT … ON CONFLICT DO UPDATE on the SQLite writer; returns `returnKeys` of each row. */
function sqliteUpsert(
  ctx: Ctx,
  table: unknown,
  rows: readonly Record<string, unknown>[],
  /** null: ON CONFLICT DO NOTHING; undefined: no conflict clause. */
  conflictKey: string | null | undefined,
  updateKeys: readonly string[],
  returnKeys: readonly string[],
): Record<string, unknown>[] {
  const all = columnsOf(table);
  const keys = Object.keys(rows[0]);
  const cols = keys.map((k) => all.find((c) => c.key === k)!);
  const byKey = new Map(all.map((c) => [c.key, c]));
  const ret = returnKeys.map((k) => byKey.get(k)!);
  const one = `(${cols.map(() => "?").join(",")})`;
  const tail =
    (conflictKey === undefined
      ? ""
      : conflictKey === null
      ? " ON CONFLICT DO NOTHING"
      : ` ON CONFLICT (${q(byKey.get(conflictKey)!.name)}) DO UPDATE SET ` +
        updateKeys.map((k) => `${q(byKey.get(k)!.name)} = excluded.${q(byKey.get(k)!.name)}`).join(", ")) +
    (ret.length ? ` RETURNING ${ret.map((c) => q(c.name)).join(", ")}` : "");
  const head = `INSERT INTO ${q(tableName(table))} (${cols.map((c) => q(c.name)).join(", ")}) VALUES `;
  const per = Math.max(1, Math.floor(SQLITE_PARAMS / cols.length));
  const conn = ctx.handle.sqlite!.writer;
  const out: Record<string, unknown>[] = [];
  for (let start = 0; start < rows.length; ) {
    // Statement sizes from a short ladder (full, 64, 8, 1 rows) so every statement is a cached one.
    const left = rows.length - start;
    const n = left >= per ? per : left >= 64 ? 64 : left >= 8 ? 8 : 1;
    const text = head + new Array(n).fill(one).join(",") + tail;
    const params: unknown[] = new Array(n * cols.length);
    let p = 0;
    for (let r = start; r < start + n; r++) {
      const row = rows[r];
      for (const c of cols) {
        const v = row[c.key];
        params[p++] = v === null || v === undefined ? null : c.toDriver(v);
      }
    }
    const st = prepared(conn, text, true);
    if (ret.length === 0) st.run(params);
    else {
      for (const r of st.raw(true).all(params) as unknown[][]) {
        const o: Record<string, unknown> = {};
        for (let k = 0; k < ret.length; k++) o[ret[k].key] = r[k];
        out.push(o);
      }
    }
    start += n;
  }
  return out;
}

const PAD_SIZES = [8, 64, 256, 1024, IN_CHUNK];
function padList<T>(values: readonly T[]): T[] {
  const size = PAD_SIZES.find((s) => s >= values.length) ?? values.length;
  const out = values.slice();
  while (out.length < size) out.push(values[0]!);
  return out;
}

/** Values per SQLite statement: few, large statements are fastest, within SQLITE_MAX_VARIABLE_NUMBER. */
const SQLITE_PARAMS = 8_000;

/** Stable JSON with sorted keys, so jsonb's key order does not read as a change. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

/** Column → `excluded.<column>` for ON CONFLICT DO UPDATE, for the given record keys. */
function excludedSet(table: Record<string, unknown>, keys: readonly string[]): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const k of keys) {
    const col = table[k] as { name: string };
    set[k] = sql.raw(`excluded."${col.name}"`);
  }
  return set;
}

/**
 * Inserts new rows (conflicting external ids are updated instead) and rewrites changed rows by id,
 * with multi-row statements. Returns the ids of the inserted rows in `created` order via `keyOf`.
 */
async function writeRows<Row extends Record<string, unknown>>(
  ctx: Ctx,
  table: unknown,
  created: Row[],
  updated: (Row & { id: number })[],
  updateKeys: readonly string[],
  returnCols: readonly string[],
  returnKey: (row: Record<string, unknown>) => string,
  conflictOnExternalId: boolean,
): Promise<Map<string, number>> {
  const t = table as Record<string, unknown> & { id: unknown; externalId: unknown };
  const ids = new Map<string, number>();
  if (!ctx.write) return ids;
  if (ctx.handle.dialect === "sqlite") {
    // The prefetch ran inside this write transaction (SQLite has one writer), so "created" rows are
    // known not to exist: a plain INSERT, without the conflict clause PostgreSQL needs for races.
    if (created.length > 0) {
      for (const r of sqliteUpsert(ctx, table, created, undefined, updateKeys, ["id", ...returnCols])) ids.set(returnKey(r), r.id as number);
    }
    if (updated.length > 0) sqliteUpsert(ctx, table, updated, "id", updateKeys, []);
    return ids;
  }
  const db = ctx.db as unknown as {
    insert(table: unknown): {
      values(rows: unknown[]): {
        onConflictDoUpdate(cfg: { target: unknown; set: Record<string, SQL> }): { returning(cols: Record<string, unknown>): Promise<Record<string, unknown>[]> } & Promise<unknown>;
        returning(cols: Record<string, unknown>): Promise<Record<string, unknown>[]>;
      };
    };
  };
  if (created.length > 0) {
    const width = Object.keys(created[0]).length;
    const returning: Record<string, unknown> = { id: t.id };
    for (const k of returnCols) returning[k] = t[k];
    for (const part of chunks(created, Math.max(1, Math.floor(PARAMS_PER_STATEMENT / width)))) {
      const ins = db.insert(table).values(part);
      const rows = conflictOnExternalId
        ? await ins.onConflictDoUpdate({ target: t.externalId, set: excludedSet(t, updateKeys) }).returning(returning)
        : await ins.returning(returning);
      for (const r of rows) ids.set(returnKey(r), r.id as number);
    }
  }
  if (updated.length > 0) {
    const width = Object.keys(updated[0]).length;
    for (const part of chunks(updated, Math.max(1, Math.floor(PARAMS_PER_STATEMENT / width)))) {
      await db.insert(table).values(part).onConflictDoUpdate({ target: t.id, set: excludedSet(t, updateKeys) });
    }
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Validation of a record against the field definitions

const fieldCache = new Map<ImportEntity, readonly FieldDefinition[]>();

function validateRecord(entity: ImportEntity, rec: Record<string, unknown>): UpsertFieldError[] {
  const errors: UpsertFieldError[] = [];
  if (rec === null || typeof rec !== "object") return [{ field: "", message: "the record must be an object" }];
  let defs = fieldCache.get(entity);
  if (!defs) fieldCache.set(entity, (defs = ENTITY_FIELDS[entity]));
  const groups = new Map<string, { label: string; required: boolean; present: boolean }>();
  for (const d of defs) {
    const v = rec[d.key];
    const missing = v === undefined || v === null || (typeof v === "string" && v.trim() === "");
    if (d.oneOf) {
      const g = groups.get(d.oneOf.group) ?? { label: d.oneOf.label, required: d.oneOf.required, present: false };
      if (!missing) g.present = true;
      groups.set(d.oneOf.group, g);
    }
    if (missing) {
      if (d.required) errors.push({ field: d.key, message: `${d.label} (${d.key}) is required` });
      continue;
    }
    const problem = typeProblem(d, v);
    if (problem) errors.push({ field: d.key, message: `${d.label} (${d.key}) ${problem}` });
  }
  for (const [group, g] of groups) {
    if (g.required && !g.present) errors.push({ field: group, message: `the ${g.label} is required` });
  }
  if (rec.custom !== undefined && rec.custom !== null) {
    if (typeof rec.custom !== "object" || Array.isArray(rec.custom)) errors.push({ field: "custom", message: "custom must be an object of attributes" });
    else {
      for (const [k, v] of Object.entries(rec.custom as Record<string, unknown>)) {
        if (typeof v !== "string" && typeof v !== "boolean" && !(typeof v === "number" && Number.isFinite(v))) {
          errors.push({ field: `custom.${k}`, message: `custom attribute ${k} must be a string, number or boolean` });
        }
      }
    }
  }
  if (entity === "opportunities" && (rec.stage === "won" || rec.stage === "lost") && (rec.closedAt === undefined || rec.closedAt === null)) {
    errors.push({ field: "closedAt", message: `a ${rec.stage} opportunity needs a close date (closedAt)` });
  }
  return errors;
}

function typeProblem(d: FieldDefinition, v: unknown): string | null {
  switch (d.type) {
    case "string":
    case "email":
    case "domain":
    case "url":
      return typeof v === "string" ? null : "must be a string";
    case "enum":
      if (typeof v !== "string") return "must be a string";
      if (d.enum?.closed && !d.enum.values.includes(v)) return `must be one of ${d.enum.values.join(", ")} (got '${v}')`;
      return null;
    case "integer":
    case "number":
    case "date": {
      if (typeof v !== "number" || !Number.isFinite(v)) return d.type === "date" ? "must be a time in epoch milliseconds" : "must be a number";
      if (d.type === "integer" && !Number.isInteger(v)) return "must be a whole number";
      if ((d.min !== undefined && v < d.min) || (d.max !== undefined && v > d.max)) {
        return `is out of range (${d.min ?? "−∞"}–${d.max ?? "∞"})`;
      }
      return null;
    }
    case "boolean":
      return typeof v === "boolean" ? null : "must be true or false";
    case "tags":
      return Array.isArray(v) && v.every((x) => typeof x === "string") ? null : "must be a list of strings";
  }
}

// ---------------------------------------------------------------------------------------------
// Reference resolution

interface AccountResolver {
  /** The account id, or the reason it could not be found. */
  resolve(ref: AccountRef): { id: number } | { error: UpsertFieldError };
}

/** Resolves account references of a batch with one query (by external id or domain). */
async function resolveAccounts(ctx: Ctx, refs: readonly AccountRef[]): Promise<AccountResolver> {
  const a = ctx.handle.schema.accounts;
  const ext = new Set<string>();
  const dom = new Set<string>();
  for (const r of refs) {
    if (typeof r.accountExternalId === "string" && r.accountExternalId !== "") ext.add(r.accountExternalId);
    if (typeof r.accountDomain === "string" && r.accountDomain !== "") dom.add(r.accountDomain.toLowerCase());
  }
  const byExt = new Map<string, number>();
  const byDomain = new Map<string, number>();
  type Hit = { id: number; externalId: string; domain: string | null };
  for (const r of await selectRowsIn<Hit>(ctx, a, [{ key: "externalId", values: [...ext] }], ["id", "externalId", "domain"])) byExt.set(r.externalId, r.id);
  for (const r of await selectRowsIn<Hit>(ctx, a, [{ key: "domain", values: [...dom] }], ["id", "externalId", "domain"])) {
    // Several accounts may share a domain: the oldest (lowest id) wins, deterministically.
    const prev = byDomain.get(r.domain!);
    if (prev === undefined || r.id < prev) byDomain.set(r.domain!, r.id);
  }
  return {
    resolve(ref) {
      const e = typeof ref.accountExternalId === "string" && ref.accountExternalId !== "" ? ref.accountExternalId : null;
      const d = typeof ref.accountDomain === "string" && ref.accountDomain !== "" ? ref.accountDomain.toLowerCase() : null;
      const id = (e !== null ? byExt.get(e) : undefined) ?? (d !== null ? byDomain.get(d) : undefined);
      if (id !== undefined) return { id };
      const label = e !== null && d !== null ? `${e}' / '${d}` : (e ?? d ?? "");
      return { error: { field: e !== null ? "accountExternalId" : "accountDomain", message: `account '${label}' not found (by external id or domain)` } };
    },
  };
}

/** Contacts of a batch by external id or email (one query per kind and chunk). */
async function resolveContacts(ctx: Ctx, refs: readonly { contactExternalId?: string | null; contactEmail?: string | null }[]) {
  const c = ctx.handle.schema.contacts;
  const byExt = new Map<string, number>();
  const byEmail = new Map<string, number>();
  const ext = refs.map((r) => r.contactExternalId).filter((x): x is string => typeof x === "string" && x !== "");
  const emails = refs.map((r) => r.contactEmail?.toLowerCase()).filter((x): x is string => typeof x === "string" && x !== "");
  for (const r of await selectRowsIn<{ id: number; externalId: string }>(ctx, c, [{ key: "externalId", values: ext }], ["id", "externalId"])) {
    byExt.set(r.externalId, r.id);
  }
  for (const r of await selectRowsIn<{ id: number; email: string | null }>(ctx, c, [{ key: "email", values: emails }], ["id", "email"])) {
    const prev = byEmail.get(r.email!);
    if (prev === undefined || r.id < prev) byEmail.set(r.email!, r.id);
  }
  return (ref: { contactExternalId?: string | null; contactEmail?: string | null }): { id: number | null } | { error: UpsertFieldError } => {
    const e = typeof ref.contactExternalId === "string" && ref.contactExternalId !== "" ? ref.contactExternalId : null;
    const m = typeof ref.contactEmail === "string" && ref.contactEmail !== "" ? ref.contactEmail.toLowerCase() : null;
    if (e === null && m === null) return { id: null };
    const id = (e !== null ? byExt.get(e) : undefined) ?? (m !== null ? byEmail.get(m) : undefined);
    if (id !== undefined) return { id };
    return { error: { field: e !== null ? "contactExternalId" : "contactEmail", message: `contact '${e ?? m}' not found (by external id or email)` } };
  };
}

// ---------------------------------------------------------------------------------------------
// The outcome bookkeeping shared by every entity

interface Pending<Row> {
  /** Stored id (undefined until a created row is written). */
  id?: number;
  row: Row;
  stored: boolean;
  dirty: boolean;
}

/**
 * Decides an outcome for a record given the current state of its row (stored or written earlier in
 * the batch), records the merged row as the new state, and returns the result.
 */
function decide<Row>(
  index: number,
  current: Pending<Row> | undefined,
  merged: Row,
  equal: (a: Row, b: Row) => boolean,
): { result: UpsertRowResult; state: Pending<Row> } {
  if (!current) return { result: { index, outcome: "created" }, state: { row: merged, stored: false, dirty: true } };
  if (equal(current.row, merged)) return { result: { index, outcome: "unchanged", id: current.id }, state: current };
  // Mutated in place: earlier results of the same key point at this state and get its id later.
  current.row = merged;
  current.dirty = true;
  return { result: { index, outcome: "updated", id: current.id }, state: current };
}

/** Fills the ids of created rows (and of later results pointing at them) once they are written. */
function fillIds<Row>(results: UpsertRowResult[], resultState: (Pending<Row> | undefined)[]): void {
  for (let i = 0; i < results.length; i++) {
    const s = resultState[i];
    if (s && results[i].id === undefined && s.id !== undefined) results[i].id = s.id;
  }
}

// ---------------------------------------------------------------------------------------------
// Accounts

type AccountRow = typeof import("../schema/sqlite").accounts.$inferSelect;
type AccountValues = Omit<AccountRow, "id">;

const ACCOUNT_UPDATE_KEYS = [
  "name", "domain", "industry", "employeeCount", "annualRevenue", "country", "region", "foundedYear",
  "technologies", "lifecycleStage", "ownerId", "custom", "updatedAt",
] as const;

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

function equalAccount(a: AccountValues, b: AccountValues): boolean {
  return (
    a.name === b.name && a.domain === b.domain && a.industry === b.industry && a.employeeCount === b.employeeCount &&
    a.annualRevenue === b.annualRevenue && a.country === b.country && a.region === b.region && a.foundedYear === b.foundedYear &&
    a.lifecycleStage === b.lifecycleStage && a.ownerId === b.ownerId && sameTags(a.technologies ?? [], b.technologies ?? []) &&
    canonicalJson(a.custom ?? {}) === canonicalJson(b.custom ?? {})
  );
}

const uniqueTags = (tags: readonly string[] | null | undefined): string[] => [...new Set((tags ?? []).map((t) => t.trim()).filter((t) => t !== ""))];

async function planAccounts(ctx: Ctx, records: readonly AccountImportRecord[]): Promise<UpsertRowResult[]> {
  const { schema } = ctx.handle;
  const a = schema.accounts;
  const valid: boolean[] = [];
  const results: UpsertRowResult[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const errors = validateRecord("accounts", records[i] as unknown as Record<string, unknown>);
    valid[i] = errors.length === 0;
    if (!valid[i]) results[i] = { index: i, outcome: "failed", errors };
  }
  const ids = records.filter((_, i) => valid[i]).map((r) => r.externalId);
  const stored = new Map<string, AccountRow>();
  for (const r of await selectRowsIn<AccountRow>(ctx, a, [{ key: "externalId", values: ids }])) stored.set(r.externalId, r);
  const emails = records.filter((r, i) => valid[i] && typeof r.ownerEmail === "string").map((r) => r.ownerEmail!.toLowerCase());
  const owners = new Map<string, number>();
  const u = schema.users;
  for (const r of await selectIn(ctx.db, (v) => ctx.db.select({ id: u.id, email: u.email }).from(u).where(inArray(u.email, v as string[])), emails)) {
    owners.set(r.email.toLowerCase(), r.id);
  }

  const state = new Map<string, Pending<AccountValues>>();
  const resultState: (Pending<AccountValues> | undefined)[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    if (!valid[i]) continue;
    const rec = records[i];
    let current = state.get(rec.externalId);
    if (!current) {
      const s = stored.get(rec.externalId);
      if (s) {
        const { id, ...row } = s;
        current = { id, row, stored: true, dirty: false };
      }
    }
    let ownerId = current?.row.ownerId ?? null;
    if (has(rec, "ownerEmail")) {
      if (rec.ownerEmail == null) ownerId = null;
      else {
        const o = owners.get(rec.ownerEmail.toLowerCase());
        if (o === undefined) {
          results[i] = { index: i, outcome: "failed", errors: [{ field: "ownerEmail", message: `owner '${rec.ownerEmail}' is not a Lodestar user` }] };
          continue;
        }
        ownerId = o;
      }
    }
    const base = current?.row;
    const pick = <K extends keyof AccountImportRecord & keyof AccountValues>(k: K): AccountValues[K] =>
      (has(rec, k) ? (rec[k] ?? null) : (base?.[k] ?? null)) as AccountValues[K];
    let region = pick("region");
    if (has(rec, "country") && !has(rec, "region") && typeof rec.country === "string") region = REGION_OF_COUNTRY.get(rec.country) ?? region;
    const merged: AccountValues = {
      externalId: rec.externalId,
      name: rec.name.trim(),
      domain: has(rec, "domain") ? (rec.domain?.toLowerCase() ?? null) : (base?.domain ?? null),
      industry: pick("industry"),
      employeeCount: pick("employeeCount"),
      annualRevenue: pick("annualRevenue"),
      country: pick("country"),
      region,
      foundedYear: pick("foundedYear"),
      technologies: has(rec, "technologies") ? uniqueTags(rec.technologies) : (base?.technologies ?? []),
      lifecycleStage: has(rec, "lifecycleStage") ? (rec.lifecycleStage ?? "prospect") : (base?.lifecycleStage ?? "prospect"),
      ownerId,
      status: base?.status ?? "new",
      notes: base?.notes ?? null,
      custom: { ...((base?.custom as Record<string, unknown>) ?? {}), ...(rec.custom ?? {}) } as Record<string, CustomValue>,
      lastActivityAt: base?.lastActivityAt ?? null,
      createdAt: base?.createdAt ?? ctx.now,
      updatedAt: base?.updatedAt ?? ctx.now,
    };
    const { result, state: next } = decide(i, current, merged, equalAccount);
    if (result.outcome === "updated") next.row.updatedAt = ctx.now;
    state.set(rec.externalId, next);
    results[i] = result;
    resultState[i] = next;
  }

  if (!ctx.write) return results;
  const created: AccountValues[] = [];
  const updated: (AccountValues & { id: number })[] = [];
  const tagsChanged: Pending<AccountValues>[] = [];
  const tagsNew: Pending<AccountValues>[] = [];
  for (const p of state.values()) {
    if (!p.dirty) continue;
    if (p.id === undefined) created.push(p.row);
    else {
      updated.push({ id: p.id, ...p.row });
      const old = stored.get(p.row.externalId);
      if (!old || !sameTags(old.technologies ?? [], p.row.technologies ?? [])) tagsChanged.push(p);
    }
  }
  const newIds = await writeRows(ctx, a, created, updated, ACCOUNT_UPDATE_KEYS, ["externalId"], (r) => r.externalId as string, true);
  for (const p of state.values()) {
    if (p.dirty && p.id === undefined) {
      p.id = newIds.get(p.row.externalId);
      if ((p.row.technologies ?? []).length > 0) (ctx.handle.dialect === "sqlite" ? tagsNew : tagsChanged).push(p);
    }
  }
  fillIds(results, resultState);
  const tagRows = (list: Pending<AccountValues>[]) => list.filter((p) => p.id !== undefined).map((p) => ({ id: p.id!, tags: p.row.technologies ?? [] }));
  await syncTags(ctx, tagRows(tagsChanged));
  // New accounts (certainly new on SQLite, see writeRows) have no tags to delete first.
  await syncTags(ctx, tagRows(tagsNew), false);
  return results;
}

/** Makes account_tags equal accounts.technologies for the given accounts. */
async function syncTags(ctx: Ctx, changed: { id: number; tags: readonly string[] }[], replace = true): Promise<void> {
  if (changed.length === 0) return;
  const t = ctx.handle.schema.accountTags;
  const rows = changed.flatMap((c) => uniqueTags(c.tags).map((tag) => ({ accountId: c.id, tag })));
  if (ctx.handle.dialect === "sqlite") {
    const conn = ctx.handle.sqlite!.writer;
    for (const part of replace ? chunks(changed.map((c) => c.id), IN_CHUNK) : []) {
      prepared(conn, `DELETE FROM account_tags WHERE account_id IN (${part.map(() => "?").join(",")})`, false).run(...part);
    }
    if (rows.length) sqliteUpsert(ctx, t, rows, null, [], []);
    return;
  }
  for (const part of chunks(changed.map((c) => c.id), IN_CHUNK)) await ctx.db.delete(t).where(inArray(t.accountId, part));
  for (const part of chunks(rows, PARAMS_PER_STATEMENT / 2)) await ctx.db.insert(t).values(part).onConflictDoNothing();
}

// ---------------------------------------------------------------------------------------------
// Contacts

type ContactRow = typeof import("../schema/sqlite").contacts.$inferSelect;
type ContactValues = Omit<ContactRow, "id">;
const CONTACT_UPDATE_KEYS = ["accountId", "firstName", "lastName", "email", "title", "department", "seniority", "buyingRole", "updatedAt"] as const;

function equalContact(a: ContactValues, b: ContactValues): boolean {
  return (
    a.accountId === b.accountId && a.firstName === b.firstName && a.lastName === b.lastName && a.email === b.email &&
    a.title === b.title && a.department === b.department && a.seniority === b.seniority && a.buyingRole === b.buyingRole
  );
}

async function planContacts(ctx: Ctx, records: readonly ContactImportRecord[]): Promise<UpsertRowResult[]> {
  const c = ctx.handle.schema.contacts;
  const results: UpsertRowResult[] = new Array(records.length);
  const valid = records.map((r, i) => {
    const errors = validateRecord("contacts", r as unknown as Record<string, unknown>);
    if (errors.length) results[i] = { index: i, outcome: "failed", errors };
    return errors.length === 0;
  });
  const accounts = await resolveAccounts(ctx, records.filter((_, i) => valid[i]));
  const stored = new Map<string, ContactRow>();
  for (const r of await selectRowsIn<ContactRow>(ctx, c, [{ key: "externalId", values: records.filter((_, i) => valid[i]).map((r) => r.externalId) }])) {
    stored.set(r.externalId, r);
  }
  const state = new Map<string, Pending<ContactValues>>();
  const resultState: (Pending<ContactValues> | undefined)[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    if (!valid[i]) continue;
    const rec = records[i];
    const acc = accounts.resolve(rec);
    if ("error" in acc) {
      results[i] = { index: i, outcome: "failed", errors: [acc.error] };
      continue;
    }
    let current = state.get(rec.externalId);
    if (!current) {
      const s = stored.get(rec.externalId);
      if (s) {
        const { id, ...row } = s;
        current = { id, row, stored: true, dirty: false };
      }
    }
    const base = current?.row;
    const pick = <K extends keyof ContactImportRecord & keyof ContactValues>(k: K): ContactValues[K] =>
      (has(rec, k) ? (rec[k] ?? null) : (base?.[k] ?? null)) as ContactValues[K];
    const merged: ContactValues = {
      externalId: rec.externalId,
      accountId: acc.id,
      firstName: pick("firstName"),
      lastName: pick("lastName"),
      email: has(rec, "email") ? (rec.email?.toLowerCase() ?? null) : (base?.email ?? null),
      title: pick("title"),
      department: pick("department"),
      seniority: pick("seniority"),
      buyingRole: pick("buyingRole"),
      leadScore: base?.leadScore ?? null,
      createdAt: base?.createdAt ?? ctx.now,
      updatedAt: base?.updatedAt ?? ctx.now,
    };
    const { result, state: next } = decide(i, current, merged, equalContact);
    if (result.outcome === "updated") next.row.updatedAt = ctx.now;
    state.set(rec.externalId, next);
    results[i] = result;
    resultState[i] = next;
  }
  if (!ctx.write) return results;
  const created: ContactValues[] = [];
  const updated: (ContactValues & { id: number })[] = [];
  for (const p of state.values()) if (p.dirty) (p.id === undefined ? created.push(p.row) : updated.push({ id: p.id, ...p.row }));
  const newIds = await writeRows(ctx, c, created, updated, CONTACT_UPDATE_KEYS, ["externalId"], (r) => r.externalId as string, true);
  for (const p of state.values()) if (p.dirty && p.id === undefined) p.id = newIds.get(p.row.externalId);
  fillIds(results, resultState);
  return results;
}

// ---------------------------------------------------------------------------------------------
// Activities and intent signals: external id optional, natural key otherwise

type ActivityRow = typeof import("../schema/sqlite").activities.$inferSelect;
type ActivityValues = Omit<ActivityRow, "id">;
type IntentRow = typeof import("../schema/sqlite").intentSignals.$inferSelect;
type IntentValues = Omit<IntentRow, "id">;

const activityKey = (accountId: number, type: string, at: number) => `${accountId}\u0000${type}\u0000${at}`;

async function planActivities(ctx: Ctx, records: readonly ActivityImportRecord[]): Promise<UpsertRowResult[]> {
  const t = ctx.handle.schema.activities;
  const results: UpsertRowResult[] = new Array(records.length);
  const valid = records.map((r, i) => {
    const errors = validateRecord("activities", r as unknown as Record<string, unknown>);
    if (errors.length) results[i] = { index: i, outcome: "failed", errors };
    return errors.length === 0;
  });
  const ok = records.filter((_, i) => valid[i]);
  const accounts = await resolveAccounts(ctx, ok);
  const contacts = await resolveContacts(ctx, ok);
  const resolved: ({ accountId: number; contactId: number | null } | null)[] = records.map((r, i) => {
    if (!valid[i]) return null;
    const acc = accounts.resolve(r);
    const con = contacts(r);
    const errors = [...("error" in acc ? [acc.error] : []), ...("error" in con ? [con.error] : [])];
    if (errors.length) {
      results[i] = { index: i, outcome: "failed", errors };
      return null;
    }
    return { accountId: (acc as { id: number }).id, contactId: (con as { id: number | null }).id };
  });
  const live = records.map((_, i) => resolved[i] !== null);
  const stored = await prefetchTimed<ActivityRow>(
    ctx, t, "occurredAt",
    records.filter((_, i) => live[i]).map((r) => r.externalId).filter((x): x is string => typeof x === "string" && x !== ""),
    resolved.filter((x) => x !== null).map((x) => x!.accountId),
    records.filter((_, i) => live[i]).map((r) => r.occurredAt),
  );
  const byExt = new Map<string, Pending<ActivityValues>>();
  const byKey = new Map<string, Pending<ActivityValues>>();
  const all: Pending<ActivityValues>[] = [];
  for (const s of stored) {
    const { id, ...row } = s;
    const p: Pending<ActivityValues> = { id, row, stored: true, dirty: false };
    if (row.externalId) byExt.set(row.externalId, p);
    byKey.set(activityKey(row.accountId, row.type, row.occurredAt), p);
    all.push(p);
  }
  const resultState: (Pending<ActivityValues> | undefined)[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const ref = resolved[i];
    if (!ref) continue;
    const rec = records[i];
    const ext = typeof rec.externalId === "string" && rec.externalId !== "" ? rec.externalId : null;
    const key = activityKey(ref.accountId, rec.type, rec.occurredAt);
    // A stored row without external id and the same natural key is the same activity (adopts the id).
    let current = ext !== null ? byExt.get(ext) : undefined;
    if (!current) {
      const k = byKey.get(key);
      if (k && (ext === null || k.row.externalId === null || k.row.externalId === ext)) current = k;
    }
    const base = current?.row;
    const merged: ActivityValues = {
      externalId: ext ?? base?.externalId ?? null,
      accountId: ref.accountId,
      contactId: has(rec, "contactExternalId") || has(rec, "contactEmail") ? ref.contactId : (base?.contactId ?? null),
      type: rec.type,
      occurredAt: rec.occurredAt,
      source: has(rec, "source") ? (rec.source ?? null) : (base?.source ?? null),
      createdAt: base?.createdAt ?? ctx.now,
    };
    const { result, state: next } = decide(i, current, merged, (x, y) =>
      x.externalId === y.externalId && x.accountId === y.accountId && x.contactId === y.contactId && x.type === y.type && x.occurredAt === y.occurredAt && x.source === y.source,
    );
    if (!current) all.push(next);
    if (next.row.externalId) byExt.set(next.row.externalId, next);
    byKey.set(activityKey(next.row.accountId, next.row.type, next.row.occurredAt), next);
    resultState[i] = next;
    results[i] = result;
  }
  if (!ctx.write) return results;
  const created = all.filter((p) => p.dirty && p.id === undefined);
  const updated = all.filter((p) => p.dirty && p.id !== undefined);
  const newIds = await writeRows(
    ctx, t, created.map((p) => p.row), updated.map((p) => ({ id: p.id!, ...p.row })),
    ["externalId", "accountId", "contactId", "type", "occurredAt", "source"],
    ["externalId", "accountId", "type", "occurredAt"],
    (r) => (r.externalId as string | null) ?? activityKey(r.accountId as number, r.type as string, Number(r.occurredAt)),
    true,
  );
  for (const p of created) p.id = newIds.get(p.row.externalId ?? activityKey(p.row.accountId, p.row.type, p.row.occurredAt));
  fillIds(results, resultState);
  // last_activity_at is the latest activity of the account, whatever was imported or moved.
  const touched = new Set<number>();
  for (const p of [...created, ...updated]) touched.add(p.row.accountId);
  const updatedIds = new Set(updated.map((p) => p.id));
  for (const s of stored) if (updatedIds.has(s.id)) touched.add(s.accountId);
  const a = ctx.handle.schema.accounts;
  for (const part of chunks([...touched], IN_CHUNK)) {
    await ctx.db
      .update(a)
      .set({ lastActivityAt: sql`(SELECT MAX(${t.occurredAt}) FROM ${t} WHERE ${t.accountId} = ${a.id})` })
      .where(inArray(a.id, part));
  }
  return results;
}

/**
 * Stored rows a batch may match: by external id, or by (account, time) — the natural key's indexed
 * prefix — with both IN lists bounded by the batch.
 */
async function prefetchTimed<Row>(ctx: Ctx, table: unknown, timeKey: string, externalIds: string[], accountIds: number[], times: number[]): Promise<Row[]> {
  const seen = new Set<number>();
  const out: Row[] = [];
  const add = (rows: Row[]) => {
    for (const r of rows) {
      const id = (r as { id: number }).id;
      if (!seen.has(id)) {
        seen.add(id);
        out.push(r);
      }
    }
  };
  add(await selectRowsIn<Row>(ctx, table, [{ key: "externalId", values: externalIds }]));
  add(await selectRowsIn<Row>(ctx, table, [{ key: "accountId", values: accountIds }, { key: timeKey, values: times }]));
  return out;
}

const intentKey = (accountId: number, topic: string, at: number) => `${accountId}\u0000${topic}\u0000${at}`;

async function planIntent(ctx: Ctx, records: readonly IntentSignalImportRecord[]): Promise<UpsertRowResult[]> {
  const t = ctx.handle.schema.intentSignals;
  const results: UpsertRowResult[] = new Array(records.length);
  const valid = records.map((r, i) => {
    const errors = validateRecord("intent_signals", r as unknown as Record<string, unknown>);
    if (errors.length) results[i] = { index: i, outcome: "failed", errors };
    return errors.length === 0;
  });
  const accounts = await resolveAccounts(ctx, records.filter((_, i) => valid[i]));
  const accountOf: (number | null)[] = records.map((r, i) => {
    if (!valid[i]) return null;
    const acc = accounts.resolve(r);
    if ("error" in acc) {
      results[i] = { index: i, outcome: "failed", errors: [acc.error] };
      return null;
    }
    return acc.id;
  });
  const live = records.map((_, i) => accountOf[i] !== null);
  const stored = await prefetchTimed<IntentRow>(
    ctx, t, "observedAt",
    records.filter((_, i) => live[i]).map((r) => r.externalId).filter((x): x is string => typeof x === "string" && x !== ""),
    accountOf.filter((x): x is number => x !== null),
    records.filter((_, i) => live[i]).map((r) => r.observedAt),
  );
  const byExt = new Map<string, Pending<IntentValues>>();
  const byKey = new Map<string, Pending<IntentValues>>();
  const all: Pending<IntentValues>[] = [];
  for (const s of stored) {
    const { id, ...row } = s;
    const p: Pending<IntentValues> = { id, row, stored: true, dirty: false };
    if (row.externalId) byExt.set(row.externalId, p);
    byKey.set(intentKey(row.accountId, row.topic, row.observedAt), p);
    all.push(p);
  }
  const resultState: (Pending<IntentValues> | undefined)[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const accountId = accountOf[i];
    if (accountId === null) continue;
    const rec = records[i];
    const ext = typeof rec.externalId === "string" && rec.externalId !== "" ? rec.externalId : null;
    let current = ext !== null ? byExt.get(ext) : undefined;
    if (!current) {
      const k = byKey.get(intentKey(accountId, rec.topic, rec.observedAt));
      if (k && (ext === null || k.row.externalId === null || k.row.externalId === ext)) current = k;
    }
    const base = current?.row;
    const merged: IntentValues = {
      externalId: ext ?? base?.externalId ?? null,
      accountId,
      topic: rec.topic,
      strength: Math.round(rec.strength),
      observedAt: rec.observedAt,
      source: base?.source ?? null,
      createdAt: base?.createdAt ?? ctx.now,
    };
    const { result, state: next } = decide(i, current, merged, (x, y) =>
      x.externalId === y.externalId && x.accountId === y.accountId && x.topic === y.topic && x.strength === y.strength && x.observedAt === y.observedAt,
    );
    if (!current) all.push(next);
    if (next.row.externalId) byExt.set(next.row.externalId, next);
    byKey.set(intentKey(next.row.accountId, next.row.topic, next.row.observedAt), next);
    resultState[i] = next;
    results[i] = result;
  }
  if (!ctx.write) return results;
  const created = all.filter((p) => p.dirty && p.id === undefined);
  const updated = all.filter((p) => p.dirty && p.id !== undefined);
  const newIds = await writeRows(
    ctx, t, created.map((p) => p.row), updated.map((p) => ({ id: p.id!, ...p.row })),
    ["externalId", "accountId", "topic", "strength", "observedAt"],
    ["externalId", "accountId", "topic", "observedAt"],
    (r) => (r.externalId as string | null) ?? intentKey(r.accountId as number, r.topic as string, Number(r.observedAt)),
    true,
  );
  for (const p of created) p.id = newIds.get(p.row.externalId ?? intentKey(p.row.accountId, p.row.topic, p.row.observedAt));
  fillIds(results, resultState);
  return results;
}

// ---------------------------------------------------------------------------------------------
// Opportunities

type OpportunityRow = typeof import("../schema/sqlite").opportunities.$inferSelect;
type OpportunityValues = Omit<OpportunityRow, "id">;
const OPPORTUNITY_UPDATE_KEYS = ["accountId", "name", "stage", "amount", "product", "openedAt", "closedAt", "updatedAt"] as const;

function equalOpportunity(a: OpportunityValues, b: OpportunityValues): boolean {
  return (
    a.accountId === b.accountId && a.name === b.name && a.stage === b.stage && a.amount === b.amount &&
    a.product === b.product && a.openedAt === b.openedAt && a.closedAt === b.closedAt
  );
}

async function planOpportunities(ctx: Ctx, records: readonly OpportunityImportRecord[]): Promise<UpsertRowResult[]> {
  const o = ctx.handle.schema.opportunities;
  const results: UpsertRowResult[] = new Array(records.length);
  const valid = records.map((r, i) => {
    const errors = validateRecord("opportunities", r as unknown as Record<string, unknown>);
    if (errors.length) results[i] = { index: i, outcome: "failed", errors };
    return errors.length === 0;
  });
  const accounts = await resolveAccounts(ctx, records.filter((_, i) => valid[i]));
  const stored = new Map<string, OpportunityRow>();
  for (const r of await selectRowsIn<OpportunityRow>(ctx, o, [{ key: "externalId", values: records.filter((_, i) => valid[i]).map((r) => r.externalId) }])) {
    stored.set(r.externalId, r);
  }
  const state = new Map<string, Pending<OpportunityValues>>();
  const resultState: (Pending<OpportunityValues> | undefined)[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    if (!valid[i]) continue;
    const rec = records[i];
    const acc = accounts.resolve(rec);
    if ("error" in acc) {
      results[i] = { index: i, outcome: "failed", errors: [acc.error] };
      continue;
    }
    if (rec.closedAt != null && rec.closedAt < rec.createdAt) {
      results[i] = { index: i, outcome: "failed", errors: [{ field: "closedAt", message: "the close date is before the created date" }] };
      continue;
    }
    let current = state.get(rec.externalId);
    if (!current) {
      const s = stored.get(rec.externalId);
      if (s) {
        const { id, ...row } = s;
        current = { id, row, stored: true, dirty: false };
      }
    }
    const base = current?.row;
    const merged: OpportunityValues = {
      externalId: rec.externalId,
      accountId: acc.id,
      // The column is required; an unnamed deal is called by its CRM id, as CRMs list it.
      name: has(rec, "name") ? (rec.name?.trim() || rec.externalId) : (base?.name ?? rec.externalId),
      stage: rec.stage,
      amount: has(rec, "amount") ? (rec.amount ?? null) : (base?.amount ?? null),
      product: has(rec, "product") ? (rec.product ?? null) : (base?.product ?? null),
      openedAt: rec.createdAt,
      closedAt: has(rec, "closedAt") ? (rec.closedAt ?? null) : (base?.closedAt ?? null),
      createdAt: base?.createdAt ?? ctx.now,
      updatedAt: base?.updatedAt ?? ctx.now,
    };
    const { result, state: next } = decide(i, current, merged, equalOpportunity);
    if (result.outcome === "updated") next.row.updatedAt = ctx.now;
    state.set(rec.externalId, next);
    results[i] = result;
    resultState[i] = next;
  }
  if (!ctx.write) return results;
  const created: OpportunityValues[] = [];
  const updated: (OpportunityValues & { id: number })[] = [];
  for (const p of state.values()) if (p.dirty) (p.id === undefined ? created.push(p.row) : updated.push({ id: p.id, ...p.row }));
  const newIds = await writeRows(ctx, o, created, updated, OPPORTUNITY_UPDATE_KEYS, ["externalId"], (r) => r.externalId as string, true);
  for (const p of state.values()) if (p.dirty && p.id === undefined) p.id = newIds.get(p.row.externalId);
  fillIds(results, resultState);
  return results;
}

const PLANNERS: Record<ImportEntity, Planner> = {
  accounts: planAccounts as Planner,
  contacts: planContacts as Planner,
  activities: planActivities as Planner,
  intent_signals: planIntent as Planner,
  opportunities: planOpportunities as Planner,
};
