// The training spec: one serialisable JSON object per experiment (what the Training Lab saves, the notebook
// kernel runs and `lab.train` trains), its JSON Schema, and `validateSpec`, which checks a spec against the
// schema and then what a schema cannot say (shapes agree, activation names exist) with errors naming the field.
import type { ParamValue } from '../activations';
import schemaJson from './spec.schema.json';
import { validate as validateAgainstSchema } from './spec.validator.generated';
import { formatSchemaError, type SchemaError } from './errors';

/** The JSON Schema of a training spec (draft-07): the same one validates specs everywhere. */
export const specSchema: Readonly<Record<string, unknown>> = schemaJson;

/** A layer's activation: a catalog name, or `{ name, ...params }` with parameters by PyTorch name. */
export type ActivationSpec = string | ({ readonly name: string } & Readonly<Record<string, ParamValue>>);

/** The weight initialisers. `pytorch` is nn.Linear/nn.Conv2d's default; the others set biases to 0. */
export type InitName = 'pytorch' | 'he_normal' | 'he_uniform' | 'xavier_normal' | 'xavier_uniform' | 'lecun_normal' | 'lecun_uniform' | 'zeros';

/** A fully connected layer: units = f(x·Wᵀ + b), PyTorch's nn.Linear (+ activation). */
export interface DenseLayerSpec {
  readonly type: 'dense';
  /** Output units. */
  readonly units: number;
  /** Activation applied to the layer's output; none means the raw pre-activation (logits). */
  readonly activation?: ActivationSpec;
  /** Initialiser for this layer's weight, overriding the spec's `init`. */
  readonly init?: InitName;
  /** A constant initial value for every bias of this layer (e.g. −3 starts ReLU units dead). */
  readonly biasInit?: number;
}

/** A 2-D convolution, PyTorch's nn.Conv2d with a square kernel (+ activation). */
export interface Conv2dLayerSpec {
  readonly type: 'conv2d';
  /** Output channels. */
  readonly filters: number;
  readonly kernelSize: number;
  /** Default 1. */
  readonly stride?: number;
  /** Zero padding on each side, default 0. */
  readonly padding?: number;
  readonly activation?: ActivationSpec;
  readonly init?: InitName;
  readonly biasInit?: number;
}

/** Max pooling over square windows, PyTorch's nn.MaxPool2d (no padding). */
export interface MaxPool2dLayerSpec {
  readonly type: 'maxpool2d';
  readonly size: number;
  /** Default: the window size. */
  readonly stride?: number;
}

/** Flattens [channels, height, width] to one feature vector (nn.Flatten). */
export interface FlattenLayerSpec {
  readonly type: 'flatten';
}

export type LayerSpec = DenseLayerSpec | Conv2dLayerSpec | MaxPool2dLayerSpec | FlattenLayerSpec;

/** The built-in datasets (TensorFlow Playground's six, plus moons, a 3-class spiral, a sine boundary, and 8×8 digits). */
export type DatasetName =
  | 'circle'
  | 'xor'
  | 'two_gaussians'
  | 'spiral'
  | 'regression_plane'
  | 'regression_gaussian'
  | 'moons'
  | 'spiral_3class'
  | 'sine'
  | 'digits';

/** The input features of the 2-D datasets, TensorFlow Playground's crosses. */
export type FeatureName = 'x1' | 'x2' | 'x1^2' | 'x2^2' | 'x1*x2' | 'sin(x1)' | 'sin(x2)';

/** A built-in, seeded dataset. */
export interface GeneratedDataSpec {
  readonly name: DatasetName;
  /** Samples, training and test together (default 500; digits: all 1797). */
  readonly samples?: number;
  /** Noise level (Playground's noise/100; for moons the Gaussian noise's standard deviation). */
  readonly noise?: number;
  /** Fraction held out as the test set (default 0.5). */
  readonly testFraction?: number;
  /** Input features for the 2-D datasets (default ["x1", "x2"]). */
  readonly features?: readonly FeatureName[];
  /** Seed of the data only (default: the spec's seed). */
  readonly seed?: number;
}

/** Nested arrays of numbers: a feature vector, or an image [channels][height][width]. */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/** Data given inline. */
export interface InlineDataSpec {
  /** Training inputs, one row per sample. */
  readonly x: readonly NestedNumbers[];
  /** Training targets: class indices, 0/1 labels (bce with one output), or one vector per sample. */
  readonly y: readonly (number | readonly number[])[];
  readonly xTest?: readonly NestedNumbers[];
  readonly yTest?: readonly (number | readonly number[])[];
}

/** A user's CSV file: a header row, one sample per line, one column holding the label. */
export interface CsvDataSpec {
  readonly csv: string;
  /** Header name or 0-based index of the label column. */
  readonly labelColumn: string | number;
  /** classification (default; labels become class indices) or regression. */
  readonly task?: 'classification' | 'regression';
  /** Fraction of rows held out as the test set (default 0). */
  readonly testFraction?: number;
  readonly seed?: number;
}

export type DataSpec = GeneratedDataSpec | InlineDataSpec | CsvDataSpec;

