// The headless core API (dist/core.cjs): the activation catalog, sampling for plots, training, datasets,
// the experiment spec and kernels. Pure TypeScript: no vscode, no DOM, no Node built-ins. See shared API.md for the contract.
export { activations, getActivation, suggestActivations } from './activations';
export type {
  Activation,
  ActivationParam,
  ActivationParams,
  ParamValue,
  ActivationFrameworks,
  ActivationKnowledge,
  ActivationProperties,
  FrameworkApi,
  FrameworkEntry,
  Formula,
  Paper,
} from './activations';
export { sampleActivation, linspace } from './sampling';
export type { ActivationSamples } from './sampling';
export { matmul, setMatmulImplementation, matmulImplementation } from './backends/cpu/matmul';
export type { MatmulOptions, MatmulImplementation } from './backends/cpu/matmul';
// Training (src/core/nn), datasets (src/core/data), the spec and its schema (src/core/protocol), backends.
export { train, createTrainer, TrainingCancelledError, describeModel } from './nn';
export type { Trainer, TrainerOptions, TrainOptions, TrainResult, RunOptions, StepProgress, StepMetrics, PreActivationHistogram, Divergence, ModelParameters, LayerSummary, AbortSignalLike, BackendName, ActivationLookup } from './nn';
export { datasets, makeDataset, parseCsv, applyFeatures, loadDigits, DATASET_NAMES } from './data';
export type { Dataset, DataSplit, CsvDataset, CsvOptions } from './data';
export { validateSpec } from './protocol/validate';
export { specSchema, checkSpecSchema, SPEC_DEFAULTS } from './protocol/spec';
export type { TrainingSpec, LayerSpec, DenseLayerSpec, Conv2dLayerSpec, MaxPool2dLayerSpec, FlattenLayerSpec, DataSpec, GeneratedDataSpec, InlineDataSpec, CsvDataSpec, LayerParameters, OptimizerSpec, SgdSpec, AdamSpec, ActivationSpec, InitName, LossName, DatasetName, FeatureName, NestedNumbers } from './protocol/spec';
export { createCpuBackend } from './backends/cpu';
export type { Backend, DeviceBuffer } from './backends/types';
export { pytorchScript, type PytorchScriptOptions } from './codegen/pytorchScript';
// Hover docs (issue 9): recognise an activation in Python/JS/TS source and build its hover Markdown and curve.
export { analyseSource, languageFamily, recogniseAt, recogniseInText, hoverMarkdown, activationCurveSvg, svgDataUri, SHOW_ACTIVATION_COMMAND } from './hover';
export type { RecognisedActivation, HoverDocument, SourceAnalysis } from './hover';
// The WebGPU backend (src/core/backends/webgpu): pass `backend: 'webgpu'` or `'auto'` to train/createTrainer.
export { createWebGpuBackend, requestWebGpuBackend, WEBGPU_REASONS } from './backends/webgpu';
export type { WebGpuBackend, WebGpuBackendOptions, WebGpuChoice, WebGpuRequest } from './backends/webgpu';
export { DeviceLostError } from './backends/errors';
export { WGSL_MATH, activationWgsl, type WgslActivation, type WgslTolerance } from './activations/wgsl';
export type { SelectedBackend } from './nn/trainer';
