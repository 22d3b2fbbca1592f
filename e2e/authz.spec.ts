/**
 * Generated from the authorization matrix: every page and session-authenticated route handler,
 * visited as each of anonymous, sales, marketing, manager and admin.
 */
import type { Browser, BrowserContext } from "@playwright/test";
import { MATRIX, type Who } from "./authz-matrix";
import { expect, storageStateFor, test } from "./fixtures";

const WHO: Who[] = ["anonymous", "sales", "marketing", "manager", "admin"];

async function contextFor(browser: Browser, who: Who): Promise<BrowserContext> {
  return who === "anonymous" ? browser.newContext() : browser.newContext({ storageState: storageStateFor(who) });
}

for (const row of MATRIX) {
  if (row.kind === "page") {
    test.describe(`page ${row.path}`, () => {
      for (const who of WHO) {
        const allowed = row.allowed.includes(who);
        test(`${who} is ${allowed ? "allowed" : "denied"}`, async ({ browser }) => {
          const ctx = await contextFor(browser, who);
          const page = await ctx.newPage();
          const res = await page.goto(row.path);
          const finalPath = new URL(page.url()).pathname;
          if (allowed) {
            expect(res!.status()).toBeLessThan(400);
            // Signed-in users visiting /login are sent on to their accounts; everything else stays put.
            if (row.path !== "/login" || who === "anonymous") expect(finalPath).toBe(new URL(row.path, "http://x").pathname);
          } else if (who === "anonymous") {
            expect(finalPath).toBe("/login");
          } else {
            expect(res!.status()).toBe(403);
            await expect(page.getByText("You don't have access to this page")).toBeVisible();
          }
          await ctx.close();
        });
      }
    });
  }
  if (row.kind === "route" && (row.auth ?? "session") === "session") {
    test.describe(`route ${row.method} ${row.path}`, () => {
      for (const who of WHO) {
        const allowed = row.allowed.includes(who);
        test(`${who} is ${allowed ? "allowed" : "denied"}`, async ({ browser }) => {
          const ctx = await contextFor(browser, who);
          const res = await ctx.request.fetch(row.path, { method: row.method, data: row.body as never, maxRedirects: 0 });
          if (allowed) expect([401, 403]).not.toContain(res.status());
          else expect(res.status()).toBe(who === "anonymous" ? 401 : 403);
          await ctx.close();
        });
      }
    });
  }
}
