// The activation part of a fused layer kernel on the CPU: bias + f(z) after a matmul, and dLoss/dz =
// dLoss/da · f′(z) in the backward pass. f, f′ and ∂f/∂(learnable parameter) come from the catalog record's
// vectorised forms (forwardArray, derivativeArray, paramDerivativeArray) over whole runs of values, with the fixed
// parameters resolved once here; the bias add and the product with dLoss/da are element-wise kernels.
import type { Activation, ActivationParams, ParamValue } from '../../activations';
import type { KernelActivation } from '../types';
import { floatBuffer, PrefixViews, unmanagedScratch, type CpuBuffer, type ScratchAllocator } from './buffer';
import { addBias, multiply } from './elementwise';

/** Bias-add and activation over a [rows][channels][spatial] block, with dz in the backward pass. */
export interface PointwiseEpilogue {
  /**
   * z[i] += bias[channel(i)] (z rounded to float32), then out[i] = f(z[i]) for the first `rows` rows;
   * `out` may be `z` itself when there is no activation.
   */
  forward(z: CpuBuffer, out: CpuBuffer, bias: CpuBuffer, rows: number): void;
  /** out[i] = f(z[i]) for the first `rows` rows: `forward` after the bias was added (by a fused kernel). */
  activate(z: CpuBuffer, out: CpuBuffer, rows: number): void;
  /** dz[i] = da[i] · f′(z[i]) (dz may be da); writes ∂loss/∂(learnable parameter) when there is one. */
  backward(z: CpuBuffer, da: CpuBuffer, dz: CpuBuffer, rows: number, learnableGrad: CpuBuffer | null): void;
  /**
   * `backward` up to the product: writes ∂loss/∂(learnable parameter) when there is one and returns a buffer holding
   * f′(z) for the first `rows` rows, for the caller (a fused kernel) to compute dz = da · f′(z); or returns null when
   * it wrote dz itself (no activation, a per-channel parameter, a diverged parameter).
   */
  derivative(z: CpuBuffer, da: CpuBuffer, dz: CpuBuffer, rows: number, learnableGrad: CpuBuffer | null): CpuBuffer | null;
}

/** The activation-specific half of an epilogue; `epilogueOf` adds the bias and the product with dLoss/da. */
type EpilogueParts = Pick<PointwiseEpilogue, 'activate' | 'derivative'>;

function epilogueOf(parts: EpilogueParts, channels: number, spatial: number): PointwiseEpilogue {
  const rowLength = channels * spatial;
  return {
    activate: parts.activate,
    derivative: parts.derivative,
    forward(z, out, bias, rows) {
      addBias(z, bias, rows, channels, spatial);
      parts.activate(z, out, rows);
    },
    backward(z, da, dz, rows, learnableGrad) {
      const derivative = parts.derivative(z, da, dz, rows, learnableGrad);
      if (derivative) multiply(dz, da, derivative, rows * rowLength);
    },
  };
}

/**
 * The parameters to pass the catalog's vectorised forms: only those that differ from their defaults (the record fills
 * the rest in), undefined when none do — so a call checks nothing and allocates nothing for default parameters.
 */
