/**
 * An in-memory accelerator for the ranked accounts list: the filterable attributes of every ranked
 * account of a model in typed arrays, positioned in rank order, so one list request is a few tight
 * passes over arrays (exact count, any sort, any page) instead of a join over a million rows.
 *
 * Why: on SQLite at 1,000,000 accounts, counting a filtered list means visiting every candidate row
 * (~2–3 µs each through the join), so two ordinary filters cost 0.5–2 s; sorting by an unindexed
 * column costs over a second. Measured in bench/measurements/accounts-list.ts.
 *
 * Meaning: it answers exactly what db/queries/accounts.ts answers in SQL (same filters, same order,
 * same ties); db/queries/account-list.test.ts holds the two to each other on random filter sets.
 * Only membership and order come from here: the rows shown are always read fresh from the database.
 *
 * Freshness: an index is valid for one (database, model, data version, publish event). A request that
 * finds it stale starts one rebuild in the background and is answered in SQL meanwhile (small
 * databases rebuild inline, in milliseconds). The build reads on its own connection and yields to the
 * event loop between batches, so it never stalls other requests for long.
 */
import { and, eq, max } from "drizzle-orm";
import type { DbHandle } from "../client";
import { getDataVersion } from "../mutations/data-version";
import { asciiLower, DAY_MS, hasNoFilters, type AccountFilterInput, type AccountListQuery, type AccountSortId } from "./accounts";
import { streamQueryRows } from "./accounts";

/** Databases up to this many ranked accounts rebuild inline (a few hundred ms at most). */
export const INLINE_BUILD_MAX = 25_000;

interface Dict {
  values: string[];
  index: Map<string, number>;
}

function dict(): Dict {
  return { values: [], index: new Map() };
}

function code(d: Dict, v: unknown): number {
  if (v === null || v === undefined) return -1;
  const s = String(v);
  let c = d.index.get(s);
  if (c === undefined) {
    c = d.values.length;
    d.values.push(s);
    d.index.set(s, c);
  }
  return c;
}

export interface ListIndexKey {
  url: string;
  modelId: number;
  dataVersion: number;
  publishEventId: number;
}

