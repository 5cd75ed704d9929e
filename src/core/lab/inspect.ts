// Runs a spec's model forward on a few inputs from given parameters and keeps every layer's output: what
// the Training Lab draws per hidden unit (heatmaps over the input plane, CNN feature maps) and the decision
// boundary. It reads parameters (which any backend can hand over), so it works the same for CPU and WebGPU.
import { getActivation, type ActivationParams } from '../activations';
import type { ActivationSpec, LayerParameters, LayerSpec, NestedNumbers, TrainingSpec } from '../protocol/spec';

/** One layer's outputs for a batch of inputs. */
export interface LayerOutputs {
  /** Position in `spec.model.layers`. */
  readonly layer: number;
  /** Shape of one sample's output: [units] or [channels, height, width]. */
  readonly shape: readonly number[];
  /** [count][...shape] flattened. */
  readonly values: Float32Array;
}

function flatten(values: NestedNumbers | number, out: number[] = []): number[] {
  if (typeof values === 'number') out.push(values);
  else for (const v of values) flatten(v as NestedNumbers | number, out);
  return out;
}

function activationOf(spec: ActivationSpec | undefined): { id: string; params: ActivationParams } | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') return { id: getActivation(spec).id, params: {} };
  const { name, ...params } = spec;
  return { id: getActivation(name).id, params };
}

/** Applies a layer's activation in place; PReLU's learnable slope comes from the layer's parameters. */
function activate(values: Float32Array, spec: ActivationSpec | undefined, learned: LayerParameters['activation'], channelSize: number): void {
  const activation = activationOf(spec);
  if (!activation) return;
  const record = getActivation(activation.id);
  const slopes = learned?.weight;
  if (record.id === 'prelu' && slopes) {
    const channels = slopes.length;
    for (let i = 0; i < values.length; i++) {
      const channel = channels === 1 ? 0 : Math.floor(i / channelSize) % channels;
      values[i] = record.forward(values[i], { ...activation.params, weight: slopes[channel] });
    }
    return;
  }
  record.forwardArray(values, values, activation.params);
}

function dense(input: Float32Array, count: number, inFeatures: number, p: LayerParameters): Float32Array {
  const weight = flatten(p.weight);
  const units = p.bias.length;
  const out = new Float32Array(count * units);
  for (let n = 0; n < count; n++) {
    for (let u = 0; u < units; u++) {
      let sum = 0;
      for (let i = 0; i < inFeatures; i++) sum = Math.fround(sum + Math.fround(input[n * inFeatures + i] * weight[u * inFeatures + i]));
      out[n * units + u] = Math.fround(sum + p.bias[u]);
    }
  }
  return out;
}

function conv2d(input: Float32Array, count: number, [c, h, w]: readonly number[], layer: Extract<LayerSpec, { type: 'conv2d' }>, p: LayerParameters): { values: Float32Array; shape: number[] } {
  const weight = flatten(p.weight);
  const k = layer.kernelSize;
  const stride = layer.stride ?? 1;
  const pad = layer.padding ?? 0;
  const oh = Math.floor((h + 2 * pad - k) / stride) + 1;
  const ow = Math.floor((w + 2 * pad - k) / stride) + 1;
  const f = layer.filters;
  const out = new Float32Array(count * f * oh * ow);
  for (let n = 0; n < count; n++)
    for (let o = 0; o < f; o++)
      for (let y = 0; y < oh; y++)
        for (let x = 0; x < ow; x++) {
          let sum = 0;
          for (let ci = 0; ci < c; ci++)
            for (let ky = 0; ky < k; ky++)
              for (let kx = 0; kx < k; kx++) {
                const iy = y * stride + ky - pad;
                const ix = x * stride + kx - pad;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                sum = Math.fround(sum + Math.fround(input[((n * c + ci) * h + iy) * w + ix] * weight[((o * c + ci) * k + ky) * k + kx]));
              }
          out[((n * f + o) * oh + y) * ow + x] = Math.fround(sum + p.bias[o]);
        }
  return { values: out, shape: [f, oh, ow] };
}

function maxPool(input: Float32Array, count: number, [c, h, w]: readonly number[], size: number, stride: number): { values: Float32Array; shape: number[] } {
  const oh = Math.floor((h - size) / stride) + 1;
  const ow = Math.floor((w - size) / stride) + 1;
  const out = new Float32Array(count * c * oh * ow);
  for (let n = 0; n < count; n++)
    for (let ci = 0; ci < c; ci++)
      for (let y = 0; y < oh; y++)
        for (let x = 0; x < ow; x++) {
          let best = -Infinity;
          for (let ky = 0; ky < size; ky++)
            for (let kx = 0; kx < size; kx++) {
              const v = input[((n * c + ci) * h + y * stride + ky) * w + x * stride + kx];
              if (v > best || Number.isNaN(v)) best = v;
            }
          out[((n * c + ci) * oh + y) * ow + x] = best;
        }
  return { values: out, shape: [c, oh, ow] };
}

/**
 * Every layer's output (after its activation) for `count` inputs `x` ([count][...model.input] flattened),
 * computed from `parameters` (one entry per dense/conv2d layer, PyTorch layout).
 */
export function layerOutputs(spec: Pick<TrainingSpec, 'model'>, parameters: readonly LayerParameters[], x: Float32Array, count: number): LayerOutputs[] {
  let shape: readonly number[] = spec.model.input;
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  if (x.length !== count * size(shape)) throw new Error(`inputs must hold ${count} × ${size(shape)} values (got ${x.length})`);
  let values = x;
  let parametric = 0;
  const outputs: LayerOutputs[] = [];
  spec.model.layers.forEach((layer, index) => {
    if (layer.type === 'dense') {
      const p = parameters[parametric++];
      if (!p) throw new Error(`parameters: no entry for layer ${index} (dense)`);
      values = dense(values, count, size(shape), p);
      shape = [layer.units];
      activate(values, layer.activation, p.activation, 1);
    } else if (layer.type === 'conv2d') {
      const p = parameters[parametric++];
      if (!p) throw new Error(`parameters: no entry for layer ${index} (conv2d)`);
      const result = conv2d(values, count, shape, layer, p);
      values = result.values;
      shape = result.shape;
      activate(values, layer.activation, p.activation, shape[1] * shape[2]);
    } else if (layer.type === 'maxpool2d') {
      const result = maxPool(values, count, shape, layer.size, layer.stride ?? layer.size);
      values = result.values;
      shape = result.shape;
    } else {
      shape = [size(shape)];
    }
    outputs.push({ layer: index, shape, values });
  });
  return outputs;
}
