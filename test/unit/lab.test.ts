// The Training Lab's engine-side helpers: the inspection forward pass must agree with the engine, the
// grid must cover the data, conformSpec must fit the model to the data, and every guided experiment
// must show the phenomenon its text claims.
import { strict as assert } from 'node:assert';
import { createTrainer, train, validateSpec, type TrainingSpec } from '../../src/core';
import { conformSpec, defaultLabSpec, guidedExperiment, guidedExperiments, inputGrid, layerOutputs } from '../../src/core/lab';
import { parseLabMessage, validateLabSetup } from '../../src/core/protocol/trainingLab';

const mlp: TrainingSpec = {
  seed: 4,
  data: { name: 'spiral_3class', samples: 90, noise: 0.1, testFraction: 0.2, features: ['x1', 'x2', 'x1*x2'] },
  model: { input: [3], layers: [{ type: 'dense', units: 6, activation: { name: 'leaky_relu', negative_slope: 0.1 } }, { type: 'dense', units: 5, activation: 'prelu' }, { type: 'dense', units: 3 }] },
  loss: 'cross_entropy',
  optimizer: { type: 'adam', lr: 0.02 },
  batchSize: 16,
  steps: 30,
};

describe('Training Lab: inspection and grids', () => {
  it('layerOutputs reproduces the engine’s own model outputs exactly (MLP with leaky_relu and learned PReLU)', async () => {
    const trainer = await createTrainer(mlp, { backend: 'cpu' });
    await trainer.run(30);
    const x = trainer.data.train.x;
    const count = trainer.data.train.count;
    const expected = trainer.evaluate(x);
    const outputs = layerOutputs(mlp, trainer.parameters(), x, count);
    assert.deepEqual(Array.from(outputs[outputs.length - 1].values), Array.from(expected));
    assert.deepEqual(outputs.map((o) => o.shape), [[6], [5], [3]]);
    trainer.dispose();
  });

  it('layerOutputs reproduces the engine on a CNN (conv → ReLU → maxpool → flatten → dense)', async () => {
    const cnn = guidedExperiment('relu-cnn').spec;
    const trainer = await createTrainer({ ...cnn, steps: 5 }, { backend: 'cpu' });
    await trainer.run(5);
    const x = trainer.data.test!.x.subarray(0, 3 * 64);
    const outputs = layerOutputs(cnn, trainer.parameters(), x, 3);
    assert.deepEqual(Array.from(outputs[outputs.length - 1].values), Array.from(trainer.evaluate(x)));
    assert.deepEqual(outputs[0].shape, [8, 8, 8]);
    assert.ok(outputs[0].values.some((v) => v === 0) && outputs[0].values.every((v) => v >= 0), 'feature maps after ReLU are ≥ 0 with exact zeros');
    trainer.dispose();
  });

  it('inputGrid spans the data square, row-major over x2 then x1, with the feature crosses applied', () => {
    const grid = inputGrid([[-6, 6], [-3, 3]], 4, ['x1', 'x2', 'x1*x2']);
    assert.deepEqual(Array.from(grid.x1), [-6, -2, 2, 6]);
    assert.deepEqual(Array.from(grid.x2), [-3, -1, 1, 3]);
    assert.deepEqual(Array.from(grid.inputs.subarray(0, 3)), [-6, -3, 18]);
    assert.deepEqual(Array.from(grid.inputs.subarray(3 * 4, 3 * 5)), [-6, -1, 6], 'second row: x2 = −1');
    assert.throws(() => inputGrid([[0, 1], [0, 1]], 1), /grid resolution must be an integer from 2 to 200 \(got 1\)/);
  });

  it('conformSpec fits input size, output layer and loss to the data', () => {
    const base = defaultLabSpec();
    const three = conformSpec({ ...base, data: { name: 'spiral_3class', samples: 60, features: ['x1', 'x2', 'sin(x1)'] } });
    assert.deepEqual(three.model.input, [3]);
    assert.equal(three.loss, 'cross_entropy');
    assert.deepEqual(three.model.layers[three.model.layers.length - 1], { type: 'dense', units: 3 });
    const regression = conformSpec({ ...base, data: { name: 'regression_plane', samples: 60 } });
    assert.equal(regression.loss, 'mse');
    assert.deepEqual(regression.model.layers[regression.model.layers.length - 1], { type: 'dense', units: 1 });
    const digits = conformSpec({ ...base, data: { name: 'digits', testFraction: 0.3 } });
    assert.deepEqual(digits.model.input, [1, 8, 8]);
    assert.equal(digits.model.layers[0].type, 'flatten');
    validateSpec(digits);
  });
});

