// Reductions for the diagnostics on WebGPU: squared gradient norms, non-finite counts, per-unit activity (dead
// units, sparsity) and fixed-bin histograms, each into slots of the metrics buffer. Sums run in a fixed tree and
// counts are integers, so every run gives the same numbers; histogram bins follow the CPU's binning exactly.
import type { BatchKernel, HistogramArgs, ReductionArgs, TensorKernel, UnitActivityArgs } from '../types';
import { checkRows } from './checks';
import { REDUCE_LANES, TREE_SUM } from './loss';
import { linearDispatch, linearIndex, type Runtime } from './runtime';

const IS_FINITE = 'fn is_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }';
const IS_NAN = 'fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }';

/** A whole-tensor reduction in one workgroup: `metrics[slot] (+)= Σ term(x)`. */
function tensorReduction(runtime: Runtime, args: ReductionArgs, label: string, term: string, accumulate: boolean, helpers = ''): TensorKernel {
  const source = runtime.own(args.source, `${label} source`);
  const metrics = runtime.own(args.metrics, 'metrics', 'float32', args.slot + 1);
  const kernel = runtime.kernel(
    runtime.program({
      label: `${label} of ${source.length} values`,
      bindings: [
        { name: 'source', access: 'read' },
        { name: 'metrics', access: 'read_write' },
      ],
      code: `${helpers}
${TREE_SUM}
@compute @workgroup_size(${REDUCE_LANES})
fn main(@builtin(local_invocation_index) lane: u32) {
  var sum = 0.0;
  for (var i = lane; i < ${source.length}u; i = i + ${REDUCE_LANES}u) {
    let x = source[i];
    sum = sum + ${term};
  }
  let total = tree_sum(lane, sum);
  if (lane == 0u) { metrics[${args.slot}u] = ${accumulate ? `metrics[${args.slot}u] + ` : ''}total; }
}`,
    }),
    [source, metrics],
  );
  return {
    run() {
      runtime.dispatch(kernel, [1, 1, 1]);
    },
  };
}

export function sumOfSquaresKernel(runtime: Runtime, args: ReductionArgs): TensorKernel {
  return tensorReduction(runtime, args, 'sum of squares', 'x * x', false);
}

export function countNonFiniteKernel(runtime: Runtime, args: ReductionArgs): TensorKernel {
  return tensorReduction(runtime, args, 'non-finite count', 'select(1.0, 0.0, is_finite(x))', true, IS_FINITE);
}

export function unitActivityKernel(runtime: Runtime, args: UnitActivityArgs): BatchKernel {
  const { maxRows, units, spatial, zeroSlot, activeOffset } = args;
  const output = runtime.own(args.output, 'unit activity output', 'float32', maxRows * units * spatial);
  const metrics = runtime.own(args.metrics, 'metrics', 'float32', Math.max(zeroSlot + 1, activeOffset + units));
  const zeros = runtime.createBuffer('float32', units, 'unit activity zero counts');
  const lanes = 64;
  // One workgroup per unit counts its non-zero outputs (NaN counts as non-zero, as on the CPU) …
  const count = runtime.kernel(
    runtime.program({
      label: `unit activity of ${units} units × ${spatial}`,
      bindings: [
        { name: 'output', access: 'read' },
        { name: 'metrics', access: 'read_write' },
        { name: 'zeros', access: 'read_write' },
      ],
      code: `
var<workgroup> counts: array<f32, ${lanes}>;
@compute @workgroup_size(${lanes})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let u = group.x;
  let total = args.rows * ${spatial}u;
  var active_count = 0.0;
  for (var e = lane; e < total; e = e + ${lanes}u) {
    let i = ((e / ${spatial}u) * ${units}u + u) * ${spatial}u + e % ${spatial}u;
    if (!(output[i] == 0.0)) { active_count = active_count + 1.0; }
  }
  counts[lane] = active_count;
  workgroupBarrier();
  for (var width = ${lanes / 2}u; width > 0u; width = width / 2u) {
    if (lane < width) { counts[lane] = counts[lane] + counts[lane + width]; }
    workgroupBarrier();
  }
  if (lane == 0u) {
    metrics[${activeOffset}u + u] = metrics[${activeOffset}u + u] + counts[0];
    zeros[u] = f32(total) - counts[0];
  }
}`,
    }),
    [output, metrics, zeros],
  );
  // … and one invocation adds the units' zero counts to the layer's slot.
  const sum = runtime.kernel(
    runtime.program({
      label: `zero count of ${units} units`,
      bindings: [
        { name: 'zeros', access: 'read' },
        { name: 'metrics', access: 'read_write' },
      ],
      code: `
@compute @workgroup_size(1)
fn main() {
  var total = 0.0;
  for (var u = 0u; u < ${units}u; u = u + 1u) { total = total + zeros[u]; }
  metrics[${zeroSlot}u] = metrics[${zeroSlot}u] + total;
}`,
    }),
    [zeros, metrics],
  );
  return {
    run(rows) {
      checkRows('unit activity', rows, maxRows);
      if (rows === 0) return;
      runtime.dispatch(count, [units, 1, 1], { rows });
      runtime.dispatch(sum, [1, 1, 1]);
    },
  };
}

