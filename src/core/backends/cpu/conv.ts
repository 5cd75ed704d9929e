// 2-D convolution and max pooling on the CPU. Convolution is im2col + one matmul per image: the columns of image r
// are stored [inChannels·k²][outHeight·outWidth], so z_r = W·columns_r comes out in NCHW directly, with bias and
// activation fused into one pass after it. Backward: dW = Σ_r dz_r·columns_rᵀ (one running sum across the images),
// and per image dcolumns = Wᵀ·dz_r folded back by col2im. Pooling keeps argmax indices for backward.
//
// Every sum runs in the order the whole-batch formulation (columns [rows·P][patch]) would: z over the patch, dW over
// images then positions, dx over the positions raster order; so the bits do not depend on this layout. im2col, col2im
// and 2×2 pooling run on WebAssembly (wasm/elementwise.wat) where it runs, else as the JS loops here, with the same bits.
import { bindMatmul } from './matmul';
import type { BatchKernel, Conv2dBackwardArgs, Conv2dForwardArgs, Conv2dShape, MaxPool2dBackwardArgs, MaxPool2dForwardArgs } from '../types';
import { blockOf, floatBuffer, intBuffer, unmanagedScratch, type ScratchAllocator } from './buffer';
import { addressOf, biasGradient, wasmKernelsFor } from './elementwise';
import { createEpilogue } from './pointwise';
import { TRANSPOSE_A, TRANSPOSE_B, checkRows } from './common';

/** For kernel offset `kj`: the output positions o whose input o·stride − padding + kj lies in [0, size). */
function validRange(kj: number, size: number, outSize: number, stride: number, padding: number): { first: number; end: number } {
  const first = Math.max(0, Math.ceil((padding - kj) / stride));
  const end = Math.min(outSize, Math.floor((size - 1 + padding - kj) / stride) + 1);
  return { first: Math.min(first, outSize), end: Math.max(end, Math.min(first, outSize)) };
}

/** Valid output ranges per kernel offset, for rows (ki) and columns (kj). */
function kernelRanges(shape: Conv2dShape): { rows: { first: number; end: number }[]; cols: { first: number; end: number }[] } {
  const { kernelSize: k, height, width, outHeight, outWidth, stride, padding } = shape;
  return {
    rows: Array.from({ length: k }, (_, ki) => validRange(ki, height, outHeight, stride, padding)),
    cols: Array.from({ length: k }, (_, kj) => validRange(kj, width, outWidth, stride, padding)),
  };
}

/**
 * Writes image r's columns at `to`: columns[(c·k + ki)·k + kj][oy·outWidth + ox] = x[r][c][oy·s − p + ki][ox·s − p + kj],
 * 0 where that is padding.
 */
function im2colImage(shape: Conv2dShape, ranges: ReturnType<typeof kernelRanges>, x: Float32Array, image: number, columns: Float32Array, to: number): void {
  const { inChannels, height, width, kernelSize: k, stride, padding, outHeight, outWidth } = shape;
  const plane = height * width;
  let o = to;
  for (let c = 0; c < inChannels; c++) {
    const channel = image + c * plane;
    for (let ki = 0; ki < k; ki++) {
      const { first: oyFirst, end: oyEnd } = ranges.rows[ki];
      for (let kj = 0; kj < k; kj++) {
        const { first: oxFirst, end: oxEnd } = ranges.cols[kj];
        if (oyFirst > 0) {
          columns.fill(0, o, o + oyFirst * outWidth);
          o += oyFirst * outWidth;
        }
        for (let oy = oyFirst; oy < oyEnd; oy++) {
          const source = channel + (oy * stride - padding + ki) * width - padding + kj;
          let ox = 0;
          for (; ox < oxFirst; ox++) columns[o++] = 0;
          if (stride === 1) for (let at = source + ox; ox < oxEnd; ox++) columns[o++] = x[at++];
          else for (; ox < oxEnd; ox++) columns[o++] = x[source + ox * stride];
          for (; ox < outWidth; ox++) columns[o++] = 0;
        }
        if (oyEnd < outHeight) {
          columns.fill(0, o, o + (outHeight - oyEnd) * outWidth);
          o += (outHeight - oyEnd) * outWidth;
        }
      }
    }
  }
}

