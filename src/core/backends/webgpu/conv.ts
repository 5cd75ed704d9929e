// 2-D convolution and max pooling on WebGPU. Convolution is an im2col program plus one tiled matmul whose epilogue
// writes NCHW with bias and activation fused; its backward is a matmul for dW and one for the columns' gradient
// (both with the dz = da·f′(z) prologue), a col2im gather, and the shared per-channel pass for dz and the bias.
// Pooling keeps argmax indices; its backward gathers, per input, the outputs that took it — in the CPU's order.
import type { BatchKernel, Conv2dBackwardArgs, Conv2dForwardArgs, Conv2dShape, MaxPool2dBackwardArgs, MaxPool2dForwardArgs } from '../types';
import { activationCode, gradientPrologue } from './activation';
import { createActivationBackward } from './backward';
import { checkRows } from './checks';
import { createMatmul, tileFor } from './matmul';
import { linearDispatch, linearIndex, type Binding, type Runtime } from './runtime';

const LANES = 64;

function checkGeometry(shape: Conv2dShape): void {
  const { height, width, kernelSize, stride, padding, outHeight, outWidth } = shape;
  const expectH = Math.floor((height + 2 * padding - kernelSize) / stride) + 1;
  const expectW = Math.floor((width + 2 * padding - kernelSize) / stride) + 1;
  if (outHeight !== expectH || outWidth !== expectW || outHeight < 1 || outWidth < 1) {
    throw new Error(`conv2d: output must be ${expectH}×${expectW} for a ${height}×${width} input, kernel ${kernelSize}, stride ${stride}, padding ${padding} (got ${outHeight}×${outWidth})`);
  }
}

/** WGSL constants of a convolution's geometry. */
function geometryConstants(shape: Conv2dShape): string {
  const { inChannels, height, width, kernelSize, stride, padding, outHeight, outWidth, filters } = shape;
  return `const CIN: u32 = ${inChannels}u;
const H: u32 = ${height}u;
const W: u32 = ${width}u;
const K: u32 = ${kernelSize}u;
const KK: u32 = ${kernelSize * kernelSize}u;
const STRIDE: u32 = ${stride}u;
const PAD: u32 = ${padding}u;
const OH: u32 = ${outHeight}u;
const OW: u32 = ${outWidth}u;
const P: u32 = ${outHeight * outWidth}u;
const PATCH: u32 = ${inChannels * kernelSize * kernelSize}u;
const F: u32 = ${filters}u;`;
}

