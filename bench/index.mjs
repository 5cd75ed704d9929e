#!/usr/bin/env node
// `npm run bench` (= `node esbuild.js --only=core && node bench/index.mjs`): runs this engine and its peers —
// TensorFlow.js on tfjs-backend-cpu and tfjs-backend-wasm, plain typed arrays, and a TF-Playground-style
// per-neuron network written for this bench — on the same workloads with the same seeds, in one process,
// and prints medians, min–max, ratios against this engine and the issue's performance targets; the run is
// also written to bench-results/ as JSON.
//   node bench/index.mjs [K1 K1T W1 W2 W3 W4 HOVER STARTUP …] [--quick]     (no names: everything)
// K1: sgemm 64/256/1024 (GFLOP/s); K1T: transposed products at 256 (backprop's shapes); W1–W4: training steps.
// HOVER: hover docs (bench/hover.mjs). STARTUP: extension activation in a real VS Code and bundle sizes
// (bench/startup.mjs; production bundles built into a scratch folder, dist/ untouched).
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { calibrate, environment, formatRatio, formatTime, printTable, relativeDifference, timeInRounds, writeResults } from './harness.mjs';
import { seededRandom, workloads } from './workloads.mjs';
import * as engine from './peers/engine.mjs';
import * as plain from './peers/plain.mjs';
import * as playground from './peers/playground.mjs';
import * as tfjs from './peers/tfjs.mjs';
import { runHoverBench } from './hover.mjs';
import { runStartupBench } from './startup.mjs';
import { runWebGpuBench } from './webgpu.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const GROUPS = ['K1', 'K1T', 'W1', 'W2', 'W3', 'W4'];
/** Training-set diagnostics (deadFraction, sparsity, accuracy) only every this many steps: step 0 is in the warm-up. */
const METRICS_EVERY = 1_000_000_000;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: node bench/index.mjs [K1 K1T W1 W2 W3 W4 HOVER STARTUP …] [--quick]');
  process.exit(0);
}
const quick = args.includes('--quick');
const unknownFlags = args.filter((a) => a.startsWith('-') && a !== '--quick' && a !== '--swiftshader');
const names = args.filter((a) => !a.startsWith('-')).map((a) => a.toUpperCase());
const unknownNames = names.filter((n) => !GROUPS.includes(n) && n !== 'HOVER' && n !== 'STARTUP');
if (unknownFlags.length || unknownNames.length) {
  console.error(`bench: unknown ${[...unknownFlags, ...unknownNames].map((a) => `"${a}"`).join(', ')}; workloads are ${GROUPS.join(', ')}, HOVER, STARTUP, flag --quick`);
  process.exit(2);
}
const selected = names.length ? GROUPS.filter((g) => names.includes(g)) : GROUPS;
const budget = (ms) => (quick ? ms / 4 : ms);

let lab;
try {
  lab = require(path.join(ROOT, 'dist/core.cjs'));
} catch (error) {
  console.error(`bench: cannot load dist/core.cjs (${error.message.split('\n')[0]}); build it with \`node esbuild.js --only=core\` (npm run bench does)`);
  process.exit(1);
}

const results = { startedAt: new Date().toISOString(), environment: environment(), groups: selected, quick, metricsEvery: METRICS_EVERY, rows: [], targets: [] };
const rows = results.rows;

/** The issue's targets: this engine's median against a peer's, same run. */
const TARGETS = [
  { key: 'W1', peer: 'plain', atLeast: 2, text: 'W1 ≥ 2× plain typed arrays' },
  { key: 'W2', peer: 'tfjs-wasm', atLeast: 5, text: 'W2 ≥ 5× tfjs-wasm' },
  { key: 'W3', peer: 'tfjs-wasm', atLeast: 3, text: 'W3 ≥ 3× tfjs-wasm' },
  { key: 'W4', peer: 'plain', atLeast: 10, text: 'W4 ≥ 10× plain typed arrays' },
  ...[64, 256, 1024].map((n) => ({ key: `K1 ${n}`, peer: 'tfjs-wasm', atLeast: 1, text: `K1 ${n}: lab.matmul ≥ 1.0× tfjs-wasm` })),
];

