// Finding a WebGPU device and deciding whether to use it: `webgpu` takes any adapter (a software one too) and
// fails with the reason when there is none; `auto` takes WebGPU only on a real (non-fallback) adapter and
// otherwise says why the CPU runs instead. The GPU entry point is passed in (navigator.gpu in browsers and
// workers, the `webgpu` package's create() in Node): the core never loads a WebGPU implementation itself.
import { createWebGpuBackend, type WebGpuBackend } from './backend';

/** Why WebGPU is or is not used, in the words the panels show. */
export const WEBGPU_REASONS = Object.freeze({
  noNavigator: 'WebGPU unavailable: no navigator.gpu in this environment',
  noAdapter: 'WebGPU unavailable: no adapter',
  softwareAdapter: 'software adapter — CPU is faster',
});

/** An adapter's vendor, architecture and description in one line. */
export function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info as Partial<GPUAdapterInfo> | undefined;
  const words = [info?.vendor, info?.architecture, info?.description].filter((w) => typeof w === 'string' && w.length > 0);
  return words.length ? words.join(' ') : 'unnamed adapter';
}

/** Whether the adapter is a software/fallback one (SwiftShader, WARP, lavapipe as a fallback). */
export function isFallbackAdapter(adapter: GPUAdapter): boolean {
  const info = adapter.info as { isFallbackAdapter?: boolean } | undefined;
  return info?.isFallbackAdapter === true || (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
}

/** The default GPU entry point: `navigator.gpu` where there is one (browsers, webviews, workers). */
export function defaultGpu(): GPU | undefined {
  return (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu ?? undefined;
}

/** A WebGPU backend, or why there is none. */
export type WebGpuChoice = { readonly backend: WebGpuBackend; readonly reason: string } | { readonly backend: null; readonly reason: string };

export interface WebGpuRequest {
  /** `webgpu`: any adapter; `auto`: a hardware adapter only. */
  readonly mode: 'webgpu' | 'auto';
  /** The entry point: default navigator.gpu; null for none (as if the environment had no WebGPU). */
  readonly gpu?: GPU | null;
  /** An existing device to run on instead of requesting one (it is not destroyed on dispose). */
  readonly device?: GPUDevice;
}

/** Requests an adapter and a device as `request.mode` allows; never throws (the reason says what failed). */
export async function requestWebGpuBackend(request: WebGpuRequest): Promise<WebGpuChoice> {
  if (request.device) {
    return { backend: createWebGpuBackend(request.device, { adapterDescription: 'the given GPUDevice' }), reason: 'WebGPU: the given device' };
  }
  const gpu = request.gpu === null ? undefined : (request.gpu ?? defaultGpu());
  if (!gpu || typeof gpu.requestAdapter !== 'function') return { backend: null, reason: WEBGPU_REASONS.noNavigator };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { backend: null, reason: `WebGPU unavailable: requestAdapter failed (${(error as Error)?.message ?? String(error)})` };
  }
  if (!adapter) return { backend: null, reason: WEBGPU_REASONS.noAdapter };
  const description = describeAdapter(adapter);
  const software = isFallbackAdapter(adapter);
  if (request.mode === 'auto' && software) return { backend: null, reason: `${WEBGPU_REASONS.softwareAdapter} (${description})` };
  let device: GPUDevice;
  try {
    const limits = adapter.limits;
    device = await adapter.requestDevice({
      label: 'activation-lab training',
      requiredLimits: { maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize, maxBufferSize: limits.maxBufferSize },
    });
  } catch (error) {
    return { backend: null, reason: `WebGPU unavailable: requestDevice failed (${(error as Error)?.message ?? String(error)})` };
  }
  const backend = createWebGpuBackend(device, { ownsDevice: true, keepAlive: [gpu, adapter], adapterDescription: description });
  return { backend, reason: `WebGPU: ${description}${software ? ' (software adapter)' : ''}` };
}
