// The rectifier family: identity, ReLU and its leaky, parametric, randomized and thresholded variants.
// Each record puts f and f′ side by side, with PyTorch's choices at x = 0 and for NaN.
import { defineActivation } from './define';
import { f32 } from './float32';
import { api, apiRequired, flax, jax, keras, pytorch, tensorflow, tfjs } from './frameworks';
import { EXACT, wgslFloat } from './wgsl';

const PIECEWISE_LINEAR_COST = 'cheap' as const;

/** f(x) = x. */
export const identity = defineActivation({
  id: 'identity',
  name: 'Identity',
  aliases: ['linear', 'none', 'tf.identity'],
  params: [],
  forward: (x) => x,
  derivative: () => 1,
  forwardArray: (input, output) => output.set(input),
  wgsl: { forward: 'x', derivative: '1.0', tolerance: EXACT },
  summary: 'Passes its input through unchanged: the "no activation" of a linear layer.',
  formula: { text: 'x', tex: 'x' },
  derivativeFormula: { text: '1', tex: '1' },
  properties: {
    range: '(−∞, ∞)',
    boundedAbove: false,
    boundedBelow: false,
    monotonic: true,
    smooth: true,
    continuous: true,
    kinks: 'none',
    zeroCentred: true,
    selfNormalising: false,
    saturates: 'none',
    deadZone: 'none',
  },
  whenToUse: 'Output layers that produce logits (for softmax or BCE-with-logits losses) or regression targets (with MSE); a baseline that shows what the non-linearity buys.',
  problems: ['A stack of linear layers with identity activations is one linear map: depth adds no expressive power.'],
  cost: PIECEWISE_LINEAR_COST,
  paper: null,
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Identity') }),
    keras: keras({ functional: api('keras.activations.linear'), module: api('keras.layers.Identity'), string: 'linear' }),
    tensorflow: tensorflow({ functional: api('tf.identity') }),
    jax: jax({ functional: api('jax.nn.identity') }),
    flax: null,
    tfjs: tfjs({ string: 'linear', docs: 'https://js.tensorflow.org/api/4.22.0/#layers.activation', note: 'Layers default to activation "linear" (no activation).' }),
  },
  defaultsDisagree: ['Keras and TF.js call it "linear"; PyTorch has nn.Identity and no functional form (use the tensor itself).'],
  numerics: ['f′ = 1 everywhere, NaN and ±Infinity included: PyTorch passes the gradient through unchanged.'],
});

