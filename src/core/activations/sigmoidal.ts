// The smooth classics: sigmoid and tanh, their relatives softsign, softplus and log-sigmoid, and tanhshrink.
// PyTorch's backward for sigmoid and tanh works from the float32 output y; the catalog does the same.
import { defineActivation } from './define';
import { f32, sigmoid64 } from './float32';
import { api, flax, jax, keras, pytorch, tensorflow, tfjs } from './frameworks';
import { FROM_OUTPUT_TOLERANCE, SMOOTH_TOLERANCE } from './wgsl';

/** 1 / (1 + e^(−x)). */
export const sigmoid = defineActivation({
  id: 'sigmoid',
  name: 'Sigmoid',
  aliases: ['logistic', 'torch.sigmoid', 'torch.nn.functional.sigmoid', 'F.sigmoid', 'tf.nn.sigmoid', 'tf.sigmoid'],
  params: [],
  forward: (x) => sigmoid64(x),
  derivative(x) {
    const y = f32(sigmoid64(x)); // PyTorch's sigmoid_backward: grad · (1 − y) · y on the float32 output
    return f32(1 - y) * y;
  },
  wgsl: { forward: 'al_sigmoid(x)', derivative: '(1.0 - al_sigmoid(x)) * al_sigmoid(x)', tolerance: FROM_OUTPUT_TOLERANCE },
  summary: 'The logistic function 1/(1 + e^(−x)), squashing any input into (0, 1).',
  formula: { text: '1 / (1 + e^(−x))', tex: '\\sigma(x) = \\frac{1}{1 + e^{-x}}' },
  derivativeFormula: { text: 'σ(x) · (1 − σ(x))', tex: '\\sigma(x)\\,(1 - \\sigma(x))' },
  properties: {
    range: '(0, 1)',
    boundedAbove: true,
    boundedBelow: true,
    monotonic: true,
    smooth: true,
    continuous: true,
    kinks: 'none',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'both tails: f′ ≤ 0.25 everywhere and < 0.007 for |x| > 5',
    deadZone: 'none',
  },
  whenToUse: 'Output probabilities for binary or multi-label targets (better: give logits to BCEWithLogitsLoss) and the gates of LSTMs and GRUs; rarely a hidden activation today.',
  problems: [
    'Vanishing gradients: f′ ≤ 0.25, so every sigmoid layer shrinks gradients at least fourfold, and saturated units pass almost none.',
    'Not zero-centred: outputs lie in (0, 1).',
    'An exp per element.',
  ],
  cost: 'moderate',
  paper: {
    title: 'Learning representations by back-propagating errors',
    authors: 'David E. Rumelhart, Geoffrey E. Hinton, Ronald J. Williams',
    year: 1986,
    url: 'https://doi.org/10.1038/323533a0',
    note: 'Popularised the logistic unit for back-propagation; the logistic function itself goes back to Verhulst (1838).',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Sigmoid'), functional: api('torch.sigmoid'), note: 'F.sigmoid is a deprecated alias of torch.sigmoid.' }),
    keras: keras({ functional: api('keras.activations.sigmoid'), string: 'sigmoid' }),
    tensorflow: tensorflow({ functional: api('tf.math.sigmoid'), note: 'Also tf.sigmoid and tf.nn.sigmoid.' }),
    jax: jax({ functional: api('jax.nn.sigmoid') }),
    flax: flax({ functional: api('flax.linen.sigmoid') }),
    tfjs: tfjs({ functional: api('tf.sigmoid'), string: 'sigmoid' }),
  },
  defaultsDisagree: [],
  numerics: [
    'sigmoid′ is (1 − y) · y from the float32 output y, as PyTorch’s backward computes it: exactly 0 where y rounds to 1 (x ≳ 17) or to 0.',
    'sigmoid(NaN) = NaN; sigmoid(±Infinity) = 1 and 0, with f′ = 0.',
  ],
});

