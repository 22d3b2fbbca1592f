/**
 * The account actions called directly, as an attacker would (no UI): a rep cannot change another
 * rep's account, nor reassign anything; the owner and an admin can. The session is mocked; the
 * database is real.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const USERS = { admin: 1, manager: 3, sales: 4, sales2: 5 } as const;
const current: { who: keyof typeof USERS | null } = { who: null };

vi.mock("@/lib/auth/session", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/session")>();
  const { AppError } = await import("@/lib/errors");
  const { can } = await import("@/lib/auth/policy");
  const getCurrentUser = async () =>
    current.who === null ? null : { id: USERS[current.who], email: `${current.who}@lodestar.dev`, name: current.who, role: current.who === "sales2" ? "sales" : current.who };
  return {
    ...real,
    getCurrentUser,
    requirePermission: async (permission: Parameters<typeof can>[1]) => {
      const user = await getCurrentUser();
      if (!user) throw new AppError("unauthorized:auth", real.UNAUTHORIZED_MESSAGE);
      if (!can(user.role as never, permission)) throw new AppError("forbidden:auth", real.FORBIDDEN_MESSAGE);
      return user;
    },
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-account-actions-"));
process.env.DATABASE_URL = `file:${path.join(dir, "t.db")}`;
process.env.AUTH_SECRET ??= "unit-test-secret";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

beforeAll(async () => {
  const { getDb } = await import("@/db/client");
  const { migrateDatabase } = await import("@/db/migrate");
  const handle = getDb();
  await migrateDatabase(handle);
  const now = Date.now();
  await handle.transact(async (tx) => {
    for (const [who, id] of Object.entries(USERS))
      await tx.insert(handle.schema.users).values({ id, email: `${who}@lodestar.dev`, name: who, passwordHash: "x", role: who === "sales2" ? "sales" : who, createdAt: now, updatedAt: now });
    await tx.insert(handle.schema.accounts).values({ id: 100, externalId: "A-100", name: "Sam's", ownerId: USERS.sales, status: "new", createdAt: now, updatedAt: now });
    await tx.insert(handle.schema.accounts).values({ id: 200, externalId: "A-200", name: "Riley's", ownerId: USERS.sales2, status: "new", notes: "Riley's notes", createdAt: now, updatedAt: now });
  });
});

afterAll(async () => {
  const { getDb } = await import("@/db/client");
  await getDb().close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function row(id: number) {
  const { getDb } = await import("@/db/client");
  const { eq } = await import("drizzle-orm");
  const h = getDb();
  return (await h.db.select().from(h.schema.accounts).where(eq(h.schema.accounts.id, id)))[0]!;
}

describe("account actions called directly", () => {
  it("a rep cannot change another rep's account", async () => {
    const { updateAccountStatusAction } = await import("./actions");
    current.who = "sales";
    const res = await updateAccountStatusAction({}, form({ accountId: "200", status: "disqualified", notes: "taken over" }));
    expect(res.ok).toBe(false);
    expect(res.message).toMatch(/only of accounts you own/);
    const r = await row(200);
    expect(r.status).toBe("new");
    expect(r.notes).toBe("Riley's notes");
  });

  it("the owner can, and so can an admin", async () => {
    const { updateAccountStatusAction } = await import("./actions");
    current.who = "sales";
    expect((await updateAccountStatusAction({}, form({ accountId: "100", status: "working", notes: "first call done" }))).ok).toBe(true);
    expect((await row(100)).status).toBe("working");
    current.who = "admin";
    expect((await updateAccountStatusAction({}, form({ accountId: "200", status: "nurture", notes: "" }))).ok).toBe(true);
    expect((await row(200)).status).toBe("nurture");
  });

  it("a rep cannot reassign, a manager can; a manager cannot set status", async () => {
    const { reassignOwnerAction, updateAccountStatusAction } = await import("./actions");
    current.who = "sales";
    const denied = await reassignOwnerAction({}, form({ accountId: "200", ownerId: String(USERS.sales) }));
    expect(denied).toMatchObject({ ok: false, message: "Your role does not allow this." });
    expect((await row(200)).ownerId).toBe(USERS.sales2);
    current.who = "manager";
    expect((await updateAccountStatusAction({}, form({ accountId: "100", status: "new" }))).message).toBe("Your role does not allow this.");
    expect((await reassignOwnerAction({}, form({ accountId: "200", ownerId: String(USERS.sales) }))).ok).toBe(true);
    expect((await row(200)).ownerId).toBe(USERS.sales);
  });

  it("anonymous callers are asked to sign in", async () => {
    const { updateAccountStatusAction } = await import("./actions");
    current.who = null;
    expect((await updateAccountStatusAction({}, form({ accountId: "100", status: "new" }))).message).toBe("Please sign in.");
  });
});
