// Turns one activation definition (math on already-checked parameters, plus knowledge) into a catalog record:
// parameters are checked and defaulted in one place, scalar forms round to float32, and the vectorised forms the
// CPU kernels call are derived from the scalar ones unless a definition supplies faster ones.
import { f32 } from './float32';
import { frameworkSpellings } from './names';
import type { Activation, ActivationKnowledge, ActivationParam, ActivationParams, ParamValue } from './types';
import type { WgslActivation } from './wgsl';

/** Parameter values after checking: every parameter present. */
export type ResolvedParams = Readonly<Record<string, ParamValue>>;

/** What a record file writes: the math works on float32 inputs and checked parameters `P`. */
export interface ActivationDefinition<P extends ResolvedParams> extends ActivationKnowledge {
  readonly id: string;
  readonly name: string;
  /** Extra names beyond the framework spellings, which are added from `frameworks` automatically. */
  readonly aliases: readonly string[];
  readonly params: readonly ActivationParam[];
  /** f(x) for a float32 x; the result is rounded to float32 by the record. */
  forward(x: number, p: P): number;
  /** f′(x) for a float32 x; the result is rounded to float32 by the record. */
  derivative(x: number, p: P): number;
  /** ∂f/∂(learnable parameter), for records with one. */
  paramDerivative?(x: number, p: P): number;
  /** A faster loop than calling `forward` per element (must give the same values). */
  forwardArray?(input: Float32Array, output: Float32Array, p: P): void;
  /** A faster loop than calling `derivative` per element (must give the same values). */
  derivativeArray?(input: Float32Array, output: Float32Array, p: P): void;
  /** A rule across parameters (hardtanh's min_val < max_val): returns what is wrong, or undefined. */
  check?(p: P): string | undefined;
  /** Where f′ jumps for these parameters. */
  kinkPoints?(p: P): readonly number[];
  /**
   * f and f′ (and ∂f/∂learnable parameter) in WGSL, with the GPU tolerance: expressions in `x` and the numeric
   * parameters by name, or a function of the checked parameters for records that need host-computed constants
   * or have string-valued parameters.
   */
  readonly wgsl: WgslActivation | ((p: P) => WgslActivation);
  /** Hints for parameter names people bring from other frameworks (`{ alpha: 'Keras calls the slope alpha …' }`). */
  readonly paramHints?: Readonly<Record<string, string>>;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Checks one parameter value against its declaration; returns it or throws naming the activation, the parameter and what was expected. */
function checkParam(id: string, spec: ActivationParam, value: unknown): ParamValue {
  const where = `${id}: parameter "${spec.name}"`;
  if (spec.options) {
    if (typeof value !== 'string' || !spec.options.includes(value)) {
      throw new Error(`${where} must be one of ${spec.options.map((o) => JSON.stringify(o)).join(', ')} (got ${describeValue(value)})`);
    }
    return value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${where} must be a finite number (got ${describeValue(value)})`);
  if (spec.integer && !Number.isInteger(value)) throw new Error(`${where} must be an integer (got ${value})`);
  if (spec.min !== undefined && (spec.exclusiveMin ? value <= spec.min : value < spec.min)) {
    throw new Error(`${where} must be ${spec.exclusiveMin ? '>' : '≥'} ${spec.min} (got ${value})`);
  }
  if (spec.max !== undefined && value > spec.max) throw new Error(`${where} must be ≤ ${spec.max} (got ${value})`);
  return value;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function checkArrays(id: string, method: string, input: unknown, output: unknown): asserts input is Float32Array {
  if (!(input instanceof Float32Array)) throw new Error(`${id}.${method}: input must be a Float32Array (got ${describeValue(input)})`);
  if (!(output instanceof Float32Array) || output.length !== input.length) {
    const got = output instanceof Float32Array ? `Float32Array(${output.length})` : describeValue(output);
    throw new Error(`${id}.${method}: output must be a Float32Array of the input's length ${input.length} (got ${got}); pass the input itself to work in place`);
  }
}

function checkScalar(id: string, method: string, x: unknown): asserts x is number {
  if (typeof x !== 'number') throw new Error(`${id}.${method}: x must be a number (got ${describeValue(x)})`);
}

/** Builds the catalog record from a definition. */
export function defineActivation<P extends ResolvedParams>(definition: ActivationDefinition<P>): Activation {
  const { id } = definition;
  const specs = new Map(definition.params.map((p) => [p.name, p]));
  const defaults = Object.freeze(Object.fromEntries(definition.params.map((p) => [p.name, p.default]))) as P;
  const defaultProblem = definition.check?.(defaults);
  if (defaultProblem) throw new Error(`${id}: its default parameters break its own rule: ${defaultProblem}`);

  function unknownParam(key: string): Error {
    if (!definition.params.length) return new Error(`${id} takes no parameters (got "${key}")`);
    const names = definition.params.map((p) => p.name);
    const closest = names.filter((n) => editDistance(n, key) <= Math.max(2, Math.floor(n.length / 3)));
    const hint = definition.paramHints?.[key];
    return new Error(
      `${id} has no parameter "${key}"${closest.length ? `; did you mean "${closest[0]}"?` : '.'} Its parameters: ${names.join(', ')}.${hint ? ` ${hint}` : ''}`,
    );
  }

  function resolve(params: ActivationParams | undefined): P {
    if (params === undefined || params === null) return defaults;
    if (typeof params !== 'object' || Array.isArray(params)) {
      throw new Error(`${id}: params must be a plain object such as ${JSON.stringify(defaults)} (got ${describeValue(params)})`);
    }
    const resolved: Record<string, ParamValue> = { ...defaults };
    let given = 0;
    for (const key of Object.keys(params)) {
      const value: unknown = params[key];
      if (value === undefined) continue; // an undefined value counts as omitted
      const spec = specs.get(key);
      if (!spec) throw unknownParam(key);
      resolved[key] = checkParam(id, spec, value);
      given++;
    }
    if (!given) return defaults;
    const problem = definition.check?.(resolved as P);
    if (problem) throw new Error(`${id}: ${problem}`);
    return Object.freeze(resolved) as P;
  }

  const { forward, derivative, paramDerivative } = definition;
  const aliases = [...new Set([...definition.aliases, ...frameworkSpellings(definition.frameworks)])].filter((a) => a !== id);

  const record: Activation = {
    id,
    name: definition.name,
    aliases,
    params: definition.params,
    summary: definition.summary,
    formula: definition.formula,
    derivativeFormula: definition.derivativeFormula,
    properties: definition.properties,
    whenToUse: definition.whenToUse,
    problems: definition.problems,
    cost: definition.cost,
    paper: definition.paper,
    frameworks: definition.frameworks,
    defaultsDisagree: definition.defaultsDisagree,
    numerics: definition.numerics,
    forward(x, params) {
      checkScalar(id, 'forward', x);
      return f32(forward(f32(x), resolve(params)));
    },
    derivative(x, params) {
      checkScalar(id, 'derivative', x);
      return f32(derivative(f32(x), resolve(params)));
    },
    forwardArray(input, output, params) {
      checkArrays(id, 'forwardArray', input, output);
      const p = resolve(params);
      if (definition.forwardArray) definition.forwardArray(input, output, p);
      else for (let i = 0; i < input.length; i++) output[i] = forward(input[i], p);
      return output;
    },
    derivativeArray(input, output, params) {
      checkArrays(id, 'derivativeArray', input, output);
      const p = resolve(params);
      if (definition.derivativeArray) definition.derivativeArray(input, output, p);
      else for (let i = 0; i < input.length; i++) output[i] = derivative(input[i], p);
      return output;
    },
    resolveParams: (params) => resolve(params),
    kinkPoints: (params) => (definition.kinkPoints ? definition.kinkPoints(resolve(params)).map(f32) : []),
    wgsl(params) {
      const p = resolve(params);
      return typeof definition.wgsl === 'function' ? definition.wgsl(p) : definition.wgsl;
    },
  };
  if (paramDerivative) {
    record.paramDerivative = (x, params) => {
      checkScalar(id, 'paramDerivative', x);
      return f32(paramDerivative(f32(x), resolve(params)));
    };
    record.paramDerivativeArray = (input, output, params) => {
      checkArrays(id, 'paramDerivativeArray', input, output);
      const p = resolve(params);
      for (let i = 0; i < input.length; i++) output[i] = paramDerivative(input[i], p);
      return output;
    };
  }
  return Object.freeze(record);
}
