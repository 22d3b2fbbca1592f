/**
 * Scores and explanations of learned model versions (predictive, blended) over a snapshot.
 *
 * Predictive: one pass over the accounts that featurises each from the snapshot and yields the
 * log-odds and each category's contribution (account-scorer.ts; the frame-based path, transform
 * with lib/predictive's fitted pipeline and fast-score.ts, is its reference and its fallback);
 * score = 100 × p at display precision. The explanation of one account runs the very same code on
 * the account's own data, so it shows the stored probability exactly, with lib/predictive's
 * per-factor contributions (computed for that account only). Category sub-scores:
 * 100 × sigmoid(baseline + the contributions of that category's features), i.e. the probability the
 * account would have if only that category's evidence differed from a typical account.
 *
 * Blended: score = w × rule score + (1 − w) × 100 × p (each sub-score likewise), the rule part scored
 * by lib/scoring exactly as a rule version would be.
 */
import { activityLabel } from "@/lib/predictive/account-features";
import { explainRows, type Factor } from "@/lib/predictive/explain";
import type { FeatureFrame } from "@/lib/predictive/frame";
import { transform } from "@/lib/predictive/features";
import { sigmoid } from "@/lib/predictive/matrix";
import type { Predictor } from "@/lib/predictive/model";
import { apportion, bandOf, compileModel, roundScore, scoreAll, type AccountScore } from "@/lib/scoring/engine";
import type { ScoringSnapshot } from "@/lib/snapshot";
import { SCORE_CATEGORIES, type ScoreCategory } from "@/lib/vocabulary";
import { compileAccountScorer, scoreAccounts } from "./account-scorer";
import { loadPredictor, predictivePart, type LearnedDefinition } from "./definition";
import { scoreWithGroups } from "./fast-score";
import { alignFrame, groupFeatures, sliceSnapshot } from "./frames";

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

/** Rows transformed and scored at a time: bounds memory at chunk × features × 8 bytes. */
const CHUNK_ROWS = 8_192;

const groupIndexes = new WeakMap<Predictor, Int32Array>();

/** Score-category index of each design feature (kept per predictor, so per-model tables are reused). */
function groupIndex(predictor: Predictor): Int32Array {
  let g = groupIndexes.get(predictor);
  if (!g) {
    g = Int32Array.from(predictor.pipeline.features, (f) => Math.max(0, SCORE_CATEGORIES.indexOf((f.group ?? "fit") as ScoreCategory)));
    groupIndexes.set(predictor, g);
  }
  return g;
}

/** Probability and category sub-scores of rows [c0, c1) of an aligned frame. */
function scoreRange(predictor: Predictor, frame: FeatureFrame, groupOf: Int32Array, c0: number, c1: number, probability: Float64Array, sub: Float32Array[]): void {
  const x = transform(predictor.pipeline, frame, { start: c0, end: c1 });
  const r = scoreWithGroups(predictor, x, groupOf, SCORE_CATEGORIES.length);
  for (let k = 0; k < x.n; k++) {
    probability[c0 + k] = sigmoid(r.logit[k]!);
    for (let g = 0; g < sub.length; g++) sub[g]![c0 + k] = roundScore(100 * sigmoid(r.bias + r.groups[g]![k]!));
  }
}

/** Accounts featurised at a time: bounds the feature frame at block × columns × 8 bytes. */
const BLOCK_ACCOUNTS = 65_536;

/**
 * Probabilities (Float64) and category sub-scores of every account under a predictor, as of `asOf`:
 * in one pass over the accounts (account-scorer.ts), or, for what that pass does not handle, through
 * feature frames (frameColumns).
 */
export function predictiveColumns(predictor: Predictor, s: ScoringSnapshot, asOf: number, groups: readonly ScoreCategory[]) {
  const scorer = compileAccountScorer(predictor, s, groups);
  if (!scorer) return frameColumns(predictor, s, asOf, groups);
  const n = s.n;
  const out = { probability: new Float64Array(n), fit: new Float32Array(n), engagement: new Float32Array(n), intent: new Float32Array(n), relationship: new Float32Array(n) };
  scoreAccounts(scorer, asOf, 0, n, out);
  return out;
}

/**
 * predictiveColumns through feature frames and design matrices: the reference the one-pass scorer
 * is tested against. Accounts are featurised block by block (sliceSnapshot), so a million accounts
 * never need a million-row feature frame at once.
 */
