import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { ENTITY_FIELDS, IMPORT_ENTITIES, getEntityFields, type ImportEntity } from "./fields";
import {
  compileMapping,
  customName,
  headerTokens,
  inferCustomType,
  mapRow,
  proposeMapping,
  validateMapping,
  type ColumnMapping,
} from "./mapping";
import { parseCsv } from "./parse";
import { DEFAULT_PLACEHOLDERS, placeholderSet } from "./values";

const dataDir = path.resolve(import.meta.dirname, "../..", "../shared/data");
const targets = (m: ColumnMapping[]) => Object.fromEntries(m.map((c) => [c.header, c.target]));
const utc = (y: number, mo: number, d: number, h = 0) => Date.UTC(y, mo - 1, d, h);

describe("field definitions", () => {
  it("every entity has unique keys, and the required fields from the import spec", () => {
    for (const e of IMPORT_ENTITIES) {
      const keys = getEntityFields(e).map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const f of getEntityFields(e)) {
        if (f.type === "enum") expect(f.enum, `${e}.${f.key}`).toBeDefined();
      }
    }
    const required = (e: ImportEntity) => ENTITY_FIELDS[e].filter((f) => f.required).map((f) => f.key);
    expect(required("accounts")).toEqual(["externalId", "name"]);
    expect(required("activities")).toEqual(["type", "occurredAt"]);
    expect(required("opportunities")).toEqual(["externalId", "stage", "createdAt"]);
    expect(ENTITY_FIELDS.intent_signals.find((f) => f.key === "strength")).toMatchObject({ min: 0, max: 100 });
  });
});

describe("headerTokens", () => {
  it("normalises case, punctuation, camelCase, # and plurals", () => {
    expect(headerTokens("# of Employees")).toEqual(["number", "employee"]);
    expect(headerTokens("No. of employees")).toEqual(["number", "employee"]);
    expect(headerTokens("annualRevenue")).toEqual(["annual", "revenue"]);
    expect(headerTokens("  ANNUAL_REVENUE ")).toEqual(["annual", "revenue"]);
    expect(headerTokens("E-mail Address")).toEqual(["email", "address"]);
    expect(headerTokens("Société")).toEqual(["societe"]);
  });
});

