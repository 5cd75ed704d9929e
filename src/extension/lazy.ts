// Activation Lab's features load on first use. dist/extension.js (what VS Code requires to activate the
// extension) holds only registrations: commands, the hover provider, the notebook serializer and controllers,
// the webview serializers — each a stub that requires its feature's implementation when it is first called.
// Each feature is its own bundle, dist/features/<name>.js (see esbuild.js), with the part of the core it uses:
//   explorer     the Activation Explorer panel and its commands (catalog, plots, code/CSV export)
//   trainingLab  the Training Lab panel and its commands (spec validation, guided experiments, PyTorch export)
//   hover        hover docs for activations in code (recogniser, Markdown, curve SVG)
//   notebooks    the notebook cell language's parser and runner (trainer, datasets), the *.actlabnb file format
// Feature bundles never import this module or the registration modules; their `./log` is dist/extension.js's,
// so there is one output channel. In test bundles (which import src/ directly) the features are inlined.
import type * as ExplorerFeature from './features/explorer';
import type * as HoverFeature from './features/hover';
import type * as NotebooksFeature from './features/notebooks';
import type * as TrainingLabFeature from './features/trainingLab';

export interface Features {
  explorer: typeof ExplorerFeature;
  trainingLab: typeof TrainingLabFeature;
  hover: typeof HoverFeature;
  notebooks: typeof NotebooksFeature;
}
export type FeatureName = keyof Features;
export const FEATURE_NAMES: readonly FeatureName[] = ['explorer', 'trainingLab', 'hover', 'notebooks'];

const loaded: { [K in FeatureName]?: Features[K] } = {};

/** Requires a feature's bundle. The paths are literal so that esbuild can keep them as separate files. */
function load(name: FeatureName): Features[FeatureName] {
  switch (name) {
    case 'explorer':
      return require('./features/explorer');
    case 'trainingLab':
      return require('./features/trainingLab');
    case 'hover':
      return require('./features/hover');
    case 'notebooks':
      return require('./features/notebooks');
  }
}

/** A feature's implementation, required (synchronously) on the first call. */
export function feature<K extends FeatureName>(name: K): Features[K] {
  return (loaded[name] ??= load(name) as Features[K]) as Features[K];
}

/** A feature's implementation if it has been loaded, without loading it. */
export function loadedFeature<K extends FeatureName>(name: K): Features[K] | undefined {
  return loaded[name];
}

/** The features loaded so far, in the order of FEATURE_NAMES. */
export function loadedFeatures(): FeatureName[] {
  return FEATURE_NAMES.filter((name) => loaded[name] !== undefined);
}
