// Runs the acceptance evaluations on the shared public datasets (skipped when they are absent).
// Only this test and the scripts touch the file system; the library itself never does.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateCsvFile } from "@/scripts/model-evaluate";

const DATA = path.resolve(import.meta.dirname, "../../../shared/data");
const LEADS = path.join(DATA, "x-education-leads/Leads.csv");
const OLIST = path.join(DATA, "olist-marketing-funnel");

/** Columns written after sales contact, and the ids (see the dataset README). */
const X_EDUCATION_EXCLUDE = [
  "Tags",
  "Lead Quality",
  "Lead Profile",
  "Last Activity",
  "Last Notable Activity",
  "Asymmetrique Activity Index",
  "Asymmetrique Profile Index",
  "Asymmetrique Activity Score",
  "Asymmetrique Profile Score",
  "Prospect ID",
  "Lead Number",
];

describe("X-Education leads", () => {
  it.skipIf(!existsSync(LEADS))("5-fold mean AUC ≥ 0.87 without the post-contact columns", () => {
    const r = evaluateCsvFile({ csv: LEADS, target: "Converted", exclude: X_EDUCATION_EXCLUDE, folds: 5, seed: 7, warmup: false });
    expect(r).toMatchObject({ rows: 9240, positives: 3561, negatives: 5679, learner: "blend" });
    expect(r.auc.mean).toBeGreaterThanOrEqual(0.87);
    expect(r.columnsExcluded).toHaveLength(X_EDUCATION_EXCLUDE.length);
    expect(r.columnsUsed).toContain("Total Time Spent on Website");
    for (const c of X_EDUCATION_EXCLUDE) expect(r.columnsUsed).not.toContain(c);
  });
  if (!existsSync(LEADS)) it.skip(`dataset not found at ${LEADS}`, () => {});
});

describe("Olist marketing funnel", () => {
  it.skipIf(!existsSync(OLIST))("first-contact columns carry a modest signal", async () => {
    const { joinOlist } = await import("@/scripts/olist-eval");
    const joined = joinOlist(OLIST);
    expect(joined.rows).toHaveLength(8000);
    expect(joined.rows.filter((r) => r[4] === "1")).toHaveLength(842);
  });
});
