// The shape of one activation record: what a function is, its parameters, its forward and derivative side by
// side, and what is known about it. Every consumer (CPU kernels, WGSL, plots, hover docs, notebook schema, the
// generated docs) reads these records.
import type { WgslActivation } from './wgsl';

/** A parameter value: a number, or one of a fixed set of strings (GELU's `approximate`). */
export type ParamValue = number | string;

/** Parameter values by PyTorch name, e.g. `{ negative_slope: 0.2 }`; omitted ones take their defaults. */
export type ActivationParams = Readonly<Record<string, ParamValue>>;

/** One parameter of an activation, named and defaulted as in PyTorch. */
export interface ActivationParam {
  /** PyTorch's keyword name (`negative_slope`, `alpha`, `beta`, `approximate` …). */
  readonly name: string;
  /** PyTorch's default value (for PyTorch's required arguments, the catalog's stated choice; see `description`). */
  readonly default: ParamValue;
  /** Smallest allowed value (numbers only); a smaller value throws. Absent: any finite number. */
  readonly min?: number;
  /** Largest allowed value (numbers only); a larger value throws. Absent: any finite number. */
  readonly max?: number;
  /** When true, `min` itself is not allowed (CELU's alpha must be > 0, not ≥ 0). */
  readonly exclusiveMin?: boolean;
  /** When true, only integers are allowed (PReLU's `num_parameters`). */
  readonly integer?: boolean;
  /** For a string-valued parameter: the values it may take. */
  readonly options?: readonly string[];
  /** The range a slider offers by default (numbers only); narrower than `min`…`max` where those are open. */
  readonly suggestedRange?: readonly [number, number];
  /** True for a parameter that training learns (PReLU's `weight`) rather than a fixed hyperparameter. */
  readonly learnable?: boolean;
  /** What the parameter means, in one sentence. */
  readonly description: string;
}

/** A formula in two notations. */
export interface Formula {
  /** Plain text (Unicode), readable in a hover or a terminal: `max(0, x)`. */
  readonly text: string;
  /** TeX for KaTeX/MathJax: `\max(0, x)`. */
  readonly tex: string;
}

/** Shape facts about f, stated for the default parameters (a note says where a parameter changes them). */
export interface ActivationProperties {
  /** The set of values f takes, e.g. `[0, ∞)` or `(−α, ∞)`. */
  readonly range: string;
  /** f ≤ some constant for every x. */
  readonly boundedAbove: boolean;
  /** f ≥ some constant for every x. */
  readonly boundedBelow: boolean;
  /** f never decreases as x grows. */
  readonly monotonic: boolean;
  /** f has a continuous derivative of every order everywhere (no kinks, no jumps). */
  readonly smooth: boolean;
  /** f has no jumps. */
  readonly continuous: boolean;
  /** Where f′ jumps (the points `kinkPoints` returns), in words; `none` for smooth functions. */
  readonly kinks: string;
  /** The outputs average near zero for zero-mean inputs (f takes negative values and f(0) = 0 or near it). */
  readonly zeroCentred: boolean;
  /** Keeps activations near zero mean and unit variance through deep stacks by itself (SELU's property). */
  readonly selfNormalising: boolean;
  /** Where f′ tends to 0 (gradients vanish); `none` when it never does. */
  readonly saturates: string;
  /** Where f′ is exactly 0 over an interval, so a unit there gets no gradient at all; `none` when nowhere. */
  readonly deadZone: string;
}

/** The paper that introduced (or, where noted, named or popularised) a function. */
export interface Paper {
  readonly title: string;
  readonly authors: string;
  readonly year: number;
  readonly url: string;
  /** Set when the paper popularised or named the function rather than introducing it. */
  readonly note?: string;
}

/** One callable of a framework: its full name and its default arguments in that framework's own names. */
export interface FrameworkApi {
  /** Fully qualified name as code writes it: `torch.nn.LeakyReLU`, `tf.nn.leaky_relu`, `tf.layers.leakyReLU`. */
  readonly name: string;
  /** Arguments in the framework's names with their defaults (booleans as booleans; `null` is Python's None or JavaScript's null, or no default for a name in `required`). */
  readonly defaults: Readonly<Record<string, ParamValue | boolean | null>>;
  /** Arguments the callable requires, with no default (`threshold` and `value` of `torch.nn.Threshold`); they appear in `defaults` as null. */
  readonly required?: readonly string[];
  /** The catalog parameters that reproduce this callable's defaults (`{ negative_slope: 0.3 }` for Keras' layer). */
  readonly params?: ActivationParams;
}

