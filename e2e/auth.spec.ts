import path from "node:path";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { EMAIL, PASSWORD, ROLES, expect, test } from "./fixtures";

const DB_FILE = path.resolve(import.meta.dirname, "..", "data", `e2e-${process.env.E2E_PORT ?? "3100"}.db`);

test.describe("signing in", () => {
  for (const role of ROLES) {
    test(`${role} signs in and lands on the ranked accounts page`, async ({ page, loginPage }) => {
      await loginPage.goto();
      await loginPage.signIn(EMAIL[role], PASSWORD);
      await expect(page).toHaveURL(/\/accounts(\?.*)?$/);
      await expect(page.getByRole("heading", { name: "Accounts" })).toBeVisible();
      await expect(page.getByTestId("current-role")).toHaveText(new RegExp(role, "i"));
      // The ranked list renders its first page of accounts from the database.
      await expect(page.getByRole("table").first().locator("tbody tr")).toHaveCount(50);
    });
  }

  test("an unknown user and a wrong password get the same message", async ({ loginPage }) => {
    await loginPage.goto();
    await loginPage.signIn("nobody-here@lodestar.dev", "whatever-password");
    await expect(loginPage.error()).toBeVisible();
    const unknown = await loginPage.error().textContent();
    await loginPage.signIn(EMAIL.manager, "wrong-password");
    await expect(loginPage.error()).toHaveText(unknown!);
    expect(unknown).toContain("Email or password is incorrect");
  });

  test("the sixth failure in a row is throttled, even with the right password", async ({ loginPage }, testInfo) => {
    test.setTimeout(120_000); // six bcrypt sign-ins on a busy machine
    // A user of its own (the demo password, copied from sales2), so a retry does not start throttled.
    const email = `throttle-${Date.now()}-${testInfo.retry}@lodestar.dev`;
    const handle = openDatabase(`file:${DB_FILE}`);
    try {
      const { schema } = handle;
      const [sales2] = await handle.db.select().from(schema.users).where(eq(schema.users.email, "sales2@lodestar.dev"));
      await handle.transact((tx) => tx.insert(schema.users).values({ email, name: "Throttle Probe", role: "sales", passwordHash: sales2!.passwordHash, disabled: false, createdAt: Date.now(), updatedAt: Date.now() }));
    } finally {
      await handle.close();
    }
    await loginPage.goto();
    for (let i = 0; i < 5; i++) {
      await loginPage.signIn(email, `wrong-${i}`);
      await expect(loginPage.error()).toContainText("Email or password is incorrect");
    }
    await loginPage.signIn(email, PASSWORD);
    await expect(loginPage.error()).toContainText("Too many failed attempts");
  });

  test("an anonymous visitor is sent to the sign-in page", async ({ page }) => {
    await page.goto("/accounts");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Sign in to Lodestar" })).toBeVisible();
  });

  test("a forged session cookie gets the sign-in page and no data", async ({ page, context, baseURL }) => {
    const url = new URL(baseURL!);
    await context.addCookies([
      { name: "authjs.session-token", value: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0.forged.token.value.x", domain: url.hostname, path: "/" },
    ]);
    const res = await page.goto("/accounts");
    await expect(page).toHaveURL(/\/login/);
    expect(await res!.text()).not.toContain('data-testid="export-csv"');
  });

  test("signing out ends the session", async ({ pageAs }) => {
    const page = await pageAs("sales");
    await page.goto("/accounts");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/accounts");
    await expect(page).toHaveURL(/\/login/);
  });
});

test("an expired session gets the sign-in page and no data", async ({ page, context, baseURL }) => {
  const { encode } = await import("next-auth/jwt");
  const secret = process.env.AUTH_SECRET ?? "e2e-only-secret-not-for-production-use-0123456789";
  const now = Math.floor(Date.now() / 1000);
  // A token signed with the real secret for a real user, but its expiry is in the past.
  const value = await encode({ token: { uid: "1", sub: "1", iat: now - 3600 * 10, exp: now - 3600 }, secret, salt: "authjs.session-token", maxAge: -3600 });
  const url = new URL(baseURL!);
  await context.addCookies([{ name: "authjs.session-token", value, domain: url.hostname, path: "/" }]);
  const res = await page.goto("/accounts");
  await expect(page).toHaveURL(/\/login/);
  expect(await res!.text()).not.toContain('data-testid="export-csv"');
});