/** The columns of one model's ranked accounts; position p holds the account ranked p-th (0-based). */
export interface ListIndex {
  key: ListIndexKey;
  n: number;
  accountId: Int32Array;
  score: Float64Array;
  /** score − previous score; NaN when there is no previous score */
  trend: Float64Array;
  band: Int32Array;
  bandDict: Dict;
  industry: Int32Array;
  industryDict: Dict;
  country: Int32Array;
  countryDict: Dict;
  region: Int32Array;
  regionDict: Dict;
  stage: Int32Array;
  stageDict: Dict;
  /** owner user id, −1 when unassigned */
  owner: Int32Array;
  employees: Float64Array;
  revenue: Float64Array;
  lastActivity: Float64Array;
  openOpp: Uint8Array;
  tagOffsets: Int32Array;
  tagCodes: Int32Array;
  tagDict: Dict;
  /** ASCII-lower-cased "name\u0001domain\n" of every position, concatenated, with each start */
  text: string;
  textStart: Int32Array;
  /** positions in name order (binary), ties by rank */
  nameOrder: Int32Array;
  /** 1 where nameOrder[k] has the same name as nameOrder[k - 1] */
  nameTie: Uint8Array;
  /** lazily built orders of the numeric sorts, by "id.asc|desc" */
  orders: Map<string, Int32Array>;
  builtAt: number;
  buildMs: number;
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** The key the index of a model must have right now. */
export async function currentListIndexKey(handle: DbHandle, modelId: number): Promise<ListIndexKey> {
  const { db, schema } = handle;
  const [ev] = await db.select({ id: max(schema.publishEvents.id) }).from(schema.publishEvents).where(eq(schema.publishEvents.modelId, modelId));
  return { url: handle.url, modelId, dataVersion: await getDataVersion(handle), publishEventId: Number(ev?.id ?? 0) };
}

function sameKey(a: ListIndexKey, b: ListIndexKey) {
  return a.url === b.url && a.modelId === b.modelId && a.dataVersion === b.dataVersion && a.publishEventId === b.publishEventId;
}

function ph(handle: DbHandle, n: number): string {
  return handle.dialect === "pg" ? `$${n}` : "?";
}

/** Reads a fresh index for `key` (see the module comment). */
export async function buildListIndex(handle: DbHandle, key: ListIndexKey): Promise<ListIndex> {
  const started = performance.now();
  const modelId = key.modelId;
  // 1. Scores in rank order → positions. Read in primary-key order (sequential) and placed by rank.
  let maxRank = 0;
  let maxId = 0;
  const rawId: number[] = [];
  const rawRank: number[] = [];
  const rawScore: number[] = [];
  const rawPrev: number[] = [];
  const rawBand: string[] = [];
  for await (const batch of streamQueryRows(handle, `SELECT account_id, rank, score, previous_score, band FROM account_scores WHERE model_id = ${ph(handle, 1)}`, [modelId], 20_000)) {
    for (const r of batch) {
      const id = Number(r[0]);
      const rank = Number(r[1]);
      rawId.push(id);
      rawRank.push(rank);
      rawScore.push(Number(r[2]));
      rawPrev.push(r[3] == null ? NaN : Number(r[3]));
      rawBand.push(String(r[4]));
      if (rank > maxRank) maxRank = rank;
      if (id > maxId) maxId = id;
    }
    await yieldToLoop();
  }
  const m = rawId.length;
  // Ranks are dense from publish, but deleted accounts leave gaps: order by rank, then compact.
  const byRank = new Int32Array(maxRank + 1).fill(-1);
  for (let k = 0; k < m; k++) byRank[rawRank[k]!] = k;
  const n = m;
  const accountId = new Int32Array(n);
  const score = new Float64Array(n);
  const trend = new Float64Array(n);
  const band = new Int32Array(n);
  const bandDict = dict();
  const idToPos = new Int32Array(maxId + 1).fill(-1);
  let p = 0;
  for (let rank = 1; rank <= maxRank; rank++) {
    const k = byRank[rank]!;
    if (k < 0) continue;
    accountId[p] = rawId[k]!;
    score[p] = rawScore[k]!;
    trend[p] = rawScore[k]! - rawPrev[k]!;
    band[p] = code(bandDict, rawBand[k]);
    idToPos[rawId[k]!] = p;
    p++;
  }
  rawId.length = rawRank.length = rawScore.length = rawPrev.length = rawBand.length = 0;
  const pos = (id: unknown) => {
    const v = Number(id);
    return v >= 0 && v <= maxId ? idToPos[v]! : -1;
  };

  // 2. Account attributes and the search text.
  const industry = new Int32Array(n).fill(-1), country = new Int32Array(n).fill(-1), region = new Int32Array(n).fill(-1), stage = new Int32Array(n).fill(-1);
  const industryDict = dict(), countryDict = dict(), regionDict = dict(), stageDict = dict();
  const owner = new Int32Array(n).fill(-1);
  const employees = new Float64Array(n).fill(NaN), revenue = new Float64Array(n).fill(NaN), lastActivity = new Float64Array(n).fill(NaN);
  const texts: string[] = new Array<string>(n).fill("\u0001\n");
  const num = (v: unknown) => (v == null ? NaN : Number(v));
  for await (const batch of streamQueryRows(
    handle,
    "SELECT id, industry, country, region, lifecycle_stage, owner_id, employee_count, annual_revenue, last_activity_at, name, domain FROM accounts",
    [],
    20_000,
  )) {
    for (const r of batch) {
      const i = pos(r[0]);
      if (i < 0) continue;
      industry[i] = code(industryDict, r[1]);
      country[i] = code(countryDict, r[2]);
      region[i] = code(regionDict, r[3]);
      stage[i] = code(stageDict, r[4]);
      owner[i] = r[5] == null ? -1 : Number(r[5]);
      employees[i] = num(r[6]);
      revenue[i] = num(r[7]);
      lastActivity[i] = num(r[8]);
      texts[i] = `${asciiLower(String(r[9] ?? ""))}\u0001${asciiLower(String(r[10] ?? ""))}\n`;
    }
    await yieldToLoop();
  }
  const textStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) textStart[i + 1] = textStart[i]! + texts[i]!.length;
  const text = texts.join("");
  texts.length = 0;