export function conv2dForward(runtime: Runtime, args: Conv2dForwardArgs): BatchKernel {
  checkGeometry(args);
  const { maxRows, inChannels, height, width, filters, kernelSize, outHeight, outWidth } = args;
  const positions = outHeight * outWidth;
  const patch = inChannels * kernelSize * kernelSize;
  const x = runtime.own(args.input, 'conv2d input', 'float32', maxRows * inChannels * height * width);
  const w = runtime.own(args.weight, 'conv2d weight', 'float32', filters * patch);
  const b = runtime.own(args.bias, 'conv2d bias', 'float32', filters);
  const columns = runtime.own(args.columns, 'conv2d columns', 'float32', maxRows * positions * patch);
  runtime.own(args.product, 'conv2d product', 'float32', maxRows * positions * filters);
  const z = runtime.own(args.preActivation, 'conv2d pre-activation', 'float32', maxRows * filters * positions);
  const a = runtime.own(args.output, 'conv2d output', 'float32', maxRows * filters * positions);
  const activation = activationCode(runtime, args.activation, filters);
  const constants = geometryConstants(args);
  const im2col = runtime.kernel(
    runtime.program({
      label: `conv2d im2col ${inChannels}×${height}×${width} k${kernelSize}`,
      bindings: [
        { name: 'input', access: 'read' },
        { name: 'columns', access: 'read_write' },
      ],
      code: `${constants}
@compute @workgroup_size(${LANES})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = ${linearIndex(LANES)};
  if (i >= args.rows * P * PATCH) { return; }
  let q = i % PATCH;
  let rp = i / PATCH;
  let p = rp % P;
  let r = rp / P;
  let c = q / KK;
  let ki = (q % KK) / K;
  let kj = q % K;
  let iy = i32((p / OW) * STRIDE + ki) - i32(PAD);
  let ix = i32((p % OW) * STRIDE + kj) - i32(PAD);
  var value = 0.0;
  if (iy >= 0 && iy < i32(H) && ix >= 0 && ix < i32(W)) { value = input[((r * CIN + c) * H + u32(iy)) * W + u32(ix)]; }
  columns[i] = value;
}`,
    }),
    [x, columns],
  );
  const separateOutput = a !== z;
  const bindings: Binding[] = [
    { name: 'columns', access: 'read' },
    { name: 'w', access: 'read' },
    { name: 'b', access: 'read' },
    { name: 'z', access: 'read_write' },
    ...(separateOutput ? [{ name: 'a', access: 'read_write' } as const] : []),
    ...activation.bindings,
  ];
  const product = createMatmul(
    runtime,
    {
      label: `conv2d forward ${patch}→${filters}${args.activation ? ` + ${args.activation.activation.id}` : ''}`,
      bindings,
      preamble: `${activation.preamble}\n${constants}`,
      rows: { wgsl: 'args.rows * P', count: (run) => (run.rows ?? 0) * positions },
      columns: 'F',
      depth: 'PATCH',
      loadA: 'return columns[row * PATCH + k];',
      loadB: 'return w[col * PATCH + k];',
      store: `let i = ((row / P) * F + col) * P + row % P;
  let pre = value + b[col];
  z[i] = pre;
  ${separateOutput ? `a[i] = ${activation.forward('pre', 'col')};` : ''}`,
      columnCount: filters,
      tile: tileFor(maxRows * positions, filters, runtime.software),
    },
    [columns, w, b, z, ...(separateOutput ? [a] : []), ...activation.buffers],
  );
  return {
    run(rows) {
      checkRows('conv2d forward', rows, maxRows);
      if (rows === 0) return;
      runtime.dispatch(im2col, linearDispatch(rows * positions * patch, LANES), { rows });
      product.run({ rows });
    },
  };
}

