// The catalog's WGSL side: what a record's GPU form looks like, the small WGSL math library those forms call,
// and the generator that turns a record plus parameter values into WGSL functions f, f′ and ∂f/∂(learnable
// parameter). The WebGPU backend fuses these functions into its matmul epilogues and prologues, so every
// activation of the catalog runs on the GPU from its record alone.
import { f32 } from './float32';
import type { ActivationParams, ParamValue } from './types';

/**
 * How closely a record's GPU values follow its CPU values: a GPU value g passes against the CPU value c when
 * |g − c| ≤ max(ulps · ulp(c), absolute), or when both are NaN, or both are the same infinity.
 */
export interface WgslTolerance {
  /** Largest difference in units in the last place of the float32 CPU value. */
  readonly ulps: number;
  /** Differences up to this size always pass (flushed subnormals, values computed from a rounded output). */
  readonly absolute: number;
}

/** A record's functions as WGSL f32 expressions. */
export interface WgslActivation {
  /**
   * f(x) as one WGSL f32 expression in `x` and the record's numeric parameters by name (each an f32: fixed
   * parameters are exact float32 literals, a learnable one is read from its buffer). It may call the `al_*`
   * functions of `WGSL_MATH`.
   */
  readonly forward: string;
  /** f′(x), the same way. */
  readonly derivative: string;
  /** ∂f/∂(learnable parameter), for a record with one (PReLU's `weight`). */
  readonly paramDerivative?: string;
  /** How closely the GPU values follow the CPU record (f, and f′ with ∂f/∂parameter), and why. */
  readonly tolerance: { readonly forward: WgslTolerance; readonly derivative: WgslTolerance; readonly why: string };
}

/** The smallest normal float32, 2^−126: WGSL lets a GPU flush anything smaller to 0 (SwiftShader does). */
export const FLUSHED_SUBNORMAL = 2 ** -126;

/** The same values: piecewise-linear records whose WGSL does exactly the CPU's float32 steps. */
export const EXACT: WgslActivation['tolerance'] = Object.freeze({
  forward: { ulps: 0, absolute: FLUSHED_SUBNORMAL },
  derivative: { ulps: 0, absolute: FLUSHED_SUBNORMAL },
  why: 'Comparisons, selects and single float32 multiplications/additions are exact in WGSL, so the GPU gives the CPU’s bits — except that a product below 2^−126 (a subnormal) may be flushed to 0.',
});

/** Piecewise-linear records with a float32 division: WGSL allows 2.5 ulp for x/y (SwiftShader is 1 ulp off at times). */
export const DIVISION_TOLERANCE: WgslActivation['tolerance'] = Object.freeze({
  forward: { ulps: 2, absolute: FLUSHED_SUBNORMAL },
  derivative: { ulps: 2, absolute: 2 ** -23 },
  why: 'WGSL allows 2.5 ulp for a float32 division (SwiftShader turns x/3 and x/6 into a multiplication by the rounded reciprocal, 1 ulp off at times); hardswish′ = x/3 + 1/2 cancels near x = −1.5, so there the difference is up to one ulp of 1/2 absolute.',
});

/** ELU, SELU and CELU: one exp/expm1 and one multiplication. */
export const EXPONENTIAL_TOLERANCE: WgslActivation['tolerance'] = Object.freeze({
  forward: { ulps: 4, absolute: FLUSHED_SUBNORMAL },
  derivative: { ulps: 4, absolute: 2 ** -124 },
  why: 'al_exp/al_expm1 are within about 2 ulp (the CPU rounds the exact value once), and the float32 product adds one rounding; below x ≈ −87.3 eˣ is subnormal and may be flushed to 0, while the coefficient (SELU’s 1.758) can lift the CPU’s product back above 2^−126.',
});

/** SiLU, Swish and Mish: x times a sigmoid-like gate. */
export const GATED_TOLERANCE: WgslActivation['tolerance'] = Object.freeze({
  forward: { ulps: 8, absolute: 2 ** -118 },
  derivative: { ulps: 8, absolute: 2 ** -22 },
  why: 'A few float32 roundings of al_exp/al_log1p/al_tanh compose (the CPU works in float64 and rounds once); the left tails x·e^x fall below 2^−118 only where e^x is subnormal, which a GPU may flush to 0; f′ = gate + x·gate′ cancels where f′ crosses 0 (x ≈ −1.28 for SiLU), so there the difference is a few ulp of the gate (≈ 0.2), absolute.',
});

