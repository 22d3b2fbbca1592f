/**
 * A small JSON Schema (2020-12 subset) validator: enough to hold API responses to the OpenAPI
 * document strictly in the contract test, and to check examples in the API page. Supports local
 * `$ref`s, type, enum/const, properties/required/additionalProperties/propertyNames, items,
 * anyOf/oneOf/allOf, numeric and length bounds, pattern and the date-time/date/email formats.
 */
export type Schema = Record<string, unknown> | boolean;

export interface SchemaError {
  /** JSON pointer-ish path of the offending value, e.g. `/data/3/score` */
  path: string;
  message: string;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

const typeMatches = (actual: string, expected: string) => actual === expected || (expected === "number" && actual === "integer");

function resolve(root: Record<string, unknown>, pointer: string): Schema {
  if (!pointer.startsWith("#")) throw new Error(`only local $refs are supported: ${pointer}`);
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/").filter(Boolean)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (node === undefined) throw new Error(`unresolved $ref ${pointer}`);
  return node as Schema;
}

const FORMATS: Record<string, (s: string) => boolean> = {
  "date-time": (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && Number.isFinite(Date.parse(s)),
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s),
  email: (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s),
};

/** Validates `value` against `schema`; `root` resolves `$ref`s (default: the schema itself). */
export function validateJsonSchema(value: unknown, schema: Schema, root?: Record<string, unknown>): SchemaError[] {
  const errors: SchemaError[] = [];
  const top = root ?? (typeof schema === "object" ? schema : {});
  walk(value, schema, "", top, errors);
  return errors;
}

function walk(v: unknown, schema: Schema, path: string, root: Record<string, unknown>, errors: SchemaError[]): void {
  if (schema === true) return;
  if (schema === false) {
    errors.push({ path, message: "no value is allowed here" });
    return;
  }
  const s = schema;
  if (typeof s.$ref === "string") walk(v, resolve(root, s.$ref), path, root, errors);
  const actual = typeOf(v);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(actual, t))) {
      errors.push({ path, message: `expected ${types.join(" or ")}, got ${actual}` });
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) errors.push({ path, message: `must be one of ${JSON.stringify(s.enum)}` });
  if ("const" in s && JSON.stringify(s.const) !== JSON.stringify(v)) errors.push({ path, message: `must equal ${JSON.stringify(s.const)}` });
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) walk(v, sub, path, root, errors);
  if (Array.isArray(s.anyOf)) {
    const ok = (s.anyOf as Schema[]).some((sub) => validateJsonSchema(v, sub, root).length === 0);
    if (!ok) errors.push({ path, message: `matches none of anyOf (${(s.anyOf as Schema[]).length} options)` });
  }
  if (Array.isArray(s.oneOf)) {
    const n = (s.oneOf as Schema[]).filter((sub) => validateJsonSchema(v, sub, root).length === 0).length;
    if (n !== 1) errors.push({ path, message: `must match exactly one of oneOf, matched ${n}` });
  }
  if (actual === "number" || actual === "integer") {
    const n = v as number;
    if (typeof s.minimum === "number" && n < s.minimum) errors.push({ path, message: `must be ≥ ${s.minimum}` });
    if (typeof s.maximum === "number" && n > s.maximum) errors.push({ path, message: `must be ≤ ${s.maximum}` });
    if (typeof s.exclusiveMinimum === "number" && n <= s.exclusiveMinimum) errors.push({ path, message: `must be > ${s.exclusiveMinimum}` });
    if (typeof s.exclusiveMaximum === "number" && n >= s.exclusiveMaximum) errors.push({ path, message: `must be < ${s.exclusiveMaximum}` });
  }
  if (actual === "string") {
    const str = v as string;
    const len = [...str].length;
    if (typeof s.minLength === "number" && len < s.minLength) errors.push({ path, message: `must have ≥ ${s.minLength} characters` });
    if (typeof s.maxLength === "number" && len > s.maxLength) errors.push({ path, message: `must have ≤ ${s.maxLength} characters` });
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(str)) errors.push({ path, message: `must match ${s.pattern}` });
    if (typeof s.format === "string" && FORMATS[s.format] && !FORMATS[s.format]!(str)) errors.push({ path, message: `must be a ${s.format}` });
  }
  if (actual === "array") {
    const arr = v as unknown[];
    if (typeof s.minItems === "number" && arr.length < s.minItems) errors.push({ path, message: `must have ≥ ${s.minItems} items` });
    if (typeof s.maxItems === "number" && arr.length > s.maxItems) errors.push({ path, message: `must have ≤ ${s.maxItems} items` });
    if (s.items !== undefined) arr.forEach((item, i) => walk(item, s.items as Schema, `${path}/${i}`, root, errors));
  }
  if (actual === "object") {
    const obj = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) errors.push({ path: `${path}/${r}`, message: "is required" });
    for (const [k, val] of Object.entries(obj)) {
      if (s.propertyNames !== undefined) walk(k, s.propertyNames as Schema, `${path}/${k} (name)`, root, errors);
      if (k in props) walk(val, props[k]!, `${path}/${k}`, root, errors);
      else if (s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) errors.push({ path: `${path}/${k}`, message: "is not an allowed property" });
        else walk(val, s.additionalProperties as Schema, `${path}/${k}`, root, errors);
      }
    }
  }
}
