// What each loss expects of the data and the model's outputs, and how targets are laid out for it:
// class indices for cross_entropy, 0/1 (or one-hot) values for bce_with_logits, values for mse.
import type { LossName } from '../protocol/spec';
import type { Dataset, DataSplit } from '../data';

/** Targets laid out for a loss kernel. */
export interface EncodedTargets {
  readonly train: Float32Array;
  readonly test: Float32Array | null;
  /** Values per row: 1 (a class index) for cross_entropy, else the number of outputs. */
  readonly width: number;
  /** Whether the loss reports accuracy (classification), and over how many predictions per sample. */
  readonly accuracyPerSample: number;
}

function oneHot(split: DataSplit, classes: number): Float32Array {
  const out = new Float32Array(split.count * classes);
  for (let i = 0; i < split.count; i++) out[i * classes + split.y[i]] = 1;
  return out;
}

/** Checks the data fits the loss and the model's `outputs`, and lays the targets out for the loss kernel. */
export function encodeTargets(loss: LossName, data: Dataset, outputs: number): EncodedTargets {
  const layerHint = `set the last layer's units to`;
  const encodeBoth = (f: (split: DataSplit) => Float32Array) => ({ train: f(data.train), test: data.test ? f(data.test) : null });
  if (loss === 'cross_entropy') {
    if (data.task !== 'classification' || data.targetWidth !== 1) {
      throw new Error('loss cross_entropy needs class indices (0, 1, 2 …) as targets, but the data has regression targets; use "mse", or give integer class labels');
    }
    if (outputs < 2) throw new Error(`loss cross_entropy needs one output per class, but the model has ${outputs} output; ${layerHint} ${Math.max(2, data.classes)} (or use "bce_with_logits" with 1 output for two classes)`);
    if (data.classes > outputs) throw new Error(`loss cross_entropy: the data has ${data.classes} classes but the model has ${outputs} outputs; ${layerHint} ${data.classes}`);
    return { ...encodeBoth((s) => s.y), width: 1, accuracyPerSample: 1 };
  }
  if (loss === 'bce_with_logits') {
    const checkProbabilities = (y: Float32Array, field: string) => {
      for (let i = 0; i < y.length; i++) {
        if (!(y[i] >= 0 && y[i] <= 1)) throw new Error(`loss bce_with_logits needs targets from 0 to 1, but ${field} has ${y[i]}; use class labels 0/1, or "mse" for other targets`);
      }
    };
    if (data.targetWidth === outputs) {
      checkProbabilities(data.train.y, 'data.y');
      if (data.test) checkProbabilities(data.test.y, 'data.yTest');
      return { ...encodeBoth((s) => s.y), width: outputs, accuracyPerSample: outputs };
    }
    if (data.task === 'classification' && data.targetWidth === 1 && data.classes === outputs) {
      return { ...encodeBoth((s) => oneHot(s, outputs)), width: outputs, accuracyPerSample: outputs };
    }
    throw new Error(`loss bce_with_logits: the model has ${outputs} outputs but the targets have ${data.targetWidth} value${data.targetWidth === 1 ? '' : 's'} per sample${data.task === 'classification' ? ` (${data.classes} classes)` : ''}; ${layerHint} ${data.task === 'classification' && data.classes === 2 ? 1 : data.targetWidth}`);
  }
  if (data.targetWidth === outputs) {
    return { ...encodeBoth((s) => s.y), width: outputs, accuracyPerSample: 0 };
  }
  if (data.task === 'classification' && data.targetWidth === 1 && data.classes === outputs) {
    return { ...encodeBoth((s) => oneHot(s, outputs)), width: outputs, accuracyPerSample: 0 };
  }
  throw new Error(`loss mse: the model has ${outputs} outputs but the targets have ${data.targetWidth} value${data.targetWidth === 1 ? '' : 's'} per sample; ${layerHint} ${data.targetWidth}`);
}