/** Sigmoid and tanh, whose derivatives PyTorch computes from the rounded float32 output y. */
export const FROM_OUTPUT_TOLERANCE: WgslActivation['tolerance'] = Object.freeze({
  forward: { ulps: 4, absolute: FLUSHED_SUBNORMAL },
  derivative: { ulps: 4, absolute: 2 ** -22 },
  why: 'f is within a few ulp; f′ is computed from the float32 output y (σ·(1 − σ), 1 − y²), so one ulp of y near ±1 becomes up to 2^−23 absolute in f′ however small f′ is.',
});

/** Softplus, softsign, log-sigmoid and tanhshrink: short compositions of exp, log1p, tanh and division. */
export const SMOOTH_TOLERANCE: WgslActivation['tolerance'] = Object.freeze({
  forward: { ulps: 8, absolute: FLUSHED_SUBNORMAL },
  derivative: { ulps: 8, absolute: FLUSHED_SUBNORMAL },
  why: 'Two or three float32 roundings of al_exp/al_log1p/al_tanh and a division compose (the CPU works in float64 and rounds once).',
});

/**
 * An exact WGSL literal of the float32 nearest `value` (the rounding the CPU record applies to its parameters).
 * Throws for values WGSL cannot write as a literal (NaN, ±Infinity, beyond float32's range).
 */
export function wgslFloat(value: number): string {
  const rounded = f32(value);
  if (!Number.isFinite(rounded)) throw new Error(`WGSL has no literal for ${value} as a float32 (it must be finite and within ±3.4e38)`);
  if (Object.is(rounded, -0)) return '-0.0f';
  const text = String(rounded);
  return /[.e]/.test(text) ? `${text}f` : `${text}.0f`;
}

/** Taylor coefficients of x − tanh(x) = Σ c_k x^(2k+1), k ≥ 1, from tanh′ = 1 − tanh² (a₀ = 0, a₁ = 1). */
function xMinusTanhCoefficients(terms: number): number[] {
  const a = [0, 1];
  for (let k = 1; k < 2 * terms + 2; k++) {
    let square = 0;
    for (let i = 0; i <= k; i++) square += a[i] * (a[k - i] ?? 0);
    a[k + 1] = ((k === 0 ? 1 : 0) - square) / (k + 1);
  }
  // x − tanh x = −Σ_{k≥1} a_(2k+1) x^(2k+1).
  return Array.from({ length: terms }, (_, k) => -a[2 * k + 3]);
}

/** Horner form of Σ c_k s^k in WGSL (s a variable name). */
function horner(coefficients: readonly number[], s: string): string {
  return coefficients.reduceRight((inner, c, i) => (i === coefficients.length - 1 ? wgslFloat(c) : `${wgslFloat(c)} + ${s} * (${inner})`), '');
}

/**
 * WGSL math the records' expressions call. WGSL's own exp, log and tanh are allowed thousands of ulp of error
 * and say nothing about NaN or ±Infinity (SwiftShader's exp(NaN) is +Infinity, its tanh(±90) NaN, and its
 * `x != x` false for NaN), so these are written out: Cody–Waite range reduction and short polynomials, accurate
 * to a few ulp, with NaN and ±Infinity tested on the bits. Subnormal results may still be flushed to 0.
 */
