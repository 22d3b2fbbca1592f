/**
 * Small helpers for tests of the scoring engine and its callers: build a validated definition from
 * a few criteria without repeating the boilerplate, and name points in time relative to a cutoff.
 */
import { DEFAULT_BANDS, type ScoreCategory } from "@/lib/vocabulary";
import { parseModelDefinition, type RuleModelDefinition } from "./model";

/** One day in milliseconds. */
export const DAY = 86_400_000;
/** The default scoring date of tests: 2025-06-01T00:00Z. */
export const T0 = Date.UTC(2025, 5, 1);

/** `n` days before `asOf` (default T0). */
export function daysAgo(n: number, asOf: number = T0): number {
  return asOf - n * DAY;
}

/** Criterion input without the boilerplate: id, label and category get defaults. */
export type CriterionSketch = Record<string, unknown> & { kind: string };

/**
 * Build and validate a definition from criteria sketches. Criteria default to category "fit",
 * ids `c0, c1, …` and label = id; weights default to 1 for every category. Throws with the
 * validation issues when the result is invalid, so a broken fixture fails loudly.
 */
export function makeModel(
  criteria: CriterionSketch[],
  opts: { weights?: Partial<Record<ScoreCategory, number>>; bands?: { label: string; min: number }[] } = {},
): RuleModelDefinition {
  const w = { fit: 1, engagement: 1, intent: 1, relationship: 1, ...opts.weights };
  const input = {
    schemaVersion: 1,
    categories: {
      fit: { weight: w.fit },
      engagement: { weight: w.engagement },
      intent: { weight: w.intent },
      relationship: { weight: w.relationship },
    },
    criteria: criteria.map((c, k) => ({ id: `c${k}`, label: `c${k}`, category: "fit", ...c })),
    bands: opts.bands ?? DEFAULT_BANDS,
  };
  const parsed = parseModelDefinition(input);
  if (!parsed.ok) throw new Error(`invalid test model: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}
