// The trainer: builds a plan of device buffers and bound kernels once, from a checked spec, then runs
// optimizer steps against the Backend interface — gather a batch, forward, loss, backward, penalty,
// update — with all diagnostics written to one metrics buffer and read back once per step.
import { createCpuBackend } from '../backends/cpu';
import { requestWebGpuBackend } from '../backends/webgpu';
import type { Backend, BatchKernel, DeviceBuffer, GatherKernel, KernelActivation, OptimizerKernel, TensorKernel } from '../backends/types';
import type { Dataset } from '../data';
import type { NestedNumbers } from '../protocol/spec';
import type { ActivationLookup } from './activation';
import { describeActivation } from './activation';
import { DeviceFallbackTrainer, type ResumableTrainer, type TrainerCheckpoint } from './fallback';
import { flattenNested, toNested } from './init';
import { divergenceMessage, MetricsLayout, type Divergence, type ModelParameters, type PreActivationHistogram, type StepMetrics } from './metrics';
import { sizeOf, type LayerPlan } from './model';
import { optimizerStateCount } from './optimizers';
import { prepareSpec, type PreparedSpec } from './prepare';
import { Random } from './random';
import { yieldToEventLoop } from './schedule';

/** Which backend runs the training: the CPU, WebGPU, or `auto` (WebGPU when available, else the CPU). */
export type BackendName = 'cpu' | 'webgpu' | 'auto';

/** Anything shaped like an AbortSignal: `aborted` turns true when the run should stop. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export interface TrainerOptions {
  /** Default `cpu`. */
  readonly backend?: BackendName;
  /** An activation lookup to use instead of the built-in catalog (custom activations, tests). */
  readonly activations?: ActivationLookup;
  /** The WebGPU entry point for `webgpu`/`auto`: default `navigator.gpu` (in Node, pass `create([])` of the `webgpu` package); null for none. */
  readonly gpu?: GPU | null;
  /** A WebGPU device to train on instead of requesting one (shared by trainers; not destroyed on dispose). */
  readonly device?: GPUDevice;
  /** On WebGPU, longest time between parameter readbacks (checkpoints a lost device falls back to), default 2000 ms. */
  readonly checkpointEveryMs?: number;
}

/** Progress reported after each step. */
export interface StepProgress {
  /** Steps taken so far (this one included). */
  readonly step: number;
  /** Steps the run will take. */
  readonly steps: number;
}

export interface RunOptions {
  /** Called after every step with its history entry. */
  readonly onStep?: (entry: StepMetrics, progress: StepProgress) => void;
  /** Stops the run before the next step once aborted; the run then rejects with a `TrainingCancelledError`. */
  readonly signal?: AbortSignalLike;
  /** Longest stretch of work, in milliseconds, before yielding to the event loop (default 16). */
  readonly yieldEveryMs?: number;
}

/** A layer as the panels describe it. */
export interface LayerSummary {
  readonly index: number;
  readonly type: LayerPlan['type'];
  readonly outputShape: readonly number[];
  /** The activation as written, e.g. `leaky_relu(negative_slope=0.2)`; absent when the layer has none. */
  readonly activation?: string;
  readonly hidden: boolean;
}

/** The run was cancelled through its signal; `history` holds the steps it took. */
export class TrainingCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor(
    readonly history: StepMetrics[],
    readonly steps: number,
  ) {
    super(`training was cancelled after ${history.length} of ${steps} steps`);
  }
}

/** A model in training, one step at a time (see API.md, "Step by step"). */
export interface Trainer {
  /** The dataset being trained on (training and test splits, 2-D points for plots). */
  readonly data: Dataset;
  /** The layers in order. */
  readonly layers: readonly LayerSummary[];
  /** Positions in `layers` of the entries of `gradNorm` (dense/conv2d layers). */
  readonly parametricLayers: readonly number[];
  /** Positions in `layers` of the entries of `deadFraction` and `sparsity` (hidden layers with an activation). */
  readonly hiddenLayers: readonly number[];
  /** Steps the spec asks for. */
  readonly steps: number;
  /** Steps taken so far. */
  readonly stepCount: number;
  /** Set once a loss or a parameter became NaN/Infinity; no further step runs. */
  readonly diverged: Divergence | null;
  /** The backend training runs on now (a lost WebGPU device switches it to the CPU). */
  readonly backendName: 'cpu' | 'webgpu';
  /** Why that backend: "CPU chosen", "WebGPU unavailable: no adapter", "software adapter — CPU is faster", "WebGPU: <adapter>" … */
  readonly backendReason: string;
  /** One optimizer step; resolves to that step's history entry (measured before the update). */
  step(): Promise<StepMetrics>;
  /** `count` steps (default: the rest of the spec's steps), yielding to the event loop between chunks. */
  run(count?: number, options?: RunOptions): Promise<StepMetrics[]>;
  /** Every diagnostic for the current parameters, without an update (the next step's batch for loss and gradNorm). */
  measure(): Promise<StepMetrics>;
  /** Current parameters, PyTorch layout (synchronous on the CPU backend). */
  parameters(): ModelParameters;
  /** Current parameters, on any backend. */
  readParameters(): Promise<ModelParameters>;
  /** Model outputs for inputs `x` (rows of the model's input; a flat Float32Array gives a flat Float32Array). */
  evaluate(x: Float32Array): Float32Array;
  evaluate(x: readonly NestedNumbers[]): number[][];
  dispose(): void;
}

