// The Training Lab's engine-side helpers: guided experiments, input grids, and layer-by-layer inspection.
export { defaultLabSpec, guidedExperiments, guidedExperiment, type GuidedExperiment, type ExperimentVariant } from './experiments';
export { inputGrid, type InputGrid } from './grid';
export { layerOutputs, type LayerOutputs } from './inspect';
export { conformSpec } from './conform';
