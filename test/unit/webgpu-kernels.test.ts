// Every WebGPU kernel against the CPU backend's, on the same seeded inputs: dense and conv layers forward and
// backward (with and without activations, learnable PReLU slopes, in-place gradients), pooling, the three losses
// and their evaluation, penalties, SGD/Adam updates, gathers and the diagnostic reductions — on small and odd
// shapes, and on every matmul tile shape. Bad WGSL must make `ready()` reject with the compiler's message.
import { strict as assert } from 'node:assert';
import { getActivation } from '../../src/core/activations';
import { createCpuBackend } from '../../src/core/backends/cpu';
import type { Backend, DeviceBuffer, KernelActivation, OptimizerConfig } from '../../src/core/backends/types';
import { COMPACT_TILE, createWebGpuBackend, LARGE_TILE, MEDIUM_TILE, SMALL_TILE, tileOverride, type WebGpuBackend } from '../../src/core/backends/webgpu';
import { Runtime } from '../../src/core/backends/webgpu/runtime';
import { openTestGpu, type TestGpu } from './webgpu-support';

/** mulberry32: seeded uniform numbers in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomArray(length: number, seed: number, scale = 1): Float32Array {
  const random = seeded(seed);
  return Float32Array.from({ length }, () => (random() * 2 - 1) * scale);
}

/** A buffer on both backends with the same contents. */
interface Twin {
  readonly cpu: DeviceBuffer;
  readonly gpu: DeviceBuffer;
  readonly label: string;
}

/** The CPU and WebGPU backends side by side. */
class Pair {
  readonly cpu: Backend = createCpuBackend();
  constructor(readonly gpu: WebGpuBackend) {}

  buffer(data: Float32Array | Int32Array | number, label: string, type: 'float32' | 'int32' = data instanceof Int32Array ? 'int32' : 'float32'): Twin {
    const length = typeof data === 'number' ? data : data.length;
    const cpu = this.cpu.createBuffer(type, length, label);
    const gpu = this.gpu.createBuffer(type, length, label);
    if (typeof data !== 'number') {
      this.cpu.write(cpu, data);
      this.gpu.write(gpu, data);
    }
    return { cpu, gpu, label };
  }

  /** Runs `build(backend, side)` on both backends. */
  both<T>(build: (backend: Backend, side: 'cpu' | 'gpu') => T): { cpu: T; gpu: T } {
    return { cpu: build(this.cpu, 'cpu'), gpu: build(this.gpu, 'gpu') };
  }

  /** Reads a twin from both sides (after `ready()` on the GPU). */
  async values(twin: Twin): Promise<{ cpu: Float32Array | Int32Array; gpu: Float32Array | Int32Array }> {
    await this.gpu.ready();
    this.gpu.submit();
    return { cpu: await this.cpu.read(twin.cpu), gpu: await this.gpu.read(twin.gpu) };
  }

  /** Asserts that a twin agrees: |g − c| ≤ relative·|c| + absolute·max|c| (NaN matches NaN); exact when both are 0. */
  async expectClose(twin: Twin, relative: number, absolute = relative, count?: number): Promise<void> {
    const { cpu, gpu } = await this.values(twin);
    const n = count ?? cpu.length;
    let scale = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(cpu[i])) scale = Math.max(scale, Math.abs(cpu[i]));
    const failures: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = cpu[i];
      const g = gpu[i];
      const ok = Number.isNaN(c) ? Number.isNaN(g) : !Number.isFinite(c) ? g === c : Math.abs(g - c) <= relative * Math.abs(c) + absolute * scale;
      if (!ok && failures.length < 6) failures.push(`[${i}] GPU ${g}, CPU ${c}`);
    }
    assert.equal(failures.length, 0, `${twin.label} disagrees (relative ${relative}, absolute ${absolute}·${scale}):\n  ${failures.join('\n  ')}`);
  }

  dispose(): void {
    this.cpu.dispose();
    this.gpu.dispose();
  }
}

