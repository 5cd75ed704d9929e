// What a training step reports (loss, gradient norms, dead units, sparsity, accuracy, pre-activation
// histograms), where each number sits in the backend's metrics buffer, and how divergence is explained.
import type { OptimizerConfig } from '../backends/types';
import type { LayerParameters } from '../protocol/spec';

/** A histogram of one layer's pre-activations over the training set, with fixed bins. */
export interface PreActivationHistogram {
  /** Position of the layer in `spec.model.layers`. */
  readonly layer: number;
  /** Range of the bins: `counts[b]` counts values in [min + b·w, min + (b+1)·w), w = (max − min)/bins. */
  readonly min: number;
  readonly max: number;
  readonly counts: number[];
  /** Values below `min`, above `max`, and NaN. */
  readonly below: number;
  readonly above: number;
  readonly nan: number;
}

/** One entry of `history`: measured at step t, before that step's update. */
export interface StepMetrics {
  /** The step t (0-based). */
  readonly step: number;
  /** Loss on step t's batch (plus the regularization penalty, when the spec has one). */
  readonly loss: number;
  /** Per dense/conv2d layer: Frobenius norm of dLoss/dWeight for step t's batch. */
  readonly gradNorm: number[];
  /** Per hidden layer with an activation: fraction of its units (channels for conv) outputting exactly 0 for every training sample. */
  readonly deadFraction?: number[];
  /** Per hidden layer with an activation: fraction of its outputs that are exactly 0 over the training set. */
  readonly sparsity?: number[];
  /** Classification accuracy on the training set. */
  readonly accuracy?: number;
  /** Mean loss over the whole training set (no penalty). */
  readonly trainLoss?: number;
  readonly testAccuracy?: number;
  /** Mean loss over the test set. */
  readonly testLoss?: number;
  /** Per layer with an activation: its pre-activation histogram over the training set. */
  readonly histograms?: PreActivationHistogram[];
}

/** Why and where a run stopped early. */
export interface Divergence {
  /** The step whose loss, or whose update's parameters, became NaN/Infinity. */
  readonly step: number;
  /** What became non-finite: `loss is NaN`, `loss is Infinity`, `parameters became NaN or Infinity`. */
  readonly reason: string;
  /** The likely cause and what to try. */
  readonly message: string;
}

/** Parameters in PyTorch layout, one entry per dense/conv2d layer (the spec's `parameters` form). */
export type ModelParameters = LayerParameters[];

/** Hands out slots of the metrics buffer. */
export class MetricsLayout {
  private used = 0;
  /** Reserves `count` consecutive slots and returns the first. */
  take(count = 1): number {
    const first = this.used;
    this.used += count;
    return first;
  }
  get size(): number {
    return this.used;
  }
}

/** A message for a diverged run: what happened and the likely cause. */
export function divergenceMessage(step: number, reason: string, optimizer: OptimizerConfig): string {
  const lr = optimizer.lr;
  const advice =
    optimizer.type === 'sgd'
      ? `the learning rate (${lr}) is probably too large for this model and data: try ${lr / 10}${optimizer.momentum > 0 ? ', or less momentum' : ''}`
      : `the learning rate (${lr}) is probably too large, or the inputs are badly scaled: try ${lr / 10}, or standardise the inputs`;
  return `training diverged at step ${step}: ${reason}; ${advice} (a weight initialisation with smaller weights can also help)`;
}
