// The phenomena the Training Lab must let people see, built as in the source articles: ReLU units that
// die (under a large learning rate, or from a strongly negative bias) while leaky ReLU's do not, and
// vanishing gradients in a deep sigmoid net that ReLU with He initialisation avoids.
import { strict as assert } from 'node:assert';
import { createTrainer, train, type LayerSpec, type TrainingSpec } from '../../src/core';

function mlp(hidden: readonly LayerSpec[], extra: Partial<TrainingSpec> = {}): TrainingSpec {
  return {
    seed: 3,
    data: { name: 'circle', samples: 200, testFraction: 0 },
    model: { input: [2], layers: [...hidden, { type: 'dense', units: 1 }] },
    loss: 'bce_with_logits',
    optimizer: { type: 'sgd', lr: 0.1 },
    batchSize: 20,
    steps: 100,
    metricsEvery: 20,
    ...extra,
  };
}

const dense = (units: number, activation: string, biasInit?: number): LayerSpec => ({ type: 'dense', units, activation, ...(biasInit === undefined ? {} : { biasInit }) });

describe('phenomenon: dying ReLU', function () {
  this.timeout(20_000);

  it('a large learning rate (3) kills ReLU units that were all alive at the start', async () => {
    const result = await train(mlp([dense(16, 'relu'), dense(16, 'relu')], { optimizer: { type: 'sgd', lr: 3 } }));
    assert.deepEqual(result.history[0].deadFraction, [0, 0], 'no unit is dead before training');
    const worst = Math.max(...result.final.deadFraction!);
    assert.ok(worst >= 0.25, `at least a quarter of a layer's units die (dead fractions ${result.final.deadFraction})`);
  });

  it('the same run with leaky ReLU keeps every unit alive', async () => {
    const result = await train(mlp([dense(16, 'leaky_relu'), dense(16, 'leaky_relu')], { optimizer: { type: 'sgd', lr: 3 } }));
    assert.deepEqual(result.final.deadFraction, [0, 0]);
  });

  it('a strongly negative bias (−10) leaves every unit of the layer dead from step 0, with no gradient to revive it', async () => {
    const result = await train(mlp([dense(16, 'relu', -10), dense(16, 'relu')], { steps: 40, metricsEvery: 1 }));
    for (const entry of result.history) {
      assert.equal(entry.deadFraction![0], 1, `step ${entry.step}: all first-layer units dead`);
      assert.equal(entry.sparsity![0], 1, `step ${entry.step}: every first-layer output is 0`);
      assert.equal(entry.gradNorm[0], 0, `step ${entry.step}: the first layer's weight gradient is exactly 0`);
    }
    assert.equal(result.final.deadFraction![0], 1);
  });

  it('with a bias of −10, leaky ReLU units still get a gradient', async () => {
    const result = await train(mlp([dense(16, 'leaky_relu', -10), dense(16, 'relu')], { steps: 5 }));
    assert.equal(result.history[0].deadFraction![0], 0);
    assert.ok(result.history[0].gradNorm[0] > 0);
  });
});

describe('phenomenon: vanishing gradients', function () {
  this.timeout(20_000);

  async function firstStepGradNorms(activation: string, init: TrainingSpec['init']): Promise<number[]> {
    const trainer = await createTrainer(mlp(Array.from({ length: 9 }, () => dense(32, activation)), { init }));
    try {
      return (await trainer.step()).gradNorm;
    } finally {
      trainer.dispose();
    }
  }

  it("a 10-layer sigmoid net's first-layer gradient is orders of magnitude smaller than with ReLU + He init", async () => {
    const sigmoid = await firstStepGradNorms('sigmoid', 'pytorch');
    const relu = await firstStepGradNorms('relu', 'he_normal');
    assert.equal(sigmoid.length, 10);
    assert.ok(sigmoid[0] < relu[0] * 1e-4, `sigmoid ${sigmoid[0].toExponential(2)} vs ReLU+He ${relu[0].toExponential(2)}`);
  });

  it('in the sigmoid net the gradient shrinks layer by layer towards the input', async () => {
    const sigmoid = await firstStepGradNorms('sigmoid', 'pytorch');
    assert.ok(sigmoid[0] < sigmoid[8] * 1e-3, `first ${sigmoid[0].toExponential(2)} vs ninth ${sigmoid[8].toExponential(2)}`);
    for (let i = 0; i < 8; i++) assert.ok(sigmoid[i] < sigmoid[i + 1], `layer ${i} (${sigmoid[i].toExponential(2)}) < layer ${i + 1} (${sigmoid[i + 1].toExponential(2)})`);
  });

  it('with ReLU + He init every layer gets at least a hundredth of the largest layer gradient (sigmoid: ten-millionths)', async () => {
    const relu = await firstStepGradNorms('relu', 'he_normal');
    const largest = Math.max(...relu);
    for (const [i, g] of relu.entries()) assert.ok(g > largest / 100, `layer ${i}: ${g.toExponential(2)} vs largest ${largest.toExponential(2)}`);
  });
});
