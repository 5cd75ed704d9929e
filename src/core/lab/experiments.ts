// The Training Lab's starting set-up and its guided experiments: each reproduces a claim of the source
// articles (dying ReLU, vanishing gradients, initialisation, ReLU in a CNN) in one click, and says what
// to look for.
import type { LayerSpec, TrainingSpec } from '../protocol/spec';

/** A variant of a comparison: a label and its spec. */
export interface ExperimentVariant {
  readonly label: string;
  readonly spec: TrainingSpec;
}

/** A guided experiment. */
export interface GuidedExperiment {
  readonly id: string;
  readonly title: string;
  /** The claim it demonstrates, in one sentence. */
  readonly claim: string;
  /** What to watch in the views. */
  readonly lookFor: string;
  /** `train`: one network to play; `compare`: variants run side by side from the same seed. */
  readonly mode: 'train' | 'compare';
  /** The set-up loaded into the controls. */
  readonly spec: TrainingSpec;
  /** For `compare`: the variants. */
  readonly variants?: readonly ExperimentVariant[];
}

const hidden = (units: number, count: number, activation: string, extra: Partial<Extract<LayerSpec, { type: 'dense' }>> = {}): LayerSpec[] =>
  Array.from({ length: count }, () => ({ type: 'dense' as const, units, activation, ...extra }));

/** The set-up a new Training Lab opens with: TensorFlow Playground's circle, two hidden ReLU layers. */
export function defaultLabSpec(): TrainingSpec {
  return {
    seed: 1,
    data: { name: 'circle', samples: 500, noise: 0.05, testFraction: 0.5, features: ['x1', 'x2'] },
    model: { input: [2], layers: [...hidden(8, 2, 'relu'), { type: 'dense', units: 1 }] },
    loss: 'bce_with_logits',
    init: 'pytorch',
    optimizer: { type: 'adam', lr: 0.03 },
    batchSize: 16,
    shuffle: true,
    steps: 3000,
    metricsEvery: 10,
  };
}

function withLayers(spec: TrainingSpec, layers: LayerSpec[], changes: Partial<TrainingSpec> = {}): TrainingSpec {
  return { ...spec, ...changes, model: { ...spec.model, layers } };
}

const dyingBase: TrainingSpec = {
  ...defaultLabSpec(),
  seed: 3,
  data: { name: 'spiral', samples: 400, noise: 0.05, testFraction: 0.5, features: ['x1', 'x2'] },
  optimizer: { type: 'sgd', lr: 3 },
  batchSize: 16,
  steps: 300,
  metricsEvery: 5,
};

const deepBase: TrainingSpec = {
  ...defaultLabSpec(),
  seed: 5,
  data: { name: 'two_gaussians', samples: 400, noise: 0.1, testFraction: 0.5, features: ['x1', 'x2'] },
  optimizer: { type: 'sgd', lr: 0.1 },
  batchSize: 32,
  steps: 400,
  metricsEvery: 5,
};

