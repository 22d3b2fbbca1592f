import { describe, expect, it } from "vitest";
import { validateJsonSchema } from "./json-schema";
import { buildOpenApiDocument } from "./openapi";

describe("validateJsonSchema", () => {
  const root = {
    components: {
      schemas: {
        Item: { type: "object", properties: { n: { type: "integer", minimum: 0 }, s: { type: ["string", "null"], maxLength: 3 } }, required: ["n"], additionalProperties: false },
      },
    },
  };
  const list = { type: "array", items: { $ref: "#/components/schemas/Item" }, maxItems: 2 };

  it("accepts a conforming value", () => {
    expect(validateJsonSchema([{ n: 1, s: null }, { n: 0, s: "abc" }], list, root)).toEqual([]);
  });

  it("reports each violation with its path", () => {
    const errors = validateJsonSchema([{ n: -1 }, { s: "abcd", extra: true }, { n: 1.5 }], list, root);
    expect(errors.map((e) => e.path).sort()).toEqual(["", "/0/n", "/1/extra", "/1/n", "/1/s", "/2/n"]);
  });

  it("checks anyOf, enum and formats", () => {
    const s = { anyOf: [{ type: "string", format: "date-time" }, { type: "null" }] };
    expect(validateJsonSchema("2025-01-01T00:00:00.000Z", s)).toEqual([]);
    expect(validateJsonSchema(null, s)).toEqual([]);
    expect(validateJsonSchema("yesterday", s)).toHaveLength(1);
    expect(validateJsonSchema("c", { enum: ["a", "b"] })).toHaveLength(1);
  });
});

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON

  it("holds responses to closed objects, so an undocumented field fails", () => {
    const account = doc.components.schemas.Account;
    expect(account.additionalProperties).toBe(false);
    const ok = { model: { id: 1, name: "m", versionId: 2 }, data: [], nextCursor: null };
    expect(validateJsonSchema(ok, doc.components.schemas.AccountList, doc)).toEqual([]);
    expect(validateJsonSchema({ ...ok, total: 3 }, doc.components.schemas.AccountList, doc)).toHaveLength(1);
  });

  it("documents every batch endpoint with the write scope and a 429 with Retry-After", () => {
    for (const seg of ["accounts", "contacts", "activities", "intent-signals", "opportunities"]) {
      const op = doc.paths[`/${seg}/batch`].post;
      expect(op["x-scope"]).toBe("write");
      expect(op.responses["429"].headers["Retry-After"]).toBeTruthy();
      expect(op.requestBody.content["application/json"].schema.$ref).toMatch(/BatchRequest$/);
    }
    expect(doc.paths["/accounts"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["band", "minScore", "maxScore", "industry", "country", "ownerEmail", "updatedSince", "limit", "cursor"]),
    );
  });
});

describe("the documented examples", () => {
  it("are accepted by the zod schemas and by the generated JSON Schemas", async () => {
    const { BATCH_EXAMPLES } = await import("./api-examples");
    const { BATCH_REQUEST_SCHEMAS } = await import("./api");
    const doc = buildOpenApiDocument() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON
    for (const [entity, body] of Object.entries(BATCH_EXAMPLES)) {
      expect(BATCH_REQUEST_SCHEMAS[entity as keyof typeof BATCH_REQUEST_SCHEMAS].safeParse(body).success, entity).toBe(true);
      const op = Object.values(doc.paths as Record<string, { post?: Record<string, any> }>).find((p) => p.post?.requestBody?.content["application/json"].example === body)?.post; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON
      expect(op, entity).toBeTruthy();
      expect(validateJsonSchema(body, op!.requestBody.content["application/json"].schema, doc), entity).toEqual([]);
    }
  });
});