/**
 * Measures one workload: creates every implementation (a string instead of a subject: why it cannot run), warms
 * each up, then times them in rounds. `implementations`: [id, label, create].
 */
async function measureGroup(key, implementations, calibration, rounds) {
  const subjects = [];
  for (const [implementation, label, create] of implementations) {
    const row = { key, implementation, label };
    rows.push(row);
    try {
      const subject = await create();
      if (typeof subject === 'string') row.unavailable = subject;
      else {
        await calibrate(subject, calibration);
        subjects.push({ row, subject });
      }
    } catch (error) {
      row.error = (error?.message ?? String(error)).split('\n')[0];
    }
  }
  try {
    await timeInRounds(subjects.map(({ subject }) => subject), rounds);
  } catch (error) {
    for (const { row } of subjects) row.error ??= (error?.message ?? String(error)).split('\n')[0];
  }
  for (const { row, subject } of subjects) {
    const { perStepMs, stepsPerRep, reps, warmupSteps, firstValues, medianMs, minMs, maxMs } = subject;
    Object.assign(row, { medianMs, minMs, maxMs, reps, stepsPerRep, warmupSteps, firstValues, perStepMs });
    try {
      subject.dispose?.();
    } catch {
      // a failed peer may not dispose cleanly; nothing else depends on it
    }
  }
  for (const row of rows.filter((r) => r.key === key)) {
    process.stdout.write(`  ${key.padEnd(9)} ${row.label.padEnd(58)} ${row.error ? `failed: ${row.error}` : row.unavailable ?? formatTime(row.medianMs)}\n`);
  }
}

async function trainingWorkload(id) {
  const workload = workloads[id]();
  console.log(`\n${id}: ${workload.title}`);
  const slow = id === 'W3' || id === 'W4';
  const engineReason = engine.unavailableReason(lab);
  await measureGroup(
    id,
    [
      ['engine', engine.label, () => engineReason ?? engine.createTrainer(lab, workload, METRICS_EVERY)],
      ['plain', plain.label, () => plain.createTrainer(workload)],
      ['playground', playground.label, () => playground.createTrainer(workload) ?? playground.unsupported],
      ['tfjs-cpu', tfjs.labels.cpu, () => tfjs.createTrainer(workload, 'cpu')],
      ['tfjs-wasm', tfjs.labels.wasm, () => tfjs.createTrainer(workload, 'wasm')],
    ],
    { warmupMs: budget(slow ? 800 : 400), repMs: 60 },
    { budgetMs: budget(slow ? 15000 : 8000), minReps: quick ? 3 : 7, maxRowMs: budget(20000) },
  );
}

function squareMatrix(size, seed) {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size * size }, () => random() * 2 - 1);
}

/** lab.matmul with a forced kernel ('js': the pure-TS fallback), or 'auto'; `output` keeps the last product. */
function labMatmul(kernel, a, b, size, options) {
  if (kernel !== 'auto' && typeof lab.setMatmulImplementation !== 'function') return 'n/a: dist/core.cjs does not export setMatmulImplementation';
  const out = new Float32Array(size * size);
  return {
    step() {
      if (kernel !== 'auto') lab.setMatmulImplementation(kernel);
      try {
        return lab.matmul(a, b, size, size, size, out, options);
      } finally {
        if (kernel !== 'auto') lab.setMatmulImplementation('auto');
      }
    },
  };
}

