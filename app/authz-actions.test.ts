/**
 * Generated from the authorization matrix: every non-public server action, called directly (as an
 * attacker would, bypassing the UI) as each role. A denied caller must be refused with the
 * unauthorized/forbidden answer; an allowed caller must get past authorization.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MATRIX, type ActionRow, type Who } from "@/e2e/authz-matrix";

const current: { who: Who } = { who: "anonymous" };
const USER_IDS: Record<Exclude<Who, "anonymous">, number> = { admin: 1, marketing: 2, manager: 3, sales: 4 };

vi.mock("@/lib/auth/session", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/session")>();
  const { AppError } = await import("@/lib/errors");
  const { can } = await import("@/lib/auth/policy");
  const getCurrentUser = async () =>
    current.who === "anonymous" ? null : { id: USER_IDS[current.who], email: `${current.who}@lodestar.dev`, name: current.who, role: current.who };
  return {
    ...real,
    getCurrentUser,
    requirePermission: async (permission: Parameters<typeof can>[1]) => {
      const user = await getCurrentUser();
      if (!user) throw new AppError("unauthorized:auth", real.UNAUTHORIZED_MESSAGE);
      if (!can(user.role, permission)) throw new AppError("forbidden:auth", real.FORBIDDEN_MESSAGE);
      return user;
    },
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined, updateTag: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, set: () => undefined }) }));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-authz-"));
process.env.DATABASE_URL = `file:${path.join(dir, "authz.db")}`;
process.env.AUTH_SECRET ??= "unit-test-secret";

beforeAll(async () => {
  const { getDb } = await import("@/db/client");
  const { migrateDatabase } = await import("@/db/migrate");
  const handle = getDb();
  await migrateDatabase(handle);
  const now = Date.now();
  for (const [role, id] of Object.entries(USER_IDS))
    await handle.transact((tx) => tx.insert(handle.schema.users).values({ id, email: `${role}@lodestar.dev`, name: role, passwordHash: "x", role, createdAt: now, updatedAt: now }));
});

afterAll(async () => {
  const { getDb } = await import("@/db/client");
  await getDb().close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function isDenial(outcome: unknown): boolean {
  const o = outcome as { ok?: boolean; message?: string; type?: string; digest?: string } | undefined;
  if (o && (o.type === "forbidden" || o.type === "unauthorized")) return true;
  if (o && o.ok === false && /^(Please sign in\.|Your role does not allow this\.)$/.test(o.message ?? "")) return true;
  // next/navigation forbidden()/unauthorized()/redirect('/login') thrown by page-style guards
  if (o && typeof o.digest === "string" && /NEXT_HTTP_ERROR_FALLBACK;40[13]|NEXT_REDIRECT;.*\/login/.test(o.digest)) return true;
  return false;
}

const rows = MATRIX.filter((r): r is ActionRow => r.kind === "action" && !r.public);
const WHO: Who[] = ["anonymous", "sales", "marketing", "manager", "admin"];

describe.each(rows.map((r) => [`${r.file}#${r.name}`, r] as const))("server action %s", (_label, row) => {
  it.each(WHO)("as %s", async (who) => {
    current.who = who;
    const mod = (await import(/* @vite-ignore */ path.resolve(import.meta.dirname, "..", row.file))) as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const fn = mod[row.name];
    expect(typeof fn).toBe("function");
    const outcome = await fn!(...(row.args?.() ?? [])).catch((e: unknown) => e);
    expect(isDenial(outcome), `outcome: ${JSON.stringify(outcome)}`).toBe(!row.allowed.includes(who));
  });
});

it("covers at least the public actions listed", () => {
  expect(MATRIX.some((r) => r.kind === "action")).toBe(true);
});
