/**
 * Example request bodies of the batch endpoints, shown in the OpenAPI document and on the API page.
 * A test holds them to the zod schemas and to the generated JSON Schemas.
 */
import type { ImportEntity } from "@/lib/csv/fields";

export const BATCH_EXAMPLES: Readonly<Record<ImportEntity, { records: Record<string, unknown>[]; dryRun?: boolean }>> = {
  accounts: {
    records: [
      {
        externalId: "001Dn00000AbCdE",
        name: "Northwind Analytics",
        domain: "northwind-analytics.com",
        industry: "Software",
        employeeCount: 420,
        annualRevenue: 38000000,
        country: "United States",
        technologies: ["Snowflake", "Salesforce"],
        lifecycleStage: "mql",
        ownerEmail: "sales@lodestar.dev",
        custom: { tier: "enterprise" },
      },
    ],
  },
  contacts: {
    records: [
      { externalId: "003Dn00000XyZ12", accountExternalId: "001Dn00000AbCdE", firstName: "Dana", lastName: "Reyes", email: "dana.reyes@northwind-analytics.com", title: "VP Marketing", seniority: "vp", department: "marketing", buyingRole: "decision_maker" },
    ],
  },
  activities: {
    records: [{ externalId: "evt-88121", accountExternalId: "001Dn00000AbCdE", contactEmail: "dana.reyes@northwind-analytics.com", type: "demo_request", occurredAt: "2025-03-04T15:20:00Z", source: "website" }],
  },
  intent_signals: {
    records: [{ accountDomain: "northwind-analytics.com", topic: "account-based marketing", strength: 78, observedAt: "2025-03-03" }],
  },
  opportunities: {
    records: [{ externalId: "006Dn00000Opp01", accountExternalId: "001Dn00000AbCdE", name: "Northwind – Cloud", stage: "won", amount: 54000, product: "Lodestar Cloud", createdAt: "2025-01-10", closedAt: "2025-03-01" }],
  },
};
