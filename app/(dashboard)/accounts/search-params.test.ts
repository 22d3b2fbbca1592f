import { describe, expect, it } from "vitest";
import { accountsHref, activeFilterCount, DEFAULT_COLUMNS, defaultState, parseAccountListParams, serializeAccountListState } from "./search-params";

const BANDS = ["A", "B", "C", "D"];
const parse = (q: string) => parseAccountListParams(new URLSearchParams(q), { bands: BANDS });

describe("account list URL state", () => {
  it("an empty URL is the default view, and the default view has an empty URL", () => {
    const { state, issues } = parse("");
    expect(state).toEqual(defaultState());
    expect(issues).toEqual([]);
    expect(accountsHref(state)).toBe("/accounts");
  });

  it("reads every filter, the sort, page, size, columns and density, and writes them back identically", () => {
    const q =
      "q=acme&band=A&band=B&score=60-100&industry=Software&industry=Financial+Services&country=Germany&region=EMEA&employees=200-5000&revenue=1000000-&tech=Snowflake&owner=me&stage=mql&stage=sql&open=1&engaged=30&sort=employees.asc&page=3&perPage=25&cols=name%2Cscore%2Cowner&density=compact";
    const { state, issues } = parse(q);
    expect(issues).toEqual([]);
    expect(state.filters).toEqual({
      q: "acme",
      band: ["A", "B"],
      scoreMin: 60,
      scoreMax: 100,
      industry: ["Software", "Financial Services"],
      country: ["Germany"],
      region: ["EMEA"],
      employeesMin: 200,
      employeesMax: 5000,
      revenueMin: 1000000,
      revenueMax: undefined,
      tech: ["Snowflake"],
      owner: "me",
      stage: ["mql", "sql"],
      openOpp: true,
      engagedDays: 30,
    });
    expect(state.sort).toEqual({ id: "employees", desc: false });
    expect(state.page).toBe(3);
    expect(state.perPage).toBe(25);
    expect(state.columns).toEqual(["name", "score", "owner"]);
    expect(state.density).toBe("compact");
    const again = parse(serializeAccountListState(state));
    expect(again.state).toEqual(state);
    expect(serializeAccountListState(again.state)).toBe(serializeAccountListState(state));
    expect(activeFilterCount(state.filters)).toBe(13);
  });

  it("turns hand-edited nonsense into the closest valid view and says what it ignored", () => {
    const { state, issues } = parse(
      "foo=bar&band=Z&band=a&score=abc&employees=5000-200&owner=someone&open=maybe&engaged=-3&sort=hacked.desc&page=0&perPage=7&density=huge&stage=lead&cols=bogus,owner",
    );
    expect(state.filters.band).toEqual(["A"]);
    expect(state.filters.scoreMin).toBeUndefined();
    expect(state.filters.employeesMin).toBe(200);
    expect(state.filters.employeesMax).toBe(5000);
    expect(state.filters.owner).toBeUndefined();
    expect(state.filters.openOpp).toBeUndefined();
    expect(state.filters.engagedDays).toBeUndefined();
    expect(state.filters.stage).toBeUndefined();
    expect(state.sort).toEqual({ id: "score", desc: true });
    expect(state.page).toBe(1);
    expect(state.perPage).toBe(50);
    expect(state.density).toBe("comfortable");
    // The required columns come back even when the URL drops them.
    expect(state.columns).toEqual(["name", "score", "owner"]);
    expect(issues.join(" ")).toMatch(/Unknown filter “foo”/);
    expect(issues.join(" ")).toMatch(/Unknown band “Z”/);
    expect(issues.join(" ")).toMatch(/score range/);
    expect(issues.join(" ")).toMatch(/Sorting by “hacked.desc”/);
    expect(issues.length).toBeGreaterThanOrEqual(10);
  });

  it("clamps numbers to their ranges and huge pages to a bound the page can clamp further", () => {
    const { state } = parse("score=0-250&page=99999999999&engaged=100000&q=" + "x".repeat(300));
    expect(state.filters.scoreMin).toBe(0);
    expect(state.filters.scoreMax).toBe(100);
    const negative = parse("score=-5-250");
    expect(negative.state.filters.scoreMin).toBeUndefined();
    expect(negative.issues.join(" ")).toMatch(/score range “-5-250” is not valid/);
    expect(state.page).toBe(1_000_000);
    expect(state.filters.engagedDays).toBe(3650);
    expect(state.filters.q).toHaveLength(100);
  });

  it("strips control characters from the search and accepts owner ids and 'none'", () => {
    expect(parse("q=ac%01me%0A").state.filters.q).toBe("ac me");
    expect(parse("owner=12").state.filters.owner).toBe(12);
    expect(parse("owner=none").state.filters.owner).toBe("none");
  });

  it("reads Next's record form (repeated keys as arrays) like URLSearchParams", () => {
    const { state } = parseAccountListParams({ industry: ["Software", "Retail"], band: "B" }, { bands: BANDS });
    expect(state.filters.industry).toEqual(["Software", "Retail"]);
    expect(state.filters.band).toEqual(["B"]);
  });

  it("leaves the default columns out of the URL", () => {
    expect(serializeAccountListState({ ...defaultState(), columns: [...DEFAULT_COLUMNS] })).toBe("");
  });
});
