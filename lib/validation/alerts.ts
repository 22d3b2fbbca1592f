/**
 * Alert rules: what may trigger at a publish, and the pure test of whether an account triggers it.
 * - `enters_band`: the account is in band X now and was in another band before;
 * - `crosses_score`: the score crossed S (upwards by default: before < S ≤ now);
 * - `rises_by`: the score rose by at least N points.
 * Only accounts that had a previous score under the model can trigger (a first publish, or an account
 * scored for the first time, is not a change and would otherwise flood owners with alerts).
 */
import { z } from "zod";

export const ALERT_RULE_KINDS = ["enters_band", "crosses_score", "rises_by"] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const alertParamsSchemas = {
  enters_band: z.object({ band: z.string().trim().min(1, { error: "Choose a band." }).max(20) }),
  crosses_score: z.object({
    score: z.coerce.number({ error: "Enter a score from 0 to 100." }).min(0, { error: "At least 0." }).max(100, { error: "At most 100." }),
    direction: z.enum(["up", "down"]).default("up"),
  }),
  rises_by: z.object({ points: z.coerce.number({ error: "Enter a number of points." }).gt(0, { error: "More than 0." }).max(100, { error: "At most 100." }) }),
} as const;

export type AlertParams =
  | { kind: "enters_band"; params: z.output<(typeof alertParamsSchemas)["enters_band"]> }
  | { kind: "crosses_score"; params: z.output<(typeof alertParamsSchemas)["crosses_score"]> }
  | { kind: "rises_by"; params: z.output<(typeof alertParamsSchemas)["rises_by"]> };

/** Parses a stored or submitted rule's kind and params; null when they are not valid. */
export function parseAlertParams(kind: string, params: unknown): AlertParams | null {
  if (!(ALERT_RULE_KINDS as readonly string[]).includes(kind)) return null;
  const r = alertParamsSchemas[kind as AlertRuleKind].safeParse(params);
  return r.success ? ({ kind, params: r.data } as AlertParams) : null;
}

/** A rule as one readable line, e.g. “enters band A”, “crosses 80 upwards”, “rises by ≥ 15 points”. */
export function describeAlertRule(rule: AlertParams): string {
  switch (rule.kind) {
    case "enters_band":
      return `enters band ${rule.params.band}`;
    case "crosses_score":
      return `crosses ${rule.params.score} ${rule.params.direction === "down" ? "downwards" : "upwards"}`;
    case "rises_by":
      return `rises by ≥ ${rule.params.points} points`;
  }
}

/**
 * Positions i whose change from (previous[i], previousBands[i]) to (scores[i], bands[i]) triggers the
 * rule. `scores` are compared at display precision (one decimal), like everything users see.
 */
export function matchAlertRule(
  rule: AlertParams,
  data: { previous: Float64Array; previousBands: readonly (string | null)[]; scores: Float32Array; bands: Uint8Array; bandLabels: readonly string[] },
): number[] {
  const { previous, previousBands, scores, bands, bandLabels } = data;
  const out: number[] = [];
  const n = scores.length;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  switch (rule.kind) {
    case "enters_band": {
      const target = bandLabels.indexOf(rule.params.band);
      if (target < 0) return out;
      for (let i = 0; i < n; i++) if (bands[i] === target && previousBands[i] != null && previousBands[i] !== rule.params.band) out.push(i);
      return out;
    }
    case "crosses_score": {
      const s = rule.params.score;
      const up = rule.params.direction !== "down";
      for (let i = 0; i < n; i++) {
        const before = previous[i]!;
        if (Number.isNaN(before)) continue;
        const now = round1(scores[i]!);
        if (up ? before < s && now >= s : before >= s && now < s) out.push(i);
      }
      return out;
    }
    case "rises_by": {
      const p = rule.params.points;
      for (let i = 0; i < n; i++) {
        const before = previous[i]!;
        if (!Number.isNaN(before) && round1(scores[i]!) - before >= p - 1e-9) out.push(i);
      }
      return out;
    }
  }
}
