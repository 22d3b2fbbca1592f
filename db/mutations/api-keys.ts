/**
 * API keys: create (the full key is returned once and never stored) and revoke. Both are audited.
 * Authentication of requests lives in lib/auth/api-keys.ts.
 */
import { and, eq, isNull } from "drizzle-orm";
import { generateApiKey, type ApiKeyScope } from "@/lib/auth/api-keys";
import { AppError } from "@/lib/errors";
import type { DbHandle } from "../client";
import { writeAudit } from "./audit";
import type { Actor } from "./models";

/** Creates a key; `key` is the only time the secret is available. */
export async function createApiKey(handle: DbHandle, actor: Actor, input: { name: string; scopes: ApiKeyScope[] }): Promise<{ id: number; key: string; prefix: string }> {
  const { schema } = handle;
  const generated = generateApiKey();
  const now = Date.now();
  const scopes = [...new Set(input.scopes)].sort();
  return handle.transact(async (tx) => {
    const clash = await tx
      .select({ id: schema.apiKeys.id })
      .from(schema.apiKeys)
      .where(and(eq(schema.apiKeys.name, input.name), isNull(schema.apiKeys.revokedAt)));
    if (clash.length) throw new AppError("conflict:api_key", `An active key named “${input.name}” already exists.`, { fieldErrors: { name: ["This name is taken by an active key."] } });
    const [row] = await tx
      .insert(schema.apiKeys)
      .values({ name: input.name, prefix: generated.prefix, keyHash: generated.hash, scopes, createdBy: actor.userId, createdAt: now })
      .returning({ id: schema.apiKeys.id });
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "api_key.create", targetType: "api_key", targetId: row!.id, details: { name: input.name, prefix: generated.prefix, scopes }, ip: actor.ip }, tx);
    return { id: row!.id, key: generated.key, prefix: generated.prefix };
  });
}

/** Revokes a key: its next request is refused. Revoking twice is a no-op. */
export async function revokeApiKey(handle: DbHandle, actor: Actor, id: number): Promise<void> {
  const { schema } = handle;
  await handle.transact(async (tx) => {
    const [row] = await tx.select({ id: schema.apiKeys.id, name: schema.apiKeys.name, revokedAt: schema.apiKeys.revokedAt }).from(schema.apiKeys).where(eq(schema.apiKeys.id, id));
    if (!row) throw new AppError("not_found:api_key", "That API key does not exist.");
    if (row.revokedAt != null) return;
    await tx.update(schema.apiKeys).set({ revokedAt: Date.now() }).where(eq(schema.apiKeys.id, id));
    await writeAudit(handle, { actorUserId: actor.userId, actorLabel: actor.label, action: "api_key.revoke", targetType: "api_key", targetId: id, details: { name: row.name }, ip: actor.ip }, tx);
  });
}
