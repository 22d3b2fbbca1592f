/**
 * Target fields of the CSV import, per entity: what the import wizard can map a column to, how
 * each value is parsed, and which header spellings suggest it. The typed records `mapRow` produces
 * are declared here too, so the DB layer can import the types without the mapping logic.
 */
import {
  ACTIVITY_TYPES,
  BUYING_ROLES,
  DEPARTMENTS,
  INDUSTRIES,
  INTENT_TOPICS,
  LIFECYCLE_STAGES,
  OPPORTUNITY_STAGES,
  REGIONS,
  SENIORITIES,
  TECHNOLOGIES,
  type BuyingRole,
  type LifecycleStage,
  type OpportunityStage,
} from "@/lib/vocabulary";
import type { EnumSpec } from "./values";

/** Entities the CSV import accepts. */
export const IMPORT_ENTITIES = ["accounts", "contacts", "activities", "intent_signals", "opportunities"] as const;
/** One of IMPORT_ENTITIES. */
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** How a field's cells are parsed (see lib/csv/values). */
export type FieldType = "string" | "integer" | "number" | "date" | "boolean" | "enum" | "tags" | "email" | "domain" | "url";

/** One mappable target field. */
export interface FieldDefinition {
  key: string;
  label: string;
  type: FieldType;
  /** The column must be mapped and every row must have a value. */
  required: boolean;
  /**
   * Alternative keys: at least one field of the group must be mapped (and non-empty per row) when
   * `required` is true, e.g. an activity's account is given by accountExternalId or accountDomain.
   */
  oneOf?: { group: string; label: string; required: boolean };
  /** Header spellings that mean this field (matched tolerant of case, spacing and punctuation). */
  synonyms: readonly string[];
  description: string;
  /** For `enum` fields. */
  enum?: EnumSpec;
  /** For `string` and `tags` fields: canonical spellings ("software" → "Software"). */
  canonical?: readonly string[];
  /** Inclusive bounds for numeric fields. */
  min?: number;
  max?: number;
  /** Accept ranges such as "51-200" as their midpoint (employee/revenue bands). */
  rangesAsMidpoint?: boolean;
}

/** Value of a custom attribute after parsing with its column's `customType`. */
export type CustomValue = string | number | boolean;

/**
 * Import records. A key is absent when its column was not mapped (an upsert should keep the stored
 * value); it is null when the column was mapped but the cell was blank (clear the stored value).
 * Dates are epoch milliseconds (UTC). Custom attributes are keyed by their custom name.
 */
export interface AccountImportRecord {
  externalId: string;
  name: string;
  domain?: string | null;
  industry?: string | null;
  employeeCount?: number | null;
  annualRevenue?: number | null;
  country?: string | null;
  /** Derived from `country` via the vocabulary's REGIONS when not given. */
  region?: string | null;
  foundedYear?: number | null;
  technologies?: string[];
  lifecycleStage?: LifecycleStage | null;
  ownerEmail?: string | null;
  custom: Record<string, CustomValue>;
}

/** Reference to the parent account: at least one of the two is non-null. */
export interface AccountRef {
  accountExternalId?: string | null;
  accountDomain?: string | null;
}

/** A contact row, upserted by externalId; see AccountImportRecord for absent vs null. */
export interface ContactImportRecord extends AccountRef {
  externalId: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  title?: string | null;
  department?: string | null;
  seniority?: string | null;
  buyingRole?: BuyingRole | null;
  custom: Record<string, CustomValue>;
}

/** An activity row; the contact is optional (contactExternalId or contactEmail). */
export interface ActivityImportRecord extends AccountRef {
  externalId?: string | null;
  contactExternalId?: string | null;
  contactEmail?: string | null;
  type: string;
  occurredAt: number;
  source?: string | null;
  custom: Record<string, CustomValue>;
}

/** An intent signal row. */
export interface IntentSignalImportRecord extends AccountRef {
  externalId?: string | null;
  topic: string;
  /** 0..100 */
  strength: number;
  observedAt: number;
  custom: Record<string, CustomValue>;
}

/** An opportunity row, upserted by externalId. */
export interface OpportunityImportRecord extends AccountRef {
  externalId: string;
  name?: string | null;
  stage: OpportunityStage;
  amount?: number | null;
  product?: string | null;
  createdAt: number;
  /** Required (per row) when the stage is won or lost. For open deals, the expected close date if given. */
  closedAt?: number | null;
  custom: Record<string, CustomValue>;
}