/** Hyperbolic tangent. */
export const tanh = defineActivation({
  id: 'tanh',
  name: 'Tanh',
  aliases: ['hyperbolic_tangent', 'torch.tanh', 'F.tanh', 'tf.nn.tanh', 'tf.tanh', 'jax.nn.tanh', 'nn.tanh'],
  params: [],
  forward: (x) => Math.tanh(x),
  derivative(x) {
    const y = f32(Math.tanh(x)); // PyTorch's tanh_backward: grad · (1 − y²) on the float32 output
    return 1 - f32(y * y);
  },
  wgsl: { forward: 'al_tanh(x)', derivative: '1.0 - al_tanh(x) * al_tanh(x)', tolerance: FROM_OUTPUT_TOLERANCE },
  summary: 'Hyperbolic tangent: a zero-centred S-curve from −1 to 1.',
  formula: { text: 'tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x))', tex: '\\tanh x = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}' },
  derivativeFormula: { text: '1 − tanh²(x)', tex: '1 - \\tanh^{2} x' },
  properties: {
    range: '(−1, 1)',
    boundedAbove: true,
    boundedBelow: true,
    monotonic: true,
    smooth: true,
    continuous: true,
    kinks: 'none',
    zeroCentred: true,
    selfNormalising: false,
    saturates: 'both tails: f′ < 0.01 for |x| > 3',
    deadZone: 'none',
  },
  whenToUse: 'Recurrent cells (LSTM/GRU candidate and output), small networks and outputs that must lie in (−1, 1); zero-centred, unlike sigmoid.',
  problems: ['Vanishing gradients in saturated units (|x| ≳ 3), which makes deep tanh networks slow to train.', 'An exp-like evaluation per element.'],
  cost: 'moderate',
  paper: {
    title: 'Efficient BackProp',
    authors: 'Yann LeCun, Léon Bottou, Genevieve B. Orr, Klaus-Robert Müller',
    year: 1998,
    url: 'http://yann.lecun.com/exdb/publis/pdf/lecun-98b.pdf',
    note: 'Recommends (scaled) tanh over the logistic sigmoid for hidden units; tanh itself is classical.',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Tanh'), functional: api('torch.tanh'), note: 'F.tanh is a deprecated alias of torch.tanh.' }),
    keras: keras({ functional: api('keras.activations.tanh'), string: 'tanh' }),
    tensorflow: tensorflow({ functional: api('tf.math.tanh'), note: 'Also tf.tanh and tf.nn.tanh.' }),
    jax: jax({ functional: api('jax.numpy.tanh'), docs: 'https://docs.jax.dev/en/latest/_autosummary/jax.numpy.tanh.html' }),
    flax: flax({ functional: api('flax.linen.tanh'), note: 'Re-export of jax.numpy.tanh.' }),
    tfjs: tfjs({ functional: api('tf.tanh'), string: 'tanh' }),
  },
  defaultsDisagree: [],
  numerics: ['tanh′ is 1 − y² from the float32 output y, as PyTorch computes it: exactly 0 where y rounds to ±1 (|x| ≳ 9).', 'tanh(NaN) = NaN; tanh(±Infinity) = ±1 with f′ = 0.'],
});

type SoftplusParams = { readonly beta: number; readonly threshold: number };

