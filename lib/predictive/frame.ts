/**
 * Typed raw columns (a "feature frame") and how to get them from a CSV table: type inference,
 * missing-value placeholders, category spelling normalisation, and the target column.
 *
 * A frame holds the data as it was observed (numbers with NaN, dictionary-encoded categories,
 * tag lists). The feature pipeline (features.ts) later turns a frame into a numeric design matrix
 * with statistics fitted on training rows only.
 */

/**
 * Where a column comes from in the app's data, so a rule-based draft can be suggested from a model
 * (an activity type with its decay, an account attribute, an intent topic).
 */
export interface ColumnMeta {
  /** account attribute name (industry, country, employeeCount, ..., "technology" for tags) */
  attribute?: string;
  activityType?: string;
  halfLifeDays?: number;
  windowDays?: number;
  intentTopic?: string;
  /**
   * The column is `yearsSince − attribute` (a company's age from its founding year, as of that year):
   * a rule on the column is a reversed rule on the attribute.
   */
  yearsSince?: number;
  /** a derived account signal that is not an attribute (contacts, recency, deals) */
  signal?: "open_opportunity" | "won_deals" | "lost_deals" | "contacts" | "recency" | "buying_roles";
}

/** A numeric column; NaN = missing. */
export interface NumberFrameColumn {
  kind: "number";
  name: string;
  values: Float64Array;
  /** score category the feature belongs to (fit, engagement, intent, relationship), for rule suggestions */
  group?: string;
  meta?: ColumnMeta;
  /** log1p transform: "auto" (when skewed, default), "always" or "never" */
  log?: "auto" | "always" | "never";
}

/** A yes/no column: 1, 0 or NaN (missing). */
export interface BooleanFrameColumn {
  kind: "boolean";
  name: string;
  values: Float64Array;
  group?: string;
  meta?: ColumnMeta;
}

/** A categorical column, dictionary-encoded: codes[i] indexes dict, -1 = missing. */
export interface CategoryFrameColumn {
  kind: "category";
  name: string;
  codes: Int32Array;
  dict: string[];
  group?: string;
  meta?: ColumnMeta;
}

/** A multi-valued column (e.g. technology tags): the tags of row i are codes[offsets[i] .. offsets[i+1]-1]. */
export interface MultiFrameColumn {
  kind: "multi";
  name: string;
  offsets: Int32Array;
  codes: Int32Array;
  dict: string[];
  group?: string;
  meta?: ColumnMeta;
}

export type FrameColumn = NumberFrameColumn | BooleanFrameColumn | CategoryFrameColumn | MultiFrameColumn;

/** Raw typed columns of n rows. */
export interface FeatureFrame {
  n: number;
  columns: FrameColumn[];
}

/** What type inference decided for one CSV column. */
export type InferredType = "number" | "boolean" | "category" | "multi" | "date" | "id" | "constant" | "empty" | "text";

/** Type inference result for one column. */
export interface InferredColumn {
  name: string;
  index: number;
  type: InferredType;
  /** cells that are blank or a placeholder such as "Select" */
  missing: number;
  /** distinct non-missing values (after case/whitespace normalisation for text) */
  distinct: number;
  /** why the column cannot be used as a feature (ids, constants, free text) */
  reason?: string;
}

/** Options of {@link inferColumnTypes}. */
export interface InferOptions {
  /** Cell values (compared case-insensitively after trimming) that mean "missing". */
  missingTokens?: string[];
  /** Columns to read as multi-valued tag lists. Auto-detected when values contain ";" or "|". */
  multiValueColumns?: string[];
  /** A text column with more distinct values than this share of its rows is free text. Default 0.5. */
  maxDistinctShare?: number;
}

/**
 * Placeholder values treated as missing. "Select" is a web form's untouched drop-down default.
 * "unknown" is deliberately not here: a source system's explicit "unknown" can carry signal.
 */
