// C (m×n) = A (m×k) · B (k×n) on row-major Float32Arrays: the one matrix product that dense layers,
// their gradients and convolutions (through im2col) all run on. `lab.matmul` exposes it.
//
// Kernels, all giving the same bits:
//  - WebAssembly SIMD128 (wasm/matmul.wat), where available: per 256-deep slice of k, B is packed into 8-column
//    panels and A into 4-row panels (a transposed operand only changes the packing strides, so it costs what a
//    plain one does), then 4×8 register tiles. Operands that are not in WebAssembly memory are copied in and the
//    result out; `allocateFloat32` (wasm/runtime.ts) with `prepareMatmul` or `bindMatmul` lets a caller skip those
//    copies (`bindMatmul`: products at any position inside fixed blocks, shaped per call, optionally C += A·B).
//  - pure TypeScript, where WebAssembly SIMD is unavailable or when forced: B packed into 4-column panels, 2×4
//    register tiles in Math.fround arithmetic; and, for products under SMALL_PRODUCT multiply-adds (also in
//    'auto'), a direct kernel that reads the operands in place, four outputs at a time.
// Accumulation order, the same in every kernel: each C[i][j] is one float32 running sum over p = 0, 1, …, k−1,
// starting from +0 and adding the float32-rounded product A[i][p]·B[p][j] each time (a multiply, then an add;
// never fused). So the kernels agree bit for bit (NaN payloads aside), a result is deterministic run to run and on
// any machine, and it equals what a float32 triple loop in that order computes.
import { Float32Block, matmulModule, wasmHeap, wasmUnavailableReason, type MatmulModule, type WasmHeap } from './wasm/runtime';

