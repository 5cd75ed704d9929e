// The shape of one activation record: what a function is, its parameters, and its forward and derivative
// side by side. Every consumer (CPU kernels, WGSL, plots, hover docs, notebook schema) reads these records.

/** A parameter value: a number, or one of a fixed set of strings (GELU's `approximate`). */
export type ParamValue = number | string;

/** Parameter values by PyTorch name, e.g. `{ negative_slope: 0.2 }`; omitted ones take their defaults. */
export type ActivationParams = Readonly<Record<string, ParamValue>>;

/** One parameter of an activation, named and defaulted as in PyTorch. */
export interface ActivationParam {
  /** PyTorch's keyword name (`negative_slope`, `alpha`, `beta`, `approximate` …). */
  readonly name: string;
  /** PyTorch's default value. */
  readonly default: ParamValue;
  /** Smallest sensible value for sliders and validation (numbers only). */
  readonly min?: number;
  /** Largest sensible value for sliders and validation (numbers only). */
  readonly max?: number;
  /** For a string-valued parameter: the values it may take. */
  readonly options?: readonly string[];
  /** What the parameter means, in one sentence. */
  readonly description: string;
}

/** One activation function of the catalog. */
export interface Activation {
  /** snake_case id, PyTorch's functional name where one exists (`relu`, `leaky_relu` …). */
  readonly id: string;
  /** Display name (`Leaky ReLU`). */
  readonly name: string;
  /** Other names it is known by across frameworks (`LeakyReLU`, `nn.LeakyReLU`, `tf.nn.leaky_relu` …). */
  readonly aliases: readonly string[];
  /** Its parameters, with PyTorch's names and defaults. */
  readonly params: readonly ActivationParam[];
  /** f(x) with float32 semantics: the result is a float32 value. */
  forward(x: number, params?: ActivationParams): number;
  /** df/dx with float32 semantics, with PyTorch's values at kinks and for NaN/±Infinity. */
  derivative(x: number, params?: ActivationParams): number;
}
