// Shrinkage functions from signal processing: soft and hard thresholding zero out small inputs (|x| ≤ lambd).
// Used in sparse coding and denoising networks rather than as general activations.
import { defineActivation } from './define';
import { f32 } from './float32';
import { api, keras, pytorch } from './frameworks';
import { EXACT } from './wgsl';

type LambdParams = { readonly lambd: number };

const lambdParam = {
  name: 'lambd',
  default: 0.5,
  min: 0,
  suggestedRange: [0, 2] as const,
  description: 'Half-width of the interval [−lambd, lambd] that is set to zero (PyTorch spells it lambd, as lambda is a Python keyword).',
};
const lambdHints = { threshold: 'Keras calls the half-width `threshold`; here it is `lambd`.', lambda: 'The parameter is spelled `lambd`.' };

/** Moves x towards 0 by lambd and zeroes |x| ≤ lambd. */
export const softshrink = defineActivation<LambdParams>({
  id: 'softshrink',
  name: 'Softshrink',
  aliases: ['soft_shrink', 'soft_thresholding'],
  params: [lambdParam],
  forward(x, p) {
    const lambd = f32(p.lambd);
    return x > lambd ? x - lambd : x < -lambd ? x + lambd : 0;
  },
  derivative(x, p) {
    const lambd = f32(p.lambd);
    return x > lambd || x < -lambd ? 1 : 0;
  },
  kinkPoints: (p) => (p.lambd === 0 ? [0] : [-p.lambd, p.lambd]),
  paramHints: lambdHints,
  wgsl: {
    forward: 'select(select(0.0, x + lambd, x < -lambd), x - lambd, x > lambd)',
    derivative: 'select(0.0, 1.0, x > lambd || x < -lambd)',
    tolerance: EXACT,
  },
  summary: 'Soft thresholding: zeroes inputs with |x| ≤ lambd and moves the rest towards 0 by lambd.',
  formula: { text: 'x − lambd if x > lambd, x + lambd if x < −lambd, else 0', tex: '\\begin{cases} x - \\lambda & x > \\lambda \\\\ x + \\lambda & x < -\\lambda \\\\ 0 & \\text{otherwise} \\end{cases}' },
  derivativeFormula: { text: '1 if |x| > lambd, else 0 (0 at ±lambd)', tex: '\\begin{cases} 1 & |x| > \\lambda \\\\ 0 & |x| \\le \\lambda \\end{cases}' },
  properties: {
    range: '(−∞, ∞)',
    boundedAbove: false,
    boundedBelow: false,
    monotonic: true,
    smooth: false,
    continuous: true,
    kinks: 'x = −lambd and x = lambd',
    zeroCentred: true,
    selfNormalising: false,
    saturates: 'none',
    deadZone: '|x| < lambd: output 0 and gradient 0',
  },
  whenToUse: 'Sparse coding and unrolled optimisation networks (LISTA), where it is the proximal operator of the L1 norm; denoising.',
  problems: ['A dead zone around 0: small inputs get no gradient.', 'Not a general-purpose hidden activation.'],
  cost: 'cheap',
  paper: {
    title: 'De-noising by soft-thresholding',
    authors: 'David L. Donoho',
    year: 1995,
    url: 'https://doi.org/10.1109/18.382009',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Softshrink', { lambd: 0.5 }), functional: api('torch.nn.functional.softshrink', { lambd: 0.5 }) }),
    keras: keras({ functional: api('keras.activations.soft_shrink', { threshold: 0.5 }, { lambd: 0.5 }), string: 'soft_shrink', note: 'Added in Keras 3.' }),
    tensorflow: null,
    jax: null,
    flax: null,
    tfjs: null,
  },
  defaultsDisagree: ['Keras calls the half-width threshold, PyTorch lambd; both default to 0.5.'],
  numerics: [
    'softshrink′(±lambd) = 0 (PyTorch tests |x| ≤ lambd).',
    'softshrink(NaN) = 0 and softshrink′(NaN) = 0 in PyTorch’s vectorised CPU loop (both comparisons are false for NaN); its scalar tail loop gives f′(NaN) = 1. The catalog follows the vectorised loop.',
    'x − lambd uses float32(lambd), as PyTorch does (softshrink(0.30000004) with lambd 0.3 is 2.9802322e−8).',
  ],
});

/** Keeps x where |x| > lambd, else 0. */
export const hardshrink = defineActivation<LambdParams>({
  id: 'hardshrink',
  name: 'Hardshrink',
  aliases: ['hard_shrink', 'hard_thresholding'],
  params: [lambdParam],
  forward(x, p) {
    const lambd = f32(p.lambd);
    return x >= -lambd && x <= lambd ? 0 : x;
  },
  derivative(x, p) {
    const lambd = f32(p.lambd);
    return x > lambd || x < -lambd ? 1 : 0;
  },
  kinkPoints: (p) => (p.lambd === 0 ? [0] : [-p.lambd, p.lambd]),
  paramHints: lambdHints,
  wgsl: { forward: 'select(x, 0.0, x >= -lambd && x <= lambd)', derivative: 'select(0.0, 1.0, x > lambd || x < -lambd)', tolerance: EXACT },
  summary: 'Hard thresholding: keeps inputs with |x| > lambd unchanged and zeroes the rest.',
  formula: { text: 'x if |x| > lambd, else 0', tex: '\\begin{cases} x & |x| > \\lambda \\\\ 0 & |x| \\le \\lambda \\end{cases}' },
  derivativeFormula: { text: '1 if |x| > lambd, else 0 (0 at ±lambd)', tex: '\\begin{cases} 1 & |x| > \\lambda \\\\ 0 & |x| \\le \\lambda \\end{cases}' },
  properties: {
    range: '(−∞, −lambd) ∪ {0} ∪ (lambd, ∞)',
    boundedAbove: false,
    boundedBelow: false,
    monotonic: true,
    smooth: false,
    continuous: false,
    kinks: 'x = −lambd and x = lambd (f jumps by lambd there)',
    zeroCentred: true,
    selfNormalising: false,
    saturates: 'none',
    deadZone: '|x| ≤ lambd: output 0 and gradient 0',
  },
  whenToUse: 'Sparse coding with an L0-style penalty (iterative hard thresholding) and denoising; rarely a hidden activation.',
  problems: ['Discontinuous at ±lambd: the jumps carry no gradient.', 'A dead zone around 0.'],
  cost: 'cheap',
  paper: {
    title: 'Ideal spatial adaptation by wavelet shrinkage',
    authors: 'David L. Donoho, Iain M. Johnstone',
    year: 1994,
    url: 'https://doi.org/10.1093/biomet/81.3.425',
  },
  frameworks: {
    pytorch: pytorch({ module: api('torch.nn.Hardshrink', { lambd: 0.5 }), functional: api('torch.nn.functional.hardshrink', { lambd: 0.5 }) }),
    keras: keras({ functional: api('keras.activations.hard_shrink', { threshold: 0.5 }, { lambd: 0.5 }), string: 'hard_shrink', note: 'Added in Keras 3.' }),
    tensorflow: null,
    jax: null,
    flax: null,
    tfjs: null,
  },
  defaultsDisagree: ['Keras calls the half-width threshold, PyTorch lambd; both default to 0.5.'],
  numerics: [
    'hardshrink′(±lambd) = 0 and hardshrink(±lambd) = 0 (PyTorch tests −lambd ≤ x ≤ lambd).',
    'hardshrink(NaN) = NaN but hardshrink′(NaN) = 0 in PyTorch’s vectorised CPU loop (1 in its scalar tail loop); the catalog follows the vectorised loop.',
  ],
});
