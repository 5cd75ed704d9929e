// 2-D convolution and max pooling on the CPU. Convolution is im2col + one matmul for the whole batch, with
// bias and activation fused into the pass that writes the NCHW output; its backward is one matmul for
// dW and one for the columns' gradient, folded back by col2im. Pooling keeps argmax indices for backward.
import { matmul } from './matmul';
import type { BatchKernel, Conv2dBackwardArgs, Conv2dForwardArgs, Conv2dShape, MaxPool2dBackwardArgs, MaxPool2dForwardArgs } from '../types';
import { floats, ints } from './buffer';
import { createEpilogue } from './pointwise';
import { TRANSPOSE_A, TRANSPOSE_B, checkRows } from './common';

/** Writes the im2col columns of `rows` images: columns[(r·P + p)][c·k² + ki·k + kj] (0 where padded). */
function im2col(shape: Conv2dShape, x: Float32Array, columns: Float32Array, rows: number): void {
  const { inChannels, height, width, kernelSize: k, stride, padding, outHeight, outWidth } = shape;
  const plane = height * width;
  let o = 0;
  for (let r = 0; r < rows; r++) {
    const image = r * inChannels * plane;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let c = 0; c < inChannels; c++) {
          const channel = image + c * plane;
          for (let ki = 0; ki < k; ki++) {
            const iy = oy * stride - padding + ki;
            for (let kj = 0; kj < k; kj++, o++) {
              const ix = ox * stride - padding + kj;
              columns[o] = iy >= 0 && iy < height && ix >= 0 && ix < width ? x[channel + iy * width + ix] : 0;
            }
          }
        }
      }
    }
  }
}

