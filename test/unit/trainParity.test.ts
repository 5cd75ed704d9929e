// PyTorch parity: trajectories from scripts/fixtures/training.py (PyTorch 1.13) — the same spec, initial
// parameters and data — must give per-step losses within 5e-6 relative and final weights within 1e-5.
import { strict as assert } from 'node:assert';
import { train, type ModelParameters, type NestedNumbers } from '../../src/core';
import mlpTanhSgd from '../fixtures/training/mlp_tanh_sgd.json';
import mlpReluMomentumMinibatch from '../fixtures/training/mlp_relu_momentum_minibatch.json';
import mlpSigmoidNesterovMse from '../fixtures/training/mlp_sigmoid_nesterov_mse.json';
import mlpLeakyEluAdam from '../fixtures/training/mlp_leaky_elu_adam.json';
import multiclassCrossEntropy from '../fixtures/training/multiclass_cross_entropy.json';
import mlpL2Regularised from '../fixtures/training/mlp_l2_regularised.json';
import mlpL1Regularised from '../fixtures/training/mlp_l1_regularised.json';
import mlpPreluLearnable from '../fixtures/training/mlp_prelu_learnable.json';
import tinyCnn from '../fixtures/training/tiny_cnn.json';

interface Fixture {
  readonly name: string;
  readonly description: string;
  readonly spec: unknown;
  readonly losses: number[];
  readonly finalParameters: ModelParameters;
}

const FIXTURES = [mlpTanhSgd, mlpReluMomentumMinibatch, mlpSigmoidNesterovMse, mlpLeakyEluAdam, multiclassCrossEntropy, mlpL2Regularised, mlpL1Regularised, mlpPreluLearnable, tinyCnn] as unknown as Fixture[];

/** The tolerances. */
const LOSS_RELATIVE = 5e-6;
const WEIGHT_ABSOLUTE = 1e-5;

function flat(value: NestedNumbers | readonly number[] | number): number[] {
  return Array.isArray(value) ? (value as (NestedNumbers | number)[]).flatMap((v) => flat(v)) : [value as number];
}

const worst = { loss: 0, weight: 0 };

describe('PyTorch parity of training trajectories', function () {
  this.timeout(20_000);

  after(() => {
    console.log(`      max errors over ${FIXTURES.length} fixtures: loss ${worst.loss.toExponential(2)} relative, weights ${worst.weight.toExponential(2)} absolute`);
  });

  for (const fixture of FIXTURES) {
    it(`${fixture.name}: ${fixture.description}`, async () => {
      const result = await train(fixture.spec);
      assert.equal(result.diverged, undefined);
      assert.equal(result.history.length, fixture.losses.length);
      fixture.losses.forEach((expected, t) => {
        const got = result.history[t].loss;
        const relative = Math.abs(got - expected) / Math.abs(expected);
        worst.loss = Math.max(worst.loss, relative);
        assert.ok(relative <= LOSS_RELATIVE, `step ${t}: loss ${got} vs PyTorch ${expected} (relative error ${relative.toExponential(2)} > ${LOSS_RELATIVE})`);
      });
      assert.equal(result.parameters.length, fixture.finalParameters.length);
      fixture.finalParameters.forEach((expected, layer) => {
        const got = result.parameters[layer];
        const pairs: [string, number[], number[]][] = [
          ['weight', flat(got.weight), flat(expected.weight)],
          ['bias', flat(got.bias), flat(expected.bias)],
        ];
        if (expected.activation) pairs.push(['activation.weight', flat(got.activation?.weight ?? []), flat(expected.activation.weight)]);
        for (const [name, ours, theirs] of pairs) {
          assert.equal(ours.length, theirs.length, `parameters[${layer}].${name} has ${ours.length} values, PyTorch ${theirs.length}`);
          ours.forEach((value, i) => {
            const error = Math.abs(value - theirs[i]);
            worst.weight = Math.max(worst.weight, error);
            assert.ok(error <= WEIGHT_ABSOLUTE, `parameters[${layer}].${name}[${i}]: ${value} vs PyTorch ${theirs[i]} (error ${error.toExponential(2)} > ${WEIGHT_ABSOLUTE})`);
          });
        }
      });
    });
  }
});