  // 3. Technology tags as runs per position.
  const tagOwner: number[] = [];
  const tagCode: number[] = [];
  const tagDict = dict();
  for await (const batch of streamQueryRows(handle, "SELECT account_id, tag FROM account_tags", [], 20_000)) {
    for (const r of batch) {
      const i = pos(r[0]);
      if (i < 0) continue;
      tagOwner.push(i);
      tagCode.push(code(tagDict, r[1]));
    }
    await yieldToLoop();
  }
  const tagOffsets = new Int32Array(n + 1);
  for (const i of tagOwner) tagOffsets[i + 1]!++;
  for (let i = 0; i < n; i++) tagOffsets[i + 1]! += tagOffsets[i]!;
  const fill = tagOffsets.slice(0, n);
  const tagCodes = new Int32Array(tagOwner.length);
  for (let k = 0; k < tagOwner.length; k++) tagCodes[fill[tagOwner[k]!]!++] = tagCode[k]!;
  tagOwner.length = tagCode.length = 0;

  // 4. Open opportunities.
  const openOpp = new Uint8Array(n);
  for await (const batch of streamQueryRows(handle, "SELECT DISTINCT account_id FROM opportunities WHERE stage = 'open'", [], 20_000)) {
    for (const r of batch) {
      const i = pos(r[0]);
      if (i >= 0) openOpp[i] = 1;
    }
  }

  // 5. Name order: the name index gives it; equal names are re-ordered by rank (position).
  const nameOrder = new Int32Array(n);
  const nameTie = new Uint8Array(n);
  let k = 0;
  let runStart = 0;
  let prevName: string | null = null;
  const closeRun = (end: number) => {
    if (end - runStart > 1) nameOrder.subarray(runStart, end).sort();
  };
  const nameSql = handle.dialect === "pg" ? 'SELECT id, name FROM accounts ORDER BY name COLLATE "C"' : "SELECT id, name FROM accounts ORDER BY name";
  for await (const batch of streamQueryRows(handle, nameSql, [], 20_000)) {
    for (const r of batch) {
      const i = pos(r[0]);
      if (i < 0) continue;
      const name = String(r[1]);
      if (name !== prevName) {
        closeRun(k);
        runStart = k;
        prevName = name;
      } else nameTie[k] = 1;
      nameOrder[k++] = i;
    }
    await yieldToLoop();
  }
  closeRun(k);

  return {
    key,
    n,
    accountId,
    score,
    trend,
    band,
    bandDict,
    industry,
    industryDict,
    country,
    countryDict,
    region,
    regionDict,
    stage,
    stageDict,
    owner,
    employees,
    revenue,
    lastActivity,
    openOpp,
    tagOffsets,
    tagCodes,
    tagDict,
    text,
    textStart,
    nameOrder: nameOrder.subarray(0, k),
    nameTie: nameTie.subarray(0, k),
    orders: new Map(),
    builtAt: Date.now(),
    buildMs: Math.round(performance.now() - started),
  };
}

/**
 * Stable argsort of positions by a numeric key, ascending, missing (NaN) keys last, ties in position
 * (= rank) order: an LSD radix sort over the key's 64-bit sortable form, linear in n.
 */