/** A backend and why it was chosen. */
export interface SelectedBackend {
  readonly backend: Backend;
  readonly name: 'cpu' | 'webgpu';
  readonly reason: string;
}

/**
 * The backend for a name: `cpu`; `webgpu` on any adapter (a software one too), rejecting with the reason when there
 * is none; `auto`: WebGPU on a hardware adapter, else the CPU, saying why.
 */
export async function createBackend(name: unknown = 'cpu', options: Pick<TrainerOptions, 'gpu' | 'device'> = {}): Promise<SelectedBackend> {
  if (name === 'cpu') return { backend: createCpuBackend(), name: 'cpu', reason: 'CPU chosen' };
  if (name !== 'webgpu' && name !== 'auto') throw new Error(`options.backend must be "cpu", "webgpu" or "auto" (got ${JSON.stringify(name)})`);
  const choice = await requestWebGpuBackend({ mode: name, gpu: options.gpu, device: options.device });
  if (choice.backend) return { backend: choice.backend, name: 'webgpu', reason: choice.reason };
  if (name === 'auto') return { backend: createCpuBackend(), name: 'cpu', reason: choice.reason };
  throw new Error(`backend "webgpu": ${choice.reason}; use backend "cpu", or "auto", which falls back to the CPU`);
}

/** Longest run of steps whose metrics a WebGPU trainer reads back at once (when metricsEvery allows). */
const MAX_READBACK_WINDOW = 32;

/** Buffers of one layer's parameters, their gradients and their optimizer state. */
interface ParameterBuffers {
  readonly layer: LayerPlan;
  readonly weight: DeviceBuffer;
  readonly bias: DeviceBuffer;
  readonly learnable: DeviceBuffer | null;
  readonly weightGrad: DeviceBuffer;
  readonly biasGrad: DeviceBuffer;
  readonly learnableGrad: DeviceBuffer | null;
  readonly activation: KernelActivation | null;
}

/** A forward pass bound to buffers for `maxRows` rows. */
interface ForwardPlan {
  readonly maxRows: number;
  /** values[k]: the input of layer k (values[0] is the model input); values[L] the model's output. */
  readonly values: DeviceBuffer[];
  /** Each layer's pre-activation (its output when it has no activation), null for pooling/flatten. */
  readonly pre: (DeviceBuffer | null)[];
  /** im2col columns of conv layers, argmax of pooling layers. */
  readonly columns: (DeviceBuffer | null)[];
  readonly argmax: (DeviceBuffer | null)[];
  readonly kernels: BatchKernel[];
}

class NetworkTrainer implements ResumableTrainer {
  readonly data: Dataset;
  readonly layers: LayerSummary[];
  readonly parametricLayers: number[];
  readonly hiddenLayers: number[];
  readonly steps: number;
  readonly backendName: 'cpu' | 'webgpu';
  readonly backendReason: string;
  private t = 0;
  private divergence: Divergence | null = null;
  private disposed = false;

  private readonly inputSize: number;
  private readonly params: ParameterBuffers[];
  private readonly metrics: DeviceBuffer;
  private readonly metricsHost: Float32Array;
  private readonly train: ForwardPlan;
  private readonly evaluation: ForwardPlan;
  private readonly trainOrder: DeviceBuffer;
  private readonly orderHost: Int32Array;
  private readonly shuffleRandom: Random;
  private orderEpoch = -1;
  /** The current step's batch: its row count and where its indices start in the batch order (set by loadBatch). */
  private batchRows = 0;
  private batchFirst = 0;
  private readonly gatherBatch: GatherKernel;
  private readonly gatherBatchTargets: GatherKernel;
  private readonly lossKernel: BatchKernel;
  private readonly backward: BatchKernel[];
  private readonly penalties: TensorKernel[];
  private readonly gradNorms: TensorKernel[];
  private readonly optimizers: OptimizerKernel[];
  /** Each optimizer's state buffers (momentum, Adam's moments), for checkpoints. */
  private readonly optimizerStates: DeviceBuffer[][];
  /** On a backend that reads asynchronously with metricsEvery > 1: steps per readback, and their metrics on the device. */
  private readonly readbackWindow: { readonly steps: number; readonly history: DeviceBuffer; readonly host: Float32Array } | null;
  private readonly nonFinite: TensorKernel[];
  private readonly evalPasses: { gather: GatherKernel; gatherTargets: GatherKernel; count: number; loss: BatchKernel; measureUnits: boolean }[];
  private readonly unitKernels: BatchKernel[];
  private readonly slots: {
    loss: number;
    gradNorm: number[];
    nonFinite: number;
    trainLoss: number;
    trainCorrect: number;
    testLoss: number;
    testCorrect: number;
    zeros: number[];
    active: number[];
    histograms: number[];
  };

