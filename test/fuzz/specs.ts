// Fuzz target: experiment specs (`validateSpec`, the check every panel, the notebook and `lab.train` run).
// Valid specs — every built-in dataset, inline vectors and images, CSV text; dense and conv models; every
// activation of the catalog with parameters; both optimizers; every optional field — are broken one field at a
// time. A rejection must be a plain Error naming the field; an accepted spec must build a trainer that steps.
import fc from 'fast-check';
import { activations } from '../../src/core/activations';
import { makeDataset } from '../../src/core/data';
import { describeModel } from '../../src/core/nn/model';
import { checkSpecSchema, type ActivationSpec, type LayerSpec, type TrainingSpec } from '../../src/core/protocol/spec';
import { validateSpec } from '../../src/core/protocol/validate';
import { effectiveOp, mutated, namesPath, type Case, type Path } from './arbitraries';
import { trainOneStep, validCsv } from './csv';
import { bounded, FuzzFailure, rejectionMessage, type Stats, type Target } from './harness';

const INITS = ['pytorch', 'he_normal', 'he_uniform', 'xavier_normal', 'xavier_uniform', 'lecun_normal', 'lecun_uniform', 'zeros'] as const;
const TOY = ['circle', 'xor', 'two_gaussians', 'spiral', 'regression_plane', 'regression_gaussian', 'moons', 'spiral_3class', 'sine'] as const;
const FEATURES = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'] as const;

/** A layer's activation as a spec may write it: an id, an alias, or `{ name, ...params }` with in-range values. */
export const activationSpec: fc.Arbitrary<ActivationSpec> = fc
  .record({ index: fc.nat(), form: fc.integer({ min: 0, max: 3 }), values: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }), option: fc.nat() })
  .map(({ index, form, values, option }) => {
    const activation = activations[index % activations.length];
    if (form === 0) return activation.id;
    if (form === 1) return activation.aliases[option % Math.max(1, activation.aliases.length)] ?? activation.id;
    const params: Record<string, number | string> = {};
    activation.params.forEach((p, i) => {
      if (p.options) params[p.name] = p.options[option % p.options.length];
      else if (p.name === 'num_parameters') params[p.name] = 1;
      else if (form === 2) params[p.name] = p.default as number;
      else {
        let v = values[i % values.length];
        if (p.min !== undefined) v = Math.max(v, p.exclusiveMin ? p.min + 0.01 : p.min);
        if (p.max !== undefined) v = Math.min(v, p.max);
        params[p.name] = p.integer ? Math.round(v) : v;
      }
    });
    try {
      activation.resolveParams(params);
    } catch {
      return activation.id;
    }
    return { name: activation.id, ...params };
  });

/** What a generated valid spec is: small enough that a trainer builds and steps in milliseconds. */
export interface SpecMeta {
  readonly dataKind: 'toy' | 'digits' | 'inline' | 'inline-image' | 'csv';
}

const optimizer = fc.oneof(
  fc.record(
    { type: fc.constant('sgd' as const), lr: fc.double({ min: 1e-4, max: 1, noNaN: true }).filter((v) => v > 0), momentum: fc.constantFrom(0, 0.5, 0.9), dampening: fc.constantFrom(0, 0.1), nesterov: fc.boolean(), weightDecay: fc.constantFrom(0, 1e-4) },
    { requiredKeys: ['type', 'lr'] },
  ).map((o) => (o.nesterov && (!(o.momentum !== undefined && o.momentum > 0) || (o.dampening ?? 0) !== 0) ? { ...o, nesterov: false } : o)),
  fc.record(
    { type: fc.constant('adam' as const), lr: fc.double({ min: 1e-4, max: 0.1, noNaN: true }).filter((v) => v > 0), betas: fc.tuple(fc.constantFrom(0, 0.5, 0.9), fc.constantFrom(0.9, 0.999)), eps: fc.constantFrom(1e-8, 1e-6), weightDecay: fc.constantFrom(0, 0.01) },
    { requiredKeys: ['type'] },
  ),
);

const hiddenLayers = fc.array(fc.record({ units: fc.integer({ min: 1, max: 8 }), activation: fc.option(activationSpec, { nil: undefined }), init: fc.option(fc.constantFrom(...INITS), { nil: undefined }), biasInit: fc.option(fc.double({ min: -3, max: 3, noNaN: true }), { nil: undefined }) }), { maxLength: 3 });

