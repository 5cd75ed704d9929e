// Float32 helpers for the catalog's kernels: rounding to float32, and the float64 special functions JavaScript
// lacks (erf, erfc). Kernels compute in float64 and round once, except where PyTorch's float32 steps give a
// different float32 result (an overflow to ±Infinity, a comparison on a rounded product); there they round each step.

/** Rounds to the nearest float32 value (what storing into a Float32Array does). */
export const f32 = Math.fround;

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π
const INV_SQRT_PI = 0.5641895835477563; // 1/√π

/** erf(x) for 0 ≤ x < 3 by the series (2/√π)·e^{−x²}·Σ (2x²)ⁿ·x/(1·3·…·(2n+1)); all terms are positive, so no cancellation. */
function erfSeries(x: number): number {
  const twoXSquared = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= twoXSquared / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
}

/** erfc(x) for x ≥ 3 by the continued fraction e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up. */
function erfcContinuedFraction(x: number): number {
  if (x === Infinity) return 0;
  let tail = x;
  for (let k = Math.ceil(10 + 450 / (x * x)); k >= 1; k--) tail = x + k / 2 / tail; // more terms near x = 3, fewer in the far tail
  return (INV_SQRT_PI * Math.exp(-x * x)) / tail;
}

/** Table of erfc and e^{−x²} at x₀ = i/64 for 0 ≤ x₀ ≤ 10, for the fast path of `erfc` (built once, about 1 ms). */
const TABLE_STEPS_PER_UNIT = 64;
const TABLE_END = 10;
const ERFC_TABLE = new Float64Array(TABLE_END * TABLE_STEPS_PER_UNIT + 1);
const GAUSS_TABLE = new Float64Array(ERFC_TABLE.length);
for (let i = 0; i < ERFC_TABLE.length; i++) {
  const x0 = i / TABLE_STEPS_PER_UNIT;
  ERFC_TABLE[i] = x0 < 3 ? 1 - erfSeries(x0) : erfcContinuedFraction(x0);
  GAUSS_TABLE[i] = Math.exp(-x0 * x0);
}

/**
 * erfc(x) for 0 ≤ x < 10 from the nearest table point x₀ (|h| = |x − x₀| ≤ 1/128) by the Taylor series
 * erfc(x₀ + h) = erfc(x₀) − (2/√π)·e^{−x₀²}·Σₙ (−1)ⁿ Hₙ(x₀) h^{n+1}/(n+1)!, with Hermite polynomials Hₙ.
 * There is no cancellation, so the result keeps its relative accuracy (about 1e−14) even where erfc is tiny.
 */
function erfcFromTable(x: number): number {
  const i = Math.round(x * TABLE_STEPS_PER_UNIT);
  const x0 = i / TABLE_STEPS_PER_UNIT;
  const h = x - x0;
  let hermitePrevious = 1; // H₀
  let hermite = 2 * x0; // H₁
  let power = h; // h^{n+1}/(n+1)! with n = 0
  let sum = h;
  for (let n = 1; n <= 10; n++) {
    power *= -h / (n + 1);
    sum += hermite * power;
    const next = 2 * x0 * hermite - 2 * n * hermitePrevious;
    hermitePrevious = hermite;
    hermite = next;
  }
  return ERFC_TABLE[i] - TWO_OVER_SQRT_PI * GAUSS_TABLE[i] * sum;
}

/** The complementary error function 1 − erf(x) in float64, accurate also where it is tiny (large x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const tail = a < TABLE_END ? erfcFromTable(a) : erfcContinuedFraction(a);
  return x < 0 ? 2 - tail : tail;
}

/** The error function in float64 (relative error about 1e−14). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const value = a < 0.5 ? erfSeries(a) : 1 - erfc(a);
  return x < 0 ? -value : value;
}

/** The logistic sigmoid 1/(1 + e^{−x}) in float64; NaN stays NaN, ±Infinity give 1 and 0. */
export function sigmoid64(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
