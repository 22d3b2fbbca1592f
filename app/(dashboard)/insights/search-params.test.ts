import { describe, expect, it } from "vitest";
import { insightsHref, parseInsightsSearchParams } from "./search-params";

describe("parseInsightsSearchParams", () => {
  it("gives the defaults for an empty URL", () => {
    expect(parseInsightsSearchParams({})).toEqual({
      query: { versionId: null, compareId: null, segment: { industry: null, region: null, size: null }, cutoff: null, horizonDays: 180, conversion: "pipeline", mode: null },
      notices: [],
    });
  });

  it("reads every filter", () => {
    const { query, notices } = parseInsightsSearchParams({
      version: "3", compare: "2", industry: "Software", region: "EMEA", size: "200-999", cutoff: "2025-06-01", horizon: "90", outcome: "win", mode: "current",
    });
    expect(notices).toEqual([]);
    expect(query).toEqual({
      versionId: 3,
      compareId: 2,
      segment: { industry: "Software", region: "EMEA", size: "200-999" },
      cutoff: Date.UTC(2025, 5, 1),
      horizonDays: 90,
      conversion: "win",
      mode: "current",
    });
  });

  it("takes the first of repeated parameters and treats empty ones as unset", () => {
    const { query } = parseInsightsSearchParams({ industry: ["Retail", "Software"], region: "", compare: "none", mode: "auto" });
    expect(query.segment).toEqual({ industry: "Retail", region: null, size: null });
    expect(query.compareId).toBeNull();
    expect(query.mode).toBeNull();
  });

  it("corrects a zero horizon to the default and says why", () => {
    const { query, notices } = parseInsightsSearchParams({ horizon: "0" });
    expect(query.horizonDays).toBe(180);
    expect(notices).toEqual([
      { level: "error", field: "horizonDays", message: "The horizon must be between 1 and 1095 days: a horizon of 0 days measures nothing: outcomes need at least one day after the cutoff. Showing 180 days." },
    ]);
    expect(parseInsightsSearchParams({ horizon: "5000" }).notices[0].message).toContain("longer than the 1095 allowed");
    expect(parseInsightsSearchParams({ horizon: "1.5" }).notices[0].message).toContain("“1.5” is not a whole number of days");
  });

  it("corrects every other unreadable parameter with a message", () => {
    const { query, notices } = parseInsightsSearchParams({
      version: "abc", compare: "-1", size: "huge", cutoff: "2025-13-45", outcome: "revenue", mode: "magic", industry: "x".repeat(300),
    });
    expect(query).toEqual({ versionId: null, compareId: null, segment: { industry: null, region: null, size: null }, cutoff: null, horizonDays: 180, conversion: "pipeline", mode: null });
    expect(notices.map((n) => n.field ?? "outcome")).toEqual(["versionId", "compareId", "segment", "segment", "cutoff", "outcome", "mode"]);
    expect(notices.find((n) => n.field === "cutoff")?.message).toBe("“2025-13-45” is not a date (use YYYY-MM-DD); showing the default cutoff.");
    for (const n of notices) expect(n.level).toBe("error");
    expect(parseInsightsSearchParams({ cutoff: "2025-02-30" }).query.cutoff).toBeNull();
  });
});

describe("insightsHref", () => {
  it("leaves out unset filters", () => {
    expect(insightsHref({})).toBe("/insights");
    expect(insightsHref({ version: 2, industry: "Financial Services", region: null, cutoff: "2025-01-01" })).toBe("/insights?version=2&industry=Financial+Services&cutoff=2025-01-01");
  });
});
