/**
 * Account verbs on both databases: a rep changes status and notes only on accounts they own, an
 * admin on any; a reassignment goes to active reps only, bumps the data version and is audited.
 * Saved views belong to their user.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { createTestDatabase, testDialects, type TestDatabase } from "../test/databases";
import { reassignAccountOwner, updateAccountStatus, type AccountActor } from "./accounts";
import { getDataVersion } from "./data-version";
import { deleteView, listSavedViews, saveView } from "./saved-views";

const NOW = Date.now();
const admin: AccountActor = { userId: 1, role: "admin", label: "admin@x.dev" };
const manager: AccountActor = { userId: 2, role: "manager", label: "manager@x.dev" };
const rep: AccountActor = { userId: 3, role: "sales", label: "rep@x.dev" };
const otherRep: AccountActor = { userId: 4, role: "sales", label: "rep2@x.dev" };

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

for (const dialect of testDialects()) {
  describe(`account verbs on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      const { schema } = t.handle;
      await t.handle.transact(async (tx) => {
        for (const [id, role] of [[1, "admin"], [2, "manager"], [3, "sales"], [4, "sales"], [5, "sales"]] as const)
          await tx.insert(schema.users).values({ id, email: `u${id}@x.dev`, name: `User ${id}`, passwordHash: "x", role, disabled: id === 5, createdAt: NOW, updatedAt: NOW });
        await tx.insert(schema.accounts).values({ id: 10, externalId: "A-10", name: "Mine", ownerId: 3, createdAt: NOW, updatedAt: NOW });
        await tx.insert(schema.accounts).values({ id: 11, externalId: "A-11", name: "Theirs", ownerId: 4, createdAt: NOW, updatedAt: NOW });
      });
    });
    afterAll(async () => t?.drop());

    const account = async (id: number) => (await t.handle.db.select().from(t.handle.schema.accounts).where(eq(t.handle.schema.accounts.id, id)))[0]!;

    it("a rep sets status and notes on their own account, with an audit line", async () => {
      await updateAccountStatus(t.handle, rep, { accountId: 10, status: "working", notes: "  Called the CFO.\r\nFollow up Friday.  " });
      const a = await account(10);
      expect(a.status).toBe("working");
      expect(a.notes).toBe("Called the CFO.\nFollow up Friday.");
      const audit = await t.handle.db.select().from(t.handle.schema.auditLog).where(eq(t.handle.schema.auditLog.action, "account.update_status"));
      expect(audit.at(-1)).toMatchObject({ actorUserId: 3, targetType: "account", targetId: "10" });
    });

    it("a rep cannot touch another rep's account, whatever they send", async () => {
      const before = await account(11);
      const e = await errorOf(updateAccountStatus(t.handle, rep, { accountId: 11, status: "disqualified", notes: "mine now" }));
      expect(e.type).toBe("forbidden");
      expect(await account(11)).toEqual(before);
      // Refused before validation: an invalid status gets the same answer.
      expect((await errorOf(updateAccountStatus(t.handle, rep, { accountId: 11, status: "bogus" as never }))).type).toBe("forbidden");
      // Managers may read but not set status.
      expect((await errorOf(updateAccountStatus(t.handle, manager, { accountId: 10, status: "new" }))).type).toBe("forbidden");
    });

    it("an admin sets status on any account; bad input is a field error", async () => {
      await updateAccountStatus(t.handle, admin, { accountId: 11, status: "nurture" });
      expect((await account(11)).status).toBe("nurture");
      const e = await errorOf(updateAccountStatus(t.handle, admin, { accountId: 11, status: "bogus" as never }));
      expect(e.type).toBe("unprocessable");
      expect(e.fieldErrors?.status?.[0]).toMatch(/Choose one of/);
      expect((await errorOf(updateAccountStatus(t.handle, admin, { accountId: 999, status: "new" }))).type).toBe("not_found");
      expect((await errorOf(updateAccountStatus(t.handle, admin, { accountId: 11, status: "new", notes: "x".repeat(5001) }))).fieldErrors?.notes).toBeDefined();
    });

    it("a manager reassigns to an active rep: data version bumped, audited", async () => {
      const v0 = await getDataVersion(t.handle);
      await reassignAccountOwner(t.handle, manager, { accountId: 10, ownerId: "4" });
      expect((await account(10)).ownerId).toBe(4);
      expect(await getDataVersion(t.handle)).toBe(v0 + 1);
      const audit = await t.handle.db.select().from(t.handle.schema.auditLog).where(eq(t.handle.schema.auditLog.action, "account.reassign"));
      expect(audit.at(-1)).toMatchObject({ actorUserId: 2, targetId: "10", details: { from: 3, to: 4 } });
      // The previous owner has lost the right to change it.
      expect((await errorOf(updateAccountStatus(t.handle, rep, { accountId: 10, status: "new" }))).type).toBe("forbidden");
      await updateAccountStatus(t.handle, otherRep, { accountId: 10, status: "qualified" });
      await reassignAccountOwner(t.handle, admin, { accountId: 10, ownerId: "none" });
      expect((await account(10)).ownerId).toBeNull();
    });

    it("refuses reassignment by reps, to disabled users, to non-reps and to nobody in particular", async () => {
      expect((await errorOf(reassignAccountOwner(t.handle, rep, { accountId: 11, ownerId: "3" }))).type).toBe("forbidden");
      expect((await errorOf(reassignAccountOwner(t.handle, manager, { accountId: 11, ownerId: "5" }))).type).toBe("unprocessable");
      expect((await errorOf(reassignAccountOwner(t.handle, manager, { accountId: 11, ownerId: "2" }))).type).toBe("unprocessable");
      expect((await errorOf(reassignAccountOwner(t.handle, manager, { accountId: 11, ownerId: "abc" }))).type).toBe("unprocessable");
      expect((await account(11)).ownerId).toBe(4);
    });

    it("saved views belong to their user; saving a name again replaces it", async () => {
      const v = await saveView(t.handle, 3, { name: "My A band", query: "band=A&owner=me" });
      await saveView(t.handle, 3, { name: "My A band", query: "band=A&owner=me&industry=Software" });
      await saveView(t.handle, 4, { name: "Theirs", query: "band=B" });
      expect(await listSavedViews(t.handle, 3)).toEqual([{ id: v.id, name: "My A band", query: "band=A&owner=me&industry=Software" }]);
      expect((await errorOf(deleteView(t.handle, 4, v.id))).type).toBe("not_found");
      expect((await errorOf(saveView(t.handle, 3, { name: "  ", query: "" }))).fieldErrors?.name).toBeDefined();
      await deleteView(t.handle, 3, v.id);
      expect(await listSavedViews(t.handle, 3)).toEqual([]);
      expect((await listSavedViews(t.handle, 4)).map((x) => x.name)).toEqual(["Theirs"]);
    });
  });
}
