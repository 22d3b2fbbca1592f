/**
 * Scores and explanations of learned model versions (predictive, blended) over a snapshot.
 *
 * Predictive: the probability comes from the model's per-feature log-odds contributions
 * (lib/predictive/explain), summed in feature order exactly as `explainRows` sums them, so the
 * explanation shown for an account reproduces its stored probability bit for bit. score = 100 × p at
 * display precision. Category sub-scores: 100 × sigmoid(baseline + the contributions of that
 * category's features), i.e. the probability the account would have if only that category's evidence
 * differed from a typical account.
 *
 * Blended: score = w × rule score + (1 − w) × 100 × p (each sub-score likewise), the rule part scored
 * by lib/scoring exactly as a rule version would be.
 */
import { activityLabel } from "@/lib/predictive/account-features";
import { contributions, explainRows, type Factor } from "@/lib/predictive/explain";
import { transform } from "@/lib/predictive/features";
import { sigmoid } from "@/lib/predictive/matrix";
import type { Predictor } from "@/lib/predictive/model";
import { apportion, bandOf, compileModel, roundScore, scoreAll, type AccountScore } from "@/lib/scoring/engine";
import type { ScoringSnapshot } from "@/lib/snapshot";
import { SCORE_CATEGORIES, type ScoreCategory } from "@/lib/vocabulary";
import { loadPredictor, predictivePart, type LearnedDefinition } from "./definition";
import { alignFrame, groupFeatures } from "./frames";

/** Score columns of every account, as the publish writer takes them (probability filled). */
export interface LearnedScoreColumns {
  scores: Float32Array;
  bands: Uint8Array;
  fit: Float32Array;
  engagement: Float32Array;
  intent: Float32Array;
  relationship: Float32Array;
  probability: Float32Array;
}

/** Rows transformed and explained at a time: bounds memory at chunk × features × 8 bytes. */
const CHUNK_ROWS = 4096;

/** Probabilities (Float64) and category sub-scores of every account under a predictor, as of `asOf`. */
export function predictiveColumns(predictor: Predictor, s: ScoringSnapshot, asOf: number, groups: readonly ScoreCategory[]) {
  const frame = alignFrame(predictor.pipeline, groupFeatures(s, asOf, groups));
  const n = s.n;
  const features = predictor.pipeline.features;
  const p = features.length;
  const groupOf = Int32Array.from(features, (f) => Math.max(0, SCORE_CATEGORIES.indexOf((f.group ?? "fit") as ScoreCategory)));
  const probability = new Float64Array(n);
  const sub = SCORE_CATEGORIES.map(() => new Float32Array(n));
  const g = new Float64Array(SCORE_CATEGORIES.length);
  for (let c0 = 0; c0 < n; c0 += CHUNK_ROWS) {
    const c1 = Math.min(n, c0 + CHUNK_ROWS);
    const x = transform(predictor.pipeline, frame, { start: c0, end: c1 });
    const con = contributions(predictor.model, x, predictor.reference.mean);
    const v = con.values;
    for (let r = 0; r < x.n; r++) {
      let logit = con.bias;
      g.fill(0);
      const o = r * p;
      for (let j = 0; j < p; j++) {
        const c = v[o + j];
        logit += c;
        g[groupOf[j]] += c;
      }
      const i = c0 + r;
      probability[i] = sigmoid(logit);
      for (let k = 0; k < g.length; k++) sub[k][i] = roundScore(100 * sigmoid(con.bias + g[k]));
    }
  }
  return { probability, fit: sub[0], engagement: sub[1], intent: sub[2], relationship: sub[3] };
}

/** Scores every account of a snapshot with a learned definition as of `asOf`. */
export function scoreLearned(def: LearnedDefinition, s: ScoringSnapshot, asOf: number): LearnedScoreColumns {
  const part = predictivePart(def);
  const pred = predictiveColumns(loadPredictor(def), s, asOf, part.groups);
  const n = s.n;
  const out: LearnedScoreColumns = {
    scores: new Float32Array(n),
    bands: new Uint8Array(n),
    fit: pred.fit,
    engagement: pred.engagement,
    intent: pred.intent,
    relationship: pred.relationship,
    probability: Float32Array.from(pred.probability),
  };
  if (def.kind === "predictive") {
    for (let i = 0; i < n; i++) {
      const score = roundScore(100 * pred.probability[i]);
      out.scores[i] = score;
      out.bands[i] = bandOf(score, def.bands);
    }
    return out;
  }
  const w = def.ruleWeight;
  const rule = scoreAll(def.rule.definition, s, asOf);
  for (let i = 0; i < n; i++) {
    // Scores are stored as Float32: roundScore gives back the displayed value the explanation uses.
    const score = blendScore(w, roundScore(rule.scores[i]), pred.probability[i]);
    out.scores[i] = score;
    out.bands[i] = bandOf(score, def.bands);
    out.fit[i] = roundScore(w * roundScore(rule.fit[i]) + (1 - w) * roundScore(pred.fit[i]));
    out.engagement[i] = roundScore(w * roundScore(rule.engagement[i]) + (1 - w) * roundScore(pred.engagement[i]));
    out.intent[i] = roundScore(w * roundScore(rule.intent[i]) + (1 - w) * roundScore(pred.intent[i]));
    out.relationship[i] = roundScore(w * roundScore(rule.relationship[i]) + (1 - w) * roundScore(pred.relationship[i]));
  }
  return out;
}

