/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the zod schemas in ./api.ts with zod 4's
 * JSON Schema generator (JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Request bodies are
 * described as clients send them (`io: "input"`), response bodies as the server produces them
 * (`io: "output"`, closed objects), so the contract test can hold every response to it strictly.
 */
import { z } from "zod";
import { IMPORT_ENTITIES, type ImportEntity } from "@/lib/csv/fields";
import {
  API_ENTITY_SEGMENTS,
  BATCH_REQUEST_SCHEMAS,
  MAX_BATCH_RECORDS,
  RECORD_SCHEMAS,
  accountListResponseSchema,
  accountSchema,
  batchResponseSchema,
  errorResponseSchema,
  explanationResponseSchema,
  listAccountsQuerySchema,
  scoreSchema,
} from "./api";
import { BATCH_EXAMPLES } from "./api-examples";

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const PASCAL: Record<ImportEntity, string> = {
  accounts: "Account",
  contacts: "Contact",
  activities: "Activity",
  intent_signals: "IntentSignal",
  opportunities: "Opportunity",
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: JsonSchema, description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema } },
});

function components(entries: [string, z.ZodType][], io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of entries) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: "any" }) as { schemas: Record<string, JsonSchema> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return schemas;
}

function queryParameters(): Record<string, unknown>[] {
  return Object.entries(listAccountsQuerySchema.shape).map(([name, schema]) => {
    const s = z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
    delete s.$schema;
    const description = s.description;
    delete s.description;
    return { name, in: "query", required: false, ...(description ? { description } : {}), schema: s };
  });
}

const RATE_HEADERS = {
  "X-RateLimit-Limit": { description: "Requests allowed per window for this key.", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Requests left in the current window.", schema: { type: "integer" } },
};

function errors(...codes: number[]): Record<string, unknown> {
  const text: Record<number, string> = {
    400: "The request is malformed; `error.fields` names every bad field (e.g. records.3.employeeCount).",
    401: "No API key, an unknown key, or a revoked key.",
    403: "The key lacks the scope this operation needs.",
    404: "Not found.",
    409: "A request with the same Idempotency-Key is still being processed.",
    413: "The body is too large.",
    422: "The Idempotency-Key was already used with a different body.",
    429: "Too many requests for this key; retry after `Retry-After` seconds.",
  };
  return Object.fromEntries(
    codes.map((c) => [
      String(c),
      json(ref("Error"), text[c]!, c === 429 ? { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } }, ...RATE_HEADERS } : undefined),
    ]),
  );
}

function batchOperation(entity: ImportEntity): Operation {
  const name = PASCAL[entity];
  return {
    operationId: `upsert${name === "Opportunity" ? "Opportunities" : name === "Activity" ? "Activities" : `${name}s`}`,
    summary: `Upsert ${entity.replace("_", " ")} in a batch`,
    description:
      `Creates or updates up to ${MAX_BATCH_RECORDS.toLocaleString("en-US")} records in one request and answers one result per record, in order. ` +
      "A record whose external id exists is updated; keys left out keep their stored value, `null` clears it. " +
      "Sending the same batch twice is a no-op (every outcome `unchanged`). Requires the `write` scope.",
    tags: ["Upsert"],
    security: [{ bearerAuth: [] }],
    "x-scope": "write",
    parameters: [
      {
        name: "Idempotency-Key",
        in: "header",
        required: false,
        description: "Any unique string (≤ 200 chars). A retry with the same key and body gets the stored response; the same key with another body gets 422.",
        schema: { type: "string", maxLength: 200 },
      },
    ],
    requestBody: { required: true, content: { "application/json": { schema: ref(`${name}BatchRequest`), example: BATCH_EXAMPLES[entity] } } },
    responses: {
      "200": json(ref("BatchResponse"), "Per-record outcomes.", RATE_HEADERS),
      ...errors(400, 401, 403, 409, 413, 422, 429),
    },
  };
}

let cached: JsonSchema | null = null;

