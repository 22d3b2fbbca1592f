/**
 * Predictive scores of accounts straight from the columnar snapshot: one pass over the accounts
 * that featurises each one (lib/predictive/account-features, as of `asOf`), applies the fitted
 * pipeline (lib/predictive/features) and evaluates the model — with no feature frame, no design
 * matrix and no per-account objects. It yields what publishing stores: the probability and the
 * four category sub-scores. The explanation of an account runs the very same pass on a snapshot of
 * that account alone, so it reproduces the stored probability exactly.
 *
 * Per account, in three phases over scratch arrays reused from one account to the next:
 * - `featurise`: its raw features (the frame columns the pipeline uses) into one slot per step —
 *   decayed sums and trailing counts per activity type, recency, buying roles, contacts by role
 *   and seniority, intent per topic, deals, firmographics — computed exactly as accountFeatures
 *   computes them;
 * - `linearLogit`: the steps whose raw value is not 0 (most counts are) get their design values
 *   (tabulated for small whole numbers, log1p otherwise) and their linear terms; the log-odds are
 *   the sum of every term in design order, so they are bit-for-bit those of fast-score.ts on
 *   `transform(...)`, the frame-based path that publishing and explanations used until now;
 * - `treeLogit`: the trees are compiled (lib/predictive/tree-codes): each tree's inner nodes are
 *   the bits of a code whose table gives the leaf. An account starts from the codes of a default
 *   row (every step at 0, no level, no tag) and only the columns whose value differs change the
 *   bits of the nodes testing them; leaves are added in tree order, as a walk adds them.
 *
 * Category sub-scores are as in score.ts: 100 × sigmoid(bias + the category's contributions),
 * the contributions being the linear model's β_j·(x_j − mean_j) and the trees' path attribution.
 * They are summed in another order than fast-score.ts (equal up to the last bits of a double, far
 * below their display precision).
 *
 * The pipeline's columns are matched to the snapshot by the names accountFeatures gives them, with
 * alignFrame's rule for the ones the snapshot does not have (a count of 0, otherwise missing).
 * Anything this pass does not know (two columns with one name, a column of another kind, trees
 * too large to tabulate) makes `compileAccountScorer` return null, and the caller falls back to the
 * frame-based path. account-scorer.test.ts pins both paths to the same probabilities.
 */
import { ACCOUNT_FEATURE_DEFAULTS, activityLabel, roleLabel } from "@/lib/predictive/account-features";
import { stepWidth, type ColumnStep } from "@/lib/predictive/features";
import { categoryKey } from "@/lib/predictive/frame";
import type { LogisticModel } from "@/lib/predictive/logistic";
import { sigmoid } from "@/lib/predictive/matrix";
import type { Predictor } from "@/lib/predictive/model";
import { compileTreeCodes, rankOf, type TreeCodes } from "@/lib/predictive/tree-codes";
import type { TreeEnsemble } from "@/lib/predictive/gbt";
import { roundScore } from "@/lib/scoring/engine";
import { OPPORTUNITY_STAGE, type ScoringSnapshot } from "@/lib/snapshot";
import { SCORE_CATEGORIES, type ScoreCategory } from "@/lib/vocabulary";

const DAY = 86_400_000;
const GROUPS = SCORE_CATEGORIES.length;

/** Small whole raw values whose transformed value (and tree rank) is tabulated: counts, where log1p is the costly part. */
const INT_TABLE = 32;
const T1 = INT_TABLE + 1;

/**
 * What the model needs, compiled once per predictor.
 *
 * The linear model's log-odds are a sum of "terms" in design order. Each step owns a fixed run of
 * term slots (number: value, indicator, range; boolean: value, missing; category: its active
 * column; tags: one per tag column), which hold the step's terms at its default (a raw 0, no
 * level, no tag) until an account's value differs. Adding a slot that holds 0 changes nothing, so
 * summing every slot gives exactly the sum of the non-zero terms in design order.
 */
interface ModelPlan {
  steps: ColumnStep[];
  /** design columns */
  p: number;
  /** first design column of each step */
  col: Int32Array;
  // number and boolean steps
  lo: Float64Array;
  hi: Float64Array;
  mean: Float64Array;
  std: Float64Array;
  log: Uint8Array;
  /** design value of a missing raw value (number: the imputed median, transformed; boolean: the fill) */
  fill: Float64Array;
  zeroCol: Int32Array;
  missCol: Int32Array;
  cutStart: Int32Array;
  cuts: Float64Array;
  /** transformed value of the whole raw values 0..INT_TABLE, at step × T1 + v */
  intTable: Float64Array;
  /** number and boolean steps, and which of them are booleans */
  numSteps: Int32Array;
  isBoolean: Uint8Array;
  /** category and tag steps */
  catSteps: Int32Array;
  tagSteps: Int32Array;
  /** category steps: level index of a normalised key; its "other" column (−1 = none) */
  levels: (Map<string, number> | null)[];
  otherCol: Int32Array;
  /** per design column: the linear weight (blend weight × coefficient; 0 without one) */
  wb: Float64Array;
  /** term slots: each step's first slot (and the end, at steps.length); the terms of the default row */
  slot: Int32Array;
  defaultTerms: Float64Array;
  /** linear terms of a missing raw value (imputed value, "is missing") */
  fillTerm: Float64Array;
  missTerm: Float64Array;
  /** runs of slots of one score category: end of each run, and its category */
  runEnd: Int32Array;
  runGroup: Int32Array;
  /** linear part: weight × intercept; per category Σ wb_j·mean_j; weight × (intercept + Σ β·mean) */
  lrBase: number;
  lrMean: Float64Array;
  lrBias: number;
  trees: TreeCodes | null;
  /** whether trees split on the step's value column; the step's other columns they split on (indicators, ranges) with their role (1 "= 0", 2 "is missing", 3 + r range r) */
  treeValue: Uint8Array;
  extraStart: Int32Array;
  extraCol: Int32Array;
  extraRole: Int32Array;
  /** per tree node: tree << 4 | slot */
  nodeInfo: Int32Array;
  /**
   * Tree tables laid out so that a tree's code plus its table's offset is the look-up index: each
   * table starts at a multiple of its size, so flipping a code bit flips the same bit of the index.
   * `leafAt[index]` is 5 × the leaf's number in `leafData` (weighted value, then the four category
   * attributions).
   */
  defaultIndex: Int32Array;
  leafAt: Int32Array;
  leafData: Float64Array;
  /**
   * Per design column: whether trees split on it, and its rank (how many of its nodes, by
   * threshold, a value goes right at: see treeLogit) at the default, at 1, and at the whole raw
   * values of number steps (step × T1 + v)
   */
  splitOn: Uint8Array;
  rankDefault: Int32Array;
  rankOne: Int32Array;
  rankInt: Int32Array;
}

