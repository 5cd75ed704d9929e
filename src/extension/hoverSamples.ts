// The small documents "Try a Hover" (activationLab.tryHover, the walkthrough's hover step) opens: a few
// activations written as people write them, and the one the hover first opens on. No `vscode` import, so the
// unit suite can check that every marked name is recognised by the core's hover.

export interface HoverSample {
  /** Syntax family: JavaScript-like language ids get the TF.js sample, every other id the Python one. */
  readonly family: 'python' | 'javascript';
  readonly text: string;
  /** The text the hover opens on (its first occurrence after the comments; the cursor goes inside it). */
  readonly showAt: string;
  /** Every name in the code (after the comments) that should show a hover, and the catalog id it shows. */
  readonly names: readonly { readonly written: string; readonly id: string }[];
}

export const PYTHON_HOVER_SAMPLE: HoverSample = {
  family: 'python',
  text: `# Activation Lab: hover an activation below (nn.ReLU, nn.GELU, F.leaky_relu)
# for its formula, its curve for the arguments written, the framework's
# defaults and known problems. Edit freely: this example is not saved.
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(
    nn.Linear(2, 16),
    nn.ReLU(),
    nn.Linear(16, 16),
    nn.GELU(approximate="tanh"),
    nn.Linear(16, 1),
)


def head(x):
    return F.leaky_relu(x, 0.2)
`,
  showAt: 'ReLU(),',
  names: [
    { written: 'nn.ReLU', id: 'relu' },
    { written: 'nn.GELU', id: 'gelu' },
    { written: 'F.leaky_relu', id: 'leaky_relu' },
  ],
};

export const JAVASCRIPT_HOVER_SAMPLE: HoverSample = {
  family: 'javascript',
  text: `// Activation Lab: hover an activation below (tf.layers.leakyReLU, 'relu', tf.elu)
// for its formula, its curve for the arguments written, the framework's
// defaults and known problems. Edit freely: this example is not saved.
import * as tf from '@tensorflow/tfjs';

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 16, inputShape: [2], activation: 'relu' }),
    tf.layers.dense({ units: 16 }),
    tf.layers.leakyReLU({ alpha: 0.2 }),
    tf.layers.dense({ units: 1 }),
  ],
});

const smooth = (x) => tf.elu(x);
`,
  showAt: 'leakyReLU(',
  names: [
    { written: "'relu'", id: 'relu' },
    { written: 'tf.layers.leakyReLU', id: 'leaky_relu' },
    { written: 'tf.elu', id: 'elu' },
  ],
};

/** Language ids the hover reads with JavaScript syntax (as core/hover's `languageFamily`, not imported: it loads the catalog). */
const JAVASCRIPT_IDS = /javascript|typescript|^(?:vue|svelte|astro|html|mdx)$/i;

/** Offset of the first occurrence of `written` in the sample's code (after its leading comment lines). */
export function sampleOffset(sample: HoverSample, written: string): number {
  const code = sample.text.indexOf('import');
  const at = sample.text.indexOf(written, code);
  if (code < 0 || at < 0) throw new Error(`"${written}" is not in the ${sample.family} hover sample's code`);
  return at;
}

/**
 * The language and sample to show a hover in, from the configured hover languages: Python if it is listed, else
 * the first listed id (with the sample of its syntax family); undefined when hovers are off (empty list).
 */
export function pickHoverSample(languages: readonly string[]): { languageId: string; sample: HoverSample } | undefined {
  const languageId = languages.includes('python') ? 'python' : languages[0];
  if (languageId === undefined) return undefined;
  return { languageId, sample: JAVASCRIPT_IDS.test(languageId) ? JAVASCRIPT_HOVER_SAMPLE : PYTHON_HOVER_SAMPLE };
}
