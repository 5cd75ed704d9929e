// The WebAssembly SIMD matmul module (matmul.wat), the element-wise module over the same memory (elementwise.wat),
// and that linear memory: synchronous loading with feature detection, a small allocator whose blocks `matmul` (and
// the CPU backend's buffers) compute on in place, and the heap that `matmul` stages ordinary Float32Array operands through.
//
// Allocator API, for the trainer (and anything else that runs products in a loop):
//
//   reserveWasmMemory(totalBytes);                        // once per plan: grow the memory once, up front
//   const x = allocateFloat32(batch * inputs);            // once per buffer of the plan
//   const w = allocateFloat32(units * inputs);
//   const z = allocateFloat32(batch * units);
//   const forward = prepareMatmul(x, w, z, batch, inputs, units, { transposeB: true });   // (matmul.ts)
//   forward();                                            // each step: straight into the kernel, nothing copied
//   x.array.set(batchValues);                             // values are read and written through `.array`
//   matmul(x.array, w.array, …, z.array, …);              // also copy-free, with matmul's per-call checks
//   for (const block of [x, w, z]) block.free();          // when the plan is disposed
//
// `block.array` is a Float32Array over WebAssembly memory (an ordinary Float32Array where WebAssembly SIMD is
// unavailable, so the same code runs on the pure-TS fallback). Growing WebAssembly memory replaces its buffer
// and detaches every view on it, so keep blocks, not arrays: read `block.array` each step (a cheap getter that
// makes a new view only after the memory grew); prepared products use byte offsets and survive growth. The
// memory grows when an allocation does not fit, and when `matmul` stages a product none of whose operands is
// in WebAssembly memory; `reserveWasmMemory` up front avoids both during training.
import matmulWasmBytes from './matmul.wat';
import elementwiseWasmBytes from './elementwise.wat';

/** The slice of the WebAssembly JS API used here (src/core is type-checked without the DOM lib, which declares it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** The exports of matmul.wat. */
export interface MatmulModule {
  readonly memory: WasmMemory;
  /** C = A·B (C += A·B with accumulate = 1) on byte addresses in `memory`; see matmul.wat. Flags are 0 or 1. */
  readonly gemm: (a: number, b: number, c: number, m: number, k: number, n: number, transposeA: number, transposeB: number, workspace: number, accumulate: number) => void;
  /** Byte address of the packing workspace `gemm` needs. */
  readonly workspace: number;
}

/**
 * The exports of elementwise.wat, on byte addresses in the matmul module's memory: element-wise passes that give the
 * bits of the CPU kernels' JS loops (see elementwise.wat for each one's exact order of operations).
 */
export interface ElementwiseModule {
  readonly addBias: (z: number, bias: number, rows: number, channels: number, spatial: number) => void;
  readonly multiply: (out: number, a: number, b: number, count: number) => void;
  readonly biasGradient: (dz: number, db: number, rows: number, channels: number, spatial: number) => void;
  readonly sumOfSquares: (x: number, count: number) => number;
  readonly countNonFinite: (x: number, count: number) => number;
  readonly sumOfSquaresInto: (x: number, count: number, slot: number) => void;
  readonly countNonFiniteInto: (x: number, count: number, slot: number) => void;
  readonly sgd: (p: number, g: number, v: number, count: number, lr: number, momentum: number, oneMinusDampening: number, decay: number, flags: number) => void;
  readonly adam: (p: number, g: number, m: number, v: number, count: number, beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number, eps: number, decay: number, correction2: number, stepSize: number) => void;
  readonly denseForward: (x: number, w: number, z: number, bias: number, rows: number, inFeatures: number, outFeatures: number, workspace: number) => void;
  readonly denseBackward: (dz: number, da: number, derivative: number, x: number, w: number, dw: number, db: number, dx: number, rows: number, inFeatures: number, outFeatures: number, workspace: number) => void;
  readonly gatherRows: (dst: number, src: number, indices: number, first: number, rows: number, rowLength: number, sourceRows: number) => number;
  readonly im2col: (x: number, columns: number, rows: number, inChannels: number, height: number, width: number, kernelSize: number, stride: number, padding: number, outHeight: number, outWidth: number) => void;
  readonly col2im: (columnsGrad: number, dx: number, inChannels: number, height: number, width: number, kernelSize: number, stride: number, padding: number, outHeight: number, outWidth: number) => void;
  readonly maxPool2: (x: number, y: number, argmax: number, planes: number, height: number, width: number, outHeight: number, outWidth: number) => void;
  readonly maxPoolBackward: (dy: number, argmax: number, dx: number, planes: number, plane: number, outPlane: number) => void;
}

