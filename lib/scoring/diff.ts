/**
 * Human-readable differences between two rule-model definitions (a draft against the published
 * version, or two versions side by side). Each change carries structured before/after values for a
 * UI to render and a one-line `message` for logs, audit entries and plain lists.
 */
import { SCORE_CATEGORIES, type ScoreCategory } from "@/lib/vocabulary";
import { normalizeKey, type Band, type Criterion, type RuleModelDefinition } from "./model";

/** One changed field of a criterion; `field` is a dot path inside the criterion (`rollup.cap`). */
export interface FieldChange {
  field: string;
  /** undefined = the field was not set. */
  before: unknown;
  after: unknown;
  beforeText: string;
  afterText: string;
}

/** A difference between two definitions. */
export type DefinitionChange =
  | { type: "category_weight"; category: ScoreCategory; before: number; after: number; message: string }
  | { type: "criterion_added"; criterionId: string; label: string; after: Criterion; message: string }
  | { type: "criterion_removed"; criterionId: string; label: string; before: Criterion; message: string }
  | { type: "criterion_changed"; criterionId: string; label: string; fields: FieldChange[]; message: string }
  | { type: "criteria_reordered"; before: string[]; after: string[]; message: string }
  | { type: "band_added"; label: string; after: Band; message: string }
  | { type: "band_removed"; label: string; before: Band; message: string }
  | { type: "band_changed"; label: string; before: Band; after: Band; message: string }
  | { type: "schema_version"; before: number; after: number; message: string };

/**
 * List what changed from `a` to `b`, in a stable order: schema version, category weights,
 * criteria (removed, then in `b`'s order added or changed, then a reorder note), bands.
 * Criteria are matched by id and bands by label (case-insensitive). Identical definitions give [].
 */
export function diffDefinitions(a: RuleModelDefinition, b: RuleModelDefinition): DefinitionChange[] {
  const changes: DefinitionChange[] = [];

  if (a.schemaVersion !== b.schemaVersion) {
    changes.push({
      type: "schema_version",
      before: a.schemaVersion,
      after: b.schemaVersion,
      message: `Schema version ${a.schemaVersion} → ${b.schemaVersion}`,
    });
  }

  for (const category of SCORE_CATEGORIES) {
    const before = a.categories[category].weight;
    const after = b.categories[category].weight;
    if (before !== after) {
      changes.push({ type: "category_weight", category, before, after, message: `${title(category)} weight ${before} → ${after}` });
    }
  }

  const byIdA = new Map(a.criteria.map((c) => [c.id, c]));
  const byIdB = new Map(b.criteria.map((c) => [c.id, c]));
  for (const c of a.criteria) {
    if (!byIdB.has(c.id)) {
      changes.push({ type: "criterion_removed", criterionId: c.id, label: c.label, before: c, message: `Removed criterion "${c.label}"` });
    }
  }
  for (const c of b.criteria) {
    const old = byIdA.get(c.id);
    if (!old) {
      changes.push({
        type: "criterion_added",
        criterionId: c.id,
        label: c.label,
        after: c,
        message: `Added criterion "${c.label}" (${c.kind.replace(/_/g, " ")}, ${c.category})`,
      });
      continue;
    }
    const fields = diffValues(old, c);
    if (fields.length === 0) continue;
    changes.push({ type: "criterion_changed", criterionId: c.id, label: c.label, fields, message: criterionMessage(old, c, fields) });
  }
  const commonA = a.criteria.filter((c) => byIdB.has(c.id)).map((c) => c.id);
  const commonB = b.criteria.filter((c) => byIdA.has(c.id)).map((c) => c.id);
  if (commonA.some((id, k) => id !== commonB[k])) {
    changes.push({ type: "criteria_reordered", before: commonA, after: commonB, message: "Criteria reordered" });
  }

  const bandsA = new Map(a.bands.map((band) => [normalizeKey(band.label), band]));
  const bandsB = new Map(b.bands.map((band) => [normalizeKey(band.label), band]));
  for (const band of a.bands) {
    if (!bandsB.has(normalizeKey(band.label))) {
      changes.push({ type: "band_removed", label: band.label, before: band, message: `Removed band ${band.label} (from ${band.min})` });
    }
  }
  for (const band of b.bands) {
    const old = bandsA.get(normalizeKey(band.label));
    if (!old) {
      changes.push({ type: "band_added", label: band.label, after: band, message: `Added band ${band.label} (from ${band.min})` });
    } else if (old.min !== band.min || old.label !== band.label) {
      const parts: string[] = [];
      if (old.label !== band.label) parts.push(`renamed ${old.label} → ${band.label}`);
      if (old.min !== band.min) parts.push(`from ${old.min} → ${band.min}`);
      changes.push({ type: "band_changed", label: band.label, before: old, after: band, message: `Band ${band.label}: ${parts.join(", ")}` });
    }
  }
  return changes;
}

function criterionMessage(old: Criterion, c: Criterion, fields: FieldChange[]): string {
  const name = old.label === c.label ? `"${c.label}"` : `"${old.label}" (now "${c.label}")`;
  const onlyEnabled = fields.length === 1 && fields[0].field === "enabled";
  if (onlyEnabled) return `${c.enabled ? "Enabled" : "Disabled"} criterion ${name}`;
  const parts = fields.map((f) => `${f.field} ${f.beforeText} → ${f.afterText}`);
  return `Changed criterion ${name}: ${parts.join("; ")}`;
}

function title(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isPrimitiveArray(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.every((x) => !isPlainObject(x) && !Array.isArray(x));
}

function sameValue(x: unknown, y: unknown): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, k) => sameValue(v, y[k]));
  if (isPlainObject(x) && isPlainObject(y)) {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) if (!sameValue(x[k], y[k])) return false;
    return true;
  }
  return Object.is(x, y);
}

/**
 * Field-level differences: objects recurse by key (in the new value's key order, then removed
 * keys), lists of plain values compare as a whole, lists of objects compare item by item.
 */
function diffValues(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (sameValue(before, after)) return [];
  const at = (key: string | number) => (path === "" ? String(key) : `${path}.${key}`);
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
    return keys.flatMap((k) => diffValues(before[k], after[k], at(k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && !(isPrimitiveArray(before) && isPrimitiveArray(after))) {
    const n = Math.max(before.length, after.length);
    const out: FieldChange[] = [];
    for (let k = 0; k < n; k++) out.push(...diffValues(before[k], after[k], at(k)));
    return out;
  }
  return [{ field: path, before, after, beforeText: formatValue(before), afterText: formatValue(after) }];
}

/** Render a definition value for a diff line. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return "(none)";
  if (Array.isArray(v)) return v.length === 0 ? "(empty)" : v.map(formatValue).join(", ");
  if (isPlainObject(v)) {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join(", ")} }`;
  }
  return String(v);
}
