/**
 * Model-version definitions of the learned kinds, stored in `model_versions.definition` like rule
 * definitions are:
 *
 * - "predictive": the serialised predictor (pipeline + model + training references) with what it was
 *   trained on, its held-out figures and its bands; score = 100 × probability;
 * - "blended": a copy of a published rule definition, a predictive part, and the rule weight w;
 *   score = w × rule score + (1 − w) × 100 × probability.
 *
 * Both are self-contained, so publishing or rolling back a version never depends on another row.
 */
import { z } from "zod";
import { deserializeModel, type Predictor } from "@/lib/predictive/model";
import { bandSchema, parseModelDefinition, type Band, type RuleModelDefinition } from "@/lib/scoring/model";
import { SCORE_CATEGORIES } from "@/lib/vocabulary";

export const LEARNED_SCHEMA_VERSION = 1;

const bandsSchema = z
  .array(bandSchema)
  .min(1)
  .max(20)
  .refine((b) => b.every((x, k) => k === 0 || x.min < b[k - 1]!.min) && b[b.length - 1]!.min === 0, "bands must be highest first, strictly decreasing, the last starting at 0");

/** What the predictive part of a version was trained on, and how well it did on held-out data. */
const predictivePartSchema = z.object({
  predictor: z.string().min(2),
  trainingRunId: z.number().int().positive().nullable(),
  outcome: z.enum(["won", "opportunity"]),
  horizonDays: z.number().int().positive(),
  cutoff: z.number(),
  groups: z.array(z.enum(SCORE_CATEGORIES)).min(1),
  learner: z.enum(["blend", "lr", "gbt"]),
  heldOutAuc: z.number().nullable(),
  sample: z.object({ rows: z.number().int(), positives: z.number().int(), negatives: z.number().int() }),
});

export const predictiveDefinitionSchema = predictivePartSchema.extend({
  schemaVersion: z.literal(LEARNED_SCHEMA_VERSION),
  kind: z.literal("predictive"),
  bands: bandsSchema,
});

export const blendedDefinitionSchema = z.object({
  schemaVersion: z.literal(LEARNED_SCHEMA_VERSION),
  kind: z.literal("blended"),
  /** weight of the rule score, 0..1; the predictive score gets 1 − ruleWeight */
  ruleWeight: z.number().min(0).max(1),
  rule: z.object({
    modelId: z.number().int().nullable(),
    versionId: z.number().int().nullable(),
    version: z.number().int().nullable(),
    name: z.string(),
    definition: z.unknown(),
  }),
  predictive: predictivePartSchema,
  bands: bandsSchema,
});

export type PredictivePart = z.output<typeof predictivePartSchema>;
export type PredictiveDefinition = z.output<typeof predictiveDefinitionSchema>;
export type BlendedDefinition = Omit<z.output<typeof blendedDefinitionSchema>, "rule"> & {
  rule: { modelId: number | null; versionId: number | null; version: number | null; name: string; definition: RuleModelDefinition };
};
export type LearnedDefinition = PredictiveDefinition | BlendedDefinition;

/** True when a stored definition is of a learned kind (rule definitions carry no `kind`). */
export function isLearnedDefinition(definition: unknown): boolean {
  const kind = (definition as { kind?: unknown } | null)?.kind;
  return kind === "predictive" || kind === "blended";
}

/** Parses a learned definition, or returns the reason it cannot be used. */
export function parseLearnedDefinition(definition: unknown): { ok: true; value: LearnedDefinition } | { ok: false; message: string } {
  const kind = (definition as { kind?: unknown } | null)?.kind;
  if (kind === "predictive") {
    const p = predictiveDefinitionSchema.safeParse(definition);
    return p.success ? { ok: true, value: p.data } : { ok: false, message: `invalid predictive definition: ${p.error.issues[0]?.path.join(".")} ${p.error.issues[0]?.message}` };
  }
  if (kind === "blended") {
    const p = blendedDefinitionSchema.safeParse(definition);
    if (!p.success) return { ok: false, message: `invalid blended definition: ${p.error.issues[0]?.path.join(".")} ${p.error.issues[0]?.message}` };
    const rule = parseModelDefinition(p.data.rule.definition);
    if (!rule.ok) return { ok: false, message: `the blended definition's rule part is invalid: ${rule.issues[0]?.path} ${rule.issues[0]?.message}` };
    return { ok: true, value: { ...p.data, rule: { ...p.data.rule, definition: rule.value } } };
  }
  return { ok: false, message: "not a predictive or blended definition" };
}

/** The predictive part of a learned definition. */
export function predictivePart(def: LearnedDefinition): PredictivePart {
  return def.kind === "predictive" ? def : def.predictive;
}

// Published versions never change, so a deserialised predictor can be reused by its serialised text.
const cache = new Map<string, Predictor>();

/** The predictor of a learned definition (deserialised once per process and kept for a few versions). */
export function loadPredictor(def: LearnedDefinition): Predictor {
  const text = predictivePart(def).predictor;
  let p = cache.get(text);
  if (!p) {
    p = deserializeModel(text);
    cache.set(text, p);
    if (cache.size > 8) cache.delete(cache.keys().next().value!);
  } else {
    // keep recently used entries at the end
    cache.delete(text);
    cache.set(text, p);
  }
  return p;
}

/** Readable kind of a version for lists: "Rule-based", "Predictive", "Blended 60 % rule". */
export function versionKindLabel(definition: unknown): string {
  const kind = (definition as { kind?: unknown } | null)?.kind;
  if (kind === "predictive") return "Predictive";
  if (kind === "blended") {
    const w = Number((definition as { ruleWeight?: unknown }).ruleWeight);
    return Number.isFinite(w) ? `Blended ${Math.round(w * 100)} % rule` : "Blended";
  }
  return "Rule-based";
}

export type { Band };
