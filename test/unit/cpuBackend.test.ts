// The CPU backend's kernels against spelled-out float32 references: bound products at offsets and split over k,
// the WebAssembly element-wise passes against their JS loops, convolution against the documented summation orders,
// training with every kernel forced to JS against WebAssembly, and the WebAssembly memory a trainer gives back.
import { strict as assert } from 'node:assert';
import { getActivation } from '../../src/core/activations';
import { createCpuBackend } from '../../src/core/backends/cpu';
import type { CpuBuffer } from '../../src/core/backends/cpu/buffer';
import { addBias, biasGradient, countNonFinite, multiply, sumOfSquares } from '../../src/core/backends/cpu/elementwise';
import { bindMatmul, setMatmulImplementation, type MatmulImplementation } from '../../src/core/backends/cpu/matmul';
import { allocateFloat32, reserveWasmMemory, wasmHeap, wasmMemoryGrowths, wasmSimdAvailable } from '../../src/core/backends/cpu/wasm/runtime';
import type { Backend, KernelActivation, OptimizerConfig } from '../../src/core/backends/types';
import { createTrainer, train, type TrainingSpec } from '../../src/core';
import { assertSameBits, seededValues, withKernel } from './kernel-support';

/** Seeded values with the awkward ones mixed in: ±0, ±Infinity, NaN, subnormals, large and tiny magnitudes. */
function awkwardValues(length: number, seed: number): Float32Array {
  const values = seededValues(length, seed);
  const specials = [0, -0, Infinity, -Infinity, NaN, 1e-45, -3e-39, 3e38, -2.5e37, 1e-30];
  for (let i = 0; i < length; i += 7) values[i] = specials[(i / 7) % specials.length];
  return values;
}

async function withKernelAsync<T>(kernel: MatmulImplementation, run: () => Promise<T>): Promise<T> {
  setMatmulImplementation(kernel);
  try {
    return await run();
  } finally {
    setMatmulImplementation('auto');
  }
}

const kernels: MatmulImplementation[] = wasmSimdAvailable() ? ['wasm', 'js'] : ['js'];

/** A float32 buffer of the backend holding `values`. */
function bufferOf(backend: Backend, values: Float32Array, label: string): CpuBuffer {
  const buffer = backend.createBuffer('float32', values.length, label);
  backend.write(buffer, values);
  return buffer as CpuBuffer;
}

describe('cpu backend: bound products (bindMatmul)', () => {
  it('a product at offsets inside its blocks, and one split over k into accumulating calls, give the bits of one product', () => {
    const [m, k, n] = [13, 300, 11];
    const a = allocateFloat32(7 + m * k);
    const b = allocateFloat32(5 + k * n);
    const out = allocateFloat32(3 + m * n);
    a.array.set(seededValues(m * k, 1), 7);
    b.array.set(seededValues(k * n, 2), 5);
    const bStart = b.array.subarray(5);
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const options = { transposeA, transposeB };
        for (const kernel of kernels) {
          withKernel(kernel, () => {
            const product = bindMatmul(a, b, out, options);
            out.array.fill(NaN);
            product(m, k, n, 7, 5, 3, false);
            const once = out.array.slice(3);
            // split k = 100 + 150 + 50: each later part continues the running sums already in out
            out.array.fill(NaN);
            let done = 0;
            for (const part of [100, 150, 50]) {
              // A's columns [done, done+part): stored m×k, a row's part starts `done` in; stored k×m, rows `done`… of A
              const sliceA = allocateFloat32(m * part);
              const sliceB = allocateFloat32(part * n);
              for (let i = 0; i < m; i++) {
                for (let p = 0; p < part; p++) {
                  const value = transposeA ? a.array[7 + (done + p) * m + i] : a.array[7 + i * k + done + p];
                  sliceA.array[transposeA ? p * m + i : i * part + p] = value;
                }
              }
              for (let p = 0; p < part; p++) {
                for (let j = 0; j < n; j++) {
                  const value = transposeB ? bStart[j * k + done + p] : bStart[(done + p) * n + j];
                  sliceB.array[transposeB ? j * part + p : p * n + j] = value;
                }
              }
              bindMatmul(sliceA, sliceB, out, options)(m, part, n, 0, 0, 3, done > 0);
              sliceA.free();
              sliceB.free();
              done += part;
            }
            assertSameBits(out.array.slice(3), once, `${kernel} kernel, ${transposeA ? 'Aᵀ' : 'A'}·${transposeB ? 'Bᵀ' : 'B'}, split over k`);
          });
        }
      }
    }
    for (const block of [a, b, out]) block.free();
  });

  it('refuses a product that does not fit its blocks, an output that is an operand, and freed blocks', () => {
    const a = allocateFloat32(12);
    const b = allocateFloat32(12);
    const out = allocateFloat32(9);
    const product = bindMatmul(a, b, out);
    assert.throws(() => product(3, 4, 3, 1, 0, 0, false), /bindMatmul: a 3×4·4×3 product at elements 1, 0, 0 does not fit its blocks of 12, 12, 9 values/);
    assert.throws(() => product(3, 0, 3, 0, 0, 0, false), /does not fit its blocks .* \(or a dimension is below 1\)/);
    assert.throws(() => bindMatmul(a, b, a), /bindMatmul: out must be a block of its own/);
    assert.throws(() => bindMatmul(new Float32Array(4) as never, b, out), /bindMatmul: a must be a Float32Block from allocateFloat32/);
    out.free();
    assert.throws(() => product(3, 4, 3, 0, 0, 0, false), /bindMatmul: a block of this product was freed/);
    a.free();
    b.free();
  });
});

