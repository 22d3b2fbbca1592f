import { describe, expect, it } from "vitest";
import { accountFeatures } from "./account-features";
import { auc } from "./evaluate";
import { contributions, explainRow, explainRows, featureImportance } from "./explain";
import { fitPipeline, transform } from "./features";
import { fitPredictor, predictLogits, scoreFrame } from "./model";
import { syntheticSnapshot } from "./synthetic";

const data = syntheticSnapshot({ n: 4_000, seed: 8 });
const frame = accountFeatures(data.snapshot, data.asOf);

describe("contributions", () => {
  for (const learner of ["lr", "gbt", "blend"] as const) {
    it(`${learner}: bias + contributions = logit for every row`, () => {
      const p = fitPredictor(frame, data.labels, { learner });
      const x = transform(p.pipeline, frame, { start: 0, end: 300 });
      const con = contributions(p.model, x, p.reference.mean);
      const z = predictLogits(p.model, x);
      for (let i = 0; i < x.n; i++) {
        let s = con.bias;
        for (let j = 0; j < x.p; j++) s += con.values[i * x.p + j];
        expect(s).toBeCloseTo(z[i], 9);
      }
    });
  }

  it("LR: a contribution is the coefficient times the deviation from the training mean", () => {
    const p = fitPredictor(frame, data.labels, { learner: "lr" });
    if (p.model.kind !== "lr") throw new Error("expected lr");
    const x = transform(p.pipeline, frame, [42]);
    const con = contributions(p.model, x, p.reference.mean);
    for (let j = 0; j < x.p; j++) expect(con.values[j]).toBeCloseTo(p.model.coef[j] * (x.data[j] - p.reference.mean[j]), 12);
  });
});

describe("explainRow", () => {
  const p = fitPredictor(frame, data.labels);

  it("lists readable factors whose effects sum to the score's logit", () => {
    const e = explainRow(p, frame, 7);
    const score = scoreFrame(p, frame, [7])[0];
    expect(e.probability).toBeCloseTo(score, 12);
    expect(e.baseline.logit + e.factors.reduce((a, f) => a + f.effect, 0)).toBeCloseTo(e.logit, 9);
    expect(e.positive.length + e.negative.length).toBeGreaterThan(0);
    for (const f of e.positive) expect(f.effect).toBeGreaterThan(0);
    for (const f of e.negative) expect(f.effect).toBeLessThan(0);
    const industry = e.factors.find((f) => f.column === "Industry");
    expect(industry?.label).toMatch(/^Industry (= .+|is missing)$/);
  });

  it("credits recent demo requests on the accounts that made them", () => {
    const rows = Array.from({ length: 400 }, (_, i) => i);
    const demo = frame.columns.find((c) => c.name === "Demo requests (30-day decayed)");
    if (!demo || demo.kind !== "number") throw new Error("missing demo feature");
    const active = rows.filter((r) => demo.values[r] > 0.8);
    expect(active.length).toBeGreaterThan(5);
    const effects = explainRows(p, frame, active).map((e) => e.factors.filter((f) => f.column.startsWith("Demo requests")).reduce((a, f) => a + f.effect, 0));
    expect(effects.reduce((a, b) => a + b, 0) / effects.length).toBeGreaterThan(0.3);
  });
});

describe("featureImportance", () => {
  it("ranks the planted signals high with the right direction", () => {
    const p = fitPredictor(frame, data.labels, { learner: "lr" });
    const imp = featureImportance(p, frame);
    const top = imp.columns.slice(0, 8).map((c) => c.column);
    expect(top).toEqual(expect.arrayContaining(["Demo requests (30-day decayed)", "Industry"]));
    expect(imp.features.find((f) => f.name === "Industry = Software")?.direction).toBe("raises");
    expect(imp.features.find((f) => f.name === "Industry = Education")?.direction).toBe("lowers");
    expect(imp.columns.reduce((a, c) => a + c.share, 0)).toBeCloseTo(1, 9);
  });

  it("the planted outcome is learnable from the features (held-out AUC)", () => {
    const train = Int32Array.from({ length: 3_000 }, (_, i) => i);
    const test = Int32Array.from({ length: 1_000 }, (_, i) => 3_000 + i);
    const p = fitPredictor(frame, data.labels, { rows: train });
    const s = scoreFrame(p, frame, test);
    const truth = auc(Array.from(test, (r) => data.trueLogit[r]), Array.from(test, (r) => data.labels[r]));
    expect(auc(s, Array.from(test, (r) => data.labels[r]))).toBeGreaterThan(truth - 0.05);
    expect(fitPipeline(frame).features.length).toBeGreaterThan(50);
  });
});