async function sgemm(key, size, options = {}) {
  const a = squareMatrix(size, size);
  const b = squareMatrix(size, size + 1);
  const big = size >= 1024;
  const kernelName = typeof lab.matmulImplementation === 'function' ? lab.matmulImplementation() : 'default';
  const reference = lab.matmul(a, b, size, size, size, undefined, options);
  const outputs = new Map();
  /** Keeps the subject's first product, to check it against this engine's. */
  const checked = (id, create) => async () => {
    const subject = await create();
    if (typeof subject !== 'string') outputs.set(id, Float32Array.from(subject.step()));
    return subject;
  };
  await measureGroup(
    key,
    [
      ['engine', `Activation Lab lab.matmul (${kernelName} kernel)`, checked('engine', () => labMatmul('auto', a, b, size, options))],
      ['engine-js', 'Activation Lab lab.matmul, pure-TS fallback (forced)', checked('engine-js', () => labMatmul('js', a, b, size, options))],
      ['tfjs-wasm', 'tfjs-wasm tf.matMul (XNNPACK, 1 thread)', checked('tfjs-wasm', () => tfjs.createMatmul('wasm', a, b, size, options))],
      ['tfjs-cpu', 'tfjs-cpu tf.matMul', checked('tfjs-cpu', () => tfjs.createMatmul('cpu', a, b, size, options))],
    ],
    { warmupMs: budget(big ? 1500 : 300), repMs: big ? 200 : 30 },
    { budgetMs: budget(big ? 12000 : 4000), minReps: big ? 5 : 9, maxRowMs: budget(12000) },
  );
  for (const row of rows.filter((r) => r.key === key && r.medianMs)) {
    row.gflops = (2 * size ** 3) / (row.medianMs * 1e6);
    if (outputs.has(row.implementation)) row.check = maxRelativeError(outputs.get(row.implementation), reference);
  }
}

/** max |x − y| / max |y|: agreement of a product with this engine's. */
function maxRelativeError(x, y) {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return diff / scale;
}

console.log(`Activation Lab benchmark — ${results.environment.cpu}, ${results.environment.logicalCores} logical cores, Node ${process.version}, load ${results.environment.loadAverage.join(' ')}`);
console.log('Single-threaded throughout (tfjs-wasm without its thread pool). Same seeds, data, initial parameters and batches for every');
console.log(`implementation; SGD, lr 0.05. The engine runs with spec.metricsEvery = ${METRICS_EVERY} (training-set diagnostics at step 0 only,`);
console.log('inside the warm-up); loss and gradNorm are still computed every step. Each implementation is warmed up, then timed');
console.log('repetitions are taken in rounds (one of each implementation per round), so load changes hit all of them alike.');
if (quick) console.log('--quick: shorter warm-ups and fewer repetitions');
if (selected.some((g) => g.startsWith('W')) && engine.unavailableReason(lab)) console.log(`Engine W rows: ${engine.unavailableReason(lab)}; the peers still run.`);

// Hover docs (bench/hover.mjs): run when named (HOVER) or when no workload is named.
if (!names.length || names.includes('HOVER')) results.hover = runHoverBench(lab, { quick });
// Start-up (bench/startup.mjs): activation time in a real VS Code and bundle sizes, when named (STARTUP) or when no
// workload is named.
if (!names.length || names.includes('STARTUP')) {
  try {
    results.startup = await runStartupBench({ quick });
  } catch (error) {
    results.startup = { error: (error?.message ?? String(error)).split('\n')[0] };
    console.log(`\nSTARTUP failed: ${results.startup.error}`);
  }
}
// WebGPU rows (bench/webgpu.mjs): this engine's WebGPU backend vs tfjs-backend-webgpu vs the CPU backend on the same
// workloads, when a hardware adapter exists (it says why it skipped otherwise; --swiftshader forces the software one).
const webgpuGroups = selected.filter((g) => g.startsWith('W'));
if (webgpuGroups.length || !names.length) results.webgpu = await runWebGpuBench({ lab, quick, groups: webgpuGroups.length ? webgpuGroups : undefined, swiftshader: process.argv.includes('--swiftshader') });
if (!selected.length) {
  console.log(`\nresults: ${path.relative(ROOT, writeResults(ROOT, results))}`);
  process.exit(0);
}
await tfjs.loadTfjs();
console.log(`tfjs ${tfjs.version()} — wasm backend: ${tfjs.wasmFlavour()}`);
for (const group of selected) {
  if (group === 'K1') {
    console.log('\nK1: sgemm C = A·B, n×n, float32');
    for (const size of [64, 256, 1024]) await sgemm(`K1 ${size}`, size);
  } else if (group === 'K1T') {
    console.log('\nK1T: transposed sgemm at 256 (the products of backprop: dW = Xᵀ·δ, dX = δ·Wᵀ)');
    await sgemm('K1T Aᵀ·B', 256, { transposeA: true });
    await sgemm('K1T A·Bᵀ', 256, { transposeB: true });
  } else {
    await trainingWorkload(group);
  }
}