/** The OpenAPI 3.1 document (built once, then cached). */
export function buildOpenApiDocument(): JsonSchema {
  if (cached) return cached;
  const requestSchemas = components(
    [
      ...IMPORT_ENTITIES.map((e) => [`${PASCAL[e]}Input`, RECORD_SCHEMAS[e] as z.ZodType] as [string, z.ZodType]),
      ...IMPORT_ENTITIES.map((e) => [`${PASCAL[e]}BatchRequest`, BATCH_REQUEST_SCHEMAS[e] as z.ZodType] as [string, z.ZodType]),
    ],
    "input",
  );
  const responseSchemas = components(
    [
      ["Error", errorResponseSchema],
      ["BatchResponse", batchResponseSchema],
      ["Score", scoreSchema],
      ["Account", accountSchema],
      ["AccountList", accountListResponseSchema],
      ["Explanation", explanationResponseSchema],
    ],
    "output",
  );
  const paths: Record<string, Record<string, Operation>> = {};
  for (const e of IMPORT_ENTITIES) paths[`/${API_ENTITY_SEGMENTS[e]}/batch`] = { post: batchOperation(e) };
  const externalIdParam = { name: "externalId", in: "path", required: true, description: "The account's external id.", schema: { type: "string" } };
  paths["/accounts"] = {
    get: {
      operationId: "listAccounts",
      summary: "List accounts with scores",
      description:
        "Accounts in ranking order (score descending, then id) under a model's live version, filtered. " +
        "Pagination is by opaque cursor: pass `nextCursor` back as `cursor`. Requires the `read` scope.",
      tags: ["Accounts"],
      security: [{ bearerAuth: [] }],
      "x-scope": "read",
      parameters: queryParameters(),
      responses: { "200": json(ref("AccountList"), "One page of accounts.", RATE_HEADERS), ...errors(400, 401, 403, 404, 429) },
    },
  };
  paths["/accounts/{externalId}"] = {
    get: {
      operationId: "getAccount",
      summary: "Get one account with its score",
      tags: ["Accounts"],
      security: [{ bearerAuth: [] }],
      "x-scope": "read",
      parameters: [externalIdParam, { name: "model", in: "query", required: false, description: "Scoring model id; default the primary model.", schema: { type: "integer", minimum: 1 } }],
      responses: { "200": json(ref("Account"), "The account.", RATE_HEADERS), ...errors(400, 401, 403, 404, 429) },
    },
  };
  paths["/accounts/{externalId}/explanation"] = {
    get: {
      operationId: "getAccountExplanation",
      summary: "Explain an account's score",
      description: "Every criterion's contribution under the live version, as of the time the live scores were computed; the points sum exactly to the score.",
      tags: ["Accounts"],
      security: [{ bearerAuth: [] }],
      "x-scope": "read",
      parameters: [externalIdParam, { name: "model", in: "query", required: false, description: "Scoring model id; default the primary model.", schema: { type: "integer", minimum: 1 } }],
      responses: { "200": json(ref("Explanation"), "The explanation.", RATE_HEADERS), ...errors(400, 401, 403, 404, 429) },
    },
  };
  paths["/openapi.json"] = {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      tags: ["Meta"],
      security: [],
      responses: { "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": { schema: { type: "object" } } } } },
    },
  };
  cached = {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Lodestar API",
      version: "1.0.0",
      description:
        "Push CRM data into Lodestar and read account scores. Authenticate with `Authorization: Bearer <key>`; " +
        "admins create keys under Settings → API keys (read or write scope). Errors share one shape: " +
        "`{ error: { code, message, fields? } }`.",
    },
    servers: [{ url: "/api/v1" }],
    tags: [
      { name: "Upsert", description: "Batch upserts of CRM records." },
      { name: "Accounts", description: "Accounts, scores and explanations." },
      { name: "Meta", description: "The API's own description." },
    ],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key: ldst_<prefix>_<secret>." } },
      schemas: { ...requestSchemas, ...responseSchemas },
    },
  };
  return cached;
}
