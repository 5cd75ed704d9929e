// The last kernel of a layer's backward pass, shared by dense and conv layers: for each channel (one workgroup
// each) it walks the batch's [rows][channels][spatial] gradient once, writing dLoss/dz = dLoss/da · f′(z) (in place
// when the trainer passes the same buffer), the bias gradient Σ dz, and the learnable activation parameter's
// gradient Σ dLoss/da · ∂f/∂p — summed by a fixed tree, so every run gives the same bits.
import type { ActivationCode } from './activation';
import type { Binding, GpuBuffer, Kernel, Runtime } from './runtime';

const LANES = 64;

export interface ActivationBackwardArgs {
  readonly label: string;
  readonly channels: number;
  /** Values per channel and row (1 for dense layers, outHeight·outWidth for conv). */
  readonly spatial: number;
  readonly activation: ActivationCode;
  readonly preActivation: GpuBuffer;
  readonly outputGrad: GpuBuffer;
  /** May be `outputGrad` itself. */
  readonly preActivationGrad: GpuBuffer;
  readonly biasGrad: GpuBuffer;
  readonly learnableGrad: GpuBuffer | null;
}

/** Builds the kernel; `run(rows)` enqueues it (and, for a shared learnable parameter, the sum over channels). */
export function createActivationBackward(runtime: Runtime, args: ActivationBackwardArgs): { run(rows: number): void } {
  const { channels, spatial, activation } = args;
  const inPlace = args.preActivationGrad === args.outputGrad;
  const identity = activation.preamble === '';
  const learnable = activation.learnable && args.learnableGrad ? activation.learnable : null;
  const bindings: Binding[] = [{ name: 'pre', access: 'read' }];
  const buffers: GpuBuffer[] = [args.preActivation];
  if (inPlace) {
    bindings.push({ name: 'gradient', access: 'read_write' });
    buffers.push(args.outputGrad);
  } else {
    bindings.push({ name: 'output_grad', access: 'read' }, { name: 'gradient', access: 'read_write' });
    buffers.push(args.outputGrad, args.preActivationGrad);
  }
  bindings.push({ name: 'bias_grad', access: 'read_write' }, ...activation.bindings);
  buffers.push(args.biasGrad, ...activation.buffers);
  // A per-channel parameter gets its gradient directly; a shared one is summed over channel partials afterwards.
  const partials = learnable && !learnable.perChannel ? runtime.createBuffer('float32', channels, `${args.label} learnable-gradient partials`) : null;
  if (learnable) {
    bindings.push({ name: 'param_grad', access: 'read_write' });
    buffers.push(partials ?? args.learnableGrad!);
  }
  const incoming = inPlace ? 'gradient[i]' : 'output_grad[i]';
  const store = identity && inPlace ? '' : 'gradient[i] = d;';
  const code = `${activation.preamble}
const C: u32 = ${channels}u;
const S: u32 = ${spatial}u;
var<workgroup> bias_sums: array<f32, ${LANES}>;
var<workgroup> param_sums: array<f32, ${LANES}>;

@compute @workgroup_size(${LANES})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let c = group.x;
  let count = args.rows * S;
  var bias_sum = 0.0;
  var param_sum = 0.0;
  for (var e = lane; e < count; e = e + ${LANES}u) {
    let i = ((e / S) * C + c) * S + e % S;
    let z = pre[i];
    let g = ${incoming};
    let d = g * ${activation.derivative('z', 'c')};
    ${store}
    bias_sum = bias_sum + d;
    ${learnable ? `param_sum = param_sum + g * ${activation.paramDerivative('z', 'c')};` : ''}
  }
  bias_sums[lane] = bias_sum;
  param_sums[lane] = param_sum;
  workgroupBarrier();
  for (var width = ${LANES / 2}u; width > 0u; width = width / 2u) {
    if (lane < width) {
      bias_sums[lane] = bias_sums[lane] + bias_sums[lane + width];
      param_sums[lane] = param_sums[lane] + param_sums[lane + width];
    }
    workgroupBarrier();
  }
  if (lane == 0u) {
    bias_grad[c] = bias_sums[0];
    ${learnable ? 'param_grad[c] = param_sums[0];' : ''}
  }
}`;
  const kernel = runtime.kernel(runtime.program({ label: `${args.label}: dz = da·f′(z), bias and activation-parameter gradients`, bindings, code }), buffers);
  let total: Kernel | null = null;
  if (partials) {
    total = runtime.kernel(
      runtime.program({
        label: 'sum of per-channel partials',
        bindings: [
          { name: 'partials', access: 'read' },
          { name: 'total', access: 'read_write' },
        ],
        code: `
@compute @workgroup_size(1)
fn main() {
  var sum = 0.0;
  for (var c = 0u; c < ${channels}u; c = c + 1u) { sum = sum + partials[c]; }
  total[0] = sum;
}`,
      }),
      [partials, args.learnableGrad!],
    );
  }
  return {
    run(rows) {
      runtime.dispatch(kernel, [channels, 1, 1], { rows });
      if (total) runtime.dispatch(total, [1, 1, 1]);
    },
  };
}
