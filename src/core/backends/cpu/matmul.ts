// C (m×n) = A (m×k) · B (k×n) on row-major Float32Arrays: the one matrix product that dense layers,
// their gradients and convolutions (through im2col) all run on. `lab.matmul` exposes it.

/** Which stored operands are transposed: with `transposeA`, A is stored k×m; with `transposeB`, B is stored n×k. */
export interface MatmulOptions {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

function checkDimension(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`matmul: ${name} must be a positive integer (got ${value})`);
}

function checkOperand(name: string, array: unknown, needed: number, shape: string): asserts array is Float32Array {
  if (!(array instanceof Float32Array)) throw new Error(`matmul: ${name} must be a Float32Array (got ${Object.prototype.toString.call(array)})`);
  if (array.length < needed) throw new Error(`matmul: ${name} must hold ${shape} = ${needed} values (got ${array.length})`);
}

/** Reference kernel: plain loops in float32 accumulation order k = 0 … K−1. */
export function matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number, out?: Float32Array, options: MatmulOptions = {}): Float32Array {
  checkDimension('m', m);
  checkDimension('k', k);
  checkDimension('n', n);
  const { transposeA = false, transposeB = false } = options;
  checkOperand('a', a, m * k, transposeA ? `k×m (${k}×${m})` : `m×k (${m}×${k})`);
  checkOperand('b', b, k * n, transposeB ? `n×k (${n}×${k})` : `k×n (${k}×${n})`);
  const c = out ?? new Float32Array(m * n);
  checkOperand('out', c, m * n, `m×n (${m}×${n})`);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const av = transposeA ? a[p * m + i] : a[i * k + p];
        const bv = transposeB ? b[j * k + p] : b[p * n + j];
        sum = Math.fround(sum + Math.fround(av * bv));
      }
      c[i * n + j] = sum;
    }
  }
  return c;
}
