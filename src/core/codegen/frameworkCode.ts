// "Copy as PyTorch/Keras code": a snippet that builds the activation with the given parameters in that
// framework, derived from the catalog's framework entries. Where the framework cannot express the
// parameters, the snippet says so instead of silently dropping them.
import { getActivation, type Activation, type ActivationParams, type ParamValue } from '../activations';
import type { ActivationParam, FrameworkApi } from '../activations/types';

/** Frameworks the Explorer's "Copy as code" writes. */
export type CodeFramework = 'pytorch' | 'keras';

/** A Python literal for a parameter value. */
export function pythonLiteral(value: ParamValue | boolean): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Number.isNaN(value)) return "float('nan')";
  if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "float('-inf')";
  return Number.isInteger(value) ? `${value}` : String(value);
}

/** How one catalog parameter appears among a framework callable's arguments, in both directions. */
export interface FrameworkArgumentMapping {
  /** The framework's keyword for the parameter (`negative_slope`, `alpha`, `init`, `approximate` …). */
  readonly keyword: string;
  /** The framework's value for a catalog value (GELU's 'tanh' → True for Keras' and JAX's boolean `approximate`). */
  toFramework(value: ParamValue): ParamValue | boolean;
  /** The catalog value for a framework value, or undefined when it has none (a boolean where a number is expected …). */
  toCatalog(value: ParamValue | boolean | null): ParamValue | undefined;
}

/**
 * How catalog parameter `param` of an activation maps onto the arguments of `api`, or undefined if `api` has no
 * such argument. Names match directly (PyTorch's names are the catalog's), or through the catalog value that
 * reproduces the framework's default (`params`: `init` 0.25 ↔ `weight` 0.25), which also maps two-valued
 * options onto the framework's booleans: the framework's default boolean stands for the catalog value that
 * reproduces it, the other boolean for the other option (GELU's approximate 'tanh' ↔ Keras' approximate=True,
 * while JAX's default True is 'tanh').
 */
export function frameworkArgumentMapping(api: FrameworkApi, param: ActivationParam): FrameworkArgumentMapping | undefined {
  const reproduced = api.params?.[param.name];
  let keyword: string;
  if (param.name in api.defaults) keyword = param.name;
  else {
    if (reproduced === undefined) return undefined;
    const candidates = Object.entries(api.defaults).filter(([, d]) => d === reproduced || typeof d === 'boolean');
    if (candidates.length !== 1) return undefined;
    keyword = candidates[0][0];
  }
  const frameworkDefault = api.defaults[keyword];
  if (typeof frameworkDefault === 'boolean') {
    const onDefault = reproduced ?? param.default;
    const otherwise = param.options?.find((option) => option !== onDefault);
    return {
      keyword,
      toFramework: (value) => (value === onDefault ? frameworkDefault : !frameworkDefault),
      toCatalog: (value) => (typeof value !== 'boolean' ? undefined : value === frameworkDefault ? onDefault : otherwise),
    };
  }
  return {
    keyword,
    toFramework: (value) => value,
    toCatalog: (value) => (typeof value === 'number' || typeof value === 'string' ? value : undefined),
  };
}

/** `name(kw=value, …)` for the parameters that differ from the framework's own defaults, or undefined. */
function callFor(activation: Activation, api: FrameworkApi | undefined, params: ActivationParams, leading: string[] = []): string | undefined {
  if (!api) return undefined;
  const resolved = activation.resolveParams(params);
  const args = [...leading];
  for (const param of activation.params) {
    const value = resolved[param.name];
    const mapping = frameworkArgumentMapping(api, param);
    if (!mapping) {
      // The framework's callable lacks this argument: fine only if its behaviour equals this value.
      const frameworkValue = api.params?.[param.name] ?? param.default;
      if (value !== frameworkValue) return undefined;
      continue;
    }
    const frameworkValue = mapping.toFramework(value);
    const frameworkDefault = api.defaults[mapping.keyword];
    if (frameworkValue !== frameworkDefault) args.push(`${mapping.keyword}=${pythonLiteral(frameworkValue)}`);
  }
  return `${api.name}(${args.join(', ')})`;
}

function shortPyTorch(name: string): string {
  return name.replace(/^torch\.nn\.functional\./, 'F.').replace(/^torch\.nn\./, 'nn.');
}

function changedParams(activation: Activation, params: ActivationParams): string {
  const resolved = activation.resolveParams(params);
  return activation.params.map((p) => `${p.name}=${pythonLiteral(resolved[p.name])}`).join(', ');
}

/** What to copy when no built-in of the framework takes these parameters as arguments: say so, and give f. */
function unsupported(framework: string, activation: Activation, params: ActivationParams): string {
  return `# No ${framework} built-in takes ${activation.name}'s ${changedParams(activation, params)} as arguments.\n# f(x) = ${activation.formula.text}\n`;
}

function pytorchCode(activation: Activation, params: ActivationParams): string {
  const entry = activation.frameworks.pytorch;
  const moduleCall = callFor(activation, entry?.module, params);
  if (moduleCall) return `import torch\nfrom torch import nn\n\nactivation = ${shortPyTorch(moduleCall)}  # ${activation.name}\ny = activation(torch.linspace(-5, 5, 11))\n`;
  const functionalCall = callFor(activation, entry?.functional, params, ['x']);
  if (functionalCall) return `import torch\nimport torch.nn.functional as F\n\n\ndef activation(x):\n    """${activation.name}"""\n    return ${shortPyTorch(functionalCall)}\n\n\ny = activation(torch.linspace(-5, 5, 11))\n`;
  return unsupported('PyTorch', activation, params);
}

function kerasCode(activation: Activation, params: ActivationParams): string {
  const entry = activation.frameworks.keras;
  const resolved = activation.resolveParams(params);
  // activation="…" calls keras.activations.<fn> with ITS defaults (leaky_relu: 0.2, not PyTorch's 0.01):
  // use the string only when those defaults give exactly the wanted parameters.
  const stringGivesParams = activation.params.every((p) => resolved[p.name] === (entry?.functional?.params?.[p.name] ?? p.default));
  if (entry?.string && stringGivesParams) {
    return `import keras\n\nactivation = keras.layers.Activation(${JSON.stringify(entry.string)})  # ${activation.name}\n# or in a layer: keras.layers.Dense(64, activation=${JSON.stringify(entry.string)})\n`;
  }
  const layerCall = callFor(activation, entry?.module, params);
  if (layerCall) return `import keras\n\nactivation = ${layerCall}  # ${activation.name}\n`;
  const functionalCall = callFor(activation, entry?.functional, params, ['x']);
  if (functionalCall) return `import keras\n\nactivation = keras.layers.Activation(lambda x: ${functionalCall})  # ${activation.name}\n`;
  return unsupported('Keras', activation, params);
}

/** Code that builds `name` with `params` in `framework`. */
export function activationCode(name: string, params: ActivationParams, framework: CodeFramework): string {
  const activation = getActivation(name);
  if (framework === 'pytorch') return pytorchCode(activation, params);
  if (framework === 'keras') return kerasCode(activation, params);
  throw new Error(`code framework must be "pytorch" or "keras" (got ${JSON.stringify(framework)})`);
}
