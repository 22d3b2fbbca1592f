// Named zz- so it runs last: importing the Olist files adds 8,850 accounts to the shared e2e database,
// and the other stories count on the seeded 1,000.
/**
 * CSV imports as user stories, through the wizard only (no code for the files): marketing imports the
 * real Olist marketing funnel — the qualified leads as accounts and the closed deals as won
 * opportunities of those accounts — choosing the mapping in the UI; re-importing creates nothing;
 * bad files and bad rows get specific messages while the good rows land.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const OLIST = path.resolve(import.meta.dirname, "..", "..", "shared", "data", "olist-marketing-funnel");
const LEADS = path.join(OLIST, "olist_marketing_qualified_leads_dataset.csv");
const DEALS = path.join(OLIST, "olist_closed_deals_dataset.csv");

/** Starts a new import of `entity` with `file` and waits for the mapping step. */
async function upload(page: Page, entityLabel: string, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.goto("/imports");
  await page.getByRole("link", { name: "New import", exact: true }).click();
  await page.getByRole("radio", { name: new RegExp(`^${entityLabel}`) }).check();
  await page.getByLabel("CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and map columns" }).click();
}

async function waitForPreview(page: Page) {
  await expect(page.getByTestId("mapping-issues")).not.toContainText("Fix these");
  await expect(page.getByTestId("import-preview")).toBeVisible();
}

/** Waits for the job page to show a finished job and returns its counts. */
async function finished(page: Page, timeout = 120_000) {
  const progress = page.getByTestId("import-progress");
  await expect(progress).toHaveAttribute("data-status", /completed|failed/, { timeout });
  const n = async (id: string) => Number((await page.getByTestId(id).innerText()).replace(/,/g, ""));
  return { status: await progress.getAttribute("data-status"), created: await n("count-created"), updated: await n("count-updated"), unchanged: await n("count-unchanged"), failed: await n("count-failed") };
}

const lines = (file: string) => fs.readFileSync(file, "utf8").trimEnd().split("\n").length - 1;

test.describe.configure({ mode: "serial" });

