// The WebGPU backend's machinery under the kernels: device buffers from a pool, kernel programs compiled once per
// device (with their WGSL validated), and the command stream — one compute pass per batch of kernel runs, per-run
// arguments in a ring of uniform slots bound with dynamic offsets, submitted as one command buffer, and readbacks
// through pooled staging buffers. Nothing here allocates per step once a plan is built.
import type { BufferType, DeviceBuffer } from '../types';
import { DeviceLostError } from '../errors';
import { BufferUsage, MapMode, MAX_WORKGROUPS_PER_DIMENSION, ShaderStage } from './constants';

/** A storage buffer as a kernel program declares it. */
export interface Binding {
  /** WGSL name of the `var<storage>`. */
  readonly name: string;
  readonly access: 'read' | 'read_write';
  /** Element type: f32 (default), i32 for index buffers, atomic<u32> for histogram scratch. */
  readonly element?: 'f32' | 'i32' | 'u32' | 'atomic<u32>';
}

/** A kernel program: its storage bindings (group 0) and its WGSL after the generated declarations. */
export interface ProgramSource {
  /** What it computes, for error messages and GPU debugging labels. */
  readonly label: string;
  readonly bindings: readonly Binding[];
  /** Helper functions and the `@compute` entry point `main`; may read the per-run `args`. */
  readonly code: string;
}

/** A compiled program. */
export interface Program {
  readonly label: string;
  readonly source: string;
  readonly bindings: readonly Binding[];
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  /** Resolves once compiled and validated; rejects with the compiler's messages and the offending lines. */
  readonly checked: Promise<void>;
}

/**
 * The per-run arguments every program reads as `args` (a uniform at a dynamic offset): how many rows this run
 * covers, where its indices start, the optimizer step, and four floats (Adam's step size and bias correction).
 */
export interface RunArgs {
  readonly rows?: number;
  readonly first?: number;
  readonly step?: number;
  readonly count?: number;
  readonly values?: readonly number[];
}

/** WGSL declaration of the per-run arguments, shared by every program. */
const ARGS_WGSL = `struct Args { rows: u32, first: u32, step: u32, count: u32, value0: f32, value1: f32, value2: f32, value3: f32 }
@group(1) @binding(0) var<uniform> args: Args;`;
const ARGS_BYTES = 32;

/** A device buffer of the WebGPU backend. */
export class GpuBuffer implements DeviceBuffer {
  constructor(
    readonly gpu: GPUBuffer,
    readonly type: BufferType,
    readonly length: number,
    readonly label: string,
    /** The runtime that created it (a kernel may only bind its own runtime's buffers). */
    readonly owner: Runtime,
  ) {}

  get bytes(): number {
    return this.length * 4;
  }
}

/** Storage and staging buffers kept for reuse on one device, so a new plan (or a readback) reuses old allocations. */
class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private freeBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Most bytes kept idle; buffers released beyond it are destroyed. */
    private readonly capacity = 256 * 1024 * 1024,
  ) {}

  private static sizeClass(bytes: number): number {
    return Math.max(256, Math.ceil(bytes / 256) * 256);
  }

  /** A buffer of at least `bytes` with `usage`, reused when one is free; `reused` says whether it may hold old data. */
  acquire(bytes: number, usage: number, label: string): { buffer: GPUBuffer; reused: boolean } {
    const size = BufferPool.sizeClass(bytes);
    const list = this.free.get(`${usage}:${size}`);
    const buffer = list?.pop();
    if (buffer) {
      this.freeBytes -= size;
      buffer.label = label;
      return { buffer, reused: true };
    }
    return { buffer: this.device.createBuffer({ size, usage, label }), reused: false };
  }

  release(buffer: GPUBuffer, usage: number): void {
    const size = buffer.size;
    if (this.freeBytes + size > this.capacity) {
      buffer.destroy();
      return;
    }
    const key = `${usage}:${size}`;
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push(buffer);
    this.freeBytes += size;
  }

  /** Destroys every idle buffer (the device is going away). */
  clear(): void {
    for (const list of this.free.values()) for (const buffer of list) buffer.destroy();
    this.free.clear();
    this.freeBytes = 0;
  }
}