/**
 * Adds image r's columns gradient (laid out as im2colImage writes columns) onto dx[r], which must be zero. Each dx
 * value receives its terms in the raster order of the output positions they come from — kernel offsets descending —
 * as the adjoint of a row-major im2col adds them.
 */
function col2imImage(shape: Conv2dShape, ranges: ReturnType<typeof kernelRanges>, columnsGrad: Float32Array, dx: Float32Array, image: number): void {
  const { inChannels, height, width, kernelSize: k, stride, padding, outWidth } = shape;
  const fround = Math.fround;
  const plane = height * width;
  const positions = shape.outHeight * outWidth;
  for (let c = 0; c < inChannels; c++) {
    const channel = image + c * plane;
    for (let ki = k - 1; ki >= 0; ki--) {
      const { first: oyFirst, end: oyEnd } = ranges.rows[ki];
      for (let kj = k - 1; kj >= 0; kj--) {
        const { first: oxFirst, end: oxEnd } = ranges.cols[kj];
        const row = ((c * k + ki) * k + kj) * positions;
        for (let oy = oyFirst; oy < oyEnd; oy++) {
          const target = channel + (oy * stride - padding + ki) * width - padding + kj;
          const from = row + oy * outWidth;
          if (stride === 1) {
            for (let ox = oxFirst; ox < oxEnd; ox++) dx[target + ox] = fround(dx[target + ox] + columnsGrad[from + ox]);
          } else {
            for (let ox = oxFirst; ox < oxEnd; ox++) {
              const at = target + ox * stride;
              dx[at] = fround(dx[at] + columnsGrad[from + ox]);
            }
          }
        }
      }
    }
  }
}

function checkGeometry(shape: Conv2dShape): void {
  const { height, width, kernelSize, stride, padding, outHeight, outWidth } = shape;
  const expectH = Math.floor((height + 2 * padding - kernelSize) / stride) + 1;
  const expectW = Math.floor((width + 2 * padding - kernelSize) / stride) + 1;
  if (outHeight !== expectH || outWidth !== expectW || outHeight < 1 || outWidth < 1) {
    throw new Error(`conv2d: output must be ${expectH}×${expectW} for a ${height}×${width} input, kernel ${kernelSize}, stride ${stride}, padding ${padding} (got ${outHeight}×${outWidth})`);
  }
}

export function conv2dForward(args: Conv2dForwardArgs, scratch: ScratchAllocator = unmanagedScratch): BatchKernel {
  checkGeometry(args);
  const { maxRows, inChannels, height, width, filters, kernelSize, outHeight, outWidth } = args;
  const positions = outHeight * outWidth;
  const patch = inChannels * kernelSize * kernelSize;
  const inputSize = inChannels * height * width;
  const x = floatBuffer(args.input, 'conv2d input', maxRows * inputSize);
  const w = floatBuffer(args.weight, 'conv2d weight', filters * patch);
  const b = floatBuffer(args.bias, 'conv2d bias', filters);
  const columns = floatBuffer(args.columns, 'conv2d columns', maxRows * positions * patch);
  const z = floatBuffer(args.preActivation, 'conv2d pre-activation', maxRows * filters * positions);
  const a = floatBuffer(args.output, 'conv2d output', maxRows * filters * positions);
  // z_r [filters][positions] = W [filters][patch] · columns_r [patch][positions]
  const product = bindMatmul(blockOf(w, 'conv2d weight'), blockOf(columns, 'conv2d columns'), blockOf(z, 'conv2d pre-activation'));
  const epilogue = createEpilogue(args.activation, filters, positions, maxRows, scratch);
  const ranges = kernelRanges(args);
  return {
    run(rows) {
      checkRows('conv2d forward', rows, maxRows);
      if (rows === 0) return;
      const wasm = wasmKernelsFor(columns);
      if (wasm) {
        wasm.im2col(addressOf(x), addressOf(columns), rows, inChannels, height, width, kernelSize, args.stride, args.padding, outHeight, outWidth);
      } else {
        const xValues = x.floats;
        const columnValues = columns.floats;
        for (let r = 0; r < rows; r++) im2colImage(args, ranges, xValues, r * inputSize, columnValues, r * patch * positions);
      }
      for (let r = 0; r < rows; r++) product(filters, patch, positions, 0, r * patch * positions, r * filters * positions, false);
      epilogue.forward(z, a, b, rows);
    },
  };
}

