// The exponential linear family: ELU, SELU and CELU. PyTorch evaluates all three with one kernel,
// x > 0 ? scale·x : (exp(x·input_scale) − 1)·alpha·scale, in float32 with float32 constants. The catalog uses the
// same constants and branch tests but expm1 instead of exp(x) − 1, so it keeps the digits PyTorch loses near 0.
import { defineActivation } from './define';
import { f32 } from './float32';
import { api, flax, jax, keras, pytorch, tensorflow, tfjs } from './frameworks';
import type { ActivationProperties } from './types';
import { EXPONENTIAL_TOLERANCE, wgslFloat } from './wgsl';

/** SELU's α and λ (scale) from Klambauer et al. 2017, as PyTorch writes them. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;
/** The float32 constants ATen's kernel multiplies by: scale, and alpha·scale multiplied in float32. */
const SELU_POSITIVE_COEFFICIENT = f32(SELU_SCALE);
const SELU_NEGATIVE_COEFFICIENT = f32(f32(SELU_ALPHA) * f32(SELU_SCALE));

const EXPM1_NOTE =
  'More accurate than PyTorch’s float32 kernel near 0: PyTorch computes exp(x) − 1, which cancels to 0 for tiny x (its float32 and float64 results for x = −1e−30 are both 0), while the catalog uses expm1 and returns the float32 value nearest the exact result; the fixtures check this against mpmath references.';
const NAN_NOTE = (scalarValue: string) =>
  `f′(NaN) = NaN in PyTorch’s vectorised CPU loop (which handles all but the last n mod 16 elements of a contiguous float32 tensor); its scalar tail loop gives ${scalarValue}. The catalog follows the vectorised loop.`;

const exponentialShape = (range: string, kinks: string, selfNormalising = false): ActivationProperties => ({
  range,
  boundedAbove: false,
  boundedBelow: true,
  monotonic: true,
  smooth: false,
  continuous: true,
  kinks,
  zeroCentred: true,
  selfNormalising,
  saturates: 'x → −∞ (f′ → 0 exponentially)',
  deadZone: 'none',
});

type AlphaParams = { readonly alpha: number };

/** x for x > 0, alpha·(eˣ − 1) otherwise. */
export const elu = defineActivation<AlphaParams>({
  id: 'elu',
  name: 'ELU',
  aliases: ['exponential_linear_unit', 'exponential linear unit'],
  params: [{ name: 'alpha', default: 1, min: 0, suggestedRange: [0, 3], description: 'The output approaches −alpha as x → −∞ (and f′(0) = alpha in PyTorch).' }],
  forward: (x, p) => (x > 0 ? x : f32(f32(p.alpha) * Math.expm1(x))),
  derivative: (x, p) => (x > 0 ? 1 : f32(f32(p.alpha) * Math.exp(x))),
  kinkPoints: (p) => (f32(p.alpha) === 1 ? [] : [0]),
  wgsl: (p) => ({
    forward: 'select(alpha * al_expm1(x), x, x > 0.0)',
    derivative: 'select(alpha * al_exp(x), 1.0, x > 0.0)',
    // eˣ is subnormal (and may be flushed to 0) below x ≈ −87.3, where alpha·eˣ can still be up to alpha·2^−126.
    tolerance: { ...EXPONENTIAL_TOLERANCE, derivative: { ulps: EXPONENTIAL_TOLERANCE.derivative.ulps, absolute: 2 ** -126 * Math.max(2, 2 * p.alpha) } },
  }),
  summary: 'Exponential linear unit: the identity for x > 0 and a smooth exponential approach to −alpha for x < 0.',
  formula: { text: 'x if x > 0, else alpha · (eˣ − 1)', tex: '\\begin{cases} x & x > 0 \\\\ \\alpha\\,(e^{x} - 1) & x \\le 0 \\end{cases}' },
  derivativeFormula: { text: '1 if x > 0, else alpha · eˣ (alpha at x = 0)', tex: '\\begin{cases} 1 & x > 0 \\\\ \\alpha\\, e^{x} & x \\le 0 \\end{cases}' },
  properties: exponentialShape('(−1, ∞) for alpha = 1; (−alpha, ∞) in general', 'x = 0 when alpha ≠ 1 (f′ jumps from alpha to 1); for alpha = 1 f′ is continuous and only f″ jumps'),
  whenToUse: 'Instead of ReLU when mean activations near zero help (faster learning in the ELU paper) and dead units must be avoided.',
  problems: [
    'An exp per negative input: several times the cost of ReLU.',
    'Saturates for very negative inputs: the gradient alpha·eˣ vanishes.',
    'With alpha ≠ 1 the derivative jumps at 0 (CELU fixes this).',
  ],
  cost: 'moderate',
  paper: {
    title: 'Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)',
    authors: 'Djork-Arné Clevert, Thomas Unterthiner, Sepp Hochreiter',
    year: 2015,
    url: 'https://arxiv.org/abs/1511.07289',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.ELU', { alpha: 1 }), functional: api('torch.nn.functional.elu', { alpha: 1 }) }),
    keras: keras({ module: api('keras.layers.ELU', { alpha: 1 }), functional: api('keras.activations.elu', { alpha: 1 }), string: 'elu' }),
    tensorflow: tensorflow({ functional: api('tf.nn.elu'), note: 'No alpha argument: alpha is fixed at 1.' }),
    jax: jax({ functional: api('jax.nn.elu', { alpha: 1 }), note: 'Uses expm1, so it keeps the digits near 0 that PyTorch’s exp(x) − 1 loses.' }),
    flax: flax({ functional: api('flax.linen.elu', { alpha: 1 }) }),
    tfjs: tfjs({
      functional: api('tf.elu'),
      module: api('tf.layers.elu', { alpha: 1 }),
      string: 'elu',
      note: 'tf.elu has no alpha, and tf.layers.elu throws NotImplementedError for any alpha other than 1.',
    }),
  },
  defaultsDisagree: ['alpha = 1 wherever it can be set, but tf.nn.elu and TF.js’ tf.elu have no alpha at all and TF.js’ ELU layer rejects alpha ≠ 1.'],
  numerics: ['elu′(0) = alpha: PyTorch’s backward tests x ≤ 0 on the input.', NAN_NOTE('1'), EXPM1_NOTE],
});

