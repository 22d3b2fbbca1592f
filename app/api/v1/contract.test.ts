/**
 * Contract test of /api/v1 against its own OpenAPI document, on SQLite and PostgreSQL: every route
 * handler is called as Next would call it (a Request in, a Response out), and every response's status
 * must be documented for its operation and its body must validate against the documented schema
 * (closed objects: an undocumented field fails). Also: request examples validate against the request
 * schemas, cursor pagination is complete and ordered, idempotency replays and refuses, rate limiting
 * answers 429 with Retry-After, and bad payloads get field-level 400s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { createApiKey, revokeApiKey } from "@/db/mutations/api-keys";
import { createTestDatabase, testDialects, type TestDatabase } from "@/db/test/databases";
import { prepareDemo } from "@/scripts/lib/prepare-demo";
import { validateJsonSchema } from "@/lib/validation/json-schema";
import { GET as openapiGET } from "./openapi.json/route";
import { GET as listGET } from "./accounts/route";
import { GET as accountGET } from "./accounts/[externalId]/route";
import { GET as explanationGET } from "./accounts/[externalId]/explanation/route";
import { GET as batchIdGET, POST as accountsPOST } from "./accounts/batch/route";
import { POST as contactsPOST } from "./contacts/batch/route";
import { POST as activitiesPOST } from "./activities/batch/route";
import { POST as intentPOST } from "./intent-signals/batch/route";
import { POST as opportunitiesPOST } from "./opportunities/batch/route";

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a parsed JSON document
type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

const BASE = "http://lodestar.test/api/v1";
const globalForDb = globalThis as unknown as { __lodestarDb?: DbHandle };

let doc: Doc;

async function loadDoc(): Promise<Doc> {
  const res = await openapiGET();
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

/** Calls a handler and checks the response against the document; returns status, headers and body. */
async function call(
  handler: Handler,
  method: "GET" | "POST",
  template: string,
  opts: { key?: string; path?: string; query?: Record<string, string | number>; body?: unknown; rawBody?: string; headers?: Record<string, string>; params?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: Doc }> {
  const url = new URL(`${BASE}${opts.path ?? template}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined || opts.body !== undefined) {
    body = opts.rawBody ?? JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  // As Next does: static routes get a context whose params resolve to undefined.
  const res = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(opts.params as Record<string, string>) });
  const text = await res.text();
  const op = doc.paths[template]?.[method.toLowerCase()];
  expect(op, `${method} ${template} is documented`).toBeTruthy();
  const documented = op.responses[String(res.status)];
  expect(documented, `${method} ${template} → ${res.status} is documented (body ${text.slice(0, 300)})`).toBeTruthy();
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const parsed = JSON.parse(text) as Doc;
  const errors = validateJsonSchema(parsed, documented.content["application/json"].schema, doc);
  expect(errors, `${method} ${template} → ${res.status} body matches the document`).toEqual([]);
  for (const h of Object.keys(documented.headers ?? {})) expect(res.headers.get(h), `header ${h}`).not.toBeNull();
  return { status: res.status, headers: res.headers, body: parsed };
}

function requestSchemaOf(template: string): Doc {
  return doc.paths[template].post.requestBody.content["application/json"].schema;
}

describe.each(testDialects())("API contract on %s", (dialect) => {
  let db: TestDatabase;
  let rw: string;
  let readOnly: string;
  let writeOnly: string;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    globalForDb.__lodestarDb = db.handle;
    await prepareDemo(db.handle, { accounts: 300, seed: 11 });
    const actor = { userId: null, label: "test" };
    rw = (await createApiKey(db.handle, actor, { name: "rw", scopes: ["read", "write"] })).key;
    readOnly = (await createApiKey(db.handle, actor, { name: "read", scopes: ["read"] })).key;
    writeOnly = (await createApiKey(db.handle, actor, { name: "write", scopes: ["write"] })).key;
    doc = await loadDoc();
  });

  afterAll(async () => {
    globalForDb.__lodestarDb = undefined;
    await db.drop();
  });

  it("serves an OpenAPI 3.1 document whose every $ref resolves", () => {
    expect(doc.openapi).toBe("3.1.0");
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) {
      const name = r.slice(r.lastIndexOf("/") + 1, -1);
      expect(doc.components.schemas[name], r).toBeTruthy();
    }
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, Doc>>))
      for (const [m, op] of Object.entries(ops)) expect(op.responses["200"], `${m} ${p}`).toBeTruthy();
  });

  it("upserts a batch of accounts, then the same batch is unchanged", async () => {
    const records = [
      { externalId: "api-1", name: "Apex Robotics", domain: "https://www.apex-robotics.io/about", industry: "software", employeeCount: 420, country: "US", technologies: ["aws", "Slack"], custom: { tier: "gold" } },
      { externalId: "api-2", name: "Bluefin Health", industry: "Healthcare", annualRevenue: 12_000_000, lifecycleStage: "mql", ownerEmail: "SALES@lodestar.dev" },
    ];
    expect(validateJsonSchema({ records }, requestSchemaOf("/accounts/batch"), doc)).toEqual([]);
    const first = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body: { records } });
    expect(first.status).toBe(200);
    expect(first.body.counts).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(first.body.results.map((r: Doc) => r.outcome)).toEqual(["created", "created"]);
    expect(first.headers.get("x-ratelimit-limit")).toBeTruthy();
    const again = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body: { records } });
    expect(again.body.counts).toEqual({ created: 0, updated: 0, unchanged: 2, failed: 0 });

    const got = await call(accountGET, "GET", "/accounts/{externalId}", { key: readOnly, path: "/accounts/api-1", params: { externalId: "api-1" } });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ externalId: "api-1", domain: "apex-robotics.io", industry: "Software", country: "United States", region: "North America", technologies: ["AWS", "Slack"], custom: { tier: "gold" } });
    const owner = await call(accountGET, "GET", "/accounts/{externalId}", { key: readOnly, path: "/accounts/api-2", params: { externalId: "api-2" } });
    expect(owner.body.ownerEmail).toBe("sales@lodestar.dev");
    expect(owner.body.score).toBeNull(); // not scored until the next publish
  });

  it("reads the account whose external id is \"batch\" at /accounts/batch (the batch route's GET)", async () => {
    const created = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body: { records: [{ externalId: "batch", name: "Batch Holdings" }] } });
    expect(created.body.counts.created + created.body.counts.unchanged).toBe(1);
    const got = await call(batchIdGET, "GET", "/accounts/{externalId}", { key: readOnly, path: "/accounts/batch" });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ externalId: "batch", name: "Batch Holdings" });
    const denied = await call(batchIdGET, "GET", "/accounts/{externalId}", { key: writeOnly, path: "/accounts/batch" });
    expect(denied.status).toBe(403);
  });

  it("upserts contacts, activities, intent signals and opportunities; a dry run writes nothing", async () => {
    const contacts = [{ externalId: "api-c1", accountExternalId: "api-1", firstName: "Ana", email: "Ana@Apex-Robotics.io", seniority: "VP", buyingRole: "champion" }];
    const activities = [{ accountExternalId: "api-1", contactExternalId: "api-c1", type: "Demo Request", occurredAt: "2025-01-15T10:00:00Z" }];
    const intents = [{ accountDomain: "apex-robotics.io", topic: "Lead Scoring", strength: 80, observedAt: "2025-01-10" }];
    const opportunities = [{ externalId: "api-o1", accountExternalId: "api-1", stage: "won", amount: 50_000, createdAt: "2024-10-01", closedAt: 1_735_689_600_000 }];
    for (const [handler, template, records] of [
      [contactsPOST, "/contacts/batch", contacts],
      [activitiesPOST, "/activities/batch", activities],
      [intentPOST, "/intent-signals/batch", intents],
      [opportunitiesPOST, "/opportunities/batch", opportunities],
    ] as const) {
      expect(validateJsonSchema({ records }, requestSchemaOf(template), doc), template).toEqual([]);
      const res = await call(handler as Handler, "POST", template, { key: writeOnly, body: { records } });
      expect(res.status, template).toBe(200);
      expect(res.body.counts.created, template).toBe(1);
    }
    const dry = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body: { dryRun: true, records: [{ externalId: "api-dry", name: "Dry Run Inc" }] } });
    expect(dry.body).toMatchObject({ dryRun: true, counts: { created: 1 } });
    const missing = await call(accountGET, "GET", "/accounts/{externalId}", { key: rw, path: "/accounts/api-dry", params: { externalId: "api-dry" } });
    expect(missing.status).toBe(404);
    // A record that parses but refers to nothing fails alone, with its field.
    const orphan = await call(contactsPOST, "POST", "/contacts/batch", { key: rw, body: { records: [{ externalId: "api-c2", accountExternalId: "no-such-account" }, { externalId: "api-c3", accountExternalId: "api-1" }] } });
    expect(orphan.body.results[0].outcome).toBe("failed");
    expect(orphan.body.results[0].errors[0].field).toBe("accountExternalId");
    expect(orphan.body.results[1].outcome).toBe("created");
  });

  it("answers a bad payload with 400 and a message per field path, writing nothing", async () => {
    const before = await db.handle.all<{ n: number }>(sql`SELECT count(*) AS n FROM accounts`);
    const bad = await call(accountsPOST, "POST", "/accounts/batch", {
      key: rw,
      body: { records: [{ externalId: "ok-1", name: "Fine" }, { externalId: "", name: "X", employeeCount: 12.5 }, { name: "No id", ownerEmail: "not-an-email", lifecycleStage: "lead" }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad_request:api");
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["records.1.employeeCount", "records.1.externalId", "records.2.externalId", "records.2.lifecycleStage", "records.2.ownerEmail"]);
    expect(bad.body.error.fields["records.1.employeeCount"][0]).toMatch(/whole number/);
    const after = await db.handle.all<{ n: number }>(sql`SELECT count(*) AS n FROM accounts`);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));

    const won = await call(opportunitiesPOST, "POST", "/opportunities/batch", { key: rw, body: { records: [{ externalId: "o-x", accountExternalId: "api-1", stage: "won", createdAt: "2025-01-01" }] } });
    expect(won.body.error.fields).toHaveProperty(["records.0.closedAt"]);
    const notJson = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, rawBody: "{records: [" });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.fields).toHaveProperty("body");
    const empty = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body: { records: [] } });
    expect(empty.body.error.fields).toHaveProperty("records");
    const tooMany = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body: { records: Array.from({ length: 1001 }, (_, i) => ({ externalId: `t${i}`, name: "T" })) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields.records[0]).toMatch(/1000/);
    const badQuery = await call(listGET, "GET", "/accounts", { key: rw, query: { minScore: "high", limit: 0 } });
    expect(badQuery.status).toBe(400);
    expect(Object.keys(badQuery.body.error.fields).sort()).toEqual(["limit", "minScore"]);
  });

  it("lists the ranking with filters and a cursor that walks every account once, in order", async () => {
    const all: Doc[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(listGET, "GET", "/accounts", { key: readOnly, query: { limit: 37, ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      all.push(...res.body.data);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    const [{ n }] = await db.handle.all<{ n: number }>(sql`SELECT count(*) AS n FROM account_scores`);
    expect(all.length).toBe(Number(n));
    expect(pages).toBe(Math.ceil(Number(n) / 37));
    expect(new Set(all.map((a) => a.externalId)).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) expect(all[i]!.score.rank).toBe(all[i - 1]!.score.rank + 1);
    for (let i = 1; i < all.length; i++) expect(all[i]!.score.score).toBeLessThanOrEqual(all[i - 1]!.score.score);

    const industry = all[0]!.industry as string;
    const filtered = await call(listGET, "GET", "/accounts", { key: readOnly, query: { band: "A,B", minScore: 20, maxScore: 95, industry, limit: 500 } });
    const expected = all.filter((a) => ["A", "B"].includes(a.score.band) && a.score.score >= 20 && a.score.score <= 95 && a.industry === industry);
    expect(filtered.body.data.map((a: Doc) => a.externalId)).toEqual(expected.map((a) => a.externalId));
    const mine = await call(listGET, "GET", "/accounts", { key: readOnly, query: { ownerEmail: "sales@lodestar.dev", limit: 500 } });
    expect(mine.body.data.length).toBe(all.filter((a) => a.ownerEmail === "sales@lodestar.dev").length);
    expect(mine.body.data.length).toBeGreaterThan(0);
    const future = await call(listGET, "GET", "/accounts", { key: readOnly, query: { updatedSince: "2999-01-01T00:00:00Z" } });
    expect(future.body).toMatchObject({ data: [], nextCursor: null });
    const noModel = await call(listGET, "GET", "/accounts", { key: readOnly, query: { model: 999 } });
    expect(noModel.status).toBe(404);
    const badCursor = await call(listGET, "GET", "/accounts", { key: readOnly, query: { cursor: "nope" } });
    expect(badCursor.status).toBe(400);
  });

  it("explains a score exactly: contributions sum to the score, which is the stored live score", async () => {
    const page = await call(listGET, "GET", "/accounts", { key: readOnly, query: { limit: 5 } });
    for (const a of page.body.data as Doc[]) {
      const res = await call(explanationGET, "GET", "/accounts/{externalId}/explanation", { key: readOnly, path: `/accounts/${a.externalId}/explanation`, params: { externalId: a.externalId } });
      expect(res.status).toBe(200);
      const sum = (res.body.contributions as Doc[]).reduce((s, c) => s + c.points, 0);
      expect(Math.round(sum * 10) / 10).toBe(res.body.score);
      expect(Math.abs(res.body.score - a.score.score)).toBeLessThanOrEqual(0.1);
      expect(res.body.storedScore).toBe(a.score.score);
      expect(res.body.band).toBe(a.score.band);
    }
    const unknown = await call(explanationGET, "GET", "/accounts/{externalId}/explanation", { key: readOnly, path: "/accounts/zzz/explanation", params: { externalId: "zzz" } });
    expect(unknown.status).toBe(404);
  });

  it("refuses a missing, unknown or revoked key (401) and a key without the scope (403)", async () => {
    const none = await call(listGET, "GET", "/accounts", {});
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const forged = await call(listGET, "GET", "/accounts", { key: `ldst_abcdefgh_${"x".repeat(43)}` });
    expect(forged.status).toBe(401);
    const readWrites = await call(accountsPOST, "POST", "/accounts/batch", { key: readOnly, body: { records: [{ externalId: "r-1", name: "Nope" }] } });
    expect(readWrites.status).toBe(403);
    const writeReads = await call(listGET, "GET", "/accounts", { key: writeOnly });
    expect(writeReads.status).toBe(403);
    const { id, key } = await createApiKey(db.handle, { userId: null, label: "test" }, { name: "short-lived", scopes: ["read"] });
    const lastUsed = async () => (await db.handle.db.select({ at: db.handle.schema.apiKeys.lastUsedAt }).from(db.handle.schema.apiKeys).where(eq(db.handle.schema.apiKeys.id, id)))[0]!.at;
    expect(await lastUsed()).toBeNull();
    expect((await call(listGET, "GET", "/accounts", { key })).status).toBe(200);
    const first = await lastUsed();
    expect(first).toBeGreaterThan(Date.now() - 60_000);
    await new Promise((r) => setTimeout(r, 5));
    expect((await call(listGET, "GET", "/accounts", { key })).status).toBe(200);
    expect(await lastUsed()).toBe(first); // written at most once a minute
    await revokeApiKey(db.handle, { userId: null, label: "test" }, id);
    const revoked = await call(listGET, "GET", "/accounts", { key });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/revoked/);
  });

  it("replays an Idempotency-Key with the same body and refuses it with another (422)", async () => {
    const body = { records: [{ externalId: "idem-1", name: "Once Only" }] };
    const headers = { "idempotency-key": "batch-2025-01-01-a" };
    const first = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body, headers });
    expect(first.body.counts.created).toBe(1);
    const { schema } = db.handle;
    const audits = async () => (await db.handle.db.select().from(schema.auditLog).where(eq(schema.auditLog.actorLabel, "api-key:rw"))).length;
    const auditsBefore = await audits();
    // Changed in between: a replay must still answer the stored response, not re-run.
    await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body: { records: [{ externalId: "idem-1", name: "Renamed" }] } });
    const replay = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body, headers });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get("idempotency-replayed")).toBe("true");
    const got = await call(accountGET, "GET", "/accounts/{externalId}", { key: rw, path: "/accounts/idem-1", params: { externalId: "idem-1" } });
    expect(got.body.name).toBe("Renamed");
    expect(await audits()).toBe(auditsBefore + 1); // only the rename wrote
    const other = await call(accountsPOST, "POST", "/accounts/batch", { key: rw, body: { records: [{ externalId: "idem-2", name: "Other" }] }, headers });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("unprocessable:idempotency");
    // Keys are per API key: another key may use the same string.
    const elsewhere = await call(accountsPOST, "POST", "/accounts/batch", { key: writeOnly, body: { records: [{ externalId: "idem-3", name: "Third" }] }, headers });
    expect(elsewhere.status).toBe(200);
  });

  it("rate-limits per key with 429 and Retry-After", async () => {
    const prev = { limit: process.env.LODESTAR_API_RATE_LIMIT, window: process.env.LODESTAR_API_RATE_WINDOW_S };
    process.env.LODESTAR_API_RATE_LIMIT = "5";
    // A day-long window: the test cannot straddle a window boundary (barring midnight UTC).
    process.env.LODESTAR_API_RATE_WINDOW_S = "86400";
    try {
      const { key } = await createApiKey(db.handle, { userId: null, label: "test" }, { name: "limited", scopes: ["read"] });
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof call>> | null = null;
      for (let i = 0; i < 7; i++) {
        last = await call(listGET, "GET", "/accounts", { key, query: { limit: 1 } });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(last!.headers.get("retry-after"))).toBeLessThanOrEqual(86400);
      expect(last!.body.error.code).toBe("rate_limited:api");
      // Another key is not affected.
      expect((await call(listGET, "GET", "/accounts", { key: readOnly, query: { limit: 1 } })).status).toBe(200);
    } finally {
      for (const [name, value] of [["LODESTAR_API_RATE_LIMIT", prev.limit], ["LODESTAR_API_RATE_WINDOW_S", prev.window]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
