/**
 * Parsers for the text cells of an imported CSV: dates, numbers, booleans, emails, domains, tag
 * lists and enumerations. Every parser returns `{ ok: true, value }` (value `null` when the cell is
 * blank or a placeholder such as "N/A") or `{ ok: false, reason }` with a sentence a user can act on.
 */

/** Outcome of parsing one cell. `value` is null when the cell is missing (blank or placeholder). */
export type ValueResult<T> = { ok: true; value: T | null } | { ok: false; reason: string };

/**
 * Cell texts treated as "no value" (compared trimmed and case-insensitively). "Select" is the
 * untouched default of web-form drop-downs (e.g. 1,942 cells in the X Education leads file).
 * "unknown" is deliberately absent: in some sources it is a real category distinct from blank
 * (Olist `origin`); add it through `placeholderSet` when it should count as missing.
 */
export const DEFAULT_PLACEHOLDERS: readonly string[] = [
  "", "na", "n/a", "n.a.", "#n/a", "null", "nil", "none", "undefined", "nan", "-", "--", "?", "select",
];

const DEFAULT_PLACEHOLDER_SET: ReadonlySet<string> = new Set(DEFAULT_PLACEHOLDERS);

/** Build a placeholder set from a list, normalised for `isMissing`. */
export function placeholderSet(values: Iterable<string>): ReadonlySet<string> {
  return new Set(Array.from(values, (v) => v.trim().toLowerCase()));
}

/** Options shared by the value parsers. */
export interface ValueOptions {
  /** Texts meaning "missing"; default `DEFAULT_PLACEHOLDERS`. Build with `placeholderSet`. */
  placeholders?: ReadonlySet<string>;
}

/** True when the cell is blank or one of the placeholders. */
export function isMissing(raw: string | null | undefined, placeholders: ReadonlySet<string> = DEFAULT_PLACEHOLDER_SET): boolean {
  if (raw === null || raw === undefined) return true;
  const t = raw.trim();
  return t === "" || placeholders.has(t.toLowerCase());
}

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
const ok = <T>(value: T | null): { ok: true; value: T | null } => ({ ok: true, value });
const MISSING = { ok: true, value: null } as const;

/** Shorten long cell text in messages so an error report stays readable. */
function quote(raw: string): string {
  const t = raw.trim();
  return `'${t.length > 60 ? `${t.slice(0, 57)}...` : t}'`;
}

// ---------------------------------------------------------------------------------------------
// Text

/** Trimmed text with inner runs of whitespace kept (names may contain double spaces on purpose). */
export function parseText(raw: string, opts: ValueOptions = {}): ValueResult<string> {
  if (isMissing(raw, opts.placeholders)) return MISSING;
  return ok(raw.trim());
}

// ---------------------------------------------------------------------------------------------
// Booleans

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "t", "on", "x", "✓"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "f", "off"]);

