// The activation catalog: one record per function, the single source of truth for every consumer (plots,
// hover docs, CPU and WebGPU kernels, the notebook schema, the generated docs). Add a function by adding a record
// here; the tests discover it and fail until it has PyTorch fixtures.
import { celu, elu, selu } from './exponential';
import { gelu, mish, silu, swish } from './gated';
import { hardsigmoid, hardswish, hardtanh, relu6 } from './hard';
import { ActivationIndex } from './lookup';
import { identity, leakyRelu, prelu, relu, rrelu, threshold } from './rectifiers';
import { hardshrink, softshrink } from './shrink';
import { logsigmoid, sigmoid, softplus, softsign, tanh, tanhshrink } from './sigmoidal';
import type { Activation } from './types';

export type {
  Activation,
  ActivationFrameworks,
  ActivationKnowledge,
  ActivationParam,
  ActivationParams,
  ActivationProperties,
  FrameworkApi,
  FrameworkEntry,
  Formula,
  Paper,
  ParamValue,
} from './types';

/** Every activation of the catalog, in display order (rectifiers, exponential, gated, smooth classics, hard, shrink). */
export const activations: readonly Activation[] = Object.freeze([
  identity,
  relu,
  leakyRelu,
  prelu,
  rrelu,
  threshold,
  elu,
  selu,
  celu,
  gelu,
  silu,
  swish,
  mish,
  softplus,
  sigmoid,
  tanh,
  softsign,
  logsigmoid,
  tanhshrink,
  relu6,
  hardtanh,
  hardsigmoid,
  hardswish,
  softshrink,
  hardshrink,
]);

const index = new ActivationIndex(activations);

/**
 * An activation by id, display name or any framework spelling (`'leaky_relu'`, `'Leaky ReLU'`, `'nn.LeakyReLU'`,
 * `'F.leaky_relu'`, `'tf.nn.leaky_relu'`, `'keras.layers.LeakyReLU'`, `'tf.layers.leakyReLU'`, `'swish'` …),
 * ignoring case, spaces, `_` and `-`. An id wins over other spellings: `'swish'` is the swish record (β = 1 by
 * default, the same function as Keras' "swish"), while `'keras.activations.swish'` is silu. An unknown name throws
 * with the closest known spellings.
 */
export function getActivation(name: string): Activation {
  return index.get(name);
}

/** Up to `count` known spellings closest to `name` (what an editor offers after a typo). */
export function suggestActivations(name: string, count = 5): string[] {
  return index.closest(name, count);
}
