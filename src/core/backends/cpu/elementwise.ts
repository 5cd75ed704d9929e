// The element-wise passes of the CPU kernels that involve no activation function — bias add, dz = da·f′(z), bias
// gradients, squared norms, non-finite counts — on WebAssembly SIMD (wasm/elementwise.wat) where it runs, else as
// the JS loops below; both give the same bits (the .wat file pins each operation's order).
import { buffersFreed, type CpuBuffer } from './buffer';
import { wasmKernelsAllowed } from './matmul';
import { elementwiseModule, type ElementwiseModule } from './wasm/runtime';

/** The loaded module (undefined until first asked for). */
let kernels: ElementwiseModule | null | undefined;

/** The WebAssembly kernels, when they may run and the buffer lives in WebAssembly memory; else null (JS loops). */
export function wasmKernelsFor(buffer: CpuBuffer): ElementwiseModule | null {
  if (!buffer.wasmResident || !wasmKernelsAllowed()) return null;
  if (kernels === undefined) kernels = elementwiseModule();
  return kernels;
}

/**
 * Byte address of element `at` of a float32 buffer in WebAssembly memory, for a WebAssembly kernel to write; throws
 * once the buffer was freed (its memory may be someone else's by then).
 */
export function addressOf(buffer: CpuBuffer, at = 0): number {
  const block = buffer.block!;
  if (block.freed) throw new Error(`cpu backend: buffer "${buffer.label}" was freed (its backend was disposed); it cannot be used any more`);
  return block.byteOffset + 4 * at;
}

/**
 * The byte addresses of a kernel's buffers in WebAssembly memory, taken once (a block never moves), for a kernel that
 * calls WebAssembly each run. `check()` throws once one of them was freed — the memory may be someone else's by then —
 * looking at them again only after some buffer was freed.
 */
export class BufferAddresses {
  /** Byte address of each buffer, in the order given (0 for a missing one). */
  readonly at: number[];
  private checkedAt = -1;

  constructor(
    private readonly kernel: string,
    private readonly buffers: readonly (CpuBuffer | null)[],
  ) {
    this.at = buffers.map((buffer) => (buffer?.block ? buffer.block.byteOffset : 0));
  }

  check(): void {
    const freed = buffersFreed();
    if (freed === this.checkedAt) return;
    for (const buffer of this.buffers) {
      if (buffer?.block?.freed) throw new Error(`${this.kernel}: buffer "${buffer.label}" was freed (its backend was disposed); it cannot be used any more`);
    }
    this.checkedAt = freed;
  }
}

/** z[r][c][s] = f32(z[r][c][s] + bias[c]) for the first `rows` rows of a [rows][channels][spatial] block. */
export function addBias(z: CpuBuffer, bias: CpuBuffer, rows: number, channels: number, spatial: number): void {
  const wasm = wasmKernelsFor(z);
  if (wasm) {
    wasm.addBias(addressOf(z), addressOf(bias), rows, channels, spatial);
    return;
  }
  const fround = Math.fround;
  const values = z.floats;
  const b = bias.floats;
  if (spatial === 1) {
    for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < channels; c++, i++) values[i] = fround(values[i] + b[c]);
    return;
  }
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      const value = b[c];
      for (const end = i + spatial; i < end; i++) values[i] = fround(values[i] + value);
    }
  }
}

/** out[i] = f32(a[i] · b[i]) for i < count (out may be a or b). */
export function multiply(out: CpuBuffer, a: CpuBuffer, b: CpuBuffer, count: number): void {
  const wasm = wasmKernelsFor(out);
  if (wasm) {
    wasm.multiply(addressOf(out), addressOf(a), addressOf(b), count);
    return;
  }
  const fround = Math.fround;
  const o = out.floats;
  const x = a.floats;
  const y = b.floats;
  for (let i = 0; i < count; i++) o[i] = fround(x[i] * y[i]);
}

/**
 * db[c] = f32(Σ_r Σ_s dz[r][c][s]) over the first `rows` rows: per channel a float64 total over the rows in order, each
 * row adding its own float64 sum over s in order (for spatial = 1, the value itself).
 */
export function biasGradient(dz: CpuBuffer, db: CpuBuffer, rows: number, channels: number, spatial: number, sums: Float64Array): void {
  const wasm = wasmKernelsFor(dz);
  if (wasm) {
    wasm.biasGradient(addressOf(dz), addressOf(db), rows, channels, spatial);
    return;
  }
  const values = dz.floats;
  sums.fill(0, 0, channels);
  if (spatial === 1) {
    for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < channels; c++, i++) sums[c] += values[i];
  } else {
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (const end = i + spatial; i < end; i++) sum += values[i];
        sums[c] += sum;
      }
    }
  }
  const out = db.floats;
  for (let c = 0; c < channels; c++) out[c] = Math.fround(sums[c]);
}

/** Σ x[i]² over the whole buffer, in float64, in order. */
export function sumOfSquares(x: CpuBuffer): number {
  const wasm = wasmKernelsFor(x);
  if (wasm) return wasm.sumOfSquares(addressOf(x), x.length);
  const values = x.floats;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum;
}

/** How many values of the buffer are NaN or ±Infinity. */
export function countNonFinite(x: CpuBuffer): number {
  const wasm = wasmKernelsFor(x);
  if (wasm) return wasm.countNonFinite(addressOf(x), x.length);
  const values = x.floats;
  let count = 0;
  // x − x is 0 for a finite x and NaN for NaN or ±Infinity
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) count++;
  return count;
}
