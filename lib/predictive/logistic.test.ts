import { describe, expect, it } from "vitest";
import { trainLogistic, logisticLogits } from "./logistic";
import { matrixFromColumns, sigmoid } from "./matrix";
import { createRng } from "./random";

/** n rows of two standard-normal features and one sparse indicator shifted by +5 (mode ≠ 0). */
function synthetic(n: number, seed: number, beta: [number, number, number, number]) {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = gauss();
    b[i] = gauss();
    c[i] = 5 + (rng.next() < 0.1 ? 1 : 0);
    const z = beta[0] + beta[1] * a[i] + beta[2] * b[i] + beta[3] * c[i];
    y[i] = rng.next() < sigmoid(z) ? 1 : 0;
  }
  return { x: matrixFromColumns([a, b, c], ["a", "b", "c"]), y };
}

describe("trainLogistic", () => {
  it("recovers known coefficients (including the intercept of a shifted sparse column)", () => {
    const truth: [number, number, number, number] = [-6.5, 1.5, -0.8, 1.2];
    const { x, y } = synthetic(40_000, 3, truth);
    const m = trainLogistic(x, y, { l2: 1e-6 });
    expect(m.converged).toBe(true);
    expect(m.coef[0]).toBeCloseTo(truth[1], 1);
    expect(m.coef[1]).toBeCloseTo(truth[2], 1);
    expect(m.coef[2]).toBeGreaterThan(0.9);
    expect(m.coef[2]).toBeLessThan(1.5);
    // intercept + 5·β_c is the well-determined quantity (c is 5 most of the time)
    expect(m.intercept + 5 * m.coef[2]).toBeCloseTo(truth[0] + 5 * truth[3], 1);
  });

  it("reaches the same optimum with a subsampled Hessian", () => {
    const { x, y } = synthetic(30_000, 5, [-6, 1, 0.5, 1]);
    const exact = trainLogistic(x, y, { l2: 1, hessianRows: 1e9 });
    const sub = trainLogistic(x, y, { l2: 1, hessianRows: 2_000 });
    expect(sub.converged).toBe(true);
    for (let j = 0; j < 3; j++) expect(sub.coef[j]).toBeCloseTo(exact.coef[j], 5);
    expect(sub.intercept).toBeCloseTo(exact.intercept, 4);
  });

  it("shrinks coefficients as the L2 penalty grows", () => {
    const { x, y } = synthetic(2_000, 9, [-6, 1, -1, 1]);
    const weak = trainLogistic(x, y, { l2: 0.01 });
    const strong = trainLogistic(x, y, { l2: 1_000 });
    expect(Math.abs(strong.coef[0])).toBeLessThan(Math.abs(weak.coef[0]));
    expect(Math.abs(strong.coef[1])).toBeLessThan(Math.abs(weak.coef[1]));
  });

  it("stays finite on perfectly separable data and duplicated columns", () => {
    const a = Float64Array.from({ length: 200 }, (_, i) => (i < 100 ? -1 : 1));
    const x = matrixFromColumns([a, a], ["a", "a copy"]);
    const y = Uint8Array.from(a, (v) => (v > 0 ? 1 : 0));
    const m = trainLogistic(x, y, { l2: 1 });
    expect(Number.isFinite(m.coef[0]) && Number.isFinite(m.coef[1])).toBe(true);
    expect(m.coef[0]).toBeCloseTo(m.coef[1], 6);
    const z = logisticLogits(m, x);
    expect(z[0]).toBeLessThan(0);
    expect(z[199]).toBeGreaterThan(0);
  });

  it("rejects non-finite inputs", () => {
    const x = matrixFromColumns([Float64Array.of(1, NaN, 2)], ["a"]);
    expect(() => trainLogistic(x, Uint8Array.of(0, 1, 1))).toThrow(/non-finite/);
  });
});
