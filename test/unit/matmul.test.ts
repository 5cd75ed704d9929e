// The CPU backend's matrix product: both kernels (WebAssembly SIMD and pure TS) against a float64 product and
// against the documented float32 accumulation order, against each other, run to run, and on bad input.
import { strict as assert } from 'node:assert';
import { matmul, matmulImplementation, prepareMatmul, setMatmulImplementation, SMALL_PRODUCT, type MatmulImplementation } from '../../src/core/backends/cpu/matmul';
import { allocateFloat32, reserveWasmMemory, wasmHeap, wasmMemoryGrowths, wasmSimdAvailable } from '../../src/core/backends/cpu/wasm/runtime';
import { assertSameBits, seededValues, withKernel } from './kernel-support';

const wasmHeapBytes = () => wasmHeap()?.buffer.byteLength ?? 0;

/** Stored form of a logical rows×cols matrix: itself, or its transpose (cols×rows) when `transposed`. */
function stored(matrix: Float32Array, rows: number, cols: number, transposed: boolean): Float32Array {
  if (!transposed) return matrix.slice();
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = matrix[r * cols + c];
  return t;
}

/** The product in float64, and Σ|a||b| per element (for the float32 error bound). */
function float64Product(a: Float32Array, b: Float32Array, m: number, k: number, n: number): { product: Float64Array; magnitude: Float64Array } {
  const product = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      for (let j = 0; j < n; j++) {
        product[i * n + j] += av * b[p * n + j];
        magnitude[i * n + j] += Math.abs(av * b[p * n + j]);
      }
    }
  }
  return { product, magnitude };
}

/** The documented order, spelled out: C[i][j] = fl(…fl(fl(0 + fl(a·b)) + fl(a·b))…) over p = 0 … k−1. */
function sequentialFloat32Product(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum = Math.fround(sum + Math.fround(a[i * k + p] * b[p * n + j]));
      c[i * n + j] = sum;
    }
  }
  return c;
}

const kernels: MatmulImplementation[] = ['wasm', 'js'];
const transposeCombos = [
  { transposeA: false, transposeB: false },
  { transposeA: true, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: true },
];
const comboName = (o: { transposeA: boolean; transposeB: boolean }) => `${o.transposeA ? 'Aᵀ' : 'A'}·${o.transposeB ? 'Bᵀ' : 'B'}`;
// odd sizes, one exact 4×8 tile, and shapes that cross the 64-row, 256-deep and 512-column blocks
const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 256, 8], [17, 33, 65], [64, 64, 64], [130, 70, 257], [67, 513, 600]];

