// lab.train and lab.createTrainer on the CPU backend: determinism, batching, metrics, divergence,
// cancellation, progress without blocking the host, step-by-step use, initialisers and explicit parameters.
import { strict as assert } from 'node:assert';
import { createTrainer, getActivation, train, TrainingCancelledError, type TrainingSpec } from '../../src/core';

function spiralSpec(extra: Partial<TrainingSpec> = {}): TrainingSpec {
  return {
    seed: 11,
    data: { name: 'spiral', samples: 120, noise: 0.1, testFraction: 0.25 },
    model: { input: [2], layers: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 8, activation: 'tanh' }, { type: 'dense', units: 1 }] },
    loss: 'bce_with_logits',
    optimizer: { type: 'adam', lr: 0.02 },
    batchSize: 16,
    shuffle: true,
    steps: 30,
    ...extra,
  };
}

describe('lab.train', function () {
  this.timeout(20_000);

  it('is deterministic: the same spec and seed give bit-identical history and parameters', async () => {
    const a = await train(spiralSpec());
    const b = await train(spiralSpec());
    assert.deepEqual(a.history, b.history);
    assert.deepEqual(a.parameters, b.parameters);
  });

  it('a different seed gives a different run', async () => {
    const a = await train(spiralSpec());
    const b = await train(spiralSpec({ seed: 12 }));
    assert.notDeepEqual(a.parameters, b.parameters);
  });

  it('reports one history entry per step with loss and a gradNorm per dense layer, and full metrics at step 0', async () => {
    const result = await train(spiralSpec({ steps: 7, metricsEvery: 3 }));
    assert.equal(result.history.length, 7);
    assert.deepEqual(result.history.map((h) => h.step), [0, 1, 2, 3, 4, 5, 6]);
    for (const entry of result.history) {
      assert.ok(Number.isFinite(entry.loss) && entry.loss > 0);
      assert.equal(entry.gradNorm.length, 3);
      const measured = entry.step % 3 === 0;
      assert.equal(entry.deadFraction !== undefined, measured, `step ${entry.step}: deadFraction only every 3rd step`);
      assert.equal(entry.accuracy !== undefined, measured);
    }
    const first = result.history[0];
    assert.equal(first.deadFraction!.length, 2, 'one entry per hidden layer with an activation');
    assert.equal(first.sparsity!.length, 2);
    assert.ok(first.accuracy! >= 0 && first.accuracy! <= 1);
    assert.ok(first.testAccuracy! >= 0 && first.testAccuracy! <= 1);
    assert.ok(first.trainLoss! > 0 && first.testLoss! > 0);
    assert.deepEqual(result.hiddenLayers, [0, 1]);
    assert.deepEqual(result.parametricLayers, [0, 1, 2]);
  });

  it('pre-activation histograms count every training value once, in fixed bins', async () => {
    const result = await train(spiralSpec({ steps: 1, histogram: { bins: 8, range: [-2, 2] } }));
    const histograms = result.history[0].histograms!;
    assert.deepEqual(histograms.map((h) => h.layer), [0, 1]);
    for (const h of histograms) {
      assert.equal(h.counts.length, 8);
      assert.equal(h.min, -2);
      assert.equal(h.max, 2);
      const total = h.counts.reduce((a, b) => a + b, 0) + h.below + h.above + h.nan;
      assert.equal(total, 90 * 8, 'training samples × units');
    }
  });

  it('learns: the spiral’s training accuracy after 400 steps is well above chance', async () => {
    const result = await train(spiralSpec({ steps: 400, metricsEvery: 100, model: { input: [2], layers: [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 1 }] } }));
    assert.ok(result.final.accuracy! > 0.75, `accuracy ${result.final.accuracy}`);
    assert.ok(result.final.trainLoss! < result.history[0].trainLoss!);
  });

  it('a small CNN (conv2d → maxpool2d → flatten → dense) learns the real 8×8 digits: > 80 % test accuracy in 4 epochs', async () => {
    const result = await train({
      seed: 2,
      data: { name: 'digits', samples: 600, testFraction: 0.25 },
      model: { input: [1, 8, 8], layers: [{ type: 'conv2d', filters: 8, kernelSize: 3, padding: 1, activation: 'relu' }, { type: 'maxpool2d', size: 2 }, { type: 'flatten' }, { type: 'dense', units: 10 }] },
      loss: 'cross_entropy',
      optimizer: { type: 'adam', lr: 0.01 },
      batchSize: 32,
      shuffle: true,
      epochs: 4,
      metricsEvery: 1000,
    });
    assert.ok(result.history[0].testAccuracy! < 0.3, 'about chance before training');
    assert.ok(result.final.testAccuracy! > 0.8, `test accuracy ${result.final.testAccuracy}`);
  });

  it('epochs count whole passes, the last batch shorter (drop_last=False)', async () => {
    const trainer = await createTrainer(spiralSpec({ epochs: 3, steps: undefined, batchSize: 40 }));
    assert.equal(trainer.data.train.count, 90);
    assert.equal(trainer.steps, 9, '⌈90 / 40⌉ = 3 batches per epoch');
    trainer.dispose();
  });

  it('batchSize "full" takes the whole training set per step', async () => {
    const full = await train(spiralSpec({ batchSize: 'full', shuffle: false, steps: 2 }));
    const explicit = await train(spiralSpec({ batchSize: 90, shuffle: false, steps: 2 }));
    assert.deepEqual(full.history, explicit.history);
  });

  it('stops a diverging run with diverged { step, reason } and a message that suggests the learning rate', async () => {
    const result = await train(
      {
        seed: 1,
        data: { name: 'regression_plane', samples: 64, testFraction: 0 },
        model: { input: [2], layers: [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 1 }] },
        loss: 'mse',
        optimizer: { type: 'sgd', lr: 50 },
        batchSize: 16,
        steps: 200,
      },
    );
    assert.ok(result.diverged, 'the run diverged');
    const { step, reason, message } = result.diverged;
    assert.equal(result.history.length, step + 1, 'training stops at the diverged step');
    assert.match(reason, /loss is (NaN|Infinity)|parameters became NaN or Infinity/);
    assert.match(message, new RegExp(`^training diverged at step ${step}: .*learning rate \\(50\\) is probably too large.*try 5`));
  });

  it('reports progress through onStep after every step', async () => {
    const seen: [number, number, number][] = [];
    await train(spiralSpec({ steps: 5 }), { onStep: (entry, progress) => seen.push([entry.step, progress.step, progress.steps]) });
    assert.deepEqual(seen, [[0, 1, 5], [1, 2, 5], [2, 3, 5], [3, 4, 5], [4, 5, 5]]);
  });

  it('can be cancelled through an AbortSignal: it rejects with an AbortError holding the steps taken', async () => {
    const controller = new AbortController();
    const promise = train(spiralSpec({ steps: 1000 }), { signal: controller.signal, onStep: (entry) => entry.step === 9 && controller.abort() });
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof TrainingCancelledError);
      assert.equal(error.name, 'AbortError');
      assert.equal(error.history.length, 10);
      assert.match(error.message, /^training was cancelled after 10 of 1000 steps$/);
      return true;
    });
  });

  it('does not block its host: timers fire while a long run trains', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = Date.now();
    await train(spiralSpec({ steps: 6000, metricsEvery: 4000 }), { yieldEveryMs: 5 });
    clearInterval(timer);
    const elapsed = Date.now() - started;
    assert.ok(elapsed > 30, `the run is long enough to tell (${elapsed} ms)`);
    assert.ok(ticks >= 3, `a 1 ms interval fired ${ticks} times during ${elapsed} ms of training`);
  });

  it('rejects an unknown backend, and webgpu with a clear message', async () => {
    await assert.rejects(train(spiralSpec(), { backend: 'tpu' as 'cpu' }), /^Error: options\.backend must be "cpu", "webgpu" or "auto" \(got "tpu"\)$/);
    // No WebGPU entry point (no navigator.gpu, no options.gpu) in plain Node.
    await assert.rejects(train(spiralSpec(), { backend: 'webgpu', gpu: null }), /^Error: backend "webgpu": WebGPU unavailable: no navigator\.gpu in this environment; use backend "cpu", or "auto", which falls back to the CPU$/);
    const auto = await createTrainer(spiralSpec({ steps: 2 }), { backend: 'auto', gpu: null });
    assert.equal(auto.backendName, 'cpu');
    assert.equal(auto.backendReason, 'WebGPU unavailable: no navigator.gpu in this environment');
    assert.equal((await auto.run()).length, 2);
    auto.dispose();
  });
});

