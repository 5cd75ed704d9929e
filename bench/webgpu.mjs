#!/usr/bin/env node
// WebGPU rows of the benchmark: this engine's WebGPU backend against TensorFlow.js on tfjs-backend-webgpu (and this
// engine's CPU backend for reference), on the same W1–W4 workloads, seeds and batches, in one process, with ratios.
// It needs a WebGPU adapter — in Node, the `webgpu` package (Dawn) and a Vulkan driver; without one it says why and
// measures nothing. A software adapter (SwiftShader) runs, but its times say nothing about GPU speed.
//   node bench/webgpu.mjs [W1 W2 W3 W4 …] [--quick] [--swiftshader]
//   --swiftshader: use Debian chromium's SwiftShader Vulkan driver when no other is configured (as the tests do).
// bench/index.mjs can call runWebGpuBench({ lab, quick, groups }) to add these rows to `npm run bench`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { calibrate, environment, formatRatio, formatTime, printTable, relativeDifference, timeInRounds, writeResults } from './harness.mjs';
import { specOf, workloads } from './workloads.mjs';
import * as tfjs from './peers/tfjs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const GROUPS = ['W1', 'W2', 'W3', 'W4'];
/** Training-set diagnostics only at step 0 (inside the warm-up), as in bench/index.mjs. */
const METRICS_EVERY = 1_000_000_000;

/** Points Dawn at SwiftShader from Debian's chromium (VK_ICD_FILENAMES, and its Vulkan loader loaded in-process). */
function useSwiftShader() {
  const folder = '/usr/lib/chromium';
  if (!fs.existsSync(`${folder}/vk_swiftshader_icd.json`)) return 'no /usr/lib/chromium/vk_swiftshader_icd.json (apt-get install chromium)';
  process.env.VK_ICD_FILENAMES ??= `${folder}/vk_swiftshader_icd.json`;
  try {
    process.dlopen({ exports: {} }, `${folder}/libvulkan.so.1`, os.constants.dlopen.RTLD_NOW | os.constants.dlopen.RTLD_GLOBAL | 0x1000 /* RTLD_NODELETE */);
  } catch {
    // not a Node addon: expected; RTLD_NODELETE keeps the loader mapped for Dawn's dlopen("libvulkan.so.1")
  }
  return null;
}

/**
 * A WebGPU entry point with an adapter, or the reason there is none. The `GPU` object must stay referenced while
 * devices from it are used (Dawn's instance lives as long as it does).
 */
export async function openGpu({ swiftshader = false } = {}) {
  if (swiftshader) {
    const problem = useSwiftShader();
    if (problem) return { gpu: null, reason: problem };
  }
  let webgpu;
  try {
    webgpu = await import('webgpu');
  } catch (error) {
    return { gpu: null, reason: `the "webgpu" package is not installed (${error.message.split('\n')[0]})` };
  }
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { gpu: null, reason: 'WebGPU unavailable: no adapter (no Vulkan/Metal/D3D driver Dawn can use; --swiftshader uses a software one)' };
  const info = adapter.info ?? {};
  return { gpu, adapter, description: [info.vendor, info.architecture, info.description].filter(Boolean).join(' '), software: info.isFallbackAdapter === true };
}

/** Makes `gpu` navigator.gpu, as tfjs-backend-webgpu expects. */
function installNavigatorGpu(gpu) {
  if (typeof globalThis.navigator === 'undefined') globalThis.navigator = {};
  Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
}

/** Registers tfjs-backend-webgpu with the peers' tfjs-core; a string says why it cannot run. */
async function loadTfjsWebGpu(gpu) {
  await tfjs.loadTfjs();
  // It registers its backend on import, and only when navigator.gpu exists.
  installNavigatorGpu(gpu);
  try {
    require('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    return `@tensorflow/tfjs-backend-webgpu is not installed (npm install --save-dev @tensorflow/tfjs-backend-webgpu): ${error.message.split('\n')[0]}`;
  }
  const tf = require('@tensorflow/tfjs-core');
  if (!(await tf.setBackend('webgpu'))) return 'tfjs-backend-webgpu failed to initialise';
  return null;
}

/** PyTorch's [out][in] dense weight as tfjs's [in][out]. */
function transposed(weight, rows, cols) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = weight[r * cols + c];
  return out;
}

/**
 * The workload in tfjs on tfjs-backend-webgpu, reading the loss back with the asynchronous `data()` (its dataSync
 * needs OffscreenCanvas, which Node lacks): the peer of the engine's WebGPU row, same parameters and batches.
 */
