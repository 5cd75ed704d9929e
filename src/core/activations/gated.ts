// Self-gated activations, x · gate(x): GELU (gate Φ, the normal CDF), SiLU and Swish (gate σ) and Mish
// (gate tanh∘softplus). Smooth and non-monotonic; the modern defaults for transformers and CNNs.
import { defineActivation } from './define';
import { erf, erfc, f32, sigmoid64 } from './float32';
import { api, flax, jax, keras, pytorch, tensorflow, tfjs } from './frameworks';
import type { ActivationProperties } from './types';
import { GATED_TOLERANCE, wgslFloat } from './wgsl';

const gatedShape = (range: string): ActivationProperties => ({
  range,
  boundedAbove: false,
  boundedBelow: true,
  monotonic: false,
  smooth: true,
  continuous: true,
  kinks: 'none',
  zeroCentred: false,
  selfNormalising: false,
  saturates: 'x → −∞ (f and f′ → 0)',
  deadZone: 'none',
});

const INFINITY_NOTE = (name: string) =>
  `${name}(−Infinity) = NaN and ${name}′(±Infinity) = NaN in PyTorch (the products become ∞ · 0); the catalog reproduces them. NaN gives NaN.`;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI); // ATen's kBeta = M_SQRT2 · M_2_SQRTPI · 0.5
const GELU_KAPPA = 0.044715;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Φ(x), the standard normal CDF, via erfc on the left so the tail keeps its digits. */
function normalCdf(x: number): number {
  return x < 0 ? 0.5 * erfc(-x * Math.SQRT1_2) : 0.5 * (1 + erf(x * Math.SQRT1_2));
}

type GeluParams = { readonly approximate: string };