/** Everything shared by the backends on one device: compiled programs, layouts, the buffer pool, its loss. */
class DeviceContext {
  readonly programs = new Map<string, Program>();
  readonly layouts = new Map<string, GPUBindGroupLayout>();
  readonly pool: BufferPool;
  readonly argsLayout: GPUBindGroupLayout;
  /** Set once the device is lost (or destroyed). */
  lost: GPUDeviceLostInfo | null = null;
  /** Errors the device reported outside any error scope (a bad dispatch, an out-of-memory). */
  readonly uncaptured: string[] = [];

  constructor(readonly device: GPUDevice) {
    this.pool = new BufferPool(device);
    this.argsLayout = device.createBindGroupLayout({
      label: 'per-run arguments',
      entries: [{ binding: 0, visibility: ShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: ARGS_BYTES } }],
    });
    void device.lost.then((info) => {
      this.lost = info;
      this.pool.clear();
    });
    const onError = (event: unknown) => {
      const error = (event as GPUUncapturedErrorEvent).error;
      if (this.uncaptured.length < 20) this.uncaptured.push(error?.message ?? String(error));
    };
    if (typeof device.addEventListener === 'function') device.addEventListener('uncapturederror', onError as (event: GPUUncapturedErrorEvent) => void);
  }

  /** The bind-group layout for a list of storage bindings. */
  layoutFor(bindings: readonly Binding[]): GPUBindGroupLayout {
    const key = bindings.map((b) => b.access).join(',');
    let layout = this.layouts.get(key);
    if (!layout) {
      layout = this.device.createBindGroupLayout({
        label: `storage ${key}`,
        entries: bindings.map((b, binding) => ({ binding, visibility: ShaderStage.COMPUTE, buffer: { type: b.access === 'read' ? 'read-only-storage' : 'storage' } })),
      });
      this.layouts.set(key, layout);
    }
    return layout;
  }

  /** Compiles `source` (once per device); the result's `checked` says whether WGSL and pipeline are valid. */
  program(source: ProgramSource): Program {
    const declarations = source.bindings.map((b, i) => `@group(0) @binding(${i}) var<storage, ${b.access}> ${b.name}: array<${b.element ?? 'f32'}>;`);
    const wgsl = `// ${source.label}\n${ARGS_WGSL}\n${declarations.join('\n')}\n${source.code}`;
    const key = `${source.bindings.map((b) => b.access).join(',')}\n${wgsl}`;
    const cached = this.programs.get(key);
    if (cached) return cached;
    const { device } = this;
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ code: wgsl, label: source.label });
    const layout = this.layoutFor(source.bindings);
    const pipeline = device.createComputePipeline({
      label: source.label,
      layout: device.createPipelineLayout({ bindGroupLayouts: [layout, this.argsLayout] }),
      compute: { module, entryPoint: 'main' },
    });
    const scope = device.popErrorScope();
    const checked = (async () => {
      const info = typeof module.getCompilationInfo === 'function' ? await module.getCompilationInfo() : { messages: [] };
      const errors = info.messages.filter((m) => m.type === 'error');
      const validation = await scope;
      if (!errors.length && !validation) return;
      const lines = wgsl.split('\n');
      const details = errors.map((m) => `  line ${m.lineNum}:${m.linePos}: ${m.message}\n    ${lines[m.lineNum - 1]?.trim() ?? ''}`);
      if (validation && !errors.length) details.push(`  ${validation.message}`);
      throw new Error(`WebGPU kernel "${source.label}" failed to compile — a bug in its generated WGSL:\n${details.join('\n')}`);
    })();
    checked.catch(() => undefined); // reported through ready(); never an unhandled rejection
    const program: Program = { label: source.label, source: wgsl, bindings: source.bindings, pipeline, layout, checked };
    this.programs.set(key, program);
    return program;
  }
}

const contexts = new WeakMap<GPUDevice, DeviceContext>();

/** Resolves after `ms` milliseconds (setTimeout is in every host the core runs in, but not in its type libraries). */
function delay(ms: number): Promise<void> {
  const timer = (globalThis as unknown as { setTimeout(callback: () => void, ms: number): unknown }).setTimeout;
  return new Promise((resolve) => timer(resolve, ms));
}

function contextOf(device: GPUDevice): DeviceContext {
  let context = contexts.get(device);
  if (!context) contexts.set(device, (context = new DeviceContext(device)));
  return context;
}

/** A program bound to its buffers, ready to dispatch. */
export interface Kernel {
  readonly program: Program;
  readonly group: GPUBindGroup;
}

