/**
 * The rule-based scoring engine: definition + snapshot + date → 0–100 scores with explanations.
 *
 * Normalisation. Every enabled criterion yields raw points. A category's raw points are the sum of
 * its criteria; its attainable maximum is fixed by the model (`attainableMaxima`), so the same raw
 * points always mean the same sub-score whatever the account. sub = clamp(raw / max, 0, 1) × 100 and
 * total = Σ w·sub / Σ w over the categories with weight > 0 and max > 0.
 *
 * Point in time. Scoring "as of T" uses only data dated strictly before T: activities and intent
 * signals with at < T (decay age = T − at, lookback keeps age ≤ window), opportunities as
 * `stageAsOf` sees them. Account attributes and tags have no history in the snapshot, so they are
 * their current values whatever T is.
 *
 * Precision. Scores are displayed with one decimal (`roundScore`); the stored score and its band are
 * those of the displayed value, and the explanation's contributions, rounded with the
 * largest-remainder method, add up exactly (in tenths) to it.
 *
 * Speed. `compileModel` binds the definition to the snapshot's dictionaries once (per-type point
 * tables, lookup tables per attribute code, precomputed decay rates); `scoreAll` is then one pass
 * over the snapshot's typed arrays. `scoreAccount` runs the very same kernel for one account, which
 * is why both always agree.
 */
import { OPPORTUNITY_STAGE, type CategoricalColumn, type ScoringSnapshot } from "@/lib/snapshot";
import { SCORE_CATEGORIES, type BandDefinition, type ScoreCategory } from "@/lib/vocabulary";
import {
  attainableMaxima,
  criterionMaxPoints,
  normalizeKey,
  type AttributeCriterion,
  type ContactRollupCriterion,
  type Criterion,
  type RuleModelDefinition,
} from "./model";

/** Number of decimals of a displayed score. */
export const SCORE_DECIMALS = 1;
const SCALE = 10 ** SCORE_DECIMALS;
const DAY_MS = 86_400_000;

/** Round a score (or sub-score) to display precision; the value every stored score is held at. */
export function roundScore(x: number): number {
  // `+ 0` turns the -0 of Math.round(-0.04) into 0 so that it prints and compares as "0".
  return Math.round(x * SCALE) / SCALE + 0;
}

/** Index of the band a (displayed) score falls in; bands are highest first and the last starts at 0. */
export function bandOf(score: number, bands: readonly BandDefinition[]): number {
  for (let b = 0; b < bands.length; b++) if (score >= bands[b].min) return b;
  return bands.length - 1;
}

/**
 * Round each value to display precision so that the rounded parts add up exactly to `total`
 * (largest-remainder method: round every value down, then give the missing tenths to the largest
 * remainders, ties to the first). `total` should be the rounded sum of `values`; each part then stays
 * within 0.1 of its value. Exact in integer tenths; as floats the parts' sum may differ from `total`
 * by a few ulps, so compare with `roundScore`.
 */
export function apportion(values: readonly number[], total: number): number[] {
  const target = Math.round(total * SCALE);
  const n = values.length;
  const units = new Array<number>(n);
  const frac = new Array<number>(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const v = values[k] * SCALE;
    const f = Math.floor(v);
    units[k] = f;
    frac[k] = v - f;
    sum += f;
  }
  let rest = target - sum;
  if (n > 0 && rest !== 0) {
    const order = Array.from({ length: n }, (_, k) => k);
    if (rest > 0) order.sort((a, b) => frac[b] - frac[a] || a - b);
    else order.sort((a, b) => frac[a] - frac[b] || a - b);
    const step = rest > 0 ? 1 : -1;
    for (let k = 0; rest !== 0; k = (k + 1) % n) {
      units[order[k]] += step;
      rest -= step;
    }
  }
  return units.map((u) => u / SCALE + 0);
}

/** One line of an explanation. */
export interface Contribution {
  /** The criterion's id, or `@cap:<category>` / `@floor:<category>` for a clamp adjustment. */
  criterionId: string;
  label: string;
  category: ScoreCategory;
  kind: "criterion" | "adjustment";
  /** Points in final score units (after decay, caps, normalisation and weighting), display precision. */
  points: number;
  /** Points in the model's own units (after decay and caps, before normalisation). */
  raw: number;
  /** Whether the criterion found something to score (a matching attribute, events, an engaged contact…). */
  matched: boolean;
  /** Human-readable evidence, e.g. "3 demo requests, last 4 days ago". */
  detail: string;
}

/** The score of one account with its explanation. */
export interface AccountScore {
  /** 0–100 at display precision. */
  score: number;
  /** Label of the band the displayed score falls in. */
  band: string;
  /** Index of that band in `def.bands`. */
  bandIndex: number;
  /** 0–100 per category at display precision (0 for a category that cannot score). */
  subScores: Record<ScoreCategory, number>;
  /** One line per enabled criterion (definition order), then clamp adjustments; sums exactly to `score`. */
  contributions: Contribution[];
}

/** Scores of every account of a snapshot, by account position. */
export interface ScoreColumns {
  /** 0–100 at display precision (as Float32). */
  scores: Float32Array;
  /** Index into `def.bands`. */
  bands: Uint8Array;
  fit: Float32Array;
  engagement: Float32Array;
  intent: Float32Array;
  relationship: Float32Array;
}

/** A contact's lead score under a roll-up criterion. */
export interface ContactLeadScore {
  /** Global contact position in the snapshot. */
  contact: number;
  leadScore: number;
  engaged: boolean;
}

const ATTR_TABLE = 0;
const ATTR_RANGE = 1;
const ATTR_IN = 2;
const ATTR_NOT_IN = 3;
const ATTR_NEVER = 4;

const ROLL_CAPPED_SUM = 0;
const ROLL_MAX = 1;
const ROLL_AVERAGE = 2;
const ROLL_TOP_N = 3;
const ROLL_ROLES = 4;
const ROLLUP_METHODS = ["capped_sum", "max", "average", "top_n", "role_coverage"] as const;

const EMPTY_I32 = new Int32Array(0);
const EMPTY_F64 = new Float64Array(0);
const EMPTY_U8 = new Uint8Array(0);

interface TitleRule {
  needles: string[];
  points: number;
}

/** Per-criterion lists of positions grouped by a dictionary code, stored CSR-style. */
interface CodeTable {
  start: Int32Array;
  slot: Int32Array;
  points: Float64Array;
  window: Float64Array;
  rate: Float64Array;
  minStrength: Float64Array;
}

function categoricalColumn(s: ScoringSnapshot, name: string): CategoricalColumn | null {
  const col = s.attributes[name];
  return col && col.kind === "category" ? col : null;
}

