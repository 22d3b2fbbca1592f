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
import { eq, max } from "drizzle-orm";
import type { DbHandle } from "../client";
import { getDataVersion } from "../mutations/data-version";
import { asciiLower, DAY_MS, hasNoFilters, type AccountFilterInput, type AccountListQuery, type AccountSortId } from "./accounts";
import { streamQueryRows } from "./accounts";
import { countRanked } from "./score-ranks";

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

/** Positions holding each dictionary code, ascending within a code (CSR). */
interface Inverted {
  offsets: Int32Array;
  positions: Int32Array;
}

/** A categorical column: codes by position (−1 = missing), its dictionary and inverted lists. */
interface Categorical {
  codes: Int32Array;
  dict: Dict;
  inv: Inverted;
}

function invert(codes: Int32Array, size: number): Inverted {
  const offsets = new Int32Array(size + 1);
  for (let p = 0; p < codes.length; p++) if (codes[p]! >= 0) offsets[codes[p]! + 1]!++;
  for (let c = 0; c < size; c++) offsets[c + 1]! += offsets[c]!;
  const fill = offsets.slice(0, size);
  const positions = new Int32Array(offsets[size]!);
  for (let p = 0; p < codes.length; p++) if (codes[p]! >= 0) positions[fill[codes[p]!]!++] = p;
  return { offsets, positions };
}

function categorical(codes: Int32Array, d: Dict): Categorical {
  return { codes, dict: d, inv: invert(codes, d.values.length) };
}

