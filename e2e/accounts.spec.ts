/**
 * The ranked accounts workspace and the account page, as reps and managers use them: a rep narrows
 * the list to their best software accounts, opens one and reads why it scores as it does, reloads
 * and exports exactly that view; the same with the keyboard only; hand-edited URLs; saved views and
 * view options; status, notes and reassignment; and axe (WCAG 2 A/AA) on both pages for every role.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import type { Locator, Page } from "@playwright/test";
import { openDatabase, type DbHandle } from "@/db/client";
import { bumpDataVersion } from "@/db/mutations/data-version";
import { parseCsv } from "@/lib/csv/parse";
import { expect as baseExpect, ROLES, test } from "./fixtures";

// Pages answer within a second in production; a development server compiles them on first use.
const expect = baseExpect.configure({ timeout: process.env.E2E_DEV === "1" ? 45_000 : 10_000 });

const PORT = process.env.E2E_PORT ?? "3100";
const DB_FILE = path.resolve(import.meta.dirname, "..", "data", `e2e-${PORT}.db`);
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface Expected {
  band: string;
  bandMin: number;
  ids: number[];
  names: string[];
}

let handle: DbHandle;
let modelId: number;
let salesId: number;
let sales2Id: number;

test.beforeAll(async () => {
  handle = openDatabase(`file:${DB_FILE}`);
  const { schema, db } = handle;
  const [model] = await db.select().from(schema.scoringModels).where(eq(schema.scoringModels.isPrimary, true));
  modelId = model!.id;
  const users = await db.select({ id: schema.users.id, email: schema.users.email }).from(schema.users);
  salesId = users.find((u) => u.email === "sales@lodestar.dev")!.id;
  sales2Id = users.find((u) => u.email === "sales2@lodestar.dev")!.id;
});

test.afterAll(async () => {
  await handle?.close();
});

/** The rep's Software accounts in the best band that has some, in rank order (what the list must show). */
async function mySoftwareAccounts(): Promise<Expected> {
  const { schema, db } = handle;
  const [version] = await db
    .select({ definition: schema.modelVersions.definition })
    .from(schema.scoringModels)
    .innerJoin(schema.modelVersions, eq(schema.modelVersions.id, schema.scoringModels.publishedVersionId))
    .where(eq(schema.scoringModels.id, modelId));
  const bands = (version!.definition as { bands: { label: string; min: number }[] }).bands;
  for (const b of bands) {
    const rows = await db
      .select({ id: schema.accounts.id, name: schema.accounts.name })
      .from(schema.accountScores)
      .innerJoin(schema.accounts, eq(schema.accounts.id, schema.accountScores.accountId))
      .where(and(eq(schema.accountScores.modelId, modelId), eq(schema.accountScores.band, b.label), eq(schema.accounts.ownerId, salesId), eq(schema.accounts.industry, "Software")))
      .orderBy(asc(schema.accountScores.rank));
    if (rows.length >= 2) return { band: b.label, bandMin: b.min, ids: rows.map((r) => r.id), names: rows.map((r) => r.name) };
  }
  throw new Error("the demo data has no band with two of the rep's software accounts");
}

const rowLinks = (page: Page) => page.getByTestId("accounts-table").locator("[data-row-link]");

/** Waits until the table shows real rows (no skeleton) and returns the account names in order. */
async function shownNames(page: Page): Promise<string[]> {
  await expect(page.getByTestId("skeleton-row")).toHaveCount(0);
  return (await rowLinks(page).allTextContents()).map((t) => t.trim());
}

