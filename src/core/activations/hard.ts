// Piecewise-linear ("hard") activations: clamps and their products — ReLU6, Hardtanh, Hardsigmoid and
// Hardswish. Cheap, quantisation-friendly, and flat outside an interval. PyTorch's vectorised CPU loop gives
// f′ = 0 for NaN in the clamps and picks the right-hand side at Hardswish's upper kink; the catalog follows it.
import { defineActivation } from './define';
import { f32 } from './float32';
import { api, flax, jax, keras, pytorch, tensorflow, tfjs } from './frameworks';
import { DIVISION_TOLERANCE, EXACT, wgslFloat } from './wgsl';

const NAN_ZERO_NOTE = (name: string) =>
  `${name}′(NaN) = 0 in PyTorch’s vectorised CPU loop (which handles all but the last n mod 16 elements of a contiguous float32 tensor); its scalar tail loop gives 1. The catalog follows the vectorised loop. ${name}(NaN) = NaN.`;

/** clamp(x, low, high) with NaN passing through, as at::clamp does. */
const clamp = (x: number, low: number, high: number) => (x < low ? low : x > high ? high : x);

/** min(max(0, x), 6). */
export const relu6 = defineActivation({
  id: 'relu6',
  name: 'ReLU6',
  aliases: ['relu_6'],
  params: [],
  forward: (x) => clamp(x, 0, 6),
  derivative: (x) => (x > 0 && x < 6 ? 1 : 0),
  kinkPoints: () => [0, 6],
  wgsl: { forward: 'select(select(x, 6.0, x > 6.0), 0.0, x < 0.0)', derivative: 'select(0.0, 1.0, x > 0.0 && x < 6.0)', tolerance: EXACT },
  summary: 'ReLU capped at 6: min(max(0, x), 6).',
  formula: { text: 'min(max(0, x), 6)', tex: '\\min(\\max(0, x), 6)' },
  derivativeFormula: { text: '1 if 0 < x < 6, else 0 (0 at x = 0 and x = 6)', tex: '\\begin{cases} 1 & 0 < x < 6 \\\\ 0 & \\text{otherwise} \\end{cases}' },
  properties: {
    range: '[0, 6]',
    boundedAbove: true,
    boundedBelow: true,
    monotonic: true,
    smooth: false,
    continuous: true,
    kinks: 'x = 0 and x = 6',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'x ≥ 6 (gradient exactly 0)',
    deadZone: 'x < 0 and x > 6: gradient 0',
  },
  whenToUse: 'Mobile networks (MobileNet V1/V2) and quantised inference, where a bounded range maps well onto fixed-point numbers.',
  problems: ['Dead zones on both sides: units stuck below 0 or above 6 get no gradient.'],
  cost: 'cheap',
  paper: {
    title: 'Convolutional Deep Belief Networks on CIFAR-10',
    authors: 'Alex Krizhevsky',
    year: 2010,
    url: 'https://www.cs.toronto.edu/~kriz/conv-cifar10-aug2010.pdf',
    note: 'Unpublished manuscript that capped ReLUs at 6; MobileNets made it common.',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.ReLU6'), functional: api('torch.nn.functional.relu6') }),
    keras: keras({ functional: api('keras.activations.relu6'), string: 'relu6', note: 'keras.layers.ReLU(max_value=6) is the same function.' }),
    tensorflow: tensorflow({ functional: api('tf.nn.relu6') }),
    jax: jax({ functional: api('jax.nn.relu6'), note: 'Documents ∇relu6 = 0 at 0 and at 6, as PyTorch computes it.' }),
    flax: flax({ functional: api('flax.linen.relu6') }),
    tfjs: tfjs({ functional: api('tf.relu6'), string: 'relu6' }),
  },
  defaultsDisagree: [],
  numerics: ['relu6′(0) = relu6′(6) = 0: PyTorch’s backward (hardtanh_backward) tests x ≤ 0 or x ≥ 6.', NAN_ZERO_NOTE('relu6')],
});

type HardtanhParams = { readonly min_val: number; readonly max_val: number };

