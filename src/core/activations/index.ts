// The activation catalog: one record per function, the single source of truth for every consumer.
import type { Activation } from './types';

export type { Activation, ActivationParam, ActivationParams, ParamValue } from './types';

/** ReLU: max(0, x). PyTorch: relu(NaN) = NaN, relu′(0) = 0, relu′(NaN) = 1 (its backward tests x <= 0). */
const relu: Activation = {
  id: 'relu',
  name: 'ReLU',
  aliases: ['ReLU', 'nn.ReLU', 'F.relu', 'torch.relu', 'tf.nn.relu', 'keras.activations.relu', 'jax.nn.relu', 'tf.relu'],
  params: [],
  forward: (x) => (x > 0 ? Math.fround(x) : Number.isNaN(x) ? NaN : 0),
  derivative: (x) => (x <= 0 ? 0 : 1),
};

/** Every activation of the catalog. */
export const activations: readonly Activation[] = [relu];

/** An activation by id or any alias, case-insensitive; an unknown name throws. */
export function getActivation(name: string): Activation {
  const key = String(name).toLowerCase();
  const found = activations.find((a) => a.id === key || a.name.toLowerCase() === key || a.aliases.some((alias) => alias.toLowerCase() === key));
  if (!found) throw new Error(`unknown activation "${name}"; known: ${activations.map((a) => a.id).join(', ')}`);
  return found;
}
