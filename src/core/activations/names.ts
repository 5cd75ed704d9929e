// How code spells an activation: every framework name in a record expands to the short forms people write
// (`torch.nn.functional.leaky_relu` → `F.leaky_relu`), and names compare ignoring case, spaces, `_` and `-`.
import type { ActivationFrameworks, FrameworkEntry } from './types';

/** Prefix → the other prefixes code commonly uses for the same namespace ('' = the bare name). */
const PREFIX_FORMS: readonly (readonly [string, readonly string[]])[] = [
  ['torch.nn.functional.', ['F.', 'nn.functional.', 'functional.']],
  ['torch.nn.', ['nn.', '']],
  ['keras.activations.', ['tf.keras.activations.', 'activations.']],
  ['keras.layers.', ['tf.keras.layers.', 'layers.', '']],
  ['keras.ops.', ['tf.keras.ops.', 'ops.']],
  ['jax.nn.', ['nn.']],
  ['flax.linen.', ['nn.', 'flax.linen.activation.']],
];

/** The spellings of one fully qualified name, the name itself first. */
export function spellingsOf(qualified: string): string[] {
  const forms = [qualified];
  for (const [prefix, others] of PREFIX_FORMS) {
    if (qualified.startsWith(prefix)) {
      const rest = qualified.slice(prefix.length);
      for (const other of others) forms.push(other + rest);
      break;
    }
  }
  return forms;
}

/** Every spelling of every framework name and string in a record's `frameworks`. */
export function frameworkSpellings(frameworks: ActivationFrameworks): string[] {
  const out: string[] = [];
  for (const entry of Object.values(frameworks) as (FrameworkEntry | null)[]) {
    if (!entry) continue;
    if (entry.module) out.push(...spellingsOf(entry.module.name));
    if (entry.functional) out.push(...spellingsOf(entry.functional.name));
    if (entry.string) out.push(entry.string);
  }
  return out;
}

/** The lookup key of a name: lower case, without spaces, `_` and `-` (`Leaky ReLU`, `leaky_relu`, `LeakyReLU` meet). */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}