/** The record type `mapRow` produces for an entity. */
export interface ImportRecordMap {
  accounts: AccountImportRecord;
  contacts: ContactImportRecord;
  activities: ActivityImportRecord;
  intent_signals: IntentSignalImportRecord;
  opportunities: OpportunityImportRecord;
}
/** The record type of entity E. */
export type ImportRecordOf<E extends ImportEntity> = ImportRecordMap[E];

// ---------------------------------------------------------------------------------------------
// Vocabularies with the spellings CRMs and spreadsheets use

/** Country aliases → the vocabulary's country names. */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  us: "United States", usa: "United States", "u.s.": "United States", "u.s.a.": "United States",
  "united states of america": "United States", america: "United States",
  uk: "United Kingdom", gb: "United Kingdom", "great britain": "United Kingdom", england: "United Kingdom",
  deutschland: "Germany", de: "Germany", fr: "France", nl: "Netherlands", holland: "Netherlands",
  "the netherlands": "Netherlands", se: "Sweden", es: "Spain", espana: "Spain", it: "Italy", ch: "Switzerland",
  pl: "Poland", ie: "Ireland", za: "South Africa", uae: "United Arab Emirates", ae: "United Arab Emirates",
  jp: "Japan", au: "Australia", sg: "Singapore", in: "India", kr: "South Korea", korea: "South Korea",
  "republic of korea": "South Korea", nz: "New Zealand", br: "Brazil", brasil: "Brazil", ar: "Argentina",
  cl: "Chile", co: "Colombia", ca: "Canada", mx: "Mexico",
};

const COUNTRY_NAMES = Object.values(REGIONS).flat();

/** Country → region, from the vocabulary. */
export const REGION_OF_COUNTRY: ReadonlyMap<string, string> = new Map(
  Object.entries(REGIONS).flatMap(([region, countries]) => countries.map((c) => [c, region] as const)),
);

const REGION_ENUM: EnumSpec = {
  values: Object.keys(REGIONS),
  synonyms: {
    "north america": "North America", nam: "North America", noram: "North America", amer: "North America",
    europe: "EMEA", "europe middle east africa": "EMEA", emea: "EMEA",
    "asia pacific": "APAC", apj: "APAC", asia: "APAC", anz: "APAC",
    "latin america": "LATAM", "south america": "LATAM", latam: "LATAM",
  },
  closed: false,
};

const COUNTRY_ENUM: EnumSpec = { values: COUNTRY_NAMES, synonyms: COUNTRY_ALIASES, closed: false };

const LIFECYCLE_ENUM: EnumSpec = {
  values: LIFECYCLE_STAGES,
  synonyms: {
    lead: "prospect", subscriber: "prospect", new: "prospect", target: "prospect", "target account": "prospect",
    "marketing qualified lead": "mql", "marketing qualified": "mql", marketingqualifiedlead: "mql",
    "sales qualified lead": "sql", "sales qualified": "sql", salesqualifiedlead: "sql", "sales accepted lead": "sql", sal: "sql",
    opp: "opportunity", pipeline: "opportunity", "in pipeline": "opportunity",
    client: "customer", "active customer": "customer", "customer direct": "customer", "customer channel": "customer", evangelist: "customer", "existing customer": "customer",
    "former customer": "churned", "lost customer": "churned", churn: "churned", "ex customer": "churned", cancelled: "churned",
  },
  closed: true,
};

/** Opportunity stages: Salesforce/HubSpot default stage names and "Closed Won"-style spellings. */
export const OPPORTUNITY_STAGE_ENUM: EnumSpec = {
  values: OPPORTUNITY_STAGES,
  synonyms: {
    "closed won": "won", "closed/won": "won", win: "won", booked: "won", signed: "won", "won deal": "won",
    "closed lost": "lost", "closed/lost": "lost", loss: "lost", dead: "lost", "closed disqualified": "lost",
    "closed no decision": "lost", "closed dead": "lost",
    prospecting: "open", qualification: "open", qualified: "open", "needs analysis": "open", "value proposition": "open",
    "id decision makers": "open", "perception analysis": "open", "proposal price quote": "open", proposal: "open",
    "negotiation review": "open", negotiation: "open", discovery: "open", demo: "open", engaging: "open",
    "in progress": "open", pipeline: "open", active: "open", pending: "open", evaluation: "open", commit: "open",
    "best case": "open", upside: "open", contracting: "open", "contract sent": "open", "legal review": "open",
    verbal: "open", "appointment scheduled": "open", "qualified to buy": "open", "presentation scheduled": "open",
    "decision maker bought in": "open", "stage 0": "open", "stage 1": "open", "stage 2": "open", "stage 3": "open",
    "stage 4": "open", "stage 5": "open",
  },
  closed: true,
};

