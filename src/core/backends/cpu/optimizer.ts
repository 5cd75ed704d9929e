// Optimizer updates on the CPU, step for step as torch.optim.SGD and torch.optim.Adam (PyTorch 1.13,
// single-tensor path) compute them in float32: weight decay added to the gradient, then momentum or Adam. The
// update runs on WebAssembly SIMD (wasm/elementwise.wat: the same float32 operations in the same order) where it
// can, else as the JS loops below.
import type { OptimizerArgs, OptimizerKernel, PenaltyArgs, TensorKernel } from '../types';
import { floatBuffer } from './buffer';
import { BufferAddresses, wasmKernelsFor } from './elementwise';

const f = Math.fround;

export function optimizerKernel(args: OptimizerArgs): OptimizerKernel {
  const { config } = args;
  const parameter = floatBuffer(args.parameter, 'optimizer parameter');
  const n = parameter.length;
  const gradient = floatBuffer(args.gradient, 'optimizer gradient', n);
  if (config.type === 'sgd') {
    const { lr, momentum, dampening, nesterov, weightDecay } = config;
    const velocityBuffer = momentum !== 0 ? floatBuffer(args.state[0], 'sgd momentum buffer', n) : null;
    const lrF = f(lr);
    const momentumF = f(momentum);
    const oneMinusDampening = f(1 - dampening);
    const decay = f(weightDecay);
    const addresses = new BufferAddresses('sgd', [parameter, gradient, velocityBuffer]);
    const at = addresses.at;
    return {
      run(step) {
        const wasm = wasmKernelsFor(parameter);
        if (wasm) {
          addresses.check();
          const flags = (velocityBuffer ? 1 : 0) | (nesterov ? 2 : 0) | (step === 1 ? 4 : 0);
          wasm.sgd(at[0], at[1], at[2], n, lrF, momentumF, oneMinusDampening, decay, flags);
          return;
        }
        const p = parameter.floats;
        const g = gradient.floats;
        if (!velocityBuffer && decay === 0) {
          // plain SGD: the general loop below with d = g[i]
          for (let i = 0; i < n; i++) p[i] = f(p[i] - f(lrF * g[i]));
          return;
        }
        const velocity = velocityBuffer ? velocityBuffer.floats : null;
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
  const firstMoment = floatBuffer(args.state[0], 'adam first moment', n);
  const secondMoment = floatBuffer(args.state[1], 'adam second moment', n);
  const beta1F = f(beta1);
  const beta2F = f(beta2);
  const oneMinusBeta1 = f(1 - beta1);
  const oneMinusBeta2 = f(1 - beta2);
  const epsF = f(config.eps);
  const decay = f(config.weightDecay);
  const addresses = new BufferAddresses('adam', [parameter, gradient, firstMoment, secondMoment]);
  const at = addresses.at;
  return {
    run(step) {
      // Bias corrections in double precision, as PyTorch computes them with Python floats.
      const biasCorrection1 = 1 - beta1 ** step;
      const biasCorrection2Sqrt = f(Math.sqrt(1 - beta2 ** step));
      const stepSize = f(config.lr / biasCorrection1);
      const wasm = wasmKernelsFor(parameter);
      if (wasm) {
        addresses.check();
        wasm.adam(at[0], at[1], at[2], at[3], n, beta1F, beta2F, oneMinusBeta1, oneMinusBeta2, epsF, decay, biasCorrection2Sqrt, stepSize);
        return;
      }
      const p = parameter.floats;
      const g = gradient.floats;
      const m = firstMoment.floats;
      const v = secondMoment.floats;
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
  const weight = floatBuffer(args.weight, `${kind} penalty weight`);
  const gradient = floatBuffer(args.weightGrad, `${kind} penalty weight gradient`, weight.length);
  const metricsBuffer = floatBuffer(args.metrics, 'metrics', lossSlot + 1);
  const lambdaF = f(lambda);
  const twoLambda = f(2 * lambda);
  return {
    run() {
      const w = weight.floats;
      const g = gradient.floats;
      const metrics = metricsBuffer.floats;
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