describe('cpu backend: element-wise passes, WebAssembly against JS', () => {
  /** What a pass produced: arrays, and scalars (compared with Object.is, so −0 and +0 differ). */
  interface PassResult {
    arrays: Float32Array[];
    numbers: number[];
  }

  /** Runs `pass` on a fresh backend under each kernel setting; returns its outputs per kernel. */
  function bothKernels(pass: (backend: Backend) => PassResult): PassResult[] {
    return kernels.map((kernel) =>
      withKernel(kernel, () => {
        const backend = createCpuBackend();
        try {
          const { arrays, numbers } = pass(backend);
          return { arrays: arrays.map((values) => values.slice()), numbers };
        } finally {
          backend.dispose();
        }
      }),
    );
  }

  function assertKernelsAgree(results: PassResult[], what: string): void {
    for (let k = 1; k < results.length; k++) {
      results[0].arrays.forEach((values, i) => assertSameBits(results[k].arrays[i], values, `${what}, output ${i}: ${kernels[k]} vs ${kernels[0]}`));
      results[0].numbers.forEach((value, i) => assert.ok(Object.is(results[k].numbers[i], value), `${what}, number ${i}: ${kernels[k]} gave ${results[k].numbers[i]}, ${kernels[0]} ${value}`));
    }
  }

  it('bias add, dz = da·f′, bias gradients, squared norms and non-finite counts give the same bits, awkward values included', () => {
    for (const [rows, channels, spatial] of [[5, 7, 1], [4, 8, 1], [3, 3, 13], [2, 5, 4], [1, 1, 1]]) {
      const count = rows * channels * spatial;
      const results = bothKernels((backend) => {
        const z = bufferOf(backend, awkwardValues(count, count), 'z');
        const bias = bufferOf(backend, awkwardValues(channels, channels + 1), 'bias');
        const da = bufferOf(backend, awkwardValues(count, count + 2), 'da');
        const dz = bufferOf(backend, new Float32Array(count), 'dz');
        const db = bufferOf(backend, new Float32Array(channels), 'db');
        const finite = bufferOf(backend, seededValues(count, count + 3), 'finite values');
        addBias(z, bias, rows, channels, spatial);
        multiply(dz, da, z, count);
        biasGradient(finite, db, rows, channels, spatial, new Float64Array(channels));
        const dbAwkward = bufferOf(backend, new Float32Array(channels), 'db of awkward values');
        biasGradient(dz, dbAwkward, rows, channels, spatial, new Float64Array(channels));
        return {
          arrays: [z.floats, dz.floats, db.floats, dbAwkward.floats],
          numbers: [sumOfSquares(finite), sumOfSquares(z), countNonFinite(z), countNonFinite(finite)],
        };
      });
      assertKernelsAgree(results, `rows ${rows}, channels ${channels}, spatial ${spatial}`);
      const [squares, , nonFinite, finiteCount] = results[0].numbers;
      assert.ok(squares > 0 && Number.isFinite(squares), 'a squared norm of finite values');
      if (count > 14) assert.ok(nonFinite > 0, 'the awkward values include non-finite ones (±Infinity from element 14)');
      assert.equal(finiteCount, 0, 'seeded values are all finite');
    }
  });

  it('2×2 max pooling (NaN, −Infinity and ties included) and its backward pass give the same bits and indices', () => {
    for (const [rows, channels, height, width] of [[2, 3, 7, 9], [1, 2, 8, 8], [3, 1, 5, 16], [1, 1, 3, 2]]) {
      const outHeight = Math.floor(height / 2);
      const outWidth = Math.floor(width / 2);
      const size = rows * channels * height * width;
      const outSize = rows * channels * outHeight * outWidth;
      const values = awkwardValues(size, size);
      for (let i = 3; i < size; i += 11) values[i] = values[i - 1]; // ties
      for (let i = 5; i < size; i += 13) values[i] = -Infinity;
      const results = bothKernels((backend) => {
        const geometry = { maxRows: rows, channels, height, width, size: 2, stride: 2, outHeight, outWidth };
        const input = bufferOf(backend, values, 'x');
        const output = backend.createBuffer('float32', outSize, 'y') as CpuBuffer;
        const argmax = backend.createBuffer('int32', outSize, 'argmax') as CpuBuffer;
        backend.maxPool2dForward({ ...geometry, input, output, argmax }).run(rows);
        const inputGrad = bufferOf(backend, new Float32Array(size).fill(7), 'dx'); // overwritten, not added to
        backend.maxPool2dBackward({ ...geometry, argmax, outputGrad: bufferOf(backend, awkwardValues(outSize, outSize + 1), 'dy'), inputGrad }).run(rows);
        return { arrays: [output.floats, new Float32Array(argmax.ints), inputGrad.floats], numbers: [] };
      });
      assertKernelsAgree(results, `max pooling of ${rows}×${channels}×${height}×${width}`);
    }
  });

  it('SGD (plain, momentum, Nesterov, weight decay, dampening) and Adam updates give the same bits', () => {
    const configs: OptimizerConfig[] = [
      { type: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
      { type: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 0.01 },
      { type: 'sgd', lr: 0.05, momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0 },
      { type: 'adam', lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
      { type: 'adam', lr: 0.003, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.02 },
    ];
    for (const config of configs) {
      for (const length of [1, 6, 37]) {
        const results = bothKernels((backend) => {
          const parameter = bufferOf(backend, seededValues(length, length), 'parameter');
          const gradient = bufferOf(backend, new Float32Array(length), 'gradient');
          const state = [0, 1].map((k) => backend.createBuffer('float32', length, `state ${k}`));
          const update = backend.optimizer({ config, parameter, gradient, state });
          for (let step = 1; step <= 4; step++) {
            backend.write(gradient, seededValues(length, 100 * step + length));
            update.run(step);
          }
          return { arrays: [parameter.floats, ...state.map((s) => (s as CpuBuffer).floats)], numbers: [] };
        });
        assertKernelsAgree(results, `${JSON.stringify(config)}, ${length} values`);
      }
    }
  });
});

/** Geometry of one convolution case. */
interface ConvCase {
  rows: number;
  maxRows: number;
  inChannels: number;
  height: number;
  width: number;
  filters: number;
  kernelSize: number;
  stride: number;
  padding: number;
}

/**
 * The convolution spelled out in the documented orders: z sums the patch (c, ki, kj) in order from +0, padding
 * included as zeros; dW sums the images, then output positions in raster order; db is a float64 total over the images
 * of float64 sums over positions; each dx value adds its terms in the raster order of the output positions they come
 * from, each term a float32 sum over the filters in order.
 */
function referenceConv(c: ConvCase, x: Float32Array, w: Float32Array, bias: Float32Array, dz: Float32Array) {
  const f = Math.fround;
  const { rows, inChannels, height, width, filters, kernelSize: k, stride, padding } = c;
  const outHeight = Math.floor((height + 2 * padding - k) / stride) + 1;
  const outWidth = Math.floor((width + 2 * padding - k) / stride) + 1;
  const positions = outHeight * outWidth;
  const patch = inChannels * k * k;
  const input = (r: number, ch: number, iy: number, ix: number) => (iy >= 0 && iy < height && ix >= 0 && ix < width ? x[((r * inChannels + ch) * height + iy) * width + ix] : 0);
  const column = (r: number, q: number, oy: number, ox: number) => {
    const ch = Math.floor(q / (k * k));
    const ki = Math.floor((q % (k * k)) / k);
    const kj = q % k;
    return input(r, ch, oy * stride - padding + ki, ox * stride - padding + kj);
  };
  const z = new Float32Array(rows * filters * positions);
  for (let r = 0; r < rows; r++) {
    for (let fi = 0; fi < filters; fi++) {
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          let sum = 0;
          for (let q = 0; q < patch; q++) sum = f(sum + f(w[fi * patch + q] * column(r, q, oy, ox)));
          z[((r * filters + fi) * outHeight + oy) * outWidth + ox] = f(sum + bias[fi]);
        }
      }
    }
  }
  const dw = new Float32Array(filters * patch);
  for (let fi = 0; fi < filters; fi++) {
    for (let q = 0; q < patch; q++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) {
        for (let p = 0; p < positions; p++) sum = f(sum + f(dz[(r * filters + fi) * positions + p] * column(r, q, Math.floor(p / outWidth), p % outWidth)));
      }
      dw[fi * patch + q] = sum;
    }
  }
  const db = new Float32Array(filters);
  for (let fi = 0; fi < filters; fi++) {
    let total = 0;
    for (let r = 0; r < rows; r++) {
      let partial = 0;
      for (let p = 0; p < positions; p++) partial += dz[(r * filters + fi) * positions + p];
      total += partial;
    }
    db[fi] = f(total);
  }
  const dx = new Float32Array(rows * inChannels * height * width);
  for (let r = 0; r < rows; r++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let q = 0; q < patch; q++) {
          const ch = Math.floor(q / (k * k));
          const iy = oy * stride - padding + Math.floor((q % (k * k)) / k);
          const ix = ox * stride - padding + (q % k);
          if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
          let term = 0;
          for (let fi = 0; fi < filters; fi++) term = f(term + f(w[fi * patch + q] * dz[(r * filters + fi) * positions + oy * outWidth + ox]));
          const at = ((r * inChannels + ch) * height + iy) * width + ix;
          dx[at] = f(dx[at] + term);
        }
      }
    }
  }
  return { z, dw, db, dx, outHeight, outWidth, positions, patch };
}

