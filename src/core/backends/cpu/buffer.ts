// Device buffers of the CPU backend: blocks of WebAssembly memory (so every matrix product and element-wise kernel
// runs on them in place, nothing copied), float32 or int32, behind the opaque DeviceBuffer handle.
//
// WebAssembly memory can grow (another trainer allocating, `lab.matmul` staging), which replaces its buffer and
// detaches every view on it. So kernels keep buffers, never arrays: they read `floats` / `ints` at the start of
// each run (a cheap getter that makes a new view only after the memory grew).
import { allocateFloat32, elementwiseModule, type Float32Block } from './wasm/runtime';
import type { BufferType, DeviceBuffer } from '../types';

/**
 * Frees the WebAssembly block of a buffer that was dropped without `destroyBuffer`/`dispose` (a trainer that was
 * never disposed), so forgetting `dispose()` costs what it cost with ordinary arrays: nothing once collected.
 */
const collected: { register(target: object, held: Float32Block, token: object): void; unregister(token: object): void } | null =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<Float32Block>((block) => block.free()) : null;

const EMPTY_FLOATS = new Float32Array(0);
const EMPTY_INTS = new Int32Array(0);

/** How many buffers have been freed so far (see `BufferAddresses` in elementwise.ts). */
let freedBuffers = 0;

/** How many buffers have been freed so far: a kernel that checked its buffers at this count need not check again. */
export function buffersFreed(): number {
  return freedBuffers;
}

/** A CPU "device" buffer. */
export class CpuBuffer implements DeviceBuffer {
  readonly type: BufferType;
  readonly label: string;
  readonly length: number;
  /** The block once allocated (on first use). */
  private allocated: Float32Block | null = null;
  /** Whether the block lives in WebAssembly memory with the element-wise kernels loaded (set when it is allocated). */
  wasmResident = false;
  private released = false;
  /** An int32 buffer's view of its block, and the float view it was made from (a new one means the memory grew). */
  private intView: Int32Array = EMPTY_INTS;
  private intViewSource: Float32Array = EMPTY_FLOATS;

  constructor(type: BufferType, length: number, label: string) {
    if (!Number.isInteger(length) || length < 0) throw new Error(`buffer "${label}": length must be a non-negative integer (got ${length})`);
    this.type = type;
    this.label = label;
    this.length = length;
  }

  /**
   * The values' block (in WebAssembly memory where the SIMD kernels run; 4-byte values of either type), zero-filled and
   * allocated on first use — so a buffer the plan hands to a kernel that does not need it (another backend's scratch)
   * takes no memory; null when empty. Kernels take their buffers (`floatBuffer`, `intBuffer`) and scratch when they are
   * bound, which allocates them then: a kernel run never allocates, so it never grows the memory under views it holds.
   */
  get block(): Float32Block | null {
    if (this.allocated || this.length === 0) return this.allocated;
    if (this.released) throw new Error(`cpu backend: buffer "${this.label}" was freed (its backend was disposed); it cannot be used any more`);
    const block = allocateFloat32(this.length);
    if (block.inWasmMemory) collected?.register(this, block, this);
    this.allocated = block;
    this.wasmResident = block.inWasmMemory && elementwiseModule() !== null;
    return block;
  }

  /** The float32 values, a view valid until WebAssembly memory next grows: read it again at each kernel run. */
  get floats(): Float32Array {
    const block = this.allocated ?? this.block;
    return block ? block.array : EMPTY_FLOATS;
  }

  /** The int32 values of an int32 buffer, a view valid until WebAssembly memory next grows. */
  get ints(): Int32Array {
    if (!this.block) return EMPTY_INTS;
    const floats = this.block.array;
    if (floats !== this.intViewSource) {
      this.intView = new Int32Array(floats.buffer, floats.byteOffset, this.length);
      this.intViewSource = floats;
    }
    return this.intView;
  }

  /** The values, whichever the type. */
  get data(): Float32Array | Int32Array {
    return this.type === 'int32' ? this.ints : this.floats;
  }

  /** Gives the buffer's memory back; the buffer must not be used afterwards. */
  free(): void {
    if (this.released) return;
    this.released = true;
    freedBuffers++;
    if (!this.allocated) return;
    collected?.unregister(this);
    this.allocated.free();
  }
}

/** Makes the float32 scratch buffers a kernel needs; the backend's allocator frees them with its other buffers. */
export type ScratchAllocator = (length: number, label: string) => CpuBuffer;

/** Scratch outside any backend (a kernel made directly, in tests): freed once collected. */
export const unmanagedScratch: ScratchAllocator = (length, label) => allocated(new CpuBuffer('float32', length, label));

/** The buffer, its block allocated now (kernels bind their buffers at plan time, never allocating in a run). */
export function allocated(buffer: CpuBuffer): CpuBuffer {
  void buffer.block;
  return buffer;
}

function asCpu(buffer: DeviceBuffer | null | undefined, role: string): CpuBuffer {
  if (!(buffer instanceof CpuBuffer)) throw new Error(`cpu backend: ${role} must be a buffer created by the cpu backend (got ${buffer === null ? 'null' : typeof buffer})`);
  return buffer;
}

/** A float32 buffer, checked to hold at least `needed` elements; kernels read its values through `.floats` each run. */
export function floatBuffer(buffer: DeviceBuffer | null | undefined, role: string, needed = 0): CpuBuffer {
  const cpu = asCpu(buffer, role);
  if (cpu.type !== 'float32') throw new Error(`cpu backend: ${role} must be a float32 buffer (got int32 "${cpu.label}")`);
  if (cpu.length < needed) throw new Error(`cpu backend: ${role} "${cpu.label}" must hold ${needed} values (has ${cpu.length})`);
  return allocated(cpu);
}

/** The block behind a buffer, for a bound matrix product (`bindMatmul`). */
export function blockOf(buffer: CpuBuffer, role: string): Float32Block {
  if (!buffer.block) throw new Error(`cpu backend: ${role} "${buffer.label}" is empty; a matrix product needs at least one value`);
  return buffer.block;
}

/** An int32 buffer, checked to hold at least `needed` elements. */
export function intBuffer(buffer: DeviceBuffer | null | undefined, role: string, needed = 0): CpuBuffer {
  const cpu = asCpu(buffer, role);
  if (cpu.type !== 'int32') throw new Error(`cpu backend: ${role} must be an int32 buffer (got float32 "${cpu.label}")`);
  if (cpu.length < needed) throw new Error(`cpu backend: ${role} "${cpu.label}" must hold ${needed} values (has ${cpu.length})`);
  return allocated(cpu);
}

/**
 * Views of an array's first `count` elements (the catalog's vectorised forms take whole arrays), made once per
 * distinct count and reused; a new array (WebAssembly memory grew) starts a new set.
 */
export class PrefixViews {
  private array: Float32Array = EMPTY_FLOATS;
  private readonly views = new Map<number, Float32Array>();

  of(array: Float32Array, count: number): Float32Array {
    if (count === array.length) return array;
    if (array !== this.array) {
      this.array = array;
      this.views.clear();
    }
    let view = this.views.get(count);
    if (!view) {
      view = array.subarray(0, count);
      this.views.set(count, view);
    }
    return view;
  }
}
