// Shared helpers of the kernel tests (matmul, CPU backend): exact bit comparison of float32 results and
// running code on a forced matmul implementation (WebAssembly SIMD or pure TypeScript).
import { strict as assert } from 'node:assert';
import { setMatmulImplementation, type MatmulImplementation } from '../../src/core/backends/cpu/matmul';

/** Index of the first element whose bits differ (any NaN matches any NaN), or -1. */
export function firstBitDifference(x: Float32Array, y: Float32Array): number {
  assert.equal(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i]) && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) return i;
  return -1;
}

export function assertSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  const at = firstBitDifference(actual, expected);
  assert.equal(at, -1, `${what}: element ${at} is ${actual[at]}, expected ${expected[at]}`);
}

/** Runs `run` with the matmul (and element-wise) kernels forced to `kernel`, then back to 'auto'. */
export function withKernel<T>(kernel: MatmulImplementation, run: () => T): T {
  setMatmulImplementation(kernel);
  try {
    return run();
  } finally {
    setMatmulImplementation('auto');
  }
}

/** Deterministic values in [-1, 1) (mulberry32). */
export function seededValues(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return values;
}