export function conv2dBackward(runtime: Runtime, args: Conv2dBackwardArgs): BatchKernel {
  checkGeometry(args);
  const { maxRows, inChannels, height, width, filters, kernelSize, outHeight, outWidth } = args;
  const positions = outHeight * outWidth;
  const patch = inChannels * kernelSize * kernelSize;
  const columns = runtime.own(args.columns, 'conv2d columns', 'float32', maxRows * positions * patch);
  const w = runtime.own(args.weight, 'conv2d weight', 'float32', filters * patch);
  const z = runtime.own(args.preActivation, 'conv2d pre-activation', 'float32', maxRows * filters * positions);
  const da = runtime.own(args.outputGrad, 'conv2d output gradient', 'float32', maxRows * filters * positions);
  const dz = runtime.own(args.preActivationGrad, 'conv2d pre-activation gradient', 'float32', maxRows * filters * positions);
  runtime.own(args.productGrad, 'conv2d product gradient', 'float32', maxRows * positions * filters);
  const dw = runtime.own(args.weightGrad, 'conv2d weight gradient', 'float32', filters * patch);
  const db = runtime.own(args.biasGrad, 'conv2d bias gradient', 'float32', filters);
  const dx = args.inputGrad ? runtime.own(args.inputGrad, 'conv2d input gradient', 'float32', maxRows * inChannels * height * width) : null;
  const columnsGrad = dx ? runtime.own(args.columnsGrad, 'conv2d columns gradient', 'float32', maxRows * positions * patch) : null;
  const learnableGrad = args.learnableGrad ? runtime.own(args.learnableGrad, 'learnable activation parameter gradient') : null;
  const activation = activationCode(runtime, args.activation, filters);
  const constants = geometryConstants(args);
  const name = `conv2d backward ${patch}→${filters}${args.activation ? ` + ${args.activation.activation.id}′` : ''}`;
  const { prologue, bindings: gradientBindings, buffers: gradientBuffers } = gradientPrologue(activation, da, z, `${constants}\n`);
  const weightGradient = createMatmul(
    runtime,
    {
      label: `${name}: dW = dzᵀ·columns`,
      bindings: [...gradientBindings, { name: 'columns', access: 'read' }, { name: 'dw', access: 'read_write' }],
      preamble: prologue,
      rows: { wgsl: 'F', count: () => filters },
      columns: 'PATCH',
      depth: 'args.rows * P',
      loadA: 'return grad_at(((k / P) * F + row) * P + k % P, row);',
      loadB: 'return columns[k * PATCH + col];',
      store: 'dw[row * PATCH + col] = value;',
      columnCount: patch,
      tile: tileFor(filters, patch, runtime.software),
    },
    [...gradientBuffers, columns, dw],
  );
  let inputGradient: { run(rows: number): void } | null = null;
  if (dx && columnsGrad) {
    const columnsProduct = createMatmul(
      runtime,
      {
        label: `${name}: dcolumns = dz·W`,
        bindings: [...gradientBindings, { name: 'w', access: 'read' }, { name: 'columns_grad', access: 'read_write' }],
        preamble: prologue,
        rows: { wgsl: 'args.rows * P', count: (run) => (run.rows ?? 0) * positions },
        columns: 'PATCH',
        depth: 'F',
        loadA: 'return grad_at(((row / P) * F + k) * P + row % P, k);',
        loadB: 'return w[k * PATCH + col];',
        store: 'columns_grad[row * PATCH + col] = value;',
        columnCount: patch,
        tile: tileFor(maxRows * positions, patch, runtime.software),
      },
      [...gradientBuffers, w, columnsGrad],
    );
    // col2im as a gather: each input element sums the column entries that read it, in the CPU's (oy, ox) order.
    const col2im = runtime.kernel(
      runtime.program({
        label: `conv2d col2im ${inChannels}×${height}×${width} k${kernelSize}`,
        bindings: [
          { name: 'columns_grad', access: 'read' },
          { name: 'dx', access: 'read_write' },
        ],
        code: `${constants}
@compute @workgroup_size(${LANES})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = ${linearIndex(LANES)};
  if (i >= args.rows * CIN * H * W) { return; }
  let ix = i32(i % W);
  let iy = i32((i / W) % H);
  let c = (i / (W * H)) % CIN;
  let r = i / (W * H * CIN);
  let first_y = max(0, (iy + i32(PAD) - i32(K) + i32(STRIDE)) / i32(STRIDE));
  let last_y = min(i32(OH) - 1, (iy + i32(PAD)) / i32(STRIDE));
  let first_x = max(0, (ix + i32(PAD) - i32(K) + i32(STRIDE)) / i32(STRIDE));
  let last_x = min(i32(OW) - 1, (ix + i32(PAD)) / i32(STRIDE));
  var sum = 0.0;
  for (var oy = first_y; oy <= last_y; oy = oy + 1) {
    let ki = u32(iy + i32(PAD) - oy * i32(STRIDE));
    for (var ox = first_x; ox <= last_x; ox = ox + 1) {
      let kj = u32(ix + i32(PAD) - ox * i32(STRIDE));
      sum = sum + columns_grad[(r * P + u32(oy) * OW + u32(ox)) * PATCH + c * KK + ki * K + kj];
    }
  }
  dx[i] = sum;
}`,
      }),
      [columnsGrad, dx],
    );
    inputGradient = {
      run(rows) {
        columnsProduct.run({ rows });
        runtime.dispatch(col2im, linearDispatch(rows * inChannels * height * width, LANES), { rows });
      },
    };
  }
  const finish = createActivationBackward(runtime, { label: name, channels: filters, spatial: positions, activation, preActivation: z, outputGrad: da, preActivationGrad: dz, biasGrad: db, learnableGrad });
  return {
    run(rows) {
      checkRows('conv2d backward', rows, maxRows);
      if (rows === 0) return;
      weightGradient.run({ rows });
      inputGradient?.run(rows);
      finish.run(rows);
    },
  };
}

/** A NaN test on the bits (WGSL comparisons need not see NaN). */
const IS_NAN = 'fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }';