class GrowInt32 {
  data = new Int32Array(1 << 16);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export interface ListIndexKey {
  url: string;
  modelId: number;
  dataVersion: number;
  publishEventId: number;
}

/** Accounts per block of the trigram filter. */
const BLOCK = 64;
/** Hash buckets of trigrams (a power of two). */
const TRIGRAM_BUCKETS = 1 << 14;

/** The columns of one model's ranked accounts; position p holds the account ranked p-th (0-based). */
export interface ListIndex {
  key: ListIndexKey;
  n: number;
  accountId: Int32Array;
  score: Float64Array;
  /** score − previous score; NaN when there is no previous score */
  trend: Float64Array;
  employees: Float64Array;
  revenue: Float64Array;
  lastActivity: Float64Array;
  band: Categorical;
  industry: Categorical;
  country: Categorical;
  region: Categorical;
  stage: Categorical;
  /** owner user ids as codes of their string form; −1 when unassigned */
  owner: Categorical;
  /** technology tags: runs per position, and positions per tag */
  tagOffsets: Int32Array;
  tagCodes: Int32Array;
  tags: { dict: Dict; inv: Inverted };
  /** positions with an open opportunity, ascending */
  openOpp: Int32Array;
  /** ASCII-lower-cased "name\u0001domain\n" of every position, concatenated, with each start */
  text: string;
  textStart: Int32Array;
  /** per trigram bucket, a bitset of the blocks of BLOCK positions whose text holds such a trigram */
  trigramBits: Uint32Array;
  trigramWords: number;
  /** positions in name order (binary), ties by rank */
  nameOrder: Int32Array;
  /** 1 where nameOrder[k] has the same name as nameOrder[k - 1] */
  nameTie: Uint8Array;
  /** lazily built orders of the other sorts, by "id.asc|desc" */
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

function trigramHash(a: number, b: number, c: number): number {
  return (Math.imul(Math.imul(a, 961) + Math.imul(b, 31) + c, 0x9e3779b1) >>> 18) & (TRIGRAM_BUCKETS - 1);
}

/** Reads a fresh index for `key` (see the module comment). */
export async function buildListIndex(handle: DbHandle, key: ListIndexKey): Promise<ListIndex> {
  const started = performance.now();
  const modelId = key.modelId;
  // 1. Scores → positions in rank order. Read in primary-key order (sequential) and placed by rank.
  let maxRank = 0;
  let maxId = 0;
  const rawId = new GrowInt32();
  const rawRank = new GrowInt32();
  const rawScore: number[] = [];
  const rawPrev: number[] = [];
  const rawBand = new GrowInt32();
  const bandDict = dict();
  for await (const batch of streamQueryRows(handle, `SELECT account_id, rank, score, previous_score, band FROM account_scores WHERE model_id = ${ph(handle, 1)}`, [modelId], 20_000)) {
    for (const r of batch) {
      const id = Number(r[0]);
      const rank = Number(r[1]);
      rawId.push(id);
      rawRank.push(rank);
      rawScore.push(Number(r[2]));
      rawPrev.push(r[3] == null ? NaN : Number(r[3]));
      rawBand.push(code(bandDict, r[4]));
      if (rank > maxRank) maxRank = rank;
      if (id > maxId) maxId = id;
    }
    await yieldToLoop();
  }
  const n = rawId.length;
  // Ranks are dense from publish, but deleted accounts leave gaps: order by rank, then compact.
  const byRank = new Int32Array(maxRank + 1).fill(-1);
  for (let k = 0; k < n; k++) byRank[rawRank.data[k]!] = k;
  const accountId = new Int32Array(n);
  const score = new Float64Array(n);
  const trend = new Float64Array(n);
  const band = new Int32Array(n);
  const idToPos = new Int32Array(maxId + 1).fill(-1);
  let p = 0;
  for (let rank = 1; rank <= maxRank; rank++) {
    const k = byRank[rank]!;
    if (k < 0) continue;
    const id = rawId.data[k]!;
    accountId[p] = id;
    score[p] = rawScore[k]!;
    trend[p] = rawScore[k]! - rawPrev[k]!;
    band[p] = rawBand.data[k]!;
    idToPos[id] = p;
    p++;
  }
  rawScore.length = rawPrev.length = 0;
  const pos = (id: unknown) => {
    const v = Number(id);
    return v >= 0 && v <= maxId ? idToPos[v]! : -1;
  };

  // 2. Account attributes and the search text.
  const industry = new Int32Array(n).fill(-1), country = new Int32Array(n).fill(-1), region = new Int32Array(n).fill(-1), stage = new Int32Array(n).fill(-1), owner = new Int32Array(n).fill(-1);
  const industryDict = dict(), countryDict = dict(), regionDict = dict(), stageDict = dict(), ownerDict = dict();
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
      owner[i] = code(ownerDict, r[5]);
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
  // Trigram bitsets per block of positions: a search only reads the blocks that can match.
  const nBlocks = Math.ceil(n / BLOCK);
  const trigramWords = Math.max(1, Math.ceil(nBlocks / 32));
  const trigramBits = new Uint32Array(TRIGRAM_BUCKETS * trigramWords);
  for (let i = 0; i < n; i++) {
    const block = (i / BLOCK) | 0;
    const word = block >>> 5;
    const bit = 1 << (block & 31);
    const end = textStart[i + 1]! - 1;
    for (let k = textStart[i]!; k + 2 < end; k++) {
      trigramBits[trigramHash(text.charCodeAt(k), text.charCodeAt(k + 1), text.charCodeAt(k + 2)) * trigramWords + word]! |= bit;
    }
    if ((i & 0xffff) === 0xffff) await yieldToLoop();
  }

  // 3. Technology tags as runs per position, then positions per tag.
  const tagOwner = new GrowInt32();
  const tagCode = new GrowInt32();
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
  for (let k = 0; k < tagOwner.length; k++) tagOffsets[tagOwner.data[k]! + 1]!++;
  for (let i = 0; i < n; i++) tagOffsets[i + 1]! += tagOffsets[i]!;
  const fill = tagOffsets.slice(0, n);
  const tagCodes = new Int32Array(tagOwner.length);
  for (let k = 0; k < tagOwner.length; k++) tagCodes[fill[tagOwner.data[k]!]!++] = tagCode.data[k]!;
  const tagInvOffsets = new Int32Array(tagDict.values.length + 1);
  for (const c of tagCodes) tagInvOffsets[c + 1]!++;
  for (let c = 0; c < tagDict.values.length; c++) tagInvOffsets[c + 1]! += tagInvOffsets[c]!;
  const tagFill = tagInvOffsets.slice(0, tagDict.values.length);
  const tagPositions = new Int32Array(tagCodes.length);
  for (let i = 0; i < n; i++) for (let k = tagOffsets[i]!; k < tagOffsets[i + 1]!; k++) tagPositions[tagFill[tagCodes[k]!]!++] = i;

  // 4. Open opportunities.
  const open = new Uint8Array(n);
  for await (const batch of streamQueryRows(handle, "SELECT DISTINCT account_id FROM opportunities WHERE stage = 'open'", [], 20_000)) {
    for (const r of batch) {
      const i = pos(r[0]);
      if (i >= 0) open[i] = 1;
    }
  }
  const openList = new GrowInt32();
  for (let i = 0; i < n; i++) if (open[i]) openList.push(i);

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
    employees,
    revenue,
    lastActivity,
    band: categorical(band, bandDict),
    industry: categorical(industry, industryDict),
    country: categorical(country, countryDict),
    region: categorical(region, regionDict),
    stage: categorical(stage, stageDict),
    owner: categorical(owner, ownerDict),
    tagOffsets,
    tagCodes,
    tags: { dict: tagDict, inv: { offsets: tagInvOffsets, positions: tagPositions } },
    openOpp: openList.done(),
    text,
    textStart,
    trigramBits,
    trigramWords,
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
  const present = new GrowInt32();
  const missing = new GrowInt32();
  for (let i = 0; i < n; i++) (Number.isNaN(key[i]!) ? missing : present).push(i);
  const m = present.length;
  // Sortable unsigned form of a double: flip all bits of negatives, the sign bit of positives.
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const hi = new Uint32Array(m);
  const lo = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    let v = key[present.data[k]!]!;
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
  let order = new Int32Array(m);
  for (let k = 0; k < m; k++) order[k] = k;
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
  for (let k = 0; k < m; k++) out[k] = present.data[order[k]!]!;
  out.set(missing.data.subarray(0, missing.length), m);
  return out;
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

/** Positions in the order of a sort (null for the score order, which is the positions themselves). */
function orderFor(ix: ListIndex, sort: AccountListQuery["sort"]): Int32Array | null {
  if (sort.id === "score") return null;
  if (sort.id === "name" && !sort.desc) return ix.nameOrder;
  const key = `${sort.id}.${sort.desc ? "desc" : "asc"}`;
  let o = ix.orders.get(key);
  if (!o) {
    if (sort.id === "name") o = reverseKeepingTies(ix.nameOrder, ix.nameTie);
    else {
      const col: Record<Exclude<AccountSortId, "score" | "name">, Float64Array> = { trend: ix.trend, employees: ix.employees, revenue: ix.revenue, lastActivity: ix.lastActivity };
      o = argsortNumeric(col[sort.id], sort.desc);
    }
    ix.orders.set(key, o);
  }
  return o;
}

function codesOf(d: Dict, values: readonly string[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    const c = d.index.get(v);
    if (c !== undefined) out.push(c);
  }
  return out;
}

function listSize(inv: Inverted, codes: number[]): number {
  let total = 0;
  for (const c of codes) total += inv.offsets[c + 1]! - inv.offsets[c]!;
  return total;
}

/** Ascending union of the inverted lists of some codes. */
function unionLists(inv: Inverted, codes: number[], n: number): Int32Array {
  if (codes.length === 1) return inv.positions.subarray(inv.offsets[codes[0]!]!, inv.offsets[codes[0]! + 1]!);
  const mark = new Uint8Array(n);
  let total = 0;
  for (const c of codes) {
    for (let k = inv.offsets[c]!; k < inv.offsets[c + 1]!; k++) {
      const p = inv.positions[k]!;
      if (!mark[p]) {
        mark[p] = 1;
        total++;
      }
    }
  }
  const out = new Int32Array(total);
  let w = 0;
  for (let p = 0; p < n && w < total; p++) if (mark[p]) out[w++] = p;
  return out;
}

/** The AND of the block bitsets of a needle's trigrams: blocks that may contain it (null: too short to tell). */
function candidateBlocks(ix: ListIndex, needle: string): Uint32Array | null {
  if (needle.length < 3) return null;
  const words = ix.trigramWords;
  const acc = new Uint32Array(words).fill(0xffffffff);
  const seen = new Set<number>();
  for (let k = 0; k + 2 < needle.length; k++) {
    const h = trigramHash(needle.charCodeAt(k), needle.charCodeAt(k + 1), needle.charCodeAt(k + 2));
    if (seen.has(h)) continue;
    seen.add(h);
    const base = h * words;
    for (let w = 0; w < words; w++) acc[w]! &= ix.trigramBits[base + w]!;
  }
  return acc;
}

/** A per-position text check: the block filter first (cheap), then the substring test. */
function textTester(ix: ListIndex, q: string): (p: number) => boolean {
  const needle = asciiLower(q);
  const blocks = candidateBlocks(ix, needle);
  const { text, textStart } = ix;
  return (p) => {
    if (blocks) {
      const block = (p / BLOCK) | 0;
      if (!(blocks[block >>> 5]! & (1 << (block & 31)))) return false;
    }
    return text.slice(textStart[p]!, textStart[p + 1]! - 1).includes(needle);
  };
}

/** Positions (ascending) whose name or domain contains `q`, ASCII case-insensitively, literally. */
function textSearch(ix: ListIndex, q: string): Int32Array {
  const needle = asciiLower(q);
  const out = new GrowInt32();
  const { text, textStart, n } = ix;
  const scan = (fromPos: number, toPos: number) => {
    const base = textStart[fromPos]!;
    const seg = text.slice(base, textStart[toPos]!);
    let from = 0;
    let p = fromPos;
    for (;;) {
      const at = seg.indexOf(needle, from);
      if (at < 0) return;
      while (textStart[p + 1]! - base <= at) p++;
      out.push(p);
      // One match per account is enough: continue with the next account's text.
      from = textStart[p + 1]! - base;
      p++;
      if (p >= toPos) return;
    }
  };
  const acc = candidateBlocks(ix, needle);
  if (!acc) {
    scan(0, n);
    return out.done();
  }
  // Read only the blocks that can match; adjacent ones as one segment.
  const nBlocks = Math.ceil(n / BLOCK);
  const has = (b: number) => (acc[b >>> 5]! & (1 << (b & 31))) !== 0;
  for (let b = 0; b < nBlocks; b++) {
    if (!has(b)) continue;
    let e = b + 1;
    while (e < nBlocks && has(e)) e++;
    scan(b * BLOCK, Math.min(n, e * BLOCK));
    b = e;
  }
  return out.done();
}

/**
 * One filter of a query. `cat`/`tags`/`list`/`text` can list their matches directly (with an
 * estimate of how many); every kind can check candidates in a tight loop of its own (no per-row calls).
 */
type Step =
  | { kind: "cat"; estimate: number; codes: Int32Array; table: Uint8Array; inv: Inverted; selected: number[] }
  | { kind: "tags"; estimate: number; table: Uint8Array; selected: number[] }
  | { kind: "list"; estimate: number; positions: Int32Array }
  | { kind: "text"; estimate: number; q: string }
  | { kind: "range"; col: Float64Array; min: number; max: number }
  | { kind: "unassigned" };

function filterSteps(ix: ListIndex, f: AccountFilterInput, now: number): Step[] {
  const steps: Step[] = [];
  const cat = (col: Categorical, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    const selected = codesOf(col.dict, values);
    const table = new Uint8Array(col.dict.values.length + 1);
    for (const c of selected) table[c] = 1;
    steps.push({ kind: "cat", estimate: listSize(col.inv, selected), codes: col.codes, table, inv: col.inv, selected });
  };
  cat(ix.band, f.band);
  cat(ix.industry, f.industry);
  cat(ix.country, f.country);
  cat(ix.region, f.region);
  cat(ix.stage, f.stage);
  if (f.ownerId === null) steps.push({ kind: "unassigned" });
  else if (f.ownerId !== undefined) cat(ix.owner, [String(f.ownerId)]);
  if (f.tech?.length) {
    const selected = codesOf(ix.tags.dict, f.tech);
    const table = new Uint8Array(ix.tags.dict.values.length + 1);
    for (const c of selected) table[c] = 1;
    steps.push({ kind: "tags", estimate: listSize(ix.tags.inv, selected), table, selected });
  }
  if (f.openOpp) steps.push({ kind: "list", estimate: ix.openOpp.length, positions: ix.openOpp });
  // Unknown selectivity: assume a tenth, so a smaller list goes first and the text is checked per row.
  if (f.q) steps.push({ kind: "text", estimate: ix.n / 10, q: f.q });
  const range = (col: Float64Array, min: number | undefined, max: number | undefined) => {
    // NaN (missing) fails both comparisons, as NULL does in SQL.
    if (min !== undefined || max !== undefined) steps.push({ kind: "range", col, min: min ?? -Infinity, max: max ?? Infinity });
  };
  range(ix.score, f.scoreMin, f.scoreMax);
  range(ix.employees, f.employeesMin, f.employeesMax);
  range(ix.revenue, f.revenueMin, f.revenueMax);
  if (f.engagedDays) range(ix.lastActivity, now - f.engagedDays * DAY_MS, undefined);
  return steps;
}

function listOf(ix: ListIndex, s: Step): Int32Array {
  switch (s.kind) {
    case "cat":
      return unionLists(s.inv, s.selected, ix.n);
    case "tags":
      return unionLists(ix.tags.inv, s.selected, ix.n);
    case "list":
      return s.positions;
    case "text":
      return textSearch(ix, s.q);
    default:
      throw new Error(`${s.kind} cannot list its matches`);
  }
}

/** Keeps the candidates (ascending positions) that pass the step; returns the survivors. */
function filterCandidates(ix: ListIndex, s: Step, cand: Int32Array): Int32Array {
  const out = new Int32Array(cand.length);
  let w = 0;
  const len = cand.length;
  switch (s.kind) {
    case "cat": {
      const { codes, table } = s;
      for (let k = 0; k < len; k++) {
        const p = cand[k]!;
        const c = codes[p]!;
        if (c >= 0 && table[c] === 1) out[w++] = p;
      }
      break;
    }
    case "tags": {
      const off = ix.tagOffsets;
      const tc = ix.tagCodes;
      const table = s.table;
      for (let k = 0; k < len; k++) {
        const p = cand[k]!;
        for (let j = off[p]!; j < off[p + 1]!; j++) {
          if (table[tc[j]!]) {
            out[w++] = p;
            break;
          }
        }
      }
      break;
    }
    case "list":
    case "text": {
      // Intersect two ascending lists; a text search over fewer candidates checks each one instead.
      if (s.kind === "text" && len < ix.n / TEXT_CHECK_SHARE) {
        const test = textTester(ix, s.q);
        for (let k = 0; k < len; k++) if (test(cand[k]!)) out[w++] = cand[k]!;
        break;
      }
      const other = listOf(ix, s);
      let j = 0;
      for (let k = 0; k < len; k++) {
        const p = cand[k]!;
        while (j < other.length && other[j]! < p) j++;
        if (j < other.length && other[j] === p) out[w++] = p;
      }
      break;
    }
    case "range": {
      const { col, min, max } = s;
      for (let k = 0; k < len; k++) {
        const p = cand[k]!;
        const v = col[p]!;
        if (v >= min && v <= max) out[w++] = p;
      }
      break;
    }
    case "unassigned": {
      const oc = ix.owner.codes;
      for (let k = 0; k < len; k++) if (oc[cand[k]!] === -1) out[w++] = cand[k]!;
      break;
    }
  }
  return out.subarray(0, w);
}

/** ANDs the step into a mask over all positions (`count` are set now); returns how many stay set. */
function maskStep(ix: ListIndex, s: Step, mask: Uint8Array, count: number): number {
  const n = ix.n;
  if ((s.kind === "cat" && s.estimate < n / 4) || s.kind === "tags") {
    // Mark the step's own matches from its lists instead of scanning every position's values. Always
    // for tags: marking reads only the chosen tags' lists, a scan reads every tag of every account.
    const keep = new Uint8Array(n);
    const inv = s.kind === "cat" ? s.inv : ix.tags.inv;
    for (const c of s.selected) for (let k = inv.offsets[c]!; k < inv.offsets[c + 1]!; k++) keep[inv.positions[k]!] = 1;
    let left = 0;
    for (let p = 0; p < n; p++) {
      if (mask[p] && keep[p]) left++;
      else mask[p] = 0;
    }
    return left;
  }
  if (s.kind === "text" && count < n / TEXT_CHECK_SHARE) {
    const test = textTester(ix, s.q);
    let left = 0;
    for (let p = 0; p < n; p++) {
      if (!mask[p]) continue;
      if (test(p)) left++;
      else mask[p] = 0;
    }
    return left;
  }
  count = 0;
  switch (s.kind) {
    case "cat": {
      const { codes, table } = s;
      for (let p = 0; p < n; p++) {
        if (!mask[p]) continue;
        const c = codes[p]!;
        if (c >= 0 && table[c] === 1) count++;
        else mask[p] = 0;
      }
      return count;
    }
    case "list":
    case "text": {
      const keep = new Uint8Array(n);
      const list = listOf(ix, s);
      for (let k = 0; k < list.length; k++) keep[list[k]!] = 1;
      for (let p = 0; p < n; p++) {
        if (mask[p] && keep[p]) count++;
        else mask[p] = 0;
      }
      return count;
    }
    case "range": {
      const { col, min, max } = s;
      for (let p = 0; p < n; p++) {
        if (!mask[p]) continue;
        const v = col[p]!;
        if (v >= min && v <= max) count++;
        else mask[p] = 0;
      }
      return count;
    }
    case "unassigned": {
      const oc = ix.owner.codes;
      for (let p = 0; p < n; p++) {
        if (!mask[p]) continue;
        if (oc[p] === -1) count++;
        else mask[p] = 0;
      }
      return count;
    }
  }
}

/** The matches of a query: all positions, a sparse ascending list, or a dense mask with its count. */
type Matches = { kind: "all" } | { kind: "list"; positions: Int32Array } | { kind: "mask"; mask: Uint8Array; count: number };

/** Fewer candidates than n / this: the text is checked per candidate rather than searched. */
const TEXT_CHECK_SHARE = 8;

/** A list step smaller than this share of all accounts drives the query; otherwise masks do. */
const SPARSE_SHARE = 1 / 16;

function matchPositions(ix: ListIndex, f: AccountFilterInput, now: number, sparseShare = SPARSE_SHARE): Matches {
  const steps = filterSteps(ix, f, now);
  if (steps.length === 0) return { kind: "all" };
  let best = -1;
  steps.forEach((s, k) => {
    if ("estimate" in s && (best < 0 || s.estimate < (steps[best] as { estimate: number }).estimate)) best = k;
  });
  const driver = best >= 0 ? (steps[best] as Step & { estimate: number }) : null;
  if (driver && driver.estimate <= ix.n * sparseShare) {
    let cand = listOf(ix, driver);
    for (const s of steps) if (s !== driver) cand = filterCandidates(ix, s, cand);
    return { kind: "list", positions: cand };
  }
  const mask = new Uint8Array(ix.n).fill(1);
  let count = ix.n;
  // Cheap column checks first; the text search last, when the others have narrowed nothing it needs.
  const ordered = [...steps].sort((a, b) => (a.kind === "text" ? 1 : 0) - (b.kind === "text" ? 1 : 0));
  for (const s of ordered) count = maskStep(ix, s, mask, count);
  return { kind: "mask", mask, count };
}

export interface IndexPage {
  accountIds: number[];
  total: number;
  page: number;
}

function matchCount(ix: ListIndex, m: Matches): number {
  return m.kind === "all" ? ix.n : m.kind === "list" ? m.positions.length : m.count;
}

/** The matching positions in list order, from the `from`-th match on. */
function* walk(ix: ListIndex, m: Matches, sort: AccountListQuery["sort"], from: number): Generator<number> {
  const order = orderFor(ix, sort);
  const n = ix.n;
  if (m.kind === "all") {
    for (let k = from; k < n; k++) yield order ? order[k]! : sort.desc ? k : n - 1 - k;
    return;
  }
  if (!order && m.kind === "list") {
    // Score order: positions are ranks; ascending score reads them backwards.
    const c = m.positions;
    for (let k = from; k < c.length; k++) yield c[sort.desc ? k : c.length - 1 - k]!;
    return;
  }
  let mask: Uint8Array;
  if (m.kind === "mask") mask = m.mask;
  else {
    mask = new Uint8Array(n);
    for (let k = 0; k < m.positions.length; k++) mask[m.positions[k]!] = 1;
  }
  let seen = 0;
  for (let k = 0; k < n; k++) {
    const p = order ? order[k]! : sort.desc ? k : n - 1 - k;
    if (!mask[p] || seen++ < from) continue;
    yield p;
  }
}

/**
 * One page of the list from the index: exact total, page clamped to the last one. `sparseShare`
 * (tests) forces the candidate-list strategy (1) or the mask strategy (0).
 */
export function queryListIndex(ix: ListIndex, q: AccountListQuery, opts: { sparseShare?: number } = {}): IndexPage {
  const m = matchPositions(ix, q.filters, q.now, opts.sparseShare);
  const total = matchCount(ix, m);
  const last = Math.max(1, Math.ceil(total / q.perPage));
  const page = Math.min(Math.max(1, Math.floor(q.page)), last);
  const ids: number[] = [];
  for (const p of walk(ix, m, q.sort, (page - 1) * q.perPage)) {
    ids.push(ix.accountId[p]!);
    if (ids.length === q.perPage) break;
  }
  return { accountIds: ids, total, page };
}

/** Every matching account id in list order, lazily, in chunks. */
export function* iterateListIndex(ix: ListIndex, q: Omit<AccountListQuery, "page" | "perPage">, chunk = 1000): Generator<number[]> {
  let buf: number[] = [];
  for (const p of walk(ix, matchPositions(ix, q.filters, q.now), q.sort, 0)) {
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
  const approx = slot.ready?.n ?? (await countRanked(handle, modelId));
  const promise = startBuild(handle, slot, key);
  if (opts.wait || approx <= INLINE_BUILD_MAX) return promise;
  promise.catch((err: unknown) => console.error("account list index build failed", err));
  return null;
}

/** The latest index of a model even if stale (for filter options), or null. */
export function peekListIndex(handle: DbHandle, modelId: number): ListIndex | null {
  return slotFor(handle, modelId).ready;
}

/** Distinct values of a categorical column with their counts, most frequent first. */
export function indexFacet(ix: ListIndex, column: "industry" | "country" | "region" | "tag"): { value: string; count: number }[] {
  const { dict: d, inv } = column === "tag" ? ix.tags : ix[column];
  return d.values
    .map((value, c) => ({ value, count: inv.offsets[c + 1]! - inv.offsets[c]! }))
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

export { hasNoFilters };