const plans = new WeakMap<Predictor, ModelPlan | null>();

/** The range (bin) of a finite raw value, as features.ts's writeStep finds it. */
function rangeOf(cuts: ArrayLike<number>, from: number, to: number, v: number): number {
  let b = from;
  while (b < to && v > cuts[b]!) b++;
  return b - from;
}

function modelPlan(predictor: Predictor): ModelPlan | null {
  if (plans.has(predictor)) return plans.get(predictor)!;
  const plan = buildModelPlan(predictor);
  plans.set(predictor, plan);
  return plan;
}

/** The trees' look-up tables at offsets that are multiples of their sizes, and leaf data in one array. */
function alignedTables(tc: TreeCodes | null): { defaultIndex: Int32Array; leafAt: Int32Array; leafData: Float64Array } {
  if (!tc) return { defaultIndex: new Int32Array(0), leafAt: new Int32Array(0), leafData: new Float64Array(0) };
  const defaultIndex = new Int32Array(tc.nTrees);
  const offsets: number[] = [];
  let size = 0;
  for (let t = 0; t < tc.nTrees; t++) {
    const len = tc.lutStart[t + 1]! - tc.lutStart[t]!;
    const at = Math.ceil(size / len) * len;
    offsets.push(at);
    defaultIndex[t] = at + tc.defaultCodes[t]!;
    size = at + len;
  }
  const leafAt = new Int32Array(size);
  for (let t = 0; t < tc.nTrees; t++) for (let c = 0; c < tc.lutStart[t + 1]! - tc.lutStart[t]!; c++) leafAt[offsets[t]! + c] = 5 * tc.lut[tc.lutStart[t]! + c]!;
  const nLeaves = tc.leafValue.length;
  const leafData = new Float64Array(nLeaves * 5);
  for (let l = 0; l < nLeaves; l++) {
    leafData[5 * l] = tc.leafValue[l]!;
    for (let g = 0; g < GROUPS; g++) leafData[5 * l + 1 + g] = tc.leafGroups[l * GROUPS + g]!;
  }
  return { defaultIndex, leafAt, leafData };
}