const rawSpec = fc.record({
  seed: fc.option(fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer()), { nil: undefined }),
  data: fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('toy' as const), name: fc.constantFrom(...TOY), samples: fc.integer({ min: 8, max: 60 }), noise: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: undefined }), testFraction: fc.option(fc.constantFrom(0, 0.2, 0.5), { nil: undefined }), features: fc.option(fc.subarray([...FEATURES], { minLength: 1 }), { nil: undefined }), dataSeed: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }) }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant('digits' as const), samples: fc.integer({ min: 12, max: 40 }), flat: fc.boolean() }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('inline' as const),
        width: fc.integer({ min: 1, max: 4 }),
        rows: fc.integer({ min: 2, max: 10 }),
        values: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 60, maxLength: 60 }),
        targets: fc.constantFrom('classes' as const, 'values' as const, 'vectors' as const),
        classes: fc.integer({ min: 2, max: 4 }),
        test: fc.boolean(),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('inline-image' as const), channels: fc.integer({ min: 1, max: 2 }), size: fc.integer({ min: 3, max: 5 }), rows: fc.integer({ min: 2, max: 5 }), values: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 50, maxLength: 50 }) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('csv' as const), csv: validCsv, testFraction: fc.constantFrom(0, 0.25) }), weight: 1 },
  ),
  hidden: hiddenLayers,
  conv: fc.record({ filters: fc.integer({ min: 1, max: 3 }), kernelSize: fc.integer({ min: 1, max: 3 }), stride: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }), padding: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }), activation: fc.option(activationSpec, { nil: undefined }), pool: fc.boolean() }),
  lossChoice: fc.nat(),
  outputActivation: fc.option(activationSpec, { nil: undefined }),
  init: fc.option(fc.constantFrom(...INITS), { nil: undefined }),
  explicitParameters: fc.boolean(),
  parameterValues: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
  optimizer,
  regularization: fc.option(fc.record({ type: fc.constantFrom('l1' as const, 'l2' as const), lambda: fc.constantFrom(0, 1e-4, 0.1) }), { nil: undefined }),
  batchSize: fc.option(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant('full' as const)), { nil: undefined }),
  shuffle: fc.option(fc.boolean(), { nil: undefined }),
  length: fc.oneof(fc.record({ steps: fc.integer({ min: 1, max: 5 }) }), fc.record({ epochs: fc.integer({ min: 1, max: 2 }) }), fc.constant({})),
  metricsEvery: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  histogram: fc.option(fc.record({ bins: fc.integer({ min: 1, max: 200 }), range: fc.constantFrom([-5, 5], [-1, 1], [0, 10]) }, { requiredKeys: [] }), { nil: undefined }),
  schemaRef: fc.boolean(),
});

type Raw = typeof rawSpec extends fc.Arbitrary<infer T> ? T : never;

function dataOf(raw: Raw): { data: Record<string, unknown>; kind: SpecMeta['dataKind'] } {
  const d = raw.data;
  switch (d.kind) {
    case 'toy':
      return {
        kind: 'toy',
        data: { name: d.name, samples: d.samples, ...(d.noise !== undefined ? { noise: d.noise } : {}), ...(d.testFraction !== undefined ? { testFraction: d.testFraction } : {}), ...(d.features ? { features: d.features } : {}), ...(d.dataSeed !== undefined ? { seed: d.dataSeed } : {}) },
      };
    case 'digits':
      return { kind: 'digits', data: { name: 'digits', samples: d.samples, testFraction: 0.25 } };
    case 'inline': {
      const row = (r: number) => Array.from({ length: d.width }, (_, j) => d.values[(r * d.width + j) % d.values.length]);
      const target = (r: number) => (d.targets === 'classes' ? r % d.classes : d.targets === 'values' ? d.values[(r * 7) % d.values.length] : [d.values[r % 60], d.values[(r + 3) % 60]]);
      const testRows = d.test ? 2 : 0;
      return {
        kind: 'inline',
        data: {
          x: Array.from({ length: d.rows }, (_, r) => row(r)),
          y: Array.from({ length: d.rows }, (_, r) => target(r)),
          ...(testRows ? { xTest: Array.from({ length: testRows }, (_, r) => row(r + d.rows)), yTest: Array.from({ length: testRows }, (_, r) => target(r)) } : {}),
        },
      };
    }
    case 'inline-image': {
      let k = 0;
      const image = () => Array.from({ length: d.channels }, () => Array.from({ length: d.size }, () => Array.from({ length: d.size }, () => d.values[k++ % d.values.length])));
      return { kind: 'inline-image', data: { x: Array.from({ length: d.rows }, image), y: Array.from({ length: d.rows }, (_, r) => r % 2) } };
    }
    case 'csv':
      return { kind: 'csv', data: { csv: d.csv.value.text, labelColumn: d.csv.value.labelColumn, ...(d.csv.value.task ? { task: d.csv.value.task } : {}), testFraction: d.testFraction } };
  }
}