export function frameColumns(predictor: Predictor, s: ScoringSnapshot, asOf: number, groups: readonly ScoreCategory[]) {
  const n = s.n;
  const groupOf = groupIndex(predictor);
  const probability = new Float64Array(n);
  const sub = SCORE_CATEGORIES.map(() => new Float32Array(n));
  for (let b0 = 0; b0 < n; b0 += BLOCK_ACCOUNTS) {
    const b1 = Math.min(n, b0 + BLOCK_ACCOUNTS);
    const frame = alignFrame(predictor.pipeline, groupFeatures(sliceSnapshot(s, b0, b1), asOf, groups));
    const p = probability.subarray(b0, b1);
    const sb = sub.map((x) => x.subarray(b0, b1));
    for (let c0 = 0; c0 < b1 - b0; c0 += CHUNK_ROWS) scoreRange(predictor, frame, groupOf, c0, Math.min(b1 - b0, c0 + CHUNK_ROWS), p, sb);
  }
  return { probability, fit: sub[0]!, engagement: sub[1]!, intent: sub[2]!, relationship: sub[3]! };
}

/** Account i's probability exactly as predictiveColumns computes it (`frame`: the snapshot's aligned frame, for the fallback). */
function accountProbability(predictor: Predictor, s: ScoringSnapshot, i: number, asOf: number, groups: readonly ScoreCategory[], frame: FeatureFrame): number {
  const scorer = compileAccountScorer(predictor, s, groups);
  if (scorer) {
    const one = { probability: new Float64Array(1), fit: new Float32Array(1), engagement: new Float32Array(1), intent: new Float32Array(1), relationship: new Float32Array(1) };
    scoreAccounts(scorer, asOf, i, i + 1, one);
    return one.probability[0]!;
  }
  const probability = new Float64Array(i + 1);
  scoreRange(predictor, frame, groupIndex(predictor), i, i + 1, probability, SCORE_CATEGORIES.map(() => new Float32Array(i + 1)));
  return probability[i]!;
}

/** Scores every account of a snapshot with a learned definition as of `asOf`. */
export function scoreLearned(def: LearnedDefinition, s: ScoringSnapshot, asOf: number): LearnedScoreColumns {
  return learnedColumns(def, s, asOf, predictiveColumns(loadPredictor(def), s, asOf, predictivePart(def).groups));
}

/** What predictiveColumns returns: probabilities and category sub-scores per account position. */
export interface PredictiveColumns {
  probability: Float64Array;
  fit: Float32Array;
  engagement: Float32Array;
  intent: Float32Array;
  relationship: Float32Array;
}

/**
 * Computes predictiveColumns some other way (e.g. on several threads: db/jobs/score-pool.ts), with
 * the very same results; resolves null when it cannot, and the caller computes them itself.
 */
export type PredictiveRunner = (def: LearnedDefinition, predictor: Predictor, s: ScoringSnapshot, asOf: number) => Promise<PredictiveColumns | null>;

/** scoreLearned, with the predictive part computed by `runner` where it can. */
export async function scoreLearnedWith(def: LearnedDefinition, s: ScoringSnapshot, asOf: number, runner: PredictiveRunner): Promise<LearnedScoreColumns> {
  const predictor = loadPredictor(def);
  const pred = (await runner(def, predictor, s, asOf)) ?? predictiveColumns(predictor, s, asOf, predictivePart(def).groups);
  return learnedColumns(def, s, asOf, pred);
}

function learnedColumns(def: LearnedDefinition, s: ScoringSnapshot, asOf: number, pred: PredictiveColumns): LearnedScoreColumns {
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
  // The probability as publishing computes it (same code, same inputs), so it equals the stored one;
  // the factors' effects add up to the same log-odds (up to rounding in the last digit).
  const common = {
    probability: accountProbability(predictor, s, i, asOf, part.groups, frame),
    baseline: e.baseline.probability,
    positive: factors.filter((f) => f.effect >= MIN_EFFECT).sort((a, b) => b.effect - a.effect).slice(0, top),
    negative: factors.filter((f) => f.effect <= -MIN_EFFECT).sort((a, b) => a.effect - b.effect).slice(0, top),
    logit: e.logit,
    baselineLogit: e.baseline.logit,
  };
  if (def.kind === "predictive") {
    const score = roundScore(100 * common.probability);
    return { kind: "predictive", score, band: def.bands[bandOf(score, def.bands)]!.label, ...common };
  }
  const w = def.ruleWeight;
  const rule = compileModel(def.rule.definition, s).scoreAccount(i, asOf);
  const score = blendScore(w, rule.score, common.probability);
  const [rulePoints, predictivePoints] = apportion([w * rule.score, (1 - w) * 100 * common.probability], score);
  return {
    kind: "blended",
    score,
    band: def.bands[bandOf(score, def.bands)]!.label,
    ...common,
    blend: { ruleWeight: w, ruleScore: rule.score, rulePoints: rulePoints!, predictivePoints: predictivePoints!, rule, ruleName: def.rule.name },
  };
}
