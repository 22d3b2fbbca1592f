/**
 * Generated from the authorization matrix: every `/api/v1` route handler authenticated by API key is
 * called without a key (401), with a key lacking the row's scope (403: a read key cannot write), with
 * a key holding it (passes authorization), and with that key right after it is revoked (401 at once).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createApiKey, revokeApiKey } from "@/db/mutations/api-keys";
import { createTestDatabase, testDialects, type TestDatabase } from "@/db/test/databases";
import { MATRIX, type RouteRow } from "@/e2e/authz-matrix";
import { prepareDemo } from "@/scripts/lib/prepare-demo";

const globalForDb = globalThis as unknown as { __lodestarDb?: DbHandle };
const rows = MATRIX.filter((r): r is RouteRow => r.kind === "route" && r.auth === "api-key");
const actor = { userId: null, label: "authz-test" };

async function probe(row: RouteRow, key?: string): Promise<number> {
  const mod = (await import(/* @vite-ignore */ path.resolve(import.meta.dirname, "../../..", row.file))) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
  const handler = mod[row.method];
  expect(typeof handler, `${row.method} exported by ${row.file}`).toBe("function");
  const url = `http://lodestar.test${row.path.replace("{externalId}", "authz-probe")}`;
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const body = row.body === undefined ? undefined : JSON.stringify(row.body);
  if (body) headers["content-type"] = "application/json";
  const res = await handler!(new Request(url, { method: row.method, headers, body }), { params: Promise.resolve({ externalId: "authz-probe" }) });
  return res.status;
}

describe.each(testDialects())("API key authorization on %s", (dialect) => {
  let db: TestDatabase;
  const keys: Record<"read" | "write", string> = { read: "", write: "" };

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    globalForDb.__lodestarDb = db.handle;
    await prepareDemo(db.handle, { accounts: 50, seed: 5 });
    keys.read = (await createApiKey(db.handle, actor, { name: "read", scopes: ["read"] })).key;
    keys.write = (await createApiKey(db.handle, actor, { name: "write", scopes: ["write"] })).key;
  });
  afterAll(async () => {
    globalForDb.__lodestarDb = undefined;
    await db.drop();
  });

  it("covers every API route of the matrix", () => {
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const r of rows) expect(r.scope, `${r.method} ${r.path} names its scope`).toBeDefined();
  });

  it.each(rows.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", async (_label, row) => {
    const scope = row.scope!;
    const other = scope === "read" ? "write" : "read";
    expect(await probe(row)).toBe(401);
    expect(await probe(row, `ldst_00000000_${"A".repeat(43)}`)).toBe(401);
    expect(await probe(row, keys[other])).toBe(403);
    expect([401, 403]).not.toContain(await probe(row, keys[scope]));
    const fresh = await createApiKey(db.handle, actor, { name: `${row.method} ${row.path}`, scopes: [scope] });
    expect([401, 403]).not.toContain(await probe(row, fresh.key));
    await revokeApiKey(db.handle, actor, fresh.id);
    expect(await probe(row, fresh.key)).toBe(401);
  });
});