/** max(0, x). */
export const relu = defineActivation({
  id: 'relu',
  name: 'ReLU',
  aliases: ['rectifier', 'torch.relu'],
  params: [],
  forward: (x) => (x > 0 ? x : x === 0 ? x : x < 0 ? 0 : NaN),
  // PyTorch's threshold_backward tests x <= 0: the gradient is 0 at 0 and passes (1) for NaN.
  derivative: (x) => (x <= 0 ? 0 : 1),
  forwardArray(input, output) {
    for (let i = 0; i < input.length; i++) {
      const x = input[i];
      output[i] = x < 0 ? 0 : x;
    }
  },
  derivativeArray(input, output) {
    for (let i = 0; i < input.length; i++) output[i] = input[i] <= 0 ? 0 : 1;
  },
  kinkPoints: () => [0],
  wgsl: { forward: 'select(x, 0.0, x < 0.0)', derivative: 'select(1.0, 0.0, x <= 0.0)', tolerance: EXACT },
  summary: 'Rectified linear unit: keeps positive inputs and replaces negative ones with 0.',
  formula: { text: 'max(0, x)', tex: '\\max(0, x)' },
  derivativeFormula: { text: '1 if x > 0, else 0 (0 at x = 0)', tex: '\\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}' },
  properties: {
    range: '[0, ∞)',
    boundedAbove: false,
    boundedBelow: true,
    monotonic: true,
    smooth: false,
    continuous: true,
    kinks: 'x = 0',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'none (for x < 0 the gradient is exactly 0 rather than vanishing)',
    deadZone: 'x < 0: output 0 and gradient 0',
  },
  whenToUse: 'The default hidden-layer activation for MLPs and CNNs: cheap, does not saturate for x > 0 and gives sparse activations. Pair it with He (Kaiming) initialisation.',
  problems: [
    'Dying ReLU: a unit whose pre-activation is negative for every input gets zero gradient and never recovers (large learning rates and negative bias drift cause it).',
    'Not zero-centred: outputs are ≥ 0, which biases the next layer’s weight gradients towards a common sign.',
    'Unbounded above: activations can grow without limit unless normalisation keeps them in check.',
  ],
  cost: PIECEWISE_LINEAR_COST,
  paper: {
    title: 'Rectified Linear Units Improve Restricted Boltzmann Machines',
    authors: 'Vinod Nair, Geoffrey E. Hinton',
    year: 2010,
    url: 'https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf',
    note: 'Named the unit and showed its value in RBMs; the rectifier itself is older (Fukushima, 1969), and Glorot, Bordes & Bengio (2011, "Deep Sparse Rectifier Neural Networks") established it for deep networks.',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.ReLU'), functional: api('torch.nn.functional.relu') }),
    keras: keras({
      module: api('keras.layers.ReLU', { max_value: null, negative_slope: 0, threshold: 0 }),
      functional: api('keras.activations.relu', { negative_slope: 0, max_value: null, threshold: 0 }),
      string: 'relu',
      note: 'max_value=None means no cap; negative_slope and threshold turn it into a leaky or thresholded ReLU.',
    }),
    tensorflow: tensorflow({ functional: api('tf.nn.relu') }),
    jax: jax({ functional: api('jax.nn.relu'), note: 'Documents ∇relu(0) = 0, as PyTorch computes it.' }),
    flax: flax({ functional: api('flax.linen.relu') }),
    tfjs: tfjs({ functional: api('tf.relu'), module: api('tf.layers.reLU'), string: 'relu', note: 'tf.layers.reLU takes an optional maxValue that caps the output.' }),
  },
  defaultsDisagree: [
    'Keras’ relu function and ReLU layer take negative_slope, max_value and threshold: keras.activations.relu(x, negative_slope=0.01) is a leaky ReLU and max_value=6 a ReLU6; in PyTorch those are separate functions.',
  ],
  numerics: [
    'relu′(0) = 0: PyTorch’s backward tests x ≤ 0 (JAX documents the same choice).',
    'relu′(NaN) = 1: the test x ≤ 0 is false for NaN, so the gradient passes through; relu(NaN) = NaN.',
    'relu(−0) = −0 as in PyTorch (a sign the comparisons here do not distinguish from 0).',
  ],
});

type SlopeParams = { readonly negative_slope: number };

