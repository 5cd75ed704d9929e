// Dense (fully connected) layer kernels on the CPU: forward z = x·Wᵀ + b, a = f(z) as one matmul and one
// fused epilogue pass; backward dz = da·f′(z), dW = dzᵀ·x, db = Σ dz, dx = dz·W.
import { matmul } from './matmul';
import type { BatchKernel, DenseBackwardArgs, DenseForwardArgs } from '../types';
import { floats } from './buffer';
import { createEpilogue } from './pointwise';
import { TRANSPOSE_A, TRANSPOSE_B, checkRows } from './common';

export function denseForward(args: DenseForwardArgs): BatchKernel {
  const { maxRows, inFeatures, outFeatures } = args;
  const x = floats(args.input, 'dense input', maxRows * inFeatures);
  const w = floats(args.weight, 'dense weight', outFeatures * inFeatures);
  const b = floats(args.bias, 'dense bias', outFeatures);
  const z = floats(args.preActivation, 'dense pre-activation', maxRows * outFeatures);
  const a = floats(args.output, 'dense output', maxRows * outFeatures);
  const epilogue = createEpilogue(args.activation, outFeatures, 1, maxRows);
  return {
    run(rows) {
      checkRows('dense forward', rows, maxRows);
      if (rows === 0) return;
      matmul(x, w, rows, inFeatures, outFeatures, z, TRANSPOSE_B);
      epilogue.forward(z, a, b, rows);
    },
  };
}

export function denseBackward(args: DenseBackwardArgs): BatchKernel {
  const { maxRows, inFeatures, outFeatures } = args;
  const x = floats(args.input, 'dense input', maxRows * inFeatures);
  const w = floats(args.weight, 'dense weight', outFeatures * inFeatures);
  const z = floats(args.preActivation, 'dense pre-activation', maxRows * outFeatures);
  const da = floats(args.outputGrad, 'dense output gradient', maxRows * outFeatures);
  const dz = floats(args.preActivationGrad, 'dense pre-activation gradient', maxRows * outFeatures);
  const dw = floats(args.weightGrad, 'dense weight gradient', outFeatures * inFeatures);
  const db = floats(args.biasGrad, 'dense bias gradient', outFeatures);
  const dx = args.inputGrad ? floats(args.inputGrad, 'dense input gradient', maxRows * inFeatures) : null;
  const learnableGrad = args.learnableGrad ? floats(args.learnableGrad, 'learnable activation parameter gradient') : null;
  const epilogue = createEpilogue(args.activation, outFeatures, 1, maxRows);
  const biasSums = new Float64Array(outFeatures);
  return {
    run(rows) {
      checkRows('dense backward', rows, maxRows);
      if (rows === 0) return;
      epilogue.backward(z, da, dz, rows, learnableGrad);
      matmul(dz, x, outFeatures, rows, inFeatures, dw, TRANSPOSE_A);
      biasSums.fill(0);
      for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < outFeatures; j++, i++) biasSums[j] += dz[i];
      for (let j = 0; j < outFeatures; j++) db[j] = Math.fround(biasSums[j]);
      if (dx) matmul(dz, w, rows, outFeatures, inFeatures, dx);
    },
  };
}