export function conv2dBackward(args: Conv2dBackwardArgs, scratch: ScratchAllocator = unmanagedScratch): BatchKernel {
  checkGeometry(args);
  const { maxRows, inChannels, height, width, filters, kernelSize, outHeight, outWidth } = args;
  const positions = outHeight * outWidth;
  const patch = inChannels * kernelSize * kernelSize;
  const inputSize = inChannels * height * width;
  const columns = floatBuffer(args.columns, 'conv2d columns', maxRows * positions * patch);
  const w = floatBuffer(args.weight, 'conv2d weight', filters * patch);
  const z = floatBuffer(args.preActivation, 'conv2d pre-activation', maxRows * filters * positions);
  const da = floatBuffer(args.outputGrad, 'conv2d output gradient', maxRows * filters * positions);
  const dz = floatBuffer(args.preActivationGrad, 'conv2d pre-activation gradient', maxRows * filters * positions);
  const dw = floatBuffer(args.weightGrad, 'conv2d weight gradient', filters * patch);
  const db = floatBuffer(args.biasGrad, 'conv2d bias gradient', filters);
  const dx = args.inputGrad ? floatBuffer(args.inputGrad, 'conv2d input gradient', maxRows * inputSize) : null;
  // One image's columns gradient at a time (the first image's worth of the buffer, reused: it stays in cache).
  const columnsGrad = dx ? floatBuffer(args.columnsGrad, 'conv2d columns gradient', positions * patch) : null;
  const learnableGrad = args.learnableGrad ? floatBuffer(args.learnableGrad, 'learnable activation parameter gradient') : null;
  // dW [filters][patch] (+)= dz_r [filters][positions] · (columns_r [patch][positions])ᵀ
  const weightProduct = bindMatmul(blockOf(dz, 'conv2d pre-activation gradient'), blockOf(columns, 'conv2d columns'), blockOf(dw, 'conv2d weight gradient'), TRANSPOSE_B);
  // dcolumns [patch][positions] = (W [filters][patch])ᵀ · dz_r [filters][positions]
  const columnsProduct = columnsGrad
    ? bindMatmul(blockOf(w, 'conv2d weight'), blockOf(dz, 'conv2d pre-activation gradient'), blockOf(columnsGrad, 'conv2d columns gradient'), TRANSPOSE_A)
    : null;
  const epilogue = createEpilogue(args.activation, filters, positions, maxRows, scratch);
  const ranges = kernelRanges(args);
  const biasSums = new Float64Array(filters);
  return {
    run(rows) {
      checkRows('conv2d backward', rows, maxRows);
      if (rows === 0) return;
      epilogue.backward(z, da, dz, rows, learnableGrad);
      biasGradient(dz, db, rows, filters, positions, biasSums);
      for (let r = 0; r < rows; r++) weightProduct(filters, positions, patch, r * filters * positions, r * patch * positions, 0, r > 0);
      if (dx && columnsGrad && columnsProduct) {
        dx.floats.fill(0, 0, rows * inputSize);
        const wasm = wasmKernelsFor(dx);
        for (let r = 0; r < rows; r++) {
          columnsProduct(patch, filters, positions, 0, r * filters * positions, 0, false);
          if (wasm) wasm.col2im(addressOf(columnsGrad), addressOf(dx, r * inputSize), inChannels, height, width, kernelSize, args.stride, args.padding, outHeight, outWidth);
          else col2imImage(args, ranges, columnsGrad.floats, dx.floats, r * inputSize);
        }
      }
    },
  };
}

