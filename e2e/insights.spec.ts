/**
 * Insights as a manager: the planted gradient by band, segment and cutoff filters, two versions side
 * by side, a chart's table view and CSV export, clear messages for bad input, and screenshots of the
 * dashboard in both themes (saved to /tmp for a human to look at).
 */
import fs from "node:fs";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import type { Locator, Page } from "@playwright/test";
import { openDatabase } from "@/db/client";
import { expect, test } from "./fixtures";

const PORT = process.env.E2E_PORT ?? "3100";
const DB_FILE = path.resolve(import.meta.dirname, "..", "data", `e2e-${PORT}.db`);

/** The rows of a chart's table view as { first cell → other cells }. */
async function tableRows(chart: Locator): Promise<Map<string, string[]>> {
  const rows = chart.locator("table tbody tr");
  const out = new Map<string, string[]>();
  for (let k = 0; k < (await rows.count()); k++) {
    const row = rows.nth(k);
    const head = (await row.locator("th").first().textContent())?.trim() ?? "";
    out.set(head, (await row.locator("td").allTextContents()).map((t) => t.trim()));
  }
  return out;
}

const percent = (text: string | undefined) => (text === undefined || text === "–" ? Number.NaN : Number(text.replace("%", "")) / 100);

async function openInsights(page: Page, query = "") {
  await page.goto(`/insights${query}`);
  await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();
  // Charts render on the client: wait until the first one has drawn its bars.
  await expect(page.getByTestId("chart-score-histogram").locator(".recharts-bar-rectangle").first()).toBeVisible();
}

