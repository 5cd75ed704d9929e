// Checks a spec completely — its JSON Schema, then what a schema cannot say: the model's shapes, activation
// names and parameters, data against the model's input and the loss, explicit parameter shapes — and
// returns everything the trainer builds from. Each error names the field and says what was expected.
import type { OptimizerConfig } from '../backends/types';
import { makeDataset, type Dataset } from '../data';
import { checkSpecSchema, SPEC_DEFAULTS, type TrainingSpec } from '../protocol/spec';
import type { ActivationLookup } from './activation';
import { explicitParameters, initialiseParameters, type LayerTensors } from './init';
import { encodeTargets, type EncodedTargets } from './losses';
import { describeModel, formatShape, sizeOf, type ModelPlan } from './model';
import { optimizerConfig } from './optimizers';

/** A checked spec with its model, data, targets, initial parameters and schedule worked out. */
export interface PreparedSpec {
  readonly spec: TrainingSpec;
  readonly seed: number;
  readonly model: ModelPlan;
  readonly data: Dataset;
  readonly targets: EncodedTargets;
  readonly initial: LayerTensors[];
  readonly optimizer: OptimizerConfig;
  /** Rows per batch (≤ the training set's size). */
  readonly batchSize: number;
  /** Batches per epoch: ⌈training samples / batchSize⌉. */
  readonly batchesPerEpoch: number;
  readonly steps: number;
  readonly shuffle: boolean;
  readonly metricsEvery: number;
  readonly histogram: { readonly bins: number; readonly min: number; readonly max: number };
  readonly regularization: { readonly type: 'l1' | 'l2'; readonly lambda: number } | null;
}

/** Checks the data's sample shape against `model.input` (a flat input may take images of the same size). */
function checkInputShape(model: ModelPlan, data: Dataset): void {
  const input = model.inputShape;
  const sample = data.inputShape;
  const same = input.length === sample.length && input.every((d, i) => d === sample[i]);
  const flattened = input.length === 1 && sizeOf(sample) === input[0];
  if (same || flattened) return;
  const names = data.featureNames ? ` (features ${data.featureNames.join(', ')})` : '';
  throw new Error(`model.input ${formatShape(input)} does not match the data: its samples have shape ${formatShape(sample)}${names}; set model.input to ${formatShape(sample)}`);
}

/** Checks `spec` and works out what training it needs; throws an Error naming the offending field. */
export function prepareSpec(input: unknown, lookup?: ActivationLookup): PreparedSpec {
  const spec = checkSpecSchema(input);
  const seed = spec.seed ?? SPEC_DEFAULTS.seed;
  const model = describeModel(spec, lookup);
  const optimizer = optimizerConfig(spec.optimizer);
  if (spec.steps !== undefined && spec.epochs !== undefined) throw new Error(`give steps or epochs, not both (got steps ${spec.steps} and epochs ${spec.epochs})`);
  const range = spec.histogram?.range ?? SPEC_DEFAULTS.histogramRange;
  if (!(range[1] > range[0])) throw new Error(`histogram.range must be [min, max] with min < max (got [${range.join(', ')}])`);
  const initial = spec.parameters ? explicitParameters(model, spec.parameters) : initialiseParameters(model, seed);
  const data = makeDataset(spec.data, seed);
  checkInputShape(model, data);
  const targets = encodeTargets(spec.loss, data, model.outputs);
  const requested = spec.batchSize ?? SPEC_DEFAULTS.batchSize;
  const batchSize = requested === 'full' ? data.train.count : Math.min(requested, data.train.count);
  const batchesPerEpoch = Math.ceil(data.train.count / batchSize);
  const steps = spec.epochs !== undefined ? spec.epochs * batchesPerEpoch : spec.steps ?? SPEC_DEFAULTS.steps;
  return {
    spec,
    seed,
    model,
    data,
    targets,
    initial,
    optimizer,
    batchSize,
    batchesPerEpoch,
    steps,
    shuffle: spec.shuffle ?? SPEC_DEFAULTS.shuffle,
    metricsEvery: spec.metricsEvery ?? SPEC_DEFAULTS.metricsEvery,
    histogram: { bins: spec.histogram?.bins ?? SPEC_DEFAULTS.histogramBins, min: range[0], max: range[1] },
    regularization: spec.regularization && spec.regularization.lambda > 0 ? spec.regularization : null,
  };
}