/** clamp(x, min_val, max_val). */
export const hardtanh = defineActivation<HardtanhParams>({
  id: 'hardtanh',
  name: 'Hardtanh',
  aliases: ['hard_tanh'],
  params: [
    { name: 'min_val', default: -1, suggestedRange: [-5, 0], description: 'Lower end of the linear region (the smallest output).' },
    { name: 'max_val', default: 1, suggestedRange: [0, 6], description: 'Upper end of the linear region (the largest output).' },
  ],
  check: (p) => (p.min_val < p.max_val ? undefined : `min_val (${p.min_val}) must be less than max_val (${p.max_val})`),
  forward: (x, p) => clamp(x, f32(p.min_val), f32(p.max_val)),
  derivative: (x, p) => (x > f32(p.min_val) && x < f32(p.max_val) ? 1 : 0),
  kinkPoints: (p) => [p.min_val, p.max_val],
  paramHints: {
    min_value: 'nn.Hardtanh’s deprecated min_value is `min_val` here.',
    max_value: 'nn.Hardtanh’s deprecated max_value is `max_val` here.',
  },
  wgsl: {
    forward: 'select(select(x, max_val, x > max_val), min_val, x < min_val)',
    derivative: 'select(0.0, 1.0, x > min_val && x < max_val)',
    tolerance: EXACT,
  },
  summary: 'Clamps x to [min_val, max_val] (by default [−1, 1]): a piecewise-linear tanh.',
  formula: { text: 'min_val if x < min_val, max_val if x > max_val, else x', tex: '\\min(\\max(x, a), b),\\quad a = \\text{min\\_val},\\ b = \\text{max\\_val}' },
  derivativeFormula: { text: '1 if min_val < x < max_val, else 0 (0 at both ends)', tex: '\\begin{cases} 1 & a < x < b \\\\ 0 & \\text{otherwise} \\end{cases}' },
  properties: {
    range: '[−1, 1]; [min_val, max_val] in general',
    boundedAbove: true,
    boundedBelow: true,
    monotonic: true,
    smooth: false,
    continuous: true,
    kinks: 'x = min_val and x = max_val',
    zeroCentred: true,
    selfNormalising: false,
    saturates: 'x ≤ min_val and x ≥ max_val (gradient exactly 0)',
    deadZone: 'x < min_val and x > max_val: gradient 0',
  },
  whenToUse: 'A cheap bounded activation (early NLP networks such as SENNA), binarised and quantisation-aware networks; with (0, 6) it is ReLU6.',
  problems: ['Dead zones outside the interval: saturated units get no gradient.'],
  cost: 'cheap',
  paper: {
    title: 'Natural Language Processing (Almost) from Scratch',
    authors: 'Ronan Collobert, Jason Weston, Léon Bottou, Michael Karlen, Koray Kavukcuoglu, Pavel Kuksa',
    year: 2011,
    url: 'https://jmlr.org/papers/v12/collobert11a.html',
    note: 'Popularised HardTanh in deep NLP networks; the clamp itself comes from Torch’s nn.HardTanh.',
  },
  frameworks: {
    pytorch: pytorch({
      module: api('torch.nn.Hardtanh', { min_val: -1, max_val: 1 }),
      functional: api('torch.nn.functional.hardtanh', { min_val: -1, max_val: 1 }),
    }),
    keras: keras({ functional: api('keras.activations.hard_tanh'), string: 'hard_tanh', note: 'Keras 3; bounds fixed at [−1, 1].' }),
    tensorflow: null,
    jax: jax({ functional: api('jax.nn.hard_tanh'), note: 'Bounds fixed at [−1, 1].' }),
    flax: flax({ functional: api('flax.linen.hard_tanh') }),
    tfjs: tfjs({ docs: 'https://js.tensorflow.org/api/4.22.0/#clipByValue', note: 'No hardtanh; tf.clipByValue(x, -1, 1) computes it.' }),
  },
  defaultsDisagree: ['Only PyTorch exposes the bounds; Keras 3 and JAX fix them at [−1, 1].'],
  numerics: ['hardtanh′(min_val) = hardtanh′(max_val) = 0: PyTorch tests x ≤ min_val or x ≥ max_val.', NAN_ZERO_NOTE('hardtanh')],
});

