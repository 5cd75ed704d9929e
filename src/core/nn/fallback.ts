// Training that survives a lost GPU: a trainer on the WebGPU backend reads its parameters and optimizer state
// back every few seconds (a checkpoint); when the device is lost (driver reset, GPU removed, `device.destroy()`),
// training continues on the CPU from the last checkpoint, recomputing the steps since then without reporting them
// again, so the caller sees one unbroken history. What is lost is at most the work since the last checkpoint.
import { isDeviceLost } from '../backends/errors';
import type { Dataset } from '../data';
import type { NestedNumbers } from '../protocol/spec';
import type { Divergence, ModelParameters, StepMetrics } from './metrics';
import { TrainingCancelledError, type LayerSummary, type RunOptions, type Trainer } from './trainer';

/** A trainer's whole state at a step: every parameter and optimizer-state tensor, in the trainer's own order. */
export interface TrainerCheckpoint {
  /** Steps taken. */
  readonly step: number;
  readonly tensors: readonly Float32Array[];
  readonly divergence: Divergence | null;
}

/** A trainer whose state can be read back and loaded into another trainer of the same spec. */
export interface ResumableTrainer extends Trainer {
  checkpoint(): Promise<TrainerCheckpoint>;
  restore(checkpoint: TrainerCheckpoint): void;
  /** Steps whose metrics it reads back at once; runs are cut at multiples of it so no window is cut short. */
  readonly readbackSteps: number;
}

/** How the fallback is set up. */
export interface DeviceFallbackOptions {
  /** The trainer on the GPU. */
  readonly gpu: ResumableTrainer;
  /** Builds the same trainer on the CPU (from the spec's initial parameters, at step 0). */
  readonly cpu: () => ResumableTrainer;
  /** Resolves with the reason when the device is lost. */
  readonly lost: Promise<string>;
  /** Longest time between checkpoints, in milliseconds. */
  readonly checkpointEveryMs: number;
}

/** A Trainer on WebGPU that continues on the CPU when the device is lost (see the module comment). */
export class DeviceFallbackTrainer implements Trainer {
  private current: ResumableTrainer;
  private readonly gpu: ResumableTrainer;
  private saved: TrainerCheckpoint | null = null;
  private savedAt = Date.now();
  private lostReason: string | null = null;
  private fallbackReason: string | null = null;
  /** Measured cost of a step on the GPU, to size the runs between checkpoints. */
  private msPerStep = 0;

  constructor(private readonly options: DeviceFallbackOptions) {
    this.gpu = options.gpu;
    this.current = options.gpu;
    void options.lost.then((reason) => {
      this.lostReason = reason;
    });
  }

  get data(): Dataset {
    return this.gpu.data;
  }
  get layers(): readonly LayerSummary[] {
    return this.gpu.layers;
  }
  get parametricLayers(): readonly number[] {
    return this.gpu.parametricLayers;
  }
  get hiddenLayers(): readonly number[] {
    return this.gpu.hiddenLayers;
  }
  get steps(): number {
    return this.gpu.steps;
  }
  get stepCount(): number {
    return this.current.stepCount;
  }
  get diverged(): Divergence | null {
    return this.current.diverged;
  }
  get backendName(): 'cpu' | 'webgpu' {
    return this.current === this.gpu ? 'webgpu' : 'cpu';
  }
  get backendReason(): string {
    return this.fallbackReason ?? this.gpu.backendReason;
  }

  /** Continues on the CPU from the last checkpoint, recomputing (silently) the steps the caller already has. */
  private async fallBack(reason: string): Promise<void> {
    if (this.current !== this.gpu) return;
    const cpu = this.options.cpu();
    const delivered = this.gpu.stepCount;
    const from = this.saved?.step ?? 0;
    if (this.saved) cpu.restore(this.saved);
    if (delivered > from) await cpu.run(delivered - from);
    this.current = cpu;
    this.fallbackReason = `WebGPU device lost (${reason}); continued on the CPU from the parameters read back at step ${from}${delivered > from ? `, recomputing ${delivered - from} step${delivered - from === 1 ? '' : 's'}` : ''}`;
    try {
      this.gpu.dispose();
    } catch {
      // the device is gone; its buffers with it
    }
  }