/** Boolean table over a dictionary: 1 where the normalised value is in `wanted`. */
function dictTable(dict: readonly string[], wanted: Iterable<string>): Uint8Array {
  const set = new Set<string>();
  for (const w of wanted) set.add(normalizeKey(w));
  const table = new Uint8Array(dict.length);
  for (let c = 0; c < dict.length; c++) if (set.has(normalizeKey(dict[c] ?? ""))) table[c] = 1;
  return table;
}

function asNumber(v: string | number): number {
  if (typeof v === "number") return v;
  const t = v.trim();
  return t === "" ? NaN : Number(t);
}

function windowMs(days: number | undefined): number {
  return days === undefined ? Infinity : days * DAY_MS;
}

function decayRate(halfLifeDays: number | undefined): number {
  // exp(-age·ln2/h) = 2^(-age/h); a rate of 0 means "no decay" and skips the exp.
  return halfLifeDays === undefined ? 0 : Math.LN2 / (halfLifeDays * DAY_MS);
}

function buildCodeTable(
  dictSize: number,
  entries: { codes: Uint8Array; slot: number; points: number; window: number; rate: number; minStrength: number }[],
): CodeTable {
  const start = new Int32Array(dictSize + 1);
  for (const e of entries) for (let c = 0; c < dictSize; c++) if (e.codes[c]) start[c + 1]++;
  for (let c = 0; c < dictSize; c++) start[c + 1] += start[c];
  const total = start[dictSize];
  const t: CodeTable = {
    start,
    slot: new Int32Array(total),
    points: new Float64Array(total),
    window: new Float64Array(total),
    rate: new Float64Array(total),
    minStrength: new Float64Array(total),
  };
  const fill = start.slice(0, dictSize);
  for (const e of entries) {
    for (let c = 0; c < dictSize; c++) {
      if (!e.codes[c]) continue;
      const k = fill[c]++;
      t.slot[k] = e.slot;
      t.points[k] = e.points;
      t.window[k] = e.window;
      t.rate[k] = e.rate;
      t.minStrength[k] = e.minStrength;
    }
  }
  return t;
}

/**
 * A definition bound to one snapshot's dictionaries, ready to score any account of that snapshot
 * at any date. Build it once with `compileModel` and reuse it (e.g. for every cutoff of a backtest).
 * Not safe to share between concurrent workers: it owns scratch buffers.
 */
export class CompiledModel {
  /** The definition this was compiled from. */
  readonly def: RuleModelDefinition;
  /** The snapshot whose dictionary codes the tables refer to. */
  readonly snapshot: ScoringSnapshot;
  /** Enabled criteria in definition order; a criterion's position here is its slot. */
  readonly criteria: readonly Criterion[];
  /** Attainable maximum per slot. */
  readonly slotMax: Float64Array;
  /** Final-score units per raw point, per slot (0 when its category does not count). */
  readonly slotUnit: Float64Array;
  /** Category index (order of SCORE_CATEGORIES) per slot. */
  readonly slotCategory: Uint8Array;
  /** Attainable maximum per category. */
  readonly categoryMax: Float64Array;
  /** Normalised weight per category (sums to 1 over the categories that count). */
  readonly categoryWeight: Float64Array;
  /** Final-score units per raw point of a category (100·weight / max, or 0). */
  readonly categoryUnit: Float64Array;
  private readonly bandMins: Float64Array;

  // Kernel outputs for the last account run, by slot.
  private readonly raw: Float64Array;
  private readonly acc: Float64Array;
  private readonly cnt: Float64Array;
  private readonly last: Float64Array;
  private readonly aux: Float64Array;
  private readonly catRaw = new Float64Array(4);
  private readonly sub = new Float64Array(4);

  private readonly cappedSlots: Int32Array;
  private readonly cappedCap: Float64Array;

  private readonly attrSlot: Int32Array;
  private readonly attrMode: Uint8Array;
  private readonly attrPoints: Float64Array;
  private readonly attrCodes: Int32Array[];
  private readonly attrTable: Uint8Array[];
  private readonly attrNums: Float64Array[];
  private readonly attrLo: Float64Array;
  private readonly attrHi: Float64Array;
  private readonly attrSet: Float64Array[];

  private readonly tagSlot: Int32Array;
  private readonly tagAll: Uint8Array;
  private readonly tagNeed: Int32Array;
  private readonly tagPoints: Float64Array;
  private readonly tagWant: Int32Array[];
  private readonly tagStamp: Int32Array[];
  private stampId = 0;

  private readonly act: CodeTable;
  private readonly needActivities: boolean;
  private readonly intent: CodeTable;

  private readonly wonSlot: Int32Array;
  private readonly wonPoints: Float64Array;
  private readonly wonWindow: Float64Array;
  private readonly openSlot: Int32Array;
  private readonly openPoints: Float64Array;

  private readonly custSlot: Int32Array;
  private readonly custPoints: Float64Array;
  private readonly custTable: Uint8Array[];
  private readonly lifecycleCodes: Int32Array;

  private readonly rollSlot: Int32Array;
  private readonly rollMethod: Uint8Array;
  private readonly rollCap: Float64Array;
  private readonly rollN: Int32Array;
  private readonly rollPerRole: Float64Array;
  private readonly rollWindow: Float64Array;
  private readonly rollMinLead: Float64Array;
  private readonly rollActPoints: Float64Array;
  private readonly rollActCap: Float64Array;
  private readonly rollActRate: Float64Array;
  private readonly rollActMask: Uint8Array[];
  private readonly rollRolePts: Float64Array[];
  private readonly rollSenPts: Float64Array[];
  private readonly rollDepPts: Float64Array[];
  private readonly rollTitle: TitleRule[][];
  private readonly rollRoleId: Int32Array[];
  private readonly rollRoleStamp: Int32Array[];
  // Per-contact scratch of the current account, per roll-up criterion.
  private readonly rollContactAct: Float64Array[];
  private readonly rollContactEngaged: Uint8Array[];
  private readonly rollContactLead: Float64Array[];
  private readonly rollTop: Float64Array[];
  // Title points by title text: titles repeat a lot and lower-casing + searching is the costly part.
  private readonly rollTitleMemo: Map<string, number>[];
  // Static lead-score points (role, seniority, department, title) by global contact position, NaN
  // until computed; they do not depend on the date, so backtests reuse them across cutoffs.
  private rollStatic: Float64Array[] | null = null;