/** relu6(x + 3)/6. */
export const hardsigmoid = defineActivation({
  id: 'hardsigmoid',
  name: 'Hardsigmoid',
  aliases: ['hard_sigmoid', 'hardSigmoid'],
  params: [],
  forward: (x) => clamp(f32(x + 3), 0, 6) / 6,
  derivative: (x) => (x > -3 && x < 3 ? 1 / 6 : 0),
  kinkPoints: () => [-3, 3],
  wgsl: {
    forward: 'select(select(x + 3.0, 6.0, x + 3.0 > 6.0), 0.0, x + 3.0 < 0.0) / 6.0',
    derivative: `select(0.0, ${wgslFloat(1 / 6)}, x > -3.0 && x < 3.0)`,
    tolerance: DIVISION_TOLERANCE,
  },
  summary: 'A piecewise-linear sigmoid: relu6(x + 3)/6, which is 0 below −3, 1 above 3 and linear in between.',
  formula: { text: '0 if x ≤ −3, 1 if x ≥ 3, else x/6 + 1/2', tex: '\\frac{\\operatorname{relu6}(x + 3)}{6} = \\begin{cases} 0 & x \\le -3 \\\\ \\frac{x}{6} + \\frac{1}{2} & -3 < x < 3 \\\\ 1 & x \\ge 3 \\end{cases}' },
  derivativeFormula: { text: '1/6 if −3 < x < 3, else 0 (0 at ±3)', tex: '\\begin{cases} \\frac{1}{6} & -3 < x < 3 \\\\ 0 & \\text{otherwise} \\end{cases}' },
  properties: {
    range: '[0, 1]',
    boundedAbove: true,
    boundedBelow: true,
    monotonic: true,
    smooth: false,
    continuous: true,
    kinks: 'x = −3 and x = 3',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'x ≤ −3 and x ≥ 3 (gradient exactly 0)',
    deadZone: 'x < −3 and x > 3: gradient 0',
  },
  whenToUse: 'A cheap sigmoid for mobile and quantised networks, e.g. the squeeze-and-excitation gates of MobileNetV3.',
  problems: ['Dead zones outside [−3, 3].', 'Frameworks disagree on the definition (slope 1/6 or 0.2).'],
  cost: 'cheap',
  paper: {
    title: 'Searching for MobileNetV3',
    authors: 'Andrew Howard, Mark Sandler, Grace Chu, Liang-Chieh Chen, Bo Chen, Mingxing Tan, Weijun Wang, Yukun Zhu, Ruoming Pang, Vijay Vasudevan, Quoc V. Le, Hartwig Adam',
    year: 2019,
    url: 'https://arxiv.org/abs/1905.02244',
    note: 'Defines the relu6(x + 3)/6 form PyTorch uses; earlier hard sigmoids used other slopes (0.2·x + 0.5 in Keras 2).',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Hardsigmoid'), functional: api('torch.nn.functional.hardsigmoid') }),
    keras: keras({
      functional: api('keras.activations.hard_sigmoid'),
      string: 'hard_sigmoid',
      note: 'Keras 3 documents relu6(x + 3)/6 for keras.activations.hard_sigmoid; Keras 2 (tf.keras up to TensorFlow 2.15) computed clip(0.2·x + 0.5, 0, 1).',
    }),
    tensorflow: null,
    jax: jax({ functional: api('jax.nn.hard_sigmoid') }),
    flax: flax({ functional: api('flax.linen.hard_sigmoid') }),
    tfjs: tfjs({
      string: 'hardSigmoid',
      docs: 'https://app.unpkg.com/@tensorflow/tfjs-layers@4.22.0/files/dist/keras_format/activation_config.d.ts',
      note: "TF.js' 'hardSigmoid' is the Keras 2 function clip(0.2·x + 0.5, 0, 1), not this one.",
    }),
  },
  defaultsDisagree: [
    'Two functions share the name: PyTorch, JAX and Keras 3 use relu6(x + 3)/6 (slope 1/6, flat beyond ±3); Keras 2 and TF.js use clip(0.2·x + 0.5, 0, 1) (slope 0.2, flat beyond ±2.5).',
    'The keras.ops.hard_sigmoid docstring (Keras 3.15) still describes the 0.2·x + 0.5 form while keras.activations.hard_sigmoid documents x/6 + 1/2: check which one your Keras version computes.',
  ],
  numerics: ['hardsigmoid′(±3) = 0 and hardsigmoid′(NaN) = 0: PyTorch’s backward tests −3 < x < 3.', 'hardsigmoid(NaN) = NaN; x + 3 is rounded to float32 before clamping, as in PyTorch.'],
});