/** (1/β)·ln(1 + e^(βx)), linear once βx > threshold. */
export const softplus = defineActivation<SoftplusParams>({
  id: 'softplus',
  name: 'Softplus',
  aliases: ['smooth_relu', 'tf.math.softplus'],
  params: [
    { name: 'beta', default: 1, min: 0, exclusiveMin: true, suggestedRange: [0.1, 5], description: 'Sharpness: larger beta hugs ReLU more closely.' },
    { name: 'threshold', default: 20, min: 0, suggestedRange: [1, 40], description: 'Above beta·x > threshold the function returns x itself, for numerical stability.' },
  ],
  forward(x, p) {
    const beta = f32(p.beta);
    const scaled = f32(x * beta); // PyTorch compares the float32 product with the threshold
    if (scaled > f32(p.threshold)) return x;
    return Math.log1p(f32(Math.exp(scaled))) / beta;
  },
  derivative(x, p) {
    const scaled = f32(x * f32(p.beta));
    if (scaled > f32(p.threshold)) return 1;
    const z = f32(Math.exp(scaled)); // PyTorch: z = exp(x·β) in float32, f′ = z / (z + 1)
    return z / (z + 1);
  },
  kinkPoints: (p) => [p.threshold / p.beta],
  wgsl: {
    forward: 'select(al_log1p(al_exp(x * beta)) / beta, x, x * beta > threshold)',
    derivative: 'select(al_exp(x * beta) / (al_exp(x * beta) + 1.0), 1.0, x * beta > threshold)',
    tolerance: SMOOTH_TOLERANCE,
  },
  summary: 'A smooth ReLU, (1/β)·ln(1 + e^(βx)), that PyTorch switches to x itself once β·x exceeds threshold.',
  formula: {
    text: '(1/β) · ln(1 + e^(β·x)) if β·x ≤ threshold, else x',
    tex: '\\begin{cases} \\frac{1}{\\beta}\\ln\\left(1 + e^{\\beta x}\\right) & \\beta x \\le t \\\\ x & \\beta x > t \\end{cases}',
  },
  derivativeFormula: { text: 'σ(β·x) if β·x ≤ threshold, else 1', tex: '\\begin{cases} \\sigma(\\beta x) & \\beta x \\le t \\\\ 1 & \\beta x > t \\end{cases}' },
  properties: {
    range: '(0, ∞)',
    boundedAbove: false,
    boundedBelow: true,
    monotonic: true,
    smooth: true,
    continuous: true,
    kinks: 'none for the defaults: the switch to x at β·x = threshold = 20 changes f′ by less than float32 resolution (with a small threshold it is a visible jump)',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'x → −∞ (f and f′ → 0)',
    deadZone: 'none',
  },
  whenToUse: 'Where an output must be strictly positive (variances, rates, scale parameters of distributions), or as a smooth ReLU.',
  problems: [
    'A log and an exp per element.',
    'Never exactly zero, so no sparsity; f(0) = ln 2 / β, not 0.',
    'PyTorch’s threshold makes f exactly linear beyond threshold/β; with a small threshold the switch is a visible jump in f and f′.',
  ],
  cost: 'moderate',
  paper: {
    title: 'Incorporating Second-Order Functional Knowledge for Better Option Pricing',
    authors: 'Charles Dugas, Yoshua Bengio, François Bélisle, Claude Nadeau, René Garcia',
    year: 2000,
    url: 'https://www.cirano.qc.ca/en/summaries/2002s-46',
    note: 'NIPS 13 (2000); introduced the softplus unit to build convex, monotone networks.',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Softplus', { beta: 1, threshold: 20 }), functional: api('torch.nn.functional.softplus', { beta: 1, threshold: 20 }) }),
    keras: keras({ functional: api('keras.activations.softplus'), string: 'softplus' }),
    tensorflow: tensorflow({ functional: api('tf.nn.softplus'), note: 'Also tf.math.softplus.' }),
    jax: jax({ functional: api('jax.nn.softplus') }),
    flax: flax({ functional: api('flax.linen.softplus') }),
    tfjs: tfjs({ functional: api('tf.softplus'), string: 'softplus' }),
  },
  defaultsDisagree: [
    'Only PyTorch has beta and threshold; the others compute ln(1 + eˣ) without the linear cut-off (for β = 1 the results differ beyond x = 20 by less than float32 resolution).',
  ],
  numerics: [
    'PyTorch compares float32(x·β) > threshold, so the switch point follows float32 rounding (β = 3, threshold = 1: x = 0.33333334 is still on the log branch); the catalog reproduces it, and kinkPoints returns threshold/β so the fixtures pin both sides.',
    'f′ = z/(z + 1) with z = e^(β·x) in float32, as PyTorch’s backward computes it; softplus(NaN) and softplus′(NaN) are NaN.',
  ],
});

