/**
 * Evaluate the predictive learner on the Olist marketing funnel: an MQL is won when its mql_id is
 * in the closed deals. Only what is known at first contact is used — origin, landing page and the
 * first-contact date (as month and weekday; see frameFromTable) — since every other deal field
 * exists only for won leads. Writes the joined table to a temporary CSV and runs the same
 * evaluation as `model:evaluate`, plus a time-based split (train on the earlier 80 % of first
 * contacts, test on the latest 20 %).
 *
 *   npx tsx scripts/olist-eval.ts [--dir ../shared/data/olist-marketing-funnel] [--model gbt] [--folds 5] [--seed 7]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseCsv } from "@/lib/csv/parse";
import { csvDocument } from "@/lib/csv/write";
import { PredictiveInputError } from "@/lib/predictive/frame";
import { UsageError, evaluateCsvFile, formatJson, parseArgs } from "./model-evaluate";

const DEFAULT_DIR = "../shared/data/olist-marketing-funnel";

function readTable(file: string): { header: string[]; rows: string[][] } {
  if (!existsSync(file)) throw new UsageError(`file not found: ${file}`);
  const parsed = parseCsv(readFileSync(file, "utf8"));
  const fatal = parsed.errors.find((e) => e.fatal);
  if (fatal) throw new UsageError(`cannot read ${file}: ${fatal.reason}`);
  return parsed;
}

/** Join MQLs with closed deals into rows of (mql_id, first_contact_date, landing_page_id, origin, won). */
export function joinOlist(dir: string): { header: string[]; rows: string[][] } {
  const mql = readTable(path.join(dir, "olist_marketing_qualified_leads_dataset.csv"));
  const deals = readTable(path.join(dir, "olist_closed_deals_dataset.csv"));
  const col = (t: { header: string[] }, name: string): number => {
    const i = t.header.indexOf(name);
    if (i < 0) throw new UsageError(`column ${name} missing`);
    return i;
  };
  const won = new Set(deals.rows.map((r) => r[col(deals, "mql_id")]));
  const keep = ["mql_id", "first_contact_date", "landing_page_id", "origin"].map((c) => col(mql, c));
  return {
    header: ["mql_id", "first_contact_date", "landing_page_id", "origin", "won"],
    rows: mql.rows.map((r) => [...keep.map((i) => r[i]), won.has(r[keep[0]]) ? "1" : "0"]),
  };
}

function main(argv: string[]): number {
  let dir = DEFAULT_DIR;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--dir") dir = argv[++i] ?? DEFAULT_DIR;
    else rest.push(argv[i]);
  }
  const tmp = mkdtempSync(path.join(tmpdir(), "lodestar-olist-"));
  try {
    const joined = joinOlist(dir);
    const file = path.join(tmp, "olist-mql-won.csv");
    // machine-to-machine file: keep values byte-identical (no spreadsheet formula guard)
    writeFileSync(file, csvDocument(joined.header, joined.rows, { neutralizeFormulas: false }));
    const args = parseArgs(["--csv", file, "--target", "won", "--exclude", "mql_id", "--time", "first_contact_date", ...rest]);
    const result = evaluateCsvFile(args);
    process.stdout.write(`${formatJson({ dataset: "olist-marketing-funnel", ...result })}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof PredictiveInputError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
