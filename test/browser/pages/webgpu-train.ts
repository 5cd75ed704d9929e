// The page (and Worker) script of the browser WebGPU test: trains a small MLP with `backend: 'webgpu'` through
// navigator.gpu — in a dedicated Worker, as the Training Lab does — and with `backend: 'cpu'`, and reports both
// histories with the adapter. Loaded by test/browser/webgpu.test.ts from a local static server.
import { createTrainer, train, type TrainingSpec } from '../../../src/core';

/** What the page reports back to the test. */
export interface WebGpuPageResult {
  readonly where: 'worker' | 'page';
  readonly hasNavigatorGpu: boolean;
  /** The adapter's description and whether it is a software (fallback) adapter; null without one. */
  readonly adapter: { readonly description: string; readonly fallback: boolean } | null;
  readonly backendName?: string;
  readonly backendReason?: string;
  readonly webgpuLosses?: number[];
  readonly cpuLosses?: number[];
  readonly autoBackend?: string;
  readonly autoReason?: string;
  readonly error?: string;
}

const spec: TrainingSpec = {
  seed: 4,
  data: { name: 'moons', samples: 120, noise: 0.1, testFraction: 0.25 },
  model: { input: [2], layers: [{ type: 'dense', units: 10, activation: 'silu' }, { type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 1 }] },
  loss: 'bce_with_logits',
  optimizer: { type: 'adam', lr: 0.02 },
  batchSize: 16,
  shuffle: true,
  steps: 20,
  metricsEvery: 5,
};

async function trainBoth(where: 'worker' | 'page'): Promise<WebGpuPageResult> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  const hasNavigatorGpu = !!gpu;
  try {
    const adapter = gpu ? await gpu.requestAdapter() : null;
    const info = adapter?.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
    const described = adapter ? { description: `${info?.vendor ?? ''} ${info?.architecture ?? ''} ${info?.description ?? ''}`.trim(), fallback: info?.isFallbackAdapter === true } : null;
    const auto = await createTrainer({ ...spec, steps: 1 }, { backend: 'auto' });
    const autoBackend = auto.backendName;
    const autoReason = auto.backendReason;
    auto.dispose();
    if (!adapter) return { where, hasNavigatorGpu, adapter: null, autoBackend, autoReason };
    const trainer = await createTrainer(spec, { backend: 'webgpu' });
    const backendName = trainer.backendName;
    const backendReason = trainer.backendReason;
    const history = await trainer.run();
    trainer.dispose();
    const cpu = await train(spec, { backend: 'cpu' });
    return { where, hasNavigatorGpu, adapter: described, backendName, backendReason, webgpuLosses: history.map((h) => h.loss), cpuLosses: cpu.history.map((h) => h.loss), autoBackend, autoReason };
  } catch (error) {
    return { where, hasNavigatorGpu, adapter: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

const scope = globalThis as unknown as { document?: unknown; postMessage(message: unknown): void; onmessage: ((event: { data: unknown }) => void) | null };
if (typeof scope.document === 'undefined') {
  // In the Worker: train on request and post the result.
  scope.onmessage = () => {
    void trainBoth('worker').then((result) => scope.postMessage(result));
  };
} else {
  const script = (document.currentScript as HTMLScriptElement | null)?.src ?? '';
  /** Trains in a dedicated Worker started from this same script. */
  (window as unknown as { trainInWorker(): Promise<WebGpuPageResult> }).trainInWorker = () =>
    new Promise((resolve, reject) => {
      const worker = new Worker(script);
      worker.onmessage = (event: MessageEvent<WebGpuPageResult>) => {
        worker.terminate();
        resolve(event.data);
      };
      worker.onerror = (event) => reject(new Error(`the training worker failed: ${event.message}`));
      worker.postMessage('train');
    });
  (window as unknown as { trainInPage(): Promise<WebGpuPageResult> }).trainInPage = () => trainBoth('page');
}
