// The network described by a spec, layer by layer: input and output shapes, parameter shapes, fan-in and
// fan-out for initialisers, and resolved activations. Shape errors name the layer and say what to change.
import type { InitName, LayerSpec, TrainingSpec } from '../protocol/spec';
import { resolveActivation, type ActivationLookup, type ResolvedActivation } from './activation';

/** A tensor shape without the batch dimension: [features] or [channels, height, width]. */
export type Shape = readonly number[];

/** One layer of the network as the trainer builds it. */
export interface LayerPlan {
  /** Position in `spec.model.layers`. */
  readonly index: number;
  /** `model.layers[i]`, for error messages. */
  readonly path: string;
  readonly type: LayerSpec['type'];
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  /** The layer's activation, null when it has none (or cannot have one: pooling, flatten). */
  readonly activation: ResolvedActivation | null;
  /** Position among the dense/conv2d layers (the index into `spec.parameters`), −1 for others. */
  readonly parameterIndex: number;
  /** Weight shape in PyTorch layout ([out, in] or [out, in, k, k]); empty for layers without parameters. */
  readonly weightShape: Shape;
  /** Number of output channels (dense: units); the unit count of dead-unit metrics. */
  readonly channels: number;
  /** Values per channel of one sample's output (1 for dense, height·width for conv). */
  readonly spatial: number;
  /** Inputs feeding one output value (PyTorch's fan_in) and the matching fan_out. */
  readonly fanIn: number;
  readonly fanOut: number;
  /** Whether a later layer follows (the last layer produces the model's outputs). */
  readonly hidden: boolean;
  /** The initialiser of its weight: the layer's own `init`, else the spec's. */
  readonly init: InitName;
  /** A constant initial bias, when the layer sets `biasInit`. */
  readonly biasInit?: number;
  /** Convolution geometry (conv2d), pooling geometry (maxpool2d). */
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
}

/** The whole network. */
export interface ModelPlan {
  readonly inputShape: Shape;
  readonly layers: readonly LayerPlan[];
  /** Layers with weights (dense, conv2d), in order: the entries of `spec.parameters`. */
  readonly parametric: readonly LayerPlan[];
  /** Hidden layers with an activation: the entries of `deadFraction` and `sparsity`. */
  readonly hiddenActivated: readonly LayerPlan[];
  /** Layers with an activation: the entries of the pre-activation histograms. */
  readonly activated: readonly LayerPlan[];
  /** Number of model outputs (the last layer's size). */
  readonly outputs: number;
}

export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);
export const formatShape = (shape: Shape): string => `[${shape.join(', ')}]`;

/**
 * Most values in one layer's weight, and in one sample's input or layer output: 2^24 (a 4096×4096 dense layer).
 * Larger ones cannot be allocated (`units: 1e9` kept the checks busy for minutes; a conv with `padding: 1e9`
 * threw "Invalid typed array length"), so the spec is refused naming the layer.
 */
export const MAX_LAYER_VALUES = 2 ** 24;

function checkSize(what: string, shape: Shape, hint: string): void {
  const size = sizeOf(shape);
  if (size > MAX_LAYER_VALUES) throw new Error(`${what} ${formatShape(shape)} has ${size} values; at most ${MAX_LAYER_VALUES} are supported (${hint})`);
}