const BUYING_ROLE_ENUM: EnumSpec = {
  values: BUYING_ROLES,
  synonyms: {
    "decision maker": "decision_maker", dm: "decision_maker", decider: "decision_maker", "final decision maker": "decision_maker",
    "economic buyer": "economic_buyer", "budget holder": "economic_buyer", "budget owner": "economic_buyer", buyer: "economic_buyer",
    sponsor: "champion", advocate: "champion", coach: "champion", "executive sponsor": "champion",
    evaluator: "influencer", "technical evaluator": "influencer", "technical buyer": "influencer", recommender: "influencer",
    "end user": "user", "end-user": "user",
    detractor: "blocker", gatekeeper: "blocker",
  },
  closed: true,
};

const SENIORITY_ENUM: EnumSpec = {
  values: SENIORITIES,
  synonyms: {
    "c level": "c_level", "c-level": "c_level", cxo: "c_level", "c suite": "c_level", chief: "c_level", executive: "c_level",
    owner: "c_level", founder: "c_level", "co founder": "c_level", president: "c_level", partner: "c_level",
    "vice president": "vp", svp: "vp", evp: "vp", avp: "vp", head: "vp", "head of": "vp",
    "senior director": "director", "sr director": "director",
    "senior manager": "manager", "sr manager": "manager", mgr: "manager", lead: "manager", "team lead": "manager",
    ic: "individual_contributor", "individual contributor": "individual_contributor", staff: "individual_contributor",
    entry: "individual_contributor", "entry level": "individual_contributor", associate: "individual_contributor",
    senior: "individual_contributor", specialist: "individual_contributor", "non manager": "individual_contributor",
  },
  closed: false,
  snakeCaseUnknown: true,
};

const DEPARTMENT_ENUM: EnumSpec = {
  values: DEPARTMENTS,
  synonyms: {
    management: "executive", leadership: "executive", "c suite": "executive", "general management": "executive",
    "business development": "sales", bd: "sales", bizdev: "sales", "account management": "sales",
    "information technology": "it", "it ops": "it", "r&d": "engineering", "r and d": "engineering", rd: "engineering",
    development: "engineering", "software engineering": "engineering",
    accounting: "finance", "finance and accounting": "finance",
    ops: "operations", "revenue operations": "operations", revops: "operations",
    "human resources": "hr", people: "hr", talent: "hr", "people operations": "hr", recruiting: "hr",
  },
  closed: false,
  snakeCaseUnknown: true,
};

/** Activity types: open (an imported CRM may have "call", "meeting"…), unknowns kept in snake_case. */
export const ACTIVITY_TYPE_ENUM: EnumSpec = {
  values: ACTIVITY_TYPES,
  synonyms: {
    "web visit": "web_visit", "website visit": "web_visit", "page view": "web_visit", pageview: "web_visit", visit: "web_visit",
    "site visit": "web_visit", "pricing page": "pricing_page_visit", "pricing page view": "pricing_page_visit",
    "pricing visit": "pricing_page_visit", "viewed pricing": "pricing_page_visit",
    download: "content_download", "content download": "content_download", "whitepaper download": "content_download",
    "ebook download": "content_download", "asset download": "content_download", "form submission": "content_download",
    "email open": "email_open", "email opened": "email_open", "opened email": "email_open", open: "email_open",
    "email click": "email_click", "email clicked": "email_click", "clicked email": "email_click", "link clicked": "email_click", click: "email_click",
    webinar: "webinar_attended", "webinar attended": "webinar_attended", "attended webinar": "webinar_attended",
    event: "event_attended", "event attended": "event_attended", "attended event": "event_attended", "trade show": "event_attended",
    "demo request": "demo_request", "demo requested": "demo_request", "requested demo": "demo_request", "request demo": "demo_request",
    "contact sales": "demo_request", "trial": "trial_signup", "free trial": "trial_signup", "trial signup": "trial_signup",
    "trial started": "trial_signup", "signed up for trial": "trial_signup", "support ticket": "support_ticket",
    ticket: "support_ticket", "support case": "support_ticket", case: "support_ticket",
  },
  closed: false,
  snakeCaseUnknown: true,
};