export const WGSL_MATH = /* wgsl */ `
// ---- Activation Lab WGSL math (src/core/activations/wgsl.ts) ----
fn al_is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn al_is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn al_is_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
// A quiet NaN, and ±Infinity with the sign of s (built from a run-time value: a WGSL constant may not be either).
fn al_nan(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) | 0x7fc00000u); }
fn al_inf(s: f32) -> f32 { return bitcast<f32>((bitcast<u32>(s) & 0x80000000u) | 0x7f800000u); }
// x with the sign bit of s (tanh(−0) = −0).
fn al_copysign(x: f32, s: f32) -> f32 { return bitcast<f32>((bitcast<u32>(x) & 0x7fffffffu) | (bitcast<u32>(s) & 0x80000000u)); }

// e^x: x = k·ln2 + r with ln2 split in two (k·ln2_hi is exact), e^r by its Taylor series to r^7 (|r| ≤ 0.35).
fn al_exp(x: f32) -> f32 {
  if (al_is_nan(x)) { return x; }
  if (x > 88.72284) { return al_inf(1.0); }
  if (x < -103.98) { return 0.0; }
  let k = round(x * 1.44269504);
  let r = (x - k * 0.693145751953125) - k * 1.4286068e-6;
  let p = 1.0 + r * (1.0 + r * (0.5 + r * (0.16666667 + r * (0.041666668 + r * (0.008333334 + r * (0.0013888889 + r * 0.0001984127))))));
  let e = i32(k);
  let half = e / 2;
  return ldexp(ldexp(p, half), e - half);
}

// e^x − 1 without cancellation near 0 (Taylor series to x^9 for |x| < 0.5).
fn al_expm1(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    return x * (1.0 + x * (0.5 + x * (0.16666667 + x * (0.041666668 + x * (0.008333334 + x * (0.0013888889 + x * (0.0001984127 + x * (2.4801588e-5 + x * 2.7557319e-6))))))));
  }
  return al_exp(x) - 1.0;
}

// 2·atanh(s) = log((1 + s)/(1 − s)) for |s| ≤ 0.172, by its series to s^9.
fn al_log_series(s: f32) -> f32 {
  let s2 = s * s;
  return 2.0 * s + s * (s2 * (0.6666667 + s2 * (0.4 + s2 * (0.2857143 + s2 * 0.22222222))));
}

// ln x: x = m·2^e with m in [1/√2, √2), ln m = 2·atanh((m − 1)/(m + 1)). ln 0 = −Infinity, ln(x < 0) = NaN.
fn al_log(x: f32) -> f32 {
  if (!(x > 0.0)) { return select(al_nan(x), al_inf(-1.0), x == 0.0); }
  if (al_is_inf(x)) { return x; }
  let parts = frexp(x);
  var m = parts.fract;
  var e = parts.exp;
  if (m < 0.70710677) { m = m * 2.0; e = e - 1; }
  let ef = f32(e);
  return ef * 0.693145751953125 + (al_log_series((m - 1.0) / (m + 1.0)) + ef * 1.4286068e-6);
}

// ln(1 + x) without cancellation near 0: 2·atanh(x/(2 + x)) while 1 + x is within [1/√2, √2).
fn al_log1p(x: f32) -> f32 {
  if (x > -0.29289323 && x < 0.41421357) { return al_log_series(x / (2.0 + x)); }
  return al_log(1.0 + x);
}

// tanh x = e/(e + 2) with e = expm1(2|x|); |x| ≥ 9.5 rounds to ±1.
fn al_tanh(x: f32) -> f32 {
  let e = al_expm1(2.0 * min(abs(x), 9.5));
  return select(al_copysign(e / (e + 2.0), x), x, al_is_nan(x));
}

// The logistic sigmoid 1/(1 + e^−x), from e^−|x| so that neither side overflows.
fn al_sigmoid(x: f32) -> f32 {
  let e = al_exp(-abs(x));
  return select(1.0 / (1.0 + e), e / (1.0 + e), x < 0.0);
}

// softplus ln(1 + e^x).
fn al_softplus(x: f32) -> f32 { return al_log1p(al_exp(x)); }

// e^(−x²/2), with x² split so that the product keeps its digits for large |x| (|x|'s top 12 bits squared are exact).
fn al_gauss(x: f32) -> f32 {
  let a = abs(x);
  let high = bitcast<f32>(bitcast<u32>(a) & 0xfffff000u);
  let low = a - high;
  return select(al_exp(-0.5 * high * high) * al_exp(-0.5 * low * (a + high)), 0.0, a > 20.0);
}

// The normal tail 1 − Φ(|x|) = erfc(|x|/√2)/2, Numerical Recipes' erfc (fractional error < 1.2e−7 everywhere).
fn al_normal_tail(x: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.35355339 * abs(x));
  let poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return 0.5 * t * al_gauss(x) * al_exp(poly);
}

// Φ(x), the standard normal CDF, from its tail on whichever side keeps the digits.
fn al_normal_cdf(x: f32) -> f32 {
  let tail = al_normal_tail(x);
  return select(1.0 - tail, tail, x < 0.0);
}

// x − tanh x without cancellation: its Taylor series for |x| < 1 (22 terms), the difference beyond.
fn al_x_minus_tanh(x: f32) -> f32 {
  if (abs(x) < 1.0) {
    let s = x * x;
    return x * s * (${horner(xMinusTanhCoefficients(22), 's')});
  }
  return x - al_tanh(x);
}
// ---- end of Activation Lab WGSL math ----
`;

