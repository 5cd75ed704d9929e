// Human labels for a function with its parameters, shared by plots, CSV headers and exported code.
import { getActivation, type ActivationParams } from '../activations';

/** `Leaky ReLU (negative_slope=0.2)`: the name, plus parameters that differ from PyTorch's defaults. */
export function functionLabelText(id: string, params: ActivationParams): string {
  const activation = getActivation(id);
  const changed = activation.params.filter((p) => params[p.name] !== undefined && params[p.name] !== p.default);
  return changed.length ? `${activation.name} (${changed.map((p) => `${p.name}=${params[p.name]}`).join(', ')})` : activation.name;
}