/** Scaled ELU with the self-normalising constants. */
export const selu = defineActivation({
  id: 'selu',
  name: 'SELU',
  aliases: ['scaled_elu', 'scaled exponential linear unit'],
  params: [],
  forward: (x) => (x > 0 ? f32(x * SELU_POSITIVE_COEFFICIENT) : f32(SELU_NEGATIVE_COEFFICIENT * Math.expm1(x))),
  derivative: (x) => (x > 0 ? SELU_POSITIVE_COEFFICIENT : f32(SELU_NEGATIVE_COEFFICIENT * Math.exp(x))),
  kinkPoints: () => [0],
  wgsl: {
    forward: `select(${wgslFloat(SELU_NEGATIVE_COEFFICIENT)} * al_expm1(x), x * ${wgslFloat(SELU_POSITIVE_COEFFICIENT)}, x > 0.0)`,
    derivative: `select(${wgslFloat(SELU_NEGATIVE_COEFFICIENT)} * al_exp(x), ${wgslFloat(SELU_POSITIVE_COEFFICIENT)}, x > 0.0)`,
    tolerance: EXPONENTIAL_TOLERANCE,
  },
  summary: 'ELU scaled by constants chosen so that activations keep zero mean and unit variance through deep fully connected networks.',
  formula: {
    text: 'scale · x if x > 0, else scale · alpha · (eˣ − 1), with alpha ≈ 1.6733 and scale ≈ 1.0507',
    tex: '\\lambda \\begin{cases} x & x > 0 \\\\ \\alpha\\,(e^{x} - 1) & x \\le 0 \\end{cases},\\quad \\alpha \\approx 1.6733,\\ \\lambda \\approx 1.0507',
  },
  derivativeFormula: {
    text: 'scale if x > 0, else scale · alpha · eˣ (scale · alpha ≈ 1.7581 at x = 0)',
    tex: '\\begin{cases} \\lambda & x > 0 \\\\ \\lambda\\alpha\\, e^{x} & x \\le 0 \\end{cases}',
  },
  properties: exponentialShape('(−scale · alpha, ∞) ≈ (−1.7581, ∞)', 'x = 0 (f′ jumps from ≈ 1.7581 to ≈ 1.0507)', true),
  whenToUse: 'Deep fully connected networks without batch normalisation, with LeCun-normal initialisation, standardised inputs and alpha dropout — the conditions its self-normalising proof assumes.',
  problems: [
    'Self-normalisation needs LeCun-normal weights and AlphaDropout; with other initialisations, ordinary dropout, convolutions or residual connections the guarantee no longer holds.',
    'An exp per negative input; saturates for very negative inputs.',
  ],
  cost: 'moderate',
  paper: { title: 'Self-Normalizing Neural Networks', authors: 'Günter Klambauer, Thomas Unterthiner, Andreas Mayr, Sepp Hochreiter', year: 2017, url: 'https://arxiv.org/abs/1706.02515' },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.SELU'), functional: api('torch.nn.functional.selu') }),
    keras: keras({ functional: api('keras.activations.selu'), string: 'selu' }),
    tensorflow: tensorflow({ functional: api('tf.nn.selu') }),
    jax: jax({ functional: api('jax.nn.selu') }),
    flax: flax({ functional: api('flax.linen.selu') }),
    tfjs: tfjs({ functional: api('tf.selu'), string: 'selu' }),
  },
  defaultsDisagree: [],
  numerics: [
    'selu′(0) = float32(float32(alpha) · float32(scale)) = 1.7580993: PyTorch multiplies the constants in float32 and tests x ≤ 0.',
    NAN_NOTE('scale (1.050701)'),
    EXPM1_NOTE,
  ],
});

