// Resolves a layer's activation spec (a name, or { name, ...params }) against the catalog: which record,
// its parameter values with defaults filled in, and whether it has a learnable parameter (PReLU's weight).
import { getActivation, type Activation, type ParamValue } from '../activations';
import type { ActivationSpec } from '../protocol/spec';

/** Looks an activation up by name; the catalog's `getActivation` unless a caller supplies another catalog. */
export type ActivationLookup = (name: string) => Activation;

/** A learnable activation parameter of a layer, e.g. PReLU's `weight` with one value per channel. */
export interface LearnableParameterPlan {
  /** Catalog name of the parameter (`weight`). */
  readonly name: string;
  /** 1 (shared by all channels) or the layer's channel count (PReLU's `num_parameters`). */
  readonly count: number;
  /** Initial value of every entry (PReLU's `init`/`weight`, default 0.25). */
  readonly initial: number;
}

/** An activation ready for a layer. */
export interface ResolvedActivation {
  readonly activation: Activation;
  /** Fixed parameter values, defaults filled in. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly learnable?: LearnableParameterPlan;
}

/**
 * Resolves `spec` for a layer with `channels` output channels/units. `path` names the field in errors
 * (`model.layers[1].activation`).
 */
export function resolveActivation(spec: ActivationSpec, channels: number, path: string, lookup: ActivationLookup = getActivation): ResolvedActivation {
  const name = typeof spec === 'string' ? spec : spec.name;
  if (typeof name !== 'string' || name.trim() === '') throw new Error(`${path} must name an activation (got ${JSON.stringify(name)})`);
  let record: Activation;
  try {
    record = lookup(name);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const given: Record<string, ParamValue> = typeof spec === 'string' ? {} : { ...spec };
  delete given.name;
  const known = new Set(record.params.map((p) => p.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) {
      const names = record.params.map((p) => p.name);
      throw new Error(`${path}.${key} is not a parameter of ${record.id}; ${names.length ? `its parameters are ${names.join(', ')}` : 'it has no parameters'}`);
    }
  }
  // The catalog checks values (ranges, options, integers) and fills in defaults.
  let params: Record<string, ParamValue>;
  try {
    params = { ...record.resolveParams(given) };
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const learnableParam = record.params.find((p) => p.learnable);
  if (!learnableParam) return { activation: record, params };
  if (typeof record.paramDerivative !== 'function') {
    throw new Error(`${path}: ${record.id} has a learnable parameter "${learnableParam.name}" but no paramDerivative, so it cannot be trained`);
  }
  const count = Number(params.num_parameters ?? 1);
  if (count !== 1 && count !== channels) {
    throw new Error(`${path}.num_parameters must be 1 or the layer's ${channels} channels (got ${count})`);
  }
  const initial = Number(params[learnableParam.name]);
  const fixed: Record<string, ParamValue> = {};
  for (const [key, value] of Object.entries(params)) if (key !== learnableParam.name) fixed[key] = value;
  return { activation: record, params: fixed, learnable: { name: learnableParam.name, count, initial } };
}

/** The display form of an activation: `relu`, `leaky_relu(negative_slope=0.2)`. */
export function describeActivation(resolved: ResolvedActivation): string {
  const changed = resolved.activation.params
    .filter((p) => resolved.params[p.name] !== undefined && resolved.params[p.name] !== p.default)
    .map((p) => `${p.name}=${resolved.params[p.name]}`);
  return changed.length ? `${resolved.activation.id}(${changed.join(', ')})` : resolved.activation.id;
}