/** Workgroup counts for `total` invocations in workgroups of `size`, spread over y beyond 65535 groups. */
export function linearDispatch(total: number, size: number): [number, number, number] {
  const groups = Math.ceil(total / size);
  if (groups <= MAX_WORKGROUPS_PER_DIMENSION) return [groups, 1, 1];
  return [MAX_WORKGROUPS_PER_DIMENSION, Math.ceil(groups / MAX_WORKGROUPS_PER_DIMENSION), 1];
}

/** WGSL for the flat invocation index of a `linearDispatch` (workgroup size `size`). */
export function linearIndex(size: number): string {
  return `(id.x + id.y * ${MAX_WORKGROUPS_PER_DIMENSION * size}u)`;
}

/**
 * One backend's command stream on a device: kernels are recorded into one compute pass, their per-run arguments
 * into a ring of uniform slots; `submit` writes the used slots and hands the command buffer to the queue.
 */
export class Runtime {
  readonly context: DeviceContext;
  readonly device: GPUDevice;
  /** Whether the device is a software (fallback) adapter's: kernels then prefer small workgroups. */
  readonly software: boolean;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly argsStride: number;
  private readonly argsCapacity: number;
  private readonly argsHost: ArrayBuffer;
  private readonly argsWords: Uint32Array;
  private readonly argsFloats: Float32Array;
  private readonly argsBuffer: GPUBuffer;
  private readonly argsGroup: GPUBindGroup;
  private argsUsed = 0;
  private readonly buffers = new Set<GpuBuffer>();
  private readonly checks: Promise<void>[] = [];
  private disposed = false;

  constructor(
    device: GPUDevice,
    /** Objects to keep alive as long as the device is used (in Node, the `GPU` object from `create()`). */
    private readonly keepAlive: readonly unknown[] = [],
    /** Argument slots before an automatic submit. */
    capacity = 512,
  ) {
    this.device = device;
    this.software = (device as { adapterInfo?: { isFallbackAdapter?: boolean } }).adapterInfo?.isFallbackAdapter === true;
    this.context = contextOf(device);
    this.argsStride = Math.max(ARGS_BYTES, device.limits.minUniformBufferOffsetAlignment ?? 256);
    this.argsCapacity = capacity;
    this.argsHost = new ArrayBuffer(this.argsStride * capacity);
    this.argsWords = new Uint32Array(this.argsHost);
    this.argsFloats = new Float32Array(this.argsHost);
    this.argsBuffer = device.createBuffer({ size: this.argsStride * capacity, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST, label: 'per-run arguments' });
    this.argsGroup = device.createBindGroup({ layout: this.context.argsLayout, entries: [{ binding: 0, resource: { buffer: this.argsBuffer, offset: 0, size: ARGS_BYTES } }] });
  }

  /** Throws a DeviceLostError once the device is gone. */
  checkAlive(): void {
    const lost = this.context.lost;
    if (lost) throw new DeviceLostError(`${lost.reason}${lost.message ? `: ${lost.message}` : ''}`);
    if (this.disposed) throw new Error('this WebGPU backend was disposed');
  }

  /** Whether the device was lost. */
  get lost(): boolean {
    return this.context.lost !== null;
  }

  /** A zero-filled storage buffer of `length` elements. */
  createBuffer(type: BufferType, length: number, label: string): GpuBuffer {
    this.checkAlive();
    if (!Number.isInteger(length) || length < 0) throw new Error(`buffer "${label}": length must be a non-negative integer (got ${length})`);
    const usage = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;
    const { buffer, reused } = this.context.pool.acquire(Math.max(4, length * 4), usage, label);
    const wrapped = new GpuBuffer(buffer, type, length, label, this);
    this.buffers.add(wrapped);
    if (reused) this.commands().clearBuffer(buffer);
    return wrapped;
  }

  /** Gives a buffer back to the pool. */
  destroyBuffer(buffer: GpuBuffer): void {
    if (!this.buffers.delete(buffer)) throw new Error(`webgpu backend: "${buffer.label}" is not a live buffer of this backend`);
    this.submit();
    if (this.lost) return;
    this.context.pool.release(buffer.gpu, BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST);
  }

