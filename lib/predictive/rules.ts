/**
 * A rule-based draft suggested by a trained predictive model (its logistic regression part).
 *
 * The mapping, so marketing can read the draft as "what the data says":
 * - Points: 10 points per unit of log-odds (POINTS_PER_LOGIT), i.e. +10 points ≈ odds × 2.7.
 * - Category weights: each category's share (in %) of Σ |β_j|·sd(x_j) over its features, the
 *   spread of the linear score the category explains on the training rows. Features of a frame
 *   without score categories count as "fit".
 * - Category level ("Industry = Software"): an `equals` criterion with points for the level's
 *   effect relative to the column's average account: 10·(β_level − Σ_k share_k·β_k).
 * - Tag ("Technology: Salesforce"), yes/no value, open opportunity: points = 10·β (presence).
 * - Activity type (decayed sums, trailing counts and the "none" indicator of one type together):
 *   pointsPerEvent = the effect of the first fresh event on an account with none; cap = the effect
 *   of a high (87.5th percentile) activity level; halfLifeDays = the half-life of the type's decayed
 *   feature with the largest effect (or lookbackDays = the window of the strongest count).
 * - Intent topic: points = the effect of a fresh signal of strength 100 vs none, with the feature's
 *   half-life; cap = |points|.
 * - Past won deals: pointsPerDeal = effect of the first deal; cap = 3 deals.
 * - Other numbers that are account attributes: `at_least` the 75th percentile and `at_most` the 25th
 *   percentile, with points for the 87.5th / 12.5th percentile value relative to the median.
 * Criteria worth less than one point are left out; signals a rule cannot express (contact counts,
 * recency, missing-value indicators) are listed in `notes`.
 */
import type { Criterion, RuleModelDefinition } from "../scoring/model";
import { DEFAULT_BANDS, SCORE_CATEGORIES, type ScoreCategory } from "../vocabulary";
import type { FeatureInfo, NumberStep } from "./features";
import type { LogisticModel } from "./logistic";
import type { Predictor } from "./model";

/** Score points per unit of log-odds in suggested criteria. */
export const POINTS_PER_LOGIT = 10;

/** Result of {@link suggestRuleWeights}. */
export interface SuggestedRules {
  /** a draft rule-model definition (validate with parseModelDefinition before saving) */
  definition: RuleModelDefinition;
  /** category → share of the model's linear spread, 0..1 */
  categoryShares: Record<ScoreCategory, number>;
  pointsPerLogit: number;
  /** what could not be expressed as a rule, and other caveats */
  notes: string[];
}

/** Options of {@link suggestRuleWeights}. */
export interface SuggestOptions {
  /** leave out criteria worth less than this many points (default 1) */
  minPoints?: number;
}

function toCategory(g: string | undefined): ScoreCategory {
  return (SCORE_CATEGORIES as readonly string[]).includes(g ?? "") ? (g as ScoreCategory) : "fit";
}

function slug(s: string): string {
  const t = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return t || "x";
}

function label(s: string): string {
  return s.length <= 120 ? s : `${s.slice(0, 117)}…`;
}

/** Standardised design value of a raw number under a fitted number step. */
function z(step: NumberStep, v: number): number {
  const c = Math.min(step.hi, Math.max(step.lo, v));
  return ((step.log ? Math.log1p(c) : c) - step.mean) / step.std;
}

/**
 * Suggest category weights and criterion points for a rule-based draft from the logistic
 * regression of a predictor (an "lr" model, or the LR part of a "blend"). See the module comment
 * for the mapping.
 */