  constructor(
    private readonly prepared: PreparedSpec,
    private readonly backend: Backend,
    selection: { readonly name: 'cpu' | 'webgpu'; readonly reason: string } = { name: 'cpu', reason: 'CPU chosen' },
  ) {
    this.backendName = selection.name;
    this.backendReason = selection.reason;
    const { model, data, targets, batchSize } = prepared;
    this.data = data;
    this.steps = prepared.steps;
    this.inputSize = sizeOf(model.inputShape);
    this.layers = model.layers.map((l) => ({
      index: l.index,
      type: l.type,
      outputShape: l.outputShape,
      hidden: l.hidden,
      ...(l.activation ? { activation: describeActivation(l.activation) } : {}),
    }));
    this.parametricLayers = model.parametric.map((l) => l.index);
    this.hiddenLayers = model.hiddenActivated.map((l) => l.index);
    const b = backend;

    // Data lives on the device for the whole run; batches are gathered from it by index.
    const upload = (values: Float32Array, label: string): DeviceBuffer => {
      const buffer = b.createBuffer('float32', Math.max(1, values.length), label);
      b.write(buffer, values);
      return buffer;
    };
    const identity = (count: number, label: string): DeviceBuffer => {
      const buffer = b.createBuffer('int32', Math.max(1, count), label);
      b.write(buffer, Int32Array.from({ length: count }, (_, i) => i));
      return buffer;
    };
    const trainX = upload(data.train.x, 'training inputs');
    const trainY = upload(targets.train, 'training targets');
    const testX = data.test ? upload(data.test.x, 'test inputs') : null;
    const testY = data.test && targets.test ? upload(targets.test, 'test targets') : null;
    this.orderHost = Int32Array.from({ length: data.train.count }, (_, i) => i);
    this.trainOrder = b.createBuffer('int32', data.train.count, 'batch order');
    b.write(this.trainOrder, this.orderHost);
    this.shuffleRandom = new Random(prepared.seed, 'shuffle');

    // Parameters, gradients, learnable activation parameters.
    this.params = model.parametric.map((layer, i) => {
      const initial = prepared.initial[i];
      const size = sizeOf(layer.weightShape);
      const weight = upload(initial.weight, `${layer.path}.weight`);
      const bias = upload(initial.bias, `${layer.path}.bias`);
      const learnable = initial.learnable ? upload(initial.learnable, `${layer.path}.activation parameter`) : null;
      const plan = layer.activation;
      const activation: KernelActivation | null = plan
        ? {
            activation: plan.activation,
            params: plan.params,
            ...(plan.learnable && learnable ? { learnable: { name: plan.learnable.name, values: learnable, count: plan.learnable.count } } : {}),
          }
        : null;
      return {
        layer,
        weight,
        bias,
        learnable,
        weightGrad: b.createBuffer('float32', size, `${layer.path}.weight gradient`),
        biasGrad: b.createBuffer('float32', layer.channels, `${layer.path}.bias gradient`),
        learnableGrad: learnable ? b.createBuffer('float32', learnable.length, `${layer.path}.activation parameter gradient`) : null,
        activation,
      };
    });

    // The metrics buffer: every number a step reports has a slot.
    const layout = new MetricsLayout();
    const { bins } = prepared.histogram;
    this.slots = {
      loss: layout.take(),
      gradNorm: this.params.map(() => layout.take()),
      nonFinite: layout.take(),
      trainLoss: layout.take(),
      trainCorrect: layout.take(),
      testLoss: layout.take(),
      testCorrect: layout.take(),
      zeros: model.hiddenActivated.map(() => layout.take()),
      active: model.hiddenActivated.map((l) => layout.take(l.channels)),
      histograms: model.activated.map(() => layout.take(bins + 3)),
    };
    this.metrics = b.createBuffer('float32', layout.size, 'metrics');
    this.metricsHost = new Float32Array(layout.size);
    const windowSteps = Math.min(prepared.metricsEvery, MAX_READBACK_WINDOW);
    this.readbackWindow =
      !b.readSync && b.copyBuffer && windowSteps > 1
        ? { steps: windowSteps, history: b.createBuffer('float32', windowSteps * layout.size, 'metrics of recent steps'), host: new Float32Array(windowSteps * layout.size) }
        : null;

    // Training: forward, loss, backward, penalty, gradient norms, optimizer, divergence check.
    this.train = this.buildForward(batchSize, 'batch');
    const targetBatch = b.createBuffer('float32', batchSize * targets.width, 'batch targets');
    this.gatherBatch = b.gatherRows({ source: trainX, indices: this.trainOrder, destination: this.train.values[0], rowLength: this.inputSize, maxRows: batchSize });
    this.gatherBatchTargets = b.gatherRows({ source: trainY, indices: this.trainOrder, destination: targetBatch, rowLength: targets.width, maxRows: batchSize });
    const grads = this.buildGradients(batchSize);
    const L = model.layers.length;
    this.lossKernel = b.loss({
      kind: prepared.spec.loss,
      maxRows: batchSize,
      logits: this.train.values[L],
      targets: targetBatch,
      outputs: model.outputs,
      targetWidth: targets.width,
      logitsGrad: grads[L]!,
      metrics: this.metrics,
      lossSlot: this.slots.loss,
    });
    this.backward = this.buildBackward(batchSize, grads);
    const reg = prepared.regularization;
    this.penalties = reg ? this.params.map((p) => b.penalty({ kind: reg.type, lambda: reg.lambda, weight: p.weight, weightGrad: p.weightGrad, metrics: this.metrics, lossSlot: this.slots.loss })) : [];
    this.gradNorms = this.params.map((p, i) => b.sumOfSquares({ source: p.weightGrad, metrics: this.metrics, slot: this.slots.gradNorm[i] }));
    const stateCount = optimizerStateCount(prepared.optimizer);
    const tensors = this.params.flatMap((p) => [
      [p.weight, p.weightGrad],
      [p.bias, p.biasGrad],
      ...(p.learnable && p.learnableGrad ? [[p.learnable, p.learnableGrad]] : []),
    ]);
    this.optimizerStates = tensors.map(([parameter]) => Array.from({ length: stateCount }, (_, k) => b.createBuffer('float32', parameter.length, `${parameter.label} optimizer state ${k}`)));
    this.optimizers = tensors.map(([parameter, gradient], i) => b.optimizer({ config: prepared.optimizer, parameter, gradient, state: this.optimizerStates[i] }));
    this.nonFinite = tensors.map(([parameter]) => b.countNonFinite({ source: parameter, metrics: this.metrics, slot: this.slots.nonFinite }));

    // Evaluation over whole splits, in chunks: dead units, sparsity, histograms, loss and accuracy.
    const evalRows = Math.max(1, Math.min(512, Math.max(data.train.count, data.test?.count ?? 0)));
    this.evaluation = this.buildForward(evalRows, 'evaluation');
    const evalTargets = b.createBuffer('float32', evalRows * targets.width, 'evaluation targets');
    const evalLoss = (lossSumSlot: number, correctSlot: number) =>
      b.lossEvaluation({
        kind: prepared.spec.loss,
        maxRows: evalRows,
        logits: this.evaluation.values[L],
        targets: evalTargets,
        outputs: model.outputs,
        targetWidth: targets.width,
        metrics: this.metrics,
        lossSumSlot,
        correctSlot: targets.accuracyPerSample > 0 ? correctSlot : -1,
      });
    const pass = (x: DeviceBuffer, y: DeviceBuffer, count: number, lossSlot: number, correctSlot: number, measureUnits: boolean, label: string) => {
      const indices = identity(count, `${label} order`);
      return {
        gather: b.gatherRows({ source: x, indices, destination: this.evaluation.values[0], rowLength: this.inputSize, maxRows: evalRows }),
        gatherTargets: b.gatherRows({ source: y, indices, destination: evalTargets, rowLength: targets.width, maxRows: evalRows }),
        count,
        loss: evalLoss(lossSlot, correctSlot),
        measureUnits,
      };
    };
    this.evalPasses = [pass(trainX, trainY, data.train.count, this.slots.trainLoss, this.slots.trainCorrect, true, 'training set')];
    if (testX && testY && data.test) this.evalPasses.push(pass(testX, testY, data.test.count, this.slots.testLoss, this.slots.testCorrect, false, 'test set'));
    this.unitKernels = [
      ...model.hiddenActivated.map((layer, i) =>
        b.unitActivity({
          maxRows: evalRows,
          output: this.evaluation.values[layer.index + 1],
          units: layer.channels,
          spatial: layer.spatial,
          metrics: this.metrics,
          zeroSlot: this.slots.zeros[i],
          activeOffset: this.slots.active[i],
        }),
      ),
      ...model.activated.map((layer, i) =>
        b.histogram({
          maxRows: evalRows,
          source: this.evaluation.pre[layer.index]!,
          rowLength: sizeOf(layer.outputShape),
          bins,
          min: prepared.histogram.min,
          max: prepared.histogram.max,
          metrics: this.metrics,
          offset: this.slots.histograms[i],
        }),
      ),
    ];
  }

