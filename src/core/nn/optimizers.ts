// The optimizer of a spec with PyTorch's defaults filled in (torch.optim.SGD, torch.optim.Adam). The update
// itself is a backend kernel; this module only says what it is configured with.
import type { OptimizerConfig } from '../backends/types';
import { SPEC_DEFAULTS, type OptimizerSpec } from '../protocol/spec';

function positive(value: number, field: string): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new Error(`${field} must be a positive number (got ${JSON.stringify(value)})`);
  return value;
}

function nonNegative(value: number, field: string): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) throw new Error(`${field} must be a number ≥ 0 (got ${JSON.stringify(value)})`);
  return value;
}

/** The optimizer's full configuration. */
export function optimizerConfig(spec: OptimizerSpec): OptimizerConfig {
  if (spec.type === 'sgd') {
    const nesterov = spec.nesterov ?? false;
    const momentum = nonNegative(spec.momentum ?? 0, 'optimizer.momentum');
    const dampening = nonNegative(spec.dampening ?? 0, 'optimizer.dampening');
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new Error('optimizer.nesterov needs momentum > 0 and dampening 0 (as torch.optim.SGD)');
    return { type: 'sgd', lr: positive(spec.lr, 'optimizer.lr'), momentum, dampening, nesterov, weightDecay: nonNegative(spec.weightDecay ?? 0, 'optimizer.weightDecay') };
  }
  if (spec.type === 'adam') {
    const betas = spec.betas ?? SPEC_DEFAULTS.adam.betas;
    betas.forEach((b, i) => {
      if (!(b >= 0 && b < 1)) throw new Error(`optimizer.betas[${i}] must be a number from 0 to 1 (exclusive of 1) (got ${b})`);
    });
    return {
      type: 'adam',
      lr: positive(spec.lr ?? SPEC_DEFAULTS.adam.lr, 'optimizer.lr'),
      betas: [betas[0], betas[1]],
      eps: positive(spec.eps ?? SPEC_DEFAULTS.adam.eps, 'optimizer.eps'),
      weightDecay: nonNegative(spec.weightDecay ?? 0, 'optimizer.weightDecay'),
    };
  }
  throw new Error(`optimizer.type must be one of "sgd", "adam" (got ${JSON.stringify((spec as { type?: unknown }).type)})`);
}

/** How many state buffers (each the parameter's size) the optimizer keeps per parameter tensor. */
export function optimizerStateCount(config: OptimizerConfig): number {
  return config.type === 'adam' ? 2 : config.momentum !== 0 ? 1 : 0;
}
