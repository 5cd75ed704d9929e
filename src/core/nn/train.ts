// `lab.train(spec, options)`: checks the spec, trains it to the end (or until it diverges or is cancelled),
// and returns the history, the final parameters and the diagnostics measured after the last update.
import type { Divergence, ModelParameters, StepMetrics } from './metrics';
import { createTrainer, type LayerSummary, type RunOptions, type TrainerOptions } from './trainer';

export interface TrainOptions extends TrainerOptions, RunOptions {}

/** What `lab.train` resolves to. */
export interface TrainResult {
  /** One entry per step taken, measured before that step's update. */
  readonly history: StepMetrics[];
  /** Final parameters, PyTorch layout (the spec's `parameters` form). */
  readonly parameters: ModelParameters;
  /** The diagnostics of a history entry, measured after the last update. */
  readonly final: StepMetrics;
  /** Set when a loss or parameter became NaN/Infinity: where, why, and what to try. */
  readonly diverged?: Divergence;
  /** The layers, and which of them `gradNorm` and `deadFraction`/`sparsity` entries refer to. */
  readonly layers: readonly LayerSummary[];
  readonly parametricLayers: readonly number[];
  readonly hiddenLayers: readonly number[];
}

/** Trains `spec` (see API.md, "Training"). Rejects with an AbortError (`TrainingCancelledError`) when cancelled. */
export async function train(spec: unknown, options: TrainOptions = {}): Promise<TrainResult> {
  const trainer = await createTrainer(spec, options);
  try {
    const history = await trainer.run(trainer.steps, options);
    const parameters = await trainer.readParameters();
    const final = await trainer.measure();
    return {
      history,
      parameters,
      final,
      ...(trainer.diverged ? { diverged: trainer.diverged } : {}),
      layers: trainer.layers,
      parametricLayers: trainer.parametricLayers,
      hiddenLayers: trainer.hiddenLayers,
    };
  } finally {
    trainer.dispose();
  }
}