const PAGE_BYTES = 65536;
/** Largest linear memory the allocator asks for (wasm32 addresses; engines cap memory at 2–4 GiB). */
const MAX_MEMORY_BYTES = 2 ** 31;
/** Offsets below this are never handed out, so 0 is never a valid block address. */
const HEAP_START = 1024;

let loaded: MatmulModule | null | undefined;
let unavailableReason: string | undefined;
let elementwise: ElementwiseModule | null = null;

/** Loads matmul.wat once, synchronously; null where WebAssembly or its SIMD128 extension is unavailable. */
export function matmulModule(): MatmulModule | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) {
    unavailableReason = 'this JavaScript engine has no WebAssembly';
    return loaded;
  }
  try {
    if (!api.validate(matmulWasmBytes)) {
      unavailableReason = 'this WebAssembly engine does not support SIMD128 (or bulk memory)';
      return loaded;
    }
    const exports = new api.Instance(new api.Module(matmulWasmBytes), {}).exports;
    const memory = exports.memory as WasmMemory;
    const constant = (name: string) => (exports[name] as { value: number }).value;
    const workspaceBytes = (constant('KC') * constant('NC') + constant('MC') * constant('KC') + 32) * 4;
    heap = new WasmHeap(memory);
    const workspace = heap.allocate(workspaceBytes);
    loaded = { memory, gemm: exports.gemm as MatmulModule['gemm'], workspace };
    try {
      if (api.validate(elementwiseWasmBytes)) elementwise = new api.Instance(new api.Module(elementwiseWasmBytes), { kernel: { memory, gemm: exports.gemm } }).exports as unknown as ElementwiseModule;
    } catch {
      elementwise = null; // the kernels fall back to their JS loops, which give the same bits
    }
  } catch (error) {
    // e.g. a Content-Security-Policy without 'wasm-unsafe-eval', or an engine that cannot compile the module
    unavailableReason = `the WebAssembly module could not be loaded (${error instanceof Error ? error.message : String(error)})`;
    heap = undefined;
  }
  return loaded;
}

/** The element-wise kernels over the same memory, or null where WebAssembly SIMD is unavailable. */
export function elementwiseModule(): ElementwiseModule | null {
  return matmulModule() ? elementwise : null;
}

/** Whether the WebAssembly SIMD kernel can run here (loads it on first call). */
export function wasmSimdAvailable(): boolean {
  return matmulModule() !== null;
}

/** Why the WebAssembly kernel is unavailable, or undefined when it is available. */
export function wasmUnavailableReason(): string | undefined {
  matmulModule();
  return unavailableReason;
}

/** First-fit allocator over the module's linear memory, in 16-byte units; grows the memory when full. */
export class WasmHeap {
  /** Free ranges [offset, offset + size), sorted by offset, never adjacent (adjacent ranges are merged). */
  private readonly freeRanges: { offset: number; size: number }[] = [];
  /** How many times the memory has grown (each growth detaches every view on it). */
  growths = 0;
  /** The memory's current ArrayBuffer (only this heap grows the memory, so it is kept here rather than re-read). */
  buffer: ArrayBuffer;

  constructor(readonly memory: WasmMemory) {
    this.buffer = memory.buffer;
    this.freeRanges.push({ offset: HEAP_START, size: this.buffer.byteLength - HEAP_START });
  }

  /** Byte offset of `bytes` free bytes (16-byte aligned); grows the memory when `mayGrow`, else returns -1 when full. */
  allocate(bytes: number, mayGrow = true): number {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    for (let index = 0; index < this.freeRanges.length; index++) {
      const range = this.freeRanges[index];
      if (range.size < size) continue;
      const offset = range.offset;
      range.offset += size;
      range.size -= size;
      if (range.size === 0) this.freeRanges.splice(index, 1);
      return offset;
    }
    if (!mayGrow) return -1;
    this.grow(size);
    return this.allocate(size, false);
  }

  /** Returns [offset, offset + bytes) to the free list. */
  free(offset: number, bytes: number): void {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    let index = 0;
    while (index < this.freeRanges.length && this.freeRanges[index].offset < offset) index++;
    this.freeRanges.splice(index, 0, { offset, size });
    const next = this.freeRanges[index + 1];
    if (next && offset + size === next.offset) {
      this.freeRanges[index].size += next.size;
      this.freeRanges.splice(index + 1, 1);
    }
    const previous = this.freeRanges[index - 1];
    if (previous && previous.offset + previous.size === offset) {
      previous.size += this.freeRanges[index].size;
      this.freeRanges.splice(index, 1);
    }
  }

