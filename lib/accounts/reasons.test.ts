import { describe, expect, it } from "vitest";
import type { AccountScore, Contribution } from "@/lib/scoring/engine";
import { reasonText, topReasons } from "./reasons";

const c = (over: Partial<Contribution>): Contribution => ({
  criterionId: "x",
  label: "Label",
  category: "engagement",
  kind: "criterion",
  points: 1,
  raw: 1,
  matched: true,
  detail: "",
  ...over,
});

describe("reason chips", () => {
  it("words activity, intent, tag and roll-up details for a glance", () => {
    expect(reasonText(c({ label: "Demo requests", detail: "1 demo request, last 3 days ago" }))).toBe("Demo request 3 days ago");
    expect(reasonText(c({ label: "Demo requests", detail: "3 demo requests, last 4 days ago; 12.5 before decay, capped at 30" }))).toBe("3 demo requests, last 4 days ago");
    expect(reasonText(c({ label: "Content and webinars", detail: "5 events (2 content downloads, 3 webinars attended), last 2 days ago" }))).toBe(
      "Content and webinars ×5, last 2 days ago",
    );
    expect(reasonText(c({ label: "Intent", detail: "2 signals on lead scoring (strongest 80), last 5 days ago" }))).toBe("Intent: lead scoring, 5 days ago");
    expect(reasonText(c({ label: "Uses Salesforce or Snowflake", detail: "uses Snowflake" }))).toBe("Uses Snowflake");
    expect(reasonText(c({ label: "Coverage", detail: "3 of 8 contacts engaged; 2 buying roles covered: champion, decision maker" }))).toBe("2 buying roles engaged");
    expect(reasonText(c({ label: "Target industry", category: "fit", detail: "industry: Software" }))).toBe("Target industry");
  });

  it("takes the contributions that moved the score most, skipping silent ones and adjustments", () => {
    const score: AccountScore = {
      score: 50,
      band: "C",
      bandIndex: 2,
      subScores: { fit: 0, engagement: 0, intent: 0, relationship: 0 },
      contributions: [
        c({ label: "Small", points: 1.2 }),
        c({ label: "Churned customer", points: -8, category: "relationship" }),
        c({ label: "Nothing", points: 0, matched: false }),
        c({ label: "Big", points: 12 }),
        c({ label: "Cap", points: 20, kind: "adjustment" }),
        c({ label: "Medium", points: 5 }),
      ],
    };
    expect(topReasons(score, 3).map((r) => [r.text, r.points])).toEqual([
      ["Big", 12],
      ["Churned customer", -8],
      ["Medium", 5],
    ]);
    expect(topReasons(score, 3)[0]!.detail).toBe("Big: ");
  });

  it("clips long texts", () => {
    const long = reasonText(c({ label: "A".repeat(80) }));
    expect(topReasons({ score: 1, band: "D", bandIndex: 3, subScores: { fit: 0, engagement: 0, intent: 0, relationship: 0 }, contributions: [c({ label: long })] })[0]!.text).toHaveLength(40);
  });
});
