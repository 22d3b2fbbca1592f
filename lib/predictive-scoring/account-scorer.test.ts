import { describe, expect, it } from "vitest";
import { dataSpan } from "@/lib/metrics";
import { fitPredictor, type Predictor } from "@/lib/predictive/model";
import { buildSnapshot, type AccountFacts } from "@/lib/scoring/snapshot-builder";
import type { ScoringSnapshot } from "@/lib/snapshot";
import type { ScoreCategory } from "@/lib/vocabulary";
import { compileAccountScorer, scoreAccounts } from "./account-scorer";
import { demoFacts } from "./demo-snapshot";
import { groupFeatures } from "./frames";
import { defaultCutoff, DAY_MS } from "./params";
import { frameColumns, predictiveColumns } from "./score";
import { labelRows } from "./train";

const NOW = Date.UTC(2026, 9, 1);
const ALL: ScoreCategory[] = ["fit", "engagement", "intent", "relationship"];

/** Demo accounts with some firmographics and tags missing, so that every imputation path runs. */
function accounts(n: number, seed: number): AccountFacts[] {
  const { facts } = demoFacts(n, seed, NOW);
  facts.forEach((f, i) => {
    if (i % 17 === 3) f.attributes = { ...f.attributes, employeeCount: null };
    if (i % 23 === 5) f.attributes = { ...f.attributes, industry: null, foundedYear: null };
    if (i % 29 === 7) f.tags = [...(f.tags ?? []), ...(f.tags ?? [])]; // duplicated tags count once
    if (i % 31 === 11) f.tags = [];
  });
  return facts;
}

const facts = accounts(2_000, 5);
const snapshot = buildSnapshot(facts);
const span = dataSpan(snapshot);
const cutoff = defaultCutoff(span.latest, 90);

function fit(s: ScoringSnapshot, groups: ScoreCategory[], learner: "blend" | "lr" | "gbt", numericBins = 0): Predictor {
  const labelled = labelRows(s, { outcome: "opportunity", horizonDays: 90 }, cutoff);
  const labels = new Uint8Array(s.n);
  labelled.rows.forEach((r, k) => (labels[r] = labelled.labels[k]!));
  return fitPredictor(groupFeatures(s, cutoff, groups), labels, { rows: labelled.rows, minPerClass: 1, learner, pipeline: { numericBins } });
}

function expectSameScores(a: ReturnType<typeof frameColumns>, b: ReturnType<typeof frameColumns>): void {
  let probability = 0;
  let sub = 0;
  for (let i = 0; i < a.probability.length; i++) {
    if (a.probability[i] !== b.probability[i]) probability++;
    for (const k of ["fit", "engagement", "intent", "relationship"] as const) if (Math.abs(a[k][i]! - b[k][i]!) > 0.1001) sub++;
  }
  expect(probability, "probabilities differing from the frame-based path").toBe(0);
  expect(sub, "category scores differing by more than their display precision").toBe(0);
}

describe("one-pass account scoring", () => {
  for (const learner of ["blend", "lr", "gbt"] as const) {
    it(`${learner}: the frame-based path's probabilities, bit for bit, and its category scores`, () => {
      const predictor = fit(snapshot, ALL, learner);
      expect(compileAccountScorer(predictor, snapshot, ALL)).not.toBeNull();
      for (const asOf of [span.latest + DAY_MS, cutoff, cutoff - 200 * DAY_MS]) {
        expectSameScores(predictiveColumns(predictor, snapshot, asOf, ALL), frameColumns(predictor, snapshot, asOf, ALL));
      }
    });
  }

  it("pipelines with range indicators", () => {
    const predictor = fit(snapshot, ALL, "blend", 4);
    expect(predictor.pipeline.features.some((f) => f.role === "range")).toBe(true);
    expectSameScores(predictiveColumns(predictor, snapshot, span.latest, ALL), frameColumns(predictor, snapshot, span.latest, ALL));
  });

  it("models on some of the categories", () => {
    const groups: ScoreCategory[] = ["fit", "intent"];
    const predictor = fit(snapshot, groups, "blend");
    expectSameScores(predictiveColumns(predictor, snapshot, span.latest, groups), frameColumns(predictor, snapshot, span.latest, groups));
  });

  it("scores an account alone exactly as among all of them (the explanation's case)", () => {
    const predictor = fit(snapshot, ALL, "blend");
    const asOf = span.latest + DAY_MS;
    const all = predictiveColumns(predictor, snapshot, asOf, ALL);
    for (const i of [0, 3, 5, 7, 11, 250, 1_999]) {
      const one = buildSnapshot([facts[i]!]);
      const scorer = compileAccountScorer(predictor, one, ALL)!;
      const out = { probability: new Float64Array(1), fit: new Float32Array(1), engagement: new Float32Array(1), intent: new Float32Array(1), relationship: new Float32Array(1) };
      scoreAccounts(scorer, asOf, 0, 1, out);
      expect(out.probability[0]).toBe(all.probability[i]);
      expect(out.fit[0]).toBe(all.fit[i]);
      expect(out.engagement[0]).toBe(all.engagement[i]);
      expect(out.intent[0]).toBe(all.intent[i]);
      expect(out.relationship[0]).toBe(all.relationship[i]);
    }
  });

  it("scores a range of accounts as the whole pass does", () => {
    const predictor = fit(snapshot, ALL, "gbt");
    const all = predictiveColumns(predictor, snapshot, span.latest, ALL);
    const out = { probability: new Float64Array(100), fit: new Float32Array(100), engagement: new Float32Array(100), intent: new Float32Array(100), relationship: new Float32Array(100) };
    scoreAccounts(compileAccountScorer(predictor, snapshot, ALL)!, span.latest, 900, 1_000, out);
    expect(Array.from(out.probability)).toEqual(Array.from(all.probability.subarray(900, 1_000)));
  });

  it("leaves to the frame-based path a column name two sources share", () => {
    // "foo_bar" and "foo-bar" are both "Foo bar events": which one a frame keeps depends on the data
    const withType = (type: string) => facts.slice(0, 600).map((f, i) => ({ ...f, activities: [...(f.activities ?? []), ...(i % 3 === 0 ? [{ type, at: cutoff - (i % 40) * DAY_MS }] : [])] }));
    const trained = buildSnapshot(withType("foo_bar"));
    const predictor = fit(trained, ALL, "blend");
    expect(predictor.pipeline.steps.some((s) => s.column.startsWith("Foo bar events"))).toBe(true);
    const both = buildSnapshot([...withType("foo_bar").slice(0, 300), ...withType("foo-bar").slice(300)]);
    expect(compileAccountScorer(predictor, both, ALL)).toBeNull();
    expectSameScores(predictiveColumns(predictor, both, span.latest, ALL), frameColumns(predictor, both, span.latest, ALL));
  });
});