// ---------------------------------------------------------------------------------------------
// Field lists

const ACCOUNT_GROUP = { group: "account", label: "account (accountExternalId or accountDomain)", required: true } as const;
const CONTACT_GROUP = { group: "contact", label: "contact (contactExternalId or contactEmail)", required: false } as const;

const accountRefFields: FieldDefinition[] = [
  {
    key: "accountExternalId", label: "Account external ID", type: "string", required: false, oneOf: ACCOUNT_GROUP,
    synonyms: ["account id", "company id", "account external id", "crm account id", "organization id", "organisation id",
      "org id", "parent account id", "customer id", "sfdc account id", "salesforce account id", "hubspot company id", "account number"],
    description: "The CRM id of the account this record belongs to.",
  },
  {
    key: "accountDomain", label: "Account domain", type: "domain", required: false, oneOf: ACCOUNT_GROUP,
    synonyms: ["account domain", "company domain", "domain", "website", "company website", "account website", "web site", "url",
      "email domain", "company url"],
    description: "The account's web domain, used to find the account when no account id is given.",
  },
];

const ACCOUNT_FIELDS: FieldDefinition[] = [
  {
    key: "externalId", label: "External ID", type: "string", required: true,
    synonyms: ["external id", "account id", "crm id", "id", "record id", "company id", "salesforce id", "sfdc id", "account number",
      "customer id", "hubspot company id", "company record id", "organization id", "organisation id", "org id", "account external id", "accountid"],
    description: "The CRM's unique key of the account; re-importing the same id updates the account.",
  },
  {
    key: "name", label: "Name", type: "string", required: true,
    synonyms: ["name", "company name", "company", "account name", "account", "organization", "organisation", "organization name",
      "organisation name", "business name", "customer name", "legal name", "company legal name"],
    description: "The account's display name.",
  },
  {
    key: "domain", label: "Domain", type: "domain", required: false,
    synonyms: ["domain", "website", "web site", "url", "company domain", "website url", "domain name", "company website", "homepage", "web", "company url"],
    description: "Web domain (a website URL is reduced to its domain).",
  },
  {
    key: "industry", label: "Industry", type: "string", required: false, canonical: INDUSTRIES,
    synonyms: ["industry", "sector", "vertical", "business segment", "industry type", "industry name", "primary industry"],
    description: "Industry; the vocabulary's industries are matched case-insensitively.",
  },
  {
    key: "employeeCount", label: "Employee count", type: "integer", required: false, min: 0, rangesAsMidpoint: true,
    synonyms: ["employees", "number of employees", "employee count", "headcount", "company size", "staff", "size", "employee size",
      "total employees", "employee range", "number of employees range", "staff count", "fte", "ftes"],
    description: "Number of employees; a band such as 51-200 is read as its midpoint.",
  },
  {
    key: "annualRevenue", label: "Annual revenue", type: "number", required: false, min: 0, rangesAsMidpoint: true,
    synonyms: ["annual revenue", "revenue", "arr", "yearly revenue", "turnover", "annual sales", "company revenue", "revenue usd",
      "total revenue", "revenue range", "sales revenue"],
    description: "Annual revenue; currency signs, separators and suffixes such as 1.2M are accepted.",
  },
  {
    key: "country", label: "Country", type: "enum", required: false, enum: COUNTRY_ENUM,
    synonyms: ["country", "country name", "hq country", "billing country", "headquarters country", "nation", "country code", "company country"],
    description: "Country; common codes and aliases (US, UK, Deutschland…) are normalised.",
  },
  {
    key: "region", label: "Region", type: "enum", required: false, enum: REGION_ENUM,
    synonyms: ["region", "geo", "geography", "territory", "sales region", "sales territory", "market", "hq region"],
    description: "Sales region; derived from the country when not given.",
  },
  {
    key: "foundedYear", label: "Founded year", type: "integer", required: false, min: 1600, max: 2100,
    synonyms: ["founded", "year founded", "founded year", "founding year", "established", "year established", "inception year", "founded in"],
    description: "Year the company was founded.",
  },
  {
    key: "technologies", label: "Technologies", type: "tags", required: false, canonical: TECHNOLOGIES,
    synonyms: ["technologies", "tech stack", "technographics", "technology", "tech", "tools", "installed technologies", "tech tags",
      "technology tags", "technologies used", "stack"],
    description: "Technology tags separated by ; or |.",
  },
  {
    key: "lifecycleStage", label: "Lifecycle stage", type: "enum", required: false, enum: LIFECYCLE_ENUM,
    synonyms: ["lifecycle stage", "lifecycle", "account stage", "customer status", "account type", "relationship", "stage"],
    description: "prospect, mql, sql, opportunity, customer or churned (HubSpot/Salesforce spellings accepted).",
  },
  {
    key: "ownerEmail", label: "Owner email", type: "email", required: false,
    synonyms: ["owner email", "owner", "account owner", "account owner email", "sales rep", "sales rep email", "rep email",
      "assigned to", "ae email", "owner e mail", "account manager", "account executive"],
    description: "Email of the owning sales rep (matched to a user).",
  },
];

