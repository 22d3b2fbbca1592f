/**
 * Scoring models as user stories: marketing tunes a weight, watches the preview move, backtests,
 * publishes with a note; sales sees the new ranking and an explanation that adds up; marketing rolls
 * back. Plus: invalid definitions are refused field by field, and two editors of one draft never
 * overwrite each other silently.
 *
 * The specs share one e2e server (and database) with the others, so each starts from whatever state
 * the model is in: a leftover draft is discarded first.
 */
import type { Page } from "@playwright/test";
import { expect as baseExpect, test } from "./fixtures";

// Pages compile on first visit under the dev server and the preview scores every account: be patient.
const expect = baseExpect.configure({ timeout: 60_000 });

const MODEL = "ICP fit & engagement";

/** Opens the demo model with a fresh draft made from its live version. */
async function openFreshDraft(page: Page): Promise<number> {
  await page.goto("/models");
  await page.getByRole("link", { name: MODEL }).click();
  await expect(page.getByTestId("version-status")).toBeVisible();
  page.on("dialog", (d) => void d.accept());
  if (await page.getByRole("button", { name: "Discard draft" }).isVisible()) {
    await page.getByRole("button", { name: "Discard draft" }).click();
    await expect(page.getByTestId("version-status")).toContainText("Live");
  }
  const open = page.getByRole("link", { name: /^Open draft/ });
  if (await open.isVisible()) {
    await open.click();
    await page.getByRole("button", { name: "Discard draft" }).click();
    await expect(page.getByTestId("version-status")).toContainText("Live");
  }
  const live = Number(/Version (\d+)/.exec((await page.getByTestId("version-status").textContent()) ?? "")![1]);
  await page.getByRole("button", { name: "Edit as new draft" }).click();
  await expect(page.getByTestId("version-status")).toContainText("Draft");
  // The new draft equals the live version: once its preview is in, the editor has settled.
  await expect(page.getByTestId("preview-changed")).toHaveText(/^0 of [\d,]+$/);
  await page.waitForLoadState("networkidle");
  return live;
}

const percent = (s: string | null) => Number((s ?? "").replace("%", ""));
/** The one-decimal numbers in a text, in order (scores are shown with one decimal). */
const numbers = (s: string | null) => ((s ?? "").match(/-?\d+\.\d/g) ?? []).map(Number);

