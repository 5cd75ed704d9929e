// Initial parameters: the spec's explicit ones (PyTorch layout, shapes checked), or seeded initialisers —
// PyTorch's nn.Linear/nn.Conv2d default, He (Kaiming), Xavier (Glorot), LeCun, zeros.
import type { InitName, LayerParameters, NestedNumbers } from '../protocol/spec';
import { formatShape, sizeOf, type LayerPlan, type ModelPlan, type Shape } from './model';
import { Random } from './random';

/** One layer's parameters as flat float32 arrays (PyTorch's memory layout). */
export interface LayerTensors {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  /** A learnable activation parameter (PReLU's weight), when the layer's activation has one. */
  readonly learnable?: Float32Array;
}

/** What an initialiser draws from, given a layer's fan-in and fan-out. */
function weightSampler(init: InitName, fanIn: number, fanOut: number, random: Random): () => number {
  switch (init) {
    case 'pytorch': {
      // kaiming_uniform_(a=√5): bound = √(6 / ((1 + 5)·fan_in)) = 1/√fan_in.
      const bound = 1 / Math.sqrt(fanIn);
      return () => random.uniform(-bound, bound);
    }
    case 'he_normal': {
      const std = Math.sqrt(2 / fanIn);
      return () => random.normal(0, std);
    }
    case 'he_uniform': {
      const bound = Math.sqrt(6 / fanIn);
      return () => random.uniform(-bound, bound);
    }
    case 'xavier_normal': {
      const std = Math.sqrt(2 / (fanIn + fanOut));
      return () => random.normal(0, std);
    }
    case 'xavier_uniform': {
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      return () => random.uniform(-bound, bound);
    }
    case 'lecun_normal': {
      const std = Math.sqrt(1 / fanIn);
      return () => random.normal(0, std);
    }
    case 'lecun_uniform': {
      const bound = Math.sqrt(3 / fanIn);
      return () => random.uniform(-bound, bound);
    }
    case 'zeros':
      return () => 0;
    default:
      throw new Error(`init must be one of pytorch, he_normal, he_uniform, xavier_normal, xavier_uniform, lecun_normal, lecun_uniform, zeros (got ${JSON.stringify(init)})`);
  }
}

/** Seeded initial parameters for every dense/conv2d layer, in order. */
export function initialiseParameters(model: ModelPlan, seed: number): LayerTensors[] {
  const random = new Random(seed, 'init');
  return model.parametric.map((layer) => {
    const weight = new Float32Array(sizeOf(layer.weightShape));
    const sample = weightSampler(layer.init, layer.fanIn, layer.fanOut, random);
    for (let i = 0; i < weight.length; i++) weight[i] = sample();
    const bias = new Float32Array(layer.channels);
    if (layer.init === 'pytorch') {
      const bound = 1 / Math.sqrt(layer.fanIn);
      for (let i = 0; i < bias.length; i++) bias[i] = random.uniform(-bound, bound);
    }
    if (layer.biasInit !== undefined) bias.fill(layer.biasInit);
    return { weight, bias, learnable: initialLearnable(layer) };
  });
}

function initialLearnable(layer: LayerPlan): Float32Array | undefined {
  const learnable = layer.activation?.learnable;
  return learnable ? new Float32Array(learnable.count).fill(learnable.initial) : undefined;
}

/** Flattens nested arrays of the given shape, or throws naming `path` and the expected shape. */
export function flattenNested(value: unknown, shape: Shape, path: string): Float32Array {
  const out = new Float32Array(sizeOf(shape));
  let offset = 0;
  const walk = (node: unknown, depth: number, where: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number' || !Number.isFinite(node)) throw new Error(`${where} must be a finite number (got ${JSON.stringify(node)})`);
      if (!Number.isFinite(Math.fround(node))) throw new Error(`${where} must be within float32's range ±3.4e38 (got ${node})`);
      out[offset++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      const got = Array.isArray(node) ? `${node.length} entries` : JSON.stringify(node);
      throw new Error(`${path} must have shape ${formatShape(shape)}: ${where} must be an array of ${shape[depth]} (got ${got})`);
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${where}[${i}]`);
  };
  walk(value, 0, path);
  return out;
}

/** The shape of nested arrays (following first elements), e.g. [[1, 2], [3, 4]] → [2, 2]. */
export function nestedShape(value: unknown): number[] {
  const shape: number[] = [];
  let node = value;
  while (Array.isArray(node)) {
    shape.push(node.length);
    node = node[0];
  }
  return shape;
}

/** Explicit parameters from the spec, checked against the model's shapes. */
export function explicitParameters(model: ModelPlan, given: readonly LayerParameters[]): LayerTensors[] {
  if (given.length !== model.parametric.length) {
    throw new Error(`parameters must have one entry per dense/conv2d layer: ${model.parametric.length} (got ${given.length})`);
  }
  return model.parametric.map((layer, i) => {
    const entry = given[i];
    const path = `parameters[${i}]`;
    const weight = flattenNested(entry.weight, layer.weightShape, `${path}.weight`);
    const bias = flattenNested(entry.bias, [layer.channels], `${path}.bias`);
    const learnablePlan = layer.activation?.learnable;
    const extra = Object.keys(entry.activation ?? {}).filter((name) => name !== learnablePlan?.name);
    if (extra.length) {
      throw new Error(`${path}.activation.${extra[0]} is not a learnable parameter of ${layer.path}'s activation${learnablePlan ? ` (it has "${learnablePlan.name}")` : ' (it has none)'}`);
    }
    let learnable: Float32Array | undefined;
    if (learnablePlan) {
      const values = entry.activation?.[learnablePlan.name];
      learnable = values === undefined ? initialLearnable(layer) : flattenNested(values, [learnablePlan.count], `${path}.activation.${learnablePlan.name}`);
    }
    return { weight, bias, learnable };
  });
}

/** Nested arrays in `shape` from a flat array (the PyTorch-layout JSON form of a tensor). */
export function toNested(values: Float32Array, shape: Shape): NestedNumbers {
  let offset = 0;
  const build = (depth: number): NestedNumbers => {
    const out: (number | NestedNumbers)[] = [];
    for (let i = 0; i < shape[depth]; i++) out.push(depth === shape.length - 1 ? values[offset++] : build(depth + 1));
    return out;
  };
  return build(0);
}