  constructor(def: RuleModelDefinition, snapshot: ScoringSnapshot) {
    if (def.schemaVersion !== 1) throw new Error(`unsupported model schemaVersion ${String(def.schemaVersion)}`);
    this.def = def;
    this.snapshot = snapshot;
    // Defensive `!== false`: a definition that skipped parsing (no defaults) must not lose criteria.
    const criteria = def.criteria.filter((c) => c.enabled !== false);
    this.criteria = criteria;
    const nSlots = criteria.length;

    const maxima = attainableMaxima({ ...def, criteria });
    this.slotMax = Float64Array.from(criteria, (c) => criterionMaxPoints(c));
    this.slotCategory = Uint8Array.from(criteria, (c) => SCORE_CATEGORIES.indexOf(c.category));
    this.categoryMax = Float64Array.from(SCORE_CATEGORIES, (c) => maxima.categories[c]);
    let den = 0;
    for (let c = 0; c < 4; c++) {
      const w = def.categories[SCORE_CATEGORIES[c]].weight;
      if (w > 0 && this.categoryMax[c] > 0) den += w;
    }
    this.categoryWeight = Float64Array.from(SCORE_CATEGORIES, (cat, c) => {
      const w = def.categories[cat].weight;
      return den > 0 && w > 0 && this.categoryMax[c] > 0 ? w / den : 0;
    });
    this.categoryUnit = Float64Array.from(SCORE_CATEGORIES, (_, c) =>
      this.categoryWeight[c] > 0 ? (100 * this.categoryWeight[c]) / this.categoryMax[c] : 0,
    );
    this.slotUnit = Float64Array.from(criteria, (_, s) => this.categoryUnit[this.slotCategory[s]]);
    this.bandMins = Float64Array.from(def.bands, (b) => b.min);

    this.raw = new Float64Array(nSlots);
    this.acc = new Float64Array(nSlots);
    this.cnt = new Float64Array(nSlots);
    this.last = new Float64Array(nSlots);
    this.aux = new Float64Array(nSlots);

    const capped: { slot: number; cap: number }[] = [];
    const attrs: { slot: number; c: AttributeCriterion }[] = [];
    const tags: { slot: number; c: Extract<Criterion, { kind: "has_tag" }> }[] = [];
    const actEntries: Parameters<typeof buildCodeTable>[1] = [];
    const intentEntries: Parameters<typeof buildCodeTable>[1] = [];
    const won: Extract<Criterion, { kind: "won_deals" }>[] = [];
    const wonSlots: number[] = [];
    const opens: { slot: number; points: number }[] = [];
    const custs: { slot: number; status: string; points: number }[] = [];
    const rolls: { slot: number; c: ContactRollupCriterion }[] = [];
    const typeDict = snapshot.activities.typeDict;
    const topicDict = snapshot.intents.topicDict;

    criteria.forEach((c, slot) => {
      switch (c.kind) {
        case "attribute":
          attrs.push({ slot, c });
          break;
        case "has_tag":
          tags.push({ slot, c });
          break;
        case "activity":
          capped.push({ slot, cap: c.cap });
          actEntries.push({
            codes: dictTable(typeDict, c.activityTypes),
            slot,
            points: c.pointsPerEvent,
            window: windowMs(c.lookbackDays),
            rate: decayRate(c.halfLifeDays),
            minStrength: 0,
          });
          break;
        case "intent":
          capped.push({ slot, cap: c.cap });
          intentEntries.push({
            codes: dictTable(topicDict, c.topics),
            slot,
            points: c.points,
            window: windowMs(c.lookbackDays),
            rate: decayRate(c.halfLifeDays),
            minStrength: c.minStrength,
          });
          break;
        case "won_deals":
          capped.push({ slot, cap: c.cap });
          won.push(c);
          wonSlots.push(slot);
          break;
        case "open_opportunity":
          opens.push({ slot, points: c.points });
          break;
        case "customer_status":
          custs.push({ slot, status: c.status, points: c.points });
          break;
        case "contact_rollup":
          rolls.push({ slot, c });
          break;
      }
    });

    this.cappedSlots = Int32Array.from(capped, (e) => e.slot);
    this.cappedCap = Float64Array.from(capped, (e) => e.cap);

    // Attribute criteria: a categorical column becomes a 0/1 table over its dictionary codes (any
    // op, numeric ops parse the dictionary values); a numeric column becomes a range or a set test.
    this.attrSlot = Int32Array.from(attrs, (e) => e.slot);
    this.attrPoints = Float64Array.from(attrs, (e) => e.c.points);
    this.attrMode = new Uint8Array(attrs.length);
    this.attrLo = new Float64Array(attrs.length);
    this.attrHi = new Float64Array(attrs.length);
    this.attrCodes = [];
    this.attrTable = [];
    this.attrNums = [];
    this.attrSet = [];
    attrs.forEach(({ c }, a) => {
      const col = snapshot.attributes[c.attribute];
      let codes: Int32Array = EMPTY_I32;
      let table: Uint8Array = EMPTY_U8;
      let nums: Float64Array = EMPTY_F64;
      let set: Float64Array = EMPTY_F64;
      let mode = ATTR_NEVER;
      let lo = -Infinity;
      let hi = Infinity;
      if (c.op === "range") {
        lo = c.min ?? -Infinity;
        hi = c.max ?? Infinity;
      } else if (c.op === "at_least") lo = c.value;
      else if (c.op === "at_most") hi = c.value;
      if (col?.kind === "category") {
        mode = ATTR_TABLE;
        codes = col.codes;
        table = new Uint8Array(col.dict.length);
        const wanted = c.op === "equals" ? [c.value] : c.op === "in" || c.op === "not_in" ? c.values : [];
        const wantedStr = new Set(wanted.map((v) => normalizeKey(String(v))));
        const wantedNum = new Set(wanted.map(asNumber).filter((v) => !Number.isNaN(v)));
        col.dict.forEach((value, code) => {
          const key = normalizeKey(value ?? "");
          if (key === "") return; // an empty string is a missing value, whatever the importer did
          const num = asNumber(key);
          let m: boolean;
          switch (c.op) {
            case "equals":
            case "in":
              m = wantedStr.has(key) || wantedNum.has(num);
              break;
            case "not_in":
              m = !(wantedStr.has(key) || wantedNum.has(num));
              break;
            case "range":
            case "at_least":
            case "at_most":
              m = num >= lo && num <= hi;
              break;
            case "is_present":
              m = true;
              break;
          }
          table[code] = m ? 1 : 0;
        });
      } else if (col?.kind === "number") {
        nums = col.values;
        if (c.op === "equals" || c.op === "in" || c.op === "not_in") {
          const wanted = c.op === "equals" ? [c.value] : c.values;
          set = Float64Array.from(new Set(wanted.map(asNumber).filter((v) => !Number.isNaN(v))));
          mode = c.op === "not_in" ? ATTR_NOT_IN : ATTR_IN;
        } else mode = ATTR_RANGE;
      }
      this.attrMode[a] = mode;
      this.attrLo[a] = lo;
      this.attrHi[a] = hi;
      this.attrCodes.push(codes);
      this.attrTable.push(table);
      this.attrNums.push(nums);
      this.attrSet.push(set);
    });

    // Tags: each dictionary code maps to the index of the distinct wanted tag it names (or -1).
    const tagDict = snapshot.tags.dict;
    this.tagSlot = Int32Array.from(tags, (e) => e.slot);
    this.tagAll = Uint8Array.from(tags, (e) => (e.c.mode === "all" ? 1 : 0));
    this.tagPoints = Float64Array.from(tags, (e) => e.c.points);
    this.tagNeed = new Int32Array(tags.length);
    this.tagWant = [];
    this.tagStamp = [];
    tags.forEach(({ c }, t) => {
      const wanted = [...new Set(c.tags.map(normalizeKey))];
      const index = new Map(wanted.map((w, k) => [w, k]));
      const want = new Int32Array(tagDict.length).fill(-1);
      tagDict.forEach((v, code) => {
        const k = index.get(normalizeKey(v ?? ""));
        if (k !== undefined) want[code] = k;
      });
      this.tagNeed[t] = wanted.length;
      this.tagWant.push(want);
      this.tagStamp.push(new Int32Array(wanted.length));
    });

    this.act = buildCodeTable(typeDict.length, actEntries);
    this.intent = buildCodeTable(topicDict.length, intentEntries);
    this.needActivities = actEntries.length > 0 || rolls.length > 0;

    this.wonSlot = Int32Array.from(wonSlots);
    this.wonPoints = Float64Array.from(won, (c) => c.pointsPerDeal);
    this.wonWindow = Float64Array.from(won, (c) => windowMs(c.lookbackDays));
    this.openSlot = Int32Array.from(opens, (e) => e.slot);
    this.openPoints = Float64Array.from(opens, (e) => e.points);

    const lifecycle = categoricalColumn(snapshot, "lifecycleStage");
    this.lifecycleCodes = lifecycle?.codes ?? EMPTY_I32;
    this.custSlot = Int32Array.from(custs, (e) => e.slot);
    this.custPoints = Float64Array.from(custs, (e) => e.points);
    this.custTable = custs.map((e) => (lifecycle ? dictTable(lifecycle.dict, [e.status]) : EMPTY_U8));

    // Contact roll-ups: static lead-score points become tables over the role/seniority/department
    // dictionaries; scratch buffers are sized to the largest contact run of the snapshot.
    const ct = snapshot.contacts;
    let maxContacts = 0;
    for (let i = 0; i < snapshot.n; i++) maxContacts = Math.max(maxContacts, ct.offsets[i + 1] - ct.offsets[i]);
    const fieldTable = (c: ContactRollupCriterion, field: string, dict: readonly string[]) => {
      const t = new Float64Array(dict.length);
      for (const rule of c.leadScore.rules) {
        if (rule.field !== field) continue;
        const hit = dictTable(dict, rule.values);
        for (let k = 0; k < dict.length; k++) if (hit[k]) t[k] += rule.points;
      }
      return t;
    };
    this.rollSlot = Int32Array.from(rolls, (e) => e.slot);
    this.rollMethod = Uint8Array.from(rolls, (e) => ROLLUP_METHODS.indexOf(e.c.rollup.method));
    this.rollCap = Float64Array.from(rolls, (e) => ("cap" in e.c.rollup ? e.c.rollup.cap : Infinity));
    this.rollN = Int32Array.from(rolls, (e) => (e.c.rollup.method === "top_n" ? e.c.rollup.n : 0));
    this.rollPerRole = Float64Array.from(rolls, (e) =>
      e.c.rollup.method === "role_coverage" ? e.c.rollup.pointsPerRole : 0,
    );
    this.rollWindow = Float64Array.from(rolls, (e) => windowMs(e.c.lookbackDays));
    this.rollMinLead = Float64Array.from(rolls, (e) => e.c.minLeadScore ?? NaN);
    this.rollActPoints = Float64Array.from(rolls, (e) => e.c.leadScore.activity?.pointsPerEvent ?? 0);
    this.rollActCap = Float64Array.from(rolls, (e) => e.c.leadScore.activity?.cap ?? 0);
    this.rollActRate = Float64Array.from(rolls, (e) => decayRate(e.c.leadScore.activity?.halfLifeDays));
    this.rollActMask = rolls.map(({ c }) => {
      const a = c.leadScore.activity;
      if (!a) return new Uint8Array(typeDict.length);
      return a.activityTypes ? dictTable(typeDict, a.activityTypes) : new Uint8Array(typeDict.length).fill(1);
    });
    this.rollRolePts = rolls.map(({ c }) => fieldTable(c, "buying_role", ct.buyingRoleDict));
    this.rollSenPts = rolls.map(({ c }) => fieldTable(c, "seniority", ct.seniorityDict));
    this.rollDepPts = rolls.map(({ c }) => fieldTable(c, "department", ct.departmentDict));
    this.rollTitle = rolls.map(({ c }) =>
      c.leadScore.rules
        .filter((r) => r.field === "title_contains")
        .map((r) => ({ needles: r.values.map(normalizeKey), points: r.points })),
    );
    this.rollRoleId = [];
    this.rollRoleStamp = [];
    for (const { c } of rolls) {
      // Distinct roles are counted by normalised name so "Champion" and "champion" are one role.
      const roles = c.rollup.method === "role_coverage" && c.rollup.roles ? new Set(c.rollup.roles.map(normalizeKey)) : null;
      const ids = new Map<string, number>();
      const roleId = new Int32Array(ct.buyingRoleDict.length).fill(-1);
      ct.buyingRoleDict.forEach((v, code) => {
        const key = normalizeKey(v ?? "");
        if (key === "" || (roles && !roles.has(key))) return;
        if (!ids.has(key)) ids.set(key, ids.size);
        roleId[code] = ids.get(key)!;
      });
      this.rollRoleId.push(roleId);
      this.rollRoleStamp.push(new Int32Array(ids.size));
    }
    this.rollContactAct = rolls.map(() => new Float64Array(maxContacts));
    this.rollContactEngaged = rolls.map(() => new Uint8Array(maxContacts));
    this.rollContactLead = rolls.map(() => new Float64Array(maxContacts));
    this.rollTop = rolls.map((e) => new Float64Array(e.c.rollup.method === "top_n" ? e.c.rollup.n : 0));
    this.rollTitleMemo = rolls.map(() => new Map<string, number>());
  }

