import { describe, expect, it } from "vitest";
import type { AccountRowView } from "./columns";
import { packAccountRows, unpackAccountRows } from "./packed-rows";

const row = (id: number, over: Partial<AccountRowView> = {}): AccountRowView => ({
  id,
  rank: id,
  score: 81.3,
  band: "A",
  previousScore: null,
  name: `Account "${id}" <b>`,
  domain: null,
  industry: "Software",
  country: "Germany",
  region: null,
  employeeCount: 1200,
  annualRevenue: null,
  technologies: ["Snowflake", "HubSpot"],
  lifecycleStage: "mql",
  status: "new",
  ownerId: 4,
  ownerName: "Sam Sales",
  lastActivityAt: 1_795_033_162_060,
  reasons: [{ text: "Target industry", points: 11.8 }, { text: "Churn risk", points: -3 }],
  ...over,
});

describe("packed account rows", () => {
  it("unpack gives back exactly the rows that were packed, in order", () => {
    // Every field holds a value no other field holds, so a field read from the wrong place shows.
    const everyFieldSet = row(4, { rank: 12, ownerId: 9, previousScore: 79.9, domain: "d.example", region: "EMEA", annualRevenue: 5e7 });
    const rows = [row(1), row(2, { previousScore: 80.1, domain: "b.example", technologies: [], reasons: [] }), row(3, { ownerId: null, ownerName: null, lastActivityAt: null }), everyFieldSet];
    expect(unpackAccountRows(packAccountRows(rows))).toEqual(rows);
  });

  it("packs no row as an empty list", () => {
    expect(unpackAccountRows(packAccountRows([]))).toEqual([]);
  });

  it("does not repeat the keys on every row", () => {
    const packed = packAccountRows([row(1), row(2)]);
    expect(packed.match(/lastActivityAt/g)).toBeNull();
  });
});
