import { beforeAll, describe, expect, it } from "vitest";
import { dataSpan } from "@/lib/metrics";
import { contributions, explainRows } from "@/lib/predictive/explain";
import { transform } from "@/lib/predictive/features";
import { predictLogits } from "@/lib/predictive/model";
import { SCORE_CATEGORIES } from "@/lib/vocabulary";
import { scoreWithGroups } from "./fast-score";
import { PredictiveInputError } from "@/lib/predictive/frame";
import { buildSnapshot } from "@/lib/scoring/snapshot-builder";
import { roundScore, scoreAll } from "@/lib/scoring/engine";
import { defaultIcpTemplate } from "@/lib/scoring/model";
import { suggestBands } from "@/lib/scoring/suggest-bands";
import { demoFacts } from "./demo-snapshot";
import {
  DAY_MS,
  alignFrame,
  blendScore,
  sliceSnapshot,
  checkOutcomes,
  defaultCutoff,
  explainLearned,
  groupActivityFactors,
  groupFeatures,
  parseLearnedDefinition,
  reliabilityCurve,
  scoreLearned,
  subsetFrame,
  trainAccountModel,
  type BlendedDefinition,
  type PredictiveDefinition,
  type TrainingOutput,
  type TrainingParams,
} from "./index";
import { plantedDriver } from "./test-drivers";

const NOW = Date.UTC(2026, 9, 1);
const { facts } = demoFacts(2_500, 7, NOW);
const snapshot = buildSnapshot(facts);
const span = dataSpan(snapshot);
const params: TrainingParams = {
  outcome: "opportunity",
  horizonDays: 90,
  cutoff: defaultCutoff(span.latest, 90),
  groups: ["fit", "engagement", "intent", "relationship"],
  learner: "blend",
};

let out: TrainingOutput;
const stages: { fraction: number; stage: string }[] = [];
beforeAll(async () => {
  out = await trainAccountModel(snapshot, params, (fraction, stage) => void stages.push({ fraction, stage }));
}, 300_000);

function predictiveDef(o: TrainingOutput): PredictiveDefinition {
  return {
    schemaVersion: 1,
    kind: "predictive",
    predictor: o.serialized,
    trainingRunId: 1,
    outcome: params.outcome,
    horizonDays: params.horizonDays,
    cutoff: params.cutoff,
    groups: params.groups,
    learner: params.learner,
    heldOutAuc: o.report.heldOutAuc,
    sample: o.report.sample,
    bands: [
      { label: "A", min: 20 },
      { label: "B", min: 8 },
      { label: "C", min: 3 },
      { label: "D", min: 0 },
    ],
  };
}

describe("training on the demo accounts' history", () => {
  it("recovers the planted signal on held-out data", () => {
    const r = out.report;
    console.log(`demo 2,500: held-out AUC ${r.heldOutAuc} (${r.heldOutFrom}), CV ${r.crossValidation.auc} ± ${r.crossValidation.aucStd}, ${r.sample.positives} positives; top: ${r.importance.columns.slice(0, 8).map((c) => c.column).join(", ")}`);
    expect(r.sample.rows).toBe(2_500);
    expect(r.sample.positives + r.sample.negatives).toBe(r.sample.rows);
    expect(r.sample.positives).toBeGreaterThanOrEqual(30);
    expect(r.crossValidation.folds).toBe(5);
    expect(r.crossValidation.perFold.reduce((a, f) => a + f.testRows, 0)).toBe(2_500);
    expect(r.crossValidation.auc).toBeGreaterThan(0.66);
    expect(r.timeSplit).not.toBeNull();
    expect(r.timeSplit!.trainCutoff).toBe(params.cutoff - 90 * DAY_MS);
    expect(r.heldOutFrom).toBe("time_split");
    // 70 positives: the time split is noisy here; the database test on 5,000 accounts asks more
    expect(r.heldOutAuc).toBeGreaterThan(0.62);
    expect(r.calibration.reduce((a, b) => a + b.count, 0)).toBe(2_500);
    expect(r.lift).toHaveLength(10);
    expect(r.lift[0]!.lift!).toBeGreaterThan(1.8);
  });

  it("names the generator's drivers as its top factors, with the right direction", () => {
    const top = out.report.importance.columns.slice(0, 8).map((c) => c.column);
    const drivers = top.map(plantedDriver);
    expect(drivers.filter(Boolean).length, `top columns: ${top.join(", ")}`).toBeGreaterThanOrEqual(6);
    expect(drivers[0]).not.toBeNull();
    expect(drivers.some((d) => d?.startsWith("engagement"))).toBe(true);
    expect(drivers.some((d) => ["industry", "region", "technology", "employeeCount"].includes(d ?? ""))).toBe(true);
    const recency = out.report.importance.features.find((f) => f.name === "Days since last activity");
    if (recency) expect(recency.direction).toBe("lowers");
  });

  it("reports progress in order, ending at 1", () => {
    expect(stages.length).toBeGreaterThan(6);
    for (let k = 1; k < stages.length; k++) expect(stages[k]!.fraction).toBeGreaterThanOrEqual(stages[k - 1]!.fraction);
    expect(stages.at(-1)).toEqual({ fraction: 1, stage: "Done" });
  });

  it("refuses too few outcomes, saying what is missing and what to change", async () => {
    const small = buildSnapshot(facts.slice(0, 200));
    const p: TrainingParams = { ...params, outcome: "won", horizonDays: 30, cutoff: defaultCutoff(dataSpan(small).latest, 30) };
    const check = checkOutcomes(small, p);
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/^Not enough history to train on: (too few outcomes to learn from: \d+ positive and \d+ negative, at least 30 of each are needed|every one of the 200 outcomes is negative)/);
    expect(check.message).toMatch(/won deals between \d{4}-\d{2}-\d{2} and \d{4}-\d{2}-\d{2}/);
    expect(check.message).toMatch(/Try an earlier cutoff, a longer horizon or the “opportunity created” outcome\.$/);
    await expect(trainAccountModel(small, p)).rejects.toThrow(PredictiveInputError);
    await expect(trainAccountModel(small, p)).rejects.toThrow(check.message);
  });
});