function buildModelPlan(predictor: Predictor): ModelPlan | null {
  if (GROUPS !== 4) return null; // scoreAccounts keeps the four category sums in locals
  const { pipeline, model, reference } = predictor;
  const steps = pipeline.steps;
  const p = pipeline.features.length;
  const n = steps.length;
  const col = new Int32Array(n);
  const width = new Int32Array(n);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  const log = new Uint8Array(n);
  const fill = new Float64Array(n);
  const zeroCol = new Int32Array(n).fill(-1);
  const missCol = new Int32Array(n).fill(-1);
  const cutStart = new Int32Array(n + 1);
  const intTable = new Float64Array(n * T1);
  const levels: (Map<string, number> | null)[] = [];
  const otherCol = new Int32Array(n).fill(-1);
  const cuts: number[] = [];
  const numSteps: number[] = [];
  const catSteps: number[] = [];
  const tagSteps: number[] = [];
  const isBoolean = new Uint8Array(n);
  // Default design values (each step at a raw 0 / no level / no tag), for the trees.
  const defaults = new Float64Array(p);
  let j = 0;
  steps.forEach((s, k) => {
    col[k] = j;
    width[k] = stepWidth(s);
    levels.push(null);
    if (s.kind === "number") {
      numSteps.push(k);
      lo[k] = s.lo;
      hi[k] = s.hi;
      mean[k] = s.mean;
      std[k] = s.std;
      log[k] = s.log ? 1 : 0;
      // Exactly writeStep's arithmetic, so that the tabulated values are its values.
      const scaled = (v: number): number => {
        const c = Math.min(s.hi, Math.max(s.lo, v));
        return ((s.log ? Math.log1p(c) : c) - s.mean) / s.std;
      };
      fill[k] = scaled(s.median);
      for (let v = 0; v <= INT_TABLE; v++) intTable[k * T1 + v] = scaled(v);
      defaults[j] = intTable[k * T1]!;
      let q = j + 1;
      if (s.zeroIndicator) {
        zeroCol[k] = q;
        defaults[q++] = 1;
      }
      if (s.missingIndicator) missCol[k] = q++;
      if (s.cuts.length > 0) defaults[q + rangeOf(s.cuts, 0, s.cuts.length, 0)] = 1;
      cuts.push(...s.cuts);
    } else if (s.kind === "boolean") {
      numSteps.push(k);
      isBoolean[k] = 1;
      fill[k] = s.fill;
      if (s.missingIndicator) missCol[k] = j + 1;
    } else if (s.kind === "category") {
      catSteps.push(k);
      levels[k] = new Map(s.keys.map((key, i) => [key, i]));
      if (s.other) otherCol[k] = j + s.keys.length;
      if (s.missing) missCol[k] = j + s.keys.length + (s.other ? 1 : 0);
    } else {
      tagSteps.push(k);
      levels[k] = new Map(s.keys.map((key, i) => [key, i]));
    }
    cutStart[k + 1] = cuts.length;
    j += width[k]!;
  });
  if (j !== p) return null;

  const groupOf = Int32Array.from(pipeline.features, (f) => Math.max(0, SCORE_CATEGORIES.indexOf((f.group ?? "fit") as ScoreCategory)));
  const lr: LogisticModel | null = model.kind === "lr" ? model : model.kind === "blend" ? model.lr : null;
  const gbt: TreeEnsemble | null = model.kind === "gbt" ? model : model.kind === "blend" ? model.gbt : null;
  const lrWeight = model.kind === "blend" ? model.lrWeight : 1;
  const gbtWeight = model.kind === "blend" ? 1 - model.lrWeight : 1;
  const wb = new Float64Array(p);
  const lrMean = new Float64Array(GROUPS);
  let lrBase = 0;
  let lrBias = 0;
  if (lr) {
    // As fast-score.ts's `linear`: bias over every column, terms only where β ≠ 0.
    let bias = lr.intercept;
    for (let c = 0; c < p; c++) {
      const b = lr.coef[c]!;
      bias += b * reference.mean[c]!;
      if (b === 0) continue;
      wb[c] = lrWeight * b;
      lrMean[groupOf[c]!] += wb[c]! * reference.mean[c]!;
    }
    lrBase = lrWeight * lr.intercept;
    lrBias = lrWeight * bias;
  }

  // Term slots and their default values, computed as the scoring loop computes terms.
  const term = (c: number, x: number): number => (c >= 0 ? wb[c]! * x : 0);
  const slot = new Int32Array(n + 1);
  const slotTerms: number[] = [];
  steps.forEach((s, k) => {
    slot[k] = slotTerms.length;
    if (s.kind === "number") {
      const zeroRange = s.cuts.length > 0 ? col[k]! + 1 + (s.zeroIndicator ? 1 : 0) + (s.missingIndicator ? 1 : 0) + rangeOf(s.cuts, 0, s.cuts.length, 0) : -1;
      slotTerms.push(term(col[k]!, intTable[k * T1]!), term(zeroCol[k]!, 1));
      if (s.cuts.length > 0) slotTerms.push(term(zeroRange, 1));
    } else if (s.kind === "boolean") slotTerms.push(0, 0);
    else if (s.kind === "category") slotTerms.push(0);
    else for (let c = 0; c < width[k]!; c++) slotTerms.push(0);
  });
  slot[n] = slotTerms.length;
  const runEnd: number[] = [];
  const runGroup: number[] = [];
  for (let k = 0; k < n; k++) {
    const g = groupOf[col[k]!]!;
    if (k + 1 === n || groupOf[col[k + 1]!] !== g) {
      runEnd.push(slot[k + 1]!);
      runGroup.push(g);
    }
  }

  let trees: TreeCodes | null = null;
  if (gbt) {
    if (gbt.nFeatures !== p) return null;
    trees = compileTreeCodes(gbt, gbtWeight, defaults, groupOf, GROUPS);
    if (!trees) return null;
  }
  const tc = trees;
  const splits = (c: number): boolean => !!tc && tc.nodeStart[c + 1] !== tc.nodeStart[c];
  const treeValue = Uint8Array.from(steps, (st, k) => ((st.kind === "number" || st.kind === "boolean") && splits(col[k]!) ? 1 : 0));
  const extraStart = new Int32Array(n + 1);
  const extraCol: number[] = [];
  const extraRole: number[] = [];
  steps.forEach((st, k) => {
    if (st.kind === "number" || st.kind === "boolean") {
      for (let c = col[k]! + 1; c < col[k]! + width[k]!; c++) {
        if (!splits(c)) continue;
        extraCol.push(c);
        extraRole.push(c === zeroCol[k] ? 1 : c === missCol[k] ? 2 : 3 + c - (col[k]! + 1 + (zeroCol[k]! >= 0 ? 1 : 0) + (missCol[k]! >= 0 ? 1 : 0)));
      }
    }
    extraStart[k + 1] = extraCol.length;
  });
  const splitOn = Uint8Array.from({ length: p }, (_, c) => (splits(c) ? 1 : 0));
  const rankDefault = tc ? tc.defaultRank : new Int32Array(p);
  const rankOne = new Int32Array(p);
  const rankInt = new Int32Array(n * T1);
  if (tc) {
    const rank = (c: number, x: number): number => rankOf(tc.nodeThreshold, tc.nodeStart[c]!, tc.nodeStart[c + 1]!, x) - tc.nodeStart[c]!;
    for (let c = 0; c < p; c++) rankOne[c] = rank(c, 1);
    for (const k of numSteps) for (let v = 0; v <= INT_TABLE; v++) rankInt[k * T1 + v] = rank(col[k]!, isBoolean[k] ? (v !== 0 ? 1 : 0) : intTable[k * T1 + v]!);
  }
  return {
    steps,
    p,
    col,
    lo,
    hi,
    mean,
    std,
    log,
    fill,
    zeroCol,
    missCol,
    cutStart,
    cuts: Float64Array.from(cuts),
    intTable,
    numSteps: Int32Array.from(numSteps),
    isBoolean,
    catSteps: Int32Array.from(catSteps),
    tagSteps: Int32Array.from(tagSteps),
    levels,
    otherCol,
    wb,
    slot,
    defaultTerms: Float64Array.from(slotTerms),
    fillTerm: Float64Array.from(steps, (_, k) => term(col[k]!, fill[k]!)),
    missTerm: Float64Array.from(steps, (_, k) => term(missCol[k]!, 1)),
    runEnd: Int32Array.from(runEnd),
    runGroup: Int32Array.from(runGroup),
    lrBase,
    lrMean,
    lrBias,
    trees,
    treeValue,
    extraStart,
    extraCol: Int32Array.from(extraCol),
    extraRole: Int32Array.from(extraRole),
    nodeInfo: tc ? Int32Array.from(tc.nodeTree, (t, q) => (t << 4) | tc.nodeSlot[q]!) : new Int32Array(0),
    ...alignedTables(tc),
    splitOn,
    rankDefault,
    rankOne,
    rankInt,
  };
}

