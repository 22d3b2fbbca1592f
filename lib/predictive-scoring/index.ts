/**
 * Predictive scoring in the app: training on the accounts' own history (point in time, held-out
 * evaluation, refusal below a minimum of outcomes), the learned model-version definitions
 * (predictive, blended), and their scores and per-account explanations. Pure: built on
 * lib/predictive, lib/metrics and lib/scoring.
 */
export * from "./params";
export * from "./frames";
export * from "./train";
export * from "./definition";
export * from "./score";
export * from "./fast-score";
export * from "./account-scorer";