export function maxPool2dForward(args: MaxPool2dForwardArgs): BatchKernel {
  const { maxRows, channels, height, width, size, stride, outHeight, outWidth } = args;
  const x = floatBuffer(args.input, 'maxpool2d input', maxRows * channels * height * width);
  const y = floatBuffer(args.output, 'maxpool2d output', maxRows * channels * outHeight * outWidth);
  const argmax = intBuffer(args.argmax, 'maxpool2d argmax', maxRows * channels * outHeight * outWidth);
  const plane = height * width;
  const pairs = size === 2 && stride === 2;
  return {
    run(rows) {
      checkRows('maxpool2d forward', rows, maxRows);
      const wasm = pairs ? wasmKernelsFor(y) : null;
      if (wasm) {
        wasm.maxPool2(addressOf(x), addressOf(y), addressOf(argmax), rows * channels, height, width, outHeight, outWidth);
        return;
      }
      const xValues = x.floats;
      const yValues = y.floats;
      const indices = argmax.ints;
      let o = 0;
      // As PyTorch: start at −∞ with the window's first index; a larger value or a NaN takes over, in window order.
      if (pairs) {
        for (let rc = 0; rc < rows * channels; rc++) {
          const base = rc * plane;
          for (let oy = 0; oy < outHeight; oy++) {
            for (let ox = 0, top = 2 * oy * width; ox < outWidth; ox++, o++, top += 2) {
              const bottom = top + width;
              let best = -Infinity;
              let bestIndex = top;
              let v = xValues[base + top];
              if (v > best || v !== v) best = v;
              v = xValues[base + top + 1];
              if (v > best || v !== v) {
                best = v;
                bestIndex = top + 1;
              }
              v = xValues[base + bottom];
              if (v > best || v !== v) {
                best = v;
                bestIndex = bottom;
              }
              v = xValues[base + bottom + 1];
              if (v > best || v !== v) {
                best = v;
                bestIndex = bottom + 1;
              }
              yValues[o] = best;
              indices[o] = bestIndex;
            }
          }
        }
        return;
      }
      for (let rc = 0; rc < rows * channels; rc++) {
        const base = rc * plane;
        for (let oy = 0; oy < outHeight; oy++) {
          for (let ox = 0; ox < outWidth; ox++, o++) {
            let best = -Infinity;
            let bestIndex = oy * stride * width + ox * stride;
            for (let ki = 0; ki < size; ki++) {
              const rowStart = (oy * stride + ki) * width + ox * stride;
              for (let kj = 0; kj < size; kj++) {
                const v = xValues[base + rowStart + kj];
                if (v > best || v !== v) {
                  best = v;
                  bestIndex = rowStart + kj;
                }
              }
            }
            yValues[o] = best;
            indices[o] = bestIndex;
          }
        }
      }
    },
  };
}

export function maxPool2dBackward(args: MaxPool2dBackwardArgs): BatchKernel {
  const { maxRows, channels, height, width, outHeight, outWidth } = args;
  const argmax = intBuffer(args.argmax, 'maxpool2d argmax', maxRows * channels * outHeight * outWidth);
  const dy = floatBuffer(args.outputGrad, 'maxpool2d output gradient', maxRows * channels * outHeight * outWidth);
  const dx = floatBuffer(args.inputGrad, 'maxpool2d input gradient', maxRows * channels * height * width);
  const plane = height * width;
  const outPlane = outHeight * outWidth;
  return {
    run(rows) {
      checkRows('maxpool2d backward', rows, maxRows);
      const wasm = wasmKernelsFor(dx);
      if (wasm) {
        wasm.maxPoolBackward(addressOf(dy), addressOf(argmax), addressOf(dx), rows * channels, plane, outPlane);
        return;
      }
      const fround = Math.fround;
      const indices = argmax.ints;
      const dyValues = dy.floats;
      const dxValues = dx.floats;
      dxValues.fill(0, 0, rows * channels * plane);
      for (let rc = 0, o = 0; rc < rows * channels; rc++) {
        const base = rc * plane;
        for (let q = 0; q < outPlane; q++, o++) {
          const at = base + indices[o];
          dxValues[at] = fround(dxValues[at] + dyValues[o]);
        }
      }
    },
  };
}
