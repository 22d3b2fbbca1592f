/**
 * What a person chooses when training a predictive model on the accounts' own history: the outcome,
 * the horizon it must happen within, the training cutoff (features are taken as of it, the outcome
 * is observed in the horizon after it), the feature groups and the learner.
 */
import { z } from "zod";
import type { LearnerKind } from "@/lib/predictive/model";
import { SCORE_CATEGORIES, type ScoreCategory } from "@/lib/vocabulary";

/** The outcome a model predicts: a deal won, or an opportunity created, within the horizon. */
export type TrainingOutcome = "won" | "opportunity";

export const OUTCOME_LABEL: Record<TrainingOutcome, string> = {
  won: "won deal",
  opportunity: "opportunity created",
};

export const LEARNER_LABEL: Record<LearnerKind, string> = {
  blend: "Logistic regression + boosted trees (recommended)",
  lr: "Logistic regression",
  gbt: "Gradient-boosted trees",
};

export const GROUP_LABEL: Record<ScoreCategory, string> = {
  fit: "Fit (industry, size, region, technology)",
  engagement: "Engagement (activities, recency, contacts)",
  intent: "Intent (third-party surges)",
  relationship: "Relationship (open and past deals)",
};

export const DAY_MS = 86_400_000;
export const MIN_HORIZON_DAYS = 14;
export const MAX_HORIZON_DAYS = 365;

/** Everything a training run needs to know, as stored in `training_runs.params`. */
export interface TrainingParams {
  outcome: TrainingOutcome;
  horizonDays: number;
  /** the training cutoff T (epoch ms, UTC midnight): features as of T, outcomes in [T, T + horizon) */
  cutoff: number;
  groups: ScoreCategory[];
  learner: LearnerKind;
  /** outcomes of each class needed to train (default 30) */
  minPerClass?: number;
  /** seed of fold assignment and boosting (default 7) */
  seed?: number;
}

export const trainingParamsSchema = z.object({
  outcome: z.enum(["won", "opportunity"], { error: "Choose the outcome to predict." }),
  horizonDays: z
    .number({ error: "The horizon must be a number of days." })
    .int("The horizon must be a whole number of days.")
    .min(MIN_HORIZON_DAYS, `The horizon must be at least ${MIN_HORIZON_DAYS} days.`)
    .max(MAX_HORIZON_DAYS, `The horizon can be at most ${MAX_HORIZON_DAYS} days.`),
  cutoff: z.number({ error: "Pick a training cutoff date." }).finite("Pick a training cutoff date."),
  groups: z
    .array(z.enum(SCORE_CATEGORIES))
    .min(1, "Pick at least one feature group.")
    .transform((g) => SCORE_CATEGORIES.filter((c) => g.includes(c))),
  learner: z.enum(["blend", "lr", "gbt"]).default("blend"),
  minPerClass: z.number().int().min(1).max(10_000).optional(),
  seed: z.number().int().min(0).optional(),
});

/** UTC midnight of a time. */
export function utcDay(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/** `YYYY-MM-DD` of a time (UTC). */
export function isoDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The default cutoff for a horizon: the latest date whose whole horizon lies inside the data (so the
 * outcome window is fully observed), i.e. the day of the newest record minus the horizon.
 */
export function defaultCutoff(latest: number, horizonDays: number): number {
  return utcDay(latest) - horizonDays * DAY_MS;
}

/** Readable one-line summary: "won deal within 90 days of 2026-08-23". */
export function describeParams(p: Pick<TrainingParams, "outcome" | "horizonDays" | "cutoff">): string {
  return `${OUTCOME_LABEL[p.outcome]} within ${p.horizonDays} days of ${isoDay(p.cutoff)}`;
}