/** Presses Tab until `target` has focus (keyboard-only navigation). */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let k = 0; k < max; k++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${target} with Tab`);
}

async function downloadCsv(page: Page, trigger: () => Promise<void>): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent("download"), trigger()]);
  const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const parsed = parseCsv(text);
  expect(parsed.errors).toEqual([]);
  expect(parsed.header.at(-1)).toBe("Account ID");
  return parsed.rows;
}

async function runAxe(page: Page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    // Next's development overlay lives in its own shadow root; it is not part of the app.
    return axe.run({ exclude: [["nextjs-portal"]] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
  });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

test.describe("a rep's morning list", () => {
  test("filters to my best software accounts, opens one, reads why, reloads and exports exactly that view", async ({ pageAs }) => {
    const expected = await mySoftwareAccounts();
    const page = await pageAs("sales");
    await page.goto("/accounts");
    await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();

    await page.getByTestId("filter-owner").click();
    await page.getByRole("radio", { name: "My accounts" }).check();
    await expect(page).toHaveURL(/owner=me/);
    await page.keyboard.press("Escape");
    await page.getByTestId("filter-band").click();
    await page.getByRole("checkbox", { name: `${expected.band} (≥ ${expected.bandMin})` }).check();
    await expect(page).toHaveURL(new RegExp(`band=${expected.band}`));
    await page.keyboard.press("Escape");
    await page.getByTestId("filter-industry").click();
    await page.getByRole("checkbox", { name: /^Software/ }).check();
    await expect(page).toHaveURL(/industry=Software/);
    await page.keyboard.press("Escape");

    await expect(page.getByTestId("total-count")).toHaveText(expected.ids.length.toLocaleString("en-US"));
    const names = await shownNames(page);
    expect(names).toEqual(expected.names.slice(0, 50));
    const listUrl = page.url();

    // Open the top account: its reasons add up to its score.
    await rowLinks(page).first().click();
    await expect(page.getByRole("heading", { name: expected.names[0], level: 1 })).toBeVisible();
    const score = Number((await page.getByTestId("account-score").locator(".text-4xl").textContent())!.trim());
    const lines = page.getByTestId("explanation").locator("section li span.tabular-nums");
    const points = (await lines.allTextContents()).map((t) => Number(t.replace("−", "-").replace("±", "")));
    expect(points.length).toBeGreaterThan(0);
    expect(Math.round(points.reduce((a, b) => a + b, 0) * 10) / 10).toBe(score);
    await expect(page.getByTestId("explanation-sum")).toHaveText(new RegExp(`${score.toFixed(1)} = score ${score.toFixed(1)}`));

    // Back to the same list, and a reload gives the same rows.
    await page.getByRole("link", { name: "← Accounts" }).click();
    await expect(page).toHaveURL(listUrl);
    expect(await shownNames(page)).toEqual(names);
    await page.reload();
    expect(await shownNames(page)).toEqual(names);

    // The export holds exactly the filtered rows, in list order.
    const rows = await downloadCsv(page, () => page.getByTestId("export-csv").click());
    expect(rows.map((r) => Number(r.at(-1)))).toEqual(expected.ids);
    expect(rows.every((r) => r[4] === expected.band && r[7] === "Software" && r[15] === "Sam Sales")).toBe(true);
  });

  test("keyboard only: search and filter, open an account, come back and export", async ({ pageAs }) => {
    const page = await pageAs("sales");
    await page.goto("/accounts");
    await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
    const search = page.getByRole("searchbox", { name: "Search accounts by name or domain" });
    await tabTo(page, search);
    await page.keyboard.type("a");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/q=a/);

    // Industry filter: open it, search the options, tick Software with Space, close with Escape.
    await tabTo(page, page.getByTestId("filter-industry"));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("searchbox", { name: "Search industry" })).toBeFocused();
    await page.keyboard.type("Soft");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("checkbox", { name: /^Software/ })).toBeFocused();
    await page.keyboard.press("Space");
    await expect(page).toHaveURL(/industry=Software/);
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("filter-industry")).toBeFocused();

    const names = await shownNames(page);
    expect(names.length).toBeGreaterThan(1);
    // Rows form one tab stop; arrows move between them.
    await tabTo(page, rowLinks(page).first());
    await page.keyboard.press("ArrowDown");
    await expect(rowLinks(page).nth(1)).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: names[1], level: 1 })).toBeVisible();

    await tabTo(page, page.getByRole("link", { name: "← Accounts" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/industry=Software/);
    await shownNames(page);
    const exportLink = page.getByTestId("export-csv");
    await tabTo(page, exportLink);
    const rows = await downloadCsv(page, () => page.keyboard.press("Enter"));
    expect(rows.length).toBe(Number((await page.getByTestId("total-count").textContent())!.replace(/[^0-9]/g, "")));
    expect(rows.every((r) => r[7] === "Software" && /a/i.test(`${r[1]} ${r[2]}`))).toBe(true);
  });

  test("hand-edited URLs show the closest valid view with a message, never an error", async ({ pageAs }) => {
    const page = await pageAs("sales");
    let res = await page.goto("/accounts?foo=bar&band=Z&score=abc&employees=x-y&sort=hacked&perPage=7&open=maybe");
    expect(res!.status()).toBe(200);
    const issues = page.getByTestId("url-issues");
    await expect(issues).toContainText("Unknown filter “foo”");
    await expect(issues).toContainText("Unknown band “Z”");
    expect((await shownNames(page)).length).toBe(50);

    res = await page.goto("/accounts?page=99999&industry=Software");
    expect(res!.status()).toBe(200);
    await expect(page.getByTestId("url-issues")).toContainText("Page 99,999 does not exist");
    const total = Number((await page.getByTestId("total-count").textContent())!.replace(/[^0-9]/g, ""));
    await expect(page.getByText(`Page ${Math.ceil(total / 50)} of ${Math.ceil(total / 50)}`)).toBeVisible();

    res = await page.goto("/accounts?q=zzzz-no-such-account");
    expect(res!.status()).toBe(200);
    await expect(page.getByTestId("empty-state")).toContainText("No accounts match these filters.");

    for (const bad of ["/accounts/abc", "/accounts/99999999", "/accounts/1.5"]) {
      res = await page.goto(bad);
      expect(res!.status(), bad).toBe(404);
    }
    const csv = await page.request.get("/api/accounts/export?band=Z&page=-1&sort=nope");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
  });

  test("saved views and view options live in the URL", async ({ pageAs }) => {
    const page = await pageAs("sales");
    await page.goto("/accounts?owner=me&industry=Software&sort=employees.desc");
    await shownNames(page);
    await page.getByTestId("saved-views").click();
    await page.getByLabel("Save the current view as").fill("E2E big software");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved “E2E big software”" })).toBeVisible();

    await page.goto("/accounts");
    await page.getByTestId("saved-views").click();
    await page.getByRole("link", { name: "E2E big software" }).click();
    await expect(page).toHaveURL(/owner=me/);
    await expect(page).toHaveURL(/sort=employees.desc/);
    await page.getByTestId("saved-views").click();
    await page.getByRole("button", { name: "Delete view E2E big software" }).click();
    await expect(page.getByRole("link", { name: "E2E big software" })).toHaveCount(0);
    await page.keyboard.press("Escape");

    // Hide a column and go compact: both survive a reload.
    await page.getByTestId("view-options").click();
    await page.getByRole("checkbox", { name: "Country" }).uncheck();
    await expect(page).toHaveURL(/cols=/);
    await page.getByRole("radio", { name: "compact" }).check();
    await expect(page).toHaveURL(/density=compact/);
    await page.reload();
    await expect(page.getByRole("columnheader", { name: "Country" })).toHaveCount(0);
    await expect(page.getByRole("columnheader", { name: /Owner/ })).toBeVisible();
  });
});

test.describe("working an account", () => {
  test("a rep sets status and notes on their own account but cannot on a colleague's", async ({ pageAs }) => {
    const { schema, db } = handle;
    const [mine] = await db.select().from(schema.accounts).where(eq(schema.accounts.ownerId, salesId)).limit(1);
    const [theirs] = await db.select().from(schema.accounts).where(eq(schema.accounts.ownerId, sales2Id)).limit(1);
    const page = await pageAs("sales");
    try {
      await page.goto(`/accounts/${mine!.id}`);
      await page.getByLabel("Status").selectOption("working");
      await page.getByLabel("Notes").fill("Called on Monday; demo booked.");
      await page.getByRole("button", { name: "Save status" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Status set to working" })).toBeVisible();
      await page.reload();
      await expect(page.getByTestId("account-status")).toHaveText("Working");
      await expect(page.getByLabel("Notes")).toHaveValue("Called on Monday; demo booked.");

      await page.goto(`/accounts/${theirs!.id}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByTestId("status-form")).toHaveCount(0);
      await expect(page.getByTestId("reassign-form")).toHaveCount(0);
    } finally {
      await handle.transact((tx) => tx.update(schema.accounts).set({ status: mine!.status, notes: mine!.notes }).where(eq(schema.accounts.id, mine!.id)));
    }
  });

  test("a manager reassigns an account and the list follows", async ({ pageAs }) => {
    const { schema, db } = handle;
    const [account] = await db.select().from(schema.accounts).where(eq(schema.accounts.ownerId, salesId)).limit(1);
    const page = await pageAs("manager");
    try {
      await page.goto(`/accounts/${account!.id}`);
      await page.getByLabel("Owner").selectOption({ label: "Riley Rep (sales2@lodestar.dev)" });
      await page.getByRole("button", { name: "Reassign" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Owner changed." })).toBeVisible();
      await expect(page.getByTestId("account-owner")).toHaveText("Riley Rep");
      await page.goto(`/accounts?owner=${sales2Id}&q=${encodeURIComponent(account!.name)}`);
      expect(await shownNames(page)).toContain(account!.name);
    } finally {
      await handle.transact(async (tx) => {
        await tx.update(schema.accounts).set({ ownerId: salesId }).where(eq(schema.accounts.id, account!.id));
        await bumpDataVersion(handle, tx);
      });
    }
  });
});

test.describe("accessibility (axe, WCAG 2 A and AA)", () => {
  for (const role of ROLES) {
    test(`list and account page have no violations for ${role}`, async ({ pageAs }) => {
      const page = await pageAs(role);
      await page.goto("/accounts");
      await shownNames(page);
      expect(await runAxe(page)).toEqual([]);
      await rowLinks(page).first().click();
      await expect(page.getByTestId("explanation")).toBeVisible();
      await expect(page.getByTestId("chart-score-history")).toBeVisible();
      expect(await runAxe(page)).toEqual([]);
    });
  }

  test("dark theme: list (with a filter popover open) and account page", async ({ pageAs }) => {
    const page = await pageAs("sales");
    await page.context().addCookies([{ name: "theme", value: "dark", url: `http://127.0.0.1:${PORT}` }]);
    await page.goto("/accounts?owner=me&density=compact");
    await shownNames(page);
    await page.getByTestId("filter-industry").click();
    expect(await runAxe(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/lodestar-accounts-dark.png", fullPage: true });
    await page.keyboard.press("Escape");
    await rowLinks(page).first().click();
    await expect(page.getByTestId("explanation")).toBeVisible();
    expect(await runAxe(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/lodestar-account-dark.png", fullPage: true });
  });
});