/** x for x > 0, negative_slope · x otherwise. */
export const leakyRelu = defineActivation<SlopeParams>({
  id: 'leaky_relu',
  name: 'Leaky ReLU',
  aliases: ['lrelu', 'leaky'],
  params: [
    {
      name: 'negative_slope',
      default: 0.01,
      suggestedRange: [0, 1],
      description: 'Slope for x ≤ 0 (PyTorch’s default 0.01; Keras’ layer uses 0.3, TensorFlow’s function 0.2).',
    },
  ],
  forward: (x, p) => (x > 0 ? x : f32(x * f32(p.negative_slope))),
  derivative: (x, p) => (x > 0 ? 1 : f32(p.negative_slope)),
  forwardArray(input, output, p) {
    const slope = f32(p.negative_slope);
    for (let i = 0; i < input.length; i++) {
      const x = input[i];
      output[i] = x > 0 ? x : x * slope;
    }
  },
  derivativeArray(input, output, p) {
    const slope = f32(p.negative_slope);
    for (let i = 0; i < input.length; i++) output[i] = input[i] > 0 ? 1 : slope;
  },
  kinkPoints: (p) => (p.negative_slope === 1 ? [] : [0]),
  paramHints: { alpha: 'TensorFlow, Keras 2 and TF.js call the slope `alpha`; here it is `negative_slope`.' },
  wgsl: { forward: 'select(x * negative_slope, x, x > 0.0)', derivative: 'select(negative_slope, 1.0, x > 0.0)', tolerance: EXACT },
  summary: 'ReLU with a small slope for negative inputs, so negative units still receive gradient.',
  formula: {
    text: 'x if x > 0, else negative_slope · x',
    tex: '\\begin{cases} x & x > 0 \\\\ \\alpha x & x \\le 0 \\end{cases},\\quad \\alpha = \\text{negative\\_slope}',
  },
  derivativeFormula: {
    text: '1 if x > 0, else negative_slope (negative_slope at x = 0)',
    tex: '\\begin{cases} 1 & x > 0 \\\\ \\alpha & x \\le 0 \\end{cases}',
  },
  properties: {
    range: '(−∞, ∞)',
    boundedAbove: false,
    boundedBelow: false,
    monotonic: true,
    smooth: false,
    continuous: true,
    kinks: 'x = 0',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'none',
    deadZone: 'none (for negative_slope ≠ 0)',
  },
  whenToUse: 'A drop-in replacement for ReLU when dying units are a problem; GAN discriminators commonly use negative_slope = 0.2.',
  problems: [
    'The slope is a hyperparameter that frameworks default differently (0.01, 0.2, 0.3): ported models change silently unless it is passed explicitly.',
    'Still not smooth at 0 and unbounded above; a negative slope makes it non-monotonic.',
  ],
  cost: PIECEWISE_LINEAR_COST,
  paper: {
    title: 'Rectifier Nonlinearities Improve Neural Network Acoustic Models',
    authors: 'Andrew L. Maas, Awni Y. Hannun, Andrew Y. Ng',
    year: 2013,
    url: 'https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf',
  },
  frameworks: {
    pytorch: pytorch({
      module: api('torch.nn.LeakyReLU', { negative_slope: 0.01 }),
      functional: api('torch.nn.functional.leaky_relu', { negative_slope: 0.01 }),
    }),
    keras: keras({
      module: api('keras.layers.LeakyReLU', { negative_slope: 0.3 }, { negative_slope: 0.3 }),
      functional: api('keras.activations.leaky_relu', { negative_slope: 0.2 }, { negative_slope: 0.2 }),
      string: 'leaky_relu',
      note: 'Keras 2 (tf.keras up to TensorFlow 2.15) names the layer argument alpha: tf.keras.layers.LeakyReLU(alpha=0.3).',
    }),
    tensorflow: tensorflow({ functional: api('tf.nn.leaky_relu', { alpha: 0.2 }, { negative_slope: 0.2 }) }),
    jax: jax({ functional: api('jax.nn.leaky_relu', { negative_slope: 0.01 }) }),
    flax: flax({ functional: api('flax.linen.leaky_relu', { negative_slope: 0.01 }) }),
    tfjs: tfjs({
      functional: api('tf.leakyRelu', { alpha: 0.2 }, { negative_slope: 0.2 }),
      module: api('tf.layers.leakyReLU', { alpha: 0.3 }, { negative_slope: 0.3 }),
    }),
  },
  defaultsDisagree: [
    'negative_slope is 0.01 in PyTorch (nn.LeakyReLU, F.leaky_relu), jax.nn.leaky_relu and flax.linen.leaky_relu; 0.2 in tf.nn.leaky_relu, keras.activations.leaky_relu and TF.js tf.leakyRelu; 0.3 in the Keras LeakyReLU layer and TF.js tf.layers.leakyReLU.',
    'TensorFlow, Keras 2 and TF.js call the slope alpha; PyTorch, JAX and Keras 3 call it negative_slope.',
  ],
  numerics: [
    'leaky_relu′(0) = negative_slope: PyTorch’s backward tests x > 0.',
    'leaky_relu′(NaN) = negative_slope; leaky_relu(NaN) = NaN.',
    'f(x) = float32(x · float32(negative_slope)) for x ≤ 0, as PyTorch computes it (so leaky_relu(−1e−45) = −0).',
  ],
});

type PreluParams = { readonly num_parameters: number; readonly weight: number };