describe("proposeMapping", () => {
  it("maps common account headers, tolerant of case, spacing and synonyms", () => {
    const m = proposeMapping("accounts", [
      "Account ID", "Company Name", "Website", "# of employees", "Annual Revenue", "industry", "HQ Country",
      "Founded", "Tech Stack", "Account Owner", "Lifecycle Stage", "Region",
    ]);
    expect(targets(m)).toEqual({
      "Account ID": "externalId",
      "Company Name": "name",
      Website: "domain",
      "# of employees": "employeeCount",
      "Annual Revenue": "annualRevenue",
      industry: "industry",
      "HQ Country": "country",
      Founded: "foundedYear",
      "Tech Stack": "technologies",
      "Account Owner": "ownerEmail",
      "Lifecycle Stage": "lifecycleStage",
      Region: "region",
    });
    expect(m.every((c) => c.confidence === 1)).toBe(true);
    expect(m.map((c) => c.column)).toEqual([...m.keys()]);
  });

  it("knows more spellings: CRM ID, ARR, Employees, snake_case and camelCase", () => {
    expect(targets(proposeMapping("accounts", ["CRM ID", "name", "Employees", "ARR", "employee_count_x", "foundedYear"]))).toMatchObject({
      "CRM ID": "externalId",
      name: "name",
      Employees: "employeeCount",
      ARR: "annualRevenue",
      foundedYear: "foundedYear",
    });
  });

  it("never maps two headers to the same field: the leftmost exact match wins", () => {
    const m = proposeMapping("accounts", ["Employees", "Number of Employees", "Company", "Account Name"]);
    expect(m.map((c) => c.target)).toEqual(["employeeCount", "custom:number_of_employees", "name", "custom:account_name"]);
  });

  it("prefers an exact match over a partial one regardless of column order", () => {
    const m = proposeMapping("opportunities", ["Close Date Time Zone", "Close Date"]);
    expect(m[1].target).toBe("closedAt");
    expect(m[0].target).toBe("ignore");
  });

  it("matches after dropping entity words with confidence 0.9 and partial overlap lower", () => {
    const m = proposeMapping("accounts", ["Company Industry", "Annual Revenue (USD)"]);
    expect(m[0]).toMatchObject({ target: "industry", confidence: 0.9 });
    expect(m[1].target).toBe("annualRevenue");
    expect(m[1].confidence).toBeGreaterThanOrEqual(0.6);
    expect(m[1].confidence).toBeLessThan(0.9);
  });

  it("does not force weak one-word overlaps", () => {
    const m = proposeMapping("contacts", ["Prospect ID", "Lead Number", "Last Activity", "Lead Source"]);
    expect(targets(m)).toEqual({ "Prospect ID": "externalId", "Lead Number": "ignore", "Last Activity": "ignore", "Lead Source": "ignore" });
  });

  it("maps opportunity, contact, activity and intent headers", () => {
    expect(targets(proposeMapping("opportunities", ["Opportunity ID", "Account ID", "Deal Stage", "Amount", "Close Date", "Created Date", "Product"]))).toEqual({
      "Opportunity ID": "externalId",
      "Account ID": "accountExternalId",
      "Deal Stage": "stage",
      Amount: "amount",
      "Close Date": "closedAt",
      "Created Date": "createdAt",
      Product: "product",
    });
    expect(targets(proposeMapping("contacts", ["Contact ID", "Company Domain", "First Name", "Last Name", "E-mail", "Job Title", "Role"]))).toEqual({
      "Contact ID": "externalId",
      "Company Domain": "accountDomain",
      "First Name": "firstName",
      "Last Name": "lastName",
      "E-mail": "email",
      "Job Title": "title",
      Role: "buyingRole",
    });
    expect(targets(proposeMapping("activities", ["Account ID", "Contact Email", "Activity Type", "Timestamp"]))).toEqual({
      "Account ID": "accountExternalId",
      "Contact Email": "contactEmail",
      "Activity Type": "type",
      Timestamp: "occurredAt",
    });
    expect(targets(proposeMapping("intent_signals", ["Company Domain", "Topic", "Intent Score", "Week Of"]))).toEqual({
      "Company Domain": "accountDomain",
      Topic: "topic",
      "Intent Score": "strength",
      "Week Of": "observedAt",
    });
  });

  it("turns unmatched account headers into unique custom attributes and ignores them elsewhere", () => {
    const m = proposeMapping("accounts", ["Account ID", "Lead Source", "lead source!", ""]);
    expect(m.map((c) => c.target)).toEqual(["externalId", "custom:lead_source", "custom:lead_source_2", "ignore"]);
    expect(proposeMapping("activities", ["Favourite Colour"])[0].target).toBe("ignore");
    expect(proposeMapping("activities", ["Foo"], { unmatched: "custom" })[0].target).toBe("custom:foo");
    // a custom name never collides with a built-in key
    expect(proposeMapping("accounts", ["Industry", "industry"], {})[1].target).toBe("custom:industry_2");
  });

  it("uses samples: date order, decimal separator, custom types, email/domain columns", () => {
    const headers = ["Opportunity ID", "Account", "Deal Stage", "Amount", "Created", "Close Date", "Notes", "Score", "Is Renewal", "Zip"];
    const samples = [
      ["o1", "acme.com", "Closed Won", "1.234,50", "25/01/2024", "03/02/2024", "x", "1.5", "Yes", "02134"],
      ["o2", "globex.io", "Open", "3,5", "01/02/2024", "", "y", "2", "no", "10001"],
      ["o3", "initech.com", "Lost", "N/A", "13/03/2024", "04/04/2024", "z", "3", "N/A", "94105"],
    ];
    const m = proposeMapping("opportunities", headers, { samples, unmatched: "custom" });
    const by = Object.fromEntries(m.map((c) => [c.header, c]));
    expect(by.Account).toMatchObject({ target: "accountDomain", confidence: 0.55 });
    expect(by.Amount).toMatchObject({ target: "amount", decimal: "," });
    expect(by.Created).toMatchObject({ target: "createdAt", dateOrder: "dmy" });
    expect(by.Created.needsReview).toBeUndefined();
    expect(by["Close Date"]).toMatchObject({ target: "closedAt", dateOrder: "mdy" });
    expect(by["Close Date"].needsReview).toContain("could be day/month or month/day");
    expect(by.Score).toMatchObject({ target: "custom:score", customType: "number" });
    expect(by["Is Renewal"]).toMatchObject({ customType: "boolean" });
    expect(by.Zip).toMatchObject({ customType: "string" });
    expect(by.Notes).toMatchObject({ customType: "string" });
  });

  it("inferCustomType", () => {
    expect(inferCustomType([])).toBe("string");
    expect(inferCustomType(["1", "2.5", "$3"])).toBe("number");
    expect(inferCustomType(["True", "False"])).toBe("boolean");
    expect(inferCustomType(["2024-01-01", "31/12/2023"])).toBe("date");
    expect(inferCustomType(["007", "8"])).toBe("string");
    expect(inferCustomType(["a", "1"])).toBe("string");
  });
});

