/**
 * The shared vocabulary of Lodestar: the value sets that the demo generator produces, the
 * scoring templates reference and the UI offers in pickers. Imported data may hold other values
 * (an imported CRM can have any industry); these are the defaults, not a closed list, except
 * where a type says otherwise (roles, lifecycle stages, opportunity stages, bands).
 */
export const ROLES = ["admin", "marketing", "manager", "sales"] as const;
export type Role = (typeof ROLES)[number];

export const LIFECYCLE_STAGES = ["prospect", "mql", "sql", "opportunity", "customer", "churned"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** A rep's working status for an account (set by the owner). */
export const ACCOUNT_STATUSES = ["new", "working", "nurture", "qualified", "disqualified"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const OPPORTUNITY_STAGES = ["open", "won", "lost"] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export const INDUSTRIES = [
  "Software", "Financial Services", "Healthcare", "Manufacturing", "Retail", "Education",
  "Telecommunications", "Media", "Logistics", "Energy", "Professional Services", "Government",
] as const;

export const REGIONS: Record<string, readonly string[]> = {
  "North America": ["United States", "Canada", "Mexico"],
  EMEA: ["Germany", "United Kingdom", "France", "Netherlands", "Sweden", "Spain", "Italy", "Switzerland", "Poland", "Ireland", "South Africa", "United Arab Emirates"],
  APAC: ["Japan", "Australia", "Singapore", "India", "South Korea", "New Zealand"],
  LATAM: ["Brazil", "Argentina", "Chile", "Colombia"],
};

export const TECHNOLOGIES = [
  "Salesforce", "HubSpot", "Marketo", "Pardot", "Snowflake", "Databricks", "BigQuery", "AWS", "Azure",
  "Google Cloud", "Slack", "Microsoft Teams", "Zendesk", "Intercom", "Segment", "Workday", "SAP", "Oracle",
  "Shopify", "Stripe", "Tableau", "Looker", "dbt", "Kubernetes", "Outreach", "Gong", "6sense", "Okta",
] as const;

export const ACTIVITY_TYPES = [
  "web_visit", "pricing_page_visit", "content_download", "email_open", "email_click", "webinar_attended",
  "event_attended", "demo_request", "trial_signup", "support_ticket",
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const INTENT_TOPICS = [
  "account-based marketing", "lead scoring", "sales intelligence", "marketing automation", "customer data platform",
  "predictive analytics", "data warehouse", "crm migration", "revenue operations", "intent data",
] as const;

export const BUYING_ROLES = ["decision_maker", "economic_buyer", "champion", "influencer", "user", "blocker"] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

export const SENIORITIES = ["c_level", "vp", "director", "manager", "individual_contributor"] as const;
export const DEPARTMENTS = ["executive", "marketing", "sales", "it", "engineering", "finance", "operations", "hr"] as const;

export const PRODUCTS = ["Lodestar Cloud", "Lodestar Enterprise", "Insights Add-on", "Services"] as const;

export const SCORE_CATEGORIES = ["fit", "engagement", "intent", "relationship"] as const;
export type ScoreCategory = (typeof SCORE_CATEGORIES)[number];

export interface BandDefinition {
  label: string;
  /** inclusive lower bound on the 0..100 score */
  min: number;
}

/** Default bands: A ≥ 80, B 60–79, C 40–59, D < 40 (highest first). */
export const DEFAULT_BANDS: BandDefinition[] = [
  { label: "A", min: 80 },
  { label: "B", min: 60 },
  { label: "C", min: 40 },
  { label: "D", min: 0 },
];
