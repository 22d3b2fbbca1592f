/**
 * The import wizard's full description of how a file becomes records: the column mapping of
 * lib/csv plus what real files need on top of it — fixed values for fields the file does not have
 * ("stage = won" for a file of closed deals, "name = {mql_id}" for leads that have no name), with
 * `{column}` templates that copy or combine cells, and extra texts that mean "blank" ("unknown").
 *
 * Fixed values become virtual columns appended after the file's columns, so lib/csv's validation,
 * parsers and error messages apply to them unchanged.
 */
import { z } from "zod";
import {
  CUSTOM_PREFIX,
  DEFAULT_PLACEHOLDERS,
  ENTITY_FIELDS,
  IGNORE,
  IMPORT_ENTITIES,
  compileMapping,
  placeholderSet,
  validateMapping,
  type ColumnMapping,
  type ImportEntity,
  type MapRowResult,
  type MappingIssue,
  type RowError,
} from "@/lib/csv";

/** A value for a field that no column provides; `{Header}` inserts that column's cell. */
export interface FixedValue {
  field: string;
  template: string;
}

/** Everything the import job needs to turn rows into records. */
export interface ImportSpec {
  entity: ImportEntity;
  /** One entry per header column (lib/csv ColumnMapping). */
  columns: ColumnMapping[];
  fixed: FixedValue[];
  /** Cell texts that mean "no value" in addition to lib/csv's defaults (e.g. "unknown"). */
  blanks: string[];
  /** Field delimiter of the file. */
  delimiter: string;
}

const columnMappingSchema = z.object({
  column: z.number().int().min(0).max(10_000),
  header: z.string().max(1_000),
  target: z.string().min(1).max(200),
  confidence: z.number().min(0).max(1).default(0),
  dateOrder: z.enum(["dmy", "mdy"]).optional(),
  decimal: z.enum([".", ","]).optional(),
  customType: z.enum(["string", "number", "boolean", "date"]).optional(),
  needsReview: z.string().max(500).optional(),
});

/** Validates an ImportSpec coming from the browser. */
export const importSpecSchema = z.object({
  entity: z.enum(IMPORT_ENTITIES),
  columns: z.array(columnMappingSchema).max(1_000),
  fixed: z.array(z.object({ field: z.string().min(1).max(100), template: z.string().max(500) })).max(50),
  blanks: z.array(z.string().max(100)).max(50),
  delimiter: z.enum([",", ";", "\t", "|"]),
});

/** The label under which a fixed value appears in mapping issues and error reports. */
export function fixedLabel(entity: ImportEntity, field: string): string {
  const def = ENTITY_FIELDS[entity].find((d) => d.key === field);
  return `${def?.label ?? field} (fixed value)`;
}

type Part = { text: string } | { column: number };