describe("validateMapping", () => {
  const base = (entity: ImportEntity, headers: string[]) => proposeMapping(entity, headers);

  it("accepts a complete mapping", () => {
    expect(validateMapping("accounts", base("accounts", ["Account ID", "Company Name"]))).toEqual([]);
  });

  it("reports unmapped required fields and groups", () => {
    const issues = validateMapping("activities", base("activities", ["Activity ID", "Notes"]));
    expect(issues.map((i) => i.message)).toEqual([
      "required field type is not mapped",
      "required field occurredAt is not mapped",
      "one of accountExternalId or accountDomain must be mapped to identify the account",
    ]);
    expect(validateMapping("accounts", base("accounts", ["Company Name"])).map((i) => i.message)).toEqual([
      "required field externalId is not mapped",
    ]);
  });

  it("reports duplicate targets, unknown fields, bad custom names and duplicate columns", () => {
    const m: ColumnMapping[] = [
      { column: 0, header: "ID", target: "externalId", confidence: 1 },
      { column: 1, header: "Name", target: "name", confidence: 1 },
      { column: 2, header: "Company", target: "name", confidence: 1 },
      { column: 3, header: "X", target: "nope", confidence: 0 },
      { column: 4, header: "Y", target: "custom:", confidence: 0 },
      { column: 5, header: "Emp", target: "custom:employee_count", confidence: 0 },
      { column: 6, header: "A", target: "custom:a", confidence: 0 },
      { column: 7, header: "B", target: "custom:A", confidence: 0 },
      { column: 7, header: "B", target: "ignore", confidence: 0 },
    ];
    const issues = validateMapping("accounts", m);
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      ["unknown_field", 'unknown target field "nope" for accounts (column "X")'],
      ["invalid_custom_name", 'column "Y" needs a name for its custom attribute'],
      ["invalid_custom_name", 'custom attribute "employee_count" (column "Emp") clashes with the built-in field employeeCount'],
      ["duplicate_column", 'column 8 ("B") is mapped twice'],
      ["duplicate_target", 'field name is mapped from more than one column ("Name", "Company")'],
      ["invalid_custom_name", 'custom attribute "a" is used by more than one column ("A", "B")'],
    ]);
    expect(issues.every((i) => i.severity === "error")).toBe(true);
  });

  it("warns when opportunities have a stage but no close date column", () => {
    const issues = validateMapping("opportunities", base("opportunities", ["Opportunity ID", "Account ID", "Stage", "Created Date"]));
    expect(issues).toEqual([expect.objectContaining({ severity: "warning", field: "closedAt" })]);
  });
});

