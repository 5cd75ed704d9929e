// Whole training runs on the WebGPU backend against the CPU backend: an MLP and a CNN agree step by step (losses
// within 1e-4 relative over 50 steps), metrics are read back once per window when metricsEvery asks for fewer,
// `auto` and `webgpu` pick (or refuse) the GPU saying why, and a device destroyed mid-run hands training to the CPU,
// which continues from the last parameters read back.
import { strict as assert } from 'node:assert';
import { createTrainer, train, type StepMetrics, type TrainingSpec } from '../../src/core';
import { WEBGPU_REASONS } from '../../src/core/backends/webgpu';
import { openTestGpu, type TestGpu } from './webgpu-support';

/** The tolerance for whole runs. */
const LOSS_RELATIVE = 1e-4;

const mlpSpec = (extra: Partial<TrainingSpec> = {}): TrainingSpec => ({
  seed: 5,
  data: { name: 'spiral_3class', samples: 150, noise: 0.1, testFraction: 0.2 },
  model: {
    input: [2],
    layers: [
      { type: 'dense', units: 12, activation: 'relu' },
      { type: 'dense', units: 9, activation: { name: 'prelu', num_parameters: 9 } },
      { type: 'dense', units: 7, activation: 'gelu' },
      { type: 'dense', units: 3 },
    ],
  },
  loss: 'cross_entropy',
  optimizer: { type: 'adam', lr: 0.01 },
  batchSize: 24,
  shuffle: true,
  steps: 50,
  metricsEvery: 10,
  ...extra,
});

const cnnSpec = (extra: Partial<TrainingSpec> = {}): TrainingSpec => ({
  seed: 2,
  data: { name: 'digits', samples: 120, testFraction: 0.25 },
  model: {
    input: [1, 8, 8],
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: 3, padding: 1, activation: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'conv2d', filters: 5, kernelSize: 2, stride: 1, activation: 'tanh' },
      { type: 'flatten' },
      { type: 'dense', units: 10 },
    ],
  },
  loss: 'cross_entropy',
  optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 },
  batchSize: 16,
  shuffle: true,
  steps: 50,
  metricsEvery: 25,
  ...extra,
});

/** Asserts two histories agree: same steps, losses within LOSS_RELATIVE, gradient norms close, same diagnostics present. */
function assertSameRun(gpu: StepMetrics[], cpu: StepMetrics[], label: string): number {
  assert.equal(gpu.length, cpu.length, `${label}: ${gpu.length} GPU steps vs ${cpu.length} CPU steps`);
  let worst = 0;
  gpu.forEach((entry, t) => {
    const expected = cpu[t];
    assert.equal(entry.step, expected.step);
    const relative = Math.abs(entry.loss - expected.loss) / Math.abs(expected.loss);
    worst = Math.max(worst, relative);
    assert.ok(relative <= LOSS_RELATIVE, `${label} step ${t}: loss ${entry.loss} on WebGPU vs ${expected.loss} on the CPU (relative ${relative.toExponential(2)} > ${LOSS_RELATIVE})`);
    entry.gradNorm.forEach((norm, i) => assert.ok(Math.abs(norm - expected.gradNorm[i]) <= 1e-3 * Math.max(1e-3, expected.gradNorm[i]), `${label} step ${t}: gradNorm[${i}] ${norm} vs ${expected.gradNorm[i]}`));
    assert.equal(entry.deadFraction === undefined, expected.deadFraction === undefined, `${label} step ${t}: full diagnostics on one backend only`);
    if (entry.accuracy !== undefined) assert.ok(Math.abs(entry.accuracy - expected.accuracy!) <= 0.02, `${label} step ${t}: accuracy ${entry.accuracy} vs ${expected.accuracy}`);
    if (entry.deadFraction) assert.deepEqual(entry.deadFraction, expected.deadFraction, `${label} step ${t}: dead units`);
  });
  return worst;
}

