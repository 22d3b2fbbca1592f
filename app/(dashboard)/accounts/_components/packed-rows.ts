/**
 * The list's rows as they travel from the server page to the table (a client component): one JSON
 * text of value arrays instead of an array of objects. React serialises a prop value by value (a
 * call per key of every row) and the browser, and the server's own HTML render, revive it the same
 * way; a long string is sent as it is and read back with one native JSON.parse, and the keys are not
 * repeated on every row. Imported by both sides, so it holds no "use client".
 */
import type { AccountRowView } from "./columns";

const FIELDS = [
  "id",
  "rank",
  "score",
  "band",
  "previousScore",
  "name",
  "domain",
  "industry",
  "country",
  "region",
  "employeeCount",
  "annualRevenue",
  "technologies",
  "lifecycleStage",
  "status",
  "ownerId",
  "ownerName",
  "lastActivityAt",
  "reasons",
] as const satisfies readonly (keyof AccountRowView)[];

// Every field of a row is packed: adding one to AccountRowView without listing it here fails to compile.
type Unpacked = Exclude<keyof AccountRowView, (typeof FIELDS)[number]>;
const everyFieldPacked: [Unpacked] extends [never] ? true : never = true;
void everyFieldPacked;

/** Rows packed for the table component. */
export type PackedAccountRows = string & { readonly __packedAccountRows: true };

/** Packs rows for the table component (on the server). */
export function packAccountRows(rows: readonly AccountRowView[]): PackedAccountRows {
  return JSON.stringify(rows.map((r) => FIELDS.map((f) => r[f]))) as PackedAccountRows;
}

/** The rows back from their packed form (in the table component). */
export function unpackAccountRows(packed: PackedAccountRows): AccountRowView[] {
  // One object literal in FIELDS order: every row gets the same shape at once (the tests hold the order).
  return (JSON.parse(packed) as unknown[][]).map((v) => ({
    id: v[0],
    rank: v[1],
    score: v[2],
    band: v[3],
    previousScore: v[4],
    name: v[5],
    domain: v[6],
    industry: v[7],
    country: v[8],
    region: v[9],
    employeeCount: v[10],
    annualRevenue: v[11],
    technologies: v[12],
    lifecycleStage: v[13],
    status: v[14],
    ownerId: v[15],
    ownerName: v[16],
    lastActivityAt: v[17],
    reasons: v[18],
  }) as AccountRowView);
}