/** A layer activation for both backends (a learnable parameter gets a twin buffer). */
function activationFor(pair: Pair, name: string | null, channels: number, learnable?: { count: number; values: Float32Array }): { cpu: KernelActivation | null; gpu: KernelActivation | null; values?: Twin } {
  if (!name) return { cpu: null, gpu: null };
  const record = getActivation(name);
  const params = record.resolveParams({});
  const fixed = Object.fromEntries(Object.entries(params).filter(([key]) => !record.params.find((p) => p.name === key)?.learnable));
  if (!learnable) return { cpu: { activation: record, params: fixed }, gpu: { activation: record, params: fixed } };
  const values = pair.buffer(learnable.values, `${name} slopes`);
  assert.equal(learnable.values.length, learnable.count);
  void channels;
  return {
    cpu: { activation: record, params: fixed, learnable: { name: 'weight', values: values.cpu, count: learnable.count } },
    gpu: { activation: record, params: fixed, learnable: { name: 'weight', values: values.gpu, count: learnable.count } },
    values,
  };
}

describe('WebGPU kernels agree with the CPU backend', function () {
  this.timeout(60_000);
  let gpu: TestGpu | undefined;
  let pair: Pair;

  before(async function () {
    gpu = await openTestGpu(this);
  });
  after(() => {
    gpu?.release();
    gpu = undefined;
  });
  beforeEach(() => {
    pair = new Pair(createWebGpuBackend(gpu!.device));
  });
  afterEach(() => {
    pair.dispose();
    delete tileOverride.tile;
  });

  const denseCases: [number, number, number, string | null, number?][] = [
    [1, 1, 1, null],
    [5, 3, 7, 'relu'],
    [33, 17, 9, 'tanh'],
    [19, 6, 11, 'gelu'],
    [70, 40, 130, 'elu'],
    [9, 5, 4, 'prelu', 4],
    [9, 5, 4, 'prelu', 1],
  ];
  for (const [rows, inFeatures, outFeatures, activation, slopes] of denseCases) {
    it(`dense forward and backward, ${rows} rows ${inFeatures}→${outFeatures}${activation ? ` + ${activation}${slopes ? ` (${slopes} slope${slopes > 1 ? 's' : ''})` : ''}` : ''}, batch of ${rows - 1}`, async () => {
      const maxRows = rows;
      const run = rows > 1 ? rows - 1 : 1;
      const x = pair.buffer(randomArray(maxRows * inFeatures, 1), 'x');
      const w = pair.buffer(randomArray(outFeatures * inFeatures, 2, 0.7), 'W');
      const b = pair.buffer(randomArray(outFeatures, 3, 0.2), 'b');
      const z = pair.buffer(maxRows * outFeatures, 'z');
      const a = activation ? pair.buffer(maxRows * outFeatures, 'a') : z;
      const act = activationFor(pair, activation, outFeatures, slopes ? { count: slopes, values: randomArray(slopes, 9, 0.5) } : undefined);
      const forward = pair.both((backend, side) => backend.denseForward({ maxRows, inFeatures, outFeatures, input: x[side], weight: w[side], bias: b[side], preActivation: z[side], output: a[side], activation: act[side] }));
      forward.cpu.run(run);
      forward.gpu.run(run);
      await pair.expectClose(z, 2e-5, 2e-6, run * outFeatures);
      await pair.expectClose(a, 2e-5, 2e-6, run * outFeatures);
      // Backward, dz computed in place into da (as the trainer does), with dx and the slope gradient.
      const da = pair.buffer(randomArray(maxRows * outFeatures, 4), 'da');
      const dw = pair.buffer(outFeatures * inFeatures, 'dW');
      const db = pair.buffer(outFeatures, 'db');
      const dx = pair.buffer(maxRows * inFeatures, 'dx');
      const dslope = slopes ? pair.buffer(slopes, 'dslope') : null;
      const backward = pair.both((backend, side) =>
        backend.denseBackward({ maxRows, inFeatures, outFeatures, input: x[side], weight: w[side], preActivation: z[side], outputGrad: da[side], preActivationGrad: da[side], weightGrad: dw[side], biasGrad: db[side], inputGrad: dx[side], activation: act[side], ...(dslope ? { learnableGrad: dslope[side] } : {}) }),
      );
      backward.cpu.run(run);
      backward.gpu.run(run);
      await pair.expectClose(da, 2e-5, 2e-6, run * outFeatures);
      await pair.expectClose(dw, 2e-5, 2e-6);
      await pair.expectClose(db, 2e-5, 2e-6);
      await pair.expectClose(dx, 2e-5, 2e-6, run * inFeatures);
      if (dslope) await pair.expectClose(dslope, 2e-5, 2e-6);
    });
  }

  for (const [name, tile] of [
    ['small', SMALL_TILE],
    ['compact', COMPACT_TILE],
    ['medium', MEDIUM_TILE],
    ['large', LARGE_TILE],
  ] as const) {
    it(`the ${name} matmul tile handles shapes that are not multiples of it (dense 67 rows, 35→71, separate dz)`, async () => {
      tileOverride.tile = tile;
      const [rows, inFeatures, outFeatures] = [67, 35, 71];
      const x = pair.buffer(randomArray(rows * inFeatures, 11), 'x');
      const w = pair.buffer(randomArray(outFeatures * inFeatures, 12, 0.3), 'W');
      const b = pair.buffer(randomArray(outFeatures, 13), 'b');
      const z = pair.buffer(rows * outFeatures, 'z');
      const a = pair.buffer(rows * outFeatures, 'a');
      const act = activationFor(pair, 'leaky_relu', outFeatures);
      const forward = pair.both((backend, side) => backend.denseForward({ maxRows: rows, inFeatures, outFeatures, input: x[side], weight: w[side], bias: b[side], preActivation: z[side], output: a[side], activation: act[side] }));
      forward.cpu.run(rows);
      forward.gpu.run(rows);
      await pair.expectClose(a, 2e-5, 2e-6);
      const da = pair.buffer(randomArray(rows * outFeatures, 14), 'da');
      const dz = pair.buffer(rows * outFeatures, 'dz (separate)');
      const dw = pair.buffer(outFeatures * inFeatures, 'dW');
      const db = pair.buffer(outFeatures, 'db');
      const dx = pair.buffer(rows * inFeatures, 'dx');
      const backward = pair.both((backend, side) =>
        backend.denseBackward({ maxRows: rows, inFeatures, outFeatures, input: x[side], weight: w[side], preActivation: z[side], outputGrad: da[side], preActivationGrad: dz[side], weightGrad: dw[side], biasGrad: db[side], inputGrad: dx[side], activation: act[side] }),
      );
      backward.cpu.run(rows);
      backward.gpu.run(rows);
      await pair.expectClose(dz, 0, 0);
      await pair.expectClose(da, 0, 0);
      await pair.expectClose(dw, 2e-5, 2e-6);
      await pair.expectClose(db, 2e-5, 2e-6);
      await pair.expectClose(dx, 2e-5, 2e-6);
    });
  }

  const convCases = [
    { rows: 3, inChannels: 2, height: 7, width: 6, filters: 3, kernelSize: 3, stride: 2, padding: 1, activation: 'relu', slopes: 0 },
    { rows: 2, inChannels: 1, height: 5, width: 5, filters: 4, kernelSize: 2, stride: 1, padding: 0, activation: 'prelu', slopes: 4 },
    { rows: 4, inChannels: 3, height: 8, width: 8, filters: 5, kernelSize: 3, stride: 1, padding: 1, activation: null, slopes: 0 },
  ];
  for (const c of convCases) {
    it(`conv2d forward and backward: ${c.rows}×${c.inChannels}×${c.height}×${c.width}, ${c.filters} filters k${c.kernelSize} s${c.stride} p${c.padding}${c.activation ? ` + ${c.activation}` : ''}`, async () => {
      const outHeight = Math.floor((c.height + 2 * c.padding - c.kernelSize) / c.stride) + 1;
      const outWidth = Math.floor((c.width + 2 * c.padding - c.kernelSize) / c.stride) + 1;
      const positions = outHeight * outWidth;
      const patch = c.inChannels * c.kernelSize * c.kernelSize;
      const shape = { maxRows: c.rows, inChannels: c.inChannels, height: c.height, width: c.width, filters: c.filters, kernelSize: c.kernelSize, stride: c.stride, padding: c.padding, outHeight, outWidth };
      const x = pair.buffer(randomArray(c.rows * c.inChannels * c.height * c.width, 21), 'x');
      const w = pair.buffer(randomArray(c.filters * patch, 22, 0.5), 'W');
      const b = pair.buffer(randomArray(c.filters, 23, 0.1), 'b');
      const columns = pair.buffer(c.rows * positions * patch, 'columns');
      const product = pair.buffer(c.rows * positions * c.filters, 'product');
      const z = pair.buffer(c.rows * c.filters * positions, 'z');
      const a = c.activation ? pair.buffer(c.rows * c.filters * positions, 'a') : z;
      const act = activationFor(pair, c.activation, c.filters, c.slopes ? { count: c.slopes, values: randomArray(c.slopes, 24, 0.5) } : undefined);
      const forward = pair.both((backend, side) => backend.conv2dForward({ ...shape, input: x[side], weight: w[side], bias: b[side], columns: columns[side], product: product[side], preActivation: z[side], output: a[side], activation: act[side] }));
      forward.cpu.run(c.rows);
      forward.gpu.run(c.rows);
      // (columns and columnsGrad are each backend's own scratch: their layouts may differ.)
      await pair.expectClose(z, 2e-5, 2e-6);
      await pair.expectClose(a, 2e-5, 2e-6);
      const da = pair.buffer(randomArray(c.rows * c.filters * positions, 25), 'da');
      const dw = pair.buffer(c.filters * patch, 'dW');
      const db = pair.buffer(c.filters, 'db');
      const dx = pair.buffer(c.rows * c.inChannels * c.height * c.width, 'dx');
      const productGrad = pair.buffer(c.rows * positions * c.filters, 'product gradient');
      const columnsGrad = pair.buffer(c.rows * positions * patch, 'columns gradient');
      const dslope = c.slopes ? pair.buffer(c.slopes, 'dslope') : null;
      const backward = pair.both((backend, side) =>
        backend.conv2dBackward({
          ...shape,
          columns: columns[side],
          weight: w[side],
          preActivation: z[side],
          outputGrad: da[side],
          preActivationGrad: da[side],
          productGrad: productGrad[side],
          columnsGrad: columnsGrad[side],
          weightGrad: dw[side],
          biasGrad: db[side],
          inputGrad: dx[side],
          activation: act[side],
          ...(dslope ? { learnableGrad: dslope[side] } : {}),
        }),
      );
      backward.cpu.run(c.rows);
      backward.gpu.run(c.rows);
      await pair.expectClose(da, 2e-5, 2e-6);
      await pair.expectClose(dw, 2e-5, 2e-6);
      await pair.expectClose(db, 2e-5, 2e-6);
      await pair.expectClose(dx, 2e-5, 2e-6);
      if (dslope) await pair.expectClose(dslope, 2e-5, 2e-6);
    });
  }

  for (const [size, stride] of [
    [2, 2],
    [3, 2],
  ]) {
    it(`maxpool2d size ${size} stride ${stride}: outputs, argmax (NaN wins, as in PyTorch) and the gathered gradient are the CPU's`, async () => {
      const [rows, channels, height, width] = [2, 3, 7, 7];
      const outHeight = Math.floor((height - size) / stride) + 1;
      const outWidth = Math.floor((width - size) / stride) + 1;
      const input = randomArray(rows * channels * height * width, 31);
      input[10] = NaN;
      input[60] = -Infinity;
      const x = pair.buffer(input, 'x');
      const y = pair.buffer(rows * channels * outHeight * outWidth, 'y');
      const argmax = pair.buffer(rows * channels * outHeight * outWidth, 'argmax', 'int32');
      const shape = { maxRows: rows, channels, height, width, size, stride, outHeight, outWidth };
      const forward = pair.both((backend, side) => backend.maxPool2dForward({ ...shape, input: x[side], output: y[side], argmax: argmax[side] }));
      forward.cpu.run(rows);
      forward.gpu.run(rows);
      await pair.expectClose(y, 0, 0);
      await pair.expectClose(argmax, 0, 0);
      const dy = pair.buffer(randomArray(rows * channels * outHeight * outWidth, 32), 'dy');
      const dx = pair.buffer(rows * channels * height * width, 'dx');
      const backward = pair.both((backend, side) => backend.maxPool2dBackward({ ...shape, argmax: argmax[side], outputGrad: dy[side], inputGrad: dx[side] }));
      backward.cpu.run(rows);
      backward.gpu.run(rows);
      await pair.expectClose(dx, 0, 0);
    });
  }

  const lossCases = [
    { kind: 'bce_with_logits' as const, rows: 13, outputs: 3, targetWidth: 3 },
    { kind: 'cross_entropy' as const, rows: 17, outputs: 5, targetWidth: 1 },
    { kind: 'mse' as const, rows: 9, outputs: 2, targetWidth: 2 },
  ];
  for (const c of lossCases) {
    it(`${c.kind} loss, gradient and evaluation (${c.rows} rows of ${c.outputs})`, async () => {
      const maxRows = c.rows + 3;
      const random = seeded(41);
      const logits = pair.buffer(randomArray(maxRows * c.outputs, 42, 4), 'logits');
      const targetValues = Float32Array.from({ length: maxRows * c.targetWidth }, () => (c.kind === 'cross_entropy' ? Math.floor(random() * c.outputs) : c.kind === 'bce_with_logits' ? (random() < 0.5 ? 0 : 1) : random() * 2 - 1));
      const targets = pair.buffer(targetValues, 'targets');
      const grad = pair.buffer(maxRows * c.outputs, 'dlogits');
      const metrics = pair.buffer(Float32Array.from([0, 0.5, 3, 0]), 'metrics');
      const loss = pair.both((backend, side) => backend.loss({ kind: c.kind, maxRows, logits: logits[side], targets: targets[side], outputs: c.outputs, targetWidth: c.targetWidth, logitsGrad: grad[side], metrics: metrics[side], lossSlot: 0 }));
      loss.cpu.run(c.rows);
      loss.gpu.run(c.rows);
      await pair.expectClose(grad, 1e-5, 1e-7, c.rows * c.outputs);
      const evaluation = pair.both((backend, side) =>
        backend.lossEvaluation({ kind: c.kind, maxRows, logits: logits[side], targets: targets[side], outputs: c.outputs, targetWidth: c.targetWidth, metrics: metrics[side], lossSumSlot: 1, correctSlot: c.kind === 'mse' ? -1 : 2 }),
      );
      evaluation.cpu.run(c.rows);
      evaluation.gpu.run(c.rows);
      evaluation.cpu.run(maxRows);
      evaluation.gpu.run(maxRows);
      await pair.expectClose(metrics, 1e-5, 0);
    });
  }

  for (const kind of ['l1', 'l2'] as const) {
    it(`${kind} penalty adds λ·Σ to the loss slot and its gradient to dW`, async () => {
      const weights = randomArray(300, 51);
      weights[7] = 0;
      const w = pair.buffer(weights, 'W');
      const g = pair.buffer(randomArray(300, 52), 'dW');
      const metrics = pair.buffer(Float32Array.from([0.25]), 'metrics');
      const penalty = pair.both((backend, side) => backend.penalty({ kind, lambda: 0.003, weight: w[side], weightGrad: g[side], metrics: metrics[side], lossSlot: 0 }));
      penalty.cpu.run();
      penalty.gpu.run();
      await pair.expectClose(g, 1e-6, 0);
      await pair.expectClose(metrics, 1e-6, 0);
    });
  }

  const optimizers: [string, OptimizerConfig][] = [
    ['sgd', { type: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 }],
    ['sgd momentum 0.9, dampening 0.1, weight decay', { type: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 0.01 }],
    ['sgd nesterov', { type: 'sgd', lr: 0.05, momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0 }],
    ['adam with weight decay', { type: 'adam', lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.001 }],
  ];
  for (const [name, config] of optimizers) {
    it(`${name}: four updates of 257 parameters match the CPU`, async () => {
      const p = pair.buffer(randomArray(257, 61), 'p');
      const states = Array.from({ length: config.type === 'adam' ? 2 : config.momentum ? 1 : 0 }, (_, k) => pair.buffer(257, `state ${k}`));
      const gradients = [62, 63, 64, 65].map((seed) => randomArray(257, seed));
      const g = pair.buffer(gradients[0], 'g');
      const update = pair.both((backend, side) => backend.optimizer({ config, parameter: p[side], gradient: g[side], state: states.map((s) => s[side]) }));
      for (let step = 1; step <= 4; step++) {
        pair.cpu.write(g.cpu, gradients[step - 1]);
        pair.gpu.write(g.gpu, gradients[step - 1]);
        update.cpu.run(step);
        update.gpu.run(step);
      }
      await pair.expectClose(p, 1e-6, 1e-7);
      for (const state of states) await pair.expectClose(state, 1e-6, 1e-7);
    });
  }

  it('gather copies the indexed rows of a batch', async () => {
    const source = pair.buffer(randomArray(11 * 3, 71), 'source');
    const indices = pair.buffer(Int32Array.from([4, 0, 10, 3, 3, 7, 1]), 'indices');
    const destination = pair.buffer(5 * 3, 'destination');
    const gather = pair.both((backend, side) => backend.gatherRows({ source: source[side], indices: indices[side], destination: destination[side], rowLength: 3, maxRows: 5 }));
    gather.cpu.run(4, 2);
    gather.gpu.run(4, 2);
    await pair.expectClose(destination, 0, 0);
    assert.throws(() => gather.gpu.run(5, 3), /gather: indices 3 … 7 are outside the index buffer of 7/);
  });

  it('reductions: squared norm, non-finite count, unit activity and histogram counts match the CPU exactly', async () => {
    const values = randomArray(6 * 4 * 5, 81, 6);
    for (let i = 0; i < values.length; i += 7) values[i] = 0;
    values[3] = NaN;
    values[8] = Infinity;
    values[9] = -Infinity;
    values[11] = -5; // the lower edge
    values[12] = 5; // the upper edge (closed)
    values[13] = 0.5; // a bin edge
    values[20] = Math.fround(-4.5);
    const source = pair.buffer(values, 'values');
    const finite = pair.buffer(randomArray(1000, 82), 'finite values');
    const bins = 20;
    const metrics = pair.buffer(2 + 1 + 4 + bins + 3 + 1, 'metrics');
    const kernels = pair.both((backend, side) => [
      backend.sumOfSquares({ source: finite[side], metrics: metrics[side], slot: 0 }),
      backend.countNonFinite({ source: source[side], metrics: metrics[side], slot: 1 }),
    ]);
    const batch = pair.both((backend, side) => [
      backend.unitActivity({ maxRows: 6, output: source[side], units: 4, spatial: 5, metrics: metrics[side], zeroSlot: 2, activeOffset: 3 }),
      backend.histogram({ maxRows: 6, source: source[side], rowLength: 20, bins, min: -5, max: 5, metrics: metrics[side], offset: 7 }),
    ]);
    for (const kernel of kernels.cpu) kernel.run();
    for (const kernel of kernels.gpu) kernel.run();
    for (const kernel of batch.cpu) kernel.run(5);
    for (const kernel of batch.gpu) kernel.run(5);
    for (const kernel of batch.cpu) kernel.run(6);
    for (const kernel of batch.gpu) kernel.run(6);
    const { cpu, gpu: onGpu } = await pair.values(metrics);
    assert.ok(Math.abs(onGpu[0] - cpu[0]) <= 1e-5 * cpu[0], `sum of squares: GPU ${onGpu[0]}, CPU ${cpu[0]}`);
    assert.deepEqual(Array.from(onGpu.subarray(1)), Array.from(cpu.subarray(1)));
  });

  it('bad WGSL makes ready() reject with the compiler’s message, line and the kernel’s name', async () => {
    const runtime = new Runtime(gpu!.device);
    try {
      runtime.program({ label: 'a deliberately broken kernel', bindings: [{ name: 'data', access: 'read_write' }], code: '@compute @workgroup_size(1) fn main() { data[0] = undefined_function(1.0); }' });
      await assert.rejects(runtime.ready(), /WebGPU kernel "a deliberately broken kernel" failed to compile[\s\S]*line \d+:\d+: .*undefined_function/);
    } finally {
      runtime.dispose(false);
    }
  });

  it('an activation whose WGSL is broken fails the layer kernel that fuses it', async () => {
    const relu = getActivation('relu');
    const broken = { ...relu, wgsl: () => ({ ...relu.wgsl(), derivative: 'select(1.0, 0.0, x <= zero)' }) };
    const x = pair.buffer(randomArray(4 * 3, 91), 'x');
    const w = pair.buffer(randomArray(2 * 3, 92), 'W');
    const b = pair.buffer(2, 'b');
    const z = pair.buffer(4 * 2, 'z');
    const a = pair.buffer(4 * 2, 'a');
    pair.gpu.denseForward({ maxRows: 4, inFeatures: 3, outFeatures: 2, input: x.gpu, weight: w.gpu, bias: b.gpu, preActivation: z.gpu, output: a.gpu, activation: { activation: broken, params: {} } });
    await assert.rejects(pair.gpu.ready(), /failed to compile[\s\S]*zero/);
  });
});
