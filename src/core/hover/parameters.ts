// What a call's written arguments mean in catalog terms: each catalog parameter's framework keyword, the value
// written (positional or keyword; Keras 2's `alpha=` for Keras 3's `negative_slope` …), the framework's own
// default where nothing is written, and where that default differs between frameworks. The keyword ↔ parameter
// mapping is the one "Copy as code" uses (codegen/frameworkCode.ts), read in the other direction.
import type { Activation, ActivationParam, ActivationParams, FrameworkApi, ParamValue } from '../activations/types';
import { frameworkArgumentMapping, type FrameworkArgumentMapping } from '../codegen/frameworkCode';
import type { WrittenArgument } from './callArguments';
import { recordCallables, type FrameworkKey } from './catalogNames';

/** A value as a framework writes it (GELU's approximate=True), or null for Python's None / no default. */
export type FrameworkValue = ParamValue | boolean | null;

/** One catalog parameter as a call sets it. */
export interface ParameterReading {
  readonly param: ActivationParam;
  /** The callable's keyword for it (`negative_slope`, `alpha`, `init` …); undefined when the callable has no such argument. */
  readonly keyword?: string;
  /** The callable's default in its own terms (`0.3`, `True`); undefined when it has no such argument; null when required. */
  readonly frameworkDefault?: FrameworkValue;
  /** True when the callable requires the argument (PyTorch's nn.Threshold). */
  readonly required: boolean;
  /** The catalog value the callable computes with when nothing is written. */
  readonly defaultValue: ParamValue;
  /** What the call writes for it, if anything. */
  readonly written?: WrittenParameter;
  /** The value drawn: the written one when it is a valid literal, else the callable's default. */
  readonly value: ParamValue;
}

/** A parameter the call writes. */
export interface WrittenParameter {
  readonly argument: WrittenArgument;
  /** The catalog value, when the argument is a valid literal. */
  readonly value?: ParamValue;
  /** Why the written value is not drawn (not a literal, out of range …). */
  readonly problem?: string;
  /** The other framework callable whose keyword this is (`alpha` in a Keras 3 LeakyReLU is tf.nn.leaky_relu's name). */
  readonly keywordOf?: string;
}

/** The parameters of one recognised call. */
export interface ParameterReadings {
  readonly parameters: readonly ParameterReading[];
  /** Every parameter's drawn value, checked by the record. */
  readonly params: ActivationParams;
  /** Framework arguments the call writes that no catalog parameter represents (Keras ReLU's max_value=6). */
  readonly unrepresented: readonly WrittenArgument[];
  /** Positional arguments could not be matched because an `*args` / `...spread` comes first. */
  readonly unpackedArguments: boolean;
}

/** The catalog value a callable computes with for `param` when it is not written; undefined if it takes none. */
export function callableDefault(api: FrameworkApi, param: ActivationParam): ParamValue | undefined {
  const reproduced = api.params?.[param.name];
  if (reproduced !== undefined) return reproduced;
  const mapping = frameworkArgumentMapping(api, param);
  if (!mapping) return undefined;
  const frameworkDefault = api.defaults[mapping.keyword];
  return frameworkDefault === null || frameworkDefault === undefined ? undefined : mapping.toCatalog(frameworkDefault);
}

/** The catalog parameter a keyword of `api` stands for, with its mapping. */
function parameterForKeyword(activation: Activation, api: FrameworkApi, keyword: string): { param: ActivationParam; mapping: FrameworkArgumentMapping } | undefined {
  for (const param of activation.params) {
    const mapping = frameworkArgumentMapping(api, param);
    if (mapping?.keyword === keyword) return { param, mapping };
  }
  return undefined;
}

/** A keyword another framework's callable of the same record uses for a parameter (Keras 2 / TensorFlow `alpha`). */
function borrowedKeyword(activation: Activation, keyword: string): { param: ActivationParam; mapping: FrameworkArgumentMapping; from: string } | undefined {
  for (const { api } of recordCallables(activation)) {
    const found = parameterForKeyword(activation, api, keyword);
    if (found) return { ...found, from: api.name };
  }
  return undefined;
}