  /** Buffers and forward kernels of the whole model for `maxRows` rows. */
  private buildForward(maxRows: number, label: string): ForwardPlan {
    const b = this.backend;
    const { model } = this.prepared;
    const values: DeviceBuffer[] = [b.createBuffer('float32', maxRows * this.inputSize, `${label} inputs`)];
    const pre: (DeviceBuffer | null)[] = [];
    const columns: (DeviceBuffer | null)[] = [];
    const argmax: (DeviceBuffer | null)[] = [];
    const kernels: BatchKernel[] = [];
    for (const layer of model.layers) {
      const input = values[layer.index];
      const outSize = maxRows * sizeOf(layer.outputShape);
      const name = `${label} ${layer.path}`;
      if (layer.type === 'flatten') {
        // Row-major [C][H][W] is already the flattened vector: the same buffer.
        values.push(input);
        pre.push(null);
        columns.push(null);
        argmax.push(null);
        continue;
      }
      if (layer.type === 'maxpool2d') {
        const output = b.createBuffer('float32', outSize, `${name} output`);
        const indices = b.createBuffer('int32', outSize, `${name} argmax`);
        const [channels, height, width] = layer.inputShape;
        kernels.push(
          b.maxPool2dForward({ maxRows, channels, height, width, size: layer.kernelSize, stride: layer.stride, outHeight: layer.outputShape[1], outWidth: layer.outputShape[2], input, output, argmax: indices }),
        );
        values.push(output);
        pre.push(null);
        columns.push(null);
        argmax.push(indices);
        continue;
      }
      const p = this.params[layer.parameterIndex];
      const preActivation = b.createBuffer('float32', outSize, `${name} pre-activation`);
      const output = layer.activation ? b.createBuffer('float32', outSize, `${name} output`) : preActivation;
      if (layer.type === 'dense') {
        kernels.push(b.denseForward({ maxRows, inFeatures: layer.inputShape[0], outFeatures: layer.channels, input, weight: p.weight, bias: p.bias, preActivation, output, activation: p.activation }));
        columns.push(null);
      } else {
        const geometry = this.convGeometry(layer, maxRows);
        const positions = geometry.outHeight * geometry.outWidth;
        const cols = b.createBuffer('float32', maxRows * positions * layer.fanIn, `${name} columns`);
        const product = b.createBuffer('float32', maxRows * positions * layer.channels, `${name} product`);
        kernels.push(b.conv2dForward({ ...geometry, input, weight: p.weight, bias: p.bias, columns: cols, product, preActivation, output, activation: p.activation }));
        columns.push(cols);
      }
      values.push(output);
      pre.push(preActivation);
      argmax.push(null);
    }
    return { maxRows, values, pre, columns, argmax, kernels };
  }