test.describe("insights for a manager", () => {
  // A draft version (engagement-heavy) to compare with the published one; removed afterwards so
  // other specs find the demo as it was.
  let draft: { id: number; version: number } | null = null;

  test.beforeAll(async () => {
    const handle = openDatabase(`file:${DB_FILE}`);
    try {
      const { schema } = handle;
      const [model] = await handle.db.select().from(schema.scoringModels).where(eq(schema.scoringModels.isPrimary, true));
      const [live] = await handle.db.select().from(schema.modelVersions).where(eq(schema.modelVersions.id, model!.publishedVersionId!));
      const [last] = await handle.db.select({ version: schema.modelVersions.version }).from(schema.modelVersions).where(eq(schema.modelVersions.modelId, model!.id)).orderBy(desc(schema.modelVersions.version)).limit(1);
      const definition = structuredClone(live!.definition) as { categories: Record<string, { weight: number }> };
      definition.categories.fit!.weight = 10;
      definition.categories.engagement!.weight = 60;
      const now = Date.now();
      const version = last!.version + 1;
      const [row] = await handle.transact((tx) =>
        tx
          .insert(schema.modelVersions)
          .values({ modelId: model!.id, version, status: "draft", kind: "rule", definition, note: "Engagement-heavy (insights e2e)", createdAt: now, updatedAt: now })
          .returning({ id: schema.modelVersions.id }),
      );
      draft = { id: row!.id, version };
    } finally {
      await handle.close();
    }
  });

  test.afterAll(async () => {
    if (!draft) return;
    const handle = openDatabase(`file:${DB_FILE}`);
    try {
      const { schema } = handle;
      await handle.transact((tx) => tx.delete(schema.modelVersions).where(and(eq(schema.modelVersions.id, draft!.id), eq(schema.modelVersions.status, "draft"))));
    } finally {
      await handle.close();
    }
  });

  test("a manager sees that band A converts more, bigger and holds more revenue than band D", async ({ pageAs }) => {
    const page = await pageAs("manager");
    await openInsights(page);
    await expect(page.getByTestId("insights-mode")).toContainText("Backtest.");
    await expect(page.getByTestId("headline-band")).toContainText("the average");
    await expect(page.getByTestId("headline-revenue")).toContainText("of won revenue");

    const conversion = page.getByTestId("chart-conversion");
    await conversion.getByRole("button", { name: "View as table" }).click();
    const rates = await tableRows(conversion);
    const [aRate, aLow] = [percent(rates.get("A")?.[0]), percent(rates.get("A")?.[1])];
    const [dRate, dHigh] = [percent(rates.get("D")?.[0]), percent(rates.get("D")?.[2])];
    expect(aRate).toBeGreaterThan(dRate);
    expect(aLow, "band A's interval lies above band D's").toBeGreaterThan(dHigh);

    const deal = page.getByTestId("chart-deal-size");
    await deal.getByRole("button", { name: "View as table" }).click();
    const deals = await tableRows(deal);
    const money = (t: string | undefined) => Number((t ?? "").replace(/[$,]/g, ""));
    expect(money(deals.get("A")?.[0])).toBeGreaterThan(money(deals.get("D")?.[0]));

    const revenue = page.getByTestId("chart-band-revenue");
    await revenue.getByRole("button", { name: "View as table" }).click();
    const rev = await tableRows(revenue);
    // columns: won revenue, pipeline, share of accounts, share of won revenue, …
    expect(percent(rev.get("A")?.[3])).toBeGreaterThan(percent(rev.get("D")?.[3]));
  });

  test("a manager narrows the segment and moves the cutoff", async ({ pageAs }) => {
    const page = await pageAs("manager");
    await openInsights(page);
    const measured = async () => Number((await page.getByTestId("headline-population").locator("p").nth(1).textContent())!.replace(/,/g, ""));
    const before = await measured();

    await page.getByLabel("Industry").selectOption("Software");
    const cutoff = await page.getByLabel("Cutoff date").inputValue();
    const earlier = new Date(Date.parse(`${cutoff}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Cutoff date").fill(earlier);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`industry=Software.*cutoff=${earlier}|cutoff=${earlier}.*industry=Software`));
    await expect(page.getByText(/industry “Software”/).first()).toBeVisible();
    await expect(page.getByTestId("insights-mode")).toContainText(earlier);
    await expect(page.getByLabel("Industry")).toHaveValue("Software");
    const after = await measured();
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
  });

  test("a manager compares two versions side by side", async ({ pageAs }) => {
    const page = await pageAs("manager");
    await openInsights(page);
    const comparison = page.getByTestId("chart-version-comparison");
    await expect(comparison.getByTestId("chart-empty")).toContainText("Compare with");
    await page.getByLabel("Compare with").selectOption(String(draft!.id));
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`compare=${draft!.id}`));
    const metrics = comparison.getByTestId("version-metrics");
    await expect(metrics.locator("tbody tr")).toHaveCount(2);
    await expect(metrics).toContainText(`v${draft!.version}`);
    // both versions have an AUC on the same accounts
    for (const cell of await metrics.locator("tbody tr td:nth-child(2)").allTextContents()) expect(Number(cell)).toBeGreaterThan(0.5);
    await comparison.getByRole("button", { name: "View as table" }).click();
    await expect(comparison.getByRole("table").last()).toContainText(`v${draft!.version} conversion`);
  });

  test("a manager opens a chart as a table and exports its CSV", async ({ pageAs }) => {
    const page = await pageAs("manager");
    await openInsights(page);
    const chart = page.getByTestId("chart-conversion");
    await chart.getByRole("button", { name: "View as table" }).click();
    const table = chart.getByRole("table");
    await expect(table).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(4);
    await expect(chart.getByRole("button", { name: "View as chart" })).toHaveAttribute("aria-pressed", "true");

    const [download] = await Promise.all([page.waitForEvent("download"), chart.getByRole("button", { name: /Export .* as CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe("lodestar-conversion.csv");
    const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("Band,Pipeline conversion (%),95 % low (%),95 % high (%),With an opportunity,Accounts");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["A", "B", "C", "D"]);
    // the exported rates are the table's, as numbers (an empty band is an empty cell in both)
    const shown = await tableRows(chart);
    for (const line of lines.slice(1)) {
      const [band, rate] = line.split(",");
      const inTable = shown.get(band!)?.[0];
      if (inTable === "–") expect(rate).toBe("");
      else expect(Number(rate) / 100).toBeCloseTo(percent(inTable), 3);
    }
  });

  test("bad input gives a clear message, never an error page", async ({ pageAs }) => {
    const page = await pageAs("manager");
    await openInsights(page, "?cutoff=2999-01-01");
    await expect(page.locator("#insights-cutoff-error")).toContainText("in the future");
    await expect(page.getByTestId("insights-mode")).toContainText("Backtest.");

    await openInsights(page, "?horizon=0");
    await expect(page.locator("#insights-horizon-error")).toContainText("between 1 and");
    await expect(page.getByLabel("Horizon (days)")).toHaveValue("180");

    await page.goto("/insights?industry=Nowhere%20Industry");
    await expect(page.locator("#insights-segment-error")).toContainText("No account is in the segment");
    await expect(page.getByTestId("chart-conversion").getByTestId("chart-empty")).toContainText("No account is in the chosen segment");
    await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();
  });

  test("the dashboard looks right in the light and dark themes", async ({ browser }, testInfo) => {
    for (const theme of ["light", "dark"] as const) {
      const ctx = await browser.newContext({ storageState: path.join(import.meta.dirname, ".auth", "manager.json"), viewport: { width: 1400, height: 1000 } });
      await ctx.addCookies([{ name: "theme", value: theme, url: testInfo.project.use.baseURL! }]);
      const page = await ctx.newPage();
      await openInsights(page, `?compare=${draft!.id}`);
      await expect(page.locator("html")).toHaveClass(theme === "dark" ? /dark/ : /^(?!.*dark)/);
      // every chart has drawn (no empty frame left without an explanation)
      for (const id of ["score-histogram", "conversion", "win-rate", "deal-size", "sales-cycle", "band-revenue", "gains", "lift", "version-comparison", "band-history"]) {
        await expect(page.getByTestId(`chart-${id}`).locator("svg.recharts-surface").first()).toBeVisible();
      }
      const file = `/tmp/insights-${theme}.png`;
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(`insights-${theme}`, { path: file, contentType: "image/png" });
      await ctx.close();
    }
  });
});