describe('cpu backend: convolution', () => {
  const cases: ConvCase[] = [
    { rows: 3, maxRows: 4, inChannels: 2, height: 7, width: 6, filters: 3, kernelSize: 3, stride: 1, padding: 1 },
    { rows: 2, maxRows: 2, inChannels: 1, height: 9, width: 9, filters: 4, kernelSize: 2, stride: 2, padding: 0 },
    { rows: 2, maxRows: 3, inChannels: 3, height: 5, width: 8, filters: 2, kernelSize: 3, stride: 2, padding: 2 },
    { rows: 1, maxRows: 1, inChannels: 2, height: 4, width: 4, filters: 5, kernelSize: 4, stride: 3, padding: 1 },
  ];

  it('forward, dW, db and dx give the bits of the documented summation orders, on either kernel, for any stride and padding', () => {
    for (const c of cases) {
      const { rows, maxRows, inChannels, height, width, filters, kernelSize, stride, padding } = c;
      const patch = inChannels * kernelSize * kernelSize;
      const x = seededValues(maxRows * inChannels * height * width, 11);
      const w = seededValues(filters * patch, 12);
      const biasValues = seededValues(filters, 13);
      const reference = referenceConv(c, x, w, biasValues, new Float32Array(0));
      const { outHeight, outWidth, positions } = reference;
      const dzValues = seededValues(maxRows * filters * positions, 14);
      const expected = referenceConv(c, x, w, biasValues, dzValues);
      for (const kernel of kernels) {
        withKernel(kernel, () => {
          const backend = createCpuBackend();
          const geometry = { maxRows, inChannels, height, width, filters, kernelSize, stride, padding, outHeight, outWidth };
          const input = bufferOf(backend, x, 'x');
          const weight = bufferOf(backend, w, 'w');
          const bias = bufferOf(backend, biasValues, 'bias');
          const columns = backend.createBuffer('float32', maxRows * positions * patch, 'columns');
          const z = backend.createBuffer('float32', maxRows * filters * positions, 'z') as CpuBuffer;
          backend.conv2dForward({ ...geometry, input, weight, bias, columns, product: backend.createBuffer('float32', maxRows * positions * filters, 'product'), preActivation: z, output: z, activation: null }).run(rows);
          const label = `${kernel} kernel, ${JSON.stringify(c)}`;
          assertSameBits(z.floats.subarray(0, rows * filters * positions), expected.z, `${label}: z`);
          const dz = bufferOf(backend, dzValues, 'dz');
          const dw = backend.createBuffer('float32', filters * patch, 'dw') as CpuBuffer;
          const db = backend.createBuffer('float32', filters, 'db') as CpuBuffer;
          const dx = backend.createBuffer('float32', maxRows * inChannels * height * width, 'dx') as CpuBuffer;
          backend
            .conv2dBackward({
              ...geometry,
              columns,
              weight,
              preActivation: z,
              outputGrad: dz,
              preActivationGrad: dz,
              productGrad: backend.createBuffer('float32', maxRows * positions * filters, 'product gradient'),
              columnsGrad: backend.createBuffer('float32', maxRows * positions * patch, 'columns gradient'),
              weightGrad: dw,
              biasGrad: db,
              inputGrad: dx,
              activation: null,
            })
            .run(rows);
          assertSameBits(dw.floats, expected.dw, `${label}: dW`);
          assertSameBits(db.floats, expected.db, `${label}: db`);
          assertSameBits(dx.floats.subarray(0, rows * inChannels * height * width), expected.dx, `${label}: dx`);
          backend.dispose();
        });
      }
    }
  });
});