/** Leaky ReLU whose slope `weight` is learned. */
export const prelu = defineActivation<PreluParams>({
  id: 'prelu',
  name: 'PReLU',
  aliases: ['parametric_relu', 'parametric relu'],
  params: [
    {
      name: 'num_parameters',
      default: 1,
      min: 1,
      integer: true,
      suggestedRange: [1, 64],
      description: 'How many slopes nn.PReLU learns: 1 shared by all channels, or one per input channel (the scalar function uses one slope).',
    },
    {
      name: 'weight',
      default: 0.25,
      learnable: true,
      suggestedRange: [0, 1],
      description: 'The learned slope for x ≤ 0; nn.PReLU starts it at `init` = 0.25.',
    },
  ],
  forward: (x, p) => (x > 0 ? x : f32(x * f32(p.weight))),
  derivative: (x, p) => (x > 0 ? 1 : f32(p.weight)),
  paramDerivative: (x) => (x > 0 ? 0 : x),
  kinkPoints: (p) => (p.weight === 1 ? [] : [0]),
  paramHints: {
    init: 'nn.PReLU’s `init` is the starting value of the slope; pass { weight: … }.',
    alpha: 'Keras and TF.js call the learned slope `alpha`; here it is `weight`.',
    negative_slope: 'PReLU’s slope is the learnable `weight` (F.prelu(input, weight)).',
  },
  wgsl: {
    forward: 'select(x * weight, x, x > 0.0)',
    derivative: 'select(weight, 1.0, x > 0.0)',
    paramDerivative: 'select(x, 0.0, x > 0.0)',
    tolerance: EXACT,
  },
  summary: 'Leaky ReLU whose negative slope is a parameter learned by training.',
  formula: { text: 'x if x > 0, else weight · x', tex: '\\begin{cases} x & x > 0 \\\\ a x & x \\le 0 \\end{cases},\\quad a = \\text{weight (learned)}' },
  derivativeFormula: {
    text: '∂f/∂x = 1 if x > 0, else weight (weight at x = 0); ∂f/∂weight = 0 if x > 0, else x',
    tex: '\\frac{\\partial f}{\\partial x} = \\begin{cases} 1 & x > 0 \\\\ a & x \\le 0 \\end{cases},\\quad \\frac{\\partial f}{\\partial a} = \\begin{cases} 0 & x > 0 \\\\ x & x \\le 0 \\end{cases}',
  },
  properties: {
    range: '(−∞, ∞)',
    boundedAbove: false,
    boundedBelow: false,
    monotonic: true,
    smooth: false,
    continuous: true,
    kinks: 'x = 0',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'none',
    deadZone: 'none (unless the learned slope reaches 0)',
  },
  whenToUse: 'When the network should choose how leaky its units are; He et al. used one slope per channel in deep ImageNet CNNs.',
  problems: [
    'Adds parameters that can overfit small data sets.',
    'Weight decay pulls the slope towards 0 (a plain ReLU); PyTorch’s documentation advises not to decay it.',
    'The learned slope can become negative or exceed 1, making f non-monotonic.',
  ],
  cost: PIECEWISE_LINEAR_COST,
  paper: {
    title: 'Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification',
    authors: 'Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun',
    year: 2015,
    url: 'https://arxiv.org/abs/1502.01852',
  },
  frameworks: {
    pytorch: pytorch({
      module: api('torch.nn.PReLU', { num_parameters: 1, init: 0.25 }, { num_parameters: 1, weight: 0.25 }),
      functional: apiRequired('torch.nn.functional.prelu', ['weight']),
      note: 'num_parameters is 1 or the number of input channels (dimension 1 of the input).',
    }),
    keras: keras({
      module: api('keras.layers.PReLU', { alpha_initializer: 'Zeros', alpha_regularizer: null, alpha_constraint: null, shared_axes: null }, { weight: 0 }),
      docs: 'https://keras.io/api/layers/activation_layers/prelu/',
      note: 'alpha has the shape of one input sample (one slope per element) unless shared_axes is set.',
    }),
    tensorflow: null,
    jax: null,
    flax: flax({ module: api('flax.linen.PReLU', { negative_slope_init: 0.01 }, { weight: 0.01 }), docs: 'https://flax.readthedocs.io/en/v0.6.10/api_reference/_autosummary/flax.linen.activation.PReLU.html' }),
    tfjs: tfjs({
      functional: apiRequired('tf.prelu', ['alpha']),
      module: api('tf.layers.prelu', { alphaInitializer: 'zeros' }, { weight: 0 }),
    }),
  },
  defaultsDisagree: [
    'The initial slope is 0.25 in PyTorch (init), 0.01 in Flax (negative_slope_init) and 0 in Keras and TF.js (alpha_initializer "zeros"), where PReLU starts out as a plain ReLU.',
    'Keras and TF.js learn one slope per input element unless shared_axes is set; PyTorch learns one slope shared by all channels unless num_parameters equals the channel count.',
  ],
  numerics: [
    'prelu′(0) = weight (PyTorch tests x > 0); prelu′(NaN) = weight; prelu(NaN) = NaN.',
    '∂f/∂weight = 0 for x > 0 and x otherwise, so NaN for NaN and −Infinity for −Infinity (the per-element weight.grad PyTorch computes).',
  ],
});

