import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_PLACEHOLDERS,
  detectDateFormat,
  detectDecimalSeparator,
  isMissing,
  normalizeKey,
  parseBoolean,
  parseDate,
  parseDomain,
  parseEmail,
  parseEnum,
  parseInteger,
  parseNumber,
  parseTags,
  parseText,
  parseUrl,
  placeholderSet,
  snakeCase,
  type EnumSpec,
  type ValueResult,
} from "./values";

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);
const value = <T>(r: ValueResult<T>): T | null => {
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.value;
};
const reason = (r: ValueResult<unknown>): string => {
  if (r.ok) throw new Error(`expected failure, got ${JSON.stringify(r.value)}`);
  return r.reason;
};

describe("missing values", () => {
  it("treats blanks and default placeholders as missing, case-insensitively", () => {
    for (const s of ["", "  ", "NA", "n/a", "N/A", "null", "NULL", "-", "Select", "#N/A", "none"]) {
      expect(isMissing(s)).toBe(true);
    }
    expect(isMissing("unknown")).toBe(false);
    expect(isMissing("0")).toBe(false);
    expect(DEFAULT_PLACEHOLDERS).toContain("select");
  });

  it("accepts a configured placeholder set", () => {
    const set = placeholderSet([...DEFAULT_PLACEHOLDERS, "Unknown"]);
    expect(isMissing("UNKNOWN", set)).toBe(true);
    expect(parseText("unknown", { placeholders: set })).toEqual({ ok: true, value: null });
    expect(parseText("  Acme  ")).toEqual({ ok: true, value: "Acme" });
  });

  it("every parser maps a placeholder to value null", () => {
    for (const parse of [parseNumber, parseInteger, parseDate, parseBoolean, parseEmail, parseDomain, parseUrl]) {
      expect(parse("N/A")).toEqual({ ok: true, value: null });
    }
  });
});

describe("parseBoolean", () => {
  it("accepts the usual spellings", () => {
    for (const s of ["true", "True", "TRUE", "yes", "Y", "1", "t", "on"]) expect(value(parseBoolean(s))).toBe(true);
    for (const s of ["false", "False", "no", "N", "0", "f", "off"]) expect(value(parseBoolean(s))).toBe(false);
  });
  it("rejects other text with a reason", () => {
    expect(reason(parseBoolean("maybe"))).toBe("'maybe' is not a yes/no value (expected true/false, yes/no, y/n or 1/0)");
  });
});