/** x · relu6(x + 3)/6. */
export const hardswish = defineActivation({
  id: 'hardswish',
  name: 'Hardswish',
  aliases: ['hard_swish', 'hard_silu', 'hardsilu'],
  params: [],
  // PyTorch multiplies before dividing: x · clamp(x + 3, 0, 6) overflows float32 for x > 5.7e37.
  forward: (x) => f32(x * clamp(f32(x + 3), 0, 6)) / 6,
  derivative: (x) => (x < -3 ? 0 : x >= 3 ? 1 : f32(x / 3) + 0.5),
  kinkPoints: () => [-3, 3],
  wgsl: {
    forward: 'x * select(select(x + 3.0, 6.0, x + 3.0 > 6.0), 0.0, x + 3.0 < 0.0) / 6.0',
    derivative: 'select(select(x / 3.0 + 0.5, 1.0, x >= 3.0), 0.0, x < -3.0)',
    tolerance: DIVISION_TOLERANCE,
  },
  summary: 'x · relu6(x + 3)/6: a piecewise-quadratic, exp-free approximation of SiLU/Swish.',
  formula: { text: '0 if x ≤ −3, x if x ≥ 3, else x · (x + 3)/6', tex: 'x\\,\\frac{\\operatorname{relu6}(x + 3)}{6} = \\begin{cases} 0 & x \\le -3 \\\\ \\frac{x (x + 3)}{6} & -3 < x < 3 \\\\ x & x \\ge 3 \\end{cases}' },
  derivativeFormula: {
    text: '0 if x < −3, 1 if x ≥ 3, else x/3 + 1/2 (PyTorch’s vectorised loop: −1/2 at −3, 1 at 3)',
    tex: '\\begin{cases} 0 & x < -3 \\\\ \\frac{x}{3} + \\frac{1}{2} & -3 \\le x < 3 \\\\ 1 & x \\ge 3 \\end{cases}',
  },
  properties: {
    range: '[−0.375, ∞) (minimum −3/8 at x = −1.5)',
    boundedAbove: false,
    boundedBelow: true,
    monotonic: false,
    smooth: false,
    continuous: true,
    kinks: 'x = −3 (f′ jumps from 0 to −1/2) and x = 3 (from 3/2 to 1)',
    zeroCentred: false,
    selfNormalising: false,
    saturates: 'none',
    deadZone: 'x < −3: output 0 and gradient 0',
  },
  whenToUse: 'Mobile CNNs (MobileNetV3) where SiLU’s exp is too costly or quantisation needs a piecewise function.',
  problems: ['A dead zone for x < −3.', 'Kinks at ±3; PyTorch’s own CPU loops disagree on f′(3).'],
  cost: 'cheap',
  paper: {
    title: 'Searching for MobileNetV3',
    authors: 'Andrew Howard, Mark Sandler, Grace Chu, Liang-Chieh Chen, Bo Chen, Mingxing Tan, Weijun Wang, Yukun Zhu, Ruoming Pang, Vijay Vasudevan, Quoc V. Le, Hartwig Adam',
    year: 2019,
    url: 'https://arxiv.org/abs/1905.02244',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Hardswish'), functional: api('torch.nn.functional.hardswish') }),
    keras: keras({ functional: api('keras.activations.hard_silu'), string: 'hard_silu', note: 'keras.activations.hard_swish is the same function (Keras 3).' }),
    tensorflow: null,
    jax: jax({ functional: api('jax.nn.hard_silu'), note: 'jax.nn.hard_swish is the same function.' }),
    flax: flax({ functional: api('flax.linen.hard_silu'), note: 'flax.linen.hard_swish is the same function.' }),
    tfjs: null,
  },
  defaultsDisagree: ['PyTorch says hardswish; Keras 3, JAX and Flax say hard_silu (with hard_swish as an alias).'],
  numerics: [
    'hardswish′(3) = 1 in PyTorch’s vectorised CPU loop but 3/2 in its scalar tail loop; hardswish′(−3) = −1/2. The catalog follows the vectorised loop.',
    'hardswish′(NaN) = NaN in the vectorised loop (1 in the scalar loop).',
    'PyTorch computes x · clamp(x + 3, 0, 6) before dividing by 6, so hardswish(x) overflows to Infinity for x > 5.7e37 (hardswish(1e38) = Infinity) and hardswish(−Infinity) = −∞ · 0 = NaN; the catalog reproduces both.',
  ],
});