async function tfjsWebGpuSubject(workload) {
  const tf = require('@tensorflow/tfjs-core');
  await tf.setBackend('webgpu');
  const { x, y, features } = workload.data;
  const batch = workload.batchSize;
  const batchCount = workload.samples / batch;
  const outputs = workload.layers[workload.layers.length - 1].units;
  const cnn = workload.kind === 'cnn';
  const batches = Array.from({ length: batchCount }, (_, index) => {
    const rows = x.subarray(index * batch * features, (index + 1) * batch * features);
    const labels = y.subarray(index * batch, (index + 1) * batch);
    return {
      inputs: cnn ? tf.tensor4d(rows, [batch, 28, 28, 1]) : tf.tensor2d(rows, [batch, features]),
      targets: workload.loss === 'bce_with_logits' ? tf.tensor2d(Float32Array.from(labels), [batch, 1]) : tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), outputs), 'float32'),
    };
  });
  const weights = [];
  const biases = [];
  for (const layer of workload.layers) {
    biases.push(tf.variable(tf.tensor1d(layer.bias)));
    if (layer.type === 'dense' && !cnn) weights.push(tf.variable(tf.tensor2d(transposed(layer.weight, layer.units, layer.inputs), [layer.inputs, layer.units])));
    else if (layer.type === 'dense') {
      // PyTorch flattens NCHW as (c, y, x), tfjs NHWC as (y, x, c): reorder the dense inputs to match.
      const channels = 32;
      const positions = layer.inputs / channels;
      const reordered = new Float32Array(layer.inputs * layer.units);
      for (let o = 0; o < layer.units; o++) for (let c = 0; c < channels; c++) for (let p = 0; p < positions; p++) reordered[(p * channels + c) * layer.units + o] = layer.weight[o * layer.inputs + c * positions + p];
      weights.push(tf.variable(tf.tensor2d(reordered, [layer.inputs, layer.units])));
    } else {
      // PyTorch [out][in][kh][kw] → tfjs HWIO [kh][kw][in][out].
      const hwio = new Float32Array(layer.weight.length);
      for (let o = 0; o < layer.filters; o++)
        for (let i = 0; i < layer.inChannels; i++)
          for (let k = 0; k < 9; k++) hwio[(k * layer.inChannels + i) * layer.filters + o] = layer.weight[(o * layer.inChannels + i) * 9 + k];
      weights.push(tf.variable(tf.tensor4d(hwio, [3, 3, layer.inChannels, layer.filters])));
    }
  }
  const forward = (inputs) => {
    let h = inputs;
    workload.layers.forEach((layer, l) => {
      if (layer.type === 'conv2d') h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, weights[l], 1, 'same'), biases[l])), 2, 2, 'valid');
      else {
        if (cnn) h = tf.reshape(h, [batch, layer.inputs]);
        h = tf.add(tf.matMul(h, weights[l]), biases[l]);
        if (layer.activation === 'relu') h = tf.relu(h);
      }
    });
    return h;
  };
  const lossOf = (logits, targets) => (workload.loss === 'bce_with_logits' ? tf.losses.sigmoidCrossEntropy(targets, logits) : tf.losses.softmaxCrossEntropy(targets, logits));
  const optimizer = tf.train.sgd(workload.lr);
  const variables = [...weights, ...biases];
  let t = 0;
  return {
    isAsync: true,
    activate: () => tf.setBackend('webgpu'),
    async step() {
      const { inputs, targets } = batches[t++ % batchCount];
      const cost = optimizer.minimize(() => lossOf(forward(inputs), targets), true, variables);
      const loss = (await cost.data())[0];
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

/** This engine on a backend, stepped one optimizer step (and one metrics readback) at a time. */
async function engineSubject(lab, workload, options) {
  const trainer = await lab.createTrainer(specOf(workload, METRICS_EVERY), options);
  if (options.backend === 'webgpu' && trainer.backendName !== 'webgpu') return `fell back to ${trainer.backendName}: ${trainer.backendReason}`;
  return {
    isAsync: true,
    async step() {
      return (await trainer.step()).loss;
    },
    dispose() {
      trainer.dispose();
    },
  };
}

/** Measures the WebGPU rows; prints them and returns { rows, adapter, skipped }. */
export async function runWebGpuBench({ lab, quick = false, groups = GROUPS, swiftshader = false } = {}) {
  const budget = (ms) => (quick ? ms / 4 : ms);
  const opened = await openGpu({ swiftshader });
  if (!opened.gpu) {
    console.log(`\nWebGPU rows skipped: ${opened.reason}`);
    return { rows: [], skipped: opened.reason };
  }
  const { gpu, description, software } = opened;
  console.log(`\nWebGPU rows on ${description}${software ? ' — a SOFTWARE adapter: these times say nothing about GPU speed' : ''}`);
  const tfjsProblem = await loadTfjsWebGpu(gpu);
  const rows = [];
  for (const id of groups.filter((g) => GROUPS.includes(g))) {
    const workload = workloads[id]();
    console.log(`\n${id}: ${workload.title}`);
    const implementations = [
      ['engine-webgpu', 'Activation Lab (webgpu backend)', () => engineSubject(lab, workload, { backend: 'webgpu', gpu, checkpointEveryMs: 1e9 })],
      ['tfjs-webgpu', 'tfjs-core + tfjs-backend-webgpu', () => tfjsProblem ?? tfjsWebGpuSubject(workload)],
      ['engine-cpu', 'Activation Lab (cpu backend)', () => engineSubject(lab, workload, { backend: 'cpu' })],
    ];
    const subjects = [];
    for (const [implementation, label, create] of implementations) {
      const row = { key: id, implementation, label };
      rows.push(row);
      try {
        const subject = await create();
        if (typeof subject === 'string') row.unavailable = subject;
        else {
          await calibrate(subject, { warmupMs: budget(id === 'W4' ? 1500 : 600), repMs: 100 });
          subjects.push({ row, subject });
        }
      } catch (error) {
        row.error = (error?.message ?? String(error)).split('\n')[0];
      }
    }
    await timeInRounds(
      subjects.map(({ subject }) => subject),
      { budgetMs: budget(8000), minReps: quick ? 3 : 5, maxRowMs: budget(20000) },
    );
    for (const { row, subject } of subjects) {
      Object.assign(row, { medianMs: subject.medianMs, minMs: subject.minMs, maxMs: subject.maxMs, reps: subject.reps, stepsPerRep: subject.stepsPerRep, firstValues: subject.firstValues });
      subject.dispose?.();
    }
    for (const row of rows.filter((r) => r.key === id)) console.log(`  ${id.padEnd(4)} ${row.label.padEnd(36)} ${row.error ? `failed: ${row.error}` : row.unavailable ?? formatTime(row.medianMs)}`);
  }
  const engineRow = (key) => rows.find((r) => r.key === key && r.implementation === 'engine-webgpu');
  const cpuRow = (key) => rows.find((r) => r.key === key && r.implementation === 'engine-cpu');
  const table = rows.map((row) => {
    const base = engineRow(row.key);
    const ratio = row.medianMs && base?.medianMs ? row.medianMs / base.medianMs : Number.NaN;
    const diff = relativeDifference(row.firstValues, cpuRow(row.key)?.firstValues);
    const note = row.error ? `failed: ${row.error}` : row.unavailable ?? (Number.isFinite(diff) ? `losses t=0..2 rel. diff vs engine cpu ${diff.toExponential(1)}` : '');
    return [row.key, row.label, row.medianMs ? formatTime(row.medianMs) : '—', row.implementation === 'engine-webgpu' ? '1×' : formatRatio(ratio), note];
  });
  console.log(`\nMedian time per training step, one loss readback per step; "engine is" = row median / engine-webgpu median.${software ? ' (software adapter)' : ''}\n`);
  printTable(['workload', 'implementation', 'median', 'engine is', 'notes'], table);
  return { rows, adapter: { description, software } };
}

// Standalone: node bench/webgpu.mjs [W1 …] [--quick] [--swiftshader]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const swiftshader = args.includes('--swiftshader');
  const names = args.filter((a) => !a.startsWith('-')).map((a) => a.toUpperCase());
  const unknown = [...names.filter((n) => !GROUPS.includes(n)), ...args.filter((a) => a.startsWith('-') && a !== '--quick' && a !== '--swiftshader')];
  if (unknown.length) {
    console.error(`bench/webgpu: unknown ${unknown.map((a) => `"${a}"`).join(', ')}; workloads are ${GROUPS.join(', ')}, flags --quick, --swiftshader`);
    process.exit(2);
  }
  let lab;
  try {
    lab = require(path.join(ROOT, 'dist/core.cjs'));
  } catch (error) {
    console.error(`bench/webgpu: cannot load dist/core.cjs (${error.message.split('\n')[0]}); build it with \`node esbuild.js --only=core\``);
    process.exit(1);
  }
  const results = { startedAt: new Date().toISOString(), environment: environment(), quick, metricsEvery: METRICS_EVERY, webgpu: null };
  results.webgpu = await runWebGpuBench({ lab, quick, groups: names.length ? names : GROUPS, swiftshader });
  results.finishedAt = new Date().toISOString();
  console.log(`\nresults: ${path.relative(ROOT, writeResults(ROOT, results))}`);
  // Dawn keeps Node alive while its instance is referenced.
  process.exit(0);
}