  private convGeometry(layer: LayerPlan, maxRows: number) {
    const [inChannels, height, width] = layer.inputShape;
    return {
      maxRows,
      inChannels,
      height,
      width,
      filters: layer.channels,
      kernelSize: layer.kernelSize,
      stride: layer.stride,
      padding: layer.padding,
      outHeight: layer.outputShape[1],
      outWidth: layer.outputShape[2],
    };
  }

  /** grads[k]: dLoss/d(values[k]), for the tensors the backward pass reaches (flatten shares its input's). */
  private buildGradients(maxRows: number): (DeviceBuffer | null)[] {
    const { model } = this.prepared;
    const first = model.parametric[0].index;
    const grads: (DeviceBuffer | null)[] = [null];
    for (const layer of model.layers) {
      if (layer.index < first) grads.push(null);
      else if (layer.type === 'flatten') grads.push(grads[layer.index]);
      else grads.push(this.backend.createBuffer('float32', maxRows * sizeOf(layer.outputShape), `batch ${layer.path} output gradient`));
    }
    return grads;
  }

  /** Backward kernels from the last layer down to the first parametric one, in that order. */
  private buildBackward(maxRows: number, grads: (DeviceBuffer | null)[]): BatchKernel[] {
    const b = this.backend;
    const { model } = this.prepared;
    const first = model.parametric[0].index;
    const kernels: BatchKernel[] = [];
    for (let i = model.layers.length - 1; i >= first; i--) {
      const layer = model.layers[i];
      const outputGrad = grads[i + 1]!;
      const inputGrad = i > first ? grads[i] : null;
      if (layer.type === 'flatten') continue;
      if (layer.type === 'maxpool2d') {
        const [channels, height, width] = layer.inputShape;
        if (inputGrad) {
          kernels.push(
            b.maxPool2dBackward({ maxRows, channels, height, width, size: layer.kernelSize, stride: layer.stride, outHeight: layer.outputShape[1], outWidth: layer.outputShape[2], argmax: this.train.argmax[i]!, outputGrad, inputGrad }),
          );
        }
        continue;
      }
      const p = this.params[layer.parameterIndex];
      const common = {
        weight: p.weight,
        preActivation: this.train.pre[i]!,
        outputGrad,
        preActivationGrad: outputGrad,
        weightGrad: p.weightGrad,
        biasGrad: p.biasGrad,
        inputGrad,
        activation: p.activation,
        ...(p.learnableGrad ? { learnableGrad: p.learnableGrad } : {}),
      };
      if (layer.type === 'dense') {
        kernels.push(b.denseBackward({ ...common, maxRows, inFeatures: layer.inputShape[0], outFeatures: layer.channels, input: this.train.values[i] }));
      } else {
        const geometry = this.convGeometry(layer, maxRows);
        const positions = geometry.outHeight * geometry.outWidth;
        kernels.push(
          b.conv2dBackward({
            ...common,
            ...geometry,
            columns: this.train.columns[i]!,
            productGrad: b.createBuffer('float32', maxRows * positions * layer.channels, `batch ${layer.path} product gradient`),
            columnsGrad: inputGrad ? b.createBuffer('float32', maxRows * positions * layer.fanIn, `batch ${layer.path} columns gradient`) : null,
          }),
        );
      }
    }
    return kernels;
  }

  get stepCount(): number {
    return this.t;
  }

  get diverged(): Divergence | null {
    return this.divergence;
  }

  private checkUsable(): void {
    if (this.disposed) throw new Error('this trainer was disposed; create a new one with createTrainer(spec)');
  }

  /**
   * Sets `batchRows` and `batchFirst` to step t's batch, loading the batch order of the epoch t falls in (a new seeded
   * permutation per epoch when shuffling).
   */
  private loadBatch(t: number): void {
    const { batchSize, batchesPerEpoch, shuffle } = this.prepared;
    const count = this.data.train.count;
    const epoch = Math.floor(t / batchesPerEpoch);
    const index = t % batchesPerEpoch;
    if (shuffle && this.orderEpoch < epoch) {
      while (this.orderEpoch < epoch) {
        for (let i = 0; i < count; i++) this.orderHost[i] = i;
        this.shuffleRandom.shuffle(this.orderHost);
        this.orderEpoch++;
      }
      this.backend.write(this.trainOrder, this.orderHost);
    }
    this.batchFirst = index * batchSize;
    this.batchRows = Math.min(batchSize, count - this.batchFirst);
  }