  /** Falls back right away when the device was lost while idle. */
  private async ensureDevice(): Promise<void> {
    if (this.current === this.gpu && this.lostReason !== null) await this.fallBack(this.lostReason);
  }

  /** Runs `action` on the current trainer; on a lost device falls back and runs it again on the CPU. */
  private async withFallback<T>(action: (trainer: ResumableTrainer) => Promise<T>): Promise<T> {
    await this.ensureDevice();
    try {
      return await action(this.current);
    } catch (error) {
      if (this.current !== this.gpu || !isDeviceLost(error)) throw error;
      await this.fallBack(error.reason);
      return action(this.current);
    }
  }

  /** Reads a checkpoint when the last one is older than the interval. */
  private async checkpointIfDue(): Promise<void> {
    if (this.current !== this.gpu || Date.now() - this.savedAt < this.options.checkpointEveryMs) return;
    this.saved = await this.gpu.checkpoint();
    this.savedAt = Date.now();
  }

  /** Steps to run before the next checkpoint is due, ending at a multiple of the readback window. */
  private stepsUntilCheckpoint(): number {
    const left = Math.max(0, this.options.checkpointEveryMs - (Date.now() - this.savedAt));
    const steps = this.msPerStep <= 0 ? 8 : Math.max(1, Math.min(1000, Math.round(left / this.msPerStep)));
    const window = this.gpu.readbackSteps;
    const end = this.gpu.stepCount + steps;
    return Math.ceil(end / window) * window - this.gpu.stepCount;
  }

  async step(): Promise<StepMetrics> {
    const entry = await this.withFallback((trainer) => trainer.step());
    await this.withFallback(() => this.checkpointIfDue());
    return entry;
  }

  async run(count = Math.max(0, this.steps - this.stepCount), options: RunOptions = {}): Promise<StepMetrics[]> {
    if (!Number.isInteger(count) || count < 0) throw new Error(`run(count): count must be a non-negative integer (got ${count})`);
    const { onStep } = options;
    if (onStep !== undefined && typeof onStep !== 'function') throw new Error(`onStep must be a function (got ${typeof onStep})`);
    const history: StepMetrics[] = [];
    const collect: RunOptions = {
      ...options,
      onStep: (entry) => {
        history.push(entry);
        onStep?.(entry, { step: history.length, steps: count });
      },
    };
    while (history.length < count && !this.diverged) {
      await this.ensureDevice();
      const onGpu = this.current === this.gpu;
      const remaining = count - history.length;
      const chunk = onGpu ? Math.min(remaining, this.stepsUntilCheckpoint()) : remaining;
      const before = history.length;
      const started = Date.now();
      try {
        await this.current.run(chunk, collect);
      } catch (error) {
        if (error instanceof TrainingCancelledError) throw new TrainingCancelledError(history, count);
        if (!onGpu || !isDeviceLost(error)) throw error;
        await this.fallBack(error.reason);
        continue;
      }
      if (onGpu && history.length > before) {
        this.msPerStep = (Date.now() - started) / (history.length - before);
        try {
          await this.checkpointIfDue();
        } catch (error) {
          if (!isDeviceLost(error)) throw error;
          await this.fallBack(error.reason);
        }
      }
      if (options.signal?.aborted && history.length < count && !this.diverged) throw new TrainingCancelledError(history, count);
    }
    return history;
  }

  measure(): Promise<StepMetrics> {
    return this.withFallback((trainer) => trainer.measure());
  }

  parameters(): ModelParameters {
    return this.current.parameters();
  }

  readParameters(): Promise<ModelParameters> {
    return this.withFallback((trainer) => trainer.readParameters());
  }

  evaluate(x: Float32Array): Float32Array;
  evaluate(x: readonly NestedNumbers[]): number[][];
  evaluate(x: Float32Array | readonly NestedNumbers[]): Float32Array | number[][] {
    return this.current.evaluate(x as Float32Array);
  }

  dispose(): void {
    this.current.dispose();
    if (this.current !== this.gpu) this.gpu.dispose();
  }
}