/** Describes the model of a (schema-valid) spec; throws naming the layer when shapes do not fit. */
export function describeModel(spec: Pick<TrainingSpec, 'model' | 'init'>, lookup?: ActivationLookup): ModelPlan {
  const inputShape = spec.model.input;
  if (inputShape.length !== 1 && inputShape.length !== 3) {
    throw new Error(`model.input must be [features] or [channels, height, width] (got ${formatShape(inputShape)})`);
  }
  checkSize('model.input', inputShape, 'use a smaller input');
  const layers: LayerPlan[] = [];
  let shape: Shape = inputShape;
  let parameterIndex = 0;
  const count = spec.model.layers.length;
  spec.model.layers.forEach((layer, index) => {
    const path = `model.layers[${index}]`;
    const biasInit = (layer as { biasInit?: number }).biasInit;
    if (biasInit !== undefined && !Number.isFinite(Math.fround(biasInit))) throw new Error(`${path}.biasInit must be within float32's range ±3.4e38 (got ${biasInit})`);
    const hidden = index < count - 1;
    const common = { index, path, type: layer.type, inputShape: shape, hidden, init: spec.init ?? 'pytorch' };
    switch (layer.type) {
      case 'dense': {
        if (shape.length !== 1) {
          throw new Error(`${path}: a dense layer needs a flat input, but its input here is ${formatShape(shape)}; add { "type": "flatten" } before it`);
        }
        const inFeatures = shape[0];
        const outputShape = [layer.units];
        checkSize(`${path}.units: the weight`, [layer.units, inFeatures], 'use fewer units');
        layers.push({
          ...common,
          outputShape,
          activation: layer.activation === undefined ? null : resolveActivation(layer.activation, layer.units, `${path}.activation`, lookup),
          parameterIndex: parameterIndex++,
          weightShape: [layer.units, inFeatures],
          channels: layer.units,
          spatial: 1,
          fanIn: inFeatures,
          fanOut: layer.units,
          init: layer.init ?? common.init,
          biasInit: layer.biasInit,
          kernelSize: 1,
          stride: 1,
          padding: 0,
        });
        shape = outputShape;
        break;
      }
      case 'conv2d': {
        if (shape.length !== 3) throw new Error(`${path}: a conv2d layer needs a [channels, height, width] input, but its input here is ${formatShape(shape)}`);
        const [channels, height, width] = shape;
        const stride = layer.stride ?? 1;
        const padding = layer.padding ?? 0;
        const k = layer.kernelSize;
        if (k > height + 2 * padding || k > width + 2 * padding) {
          throw new Error(`${path}.kernelSize must be at most the padded input size ${height + 2 * padding}×${width + 2 * padding} (got ${k}); use a smaller kernel or more padding`);
        }
        // A longer stride gives the same one-window output; a huge one overflowed the kernels' 32-bit indices ("divide by zero").
        if (stride > Math.max(height, width) + 2 * padding) throw new Error(`${path}.stride must be at most the padded input size ${Math.max(height, width) + 2 * padding} (got ${stride})`);
        const outHeight = Math.floor((height + 2 * padding - k) / stride) + 1;
        const outWidth = Math.floor((width + 2 * padding - k) / stride) + 1;
        const outputShape = [layer.filters, outHeight, outWidth];
        checkSize(`${path}: the weight`, [layer.filters, channels, k, k], 'use fewer filters or a smaller kernelSize');
        checkSize(`${path}: the output`, outputShape, 'use fewer filters, less padding or a larger stride');
        layers.push({
          ...common,
          outputShape,
          activation: layer.activation === undefined ? null : resolveActivation(layer.activation, layer.filters, `${path}.activation`, lookup),
          parameterIndex: parameterIndex++,
          weightShape: [layer.filters, channels, k, k],
          channels: layer.filters,
          spatial: outHeight * outWidth,
          fanIn: channels * k * k,
          fanOut: layer.filters * k * k,
          init: layer.init ?? common.init,
          biasInit: layer.biasInit,
          kernelSize: k,
          stride,
          padding,
        });
        shape = outputShape;
        break;
      }
      case 'maxpool2d': {
        if (shape.length !== 3) throw new Error(`${path}: a maxpool2d layer needs a [channels, height, width] input, but its input here is ${formatShape(shape)}`);
        const [channels, height, width] = shape;
        const size = layer.size;
        const stride = layer.stride ?? size;
        if (size > height || size > width) throw new Error(`${path}.size must be at most the input's ${height}×${width} (got ${size})`);
        if (stride > Math.max(height, width)) throw new Error(`${path}.stride must be at most the input size ${Math.max(height, width)} (got ${stride})`);
        const outputShape = [channels, Math.floor((height - size) / stride) + 1, Math.floor((width - size) / stride) + 1];
        layers.push({
          ...common,
          outputShape,
          activation: null,
          parameterIndex: -1,
          weightShape: [],
          channels,
          spatial: outputShape[1] * outputShape[2],
          fanIn: 0,
          fanOut: 0,
          kernelSize: size,
          stride,
          padding: 0,
        });
        shape = outputShape;
        break;
      }
      case 'flatten': {
        const outputShape = [sizeOf(shape)];
        layers.push({ ...common, outputShape, activation: null, parameterIndex: -1, weightShape: [], channels: outputShape[0], spatial: 1, fanIn: 0, fanOut: 0, kernelSize: 1, stride: 1, padding: 0 });
        shape = outputShape;
        break;
      }
      default:
        throw new Error(`${path}.type must be one of "dense", "conv2d", "maxpool2d", "flatten" (got ${JSON.stringify((layer as { type?: unknown }).type)})`);
    }
  });
  if (shape.length !== 1) throw new Error(`the model's output must be a vector, but the last layer gives ${formatShape(shape)}; end with { "type": "flatten" } or a dense layer`);
  const parametric = layers.filter((l) => l.parameterIndex >= 0);
  if (parametric.length === 0) throw new Error('model.layers must contain at least one dense or conv2d layer (nothing to train)');
  return {
    inputShape,
    layers,
    parametric,
    hiddenActivated: layers.filter((l) => l.hidden && l.activation),
    activated: layers.filter((l) => l.activation),
    outputs: shape[0],
  };
}