describe("parseNumber", () => {
  it.each([
    ["42", 42],
    ["-3.5", -3.5],
    ["+7", 7],
    [".5", 0.5],
    ["1,234,567", 1234567],
    ["1,200", 1200],
    ["$1,200.50", 1200.5],
    ["€ 3.400", 3400],
    ["3.400 €", 3400],
    ["EUR 1.234,56", 1234.56],
    ["1.234.567", 1234567],
    ["1.234,5", 1234.5],
    ["3,5", 3.5],
    ["1 234 567", 1234567],
    ["1'234'567.25", 1234567.25],
    ["1.2M", 1200000],
    ["15k", 15000],
    ["$2.5bn", 2500000000],
    ["3MM", 3000000],
    ["(500)", -500],
    ["($1,000.00)", -1000],
    ["-$5", -5],
    ["$-5", -5],
    ["500-", -500],
    ["85%", 85],
    ["1e3", 1000],
    ["R$ 10,50", 10.5],
    ["100.0", 100],
    ["0", 0],
    ["-0", 0],
  ])("%s → %d", (raw, expected) => {
    expect(value(parseNumber(raw))).toBe(expected);
  });

  it("honours an explicit decimal separator", () => {
    expect(value(parseNumber("1.234", { decimal: "," }))).toBe(1234);
    expect(value(parseNumber("1.234", { decimal: "." }))).toBe(1.234);
    expect(value(parseNumber("1,234", { decimal: "," }))).toBe(1.234);
    expect(value(parseNumber("1,5", { decimal: "," }))).toBe(1.5);
    expect(reason(parseNumber("1,5", { decimal: "." }))).toBe("'1,5' is not a number");
    expect(reason(parseNumber("1.234,5", { decimal: "." }))).toBe("'1.234,5' is not a number");
  });

  it("rejects text, misplaced separators and ranges by default", () => {
    expect(reason(parseNumber("abc"))).toBe("'abc' is not a number");
    expect(reason(parseNumber("12abc"))).toBe("'12abc' is not a number");
    expect(reason(parseNumber("1,23,4"))).toBe("'1,23,4' is not a number");
    expect(reason(parseNumber("1.2.3,4,5"))).toBe("'1.2.3,4,5' is not a number");
    expect(reason(parseNumber("$"))).toBe("'$' is not a number");
    expect(reason(parseNumber("51-200"))).toBe("'51-200' is a range, not a single number");
    expect(reason(parseNumber("10,000+"))).toBe("'10,000+' is an open range, not a single number");
  });

  it("reads ranges as midpoints when asked", () => {
    expect(value(parseNumber("51-200", { ranges: "midpoint" }))).toBe(125.5);
    expect(value(parseNumber("1,001 – 5,000", { ranges: "midpoint" }))).toBe(3000.5);
    expect(value(parseNumber("10,000+", { ranges: "midpoint" }))).toBe(10000);
    expect(value(parseNumber("$1M to $5M", { ranges: "midpoint" }))).toBe(3000000);
    expect(value(parseNumber("-5", { ranges: "midpoint" }))).toBe(-5);
  });

  it("property: formatted integers and decimals round-trip", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 99 }), (n, cents) => {
        const en = `${n < 0 ? "-" : ""}${Math.abs(n).toLocaleString("en-US")}.${String(cents).padStart(2, "0")}`;
        const expected = n < 0 ? n - cents / 100 : n + cents / 100;
        expect(value(parseNumber(en))).toBeCloseTo(expected, 6);
        const de = en.replace(/,/g, "_").replace(".", ",").replace(/_/g, ".");
        expect(value(parseNumber(de, { decimal: "," }))).toBeCloseTo(expected, 6);
        expect(value(parseNumber(String(n)))).toBe(n);
      }),
    );
  });
});

describe("parseInteger", () => {
  it("accepts whole numbers in any notation and rejects fractions", () => {
    expect(value(parseInteger("1,500"))).toBe(1500);
    expect(value(parseInteger("1.2k"))).toBe(1200);
    expect(value(parseInteger("100.0"))).toBe(100);
    expect(reason(parseInteger("12.5"))).toBe("'12.5' is not a whole number");
    expect(value(parseInteger("12.5", { round: true }))).toBe(13);
    expect(value(parseInteger("51-200", { ranges: "midpoint" }))).toBe(126);
  });
});

describe("detectDecimalSeparator", () => {
  it("finds the decimal separator from decisive samples", () => {
    expect(detectDecimalSeparator(["1.234,56", "3,5", "12"])).toBe(",");
    expect(detectDecimalSeparator(["1,234.56", "3.25"])).toBe(".");
    expect(detectDecimalSeparator(["1.234.567", "2.000.000"])).toBe(",");
    expect(detectDecimalSeparator(["1,200", "15", "3,400"])).toBe("auto");
    expect(detectDecimalSeparator([])).toBe("auto");
  });
});

