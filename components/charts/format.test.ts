import { describe, expect, it } from "vitest";
import { rateAxis } from "./chart-theme";
import { csvUnit, csvValue, formatTick, formatValue } from "./format";

describe("formatValue", () => {
  it("formats each kind of figure, and a missing one as a dash", () => {
    expect(formatValue(0.2345, "percent")).toBe("23.5%");
    expect(formatValue(1234567, "currency")).toBe("$1,234,567");
    expect(formatValue(1234567, "currency", true)).toBe("$1.2M");
    expect(formatValue(41.6, "days")).toBe("42 d");
    expect(formatValue(2.5, "ratio")).toBe("2.5×");
    expect(formatValue(12.25, "score")).toBe("12.3");
    expect(formatValue(Date.UTC(2025, 5, 1), "date")).toBe("2025-06-01");
    for (const missing of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) expect(formatValue(missing, "percent")).toBe("–");
  });

  it("keeps axis ticks short", () => {
    expect(formatTick(0.2, "percent")).toBe("20%");
    expect(formatTick(2, "ratio")).toBe("2×");
  });
});

describe("CSV values", () => {
  it("writes plain numbers with the unit in the header", () => {
    expect(csvValue(0.23456, "percent")).toBe(23.46);
    expect(csvUnit("percent")).toBe(" (%)");
    expect(csvValue(1234.567, "currency")).toBe(1234.57);
    expect(csvValue(null, "percent")).toBeNull();
    expect(csvValue(Number.NaN, "ratio")).toBeNull();
    expect(csvValue("=cmd()", "text")).toBe("=cmd()"); // neutralised by the CSV writer, not here
  });
});

describe("rateAxis", () => {
  it("picks round, evenly spaced ticks that cover the data", () => {
    expect(rateAxis([0.34, 0.1])).toEqual({ domain: [0, 0.4], ticks: [0, 0.1, 0.2, 0.3, 0.4] });
    expect(rateAxis([0.07, null])).toEqual({ domain: [0, 0.08], ticks: [0, 0.02, 0.04, 0.06, 0.08] });
    expect(rateAxis([0.9]).domain).toEqual([0, 1]);
    expect(rateAxis([]).ticks).toEqual([0, 0.005]);
  });
});