/** Builds a consistent spec from raw choices: the data decides the input shape, the output layer and the loss. */
function buildSpec(raw: Raw): { value: TrainingSpec; meta: SpecMeta } {
  const { data, kind } = dataOf(raw);
  const dataset = makeDataset(data as unknown as TrainingSpec['data'], raw.seed ?? 0);
  const layers: LayerSpec[] = [];
  let input = [...dataset.inputShape];
  const image = input.length === 3;
  const flatDigits = raw.data.kind === 'digits' && raw.data.flat;
  if (flatDigits) input = [64];
  if (image && !flatDigits) {
    const c = raw.conv;
    layers.push({ type: 'conv2d', filters: c.filters, kernelSize: c.kernelSize, ...(c.stride !== undefined ? { stride: c.stride } : {}), ...(c.padding !== undefined ? { padding: c.padding } : {}), ...(c.activation !== undefined ? { activation: c.activation } : {}) });
    const side = Math.floor((input[1] + 2 * (c.padding ?? 0) - c.kernelSize) / (c.stride ?? 1)) + 1;
    if (c.pool && side >= 2) layers.push({ type: 'maxpool2d', size: 2 });
    layers.push({ type: 'flatten' });
  }
  for (const h of raw.hidden) {
    layers.push({ type: 'dense', units: h.units, ...(h.activation !== undefined ? { activation: h.activation } : {}), ...(h.init ? { init: h.init } : {}), ...(h.biasInit !== undefined ? { biasInit: h.biasInit } : {}) });
  }
  // The loss and the output units the data allows.
  const choices: { loss: TrainingSpec['loss']; units: number }[] = [];
  if (dataset.task === 'regression') choices.push({ loss: 'mse', units: dataset.targetWidth });
  else {
    const classes = dataset.classes;
    if (classes <= 2) choices.push({ loss: 'bce_with_logits', units: 1 });
    choices.push({ loss: 'cross_entropy', units: Math.max(2, classes) + (raw.lossChoice % 2) });
    choices.push({ loss: 'mse', units: classes <= 1 ? 1 : classes });
    if (classes === 1) choices.push({ loss: 'mse', units: 1 });
  }
  const choice = choices[raw.lossChoice % choices.length];
  layers.push({ type: 'dense', units: choice.units, ...(raw.outputActivation !== undefined ? { activation: raw.outputActivation } : {}) });
  // PReLU with one weight per channel needs the layer's units: keep num_parameters 1 (the generator's choice).
  const spec: Record<string, unknown> = {
    ...(raw.schemaRef ? { $schema: './node_modules/activation-lab/spec.schema.json' } : {}),
    ...(raw.seed !== undefined ? { seed: raw.seed } : {}),
    data,
    model: { input, layers },
    loss: choice.loss,
    ...(raw.init ? { init: raw.init } : {}),
    optimizer: raw.optimizer,
    ...(raw.regularization ? { regularization: raw.regularization } : {}),
    ...(raw.batchSize !== undefined ? { batchSize: raw.batchSize } : {}),
    ...(raw.shuffle !== undefined ? { shuffle: raw.shuffle } : {}),
    ...raw.length,
    ...(raw.metricsEvery !== undefined ? { metricsEvery: raw.metricsEvery } : {}),
    ...(raw.histogram ? { histogram: raw.histogram } : {}),
  };
  if (raw.explicitParameters && layers.every((l) => l.type === 'dense' || l.type === 'flatten')) {
    const plan = describeModel(spec as unknown as TrainingSpec);
    let k = 0;
    const next = () => raw.parameterValues[k++ % raw.parameterValues.length];
    spec.parameters = plan.parametric.map((layer) => ({
      weight: Array.from({ length: layer.weightShape[0] }, () => Array.from({ length: layer.weightShape[1] }, next)),
      bias: Array.from({ length: layer.channels }, next),
      ...(layer.activation?.learnable ? { activation: { [layer.activation.learnable.name]: Array.from({ length: layer.activation.learnable.count }, () => 0.25) } } : {}),
    }));
  }
  return { value: spec as unknown as TrainingSpec, meta: { dataKind: kind } };
}