/** x / (1 + |x|). */
export const softsign = defineActivation({
  id: 'softsign',
  name: 'Softsign',
  aliases: ['soft_sign'],
  params: [],
  forward: (x) => x / (1 + Math.abs(x)),
  derivative(x) {
    // Autograd of x / (1 + |x|): 1/b − (x/b)/b · sign(x), b = 1 + |x|. Written this way (not 1/b²) it keeps
    // PyTorch's NaN at ±Infinity.
    const b = 1 + Math.abs(x);
    return 1 / b - (x / b / b) * Math.sign(x);
  },
  // f′ as 1/(1 + |x|)², NaN at ±Infinity as PyTorch's autograd gives (the CPU's form cancels in float32).
  wgsl: {
    forward: 'x / (1.0 + abs(x))',
    derivative: 'select(1.0 / ((1.0 + abs(x)) * (1.0 + abs(x))), al_nan(x), al_is_inf(x))',
    tolerance: {
      forward: SMOOTH_TOLERANCE.forward,
      derivative: { ulps: 8, absolute: 2 ** -80 },
      why: `${SMOOTH_TOLERANCE.why} The CPU’s f′ = 1/b − (x/b)/b·sign(x) (b = 1 + |x|, PyTorch’s autograd form) cancels in float64 to an error of about 2^−53/b, which for |x| > 2^32 exceeds 8 ulp of the GPU’s 1/b²; such differences stay below 2^−80.`,
    },
  },
  summary: 'x / (1 + |x|): a tanh-like S-curve that approaches ±1 polynomially rather than exponentially.',
  formula: { text: 'x / (1 + |x|)', tex: '\\frac{x}{1 + |x|}' },
  derivativeFormula: { text: '1 / (1 + |x|)²', tex: '\\frac{1}{(1 + |x|)^{2}}' },
  properties: {
    range: '(−1, 1)',
    boundedAbove: true,
    boundedBelow: true,
    monotonic: true,
    smooth: false,
    continuous: true,
    kinks: 'none in f′ (f″ jumps at 0)',
    zeroCentred: true,
    selfNormalising: false,
    saturates: 'both tails, slowly: f′ = 1/(1 + |x|)² decays polynomially',
    deadZone: 'none',
  },
  whenToUse: 'Where a bounded, zero-centred activation should saturate more gently than tanh (Glorot & Bengio found it less prone to saturation in deep networks).',
  problems: ['Still saturating, so gradients shrink for large |x|.', 'A division per element; rarely used in modern architectures.'],
  cost: 'cheap',
  paper: {
    title: 'Understanding the difficulty of training deep feedforward neural networks',
    authors: 'Xavier Glorot, Yoshua Bengio',
    year: 2010,
    url: 'https://proceedings.mlr.press/v9/glorot10a.html',
    note: 'Studied softsign against tanh in deep networks; the function appeared earlier in Bergstra et al. (2009).',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Softsign'), functional: api('torch.nn.functional.softsign') }),
    keras: keras({ functional: api('keras.activations.softsign'), string: 'softsign' }),
    tensorflow: tensorflow({ functional: api('tf.nn.softsign') }),
    jax: jax({ functional: api('jax.nn.soft_sign') }),
    flax: flax({ functional: api('flax.linen.soft_sign') }),
    tfjs: tfjs({ string: 'softsign', docs: 'https://app.unpkg.com/@tensorflow/tfjs-layers@4.22.0/files/dist/keras_format/activation_config.d.ts', note: 'Layer activation string only (no op).' }),
  },
  defaultsDisagree: ['JAX and Flax spell it soft_sign.'],
  numerics: [
    'softsign(±Infinity) = NaN in PyTorch (∞/∞), and so is f′(±Infinity); the catalog reproduces both.',
    'PyTorch’s derivative is autograd’s 1/b − (x/b)/b · sign(x), b = 1 + |x|, which is 1 at x = 0.',
  ],
});

/** log σ(x). */
export const logsigmoid = defineActivation({
  id: 'logsigmoid',
  name: 'LogSigmoid',
  aliases: ['log_sigmoid', 'tf.math.log_sigmoid'],
  params: [],
  forward: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
  derivative(x) {
    const buffer = f32(Math.exp(-Math.abs(x))); // PyTorch keeps e^(−|x|) from the forward pass in float32
    const fraction = buffer / (1 + buffer);
    return x < 0 ? 1 - fraction : fraction;
  },
  wgsl: {
    forward: 'select(0.0, x, x < 0.0) - al_log1p(al_exp(-abs(x)))',
    derivative: 'select(al_exp(-abs(x)) / (1.0 + al_exp(-abs(x))), 1.0 / (1.0 + al_exp(-abs(x))), x < 0.0)',
    tolerance: SMOOTH_TOLERANCE,
  },
  summary: 'log σ(x) = −softplus(−x): the log-probability a sigmoid assigns, computed without overflow.',
  formula: { text: 'log(1 / (1 + e^(−x))) = min(x, 0) − ln(1 + e^(−|x|))', tex: '\\log \\sigma(x) = \\min(x, 0) - \\ln\\left(1 + e^{-|x|}\\right)' },
  derivativeFormula: { text: '1 − σ(x) = 1 / (1 + eˣ)', tex: '1 - \\sigma(x) = \\frac{1}{1 + e^{x}}' },
  properties: {
    range: '(−∞, 0)',
    boundedAbove: true,
    boundedBelow: false,
    monotonic: true,
    smooth: true,
    continuous: true,
    kinks: 'none',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'x → +∞ (f → 0, f′ → 0)',
    deadZone: 'none',
  },
  whenToUse: 'Inside losses: log-likelihoods of binary outcomes, logistic and contrastive objectives (negative sampling, preference losses); safer than log(sigmoid(x)).',
  problems: ['Rarely a hidden-layer activation: unbounded below and saturating above.', 'An exp and a log1p per element.'],
  cost: 'moderate',
  paper: null,
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.LogSigmoid'), functional: api('torch.nn.functional.logsigmoid') }),
    keras: keras({ functional: api('keras.activations.log_sigmoid'), string: 'log_sigmoid', note: 'Added in Keras 3.' }),
    tensorflow: tensorflow({ functional: api('tf.math.log_sigmoid') }),
    jax: jax({ functional: api('jax.nn.log_sigmoid') }),
    flax: flax({ functional: api('flax.linen.log_sigmoid') }),
    tfjs: tfjs({ functional: api('tf.logSigmoid') }),
  },
  defaultsDisagree: [],
  numerics: [
    'PyTorch computes min(x, 0) − log1p(e^(−|x|)) and keeps b = e^(−|x|) in float32 for the backward pass: f′ = 1 − b/(1 + b) for x < 0, b/(1 + b) otherwise; the catalog does the same.',
    'logsigmoid(−Infinity) = −Infinity with f′ = 1; logsigmoid(+Infinity) = 0 with f′ = 0; NaN gives NaN.',
  ],
});