/** How one framework spells a function, verified against its documentation or source. */
export interface FrameworkEntry {
  /** The class / layer / module form (`torch.nn.ELU`, `keras.layers.ELU`, `tf.layers.elu`, `flax.linen.PReLU`). */
  readonly module?: FrameworkApi;
  /** The function form (`torch.nn.functional.elu`, `keras.activations.elu`, `tf.nn.elu`, `jax.nn.elu`, `tf.elu`). */
  readonly functional?: FrameworkApi;
  /** The string accepted by `activation=` (Keras, TF.js layers). */
  readonly string?: string;
  /** Where the names and defaults were checked (URL or source path). */
  readonly docs: string;
  /** The framework version the check applies to. */
  readonly version: string;
  /** Differences worth knowing (a different formula, an older version's default …). */
  readonly note?: string;
}

/** The frameworks the catalog documents; `null` where a framework has no built-in equivalent. */
export interface ActivationFrameworks {
  readonly pytorch: FrameworkEntry | null;
  /** Keras 3 (`keras.*`; `tf.keras` in TensorFlow ≥ 2.16); Keras 2 differences are in `note`. */
  readonly keras: FrameworkEntry | null;
  /** TensorFlow's own ops (`tf.nn.*`, `tf.math.*`). */
  readonly tensorflow: FrameworkEntry | null;
  /** `jax.nn`. */
  readonly jax: FrameworkEntry | null;
  /** Flax (`flax.linen`, which re-exports `jax.nn` functions and adds modules such as `PReLU`). */
  readonly flax: FrameworkEntry | null;
  /** TensorFlow.js ops (`tf.*`) and layers (`tf.layers.*`). */
  readonly tfjs: FrameworkEntry | null;
}

/** What the catalog knows about a function, beyond computing it. */
export interface ActivationKnowledge {
  /** One line: what the function does. */
  readonly summary: string;
  /** f(x). */
  readonly formula: Formula;
  /** f′(x) = df/dx, with the value PyTorch uses at kinks. */
  readonly derivativeFormula: Formula;
  readonly properties: ActivationProperties;
  /** When to reach for it. */
  readonly whenToUse: string;
  /** Known problems (dying units, vanishing gradients, cost …). */
  readonly problems: readonly string[];
  /** Relative cost per element on a CPU: `cheap` (compare/multiply), `moderate` (one exp/tanh), `expensive` (erf, several transcendental calls). The Explorer measures the real cost. */
  readonly cost: 'cheap' | 'moderate' | 'expensive';
  /** The paper that introduced it; `null` where no single paper did (identity, log-sigmoid, tanhshrink). */
  readonly paper: Paper | null;
  readonly frameworks: ActivationFrameworks;
  /** Where framework defaults or definitions disagree (the gotchas a hover shows); empty when they agree. */
  readonly defaultsDisagree: readonly string[];
  /** Numerics: PyTorch's rules at kinks and for NaN/±Infinity, and where the catalog is more accurate than PyTorch's float32 kernel. */
  readonly numerics: readonly string[];
}

/** One activation function of the catalog. */
export interface Activation extends ActivationKnowledge {
  /** snake_case id, PyTorch's functional name where one exists (`relu`, `leaky_relu` …). */
  readonly id: string;
  /** Display name (`Leaky ReLU`). */
  readonly name: string;
  /** Other names it is known by across frameworks (`LeakyReLU`, `nn.LeakyReLU`, `tf.nn.leaky_relu` …); `getActivation` resolves each. */
  readonly aliases: readonly string[];
  /** Its parameters, with PyTorch's names and defaults. */
  readonly params: readonly ActivationParam[];
  /** f(x) with float32 semantics: x is rounded to float32 first and the result is a float32 value. */
  forward(x: number, params?: ActivationParams): number;
  /** df/dx with float32 semantics, with PyTorch's values at kinks and for NaN/±Infinity. */
  derivative(x: number, params?: ActivationParams): number;
  /** f over a whole array (what CPU kernels call): `output[i] = f(input[i])`; output may be input. Params are checked once. Returns output. */
  forwardArray(input: Float32Array, output: Float32Array, params?: ActivationParams): Float32Array;
  /** f′ over a whole array: `output[i] = f′(input[i])`; output may be input. Params are checked once. Returns output. */
  derivativeArray(input: Float32Array, output: Float32Array, params?: ActivationParams): Float32Array;
  /** For an activation with a learnable parameter (PReLU): ∂f/∂(that parameter) at x. */
  paramDerivative?(x: number, params?: ActivationParams): number;
  /** ∂f/∂(learnable parameter) over a whole array; output may be input. Returns output. */
  paramDerivativeArray?(input: Float32Array, output: Float32Array, params?: ActivationParams): Float32Array;
  /** Every parameter with its value: the given ones checked, the rest defaulted. Throws on an unknown name or a bad value. */
  resolveParams(params?: ActivationParams): ActivationParams;
  /** The x where f′ jumps for these parameters (PyTorch picks one side there; the fixtures pin which). */
  kinkPoints(params?: ActivationParams): readonly number[];
  /** f, f′ (and ∂f/∂learnable parameter) as WGSL expressions for these parameters, checked and defaulted; what the WebGPU backend fuses into its kernels. */
  wgsl(params?: ActivationParams): WgslActivation;
}