/** Explicit parameters of one dense/conv2d layer, PyTorch layout. */
export interface LayerParameters {
  /** Dense: [out][in]; conv2d: [out][in][kh][kw]. */
  readonly weight: NestedNumbers;
  /** [out]. */
  readonly bias: readonly number[];
  /** Learnable activation parameters by name, e.g. `{ weight: [0.25] }` for PReLU. */
  readonly activation?: Readonly<Record<string, readonly number[]>>;
}

/** torch.optim.SGD. */
export interface SgdSpec {
  readonly type: 'sgd';
  readonly lr: number;
  readonly momentum?: number;
  readonly dampening?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}

/** torch.optim.Adam. */
export interface AdamSpec {
  readonly type: 'adam';
  /** Default 0.001. */
  readonly lr?: number;
  /** Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Default 1e-8. */
  readonly eps?: number;
  readonly weightDecay?: number;
}

export type OptimizerSpec = SgdSpec | AdamSpec;

export type LossName = 'bce_with_logits' | 'cross_entropy' | 'mse';

/** One training experiment. See shared API.md for the meaning of each field. */
export interface TrainingSpec {
  readonly $schema?: string;
  /** Seed of every random choice; default 0. */
  readonly seed?: number;
  readonly data: DataSpec;
  readonly model: {
    /** Shape of one sample: [features] or [channels, height, width]. */
    readonly input: readonly number[];
    readonly layers: readonly LayerSpec[];
  };
  readonly loss: LossName;
  /** Default "pytorch". */
  readonly init?: InitName;
  /** Explicit initial parameters, one entry per dense/conv2d layer; they take precedence over `init`. */
  readonly parameters?: readonly LayerParameters[];
  readonly optimizer: OptimizerSpec;
  /** A penalty on the weights (not biases) added to the loss: l1 = λ·Σ|w|, l2 = λ·Σw². */
  readonly regularization?: { readonly type: 'l1' | 'l2'; readonly lambda: number };
  /** Samples per step or "full"; default 32 (capped at the training set's size). */
  readonly batchSize?: number | 'full';
  /** Default false: batches in data order, as DataLoader(shuffle=False). */
  readonly shuffle?: boolean;
  /** Optimizer steps (default 100 when neither steps nor epochs is given). */
  readonly steps?: number;
  /** Passes over the training set, instead of steps. */
  readonly epochs?: number;
  /** Full-training-set metrics every this many steps (step 0 always); default 1. */
  readonly metricsEvery?: number;
  /** Pre-activation histogram bins; default 20 bins over [−5, 5]. */
  readonly histogram?: { readonly bins?: number; readonly range?: readonly [number, number] };
}

/** Defaults of the optional spec fields, in one place. */
export const SPEC_DEFAULTS = Object.freeze({
  seed: 0,
  init: 'pytorch' as InitName,
  batchSize: 32,
  shuffle: false,
  steps: 100,
  metricsEvery: 1,
  histogramBins: 20,
  histogramRange: [-5, 5] as const,
  samples: 500,
  noise: 0,
  testFraction: 0.5,
  csvTestFraction: 0,
  adam: { lr: 0.001, betas: [0.9, 0.999] as const, eps: 1e-8 },
});

/** Deepest nesting of arrays and objects in a spec (inline images and conv weights need 6 levels). */
export const MAX_SPEC_DEPTH = 32;

/** The path (`data.x[0][0]…`) of the first value nested deeper than `limit`, or null; walks without recursion. */
function deeperThan(root: unknown, limit: number): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return path || 'spec';
    if (Array.isArray(value)) value.forEach((child, i) => stack.push({ value: child, depth: depth + 1, path: `${path || 'spec'}[${i}]` }));
    else for (const [key, child] of Object.entries(value)) stack.push({ value: child, depth: depth + 1, path: path ? `${path}.${key}` : key });
  }
  return null;
}

/**
 * Checks a spec against the JSON Schema and throws an Error naming the first offending field and what it
 * expects, e.g. `optimizer.lr must be a positive number (got -0.1)`. Returns the spec, typed.
 * (Semantic checks that need the model and the data — shapes, activation names — run in `checkSpec`,
 * which `lab.validateSpec`, `lab.train` and `lab.createTrainer` call.)
 */
export function checkSpecSchema(spec: unknown): TrainingSpec {
  // The generated validator recurses into nested arrays: a spec nested 100 000 deep overflowed the stack.
  const tooDeep = deeperThan(spec, MAX_SPEC_DEPTH);
  if (tooDeep !== null) throw new Error(`${tooDeep} nests deeper than ${MAX_SPEC_DEPTH} levels; a training spec needs far fewer (images are [channels][height][width])`);
  if (validateAgainstSchema(spec)) return spec as TrainingSpec;
  const errors = (validateAgainstSchema as unknown as { errors?: SchemaError[] }).errors ?? [];
  const first = errors[0];
  if (!first) throw new Error('spec is not valid (the schema validator gave no reason)');
  throw new Error(formatSchemaError(first, spec, specSchema));
}
