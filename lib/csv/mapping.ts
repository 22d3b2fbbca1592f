/**
 * Column mapping for the CSV import wizard: propose a target for each header, validate a mapping,
 * and turn parsed rows into typed import records with per-cell errors.
 */
import {
  ENTITY_FIELDS,
  REGION_OF_COUNTRY,
  type CustomValue,
  type FieldDefinition,
  type ImportEntity,
  type ImportRecordOf,
} from "./fields";
import {
  detectDateFormat,
  detectDecimalSeparator,
  isMissing,
  normalizeKey,
  parseBoolean,
  parseDate,
  parseDomain,
  parseEmail,
  parseEnum,
  parseInteger,
  parseNumber,
  parseTags,
  parseText,
  parseUrl,
  snakeCase,
  type DateOrder,
  type ValueResult,
} from "./values";

/** A field key of the entity, `custom:<name>` (a custom attribute) or `ignore`. */
export type MappingTarget = string;

/** How a custom attribute's cells are parsed. */
export type CustomType = "string" | "number" | "boolean" | "date";

/** The mapping of one CSV column. */
export interface ColumnMapping {
  /** 0-based index of the column in the header. */
  column: number;
  header: string;
  target: MappingTarget;
  /** 0..1: 1 = exact name or synonym, 0.9 = match after dropping entity words ("Company Industry"), 0.6–0.8 = partial word overlap, 0.55 = recognised from sample values; 0 for custom/ignore. */
  confidence: number;
  /** Day/month order for a date column (from `detectDateFormat`); absent = unambiguous values only. */
  dateOrder?: DateOrder;
  /** Decimal separator of a numeric column; absent = decide per value ("auto"). */
  decimal?: "." | ",";
  /** Parsing of a `custom:` column; default "string". */
  customType?: CustomType;
  /** Set when the wizard should ask the user to confirm something about this column. */
  needsReview?: string;
}

/** One entry per header column, in header order. */
export type ImportMapping = readonly ColumnMapping[];

/** Options of `proposeMapping`. */
export interface ProposeMappingOptions {
  /**
   * Sample rows (fields aligned with the headers). Used to detect date order and decimal separator,
   * to infer custom attribute types, and to recognise unnamed email/domain columns.
   */
  samples?: readonly (readonly string[])[];
  /** What unmatched headers become: "custom" (accounts default) or "ignore" (other entities' default). */
  unmatched?: "custom" | "ignore";
  placeholders?: ReadonlySet<string>;
}

/** Prefix of custom-attribute targets. */
export const CUSTOM_PREFIX = "custom:";
/** Target of a column that is not imported. */
export const IGNORE = "ignore";

/** The custom attribute name of a target, or null when it is not a custom target. */
export function customName(target: MappingTarget): string | null {
  return target.startsWith(CUSTOM_PREFIX) ? target.slice(CUSTOM_PREFIX.length) : null;
}

// ---------------------------------------------------------------------------------------------
// Header matching

const STOP_WORDS = new Set(["of", "the", "a", "an"]);
const TOKEN_ALIASES: Record<string, string> = {
  no: "number", num: "number", nr: "number", nbr: "number", "#": "number",
  yr: "year", dt: "date", amt: "amount", emp: "employee", emps: "employee", ext: "external", co: "company",
  org: "organization", organisation: "organization",
};
const GLOBAL_NOISE = new Set(["crm", "sfdc", "salesforce", "hubspot", "hs", "c", "field"]);
const ENTITY_NOISE: Record<ImportEntity, ReadonlySet<string>> = {
  accounts: new Set(["account", "company", "organization", "customer", "business"]),
  contacts: new Set(["contact", "lead", "person", "prospect"]),
  activities: new Set(["activity", "event", "engagement"]),
  intent_signals: new Set(["intent", "signal"]),
  opportunities: new Set(["opportunity", "opp", "deal"]),
};

function stem(token: string): string {
  if (token.length > 4 && token.endsWith("ies")) return `${token.slice(0, -3)}y`;
  if (token.length > 3 && token.endsWith("s") && !token.endsWith("ss")) return token.slice(0, -1);
  return token;
}

