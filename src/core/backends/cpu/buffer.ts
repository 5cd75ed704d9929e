// Device buffers of the CPU backend: plain typed arrays in host memory behind the opaque DeviceBuffer handle.
import type { BufferType, DeviceBuffer } from '../types';

/** A CPU "device" buffer: the typed array itself. */
export class CpuBuffer implements DeviceBuffer {
  readonly type: BufferType;
  readonly label: string;
  readonly data: Float32Array | Int32Array;

  constructor(type: BufferType, length: number, label: string) {
    if (!Number.isInteger(length) || length < 0) throw new Error(`buffer "${label}": length must be a non-negative integer (got ${length})`);
    this.type = type;
    this.label = label;
    this.data = type === 'int32' ? new Int32Array(length) : new Float32Array(length);
  }

  get length(): number {
    return this.data.length;
  }
}

function asCpu(buffer: DeviceBuffer | null | undefined, role: string): CpuBuffer {
  if (!(buffer instanceof CpuBuffer)) throw new Error(`cpu backend: ${role} must be a buffer created by the cpu backend (got ${buffer === null ? 'null' : typeof buffer})`);
  return buffer;
}

/** The float32 array behind a buffer, checked to hold at least `needed` elements. */
export function floats(buffer: DeviceBuffer | null | undefined, role: string, needed = 0): Float32Array {
  const cpu = asCpu(buffer, role);
  if (!(cpu.data instanceof Float32Array)) throw new Error(`cpu backend: ${role} must be a float32 buffer (got int32 "${cpu.label}")`);
  if (cpu.data.length < needed) throw new Error(`cpu backend: ${role} "${cpu.label}" must hold ${needed} values (has ${cpu.data.length})`);
  return cpu.data;
}

/** The int32 array behind a buffer, checked to hold at least `needed` elements. */
export function ints(buffer: DeviceBuffer | null | undefined, role: string, needed = 0): Int32Array {
  const cpu = asCpu(buffer, role);
  if (!(cpu.data instanceof Int32Array)) throw new Error(`cpu backend: ${role} must be an int32 buffer (got float32 "${cpu.label}")`);
  if (cpu.data.length < needed) throw new Error(`cpu backend: ${role} "${cpu.label}" must hold ${needed} values (has ${cpu.data.length})`);
  return cpu.data;
}

/** Views of a typed array's first `count` elements, created once per distinct count and then reused. */
export class PrefixViews {
  private readonly views = new Map<number, Float32Array>();
  constructor(private readonly array: Float32Array) {}

  of(count: number): Float32Array {
    if (count === this.array.length) return this.array;
    let view = this.views.get(count);
    if (!view) {
      view = this.array.subarray(0, count);
      this.views.set(count, view);
    }
    return view;
  }
}