  /** Checks that `buffer` is a live buffer of this runtime holding at least `needed` elements of `type`. */
  own(buffer: DeviceBuffer | null | undefined, role: string, type: BufferType = 'float32', needed = 0): GpuBuffer {
    if (!(buffer instanceof GpuBuffer) || buffer.owner !== this || !this.buffers.has(buffer)) {
      throw new Error(`webgpu backend: ${role} must be a live buffer created by this backend (got ${buffer === null ? 'null' : typeof buffer === 'object' ? `"${(buffer as DeviceBuffer).label}" from another backend` : typeof buffer})`);
    }
    if (buffer.type !== type) throw new Error(`webgpu backend: ${role} must be a ${type} buffer (got ${buffer.type} "${buffer.label}")`);
    if (buffer.length < needed) throw new Error(`webgpu backend: ${role} "${buffer.label}" must hold ${needed} values (has ${buffer.length})`);
    return buffer;
  }

  /** The program for `source`, compiled once per device; its validation is awaited by `ready()`. */
  program(source: ProgramSource): Program {
    this.checkAlive();
    const program = this.context.program(source);
    this.checks.push(program.checked);
    return program;
  }

  /** Binds `program` to `buffers` (in the order of its bindings); a writable buffer may be bound only once. */
  kernel(program: Program, buffers: readonly GpuBuffer[]): Kernel {
    if (buffers.length !== program.bindings.length) throw new Error(`${program.label}: ${program.bindings.length} buffers expected, got ${buffers.length}`);
    buffers.forEach((buffer, i) => {
      const j = buffers.indexOf(buffer);
      if (j !== i && (program.bindings[i].access === 'read_write' || program.bindings[j].access === 'read_write')) {
        throw new Error(`${program.label}: "${buffer.label}" is bound as both ${program.bindings[j].name} and ${program.bindings[i].name}, and one of them is written (a generated kernel must bind an aliased buffer once)`);
      }
    });
    this.device.pushErrorScope('validation');
    const group = this.device.createBindGroup({
      label: program.label,
      layout: program.layout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer: buffer.gpu } })),
    });
    const scope = this.device.popErrorScope().then((error) => {
      if (error) throw new Error(`WebGPU kernel "${program.label}": binding its buffers failed: ${error.message}`);
    });
    scope.catch(() => undefined);
    this.checks.push(scope);
    return { program, group };
  }

  /** Resolves once every program and binding so far compiled and validated; rejects with the first failure. */
  async ready(): Promise<void> {
    const pending = this.checks.splice(0);
    await Promise.all(pending);
    if (this.context.uncaptured.length) throw new Error(`WebGPU reported: ${this.context.uncaptured.join('; ')}`);
  }

  private commands(): GPUCommandEncoder {
    if (!this.encoder) this.encoder = this.device.createCommandEncoder({ label: 'activation-lab step' });
    return this.encoder;
  }

  private endPass(): GPUCommandEncoder {
    const encoder = this.commands();
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    return encoder;
  }

  /** Records one dispatch of `kernel` with `args`. */
  dispatch(kernel: Kernel, workgroups: readonly [number, number, number], args: RunArgs = {}): void {
    if (workgroups[0] === 0 || workgroups[1] === 0 || workgroups[2] === 0) return;
    if (this.argsUsed === this.argsCapacity) this.submit();
    const slot = this.argsUsed++;
    const word = (slot * this.argsStride) / 4;
    this.argsWords[word] = args.rows ?? 0;
    this.argsWords[word + 1] = args.first ?? 0;
    this.argsWords[word + 2] = args.step ?? 0;
    this.argsWords[word + 3] = args.count ?? 0;
    const values = args.values;
    for (let i = 0; i < 4; i++) this.argsFloats[word + 4 + i] = values?.[i] ?? 0;
    if (!this.pass) this.pass = this.commands().beginComputePass({ label: 'activation-lab kernels' });
    this.pass.setPipeline(kernel.program.pipeline);
    this.pass.setBindGroup(0, kernel.group);
    this.pass.setBindGroup(1, this.argsGroup, [slot * this.argsStride]);
    this.pass.dispatchWorkgroups(workgroups[0], workgroups[1], workgroups[2]);
  }

  /** Zeroes `length` elements of `buffer` from `offset`, in stream order. */
  clear(buffer: GpuBuffer, offset = 0, length = buffer.length - offset): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > buffer.length) {
      throw new Error(`webgpu backend: clearing ${length} values at ${offset} overflows "${buffer.label}" (${buffer.length} values)`);
    }
    if (length > 0) this.endPass().clearBuffer(buffer.gpu, offset * 4, length * 4);
  }

  /** Copies `length` elements between buffers, in stream order. */
  copy(source: GpuBuffer, sourceOffset: number, destination: GpuBuffer, destinationOffset: number, length: number): void {
    if (sourceOffset < 0 || destinationOffset < 0 || sourceOffset + length > source.length || destinationOffset + length > destination.length) {
      throw new Error(`webgpu backend: copying ${length} values from "${source.label}"[${sourceOffset}] to "${destination.label}"[${destinationOffset}] overflows one of them`);
    }
    if (length > 0) this.endPass().copyBufferToBuffer(source.gpu, sourceOffset * 4, destination.gpu, destinationOffset * 4, length * 4);
  }

  /** Host → device, ordered after everything recorded so far (which is submitted first). */
  write(buffer: GpuBuffer, data: Float32Array | Int32Array | readonly number[], offset = 0): void {
    this.checkAlive();
    if (!Number.isInteger(offset) || offset < 0 || offset + data.length > buffer.length) {
      throw new Error(`webgpu backend: writing ${data.length} values at ${offset} overflows "${buffer.label}" (${buffer.length} values)`);
    }
    if (data.length === 0) return;
    this.submit();
    const typed = buffer.type === 'int32' ? (data instanceof Int32Array ? data : Int32Array.from(data)) : data instanceof Float32Array ? data : Float32Array.from(data);
    this.device.queue.writeBuffer(buffer.gpu, offset * 4, typed.buffer, typed.byteOffset, typed.byteLength);
  }

  /** Hands everything recorded to the queue (one command buffer). */
  submit(): void {
    if (!this.encoder) return;
    const encoder = this.endPass();
    this.encoder = null;
    if (this.argsUsed) this.device.queue.writeBuffer(this.argsBuffer, 0, this.argsHost, 0, this.argsUsed * this.argsStride);
    this.argsUsed = 0;
    this.device.queue.submit([encoder.finish()]);
  }

  /** Device → host after everything recorded so far; fills `target` when given. */
  async read<T extends Float32Array | Int32Array>(buffer: GpuBuffer, target?: T): Promise<T> {
    this.checkAlive();
    const Type = buffer.type === 'int32' ? Int32Array : Float32Array;
    if (target && (!(target instanceof Type) || target.length < buffer.length)) {
      throw new Error(`webgpu backend: read target for "${buffer.label}" must be a ${Type.name} of at least ${buffer.length} values`);
    }
    const bytes = Math.max(4, buffer.bytes);
    const usage = BufferUsage.MAP_READ | BufferUsage.COPY_DST;
    const { buffer: staging } = this.context.pool.acquire(bytes, usage, `readback of ${buffer.label}`);
    this.endPass().copyBufferToBuffer(buffer.gpu, 0, staging, 0, bytes);
    this.submit();
    try {
      await staging.mapAsync(MapMode.READ, 0, bytes);
    } catch (error) {
      staging.destroy();
      throw await this.explain(error);
    }
    const result = (target ?? new Type(buffer.length)) as T;
    result.set(new Type(staging.getMappedRange(0, bytes), 0, buffer.length));
    staging.unmap();
    if (this.lost) staging.destroy();
    else this.context.pool.release(staging, usage);
    if (this.context.uncaptured.length) throw new Error(`WebGPU reported: ${this.context.uncaptured.join('; ')}`);
    return result;
  }

  /** A failed mapping means a lost device when the device reports one soon after; otherwise the error itself. */
  private async explain(error: unknown): Promise<unknown> {
    if (!this.context.lost) {
      const lost = await Promise.race([this.device.lost, delay(500).then(() => null)]);
      if (lost) this.context.lost = lost;
    }
    return this.context.lost ? new DeviceLostError(`${this.context.lost.reason}${this.context.lost.message ? `: ${this.context.lost.message}` : ''}`) : error;
  }

  /** Frees every buffer; destroys the device too when `destroyDevice`. */
  dispose(destroyDevice: boolean): void {
    if (this.disposed) return;
    this.encoder = null;
    this.pass = null;
    const usage = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;
    for (const buffer of this.buffers) {
      if (this.lost || destroyDevice) buffer.gpu.destroy();
      else this.context.pool.release(buffer.gpu, usage);
    }
    this.buffers.clear();
    this.argsBuffer.destroy();
    this.disposed = true;
    if (destroyDevice) {
      this.context.pool.clear();
      this.device.destroy();
    }
    void this.keepAlive;
  }
}