  private nextStamp(): number {
    if (this.stampId >= 0x3fffffff) {
      this.stampId = 0;
      for (const s of this.tagStamp) s.fill(0);
      for (const s of this.rollRoleStamp) s.fill(0);
    }
    return ++this.stampId;
  }

  /**
   * Compute every slot's raw points for account i as of T (kernel shared by all entry points).
   * @internal
   */
  run(i: number, asOf: number): void {
    const snap = this.snapshot;
    const raw = this.raw;
    const acc = this.acc;
    const cnt = this.cnt;
    const last = this.last;
    const aux = this.aux;
    for (let s = 0; s < raw.length; s++) {
      raw[s] = 0;
      acc[s] = 0;
      cnt[s] = 0;
      aux[s] = 0;
      last[s] = -Infinity;
    }
    const stamp = this.nextStamp();

    const nAttr = this.attrSlot.length;
    for (let a = 0; a < nAttr; a++) {
      let m = false;
      switch (this.attrMode[a]) {
        case ATTR_TABLE: {
          const code = this.attrCodes[a][i];
          m = code >= 0 && this.attrTable[a][code] === 1;
          break;
        }
        case ATTR_RANGE: {
          const v = this.attrNums[a][i];
          m = v >= this.attrLo[a] && v <= this.attrHi[a];
          break;
        }
        case ATTR_IN:
        case ATTR_NOT_IN: {
          const v = this.attrNums[a][i];
          if (v !== v) break; // missing never matches, not even "not in"
          const set = this.attrSet[a];
          let found = false;
          for (let k = 0; k < set.length; k++) if (set[k] === v) found = true;
          m = this.attrMode[a] === ATTR_IN ? found : !found;
          break;
        }
      }
      if (m) {
        const s = this.attrSlot[a];
        raw[s] = this.attrPoints[a];
        cnt[s] = 1;
      }
    }

    const nTag = this.tagSlot.length;
    if (nTag > 0) {
      const tg = snap.tags;
      const ts = tg.offsets[i];
      const te = tg.offsets[i + 1];
      for (let t = 0; t < nTag; t++) {
        const want = this.tagWant[t];
        const seen = this.tagStamp[t];
        let found = 0;
        for (let k = ts; k < te; k++) {
          const code = tg.codes[k];
          if (code < 0) continue;
          const w = want[code];
          if (w >= 0 && seen[w] !== stamp) {
            seen[w] = stamp;
            found++;
          }
        }
        const s = this.tagSlot[t];
        cnt[s] = found;
        if (this.tagAll[t] === 1 ? found === this.tagNeed[t] : found > 0) raw[s] = this.tagPoints[t];
      }
    }

    const nRoll = this.rollSlot.length;
    const ct = snap.contacts;
    const cs = nRoll > 0 ? ct.offsets[i] : 0;
    const nc = nRoll > 0 ? ct.offsets[i + 1] - cs : 0;
    for (let r = 0; r < nRoll; r++) {
      const act = this.rollContactAct[r];
      const eng = this.rollContactEngaged[r];
      for (let local = 0; local < nc; local++) {
        act[local] = 0;
        eng[local] = 0;
      }
    }

    if (this.needActivities) {
      const av = snap.activities;
      const typeArr = av.type;
      const atArr = av.at;
      const contactArr = av.contact;
      const tStart = this.act.start;
      const tSlot = this.act.slot;
      const tPts = this.act.points;
      const tWin = this.act.window;
      const tRate = this.act.rate;
      const as = av.offsets[i];
      const ae = av.offsets[i + 1];
      for (let k = as; k < ae; k++) {
        const at = atArr[k];
        if (!(at < asOf)) continue;
        const age = asOf - at;
        const type = typeArr[k];
        if (type < 0) continue;
        for (let j = tStart[type], je = tStart[type + 1]; j < je; j++) {
          if (age > tWin[j]) continue;
          const s = tSlot[j];
          const rate = tRate[j];
          acc[s] += rate > 0 ? tPts[j] * Math.exp(-age * rate) : tPts[j];
          aux[s] += tPts[j];
          cnt[s]++;
          if (at > last[s]) last[s] = at;
        }
        if (nRoll > 0) {
          const local = contactArr[k] - cs;
          if (local >= 0 && local < nc) {
            for (let r = 0; r < nRoll; r++) {
              if (age > this.rollWindow[r]) continue;
              this.rollContactEngaged[r][local] = 1;
              if (this.rollActMask[r][type] === 1) {
                const rate = this.rollActRate[r];
                const p = this.rollActPoints[r];
                this.rollContactAct[r][local] += rate > 0 ? p * Math.exp(-age * rate) : p;
              }
            }
          }
        }
      }
    }

    const itab = this.intent;
    if (itab.slot.length > 0) {
      const iv = snap.intents;
      const is = iv.offsets[i];
      const ie = iv.offsets[i + 1];
      for (let k = is; k < ie; k++) {
        const at = iv.at[k];
        if (!(at < asOf)) continue;
        const age = asOf - at;
        const topic = iv.topic[k];
        if (topic < 0) continue;
        const strength = iv.strength[k];
        for (let j = itab.start[topic], je = itab.start[topic + 1]; j < je; j++) {
          if (age > itab.window[j] || !(strength >= itab.minStrength[j])) continue;
          const s = itab.slot[j];
          const rate = itab.rate[j];
          const p = (itab.points[j] * strength) / 100;
          acc[s] += rate > 0 ? p * Math.exp(-age * rate) : p;
          cnt[s]++;
          if (strength > aux[s]) aux[s] = strength;
          if (at > last[s]) last[s] = at;
        }
      }
    }

    const nWon = this.wonSlot.length;
    const nOpen = this.openSlot.length;
    if (nWon + nOpen > 0) {
      const op = snap.opportunities;
      let open = 0;
      for (let k = op.offsets[i], ke = op.offsets[i + 1]; k < ke; k++) {
        if (!(op.createdAt[k] < asOf)) continue;
        const stage = op.stage[k];
        const closed = op.closedAt[k];
        // Same rule as stageAsOf: a deal closed on or after T was still open at T.
        if (stage === OPPORTUNITY_STAGE.open || !(closed < asOf)) open++;
        else if (stage === OPPORTUNITY_STAGE.won) {
          for (let w = 0; w < nWon; w++) {
            if (asOf - closed > this.wonWindow[w]) continue;
            const s = this.wonSlot[w];
            acc[s] += this.wonPoints[w];
            cnt[s]++;
            if (closed > last[s]) last[s] = closed;
          }
        }
      }
      if (open > 0) {
        for (let o = 0; o < nOpen; o++) {
          raw[this.openSlot[o]] = this.openPoints[o];
          cnt[this.openSlot[o]] = open;
        }
      }
    }

    for (let c = 0; c < this.custSlot.length; c++) {
      const code = i < this.lifecycleCodes.length ? this.lifecycleCodes[i] : -1;
      if (code >= 0 && this.custTable[c][code] === 1) {
        raw[this.custSlot[c]] = this.custPoints[c];
        cnt[this.custSlot[c]] = 1;
      }
    }

    const cappedSlots = this.cappedSlots;
    for (let k = 0; k < cappedSlots.length; k++) {
      const s = cappedSlots[k];
      const cap = this.cappedCap[k];
      const v = acc[s];
      raw[s] = v > cap ? cap : v < -cap ? -cap : v;
    }

    for (let r = 0; r < nRoll; r++) this.rollup(r, cs, nc, stamp);
  }