function calibratedIcp(s: typeof snapshot, asOf: number) {
  const def = defaultIcpTemplate();
  def.bands = suggestBands(scoreAll(def, s, asOf).scores);
  return def;
}

describe("learned versions", () => {
  it("score = 100 × probability, reproduced exactly by the explanation of a one-account snapshot", () => {
    const def = predictiveDef(out);
    const asOf = span.latest + DAY_MS;
    const cols = scoreLearned(def, snapshot, asOf);
    for (const i of [0, 17, 400, 1_999]) {
      const one = buildSnapshot([facts[i]!]);
      const e = explainLearned(def, one, 0, asOf);
      expect(Math.fround(e.probability)).toBe(cols.probability[i]);
      expect(Math.fround(e.score)).toBe(cols.scores[i]);
      expect(e.score).toBe(roundScore(100 * e.probability));
      expect(def.bands[cols.bands[i]!]!.label).toBe(e.band);
      // factors are log-odds contributions: every one is named and the strongest come first
      expect(e.positive.every((f) => f.effect > 0)).toBe(true);
      expect(e.negative.every((f) => f.effect < 0)).toBe(true);
      for (let k = 1; k < e.positive.length; k++) expect(e.positive[k]!.effect).toBeLessThanOrEqual(e.positive[k - 1]!.effect);
    }
    // one line per activity type, effects still adding up to the account's log-odds
    const [row] = explainRows(out.predictor, alignFrame(out.predictor.pipeline, groupFeatures(snapshot, asOf, params.groups)), [17]);
    const grouped = groupActivityFactors(out.predictor, row!.factors, row!.logit);
    expect(grouped.reduce((a, f) => a + f.effect, 0)).toBeCloseTo(row!.logit - row!.baseline.logit, 9);
    expect(grouped.filter((f) => f.column === "Demo requests")).toHaveLength(1);
    expect(grouped.some((f) => /^Demo requests \(/.test(f.column))).toBe(false);
    expect(grouped.find((f) => f.column === "Demo requests")!.value).toMatch(/^\d+ in the last 30 days, \d+ in the last 90 days$/);
    // the hottest accounts score far above the coldest
    const sorted = Array.from(cols.scores).sort((a, b) => b - a);
    expect(sorted[25]!).toBeGreaterThan(sorted[2_000]! * 3);
  });

  it("blended = w × rule + (1 − w) × 100 p, its two parts adding up exactly", () => {
    const rule = calibratedIcp(snapshot, span.latest);
    const def: BlendedDefinition = {
      schemaVersion: 1,
      kind: "blended",
      ruleWeight: 0.6,
      rule: { modelId: 1, versionId: 1, version: 1, name: "ICP v1", definition: rule },
      predictive: predictiveDef(out),
      bands: rule.bands,
    };
    const asOf = span.latest + DAY_MS;
    const cols = scoreLearned(def, snapshot, asOf);
    const ruleCols = scoreAll(rule, snapshot, asOf);
    for (const i of [3, 99, 1_234]) {
      expect(cols.scores[i]).toBe(Math.fround(blendScore(0.6, roundScore(ruleCols.scores[i]!), cols.probability[i]!)));
      const e = explainLearned(def, buildSnapshot([facts[i]!]), 0, asOf);
      expect(Math.fround(e.score)).toBe(cols.scores[i]);
      expect(Math.fround(e.blend!.ruleScore)).toBe(ruleCols.scores[i]);
      expect(roundScore(e.blend!.rulePoints + e.blend!.predictivePoints)).toBe(e.score);
      expect(Math.abs(e.blend!.rulePoints - 0.6 * e.blend!.ruleScore)).toBeLessThanOrEqual(0.1);
    }
    // definitions survive a JSON round trip and are checked
    expect(parseLearnedDefinition(JSON.parse(JSON.stringify(def))).ok).toBe(true);
    expect(parseLearnedDefinition({ ...def, ruleWeight: 2 }).ok).toBe(false);
    expect(parseLearnedDefinition({ ...def, rule: { ...def.rule, definition: { nope: 1 } } })).toMatchObject({ ok: false, message: expect.stringMatching(/rule part is invalid/) });
  });
});

describe("fast scoring", () => {
  it("gives lib/predictive's logits, and per-category sums of its contributions", () => {
    const frame = alignFrame(out.predictor.pipeline, groupFeatures(snapshot, span.latest, params.groups));
    const rows = [0, 1, 2, 50, 999];
    const x = transform(out.predictor.pipeline, frame, rows);
    const groupOf = Int32Array.from(out.predictor.pipeline.features, (f) => SCORE_CATEGORIES.indexOf(f.group as (typeof SCORE_CATEGORIES)[number]));
    const r = scoreWithGroups(out.predictor, x, groupOf, 4);
    const expected = predictLogits(out.predictor.model, x);
    const con = contributions(out.predictor.model, x, out.predictor.reference.mean);
    expect(r.bias).toBeCloseTo(con.bias, 9);
    rows.forEach((_, k) => {
      expect(r.logit[k]).toBeCloseTo(expected[k]!, 9);
      const sums = [0, 0, 0, 0];
      for (let j = 0; j < x.p; j++) sums[groupOf[j]!]! += con.values[k * x.p + j]!;
      sums.forEach((v, g) => expect(r.groups[g]![k]).toBeCloseTo(v, 9));
      expect(r.bias + r.groups.reduce((a, g) => a + g[k]!, 0)).toBeCloseTo(r.logit[k]!, 9);
    });
  });
});

describe("frames", () => {
  it("a one-account frame gets the columns it lacks: counts as 0, other values missing", () => {
    const full = groupFeatures(snapshot, params.cutoff, params.groups);
    const one = groupFeatures(buildSnapshot([{ attributes: { industry: "Retail" } }]), params.cutoff, params.groups);
    const aligned = alignFrame(out.predictor.pipeline, one);
    for (const step of out.predictor.pipeline.steps) expect(aligned.columns.some((c) => c.name === step.column)).toBe(true);
    const demo = aligned.columns.find((c) => c.name === "Demo requests (30-day decayed)");
    if (demo && demo.kind === "number") expect(demo.values[0]).toBe(0);
    expect(full.columns.length).toBeGreaterThan(one.columns.length);
  });

  it("a block of a snapshot featurises exactly as the whole", () => {
    const whole = groupFeatures(snapshot, params.cutoff, params.groups);
    const block = groupFeatures(sliceSnapshot(snapshot, 1000, 1500), params.cutoff, params.groups);
    const part = subsetFrame(whole, Int32Array.from({ length: 500 }, (_, k) => 1000 + k));
    for (const c of block.columns) {
      const w = part.columns.find((x) => x.name === c.name)!;
      if (c.kind === "number" || c.kind === "boolean") expect(Array.from(c.values)).toEqual(Array.from((w as typeof c).values));
      else if (c.kind === "category") expect(Array.from(c.codes, (k) => c.dict[k])).toEqual(Array.from((w as typeof c).codes, (k) => (w as typeof c).dict[k]));
      else {
        const tags = (f: typeof c, r: number) => Array.from(f.codes.subarray(f.offsets[r], f.offsets[r + 1]), (k) => f.dict[k]);
        for (let r = 0; r < 500; r += 37) expect(tags(c, r)).toEqual(tags(w as typeof c, r));
      }
    }
  });

  it("subsets rows of every column kind", () => {
    const full = groupFeatures(snapshot, params.cutoff, params.groups);
    const sub = subsetFrame(full, [5, 2, 5]);
    expect(sub.n).toBe(3);
    const tech = sub.columns.find((c) => c.name === "Technology")!;
    const orig = full.columns.find((c) => c.name === "Technology")!;
    if (tech.kind !== "multi" || orig.kind !== "multi") throw new Error("Technology is a tag column");
    const tags = (c: typeof tech, r: number) => Array.from(c.codes.subarray(c.offsets[r], c.offsets[r + 1]));
    expect(tags(tech, 0)).toEqual(tags(orig, 5));
    expect(tags(tech, 1)).toEqual(tags(orig, 2));
    expect(tags(tech, 2)).toEqual(tags(orig, 5));
  });

  it("reliability curve: equal-count bins of predictions with their observed rates", () => {
    const probs = [0.1, 0.2, 0.3, 0.4, 0.9, 0.8];
    const labels = [0, 0, 1, 0, 1, 1];
    const c = reliabilityCurve(probs, labels, 3);
    expect(c.map((b) => b.count)).toEqual([2, 2, 2]);
    expect(c.map((b) => b.observed)).toEqual([0, 0.5, 1]);
    expect(c[2]!.predicted).toBeCloseTo(0.85, 12);
  });
});
