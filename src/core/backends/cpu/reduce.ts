// Reductions for metrics on the CPU: squared norms, non-finite counts, per-unit activity and fixed-bin
// histograms, each accumulated into slots of the metrics buffer.
import type { BatchKernel, HistogramArgs, ReductionArgs, TensorKernel, UnitActivityArgs } from '../types';
import { floatBuffer } from './buffer';
import { BufferAddresses, countNonFinite, sumOfSquares, wasmKernelsFor } from './elementwise';
import { checkRows } from './common';

/**
 * A reduction of one buffer into a metrics slot: the WebAssembly kernel when the buffer lives in WASM
 * memory, else the JS loop. `store` writes (sum of squares) or accumulates (non-finite count) the JS result.
 */
function slotReduction(
  args: ReductionArgs,
  what: string,
  wasmInto: (wasm: NonNullable<ReturnType<typeof wasmKernelsFor>>, at: number, length: number, slotAt: number) => void,
  store: (metrics: Float32Array, slot: number, source: ReturnType<typeof floatBuffer>) => void,
): TensorKernel {
  const source = floatBuffer(args.source, `${what} source`);
  const metricsBuffer = floatBuffer(args.metrics, 'metrics', args.slot + 1);
  const addresses = new BufferAddresses(what, [source, metricsBuffer]);
  const [at, slotAt] = [addresses.at[0], addresses.at[1] + 4 * args.slot];
  return {
    run() {
      const wasm = wasmKernelsFor(source);
      if (wasm) {
        addresses.check();
        wasmInto(wasm, at, source.length, slotAt);
      } else {
        store(metricsBuffer.floats, args.slot, source);
      }
    },
  };
}

export function sumOfSquaresKernel(args: ReductionArgs): TensorKernel {
  return slotReduction(args, 'sum of squares', (wasm, at, length, slotAt) => wasm.sumOfSquaresInto(at, length, slotAt), (metrics, slot, source) => {
    metrics[slot] = sumOfSquares(source);
  });
}

export function countNonFiniteKernel(args: ReductionArgs): TensorKernel {
  return slotReduction(args, 'non-finite count', (wasm, at, length, slotAt) => wasm.countNonFiniteInto(at, length, slotAt), (metrics, slot, source) => {
    metrics[slot] += countNonFinite(source);
  });
}

export function unitActivityKernel(args: UnitActivityArgs): BatchKernel {
  const { maxRows, units, spatial, zeroSlot, activeOffset } = args;
  const output = floatBuffer(args.output, 'unit activity output', maxRows * units * spatial);
  const metricsBuffer = floatBuffer(args.metrics, 'metrics', Math.max(zeroSlot + 1, activeOffset + units));
  return {
    run(rows) {
      checkRows('unit activity', rows, maxRows);
      const y = output.floats;
      const metrics = metricsBuffer.floats;
      let zeros = 0;
      let i = 0;
      for (let r = 0; r < rows; r++) {
        for (let u = 0; u < units; u++) {
          let active = 0;
          for (let s = 0; s < spatial; s++, i++) if (y[i] !== 0) active++;
          zeros += spatial - active;
          metrics[activeOffset + u] += active;
        }
      }
      metrics[zeroSlot] += zeros;
    },
  };
}

export function histogramKernel(args: HistogramArgs): BatchKernel {
  const { maxRows, rowLength, bins, min, max, offset } = args;
  if (!(max > min) || !Number.isInteger(bins) || bins < 1) throw new Error(`histogram: needs bins ≥ 1 and max > min (got ${bins} bins over [${min}, ${max}])`);
  const source = floatBuffer(args.source, 'histogram source', maxRows * rowLength);
  const metricsBuffer = floatBuffer(args.metrics, 'metrics', offset + bins + 3);
  const scale = bins / (max - min);
  return {
    run(rows) {
      checkRows('histogram', rows, maxRows);
      const x = source.floats;
      const metrics = metricsBuffer.floats;
      for (let i = 0, n = rows * rowLength; i < n; i++) {
        const v = x[i];
        let slot: number;
        if (v >= min && v <= max) slot = Math.min(bins - 1, Math.floor((v - min) * scale));
        else if (v < min) slot = bins;
        else if (v > max) slot = bins + 1;
        else slot = bins + 2;
        metrics[offset + slot] += 1;
      }
    },
  };
}
