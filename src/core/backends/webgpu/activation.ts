// A layer's activation as WGSL for the fused kernels: the catalog record's generated functions f, f′ and
// ∂f/∂(learnable parameter) (see activations/wgsl.ts), and how a kernel reads the learnable value of a channel.
// Every record of the catalog works here; nothing lists activations by name.
import { activationWgsl, WGSL_MATH } from '../../activations/wgsl';
import type { KernelActivation } from '../types';
import type { Binding, GpuBuffer, Runtime } from './runtime';

/** WGSL pieces a fused kernel splices in for its activation. */
export interface ActivationCode {
  /** The math library and the generated functions. */
  readonly preamble: string;
  /** The learnable parameter's buffer, when there is one (bind it as `learnable`). */
  readonly bindings: readonly Binding[];
  readonly buffers: readonly GpuBuffer[];
  /** f(z) for channel `channel` (WGSL expressions in, a WGSL expression out). */
  forward(z: string, channel: string): string;
  /** f′(z). */
  derivative(z: string, channel: string): string;
  /** ∂f/∂(learnable parameter); `0.0` without one. */
  paramDerivative(z: string, channel: string): string;
  /** Whether there is a learnable parameter, and whether it has one value per channel. */
  readonly learnable: null | { readonly perChannel: boolean };
}

/** The identity: what a layer without an activation uses. */
const NONE: ActivationCode = Object.freeze({
  preamble: '',
  bindings: [],
  buffers: [],
  forward: (z: string) => z,
  derivative: () => '1.0',
  paramDerivative: () => '0.0',
  learnable: null,
});

/** The code for `activation` in a layer with `channels` channels (units), or the identity for null. */
export function activationCode(runtime: Runtime, activation: KernelActivation | null, channels: number): ActivationCode {
  if (!activation) return NONE;
  const record = activation.activation;
  const { code, names } = activationWgsl(record, activation.params, 'activation');
  const learnable = activation.learnable;
  const bindings: Binding[] = [];
  const buffers: GpuBuffer[] = [];
  if (learnable) {
    if (learnable.count !== 1 && learnable.count !== channels) {
      throw new Error(`activation ${record.id}: ${learnable.name} must have 1 or ${channels} values (one per channel), got ${learnable.count}`);
    }
    buffers.push(runtime.own(learnable.values, `learnable activation parameter "${learnable.name}"`, 'float32', learnable.count));
    bindings.push({ name: 'learnable', access: 'read' });
  }
  /** The learnable value of a channel (ignored by records without one). */
  const at = (channel: string) => (!learnable ? '0.0' : learnable.count === 1 ? 'learnable[0]' : `learnable[${channel}]`);
  return {
    preamble: `${WGSL_MATH}\n${code}`,
    bindings,
    buffers,
    forward: (z, channel) => `${names.forward}(${z}, ${at(channel)})`,
    derivative: (z, channel) => `${names.derivative}(${z}, ${at(channel)})`,
    paramDerivative: (z, channel) => (learnable ? `${names.paramDerivative}(${z}, ${at(channel)})` : '0.0'),
    learnable: learnable ? { perChannel: learnable.count > 1 } : null,
  };
}

/**
 * The fused backward prologue shared by dense and conv: `grad_at(i, channel)` = dLoss/dz of element i from da and
 * z (da · f′(z)), with the bindings and buffers it reads. `extra` is WGSL placed after the activation's preamble.
 */
export function gradientPrologue(activation: ActivationCode, da: GpuBuffer, z: GpuBuffer, extra = ''): { prologue: string; bindings: Binding[]; buffers: GpuBuffer[] } {
  return {
    prologue: `${activation.preamble}
${extra}fn grad_at(i: u32, channel: u32) -> f32 {
  return da[i] * ${activation.derivative('z[i]', 'channel')};
}`,
    bindings: [{ name: 'da', access: 'read' }, { name: 'z', access: 'read' }, ...activation.bindings],
    buffers: [da, z, ...activation.buffers],
  };
}
