// Reductions for metrics on the CPU: squared norms, non-finite counts, per-unit activity and fixed-bin
// histograms, each accumulated into slots of the metrics buffer.
import type { BatchKernel, HistogramArgs, ReductionArgs, TensorKernel, UnitActivityArgs } from '../types';
import { floats } from './buffer';
import { checkRows } from './common';

export function sumOfSquaresKernel(args: ReductionArgs): TensorKernel {
  const x = floats(args.source, 'sum of squares source');
  const metrics = floats(args.metrics, 'metrics', args.slot + 1);
  return {
    run() {
      let sum = 0;
      for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
      metrics[args.slot] = sum;
    },
  };
}

export function countNonFiniteKernel(args: ReductionArgs): TensorKernel {
  const x = floats(args.source, 'non-finite count source');
  const metrics = floats(args.metrics, 'metrics', args.slot + 1);
  return {
    run() {
      let count = 0;
      for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) count++;
      metrics[args.slot] += count;
    },
  };
}

export function unitActivityKernel(args: UnitActivityArgs): BatchKernel {
  const { maxRows, units, spatial, zeroSlot, activeOffset } = args;
  const y = floats(args.output, 'unit activity output', maxRows * units * spatial);
  const metrics = floats(args.metrics, 'metrics', Math.max(zeroSlot + 1, activeOffset + units));
  return {
    run(rows) {
      checkRows('unit activity', rows, maxRows);
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
  const x = floats(args.source, 'histogram source', maxRows * rowLength);
  const metrics = floats(args.metrics, 'metrics', offset + bins + 3);
  const scale = bins / (max - min);
  return {
    run(rows) {
      checkRows('histogram', rows, maxRows);
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