describe("parseDate", () => {
  it.each([
    ["2024-01-31", utc(2024, 1, 31)],
    ["2024-1-5", utc(2024, 1, 5)],
    ["2024/01/31", utc(2024, 1, 31)],
    ["2024-01-31T10:20:30Z", utc(2024, 1, 31, 10, 20, 30)],
    ["2024-01-31T10:20:30.123Z", utc(2024, 1, 31, 10, 20, 30, 123)],
    ["2024-01-31T10:20:30+02:00", utc(2024, 1, 31, 8, 20, 30)],
    ["2024-01-31T10:20:30-0530", utc(2024, 1, 31, 15, 50, 30)],
    ["2024-01-31T10:20", utc(2024, 1, 31, 10, 20)],
    ["2018-02-26 03:00:00", utc(2018, 2, 26, 3)],
    ["2018-02-26 03:00:00 UTC", utc(2018, 2, 26, 3)],
    ["31/01/2024", utc(2024, 1, 31)],
    ["01/31/2024", utc(2024, 1, 31)],
    ["31.12.2024", utc(2024, 12, 31)],
    ["01.02.2024", utc(2024, 2, 1)],
    ["31-01-2024", utc(2024, 1, 31)],
    ["05/05/2024", utc(2024, 5, 5)],
    ["31/01/24", utc(2024, 1, 31)],
    ["12/31/99", utc(1999, 12, 31)],
    ["01/31/2024 3:04 PM", utc(2024, 1, 31, 15, 4)],
    ["01/31/2024 12:00 am", utc(2024, 1, 31, 0, 0)],
    ["5 Jan 2024", utc(2024, 1, 5)],
    ["05-Jan-2024", utc(2024, 1, 5)],
    ["Jan 5, 2024", utc(2024, 1, 5)],
    ["September 30th, 2023 14:00", utc(2023, 9, 30, 14)],
    ["20240131", utc(2024, 1, 31)],
    ["1700000000", 1700000000000],
    ["1700000000.5", 1700000000500],
    ["1700000000123", 1700000000123],
    ["2024-02-29", utc(2024, 2, 29)],
  ])("%s", (raw, expected) => {
    expect(value(parseDate(raw))).toBe(expected);
  });

  it("uses the column order for ambiguous slash dates", () => {
    expect(value(parseDate("03/04/2024", { order: "dmy" }))).toBe(utc(2024, 4, 3));
    expect(value(parseDate("03/04/2024", { order: "mdy" }))).toBe(utc(2024, 3, 4));
    // dotted dates are day-first whatever the column order says
    expect(value(parseDate("03.04.2024", { order: "mdy" }))).toBe(utc(2024, 4, 3));
    expect(reason(parseDate("03/04/2024"))).toBe(
      "'03/04/2024' is ambiguous: it could be day/month or month/day (choose DD/MM/YYYY or MM/DD/YYYY for this column)",
    );
    expect(reason(parseDate("31/01/2024", { order: "mdy" }))).toBe("'31/01/2024' is not a valid date");
  });

  it("rejects impossible dates with a specific reason", () => {
    expect(reason(parseDate("2018-13-45"))).toBe("'2018-13-45' is not a valid date");
    expect(reason(parseDate("2023-02-29"))).toBe("'2023-02-29' is not a valid date");
    expect(reason(parseDate("2024-01-31 25:00"))).toBe("'2024-01-31 25:00' is not a valid date");
    expect(reason(parseDate("13/13/2024"))).toBe("'13/13/2024' is not a valid date");
    expect(reason(parseDate("01/31/2024 13:00 PM"))).toBe("'01/31/2024 13:00 PM' is not a valid date");
    expect(reason(parseDate("yesterday"))).toContain("is not a valid date (expected e.g. 2024-01-31");
    expect(reason(parseDate("12345"))).toContain("epoch seconds or milliseconds");
  });

  it("property: ISO strings produced by Date round-trip", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1970-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), (d) => {
        expect(value(parseDate(d.toISOString()))).toBe(d.getTime());
      }),
    );
  });
});

describe("detectDateFormat", () => {
  it("decides the order from values above 12", () => {
    expect(detectDateFormat(["01/02/2024", "25/12/2024", ""])).toEqual({
      order: "dmy",
      ambiguous: false,
      dayFirstEvidence: 1,
      monthFirstEvidence: 0,
    });
    expect(detectDateFormat(["12/25/2024", "01/02/2024"]).order).toBe("mdy");
  });
  it("flags ambiguity and uses the fallback when nothing decides", () => {
    expect(detectDateFormat(["01/02/2024", "2024-05-30"])).toMatchObject({ order: "mdy", ambiguous: true });
    expect(detectDateFormat(["01/02/2024"], "dmy")).toMatchObject({ order: "dmy", ambiguous: true });
    expect(detectDateFormat(["25/01/2024", "01/25/2024", "26/01/2024"])).toMatchObject({ order: "dmy", ambiguous: true });
  });
});