/** Booleans: true/false, yes/no, y/n, 1/0, t/f, on/off (case-insensitive). */
export function parseBoolean(raw: string, opts: ValueOptions = {}): ValueResult<boolean> {
  if (isMissing(raw, opts.placeholders)) return MISSING;
  const t = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return ok(true);
  if (FALSE_WORDS.has(t)) return ok(false);
  return fail(`${quote(raw)} is not a yes/no value (expected true/false, yes/no, y/n or 1/0)`);
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** Options of `parseNumber`. */
export interface NumberOptions extends ValueOptions {
  /**
   * Decimal separator. "auto" (default): a single `,` followed by exactly three digits is a
   * thousands separator ("1,200"), otherwise a decimal comma ("3,5"); a single `.` is a decimal
   * point unless the value carries a euro sign/code and three digits follow ("€ 3.400" → 3400).
   * Use `detectDecimalSeparator` on a column's samples to decide once per column.
   */
  decimal?: "." | "," | "auto";
  /**
   * How to read a range such as "51-200" or "10,000+" (common in employee-count bands):
   * "reject" (default) or "midpoint" (an open range "10,000+" gives its lower bound).
   */
  ranges?: "reject" | "midpoint";
}

const CURRENCY_PREFIX = /^(?:US\$|C\$|A\$|NZ\$|HK\$|R\$|[$€£¥₹₩₽₺₪₫฿]|(?:USD|EUR|GBP|BRL|JPY|CNY|INR|CAD|AUD|CHF|SEK|NOK|DKK|PLN|MXN|ZAR|SGD|NZD|KRW|AED|HKD)(?![a-z]))/i;
const CURRENCY_SUFFIX = /(?:[$€£¥₹₩₽₺₪₫฿]|(?<![a-z])(?:USD|EUR|GBP|BRL|JPY|CNY|INR|CAD|AUD|CHF|SEK|NOK|DKK|PLN|MXN|ZAR|SGD|NZD|KRW|AED|HKD|kr|zł))$/i;
const MAGNITUDE: Record<string, number> = { k: 3, m: 6, mm: 6, mn: 6, mio: 6, b: 9, bn: 9, t: 12 };
const MAGNITUDE_SUFFIX = /(?<=\d)(k|mm|mn|mio|m|bn|b|t)$/i;
const SCIENTIFIC = /^(\d+\.?\d*|\.\d+)e[+-]?\d+$/i;
const THOUSANDS_GROUPS = /^\d{1,3}(?:[.,' ]\d{3})+$/;

/**
 * Numbers as people and spreadsheets write them: thousands separators ("1,234,567", "1.234.567",
 * "1 234 567", "1'234"), decimal comma, currency signs and codes ("$1,200.50", "€ 3.400", "BRL 10"),
 * magnitude suffixes ("1.2M", "15k", "2bn"), accounting negatives ("(500)"), a leading or trailing
 * minus, percent ("85%" → 85, the number as written), scientific notation.
 */
export function parseNumber(raw: string, opts: NumberOptions = {}): ValueResult<number> {
  if (isMissing(raw, opts.placeholders)) return MISSING;
  const ranges = opts.ranges ?? "reject";
  const text = raw.trim();
  const range = /^(.*?\d.*?)\s*(?:–|—|-|\bto\b)\s*(\S.*)$/i.exec(text);
  if (range && !/^[-−(]/.test(text) && /\d/.test(range[2])) {
    const lo = parseNumber(range[1], { ...opts, ranges: "reject" });
    const hi = parseNumber(range[2], { ...opts, ranges: "reject" });
    if (lo.ok && hi.ok && lo.value !== null && hi.value !== null) {
      if (ranges === "midpoint") return ok((lo.value + hi.value) / 2);
      return fail(`${quote(raw)} is a range, not a single number`);
    }
  }
  if (/\+$/.test(text) && /\d/.test(text)) {
    const lower = parseNumber(text.slice(0, -1), { ...opts, ranges: "reject" });
    if (lower.ok && lower.value !== null) {
      if (ranges === "midpoint") return lower;
      return fail(`${quote(raw)} is an open range, not a single number`);
    }
  }

  let s = text.replace(/[\s\u00a0\u202f]+/g, " ");
  let negative = false;
  let euroHint = false;
  let percent = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  // Sign and currency may come in either order ("-$5", "$-5", "5 €", "5-").
  for (let pass = 0; pass < 3; pass++) {
    const before = s;
    if (/^[-−]/.test(s)) {
      negative = !negative;
      s = s.slice(1).trimStart();
    } else if (s.startsWith("+")) s = s.slice(1).trimStart();
    const pre = CURRENCY_PREFIX.exec(s);
    if (pre) {
      if (/€|eur/i.test(pre[0])) euroHint = true;
      s = s.slice(pre[0].length).trimStart();
    }
    const post = CURRENCY_SUFFIX.exec(s);
    if (post && post.index > 0) {
      if (/€|eur/i.test(post[0])) euroHint = true;
      s = s.slice(0, post.index).trimEnd();
    }
    if (s.endsWith("%")) {
      percent = true;
      s = s.slice(0, -1).trimEnd();
    }
    if (/[-−]$/.test(s) && s.length > 1) {
      negative = !negative;
      s = s.slice(0, -1).trimEnd();
    }
    if (s === before) break;
  }
  let exponent = 0;
  const mag = MAGNITUDE_SUFFIX.exec(s);
  if (mag && !percent) {
    exponent = MAGNITUDE[mag[1].toLowerCase()];
    s = s.slice(0, mag.index).trimEnd();
  }
  if (s === "" || !/\d/.test(s)) return fail(`${quote(raw)} is not a number`);

  let canonical: string | null;
  if (SCIENTIFIC.test(s)) canonical = s;
  else canonical = canonicalDigits(s, opts.decimal ?? "auto", euroHint);
  if (canonical === null) return fail(`${quote(raw)} is not a number`);
  const value = Number(exponent ? `${canonical}e${exponent}` : canonical);
  if (!Number.isFinite(value)) return fail(`${quote(raw)} is not a number`);
  const signed = negative ? -value : value;
  return ok(signed === 0 ? 0 : signed); // no -0 from "(0)" or "-0"
}

/** Turn "1.234,5"-style digits into "1234.5", or null when the separators make no sense. */
function canonicalDigits(s: string, decimal: "." | "," | "auto", euroHint: boolean): string | null {
  if (!/^[\d.,' ]+$/.test(s) || /^[.,' ]|[,' ]$/.test(s)) {
    if (!/^\.\d+$/.test(s)) return null;
  }
  const dots = count(s, ".");
  const commas = count(s, ",");
  const groupedOnly = (t: string) => THOUSANDS_GROUPS.test(t);
  const strip = (t: string) => t.replace(/[.,' ]/g, "");
  if (dots === 0 && commas === 0) {
    if (s.includes(" ") || s.includes("'")) return groupedOnly(s) ? strip(s) : null;
    return s;
  }
  if (dots > 0 && commas > 0) {
    const lastDot = s.lastIndexOf(".");
    const lastComma = s.lastIndexOf(",");
    const dec = lastDot > lastComma ? "." : ",";
    if (decimal !== "auto" && dec !== decimal) return null;
    if (count(s, dec) !== 1) return null;
    const [int, frac] = s.split(dec);
    if (!groupedOnly(int) && /[.,' ]/.test(int)) return null;
    return `${strip(int)}.${frac}`;
  }
  const sep = dots > 0 ? "." : ",";
  const n = dots + commas;
  const afterLast = s.length - s.lastIndexOf(sep) - 1;
  let isDecimal: boolean;
  if (n > 1) isDecimal = false;
  else if (decimal === sep) isDecimal = true;
  else if (decimal !== "auto") isDecimal = false; // the other separator is the decimal one
  else if (sep === ",") isDecimal = afterLast !== 3;
  else isDecimal = !(euroHint && afterLast === 3);
  if (isDecimal) {
    const [int, frac] = s.split(sep);
    if (/[' ]/.test(int) && !groupedOnly(int)) return null;
    return `${strip(int) || "0"}.${frac}`;
  }
  // thousands separators only: 1-3 leading digits then groups of exactly three
  if (decimal === sep) return null;
  return groupedOnly(s) ? strip(s) : null;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let k = s.indexOf(ch); k >= 0; k = s.indexOf(ch, k + 1)) n++;
  return n;
}

/** Options of `parseInteger`. */
export interface IntegerOptions extends NumberOptions {
  /** Round a fractional result (e.g. a range midpoint) instead of rejecting it. Default false. */
  round?: boolean;
}

/** Whole numbers, with every notation `parseNumber` accepts ("1.2k" → 1200). "12.5" is rejected. */
export function parseInteger(raw: string, opts: IntegerOptions = {}): ValueResult<number> {
  const r = parseNumber(raw, opts);
  if (!r.ok || r.value === null) return r;
  if (Number.isInteger(r.value)) return r;
  if (opts.round || (opts.ranges === "midpoint" && Number.isInteger(r.value * 2))) return ok(Math.round(r.value));
  return fail(`${quote(raw)} is not a whole number`);
}

/**
 * Decide a column's decimal separator from sample cells: evidence for "," is a value like "3,5"
 * or "1.234,56"; for "." a value like "3.25" or "1,234.56". Returns "auto" when samples say
 * nothing either way (e.g. only integers or only "1,200"-style values).
 */
export function detectDecimalSeparator(samples: Iterable<string>): "." | "," | "auto" {
  let dot = 0;
  let comma = 0;
  for (const raw of samples) {
    const s = raw.replace(/[^\d.,]/g, "");
    const lastDot = s.lastIndexOf(".");
    const lastComma = s.lastIndexOf(",");
    if (lastDot >= 0 && lastComma >= 0) {
      if (lastDot > lastComma) dot++;
      else comma++;
    } else if (lastComma >= 0 && count(s, ",") === 1 && s.length - lastComma - 1 !== 3) comma++;
    else if (lastDot >= 0 && count(s, ".") === 1 && s.length - lastDot - 1 !== 3) dot++;
    else if (count(s, ".") > 1) comma++;
    else if (count(s, ",") > 1) dot++;
  }
  if (dot > comma) return ".";
  if (comma > dot) return ",";
  return "auto";
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Day/month order of numeric dates such as 03/04/2024. */
export type DateOrder = "dmy" | "mdy";

/** Options of `parseDate`. */
export interface DateOptions extends ValueOptions {
  /**
   * Day/month order for slash/dash dates. "auto" (default) accepts unambiguous values (a part
   * above 12) and rejects ambiguous ones such as 03/04/2024. Use `detectDateFormat` per column.
   * Dotted dates (31.12.2024) are always day-first.
   */
  order?: DateOrder | "auto";
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_NAME = "(jan|feb|mar|apr|may|jun|jul|aug|sept|sep|oct|nov|dec)[a-z]*\\.?";
const TIME = "(?:[ T,]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s*(am|pm)?)?";
const ZONE = "(?:\\s*(z|utc|gmt|[+-]\\d{2}(?::?\\d{2})?))?";

const ISO_RE = new RegExp(`^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})${TIME}${ZONE}$`, "i");
const NUMERIC_RE = new RegExp(`^(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})${TIME}${ZONE}$`, "i");
const DAY_MONTH_NAME_RE = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?[ -]${MONTH_NAME}[ ,-]*(\\d{4})${TIME}${ZONE}$`, "i");
const MONTH_NAME_DAY_RE = new RegExp(`^${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}${ZONE}$`, "i");
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const EPOCH_S_RE = /^\d{9,10}(\.\d+)?$/;
const EPOCH_MS_RE = /^\d{12,13}$/;

interface DateParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  zone: string | undefined;
}

function expandYear(y: string): number {
  if (y.length === 4) return Number(y);
  const yy = Number(y);
  // Two-digit years pivot at 50, matching spreadsheet defaults closely enough for CRM data.
  return yy < 50 ? 2000 + yy : 1900 + yy;
}

function timeParts(m: RegExpExecArray, at: number): Pick<DateParts, "h" | "mi" | "s" | "ms" | "zone"> | null {
  let h = m[at] === undefined ? 0 : Number(m[at]);
  const mi = m[at + 1] === undefined ? 0 : Number(m[at + 1]);
  const s = m[at + 2] === undefined ? 0 : Number(m[at + 2]);
  const ms = m[at + 3] === undefined ? 0 : Math.floor(Number(`0.${m[at + 3]}`) * 1000);
  const ampm = m[at + 4]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === "pm" ? 12 : 0);
  }
  return { h, mi, s, ms, zone: m[at + 5] };
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 0;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -v : v;
}

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function toEpoch(p: DateParts): number | null {
  if (p.y < 1000 || p.y > 9999 || p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > daysInMonth(p.y, p.mo)) return null;
  if (p.h > 23 || p.mi > 59 || p.s > 59) return null;
  const t = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  return t - zoneOffsetMinutes(p.zone) * 60_000;
}

/**
 * Dates and date-times, returned as epoch milliseconds (UTC). Accepted: ISO date (2024-01-31),
 * ISO date-time with or without zone (2024-01-31T10:00:00Z, …+02:00), `YYYY-MM-DD HH:MM:SS`,
 * `YYYY/MM/DD`, `DD/MM/YYYY` or `MM/DD/YYYY` (see `order`), `DD.MM.YYYY`, two-digit years, month
 * names ("5 Jan 2024", "Jan 5, 2024"), 12-hour times with AM/PM, compact `YYYYMMDD`, and epoch
 * seconds (9–10 digits) or milliseconds (12–13 digits).
 *
 * A value without a zone is read as UTC so the same file imports identically on every server.
 */
export function parseDate(raw: string, opts: DateOptions = {}): ValueResult<number> {
  if (isMissing(raw, opts.placeholders)) return MISSING;
  const s = raw.trim();
  const invalid = fail(`${quote(raw)} is not a valid date`);
  let m: RegExpExecArray | null;

  if ((m = ISO_RE.exec(s))) {
    const t = timeParts(m, 4);
    if (!t) return invalid;
    const v = toEpoch({ y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), ...t });
    return v === null ? invalid : ok(v);
  }
  if ((m = NUMERIC_RE.exec(s))) {
    const t = timeParts(m, 5);
    if (!t) return invalid;
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = expandYear(m[4]);
    let order: DateOrder;
    if (m[2] === ".") order = "dmy";
    else if (opts.order === "dmy" || opts.order === "mdy") order = opts.order;
    else if (a > 12 && b <= 12) order = "dmy";
    else if (b > 12 && a <= 12) order = "mdy";
    else if (a === b) order = "dmy";
    else if (a > 12 && b > 12) return invalid;
    else {
      return fail(
        `${quote(raw)} is ambiguous: it could be day/month or month/day (choose DD/MM/YYYY or MM/DD/YYYY for this column)`,
      );
    }
    const v = toEpoch(order === "dmy" ? { y, mo: b, d: a, ...t } : { y, mo: a, d: b, ...t });
    return v === null ? invalid : ok(v);
  }
  if ((m = DAY_MONTH_NAME_RE.exec(s))) {
    const t = timeParts(m, 4);
    const v = t && toEpoch({ y: Number(m[3]), mo: MONTHS[m[2].toLowerCase()], d: Number(m[1]), ...t });
    return v === null || v === undefined ? invalid : ok(v);
  }
  if ((m = MONTH_NAME_DAY_RE.exec(s))) {
    const t = timeParts(m, 4);
    const v = t && toEpoch({ y: Number(m[3]), mo: MONTHS[m[1].toLowerCase()], d: Number(m[2]), ...t });
    return v === null || v === undefined ? invalid : ok(v);
  }
  if ((m = COMPACT_RE.exec(s))) {
    const v = toEpoch({ y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), h: 0, mi: 0, s: 0, ms: 0, zone: undefined });
    return v === null ? invalid : ok(v);
  }
  if (EPOCH_S_RE.test(s)) return ok(Math.round(Number(s) * 1000));
  if (EPOCH_MS_RE.test(s)) return ok(Number(s));
  if (/^\d+$/.test(s)) {
    return fail(`${quote(raw)} is not a valid date (a plain number is read as epoch seconds or milliseconds only with 9–10 or 12–13 digits)`);
  }
  return fail(`${quote(raw)} is not a valid date (expected e.g. 2024-01-31, 31/01/2024, 01/31/2024 or 31.01.2024)`);
}

/** What `detectDateFormat` concluded about a column's numeric dates. */
export interface DateFormatGuess {
  /** The order to use for slash/dash dates in this column. */
  order: DateOrder;
  /** True when the samples did not decide (no part above 12) or contradicted each other. */
  ambiguous: boolean;
  /** Samples that can only be day-first (e.g. 31/01/2024). */
  dayFirstEvidence: number;
  /** Samples that can only be month-first (e.g. 01/31/2024). */
  monthFirstEvidence: number;
}

/**
 * Decide per column whether slash/dash dates are DD/MM/YYYY or MM/DD/YYYY by looking for a part
 * above 12. When nothing decides, returns `fallback` (default "mdy", the US CRM export default)
 * with `ambiguous: true` so the import wizard can ask the user.
 */
export function detectDateFormat(samples: Iterable<string>, fallback: DateOrder = "mdy"): DateFormatGuess {
  let dmy = 0;
  let mdy = 0;
  for (const raw of samples) {
    const m = NUMERIC_RE.exec(raw.trim());
    if (!m || m[2] === ".") continue;
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && b <= 12) dmy++;
    else if (b > 12 && a <= 12) mdy++;
  }
  if (dmy > 0 && mdy === 0) return { order: "dmy", ambiguous: false, dayFirstEvidence: dmy, monthFirstEvidence: mdy };
  if (mdy > 0 && dmy === 0) return { order: "mdy", ambiguous: false, dayFirstEvidence: dmy, monthFirstEvidence: mdy };
  const order = dmy === mdy ? fallback : dmy > mdy ? "dmy" : "mdy";
  return { order, ambiguous: true, dayFirstEvidence: dmy, monthFirstEvidence: mdy };
}

// ---------------------------------------------------------------------------------------------
// Email, domain, URL

const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/;

/** Email addresses, lower-cased; accepts "mailto:x@y.com" and "Jane Doe <x@y.com>". */
export function parseEmail(raw: string, opts: ValueOptions = {}): ValueResult<string> {
  if (isMissing(raw, opts.placeholders)) return MISSING;
  let s = raw.trim();
  const angle = /<([^<>]+)>\s*$/.exec(s);
  if (angle) s = angle[1].trim();
  s = s.replace(/^mailto:/i, "");
  if (!EMAIL_RE.test(s) || s.includes("..")) return fail(`${quote(raw)} is not a valid email address`);
  return ok(s.toLowerCase());
}

const HOST_RE = /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;

/**
 * A company domain from a domain, URL or email: "https://www.Acme.com/about" → "acme.com",
 * "jane@acme.com" → "acme.com". Lower-cased, without scheme, "www.", port, path or trailing dot.
 */
export function parseDomain(raw: string, opts: ValueOptions = {}): ValueResult<string> {
  if (isMissing(raw, opts.placeholders)) return MISSING;
  let s = raw.trim().toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  s = s.replace(/^\/\//, "");
  s = s.split(/[/?#]/, 1)[0];
  if (s.includes("@")) s = s.slice(s.lastIndexOf("@") + 1);
  s = s.replace(/:\d+$/, "").replace(/\.$/, "").replace(/^www\d?\./, "");
  if (!HOST_RE.test(s)) return fail(`${quote(raw)} is not a valid domain or website`);
  return ok(s);
}

/** An absolute http(s) URL; a bare host gets "https://". Returned normalised by the URL parser. */
export function parseUrl(raw: string, opts: ValueOptions = {}): ValueResult<string> {
  if (isMissing(raw, opts.placeholders)) return MISSING;
  const s = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`;
  try {
    const u = new URL(withScheme);
    if ((u.protocol !== "http:" && u.protocol !== "https:") || !HOST_RE.test(u.hostname.replace(/\.$/, ""))) {
      throw new Error("bad host");
    }
    return ok(u.toString());
  } catch {
    return fail(`${quote(raw)} is not a valid URL`);
  }
}

// ---------------------------------------------------------------------------------------------
// Lists and enumerations

/** Options of `parseTags`. */
export interface TagOptions extends ValueOptions {
  /** Canonical spellings: a tag matching one of these case/punctuation-insensitively takes its form. */
  canonical?: readonly string[];
}

/**
 * A tag list separated by `;` or `|` (or by `,` when neither appears, since a quoted CSV cell may
 * hold "AWS, Slack"). Tags are trimmed, de-duplicated case-insensitively and, when `canonical`
 * is given, spelled as the canonical value ("aws" → "AWS"). A missing cell gives `[]`.
 */
export function parseTags(raw: string, opts: TagOptions = {}): ValueResult<string[]> {
  if (isMissing(raw, opts.placeholders)) return ok<string[]>([]);
  const sep = /[;|]/.test(raw) ? /[;|]/ : /,/;
  const canon = opts.canonical ? canonicalIndex(opts.canonical) : null;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of raw.split(sep)) {
    const t = part.trim();
    if (isMissing(t, opts.placeholders)) continue;
    const value = canon?.get(normalizeKey(t)) ?? t;
    const k = value.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(value);
  }
  return ok(out);
}

/** Lower-case, keep letters and digits only: "Closed-Won " → "closedwon". Used for tolerant matching. */
export function normalizeKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

const canonicalCache = new WeakMap<readonly string[], Map<string, string>>();
function canonicalIndex(values: readonly string[]): Map<string, string> {
  let idx = canonicalCache.get(values);
  if (!idx) {
    idx = new Map(values.map((v) => [normalizeKey(v), v]));
    canonicalCache.set(values, idx);
  }
  return idx;
}

/** An enumeration: canonical values plus synonyms, closed (unknown values rejected) or open. */
export interface EnumSpec {
  values: readonly string[];
  /** synonym → canonical value; keys are matched with `normalizeKey`. */
  synonyms?: Readonly<Record<string, string>>;
  /**
   * Closed enums reject unknown values; open ones keep them, converted to the style of the
   * canonical values (snake_case when `snakeCaseUnknown`, else trimmed as written).
   */
  closed: boolean;
  snakeCaseUnknown?: boolean;
}

const enumCache = new WeakMap<EnumSpec, Map<string, string>>();
function enumIndex(spec: EnumSpec): Map<string, string> {
  let idx = enumCache.get(spec);
  if (!idx) {
    idx = new Map();
    for (const v of spec.values) idx.set(normalizeKey(v), v);
    for (const [syn, v] of Object.entries(spec.synonyms ?? {})) idx.set(normalizeKey(syn), v);
    enumCache.set(spec, idx);
  }
  return idx;
}

/** snake_case of free text: "Phone Call" → "phone_call". */
export function snakeCase(text: string): string {
  return text
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
}

/** Match a cell against an enumeration, tolerant of case, spacing and punctuation. */
export function parseEnum(raw: string, spec: EnumSpec, opts: ValueOptions = {}): ValueResult<string> {
  if (isMissing(raw, opts.placeholders)) return MISSING;
  const hit = enumIndex(spec).get(normalizeKey(raw));
  if (hit !== undefined) return ok(hit);
  if (spec.closed) {
    const shown = spec.values.slice(0, 8).join(", ");
    return fail(`${quote(raw)} is not one of the allowed values (${shown}${spec.values.length > 8 ? ", …" : ""})`);
  }
  return ok(spec.snakeCaseUnknown ? snakeCase(raw) : raw.trim());
}
