// `lab.validateSpec(spec)`: the complete check of a training spec — its JSON Schema, then the semantic
// checks (shapes, activations, data against model and loss, explicit parameters) — without training.
import type { ActivationLookup } from '../nn/activation';
import { prepareSpec } from '../nn/prepare';
import type { TrainingSpec } from './spec';

export interface ValidateOptions {
  /** An activation lookup to use instead of the built-in catalog. */
  readonly activations?: ActivationLookup;
}

/** Returns the spec, typed, when it is valid; otherwise throws an Error naming the field and what it expects. */
export function validateSpec(spec: unknown, options: ValidateOptions = {}): TrainingSpec {
  return prepareSpec(spec, options.activations).spec;
}
