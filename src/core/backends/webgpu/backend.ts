// The WebGPU backend: the Backend interface on GPU buffers of one device, every kernel a small generated WGSL
// program (see runtime.ts for the command stream and matmul.ts for the tiled product the layers share). Data,
// parameters and optimizer state stay on the device; `read` is the only way back, and it is asynchronous.
import type { Backend, BufferType, DeviceBuffer, GatherArgs, GatherKernel } from '../types';
import { checkRows } from './checks';
import { conv2dBackward, conv2dForward, maxPool2dBackward, maxPool2dForward } from './conv';
import { denseBackward, denseForward } from './dense';
import { lossEvaluationKernel, lossKernel } from './loss';
import { optimizerKernel, penaltyKernel } from './optimizer';
import { countNonFiniteKernel, histogramKernel, sumOfSquaresKernel, unitActivityKernel } from './reduce';
import { GpuBuffer, linearDispatch, linearIndex, Runtime } from './runtime';

/** The WebGPU backend, with what the trainer and tests need beyond the Backend interface. */
export interface WebGpuBackend extends Backend {
  readonly name: 'webgpu';
  readonly device: GPUDevice;
  /** The adapter, in words (vendor, architecture, description). */
  readonly adapterDescription: string;
  /** Resolves once every kernel built so far compiled and validated; rejects with the compiler's messages. */
  ready(): Promise<void>;
  /** Copies `length` elements between two of its buffers, in stream order (per-step metrics into a history). */
  copyBuffer(source: DeviceBuffer, sourceOffset: number, destination: DeviceBuffer, destinationOffset: number, length: number): void;
  /** Resolves when the device is lost (not when this backend is disposed). */
  readonly lost: Promise<string>;
}

export interface WebGpuBackendOptions {
  /** Destroy the device on dispose (when the backend created it). */
  readonly ownsDevice?: boolean;
  /** Objects to keep referenced while the device is in use (in Node: the `GPU` object of the `webgpu` package). */
  readonly keepAlive?: readonly unknown[];
  readonly adapterDescription?: string;
}

function gatherRows(runtime: Runtime, args: GatherArgs): GatherKernel {
  const { rowLength, maxRows } = args;
  const source = runtime.own(args.source, 'gather source');
  const indices = runtime.own(args.indices, 'gather indices', 'int32');
  const destination = runtime.own(args.destination, 'gather destination', 'float32', maxRows * rowLength);
  const sourceRows = Math.floor(source.length / rowLength);
  const lanes = 64;
  const kernel = runtime.kernel(
    runtime.program({
      label: `gather rows of ${rowLength}`,
      bindings: [
        { name: 'source', access: 'read' },
        { name: 'indices', access: 'read', element: 'i32' },
        { name: 'destination', access: 'read_write' },
      ],
      code: `
@compute @workgroup_size(${lanes})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = ${linearIndex(lanes)};
  if (i >= args.rows * ${rowLength}u) { return; }
  let row = indices[args.first + i / ${rowLength}u];
  // An index outside the source gives zeros (the CPU backend throws; the trainer's indices are always valid).
  var value = 0.0;
  if (row >= 0 && u32(row) < ${sourceRows}u) { value = source[u32(row) * ${rowLength}u + i % ${rowLength}u]; }
  destination[i] = value;
}`,
    }),
    [source, indices, destination],
  );
  return {
    run(rows, first) {
      checkRows('gather', rows, maxRows);
      if (!Number.isInteger(first) || first < 0 || first + rows > indices.length) {
        throw new Error(`gather: indices ${first} … ${first + rows - 1} are outside the index buffer of ${indices.length}`);
      }
      runtime.dispatch(kernel, linearDispatch(rows * rowLength, lanes), { rows, first });
    },
  };
}

/** A WebGPU backend on `device`. Buffers it creates go back to the device's pool on `dispose()`. */
export function createWebGpuBackend(device: GPUDevice, options: WebGpuBackendOptions = {}): WebGpuBackend {
  const runtime = new Runtime(device, options.keepAlive ?? []);
  let disposed = false;
  // Never settles when the loss is this backend's own dispose() destroying the device.
  const lost = device.lost.then((info) => (disposed ? new Promise<string>(() => undefined) : `${info.reason}${info.message ? `: ${info.message}` : ''}`));
  const gpu = (buffer: DeviceBuffer, role: string): GpuBuffer => {
    if (!(buffer instanceof GpuBuffer)) throw new Error(`webgpu backend: ${role} must be a buffer created by this backend`);
    return buffer;
  };
  return {
    name: 'webgpu',
    device,
    adapterDescription: options.adapterDescription ?? 'WebGPU device',
    lost,
    createBuffer: (type: BufferType, length: number, label: string) => runtime.createBuffer(type, length, label),
    write(buffer, data, offset = 0) {
      runtime.write(runtime.own(buffer, 'write target', buffer.type), data, offset);
    },
    clear(buffer, offset = 0, length) {
      const target = runtime.own(buffer, 'clear target', buffer.type);
      runtime.clear(target, offset, length ?? target.length - offset);
    },
    read<T extends Float32Array | Int32Array>(buffer: DeviceBuffer, target?: T): Promise<T> {
      try {
        return runtime.read(runtime.own(buffer, 'read source', buffer.type), target);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    submit() {
      runtime.submit();
    },
    destroyBuffer(buffer) {
      runtime.destroyBuffer(gpu(buffer, 'buffer to destroy'));
    },
    copyBuffer(source, sourceOffset, destination, destinationOffset, length) {
      runtime.copy(runtime.own(source, 'copy source', source.type), sourceOffset, runtime.own(destination, 'copy destination', destination.type), destinationOffset, length);
    },
    ready: () => runtime.ready(),
    gatherRows: (args) => gatherRows(runtime, args),
    denseForward: (args) => denseForward(runtime, args),
    denseBackward: (args) => denseBackward(runtime, args),
    conv2dForward: (args) => conv2dForward(runtime, args),
    conv2dBackward: (args) => conv2dBackward(runtime, args),
    maxPool2dForward: (args) => maxPool2dForward(runtime, args),
    maxPool2dBackward: (args) => maxPool2dBackward(runtime, args),
    loss: (args) => lossKernel(runtime, args),
    lossEvaluation: (args) => lossEvaluationKernel(runtime, args),
    penalty: (args) => penaltyKernel(runtime, args),
    optimizer: (args) => optimizerKernel(runtime, args),
    sumOfSquares: (args) => sumOfSquaresKernel(runtime, args),
    countNonFinite: (args) => countNonFiniteKernel(runtime, args),
    unitActivity: (args) => unitActivityKernel(runtime, args),
    histogram: (args) => histogramKernel(runtime, args),
    dispose() {
      if (disposed) return;
      disposed = true;
      runtime.dispose(options.ownsDevice ?? false);
    },
  };
}