  private rollup(r: number, cs: number, nc: number, stamp: number): void {
    const ct = this.snapshot.contacts;
    const cache = this.rollStatic === null ? null : this.rollStatic[r];
    const actPts = this.rollContactAct[r];
    const engagedArr = this.rollContactEngaged[r];
    const leadArr = this.rollContactLead[r];
    const actCap = this.rollActCap[r];
    const minLead = this.rollMinLead[r];
    const method = this.rollMethod[r];
    const roleId = this.rollRoleId[r];
    const roleStamp = this.rollRoleStamp[r];
    const top = this.rollTop[r];
    const topN = top.length;
    let filled = 0;
    let engaged = 0;
    let sum = 0;
    let max = 0;
    let roles = 0;
    for (let local = 0; local < nc; local++) {
      const c = cs + local;
      const role = ct.buyingRole[c];
      let lead: number;
      if (cache !== null) {
        lead = cache[c];
        if (lead !== lead) cache[c] = lead = this.staticLead(r, c);
      } else lead = this.staticLead(r, c);
      const a = actPts[local];
      lead += a > actCap ? actCap : a < -actCap ? -actCap : a;
      if (lead < 0) lead = 0;
      leadArr[local] = lead;
      if (engagedArr[local] === 0 && lead >= minLead) engagedArr[local] = 1;
      if (engagedArr[local] === 0) continue;
      engaged++;
      sum += lead;
      if (lead > max) max = lead;
      if (topN > 0) {
        // Keep the n best lead scores sorted descending (n is small: at most 50).
        let pos = filled < topN ? filled++ : topN;
        while (pos > 0 && top[pos - 1] < lead) {
          if (pos < topN) top[pos] = top[pos - 1];
          pos--;
        }
        if (pos < topN) top[pos] = lead;
      }
      if (role >= 0) {
        const id = roleId[role];
        if (id >= 0 && roleStamp[id] !== stamp) {
          roleStamp[id] = stamp;
          roles++;
        }
      }
    }
    let value: number;
    switch (method) {
      case ROLL_CAPPED_SUM:
        value = Math.min(this.rollCap[r], sum);
        break;
      case ROLL_MAX:
        value = max;
        break;
      case ROLL_AVERAGE:
        value = engaged > 0 ? sum / engaged : 0;
        break;
      case ROLL_TOP_N: {
        value = 0;
        for (let k = 0; k < filled; k++) value += top[k];
        break;
      }
      case ROLL_ROLES:
      default:
        value = Math.min(this.rollCap[r], roles * this.rollPerRole[r]);
    }
    const s = this.rollSlot[r];
    this.raw[s] = value;
    this.cnt[s] = engaged;
    this.aux[s] = roles;
  }

