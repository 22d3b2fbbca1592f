import { describe, expect, it } from "vitest";
import { BATCH_REQUEST_SCHEMAS, fieldErrorsOf, listAccountsQuerySchema } from "./api";

const errorsOf = (r: { success: boolean; error?: unknown }) => (r.success ? {} : fieldErrorsOf(r.error as never));

describe("API payload schemas", () => {
  it("normalise accounts like the CSV import (domain, country → region, canonical industry and tags)", () => {
    const out = BATCH_REQUEST_SCHEMAS.accounts.parse({
      records: [{ externalId: " a1 ", name: "Acme", domain: "https://www.Acme.com/x", industry: "financial services", country: "uk", technologies: ["aws", "AWS", "hubspot"] }],
    });
    expect(out.records[0]).toEqual({
      externalId: "a1",
      name: "Acme",
      domain: "acme.com",
      industry: "Financial Services",
      country: "United Kingdom",
      region: "EMEA",
      technologies: ["AWS", "HubSpot"],
      custom: {},
    });
  });

  it("keep absent keys absent and null as null (keep vs clear on upsert)", () => {
    const [r] = BATCH_REQUEST_SCHEMAS.accounts.parse({ records: [{ externalId: "a", name: "A", industry: null }] }).records;
    expect(r).toEqual({ externalId: "a", name: "A", industry: null, custom: {} });
    expect("employeeCount" in r!).toBe(false);
  });

  it("accept dates as ISO date-times, dates or epoch ms", () => {
    const recs = BATCH_REQUEST_SCHEMAS.activities.parse({
      records: [
        { accountExternalId: "a", type: "web_visit", occurredAt: "2025-01-02T03:04:05+01:00" },
        { accountExternalId: "a", type: "Pricing Page", occurredAt: "2025-01-02" },
        { accountExternalId: "a", type: "phone call", occurredAt: 1_700_000_000_000 },
      ],
    }).records;
    expect(recs.map((r) => r.occurredAt)).toEqual([Date.UTC(2025, 0, 2, 2, 4, 5), Date.UTC(2025, 0, 2), 1_700_000_000_000]);
    expect(recs.map((r) => r.type)).toEqual(["web_visit", "pricing_page_visit", "phone_call"]);
  });

  it("name every bad field by its path", () => {
    const r = BATCH_REQUEST_SCHEMAS.opportunities.safeParse({
      records: [{ externalId: "o1", accountExternalId: "a", stage: "won", createdAt: "2025-01-01" }, { externalId: "o2", stage: "maybe", createdAt: "soon", amount: -5 }],
    });
    expect(Object.keys(errorsOf(r)).sort()).toEqual(["records.0.closedAt", "records.1.accountExternalId", "records.1.amount", "records.1.createdAt", "records.1.stage"]);
  });

  it("refuse more than 1,000 records and an empty batch", () => {
    expect(errorsOf(BATCH_REQUEST_SCHEMAS.intent_signals.safeParse({ records: [] }))).toHaveProperty("records");
    const many = Array.from({ length: 1001 }, () => ({ accountDomain: "a.com", topic: "x", strength: 1, observedAt: "2025-01-01" }));
    expect(errorsOf(BATCH_REQUEST_SCHEMAS.intent_signals.safeParse({ records: many }))).toHaveProperty("records");
  });

  it("coerce and bound list query parameters", () => {
    expect(listAccountsQuerySchema.parse({ minScore: "40", limit: "20" })).toMatchObject({ minScore: 40, limit: 20 });
    expect(listAccountsQuerySchema.parse({}).limit).toBe(100);
    expect(Object.keys(errorsOf(listAccountsQuerySchema.safeParse({ maxScore: "101", limit: "501", updatedSince: "never" }))).sort()).toEqual(["limit", "maxScore", "updatedSince"]);
  });
});