function callParams(record: Activation, params: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> | undefined {
  const given: Record<string, ParamValue> = {};
  let count = 0;
  for (const spec of record.params) {
    const value = params[spec.name];
    if (value !== undefined && value !== spec.default) {
      given[spec.name] = value;
      count++;
    }
  }
  if (count) record.resolveParams(given); // a bad value fails here, at plan time, naming the parameter
  return count ? given : undefined;
}

/**
 * Builds the epilogue of a layer whose output has `channels` channels of `spatial` values each, for up to `maxRows`
 * rows; its scratch comes from `scratch` (the backend's allocator, which frees it with the backend).
 */
export function createEpilogue(activation: KernelActivation | null, channels: number, spatial: number, maxRows: number, scratch: ScratchAllocator = unmanagedScratch): PointwiseEpilogue {
  const rowLength = channels * spatial;
  if (!activation) {
    return epilogueOf(
      {
        activate(z, out, rows) {
          if (out === z) return;
          const from = z.floats;
          const to = out.floats;
          for (let i = 0, n = rows * rowLength; i < n; i++) to[i] = from[i];
        },
        derivative(_z, da, dz, rows) {
          if (dz === da) return null;
          const from = da.floats;
          const to = dz.floats;
          for (let i = 0, n = rows * rowLength; i < n; i++) to[i] = from[i];
          return null;
        },
      },
      channels,
      spatial,
    );
  }
  if (activation.learnable && activation.learnable.count > 1) return epilogueOf(perChannelEpilogue(activation, channels, spatial, maxRows), channels, spatial);

  const record = activation.activation;
  const learnable = activation.learnable;
  const learnableValues = learnable ? floatBuffer(learnable.values, `learnable activation parameter "${learnable.name}"`, 1) : null;
  if (learnable && typeof record.paramDerivativeArray !== 'function') {
    throw new Error(`activation ${record.id} has a learnable parameter "${learnable.name}" but its catalog record has no paramDerivativeArray`);
  }
  // Fixed parameters resolved once; a shared learnable parameter is copied in from its buffer before each pass.
  const fixed = callParams(record, activation.params);
  const params: Record<string, ParamValue> | undefined = learnable ? { ...fixed } : fixed;
  /** Copies the learned value in; false when it is NaN/±Infinity (a diverging run), which the catalog would reject. */
  const syncLearnable = (): boolean => {
    if (!learnable || !learnableValues || !params) return true;
    const value = learnableValues.floats[0];
    params[learnable.name] = value;
    return Number.isFinite(value);
  };
  const zViews = new PrefixViews();
  const outViews = new PrefixViews();
  const derivativeViews = new PrefixViews();
  /** f′(z) (or ∂f/∂parameter) of the batch, then multiplied into dz. */
  const derivatives = scratch(maxRows * rowLength, 'activation derivative scratch');
  const parts: EpilogueParts = {
    activate(z, out, rows) {
      const count = rows * rowLength;
      if (!syncLearnable()) {
        out.floats.fill(NaN, 0, count);
        return;
      }
      const zView = zViews.of(z.floats, count);
      record.forwardArray(zView, out === z ? zView : outViews.of(out.floats, count), params as ActivationParams | undefined);
    },
    derivative(z, da, dz, rows, learnableGrad) {
      const count = rows * rowLength;
      if (!syncLearnable()) {
        dz.floats.fill(NaN, 0, count);
        if (learnableGrad) learnableGrad.floats[0] = NaN;
        return null;
      }
      const zView = zViews.of(z.floats, count);
      const derivative = derivativeViews.of(derivatives.floats, count);
      if (learnable && learnableGrad) {
        const fround = Math.fround;
        record.paramDerivativeArray!(zView, derivative, params as ActivationParams | undefined);
        const g = da.floats;
        let sum = 0;
        for (let i = 0; i < count; i++) sum += fround(g[i] * derivative[i]);
        learnableGrad.floats[0] = fround(sum);
      }
      record.derivativeArray(zView, derivative, params as ActivationParams | undefined);
      return derivatives;
    },
  };
  return epilogueOf(parts, channels, spatial);
}

/**
 * An activation with one learnable value per channel (PReLU with num_parameters = channels). Each channel's values
 * are gathered into a contiguous run, so the catalog's vectorised forms run once per channel with that channel's value.
 */
function perChannelEpilogue(activation: KernelActivation, channels: number, spatial: number, maxRows: number): EpilogueParts {
  const record = activation.activation;
  const learnable = activation.learnable!;
  const values = floatBuffer(learnable.values, `learnable activation parameter "${learnable.name}"`, learnable.count);
  if (learnable.count !== channels) throw new Error(`activation ${record.id}: ${learnable.name} must have 1 or ${channels} values (one per channel), got ${learnable.count}`);
  if (typeof record.paramDerivativeArray !== 'function') throw new Error(`activation ${record.id} has a learnable parameter "${learnable.name}" but its catalog record has no paramDerivativeArray`);
  const fixed = callParams(record, activation.params);
  const perChannel: Record<string, ParamValue>[] = [];
  for (let c = 0; c < channels; c++) perChannel.push({ ...fixed, [learnable.name]: 0 });
  /** Copies the learned values in; false when one is NaN/±Infinity (a diverging run), which the catalog would reject. */
  const sync = (): boolean => {
    const current = values.floats;
    let finite = true;
    for (let c = 0; c < channels; c++) {
      perChannel[c][learnable.name] = current[c];
      if (!Number.isFinite(current[c])) finite = false;
    }
    return finite;
  };
  // Channel-major scratch: channel c's values of rows 0 … rows−1 at [c·maxRows·spatial, c·maxRows·spatial + rows·spatial).
  const stride = maxRows * spatial;
  const input = new Float32Array(channels * stride);
  const result = new Float32Array(channels * stride);
  const second = new Float32Array(channels * stride);
  /** Per row count: the views of each channel's run in the three scratch arrays. */
  const runs = new Map<number, { input: Float32Array[]; result: Float32Array[]; second: Float32Array[] }>();
  const runsOf = (rows: number) => {
    let views = runs.get(rows);
    if (!views) {
      const slice = (array: Float32Array) => Array.from({ length: channels }, (_, c) => array.subarray(c * stride, c * stride + rows * spatial));
      views = { input: slice(input), result: slice(result), second: slice(second) };
      runs.set(rows, views);
    }
    return views;
  };
  /** Copies z's channels into the channel-major scratch. */
  const gather = (z: Float32Array, rows: number) => {
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < channels; c++) {
        for (let s = 0, to = c * stride + r * spatial; s < spatial; s++, i++) input[to + s] = z[i];
      }
    }
  };
  const sums = new Float64Array(channels);
  return {
    activate(zBuffer, outBuffer, rows) {
      const out = outBuffer.floats;
      if (!sync()) {
        out.fill(NaN, 0, rows * channels * spatial);
        return;
      }
      gather(zBuffer.floats, rows);
      const views = runsOf(rows);
      for (let c = 0; c < channels; c++) record.forwardArray(views.input[c], views.result[c], perChannel[c] as ActivationParams);
      for (let r = 0, i = 0; r < rows; r++) {
        for (let c = 0; c < channels; c++) {
          for (let s = 0, from = c * stride + r * spatial; s < spatial; s++, i++) out[i] = result[from + s];
        }
      }
    },
    derivative(zBuffer, daBuffer, dzBuffer, rows, learnableGradBuffer) {
      const fround = Math.fround;
      const da = daBuffer.floats;
      const dz = dzBuffer.floats;
      const learnableGrad = learnableGradBuffer ? learnableGradBuffer.floats : null;
      if (!sync()) {
        dz.fill(NaN, 0, rows * channels * spatial);
        if (learnableGrad) learnableGrad.fill(NaN);
        return null;
      }
      gather(zBuffer.floats, rows);
      const views = runsOf(rows);
      for (let c = 0; c < channels; c++) {
        record.derivativeArray(views.input[c], views.result[c], perChannel[c] as ActivationParams);
        record.paramDerivativeArray!(views.input[c], views.second[c], perChannel[c] as ActivationParams);
      }
      sums.fill(0);
      for (let r = 0, i = 0; r < rows; r++) {
        for (let c = 0; c < channels; c++) {
          let sum = sums[c];
          for (let s = 0, from = c * stride + r * spatial; s < spatial; s++, i++) {
            const g = da[i];
            sum += fround(g * second[from + s]);
            dz[i] = fround(g * result[from + s]);
          }
          sums[c] = sum;
        }
      }
      if (learnableGrad) for (let c = 0; c < channels; c++) learnableGrad[c] = fround(sums[c]);
      return null;
    },
  };
}
