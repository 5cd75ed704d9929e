// The training engine: spec checking, model description, initialisation, the trainer and `train`.
export { train } from './train';
export type { TrainOptions, TrainResult } from './train';
export { createTrainer, createBackend, TrainingCancelledError } from './trainer';
export type { Trainer, TrainerOptions, RunOptions, StepProgress, AbortSignalLike, BackendName, LayerSummary } from './trainer';
export type { StepMetrics, PreActivationHistogram, Divergence, ModelParameters } from './metrics';
export { prepareSpec } from './prepare';
export type { PreparedSpec } from './prepare';
export { describeModel } from './model';
export type { ModelPlan, LayerPlan, Shape } from './model';
export { Random } from './random';
export type { ActivationLookup } from './activation';