/**
 * Tokens of a header or synonym: camelCase split, accents and punctuation dropped, "#"/"No."
 * read as "number", plurals folded, stop words removed. "# of Employees" → ["number", "employee"].
 */
export function headerTokens(text: string): string[] {
  const spaced = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/#/g, " # ")
    .replace(/&/g, " and ")
    .replace(/\be-mail\b/gi, "email")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  const out: string[] = [];
  for (const raw of spaced.split(/[^a-z0-9#]+/)) {
    if (raw === "") continue;
    const t = stem(TOKEN_ALIASES[raw] ?? raw);
    if (!STOP_WORDS.has(t)) out.push(TOKEN_ALIASES[t] ?? t);
  }
  return out;
}

interface FieldPhrases {
  def: FieldDefinition;
  order: number;
  phrases: Set<string>;
  tokenSets: string[][];
}

const phraseCache = new Map<ImportEntity, FieldPhrases[]>();
function fieldPhrases(entity: ImportEntity): FieldPhrases[] {
  let list = phraseCache.get(entity);
  if (!list) {
    list = ENTITY_FIELDS[entity].map((def, order) => {
      const tokenSets = [def.key, def.label, ...def.synonyms].map(headerTokens).filter((t) => t.length > 0);
      return { def, order, phrases: new Set(tokenSets.map((t) => t.join(" "))), tokenSets };
    });
    phraseCache.set(entity, list);
  }
  return list;
}

function dice(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const setB = new Set(b);
  let common = 0;
  for (const t of new Set(a)) if (setB.has(t)) common++;
  return (2 * common) / (new Set(a).size + setB.size);
}

/** Confidence (0..1) that `header` means field `f` for this entity. */
function matchScore(entity: ImportEntity, tokens: string[], f: FieldPhrases): number {
  if (tokens.length === 0) return 0;
  if (f.phrases.has(tokens.join(" "))) return 1;
  const noise = ENTITY_NOISE[entity];
  const core = tokens.filter((t) => !noise.has(t) && !GLOBAL_NOISE.has(t));
  if (core.length > 0 && core.length < tokens.length && f.phrases.has(core.join(" "))) return 0.9;
  let best = 0;
  for (const set of f.tokenSets) best = Math.max(best, dice(tokens, set), core.length ? dice(core, set) : 0);
  return Math.round(best * 0.8 * 100) / 100;
}

const MIN_CONFIDENCE = 0.6;

function columnSamples(samples: readonly (readonly string[])[] | undefined, column: number, placeholders?: ReadonlySet<string>): string[] {
  if (!samples) return [];
  const out: string[] = [];
  for (const row of samples) {
    const v = row[column];
    if (v !== undefined && !isMissing(v, placeholders)) out.push(v);
  }
  return out;
}

function share<T>(values: readonly string[], test: (v: string) => ValueResult<T>): number {
  if (values.length === 0) return 0;
  let n = 0;
  for (const v of values) {
    const r = test(v);
    if (r.ok && r.value !== null) n++;
  }
  return n / values.length;
}

/** Guess how a custom column should be parsed from its samples. */
export function inferCustomType(samples: readonly string[]): CustomType {
  if (samples.length === 0) return "string";
  // Leading zeros (postal codes, ids) must stay text.
  if (samples.some((s) => /^\s*0\d/.test(s))) return "string";
  if (samples.every((s) => /^\s*(true|false|yes|no|y|n)\s*$/i.test(s))) return "boolean";
  if (samples.every((s) => parseNumber(s).ok)) return "number";
  const order = detectDateFormat(samples).order;
  if (samples.every((s) => !/^\s*\d+\s*$/.test(s) && parseDate(s, { order }).ok)) return "date";
  return "string";
}

/**
 * Propose a target for each header: a field of the entity, `custom:<name>` or `ignore`, with a
 * confidence. Matching is tolerant of case, spacing, underscores, punctuation, plurals and the
 * synonyms in `ENTITY_FIELDS` ("Company Name" → name, "# of employees" → employeeCount). Each field
 * is proposed for at most one header: the best-scoring one, ties going to the leftmost column.
 */
export function proposeMapping(entity: ImportEntity, headers: readonly string[], opts: ProposeMappingOptions = {}): ColumnMapping[] {
  const fields = fieldPhrases(entity);
  const tokens = headers.map(headerTokens);
  const candidates: { column: number; field: FieldPhrases; score: number }[] = [];
  for (let c = 0; c < headers.length; c++) {
    for (const f of fields) {
      const score = matchScore(entity, tokens[c], f);
      if (score >= MIN_CONFIDENCE) candidates.push({ column: c, field: f, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.column - b.column || a.field.order - b.field.order);

  const byColumn = new Map<number, { def: FieldDefinition; score: number }>();
  const taken = new Set<string>();
  const assign = (column: number, def: FieldDefinition, score: number) => {
    if (byColumn.has(column) || taken.has(def.key)) return;
    byColumn.set(column, { def, score });
    taken.add(def.key);
  };
  for (const cand of candidates) assign(cand.column, cand.field.def, cand.score);

  // Columns whose name says nothing but whose values are clearly emails or domains.
  if (opts.samples) {
    for (let c = 0; c < headers.length; c++) {
      if (byColumn.has(c)) continue;
      const values = columnSamples(opts.samples, c, opts.placeholders);
      if (values.length < 3) continue;
      const emails = share(values, (v) => parseEmail(v));
      const domains = values.some((v) => v.includes("@")) ? 0 : share(values, (v) => parseDomain(v));
      const type = emails >= 0.8 ? "email" : domains >= 0.8 ? "domain" : null;
      const def = type && fields.find((f) => f.def.type === type && !taken.has(f.def.key))?.def;
      if (def) assign(c, def, 0.55);
    }
  }

  const unmatched = opts.unmatched ?? (entity === "accounts" ? "custom" : "ignore");
  const usedCustom = new Set<string>(fields.map((f) => normalizeKey(f.def.key)));
  return headers.map((header, column) => {
    const hit = byColumn.get(column);
    const values = columnSamples(opts.samples, column, opts.placeholders);
    if (hit) {
      const m: ColumnMapping = { column, header, target: hit.def.key, confidence: hit.score };
      decorate(m, hit.def.type, values);
      return m;
    }
    if (unmatched === "ignore" || header.trim() === "") return { column, header, target: IGNORE, confidence: 0 };
    let name = snakeCase(header) || `column_${column + 1}`;
    for (let k = 2; usedCustom.has(normalizeKey(name)); k++) name = `${snakeCase(header) || "column"}_${k}`;
    usedCustom.add(normalizeKey(name));
    const customType = inferCustomType(values);
    const m: ColumnMapping = { column, header, target: `${CUSTOM_PREFIX}${name}`, confidence: 0, customType };
    decorate(m, customType === "string" || customType === "boolean" ? "string" : customType, values);
    return m;
  });
}

function decorate(m: ColumnMapping, type: FieldDefinition["type"], values: readonly string[]): void {
  if (values.length === 0) return;
  if (type === "date") {
    const guess = detectDateFormat(values);
    const numeric = values.filter((v) => /^\s*\d{1,2}[/-]\d{1,2}[/-]\d{2,4}/.test(v));
    if (numeric.length === 0) return;
    m.dateOrder = guess.order;
    if (guess.ambiguous) {
      m.needsReview = `dates such as '${numeric[0].trim()}' could be day/month or month/day; assumed ${guess.order === "dmy" ? "DD/MM/YYYY" : "MM/DD/YYYY"}`;
    }
  } else if (type === "number" || type === "integer") {
    const decimal = detectDecimalSeparator(values);
    if (decimal !== "auto") m.decimal = decimal;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

/** A problem with a mapping as a whole. Errors block the import; warnings should be shown. */
export interface MappingIssue {
  severity: "error" | "warning";
  code: "required_field_unmapped" | "required_group_unmapped" | "duplicate_target" | "unknown_field" | "invalid_custom_name" | "duplicate_column" | "recommended_field_unmapped";
  message: string;
  field?: string;
  columns?: number[];
}

/**
 * Check a mapping: every required field (and required one-of group) mapped, no field mapped twice,
 * known targets only, custom names non-empty, unique and not clashing with built-in fields.
 * An empty result, or warnings only, means the import can run.
 */
export function validateMapping(entity: ImportEntity, mapping: ImportMapping): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const defs = ENTITY_FIELDS[entity];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const builtin = new Map(defs.map((d) => [normalizeKey(d.key), d.key]));
  const targets = new Map<string, ColumnMapping[]>();
  const customs = new Map<string, ColumnMapping[]>();
  const seenColumns = new Set<number>();

  for (const m of mapping) {
    if (seenColumns.has(m.column)) {
      issues.push({ severity: "error", code: "duplicate_column", message: `column ${m.column + 1} ("${m.header}") is mapped twice`, columns: [m.column] });
    }
    seenColumns.add(m.column);
    if (m.target === IGNORE) continue;
    const custom = customName(m.target);
    if (custom !== null) {
      const name = custom.trim();
      if (name === "") {
        issues.push({ severity: "error", code: "invalid_custom_name", message: `column "${m.header}" needs a name for its custom attribute`, columns: [m.column] });
        continue;
      }
      const clash = builtin.get(normalizeKey(name));
      if (clash) {
        issues.push({
          severity: "error",
          code: "invalid_custom_name",
          message: `custom attribute "${name}" (column "${m.header}") clashes with the built-in field ${clash}`,
          columns: [m.column],
        });
      }
      const list = customs.get(normalizeKey(name)) ?? [];
      list.push(m);
      customs.set(normalizeKey(name), list);
      continue;
    }
    if (!byKey.has(m.target)) {
      issues.push({ severity: "error", code: "unknown_field", message: `unknown target field "${m.target}" for ${entity} (column "${m.header}")`, field: m.target, columns: [m.column] });
      continue;
    }
    const list = targets.get(m.target) ?? [];
    list.push(m);
    targets.set(m.target, list);
  }

  for (const [key, list] of targets) {
    if (list.length > 1) {
      issues.push({
        severity: "error",
        code: "duplicate_target",
        message: `field ${key} is mapped from more than one column (${list.map((m) => `"${m.header}"`).join(", ")})`,
        field: key,
        columns: list.map((m) => m.column),
      });
    }
  }
  for (const list of customs.values()) {
    if (list.length > 1) {
      issues.push({
        severity: "error",
        code: "invalid_custom_name",
        message: `custom attribute "${customName(list[0].target)}" is used by more than one column (${list.map((m) => `"${m.header}"`).join(", ")})`,
        columns: list.map((m) => m.column),
      });
    }
  }
  for (const d of defs) {
    if (d.required && !targets.has(d.key)) {
      issues.push({ severity: "error", code: "required_field_unmapped", message: `required field ${d.key} is not mapped`, field: d.key });
    }
  }
  const groups = new Map<string, FieldDefinition[]>();
  for (const d of defs) if (d.oneOf?.required) groups.set(d.oneOf.group, [...(groups.get(d.oneOf.group) ?? []), d]);
  for (const [group, members] of groups) {
    if (!members.some((d) => targets.has(d.key))) {
      issues.push({
        severity: "error",
        code: "required_group_unmapped",
        message: `one of ${members.map((d) => d.key).join(" or ")} must be mapped to identify the ${group}`,
        field: members[0].key,
      });
    }
  }
  if (entity === "opportunities" && targets.has("stage") && !targets.has("closedAt")) {
    issues.push({
      severity: "warning",
      code: "recommended_field_unmapped",
      message: "closedAt is not mapped: won and lost opportunities will be rejected because their close date is unknown",
      field: "closedAt",
    });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Row mapping

/** A cell that could not be imported. */
export interface RowError {
  /** Physical line of the record in the file. */
  line: number;
  /** Header of the offending column ("" for row-level problems not tied to a mapped column). */
  column: string;
  /** 0-based column index, or -1 when the problem concerns an unmapped field. */
  columnIndex: number;
  /** The raw cell text. */
  value: string;
  reason: string;
}

/** Result of mapping one row. */
export type MapRowResult<E extends ImportEntity> = { ok: true; record: ImportRecordOf<E> } | { ok: false; errors: RowError[] };

/** Options of `mapRow` / `compileMapping`. */
export interface MapRowOptions {
  placeholders?: ReadonlySet<string>;
}

interface CompiledColumn {
  column: number;
  header: string;
  key: string;
  custom: boolean;
  def: FieldDefinition | null;
  parse: (raw: string) => ValueResult<unknown>;
}

function rangeCheck(def: FieldDefinition, parse: (raw: string) => ValueResult<number>): (raw: string) => ValueResult<number> {
  if (def.min === undefined && def.max === undefined) return parse;
  const min = def.min ?? Number.NEGATIVE_INFINITY;
  const max = def.max ?? Number.POSITIVE_INFINITY;
  const bounds = def.max === undefined ? `at least ${min}` : def.min === undefined ? `at most ${max}` : `${min}–${max}`;
  return (raw) => {
    const r = parse(raw);
    if (!r.ok || r.value === null) return r;
    if (r.value < min || r.value > max) return { ok: false, reason: `'${raw.trim()}' is out of range (${bounds})` };
    return r;
  };
}

function fieldParser(def: FieldDefinition, m: ColumnMapping, placeholders?: ReadonlySet<string>): (raw: string) => ValueResult<unknown> {
  // Option objects are built once per column, not per cell: this runs for every cell of the file.
  const base = { placeholders };
  const numeric = { placeholders, decimal: m.decimal, ranges: def.rangesAsMidpoint ? ("midpoint" as const) : ("reject" as const) };
  switch (def.type) {
    case "string": {
      if (!def.canonical) return (raw) => parseText(raw, base);
      const canon = new Map(def.canonical.map((v) => [normalizeKey(v), v]));
      return (raw) => {
        const r = parseText(raw, base);
        return r.ok && r.value !== null ? { ok: true, value: canon.get(normalizeKey(r.value)) ?? r.value } : r;
      };
    }
    case "integer":
      return rangeCheck(def, (raw) => parseInteger(raw, numeric));
    case "number":
      return rangeCheck(def, (raw) => parseNumber(raw, numeric));
    case "date": {
      const dateOpts = { placeholders, order: m.dateOrder ?? ("auto" as const) };
      return (raw) => parseDate(raw, dateOpts);
    }
    case "boolean":
      return (raw) => parseBoolean(raw, base);
    case "enum": {
      const spec = def.enum;
      if (!spec) throw new Error(`field ${def.key} has type enum but no enum spec`);
      return (raw) => parseEnum(raw, spec, base);
    }
    case "tags": {
      const tagOpts = { placeholders, canonical: def.canonical };
      return (raw) => parseTags(raw, tagOpts);
    }
    case "email":
      return (raw) => parseEmail(raw, base);
    case "domain":
      return (raw) => parseDomain(raw, base);
    case "url":
      return (raw) => parseUrl(raw, base);
  }
}

function customParser(m: ColumnMapping, placeholders?: ReadonlySet<string>): (raw: string) => ValueResult<CustomValue> {
  const base = { placeholders };
  switch (m.customType ?? "string") {
    case "number": {
      const numeric = { placeholders, decimal: m.decimal };
      return (raw) => parseNumber(raw, numeric);
    }
    case "boolean":
      return (raw) => parseBoolean(raw, base);
    case "date": {
      const dateOpts = { placeholders, order: m.dateOrder ?? ("auto" as const) };
      return (raw) => parseDate(raw, dateOpts);
    }
    default:
      return (raw) => parseText(raw, base);
  }
}

/** A mapping compiled for fast per-row use. */
export type RowMapper<E extends ImportEntity> = (fields: readonly string[], line: number) => MapRowResult<E>;

/**
 * Compile a mapping once for a whole file (parsers resolved per column). Throws when the mapping
 * has validation errors: call `validateMapping` first to show them to the user.
 */
export function compileMapping<E extends ImportEntity>(entity: E, mapping: ImportMapping, opts: MapRowOptions = {}): RowMapper<E> {
  const errors = validateMapping(entity, mapping).filter((i) => i.severity === "error");
  if (errors.length > 0) throw new Error(`invalid ${entity} mapping: ${errors.map((e) => e.message).join("; ")}`);
  const defs = ENTITY_FIELDS[entity];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const columns: CompiledColumn[] = [];
  for (const m of mapping) {
    if (m.target === IGNORE) continue;
    const custom = customName(m.target);
    if (custom !== null) {
      columns.push({ column: m.column, header: m.header, key: custom.trim(), custom: true, def: null, parse: customParser(m, opts.placeholders) });
    } else {
      const def = byKey.get(m.target) as FieldDefinition;
      columns.push({ column: m.column, header: m.header, key: def.key, custom: false, def, parse: fieldParser(def, m, opts.placeholders) });
    }
  }
  const columnOf = new Map(columns.filter((c) => !c.custom).map((c) => [c.key, c]));
  const requiredGroups = new Map<string, FieldDefinition[]>();
  for (const d of defs) {
    if (d.oneOf?.required) requiredGroups.set(d.oneOf.label, [...(requiredGroups.get(d.oneOf.label) ?? []), d]);
  }

  return (fields, line) => {
    const record: Record<string, unknown> = {};
    const custom: Record<string, CustomValue> = {};
    const errors: RowError[] = [];
    for (const c of columns) {
      const raw = fields[c.column] ?? "";
      const r = c.parse(raw);
      if (!r.ok) {
        errors.push({ line, column: c.header, columnIndex: c.column, value: raw, reason: r.reason });
        continue;
      }
      if (c.custom) {
        if (r.value !== null) custom[c.key] = r.value as CustomValue;
        continue;
      }
      record[c.key] = r.value;
      if (r.value === null && c.def?.required) {
        errors.push({ line, column: c.header, columnIndex: c.column, value: raw, reason: `${c.def.label} (${c.key}) is required but the cell is empty` });
      }
    }
    for (const [label, members] of requiredGroups) {
      if (members.every((d) => record[d.key] === undefined || record[d.key] === null)) {
        const mapped = members.map((d) => columnOf.get(d.key)).filter((c): c is CompiledColumn => c !== undefined);
        // A member that failed to parse already has its own error; don't pile on.
        if (errors.some((e) => mapped.some((c) => c.column === e.columnIndex))) continue;
        errors.push({
          line,
          column: mapped.map((c) => c.header).join(" / "),
          columnIndex: mapped[0]?.column ?? -1,
          value: "",
          reason: `the ${label} is required but the cells are empty`,
        });
      }
    }
    if (entity === "opportunities") {
      const stage = record.stage;
      if ((stage === "won" || stage === "lost") && (record.closedAt === undefined || record.closedAt === null)) {
        const c = columnOf.get("closedAt");
        if (!c || !errors.some((e) => e.columnIndex === c.column)) {
          errors.push({
            line,
            column: c?.header ?? "",
            columnIndex: c?.column ?? -1,
            value: c ? (fields[c.column] ?? "") : "",
            reason: `a ${stage} opportunity needs a close date (closedAt)`,
          });
        }
      }
    }
    if (entity === "accounts" && typeof record.country === "string" && (record.region === undefined || record.region === null)) {
      const region = REGION_OF_COUNTRY.get(record.country);
      if (region) record.region = region;
    }
    if (errors.length > 0) return { ok: false, errors };
    record.custom = custom;
    return { ok: true, record: record as unknown as ImportRecordOf<E> };
  };
}

const compiledCache = new WeakMap<ImportMapping, { entity: ImportEntity; placeholders?: ReadonlySet<string>; mapper: RowMapper<ImportEntity> }>();

/**
 * Map one parsed row to a typed record of the entity, or to the list of its cell errors
 * (all of them, not just the first). `line` is the record's physical line (from the parser).
 * The compiled mapping is cached per mapping object, so calling this per row is cheap as long as
 * the same mapping array is passed; `compileMapping` gives the mapper explicitly.
 */
export function mapRow<E extends ImportEntity>(
  entity: E,
  mapping: ImportMapping,
  fields: readonly string[],
  line: number,
  opts: MapRowOptions = {},
): MapRowResult<E> {
  let hit = compiledCache.get(mapping);
  if (!hit || hit.entity !== entity || hit.placeholders !== opts.placeholders) {
    hit = { entity, placeholders: opts.placeholders, mapper: compileMapping(entity, mapping, opts) as RowMapper<ImportEntity> };
    compiledCache.set(mapping, hit);
  }
  return (hit.mapper as RowMapper<E>)(fields, line);
}
