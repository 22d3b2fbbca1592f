import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatProbability } from "./probability";

describe("formatProbability", () => {
  it("shows small probabilities with a decimal instead of rounding them to 0%", () => {
    expect(formatProbability(0.003)).toBe("0.3%");
    expect(formatProbability(0.0004)).toBe("<0.1%");
    expect(formatProbability(0)).toBe("0%");
    expect(formatProbability(0.0567)).toBe("5.7%");
    expect(formatProbability(0.05)).toBe("5%");
    expect(formatProbability(0.4349)).toBe("43%");
    expect(formatProbability(1)).toBe("100%");
    expect(formatProbability(null)).toBe("–");
  });

  it("never shows 0% for a positive probability, and is monotone", () => {
    const shown = (s: string) => (s === "<0.1%" ? 0.05 : Number(s.replace("%", "")));
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        if (a > 0) expect(formatProbability(a)).not.toBe("0%");
        if (a <= b) expect(shown(formatProbability(a))).toBeLessThanOrEqual(shown(formatProbability(b)));
      }),
    );
  });
});