/** x · Φ(x), or its tanh approximation. */
export const gelu = defineActivation<GeluParams>({
  id: 'gelu',
  name: 'GELU',
  aliases: ['gaussian_error_linear_unit', 'gelu_new', 'gelu_tanh', 'gelu_pytorch_tanh'],
  params: [
    {
      name: 'approximate',
      default: 'none',
      options: ['none', 'tanh'],
      description: "'none' computes x·Φ(x) with erf; 'tanh' uses the tanh approximation (JAX’s default).",
    },
  ],
  forward(x, p) {
    if (p.approximate === 'none') return x * normalCdf(x);
    return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_KAPPA * x * x * x)));
  },
  derivative(x, p) {
    if (p.approximate === 'none') return normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    // ATen squares x in float32: for |x| > 1.8e19 the square overflows and f′ becomes 0 · ∞ = NaN, as in PyTorch.
    const xSquared = f32(x * x);
    const t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_KAPPA * x * x * x));
    const innerDerivative = SQRT_2_OVER_PI * (1 + 3 * GELU_KAPPA * xSquared);
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * innerDerivative;
  },
  wgsl: (p) => {
    if (p.approximate === 'none') {
      return {
        forward: 'x * al_normal_cdf(x)',
        derivative: `al_normal_cdf(x) + x * ${wgslFloat(INV_SQRT_2PI)} * al_gauss(x)`,
        tolerance: {
          forward: { ulps: 16, absolute: 2 ** -118 },
          derivative: { ulps: 16, absolute: 2 ** -22 },
          why: 'Φ comes from Numerical Recipes’ erfc (1.2e−7 relative) evaluated in float32; the left tail x·Φ(x) underflows to subnormals that a GPU may flush to 0; f′ = Φ(x) + x·φ(x) cancels where it crosses 0 (x ≈ −0.75), so there the difference is a few ulp of Φ (≈ 0.23), absolute.',
        },
      };
    }
    // 0.5·(1 + tanh u) = σ(2u) and 0.5·(1 − tanh² u) = 2·σ(2u)·σ(−2u): the same values without float32 cancellation.
    const u = `(${wgslFloat(SQRT_2_OVER_PI)} * (x + ${wgslFloat(GELU_KAPPA)} * x * x * x))`;
    return {
      forward: `x * al_sigmoid(2.0 * ${u})`,
      derivative: `al_sigmoid(2.0 * ${u}) + 2.0 * x * al_sigmoid(2.0 * ${u}) * al_sigmoid(-2.0 * ${u}) * ${wgslFloat(SQRT_2_OVER_PI)} * (1.0 + ${wgslFloat(3 * GELU_KAPPA)} * (x * x))`,
      tolerance: {
        forward: { ulps: 64, absolute: 2 ** -48 },
        derivative: { ulps: 64, absolute: 2 ** -22 },
        why: 'u = √(2/π)·(x + 0.044715·x³) is rounded in float32, and the left tail x·e^(2u) multiplies that relative error by 2|u|. The CPU record follows PyTorch’s formula 1 + tanh(u), which in float64 keeps nothing below 2^−53, so where f ≈ x·e^(2u) < 2^−48 the GPU’s σ(2u) form is the more accurate one. f′ cancels where it crosses 0 (x ≈ −0.75), so there the difference is a few ulp of σ(2u) (≈ 0.2), absolute.',
      },
    };
  },
  summary: 'Gaussian error linear unit: x weighted by the probability that a standard normal variable falls below x.',
  formula: {
    text: "x · Φ(x) = x/2 · (1 + erf(x/√2)); approximate='tanh': x/2 · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))",
    tex: "x\\,\\Phi(x) = \\frac{x}{2}\\left(1 + \\operatorname{erf}\\frac{x}{\\sqrt{2}}\\right);\\quad \\text{tanh: } \\frac{x}{2}\\left(1 + \\tanh\\!\\left(\\sqrt{2/\\pi}\\,(x + 0.044715\\,x^{3})\\right)\\right)",
  },
  derivativeFormula: {
    text: "Φ(x) + x · φ(x), φ(x) = e^(−x²/2)/√(2π); approximate='tanh': (1 + t)/2 + (x/2)(1 − t²)·√(2/π)(1 + 3 · 0.044715 · x²), t = tanh(√(2/π)(x + 0.044715 x³))",
    tex: "\\Phi(x) + x\\,\\varphi(x),\\ \\varphi(x) = \\frac{e^{-x^{2}/2}}{\\sqrt{2\\pi}};\\quad \\text{tanh: } \\frac{1 + t}{2} + \\frac{x}{2}(1 - t^{2})\\sqrt{2/\\pi}\\,(1 + 0.134145\\,x^{2})",
  },
  properties: gatedShape('≈ [−0.170, ∞) (minimum ≈ −0.1700 at x ≈ −0.752)'),
  whenToUse: 'Transformers (BERT, GPT, ViT) and modern MLP blocks: a smooth, ReLU-like gate that lets small negative values through.',
  problems: [
    'erf (or tanh) per element: several times the cost of ReLU.',
    'Two definitions: the tanh approximation (JAX’s and keras.ops’ default) differs from the erf form by up to ≈ 4.7e−4, enough to break exact comparisons of ported models.',
    'Non-monotonic dip for x < 0.',
  ],
  cost: 'expensive',
  paper: { title: 'Gaussian Error Linear Units (GELUs)', authors: 'Dan Hendrycks, Kevin Gimpel', year: 2016, url: 'https://arxiv.org/abs/1606.08415' },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.GELU', { approximate: 'none' }), functional: api('torch.nn.functional.gelu', { approximate: 'none' }) }),
    keras: keras({
      functional: api('keras.activations.gelu', { approximate: false }, { approximate: 'none' }),
      string: 'gelu',
      note: 'keras.ops.gelu(x, approximate=True) defaults to the tanh form, unlike keras.activations.gelu.',
    }),
    tensorflow: tensorflow({ functional: api('tf.nn.gelu', { approximate: false }, { approximate: 'none' }) }),
    jax: jax({ functional: api('jax.nn.gelu', { approximate: true }, { approximate: 'tanh' }) }),
    flax: flax({ functional: api('flax.linen.gelu', { approximate: true }, { approximate: 'tanh' }) }),
    tfjs: tfjs({
      string: 'gelu',
      docs: 'https://app.unpkg.com/@tensorflow/tfjs-layers@4.22.0/files/dist/keras_format/activation_config.d.ts',
      note: "Layer activation strings only (no op): 'gelu' is the erf form and 'gelu_new' the tanh approximation.",
    }),
  },
  defaultsDisagree: [
    "jax.nn.gelu and flax.linen.gelu default to the tanh approximation (approximate=True); PyTorch (approximate='none'), tf.nn.gelu and keras.activations.gelu (approximate=False) default to the exact erf form — while keras.ops.gelu defaults to approximate=True.",
    "TF.js spells the two forms as activation strings: 'gelu' (erf) and 'gelu_new' (tanh).",
  ],
  numerics: [
    INFINITY_NOTE('gelu'),
    "approximate='tanh': PyTorch squares x in float32 for the derivative, so for |x| > 1.8e19 f′ is NaN (0 · ∞); the catalog reproduces it.",
    'PyTorch’s vectorised loop uses its own erf approximation (a few 1e−7 from libm); the catalog uses a float64 erf/erfc and rounds once.',
    "More accurate than PyTorch’s float32 kernel in the negative tail (approximate='none'): PyTorch’s 1 + erf(x/√2) cancels (to 0 below x ≈ −5.5), while the catalog uses erfc there and returns the float32 value nearest the exact x·Φ(x); the fixtures check this against mpmath references.",
  ],
});