  /** Enqueues the full-split evaluation passes (metrics slots for dead units, sparsity, histograms, accuracy). */
  private enqueueEvaluation(): void {
    const { maxRows } = this.evaluation;
    for (const evalPass of this.evalPasses) {
      for (let first = 0; first < evalPass.count; first += maxRows) {
        const rows = Math.min(maxRows, evalPass.count - first);
        evalPass.gather.run(rows, first);
        evalPass.gatherTargets.run(rows, first);
        for (const kernel of this.evaluation.kernels) kernel.run(rows);
        evalPass.loss.run(rows);
        if (evalPass.measureUnits) for (const kernel of this.unitKernels) kernel.run(rows);
      }
    }
  }

  /** Enqueues step t's batch: forward, loss, backward, penalty and gradient norms. */
  private enqueueGradients(t: number): void {
    this.loadBatch(t);
    const rows = this.batchRows;
    this.gatherBatch.run(rows, this.batchFirst);
    this.gatherBatchTargets.run(rows, this.batchFirst);
    const forward = this.train.kernels;
    for (let k = 0; k < forward.length; k++) forward[k].run(rows);
    this.lossKernel.run(rows);
    const backward = this.backward;
    for (let k = 0; k < backward.length; k++) backward[k].run(rows);
    for (let k = 0; k < this.penalties.length; k++) this.penalties[k].run();
    for (let k = 0; k < this.gradNorms.length; k++) this.gradNorms[k].run();
  }

  /**
   * Enqueues the current step's work — evaluation passes when `full`, the batch's gradients, the update when
   * `update`, the divergence check — into a cleared metrics buffer, and submits it. Allocates nothing.
   */
  private enqueueStep(update: boolean, full: boolean): void {
    const t = this.t;
    // A step without the evaluation passes writes only the loss, gradient-norm and non-finite slots, which come first.
    this.backend.clear(this.metrics, 0, full ? this.metrics.length : this.slots.nonFinite + 1);
    if (full) this.enqueueEvaluation();
    this.enqueueGradients(t);
    if (update) for (let k = 0; k < this.optimizers.length; k++) this.optimizers[k].run(t + 1);
    for (let k = 0; k < this.nonFinite.length; k++) this.nonFinite[k].run();
    this.backend.submit();
  }

  private async measureStep(update: boolean, full: boolean): Promise<StepMetrics> {
    const t = this.t;
    this.enqueueStep(update, full);
    await this.backend.read(this.metrics, this.metricsHost);
    return this.entry(t, full);
  }

  /** `measureStep` on a backend that reads synchronously (buffers in host memory): no promise per step. */
  private measureStepSync(update: boolean, full: boolean, readSync: NonNullable<Backend['readSync']>): StepMetrics {
    const t = this.t;
    this.enqueueStep(update, full);
    readSync.call(this.backend, this.metrics, this.metricsHost);
    return this.entry(t, full);
  }

  /** The history entry for step t from the metrics buffer. */
  private entry(t: number, full: boolean): StepMetrics {
    const m = this.metricsHost;
    const s = this.slots;
    const gradNorm: number[] = [];
    for (let i = 0; i < s.gradNorm.length; i++) gradNorm.push(Math.sqrt(m[s.gradNorm[i]]));
    if (!full) return { step: t, loss: m[s.loss], gradNorm };
    const { model, targets } = this.prepared;
    const train = this.data.train.count;
    const deadFraction = model.hiddenActivated.map((layer, i) => {
      let dead = 0;
      for (let u = 0; u < layer.channels; u++) if (m[s.active[i] + u] === 0) dead++;
      return dead / layer.channels;
    });
    const sparsity = model.hiddenActivated.map((layer, i) => m[s.zeros[i]] / (train * layer.channels * layer.spatial));
    const { bins, min, max } = this.prepared.histogram;
    const histograms: PreActivationHistogram[] = model.activated.map((layer, i) => {
      const o = s.histograms[i];
      return { layer: layer.index, min, max, counts: Array.from(m.subarray(o, o + bins)), below: m[o + bins], above: m[o + bins + 1], nan: m[o + bins + 2] };
    });
    const perSample = targets.accuracyPerSample;
    const test = this.data.test?.count ?? 0;
    return {
      step: t,
      loss: m[s.loss],
      gradNorm,
      deadFraction,
      sparsity,
      ...(perSample > 0 ? { accuracy: m[s.trainCorrect] / (train * perSample) } : {}),
      trainLoss: m[s.trainLoss] / train,
      ...(test > 0 && perSample > 0 ? { testAccuracy: m[s.testCorrect] / (test * perSample) } : {}),
      ...(test > 0 ? { testLoss: m[s.testLoss] / test } : {}),
      histograms,
    };
  }

  /** Throws unless another step may run. */
  private checkCanStep(): void {
    this.checkUsable();
    if (this.divergence) throw new Error(`${this.divergence.message}; no further steps run (create a new trainer to start again)`);
  }