/** Which stored operands are transposed: with `transposeA`, A is stored k×m; with `transposeB`, B is stored n×k. */
export interface MatmulOptions {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

/** A matmul kernel: WebAssembly SIMD128, or the pure-TS fallback. */
export type MatmulImplementation = 'wasm' | 'js';

/**
 * In 'auto', products with m·k·n below this run the TS kernel: for them the call into WebAssembly and the
 * operand copies cost more than the arithmetic. The result is the same bits either way.
 */
export const SMALL_PRODUCT = 128;

let setting: MatmulImplementation | 'auto' = 'auto';

/**
 * Forces a kernel ('wasm' or 'js') or restores the default ('auto': WebAssembly SIMD where available, the TS
 * kernel for small products and elsewhere). 'js' also runs the CPU backend's element-wise passes (bias, gradients,
 * optimizer updates) in JS. For tests and benchmarks; results are identical either way.
 */
export function setMatmulImplementation(choice: MatmulImplementation | 'auto'): void {
  if (choice !== 'auto' && choice !== 'wasm' && choice !== 'js') {
    throw new Error(`setMatmulImplementation: choice must be 'auto', 'wasm' or 'js' (got ${JSON.stringify(choice)})`);
  }
  if (choice === 'wasm' && !matmulModule()) {
    throw new Error(`setMatmulImplementation: the WebAssembly SIMD kernel is unavailable: ${wasmUnavailableReason()}`);
  }
  setting = choice;
}

/** Whether WebAssembly kernels may run: false once 'js' is forced, which puts the CPU backend's element-wise passes on their JS loops too. */
export function wasmKernelsAllowed(): boolean {
  return setting !== 'js';
}

/** The kernel `matmul` runs (in 'auto', for products of at least SMALL_PRODUCT multiply-adds). */
export function matmulImplementation(): MatmulImplementation {
  if (setting !== 'auto') return setting;
  return matmulModule() ? 'wasm' : 'js';
}

function checkDimension(name: string, value: number, caller = 'matmul'): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${caller}: ${name} must be a positive integer (got ${value})`);
}

/** Checks an operand; its stored shape is `rows`×`cols`, named `shapeName` (e.g. 'k×m'), in the message only. */
function checkOperand(name: string, array: unknown, shapeName: string, rows: number, cols: number): asserts array is Float32Array {
  if (!(array instanceof Float32Array)) throw new Error(`matmul: ${name} must be a Float32Array (got ${Object.prototype.toString.call(array)})`);
  if (array.length < rows * cols) {
    if (array.buffer.byteLength === 0) {
      throw new Error(`matmul: ${name} is a view on a detached buffer (WebAssembly memory grows by replacing its buffer: read Float32Block.array again)`);
    }
    throw new Error(`matmul: ${name} must hold ${shapeName} (${rows}×${cols}) = ${rows * cols} values (got ${array.length})`);
  }
}

/** Whether byte ranges [x, x + xValues·4) and [y, y + yValues·4) intersect. */
function overlaps(x: number, xValues: number, y: number, yValues: number): boolean {
  return x < y + yValues * 4 && y < x + xValues * 4;
}

/**
 * C (m×n) = A (m×k) · B (k×n) with the fastest kernel available; A stored k×m with `transposeA`, B stored n×k with
 * `transposeB`. Writes the first m·n values of `out` (allocated when omitted), which must not overlap A or B.
 */
export function matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number, out?: Float32Array, options: MatmulOptions = {}): Float32Array {
  checkDimension('m', m);
  checkDimension('k', k);
  checkDimension('n', n);
  const { transposeA = false, transposeB = false } = options;
  if (transposeA) checkOperand('a', a, 'k×m', k, m);
  else checkOperand('a', a, 'm×k', m, k);
  if (transposeB) checkOperand('b', b, 'n×k', n, k);
  else checkOperand('b', b, 'k×n', k, n);
  const c = out ?? new Float32Array(m * n);
  checkOperand('out', c, 'm×n', m, n);
  // `.buffer` and `.byteOffset` are calls into the engine: each is read once
  const aBuffer = a.buffer;
  const bBuffer = b.buffer;
  const cBuffer = c.buffer;
  const cOffset = cBuffer === aBuffer || cBuffer === bBuffer ? c.byteOffset : 0;
  if ((cBuffer === aBuffer && overlaps(cOffset, m * n, a.byteOffset, m * k)) || (cBuffer === bBuffer && overlaps(cOffset, m * n, b.byteOffset, k * n))) {
    throw new Error('matmul: out must not overlap a or b (the product is written while they are still being read)');
  }
  if (m * k * n < SMALL_PRODUCT && setting !== 'wasm') {
    directProduct(a, 0, b, 0, m, k, n, c, 0, transposeA, transposeB, false);
    return c;
  }
  const wasm = setting === 'js' ? null : matmulModule();
  if (!wasm || !wasmProduct(wasm, a, aBuffer, b, bBuffer, c, cBuffer, m, k, n, transposeA, transposeB)) jsProduct(a, 0, b, 0, m, k, n, c, 0, transposeA, transposeB, false);
  return c;
}

/** A product over fixed operands, validated once: call it each step. */
export type PreparedMatmul = () => void;

/**
 * `matmul` for a fixed per-step plan: validates once and returns a function that computes
 * out = A·B (same conventions and bits as `matmul`) with no per-call checks, copies or allocation when the blocks
 * live in WebAssembly memory — the call goes straight to the kernel. Stays valid when the memory grows.
 */
export function prepareMatmul(a: Float32Block, b: Float32Block, out: Float32Block, m: number, k: number, n: number, options: MatmulOptions = {}): PreparedMatmul {
  checkDimension('m', m, 'prepareMatmul');
  checkDimension('k', k, 'prepareMatmul');
  checkDimension('n', n, 'prepareMatmul');
  const { transposeA = false, transposeB = false } = options;
  const check = (name: string, block: unknown, shapeName: string, rows: number, cols: number) => {
    if (!(block instanceof Float32Block)) throw new Error(`prepareMatmul: ${name} must be a Float32Block from allocateFloat32 (got ${Object.prototype.toString.call(block)})`);
    if (block.length < rows * cols) throw new Error(`prepareMatmul: ${name} must hold ${shapeName} (${rows}×${cols}) = ${rows * cols} values (got ${block.length})`);
  };
  check('a', a, transposeA ? 'k×m' : 'm×k', transposeA ? k : m, transposeA ? m : k);
  check('b', b, transposeB ? 'n×k' : 'k×n', transposeB ? n : k, transposeB ? k : n);
  check('out', out, 'm×n', m, n);
  const shared = (x: Float32Block, xValues: number) => x === out || (x.inWasmMemory && out.inWasmMemory && overlaps(out.byteOffset, m * n, x.byteOffset, xValues));
  if (shared(a, m * k) || shared(b, k * n)) throw new Error('prepareMatmul: out must not overlap a or b (the product is written while they are still being read)');
  const wasm = a.inWasmMemory && b.inWasmMemory && out.inWasmMemory ? matmulModule() : null;
  const [ta, tb] = [transposeA ? 1 : 0, transposeB ? 1 : 0];
  const small = m * k * n < SMALL_PRODUCT;
  return () => {
    if (a.freed || b.freed || out.freed) throw new Error('prepareMatmul: a block of this product was freed; prepare it again with live blocks');
    if (wasm && setting !== 'js') wasm.gemm(a.byteOffset, b.byteOffset, out.byteOffset, m, k, n, ta, tb, wasm.workspace, 0);
    else if (small) directProduct(a.array, 0, b.array, 0, m, k, n, out.array, 0, transposeA, transposeB, false);
    else jsProduct(a.array, 0, b.array, 0, m, k, n, out.array, 0, transposeA, transposeB, false);
  };
}

/**
 * A product bound to three blocks whose shape and positions are chosen per call: `run(m, k, n, aAt, bAt, outAt,
 * accumulate)` computes C = A·B — or C += A·B, continuing each running sum from C's value, when `accumulate` — with A
 * starting at element `aAt` of block a (stored m×k, or k×m with transposeA), B at `bAt` (k×n, or n×k with transposeB)
 * and C (m×n) at `outAt`. Same bits as `matmul`; a product over k split into consecutive calls, each after the
 * first accumulating, gives the bits of one call over all of k.
 */
export type BoundMatmul = (m: number, k: number, n: number, aAt: number, bAt: number, outAt: number, accumulate: boolean) => void;

/**
 * Binds a product to blocks once (a plan's layer buffers): each call checks only that its ranges lie inside the
 * blocks (a few integer comparisons) and goes straight to the kernel, copying and allocating nothing when the blocks
 * live in WebAssembly memory. Stays valid when the memory grows. The output block must be distinct from a and b.
 */
export function bindMatmul(a: Float32Block, b: Float32Block, out: Float32Block, options: MatmulOptions = {}): BoundMatmul {
  for (const [name, block] of [['a', a], ['b', b], ['out', out]] as const) {
    if (!(block instanceof Float32Block)) throw new Error(`bindMatmul: ${name} must be a Float32Block from allocateFloat32 (got ${Object.prototype.toString.call(block)})`);
  }
  if (out === a || out === b) throw new Error('bindMatmul: out must be a block of its own (the product is written while a and b are still being read)');
  const { transposeA = false, transposeB = false } = options;
  const wasm = a.inWasmMemory && b.inWasmMemory && out.inWasmMemory ? matmulModule() : null;
  const [ta, tb] = [transposeA ? 1 : 0, transposeB ? 1 : 0];
  const [aLength, bLength, outLength] = [a.length, b.length, out.length];
  return (m, k, n, aAt, bAt, outAt, accumulate) => {
    if (!(m >= 1 && k >= 1 && n >= 1 && aAt >= 0 && bAt >= 0 && outAt >= 0 && aAt + m * k <= aLength && bAt + k * n <= bLength && outAt + m * n <= outLength)) {
      throw new Error(`bindMatmul: a ${m}×${k}·${k}×${n} product at elements ${aAt}, ${bAt}, ${outAt} does not fit its blocks of ${aLength}, ${bLength}, ${outLength} values (or a dimension is below 1)`);
    }
    if (a.freed || b.freed || out.freed) throw new Error('bindMatmul: a block of this product was freed; bind it again with live blocks');
    if (wasm && setting !== 'js') wasm.gemm(a.byteOffset + 4 * aAt, b.byteOffset + 4 * bAt, out.byteOffset + 4 * outAt, m, k, n, ta, tb, wasm.workspace, accumulate ? 1 : 0);
    else if (m * k * n < SMALL_PRODUCT) directProduct(a.array, aAt, b.array, bAt, m, k, n, out.array, outAt, transposeA, transposeB, accumulate);
    else jsProduct(a.array, aAt, b.array, bAt, m, k, n, out.array, outAt, transposeA, transposeB, accumulate);
  };
}

// ── WebAssembly SIMD kernel ──────────────────────────────────────────────────────────────────────────────────

/** Byte offset and size of the block that ordinary (non-WebAssembly-memory) operands are copied through. */
let staging = { offset: -1, bytes: 0 };
/** A view of the whole WebAssembly memory and the buffer it was made on (re-created when the memory grows). */
let memoryView = new Float32Array(0);
let memoryViewBuffer: ArrayBufferLike | undefined;

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** `bytes` of staging space; grows WebAssembly memory only when `mayGrow`; -1 when it does not fit. */
function stagingArea(heap: WasmHeap, bytes: number, mayGrow: boolean): number {
  if (staging.bytes >= bytes) return staging.offset;
  if (staging.offset >= 0) heap.free(staging.offset, staging.bytes);
  const wanted = Math.max(bytes, Math.ceil(staging.bytes * 1.5));
  let offset = heap.allocate(wanted, false);
  let size = wanted;
  if (offset < 0 && wanted > bytes) {
    offset = heap.allocate(bytes, false);
    size = bytes;
  }
  if (offset < 0 && mayGrow) {
    try {
      offset = heap.allocate(wanted, true);
      size = wanted;
    } catch {
      offset = -1;
    }
  }
  if (offset < 0) {
    staging = staging.bytes > 0 ? { offset: heap.allocate(staging.bytes, false), bytes: staging.bytes } : { offset: -1, bytes: 0 };
    return -1;
  }
  staging = { offset, bytes: size };
  return offset;
}

/**
 * Runs the product in WebAssembly, copying operands that are not already in its memory. Returns false (having
 * written nothing) when staging them would need the memory to grow while a caller's view on it is in use.
 */
function wasmProduct(wasm: MatmulModule, a: Float32Array, aBuffer: ArrayBufferLike, b: Float32Array, bBuffer: ArrayBufferLike, c: Float32Array, cBuffer: ArrayBufferLike, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): boolean {
  const heap = wasmHeap();
  if (!heap) return false;
  const buffer = heap.buffer;
  const aResident = aBuffer === buffer;
  const bResident = bBuffer === buffer;
  const cResident = cBuffer === buffer;
  const aLength = m * k;
  const bLength = k * n;
  const cLength = m * n;
  const stagedBytes = (aResident ? 0 : align16(aLength * 4)) + (bResident ? 0 : align16(bLength * 4)) + (cResident ? 0 : align16(cLength * 4));
  let cursor = 0;
  if (stagedBytes > 0) {
    // Growing the memory would detach the caller's own views on it (out included), so never with one in hand.
    cursor = stagingArea(heap, stagedBytes, !(aResident || bResident || cResident));
    if (cursor < 0) return false;
  }
  if (memoryViewBuffer !== heap.buffer) {
    memoryView = new Float32Array(heap.buffer);
    memoryViewBuffer = heap.buffer;
  }
  const view = memoryView;
  let aAddress: number;
  if (aResident) aAddress = a.byteOffset;
  else {
    view.set(a.length === aLength ? a : a.subarray(0, aLength), cursor >> 2);
    aAddress = cursor;
    cursor += align16(aLength * 4);
  }
  let bAddress: number;
  if (bResident) bAddress = b.byteOffset;
  else {
    view.set(b.length === bLength ? b : b.subarray(0, bLength), cursor >> 2);
    bAddress = cursor;
    cursor += align16(bLength * 4);
  }
  const cAddress = cResident ? c.byteOffset : cursor;
  wasm.gemm(aAddress, bAddress, cAddress, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0, wasm.workspace, 0);
  if (!cResident) {
    if (cLength <= 64) for (let e = 0, from = cAddress >> 2; e < cLength; e++) c[e] = view[from + e];
    else c.set(view.subarray(cAddress >> 2, (cAddress >> 2) + cLength));
  }
  return true;
}

// ── Pure-TS kernel ───────────────────────────────────────────────────────────────────────────────────────────

/** Scratch for A transposed to row-major and for B packed into 4-column panels; grown, never shrunk. */
let scratchA = new Float32Array(0);
let scratchB = new Float32Array(0);

/**
 * The same product in TypeScript with the same accumulation order as the WebAssembly kernel. A is made
 * row-major (transposed into scratch when stored k×m); B is packed into 4-column panels (panel q holds
 * B[p][4q … 4q+3] for p = 0 … k−1, zero-padded), so the inner loop reads both contiguously whatever the
 * stored layout. Math.fround after each multiply and each add gives float32 arithmetic exactly (a product or
 * sum of two float32 values rounded once to double and then to float32 equals the float32 operation).
 * Operands start at elements aAt, bAt, cAt of their arrays; with `accumulate` the sums start from C's values.
 */
function jsProduct(a: Float32Array, aAt: number, b: Float32Array, bAt: number, m: number, k: number, n: number, c: Float32Array, cAt: number, transposeA: boolean, transposeB: boolean, accumulate: boolean): void {
  const fround = Math.fround;
  let rowMajorA = a;
  let aBase = aAt;
  if (transposeA) {
    if (scratchA.length < m * k) scratchA = new Float32Array(m * k);
    rowMajorA = scratchA;
    aBase = 0;
    for (let p = 0; p < k; p++) {
      for (let i = 0, source = aAt + p * m; i < m; i++) rowMajorA[i * k + p] = a[source + i];
    }
  }
  const panels = Math.ceil(n / 4);
  if (scratchB.length < panels * k * 4) scratchB = new Float32Array(panels * k * 4);
  const packed = scratchB;
  for (let q = 0; q < panels; q++) {
    const width = Math.min(4, n - 4 * q);
    for (let p = 0, target = q * k * 4; p < k; p++, target += 4) {
      for (let lane = 0; lane < 4; lane++) {
        const j = 4 * q + lane;
        packed[target + lane] = lane < width ? (transposeB ? b[bAt + j * k + p] : b[bAt + p * n + j]) : 0;
      }
    }
  }
  const A = rowMajorA;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const row0 = aBase + i * k;
    const row1 = row0 + k;
    for (let q = 0; q < panels; q++) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      if (accumulate) {
        const valid = n - 4 * q;
        const o0 = cAt + i * n + 4 * q;
        const o1 = o0 + n;
        s00 = c[o0];
        s10 = c[o1];
        if (valid > 1) {
          s01 = c[o0 + 1];
          s11 = c[o1 + 1];
        }
        if (valid > 2) {
          s02 = c[o0 + 2];
          s12 = c[o1 + 2];
        }
        if (valid > 3) {
          s03 = c[o0 + 3];
          s13 = c[o1 + 3];
        }
      }
      for (let p = 0, o = q * k * 4; p < k; p++, o += 4) {
        const a0 = A[row0 + p];
        const a1 = A[row1 + p];
        const b0 = packed[o];
        const b1 = packed[o + 1];
        const b2 = packed[o + 2];
        const b3 = packed[o + 3];
        s00 = fround(s00 + fround(a0 * b0));
        s01 = fround(s01 + fround(a0 * b1));
        s02 = fround(s02 + fround(a0 * b2));
        s03 = fround(s03 + fround(a0 * b3));
        s10 = fround(s10 + fround(a1 * b0));
        s11 = fround(s11 + fround(a1 * b1));
        s12 = fround(s12 + fround(a1 * b2));
        s13 = fround(s13 + fround(a1 * b3));
      }
      storeRow(c, cAt + i * n + 4 * q, n - 4 * q, s00, s01, s02, s03);
      storeRow(c, cAt + (i + 1) * n + 4 * q, n - 4 * q, s10, s11, s12, s13);
    }
  }
  if (i < m) {
    const row0 = aBase + i * k;
    for (let q = 0; q < panels; q++) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      if (accumulate) {
        const valid = n - 4 * q;
        const o0 = cAt + i * n + 4 * q;
        s00 = c[o0];
        if (valid > 1) s01 = c[o0 + 1];
        if (valid > 2) s02 = c[o0 + 2];
        if (valid > 3) s03 = c[o0 + 3];
      }
      for (let p = 0, o = q * k * 4; p < k; p++, o += 4) {
        const a0 = A[row0 + p];
        s00 = fround(s00 + fround(a0 * packed[o]));
        s01 = fround(s01 + fround(a0 * packed[o + 1]));
        s02 = fround(s02 + fround(a0 * packed[o + 2]));
        s03 = fround(s03 + fround(a0 * packed[o + 3]));
      }
      storeRow(c, cAt + i * n + 4 * q, n - 4 * q, s00, s01, s02, s03);
    }
  }
}

/**
 * Small products: the same order with no packing, reading the stored operands through strides (a few hundred
 * multiply-adds cost less than packing them). Four outputs at a time (consecutive in C, possibly across rows)
 * keep four independent sums in flight. Offsets and `accumulate` as in jsProduct.
 */
function directProduct(a: Float32Array, aAt: number, b: Float32Array, bAt: number, m: number, k: number, n: number, c: Float32Array, cAt: number, transposeA: boolean, transposeB: boolean, accumulate: boolean): void {
  const fround = Math.fround;
  const aRow = transposeA ? 1 : k; // A[i][p] = a[i·aRow + p·aStep]
  const aStep = transposeA ? m : 1;
  const bColumn = transposeB ? k : 1; // B[p][j] = b[p·bStep + j·bColumn]
  const bStep = transposeB ? 1 : n;
  const total = m * n;
  let e = 0;
  for (; e + 4 <= total; e += 4) {
    const i0 = (e / n) | 0, j0 = e - i0 * n;
    const i1 = j0 + 1 < n ? i0 : i0 + 1, j1 = j0 + 1 < n ? j0 + 1 : j0 + 1 - n;
    const i2 = j1 + 1 < n ? i1 : i1 + 1, j2 = j1 + 1 < n ? j1 + 1 : j1 + 1 - n;
    const i3 = j2 + 1 < n ? i2 : i2 + 1, j3 = j2 + 1 < n ? j2 + 1 : j2 + 1 - n;
    let a0 = aAt + i0 * aRow, a1 = aAt + i1 * aRow, a2 = aAt + i2 * aRow, a3 = aAt + i3 * aRow;
    let b0 = bAt + j0 * bColumn, b1 = bAt + j1 * bColumn, b2 = bAt + j2 * bColumn, b3 = bAt + j3 * bColumn;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    if (accumulate) {
      s0 = c[cAt + e];
      s1 = c[cAt + e + 1];
      s2 = c[cAt + e + 2];
      s3 = c[cAt + e + 3];
    }
    for (let p = 0; p < k; p++) {
      s0 = fround(s0 + fround(a[a0] * b[b0]));
      s1 = fround(s1 + fround(a[a1] * b[b1]));
      s2 = fround(s2 + fround(a[a2] * b[b2]));
      s3 = fround(s3 + fround(a[a3] * b[b3]));
      a0 += aStep; a1 += aStep; a2 += aStep; a3 += aStep;
      b0 += bStep; b1 += bStep; b2 += bStep; b3 += bStep;
    }
    c[cAt + e] = s0;
    c[cAt + e + 1] = s1;
    c[cAt + e + 2] = s2;
    c[cAt + e + 3] = s3;
  }
  for (; e < total; e++) {
    const i = (e / n) | 0, j = e - i * n;
    let sum = accumulate ? c[cAt + e] : 0;
    for (let p = 0, ai = aAt + i * aRow, bj = bAt + j * bColumn; p < k; p++, ai += aStep, bj += bStep) sum = fround(sum + fround(a[ai] * b[bj]));
    c[cAt + e] = sum;
  }
}

/** Stores up to four values of a C row (fewer at its right edge). */
function storeRow(c: Float32Array, offset: number, valid: number, v0: number, v1: number, v2: number, v3: number): void {
  c[offset] = v0;
  if (valid > 1) c[offset + 1] = v1;
  if (valid > 2) c[offset + 2] = v2;
  if (valid > 3) c[offset + 3] = v3;
}