describe('custom activations', () => {
  it('options.activations supplies the lookup for activation names (here an alias of the catalog’s leaky_relu)', async () => {
    const lookups: string[] = [];
    const lookup = (name: string) => {
      lookups.push(name);
      return getActivation(name === 'my_leaky' ? 'leaky_relu' : name);
    };
    const spec = (name: string): TrainingSpec => spiralSpec({ steps: 3, model: { input: [2], layers: [{ type: 'dense', units: 4, activation: { name, negative_slope: 0.3 } }, { type: 'dense', units: 1 }] } });
    const custom = await train(spec('my_leaky'), { activations: lookup });
    const builtIn = await train(spec('leaky_relu'));
    assert.ok(lookups.includes('my_leaky'));
    assert.deepEqual(custom.history, builtIn.history);
    await assert.rejects(train(spec('my_leaky')), /^Error: model\.layers\[0\]\.activation: .*my_leaky/);
  });
});

describe('lab.createTrainer (step by step)', function () {
  this.timeout(20_000);

  it('step() and run(n) give the same history as lab.train', async () => {
    const all = await train(spiralSpec({ steps: 12 }));
    const trainer = await createTrainer(spiralSpec({ steps: 12 }));
    const first = await trainer.step();
    const rest = await trainer.run(11);
    assert.deepEqual([first, ...rest], all.history);
    assert.deepEqual(trainer.parameters(), all.parameters);
    assert.equal(trainer.stepCount, 12);
    trainer.dispose();
  });

  it('parameters() returns PyTorch layout: dense weight [out][in] and bias [out]', async () => {
    const trainer = await createTrainer(spiralSpec());
    const params = trainer.parameters();
    assert.equal(params.length, 3);
    assert.equal(params[0].weight.length, 8);
    assert.equal((params[0].weight[0] as number[]).length, 2);
    assert.equal(params[0].bias.length, 8);
    assert.equal((params[2].weight[0] as number[]).length, 8);
    assert.deepEqual(await trainer.readParameters(), params);
    trainer.dispose();
  });

  it('evaluate(x) gives the model outputs of any inputs (a decision-boundary grid), flat or nested', async () => {
    const trainer = await createTrainer(spiralSpec());
    await trainer.run(5);
    const grid: number[][] = [];
    for (let i = 0; i < 700; i++) grid.push([(i % 26) / 2 - 6, Math.floor(i / 26) / 2 - 6]);
    const nested = trainer.evaluate(grid);
    assert.equal(nested.length, 700);
    assert.equal(nested[0].length, 1);
    const flat = trainer.evaluate(Float32Array.from(grid.flat()));
    assert.deepEqual(Array.from(flat), nested.flat());
    trainer.dispose();
  });

  it('evaluate of a training sample agrees with a hand-computed forward pass', async () => {
    const trainer = await createTrainer(
      { data: { x: [[1, -2]], y: [1] }, model: { input: [2], layers: [{ type: 'dense', units: 2, activation: 'relu' }, { type: 'dense', units: 1 }] }, loss: 'bce_with_logits', optimizer: { type: 'sgd', lr: 0.1 }, parameters: [{ weight: [[0.5, 0.25], [-1, 0.5]], bias: [0.1, 0.2] }, { weight: [[2, 3]], bias: [-1] }] },
    );
    // hidden = relu([0.5 − 0.5 + 0.1, −1 − 1 + 0.2]) = [0.1, 0]; output = 2·0.1 + 0 − 1 = −0.8
    assert.equal(trainer.evaluate([[1, -2]])[0][0], Math.fround(Math.fround(2 * Math.fround(0.1)) - 1));
    trainer.dispose();
  });

  it('explicit parameters take precedence over init', async () => {
    const parameters = [
      { weight: [[0.5, 0.25], [-1, 0.5]], bias: [0.125, 0.25] },
      { weight: [[2, 3]], bias: [-1] },
    ];
    const spec = (init: TrainingSpec['init']): TrainingSpec => ({ data: { name: 'xor', samples: 20 }, model: { input: [2], layers: [{ type: 'dense', units: 2, activation: 'relu' }, { type: 'dense', units: 1 }] }, loss: 'bce_with_logits', optimizer: { type: 'sgd', lr: 0.1 }, init, parameters });
    for (const init of ['zeros', 'he_normal'] as const) {
      const trainer = await createTrainer(spec(init));
      assert.deepEqual(trainer.parameters(), parameters);
      trainer.dispose();
    }
  });

  it('measure() reports every diagnostic without changing the parameters', async () => {
    const trainer = await createTrainer(spiralSpec({ metricsEvery: 100 }));
    await trainer.run(3);
    const before = trainer.parameters();
    const measured = await trainer.measure();
    assert.deepEqual(trainer.parameters(), before);
    assert.equal(measured.step, 3);
    assert.ok(measured.deadFraction && measured.accuracy !== undefined && measured.histograms);
    trainer.dispose();
  });

  it('a disposed trainer says how to start again', async () => {
    const trainer = await createTrainer(spiralSpec());
    trainer.dispose();
    await assert.rejects(trainer.step(), /this trainer was disposed; create a new one with createTrainer\(spec\)/);
  });
});