describe("mapRow", () => {
  const accountHeaders = ["Account ID", "Company Name", "Website", "Employees", "Annual Revenue", "Country", "Tech Stack", "Lifecycle Stage", "Industry", "Tier"];
  const accountMapping = proposeMapping("accounts", accountHeaders);

  it("produces a typed account record with custom attributes and derived region", () => {
    const r = mapRow("accounts", accountMapping, ["A-1", " Acme ", "https://www.acme.com/", "51-200", "$1.2M", "USA", "aws; Slack|AWS", "Marketing Qualified Lead", "software", "Gold"], 2);
    expect(r).toEqual({
      ok: true,
      record: {
        externalId: "A-1",
        name: "Acme",
        domain: "acme.com",
        employeeCount: 126,
        annualRevenue: 1200000,
        country: "United States",
        region: "North America",
        technologies: ["AWS", "Slack"],
        lifecycleStage: "mql",
        industry: "Software",
        custom: { tier: "Gold" },
      },
    } as unknown as ReturnType<typeof mapRow>);
  });

  it("returns every cell error with line, column, value and reason", () => {
    const r = mapRow("accounts", accountMapping, ["", "Acme", "not a site", "many", "", "", "", "Closed Won", "", ""], 7);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { line: 7, column: "Account ID", columnIndex: 0, value: "", reason: "External ID (externalId) is required but the cell is empty" },
      { line: 7, column: "Website", columnIndex: 2, value: "not a site", reason: "'not a site' is not a valid domain or website" },
      { line: 7, column: "Employees", columnIndex: 3, value: "many", reason: "'many' is not a number" },
      {
        line: 7,
        column: "Lifecycle Stage",
        columnIndex: 7,
        value: "Closed Won",
        reason: "'Closed Won' is not one of the allowed values (prospect, mql, sql, opportunity, customer, churned)",
      },
    ]);
  });

  it("marks mapped-but-blank fields null, leaves unmapped fields absent, keeps explicit regions", () => {
    const m = proposeMapping("accounts", ["Account ID", "Company Name", "Website", "Country", "Region", "Tech Stack"]);
    const r = mapRow("accounts", m, ["A-2", "Beta", "N/A", "Germany", "Europe", ""], 3);
    expect(r.ok && r.record).toEqual({
      externalId: "A-2",
      name: "Beta",
      domain: null,
      country: "Germany",
      region: "EMEA",
      technologies: [],
      custom: {},
    });
    expect(r.ok && "industry" in r.record).toBe(false);
  });

  it("honours a configured placeholder set", () => {
    const m = proposeMapping("accounts", ["Account ID", "Company Name", "Industry"]);
    const placeholders = placeholderSet([...DEFAULT_PLACEHOLDERS, "unknown"]);
    expect(mapRow("accounts", m, ["1", "A", "Unknown"], 2).ok && mapRow("accounts", m, ["1", "A", "Unknown"], 2)).toMatchObject({
      record: { industry: "Unknown" },
    });
    expect(mapRow("accounts", m, ["1", "A", "Unknown"], 2, { placeholders })).toMatchObject({ ok: true, record: { industry: null } });
  });

  it("checks numeric bounds", () => {
    const m = proposeMapping("intent_signals", ["Account ID", "Topic", "Strength", "Date"]);
    const r = mapRow("intent_signals", m, ["A-1", "Lead Scoring", "150", "2024-01-01"], 4);
    expect(!r.ok && r.errors[0].reason).toBe("'150' is out of range (0–100)");
    const ok = mapRow("intent_signals", m, ["A-1", "LEAD SCORING", "85%", "2024-01-01"], 4);
    expect(ok).toEqual({
      ok: true,
      record: { accountExternalId: "A-1", topic: "lead scoring", strength: 85, observedAt: utc(2024, 1, 1), custom: {} },
    });
  });

  it("requires an account reference per row and reports it once", () => {
    const m = proposeMapping("contacts", ["Contact ID", "Account ID", "Company Domain", "Email", "Role"]);
    const r = mapRow("contacts", m, ["C-1", "", "", "JANE@ACME.COM", "Economic Buyer"], 5);
    expect(!r.ok && r.errors).toEqual([
      {
        line: 5,
        column: "Account ID / Company Domain",
        columnIndex: 1,
        value: "",
        reason: "the account (accountExternalId or accountDomain) is required but the cells are empty",
      },
    ]);
    const bad = mapRow("contacts", m, ["C-1", "", "bad domain", "", ""], 5);
    expect(!bad.ok && bad.errors.map((e) => e.column)).toEqual(["Company Domain"]);
    const good = mapRow("contacts", m, ["C-1", "", "acme.com", "JANE@ACME.COM", "Economic Buyer"], 5);
    expect(good).toEqual({
      ok: true,
      record: { externalId: "C-1", accountExternalId: null, accountDomain: "acme.com", email: "jane@acme.com", buyingRole: "economic_buyer", custom: {} },
    });
    expect(mapRow("contacts", m, ["C-1", "A", "", "", "Other"], 5)).toMatchObject({ ok: false });
  });

  it("maps activities with open-vocabulary types and ambiguous dates resolved by the column order", () => {
    const m = proposeMapping("activities", ["Account ID", "Activity Type", "Date"]).map((c) =>
      c.target === "occurredAt" ? { ...c, dateOrder: "dmy" as const } : c,
    );
    expect(mapRow("activities", m, ["A", "Requested Demo", "03/04/2024 10:00"], 2)).toEqual({
      ok: true,
      record: { accountExternalId: "A", type: "demo_request", occurredAt: utc(2024, 4, 3, 10), custom: {} },
    });
    expect(mapRow("activities", m, ["A", "Phone Call", "2024-04-03"], 3)).toMatchObject({ ok: true, record: { type: "phone_call" } });
    const auto = proposeMapping("activities", ["Account ID", "Activity Type", "Date"]);
    const r = mapRow("activities", auto, ["A", "web visit", "03/04/2024"], 4);
    expect(!r.ok && r.errors[0].reason).toContain("ambiguous");
  });

  it("maps opportunity stages and requires a close date for closed deals", () => {
    const m = proposeMapping("opportunities", ["Opportunity ID", "Account ID", "Stage", "Amount", "Created Date", "Close Date"]);
    expect(mapRow("opportunities", m, ["O-1", "A", "Closed Won", "(1,000)", "2024-01-01", "2024-02-01"], 2)).toEqual({
      ok: true,
      record: { externalId: "O-1", accountExternalId: "A", stage: "won", amount: -1000, createdAt: utc(2024, 1, 1), closedAt: utc(2024, 2, 1), custom: {} },
    });
    expect(mapRow("opportunities", m, ["O-2", "A", "Prospecting", "", "2024-01-01", ""], 3)).toMatchObject({ ok: true, record: { stage: "open", closedAt: null } });
    const r = mapRow("opportunities", m, ["O-3", "A", "closed lost", "5", "2024-01-01", ""], 4);
    expect(!r.ok && r.errors).toEqual([{ line: 4, column: "Close Date", columnIndex: 5, value: "", reason: "a lost opportunity needs a close date (closedAt)" }]);
    const bad = mapRow("opportunities", m, ["O-4", "A", "Maybe", "5", "2018-13-45", "2024-01-01"], 5);
    expect(!bad.ok && bad.errors.map((e) => e.reason)).toEqual([
      "'Maybe' is not one of the allowed values (open, won, lost)",
      "'2018-13-45' is not a valid date",
    ]);
  });

  it("parses custom attributes by their type and omits blanks", () => {
    const m: ColumnMapping[] = [
      { column: 0, header: "ID", target: "externalId", confidence: 1 },
      { column: 1, header: "Name", target: "name", confidence: 1 },
      { column: 2, header: "Score", target: "custom:score", confidence: 0, customType: "number" },
      { column: 3, header: "Vip", target: "custom:vip", confidence: 0, customType: "boolean" },
      { column: 4, header: "Since", target: "custom:since", confidence: 0, customType: "date" },
      { column: 5, header: "Note", target: "custom:note", confidence: 0 },
      { column: 6, header: "Junk", target: "ignore", confidence: 0 },
    ];
    expect(mapRow("accounts", m, ["1", "A", "1,5k", "Yes", "2020-05-01", "", "whatever"], 2)).toEqual({
      ok: true,
      record: { externalId: "1", name: "A", custom: { score: 1500, vip: true, since: utc(2020, 5, 1) } },
    });
    const r = mapRow("accounts", m, ["1", "A", "abc", "maybe", "x", "", ""], 3);
    expect(!r.ok && r.errors.map((e) => e.column)).toEqual(["Score", "Vip", "Since"]);
  });

  it("treats a short row's missing cells as blank", () => {
    const m = proposeMapping("accounts", ["Account ID", "Company Name", "Industry"]);
    expect(mapRow("accounts", m, ["1", "A"], 2)).toMatchObject({ ok: true, record: { industry: null } });
  });

  it("compileMapping refuses an invalid mapping", () => {
    expect(() => compileMapping("accounts", proposeMapping("accounts", ["Company Name"]))).toThrow(
      "invalid accounts mapping: required field externalId is not mapped",
    );
    expect(customName("custom:x")).toBe("x");
    expect(customName("name")).toBeNull();
  });
});