/** Where a frame column of accountFeatures comes from. */
type Source =
  | { kind: "category"; codes: Int32Array; dict: string[] }
  | { kind: "multi"; offsets: Int32Array; codes: Int32Array; dict: string[] }
  | { kind: "number" | "boolean"; from: NumberSource };

type NumberSource =
  | { type: "attribute"; values: Float64Array }
  | { type: "age"; founded: Float64Array }
  | { type: "decayed"; activityType: number; rate: number }
  | { type: "count"; activityType: number; windowMs: number }
  | { type: "recency" }
  | { type: "roles" }
  | { type: "role"; code: number }
  | { type: "seniority"; code: number }
  | { type: "intent"; topic: number }
  | { type: "won" }
  | { type: "lost" }
  | { type: "open" };

/**
 * The columns accountFeatures (default options) gives for a snapshot, by name, restricted to the
 * groups — with every activity type and intent topic of the dictionaries (accountFeatures leaves out
 * the ones nobody had before `asOf`, whose values are all 0, which is also what alignFrame fills).
 * A name that two columns share maps to null.
 */
function frameSources(s: ScoringSnapshot, groups: readonly ScoreCategory[]): Map<string, Source | null> {
  const keep = new Set<string>(groups);
  const out = new Map<string, Source | null>();
  const add = (name: string, group: ScoreCategory, src: Source): void => {
    if (!keep.has(group)) return;
    out.set(name, out.has(name) ? null : src);
  };
  const { halfLivesDays, windowsDays } = ACCOUNT_FEATURE_DEFAULTS;
  for (const [attr, label] of [
    ["industry", "Industry"],
    ["region", "Region"],
    ["country", "Country"],
  ] as const) {
    const c = s.attributes[attr];
    if (c && c.kind === "category") add(label, "fit", { kind: "category", codes: c.codes, dict: c.dict });
  }
  for (const [attr, label] of [
    ["employeeCount", "Employees"],
    ["annualRevenue", "Annual revenue"],
  ] as const) {
    const c = s.attributes[attr];
    if (c && c.kind === "number") add(label, "fit", { kind: "number", from: { type: "attribute", values: c.values } });
  }
  const founded = s.attributes.foundedYear;
  if (founded && founded.kind === "number") add("Company age (years)", "fit", { kind: "number", from: { type: "age", founded: founded.values } });
  add("Technology", "fit", { kind: "multi", offsets: s.tags.offsets, codes: s.tags.codes, dict: s.tags.dict });
  s.activities.typeDict.forEach((type, t) => {
    const label = activityLabel(type);
    for (const h of halfLivesDays) add(`${label} (${h}-day decayed)`, "engagement", { kind: "number", from: { type: "decayed", activityType: t, rate: Math.LN2 / (h * DAY) } });
    for (const w of windowsDays) add(`${label} (last ${w} days)`, "engagement", { kind: "number", from: { type: "count", activityType: t, windowMs: w * DAY } });
  });
  add("Days since last activity", "engagement", { kind: "number", from: { type: "recency" } });
  const con = s.contacts;
  if (con.buyingRoleDict.length > 0) add("Engaged buying roles", "engagement", { kind: "number", from: { type: "roles" } });
  con.buyingRoleDict.forEach((r, code) => add(`Contacts: ${roleLabel(r)}`, "engagement", { kind: "number", from: { type: "role", code } }));
  con.seniorityDict.forEach((r, code) => add(`Contacts: ${roleLabel(r)}`, "engagement", { kind: "number", from: { type: "seniority", code } }));
  s.intents.topicDict.forEach((topic, t) => add(`Intent: ${topic} (max decayed)`, "intent", { kind: "number", from: { type: "intent", topic: t } }));
  add("Past won deals", "relationship", { kind: "number", from: { type: "won" } });
  add("Past lost deals", "relationship", { kind: "number", from: { type: "lost" } });
  add("Open opportunity", "relationship", { kind: "boolean", from: { type: "open" } });
  return out;
}

/** alignFrame's value of a number or boolean column the snapshot does not have. */
function absentValue(step: ColumnStep): number {
  const meta = step.meta;
  const absentIsZero = !!(meta?.activityType || meta?.intentTopic || meta?.signal === "contacts" || meta?.signal === "buying_roles" || meta?.signal === "won_deals" || meta?.signal === "lost_deals" || meta?.signal === "open_opportunity");
  return absentIsZero ? 0 : NaN;
}

/** A predictor bound to one snapshot's dictionaries and columns. */
export interface AccountScorer {
  plan: ModelPlan;
  s: ScoringSnapshot;
  /** per step: category codes / tag runs (null when the snapshot lacks the column), dictionary code → design column */
  catCodes: (Int32Array | null)[];
  tagOffsets: (Int32Array | null)[];
  tagCodes: (Int32Array | null)[];
  codeCol: (Int32Array | null)[];
  /** raw sources of the number and boolean steps (raw values are kept per step) */
  attrStep: Int32Array;
  attrValues: Float64Array[];
  ageStep: number;
  founded: Float64Array | null;
  /** per activity type code: decayed sums and counts it feeds (CSR) */
  decStart: Int32Array;
  decStep: Int32Array;
  decRate: Float64Array;
  cntStart: Int32Array;
  cntStep: Int32Array;
  cntWindow: Float64Array;
  recencyStep: number;
  rolesStep: number;
  roleStep: Int32Array;
  seniorityStep: Int32Array;
  intentStep: Int32Array;
  wonStep: number;
  lostStep: number;
  openStep: number;
  constStep: Int32Array;
  constValue: Float64Array;
  needActivities: boolean;
  needIntents: boolean;
  needContacts: boolean;
  needDeals: boolean;
}

