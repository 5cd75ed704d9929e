// The small set of fused, device-resident operations the trainer is written against. The CPU backend
// implements it on Float32Arrays today; a WebGPU backend implements the same interface on GPU buffers.
//
// Design rules, so a GPU backend can implement this without changing the trainer:
// - Buffers are opaque handles (`DeviceBuffer`). The trainer never touches their memory; it uploads with
//   `write`, and reads back only through `read`, which is asynchronous (a GPU readback).
// - Every kernel is *bound* once, at plan time (trainer creation), to its buffers and static shapes, and
//   returned as a small object whose `run` enqueues it. A GPU backend builds its pipeline, uniform
//   buffer and bind group there; the step loop then only calls `run`, and allocates nothing.
// - Per-step scalars (how many rows this batch has, where its indices start, the optimizer's step count)
//   are `run` arguments, so a GPU backend writes them into a preallocated uniform buffer.
// - Scalar results (loss, gradient norms, counts for metrics) are written into slots of one `metrics`
//   buffer, so a step costs one readback.
// - Layouts are PyTorch's: row-major, batch first, images NCHW, dense weight [out][in], conv weight
//   [out][in][kh][kw]. Buffers sized for `maxRows` rows are run with any `rows <= maxRows`; kernels
//   touch only the first `rows` rows.
import type { Activation, ParamValue } from '../activations';

/** Element type of a device buffer: float32 for tensors and metrics, int32 for indices. */
export type BufferType = 'float32' | 'int32';

/** An opaque handle to a buffer that lives on the backend's device. */
export interface DeviceBuffer {
  /** Number of elements (not bytes). */
  readonly length: number;
  readonly type: BufferType;
  /** What the buffer holds, for error messages and GPU debugging labels. */
  readonly label: string;
}

/** A kernel bound to its buffers; `run(rows)` processes the first `rows` rows of a batch. */
export interface BatchKernel {
  run(rows: number): void;
}

/** A kernel with no per-step argument (a reduction over a whole parameter tensor, a penalty). */
export interface TensorKernel {
  run(): void;
}

/** Copies rows `indices[first] … indices[first + rows − 1]` of a source into rows 0 … rows−1 of a batch. */
export interface GatherKernel {
  run(rows: number, first: number): void;
}

/** An optimizer update of one parameter tensor; `step` counts updates from 1 (Adam's bias correction). */
export interface OptimizerKernel {
  run(step: number): void;
}

/**
 * An activation as a kernel applies it: the catalog record, its parameter values with defaults filled in,
 * and, for an activation with a learnable parameter (PReLU's `weight`), the device buffer holding it.
 */
export interface KernelActivation {
  /** The catalog record: forward, derivative and (for learnable ones) `paramDerivative`. */
  readonly activation: Activation;
  /** Values of its fixed parameters, defaults filled in (learnable ones excluded). */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The learnable parameter, when the activation has one. */
  readonly learnable?: LearnableActivationParameter;
}

/** A learnable activation parameter such as PReLU's `weight`: one value, or one per channel (dim 1). */
export interface LearnableActivationParameter {
  /** Catalog name of the parameter (`weight` for PReLU). */
  readonly name: string;
  /** Its values: length 1 (shared) or the number of channels/units. */
  readonly values: DeviceBuffer;
  /** 1 or the channel count. */
  readonly count: number;
}

/** Shapes of a dense (fully connected) layer: y = f(x·Wᵀ + b). */
export interface DenseShape {
  readonly maxRows: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
}

export interface DenseForwardArgs extends DenseShape {
  /** x, [rows][inFeatures]. */
  readonly input: DeviceBuffer;
  /** W, [outFeatures][inFeatures] (PyTorch's Linear.weight). */
  readonly weight: DeviceBuffer;
  /** b, [outFeatures]. */
  readonly bias: DeviceBuffer;
  /** z = x·Wᵀ + b, [rows][outFeatures], kept for the backward pass and the histograms. */
  readonly preActivation: DeviceBuffer;
  /** a = f(z), [rows][outFeatures]; the same buffer as `preActivation` when there is no activation. */
  readonly output: DeviceBuffer;
  readonly activation: KernelActivation | null;
}

