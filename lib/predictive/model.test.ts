import { describe, expect, it } from "vitest";
import { accountFeatures } from "./account-features";
import { transform } from "./features";
import { PredictiveInputError } from "./frame";
import { deserializeModel, fitPredictor, predictProba, scoreFrame, serializeModel } from "./model";
import { syntheticSnapshot } from "./synthetic";

const data = syntheticSnapshot({ n: 3_000, seed: 21 });
const frame = accountFeatures(data.snapshot, data.asOf);

describe("predictor", () => {
  for (const learner of ["lr", "gbt", "blend"] as const) {
    it(`${learner}: serialisation round trip gives identical predictions`, () => {
      const p = fitPredictor(frame, data.labels, { learner, seed: 3 });
      const json = serializeModel(p);
      const back = deserializeModel(json);
      expect(serializeModel(back)).toBe(json);
      const a = scoreFrame(p, frame);
      const b = scoreFrame(back, frame);
      expect(Array.from(b)).toEqual(Array.from(a));
    });
  }

  it.each(["lr", "gbt", "blend"] as const)("%s: scores from the frame bit for bit as from the full design, in chunks, for indices and ranges", (learner) => {
    const p = fitPredictor(frame, data.labels, { seed: 3, learner, pipeline: { numericBins: 4 } });
    const whole = predictProba(p.model, transform(p.pipeline, frame));
    expect(Array.from(scoreFrame(p, frame, undefined, { chunkRows: 777 }))).toEqual(Array.from(whole));
    const rows = [5, 2_999, 17, 1_000];
    expect(Array.from(scoreFrame(p, frame, rows, { chunkRows: 3 }))).toEqual(rows.map((r) => whole[r]));
    expect(Array.from(scoreFrame(p, frame, { start: 100, end: 110 }, { chunkRows: 4 }))).toEqual(Array.from(whole.subarray(100, 110)));
  });

  it("is deterministic given a seed", () => {
    const a = serializeModel(fitPredictor(frame, data.labels, { seed: 5 }));
    const b = serializeModel(fitPredictor(frame, data.labels, { seed: 5 }));
    expect(a).toBe(b);
  });

  it("rejects JSON that is not a predictor", () => {
    expect(() => deserializeModel('{"format":"other"}')).toThrow(/not a Lodestar predictor/);
    const p = JSON.parse(serializeModel(fitPredictor(frame, data.labels, { learner: "lr" })));
    p.model.coef.data.pop();
    expect(() => deserializeModel(JSON.stringify(p))).toThrow(/does not match/);
  });

  it("refuses to train on one class or too few outcomes", () => {
    expect(() => fitPredictor(frame, new Uint8Array(frame.n))).toThrow(PredictiveInputError);
    const few = new Uint8Array(frame.n);
    few.fill(1, 0, 10);
    expect(() => fitPredictor(frame, few)).toThrow(/too few outcomes/);
  });
});