// ── report ──────────────────────────────────────────────────────────────────────────────────────────────────
const engineRow = (key) => rows.find((r) => r.key === key && r.implementation === 'engine');
const plainRow = (key) => rows.find((r) => r.key === key && r.implementation === 'plain');
const table = rows.map((row) => {
  const base = engineRow(row.key);
  const ratio = row.medianMs && base?.medianMs ? row.medianMs / base.medianMs : Number.NaN;
  row.engineSpeedup = Number.isFinite(ratio) ? ratio : null;
  let note = row.error ? `failed: ${row.error}` : row.unavailable ?? '';
  if (row.gflops) note = `${row.gflops.toFixed(1)} GFLOP/s${row.check !== undefined ? `, max rel. diff vs lab ${row.check.toExponential(1)}` : ''}`;
  else if (!row.error && !row.unavailable && row.key.startsWith('W')) {
    const reference = plainRow(row.key);
    const diff = relativeDifference(row.firstValues, reference?.firstValues);
    row.lossCheck = Number.isFinite(diff) ? diff : null;
    const losses = row.firstValues.map((l) => l.toFixed(4)).join(', ');
    note = row.implementation === 'plain' ? `losses t=0..2: ${losses}` : `losses t=0..2 rel. diff vs plain ${diff.toExponential(1)}${diff > 1e-3 ? ' ← CHECK' : ''}`;
  }
  const range = row.medianMs ? `${formatTime(row.minMs)} – ${formatTime(row.maxMs)}` : '';
  const reps = row.medianMs ? `${row.reps}×${row.stepsPerRep}` : '';
  return [row.key, row.label, row.medianMs ? formatTime(row.medianMs) : '—', range, reps, row.implementation === 'engine' ? '1×' : formatRatio(ratio), note];
});
console.log('\nMedian time per training step (W) or per product (K), min–max over repetitions; "engine is" = peer median / engine median.\n');
printTable(['workload', 'implementation', 'median', 'min – max', 'reps×n', 'engine is', 'notes'], table);

const verdicts = [];
for (const target of TARGETS) {
  if (!selected.includes(target.key.split(' ')[0])) continue;
  const mine = engineRow(target.key);
  const peer = rows.find((r) => r.key === target.key && r.implementation === target.peer);
  let verdict;
  let ratio = null;
  if (!mine?.medianMs) verdict = `not measured: ${mine?.unavailable ?? mine?.error ?? 'no engine row'}`;
  else if (!peer?.medianMs) verdict = `not measured: ${target.peer} ${peer?.unavailable ?? peer?.error ?? 'did not run'}`;
  else {
    ratio = peer.medianMs / mine.medianMs;
    verdict = ratio >= target.atLeast ? 'met' : 'MISSED';
  }
  results.targets.push({ target: target.text, ratio, required: target.atLeast, verdict });
  verdicts.push([target.text, ratio === null ? '—' : formatRatio(ratio), verdict]);
}
if (results.startup?.verdict) {
  const { targetMs, vscode, nodeRequire } = results.startup;
  const own = vscode?.lazy?.own?.medianMs ?? nodeRequire?.lazy?.medianMs;
  const text = `STARTUP: activation < ${targetMs} ms (the extension's own cost, median)`;
  results.targets.push({ target: text, measuredMs: own, verdict: results.startup.verdict });
  verdicts.push([text, formatTime(own), results.startup.verdict]);
}
if (verdicts.length) {
  console.log('\nTargets (same run, medians):\n');
  printTable(['target', 'measured', 'verdict'], verdicts);
}
results.finishedAt = new Date().toISOString();
// the machine's load over the run, for reading the medians: other work on the same cores slows every row alike
results.loadAverageAtEnd = environment().loadAverage;
console.log(`\nload average at the start ${results.environment.loadAverage.join(' ')}, at the end ${results.loadAverageAtEnd.join(' ')} (1, 5, 15 min)`);
console.log(`results: ${path.relative(ROOT, writeResults(ROOT, results))}`);
// Dawn (the webgpu package) keeps Node's event loop alive: end explicitly.
process.exit(0);