/** x · σ(x). */
export const silu = defineActivation({
  id: 'silu',
  name: 'SiLU',
  aliases: ['sigmoid_linear_unit', 'keras.activations.swish', 'tf.keras.activations.swish', 'jax.nn.swish', 'nn.swish', 'flax.linen.swish', 'tf.nn.swish'],
  params: [],
  forward: (x) => x / (1 + Math.exp(-x)),
  derivative(x) {
    const s = sigmoid64(x);
    return s * (1 + x * (1 - s));
  },
  wgsl: { forward: 'x * al_sigmoid(x)', derivative: 'al_sigmoid(x) * (1.0 + x * al_sigmoid(-x))', tolerance: GATED_TOLERANCE },
  summary: 'Sigmoid-weighted linear unit x · σ(x): Swish with β = 1.',
  formula: { text: 'x · σ(x) = x / (1 + e^(−x))', tex: 'x\\,\\sigma(x) = \\frac{x}{1 + e^{-x}}' },
  derivativeFormula: { text: 'σ(x) · (1 + x · (1 − σ(x)))', tex: '\\sigma(x)\\,\\bigl(1 + x\\,(1 - \\sigma(x))\\bigr)' },
  properties: gatedShape('≈ [−0.2785, ∞) (minimum ≈ −0.27846 at x ≈ −1.2785)'),
  whenToUse: 'Modern CNNs (EfficientNet), diffusion U-Nets and the gated MLPs of large language models (SwiGLU): a smooth ReLU alternative that keeps small negative values.',
  problems: ['An exp per element.', 'Non-monotonic dip for x < 0.', 'Name confusion: Keras, TensorFlow, JAX and TF.js call this function swish.'],
  cost: 'moderate',
  paper: {
    title: 'Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning',
    authors: 'Stefan Elfwing, Eiji Uchibe, Kenji Doya',
    year: 2017,
    url: 'https://arxiv.org/abs/1702.03118',
    note: 'Hendrycks & Gimpel first described x·σ(x) as the SiLU in the GELU paper (2016); Ramachandran et al. rediscovered it as Swish (2017).',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.SiLU'), functional: api('torch.nn.functional.silu') }),
    keras: keras({ functional: api('keras.activations.silu'), string: 'silu', note: 'keras.activations.swish and the string "swish" are the same function.' }),
    tensorflow: tensorflow({ functional: api('tf.nn.silu', { beta: 1 }), note: 'tf.nn.silu (alias tf.nn.swish) takes beta; with beta ≠ 1 it is the swish record.' }),
    jax: jax({ functional: api('jax.nn.silu'), note: 'jax.nn.swish is the same function.' }),
    flax: flax({ functional: api('flax.linen.silu') }),
    tfjs: tfjs({ string: 'swish', docs: 'https://app.unpkg.com/@tensorflow/tfjs-layers@4.22.0/files/dist/keras_format/activation_config.d.ts', note: "The layer activation 'swish' computes x·sigmoid(x); there is no op." }),
  },
  defaultsDisagree: [
    "The name 'swish' means SiLU (β = 1) in Keras, TensorFlow, JAX and TF.js. In this catalog the id 'swish' is the record with a β parameter, whose default β = 1 is this function, so getActivation('swish') and the framework names agree numerically.",
  ],
  numerics: [INFINITY_NOTE('silu')],
});

