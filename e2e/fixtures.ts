import { test as base, expect, type Page } from "@playwright/test";
import path from "node:path";

export const ROLES = ["admin", "marketing", "manager", "sales"] as const;
export type E2ERole = (typeof ROLES)[number];
export const PASSWORD = "lodestar-demo";
export const EMAIL: Record<E2ERole, string> = {
  admin: "admin@lodestar.dev",
  marketing: "marketing@lodestar.dev",
  manager: "manager@lodestar.dev",
  sales: "sales@lodestar.dev",
};

/** Where the signed-in session of each role is saved by auth.setup.ts. */
export const storageStateFor = (role: E2ERole) => path.join(import.meta.dirname, ".auth", `${role}.json`);

/** Page object of the sign-in page. */
export class LoginPage {
  constructor(readonly page: Page) {}
  async goto() {
    await this.page.goto("/login");
  }
  async signIn(email: string, password: string) {
    // The previous attempt's result resets the form when React commits it, which is after its
    // response arrived: fill only once the button is back ("Signing in…" while pending), or the
    // reset can empty the password just typed and the browser refuses to submit the form.
    await expect(this.page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled({ timeout: 30_000 });
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    // Wait for the server action's answer, so consecutive attempts never overlap.
    await Promise.all([
      this.page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
      this.page.getByRole("button", { name: "Sign in" }).click(),
    ]);
  }
  error() {
    return this.page.locator("#signin-error");
  }
}

interface Fixtures {
  loginPage: LoginPage;
  /** a page signed in as the given role, in its own browser context */
  pageAs: (role: E2ERole) => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
  pageAs: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (role) => {
      const ctx = await browser.newContext({ storageState: storageStateFor(role) });
      contexts.push(ctx);
      return ctx.newPage();
    });
    for (const c of contexts) await c.close();
  },
});

export { expect };
