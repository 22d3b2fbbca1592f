import { test as setup, expect } from "@playwright/test";
import { EMAIL, PASSWORD, ROLES, storageStateFor } from "./fixtures";

for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(EMAIL[role]);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/accounts/);
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