type SwishParams = { readonly beta: number };

/** x · σ(β·x). */
export const swish = defineActivation<SwishParams>({
  id: 'swish',
  name: 'Swish',
  aliases: ['swish_beta', 'parametric swish'],
  params: [{ name: 'beta', default: 1, suggestedRange: [0, 5], description: 'Sharpness of the sigmoid gate: 1 gives SiLU, large values approach ReLU, 0 gives x/2.' }],
  forward: (x, p) => x * sigmoid64(f32(p.beta) * x),
  derivative(x, p) {
    const beta = f32(p.beta);
    const s = sigmoid64(beta * x);
    return s + x * beta * s * (1 - s);
  },
  wgsl: {
    forward: 'x * al_sigmoid(beta * x)',
    // x·(σ·σ′)·β in autograd's order: for |βx| beyond float32's range σ·σ′ = 0 and f′ stays 0 or 1 instead of ∞·0.
    derivative: 'al_sigmoid(beta * x) + x * (al_sigmoid(beta * x) * al_sigmoid(-(beta * x))) * beta',
    tolerance: {
      forward: { ulps: 128, absolute: 2 ** -118 },
      derivative: { ulps: 128, absolute: 2 ** -22 },
      why: `β·x is rounded to float32 before the sigmoid (as PyTorch’s beta * x is; the CPU record keeps it in float64), and in the left tail e^(βx) turns that rounding into about |βx|/2 ulp, plus the roundings of e^(βx), σ and the products (63 ulp measured at β = 3.5, βx = −70; βx ≥ −88 while f is a normal float32). ${GATED_TOLERANCE.why}`,
    },
  },
  summary: 'x · σ(β·x): SiLU with a sharpness parameter; β = 1 is SiLU, β → ∞ approaches ReLU, β = 0 gives x/2.',
  formula: { text: 'x · σ(β · x)', tex: 'x\\,\\sigma(\\beta x)' },
  derivativeFormula: { text: 'σ(βx) + β · x · σ(βx) · (1 − σ(βx))', tex: '\\sigma(\\beta x) + \\beta x\\,\\sigma(\\beta x)\\,(1 - \\sigma(\\beta x))' },
  properties: gatedShape('≈ [−0.2785/β, ∞) for β > 0 (≈ [−0.2785, ∞) at β = 1)'),
  whenToUse: 'When the sharpness of the gate should be tuned or learned (Ramachandran et al. also trained β per channel).',
  problems: [
    'PyTorch has no swish with β: the values here are those of the composite x * torch.sigmoid(beta * x) a PyTorch user would write.',
    'An exp per element; non-monotonic for β > 0.',
  ],
  cost: 'moderate',
  paper: { title: 'Searching for Activation Functions', authors: 'Prajit Ramachandran, Barret Zoph, Quoc V. Le', year: 2017, url: 'https://arxiv.org/abs/1710.05941' },
  frameworks: {
    pytorch: pytorch({ docs: 'https://docs.pytorch.org/docs/stable/generated/torch.sigmoid.html', note: 'No built-in form with β: write x * torch.sigmoid(beta * x); for β = 1 use nn.SiLU.' }),
    keras: keras({ note: 'keras.activations.swish is SiLU (no β).' }),
    tensorflow: tensorflow({ docs: 'https://www.tensorflow.org/api_docs/python/tf/nn/silu', note: 'tf.nn.silu(features, beta=1.0), alias tf.nn.swish, computes this function; those names resolve to the silu record.' }),
    jax: jax({ note: 'jax.nn.swish is SiLU (no β).' }),
    flax: null,
    tfjs: tfjs({ docs: 'https://js.tensorflow.org/api/4.22.0/#layers.activation', note: "The 'swish' layer activation is SiLU; tfjs-layers’ Swish class has an alpha (= β, default 1) that the string cannot set." }),
  },
  defaultsDisagree: ['Every framework’s "swish" is β = 1 (SiLU); only tf.nn.silu exposes β. PyTorch calls the β = 1 function SiLU and has no β form.'],
  numerics: [
    'Fixtures are PyTorch’s float32 results for x * torch.sigmoid(beta * x), with the autograd derivative.',
    INFINITY_NOTE('swish'),
  ],
});