/** x − tanh(x), with a series near 0 where the subtraction would cancel. */
function tanhshrink64(x: number): number {
  const a = Math.abs(x);
  if (a >= 0.25 || Number.isNaN(x)) return x - Math.tanh(x);
  // x − tanh x = x³/3 − 2x⁵/15 + 17x⁷/315 − 62x⁹/2835 + … (the series of tanh), summed until the terms vanish.
  const x2 = x * x;
  const coefficients = [1 / 3, -2 / 15, 17 / 315, -62 / 2835, 1382 / 155925, -21844 / 6081075, 929569 / 638512875, -6404582 / 10854718875, 443861162 / 1856156927625, -18888466084 / 194896477400625];
  let power = x * x2;
  let sum = 0;
  for (const c of coefficients) {
    sum += c * power;
    power *= x2;
  }
  return sum;
}

/** x − tanh(x). */
export const tanhshrink = defineActivation({
  id: 'tanhshrink',
  name: 'Tanhshrink',
  aliases: ['tanh_shrink'],
  params: [],
  forward: (x) => tanhshrink64(x),
  derivative(x) {
    const t = Math.tanh(x);
    return t * t;
  },
  wgsl: { forward: 'al_x_minus_tanh(x)', derivative: 'al_tanh(x) * al_tanh(x)', tolerance: SMOOTH_TOLERANCE },
  summary: 'x − tanh(x): nearly 0 for small inputs and x ∓ 1 for large ones — a smooth shrinkage.',
  formula: { text: 'x − tanh(x)', tex: 'x - \\tanh x' },
  derivativeFormula: { text: 'tanh²(x)', tex: '\\tanh^{2} x' },
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
    saturates: 'x → 0: f′ = tanh² x ≈ x², so small inputs get almost no gradient',
    deadZone: 'none',
  },
  whenToUse: 'Sparse coding and denoising networks (a smooth alternative to soft shrinkage in unrolled solvers); rarely a general-purpose activation.',
  problems: [
    'Gradients vanish near zero (f′ ≈ x²), the opposite of most activations.',
    'Float32 subtraction cancels near 0 (x − tanh x ≈ x³/3): PyTorch’s float32 result has few correct digits there.',
  ],
  cost: 'moderate',
  paper: null,
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Tanhshrink'), functional: api('torch.nn.functional.tanhshrink') }),
    keras: keras({ functional: api('keras.activations.tanh_shrink'), string: 'tanh_shrink', note: 'Added in Keras 3.' }),
    tensorflow: null,
    jax: null,
    flax: null,
    tfjs: null,
  },
  defaultsDisagree: [],
  numerics: [
    'More accurate than PyTorch’s float32 kernel near 0: the catalog sums the series x³/3 − 2x⁵/15 + … for |x| < 0.25 and rounds once, returning the float32 value nearest the exact x − tanh x, where PyTorch’s float32 subtraction keeps few digits; the fixtures check this against mpmath references.',
    'tanhshrink′ = tanh²(x); tanhshrink(±Infinity) = ±Infinity with f′ = 1; NaN gives NaN.',
  ],
});