/** Splits a template into literal text and `{Header}` references (matched trimmed, case-insensitive). */
function parseTemplate(template: string, header: readonly string[]): { parts: Part[]; unknown: string[] } {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.trim().toLowerCase();
    if (!index.has(k)) index.set(k, i);
  });
  const parts: Part[] = [];
  const unknown: string[] = [];
  const re = /\{([^{}]+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push({ text: template.slice(last, m.index) });
    const col = index.get(m[1]!.trim().toLowerCase());
    if (col === undefined) {
      unknown.push(m[1]!);
      parts.push({ text: m[0] });
    } else parts.push({ column: col });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return { parts, unknown };
}

/** The active fixed values: non-blank templates. */
function activeFixed(spec: ImportSpec): FixedValue[] {
  return spec.fixed.filter((f) => f.template.trim() !== "");
}

/** The lib/csv mapping of a spec: the file's columns, then one virtual column per fixed value. */
export function specMapping(spec: ImportSpec, header: readonly string[]): ColumnMapping[] {
  const columns = header.map(
    (h, i) => spec.columns.find((c) => c.column === i) ?? { column: i, header: h, target: IGNORE, confidence: 0 },
  );
  const fixed = activeFixed(spec).map((f, k) => ({
    column: header.length + k,
    header: fixedLabel(spec.entity, f.field),
    target: f.field,
    confidence: 1,
  }));
  return [...columns.map((c, i) => ({ ...c, column: i, header: header[i] ?? c.header })), ...fixed];
}

/**
 * Problems of a spec: lib/csv's mapping issues (required fields, duplicates…) with fixed values
 * counted as mapped, plus fixed values naming unknown fields or unknown `{columns}`.
 */
export function validateSpec(spec: ImportSpec, header: readonly string[]): MappingIssue[] {
  const issues = validateMapping(spec.entity, specMapping(spec, header));
  const keys = new Set(ENTITY_FIELDS[spec.entity].map((d) => d.key));
  for (const f of activeFixed(spec)) {
    if (!keys.has(f.field) || f.field.startsWith(CUSTOM_PREFIX)) {
      issues.push({ severity: "error", code: "unknown_field", message: `a fixed value is set for unknown field "${f.field}"`, field: f.field });
      continue;
    }
    const { unknown } = parseTemplate(f.template, header);
    for (const u of unknown) {
      issues.push({
        severity: "error",
        code: "unknown_field",
        message: `the fixed value of ${fixedLabel(spec.entity, f.field)} refers to {${u}}, which is not a column of the file`,
        field: f.field,
      });
    }
  }
  return issues;
}

/** The placeholder set of a spec: lib/csv's defaults plus the spec's extra blanks. */
export function specPlaceholders(spec: ImportSpec): ReadonlySet<string> {
  return placeholderSet([...DEFAULT_PLACEHOLDERS, ...spec.blanks.map((b) => b.trim()).filter((b) => b !== "")]);
}

/** A compiled spec: maps a row of the file (its header's width) to a record or its cell errors. */
export type SpecRowMapper<E extends ImportEntity = ImportEntity> = (fields: readonly string[], line: number) => MapRowResult<E>;

/**
 * Compiles a spec for a file with this header. Throws when the spec has errors (show
 * `validateSpec` first). Fixed-value templates are expanded per row before parsing.
 */
export function compileSpec<E extends ImportEntity>(spec: ImportSpec & { entity: E }, header: readonly string[]): SpecRowMapper<E> {
  const issues = validateSpec(spec, header).filter((i) => i.severity === "error");
  if (issues.length) throw new Error(`invalid import mapping: ${issues.map((i) => i.message).join("; ")}`);
  const mapper = compileMapping(spec.entity, specMapping(spec, header), { placeholders: specPlaceholders(spec) });
  const templates = activeFixed(spec).map((f) => parseTemplate(f.template, header).parts);
  if (templates.length === 0) return mapper;
  const width = header.length;
  return (fields, line) => {
    const row = fields.length === width ? fields.slice() : Array.from({ length: width }, (_, i) => fields[i] ?? "");
    for (const parts of templates) {
      let v = "";
      for (const p of parts) v += "text" in p ? p.text : (fields[p.column] ?? "");
      row.push(v);
    }
    return mapper(row, line);
  };
}

/**
 * Where a record field came from, for turning a database-side error (field key) into a report
 * row: the column header and index, or the fixed value's label.
 */
export function fieldSources(spec: ImportSpec, header: readonly string[]): Map<string, { header: string; column: number }> {
  const out = new Map<string, { header: string; column: number }>();
  for (const m of specMapping(spec, header)) {
    if (m.target === IGNORE) continue;
    out.set(m.target, { header: m.header, column: m.column < header.length ? m.column : -1 });
  }
  // Account references resolve as a group: either column can be the one to blame.
  const ext = out.get("accountExternalId");
  const dom = out.get("accountDomain");
  if (ext || dom) out.set("account", ext ?? dom!);
  return out;
}

/** A row error for a database-side failure of a record (e.g. an unknown account). */
export function recordError(
  sources: Map<string, { header: string; column: number }>,
  fields: readonly string[],
  line: number,
  error: { field: string; message: string },
): RowError {
  const src = sources.get(error.field);
  return {
    line,
    column: src?.header ?? error.field,
    columnIndex: src?.column ?? -1,
    value: src && src.column >= 0 ? (fields[src.column] ?? "") : "",
    reason: error.message,
  };
}
