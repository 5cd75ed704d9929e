// Keeps a Training Lab spec consistent when the user changes its data: the input size follows the
// features, and the output layer and loss follow the task (two classes → one logit with BCE, more →
// one logit per class with cross-entropy, regression → one output with MSE).
import { makeDataset } from '../data';
import type { LayerSpec, LossName, TrainingSpec } from '../protocol/spec';

/** The spec with `model.input`, the output layer and `loss` made to fit its data. */
export function conformSpec(spec: TrainingSpec): TrainingSpec {
  const data = makeDataset(spec.data, spec.seed ?? 0);
  const outputs = data.task === 'regression' ? data.targetWidth : data.classes === 2 ? 1 : data.classes;
  const loss: LossName = data.task === 'regression' ? 'mse' : data.classes === 2 ? 'bce_with_logits' : 'cross_entropy';
  let layers: LayerSpec[] = [...spec.model.layers];
  const imageInput = data.inputShape.length === 3;
  if (!imageInput) layers = layers.filter((l) => l.type === 'dense');
  else if (!layers.some((l) => l.type === 'flatten')) layers = [{ type: 'flatten' }, ...layers.filter((l) => l.type === 'dense')];
  const last = layers[layers.length - 1];
  if (last && last.type === 'dense' && last.activation === undefined) layers[layers.length - 1] = { ...last, units: outputs };
  else layers.push({ type: 'dense', units: outputs });
  return { ...spec, loss, model: { input: [...data.inputShape], layers } };
}
