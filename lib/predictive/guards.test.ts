import { describe, expect, it } from "vitest";
import { PredictiveInputError } from "./frame";
import { assertTrainingData, checkTrainingData } from "./guards";
import { evaluateTable } from "./table-evaluation";

describe("checkTrainingData", () => {
  it("refuses a single-class target", () => {
    const c = checkTrainingData(new Uint8Array(100));
    expect(c).toMatchObject({ ok: false, code: "single_class", positives: 0, negatives: 100 });
    expect(c.message).toMatch(/every one of the 100 outcomes is negative/);
  });

  it("refuses fewer than the minimum outcomes of a class", () => {
    const y = new Uint8Array(500);
    y.fill(1, 0, 29);
    expect(checkTrainingData(y)).toMatchObject({ ok: false, code: "too_few_outcomes" });
    y[29] = 1;
    const ok = checkTrainingData(y);
    expect(ok).toMatchObject({ ok: true, positives: 30, negatives: 470 });
    expect(ok.warnings[0]).toMatch(/small sample: only 30 positive outcomes/);
    expect(checkTrainingData(y, { minPerClass: 50 }).ok).toBe(false);
  });

  it("refuses when no feature is usable, naming why", () => {
    const y = Uint8Array.from({ length: 100 }, (_, i) => i % 2);
    const c = checkTrainingData(y, { features: 0, dropped: [{ column: "id", reason: "a unique value per row (an id)" }] });
    expect(c.ok).toBe(false);
    expect(c.message).toMatch(/^no usable feature: every column is an id, constant or excluded — id \(a unique value per row/);
  });

  it("refuses labels that are not 0/1 and throws through assertTrainingData", () => {
    expect(checkTrainingData([0, 1, 2]).code).toBe("not_binary");
    expect(() => assertTrainingData([])).toThrow(PredictiveInputError);
  });
});

describe("evaluateTable guards", () => {
  const header = ["id", "constant", "excluded", "target"];
  const rows = Array.from({ length: 200 }, (_, i) => [`row-${i}`, "x", String(i % 7), i % 3 === 0 ? "yes" : "no"]);

  it("refuses a table with no usable feature", () => {
    expect(() => evaluateTable(header, rows, { target: "target", exclude: ["excluded"] })).toThrow(/no usable feature: every column is an id, constant or excluded/);
  });

  it("refuses an unknown target, a non-binary target and a one-class target", () => {
    expect(() => evaluateTable(header, rows, { target: "nope" })).toThrow(/unknown target column "nope"/);
    expect(() => evaluateTable(header, rows, { target: "excluded" })).toThrow(/not binary/);
    const one = rows.map((r) => [...r.slice(0, 3), "yes"]);
    expect(() => evaluateTable(header, one, { target: "target" })).toThrow(/single class/);
  });

  it("reports sample sizes with every evaluation", () => {
    const withSignal = rows.map((r, i) => [r[0], r[1], i % 3 === 0 ? "a" : "b", r[3]]);
    const e = evaluateTable(header, withSignal, { target: "target", learner: "lr" });
    expect(e).toMatchObject({ rows: 200, positives: 67, negatives: 133, folds: 5 });
    expect(e.foldSizes.reduce((a, f) => a + f.test, 0)).toBe(200);
    expect(e.auc.mean).toBeGreaterThan(0.99);
    expect(e.columnsDropped.map((d) => d.column)).toEqual(["id", "constant"]);
  });
});
