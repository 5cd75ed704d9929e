// The headless core API (dist/core.cjs): activations, sampling for plots, and — as they land — training
// and kernels. Pure TypeScript: no vscode, no DOM, no Node built-ins. See shared API.md for the contract.
export { activations, getActivation } from './activations';
export type { Activation, ActivationParam, ActivationParams, ParamValue } from './activations';
export { sampleActivation, linspace } from './sampling';
export type { ActivationSamples } from './sampling';
export { matmul } from './backends/cpu/matmul';
export type { MatmulOptions } from './backends/cpu/matmul';