  /** Lead-score points of contact c that do not depend on the date (role, seniority, department, title). */
  private staticLead(r: number, c: number): number {
    const ct = this.snapshot.contacts;
    let lead = 0;
    const role = ct.buyingRole[c];
    const sen = ct.seniority[c];
    const dep = ct.department[c];
    if (role >= 0) lead += this.rollRolePts[r][role];
    if (sen >= 0) lead += this.rollSenPts[r][sen];
    if (dep >= 0) lead += this.rollDepPts[r][dep];
    const titleRules = this.rollTitle[r];
    if (titleRules.length > 0) {
      const title = ct.title[c];
      if (title) {
        const memo = this.rollTitleMemo[r];
        let points = memo.get(title);
        if (points === undefined) {
          points = 0;
          const t = title.toLowerCase();
          for (const rule of titleRules) if (rule.needles.some((needle) => t.includes(needle))) points += rule.points;
          memo.set(title, points);
        }
        lead += points;
      }
    }
    return lead;
  }

  /**
   * Normalise the last run's raw points into sub-scores and the exact (unrounded) total.
   * @internal
   */
  finalize(): number {
    const catRaw = this.catRaw;
    catRaw.fill(0);
    const raw = this.raw;
    const cat = this.slotCategory;
    for (let s = 0; s < raw.length; s++) catRaw[cat[s]] += raw[s];
    let total = 0;
    for (let c = 0; c < 4; c++) {
      const max = this.categoryMax[c];
      let ratio = max > 0 ? catRaw[c] / max : 0;
      if (ratio < 0) ratio = 0;
      else if (ratio > 1) ratio = 1;
      const sub = ratio * 100;
      this.sub[c] = sub;
      total += this.categoryWeight[c] * sub;
    }
    // Normalised weights sum to 1 only up to rounding; keep the total inside the scale.
    if (total > 100) total = 100;
    else if (total < 0) total = 0;
    return total;
  }

  /** Band index of a displayed score under this model's bands. */
  bandIndex(score: number): number {
    const mins = this.bandMins;
    for (let b = 0; b < mins.length; b++) if (score >= mins[b]) return b;
    return mins.length - 1;
  }

  /** Score every account (see `scoreAll`). */
  scoreAll(asOf: number): ScoreColumns {
    const n = this.snapshot.n;
    const out: ScoreColumns = {
      scores: new Float32Array(n),
      bands: new Uint8Array(n),
      fit: new Float32Array(n),
      engagement: new Float32Array(n),
      intent: new Float32Array(n),
      relationship: new Float32Array(n),
    };
    const sub = this.sub;
    if (this.rollStatic === null && this.rollSlot.length > 0) {
      const nContacts = this.snapshot.contacts.buyingRole.length;
      this.rollStatic = Array.from(this.rollSlot, () => new Float64Array(nContacts).fill(NaN));
    }
    for (let i = 0; i < n; i++) {
      this.run(i, asOf);
      const score = roundScore(this.finalize());
      out.scores[i] = score;
      out.bands[i] = this.bandIndex(score);
      out.fit[i] = roundScore(sub[0]);
      out.engagement[i] = roundScore(sub[1]);
      out.intent[i] = roundScore(sub[2]);
      out.relationship[i] = roundScore(sub[3]);
    }
    return out;
  }

