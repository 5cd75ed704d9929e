// The activation part of a fused layer kernel on the CPU: bias + f(z) after a matmul, and dLoss/dz =
// dLoss/da · f′(z) in the backward pass, computed by the catalog record's vectorised forms.
import type { ActivationParams, ParamValue } from '../../activations';
import type { KernelActivation } from '../types';
import { floats, PrefixViews } from './buffer';

/** Bias-add and activation over a [rows][channels][spatial] block, with dz in the backward pass. */
export interface PointwiseEpilogue {
  /**
   * z[i] += bias[channel(i)] (z rounded to float32), then out[i] = f(z[i]) for the first `rows` rows;
   * `out` may be `z` itself when there is no activation.
   */
  forward(z: Float32Array, out: Float32Array, bias: Float32Array, rows: number): void;
  /** dz[i] = da[i] · f′(z[i]) (dz may be da); writes ∂loss/∂(learnable parameter) when there is one. */
  backward(z: Float32Array, da: Float32Array, dz: Float32Array, rows: number, learnableGrad: Float32Array | null): void;
}

function addBias(z: Float32Array, bias: Float32Array, rows: number, channels: number, spatial: number): void {
  let i = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      const b = bias[c];
      for (let s = 0; s < spatial; s++, i++) z[i] = Math.fround(z[i] + b);
    }
  }
}

/** Prefix views of whichever arrays a kernel passes, created once per (array, length) and then reused. */
class ViewCache {
  private readonly caches = new Map<Float32Array, PrefixViews>();
  of(array: Float32Array, count: number): Float32Array {
    let views = this.caches.get(array);
    if (!views) {
      views = new PrefixViews(array);
      this.caches.set(array, views);
    }
    return views.of(count);
  }
}

/** Builds the epilogue of a layer whose output has `channels` channels of `spatial` values each, for up to `maxRows` rows. */
export function createEpilogue(activation: KernelActivation | null, channels: number, spatial: number, maxRows: number): PointwiseEpilogue {
  const rowLength = channels * spatial;
  if (!activation) {
    return {
      forward(z, out, bias, rows) {
        addBias(z, bias, rows, channels, spatial);
        if (out !== z) for (let i = 0, n = rows * rowLength; i < n; i++) out[i] = z[i];
      },
      backward(_z, da, dz, rows) {
        if (dz !== da) for (let i = 0, n = rows * rowLength; i < n; i++) dz[i] = da[i];
      },
    };
  }
  if (activation.learnable && activation.learnable.count > 1) return perChannelEpilogue(activation, channels, spatial);

  const record = activation.activation;
  const learnable = activation.learnable;
  const learnableValues = learnable ? floats(learnable.values, `learnable activation parameter "${learnable.name}"`, 1) : null;
  // Parameter values; a shared learnable parameter is copied in from its buffer before each pass.
  const params: Record<string, ParamValue> = { ...activation.params };
  /** Copies the learned value in; false when it is NaN/±Infinity (a diverging run), which the catalog would reject. */
  const syncLearnable = (): boolean => {
    if (!learnable || !learnableValues) return true;
    params[learnable.name] = learnableValues[0];
    return Number.isFinite(learnableValues[0]);
  };
  if (learnable && typeof record.paramDerivativeArray !== 'function') {
    throw new Error(`activation ${record.id} has a learnable parameter "${learnable.name}" but its catalog record has no paramDerivativeArray`);
  }
  const views = new ViewCache();
  const scratch = new Float32Array(maxRows * rowLength);
  return {
    forward(z, out, bias, rows) {
      const count = rows * rowLength;
      addBias(z, bias, rows, channels, spatial);
      if (!syncLearnable()) {
        out.fill(NaN, 0, count);
        return;
      }
      record.forwardArray(views.of(z, count), views.of(out, count), params as ActivationParams);
    },
    backward(z, da, dz, rows, learnableGrad) {
      const count = rows * rowLength;
      if (!syncLearnable()) {
        dz.fill(NaN, 0, count);
        if (learnableGrad) learnableGrad[0] = NaN;
        return;
      }
      const zView = views.of(z, count);
      if (learnable && learnableGrad) {
        record.paramDerivativeArray!(zView, views.of(scratch, count), params as ActivationParams);
        let sum = 0;
        for (let i = 0; i < count; i++) sum += Math.fround(da[i] * scratch[i]);
        learnableGrad[0] = Math.fround(sum);
      }
      record.derivativeArray(zView, views.of(scratch, count), params as ActivationParams);
      for (let i = 0; i < count; i++) dz[i] = Math.fround(da[i] * scratch[i]);
    },
  };
}

/** An activation with one learnable value per channel (PReLU with num_parameters = channels): per-element calls. */
function perChannelEpilogue(activation: KernelActivation, channels: number, spatial: number): PointwiseEpilogue {
  const record = activation.activation;
  const learnable = activation.learnable!;
  const values = floats(learnable.values, `learnable activation parameter "${learnable.name}"`, learnable.count);
  if (learnable.count !== channels) throw new Error(`activation ${record.id}: ${learnable.name} must have 1 or ${channels} values (one per channel), got ${learnable.count}`);
  const paramDerivative = record.paramDerivative;
  if (typeof paramDerivative !== 'function') throw new Error(`activation ${record.id} has a learnable parameter "${learnable.name}" but its catalog record has no paramDerivative`);
  const perChannel: Record<string, ParamValue>[] = [];
  for (let c = 0; c < channels; c++) perChannel.push({ ...activation.params, [learnable.name]: 0 });
  /** Copies the learned values in; false when one is NaN/±Infinity (a diverging run), which the catalog would reject. */
  const sync = (): boolean => {
    let finite = true;
    for (let c = 0; c < channels; c++) {
      perChannel[c][learnable.name] = values[c];
      if (!Number.isFinite(values[c])) finite = false;
    }
    return finite;
  };
  const sums = new Float64Array(channels);
  return {
    forward(z, out, bias, rows) {
      addBias(z, bias, rows, channels, spatial);
      if (!sync()) {
        out.fill(NaN, 0, rows * channels * spatial);
        return;
      }
      for (let r = 0, i = 0; r < rows; r++) {
        for (let c = 0; c < channels; c++) {
          const p = perChannel[c];
          for (let s = 0; s < spatial; s++, i++) out[i] = record.forward(z[i], p);
        }
      }
    },
    backward(z, da, dz, rows, learnableGrad) {
      if (!sync()) {
        dz.fill(NaN, 0, rows * channels * spatial);
        if (learnableGrad) learnableGrad.fill(NaN);
        return;
      }
      sums.fill(0);
      for (let r = 0, i = 0; r < rows; r++) {
        for (let c = 0; c < channels; c++) {
          const p = perChannel[c];
          for (let s = 0; s < spatial; s++, i++) {
            const x = z[i];
            const g = da[i];
            sums[c] += Math.fround(g * paramDerivative.call(record, x, p));
            dz[i] = Math.fround(g * record.derivative(x, p));
          }
        }
      }
      if (learnableGrad) for (let c = 0; c < channels; c++) learnableGrad[c] = Math.fround(sums[c]);
    },
  };
}
