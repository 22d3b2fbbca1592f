/**
 * Loads the columnar ScoringSnapshot (lib/snapshot.ts) from the database: every account with its
 * tags, contacts, activities, intent signals and opportunities, in typed arrays. Each table is read
 * once with a plain scan (no per-account queries), then grouped per account with a counting sort.
 * The result is cached per process and keyed by the data version, which every import, API upsert and
 * account change bumps (db/mutations/data-version.ts), so several app instances stay coherent.
 */
import type { Column, ScoringSnapshot } from "@/lib/snapshot";
import type { DbHandle } from "./client";
import { getDataVersion } from "./mutations/data-version";
import { streamRows } from "./stream";

class Growable<T extends Float64Array | Int32Array | Float32Array | Uint8Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T, initial = 1024) {
    this.data = make(initial);
  }
  push(v: number) {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  code(v: unknown): number {
    if (v == null || v === "") return -1;
    const s = String(v);
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(s);
      this.index.set(s, c);
    }
    return c;
  }
}

const num = (v: unknown) => (v == null || v === "" ? NaN : Number(v));

/**
 * Groups child records by account position with a stable counting sort; returns CSR offsets and
 * the permutation that orders the children account by account.
 */
function groupByAccount(n: number, owner: Int32Array): { offsets: Int32Array; order: Int32Array } {
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < owner.length; k++) offsets[owner[k]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, n);
  const order = new Int32Array(owner.length);
  for (let k = 0; k < owner.length; k++) order[cursor[owner[k]!]!++] = k;
  return { offsets, order };
}

/** Reorders each account's run by time (most runs arrive sorted; checked first, sorted only if not). */
function sortRunsByTime(offsets: Int32Array, order: Int32Array, at: Float64Array) {
  for (let i = 0; i + 1 < offsets.length; i++) {
    const a = offsets[i]!;
    const b = offsets[i + 1]!;
    let sorted = true;
    for (let k = a + 1; k < b; k++) if (at[order[k]!]! < at[order[k - 1]!]!) { sorted = false; break; }
    if (!sorted) {
      const run = Array.from(order.subarray(a, b)).sort((x, y) => at[x]! - at[y]! || x - y);
      order.set(run, a);
    }
  }
}

type NumberArray = Float64Array | Int32Array | Float32Array | Uint8Array;

/**
 * A typed array constructor's arrays on a SharedArrayBuffer: the child records (by far the largest
 * part of a snapshot) are built there, so scoring threads read them without a copy
 * (db/jobs/score-pool.ts). Plain reads and writes cost the same as on an ArrayBuffer.
 */
function shared<T extends NumberArray>(C: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }): (n: number) => T {
  return (n) => new C(new SharedArrayBuffer(n * C.BYTES_PER_ELEMENT));
}

function permute<T extends NumberArray>(src: T, order: Int32Array, make: (n: number) => T): T {
  const out = make(order.length);
  for (let k = 0; k < order.length; k++) out[k] = src[order[k]!]!;
  return out;
}