export interface DenseBackwardArgs extends DenseShape {
  readonly input: DeviceBuffer;
  readonly weight: DeviceBuffer;
  readonly preActivation: DeviceBuffer;
  /** dLoss/da, [rows][outFeatures]. */
  readonly outputGrad: DeviceBuffer;
  /** dLoss/dz, [rows][outFeatures]; may be the same buffer as `outputGrad` (computed in place). */
  readonly preActivationGrad: DeviceBuffer;
  /** dLoss/dW, overwritten. */
  readonly weightGrad: DeviceBuffer;
  /** dLoss/db, overwritten. */
  readonly biasGrad: DeviceBuffer;
  /** dLoss/dx, overwritten; null for the first layer (nothing needs it). */
  readonly inputGrad: DeviceBuffer | null;
  readonly activation: KernelActivation | null;
  /** dLoss/d(learnable activation parameter), overwritten; present when the activation has one. */
  readonly learnableGrad?: DeviceBuffer;
}

/** Geometry of a 2-D convolution (PyTorch's Conv2d with square kernel, stride and zero padding). */
export interface Conv2dShape {
  readonly maxRows: number;
  readonly inChannels: number;
  readonly height: number;
  readonly width: number;
  readonly filters: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

export interface Conv2dForwardArgs extends Conv2dShape {
  /** x, [rows][inChannels][height][width]. */
  readonly input: DeviceBuffer;
  /** W, [filters][inChannels][kernelSize][kernelSize]. */
  readonly weight: DeviceBuffer;
  readonly bias: DeviceBuffer;
  /** im2col scratch, [rows·outHeight·outWidth][inChannels·kernelSize²]; kept for the backward pass. */
  readonly columns: DeviceBuffer;
  /** Matmul scratch, [rows·outHeight·outWidth][filters]. */
  readonly product: DeviceBuffer;
  /** z, [rows][filters][outHeight][outWidth]. */
  readonly preActivation: DeviceBuffer;
  /** f(z), same layout; the same buffer as `preActivation` when there is no activation. */
  readonly output: DeviceBuffer;
  readonly activation: KernelActivation | null;
}

export interface Conv2dBackwardArgs extends Conv2dShape {
  /** The forward pass's im2col columns of this batch. */
  readonly columns: DeviceBuffer;
  readonly weight: DeviceBuffer;
  readonly preActivation: DeviceBuffer;
  readonly outputGrad: DeviceBuffer;
  /** dLoss/dz, NCHW; may alias `outputGrad`. */
  readonly preActivationGrad: DeviceBuffer;
  /** Scratch: dLoss/dz transposed to [rows·outHeight·outWidth][filters]. */
  readonly productGrad: DeviceBuffer;
  /** Scratch: dLoss/dcolumns, [rows·outHeight·outWidth][inChannels·kernelSize²]; unused without inputGrad. */
  readonly columnsGrad: DeviceBuffer | null;
  readonly weightGrad: DeviceBuffer;
  readonly biasGrad: DeviceBuffer;
  readonly inputGrad: DeviceBuffer | null;
  readonly activation: KernelActivation | null;
  readonly learnableGrad?: DeviceBuffer;
}

/** Geometry of a max pooling (PyTorch's MaxPool2d, no padding, floor mode). */
export interface MaxPool2dShape {
  readonly maxRows: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly size: number;
  readonly stride: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

export interface MaxPool2dForwardArgs extends MaxPool2dShape {
  readonly input: DeviceBuffer;
  readonly output: DeviceBuffer;
  /** int32, per output element: the flat index (within its channel plane) of the input it took. */
  readonly argmax: DeviceBuffer;
}

export interface MaxPool2dBackwardArgs extends MaxPool2dShape {
  readonly argmax: DeviceBuffer;
  readonly outputGrad: DeviceBuffer;
  /** Overwritten: zero except where a max was taken. */
  readonly inputGrad: DeviceBuffer;
}

/** The losses of the spec, PyTorch's definitions with mean reduction. */
export type LossKind = 'bce_with_logits' | 'cross_entropy' | 'mse';

export interface LossArgs {
  readonly kind: LossKind;
  readonly maxRows: number;
  /** Model outputs (logits), [rows][outputs]. */
  readonly logits: DeviceBuffer;
  /** Targets, [rows][targetWidth]: class indices (width 1) for cross_entropy, else values per output. */
  readonly targets: DeviceBuffer;
  readonly outputs: number;
  readonly targetWidth: number;
  /** dLoss/dlogits of the mean loss, overwritten. */
  readonly logitsGrad: DeviceBuffer;
  /** The mean loss of the batch is written to `metrics[lossSlot]`. */
  readonly metrics: DeviceBuffer;
  readonly lossSlot: number;
}

export interface LossEvaluationArgs {
  readonly kind: LossKind;
  readonly maxRows: number;
  readonly logits: DeviceBuffer;
  readonly targets: DeviceBuffer;
  readonly outputs: number;
  readonly targetWidth: number;
  readonly metrics: DeviceBuffer;
  /** `metrics[lossSumSlot]` += the sum of the per-sample losses (mean over outputs for mse and bce). */
  readonly lossSumSlot: number;
  /**
   * `metrics[correctSlot]` += correct predictions: argmax = class for cross_entropy; for bce, outputs
   * whose sign agrees with the 0/1 target (counted per output). −1 for none (regression).
   */
  readonly correctSlot: number;
}

/** L1 (λ·Σ|w|) or L2 (λ·Σw²) penalty on a weight tensor, added to the loss slot and to the gradient. */
export interface PenaltyArgs {
  readonly kind: 'l1' | 'l2';
  readonly lambda: number;
  readonly weight: DeviceBuffer;
  readonly weightGrad: DeviceBuffer;
  readonly metrics: DeviceBuffer;
  readonly lossSlot: number;
}

/** torch.optim.SGD: momentum (with dampening, optionally Nesterov) and weight decay. */
export interface SgdConfig {
  readonly type: 'sgd';
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

/** torch.optim.Adam (L2-style weight decay added to the gradient, as PyTorch's Adam does). */
export interface AdamConfig {
  readonly type: 'adam';
  readonly lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
}

export type OptimizerConfig = SgdConfig | AdamConfig;

export interface OptimizerArgs {
  readonly config: OptimizerConfig;
  readonly parameter: DeviceBuffer;
  readonly gradient: DeviceBuffer;
  /** Optimizer state, zero-initialised, the parameter's length each: SGD uses one (momentum), Adam two. */
  readonly state: readonly DeviceBuffer[];
}

/** A reduction of a whole tensor into one metrics slot. */
export interface ReductionArgs {
  readonly source: DeviceBuffer;
  readonly metrics: DeviceBuffer;
  readonly slot: number;
}

/** Per-unit activity of a layer output: which units ever output something other than exactly 0. */
export interface UnitActivityArgs {
  readonly maxRows: number;
  /** A layer output, [rows][units][spatial] (spatial = 1 for dense layers; a channel is a unit of a conv). */
  readonly output: DeviceBuffer;
  readonly units: number;
  readonly spatial: number;
  readonly metrics: DeviceBuffer;
  /** `metrics[zeroSlot]` += how many outputs were exactly 0. */
  readonly zeroSlot: number;
  /** `metrics[activeOffset + u]` += how many outputs of unit u were not exactly 0 (NaN counts as not 0). */
  readonly activeOffset: number;
}

/** A histogram with fixed bins, accumulated over batches. */
export interface HistogramArgs {
  readonly maxRows: number;
  readonly source: DeviceBuffer;
  /** Values per row. */
  readonly rowLength: number;
  readonly bins: number;
  readonly min: number;
  readonly max: number;
  readonly metrics: DeviceBuffer;
  /**
   * `metrics[offset + b]` += count in bin b (b < bins, [min + b·w, min + (b+1)·w), the last bin closed);
   * then three more slots: below min, above max, NaN.
   */
  readonly offset: number;
}

export interface GatherArgs {
  readonly source: DeviceBuffer;
  /** int32 row indices into `source`. */
  readonly indices: DeviceBuffer;
  readonly destination: DeviceBuffer;
  readonly rowLength: number;
  readonly maxRows: number;
}

/** A compute backend: buffer management plus kernels bound at plan time. */
export interface Backend {
  /** `'cpu'` or `'webgpu'`. */
  readonly name: string;
  /** A zero-filled buffer. Plan time only: the step loop never allocates. */
  createBuffer(type: BufferType, length: number, label: string): DeviceBuffer;
  /** Host → device copy of `data` into `buffer` starting at element `offset`. */
  write(buffer: DeviceBuffer, data: Float32Array | Int32Array | readonly number[], offset?: number): void;
  /** Zeroes `length` elements from `offset` (all by default); enqueued like a kernel. */
  clear(buffer: DeviceBuffer, offset?: number, length?: number): void;
  /**
   * Device → host copy; resolves after every enqueued kernel that writes the buffer has run. With
   * `target` (at least the buffer's length, same element type) it is filled and returned, so a step's
   * metrics readback allocates nothing; without it a new array is returned.
   */
  read<T extends Float32Array | Int32Array>(buffer: DeviceBuffer, target?: T): Promise<T>;
  /** Synchronous read, only where buffers live in host memory (the CPU backend). */
  readSync?<T extends Float32Array | Int32Array>(buffer: DeviceBuffer, target?: T): T;
  /** Hands enqueued kernels to the device (a GPU queue submit; nothing on the CPU). */
  submit(): void;
  /**
   * Copies `length` elements between two of its buffers, in order with the kernels (optional): a GPU backend keeps
   * each step's metrics on the device this way and reads several steps back at once.
   */
  copyBuffer?(source: DeviceBuffer, sourceOffset: number, destination: DeviceBuffer, destinationOffset: number, length: number): void;
  /** Resolves once every kernel bound so far compiled and validated (GPU backends); rejects with the compiler's messages. */
  ready?(): Promise<void>;
  /** Resolves with the reason when the device is lost (GPU backends); never for a backend's own dispose(). */
  readonly lost?: Promise<string>;
  /** Frees one buffer. */
  destroyBuffer(buffer: DeviceBuffer): void;