type RreluParams = { readonly lower: number; readonly upper: number };
const rreluSlope = (p: RreluParams) => f32((p.lower + p.upper) / 2);

/** Evaluation-mode randomized leaky ReLU: a leaky ReLU with slope (lower + upper)/2. */
export const rrelu = defineActivation<RreluParams>({
  id: 'rrelu',
  name: 'RReLU',
  aliases: ['randomized_relu', 'randomized leaky relu'],
  params: [
    { name: 'lower', default: 1 / 8, min: 0, max: 1, suggestedRange: [0, 1], description: 'Lower bound of the random slope used in training (PyTorch’s default 1/8).' },
    { name: 'upper', default: 1 / 3, min: 0, max: 1, suggestedRange: [0, 1], description: 'Upper bound of the random slope used in training (PyTorch’s default 1/3).' },
  ],
  check: (p) => (p.lower <= p.upper ? undefined : `lower (${p.lower}) must be ≤ upper (${p.upper}), as PyTorch requires`),
  forward: (x, p) => (x > 0 ? x : f32(x * rreluSlope(p))),
  derivative: (x, p) => (x > 0 ? 1 : rreluSlope(p)),
  kinkPoints: (p) => (rreluSlope(p) === 1 ? [] : [0]),
  wgsl: (p) => {
    const slope = wgslFloat(rreluSlope(p));
    return { forward: `select(x * ${slope}, x, x > 0.0)`, derivative: `select(${slope}, 1.0, x > 0.0)`, tolerance: EXACT };
  },
  summary: 'Randomized leaky ReLU: in training each negative input gets a random slope from [lower, upper]; in evaluation the fixed slope (lower + upper)/2, which is what this record computes.',
  formula: { text: 'x if x > 0, else a · x with a = (lower + upper)/2 (evaluation mode)', tex: '\\begin{cases} x & x > 0 \\\\ \\tfrac{l + u}{2}\\, x & x \\le 0 \\end{cases}' },
  derivativeFormula: { text: '1 if x > 0, else (lower + upper)/2', tex: '\\begin{cases} 1 & x > 0 \\\\ \\tfrac{l + u}{2} & x \\le 0 \\end{cases}' },
  properties: {
    range: '(−∞, ∞)',
    boundedAbove: false,
    boundedBelow: false,
    monotonic: true,
    smooth: false,
    continuous: true,
    kinks: 'x = 0',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'none',
    deadZone: 'none (unless lower = upper = 0)',
  },
  whenToUse: 'As a regulariser on small data sets (the random slopes act as noise in training); at inference it is a leaky ReLU with slope ≈ 0.229 by default.',
  problems: [
    'Training-mode output is random: the catalog (and its plots) describe evaluation mode only.',
    'Rarely used today; its reported gains were on small benchmarks.',
  ],
  cost: PIECEWISE_LINEAR_COST,
  paper: {
    title: 'Empirical Evaluation of Rectified Activations in Convolutional Network',
    authors: 'Bing Xu, Naiyan Wang, Tianqi Chen, Mu Li',
    year: 2015,
    url: 'https://arxiv.org/abs/1505.00853',
  },
  frameworks: {
    pytorch: pytorch({
      module: api('torch.nn.RReLU', { lower: 0.125, upper: 0.3333333333333333 }),
      functional: api('torch.nn.functional.rrelu', { lower: 0.125, upper: 0.3333333333333333, training: false }),
    }),
    keras: null,
    tensorflow: null,
    jax: null,
    flax: null,
    tfjs: null,
  },
  defaultsDisagree: [
    'F.rrelu defaults to training=False (the fixed evaluation slope), but nn.RReLU follows the module’s train()/eval() mode: inside a model in training mode it samples random slopes.',
  ],
  numerics: [
    'Evaluation mode is leaky_relu with negative_slope = float32((lower + upper)/2) = 0.22916667 by default; rrelu′(0) and rrelu′(NaN) equal that slope.',
    'With lower = upper = 0, rrelu(−Infinity) = −Infinity · 0 = NaN, as in PyTorch.',
  ],
});