/**
 * Compiles a predictor for a snapshot (features as accountFeatures gives them with default options,
 * restricted to `groups`, aligned as alignFrame aligns them). Null when this pass cannot reproduce
 * the frame-based scores exactly; the caller then uses the frame-based path.
 */
export function compileAccountScorer(predictor: Predictor, s: ScoringSnapshot, groups: readonly ScoreCategory[]): AccountScorer | null {
  const plan = modelPlan(predictor);
  if (!plan) return null;
  const sources = frameSources(s, groups);
  const n = plan.steps.length;
  const catCodes: (Int32Array | null)[] = new Array(n).fill(null);
  const tagOffsets: (Int32Array | null)[] = new Array(n).fill(null);
  const tagCodes: (Int32Array | null)[] = new Array(n).fill(null);
  const codeCol: (Int32Array | null)[] = new Array(n).fill(null);
  const attrStep: number[] = [];
  const attrValues: Float64Array[] = [];
  let ageStep = -1;
  let founded: Float64Array | null = null;
  const nTypes = s.activities.typeDict.length;
  const dec: { t: number; step: number; rate: number }[] = [];
  const cnt: { t: number; step: number; windowMs: number }[] = [];
  let recencyStep = -1;
  let rolesStep = -1;
  const roleStep = new Int32Array(s.contacts.buyingRoleDict.length).fill(-1);
  const seniorityStep = new Int32Array(s.contacts.seniorityDict.length).fill(-1);
  const intentStep = new Int32Array(s.intents.topicDict.length).fill(-1);
  let wonStep = -1;
  let lostStep = -1;
  let openStep = -1;
  const constStep: number[] = [];
  const constValue: number[] = [];
  for (let k = 0; k < n; k++) {
    const step = plan.steps[k]!;
    const src = sources.get(step.column);
    if (src === null) return null; // two columns of this name: which one the frame keeps depends on the data
    if (src === undefined) {
      if (step.kind === "number" || step.kind === "boolean") {
        constStep.push(k);
        constValue.push(absentValue(step));
      }
      continue; // category: missing; tags: none
    }
    if (step.kind === "category") {
      if (src.kind !== "category") return null;
      catCodes[k] = src.codes;
      const levels = plan.levels[k]!;
      const other = plan.otherCol[k]!;
      codeCol[k] = Int32Array.from(src.dict, (d) => {
        const level = levels.get(categoryKey(d));
        return level === undefined ? other : plan.col[k]! + level;
      });
      continue;
    }
    if (step.kind === "multi") {
      if (src.kind !== "multi") return null;
      tagOffsets[k] = src.offsets;
      tagCodes[k] = src.codes;
      const levels = plan.levels[k]!;
      codeCol[k] = Int32Array.from(src.dict, (d) => {
        const level = levels.get(categoryKey(d));
        return level === undefined ? -1 : plan.col[k]! + level;
      });
      continue;
    }
    if (src.kind !== "number" && src.kind !== "boolean") return null;
    if (step.kind === "number" && src.kind !== "number") return null;
    const from = src.from;
    switch (from.type) {
      case "attribute":
        attrStep.push(k);
        attrValues.push(from.values);
        break;
      case "age":
        ageStep = k;
        founded = from.founded;
        break;
      case "decayed":
        dec.push({ t: from.activityType, step: k, rate: from.rate });
        break;
      case "count":
        cnt.push({ t: from.activityType, step: k, windowMs: from.windowMs });
        break;
      case "recency":
        recencyStep = k;
        break;
      case "roles":
        rolesStep = k;
        break;
      case "role":
        roleStep[from.code] = k;
        break;
      case "seniority":
        seniorityStep[from.code] = k;
        break;
      case "intent":
        intentStep[from.topic] = k;
        break;
      case "won":
        wonStep = k;
        break;
      case "lost":
        lostStep = k;
        break;
      case "open":
        openStep = k;
        break;
    }
  }
  const csr = <T extends { t: number }>(list: T[]) => {
    const start = new Int32Array(nTypes + 1);
    for (const e of list) start[e.t + 1]!++;
    for (let t = 0; t < nTypes; t++) start[t + 1] += start[t]!;
    const at = start.slice(0, nTypes);
    const order = new Int32Array(list.length);
    list.forEach((e, q) => (order[at[e.t]!++] = q));
    return { start, order };
  };
  const d = csr(dec);
  const c = csr(cnt);
  return {
    plan,
    s,
    catCodes,
    tagOffsets,
    tagCodes,
    codeCol,
    attrStep: Int32Array.from(attrStep),
    attrValues,
    ageStep,
    founded,
    decStart: d.start,
    decStep: Int32Array.from(d.order, (q) => dec[q]!.step),
    decRate: Float64Array.from(d.order, (q) => dec[q]!.rate),
    cntStart: c.start,
    cntStep: Int32Array.from(c.order, (q) => cnt[q]!.step),
    cntWindow: Float64Array.from(c.order, (q) => cnt[q]!.windowMs),
    recencyStep,
    rolesStep,
    roleStep,
    seniorityStep,
    intentStep,
    wonStep,
    lostStep,
    openStep,
    constStep: Int32Array.from(constStep),
    constValue: Float64Array.from(constValue),
    needActivities: dec.length + cnt.length > 0 || recencyStep >= 0 || rolesStep >= 0,
    needIntents: intentStep.some((k) => k >= 0),
    needContacts: roleStep.some((k) => k >= 0) || seniorityStep.some((k) => k >= 0),
    needDeals: wonStep >= 0 || lostStep >= 0 || openStep >= 0,
  };
}