export function argsortNumeric(key: Float64Array, descending: boolean): Int32Array {
  const n = key.length;
  const present: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < n; i++) (Number.isNaN(key[i]!) ? missing : present).push(i);
  const m = present.length;
  // Sortable unsigned form of a double: flip all bits of negatives, the sign bit of positives.
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const hi = new Uint32Array(m);
  const lo = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    let v = key[present[k]!]!;
    if (descending) v = -v;
    f64[0] = v === 0 ? 0 : v; // -0 sorts as 0
    let h = u32[1]!;
    let l = u32[0]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    hi[k] = h;
    lo[k] = l;
  }
  let order = Int32Array.from({ length: m }, (_, k) => k);
  let tmp = new Int32Array(m);
  const count = new Int32Array(65537);
  const passes: [Uint32Array, number][] = [[lo, 0], [lo, 16], [hi, 0], [hi, 16]];
  for (const [arr, shift] of passes) {
    count.fill(0);
    for (let k = 0; k < m; k++) count[((arr[order[k]!]! >>> shift) & 0xffff) + 1]!++;
    for (let b = 0; b < 65536; b++) count[b + 1]! += count[b]!;
    for (let k = 0; k < m; k++) {
      const o = order[k]!;
      tmp[count[(arr[o]! >>> shift) & 0xffff]!++] = o;
    }
    [order, tmp] = [tmp, order];
  }
  const out = new Int32Array(n);
  for (let k = 0; k < m; k++) out[k] = present[order[k]!]!;
  for (let k = 0; k < missing.length; k++) out[m + k] = missing[k]!;
  return out;
}

function orderFor(ix: ListIndex, sort: AccountListQuery["sort"]): Int32Array | null {
  if (sort.id === "score") return null;
  if (sort.id === "name") {
    if (sort.desc) {
      const key = `name.desc`;
      let o = ix.orders.get(key);
      if (!o) {
        // Reverse the name order but keep ties in rank order: reverse runs of equal names as blocks.
        o = reverseKeepingTies(ix.nameOrder, ix.nameTie);
        ix.orders.set(key, o);
      }
      return o;
    }
    return ix.nameOrder;
  }
  const key = `${sort.id}.${sort.desc ? "desc" : "asc"}`;
  let o = ix.orders.get(key);
  if (!o) {
    const col: Record<Exclude<AccountSortId, "score" | "name">, Float64Array> = {
      trend: ix.trend,
      employees: ix.employees,
      revenue: ix.revenue,
      lastActivity: ix.lastActivity,
    };
    o = argsortNumeric(col[sort.id], sort.desc);
    ix.orders.set(key, o);
  }
  return o;
}

/** Reverses an order block by block, a block being a run of ties, so ties keep their order. */
function reverseKeepingTies(order: Int32Array, tie: Uint8Array): Int32Array {
  const n = order.length;
  const out = new Int32Array(n);
  let w = 0;
  let end = n;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && tie[start]) start--;
    out.set(order.subarray(start, end), w);
    w += end - start;
    end = start;
  }
  return out;
}

function codeSet(d: Dict, values: readonly string[] | undefined): Uint8Array | null {
  if (!values?.length) return null;
  const t = new Uint8Array(d.values.length + 1);
  for (const v of values) {
    const c = d.index.get(v);
    if (c !== undefined) t[c] = 1;
  }
  return t;
}

/** Marks positions whose name or domain contains `q` (ASCII case-insensitive, literal). */
function textMatches(ix: ListIndex, q: string, mask: Uint8Array) {
  const needle = asciiLower(q);
  const text = ix.text;
  const starts = ix.textStart;
  let from = 0;
  let lastPos = -1;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) break;
    // Binary search the position whose text holds `at`.
    let lo = 0;
    let hi = ix.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    if (lo !== lastPos) {
      mask[lo] = 1;
      lastPos = lo;
    }
    // Jump to the next position's text: one match per account is enough.
    from = starts[lo + 1]!;
  }
}