describe('Training Lab: guided experiments show what they claim', function () {
  this.timeout(30_000);

  it('every guided experiment’s spec and variants are valid specs', () => {
    for (const e of guidedExperiments) for (const s of [e.spec, ...(e.variants ?? []).map((v) => v.spec)]) validateSpec(s);
  });

  it('Dying ReLU: a learning rate of 3 kills ReLU units; Leaky ReLU keeps all of its units alive', async () => {
    const [relu, leaky] = guidedExperiment('dying-relu').variants!;
    const reluRun = await train(relu.spec);
    const leakyRun = await train(leaky.spec);
    assert.ok(Math.max(...reluRun.final.deadFraction!) >= 0.25, `ReLU dead fractions ${reluRun.final.deadFraction}`);
    assert.deepEqual(leakyRun.final.deadFraction, [0, 0]);
  });

  it('Vanishing gradients: the 10-layer sigmoid net’s first-layer gradient is ≥ 10⁴× smaller than ReLU + He init’s', async () => {
    const [sigmoid, relu] = guidedExperiment('vanishing-gradients').variants!;
    const first = async (spec: TrainingSpec) => (await train({ ...spec, steps: 1 })).history[0].gradNorm[0];
    const ratio = (await first(relu.spec)) / (await first(sigmoid.spec));
    assert.ok(ratio > 1e4, `ratio ${ratio}`);
  });

  it('Initialisation matters: with all-zero weights every ReLU unit is dead and the loss never moves; He init learns', async () => {
    const variants = guidedExperiment('initialisation').variants!;
    const zeros = await train({ ...variants[0].spec, steps: 100 });
    const he = await train({ ...variants[2].spec, steps: 100 });
    assert.ok(zeros.final.deadFraction!.every((d) => d === 1));
    // Only the output bias can learn (every hidden unit is dead): the training loss stays at ln 2, chance level.
    assert.ok(Math.abs(zeros.final.trainLoss! - Math.LN2) < 1e-3, `zeros: training loss ${zeros.final.trainLoss} stays at ln 2`);
    assert.ok(he.history[99].loss < 0.5 * he.history[0].loss, `He: loss ${he.history[0].loss} → ${he.history[99].loss}`);
  });

  it('ReLU in a CNN: feature maps are sparse and the digits are learnt (> 85 % test accuracy in 150 steps)', async () => {
    const run = await train({ ...guidedExperiment('relu-cnn').spec, steps: 150, metricsEvery: 150 });
    assert.ok(run.final.sparsity![0] > 0.2, `sparsity ${run.final.sparsity}`);
    assert.ok(run.final.testAccuracy! > 0.85, `test accuracy ${run.final.testAccuracy}`);
  });
});

describe('Training Lab protocol', () => {
  const setup = { version: 1, spec: defaultLabSpec(), backend: 'auto', view: 'train', experiment: null, speed: 100 };

  it('accepts a valid set-up and rejects a bad spec inside it, naming the spec’s field', () => {
    assert.ok(validateLabSetup(setup).ok);
    const bad = parseLabMessage({ type: 'setupChanged', setup: { ...setup, spec: { ...setup.spec, optimizer: { type: 'sgd', lr: -1 } } } });
    assert.equal(bad.ok, false);
    assert.match((bad as { error: string }).error, /setup: spec: optimizer\.lr must be a positive number \(got -1\)/);
  });

  it('rejects unknown messages, bad backends and oversized exports', () => {
    assert.equal(parseLabMessage({ type: 'deleteWorkspace' }).ok, false);
    assert.match((parseLabMessage({ type: 'setupChanged', setup: { ...setup, backend: 'tpu' } }) as { error: string }).error, /setup\.backend/);
    assert.match((parseLabMessage({ type: 'exportHistory', format: 'xml', content: '' }) as { error: string }).error, /format/);
  });
});