/** Names WGSL reserves or builds in, which a parameter cannot be declared as. */
const WGSL_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** What the generator needs to know about a record (a subset of `Activation`, so tests can pass their own). */
export interface WgslSource {
  readonly id: string;
  readonly params: readonly { readonly name: string; readonly learnable?: boolean }[];
  /** The record's WGSL for these parameter values (the catalog record checks and defaults them). */
  wgsl(params?: ActivationParams): WgslActivation;
  /** Every parameter with its value, defaults filled in. */
  resolveParams(params?: ActivationParams): ActivationParams;
}

/** Names of the generated functions: `<prefix>_forward`, `<prefix>_derivative`, `<prefix>_param_derivative`. */
export interface WgslFunctionNames {
  readonly forward: string;
  readonly derivative: string;
  readonly paramDerivative: string;
}

/**
 * WGSL functions `<prefix>_forward(x, learned)`, `<prefix>_derivative(x, learned)` and, for a record with a
 * learnable parameter, `<prefix>_param_derivative(x, learned)`, for the given parameter values. `learned` is
 * the value of the learnable parameter (ignored by records without one). As on the CPU, a non-finite learned
 * value makes every output NaN. Needs `WGSL_MATH` in the same module.
 */
export function activationWgsl(record: WgslSource, params: ActivationParams = {}, prefix = 'activation'): { code: string; names: WgslFunctionNames } {
  const forms = record.wgsl(params);
  const values = record.resolveParams(params);
  if (!forms || typeof forms.forward !== 'string' || typeof forms.derivative !== 'string') {
    throw new Error(`activation ${record.id} has no WGSL form (wgsl.forward and wgsl.derivative); it cannot run on the WebGPU backend`);
  }
  const learnable = record.params.find((p) => p.learnable);
  if (learnable && typeof forms.paramDerivative !== 'string') {
    throw new Error(`activation ${record.id} has a learnable parameter "${learnable.name}" but no wgsl.paramDerivative`);
  }
  const declarations: string[] = [];
  for (const param of record.params) {
    if (!WGSL_IDENTIFIER.test(param.name)) throw new Error(`activation ${record.id}: parameter "${param.name}" is not a WGSL identifier`);
    if (param.learnable) {
      declarations.push(`  let ${param.name} = learned;`);
      continue;
    }
    const value: ParamValue | undefined = values[param.name];
    if (typeof value === 'number') declarations.push(`  let ${param.name} = ${wgslFloat(value)};`);
  }
  const names: WgslFunctionNames = { forward: `${prefix}_forward`, derivative: `${prefix}_derivative`, paramDerivative: `${prefix}_param_derivative` };
  const body = (expression: string) => {
    const lets = declarations.filter((line) => new RegExp(`\\b${line.trim().split(' ')[1]}\\b`).test(expression));
    const guard = learnable ? `  if (!al_is_finite(learned)) { return al_nan(learned); }\n` : '';
    return `{\n${guard}${lets.join('\n')}${lets.length ? '\n' : ''}  return ${expression};\n}`;
  };
  const functions = [
    `// ${record.id}: f, f′${learnable ? ' and ∂f/∂' + learnable.name : ''} (generated from the catalog record)`,
    `fn ${names.forward}(x: f32, learned: f32) -> f32 ${body(forms.forward)}`,
    `fn ${names.derivative}(x: f32, learned: f32) -> f32 ${body(forms.derivative)}`,
  ];
  if (learnable) functions.push(`fn ${names.paramDerivative}(x: f32, learned: f32) -> f32 ${body(forms.paramDerivative!)}`);
  return { code: functions.join('\n'), names };
}
