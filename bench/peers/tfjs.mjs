// Peers "tfjs-cpu" and "tfjs-wasm": the same networks in TensorFlow.js (@tensorflow/tfjs-core ops, gradients by
// `optimizer.minimize`), on tfjs-backend-cpu and on tfjs-backend-wasm (XNNPACK, SIMD, one thread).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let tf;
let wasmBackend;

/** Loads tfjs-core with both backends; the WebAssembly backend single-threaded, its .wasm files from node_modules. */
export async function loadTfjs() {
  if (tf) return tf;
  const warn = console.warn;
  console.warn = () => {}; // tfjs-core suggests installing tfjs-node on import
  try {
    tf = require('@tensorflow/tfjs-core');
    registerGradients();
    require('@tensorflow/tfjs-backend-cpu');
    wasmBackend = require('@tensorflow/tfjs-backend-wasm');
  } finally {
    console.warn = warn;
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasmBackend.setThreadsCount(1);
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
  wasmBackend.setWasmPaths(wasmDir);
  for (const backend of ['wasm', 'cpu']) {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' failed to initialise`);
  }
  return tf;
}

/**
 * tfjs-core's Node bundle has no gradients (the union `@tensorflow/tfjs` package adds them); its ESM
 * `register_all_gradients` cannot be loaded by Node directly (extensionless imports), so esbuild bundles it to a
 * temporary CommonJS file. It registers into tfjs's global gradient registry, which every copy shares.
 */
function registerGradients() {
  const esbuild = require('esbuild');
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-bench-')), 'tfjs-gradients.cjs');
  esbuild.buildSync({ entryPoints: [require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error' });
  require(outfile);
  fs.rmSync(path.dirname(outfile), { recursive: true, force: true });
}

/** Which tfjs WebAssembly binary is in use (simd / threaded-simd / plain). */
export function wasmFlavour() {
  const flags = tf.env().getFlags();
  return `${flags.WASM_HAS_SIMD_SUPPORT ? 'simd' : 'no simd'}, ${flags.WASM_HAS_MULTITHREAD_SUPPORT ? 'threaded' : '1 thread'}`;
}

export const labels = { cpu: 'tfjs-core + tfjs-backend-cpu', wasm: 'tfjs-core + tfjs-backend-wasm (XNNPACK, 1 thread)' };

/** A W-workload trainer on the given tfjs backend ('cpu' or 'wasm'). */
export async function createTrainer(workload, backend) {
  await loadTfjs();
  await tf.setBackend(backend);
  const { x, y, features } = workload.data;
  const batch = workload.batchSize;
  const batchCount = workload.samples / batch;
  const outputs = workload.layers[workload.layers.length - 1].units;
  const batches = [];
  for (let index = 0; index < batchCount; index++) {
    const rows = x.subarray(index * batch * features, (index + 1) * batch * features);
    const labels = y.subarray(index * batch, (index + 1) * batch);
    const inputs = workload.kind === 'mlp' ? tf.tensor2d(rows, [batch, features]) : tf.tensor4d(rows, [batch, 28, 28, 1]);
    const targets = workload.loss === 'bce_with_logits' ? tf.tensor2d(Float32Array.from(labels), [batch, 1]) : tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), outputs), 'float32');
    batches.push({ inputs, targets });
  }
  const parameters = workload.kind === 'mlp' ? mlpParameters(workload) : cnnParameters(workload);
  const optimizer = tf.train.sgd(workload.lr);
  const forward = workload.kind === 'mlp' ? (inputs) => mlpForward(workload, parameters, inputs) : (inputs) => cnnForward(parameters, inputs, batch);
  const lossOf = (logits, targets) =>
    workload.loss === 'bce_with_logits' ? tf.losses.sigmoidCrossEntropy(targets, logits) : tf.losses.softmaxCrossEntropy(targets, logits);
  const variables = [...parameters.weights, ...parameters.biases];
  let t = 0;
  return {
    activate: () => tf.setBackend(backend),
    step() {
      const { inputs, targets } = batches[t++ % batchCount];
      const cost = optimizer.minimize(() => lossOf(forward(inputs), targets), true, variables);
      const loss = cost.dataSync()[0];
      cost.dispose();
      return loss;
    },
    dispose() {
      for (const { inputs, targets } of batches) tf.dispose([inputs, targets]);
      tf.dispose(variables);
      optimizer.dispose();
    },
  };
}

/** Dense weights as tfjs keeps them, [inputs, units] (PyTorch's [units, inputs] transposed). */
function transposed(weight, rows, cols) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = weight[r * cols + c];
  return out;
}