export const validSpec: fc.Arbitrary<{ value: TrainingSpec; meta: SpecMeta }> = rawSpec.map(buildSpec);

/** Spec fields by name: a rejection of a schema-valid spec (a cross-field check) must name one of them. */
const SPEC_FIELDS = /\b(seed|data|model|layers|input|units|filters|kernelSize|stride|padding|size|activation|loss|init|parameters|weight|bias|optimizer|lr|momentum|dampening|nesterov|betas|eps|weightDecay|regularization|lambda|batchSize|shuffle|steps|epochs|metricsEvery|histogram|bins|range|samples|noise|testFraction|features|labelColumn|task|x|y|xTest|yTest|csv|CSV line \d+|CSV header|CSV data|CSV label column)\b/;

/** Whether the schema alone rejects the value (then the error must name the mutated field itself). */
function schemaRejects(value: unknown): boolean {
  try {
    checkSpecSchema(value);
    return false;
  } catch {
    return true;
  }
}

/** Checks the message of a rejected spec against the mutation; counts it. `prefixes` root the paths in wrapping messages. */
export function checkSpecRejection(message: string, value: Case, stats: Stats, prefixes: readonly string[] = ['']): void {
  const mutation = value.mutation;
  if (!mutation) throw new FuzzFailure(`a valid generated spec was rejected: ${message.slice(0, 400)}`);
  const path: Path = mutation.path;
  const parent = path.slice(0, -1);
  if (path.length && (namesPath(message, path, prefixes) || (effectiveOp(value) === 'delete' && parent.length && namesPath(message, parent, prefixes)))) {
    stats.namedExact++;
    return;
  }
  if (path.length && schemaRejects(value.value) && effectiveOp(value) !== 'delete') {
    // The schema check fails on the mutated field itself: its error must name that field.
    throw new FuzzFailure(`the rejection does not name the mutated field ${path.map(String).join('/')}: ${message.slice(0, 400)}`);
  }
  // A whole spec replaced: the message names the spec, or a path into what replaced it.
  const rootKeys = path.length === 0 && value.value !== null && typeof value.value === 'object' ? Object.keys(value.value) : [];
  if (SPEC_FIELDS.test(message) || /^spec\b/.test(message) || rootKeys.some((key) => message.startsWith(`${key} `) || message.startsWith(`${key}.`) || message.startsWith(`${key}[`))) {
    stats.namedRelated++;
    return;
  }
  throw new FuzzFailure(`the rejection names no field: ${message.slice(0, 400)}`);
}

/** Rough cost of building a trainer and taking a step: samples × parameters (and a cap on the dataset's size). */
export function trainingCost(spec: TrainingSpec): number {
  const data = spec.data as { name?: string; samples?: number; x?: unknown[]; csv?: string };
  const samples = data.name === 'digits' ? Math.min(data.samples ?? 1797, 1797) : data.name ? data.samples ?? 500 : data.x ? data.x.length : (data.csv?.length ?? 0) / 4;
  let parameters = 0;
  let values = 0;
  try {
    for (const layer of describeModel(spec).layers) {
      parameters += layer.weightShape.reduce((a, b) => a * b, 1);
      values += layer.outputShape.reduce((a, b) => a * b, 1);
    }
  } catch {
    return Number.POSITIVE_INFINITY;
  }
  return samples * (parameters + values);
}

/** The largest trainer the next-layer check builds (a few milliseconds of work). */
export const MAX_TRAINING_COST = 2_000_000;

export const specTarget: Target<SpecMeta> = {
  name: 'specs',
  group: 'experiment specs',
  arbitrary: mutated(validSpec),
  async check(value, stats) {
    let spec: TrainingSpec;
    try {
      spec = await bounded('validateSpec', () => validateSpec(value.value));
    } catch (error) {
      const message = rejectionMessage(error, 'validateSpec');
      stats.rejected++;
      checkSpecRejection(message, value, stats);
      return;
    }
    stats.accepted++;
    if (trainingCost(spec) > MAX_TRAINING_COST) {
      stats.nextLayerSkipped++;
      return;
    }
    await bounded('createTrainer + step', () => trainOneStep(spec, 'spec'));
    stats.nextLayer++;
  },
};