export const DEFAULT_MISSING_TOKENS = ["", "select", "na", "n/a", "nan", "null", "none", "-", "--", "?", "#n/a"];

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})([T ](\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const TRUE_TOKENS = new Set(["yes", "true", "y", "t", "1"]);
const FALSE_TOKENS = new Set(["no", "false", "n", "f", "0"]);
const ID_NAME_RE = /(^|[^a-z])(id|ids|number|no|num|key|uuid|guid|code)$/i;
const MULTI_SPLIT_RE = /\s*[;|]\s*/;

/** Trim and collapse inner whitespace (keeps case: the displayed spelling). */
export function cleanText(v: string): string {
  return v.trim().replace(/\s+/g, " ");
}

/** Normalised key of a category value: "Google", " google " and "GOOGLE" are one level. */
export function categoryKey(v: string): string {
  return cleanText(v).toLowerCase();
}

function isMissing(v: string | undefined, tokens: Set<string>): boolean {
  return v === undefined || tokens.has(v.trim().toLowerCase());
}

/**
 * Infer the type of every column of a parsed CSV table (all cells are strings). Blanks and
 * placeholders are missing; 0/1, yes/no and true/false columns are booleans; all-numeric columns are
 * numbers; ISO dates are dates; unique-per-row columns are ids; single-valued columns are constant.
 */
export function inferColumnTypes(header: string[], rows: string[][], options: InferOptions = {}): InferredColumn[] {
  const tokens = new Set((options.missingTokens ?? DEFAULT_MISSING_TOKENS).map((t) => t.trim().toLowerCase()));
  const multi = new Set(options.multiValueColumns ?? []);
  const maxShare = options.maxDistinctShare ?? 0.5;
  return header.map((name, index) => {
    let missing = 0;
    let numeric = true;
    let dates = true;
    let integer = true;
    let withSeparator = 0;
    const keys = new Set<string>();
    const tagKeys = new Set<string>();
    for (const row of rows) {
      const v = row[index];
      if (isMissing(v, tokens)) {
        missing++;
        continue;
      }
      const t = v.trim();
      const key = categoryKey(t);
      keys.add(key);
      if (numeric && !NUMBER_RE.test(t)) numeric = false;
      if (numeric && integer && !/^[+-]?\d+(\.0*)?$/.test(t)) integer = false;
      if (dates && !DATE_RE.test(t)) dates = false;
      if (MULTI_SPLIT_RE.test(t)) withSeparator++;
      for (const part of t.split(MULTI_SPLIT_RE)) if (part) tagKeys.add(categoryKey(part));
    }
    const present = rows.length - missing;
    const distinct = keys.size;
    const base = { name, index, missing, distinct };
    if (present === 0) return { ...base, type: "empty" as const, reason: "every value is missing" };
    if (distinct === 1) return { ...base, type: "constant" as const, reason: "the column has a single value" };
    const lowered = [...keys];
    if (distinct === 2 && lowered.every((k) => TRUE_TOKENS.has(k) || FALSE_TOKENS.has(k)) && lowered.some((k) => TRUE_TOKENS.has(k)) && lowered.some((k) => FALSE_TOKENS.has(k))) {
      return { ...base, type: "boolean" as const };
    }
    if (numeric) {
      if (integer && distinct === present && present >= 20 && ID_NAME_RE.test(name.trim())) {
        return { ...base, type: "id" as const, reason: "a unique number per row (an id)" };
      }
      return { ...base, type: "number" as const };
    }
    if (dates) return { ...base, type: "date" as const };
    // ";" and "|" rarely occur inside a single category value, so a column that often holds them is a list.
    const isMulti = multi.has(name) || withSeparator >= Math.max(2, 0.1 * present);
    if (isMulti) return { ...base, type: "multi" as const, distinct: tagKeys.size };
    if (distinct === present && present >= 20) return { ...base, type: "id" as const, reason: "a unique value per row (an id)" };
    if (distinct > Math.max(50, maxShare * present)) {
      return { ...base, type: "text" as const, reason: `free text: ${distinct} distinct values in ${present} rows` };
    }
    return { ...base, type: "category" as const };
  });
}

/** Build a dictionary-encoded category column, merging spellings that differ only in case/whitespace. */
export function categoryColumn(name: string, values: ArrayLike<string | null | undefined>, missingTokens = DEFAULT_MISSING_TOKENS): CategoryFrameColumn {
  const tokens = new Set(missingTokens.map((t) => t.trim().toLowerCase()));
  const n = values.length;
  const codes = new Int32Array(n);
  const codeOf = new Map<string, number>();
  const spellings: Map<string, number>[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v == null || isMissing(v, tokens)) {
      codes[i] = -1;
      continue;
    }
    const clean = cleanText(v);
    const key = clean.toLowerCase();
    let c = codeOf.get(key);
    if (c === undefined) {
      c = spellings.length;
      codeOf.set(key, c);
      spellings.push(new Map());
    }
    const sp = spellings[c];
    sp.set(clean, (sp.get(clean) ?? 0) + 1);
    codes[i] = c;
  }
  // Show the most common spelling (ties: the first seen).
  const dict = spellings.map((sp) => {
    let best = "";
    let bc = -1;
    for (const [s, c] of sp) if (c > bc) [best, bc] = [s, c];
    return best;
  });
  return { kind: "category", name, codes, dict };
}

/** Build a multi-valued tag column from delimited strings ("a; b" or "a | b"). */
export function multiColumn(name: string, values: ArrayLike<string | null | undefined>, missingTokens = DEFAULT_MISSING_TOKENS): MultiFrameColumn {
  const tokens = new Set(missingTokens.map((t) => t.trim().toLowerCase()));
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const out: number[] = [];
  const codeOf = new Map<string, number>();
  const dict: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v != null && !isMissing(v, tokens)) {
      const seen = new Set<number>();
      for (const part of v.split(MULTI_SPLIT_RE)) {
        if (!part || isMissing(part, tokens)) continue;
        const clean = cleanText(part);
        const key = clean.toLowerCase();
        let c = codeOf.get(key);
        if (c === undefined) {
          c = dict.length;
          codeOf.set(key, c);
          dict.push(clean);
        }
        if (!seen.has(c)) {
          seen.add(c);
          out.push(c);
        }
      }
    }
    offsets[i + 1] = out.length;
  }
  return { kind: "multi", name, offsets, codes: Int32Array.from(out), dict };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Parse an ISO date/time cell to epoch ms (UTC when no zone is given); NaN when not a date. */