  /** Advances past step t, whose entry this is, and records a divergence it revealed. */
  private finishStep(t: number, entry: StepMetrics): StepMetrics {
    this.t = t + 1;
    const loss = entry.loss;
    const reason = !Number.isFinite(loss) ? `loss is ${loss}` : this.metricsHost[this.slots.nonFinite] > 0 ? 'parameters became NaN or Infinity' : null;
    if (reason) this.divergence = { step: t, reason, message: divergenceMessage(t, reason, this.prepared.optimizer) };
    return entry;
  }

  /** One step on a backend that reads synchronously: the whole step runs now, with no promise. */
  private stepSync(readSync: NonNullable<Backend['readSync']>): StepMetrics {
    this.checkCanStep();
    const t = this.t;
    return this.finishStep(t, this.measureStepSync(true, t % this.prepared.metricsEvery === 0, readSync));
  }

  private async stepAsync(): Promise<StepMetrics> {
    this.checkCanStep();
    const t = this.t;
    return this.finishStep(t, await this.measureStep(true, t % this.prepared.metricsEvery === 0));
  }

  step(): Promise<StepMetrics> {
    const readSync = this.backend.readSync;
    if (!readSync) return this.stepAsync();
    try {
      return Promise.resolve(this.stepSync(readSync));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async run(count = Math.max(0, this.steps - this.t), options: RunOptions = {}): Promise<StepMetrics[]> {
    this.checkUsable();
    if (!Number.isInteger(count) || count < 0) throw new Error(`run(count): count must be a non-negative integer (got ${count})`);
    const { onStep, signal, yieldEveryMs = 16 } = options;
    if (onStep !== undefined && typeof onStep !== 'function') throw new Error(`onStep must be a function (got ${typeof onStep})`);
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
      throw new Error('signal must be an AbortSignal (an object with a boolean `aborted`)');
    }
    if (this.readbackWindow) return this.runWindowed(count, options);
    const history: StepMetrics[] = [];
    const readSync = this.backend.readSync;
    let sliceStart = Date.now();
    for (let i = 0; i < count && !this.divergence; i++) {
      if (signal?.aborted) throw new TrainingCancelledError(history, count);
      const entry = readSync ? this.stepSync(readSync) : await this.stepAsync();
      history.push(entry);
      onStep?.(entry, { step: i + 1, steps: count });
      if (Date.now() - sliceStart >= yieldEveryMs) {
        await yieldToEventLoop();
        sliceStart = Date.now();
      }
    }
    if (signal?.aborted && history.length < count && !this.divergence) throw new TrainingCancelledError(history, count);
    return history;
  }

  /**
   * `run` on a backend that reads asynchronously, when metricsEvery > 1: each step's metrics are copied into a
   * history buffer on the device and read back once per window of steps. A divergence is found at the window's
   * readback: its step ends the history as usual, but the device has run the window's later steps too.
   */
  private async runWindowed(count: number, options: RunOptions): Promise<StepMetrics[]> {
    const { onStep, signal, yieldEveryMs = 16 } = options;
    const window = this.readbackWindow!;
    const size = this.metricsHost.length;
    const every = this.prepared.metricsEvery;
    const history: StepMetrics[] = [];
    let sliceStart = Date.now();
    while (history.length < count && !this.divergence) {
      if (signal?.aborted) throw new TrainingCancelledError(history, count);
      this.checkCanStep();
      const first = this.t;
      // Windows end at multiples of the window (steps 9, 19, … for 10), so readbacks do not depend on how runs are split.
      const steps = Math.min(window.steps - (first % window.steps), count - history.length);
      for (let k = 0; k < steps; k++) {
        this.t = first + k;
        this.enqueueStep(true, this.t % every === 0);
        this.backend.copyBuffer!(this.metrics, 0, window.history, k * size, size);
      }
      this.t = first;
      await this.backend.read(window.history, window.host);
      for (let k = 0; k < steps && !this.divergence; k++) {
        const t = first + k;
        this.metricsHost.set(window.host.subarray(k * size, (k + 1) * size));
        const entry = this.finishStep(t, this.entry(t, t % every === 0));
        history.push(entry);
        onStep?.(entry, { step: history.length, steps: count });
      }
      if (Date.now() - sliceStart >= yieldEveryMs) {
        await yieldToEventLoop();
        sliceStart = Date.now();
      }
    }
    if (signal?.aborted && history.length < count && !this.divergence) throw new TrainingCancelledError(history, count);
    return history;
  }

  /** Steps whose metrics are read back at once (1 when every step is read). */
  get readbackSteps(): number {
    return this.readbackWindow?.steps ?? 1;
  }

  /** Every parameter and optimizer-state tensor, read back, with the step count (to continue on another backend). */
  async checkpoint(): Promise<TrainerCheckpoint> {
    this.checkUsable();
    const buffers = [...this.params.flatMap((p) => [p.weight, p.bias, ...(p.learnable ? [p.learnable] : [])]), ...this.optimizerStates.flat()];
    const tensors: Float32Array[] = [];
    for (const buffer of buffers) tensors.push((await this.backend.read(buffer)) as Float32Array);
    return { step: this.t, tensors, divergence: this.divergence };
  }

  /** Loads a checkpoint of a trainer of the same spec: parameters, optimizer state and step count. */
  restore(checkpoint: TrainerCheckpoint): void {
    this.checkUsable();
    const buffers = [...this.params.flatMap((p) => [p.weight, p.bias, ...(p.learnable ? [p.learnable] : [])]), ...this.optimizerStates.flat()];
    if (checkpoint.tensors.length !== buffers.length) throw new Error(`checkpoint has ${checkpoint.tensors.length} tensors; this trainer has ${buffers.length} (a checkpoint of another spec?)`);
    buffers.forEach((buffer, i) => this.backend.write(buffer, checkpoint.tensors[i]));
    this.t = checkpoint.step;
    this.divergence = checkpoint.divergence;
  }

  measure(): Promise<StepMetrics> {
    this.checkUsable();
    return this.measureStep(false, true);
  }

  private toParameters(read: (buffer: DeviceBuffer) => Float32Array): ModelParameters {
    return this.params.map((p) => {
      const entry: { weight: NestedNumbers; bias: number[]; activation?: Record<string, number[]> } = {
        weight: toNested(read(p.weight), p.layer.weightShape),
        bias: Array.from(read(p.bias)),
      };
      const learnable = p.layer.activation?.learnable;
      if (learnable && p.learnable) entry.activation = { [learnable.name]: Array.from(read(p.learnable)) };
      return entry;
    });
  }

  parameters(): ModelParameters {
    this.checkUsable();
    const readSync = this.backend.readSync?.bind(this.backend);
    if (!readSync) throw new Error(`the ${this.backend.name} backend reads asynchronously: use await trainer.readParameters()`);
    return this.toParameters((buffer) => readSync(buffer) as Float32Array);
  }

  async readParameters(): Promise<ModelParameters> {
    this.checkUsable();
    const values = new Map<DeviceBuffer, Float32Array>();
    for (const p of this.params) for (const buffer of [p.weight, p.bias, p.learnable]) if (buffer) values.set(buffer, (await this.backend.read(buffer)) as Float32Array);
    return this.toParameters((buffer) => values.get(buffer)!);
  }

  evaluate(x: Float32Array): Float32Array;
  evaluate(x: readonly NestedNumbers[]): number[][];
  evaluate(x: Float32Array | readonly NestedNumbers[]): Float32Array | number[][] {
    this.checkUsable();
    const readSync = this.backend.readSync?.bind(this.backend);
    if (!readSync) throw new Error(`the ${this.backend.name} backend reads asynchronously; evaluate needs the cpu backend`);
    const size = this.inputSize;
    const shape = this.prepared.model.inputShape;
    let flat: Float32Array;
    let rows: number;
    if (x instanceof Float32Array) {
      if (x.length % size !== 0) throw new Error(`evaluate(x): a flat x must hold whole rows of ${size} inputs (got ${x.length} values)`);
      flat = x;
      rows = x.length / size;
    } else {
      if (!Array.isArray(x)) throw new Error('evaluate(x): x must be an array of input rows or a flat Float32Array');
      rows = x.length;
      flat = new Float32Array(rows * size);
      // A row is nested like model.input ([C][H][W]) or already flat.
      x.forEach((row, i) => flat.set(flattenNested(row, Array.isArray(row) && Array.isArray(row[0]) ? shape : [size], `x[${i}]`), i * size));
    }
    const outputs = this.prepared.model.outputs;
    const result = new Float32Array(rows * outputs);
    const plan = this.evaluation;
    const output = plan.values[plan.values.length - 1];
    for (let first = 0; first < rows; first += plan.maxRows) {
      const count = Math.min(plan.maxRows, rows - first);
      this.backend.write(plan.values[0], flat.subarray(first * size, (first + count) * size));
      for (const kernel of plan.kernels) kernel.run(count);
      const values = readSync(output) as Float32Array;
      result.set(values.subarray(0, count * outputs), first * outputs);
    }
    if (x instanceof Float32Array) return result;
    return Array.from({ length: rows }, (_, i) => Array.from(result.subarray(i * outputs, (i + 1) * outputs)));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.backend.dispose();
  }
}

/** Checks `spec` and builds a trainer for it (see API.md, "Step by step"). */
export async function createTrainer(spec: unknown, options: TrainerOptions = {}): Promise<Trainer> {
  if (options === null || typeof options !== 'object') throw new Error(`options must be an object (got ${JSON.stringify(options)})`);
  const prepared = prepareSpec(spec, options.activations);
  const selected = await createBackend(options.backend ?? 'cpu', options);
  const { backend } = selected;
  let trainer: NetworkTrainer;
  try {
    trainer = new NetworkTrainer(prepared, backend, selected);
    await backend.ready?.();
  } catch (error) {
    backend.dispose();
    // `auto` that picked WebGPU runs on the CPU when the GPU cannot build this model, saying why.
    if (options.backend !== 'auto' || selected.name !== 'webgpu') throw error;
    const reason = `WebGPU could not build this model (${(error as Error)?.message ?? String(error)}); running on the CPU`;
    return new NetworkTrainer(prepared, createCpuBackend(), { name: 'cpu', reason });
  }
  if (selected.name !== 'webgpu') return trainer;
  return new DeviceFallbackTrainer({
    gpu: trainer,
    cpu: () => new NetworkTrainer(prepared, createCpuBackend(), { name: 'cpu', reason: 'CPU fallback' }),
    lost: backend.lost ?? new Promise<string>(() => undefined),
    checkpointEveryMs: options.checkpointEveryMs ?? 2000,
  });
}