  /** Score and explain one account (see `scoreAccount`). */
  scoreAccount(i: number, asOf: number): AccountScore {
    if (!(i >= 0 && i < this.snapshot.n)) throw new RangeError(`account position ${i} is outside 0..${this.snapshot.n - 1}`);
    this.run(i, asOf);
    const total = this.finalize();
    const score = roundScore(total);
    const bandIndex = this.bandIndex(score);
    const subScores = {} as Record<ScoreCategory, number>;
    SCORE_CATEGORIES.forEach((cat, c) => (subScores[cat] = roundScore(this.sub[c])));

    const lines: Omit<Contribution, "points">[] = [];
    const exact: number[] = [];
    this.criteria.forEach((c, s) => {
      const unit = this.slotUnit[s];
      let detail = this.describe(s, i, asOf);
      if (this.raw[s] !== 0 && unit === 0) {
        const cat = c.category;
        detail += this.def.categories[cat].weight > 0 ? ` (not counted: ${cat} has no attainable points)` : ` (not counted: ${cat} has weight 0)`;
      }
      lines.push({
        criterionId: c.id,
        label: c.label,
        category: c.category,
        kind: "criterion",
        raw: this.raw[s],
        matched: this.cnt[s] > 0,
        detail,
      });
      exact.push(this.raw[s] * unit);
    });
    SCORE_CATEGORIES.forEach((cat, c) => {
      const unit = this.categoryUnit[c];
      if (unit === 0) return;
      const max = this.categoryMax[c];
      const catRaw = this.catRaw[c];
      const name = cat.charAt(0).toUpperCase() + cat.slice(1);
      // Every criterion is bounded by its own maximum, so a validated model cannot exceed the
      // category's; the branch keeps the explanation exact should a future criterion kind do so.
      if (catRaw > max) {
        lines.push({
          criterionId: `@cap:${cat}`,
          label: `${name} capped at maximum`,
          category: cat,
          kind: "adjustment",
          raw: max - catRaw,
          matched: true,
          detail: `${fmt(catRaw)} points earned, ${fmt(max)} attainable: ${cat} counts at most 100`,
        });
        exact.push((max - catRaw) * unit);
      } else if (catRaw < 0) {
        lines.push({
          criterionId: `@floor:${cat}`,
          label: `${name} floored at 0`,
          category: cat,
          kind: "adjustment",
          raw: -catRaw,
          matched: true,
          detail: `${fmt(catRaw)} points earned: ${cat} counts at least 0`,
        });
        exact.push(-catRaw * unit);
      }
    });
    const points = apportion(exact, score);
    const contributions = lines.map((line, k) => ({ ...line, points: points[k] }));
    return { score, band: this.def.bands[bandIndex].label, bandIndex, subScores, contributions };
  }

  /** Lead scores of the account's contacts under each roll-up criterion (see `contactLeadScores`). */
  contactLeadScores(i: number, asOf: number): { criterionId: string; contacts: ContactLeadScore[] }[] {
    if (!(i >= 0 && i < this.snapshot.n)) throw new RangeError(`account position ${i} is outside 0..${this.snapshot.n - 1}`);
    this.run(i, asOf);
    const cs = this.snapshot.contacts.offsets[i];
    const nc = this.snapshot.contacts.offsets[i + 1] - cs;
    return Array.from(this.rollSlot, (slot, r) => ({
      criterionId: this.criteria[slot].id,
      contacts: Array.from({ length: nc }, (_, local) => ({
        contact: cs + local,
        leadScore: this.rollContactLead[r][local],
        engaged: this.rollContactEngaged[r][local] === 1,
      })),
    }));
  }

  private describe(s: number, i: number, asOf: number): string {
    const c = this.criteria[s];
    const snap = this.snapshot;
    const cnt = this.cnt[s];
    const raw = this.raw[s];
    const lastAgo = Number.isFinite(this.last[s]) ? ago(asOf - this.last[s]) : "";
    const window = (days: number | undefined) => (days === undefined ? "" : ` in the last ${fmt(days)} days`);
    const capNote = (cap: number) => (Math.abs(this.acc[s]) > cap ? `, capped at ${fmt(Math.sign(this.acc[s]) * cap)}` : "");
    switch (c.kind) {
      case "attribute": {
        const col = snap.attributes[c.attribute];
        let value = "missing";
        if (col?.kind === "category") {
          const code = col.codes[i];
          if (code >= 0 && normalizeKey(col.dict[code] ?? "") !== "") value = col.dict[code];
        } else if (col?.kind === "number" && !Number.isNaN(col.values[i])) value = fmtNumber(col.values[i]);
        return `${c.attribute}: ${value}${cnt > 0 ? "" : ` (${conditionText(c)} not met)`}`;
      }
      case "has_tag": {
        const tg = snap.tags;
        const wanted = new Set(c.tags.map(normalizeKey));
        const found = new Set<string>();
        for (let k = tg.offsets[i]; k < tg.offsets[i + 1]; k++) {
          const v = tg.dict[tg.codes[k]];
          if (v !== undefined && wanted.has(normalizeKey(v))) found.add(v);
        }
        if (c.mode === "all") return `has ${found.size} of ${wanted.size} required: ${c.tags.join(", ")}`;
        return found.size > 0 ? `uses ${[...found].join(", ")}` : `uses none of ${c.tags.join(", ")}`;
      }
      case "activity": {
        if (cnt === 0) return `no ${c.activityTypes.map((t) => noun(t, 2)).join(" or ")}${window(c.lookbackDays)}`;
        const byType = new Map<string, number>();
        const av = snap.activities;
        const types = new Set(c.activityTypes.map(normalizeKey));
        const win = windowMs(c.lookbackDays);
        for (let k = av.offsets[i]; k < av.offsets[i + 1]; k++) {
          const t = av.typeDict[av.type[k]];
          if (t === undefined || !(av.at[k] < asOf) || asOf - av.at[k] > win || !types.has(normalizeKey(t))) continue;
          byType.set(t, (byType.get(t) ?? 0) + 1);
        }
        // List types in the criterion's order, not the order they happened to occur in.
        const order = c.activityTypes.map(normalizeKey);
        const counts = [...byType].sort(([x], [y]) => order.indexOf(normalizeKey(x)) - order.indexOf(normalizeKey(y)));
        const what =
          counts.length === 1
            ? plural(counts[0][0], cnt)
            : `${plural("event", cnt)} (${counts.map(([t, k]) => plural(t, k)).join(", ")})`;
        const decay = c.halfLifeDays !== undefined && Math.abs(this.aux[s] - this.acc[s]) >= 0.05 ? `; ${fmt(this.aux[s])} before decay` : "";
        return `${what}, last ${lastAgo}${decay}${capNote(c.cap)}`;
      }
      case "intent": {
        if (cnt === 0) {
          const strength = c.minStrength > 0 ? ` at strength ≥ ${fmt(c.minStrength)}` : "";
          return `no intent on ${c.topics.join(", ")}${strength}${window(c.lookbackDays)}`;
        }
        const iv = snap.intents;
        const topics = new Set(c.topics.map(normalizeKey));
        const seen = new Set<string>();
        const win = windowMs(c.lookbackDays);
        for (let k = iv.offsets[i]; k < iv.offsets[i + 1]; k++) {
          const t = iv.topicDict[iv.topic[k]];
          if (t === undefined || !(iv.at[k] < asOf) || asOf - iv.at[k] > win || !(iv.strength[k] >= c.minStrength)) continue;
          if (topics.has(normalizeKey(t))) seen.add(t);
        }
        const signals = cnt === 1 ? "signal" : "signals";
        return `${cnt} ${signals} on ${[...seen].join(", ")} (strongest ${fmt(this.aux[s])}), last ${lastAgo}${capNote(c.cap)}`;
      }
      case "won_deals":
        return cnt === 0 ? `no won deals${window(c.lookbackDays)}` : `${plural("won deal", cnt)}, last closed ${lastAgo}${capNote(c.cap)}`;
      case "open_opportunity":
        return cnt === 0 ? "no open opportunity" : plural("open opportunity", cnt);
      case "customer_status": {
        const col = categoricalColumn(snap, "lifecycleStage");
        const code = col ? col.codes[i] : -1;
        return `lifecycle stage: ${col && code >= 0 ? col.dict[code] : "missing"}`;
      }
      case "contact_rollup": {
        const r = this.rollSlot.indexOf(s);
        const cs = snap.contacts.offsets[i];
        const nc = snap.contacts.offsets[i + 1] - cs;
        const engagedLeads: number[] = [];
        for (let local = 0; local < nc; local++) {
          if (this.rollContactEngaged[r][local] === 1) engagedLeads.push(this.rollContactLead[r][local]);
        }
        engagedLeads.sort((a, b) => b - a);
        const head = nc === 0 ? "no contacts" : `${cnt} of ${plural("contact", nc)} engaged`;
        if (c.rollup.method === "role_coverage") {
          const roleSet = new Set<string>();
          const ct = snap.contacts;
          const roleId = this.rollRoleId[r];
          for (let local = 0; local < nc; local++) {
            const role = ct.buyingRole[cs + local];
            if (this.rollContactEngaged[r][local] === 1 && role >= 0 && roleId[role] >= 0) roleSet.add(ct.buyingRoleDict[role]);
          }
          const roles = [...roleSet].map((x) => x.replace(/_/g, " "));
          return `${head}; ${roles.length === 0 ? "no buying role covered" : `${plural("buying role", roles.length)} covered: ${roles.join(", ")}`}`;
        }
        if (engagedLeads.length === 0) return head;
        const shown = engagedLeads.slice(0, 5).map(fmt).join(", ") + (engagedLeads.length > 5 ? ", …" : "");
        const how: Record<string, string> = {
          capped_sum: raw < engagedLeads.reduce((a, b) => a + b, 0) ? `sum capped at ${fmt(raw)}` : "sum",
          max: "best",
          average: "average",
          top_n: c.rollup.method === "top_n" ? `sum of top ${c.rollup.n}` : "",
        };
        return `${head}; lead scores ${shown} (${how[c.rollup.method]})`;
      }
    }
  }
}