/** ELU reparameterised with x/alpha so that f′ is continuous at 0. */
export const celu = defineActivation<AlphaParams>({
  id: 'celu',
  name: 'CELU',
  aliases: ['continuously_differentiable_elu', 'continuously differentiable exponential linear unit'],
  params: [
    { name: 'alpha', default: 1, min: 0, exclusiveMin: true, suggestedRange: [0.1, 3], description: 'The output approaches −alpha as x → −∞; inputs are divided by alpha (so it must be > 0).' },
  ],
  // ATen runs CELU as ELU with input_scale = float32(1/alpha) (computed in float64 first).
  forward: (x, p) => (x > 0 ? x : f32(f32(p.alpha) * Math.expm1(x * f32(1 / p.alpha)))),
  derivative(x, p) {
    if (x > 0) return 1;
    const inputScale = f32(1 / p.alpha);
    return f32(f32(inputScale * f32(p.alpha)) * Math.exp(f32(x * inputScale)));
  },
  wgsl: (p) => {
    const inputScale = wgslFloat(1 / p.alpha);
    const slopeAtZero = wgslFloat(f32(1 / p.alpha) * f32(p.alpha));
    return {
      forward: `select(alpha * al_expm1(x * ${inputScale}), x, x > 0.0)`,
      derivative: `select(${slopeAtZero} * al_exp(x * ${inputScale}), 1.0, x > 0.0)`,
      // x/alpha is subnormal (and may be flushed to 0) for |x| < alpha·2^−126.
      tolerance: { ...EXPONENTIAL_TOLERANCE, forward: { ulps: EXPONENTIAL_TOLERANCE.forward.ulps, absolute: 2 ** -126 * Math.max(1, 2 * p.alpha) } },
    };
  },
  summary: 'ELU reparameterised so that its derivative is continuous at 0 for every alpha.',
  formula: { text: 'x if x > 0, else alpha · (e^(x/alpha) − 1)', tex: '\\begin{cases} x & x > 0 \\\\ \\alpha\\,(e^{x/\\alpha} - 1) & x \\le 0 \\end{cases}' },
  derivativeFormula: {
    text: '1 if x > 0, else e^(x/alpha) (at x = 0 PyTorch gives float32(float32(1/alpha) · alpha), e.g. 0.99999994 for alpha = 1.7)',
    tex: '\\begin{cases} 1 & x > 0 \\\\ e^{x/\\alpha} & x \\le 0 \\end{cases}',
  },
  properties: exponentialShape('(−1, ∞) for alpha = 1; (−alpha, ∞) in general', 'none (f′ is continuous; f″ jumps at 0)'),
  whenToUse: 'Like ELU, when alpha should be tuned without putting a kink into the derivative.',
  problems: ['An exp per negative input; saturates for very negative inputs.', 'alpha divides x, so it cannot be 0.'],
  cost: 'moderate',
  paper: { title: 'Continuously Differentiable Exponential Linear Units', authors: 'Jonathan T. Barron', year: 2017, url: 'https://arxiv.org/abs/1704.07483' },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.CELU', { alpha: 1 }), functional: api('torch.nn.functional.celu', { alpha: 1 }) }),
    keras: keras({ functional: api('keras.activations.celu', { alpha: 1 }), string: 'celu', note: 'Added in Keras 3 (not in Keras 2).' }),
    tensorflow: null,
    jax: jax({ functional: api('jax.nn.celu', { alpha: 1 }) }),
    flax: flax({ functional: api('flax.linen.celu', { alpha: 1 }) }),
    tfjs: null,
  },
  defaultsDisagree: [],
  numerics: [
    'PyTorch evaluates CELU as ELU with input scale float32(1/alpha), so f′(0) = float32(float32(1/alpha) · alpha), which is 0.99999994 rather than 1 for alpha = 1.7; the catalog reproduces it.',
    NAN_NOTE('1'),
    EXPM1_NOTE,
  ],
});
