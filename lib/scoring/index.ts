/**
 * Rule-based account scoring: model definition (`model`), engine (`engine`), preview of a change
 * (`preview`), definition diff (`diff`), point-in-time backtest (`backtest`), band calibration
 * (`suggest-bands`) and snapshot builders for tests and benchmarks.
 * Pure TypeScript: safe to import from server code, route handlers, workers and scripts.
 */
export * from "./model";
export * from "./engine";
export * from "./preview";
export * from "./diff";
export * from "./snapshot-builder";
export * from "./synthetic-snapshot";
export * from "./backtest";
export * from "./suggest-bands";