describe('matmul', () => {
  afterEach(() => setMatmulImplementation('auto'));

  it('has its WebAssembly SIMD kernel available on Node (so both kernels are exercised below)', () => {
    assert.equal(wasmSimdAvailable(), true);
    assert.equal(matmulImplementation(), 'wasm');
  });

  for (const [m, k, n] of shapes) {
    describe(`${m}×${k}·${k}×${n}`, () => {
      const a = seededValues(m * k, m * 1000 + k);
      const b = seededValues(k * n, n * 1000 + k + 1);
      let float64: ReturnType<typeof float64Product>;
      let sequential: Float32Array;
      before(() => {
        float64 = float64Product(a, b, m, k, n);
        sequential = sequentialFloat32Product(a, b, m, k, n);
      });

      for (const combo of transposeCombos) {
        it(`${comboName(combo)}: both kernels give the documented float32 accumulation order bit for bit, within float32 error of the float64 product`, () => {
          const sa = stored(a, m, k, combo.transposeA);
          const sb = stored(b, k, n, combo.transposeB);
          const results = kernels.map((kernel) => withKernel(kernel, () => matmul(sa, sb, m, k, n, undefined, combo)));
          // |fl32 sum − exact| ≤ γ_k Σ|a||b| with γ_k = k·u / (1 − k·u), u = 2⁻²⁴ (Higham, Accuracy and Stability, §3.1)
          const unit = 2 ** -24;
          const gamma = ((k + 1) * unit) / (1 - (k + 1) * unit);
          for (const [index, result] of results.entries()) {
            assertSameBits(result, sequential, `${kernels[index]} kernel vs the sequential float32 order`);
            for (let e = 0; e < m * n; e++) {
              const error = Math.abs(result[e] - float64.product[e]);
              assert.ok(error <= gamma * float64.magnitude[e], `${kernels[index]} element ${e}: |${result[e]} − ${float64.product[e]}| > float32 bound`);
            }
          }
          // the two kernels agree within 1e-6 relative per element — in fact exactly
          for (let e = 0; e < m * n; e++) {
            const scale = Math.max(Math.abs(results[0][e]), Math.abs(results[1][e]), Number.MIN_VALUE);
            assert.ok(Math.abs(results[0][e] - results[1][e]) / scale <= 1e-6, `element ${e}: wasm ${results[0][e]} vs js ${results[1][e]}`);
          }
          assertSameBits(results[0], results[1], 'wasm vs js');
        });
      }
    });
  }

  it('is deterministic run to run, whatever ran before and whatever `out` held', () => {
    const [m, k, n] = [45, 300, 77];
    const a = seededValues(m * k, 1);
    const b = seededValues(n * k, 2);
    for (const kernel of kernels) {
      withKernel(kernel, () => {
        const first = matmul(a, b, m, k, n, undefined, { transposeB: true });
        matmul(seededValues(600 * 9, 3), seededValues(9 * 700, 4), 600, 9, 700); // different shapes reuse the scratch
        const garbage = new Float32Array(m * n).fill(Number.NaN);
        const second = matmul(a, b, m, k, n, garbage, { transposeB: true });
        assert.equal(second, garbage, 'returns the `out` it was given');
        assertSameBits(second, first, `${kernel} kernel, second run`);
      });
    }
  });

  it('rounds each product and each sum to float32, keeping subnormals and propagating Infinity and NaN like the reference', () => {
    const [m, k, n] = [9, 40, 13];
    const a = seededValues(m * k, 5);
    const b = seededValues(k * n, 6);
    for (let i = 3; i < b.length; i += 11) b[i] *= 2 ** 60; // wide dynamic range: large cancellations
    for (let p = 0; p < k; p++) {
      a[2 * k + p] *= 1e-20; // row 2 of A and column 4 of B tiny: products near 1e-40, float32 subnormals
      b[p * n + 4] = 1e-20 * (p % 3 - 1);
    }
    a[5] = Number.POSITIVE_INFINITY;
    b[k * n - 2] = Number.NaN;
    b[9] = 0; // row 0 · column 9 hits Infinity · 0
    const expected = sequentialFloat32Product(a, b, m, k, n);
    assert.ok(expected.some((v) => v !== 0 && Math.abs(v) < 1.2e-38), 'the data produce subnormal results');
    assert.ok(expected.some(Number.isNaN) && expected.some((v) => v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY));
    for (const kernel of kernels) assertSameBits(withKernel(kernel, () => matmul(a, b, m, k, n)), expected, `${kernel} kernel`);
  });

  it('gives a transposed operand the same result as the plain product of its explicit transpose', () => {
    const [m, k, n] = [33, 47, 21];
    const a = seededValues(m * k, 7);
    const b = seededValues(k * n, 8);
    const plain = matmul(a, b, m, k, n);
    assertSameBits(matmul(stored(a, m, k, true), stored(b, k, n, true), m, k, n, undefined, { transposeA: true, transposeB: true }), plain, 'Aᵀ·Bᵀ');
  });

  it("runs small products on the TS kernel in 'auto', with the same bits as the WebAssembly kernel", () => {
    const [m, k, n] = [4, 3, 5];
    assert.ok(m * k * n < SMALL_PRODUCT);
    const a = seededValues(m * k, 9);
    const b = seededValues(k * n, 10);
    assertSameBits(matmul(a, b, m, k, n), withKernel('wasm', () => matmul(a, b, m, k, n)), 'auto vs wasm');
  });

  it('writes only the first m·n values of a longer `out` and reads only the first values of longer operands', () => {
    for (const kernel of kernels) {
      withKernel(kernel, () => {
        const a = seededValues(3 * 4 + 5, 11);
        const b = seededValues(4 * 6 + 5, 12);
        const out = new Float32Array(3 * 6 + 4).fill(42);
        matmul(a, b, 3, 4, 6, out);
        assert.deepEqual(Array.from(out.subarray(18)), [42, 42, 42, 42]);
        assertSameBits(out.subarray(0, 18), sequentialFloat32Product(a, b, 3, 4, 6), `${kernel} kernel`);
      });
    }
  });

  describe('operands in WebAssembly memory (allocateFloat32)', () => {
    it('computes in place, with the same bits as ordinary arrays', () => {
      const [m, k, n] = [70, 90, 50];
      const a = allocateFloat32(m * k);
      const b = allocateFloat32(n * k);
      const out = allocateFloat32(m * n);
      assert.ok(a.inWasmMemory && b.inWasmMemory && out.inWasmMemory);
      a.array.set(seededValues(m * k, 13));
      b.array.set(seededValues(n * k, 14));
      const returned = withKernel('wasm', () => matmul(a.array, b.array, m, k, n, out.array, { transposeB: true }));
      assert.equal(returned, out.array);
      assertSameBits(out.array, withKernel('js', () => matmul(a.array.slice(), b.array.slice(), m, k, n, undefined, { transposeB: true })), 'resident vs ordinary');
      // mixing resident and ordinary operands
      const mixed = withKernel('wasm', () => matmul(a.array, b.array.slice(), m, k, n, undefined, { transposeB: true }));
      assertSameBits(mixed, out.array, 'mixed');
      for (const block of [a, b, out]) block.free();
    });

    it('keeps a block’s values when memory grows, hands out a fresh view, and names a stale view in the error', () => {
      const block = allocateFloat32(256);
      block.array.set(seededValues(256, 15));
      const before = block.array;
      const values = before.slice();
      const growths = wasmMemoryGrowths();
      reserveWasmMemory(64 * 1024 * 1024);
      assert.ok(wasmMemoryGrowths() > growths, 'the reservation grew the memory');
      assert.equal(before.length, 0, 'the old view is detached');
      assert.notEqual(block.array, before);
      assertSameBits(block.array, values, 'values after growth');
      assert.throws(() => matmul(before, block.array, 16, 16, 16, new Float32Array(256)), /matmul: a is a view on a detached buffer/);
      block.free();
      assert.throws(() => block.array, /this block was freed/);
    });

    it('prepareMatmul computes the same bits as matmul, on either kernel, for small and large products', () => {
      for (const [m, k, n] of [[2, 3, 4], [10, 8, 8], [37, 70, 45]]) {
        for (const combo of transposeCombos) {
          const a = allocateFloat32(m * k);
          const b = allocateFloat32(k * n);
          const out = allocateFloat32(m * n);
          a.array.set(seededValues(m * k, m + k));
          b.array.set(seededValues(k * n, k + n));
          const run = prepareMatmul(a, b, out, m, k, n, combo);
          const expected = withKernel('js', () => matmul(a.array.slice(), b.array.slice(), m, k, n, undefined, combo));
          for (const kernel of kernels) {
            out.array.fill(Number.NaN);
            withKernel(kernel, run);
            assertSameBits(out.array, expected, `${m}×${k}×${n} ${comboName(combo)} prepared, ${kernel} kernel`);
          }
          for (const block of [a, b, out]) block.free();
        }
      }
    });

    it('prepareMatmul keeps working after the memory grows', () => {
      const [m, k, n] = [12, 20, 16];
      const a = allocateFloat32(m * k);
      const b = allocateFloat32(k * n);
      const out = allocateFloat32(m * n);
      a.array.set(seededValues(m * k, 21));
      b.array.set(seededValues(k * n, 22));
      const run = prepareMatmul(a, b, out, m, k, n);
      const growths = wasmMemoryGrowths();
      reserveWasmMemory(2 * (wasmHeapBytes() + 65536));
      assert.ok(wasmMemoryGrowths() > growths, 'the reservation grew the memory');
      run();
      assertSameBits(out.array, sequentialFloat32Product(a.array, b.array, m, k, n), 'after growth');
      for (const block of [a, b, out]) block.free();
    });

    it('prepareMatmul refuses what matmul refuses, and freed blocks, naming them', () => {
      const a = allocateFloat32(6);
      const out = allocateFloat32(4);
      assert.throws(() => prepareMatmul(a, a, out, 2, 0, 2), /prepareMatmul: k must be a positive integer \(got 0\)/);
      assert.throws(() => prepareMatmul(new Float32Array(6) as never, a, out, 2, 3, 2), /prepareMatmul: a must be a Float32Block from allocateFloat32 \(got \[object Float32Array\]\)/);
      assert.throws(() => prepareMatmul(a, a, out, 3, 3, 2), /prepareMatmul: a must hold m×k \(3×3\) = 9 values \(got 6\)/);
      assert.throws(() => prepareMatmul(a, a, a, 2, 3, 2), /prepareMatmul: out must not overlap a or b/);
      const run = prepareMatmul(a, a, out, 2, 3, 2, { transposeB: true });
      for (const block of [a, out]) block.free();
      assert.throws(run, /prepareMatmul: a block of this product was freed/);
    });

    it('reuses freed memory', () => {
      const first = allocateFloat32(1000);
      const offset = first.byteOffset;
      first.free();
      const second = allocateFloat32(1000);
      assert.equal(second.byteOffset, offset);
      assert.ok(second.array.every((v) => v === 0), 'a new block is zeroed');
      second.free();
    });
  });

  describe('input checks', () => {
    const a = new Float32Array(6);
    const b = new Float32Array(6);

    it('refuses dimensions that are not positive integers, naming them', () => {
      assert.throws(() => matmul(a, b, 0, 3, 2), /matmul: m must be a positive integer \(got 0\)/);
      assert.throws(() => matmul(a, b, 2, 1.5, 2), /matmul: k must be a positive integer \(got 1.5\)/);
      assert.throws(() => matmul(a, b, 2, 3, Number.NaN), /matmul: n must be a positive integer \(got NaN\)/);
    });

    it('refuses operands that are not Float32Arrays', () => {
      assert.throws(() => matmul(new Float64Array(6) as unknown as Float32Array, b, 2, 3, 2), /matmul: a must be a Float32Array \(got \[object Float64Array\]\)/);
      assert.throws(() => matmul(a, [1, 2, 3, 4, 5, 6] as unknown as Float32Array, 2, 3, 2), /matmul: b must be a Float32Array \(got \[object Array\]\)/);
      assert.throws(() => matmul(a, b, 2, 3, 2, new Array(4) as unknown as Float32Array), /matmul: out must be a Float32Array/);
    });

    it('refuses operands too short for their stated shape, naming the stored shape', () => {
      assert.throws(() => matmul(a, b, 3, 3, 2), /matmul: a must hold m×k \(3×3\) = 9 values \(got 6\)/);
      assert.throws(() => matmul(a, b, 4, 2, 3, undefined, { transposeA: true }), /matmul: a must hold k×m \(2×4\) = 8 values \(got 6\)/);
      assert.throws(() => matmul(a, b, 1, 2, 4, undefined, { transposeB: true }), /matmul: b must hold n×k \(4×2\) = 8 values \(got 6\)/);
      assert.throws(() => matmul(a, b, 2, 3, 2, new Float32Array(3)), /matmul: out must hold m×n \(2×2\) = 4 values \(got 3\)/);
    });

    it('refuses an `out` that overlaps an operand', () => {
      const shared = new Float32Array(16);
      assert.throws(() => matmul(shared.subarray(0, 4), b, 2, 2, 2, shared.subarray(2, 6)), /matmul: out must not overlap a or b/);
      assert.throws(() => matmul(a, shared, 2, 2, 2, shared.subarray(2, 6)), /matmul: out must not overlap a or b/);
    });

    it('refuses an unknown kernel name and reports a forced one', () => {
      assert.throws(() => setMatmulImplementation('gpu' as MatmulImplementation), /setMatmulImplementation: choice must be 'auto', 'wasm' or 'js' \(got "gpu"\)/);
      setMatmulImplementation('js');
      assert.equal(matmulImplementation(), 'js');
    });
  });
});
