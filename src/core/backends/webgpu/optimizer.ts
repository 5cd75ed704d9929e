// Optimizer updates and weight penalties on WebGPU, step for step as the CPU backend (torch.optim.SGD with
// momentum, dampening, Nesterov and weight decay; torch.optim.Adam with L2 weight decay), one invocation per
// parameter. Adam's bias corrections are computed on the host in float64 each step and passed as run arguments.
import { wgslFloat } from '../../activations/wgsl';
import type { OptimizerArgs, OptimizerKernel, PenaltyArgs, TensorKernel } from '../types';
import { REDUCE_LANES, TREE_SUM } from './loss';
import { linearDispatch, linearIndex, type GpuBuffer, type Runtime } from './runtime';

const LANES = 64;
const f = Math.fround;

export function optimizerKernel(runtime: Runtime, args: OptimizerArgs): OptimizerKernel {
  const { config } = args;
  const p = runtime.own(args.parameter, 'optimizer parameter');
  const g = runtime.own(args.gradient, 'optimizer gradient', 'float32', p.length);
  const n = p.length;
  const decay = f(config.weightDecay);
  const decayed = decay !== 0 ? `d = d + ${wgslFloat(decay)} * p[i];` : '';
  let code: string;
  let buffers: GpuBuffer[];
  let state: { name: string }[];
  if (config.type === 'sgd') {
    const { lr, momentum, dampening, nesterov } = config;
    const usesMomentum = momentum !== 0;
    state = usesMomentum ? [{ name: 'velocity' }] : [];
    buffers = [p, g, ...(usesMomentum ? [runtime.own(args.state[0], 'sgd momentum buffer', 'float32', n)] : [])];
    const momentumUpdate = usesMomentum
      ? `// The first step starts the buffer at the gradient itself (no dampening), as PyTorch does.
    var v = d;
    if (args.step != 1u) { v = velocity[i] * ${wgslFloat(momentum)} + ${wgslFloat(1 - dampening)} * d; }
    velocity[i] = v;
    d = ${nesterov ? `d + ${wgslFloat(momentum)} * v` : 'v'};`
      : '';
    code = `
@compute @workgroup_size(${LANES})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = ${linearIndex(LANES)};
  if (i >= ${n}u) { return; }
  var d = g[i];
  ${decayed}
  ${momentumUpdate}
  p[i] = p[i] - ${wgslFloat(lr)} * d;
}`;
  } else {
    const [beta1, beta2] = config.betas;
    state = [{ name: 'm' }, { name: 'v' }];
    buffers = [p, g, runtime.own(args.state[0], 'adam first moment', 'float32', n), runtime.own(args.state[1], 'adam second moment', 'float32', n)];
    code = `
@compute @workgroup_size(${LANES})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = ${linearIndex(LANES)};
  if (i >= ${n}u) { return; }
  var d = g[i];
  ${decayed}
  let mi = m[i] * ${wgslFloat(beta1)} + ${wgslFloat(1 - beta1)} * d;
  let vi = v[i] * ${wgslFloat(beta2)} + (${wgslFloat(1 - beta2)} * d) * d;
  m[i] = mi;
  v[i] = vi;
  // args.value0: lr / (1 − β1^t); args.value1: √(1 − β2^t) (float64 on the host, as PyTorch's Python floats).
  let denominator = sqrt(vi) / args.value1 + ${wgslFloat(config.eps)};
  p[i] = p[i] - args.value0 * (mi / denominator);
}`;
  }
  const kernel = runtime.kernel(
    runtime.program({
      label: `${config.type} update of ${n} parameters`,
      bindings: [{ name: 'p', access: 'read_write' }, { name: 'g', access: 'read' }, ...state.map((s) => ({ name: s.name, access: 'read_write' as const }))],
      code,
    }),
    buffers,
  );
  const groups = linearDispatch(n, LANES);
  const values = [0, 0];
  return {
    run(step) {
      if (!Number.isInteger(step) || step < 1) throw new Error(`optimizer step must be an integer ≥ 1 (got ${step})`);
      if (config.type === 'adam') {
        values[0] = f(config.lr / (1 - config.betas[0] ** step));
        values[1] = f(Math.sqrt(1 - config.betas[1] ** step));
      }
      runtime.dispatch(kernel, groups, { step, values });
    },
  };
}

export function penaltyKernel(runtime: Runtime, args: PenaltyArgs): TensorKernel {
  const { kind, lambda, lossSlot } = args;
  const w = runtime.own(args.weight, `${kind} penalty weight`);
  const g = runtime.own(args.weightGrad, `${kind} penalty weight gradient`, 'float32', w.length);
  const metrics = runtime.own(args.metrics, 'metrics', 'float32', lossSlot + 1);
  const update =
    kind === 'l1'
      ? `// λ·sign(x): 0 at 0, NaN for NaN.
    g[i] = g[i] + select(select(select(x, 0.0, x == 0.0), -${wgslFloat(lambda)}, x < 0.0), ${wgslFloat(lambda)}, x > 0.0);
    sum = sum + abs(x);`
      : `g[i] = g[i] + ${wgslFloat(2 * lambda)} * x;
    sum = sum + x * x;`;
  const kernel = runtime.kernel(
    runtime.program({
      label: `${kind} penalty on ${w.length} weights`,
      bindings: [
        { name: 'w', access: 'read' },
        { name: 'g', access: 'read_write' },
        { name: 'metrics', access: 'read_write' },
      ],
      code: `${TREE_SUM}
@compute @workgroup_size(${REDUCE_LANES})
fn main(@builtin(local_invocation_index) lane: u32) {
  var sum = 0.0;
  for (var i = lane; i < ${w.length}u; i = i + ${REDUCE_LANES}u) {
    let x = w[i];
    ${update}
  }
  let total = tree_sum(lane, sum);
  if (lane == 0u) { metrics[${lossSlot}u] = metrics[${lossSlot}u] + ${wgslFloat(lambda)} * total; }
}`,
    }),
    [w, g, metrics],
  );
  return {
    run() {
      runtime.dispatch(kernel, [1, 1, 1]);
    },
  };
}