type ThresholdParams = { readonly threshold: number; readonly value: number };

/** x where x > threshold, else value. */
export const threshold = defineActivation<ThresholdParams>({
  id: 'threshold',
  name: 'Threshold',
  aliases: ['thresholded_relu', 'ThresholdedReLU', 'trec'],
  params: [
    {
      name: 'threshold',
      default: 1,
      suggestedRange: [-3, 3],
      description: 'Inputs ≤ threshold are replaced. PyTorch requires it (no default); the catalog’s default 1 is ThresholdedReLU’s theta.',
    },
    { name: 'value', default: 0, suggestedRange: [-3, 3], description: 'What replaces inputs ≤ threshold. PyTorch requires it; the catalog’s default is 0.' },
  ],
  forward: (x, p) => (x <= f32(p.threshold) ? f32(p.value) : x),
  derivative: (x, p) => (x <= f32(p.threshold) ? 0 : 1),
  kinkPoints: (p) => [p.threshold],
  paramHints: {
    theta: 'ThresholdedReLU calls the threshold `theta`; here it is `threshold`.',
    default_value: 'Keras calls the replacement `default_value`; here it is `value`.',
  },
  wgsl: { forward: 'select(x, value, x <= threshold)', derivative: 'select(1.0, 0.0, x <= threshold)', tolerance: EXACT },
  summary: 'Keeps x where x > threshold and replaces everything else with a constant value (ReLU for threshold = value = 0).',
  formula: { text: 'x if x > threshold, else value', tex: '\\begin{cases} x & x > \\theta \\\\ v & x \\le \\theta \\end{cases}' },
  derivativeFormula: { text: '1 if x > threshold, else 0 (0 at x = threshold)', tex: '\\begin{cases} 1 & x > \\theta \\\\ 0 & x \\le \\theta \\end{cases}' },
  properties: {
    range: '{0} ∪ (1, ∞) for the defaults; {value} ∪ (threshold, ∞) in general',
    boundedAbove: false,
    boundedBelow: true,
    monotonic: true,
    smooth: false,
    continuous: false,
    kinks: 'x = threshold (f itself jumps there unless value = threshold)',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'none',
    deadZone: 'x ≤ threshold: output value and gradient 0',
  },
  whenToUse: 'Thresholded ReLU (value = 0) for sparse codes such as zero-bias autoencoders; nn.Threshold(0, 0) is exactly ReLU.',
  problems: [
    'Discontinuous when value ≠ threshold: the jump has no gradient, so training cannot smoothly move inputs across it.',
    'A dead zone below the threshold, as with ReLU; monotonic only when value ≤ threshold.',
  ],
  cost: PIECEWISE_LINEAR_COST,
  paper: {
    title: 'Zero-bias autoencoders and the benefits of co-adapting features',
    authors: 'Kishore Konda, Roland Memisevic, David Krueger',
    year: 2014,
    url: 'https://arxiv.org/abs/1402.3337',
    note: 'Introduced the thresholded rectifier (value = 0); PyTorch’s general nn.Threshold comes from Torch7.',
  },
  frameworks: {
    pytorch: pytorch({
      module: apiRequired('torch.nn.Threshold', ['threshold', 'value']),
      functional: apiRequired('torch.nn.functional.threshold', ['threshold', 'value']),
    }),
    keras: keras({ functional: apiRequired('keras.activations.threshold', ['threshold', 'default_value']), string: 'threshold' }),
    tensorflow: null,
    jax: null,
    flax: null,
    tfjs: tfjs({ module: api('tf.layers.thresholdedReLU', { theta: 1 }, { threshold: 1, value: 0 }) }),
  },
  defaultsDisagree: [
    'PyTorch’s nn.Threshold and Keras’ threshold have no defaults (both arguments are required); TF.js’ thresholdedReLU fixes the replacement at 0 and defaults theta to 1, which the catalog’s defaults follow.',
    'Keras names the replacement default_value, PyTorch value.',
  ],
  numerics: [
    'threshold′(threshold) = 0 and f(threshold) = value: PyTorch tests x ≤ threshold.',
    'threshold′(NaN) = 1 and threshold(NaN) = NaN: the test x ≤ threshold is false for NaN.',
  ],
});
