// Dense (fully connected) layers on WebGPU. Forward: one tiled matmul x·Wᵀ whose epilogue adds the bias, stores
// z and applies the activation (fused). Backward: dW = dzᵀ·x and dx = dz·W as tiled matmuls whose operand load
// computes dz = da·f′(z) on the fly (the fused prologue), then one pass that stores dz and sums the bias gradient.
import type { BatchKernel, DenseBackwardArgs, DenseForwardArgs } from '../types';
import { activationCode, gradientPrologue } from './activation';
import { createActivationBackward } from './backward';
import { checkRows } from './checks';
import { createMatmul, tileFor } from './matmul';
import type { Binding, GpuBuffer, Runtime } from './runtime';

export function denseForward(runtime: Runtime, args: DenseForwardArgs): BatchKernel {
  const { maxRows, inFeatures, outFeatures } = args;
  const x = runtime.own(args.input, 'dense input', 'float32', maxRows * inFeatures);
  const w = runtime.own(args.weight, 'dense weight', 'float32', outFeatures * inFeatures);
  const b = runtime.own(args.bias, 'dense bias', 'float32', outFeatures);
  const z = runtime.own(args.preActivation, 'dense pre-activation', 'float32', maxRows * outFeatures);
  const a = runtime.own(args.output, 'dense output', 'float32', maxRows * outFeatures);
  const activation = activationCode(runtime, args.activation, outFeatures);
  const separateOutput = a !== z;
  const bindings: Binding[] = [
    { name: 'input', access: 'read' },
    { name: 'w', access: 'read' },
    { name: 'b', access: 'read' },
    { name: 'z', access: 'read_write' },
    ...(separateOutput ? [{ name: 'a', access: 'read_write' } as const] : []),
    ...activation.bindings,
  ];
  const buffers: GpuBuffer[] = [x, w, b, z, ...(separateOutput ? [a] : []), ...activation.buffers];
  const matmul = createMatmul(
    runtime,
    {
      label: `dense forward ${inFeatures}→${outFeatures}${args.activation ? ` + ${args.activation.activation.id}` : ''}`,
      bindings,
      preamble: activation.preamble,
      rows: { wgsl: 'args.rows', count: (run) => run.rows ?? 0 },
      columns: `${outFeatures}u`,
      depth: `${inFeatures}u`,
      loadA: `return input[row * ${inFeatures}u + k];`,
      loadB: `return w[col * ${inFeatures}u + k];`,
      store: `let i = row * ${outFeatures}u + col;
  let pre = value + b[col];
  z[i] = pre;
  ${separateOutput ? `a[i] = ${activation.forward('pre', 'col')};` : ''}`,
      columnCount: outFeatures,
      tile: tileFor(maxRows, outFeatures, runtime.software),
    },
    buffers,
  );
  return {
    run(rows) {
      checkRows('dense forward', rows, maxRows);
      if (rows > 0) matmul.run({ rows });
    },
  };
}

export function denseBackward(runtime: Runtime, args: DenseBackwardArgs): BatchKernel {
  const { maxRows, inFeatures, outFeatures } = args;
  const x = runtime.own(args.input, 'dense input', 'float32', maxRows * inFeatures);
  const w = runtime.own(args.weight, 'dense weight', 'float32', outFeatures * inFeatures);
  const z = runtime.own(args.preActivation, 'dense pre-activation', 'float32', maxRows * outFeatures);
  const da = runtime.own(args.outputGrad, 'dense output gradient', 'float32', maxRows * outFeatures);
  const dz = runtime.own(args.preActivationGrad, 'dense pre-activation gradient', 'float32', maxRows * outFeatures);
  const dw = runtime.own(args.weightGrad, 'dense weight gradient', 'float32', outFeatures * inFeatures);
  const db = runtime.own(args.biasGrad, 'dense bias gradient', 'float32', outFeatures);
  const dx = args.inputGrad ? runtime.own(args.inputGrad, 'dense input gradient', 'float32', maxRows * inFeatures) : null;
  const learnableGrad = args.learnableGrad ? runtime.own(args.learnableGrad, 'learnable activation parameter gradient') : null;
  const activation = activationCode(runtime, args.activation, outFeatures);
  const name = `dense backward ${inFeatures}→${outFeatures}${args.activation ? ` + ${args.activation.activation.id}′` : ''}`;
  // The fused prologue: dLoss/dz of element i (channel `channel`) from da and z.
  const { prologue, bindings: gradientBindings, buffers: gradientBuffers } = gradientPrologue(activation, da, z);
  const weightGradient = createMatmul(
    runtime,
    {
      label: `${name}: dW = dzᵀ·x`,
      bindings: [...gradientBindings, { name: 'input', access: 'read' }, { name: 'dw', access: 'read_write' }],
      preamble: prologue,
      rows: { wgsl: `${outFeatures}u`, count: () => outFeatures },
      columns: `${inFeatures}u`,
      depth: 'args.rows',
      loadA: `return grad_at(k * ${outFeatures}u + row, row);`,
      loadB: `return input[k * ${inFeatures}u + col];`,
      store: `dw[row * ${inFeatures}u + col] = value;`,
      columnCount: inFeatures,
      tile: tileFor(outFeatures, inFeatures, runtime.software),
    },
    [...gradientBuffers, x, dw],
  );
  const inputGradient = dx
    ? createMatmul(
        runtime,
        {
          label: `${name}: dx = dz·W`,
          bindings: [...gradientBindings, { name: 'w', access: 'read' }, { name: 'dx', access: 'read_write' }],
          preamble: prologue,
          rows: { wgsl: 'args.rows', count: (run) => run.rows ?? 0 },
          columns: `${inFeatures}u`,
          depth: `${outFeatures}u`,
          loadA: `return grad_at(row * ${outFeatures}u + k, k);`,
          loadB: `return w[k * ${inFeatures}u + col];`,
          store: `dx[row * ${inFeatures}u + col] = value;`,
          columnCount: inFeatures,
          tile: tileFor(maxRows, inFeatures, runtime.software),
        },
        [...gradientBuffers, w, dx],
      )
    : null;
  // Runs last: it may overwrite da with dz in place.
  const finish = createActivationBackward(runtime, { label: name, channels: outFeatures, spatial: 1, activation, preActivation: z, outputGrad: da, preActivationGrad: dz, biasGrad: db, learnableGrad });
  return {
    run(rows) {
      checkRows('dense backward', rows, maxRows);
      if (rows === 0) return;
      weightGradient.run({ rows });
      inputGradient?.run({ rows });
      finish.run(rows);
    },
  };
}