  gatherRows(args: GatherArgs): GatherKernel;
  denseForward(args: DenseForwardArgs): BatchKernel;
  denseBackward(args: DenseBackwardArgs): BatchKernel;
  conv2dForward(args: Conv2dForwardArgs): BatchKernel;
  conv2dBackward(args: Conv2dBackwardArgs): BatchKernel;
  maxPool2dForward(args: MaxPool2dForwardArgs): BatchKernel;
  maxPool2dBackward(args: MaxPool2dBackwardArgs): BatchKernel;
  /** Mean loss of a batch into a metrics slot, and its gradient with respect to the logits. */
  loss(args: LossArgs): BatchKernel;
  /** Accumulates summed loss and correct predictions over evaluation batches. */
  lossEvaluation(args: LossEvaluationArgs): BatchKernel;
  penalty(args: PenaltyArgs): TensorKernel;
  optimizer(args: OptimizerArgs): OptimizerKernel;
  /** `metrics[slot]` = Σ x² over the source (a squared gradient norm). */
  sumOfSquares(args: ReductionArgs): TensorKernel;
  /** `metrics[slot]` += how many elements of the source are NaN or ±Infinity. */
  countNonFinite(args: ReductionArgs): TensorKernel;
  unitActivity(args: UnitActivityArgs): BatchKernel;
  histogram(args: HistogramArgs): BatchKernel;
  /** Frees every buffer this backend created. */
  dispose(): void;
}
