// The WebGPU backend's public surface: creating it on a device, requesting a device as `webgpu`/`auto` allow,
// and the helpers tests and benchmarks use.
export { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from './backend';
export { requestWebGpuBackend, describeAdapter, isFallbackAdapter, defaultGpu, WEBGPU_REASONS, type WebGpuChoice, type WebGpuRequest } from './device';
export { tileOverride, SMALL_TILE, COMPACT_TILE, MEDIUM_TILE, LARGE_TILE, type MatmulTile } from './matmul';
export { histogramEdges } from './reduce';
