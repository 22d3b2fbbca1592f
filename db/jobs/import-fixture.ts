/**
 * A synthetic accounts CSV for import tests and the import benchmark: CRM-style headers and values
 * (currency signs, thousands separators, "51-200" bands, mixed-case lifecycle names) and a share of
 * bad rows of every kind the importer must report, each with its line and the reason expected.
 * Written in a streamed way, so a file of any size costs no memory.
 */
import fs from "node:fs";
import { csvRow } from "@/lib/csv";

export const FIXTURE_HEADER = ["Account ID", "Company Name", "Website", "Industry", "# of Employees", "Annual Revenue", "Country", "Year Founded", "Tech Stack", "Lifecycle Stage", "Tier"];

const INDUSTRIES = ["Software", "Retail", "Financial Services", "Healthcare", "Manufacturing", "Logistics"];
const COUNTRIES = ["United States", "Germany", "UK", "France", "Brazil", "Japan", "Deutschland", "usa"];
const TECH = ["Salesforce", "HubSpot", "Snowflake", "AWS", "Segment", "Marketo"];
const STAGES = ["Prospect", "Marketing Qualified Lead", "SQL", "Customer", "Client", "opportunity"];

/** The kinds of bad row the fixture writes, in rotation. */
export const BAD_KINDS = ["extra_column", "bad_number", "empty_name", "bad_domain", "bad_year", "bad_stage"] as const;
export type BadKind = (typeof BAD_KINDS)[number];

export interface FixtureInfo {
  path: string;
  rows: number;
  bytes: number;
  /** Physical line of each bad row (header = line 1) and what is wrong with it. */
  bad: { line: number; kind: BadKind }[];
}

/** Fields of good row `i` (deterministic; `variant` changes some values for update tests). */
export function fixtureRow(i: number, variant = 0): string[] {
  const n = i + 1;
  const employees = 10 + ((n * 7919) % 20000);
  return [
    `ACC-${String(n).padStart(7, "0")}`,
    `Company ${n}${variant ? " Group" : ""}`,
    n % 5 === 0 ? `https://www.company${n}.example/about` : `company${n}.example`,
    INDUSTRIES[n % INDUSTRIES.length]!,
    n % 3 === 0 ? `${employees.toLocaleString("en-US")}` : n % 7 === 0 ? "51-200" : String(employees),
    n % 4 === 0 ? `$${((n * 104729) % 90_000_000).toLocaleString("en-US")}` : n % 11 === 0 ? "N/A" : String((n * 104729) % 90_000_000),
    COUNTRIES[n % COUNTRIES.length]!,
    String(1950 + (n % 70)),
    [TECH[n % TECH.length], TECH[(n * 3 + 1) % TECH.length]].join("; "),
    STAGES[n % STAGES.length]!,
    n % 2 ? "gold" : "silver",
  ];
}

function badRow(i: number, kind: BadKind): string[] {
  const row = fixtureRow(i);
  switch (kind) {
    case "extra_column":
      return [...row, "surplus"];
    case "bad_number":
      row[4] = "a few";
      return row;
    case "empty_name":
      row[1] = "";
      return row;
    case "bad_domain":
      row[2] = "not a website";
      return row;
    case "bad_year":
      row[7] = "1492";
      return row;
    case "bad_stage":
      row[9] = "Hibernating";
      return row;
  }
}

/**
 * Writes `rows` data rows to `path`; every `badEvery`-th row (default 100, i.e. 1 %) is bad.
 * Returns the bad lines so tests can compare the error report with them.
 */
export async function writeAccountsFixture(path: string, rows: number, opts: { badEvery?: number; variant?: number } = {}): Promise<FixtureInfo> {
  const badEvery = opts.badEvery ?? 100;
  const out = fs.createWriteStream(path);
  const bad: FixtureInfo["bad"] = [];
  let buf = csvRow(FIXTURE_HEADER);
  let bytes = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(buf);
    if (!out.write(buf)) await new Promise<void>((r) => out.once("drain", () => r()));
    buf = "";
  };
  for (let i = 0; i < rows; i++) {
    const isBad = badEvery > 0 && i % badEvery === badEvery - 1;
    if (isBad) {
      const kind = BAD_KINDS[bad.length % BAD_KINDS.length]!;
      bad.push({ line: i + 2, kind });
      buf += csvRow(badRow(i, kind));
    } else buf += csvRow(fixtureRow(i, opts.variant));
    if (buf.length > 1 << 16) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { path, rows, bytes, bad };
}