/** Where scoreAccounts writes: account i's results at position i − start. */
export interface AccountScoreOutput {
  probability: Float64Array;
  /** category sub-scores (fit, engagement, intent, relationship) at display precision */
  fit: Float32Array;
  engagement: Float32Array;
  intent: Float32Array;
  relationship: Float32Array;
}

/** Raw features of account i into `raw` (one slot per step); `year` is asOf's UTC year. */
function featurise(sc: AccountScorer, i: number, asOf: number, year: number, raw: Float64Array, seenRole: Int32Array): void {
  const s = sc.s;
  // sums and counts start at 0; missing columns are constants
  raw.fill(0);
  for (let q = 0; q < sc.constStep.length; q++) raw[sc.constStep[q]!] = sc.constValue[q]!;
  for (let q = 0; q < sc.attrStep.length; q++) raw[sc.attrStep[q]!] = sc.attrValues[q]![i]!;
  if (sc.ageStep >= 0) {
    const f = sc.founded![i]!;
    raw[sc.ageStep] = Number.isFinite(f) ? Math.max(0, year - f) : NaN;
  }
  if (sc.needActivities) {
    const act = s.activities;
    const { offsets, at: when, type, contact } = act;
    const { decStart, decStep, decRate, cntStart, cntStep, cntWindow, rolesStep } = sc;
    const buyingRole = s.contacts.buyingRole;
    let last = -Infinity;
    let roles = 0;
    for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) {
      const at = when[k]!;
      if (!(at < asOf)) break; // runs are sorted by time
      const t = type[k]!;
      if (t < 0) continue;
      const age = asOf - at;
      for (let q = decStart[t]!, e = decStart[t + 1]!; q < e; q++) raw[decStep[q]!] += Math.exp(-decRate[q]! * age);
      for (let q = cntStart[t]!, e = cntStart[t + 1]!; q < e; q++) if (age <= cntWindow[q]!) raw[cntStep[q]!] += 1;
      last = at;
      if (rolesStep >= 0) {
        const c = contact[k]!;
        if (c >= 0) {
          const r = buyingRole[c]!;
          if (r >= 0 && seenRole[r] !== i) {
            seenRole[r] = i;
            roles++;
          }
        }
      }
    }
    if (sc.recencyStep >= 0) raw[sc.recencyStep] = last > -Infinity ? (asOf - last) / DAY : NaN;
    if (rolesStep >= 0) raw[rolesStep] = roles;
  }
  if (sc.needContacts) {
    const con = s.contacts;
    const { roleStep, seniorityStep } = sc;
    for (let c = con.offsets[i]!, end = con.offsets[i + 1]!; c < end; c++) {
      const r = con.buyingRole[c]!;
      if (r >= 0 && roleStep[r]! >= 0) raw[roleStep[r]!] += 1;
      const q = con.seniority[c]!;
      if (q >= 0 && seniorityStep[q]! >= 0) raw[seniorityStep[q]!] += 1;
    }
  }
  if (sc.needIntents) {
    const it = s.intents;
    const rate = Math.LN2 / (ACCOUNT_FEATURE_DEFAULTS.intentHalfLifeDays * DAY);
    const { intentStep } = sc;
    for (let k = it.offsets[i]!, end = it.offsets[i + 1]!; k < end; k++) {
      const at = it.at[k]!;
      if (!(at < asOf)) break;
      const t = it.topic[k]!;
      if (t < 0) continue;
      const step = intentStep[t]!;
      if (step < 0) continue;
      const v = it.strength[k]! * Math.exp(-rate * (asOf - at));
      if (v > raw[step]!) raw[step] = v;
    }
  }
  if (sc.needDeals) {
    const op = s.opportunities;
    let won = 0;
    let lost = 0;
    let open = 0;
    for (let k = op.offsets[i]!, end = op.offsets[i + 1]!; k < end; k++) {
      if (!(op.createdAt[k]! < asOf)) continue;
      const closed = op.stage[k] !== OPPORTUNITY_STAGE.open && op.closedAt[k]! < asOf;
      if (!closed) open = 1;
      else if (op.stage[k] === OPPORTUNITY_STAGE.won) won++;
      else lost++;
    }
    if (sc.wonStep >= 0) raw[sc.wonStep] = won;
    if (sc.lostStep >= 0) raw[sc.lostStep] = lost;
    if (sc.openStep >= 0) raw[sc.openStep] = open;
  }
}

/** Per-call scratch of scoreAccounts, reused for every account. */
interface Scratch {
  /** raw features, one per step */
  raw: Float64Array;
  seenRole: Int32Array;
  /** the linear model's term slots (defaults between accounts), and the number and yes/no steps whose raw value is not 0 */
  terms: Float64Array;
  touched: Int32Array;
  /** category and tag slots written for the account */
  written: Int32Array;
  tagSeen: Int32Array;
  /** design columns trees split on whose value differs from the default row's: column, value, rank when known (−1: search) */
  pending: number;
  pendingCol: Int32Array;
  pendingX: Float64Array;
  pendingRank: Int32Array;
  /** per score category: the account's contributions */
  groups: Float64Array;
  codes: Int32Array;
}

function scratchFor(plan: ModelPlan, s: ScoringSnapshot): Scratch {
  const p = Math.max(1, plan.p);
  return {
    raw: new Float64Array(plan.steps.length),
    seenRole: new Int32Array(Math.max(1, s.contacts.buyingRoleDict.length)).fill(-1),
    terms: Float64Array.from(plan.defaultTerms),
    touched: new Int32Array(Math.max(1, plan.numSteps.length)),
    written: new Int32Array(p),
    tagSeen: new Int32Array(p).fill(-1),
    pending: 0,
    pendingCol: new Int32Array(p),
    pendingX: new Float64Array(p),
    pendingRank: new Int32Array(p),
    groups: new Float64Array(GROUPS),
    codes: new Int32Array(plan.trees ? plan.trees.nTrees : 0),
  };
}

