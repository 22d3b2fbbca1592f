import { describe, expect, it } from "vitest";
import { proposeMapping } from "@/lib/csv";
import { compileSpec, fieldSources, recordError, specMapping, validateSpec, type ImportSpec } from "./spec";
import { formatBytes, formatDuration, progressFigures } from "./format";

const header = ["mql_id", "won_date", "origin"];
const base: ImportSpec = {
  entity: "opportunities",
  columns: [
    { column: 0, header: "mql_id", target: "accountExternalId", confidence: 1 },
    { column: 1, header: "won_date", target: "closedAt", confidence: 1 },
    { column: 2, header: "origin", target: "ignore", confidence: 0 },
  ],
  fixed: [],
  blanks: [],
  delimiter: ",",
};

describe("import spec", () => {
  it("counts fixed values as mapped fields", () => {
    expect(validateSpec(base, header).map((i) => i.field)).toEqual(expect.arrayContaining(["externalId", "stage", "createdAt"]));
    const spec = { ...base, fixed: [{ field: "externalId", template: "deal-{mql_id}" }, { field: "stage", template: "Closed Won" }, { field: "createdAt", template: "{won_date}" }] };
    expect(validateSpec(spec, header).filter((i) => i.severity === "error")).toEqual([]);
    expect(specMapping(spec, header).slice(3).map((m) => m.header)).toEqual(["External ID (fixed value)", "Stage (fixed value)", "Created at (fixed value)"]);
  });

  it("expands templates per row and parses them with the field's parser", () => {
    const spec = { ...base, fixed: [{ field: "externalId", template: "deal-{MQL_ID}" }, { field: "stage", template: "Closed Won" }, { field: "createdAt", template: "{won_date}" }, { field: "name", template: "Deal of {mql_id}" }] };
    const map = compileSpec(spec, header);
    const r = map(["abc", "2018-02-26 19:58:54", "social"], 2);
    expect(r).toEqual({
      ok: true,
      record: { accountExternalId: "abc", closedAt: Date.UTC(2018, 1, 26, 19, 58, 54), externalId: "deal-abc", stage: "won", createdAt: Date.UTC(2018, 1, 26, 19, 58, 54), name: "Deal of abc", custom: {} },
    });
    const bad = map(["abc", "someday", "x"], 3);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.column)).toEqual(["won_date", "Created at (fixed value)"]);
  });

  it("reports templates naming unknown columns and fixed values for unknown fields", () => {
    const spec = { ...base, fixed: [{ field: "externalId", template: "{seller}" }, { field: "colour", template: "red" }] };
    const messages = validateSpec(spec, header).map((i) => i.message);
    expect(messages).toContain("the fixed value of External ID (fixed value) refers to {seller}, which is not a column of the file");
    expect(messages).toContain('a fixed value is set for unknown field "colour"');
  });

  it("treats the spec's extra blanks as missing values", () => {
    const h = ["id", "name", "origin"];
    const spec: ImportSpec = { entity: "accounts", columns: proposeMapping("accounts", h), fixed: [], blanks: ["unknown"], delimiter: "," };
    const r = compileSpec(spec, h)(["1", "Acme", "Unknown"], 2);
    expect(r.ok && r.record.custom).toEqual({});
  });

  it("points database errors at the column the value came from", () => {
    const sources = fieldSources(base, header);
    expect(recordError(sources, ["NOPE", "", ""], 7, { field: "accountExternalId", message: "account 'NOPE' not found (by external id or domain)" })).toEqual({
      line: 7,
      column: "mql_id",
      columnIndex: 0,
      value: "NOPE",
      reason: "account 'NOPE' not found (by external id or domain)",
    });
  });
});

describe("import formatting", () => {
  it("formats sizes, durations and progress", () => {
    expect(formatBytes(200 * 1024 ** 2)).toBe("200 MB");
    expect(formatBytes(2 * 1024 ** 3)).toBe("2 GB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatDuration(125)).toBe("2 min 5 s");
    const p = progressFigures({ bytes: 1000, cursorOffset: 250, processedRows: 5000, startedAt: 0, now: 10_000, status: "running" });
    expect(p).toEqual({ fraction: 0.25, rowsPerSecond: 500, secondsLeft: 30 });
  });
});