describe('cpu backend: kernels on WebAssembly and forced to JS train identically', function () {
  this.timeout(60_000);

  const images = (count: number, seed: number) => {
    const values = seededValues(count * 2 * 9 * 9, seed);
    return Array.from({ length: count }, (_, s) => [0, 1].map((c) => Array.from({ length: 9 }, (_, y) => Array.from(values.subarray(((s * 2 + c) * 9 + y) * 9, ((s * 2 + c) * 9 + y + 1) * 9)))));
  };
  const specs: Record<string, TrainingSpec> = {
    'a CNN with stride, padding, per-channel PReLU and leaky_relu, Adam, shuffled batches': {
      seed: 3,
      data: { x: images(22, 5), y: Array.from({ length: 22 }, (_, i) => i % 3) },
      model: {
        input: [2, 9, 9],
        layers: [
          { type: 'conv2d', filters: 5, kernelSize: 3, stride: 2, padding: 1, activation: { name: 'prelu', num_parameters: 5 } },
          { type: 'maxpool2d', size: 2 },
          { type: 'conv2d', filters: 4, kernelSize: 2, stride: 1, padding: 0, activation: { name: 'leaky_relu', negative_slope: 0.1 } },
          { type: 'flatten' },
          { type: 'dense', units: 6, activation: { name: 'prelu', num_parameters: 6 } },
          { type: 'dense', units: 3 },
        ],
      },
      loss: 'cross_entropy',
      optimizer: { type: 'adam', lr: 0.01 },
      batchSize: 8,
      shuffle: true,
      steps: 8,
      metricsEvery: 4,
    } as TrainingSpec,
    'an MLP with gelu(tanh), shared PReLU and elu, Nesterov SGD with weight decay, MSE': {
      seed: 9,
      data: { name: 'spiral', samples: 90, noise: 0.1, testFraction: 0.3 },
      model: {
        input: [2],
        layers: [
          { type: 'dense', units: 12, activation: { name: 'gelu', approximate: 'tanh' } },
          { type: 'dense', units: 7, activation: 'prelu' },
          { type: 'dense', units: 9, activation: 'elu' },
          { type: 'dense', units: 1, activation: 'tanh' },
        ],
      },
      loss: 'mse',
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.001 },
      batchSize: 16,
      steps: 15,
      metricsEvery: 3,
    } as TrainingSpec,
  };

  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: the same history and parameters, bit for bit`, async function () {
      if (kernels.length < 2) this.skip(); // no WebAssembly SIMD here: there is only the JS form to run
      const runs = [];
      for (const kernel of kernels) runs.push(await withKernelAsync(kernel, () => train(spec)));
      assert.deepEqual(runs[1].history, runs[0].history);
      assert.deepEqual(runs[1].parameters, runs[0].parameters);
      assert.deepEqual(runs[1].final, runs[0].final);
    });
  }
});

describe('cpu backend: WebAssembly memory', () => {
  it('a trainer whose memory grows between steps (detaching every view) trains on with the same bits', async function () {
    const heap = wasmHeap();
    if (!heap) this.skip();
    const spec: TrainingSpec = {
      seed: 4,
      data: { name: 'spiral', samples: 60 },
      model: { input: [2], layers: [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 3 }] },
      loss: 'cross_entropy',
      optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 },
      batchSize: 16,
      steps: 6,
      metricsEvery: 2,
    };
    const steady = await createTrainer(spec);
    const grown = await createTrainer(spec);
    const expected = await steady.run(6);
    const history = await grown.run(3);
    const growths = wasmMemoryGrowths();
    reserveWasmMemory(heap!.buffer.byteLength + 4 * 65536);
    assert.ok(wasmMemoryGrowths() > growths, 'the memory grew');
    history.push(...(await grown.run(3)));
    assert.deepEqual(history, expected);
    assert.deepEqual(grown.parameters(), steady.parameters());
    steady.dispose();
    grown.dispose();
  });

  it('a trainer computes in WebAssembly memory and gives it all back on dispose; its kernels then refuse to run', async function () {
    const heap = wasmHeap();
    if (!heap) this.skip();
    const before = heap!.freeBytes();
    const trainer = await createTrainer({
      seed: 1,
      data: { name: 'circle', samples: 64 },
      model: { input: [2], layers: [{ type: 'dense', units: 32, activation: 'relu' }, { type: 'dense', units: 1 }] },
      loss: 'bce_with_logits',
      optimizer: { type: 'sgd', lr: 0.1 },
      batchSize: 16,
      steps: 3,
    });
    await trainer.run(3);
    assert.ok(heap!.freeBytes() < before, 'the trainer’s buffers live in WebAssembly memory');
    trainer.dispose();
    assert.ok(heap!.freeBytes() >= before, `dispose gave back every byte (${heap!.freeBytes()} free, ${before} before)`);
    await assert.rejects(trainer.step(), /this trainer was disposed/);

    const backend = createCpuBackend();
    const buffer = (length: number, label: string) => backend.createBuffer('float32', length, label);
    const relu: KernelActivation = { activation: getActivation('relu'), params: {} };
    const z = buffer(8, 'z');
    const forward = backend.denseForward({ maxRows: 2, inFeatures: 3, outFeatures: 4, input: buffer(6, 'x'), weight: buffer(12, 'w'), bias: buffer(4, 'b'), preActivation: z, output: buffer(8, 'a'), activation: relu });
    forward.run(2);
    backend.dispose();
    assert.throws(() => forward.run(2), /was freed/);
  });
});