export function maxPool2dForward(runtime: Runtime, args: MaxPool2dForwardArgs): BatchKernel {
  const { maxRows, channels, height, width, size, stride, outHeight, outWidth } = args;
  const x = runtime.own(args.input, 'maxpool2d input', 'float32', maxRows * channels * height * width);
  const y = runtime.own(args.output, 'maxpool2d output', 'float32', maxRows * channels * outHeight * outWidth);
  const argmax = runtime.own(args.argmax, 'maxpool2d argmax', 'int32', maxRows * channels * outHeight * outWidth);
  const kernel = runtime.kernel(
    runtime.program({
      label: `maxpool2d forward ${channels}×${height}×${width} size ${size} stride ${stride}`,
      bindings: [
        { name: 'input', access: 'read' },
        { name: 'output', access: 'read_write' },
        { name: 'argmax', access: 'read_write', element: 'i32' },
      ],
      code: `${IS_NAN}
@compute @workgroup_size(${LANES})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let o = ${linearIndex(LANES)};
  if (o >= args.rows * ${channels * outHeight * outWidth}u) { return; }
  let q = o % ${outHeight * outWidth}u;
  let base = (o / ${outHeight * outWidth}u) * ${height * width}u;
  let start = (q / ${outWidth}u) * ${stride}u * ${width}u + (q % ${outWidth}u) * ${stride}u;
  // As PyTorch: the window's first element, then any larger value or any NaN takes over.
  var best = input[base + start];
  var best_index = start;
  for (var ki = 0u; ki < ${size}u; ki = ki + 1u) {
    for (var kj = 0u; kj < ${size}u; kj = kj + 1u) {
      let at = start + ki * ${width}u + kj;
      let v = input[base + at];
      if (v > best || is_nan(v)) { best = v; best_index = at; }
    }
  }
  output[o] = best;
  argmax[o] = i32(best_index);
}`,
    }),
    [x, y, argmax],
  );
  const outputsPerRow = channels * outHeight * outWidth;
  return {
    run(rows) {
      checkRows('maxpool2d forward', rows, maxRows);
      runtime.dispatch(kernel, linearDispatch(rows * outputsPerRow, LANES), { rows });
    },
  };
}

export function maxPool2dBackward(runtime: Runtime, args: MaxPool2dBackwardArgs): BatchKernel {
  const { maxRows, channels, height, width, size, stride, outHeight, outWidth } = args;
  const argmax = runtime.own(args.argmax, 'maxpool2d argmax', 'int32', maxRows * channels * outHeight * outWidth);
  const dy = runtime.own(args.outputGrad, 'maxpool2d output gradient', 'float32', maxRows * channels * outHeight * outWidth);
  const dx = runtime.own(args.inputGrad, 'maxpool2d input gradient', 'float32', maxRows * channels * height * width);
  const kernel = runtime.kernel(
    runtime.program({
      label: `maxpool2d backward ${channels}×${height}×${width} size ${size} stride ${stride}`,
      bindings: [
        { name: 'argmax', access: 'read', element: 'i32' },
        { name: 'output_grad', access: 'read' },
        { name: 'input_grad', access: 'read_write' },
      ],
      code: `
@compute @workgroup_size(${LANES})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = ${linearIndex(LANES)};
  if (i >= args.rows * ${channels * height * width}u) { return; }
  let q = i % ${height * width}u;
  let plane = i / ${height * width}u;
  let iy = i32(q / ${width}u);
  let ix = i32(q % ${width}u);
  let first_y = max(0, (iy - ${size} + ${stride}) / ${stride});
  let last_y = min(${outHeight - 1}, iy / ${stride});
  let first_x = max(0, (ix - ${size} + ${stride}) / ${stride});
  let last_x = min(${outWidth - 1}, ix / ${stride});
  var sum = 0.0;
  for (var oy = first_y; oy <= last_y; oy = oy + 1) {
    for (var ox = first_x; ox <= last_x; ox = ox + 1) {
      let o = plane * ${outHeight * outWidth}u + u32(oy) * ${outWidth}u + u32(ox);
      if (argmax[o] == i32(q)) { sum = sum + output_grad[o]; }
    }
  }
  input_grad[i] = sum;
}`,
    }),
    [argmax, dy, dx],
  );
  const inputsPerRow = channels * height * width;
  return {
    run(rows) {
      checkRows('maxpool2d backward', rows, maxRows);
      runtime.dispatch(kernel, linearDispatch(rows * inputsPerRow, LANES), { rows });
    },
  };
}