/**
 * Positions matching the filters as a mask (null = all). Each filter is one pass over a typed array.
 */
function filterMask(ix: ListIndex, f: AccountFilterInput, now: number): Uint8Array | null {
  const n = ix.n;
  let mask: Uint8Array | null = null;
  const and = (test: (p: number) => boolean) => {
    if (!mask) {
      mask = new Uint8Array(n);
      for (let p = 0; p < n; p++) if (test(p)) mask[p] = 1;
    } else {
      const m: Uint8Array = mask;
      for (let p = 0; p < n; p++) if (m[p] && !test(p)) m[p] = 0;
    }
  };
  if (f.q) {
    const t = new Uint8Array(n);
    textMatches(ix, f.q, t);
    mask = t;
  }
  const inSet = (col: Int32Array, set: Uint8Array | null) => {
    if (set) and((p) => col[p]! >= 0 && set[col[p]!] === 1);
  };
  inSet(ix.band, codeSet(ix.bandDict, f.band));
  inSet(ix.industry, codeSet(ix.industryDict, f.industry));
  inSet(ix.country, codeSet(ix.countryDict, f.country));
  inSet(ix.region, codeSet(ix.regionDict, f.region));
  inSet(ix.stage, codeSet(ix.stageDict, f.stage));
  const range = (col: Float64Array, min: number | undefined, maxV: number | undefined) => {
    if (min !== undefined && maxV !== undefined) and((p) => col[p]! >= min && col[p]! <= maxV);
    else if (min !== undefined) and((p) => col[p]! >= min);
    else if (maxV !== undefined) and((p) => col[p]! <= maxV);
  };
  range(ix.score, f.scoreMin, f.scoreMax);
  range(ix.employees, f.employeesMin, f.employeesMax);
  range(ix.revenue, f.revenueMin, f.revenueMax);
  if (f.engagedDays) range(ix.lastActivity, now - f.engagedDays * DAY_MS, undefined);
  if (f.ownerId !== undefined) {
    const want = f.ownerId === null ? -1 : f.ownerId;
    and((p) => ix.owner[p] === want);
  }
  if (f.openOpp) and((p) => ix.openOpp[p] === 1);
  const tags = codeSet(ix.tagDict, f.tech);
  if (tags) {
    const off = ix.tagOffsets;
    const codes = ix.tagCodes;
    and((p) => {
      for (let k = off[p]!; k < off[p + 1]!; k++) if (tags[codes[k]!]) return true;
      return false;
    });
  }
  return mask;
}

export interface IndexPage {
  accountIds: number[];
  total: number;
  page: number;
}

/** One page of the list from the index: exact total, page clamped to the last one. */
export function queryListIndex(ix: ListIndex, q: AccountListQuery): IndexPage {
  const mask = filterMask(ix, q.filters, q.now);
  const order = orderFor(ix, q.sort);
  const n = ix.n;
  let total = 0;
  if (mask) {
    const m: Uint8Array = mask;
    for (let p = 0; p < n; p++) total += m[p]!;
  } else total = n;
  const last = Math.max(1, Math.ceil(total / q.perPage));
  const page = Math.min(Math.max(1, Math.floor(q.page)), last);
  const from = (page - 1) * q.perPage;
  const to = from + q.perPage;
  const ids: number[] = [];
  let seen = 0;
  const reverse = q.sort.id === "score" && !q.sort.desc;
  for (let k = 0; k < n && seen < to; k++) {
    const j = reverse ? n - 1 - k : k;
    const p = order ? order[j]! : j;
    if (mask && !(mask as Uint8Array)[p]) continue;
    if (seen >= from) ids.push(ix.accountId[p]!);
    seen++;
  }
  return { accountIds: ids, total, page };
}

/**
 * Every matching account id in list order, lazily (for exports of the current view). Yields in
 * chunks so a caller can fetch rows batch by batch.
 */
