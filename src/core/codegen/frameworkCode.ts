// "Copy as PyTorch/Keras code": a snippet that builds the activation with the given parameters in that
// framework, derived from the catalog's framework entries. Where the framework cannot express the
// parameters, the snippet says so instead of silently dropping them.
import { getActivation, type Activation, type ActivationParams, type ParamValue } from '../activations';
import type { FrameworkApi } from '../activations/types';

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

/**
 * The framework keyword and value for one catalog parameter of `api`, or undefined if `api` has no
 * such argument. Names match directly (PyTorch's names are the catalog's), or through the catalog
 * value that reproduces the framework's default (`params`), which also maps two-valued options onto
 * the framework's booleans (GELU's approximate 'tanh' ↔ Keras' approximate=True).
 */
function frameworkArgument(api: FrameworkApi, name: string, value: ParamValue, catalogDefault: ParamValue): [string, ParamValue | boolean] | undefined {
  if (name in api.defaults) {
    const frameworkDefault = api.defaults[name];
    if (typeof frameworkDefault === 'boolean') return [name, value === catalogDefault ? frameworkDefault : !frameworkDefault];
    return [name, value];
  }
  const reproduced = api.params?.[name];
  if (reproduced === undefined) return undefined;
  const candidates = Object.entries(api.defaults).filter(([, d]) => d === reproduced || typeof d === 'boolean');
  if (candidates.length !== 1) return undefined;
  const [keyword, frameworkDefault] = candidates[0];
  if (typeof frameworkDefault === 'boolean') return [keyword, value === reproduced ? frameworkDefault : !frameworkDefault];
  return [keyword, value];
}

/** `name(kw=value, …)` for the parameters that differ from the framework's own defaults, or undefined. */
function callFor(activation: Activation, api: FrameworkApi | undefined, params: ActivationParams, leading: string[] = []): string | undefined {
  if (!api) return undefined;
  const resolved = activation.resolveParams(params);
  const args = [...leading];
  for (const param of activation.params) {
    const value = resolved[param.name];
    const mapped = frameworkArgument(api, param.name, value, param.default);
    if (!mapped) {
      // The framework's callable lacks this argument: fine only if its behaviour equals this value.
      const frameworkValue = api.params?.[param.name] ?? param.default;
      if (value !== frameworkValue) return undefined;
      continue;
    }
    const [keyword, frameworkValue] = mapped;
    const frameworkDefault = api.defaults[keyword];
    if (frameworkValue !== frameworkDefault) args.push(`${keyword}=${pythonLiteral(frameworkValue)}`);
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