export function parseIsoDate(v: string): number {
  const m = DATE_RE.exec(v.trim());
  if (!m) return NaN;
  const hasZone = m[10] !== undefined;
  const iso = m[4] ? v.trim().replace(" ", "T") : `${m[1]}-${m[2]}-${m[3]}T00:00:00`;
  const t = Date.parse(hasZone ? iso : `${iso}Z`);
  return Number.isFinite(t) ? t : NaN;
}

/** A column left out of the features, and why. */
export interface DroppedColumn {
  column: string;
  reason: string;
}

/** Result of {@link frameFromTable}. */
export interface TableFrame {
  frame: FeatureFrame;
  /** 0/1 labels aligned with the frame rows */
  labels: Uint8Array;
  /** the target value counted as the positive outcome */
  positive: string;
  /** source CSV columns that feed the frame */
  used: string[];
  dropped: DroppedColumn[];
  /** rows left out because the target was missing */
  rowsWithoutTarget: number;
  /** source row index (into the table's rows) of every frame row */
  rowIndex: Int32Array;
  inferred: InferredColumn[];
}

/** Options of {@link frameFromTable}. */
export interface TableFrameOptions extends InferOptions {
  target: string;
  /** columns excluded by the user (e.g. filled in after the outcome) */
  exclude?: string[];
  /** Value of the target counted as positive. Default: 1 / yes / true / won / converted, or the rarer value. */
  positive?: string;
}

const POSITIVE_TOKENS = new Set(["1", "yes", "true", "y", "t", "won", "win", "converted", "positive"]);

/** Thrown for input that cannot be evaluated; the message is meant for the user. */
export class PredictiveInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PredictiveInputError";
  }
}

/**
 * Turn a parsed CSV table into a feature frame and 0/1 labels. The target must have exactly two
 * distinct values. Dates become "month" and "weekday" categories (a raw timestamp would let a model
 * extrapolate a trend and pick up how long each row had to convert, so it is not used).
 */