/**
 * The linear model's log-odds of account i from its raw features (in `w.raw`), with its
 * contributions per category in `w.groups`; lists in `w.pending` the columns whose value differs
 * from the trees' default row.
 */
function linearLogit(sc: AccountScorer, w: Scratch, i: number): number {
  const plan = sc.plan;
  const { col, lo, hi, mean, std, log, fill, intTable, wb, zeroCol, missCol, cutStart, cuts, numSteps, isBoolean, catSteps, tagSteps, slot, defaultTerms, fillTerm, missTerm, runEnd, runGroup, lrBase, lrMean } = plan;
  const hasCuts = cuts.length > 0;
  const { treeValue, extraStart, extraCol, extraRole, rankOne, rankInt, splitOn } = plan;
  const { raw, terms, touched, written, tagSeen, pendingCol, pendingX, pendingRank, groups } = w;
  const { catCodes, tagOffsets, tagCodes, codeCol } = sc;

  // Number and yes/no steps whose raw value is not 0 (a compaction that does not branch).
  let m = 0;
  for (let q = 0, nNum = numSteps.length; q < nNum; q++) {
    const k = numSteps[q]!;
    touched[m] = k;
    m += +(raw[k] !== 0);
  }
  let pending = 0;
  for (let q = 0; q < m; q++) {
    const k = touched[q]!;
    const j = col[k]!;
    const v = raw[k]!;
    const s0 = slot[k]!;
    const finite = v - v === 0;
    if (isBoolean[k]) {
      const x = finite ? 1 : fill[k]!;
      terms[s0] = wb[j]! * x;
      terms[s0 + 1] = finite ? 0 : missTerm[k]!;
      if (treeValue[k]) {
        pendingCol[pending] = j;
        pendingX[pending] = x;
        pendingRank[pending++] = finite ? rankOne[j]! : -1;
      }
      for (let e = extraStart[k]!; !finite && e < extraStart[k + 1]!; e++) {
        pendingCol[pending] = extraCol[e]!;
        pendingX[pending] = 1;
        pendingRank[pending++] = rankOne[extraCol[e]!]!;
      }
      continue;
    }
    let x: number;
    let rank = -1;
    let range = -1;
    if (finite) {
      if (v > 0 && v <= INT_TABLE && (v | 0) === v) {
        x = intTable[k * T1 + v]!;
        rank = rankInt[k * T1 + v]!;
      } else {
        const l = lo[k]!;
        const h = hi[k]!;
        const c = v < l ? l : v > h ? h : v;
        x = ((log[k] ? Math.log1p(c) : c) - mean[k]!) / std[k]!;
      }
      terms[s0] = wb[j]! * x;
      terms[s0 + 1] = 0;
      if (cutStart[k + 1]! > cutStart[k]!) {
        range = rangeOf(cuts, cutStart[k]!, cutStart[k + 1]!, v);
        terms[s0 + 2] = wb[j + 1 + (zeroCol[k]! >= 0 ? 1 : 0) + (missCol[k]! >= 0 ? 1 : 0) + range]! * 1;
      }
    } else {
      x = fill[k]!;
      terms[s0] = fillTerm[k]!;
      terms[s0 + 1] = missTerm[k]!;
      if (cutStart[k + 1]! > cutStart[k]!) terms[s0 + 2] = 0;
    }
    if (treeValue[k]) {
      pendingCol[pending] = j;
      pendingX[pending] = x;
      pendingRank[pending++] = rank;
    }
    for (let e = extraStart[k]!; e < extraStart[k + 1]!; e++) {
      const role = extraRole[e]!;
      pendingCol[pending] = extraCol[e]!;
      pendingX[pending] = role === 1 ? 0 : role === 2 ? (finite ? 0 : 1) : role - 3 === range ? 1 : 0;
      pendingRank[pending++] = -1;
    }
  }
  // Categories: the active column (a level, "other" or "is missing"), if any.
  let written_ = 0;
  for (let q = 0; q < catSteps.length; q++) {
    const k = catSteps[q]!;
    const codesOf = catCodes[k];
    const c = codesOf ? codesOf[i]! : -1;
    const jj = c < 0 ? missCol[k]! : codeCol[k]![c]!;
    if (jj < 0) continue;
    const s = slot[k]!;
    terms[s] = wb[jj]! * 1;
    written[written_++] = s;
    if (!splitOn[jj]) continue;
    pendingCol[pending] = jj;
    pendingX[pending] = 1;
    pendingRank[pending++] = rankOne[jj]!;
  }
  // Tags: each tag column once (its slot keeps design order).
  for (let q = 0; q < tagSteps.length; q++) {
    const k = tagSteps[q]!;
    const offsets = tagOffsets[k];
    if (!offsets) continue;
    const tc = tagCodes[k]!;
    const map = codeCol[k]!;
    const first = col[k]!;
    for (let e = offsets[i]!, ee = offsets[i + 1]!; e < ee; e++) {
      const jj = map[tc[e]!]!;
      if (jj < 0 || tagSeen[jj] === i) continue;
      tagSeen[jj] = i;
      const s = slot[k]! + jj - first;
      terms[s] = wb[jj]! * 1;
      written[written_++] = s;
      if (!splitOn[jj]) continue;
      pendingCol[pending] = jj;
      pendingX[pending] = 1;
      pendingRank[pending++] = rankOne[jj]!;
    }
  }
  w.pending = pending;

  // Every slot in design order. A category's share is the change of the sum over its run of slots.
  let logit = lrBase;
  let mark = logit;
  groups.fill(0);
  for (let r = 0, s = 0; r < runEnd.length; r++) {
    for (const e = runEnd[r]!; s < e; s++) logit += terms[s]!;
    groups[runGroup[r]!] += logit - mark;
    mark = logit;
  }
  for (let g = 0; g < GROUPS; g++) groups[g] -= lrMean[g]!;
  // back to the defaults for the next account
  for (let q = 0; q < m; q++) {
    // a number or yes/no step has two slots, and a third for ranges
    const s = slot[touched[q]!]!;
    terms[s] = defaultTerms[s]!;
    terms[s + 1] = defaultTerms[s + 1]!;
    if (hasCuts) terms[s + 2] = defaultTerms[s + 2]!;
  }
  for (let q = 0; q < written_; q++) terms[written[q]!] = defaultTerms[written[q]!]!;
  return logit;
}