export function* iterateListIndex(ix: ListIndex, q: Omit<AccountListQuery, "page" | "perPage">, chunk = 1000): Generator<number[]> {
  const mask = filterMask(ix, q.filters, q.now);
  const order = orderFor(ix, q.sort);
  const reverse = q.sort.id === "score" && !q.sort.desc;
  let buf: number[] = [];
  for (let k = 0; k < ix.n; k++) {
    const j = reverse ? ix.n - 1 - k : k;
    const p = order ? order[j]! : j;
    if (mask && !(mask as Uint8Array)[p]) continue;
    buf.push(ix.accountId[p]!);
    if (buf.length === chunk) {
      yield buf;
      buf = [];
    }
  }
  if (buf.length) yield buf;
}

interface Slot {
  ready: ListIndex | null;
  building: { key: ListIndexKey; promise: Promise<ListIndex> } | null;
}

const store = globalThis as unknown as { __lodestarListIndex?: Map<string, Slot> };

function slotFor(handle: DbHandle, modelId: number): Slot {
  store.__lodestarListIndex ??= new Map();
  const id = `${handle.url}|${modelId}`;
  let slot = store.__lodestarListIndex.get(id);
  if (!slot) store.__lodestarListIndex.set(id, (slot = { ready: null, building: null }));
  return slot;
}

function startBuild(handle: DbHandle, slot: Slot, key: ListIndexKey): Promise<ListIndex> {
  if (slot.building && sameKey(slot.building.key, key)) return slot.building.promise;
  const promise = buildListIndex(handle, key).then(
    (ix) => {
      // Builds may finish out of order; never replace a newer index with an older one.
      const r = slot.ready?.key;
      if (!r || (key.dataVersion >= r.dataVersion && key.publishEventId >= r.publishEventId)) slot.ready = ix;
      if (slot.building?.promise === promise) slot.building = null;
      return ix;
    },
    (err) => {
      if (slot.building?.promise === promise) slot.building = null;
      throw err;
    },
  );
  slot.building = { key, promise };
  return promise;
}

/**
 * The fresh index of a model, or null when it is being (re)built and the caller should answer in SQL.
 * Small databases are indexed inline, so they always get one.
 */
export async function getListIndex(handle: DbHandle, modelId: number, opts: { wait?: boolean } = {}): Promise<ListIndex | null> {
  const key = await currentListIndexKey(handle, modelId);
  const slot = slotFor(handle, modelId);
  if (slot.ready && sameKey(slot.ready.key, key)) return slot.ready;
  const approx = slot.ready?.n ?? (await approximateRankedCount(handle, modelId));
  const promise = startBuild(handle, slot, key);
  if (opts.wait || approx <= INLINE_BUILD_MAX) return promise;
  promise.catch((err: unknown) => console.error("account list index build failed", err));
  return null;
}

/** The latest index of a model even if stale (for filter options), or null. */
export function peekListIndex(handle: DbHandle, modelId: number): ListIndex | null {
  return slotFor(handle, modelId).ready;
}

async function approximateRankedCount(handle: DbHandle, modelId: number): Promise<number> {
  const s = handle.schema.accountScores;
  const [row] = await handle.db.select({ n: max(s.rank) }).from(s).where(and(eq(s.modelId, modelId)));
  return Number(row?.n ?? 0);
}

/** Distinct values of a categorical column with their counts, most frequent first. */
export function indexFacet(ix: ListIndex, column: "industry" | "country" | "region" | "tag"): { value: string; count: number }[] {
  const d = column === "tag" ? ix.tagDict : ix[`${column}Dict`];
  const counts = new Int32Array(d.values.length);
  if (column === "tag") for (const c of ix.tagCodes) counts[c]!++;
  else for (const c of ix[column]) if (c >= 0) counts[c]!++;
  return d.values.map((value, c) => ({ value, count: counts[c]! })).filter((x) => x.count > 0).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

export { hasNoFilters };