/** Reads a call's arguments against `api` (undefined: a string activation whose framework documents no callable). */
export function readParameters(
  activation: Activation,
  api: FrameworkApi | undefined,
  kind: 'module' | 'functional' | 'string',
  args: readonly WrittenArgument[],
): ParameterReadings {
  const written = new Map<string, WrittenParameter>();
  const unrepresented: WrittenArgument[] = [];
  const positionalKeywords = api ? Object.keys(api.defaults) : [];
  const inputs = kind === 'functional' ? 1 : 0; // a function's first argument is its input tensor
  const unpackedAt = args.findIndex((a) => a.unpacked);

  args.forEach((argument, index) => {
    if (!api || argument.unpacked) return;
    let keyword = argument.keyword;
    if (keyword === undefined && argument.position !== undefined) {
      if (unpackedAt >= 0 && unpackedAt < index) return; // where it lands depends on what the *args holds
      keyword = positionalKeywords[argument.position - inputs];
      if (keyword === undefined) return; // the input, or an argument the catalog does not list (inplace)
    }
    if (keyword === undefined) return;
    const own = parameterForKeyword(activation, api, keyword);
    const borrowed = own ? undefined : borrowedKeyword(activation, keyword);
    const found = own ?? borrowed;
    if (!found) {
      if (keyword in api.defaults) unrepresented.push(argument);
      return;
    }
    const { param, mapping } = found;
    let value: ParamValue | undefined;
    let problem: string | undefined;
    if (argument.value === undefined) problem = 'not a literal';
    else {
      value = mapping.toCatalog(argument.value);
      if (value === undefined) problem = `${JSON.stringify(argument.value)} is not a value ${keyword} takes`;
      else {
        try {
          activation.resolveParams({ [param.name]: value });
        } catch (error) {
          problem = error instanceof Error ? error.message : String(error);
          value = undefined;
        }
      }
    }
    written.set(param.name, { argument, value, problem, keywordOf: borrowed?.from });
  });

  const parameters = activation.params.map((param): ParameterReading => {
    const mapping = api ? frameworkArgumentMapping(api, param) : undefined;
    const frameworkDefault = api && mapping ? api.defaults[mapping.keyword] : undefined;
    const defaultValue = (api && callableDefault(api, param)) ?? param.default;
    const writtenParameter = written.get(param.name);
    return {
      param,
      keyword: mapping?.keyword,
      frameworkDefault,
      required: !!(api && mapping && api.required?.includes(mapping.keyword)),
      defaultValue,
      written: writtenParameter,
      value: writtenParameter?.value ?? defaultValue,
    };
  });
  const params = activation.resolveParams(Object.fromEntries(parameters.map((p) => [p.param.name, p.value])));
  return { parameters, params, unrepresented, unpackedArguments: unpackedAt >= 0 };
}

/** The frameworks' defaults for one parameter, grouped by value, when they are not all the same. */
export interface DefaultDisagreement {
  readonly param: ActivationParam;
  /** The value the hovered callable uses. */
  readonly value: ParamValue;
  /** Every distinct default, each with the callables that use it (the hovered one's group first). */
  readonly groups: readonly { readonly value: ParamValue; readonly callables: readonly { framework: FrameworkKey; name: string }[] }[];
}

/** For each parameter the call leaves to its default: the frameworks' defaults, when they differ. */
export function defaultDisagreements(activation: Activation, readings: readonly ParameterReading[]): DefaultDisagreement[] {
  const out: DefaultDisagreement[] = [];
  const callables = recordCallables(activation);
  for (const reading of readings) {
    if (reading.written) continue;
    const groups = new Map<ParamValue, { framework: FrameworkKey; name: string }[]>();
    for (const { framework, api } of callables) {
      const value = callableDefault(api, reading.param);
      if (value === undefined) continue;
      const group = groups.get(value) ?? [];
      group.push({ framework, name: api.name });
      groups.set(value, group);
    }
    if (groups.size < 2) continue;
    const ordered = [...groups.entries()].sort(([a], [b]) => (a === reading.value ? -1 : b === reading.value ? 1 : 0));
    out.push({ param: reading.param, value: reading.value, groups: ordered.map(([value, names]) => ({ value, callables: names })) });
  }
  return out;
}