/**
 * The trees' log-odds of an account whose columns `w.pending` differ from the default row's; adds
 * their path attribution per category into `w.groups`.
 */
function treeLogit(plan: ModelPlan, trees: TreeCodes, w: Scratch): number {
  const { nodeInfo, rankDefault, defaultIndex, leafAt, leafData } = plan;
  const { nodeStart, nodeThreshold, nTrees } = trees;
  const { pending, pendingCol, pendingX, pendingRank, codes, groups } = w;
  // Tree codes: the default row's, then for each column whose value differs, the nodes between
  // the default's rank and the value's rank (nodes by threshold: a value goes right at a prefix
  // of them) change side.
  codes.set(defaultIndex);
  for (let q = 0; q < pending; q++) {
    const jj = pendingCol[q]!;
    let r = pendingRank[q]!;
    const s0 = nodeStart[jj]!;
    if (r < 0) {
      const x = pendingX[q]!;
      r = 0;
      for (let n = s0, ne = nodeStart[jj + 1]!; n < ne; n++) r += +(nodeThreshold[n]! < x);
    }
    const d = rankDefault[jj]!;
    for (let n = s0 + (r < d ? r : d), ne = s0 + (r < d ? d : r); n < ne; n++) {
      const info = nodeInfo[n]!;
      codes[info >> 4] ^= 1 << (info & 15);
    }
  }
  // Leaves in tree order, as a walk adds them (fast-score.ts).
  let z = trees.base;
  let g0 = groups[0]!;
  let g1 = groups[1]!;
  let g2 = groups[2]!;
  let g3 = groups[3]!;
  for (let t = 0; t < nTrees; t++) {
    const o = leafAt[codes[t]!]!;
    z += leafData[o]!;
    g0 += leafData[o + 1]!;
    g1 += leafData[o + 2]!;
    g2 += leafData[o + 3]!;
    g3 += leafData[o + 4]!;
  }
  groups[0] = g0;
  groups[1] = g1;
  groups[2] = g2;
  groups[3] = g3;
  return z;
}

/**
 * Scores accounts [start, end) of the scorer's snapshot as of `asOf` into `out` (account i at
 * position i − start).
 */
export function scoreAccounts(sc: AccountScorer, asOf: number, start: number, end: number, out: AccountScoreOutput): void {
  const plan = sc.plan;
  const trees = plan.trees;
  const bias = plan.lrBias + (trees ? trees.bias : 0);
  const w = scratchFor(plan, sc.s);
  const { probability, fit, engagement, intent, relationship } = out;
  const groups = w.groups;
  const year = new Date(asOf).getUTCFullYear();
  for (let i = start; i < end; i++) {
    featurise(sc, i, asOf, year, w.raw, w.seenRole);
    let logit = linearLogit(sc, w, i);
    // fast-score.ts adds the trees' sum to the linear part
    if (trees) logit += treeLogit(plan, trees, w);
    const r = i - start;
    probability[r] = sigmoid(logit);
    fit[r] = roundScore(100 * sigmoid(bias + groups[0]!));
    engagement[r] = roundScore(100 * sigmoid(bias + groups[1]!));
    intent[r] = roundScore(100 * sigmoid(bias + groups[2]!));
    relationship[r] = roundScore(100 * sigmoid(bias + groups[3]!));
  }
}

/**
 * Slots of the Int32Array (on a SharedArrayBuffer) through which threads share one scoring pass:
 * the next unclaimed account, how many threads are scoring a chunk, and whether one failed.
 */
export const CLAIM_NEXT = 0;
export const CLAIM_BUSY = 1;
export const CLAIM_FAILED = 2;
export const CLAIM_SLOTS = 3;

/**
 * Scores chunks of `chunk` accounts claimed from `control` until none is left, writing account i at
 * position i of `out` (full-length arrays, shared by every thread of the pass). Each thread calls it
 * with its own scorer; a thread that starts late simply finds less (or nothing) left to claim.
 *
 * A thread counts itself busy before it claims, and stops counting after the chunk is written, so a
 * thread that sees every account claimed and nobody busy knows every chunk is written (Atomics are
 * sequentially consistent, and order the plain writes before them). A chunk that throws sets
 * CLAIM_FAILED, and the caller scores everything again on its own.
 */
export function scoreClaimedChunks(sc: AccountScorer, asOf: number, control: Int32Array, chunk: number, out: AccountScoreOutput): void {
  const n = sc.s.n;
  for (;;) {
    Atomics.add(control, CLAIM_BUSY, 1);
    const a = Atomics.add(control, CLAIM_NEXT, chunk);
    try {
      if (a >= n) return;
      const b = Math.min(n, a + chunk);
      scoreAccounts(sc, asOf, a, b, {
        probability: out.probability.subarray(a, b),
        fit: out.fit.subarray(a, b),
        engagement: out.engagement.subarray(a, b),
        intent: out.intent.subarray(a, b),
        relationship: out.relationship.subarray(a, b),
      });
    } catch (err) {
      Atomics.store(control, CLAIM_FAILED, 1);
      throw err;
    } finally {
      Atomics.sub(control, CLAIM_BUSY, 1);
    }
  }
}