test("marketing imports the Olist leads as accounts and the closed deals as won opportunities, choosing the mapping in the wizard", async ({ pageAs }) => {
  test.setTimeout(300_000);
  const page = await pageAs("marketing");
  const leadRows = lines(LEADS);
  const dealRows = lines(DEALS);

  // Leads → accounts: the MQL id is the account's external id; the lead has no name, so it is named
  // after its id; first contact, landing page and origin are kept as custom attributes.
  await upload(page, "Accounts", LEADS);
  await expect(page.getByRole("heading", { name: /Accounts from olist_marketing_qualified_leads_dataset\.csv/ })).toBeVisible();
  await expect(page.getByTestId("mapping-issues")).toContainText("required field externalId is not mapped", { ignoreCase: true });
  await page.getByLabel("Import column mql_id as").selectOption({ label: "External ID (required)" });
  await page.getByLabel("Fixed value for Name").fill("Olist lead {mql_id}");
  await page.getByLabel("Fixed value for Lifecycle stage").fill("MQL");
  await expect(page.getByLabel("Import column origin as")).toHaveValue("__custom");
  await expect(page.getByLabel("Type of custom attribute from column first_contact_date")).toHaveValue("date");
  await waitForPreview(page);
  const preview = page.getByTestId("import-preview");
  await expect(preview).toContainText("Olist lead dac32acd4db4c29c230538b72f8dd87d");
  await expect(preview).toContainText("2018-02-01");
  await expect(preview.getByText("New").first()).toBeVisible();
  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
  const leads = await finished(page);
  expect(leads).toEqual({ status: "completed", created: leadRows, updated: 0, unchanged: 0, failed: 0 });
  await expect(page.getByText("Every row was imported without a problem.")).toBeVisible();
  await expect(page.getByTestId("import-announcement")).toContainText(`Import finished: ${leadRows.toLocaleString("en-US")} rows`);

  // Closed deals → won opportunities of those accounts: the MQL id finds the account, the seller id
  // is the deal's id, the stage is fixed to won and the deal opens and closes on its won date.
  await upload(page, "Opportunities", DEALS);
  await page.getByLabel("Import column mql_id as").selectOption({ label: "Account external ID" });
  await page.getByLabel("Import column seller_id as").selectOption({ label: "External ID (required)" });
  await page.getByLabel("Import column business_segment as").selectOption({ label: "Product" });
  await expect(page.getByLabel("Import column won_date as")).toHaveValue("closedAt");
  await page.getByLabel("Fixed value for Stage").fill("won");
  await page.getByLabel("Fixed value for Created at").fill("{won_date}");
  await page.getByLabel("Fixed value for Name").fill("Olist deal");
  await waitForPreview(page);
  await expect(page.getByTestId("import-preview")).toContainText("won");
  await page.getByRole("button", { name: "Dry run (full report, writes nothing)" }).click();
  const dry = await finished(page);
  expect(dry).toEqual({ status: "completed", created: dealRows, updated: 0, unchanged: 0, failed: 0 });
  await expect(page.getByText("Dry run", { exact: true }).first()).toBeVisible();
  await page.getByRole("button", { name: "Run the import for real" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  const deals = await finished(page);
  expect(deals).toEqual({ status: "completed", created: dealRows, updated: 0, unchanged: 0, failed: 0 });

  // Publishing is offered, not forced.
  await page.getByRole("button", { name: "Publish scores now" }).click();
  await expect(page.getByRole("status")).toContainText(/Scores published: [\d,]+ accounts rescored/);

  // The history lists both imports with their counts.
  await page.goto("/imports");
  const history = page.getByTestId("import-history");
  await expect(history.getByRole("row", { name: /olist_marketing_qualified_leads_dataset\.csv/ }).first()).toContainText(leadRows.toLocaleString("en-US"));
  await expect(history.getByRole("row", { name: /olist_closed_deals_dataset\.csv/ })).toHaveCount(2);
});

test("importing the same deals file again creates nothing", async ({ pageAs }) => {
  test.setTimeout(180_000);
  const page = await pageAs("marketing");
  await upload(page, "Opportunities", DEALS);
  await page.getByLabel("Import column mql_id as").selectOption({ label: "Account external ID" });
  await page.getByLabel("Import column seller_id as").selectOption({ label: "External ID (required)" });
  await page.getByLabel("Import column business_segment as").selectOption({ label: "Product" });
  await page.getByLabel("Fixed value for Stage").fill("won");
  await page.getByLabel("Fixed value for Created at").fill("{won_date}");
  await page.getByLabel("Fixed value for Name").fill("Olist deal");
  await waitForPreview(page);
  await expect(page.getByTestId("import-preview").getByText("Unchanged").first()).toBeVisible();
  await page.getByRole("button", { name: "Start import" }).click();
  expect(await finished(page)).toEqual({ status: "completed", created: 0, updated: 0, unchanged: lines(DEALS), failed: 0 });
  // Nothing changed, so there is nothing to rescore.
  await expect(page.getByRole("button", { name: "Publish scores now" })).toHaveCount(0);
});

test("bad rows are reported with line and reason while the good rows land, and the report downloads as CSV", async ({ pageAs }) => {
  test.setTimeout(120_000);
  const page = await pageAs("marketing");
  const csv = [
    "Account ID,Activity Type,Date,Source",
    "ACC-0000001,Web Visit,2025-03-01,website",
    "NO-SUCH-ACCOUNT,Web Visit,2025-03-02,website",
    "ACC-0000002,Demo Request,31st of Smarch,website",
    "ACC-0000003,webinar,2025-03-04,website,surplus",
    "ACC-0000004,Pricing page,2025-03-05,website",
  ].join("\n");
  await upload(page, "Activities", { name: "activities.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await waitForPreview(page);
  const preview = page.getByTestId("import-preview");
  await expect(preview).toContainText("account 'NO-SUCH-ACCOUNT' not found (by external id or domain)");
  await page.getByRole("button", { name: "Start import" }).click();
  expect(await finished(page)).toEqual({ status: "completed", created: 2, updated: 0, unchanged: 0, failed: 3 });
  const errors = page.getByTestId("import-errors");
  await expect(errors.getByRole("row", { name: /^3 Account ID NO-SUCH-ACCOUNT/ })).toContainText("account 'NO-SUCH-ACCOUNT' not found (by external id or domain)");
  await expect(errors.getByRole("row", { name: /^4 Date 31st of Smarch/ })).toBeVisible();
  await expect(errors.getByRole("row", { name: /^5 / })).toContainText("line 5 has 5 fields but the header has 4 (extra column)");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download error report (CSV)" }).click();
  const file = path.join(os.tmpdir(), `lodestar-e2e-errors-${Date.now()}.csv`);
  await (await download).saveAs(file);
  const report = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  expect(report.split("\r\n")[0]).toBe("line,column,value,reason");
  expect(report).toContain("3,Account ID,NO-SUCH-ACCOUNT,account 'NO-SUCH-ACCOUNT' not found (by external id or domain)");
  fs.rmSync(file, { force: true });
});

test("a binary file named .csv and a file without a header are refused with a specific message", async ({ pageAs }) => {
  const page = await pageAs("marketing");
  await upload(page, "Accounts", { name: "export.csv", mimeType: "text/csv", buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]) });
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This is not a text CSV file: it contains binary data.");
  await expect(page).toHaveURL(/\/imports\/new$/);
  await page.getByLabel("CSV file").setInputFiles({ name: "numbers.csv", mimeType: "text/csv", buffer: Buffer.from("1,2,3\n4,5,6\n") });
  await page.getByRole("button", { name: "Upload and map columns" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("needs a header row");
});

test("a manager cannot import", async ({ pageAs }) => {
  const page = await pageAs("manager");
  await page.goto("/accounts");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Imports" })).toHaveCount(0);
  const res = await page.goto("/imports/new");
  expect(res?.status()).toBe(403);
});
