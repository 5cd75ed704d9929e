// The catalog's framework callables and activation strings, indexed by the fully qualified names code resolves to
// (`torch.nn.LeakyReLU`, `keras.activations.gelu`, `tf.layers.leakyReLU` …): which record, which framework,
// which callable and its defaults. Built from the catalog on first use, so a new record is recognised for free.
import { activations } from '../activations';
import type { Activation, ActivationFrameworks, FrameworkApi, FrameworkEntry } from '../activations/types';
import type { SourceFamily } from './lexical';

/** A framework the catalog documents. */
export type FrameworkKey = keyof ActivationFrameworks;

/** How each framework is named in a hover. */
export const FRAMEWORK_LABELS: Readonly<Record<FrameworkKey, string>> = {
  pytorch: 'PyTorch',
  keras: 'Keras',
  tensorflow: 'TensorFlow',
  jax: 'JAX',
  flax: 'Flax',
  tfjs: 'TensorFlow.js',
};

/** One way code names an activation: a framework callable, or a string it accepts as `activation=`. */
export interface CatalogName {
  readonly activation: Activation;
  readonly framework: FrameworkKey;
  readonly entry: FrameworkEntry;
  /** `module` (a class / layer), `functional` (a function of the input), or `string` (an activation= name). */
  readonly kind: 'module' | 'functional' | 'string';
  /** The callable whose defaults apply (for a string: the function the framework calls); undefined where the
   * catalog documents none (TF.js' layer-only activation strings). */
  readonly api: FrameworkApi | undefined;
  /** The catalog's name for the callable (or the string). */
  readonly canonical: string;
}

/** Python roots of each framework, for the catalog's own dotted aliases (`torch.relu`, `tf.nn.swish`). */
const PYTHON_ROOT_FRAMEWORKS: readonly (readonly [string, FrameworkKey])[] = [
  ['torch.', 'pytorch'],
  ['keras.', 'keras'],
  ['tf.', 'tensorflow'],
  ['jax.', 'jax'],
  ['flax.', 'flax'],
];

/**
 * A resolved Python name in the catalog's spelling: `tensorflow.` is `tf.`, `tf.keras.` is Keras (`keras.`),
 * and re-exporting submodules (`flax.linen.activation`, `torch.nn.modules.activation`) are their package.
 */
export function normalisePythonName(name: string): string {
  let out = name.replace(/^tensorflow\./, 'tf.');
  out = out.replace(/^tf\.keras\./, 'keras.');
  out = out.replace(/^flax\.linen\.activation\./, 'flax.linen.');
  out = out.replace(/^torch\.nn\.modules\.activation\./, 'torch.nn.');
  return out;
}

interface NameTables {
  readonly python: ReadonlyMap<string, CatalogName>;
  readonly javascript: ReadonlyMap<string, CatalogName>;
  /** Keras' activation strings come from `keras.activations.<name>`; TF.js' from the catalog's `string` fields. */
  readonly tfjsStrings: ReadonlyMap<string, CatalogName>;
}

let tables: NameTables | undefined;

function buildTables(): NameTables {
  const python = new Map<string, CatalogName>();
  const javascript = new Map<string, CatalogName>();
  const tfjsStrings = new Map<string, CatalogName>();
  const add = (table: Map<string, CatalogName>, name: string, value: CatalogName) => {
    if (!table.has(name)) table.set(name, value);
  };
  for (const activation of activations) {
    for (const [framework, entry] of Object.entries(activation.frameworks) as [FrameworkKey, FrameworkEntry | null][]) {
      if (!entry) continue;
      const table = framework === 'tfjs' ? javascript : python;
      for (const kind of ['module', 'functional'] as const) {
        const api = entry[kind];
        if (api) add(table, framework === 'tfjs' ? api.name : normalisePythonName(api.name), { activation, framework, entry, kind, api, canonical: api.name });
      }
      if (framework === 'tfjs' && entry.string) add(tfjsStrings, entry.string, { activation, framework, entry, kind: 'string', api: undefined, canonical: entry.string });
    }
  }
  // The records' own dotted aliases (`torch.relu`, `tf.nn.sigmoid`, `keras.activations.swish`, `jax.nn.swish`):
  // the same function as that framework's entry, so its callable (module for a class name, else functional).
  for (const activation of activations) {
    for (const alias of activation.aliases) {
      const name = normalisePythonName(alias);
      const root = PYTHON_ROOT_FRAMEWORKS.find(([prefix]) => name.startsWith(prefix));
      if (!root || python.has(name)) continue;
      const entry = activation.frameworks[root[1]];
      const last = name.slice(name.lastIndexOf('.') + 1);
      const kind = /^[A-Z]/.test(last) ? 'module' : 'functional';
      const api = entry?.[kind];
      if (entry && api) python.set(name, { activation, framework: root[1], entry, kind, api, canonical: api.name });
    }
  }
  return { python, javascript, tfjsStrings };
}

function nameTables(): NameTables {
  tables ??= buildTables();
  return tables;
}

/** The catalog entry a fully qualified, normalised name refers to (`torch.nn.LeakyReLU`, `tf.layers.elu`), if any. */
export function catalogCallable(qualified: string, family: SourceFamily): CatalogName | undefined {
  const { python, javascript } = nameTables();
  return family === 'python' ? python.get(qualified) : javascript.get(qualified);
}

/**
 * The catalog entry an activation string means in `framework`: Keras resolves `activation="x"` to
 * `keras.activations.x` (so "swish" is SiLU), PyTorch's `activation="gelu"` (Transformer layers) to
 * `torch.nn.functional.gelu`, TF.js' layer strings to the catalog's `string` fields. Undefined if none.
 */
export function catalogString(value: string, framework: 'keras' | 'pytorch' | 'tfjs'): CatalogName | undefined {
  const { python, tfjsStrings } = nameTables();
  if (framework === 'tfjs') return tfjsStrings.get(value);
  const callable = python.get(framework === 'keras' ? `keras.activations.${value}` : `torch.nn.functional.${value}`);
  if (!callable || callable.framework !== framework) return undefined;
  return { ...callable, kind: 'string', canonical: value };
}

/** Every framework callable of one record (what the cross-framework defaults are compared over). */
export function recordCallables(activation: Activation): { framework: FrameworkKey; api: FrameworkApi }[] {
  const out: { framework: FrameworkKey; api: FrameworkApi }[] = [];
  for (const [framework, entry] of Object.entries(activation.frameworks) as [FrameworkKey, FrameworkEntry | null][]) {
    if (!entry) continue;
    if (entry.module) out.push({ framework, api: entry.module });
    if (entry.functional) out.push({ framework, api: entry.functional });
  }
  return out;
}