/** float32 values in order as unsigned integers (−∞ … −0, +0 … +∞), and back. */
function orderKey(v: number): number {
  const bits = new Uint32Array(new Float32Array([v]).buffer)[0];
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}
function fromOrderKey(key: number): number {
  const bits = key & 0x80000000 ? (key & 0x7fffffff) >>> 0 : ~key >>> 0;
  return new Float32Array(new Uint32Array([bits]).buffer)[0];
}

/** The smallest float32 v with predicate(v), for a predicate false at −∞ … and true from some point on. */
function smallestFloatWhere(predicate: (v: number) => boolean): number {
  let low = orderKey(-Infinity);
  let high = orderKey(Infinity);
  while (low < high) {
    const middle = low + Math.floor((high - low) / 2);
    if (predicate(fromOrderKey(middle))) high = middle;
    else low = middle + 1;
  }
  return fromOrderKey(low);
}

/**
 * For bins b = 1 … bins − 1, the smallest float32 v the CPU backend puts in bin ≥ b — where
 * ⌊(v − min)·bins/(max − min)⌋ ≥ b in float64 — so the GPU bins by comparisons that give the CPU's bins exactly;
 * and the float32 range [lower, upper] that the CPU's v ≥ min and v ≤ max accept.
 */
export function histogramEdges(bins: number, min: number, max: number): { lower: number; upper: number; edges: number[] } {
  const scale = bins / (max - min);
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) edges.push(smallestFloatWhere((v) => Math.floor((v - min) * scale) >= b));
  const lower = smallestFloatWhere((v) => v >= min);
  const upper = -smallestFloatWhere((v) => -v <= max);
  return { lower, upper, edges };
}

export function histogramKernel(runtime: Runtime, args: HistogramArgs): BatchKernel {
  const { maxRows, rowLength, bins, min, max, offset } = args;
  if (!(max > min) || !Number.isInteger(bins) || bins < 1) throw new Error(`histogram: needs bins ≥ 1 and max > min (got ${bins} bins over [${min}, ${max}])`);
  const source = runtime.own(args.source, 'histogram source', 'float32', maxRows * rowLength);
  const metrics = runtime.own(args.metrics, 'metrics', 'float32', offset + bins + 3);
  const counts = runtime.createBuffer('int32', bins + 3, 'histogram counts');
  const { lower, upper, edges } = histogramEdges(bins, min, max);
  const lanes = 64;
  const literal = (v: number) => `bitcast<f32>(0x${(new Uint32Array(new Float32Array([v]).buffer)[0] >>> 0).toString(16)}u)`;
  const count = runtime.kernel(
    runtime.program({
      label: `histogram of ${rowLength} values per row into ${bins} bins`,
      bindings: [
        { name: 'source', access: 'read' },
        { name: 'counts', access: 'read_write', element: 'atomic<u32>' },
      ],
      code: `${IS_NAN}
var<private> edges: array<f32, ${Math.max(1, edges.length)}> = array<f32, ${Math.max(1, edges.length)}>(${edges.length ? edges.map(literal).join(', ') : '0.0'});
var<workgroup> local_counts: array<atomic<u32>, ${bins + 3}>;
@compute @workgroup_size(${lanes})
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  for (var b = lane; b < ${bins + 3}u; b = b + ${lanes}u) { atomicStore(&local_counts[b], 0u); }
  workgroupBarrier();
  let i = ${linearIndex(lanes)};
  if (i < args.rows * ${rowLength}u) {
    let v = source[i];
    var slot = ${bins + 2}u;
    if (v >= ${literal(lower)} && v <= ${literal(upper)}) {
      // The number of edges ≤ v, by binary search over the sorted edges.
      var low = 0u;
      var high = ${edges.length}u;
      while (low < high) {
        let middle = (low + high) / 2u;
        if (edges[middle] <= v) { low = middle + 1u; } else { high = middle; }
      }
      slot = low;
    } else if (v < ${literal(lower)}) {
      slot = ${bins}u;
    } else if (!is_nan(v)) {
      slot = ${bins + 1}u;
    }
    atomicAdd(&local_counts[slot], 1u);
  }
  workgroupBarrier();
  for (var b = lane; b < ${bins + 3}u; b = b + ${lanes}u) {
    let c = atomicLoad(&local_counts[b]);
    if (c > 0u) { atomicAdd(&counts[b], c); }
  }
}`,
    }),
    [source, counts],
  );
  const drain = runtime.kernel(
    runtime.program({
      label: `histogram counts into ${bins + 3} metrics slots`,
      bindings: [
        { name: 'counts', access: 'read_write', element: 'u32' },
        { name: 'metrics', access: 'read_write' },
      ],
      code: `
@compute @workgroup_size(${lanes})
fn main(@builtin(local_invocation_index) lane: u32) {
  for (var b = lane; b < ${bins + 3}u; b = b + ${lanes}u) {
    metrics[${offset}u + b] = metrics[${offset}u + b] + f32(counts[b]);
    counts[b] = 0u;
  }
}`,
    }),
    [counts, metrics],
  );
  return {
    run(rows) {
      checkRows('histogram', rows, maxRows);
      if (rows === 0) return;
      runtime.dispatch(count, linearDispatch(rows * rowLength, lanes), { rows });
      runtime.dispatch(drain, [1, 1, 1]);
    },
  };
}