/** The blended score at display precision: w × rule score + (1 − w) × 100 × p. */
export function blendScore(ruleWeight: number, ruleScore: number, probability: number): number {
  return roundScore(ruleWeight * ruleScore + (1 - ruleWeight) * 100 * probability);
}

/** Factors with a smaller effect on the log-odds are not listed. */
const MIN_EFFECT = 0.01;

/** Why one account's learned score is what it is. */
export interface LearnedExplanation {
  kind: "predictive" | "blended";
  /** the score at display precision, equal to the stored one when the data has not changed */
  score: number;
  band: string;
  probability: number;
  /** probability of a typical account (the training averages) */
  baseline: number;
  /** strongest factors raising / lowering the log-odds, with readable labels (one per activity type) */
  positive: Factor[];
  negative: Factor[];
  /** every factor's log-odds effect sums with the baseline's log-odds to the account's log-odds */
  logit: number;
  baselineLogit: number;
  /** blended only: the two parts, apportioned so they add up exactly to the score */
  blend?: { ruleWeight: number; ruleScore: number; rulePoints: number; predictivePoints: number; rule: AccountScore; ruleName: string };
}

/**
 * One line per activity type: an activity type feeds several columns (decayed sums over two
 * half-lives, trailing counts) that a model weighs against each other, so their effects are only
 * meaningful together. Their effects are summed (log-odds add up) and the counts are shown.
 */
export function groupActivityFactors(predictor: Predictor, factors: Factor[], logit: number): Factor[] {
  const typeOf = new Map<string, string>();
  for (const step of predictor.pipeline.steps) if (step.meta?.activityType) typeOf.set(step.column, step.meta.activityType);
  const groups = new Map<string, Factor[]>();
  const out: Factor[] = [];
  for (const f of factors) {
    const t = typeOf.get(f.column);
    if (!t) out.push(f);
    else groups.set(t, [...(groups.get(t) ?? []), f]);
  }
  const probability = sigmoid(logit);
  for (const [type, fs] of groups) {
    const effect = fs.reduce((a, f) => a + f.effect, 0);
    const column = activityLabel(type);
    const windows = fs
      .map((f) => ({ f, days: Number(/\(last (\d+) days\)$/.exec(f.column)?.[1]) }))
      .filter((w) => Number.isFinite(w.days))
      .sort((a, b) => a.days - b.days);
    const value = windows.length ? windows.map((w) => `${w.f.value} in the last ${w.days} days`).join(", ") : fs.map((f) => `${f.value} (${f.column.replace(`${column} `, "")})`).join(", ");
    out.push({ column, value, label: `${column}: ${value}`, effect, points: 100 * (probability - sigmoid(logit - effect)) });
  }
  return out.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
}

/**
 * Explains account position `i` of a snapshot under a learned definition as of `asOf`. The snapshot
 * may hold just this account (db/queries' loadAccountsSnapshot): features of an account depend only
 * on its own records, and `alignFrame` supplies the columns a one-account snapshot lacks.
 */
export function explainLearned(def: LearnedDefinition, s: ScoringSnapshot, i: number, asOf: number, top = 5): LearnedExplanation {
  const part = predictivePart(def);
  const predictor = loadPredictor(def);
  const frame = alignFrame(predictor.pipeline, groupFeatures(s, asOf, part.groups));
  const [e] = explainRows(predictor, frame, [i], { top });
  const factors = groupActivityFactors(predictor, e.factors, e.logit);
  const common = {
    probability: e.probability,
    baseline: e.baseline.probability,
    positive: factors.filter((f) => f.effect >= MIN_EFFECT).sort((a, b) => b.effect - a.effect).slice(0, top),
    negative: factors.filter((f) => f.effect <= -MIN_EFFECT).sort((a, b) => a.effect - b.effect).slice(0, top),
    logit: e.logit,
    baselineLogit: e.baseline.logit,
  };
  if (def.kind === "predictive") {
    const score = roundScore(100 * e.probability);
    return { kind: "predictive", score, band: def.bands[bandOf(score, def.bands)]!.label, ...common };
  }
  const w = def.ruleWeight;
  const rule = compileModel(def.rule.definition, s).scoreAccount(i, asOf);
  const score = blendScore(w, rule.score, e.probability);
  const [rulePoints, predictivePoints] = apportion([w * rule.score, (1 - w) * 100 * e.probability], score);
  return {
    kind: "blended",
    score,
    band: def.bands[bandOf(score, def.bands)]!.label,
    ...common,
    blend: { ruleWeight: w, ruleScore: rule.score, rulePoints: rulePoints!, predictivePoints: predictivePoints!, rule, ruleName: def.rule.name },
  };
}