const CONTACT_FIELDS: FieldDefinition[] = [
  {
    key: "externalId", label: "External ID", type: "string", required: true,
    synonyms: ["external id", "contact id", "lead id", "person id", "id", "crm id", "record id", "prospect id", "contact external id",
      "lead number", "salesforce id", "hubspot contact id"],
    description: "The CRM's unique key of the contact.",
  },
  ...accountRefFields,
  {
    key: "firstName", label: "First name", type: "string", required: false,
    synonyms: ["first name", "firstname", "given name", "forename", "first", "fname"],
    description: "First name.",
  },
  {
    key: "lastName", label: "Last name", type: "string", required: false,
    synonyms: ["last name", "lastname", "surname", "family name", "last", "lname"],
    description: "Last name.",
  },
  {
    key: "email", label: "Email", type: "email", required: false,
    synonyms: ["email", "email address", "work email", "business email", "mail", "contact email", "primary email"],
    description: "Email address (lower-cased).",
  },
  {
    key: "title", label: "Job title", type: "string", required: false,
    synonyms: ["title", "job title", "position", "designation", "job", "job role", "occupation"],
    description: "Job title.",
  },
  {
    key: "department", label: "Department", type: "enum", required: false, enum: DEPARTMENT_ENUM,
    synonyms: ["department", "dept", "function", "job function", "team", "business function"],
    description: "Department; known spellings map to the vocabulary, others are kept in snake_case.",
  },
  {
    key: "seniority", label: "Seniority", type: "enum", required: false, enum: SENIORITY_ENUM,
    synonyms: ["seniority", "level", "job level", "management level", "seniority level"],
    description: "Seniority; known spellings map to the vocabulary, others are kept in snake_case.",
  },
  {
    key: "buyingRole", label: "Buying role", type: "enum", required: false, enum: BUYING_ROLE_ENUM,
    synonyms: ["buying role", "role", "persona", "contact role", "buyer role", "buying committee role", "opportunity role"],
    description: "decision_maker, economic_buyer, champion, influencer, user or blocker.",
  },
];

const ACTIVITY_FIELDS: FieldDefinition[] = [
  {
    key: "externalId", label: "External ID", type: "string", required: false,
    synonyms: ["external id", "activity id", "event id", "id", "crm id", "record id", "engagement id"],
    description: "Optional unique key of the activity; without it re-importing the same file may duplicate activities.",
  },
  ...accountRefFields,
  {
    key: "contactExternalId", label: "Contact external ID", type: "string", required: false, oneOf: CONTACT_GROUP,
    synonyms: ["contact id", "lead id", "person id", "prospect id", "contact external id"],
    description: "The contact who performed the activity, if known.",
  },
  {
    key: "contactEmail", label: "Contact email", type: "email", required: false, oneOf: CONTACT_GROUP,
    synonyms: ["contact email", "email", "email address", "lead email", "person email", "visitor email"],
    description: "The contact's email, used when no contact id is given.",
  },
  {
    key: "type", label: "Activity type", type: "enum", required: true, enum: ACTIVITY_TYPE_ENUM,
    synonyms: ["type", "activity type", "event type", "activity", "event", "action", "engagement type", "interaction type", "activity name"],
    description: "web_visit, demo_request, …; other types are kept in snake_case.",
  },
  {
    key: "occurredAt", label: "Occurred at", type: "date", required: true,
    synonyms: ["occurred at", "date", "timestamp", "activity date", "event date", "time", "datetime", "date time", "event time",
      "activity timestamp", "created at", "created date", "when", "activity time"],
    description: "When the activity happened.",
  },
  {
    key: "source", label: "Source", type: "string", required: false,
    synonyms: ["source", "channel", "origin", "utm source", "lead source", "platform", "medium"],
    description: "Where the activity was captured.",
  },
];