describe("end to end on real data", () => {
  const leads = path.join(dataDir, "x-education-leads/Leads.csv");
  it.skipIf(!fs.existsSync(leads))("imports X Education leads as contacts with Select treated as missing", () => {
    const csv = parseCsv(fs.readFileSync(leads, "utf8"));
    const mapping = proposeMapping("contacts", csv.header, { samples: csv.rows.slice(0, 200), unmatched: "custom" });
    const by = Object.fromEntries(mapping.map((c) => [c.header, c]));
    expect(by["Prospect ID"].target).toBe("externalId");
    expect(by.Specialization.target).toBe("custom:specialization");
    expect(by.Converted.customType).toBe("number");
    expect(by["Do Not Email"].customType).toBe("boolean");
    // contacts need an account: attach every lead to one synthetic account column for the test
    const withAccount: ColumnMapping[] = mapping.map((c) => (c.header === "Lead Number" ? { ...c, target: "accountExternalId", confidence: 1 } : c));
    expect(validateMapping("contacts", withAccount).filter((i) => i.severity === "error")).toEqual([]);
    const mapper = compileMapping("contacts", withAccount);
    let ok = 0;
    let selects = 0;
    for (let k = 0; k < csv.rows.length; k++) {
      const r = mapper(csv.rows[k], csv.lines[k]);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      ok++;
      if (csv.rows[k][csv.header.indexOf("Specialization")] === "Select") {
        selects++;
        expect(r.record.custom.specialization).toBeUndefined();
      }
    }
    expect(ok).toBe(9240);
    expect(selects).toBe(1942);
  });
});