function conditionText(c: AttributeCriterion): string {
  switch (c.op) {
    case "equals":
      return `= ${c.value}`;
    case "in":
      return `in ${c.values.join(", ")}`;
    case "not_in":
      return `not in ${c.values.join(", ")}`;
    case "range":
      return c.min !== undefined && c.max !== undefined
        ? `${fmtNumber(c.min)}–${fmtNumber(c.max)}`
        : c.min !== undefined
          ? `≥ ${fmtNumber(c.min)}`
          : `≤ ${fmtNumber(c.max ?? Infinity)}`;
    case "at_least":
      return `≥ ${fmtNumber(c.value)}`;
    case "at_most":
      return `≤ ${fmtNumber(c.value)}`;
    case "is_present":
      return "present";
  }
}

function fmt(x: number): string {
  return String(Math.round(x * 10) / 10 + 0);
}

function fmtNumber(x: number): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** "demo_request", 3 → "demo requests"; "webinar_attended", 2 → "webinars attended". */
function noun(type: string, count: number): string {
  const words = type.replace(/_/g, " ").trim().split(/\s+/);
  if (count !== 1) {
    const k = words.length > 1 && words[words.length - 1] === "attended" ? 0 : words.length - 1;
    const w = words[k];
    words[k] = /(s|x|ch|sh)$/.test(w) ? `${w}es` : /[^aeiou]y$/.test(w) ? `${w.slice(0, -1)}ies` : `${w}s`;
  }
  return words.join(" ");
}

/** "demo_request", 3 → "3 demo requests". */
function plural(type: string, count: number): string {
  return `${count} ${noun(type, count)}`;
}

function ago(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  if (days < 1) return "less than a day ago";
  return days === 1 ? "1 day ago" : `${days} days ago`;
}

/**
 * Bind a definition to a snapshot once; pass the result to `scoreAll`/`scoreAccount` instead of the
 * definition to avoid recompiling (e.g. scoring many cutoffs in a backtest).
 * The definition must be valid (`parseModelDefinition`).
 */
export function compileModel(def: RuleModelDefinition, snapshot: ScoringSnapshot): CompiledModel {
  return new CompiledModel(def, snapshot);
}

function compiled(model: RuleModelDefinition | CompiledModel, snapshot: ScoringSnapshot): CompiledModel {
  if (model instanceof CompiledModel) {
    if (model.snapshot !== snapshot) throw new Error("the model was compiled for another snapshot");
    return model;
  }
  return new CompiledModel(model, snapshot);
}

/**
 * Score and explain account `i` (its position in the snapshot) using only data before `asOf`
 * (epoch ms). The contributions (one per enabled criterion, plus clamp adjustments) add up exactly
 * to `score` at display precision.
 */
export function scoreAccount(
  model: RuleModelDefinition | CompiledModel,
  snapshot: ScoringSnapshot,
  i: number,
  asOf: number,
): AccountScore {
  return compiled(model, snapshot).scoreAccount(i, asOf);
}

/**
 * Score every account of the snapshot as of `asOf` in one pass over its columns. Each entry equals
 * what `scoreAccount` returns for the same account (score, band and sub-scores, stored as Float32).
 */
export function scoreAll(model: RuleModelDefinition | CompiledModel, snapshot: ScoringSnapshot, asOf: number): ScoreColumns {
  return compiled(model, snapshot).scoreAll(asOf);
}

/**
 * Lead scores (and engaged flags) of account i's contacts as of `asOf`, for each enabled
 * contact roll-up criterion: the numbers the roll-up aggregates, for the account detail page.
 */
export function contactLeadScores(
  model: RuleModelDefinition | CompiledModel,
  snapshot: ScoringSnapshot,
  i: number,
  asOf: number,
): { criterionId: string; contacts: ContactLeadScore[] }[] {
  return compiled(model, snapshot).contactLeadScores(i, asOf);
}
