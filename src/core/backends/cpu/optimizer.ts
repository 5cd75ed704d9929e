// Optimizer updates on the CPU, step for step as torch.optim.SGD and torch.optim.Adam (PyTorch 1.13,
// single-tensor path) compute them in float32: weight decay added to the gradient, then momentum or Adam.
import type { OptimizerArgs, OptimizerKernel, PenaltyArgs, TensorKernel } from '../types';
import { floats } from './buffer';

const f = Math.fround;

export function optimizerKernel(args: OptimizerArgs): OptimizerKernel {
  const { config } = args;
  const p = floats(args.parameter, 'optimizer parameter');
  const g = floats(args.gradient, 'optimizer gradient', p.length);
  const n = p.length;
  if (config.type === 'sgd') {
    const { lr, momentum, dampening, nesterov, weightDecay } = config;
    const velocity = momentum !== 0 ? floats(args.state[0], 'sgd momentum buffer', n) : null;
    const lrF = f(lr);
    const momentumF = f(momentum);
    const oneMinusDampening = f(1 - dampening);
    const decay = f(weightDecay);
    return {
      run(step) {
        for (let i = 0; i < n; i++) {
          let d = g[i];
          if (decay !== 0) d = f(d + f(decay * p[i]));
          if (velocity) {
            // The first step initialises the buffer with the gradient itself (no dampening), as PyTorch does.
            const v = step === 1 ? d : f(f(velocity[i] * momentumF) + f(oneMinusDampening * d));
            velocity[i] = v;
            d = nesterov ? f(d + f(momentumF * v)) : v;
          }
          p[i] = f(p[i] - f(lrF * d));
        }
      },
    };
  }
  const [beta1, beta2] = config.betas;
  const m = floats(args.state[0], 'adam first moment', n);
  const v = floats(args.state[1], 'adam second moment', n);
  const beta1F = f(beta1);
  const beta2F = f(beta2);
  const oneMinusBeta1 = f(1 - beta1);
  const oneMinusBeta2 = f(1 - beta2);
  const epsF = f(config.eps);
  const decay = f(config.weightDecay);
  return {
    run(step) {
      // Bias corrections in double precision, as PyTorch computes them with Python floats.
      const biasCorrection1 = 1 - beta1 ** step;
      const biasCorrection2Sqrt = f(Math.sqrt(1 - beta2 ** step));
      const stepSize = f(config.lr / biasCorrection1);
      for (let i = 0; i < n; i++) {
        let d = g[i];
        if (decay !== 0) d = f(d + f(decay * p[i]));
        const mi = f(f(m[i] * beta1F) + f(oneMinusBeta1 * d));
        const vi = f(f(v[i] * beta2F) + f(f(oneMinusBeta2 * d) * d));
        m[i] = mi;
        v[i] = vi;
        const denominator = f(f(f(Math.sqrt(vi)) / biasCorrection2Sqrt) + epsF);
        p[i] = f(p[i] - f(stepSize * f(mi / denominator)));
      }
    },
  };
}

export function penaltyKernel(args: PenaltyArgs): TensorKernel {
  const { kind, lambda, lossSlot } = args;
  const w = floats(args.weight, `${kind} penalty weight`);
  const g = floats(args.weightGrad, `${kind} penalty weight gradient`, w.length);
  const metrics = floats(args.metrics, 'metrics', lossSlot + 1);
  const lambdaF = f(lambda);
  const twoLambda = f(2 * lambda);
  return {
    run() {
      let sum = 0;
      for (let i = 0; i < w.length; i++) {
        const x = w[i];
        if (kind === 'l1') {
          sum += Math.abs(x);
          g[i] = f(g[i] + (x > 0 ? lambdaF : x < 0 ? -lambdaF : x === 0 ? 0 : NaN));
        } else {
          sum += x * x;
          g[i] = f(g[i] + f(twoLambda * x));
        }
      }
      metrics[lossSlot] = f(metrics[lossSlot] + f(lambda * f(sum)));
    },
  };
}