describe('initialisers', () => {
  const layerSpec = (init: TrainingSpec['init']): TrainingSpec => ({
    seed: 5,
    data: { name: 'xor', samples: 20 },
    model: { input: [2], layers: [{ type: 'dense', units: 400, activation: 'relu' }, { type: 'dense', units: 100 }, { type: 'dense', units: 1 }] },
    loss: 'bce_with_logits',
    optimizer: { type: 'sgd', lr: 0.1 },
    init,
  });
  async function secondLayer(init: TrainingSpec['init']) {
    const trainer = await createTrainer(layerSpec(init));
    const p = trainer.parameters()[1];
    trainer.dispose();
    const w = (p.weight as number[][]).flat();
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const std = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
    return { w, bias: p.bias, std, maxAbs: Math.max(...w.map(Math.abs)) };
  }

  it('pytorch: weights and biases uniform in ±1/√fan_in (nn.Linear’s default)', async () => {
    const { w, bias, maxAbs } = await secondLayer('pytorch');
    const bound = 1 / Math.sqrt(400);
    assert.ok(maxAbs <= bound && maxAbs > 0.95 * bound);
    assert.ok(bias.every((b) => Math.abs(b) <= bound) && bias.some((b) => b !== 0));
    assert.equal(w.length, 40_000);
  });

  it('he_normal: standard deviation √(2/fan_in), biases 0', async () => {
    const { std, bias } = await secondLayer('he_normal');
    assert.ok(Math.abs(std - Math.sqrt(2 / 400)) < 0.03 * Math.sqrt(2 / 400), `std ${std}`);
    assert.ok(bias.every((b) => b === 0));
  });

  it('xavier_uniform: bound √(6/(fan_in + fan_out)); lecun_normal: std √(1/fan_in); zeros: all 0', async () => {
    const xavier = await secondLayer('xavier_uniform');
    const bound = Math.sqrt(6 / 500);
    assert.ok(xavier.maxAbs <= bound && xavier.maxAbs > 0.95 * bound);
    const lecun = await secondLayer('lecun_normal');
    assert.ok(Math.abs(lecun.std - Math.sqrt(1 / 400)) < 0.03 * Math.sqrt(1 / 400));
    const zeros = await secondLayer('zeros');
    assert.equal(zeros.maxAbs, 0);
  });
});