export function suggestRuleWeights(predictor: Predictor, options: SuggestOptions = {}): SuggestedRules {
  const model = predictor.model;
  let lr: LogisticModel;
  if (model.kind === "lr") lr = model;
  else if (model.kind === "blend") lr = model.lr;
  else throw new Error("rule suggestions need a logistic regression: train the predictive model with learner 'lr' or 'blend'");
  const minPoints = options.minPoints ?? 1;
  const features = predictor.pipeline.features;
  const { mean, std } = predictor.reference;
  const beta = lr.coef;
  const notes: string[] = [];
  const criteria: Criterion[] = [];
  const ids = new Set<string>();
  const uid = (base: string): string => {
    let id = base.slice(0, 60);
    for (let k = 2; ids.has(id); k++) id = `${base.slice(0, 56)}-${k}`;
    ids.add(id);
    return id;
  };
  const pts = (logit: number): number => Math.round(POINTS_PER_LOGIT * logit);

  // Category weights from the spread of β·x per category.
  const spread: Record<ScoreCategory, number> = { fit: 0, engagement: 0, intent: 0, relationship: 0 };
  features.forEach((f, j) => (spread[toCategory(f.group)] += Math.abs(beta[j]) * std[j]));
  const total = SCORE_CATEGORIES.reduce((a, c) => a + spread[c], 0);
  const categoryShares = Object.fromEntries(SCORE_CATEGORIES.map((c) => [c, total > 0 ? spread[c] / total : 0])) as Record<ScoreCategory, number>;

  const stepOf = new Map(predictor.pipeline.steps.map((s) => [s.column, s]));
  const byColumn = new Map<string, number[]>();
  features.forEach((f, j) => byColumn.set(f.column, [...(byColumn.get(f.column) ?? []), j]));

  // Activity features are grouped by type across their columns.
  const activity = new Map<string, number[]>();
  features.forEach((f, j) => {
    const t = f.meta?.activityType;
    if (t) activity.set(t, [...(activity.get(t) ?? []), j]);
  });

  const handledColumns = new Set<string>();
  for (const [type, js] of activity) {
    const cols = new Set(js.map((j) => features[j].column));
    cols.forEach((c) => handledColumns.add(c));
    // Effect of raising every feature of the type from 0 to the value v (a fresh-events count).
    const effectAt = (v: number): number => {
      let e = 0;
      for (const j of js) {
        const f = features[j];
        const s = stepOf.get(f.column) as NumberStep | undefined;
        if (!s || s.kind !== "number") continue;
        if (f.role === "value") e += beta[j] * (z(s, v) - z(s, 0));
        else if (f.role === "zero" && v > 0) e -= beta[j];
      }
      return e;
    };
    const perEvent = pts(effectAt(1));
    const highs = js.map((j) => stepOf.get(features[j].column)).filter((s): s is NumberStep => s?.kind === "number").map((s) => s.quantiles[3]);
    const high = Math.max(1, ...highs);
    const capPts = Math.max(Math.abs(perEvent), Math.abs(pts(effectAt(high))));
    if (Math.abs(perEvent) < minPoints || capPts <= 0) continue;
    let best: FeatureInfo | null = null;
    let bestEffect = -1;
    for (const j of js) {
      const f = features[j];
      const s = stepOf.get(f.column);
      if (f.role !== "value" || !s || s.kind !== "number") continue;
      const e = Math.abs(beta[j] * (z(s, 1) - z(s, 0)));
      if (e > bestEffect) {
        bestEffect = e;
        best = f;
      }
    }
    const first = features[js[0]];
    const name = first.name.replace(/ \(.*\)$/, "");
    criteria.push({
      id: uid(`pred-activity-${slug(type)}`),
      label: label(name),
      category: toCategory(first.group),
      enabled: true,
      kind: "activity",
      activityTypes: [type],
      pointsPerEvent: perEvent,
      cap: capPts,
      ...(best?.meta?.halfLifeDays ? { halfLifeDays: best.meta.halfLifeDays } : best?.meta?.windowDays ? { lookbackDays: best.meta.windowDays } : {}),
    });
  }

  for (const [column, js] of byColumn) {
    if (handledColumns.has(column)) continue;
    const step = stepOf.get(column);
    if (!step) continue;
    const f0 = features[js[0]];
    const meta = f0.meta;
    const category = toCategory(f0.group);
    const attribute = meta?.attribute ?? (meta ? undefined : column);
    if (step.kind === "category") {
      if (!attribute) continue;
      let avg = 0;
      let share = 0;
      for (const j of js) {
        avg += mean[j] * beta[j];
        share += mean[j];
      }
      avg = share > 0 ? avg / share : 0;
      for (const j of js) {
        const f = features[j];
        if (f.role !== "level") continue;
        const p = pts(beta[j] - avg);
        if (Math.abs(p) < minPoints) continue;
        criteria.push({ id: uid(`pred-${slug(attribute)}-${slug(f.level ?? "")}`), label: label(f.name), category, enabled: true, kind: "attribute", attribute, op: "equals", value: f.level ?? "", points: p });
      }
      if (js.some((j) => features[j].role === "missing" || features[j].role === "other")) notes.push(`${column}: the "other" and "missing" levels are not expressed as criteria`);
    } else if (step.kind === "multi") {
      for (const j of js) {
        const f = features[j];
        const p = pts(beta[j]);
        if (Math.abs(p) < minPoints) continue;
        criteria.push({ id: uid(`pred-tag-${slug(f.level ?? "")}`), label: label(f.name), category, enabled: true, kind: "has_tag", tags: [f.level ?? ""], mode: "any", points: p });
      }
    } else if (step.kind === "boolean") {
      const j = js.find((k) => features[k].role === "value")!;
      const p = pts(beta[j]);
      if (Math.abs(p) < minPoints) continue;
      if (meta?.signal === "open_opportunity") {
        criteria.push({ id: uid("pred-open-opportunity"), label: "Open opportunity", category, enabled: true, kind: "open_opportunity", points: p });
      } else if (attribute) {
        criteria.push({ id: uid(`pred-${slug(attribute)}`), label: label(`${column} = Yes`), category, enabled: true, kind: "attribute", attribute, op: "equals", value: "Yes", points: p });
      }
    } else {
      const j = js.find((k) => features[k].role === "value")!;
      const b = beta[j];
      if (meta?.intentTopic) {
        const p = pts(b * (z(step, 100) - z(step, 0)));
        if (Math.abs(p) < minPoints) continue;
        criteria.push({
          id: uid(`pred-intent-${slug(meta.intentTopic)}`),
          label: label(f0.name.replace(/ \(.*\)$/, "")),
          category,
          enabled: true,
          kind: "intent",
          topics: [meta.intentTopic],
          minStrength: 0,
          points: p,
          cap: Math.abs(p),
          ...(meta.halfLifeDays ? { halfLifeDays: meta.halfLifeDays } : {}),
        });
      } else if (meta?.signal === "won_deals") {
        const p = pts(b * (z(step, 1) - z(step, 0)));
        if (Math.abs(p) < minPoints) continue;
        criteria.push({ id: uid("pred-won-deals"), label: "Past won deals", category, enabled: true, kind: "won_deals", pointsPerDeal: p, cap: Math.abs(pts(b * (z(step, 3) - z(step, 0)))) || Math.abs(p) });
      } else if (attribute) {
        const [q12, q25, q75, q88] = step.quantiles;
        const hi = pts(b * (z(step, q88) - z(step, step.median)));
        const lo = pts(b * (z(step, q12) - z(step, step.median)));
        if (meta?.yearsSince !== undefined) {
          // An age column (yearsSince − founding year): "age ≥ q75" is "founded in or before yearsSince − q75".
          const ref = meta.yearsSince;
          if (q75 > step.median && Math.abs(hi) >= minPoints) {
            const y = Math.floor(ref - q75);
            criteria.push({ id: uid(`pred-${slug(attribute)}-old`), label: label(`${column} ≥ ${round(q75)} (founded in ${y} or before)`), category, enabled: true, kind: "attribute", attribute, op: "at_most", value: y, points: hi });
          }
          if (q25 < step.median && Math.abs(lo) >= minPoints) {
            const y = Math.ceil(ref - q25);
            criteria.push({ id: uid(`pred-${slug(attribute)}-young`), label: label(`${column} ≤ ${round(q25)} (founded in ${y} or later)`), category, enabled: true, kind: "attribute", attribute, op: "at_least", value: y, points: lo });
          }
          continue;
        }
        if (q75 > step.median && Math.abs(hi) >= minPoints) {
          criteria.push({ id: uid(`pred-${slug(attribute)}-high`), label: label(`${column} ≥ ${round(q75)}`), category, enabled: true, kind: "attribute", attribute, op: "at_least", value: round(q75), points: hi });
        }
        if (q25 < step.median && Math.abs(lo) >= minPoints) {
          criteria.push({ id: uid(`pred-${slug(attribute)}-low`), label: label(`${column} ≤ ${round(q25)}`), category, enabled: true, kind: "attribute", attribute, op: "at_most", value: round(q25), points: lo });
        }
      } else if (Math.abs(b) * std[j] * POINTS_PER_LOGIT >= minPoints) {
        notes.push(`${column}: matters to the model (${b > 0 ? "raises" : "lowers"} the score) but has no rule criterion`);
      }
    }
  }

  const weights = Object.fromEntries(SCORE_CATEGORIES.map((c) => [c, { weight: Math.round(100 * categoryShares[c]) }])) as RuleModelDefinition["categories"];
  if (SCORE_CATEGORIES.every((c) => weights[c].weight === 0)) weights.fit.weight = 100;
  notes.push(`points are ${POINTS_PER_LOGIT} per unit of log-odds from a model trained on ${predictor.sample.rows} rows (${predictor.sample.positives} positive)`);
  return {
    definition: { schemaVersion: 1, categories: weights, criteria, bands: DEFAULT_BANDS.map((b) => ({ ...b })) },
    categoryShares,
    pointsPerLogit: POINTS_PER_LOGIT,
    notes,
  };
}

function round(v: number): number {
  if (Math.abs(v) >= 100) return Math.round(v);
  return Number(v.toPrecision(3));
}