/** Reads the whole snapshot from the database (no cache). */
export async function loadSnapshot(handle: DbHandle): Promise<ScoringSnapshot> {
  // Accounts, in id order.
  const ids = new Growable((n) => new Int32Array(n));
  const createdAt = new Growable((n) => new Float64Array(n));
  const cat = { industry: new Dictionary(), country: new Dictionary(), region: new Dictionary(), lifecycleStage: new Dictionary(), ownerId: new Dictionary() };
  const catCodes = { industry: new Growable((n) => new Int32Array(n)), country: new Growable((n) => new Int32Array(n)), region: new Growable((n) => new Int32Array(n)), lifecycleStage: new Growable((n) => new Int32Array(n)), ownerId: new Growable((n) => new Int32Array(n)) };
  const nums = { employeeCount: new Growable((n) => new Float64Array(n)), annualRevenue: new Growable((n) => new Float64Array(n)), foundedYear: new Growable((n) => new Float64Array(n)) };
  const custom = new Map<string, { values: unknown[]; numeric: boolean }>();
  let n = 0;
  for await (const batch of streamRows(
    handle,
    "SELECT id, created_at, industry, country, region, lifecycle_stage, owner_id, employee_count, annual_revenue, founded_year, custom FROM accounts ORDER BY id",
  )) {
    for (const r of batch) {
      ids.push(r[0] as number);
      createdAt.push(num(r[1]));
      catCodes.industry.push(cat.industry.code(r[2]));
      catCodes.country.push(cat.country.code(r[3]));
      catCodes.region.push(cat.region.code(r[4]));
      catCodes.lifecycleStage.push(cat.lifecycleStage.code(r[5]));
      catCodes.ownerId.push(cat.ownerId.code(r[6]));
      nums.employeeCount.push(num(r[7]));
      nums.annualRevenue.push(num(r[8]));
      nums.foundedYear.push(num(r[9]));
      const c = r[10];
      if (c && c !== "{}") {
        const obj = (typeof c === "string" ? JSON.parse(c) : c) as Record<string, unknown>;
        for (const [k, v] of Object.entries(obj)) {
          if (v == null || v === "" || typeof v === "object") continue;
          let col = custom.get(k);
          if (!col) custom.set(k, (col = { values: [], numeric: true }));
          col.values[n] = v;
          if (typeof v !== "number") col.numeric = false;
        }
      }
      n++;
    }
  }
  const accountIds = ids.done();
  const maxId = accountIds.length ? accountIds[accountIds.length - 1]! : 0;
  const pos = new Int32Array(maxId + 1).fill(-1);
  for (let i = 0; i < n; i++) pos[accountIds[i]!] = i;
  const at = (id: unknown) => {
    const i = typeof id === "number" && id <= maxId ? pos[id]! : -1;
    return i;
  };

  const attributes: Record<string, Column> = {};
  for (const k of Object.keys(cat) as (keyof typeof cat)[]) attributes[k] = { kind: "category", codes: catCodes[k].done(), dict: cat[k].values };
  for (const k of Object.keys(nums) as (keyof typeof nums)[]) attributes[k] = { kind: "number", values: nums[k].done() };
  for (const [k, col] of custom) {
    if (k in attributes) continue;
    if (col.numeric) {
      const values = new Float64Array(n).fill(NaN);
      col.values.forEach((v, i) => (values[i] = Number(v)));
      attributes[k] = { kind: "number", values };
    } else {
      const d = new Dictionary();
      const codes = new Int32Array(n).fill(-1);
      col.values.forEach((v, i) => (codes[i] = d.code(v)));
      attributes[k] = { kind: "category", codes, dict: d.values };
    }
  }

  // Tags.
  const tagOwner = new Growable(shared(Int32Array));
  const tagCode = new Growable(shared(Int32Array));
  const tagDict = new Dictionary();
  for await (const batch of streamRows(handle, "SELECT account_id, tag FROM account_tags")) {
    for (const r of batch) {
      const i = at(r[0]);
      if (i < 0) continue;
      tagOwner.push(i);
      tagCode.push(tagDict.code(r[1]));
    }
  }
  const tg = groupByAccount(n, tagOwner.done());
  const tags = { offsets: tg.offsets, codes: permute(tagCode.done(), tg.order, shared(Int32Array)), dict: tagDict.values };

  // Contacts (global positions after grouping; activities refer to them by id).
  const cId = new Growable(shared(Int32Array));
  const cOwner = new Growable(shared(Int32Array));
  const roleD = new Dictionary(), senD = new Dictionary(), depD = new Dictionary();
  const cRole = new Growable(shared(Int32Array)), cSen = new Growable(shared(Int32Array)), cDep = new Growable(shared(Int32Array));
  const cTitle: string[] = [];
  for await (const batch of streamRows(handle, "SELECT id, account_id, buying_role, seniority, department, title FROM contacts")) {
    for (const r of batch) {
      const i = at(r[1]);
      if (i < 0) continue;
      cId.push(r[0] as number);
      cOwner.push(i);
      cRole.push(roleD.code(r[2]));
      cSen.push(senD.code(r[3]));
      cDep.push(depD.code(r[4]));
      cTitle.push((r[5] as string | null) ?? "");
    }
  }
  const cg = groupByAccount(n, cOwner.done());
  const contactIds = permute(cId.done(), cg.order, shared(Int32Array));
  let maxContactId = 0;
  for (let k = 0; k < contactIds.length; k++) if (contactIds[k]! > maxContactId) maxContactId = contactIds[k]!;
  const contactPos = new Int32Array(maxContactId + 1).fill(-1);
  for (let k = 0; k < contactIds.length; k++) contactPos[contactIds[k]!] = k;
  const contacts = {
    offsets: cg.offsets,
    buyingRole: permute(cRole.done(), cg.order, shared(Int32Array)),
    seniority: permute(cSen.done(), cg.order, shared(Int32Array)),
    department: permute(cDep.done(), cg.order, shared(Int32Array)),
    title: Array.from(cg.order, (k) => cTitle[k]!),
    buyingRoleDict: roleD.values,
    seniorityDict: senD.values,
    departmentDict: depD.values,
  };

  // Activities.
  const aOwner = new Growable((m) => new Int32Array(m), 1 << 16);
  const aType = new Growable((m) => new Int32Array(m), 1 << 16);
  const aAt = new Growable((m) => new Float64Array(m), 1 << 16);
  const aContact = new Growable((m) => new Int32Array(m), 1 << 16);
  const typeD = new Dictionary();
  for await (const batch of streamRows(handle, "SELECT account_id, type, occurred_at, contact_id FROM activities")) {
    for (const r of batch) {
      const i = at(r[0]);
      if (i < 0) continue;
      aOwner.push(i);
      aType.push(typeD.code(r[1]));
      aAt.push(Number(r[2]));
      const c = r[3] as number | null;
      aContact.push(c != null && c <= maxContactId ? contactPos[c]! : -1);
    }
  }
  const ag = groupByAccount(n, aOwner.done());
  const aAtRaw = aAt.done();
  sortRunsByTime(ag.offsets, ag.order, aAtRaw);
  const activities = {
    offsets: ag.offsets,
    type: permute(aType.done(), ag.order, shared(Int32Array)),
    at: permute(aAtRaw, ag.order, shared(Float64Array)),
    contact: permute(aContact.done(), ag.order, shared(Int32Array)),
    typeDict: typeD.values,
  };

  // Intent signals.
  const iOwner = new Growable(shared(Int32Array));
  const iTopic = new Growable(shared(Int32Array));
  const iStrength = new Growable(shared(Float32Array));
  const iAt = new Growable(shared(Float64Array));
  const topicD = new Dictionary();
  for await (const batch of streamRows(handle, "SELECT account_id, topic, strength, observed_at FROM intent_signals")) {
    for (const r of batch) {
      const i = at(r[0]);
      if (i < 0) continue;
      iOwner.push(i);
      iTopic.push(topicD.code(r[1]));
      iStrength.push(Number(r[2]));
      iAt.push(Number(r[3]));
    }
  }
  const ig = groupByAccount(n, iOwner.done());
  const iAtRaw = iAt.done();
  sortRunsByTime(ig.offsets, ig.order, iAtRaw);
  const intents = {
    offsets: ig.offsets,
    topic: permute(iTopic.done(), ig.order, shared(Int32Array)),
    strength: permute(iStrength.done(), ig.order, shared(Float32Array)),
    at: permute(iAtRaw, ig.order, shared(Float64Array)),
    topicDict: topicD.values,
  };

  // Opportunities.
  const oOwner = new Growable(shared(Int32Array));
  const oStage = new Growable(shared(Uint8Array));
  const oAmount = new Growable(shared(Float64Array));
  const oCreated = new Growable(shared(Float64Array));
  const oClosed = new Growable(shared(Float64Array));
  const STAGE: Record<string, number> = { open: 0, won: 1, lost: 2 };
  for await (const batch of streamRows(handle, "SELECT account_id, stage, amount, opened_at, closed_at FROM opportunities")) {
    for (const r of batch) {
      const i = at(r[0]);
      if (i < 0) continue;
      oOwner.push(i);
      oStage.push(STAGE[String(r[1])] ?? 0);
      oAmount.push(num(r[2]));
      oCreated.push(num(r[3]));
      oClosed.push(num(r[4]));
    }
  }
  const og = groupByAccount(n, oOwner.done());
  const oCreatedRaw = oCreated.done();
  sortRunsByTime(og.offsets, og.order, oCreatedRaw);
  const opportunities = {
    offsets: og.offsets,
    stage: permute(oStage.done(), og.order, shared(Uint8Array)),
    amount: permute(oAmount.done(), og.order, shared(Float64Array)),
    createdAt: permute(oCreatedRaw, og.order, shared(Float64Array)),
    closedAt: permute(oClosed.done(), og.order, shared(Float64Array)),
  };

  return { n, accountIds, createdAt: createdAt.done(), attributes, tags, activities, intents, opportunities, contacts };
}

const cache = globalThis as unknown as { __lodestarSnapshot?: { key: string; version: number; promise: Promise<ScoringSnapshot> } };

/**
 * The snapshot for the current data version, loaded once and shared by concurrent callers; reloaded
 * after any data change.
 */
export async function getSnapshot(handle: DbHandle): Promise<ScoringSnapshot> {
  const version = await getDataVersion(handle);
  const hit = cache.__lodestarSnapshot;
  if (hit && hit.key === handle.url && hit.version === version) return hit.promise;
  const promise = loadSnapshot(handle);
  cache.__lodestarSnapshot = { key: handle.url, version, promise };
  promise.catch(() => {
    if (cache.__lodestarSnapshot?.promise === promise) cache.__lodestarSnapshot = undefined;
  });
  return promise;
}
