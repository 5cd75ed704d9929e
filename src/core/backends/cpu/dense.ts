// Dense (fully connected) layer kernels on the CPU: forward z = x·Wᵀ + b, a = f(z) as one matmul and one
// fused epilogue pass; backward dz = da·f′(z), dW = dzᵀ·x, db = Σ dz, dx = dz·W. With WebAssembly SIMD, everything
// but f and f′ (the catalog's, in JS) is one call into WebAssembly per pass, on the layer's buffers in place;
// elsewhere the same steps run as bound products and JS loops, with the same bits.
import { bindMatmul } from './matmul';
import type { BatchKernel, DenseBackwardArgs, DenseForwardArgs } from '../types';
import { blockOf, floatBuffer, unmanagedScratch, type ScratchAllocator } from './buffer';
import { addressOf, biasGradient, BufferAddresses, wasmKernelsFor } from './elementwise';
import { createEpilogue } from './pointwise';
import { TRANSPOSE_A, TRANSPOSE_B, checkRows } from './common';
import { matmulModule } from './wasm/runtime';

export function denseForward(args: DenseForwardArgs, scratch: ScratchAllocator = unmanagedScratch): BatchKernel {
  const { maxRows, inFeatures, outFeatures } = args;
  const x = floatBuffer(args.input, 'dense input', maxRows * inFeatures);
  const w = floatBuffer(args.weight, 'dense weight', outFeatures * inFeatures);
  const b = floatBuffer(args.bias, 'dense bias', outFeatures);
  const z = floatBuffer(args.preActivation, 'dense pre-activation', maxRows * outFeatures);
  const a = floatBuffer(args.output, 'dense output', maxRows * outFeatures);
  const product = bindMatmul(blockOf(x, 'dense input'), blockOf(w, 'dense weight'), blockOf(z, 'dense pre-activation'), TRANSPOSE_B);
  const epilogue = createEpilogue(args.activation, outFeatures, 1, maxRows, scratch);
  const workspace = matmulModule()?.workspace ?? 0;
  const addresses = new BufferAddresses('dense forward', [x, w, z, b]);
  const at = addresses.at;
  return {
    run(rows) {
      checkRows('dense forward', rows, maxRows);
      if (rows === 0) return;
      const wasm = wasmKernelsFor(z);
      if (wasm) {
        addresses.check();
        wasm.denseForward(at[0], at[1], at[2], at[3], rows, inFeatures, outFeatures, workspace);
        epilogue.activate(z, a, rows);
        return;
      }
      product(rows, inFeatures, outFeatures, 0, 0, 0, false);
      epilogue.forward(z, a, b, rows);
    },
  };
}

export function denseBackward(args: DenseBackwardArgs, scratch: ScratchAllocator = unmanagedScratch): BatchKernel {
  const { maxRows, inFeatures, outFeatures } = args;
  const x = floatBuffer(args.input, 'dense input', maxRows * inFeatures);
  const w = floatBuffer(args.weight, 'dense weight', outFeatures * inFeatures);
  const z = floatBuffer(args.preActivation, 'dense pre-activation', maxRows * outFeatures);
  const da = floatBuffer(args.outputGrad, 'dense output gradient', maxRows * outFeatures);
  const dz = floatBuffer(args.preActivationGrad, 'dense pre-activation gradient', maxRows * outFeatures);
  const dw = floatBuffer(args.weightGrad, 'dense weight gradient', outFeatures * inFeatures);
  const db = floatBuffer(args.biasGrad, 'dense bias gradient', outFeatures);
  const dx = args.inputGrad ? floatBuffer(args.inputGrad, 'dense input gradient', maxRows * inFeatures) : null;
  const learnableGrad = args.learnableGrad ? floatBuffer(args.learnableGrad, 'learnable activation parameter gradient') : null;
  const weightProduct = bindMatmul(blockOf(dz, 'dense pre-activation gradient'), blockOf(x, 'dense input'), blockOf(dw, 'dense weight gradient'), TRANSPOSE_A);
  const inputProduct = dx ? bindMatmul(blockOf(dz, 'dense pre-activation gradient'), blockOf(w, 'dense weight'), blockOf(dx, 'dense input gradient')) : null;
  const epilogue = createEpilogue(args.activation, outFeatures, 1, maxRows, scratch);
  const biasSums = new Float64Array(outFeatures);
  const workspace = matmulModule()?.workspace ?? 0;
  const addresses = new BufferAddresses('dense backward', [dz, da, x, w, dw, db, dx]);
  const at = addresses.at;
  return {
    run(rows) {
      checkRows('dense backward', rows, maxRows);
      if (rows === 0) return;
      const wasm = wasmKernelsFor(dz);
      if (wasm) {
        addresses.check();
        const derivative = epilogue.derivative(z, da, dz, rows, learnableGrad);
        wasm.denseBackward(at[0], at[1], derivative ? addressOf(derivative) : 0, at[2], at[3], at[4], at[5], at[6], rows, inFeatures, outFeatures, workspace);
        return;
      }
      epilogue.backward(z, da, dz, rows, learnableGrad);
      weightProduct(outFeatures, rows, inFeatures, 0, 0, 0, false);
      biasGradient(dz, db, rows, outFeatures, 1, biasSums);
      if (inputProduct) inputProduct(rows, outFeatures, inFeatures, 0, 0, 0, false);
    },
  };
}
