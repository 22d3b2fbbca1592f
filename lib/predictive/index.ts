/**
 * The predictive learning core: feature pipeline, learners (logistic regression, gradient-boosted
 * trees, their blend), evaluation, explanations, rule suggestions and the honesty guards.
 * Pure TypeScript: no framework, database or file-system imports.
 */
export * from "./features";
export { activityLabel } from "./account-features";
export { trainLogistic, logisticLogits, type LogisticModel, type LogisticOptions } from "./logistic";
export { trainGbt, gbtLogits, type GbtOptions, type TreeEnsemble } from "./gbt";
export {
  DEFAULT_TRAIN_OPTIONS,
  columnStats,
  deserializeModel,
  fitPredictor,
  predictLogits,
  predictProba,
  scoreFrame,
  serializeModel,
  trainModel,
  type BlendModel,
  type FitPredictorOptions,
  type LearnerKind,
  type PredictiveModel,
  type Predictor,
  type ScoreOptions,
  type TrainOptions,
} from "./model";
export * from "./evaluate";
export * from "./explain";
export { POINTS_PER_LOGIT, suggestRuleWeights, type SuggestOptions, type SuggestedRules } from "./rules";
export * from "./guards";
export * from "./table-evaluation";
export { createRng, shuffleInPlace, type Rng } from "./random";
export { matrixFromColumns, selectRows, selectValues, sigmoid, logit, type DesignMatrix, type FloatArray } from "./matrix";
export { syntheticSnapshot, type SyntheticData, type SyntheticOptions } from "./synthetic";
