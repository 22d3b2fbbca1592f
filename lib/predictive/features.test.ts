import { describe, expect, it } from "vitest";
import { type FeatureFrame, categoryColumn, fitPipeline, frameFromTable, inferColumnTypes, multiColumn, transform } from "./features";

function column(x: { names: string[]; n: number; data: ArrayLike<number> }, name: string): number[] {
  const j = x.names.indexOf(name);
  if (j < 0) throw new Error(`no feature ${name}; have ${x.names.join(", ")}`);
  return Array.from({ length: x.n }, (_, i) => x.data[j * x.n + i]);
}

describe("inferColumnTypes", () => {
  const header = ["id", "Lead Number", "visits", "opt out", "flag", "source", "city", "constant", "signup", "empty", "notes", "stack"];
  const rows = Array.from({ length: 40 }, (_, i) => [
    `uuid-${i}`,
    String(600_000 + i),
    i % 7 === 0 ? "" : String(i % 9),
    i % 3 === 0 ? "Yes" : "No",
    i % 2 === 0 ? "1" : "0",
    i % 2 === 0 ? "Google" : i % 3 === 0 ? " google " : "Direct Traffic",
    i % 4 === 0 ? "Select" : i % 2 === 0 ? "Mumbai" : "Thane",
    "same",
    `2024-0${1 + (i % 9)}-1${i % 10}`,
    "",
    `free text number ${i}`,
    i % 2 ? "Salesforce; HubSpot" : "Snowflake",
  ]);
  const types = Object.fromEntries(inferColumnTypes(header, rows).map((c) => [c.name, c]));

  it("recognises ids, numbers, booleans, categories, dates, tags, constants and blanks", () => {
    expect(types.id.type).toBe("id");
    expect(types["Lead Number"].type).toBe("id");
    expect(types.visits).toMatchObject({ type: "number", missing: 6 });
    expect(types["opt out"].type).toBe("boolean");
    expect(types.flag.type).toBe("boolean");
    expect(types.source).toMatchObject({ type: "category", distinct: 2 });
    expect(types.city).toMatchObject({ type: "category", missing: 10, distinct: 2 });
    expect(types.constant.type).toBe("constant");
    expect(types.signup.type).toBe("date");
    expect(types.empty.type).toBe("empty");
    expect(types.notes.type).toBe("id");
    expect(types.stack.type).toBe("multi");
  });

  it("builds a frame with merged spellings, placeholders as missing and date parts", () => {
    const t = frameFromTable(header, rows.map((r, i) => [...r, String(i % 2)]), { target: "flag", exclude: ["id"] });
    expect(t.dropped).toContainEqual({ column: "id", reason: "excluded" });
    expect(t.dropped.map((d) => d.column)).toEqual(expect.arrayContaining(["Lead Number", "constant", "empty", "notes"]));
    const source = t.frame.columns.find((c) => c.name === "source");
    expect(source?.kind === "category" && source.dict.sort()).toEqual(["Direct Traffic", "Google"]);
    const city = t.frame.columns.find((c) => c.name === "city");
    expect(city?.kind === "category" && Array.from(city.codes).filter((c) => c < 0).length).toBe(10);
    expect(t.frame.columns.map((c) => c.name)).toEqual(expect.arrayContaining(["signup month", "signup weekday"]));
    expect(t.positive).toBe("1");
  });
});

