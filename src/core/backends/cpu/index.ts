// The CPU backend: the Backend interface on Float32Arrays in host memory — float32 buffers are blocks of the
// WebAssembly kernel's memory, so every matrix product runs on them in place — with every product on the shared
// `matmul` kernel. Deterministic: the same inputs give the same bits on every run.
import type {
  Backend,
  BufferType,
  DeviceBuffer,
  GatherArgs,
  GatherKernel,
} from '../types';
import { allocated, CpuBuffer, floatBuffer, intBuffer, type ScratchAllocator } from './buffer';
import { checkRows } from './common';
import { BufferAddresses, wasmKernelsFor } from './elementwise';
import { conv2dBackward, conv2dForward, maxPool2dBackward, maxPool2dForward } from './conv';
import { denseBackward, denseForward } from './dense';
import { lossEvaluationKernel, lossKernel } from './loss';
import { optimizerKernel, penaltyKernel } from './optimizer';
import { countNonFiniteKernel, histogramKernel, sumOfSquaresKernel, unitActivityKernel } from './reduce';

function gatherRows(args: GatherArgs): GatherKernel {
  const { rowLength, maxRows } = args;
  const sourceBuffer = floatBuffer(args.source, 'gather source');
  const indexBuffer = intBuffer(args.indices, 'gather indices');
  const destinationBuffer = floatBuffer(args.destination, 'gather destination', maxRows * rowLength);
  const sourceRows = Math.floor(sourceBuffer.length / rowLength);
  const addresses = new BufferAddresses('gather', [destinationBuffer, sourceBuffer, indexBuffer]);
  const at = addresses.at;
  return {
    run(rows, first) {
      checkRows('gather', rows, maxRows);
      if (!Number.isInteger(first) || first < 0 || first + rows > indexBuffer.length) {
        throw new Error(`gather: indices ${first} … ${first + rows - 1} are outside the index buffer of ${indexBuffer.length}`);
      }
      const wasm = wasmKernelsFor(destinationBuffer);
      if (wasm && rowLength > 0) {
        addresses.check();
        const bad = wasm.gatherRows(at[0], at[1], at[2], first, rows, rowLength, sourceRows);
        if (bad >= 0) throw new Error(`gather: row index ${indexBuffer.ints[first + bad]} is outside the source's ${sourceRows} rows`);
        return;
      }
      const source = sourceBuffer.floats;
      const indices = indexBuffer.ints;
      const destination = destinationBuffer.floats;
      for (let r = 0; r < rows; r++) {
        const row = indices[first + r];
        if (row < 0 || row >= sourceRows) throw new Error(`gather: row index ${row} is outside the source's ${sourceRows} rows`);
        for (let j = 0, from = row * rowLength, to = r * rowLength; j < rowLength; j++) destination[to + j] = source[from + j];
      }
    },
  };
}

/**
 * Creates a CPU backend. Buffers it creates are freed by `dispose()` (or one at a time by `destroyBuffer`); a kernel
 * run after its buffers were freed throws rather than touching memory that may belong to someone else.
 */
export function createCpuBackend(): Backend {
  const buffers = new Set<CpuBuffer>();
  const own = (buffer: DeviceBuffer, role: string): CpuBuffer => {
    if (!(buffer instanceof CpuBuffer) || !buffers.has(buffer)) throw new Error(`cpu backend: ${role} is not a live buffer of this backend`);
    return buffer;
  };
  /** Kernels' scratch: buffers of this backend like any other, freed by `dispose()`. */
  const scratch: ScratchAllocator = (length, label) => {
    const buffer = allocated(new CpuBuffer('float32', length, label));
    buffers.add(buffer);
    return buffer;
  };
  return {
    name: 'cpu',
    createBuffer(type: BufferType, length: number, label: string) {
      const buffer = new CpuBuffer(type, length, label);
      buffers.add(buffer);
      return buffer;
    },
    write(buffer, data, offset = 0) {
      const target = own(buffer, 'write target').data;
      if (!Number.isInteger(offset) || offset < 0 || offset + data.length > target.length) {
        throw new Error(`cpu backend: writing ${data.length} values at ${offset} overflows "${buffer.label}" (${target.length} values)`);
      }
      target.set(data, offset);
    },
    clear(buffer, offset = 0, length) {
      const target = own(buffer, 'clear target').data;
      target.fill(0, offset, length === undefined ? target.length : offset + length);
    },
    read<T extends Float32Array | Int32Array>(buffer: DeviceBuffer, target?: T): Promise<T> {
      try {
        return Promise.resolve(this.readSync!(buffer, target));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    readSync<T extends Float32Array | Int32Array>(buffer: DeviceBuffer, target?: T): T {
      const source = own(buffer, 'read source').data;
      if (!target) return source.slice() as T;
      if (target.constructor !== source.constructor || target.length < source.length) {
        throw new Error(`cpu backend: read target for "${buffer.label}" must be a ${source.constructor.name} of at least ${source.length} values`);
      }
      target.set(source);
      return target;
    },
    submit() {},
    destroyBuffer(buffer) {
      const cpu = own(buffer, 'buffer to destroy');
      buffers.delete(cpu);
      cpu.free();
    },
    gatherRows,
    denseForward: (args) => denseForward(args, scratch),
    denseBackward: (args) => denseBackward(args, scratch),
    conv2dForward: (args) => conv2dForward(args, scratch),
    conv2dBackward: (args) => conv2dBackward(args, scratch),
    maxPool2dForward,
    maxPool2dBackward,
    loss: lossKernel,
    lossEvaluation: lossEvaluationKernel,
    penalty: penaltyKernel,
    optimizer: optimizerKernel,
    sumOfSquares: sumOfSquaresKernel,
    countNonFinite: countNonFiniteKernel,
    unitActivity: unitActivityKernel,
    histogram: histogramKernel,
    dispose() {
      for (const buffer of buffers) buffer.free();
      buffers.clear();
    },
  };
}