export function frameFromTable(header: string[], rows: string[][], options: TableFrameOptions): TableFrame {
  const missingTokens = options.missingTokens ?? DEFAULT_MISSING_TOKENS;
  const tokens = new Set(missingTokens.map((t) => t.trim().toLowerCase()));
  const ti = header.indexOf(options.target);
  if (ti < 0) throw new PredictiveInputError(`unknown target column "${options.target}"; columns are: ${header.join(", ")}`);
  const exclude = new Set(options.exclude ?? []);
  for (const e of exclude) if (!header.includes(e)) throw new PredictiveInputError(`excluded column "${e}" is not in the file`);

  // Target: two distinct values after normalisation, rows with a missing target are left out.
  const keep: number[] = [];
  const targetKeys = new Map<string, number>();
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r][ti];
    if (isMissing(v, tokens)) continue;
    keep.push(r);
    const k = categoryKey(v);
    targetKeys.set(k, (targetKeys.get(k) ?? 0) + 1);
  }
  if (targetKeys.size < 2) {
    const only = [...targetKeys.keys()][0];
    throw new PredictiveInputError(
      only === undefined ? `target "${options.target}" is empty` : `target "${options.target}" has a single class ("${only}" in all ${keep.length} rows): nothing to learn`,
    );
  }
  if (targetKeys.size > 2) {
    throw new PredictiveInputError(`target "${options.target}" is not binary: ${targetKeys.size} distinct values (${[...targetKeys.keys()].slice(0, 5).join(", ")}, …)`);
  }
  const [k1, k2] = [...targetKeys.keys()];
  let positive: string;
  if (options.positive !== undefined) {
    positive = categoryKey(options.positive);
    if (!targetKeys.has(positive)) throw new PredictiveInputError(`positive value "${options.positive}" does not occur in target "${options.target}"`);
  } else if (POSITIVE_TOKENS.has(k1) !== POSITIVE_TOKENS.has(k2)) {
    positive = POSITIVE_TOKENS.has(k1) ? k1 : k2;
  } else {
    positive = targetKeys.get(k1)! <= targetKeys.get(k2)! ? k1 : k2;
  }
  const kept = keep.map((r) => rows[r]);
  const labels = new Uint8Array(kept.length);
  for (let i = 0; i < kept.length; i++) labels[i] = categoryKey(kept[i][ti]) === positive ? 1 : 0;

  const inferred = inferColumnTypes(header, kept, options);
  const columns: FrameColumn[] = [];
  const used: string[] = [];
  const dropped: DroppedColumn[] = [];
  const n = kept.length;
  for (const info of inferred) {
    const name = info.name;
    if (info.index === ti) continue;
    if (exclude.has(name)) {
      dropped.push({ column: name, reason: "excluded" });
      continue;
    }
    if (info.reason) {
      dropped.push({ column: name, reason: info.reason });
      continue;
    }
    const cells = kept.map((row) => row[info.index]);
    switch (info.type) {
      case "number": {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = isMissing(cells[i], tokens) ? NaN : Number(cells[i].trim());
        columns.push({ kind: "number", name, values });
        break;
      }
      case "boolean": {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const k = isMissing(cells[i], tokens) ? "" : categoryKey(cells[i]);
          values[i] = TRUE_TOKENS.has(k) ? 1 : FALSE_TOKENS.has(k) ? 0 : NaN;
        }
        columns.push({ kind: "boolean", name, values });
        break;
      }
      case "date": {
        const month: (string | null)[] = [];
        const weekday: (string | null)[] = [];
        for (let i = 0; i < n; i++) {
          const t = isMissing(cells[i], tokens) ? NaN : parseIsoDate(cells[i]);
          const d = new Date(t);
          month.push(Number.isNaN(t) ? null : MONTHS[d.getUTCMonth()]);
          weekday.push(Number.isNaN(t) ? null : WEEKDAYS[d.getUTCDay()]);
        }
        columns.push(categoryColumn(`${name} month`, month, missingTokens), categoryColumn(`${name} weekday`, weekday, missingTokens));
        break;
      }
      case "multi":
        columns.push(multiColumn(name, cells, missingTokens));
        break;
      default:
        columns.push(categoryColumn(name, cells, missingTokens));
    }
    used.push(name);
  }
  const positiveLabel = kept.find((row) => categoryKey(row[ti]) === positive)?.[ti].trim() ?? positive;
  return { frame: { n, columns }, labels, positive: positiveLabel, used, dropped, rowsWithoutTarget: rows.length - kept.length, rowIndex: Int32Array.from(keep), inferred };
}