describe("emails, domains, URLs", () => {
  it("parses emails", () => {
    expect(value(parseEmail(" Jane.Doe@Acme.COM "))).toBe("jane.doe@acme.com");
    expect(value(parseEmail("mailto:x@acme.io"))).toBe("x@acme.io");
    expect(value(parseEmail("Jane Doe <jane@acme.com>"))).toBe("jane@acme.com");
    expect(reason(parseEmail("jane@acme"))).toBe("'jane@acme' is not a valid email address");
    expect(reason(parseEmail("jane acme.com"))).toBe("'jane acme.com' is not a valid email address");
    expect(reason(parseEmail("a..b@acme.com"))).toContain("not a valid email");
  });

  it("normalises websites, URLs and emails to a bare domain", () => {
    expect(value(parseDomain("https://www.Acme.com/about?x=1"))).toBe("acme.com");
    expect(value(parseDomain("acme.co.uk"))).toBe("acme.co.uk");
    expect(value(parseDomain("WWW.ACME.COM."))).toBe("acme.com");
    expect(value(parseDomain("http://shop.acme.de:8080"))).toBe("shop.acme.de");
    expect(value(parseDomain("jane@acme.com"))).toBe("acme.com");
    expect(value(parseDomain("bücher.de"))).toBe("bücher.de");
    expect(reason(parseDomain("not a domain"))).toBe("'not a domain' is not a valid domain or website");
    expect(reason(parseDomain("localhost"))).toContain("not a valid domain");
    expect(reason(parseDomain("acme.c0m1"))).toContain("not a valid domain");
  });

  it("parses URLs", () => {
    expect(value(parseUrl("acme.com/pricing"))).toBe("https://acme.com/pricing");
    expect(value(parseUrl("http://acme.com"))).toBe("http://acme.com/");
    expect(reason(parseUrl("ftp://acme.com"))).toBe("'ftp://acme.com' is not a valid URL");
    expect(reason(parseUrl("javascript:alert(1)"))).toContain("not a valid URL");
  });
});

describe("tags and enums", () => {
  it("splits on ; or |, falls back to commas, de-duplicates and canonicalises", () => {
    const canonical = ["AWS", "Google Cloud", "HubSpot"];
    expect(value(parseTags("aws; Google cloud |hubspot;AWS", { canonical }))).toEqual(["AWS", "Google Cloud", "HubSpot"]);
    expect(value(parseTags("Snowflake, dbt"))).toEqual(["Snowflake", "dbt"]);
    expect(value(parseTags("a, b; c"))).toEqual(["a, b", "c"]);
    expect(value(parseTags(""))).toEqual([]);
    expect(value(parseTags("AWS;;N/A; "))).toEqual(["AWS"]);
  });

  const stage: EnumSpec = {
    values: ["open", "won", "lost"],
    synonyms: { "closed won": "won", "closed lost": "lost", prospecting: "open" },
    closed: true,
  };
  it("matches enum values and synonyms tolerant of case and punctuation", () => {
    expect(value(parseEnum("Closed Won", stage))).toBe("won");
    expect(value(parseEnum("closed-lost", stage))).toBe("lost");
    expect(value(parseEnum("WON", stage))).toBe("won");
    expect(value(parseEnum("Prospecting", stage))).toBe("open");
    expect(reason(parseEnum("pending", stage))).toBe("'pending' is not one of the allowed values (open, won, lost)");
  });
  it("keeps unknown values of open enums, optionally in snake_case", () => {
    const open: EnumSpec = { values: ["web_visit"], synonyms: { "page view": "web_visit" }, closed: false, snakeCaseUnknown: true };
    expect(value(parseEnum("Page View", open))).toBe("web_visit");
    expect(value(parseEnum("Phone Call", open))).toBe("phone_call");
    expect(value(parseEnum("Phone Call", { ...open, snakeCaseUnknown: false }))).toBe("Phone Call");
  });
  it("normalizeKey and snakeCase", () => {
    expect(normalizeKey(" Closed-Won ")).toBe("closedwon");
    expect(normalizeKey("Société")).toBe("societe");
    expect(snakeCase("Lead Source")).toBe("lead_source");
    expect(snakeCase("annualRevenue")).toBe("annual_revenue");
    expect(snakeCase("# of Employees")).toBe("of_employees");
  });
});
