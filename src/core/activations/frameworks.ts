// Builders for the `frameworks` field of a record, with the version and the place each name and default was
// checked. Each builder knows its framework's documentation URL scheme, so a record states only names and defaults.
import type { ActivationParams, FrameworkApi, FrameworkEntry, ParamValue } from './types';

type Defaults = Readonly<Record<string, ParamValue | boolean | null>>;

/** A callable with its defaults and (optionally) the catalog params that reproduce them. */
export function api(name: string, defaults: Defaults = {}, params?: ActivationParams): FrameworkApi {
  return params ? { name, defaults, params } : { name, defaults };
}

/** A callable with required arguments: they are listed in `required` and appear in `defaults` as null. */
export function apiRequired(name: string, required: readonly string[], defaults: Defaults = {}): FrameworkApi {
  return { name, defaults: { ...Object.fromEntries(required.map((r) => [r, null])), ...defaults }, required };
}

/** Versions the catalog's names and defaults were checked against. */
export const VERSIONS = {
  pytorch: 'PyTorch 1.13.1 (signatures read with inspect from Debian python3-torch; same in docs.pytorch.org 2.x)',
  keras: 'Keras 3 (keras.io; TensorFlow docs built from Keras 3.15.1)',
  tensorflow: 'TensorFlow 2.15 and 2.21 API docs',
  jax: 'JAX ≥ 0.4.36 (jax/_src/nn/functions.py of that era; docs.jax.dev latest)',
  flax: 'Flax 0.6.10–0.6.11 (flax.linen re-exports jax.nn)',
  tfjs: 'TensorFlow.js 4.22.0 (tfjs-core in node_modules; tfjs-layers 4.22.0 dist)',
} as const;

interface EntryParts {
  module?: FrameworkApi;
  functional?: FrameworkApi;
  string?: string;
  note?: string;
  /** Overrides the documentation URL the builder would derive. */
  docs?: string;
}

function entry(parts: EntryParts, docs: string, version: string): FrameworkEntry {
  const out: { -readonly [K in keyof FrameworkEntry]: FrameworkEntry[K] } = { docs: parts.docs ?? docs, version };
  if (parts.module) out.module = parts.module;
  if (parts.functional) out.functional = parts.functional;
  if (parts.string) out.string = parts.string;
  if (parts.note) out.note = parts.note;
  return out;
}

/** PyTorch: `module` is `torch.nn.X`, `functional` is `torch.nn.functional.x` (or `torch.x`). */
export function pytorch(parts: EntryParts): FrameworkEntry {
  const page = parts.module?.name ?? parts.functional?.name ?? '';
  return entry(parts, `https://docs.pytorch.org/docs/stable/generated/${page}.html`, VERSIONS.pytorch);
}

/** Keras 3: `module` is the layer, `functional` is `keras.activations.x`, `string` the `activation=` name. */
export function keras(parts: EntryParts): FrameworkEntry {
  const fn = parts.functional?.name.replace(/^keras\./, 'tf/keras/').replace(/\./g, '/');
  return entry(parts, fn ? `https://www.tensorflow.org/api_docs/python/${fn}` : 'https://keras.io/api/layers/activations/', VERSIONS.keras);
}

/** TensorFlow: `functional` is `tf.nn.x` or `tf.math.x`. */
export function tensorflow(parts: EntryParts): FrameworkEntry {
  const page = (parts.functional?.name ?? '').replace(/\./g, '/');
  return entry(parts, `https://www.tensorflow.org/api_docs/python/${page}`, VERSIONS.tensorflow);
}

/** JAX: `functional` is `jax.nn.x`. */
export function jax(parts: EntryParts): FrameworkEntry {
  const page = parts.functional ? `_autosummary/${parts.functional.name}.html` : 'jax.nn.html';
  return entry(parts, `https://docs.jax.dev/en/latest/${page}`, VERSIONS.jax);
}

/** Flax: `functional` is the `flax.linen.x` re-export of `jax.nn.x`; `module` a Flax module such as `flax.linen.PReLU`. */
export function flax(parts: EntryParts): FrameworkEntry {
  return entry(parts, 'https://flax.readthedocs.io/en/v0.6.11/_modules/flax/linen/activation.html', VERSIONS.flax);
}

/** TensorFlow.js: `functional` is the op `tf.x`, `module` the layer `tf.layers.x`, `string` the layer `activation` name. */
export function tfjs(parts: EntryParts): FrameworkEntry {
  const anchor = (parts.functional?.name ?? parts.module?.name ?? '').replace(/^tf\./, '');
  return entry(parts, `https://js.tensorflow.org/api/4.22.0/#${anchor}`, VERSIONS.tfjs);
}