describe('learnable activations', function () {
  this.timeout(20_000);

  it("PReLU's slope is trained, one shared value or one per unit, and exported under parameters[i].activation.weight", async () => {
    const result = await train({
      seed: 4,
      data: { name: 'circle', samples: 100 },
      model: { input: [2], layers: [{ type: 'dense', units: 6, activation: 'prelu' }, { type: 'dense', units: 4, activation: { name: 'prelu', num_parameters: 4, weight: 0.1 } }, { type: 'dense', units: 1 }] },
      loss: 'bce_with_logits',
      optimizer: { type: 'sgd', lr: 0.2 },
      steps: 20,
    });
    const [first, second] = result.parameters;
    assert.equal(first.activation!.weight.length, 1);
    assert.equal(second.activation!.weight.length, 4);
    assert.notEqual(first.activation!.weight[0], 0.25, 'the shared slope moved from its initial 0.25');
    assert.ok(second.activation!.weight.some((w) => w !== Math.fround(0.1)), 'per-unit slopes moved from 0.1');
  });

  it("a diverging PReLU run reports divergence (a NaN slope is not an activation error)", async () => {
    const result = await train({
      seed: 1,
      data: { name: 'regression_plane', samples: 64, testFraction: 0 },
      model: { input: [2], layers: [{ type: 'dense', units: 16, activation: 'prelu' }, { type: 'dense', units: 1 }] },
      loss: 'mse',
      optimizer: { type: 'sgd', lr: 80 },
      batchSize: 16,
      steps: 300,
    });
    assert.ok(result.diverged, 'the run diverged');
    assert.match(result.diverged.message, /learning rate \(80\) is probably too large/);
  });
});