/** Every guided experiment, in the order the panel lists them. */
export const guidedExperiments: readonly GuidedExperiment[] = [
  {
    id: 'dying-relu',
    title: 'Dying ReLU',
    claim: 'With a learning rate that is too high, ReLU units can be pushed to where they output 0 for every input; their gradient is then 0 and they never recover. Leaky ReLU keeps a small gradient for negative inputs, so its units stay alive.',
    lookFor: 'The dead-unit fraction: ReLU’s climbs within a few steps and stays up; Leaky ReLU’s stays at 0. Dead units are marked in the per-unit heatmaps.',
    mode: 'compare',
    spec: withLayers(dyingBase, [...hidden(8, 2, 'relu'), { type: 'dense', units: 1 }]),
    variants: [
      { label: 'ReLU', spec: withLayers(dyingBase, [...hidden(8, 2, 'relu'), { type: 'dense', units: 1 }]) },
      { label: 'Leaky ReLU (0.01)', spec: withLayers(dyingBase, [...hidden(8, 2, 'leaky_relu'), { type: 'dense', units: 1 }]) },
      { label: 'ReLU, bias −3 at start', spec: withLayers(dyingBase, [...hidden(8, 2, 'relu', { biasInit: -3 }), { type: 'dense', units: 1 }], { optimizer: { type: 'sgd', lr: 0.1 } }) },
    ],
  },
  {
    id: 'vanishing-gradients',
    title: 'Vanishing gradients',
    claim: 'In a deep stack of sigmoids each layer multiplies the gradient by σ′ ≤ 0.25, so the first layers barely learn; ReLU’s derivative is 1 for positive inputs, and with He initialisation the gradient reaches the first layer intact.',
    lookFor: 'The gradient norm of the first layer (log scale): orders of magnitude smaller for the 10-layer sigmoid net than for ReLU + He init, and its loss barely moves.',
    mode: 'compare',
    spec: withLayers(deepBase, [...hidden(16, 10, 'sigmoid'), { type: 'dense', units: 1 }]),
    variants: [
      { label: '10 × sigmoid, PyTorch init', spec: withLayers(deepBase, [...hidden(16, 10, 'sigmoid'), { type: 'dense', units: 1 }]) },
      { label: '10 × ReLU, He init', spec: withLayers(deepBase, [...hidden(16, 10, 'relu'), { type: 'dense', units: 1 }], { init: 'he_normal' }) },
    ],
  },
  {
    id: 'initialisation',
    title: 'Initialisation matters',
    claim: 'The same deep ReLU network trains or stalls depending on its initial weights: all-zero weights make every unit identical and dead, so no gradient ever flows; Xavier and He initialisation keep the signal’s scale through the layers, He (scaled for ReLU) keeping the largest gradient at the first layer.',
    lookFor: 'The loss curves and the first layer’s gradient norm: with zeros the loss never moves and every unit is dead; Xavier and He both train, He with the larger first-layer gradient.',
    mode: 'compare',
    spec: withLayers(deepBase, [...hidden(16, 6, 'relu'), { type: 'dense', units: 1 }], { init: 'he_normal' }),
    variants: [
      { label: 'zeros', spec: withLayers(deepBase, [...hidden(16, 6, 'relu'), { type: 'dense', units: 1 }], { init: 'zeros' }) },
      { label: 'Xavier (Glorot) normal', spec: withLayers(deepBase, [...hidden(16, 6, 'relu'), { type: 'dense', units: 1 }], { init: 'xavier_normal' }) },
      { label: 'He normal', spec: withLayers(deepBase, [...hidden(16, 6, 'relu'), { type: 'dense', units: 1 }], { init: 'he_normal' }) },
    ],
  },
  {
    id: 'relu-cnn',
    title: 'ReLU in a CNN',
    claim: 'In a convolutional network ReLU zeroes every negative response, so its feature maps are sparse: each filter fires only where its pattern appears.',
    lookFor: 'The feature maps after the ReLU (mostly black: exactly 0) and the sparsity curve, while test accuracy on the handwritten digits climbs past 90 %.',
    mode: 'train',
    spec: {
      seed: 2,
      data: { name: 'digits', testFraction: 0.3 },
      model: {
        input: [1, 8, 8],
        layers: [
          { type: 'conv2d', filters: 8, kernelSize: 3, padding: 1, activation: 'relu' },
          { type: 'maxpool2d', size: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 10 },
        ],
      },
      loss: 'cross_entropy',
      init: 'pytorch',
      optimizer: { type: 'adam', lr: 0.01 },
      batchSize: 32,
      shuffle: true,
      steps: 400,
      metricsEvery: 20,
    },
  },
];

/** A guided experiment by id; throws naming the known ones. */
export function guidedExperiment(id: string): GuidedExperiment {
  const found = guidedExperiments.find((e) => e.id === id);
  if (!found) throw new Error(`unknown guided experiment "${id}"; known: ${guidedExperiments.map((e) => e.id).join(', ')}`);
  return found;
}