  /** Free bytes in all (what allocations have not taken, or have given back). */
  freeBytes(): number {
    let free = 0;
    for (const range of this.freeRanges) free += range.size;
    return free;
  }

  /** Largest block that `allocate(…, false)` can return now. */
  largestFree(): number {
    let largest = 0;
    for (const range of this.freeRanges) largest = Math.max(largest, range.size);
    return largest;
  }

  /** Grows the memory so that a free range of at least `size` bytes ends at its end. */
  grow(size: number): void {
    const end = this.memory.buffer.byteLength;
    const last = this.freeRanges[this.freeRanges.length - 1];
    const trailingFree = last && last.offset + last.size === end ? last.size : 0;
    const pages = Math.ceil((size - trailingFree) / PAGE_BYTES);
    if (end + pages * PAGE_BYTES > MAX_MEMORY_BYTES) {
      throw new RangeError(`WebAssembly memory cannot grow past ${MAX_MEMORY_BYTES} bytes (${end} in use, ${size} more asked for)`);
    }
    this.memory.grow(pages); // throws RangeError when the engine refuses
    this.buffer = this.memory.buffer;
    this.growths++;
    if (trailingFree) last.size += pages * PAGE_BYTES;
    else this.freeRanges.push({ offset: end, size: pages * PAGE_BYTES });
  }
}

let heap: WasmHeap | undefined;

/** The heap over the module's memory, or undefined where the module is unavailable. */
export function wasmHeap(): WasmHeap | undefined {
  matmulModule();
  return heap;
}

/** A run of float32 values for `matmul` operands, in WebAssembly memory where the SIMD kernel runs. */
export class Float32Block {
  private view: Float32Array;
  /** The heap's growth count when `view` was made (a cheaper test than comparing buffers). */
  private viewGrowths: number;
  private released = false;

  /** @internal Use `allocateFloat32`. */
  constructor(
    /** Number of float32 values. */
    readonly length: number,
    /** Byte offset in WebAssembly memory, or -1 for an ordinary Float32Array (no WebAssembly SIMD here). */
    readonly byteOffset: number,
  ) {
    this.view = byteOffset < 0 || !heap ? new Float32Array(length) : new Float32Array(heap.buffer, byteOffset, length);
    this.viewGrowths = heap?.growths ?? 0;
  }

  /** Whether `free` has been called. */
  get freed(): boolean {
    return this.released;
  }

  /** Whether the values live in WebAssembly memory (then `matmul` reads and writes them in place). */
  get inWasmMemory(): boolean {
    return this.byteOffset >= 0;
  }

  /** The values: the same Float32Array until WebAssembly memory grows, then a fresh view of the same bytes. */
  get array(): Float32Array {
    if (this.released) throw new Error('Float32Block: this block was freed; allocate a new one');
    if (this.byteOffset >= 0 && heap && this.viewGrowths !== heap.growths) {
      this.view = new Float32Array(heap.buffer, this.byteOffset, this.length);
      this.viewGrowths = heap.growths;
    }
    return this.view;
  }

  /** Gives the memory back; the block and any view taken from it must not be used afterwards. */
  free(): void {
    if (this.released) return;
    this.released = true;
    if (this.byteOffset >= 0 && heap) heap.free(this.byteOffset, this.length * 4);
  }
}

/**
 * `length` float32 values (zeroed when new memory) in WebAssembly memory, so `matmul` on them copies nothing;
 * an ordinary Float32Array-backed block where WebAssembly SIMD is unavailable.
 */
export function allocateFloat32(length: number): Float32Block {
  if (!Number.isInteger(length) || length < 1) throw new Error(`allocateFloat32: length must be a positive integer (got ${length})`);
  const memoryHeap = wasmHeap();
  if (!memoryHeap) return new Float32Block(length, -1);
  const offset = memoryHeap.allocate(length * 4);
  const block = new Float32Block(length, offset);
  block.array.fill(0);
  return block;
}

/**
 * Grows WebAssembly memory once so that `bytes` more can be allocated (or staged by `matmul`) without growing it
 * again, which would detach views. A no-op where WebAssembly SIMD is unavailable.
 */
export function reserveWasmMemory(bytes: number): void {
  if (!Number.isFinite(bytes) || bytes < 0) throw new Error(`reserveWasmMemory: bytes must be a non-negative number (got ${bytes})`);
  const memoryHeap = wasmHeap();
  if (!memoryHeap || memoryHeap.largestFree() >= bytes) return;
  memoryHeap.grow(Math.ceil(bytes / 16) * 16);
}

/** How many times WebAssembly memory has grown so far (each growth detaches views taken before it). */
export function wasmMemoryGrowths(): number {
  return wasmHeap()?.growths ?? 0;
}