describe("fitPipeline / transform", () => {
  const n = 200;
  const frame = (shift = 0): FeatureFrame => ({
    n,
    columns: [
      { kind: "number", name: "visits", values: Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? NaN : i % 5 === 0 ? 0 : Math.exp(i / 40) + shift)) },
      { kind: "boolean", name: "opt out", values: Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0)) },
      categoryColumn("source", Array.from({ length: n }, (_, i) => (i % 50 === 0 ? "Rare" : i % 2 ? "Google" : "Direct"))),
      multiColumn("stack", Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "Salesforce; HubSpot" : "HubSpot"))),
    ],
  });

  it("imputes, flags missing and zero, log-transforms skewed numbers and standardises", () => {
    const p = fitPipeline(frame());
    const step = p.steps.find((s) => s.kind === "number");
    expect(step).toMatchObject({ log: true, missingIndicator: true, zeroIndicator: true });
    const x = transform(p, frame());
    const v = column(x, "visits");
    const mean = v.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(0, 9);
    expect(sd).toBeCloseTo(1, 9);
    expect(column(x, "visits is missing").filter((b) => b === 1)).toHaveLength(20);
    expect(column(x, "visits = 0").filter((b) => b === 1)).toHaveLength(20);
  });

  it("one-hot encodes categories with rare levels in other and tags as multi-hot", () => {
    const p = fitPipeline(frame());
    expect(p.features.map((f) => f.name)).toEqual(
      expect.arrayContaining(["source = Google", "source = Direct", "source = other", "stack: Salesforce", "opt out"]),
    );
    // HubSpot is on every row: no information, no feature
    expect(p.features.map((f) => f.name)).not.toContain("stack: HubSpot");
    const x = transform(p, frame());
    expect(column(x, "source = other").filter((b) => b === 1)).toHaveLength(4);
    const unseen: FeatureFrame = { n: 1, columns: [{ kind: "number", name: "visits", values: Float64Array.of(3) }, { kind: "boolean", name: "opt out", values: Float64Array.of(NaN) }, categoryColumn("source", ["Brand New"]), multiColumn("stack", [null])] };
    const u = transform(p, unseen);
    expect(column(u, "source = other")).toEqual([1]);
    expect(column(u, "opt out")).toEqual([0]);
  });

  it("learns its statistics from the training rows only (no leakage across folds)", () => {
    const train = Int32Array.from({ length: 150 }, (_, i) => i);
    const a = fitPipeline(frame(), train);
    // Change every test-row value drastically: the fitted pipeline must not move.
    const changed = frame();
    for (const c of changed.columns) {
      if (c.kind === "number") for (let i = 150; i < n; i++) c.values[i] = 1e6 + i;
      if (c.kind === "category") for (let i = 150; i < n; i++) c.codes[i] = 0;
    }
    const b = fitPipeline(changed, train);
    expect(b).toEqual(a);
    expect(a.fittedRows).toBe(150);
    // and a row's features do not depend on which other rows are transformed with it
    const alone = transform(a, frame(), [170]);
    const together = transform(a, frame(), [3, 170, 9]);
    for (let j = 0; j < a.features.length; j++) expect(together.data[j * 3 + 1]).toBe(alone.data[j]);
  });

  it("drops constant and near-constant columns with a reason and de-duplicates indicators", () => {
    const f: FeatureFrame = {
      n: 100,
      columns: [
        { kind: "number", name: "same", values: new Float64Array(100).fill(3) },
        { kind: "boolean", name: "almost never", values: Float64Array.from({ length: 100 }, (_, i) => (i === 0 ? 1 : 0)) },
        { kind: "number", name: "a", values: Float64Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? NaN : i)) },
        { kind: "number", name: "b", values: Float64Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? NaN : 2 * i)) },
      ],
    };
    const p = fitPipeline(f);
    expect(p.dropped).toEqual([
      { column: "same", reason: "constant on the training rows" },
      { column: "almost never", reason: "near-constant: fewer than 10 training rows differ" },
    ]);
    expect(p.features.filter((x) => x.role === "missing").map((x) => x.name)).toEqual(["a is missing"]);
  });

  it("writes float32 and range selections consistently with float64", () => {
    const p = fitPipeline(frame(), undefined, { numericBins: 4 });
    expect(p.features.filter((f) => f.role === "range")).toHaveLength(4);
    const d = transform(p, frame(), { start: 10, end: 20 });
    const s = transform(p, frame(), Int32Array.from({ length: 10 }, (_, i) => 10 + i), { precision: "float32" });
    expect(s.data).toBeInstanceOf(Float32Array);
    for (let k = 0; k < d.data.length; k++) expect(s.data[k]).toBeCloseTo(d.data[k], 5);
  });
});