/** x · tanh(softplus(x)). */
export const mish = defineActivation({
  id: 'mish',
  name: 'Mish',
  aliases: [],
  params: [],
  forward: (x) => x * Math.tanh(Math.log1p(Math.exp(x))),
  derivative(x) {
    const tanhSoftplus = Math.tanh(Math.log1p(Math.exp(x)));
    return tanhSoftplus + x * sigmoid64(x) * (1 - tanhSoftplus * tanhSoftplus);
  },
  wgsl: {
    forward: 'x * al_tanh(al_softplus(x))',
    // 1 − tanh²(softplus x) = 4/(q + 1/q)² with q = 1 + eˣ: no cancellation as tanh → 1, and 0 (so ∞·0 = NaN at x = ∞) once q² overflows.
    derivative: 'al_tanh(al_softplus(x)) + x * al_sigmoid(x) * (4.0 / (((1.0 + al_exp(x)) + 1.0 / (1.0 + al_exp(x))) * ((1.0 + al_exp(x)) + 1.0 / (1.0 + al_exp(x)))))',
    tolerance: GATED_TOLERANCE,
  },
  summary: 'x · tanh(softplus(x)): a smooth, non-monotonic self-gated activation.',
  formula: { text: 'x · tanh(ln(1 + eˣ))', tex: 'x\\,\\tanh\\bigl(\\ln(1 + e^{x})\\bigr)' },
  derivativeFormula: {
    text: 'tanh(sp) + x · σ(x) · (1 − tanh²(sp)), sp = ln(1 + eˣ)',
    tex: '\\tanh(s) + x\\,\\sigma(x)\\,(1 - \\tanh^{2} s),\\quad s = \\ln(1 + e^{x})',
  },
  properties: gatedShape('≈ [−0.3088, ∞) (minimum ≈ −0.30884 at x ≈ −1.1924)'),
  whenToUse: 'Object detectors (YOLOv4) and CNNs where it was reported slightly better than Swish and ReLU.',
  problems: ['Three transcendental functions per element: among the most expensive activations in the catalog.', 'Non-monotonic dip for x < 0.'],
  cost: 'expensive',
  paper: { title: 'Mish: A Self Regularized Non-Monotonic Activation Function', authors: 'Diganta Misra', year: 2019, url: 'https://arxiv.org/abs/1908.08681' },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Mish'), functional: api('torch.nn.functional.mish') }),
    keras: keras({ functional: api('keras.activations.mish'), string: 'mish' }),
    tensorflow: null,
    jax: jax({ functional: api('jax.nn.mish') }),
    flax: null,
    tfjs: tfjs({ string: 'mish', docs: 'https://app.unpkg.com/@tensorflow/tfjs-layers@4.22.0/files/dist/keras_format/activation_config.d.ts', note: 'Layer activation string only (no op).' }),
  },
  defaultsDisagree: [],
  numerics: [INFINITY_NOTE('mish'), 'mish′(0) = 0.6 = tanh(ln 2).'],
});