const INTENT_FIELDS: FieldDefinition[] = [
  {
    key: "externalId", label: "External ID", type: "string", required: false,
    synonyms: ["external id", "signal id", "intent id", "id", "record id"],
    description: "Optional unique key of the signal.",
  },
  ...accountRefFields,
  {
    key: "topic", label: "Topic", type: "string", required: true, canonical: INTENT_TOPICS,
    synonyms: ["topic", "intent topic", "keyword", "category", "subject", "theme", "surge topic", "topic name"],
    description: "The researched topic.",
  },
  {
    key: "strength", label: "Strength", type: "number", required: true, min: 0, max: 100,
    synonyms: ["strength", "score", "intent score", "intensity", "composite score", "surge score", "signal strength", "weight", "intent strength"],
    description: "Signal strength, 0–100.",
  },
  {
    key: "observedAt", label: "Observed at", type: "date", required: true,
    synonyms: ["observed at", "date", "week", "timestamp", "signal date", "surge date", "observed", "detected at", "created at", "week of", "date observed"],
    description: "When the surge was observed.",
  },
];

const OPPORTUNITY_FIELDS: FieldDefinition[] = [
  {
    key: "externalId", label: "External ID", type: "string", required: true,
    synonyms: ["external id", "opportunity id", "deal id", "opp id", "id", "crm id", "record id", "salesforce id", "hubspot deal id"],
    description: "The CRM's unique key of the opportunity.",
  },
  ...accountRefFields,
  {
    key: "name", label: "Name", type: "string", required: false,
    synonyms: ["name", "opportunity name", "deal name", "opportunity", "deal", "opp name", "title", "deal title"],
    description: "The opportunity's name.",
  },
  {
    key: "stage", label: "Stage", type: "enum", required: true, enum: OPPORTUNITY_STAGE_ENUM,
    synonyms: ["stage", "deal stage", "opportunity stage", "status", "pipeline stage", "sales stage", "outcome", "result", "won lost",
      "stage name", "deal status"],
    description: "open, won or lost; CRM stage names such as Closed Won or Prospecting are recognised.",
  },
  {
    key: "amount", label: "Amount", type: "number", required: false,
    synonyms: ["amount", "value", "deal value", "deal amount", "opportunity amount", "revenue", "close value", "total amount", "acv",
      "tcv", "contract value", "deal size", "price", "amount usd", "expected revenue", "arr"],
    description: "Deal amount.",
  },
  {
    key: "product", label: "Product", type: "string", required: false,
    synonyms: ["product", "product name", "sku", "plan", "product line", "products"],
    description: "Product sold.",
  },
  {
    key: "createdAt", label: "Created at", type: "date", required: true,
    synonyms: ["created at", "created date", "create date", "created", "date created", "opened date", "engage date", "creation date",
      "open date", "start date", "created on"],
    description: "When the opportunity was created (the start of the sales cycle).",
  },
  {
    key: "closedAt", label: "Closed at", type: "date", required: false,
    synonyms: ["closed at", "close date", "closed date", "close", "won date", "date closed", "closing date", "closed on",
      "expected close date", "close date time"],
    description: "When the deal was closed; required for won and lost deals.",
  },
];

/** Target fields of every import entity, in display order. */
export const ENTITY_FIELDS: Readonly<Record<ImportEntity, readonly FieldDefinition[]>> = {
  accounts: ACCOUNT_FIELDS,
  contacts: CONTACT_FIELDS,
  activities: ACTIVITY_FIELDS,
  intent_signals: INTENT_FIELDS,
  opportunities: OPPORTUNITY_FIELDS,
};

/** The target fields of an entity. */
export function getEntityFields(entity: ImportEntity): readonly FieldDefinition[] {
  return ENTITY_FIELDS[entity];
}