function mlpParameters(workload) {
  return {
    weights: workload.layers.map((l) => tf.variable(tf.tensor2d(transposed(l.weight, l.units, l.inputs), [l.inputs, l.units]))),
    biases: workload.layers.map((l) => tf.variable(tf.tensor1d(l.bias))),
  };
}

function mlpForward(workload, { weights, biases }, inputs) {
  let h = inputs;
  workload.layers.forEach((layer, l) => {
    h = tf.add(tf.matMul(h, weights[l]), biases[l]);
    if (layer.activation === 'relu') h = tf.relu(h);
  });
  return h;
}

function cnnParameters(workload) {
  const [conv1, conv2, dense] = workload.layers;
  // PyTorch conv weight [out][in][kh][kw] → tfjs HWIO [kh][kw][in][out]
  const hwio = (layer) => {
    const out = new Float32Array(layer.weight.length);
    for (let o = 0; o < layer.filters; o++)
      for (let i = 0; i < layer.inChannels; i++)
        for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) out[((ky * 3 + kx) * layer.inChannels + i) * layer.filters + o] = layer.weight[((o * layer.inChannels + i) * 3 + ky) * 3 + kx];
    return tf.variable(tf.tensor4d(out, [3, 3, layer.inChannels, layer.filters]));
  };
  // PyTorch flattens NCHW as (c, y, x); tfjs flattens NHWC as (y, x, c): reorder the dense weight's inputs to match
  const denseWeight = new Float32Array(1568 * 10);
  for (let o = 0; o < 10; o++)
    for (let c = 0; c < 32; c++) for (let p = 0; p < 49; p++) denseWeight[(p * 32 + c) * 10 + o] = dense.weight[o * 1568 + c * 49 + p];
  return {
    weights: [hwio(conv1), hwio(conv2), tf.variable(tf.tensor2d(denseWeight, [1568, 10]))],
    biases: [conv1, conv2, dense].map((l) => tf.variable(tf.tensor1d(l.bias))),
  };
}

function cnnForward({ weights, biases }, inputs, batch) {
  let h = tf.relu(tf.add(tf.conv2d(inputs, weights[0], 1, 'same'), biases[0]));
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.relu(tf.add(tf.conv2d(h, weights[1], 1, 'same'), biases[1]));
  h = tf.maxPool(h, 2, 2, 'valid');
  return tf.add(tf.matMul(tf.reshape(h, [batch, 1568]), weights[2]), biases[2]);
}

/** tf.matMul on prepared tensors, result read back: one sgemm as a tfjs user runs it. */
export async function createMatmul(backend, a, b, size, options = {}) {
  await loadTfjs();
  await tf.setBackend(backend);
  const ta = tf.tensor2d(a, [size, size]);
  const tb = tf.tensor2d(b, [size, size]);
  return {
    activate: () => tf.setBackend(backend),
    step() {
      const c = tf.matMul(ta, tb, options.transposeA ?? false, options.transposeB ?? false);
      const values = c.dataSync();
      c.dispose();
      return values;
    },
    dispose() {
      tf.dispose([ta, tb]);
    },
  };
}

/** tfjs-core's version. */
export function version() {
  return tf.version_core;
}
