import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test/databases";

describe("the SQLite reader's statement cache", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    const { schema } = t.handle;
    const now = Date.now();
    await t.handle.transact((tx) =>
      tx.insert(schema.users).values([
        { email: "a@example.com", name: "A", role: "sales", passwordHash: "x", disabled: false, createdAt: now, updatedAt: now },
        { email: "b@example.com", name: "B", role: "admin", passwordHash: "x", disabled: false, createdAt: now, updatedAt: now },
      ]),
    );
  });
  afterAll(async () => {
    await t.drop();
  });

  it("answers a repeated query with each call's own parameters", async () => {
    const { db, schema } = t.handle;
    const u = schema.users;
    const byEmail = (email: string) => db.select({ name: u.name }).from(u).where(eq(u.email, email));
    expect(await byEmail("a@example.com")).toEqual([{ name: "A" }]);
    expect(await byEmail("b@example.com")).toEqual([{ name: "B" }]);
    expect(await byEmail("nobody@example.com")).toEqual([]);
  });

  it("gives rows as objects to raw SQL after a typed select of the same text used the statement in raw mode", async () => {
    const { db, schema } = t.handle;
    const u = schema.users;
    const typed = db.select({ email: u.email, role: u.role }).from(u).where(eq(u.name, "B"));
    const text = typed.toSQL().sql;
    expect(await typed).toEqual([{ email: "b@example.com", role: "admin" }]);
    const [before] = text.split("?");
    expect(await t.handle.all(sql`${sql.raw(before!)}${"B"}`)).toEqual([{ email: "b@example.com", role: "admin" }]);
    expect(await typed).toEqual([{ email: "b@example.com", role: "admin" }]);
  });
});