describe('WebGPU training agrees with the CPU backend', function () {
  this.timeout(120_000);
  let gpu: TestGpu | undefined;

  before(async function () {
    gpu = await openTestGpu(this);
  });
  after(() => {
    gpu?.release();
    gpu = undefined;
  });

  for (const [name, spec] of [
    ['MLP (relu, per-channel prelu, gelu; cross-entropy, Adam, shuffled batches)', mlpSpec()],
    ['CNN (conv relu, maxpool, conv tanh, dense; digits, SGD momentum)', cnnSpec()],
  ] as const) {
    it(`${name}: 50 steps, losses within ${LOSS_RELATIVE} relative at every step, final parameters close`, async () => {
      const onCpu = await train(spec, { backend: 'cpu' });
      const onGpu = await train(spec, { backend: 'webgpu', device: gpu!.device });
      const worst = assertSameRun(onGpu.history, onCpu.history, name);
      console.log(`      worst loss difference ${worst.toExponential(2)} relative (${gpu!.description})`);
      const flat = (value: unknown): number[] => (Array.isArray(value) ? value.flatMap(flat) : [value as number]);
      onGpu.parameters.forEach((layer, i) => {
        const ours = flat(layer.weight);
        const theirs = flat(onCpu.parameters[i].weight);
        ours.forEach((v, j) => assert.ok(Math.abs(v - theirs[j]) <= 1e-3, `parameters[${i}].weight[${j}]: ${v} on WebGPU vs ${theirs[j]} on the CPU`));
      });
      assert.ok(Math.abs(onGpu.final.loss - onCpu.final.loss) <= LOSS_RELATIVE * Math.abs(onCpu.final.loss));
    });
  }

  it('L1 regularisation, BCE and a shared PReLU slope: 30 steps agree', async () => {
    const spec: TrainingSpec = {
      seed: 9,
      data: { name: 'circle', samples: 96, noise: 0.05, testFraction: 0 },
      model: { input: [2], layers: [{ type: 'dense', units: 10, activation: 'prelu' }, { type: 'dense', units: 6, activation: 'sigmoid' }, { type: 'dense', units: 1 }] },
      loss: 'bce_with_logits',
      optimizer: { type: 'sgd', lr: 0.2, momentum: 0.5, nesterov: true },
      regularization: { type: 'l1', lambda: 0.002 },
      batchSize: 'full',
      steps: 30,
    };
    const onCpu = await train(spec, { backend: 'cpu' });
    const onGpu = await train(spec, { backend: 'webgpu', device: gpu!.device });
    assertSameRun(onGpu.history, onCpu.history, 'bce/l1/prelu');
  });

  it('with metricsEvery 10 it reads metrics back once per 10 steps, and the history is the one read every step', async () => {
    const GPUBuffer = (globalThis as unknown as { GPUBuffer: { prototype: { mapAsync(...args: unknown[]): Promise<void> } } }).GPUBuffer;
    const original = GPUBuffer.prototype.mapAsync;
    let readbacks = 0;
    GPUBuffer.prototype.mapAsync = function (this: unknown, ...args: unknown[]) {
      readbacks++;
      return original.apply(this, args);
    };
    try {
      const windowed = await createTrainer(mlpSpec({ steps: 30, metricsEvery: 10 }), { backend: 'webgpu', device: gpu!.device, checkpointEveryMs: 1e9 });
      readbacks = 0;
      const history = await windowed.run();
      const windowedReads = readbacks;
      windowed.dispose();
      const everyStep = await createTrainer(mlpSpec({ steps: 30, metricsEvery: 1 }), { backend: 'webgpu', device: gpu!.device, checkpointEveryMs: 1e9 });
      readbacks = 0;
      const perStep = await everyStep.run();
      const perStepReads = readbacks;
      everyStep.dispose();
      assert.equal(windowedReads, 3, `30 steps with metricsEvery 10 should read back 3 times (did ${windowedReads})`);
      assert.equal(perStepReads, 30, `30 steps with metricsEvery 1 read back every step (did ${perStepReads})`);
      assert.equal(history.length, 30);
      history.forEach((entry, t) => {
        assert.equal(entry.deadFraction !== undefined, t % 10 === 0, `step ${t}: full diagnostics exactly every 10 steps`);
        assert.ok(Math.abs(entry.loss - perStep[t].loss) <= 1e-6 * Math.abs(perStep[t].loss), `step ${t}: the windowed loss ${entry.loss} differs from the per-step loss ${perStep[t].loss}`);
      });
    } finally {
      GPUBuffer.prototype.mapAsync = original;
    }
  });

  it('`auto` keeps the CPU on a software adapter and says so; `webgpu` takes it', async () => {
    const small = mlpSpec({ steps: 2, model: { input: [2], layers: [{ type: 'dense', units: 4, activation: 'relu' }, { type: 'dense', units: 3 }] } });
    const auto = await createTrainer(small, { backend: 'auto', gpu: gpu!.gpu });
    const software = gpu!.adapter.info.isFallbackAdapter === true;
    try {
      if (software) {
        assert.equal(auto.backendName, 'cpu');
        assert.match(auto.backendReason, /^software adapter — CPU is faster \(.+\)$/);
      } else {
        assert.equal(auto.backendName, 'webgpu');
        assert.match(auto.backendReason, /^WebGPU: /);
      }
    } finally {
      auto.dispose();
    }
    const explicit = await createTrainer(small, { backend: 'webgpu', gpu: gpu!.gpu });
    try {
      assert.equal(explicit.backendName, 'webgpu');
      assert.match(explicit.backendReason, new RegExp(`^WebGPU: .+${software ? ' \\(software adapter\\)' : ''}$`));
      assert.equal((await explicit.run()).length, 2);
    } finally {
      explicit.dispose();
    }
  });

  it('with no adapter, `auto` runs on the CPU ("WebGPU unavailable: no adapter") and `webgpu` rejects with that reason', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    const auto = await createTrainer(mlpSpec({ steps: 1 }), { backend: 'auto', gpu: noAdapter });
    assert.equal(auto.backendName, 'cpu');
    assert.equal(auto.backendReason, WEBGPU_REASONS.noAdapter);
    auto.dispose();
    await assert.rejects(createTrainer(mlpSpec(), { backend: 'webgpu', gpu: noAdapter }), /^Error: backend "webgpu": WebGPU unavailable: no adapter; use backend "cpu", or "auto"/);
  });

  for (const checkpointEveryMs of [0, 1e9]) {
    it(`a device destroyed mid-run: training continues on the CPU from the last parameters read back (${checkpointEveryMs ? 'none since step 0' : 'one after every chunk'}) and ends as the CPU run does`, async () => {
      const spec = mlpSpec({ steps: 30, metricsEvery: 5 });
      const reference = await train(spec, { backend: 'cpu' });
      const adapter = await gpu!.gpu.requestAdapter();
      const device = await adapter!.requestDevice({ label: 'destroyed mid-run' });
      const trainer = await createTrainer(spec, { backend: 'webgpu', device, checkpointEveryMs });
      assert.equal(trainer.backendName, 'webgpu');
      let destroyedAt = -1;
      const history = await trainer.run(30, {
        onStep(entry) {
          if (entry.step === 12) {
            destroyedAt = entry.step;
            device.destroy();
          }
        },
      });
      assert.equal(destroyedAt, 12);
      assert.equal(trainer.backendName, 'cpu');
      const resumed = /^WebGPU device lost \(destroyed.*\); continued on the CPU from the parameters read back at step (\d+)/.exec(trainer.backendReason);
      assert.ok(resumed, `backendReason says what happened: ${trainer.backendReason}`);
      // Checkpoints after every window (of 5 steps) resume at step 10; with none the CPU starts over from step 0.
      assert.equal(Number(resumed[1]), checkpointEveryMs ? 0 : 10, trainer.backendReason);
      assert.equal(trainer.stepCount, 30);
      assertSameRun(history, reference.history, 'run across a device loss');
      const parameters = await trainer.readParameters();
      assert.equal(parameters.length, reference.parameters.length);
      trainer.dispose();
    });
  }
});
