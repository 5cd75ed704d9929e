// Samples an activation's f and f′ over a range: what plots, CSV export and hover curves draw.
import { getActivation, type ActivationParams } from './activations';

/** f and f′ of one activation sampled on an evenly spaced grid. */
export interface ActivationSamples {
  /** Catalog id of the sampled activation. */
  readonly id: string;
  /** Parameters the samples were computed with (defaults filled in). */
  readonly params: ActivationParams;
  readonly x: Float64Array;
  /** f(x), float32 values. */
  readonly y: Float64Array;
  /** f′(x), float32 values. */
  readonly dy: Float64Array;
}

/** `count` evenly spaced points from `start` to `end` inclusive. */
export function linspace(start: number, end: number, count: number): Float64Array {
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new Error(`range must be finite numbers (got ${start} … ${end})`);
  if (!(end > start)) throw new Error(`range end must be greater than its start (got ${start} … ${end})`);
  if (!Number.isInteger(count) || count < 2 || count > 100_000) throw new Error(`sample count must be an integer from 2 to 100000 (got ${count})`);
  const out = new Float64Array(count);
  const step = (end - start) / (count - 1);
  for (let i = 0; i < count; i++) out[i] = i === count - 1 ? end : start + i * step;
  return out;
}

/** Samples f and f′ of the named activation over [start, end]. */
export function sampleActivation(name: string, range: readonly [number, number] = [-5, 5], count = 401, params: ActivationParams = {}): ActivationSamples {
  const activation = getActivation(name);
  const x = linspace(range[0], range[1], count);
  const y = new Float64Array(count);
  const dy = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    y[i] = activation.forward(x[i], params);
    dy[i] = activation.derivative(x[i], params);
  }
  const filled: Record<string, number | string> = {};
  for (const p of activation.params) filled[p.name] = params[p.name] ?? p.default;
  return { id: activation.id, params: filled, x, y, dy };
}