/** Adds the columns' gradient back onto the (zeroed) input gradient: the adjoint of im2col. */
function col2im(shape: Conv2dShape, columnsGrad: Float32Array, dx: Float32Array, rows: number): void {
  const { inChannels, height, width, kernelSize: k, stride, padding, outHeight, outWidth } = shape;
  const plane = height * width;
  dx.fill(0, 0, rows * inChannels * plane);
  let o = 0;
  for (let r = 0; r < rows; r++) {
    const image = r * inChannels * plane;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let c = 0; c < inChannels; c++) {
          const channel = image + c * plane;
          for (let ki = 0; ki < k; ki++) {
            const iy = oy * stride - padding + ki;
            for (let kj = 0; kj < k; kj++, o++) {
              const ix = ox * stride - padding + kj;
              if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                const at = channel + iy * width + ix;
                dx[at] = Math.fround(dx[at] + columnsGrad[o]);
              }
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

export function conv2dForward(args: Conv2dForwardArgs): BatchKernel {
  checkGeometry(args);
  const { maxRows, inChannels, height, width, filters, kernelSize, outHeight, outWidth } = args;
  const positions = outHeight * outWidth;
  const patch = inChannels * kernelSize * kernelSize;
  const x = floats(args.input, 'conv2d input', maxRows * inChannels * height * width);
  const w = floats(args.weight, 'conv2d weight', filters * patch);
  const b = floats(args.bias, 'conv2d bias', filters);
  const columns = floats(args.columns, 'conv2d columns', maxRows * positions * patch);
  const product = floats(args.product, 'conv2d product', maxRows * positions * filters);
  const z = floats(args.preActivation, 'conv2d pre-activation', maxRows * filters * positions);
  const a = floats(args.output, 'conv2d output', maxRows * filters * positions);
  const epilogue = createEpilogue(args.activation, filters, positions, maxRows);
  return {
    run(rows) {
      checkRows('conv2d forward', rows, maxRows);
      if (rows === 0) return;
      im2col(args, x, columns, rows);
      matmul(columns, w, rows * positions, patch, filters, product, TRANSPOSE_B);
      // [rows·P][F] → NCHW [rows][F][P]; the epilogue then adds the bias and applies f in the same layout.
      for (let r = 0; r < rows; r++) {
        for (let f = 0; f < filters; f++) {
          const to = (r * filters + f) * positions;
          for (let p = 0, from = r * positions * filters + f; p < positions; p++, from += filters) z[to + p] = product[from];
        }
      }
      epilogue.forward(z, a, b, rows);
    },
  };
}

export function conv2dBackward(args: Conv2dBackwardArgs): BatchKernel {
  checkGeometry(args);
  const { maxRows, inChannels, height, width, filters, kernelSize, outHeight, outWidth } = args;
  const positions = outHeight * outWidth;
  const patch = inChannels * kernelSize * kernelSize;
  const columns = floats(args.columns, 'conv2d columns', maxRows * positions * patch);
  const w = floats(args.weight, 'conv2d weight', filters * patch);
  const z = floats(args.preActivation, 'conv2d pre-activation', maxRows * filters * positions);
  const da = floats(args.outputGrad, 'conv2d output gradient', maxRows * filters * positions);
  const dz = floats(args.preActivationGrad, 'conv2d pre-activation gradient', maxRows * filters * positions);
  const productGrad = floats(args.productGrad, 'conv2d product gradient', maxRows * positions * filters);
  const dw = floats(args.weightGrad, 'conv2d weight gradient', filters * patch);
  const db = floats(args.biasGrad, 'conv2d bias gradient', filters);
  const dx = args.inputGrad ? floats(args.inputGrad, 'conv2d input gradient', maxRows * inChannels * height * width) : null;
  const columnsGrad = dx ? floats(args.columnsGrad, 'conv2d columns gradient', maxRows * positions * patch) : null;
  const learnableGrad = args.learnableGrad ? floats(args.learnableGrad, 'learnable activation parameter gradient') : null;
  const epilogue = createEpilogue(args.activation, filters, positions, maxRows);
  const biasSums = new Float64Array(filters);
  return {
    run(rows) {
      checkRows('conv2d backward', rows, maxRows);
      if (rows === 0) return;
      epilogue.backward(z, da, dz, rows, learnableGrad);
      biasSums.fill(0);
      for (let r = 0; r < rows; r++) {
        for (let f = 0; f < filters; f++) {
          const from = (r * filters + f) * positions;
          let sum = 0;
          for (let p = 0, to = r * positions * filters + f; p < positions; p++, to += filters) {
            const g = dz[from + p];
            productGrad[to] = g;
            sum += g;
          }
          biasSums[f] += sum;
        }
      }
      for (let f = 0; f < filters; f++) db[f] = Math.fround(biasSums[f]);
      matmul(productGrad, columns, filters, rows * positions, patch, dw, TRANSPOSE_A);
      if (dx && columnsGrad) {
        matmul(productGrad, w, rows * positions, filters, patch, columnsGrad);
        col2im(args, columnsGrad, dx, rows);
      }
    },
  };
}

export function maxPool2dForward(args: MaxPool2dForwardArgs): BatchKernel {
  const { maxRows, channels, height, width, size, stride, outHeight, outWidth } = args;
  const x = floats(args.input, 'maxpool2d input', maxRows * channels * height * width);
  const y = floats(args.output, 'maxpool2d output', maxRows * channels * outHeight * outWidth);
  const argmax = ints(args.argmax, 'maxpool2d argmax', maxRows * channels * outHeight * outWidth);
  const plane = height * width;
  return {
    run(rows) {
      checkRows('maxpool2d forward', rows, maxRows);
      let o = 0;
      for (let rc = 0; rc < rows * channels; rc++) {
        const base = rc * plane;
        for (let oy = 0; oy < outHeight; oy++) {
          for (let ox = 0; ox < outWidth; ox++, o++) {
            // As PyTorch: start at −∞ with the window's first index; a larger value or a NaN takes over.
            let best = -Infinity;
            let bestIndex = oy * stride * width + ox * stride;
            for (let ki = 0; ki < size; ki++) {
              const rowStart = (oy * stride + ki) * width + ox * stride;
              for (let kj = 0; kj < size; kj++) {
                const v = x[base + rowStart + kj];
                if (v > best || Number.isNaN(v)) {
                  best = v;
                  bestIndex = rowStart + kj;
                }
              }
            }
            y[o] = best;
            argmax[o] = bestIndex;
          }
        }
      }
    },
  };
}

export function maxPool2dBackward(args: MaxPool2dBackwardArgs): BatchKernel {
  const { maxRows, channels, height, width, outHeight, outWidth } = args;
  const argmax = ints(args.argmax, 'maxpool2d argmax', maxRows * channels * outHeight * outWidth);
  const dy = floats(args.outputGrad, 'maxpool2d output gradient', maxRows * channels * outHeight * outWidth);
  const dx = floats(args.inputGrad, 'maxpool2d input gradient', maxRows * channels * height * width);
  const plane = height * width;
  const outPlane = outHeight * outWidth;
  return {
    run(rows) {
      checkRows('maxpool2d backward', rows, maxRows);
      dx.fill(0, 0, rows * channels * plane);
      for (let rc = 0, o = 0; rc < rows * channels; rc++) {
        const base = rc * plane;
        for (let q = 0; q < outPlane; q++, o++) {
          const at = base + argmax[o];
          dx[at] = Math.fround(dx[at] + dy[o]);
        }
      }
    },
  };
}