test.describe("scoring models", () => {
  test("marketing changes a weight, sees the preview move, backtests and publishes; sales sees the new scores; marketing rolls back", async ({ pageAs }) => {
    test.setTimeout(240_000);
    const m = await pageAs("marketing");
    const liveVersion = await openFreshDraft(m);
    const draftVersion = Number(/Version (\d+)/.exec((await m.getByTestId("version-status").textContent()) ?? "")![1]);


    // Weight engagement up: the preview recomputes against every account.
    const weight = m.getByLabel("Engagement weight", { exact: true });
    await weight.fill("70");
    await expect(m.getByTestId("preview-changed")).not.toHaveText(/^0 of/);
    await expect(m.getByTestId("preview-status")).not.toHaveText(/Recomputing/);
    await expect(m.getByTestId("migration-matrix")).toBeVisible();
    const mover = m.getByTestId("movers-up").getByRole("link").first();
    const moverName = (await mover.textContent())!.trim();
    const moverId = Number(/\/accounts\/(\d+)/.exec((await mover.getAttribute("href"))!)![1]);
    const moverRow = m.getByTestId("movers-up").getByRole("listitem").first();
    const [before, after] = ((await moverRow.textContent()) ?? "").match(/\d+\.\d/g)!.map(Number);
    expect(after).toBeGreaterThan(before!);

    // Backtest: draft and live side by side; on the demo data band A converts more than band D.
    await m.getByRole("tab", { name: "Backtest" }).click();
    await m.getByRole("button", { name: "Run backtest" }).click();
    const results = m.getByTestId("backtest-results");
    await expect(results).toBeVisible({ timeout: 60_000 });
    for (const key of ["draft", "live"]) {
      const card = m.getByTestId(`backtest-${key}`);
      await expect(card).toBeVisible();
      const a = percent(await card.getByTestId(`bt-${key}-band-A`).getByTestId("conversion").textContent());
      const d = percent(await card.getByTestId(`bt-${key}-band-D`).getByTestId("conversion").textContent());
      expect(a).toBeGreaterThan(2 * d);
      expect(Number(await card.getByTestId(`auc-${key}`).textContent())).toBeGreaterThan(0.6);
    }
    await expect(m.getByTestId("backtest-live")).toContainText("Clear gradient");

    // Publish with a note (the unsaved edit is saved first).
    await m.getByRole("tab", { name: /Criteria/ }).click();
    await m.getByRole("button", { name: "Publish…" }).click();
    await m.getByLabel("Note (why this change)").fill("More weight on engagement after the Q3 review");
    await m.getByRole("button", { name: /^Publish to/ }).click();
    await expect(m.getByTestId("published-notice")).toContainText(`Published version ${draftVersion}`, { timeout: 120_000 });
    await expect(m.getByTestId("version-status")).toContainText(`Version ${draftVersion} · Live`);

    // Sales: the ranked list and the account page show the new score, and the explanation adds up to it.
    // (The preview scores as of the current hour, the publish as of now: a few minutes of decay may move a score by 0.1.)
    const s = await pageAs("sales");
    await s.goto(`/accounts?q=${encodeURIComponent(moverName)}`);
    const listed = numbers(await s.getByRole("row").filter({ hasText: moverName }).first().textContent());
    expect(listed.some((x) => Math.abs(x - after!) <= 0.3)).toBe(true);
    await s.goto(`/accounts/${moverId}`);
    const shown = numbers(await s.getByTestId("account-score").textContent())[0]!;
    expect(Math.abs(shown - after!)).toBeLessThanOrEqual(0.3);
    const [sum, score] = numbers(await s.getByTestId("explanation-sum").textContent());
    expect(sum).toBe(score);
    expect(score).toBe(shown);

    // History shows who, when and why; rolling back restores the old scores.
    await m.goto("/models/1/versions");
    await expect(m.getByTestId("publish-history")).toContainText("More weight on engagement after the Q3 review");
    await expect(m.getByTestId("publish-history")).toContainText("Mia Marketing");
    await m.getByRole("button", { name: `Roll back to version ${liveVersion}` }).click();
    await m.getByLabel(`Why roll back to version ${liveVersion}?`).fill("Pipeline review asked for the previous weights");
    await m.getByRole("button", { name: /^Re-publish to/ }).click();
    await expect(m.getByTestId("rollback-notice")).toContainText(`Rolled back to version ${liveVersion}`, { timeout: 120_000 });
    await expect(m.getByTestId(`version-row-${liveVersion}`)).toContainText("Live");
    await expect(m.getByTestId(`version-row-${draftVersion}`)).toContainText("Archived");
    await s.goto(`/accounts/${moverId}`);
    expect(Math.abs(numbers(await s.getByTestId("account-score").textContent())[0]! - before!)).toBeLessThanOrEqual(0.3);

    // A readable diff between the two versions.
    await m.getByTestId(`version-row-${draftVersion}`).getByRole("link", { name: "Compare with live" }).click();
    await expect(m.getByTestId("diff-weights")).toContainText("Engagement weight");
    await expect(m.getByTestId("diff-weights")).toContainText("70");
  });

  test("an invalid model is refused field by field and nothing is saved", async ({ pageAs }) => {
    test.setTimeout(180_000);
    const m = await pageAs("marketing");
    await openFreshDraft(m);
    for (const cat of ["Fit", "Engagement", "Intent", "Relationship"]) await m.getByLabel(`${cat} weight`, { exact: true }).fill("0");
    const summary = m.getByTestId("error-summary");
    await expect(summary).toContainText("cannot be normalised");
    // Shape errors (an empty band label) are reported first, at their field.
    const bandLabel = m.getByTestId("band-row-1").getByLabel("Label");
    await bandLabel.fill("");
    await expect(summary).toContainText("band label is required");
    await expect(bandLabel).toHaveAttribute("aria-invalid", "true");
    await expect(m.getByText("Fix the highlighted problems to see the preview.")).toBeVisible();
    // The server refuses it too, with the same field-level messages.
    await m.getByRole("button", { name: "Save draft" }).click();
    await expect(m.getByRole("alert").filter({ hasText: "Nothing was saved" })).toBeVisible();
    await m.reload();
    await expect(m.getByLabel("Fit weight", { exact: true })).not.toHaveValue("0");
    await expect(m.getByTestId("band-row-1").getByLabel("Label")).not.toHaveValue("");
    await expect(m.getByTestId("error-summary")).toHaveCount(0);
    // Removing every band is refused as well.
    for (let k = (await m.locator("[data-testid^=band-row-]").count()) - 1; k >= 0; k--) await m.getByTestId(`band-row-${k}`).getByRole("button", { name: /Remove band/ }).click();
    await expect(m.getByTestId("error-summary")).toContainText("at least one band is required");
  });

  test("two people saving the same draft: the second gets a clear conflict and nothing is lost", async ({ pageAs }) => {
    test.setTimeout(180_000);
    const first = await pageAs("marketing");
    await openFreshDraft(first);
    const second = await pageAs("admin");
    await second.goto("/models/1");
    await expect(second.getByTestId("version-status")).toContainText("Draft");
    await expect(second.getByTestId("preview-changed")).toHaveText(/^0 of [\d,]+$/);

    await first.getByLabel("Intent weight", { exact: true }).fill("25");
    await first.getByRole("button", { name: "Save draft" }).click();
    await expect(first.getByRole("status").filter({ hasText: "Draft saved" })).toBeVisible();

    await second.getByLabel("Relationship weight", { exact: true }).fill("35");
    await second.getByRole("button", { name: "Save draft" }).click();
    const conflict = second.getByTestId("conflict");
    await expect(conflict).toContainText("Mia Marketing saved this draft");
    await expect(conflict).toContainText("Nothing was saved");
    await expect(second.getByTestId("conflict-changes")).toContainText("Intent weight 25 → 15");
    await expect(second.getByTestId("conflict-changes")).toContainText("Relationship weight 15 → 35");
    // The admin's edit is still on screen; they choose to keep both edits by saving theirs over.
    await expect(second.getByLabel("Relationship weight", { exact: true })).toHaveValue("35");
    await second.getByRole("button", { name: "Load their version (drop my edits)" }).click();
    await expect(second.getByLabel("Intent weight", { exact: true })).toHaveValue("25");
    await second.getByLabel("Relationship weight", { exact: true }).fill("35");
    await second.getByRole("button", { name: "Save draft" }).click();
    await expect(second.getByRole("status").filter({ hasText: "Draft saved" })).toBeVisible();

    // The first editor is now the stale one: their next save is refused too, never silently applied.
    await first.getByLabel("Fit weight", { exact: true }).fill("45");
    await first.getByRole("button", { name: "Save draft" }).click();
    await expect(first.getByTestId("conflict")).toContainText("Ada Admin saved this draft");
    await first.reload();
    await expect(first.getByLabel("Intent weight", { exact: true })).toHaveValue("25");
    await expect(first.getByLabel("Relationship weight", { exact: true })).toHaveValue("35");
    await expect(first.getByLabel("Fit weight", { exact: true })).toHaveValue("40");
  });

  test("sales and managers read models but cannot edit or publish", async ({ pageAs }) => {
    const s = await pageAs("sales");
    await s.goto("/models/1");
    await expect(s.getByTestId("version-status")).toBeVisible();
    await expect(s.getByRole("button", { name: /Publish/ })).toHaveCount(0);
    await expect(s.getByRole("button", { name: "Edit as new draft" })).toHaveCount(0);
    await expect(s.getByLabel("Fit weight", { exact: true })).toBeDisabled();
    await s.goto("/models/new");
    await expect(s.getByText("You don't have access to this page")).toBeVisible();
  });
});
