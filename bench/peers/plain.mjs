// Peer "plain typed arrays": the same MLP and CNN trained with straightforward loops over preallocated
// Float32Arrays (no blocking, packing or WebAssembly) — what a careful hand-written JavaScript trainer looks like.
import { batchStart, lossAndGradient } from './losses.mjs';

export const label = 'plain typed arrays';

export function createTrainer(workload) {
  return workload.kind === 'mlp' ? plainMlp(workload) : plainCnn(workload);
}

/** Dense forward: out[b][o] = bias[o] + Σ_i in[b][i]·W[o][i], then ReLU when `relu`. */
function denseForward(input, weight, bias, output, batch, inputs, units, relu) {
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < units; o++) {
      let sum = bias[o];
      for (let i = 0; i < inputs; i++) sum += input[b * inputs + i] * weight[o * inputs + i];
      output[b * units + o] = relu && sum < 0 ? 0 : sum;
    }
  }
}

/** Dense backward: dW = δᵀ·in, db = Σ_b δ, and (when `inputGradient`) dIn = δ·W masked by ReLU′ of the input. */
function denseBackward(input, weight, delta, weightGradient, biasGradient, inputGradient, batch, inputs, units, inputHadRelu) {
  weightGradient.fill(0);
  biasGradient.fill(0);
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < units; o++) {
      const d = delta[b * units + o];
      biasGradient[o] += d;
      for (let i = 0; i < inputs; i++) weightGradient[o * inputs + i] += d * input[b * inputs + i];
    }
  }
  if (!inputGradient) return;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < inputs; i++) {
      let sum = 0;
      for (let o = 0; o < units; o++) sum += delta[b * units + o] * weight[o * inputs + i];
      inputGradient[b * inputs + i] = inputHadRelu && input[b * inputs + i] <= 0 ? 0 : sum;
    }
  }
}

function sgd(values, gradient, lr) {
  for (let i = 0; i < values.length; i++) values[i] -= lr * gradient[i];
}

function plainMlp(workload) {
  const { sizes, batchSize: batch, data, lr } = workload;
  const layers = workload.layers.map((layer) => ({
    ...layer,
    weight: layer.weight.slice(),
    bias: layer.bias.slice(),
    weightGradient: new Float32Array(layer.weight.length),
    biasGradient: new Float32Array(layer.bias.length),
  }));
  const activations = sizes.map((units) => new Float32Array(batch * units));
  const deltas = sizes.map((units) => new Float32Array(batch * units));
  let t = 0;
  return {
    step() {
      const start = batchStart(t++, batch, workload.samples);
      activations[0].set(data.x.subarray(start * sizes[0], (start + batch) * sizes[0]));
      layers.forEach((layer, l) => denseForward(activations[l], layer.weight, layer.bias, activations[l + 1], batch, layer.inputs, layer.units, layer.activation === 'relu'));
      const last = layers.length;
      const loss = lossAndGradient(workload.loss, activations[last], data.y, start, batch, sizes[last], deltas[last]);
      for (let l = last - 1; l >= 0; l--) {
        const layer = layers[l];
        denseBackward(activations[l], layer.weight, deltas[l + 1], layer.weightGradient, layer.biasGradient, l > 0 ? deltas[l] : null, batch, layer.inputs, layer.units, true);
      }
      for (const layer of layers) {
        sgd(layer.weight, layer.weightGradient, lr);
        sgd(layer.bias, layer.biasGradient, lr);
      }
      return loss;
    },
    dispose() {},
  };
}

/** 3×3 convolution, stride 1, zero padding 1, then ReLU: NCHW in, NCHW out. */
function convForward(input, weight, bias, output, batch, channels, filters, size) {
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < filters; f++) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          let sum = bias[f];
          for (let c = 0; c < channels; c++) {
            for (let ky = 0; ky < 3; ky++) {
              const iy = y + ky - 1;
              if (iy < 0 || iy >= size) continue;
              for (let kx = 0; kx < 3; kx++) {
                const ix = x + kx - 1;
                if (ix < 0 || ix >= size) continue;
                sum += input[((b * channels + c) * size + iy) * size + ix] * weight[((f * channels + c) * 3 + ky) * 3 + kx];
              }
            }
          }
          output[((b * filters + f) * size + y) * size + x] = sum < 0 ? 0 : sum;
        }
      }
    }
  }
}

/** Gradients of convForward given δ at its (post-ReLU) output: dW, db, and dIn when `inputGradient`. */
function convBackward(input, weight, output, delta, weightGradient, biasGradient, inputGradient, batch, channels, filters, size) {
  weightGradient.fill(0);
  biasGradient.fill(0);
  if (inputGradient) inputGradient.fill(0);
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < filters; f++) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const at = ((b * filters + f) * size + y) * size + x;
          if (output[at] <= 0) continue; // ReLU′ = 0
          const d = delta[at];
          biasGradient[f] += d;
          for (let c = 0; c < channels; c++) {
            for (let ky = 0; ky < 3; ky++) {
              const iy = y + ky - 1;
              if (iy < 0 || iy >= size) continue;
              for (let kx = 0; kx < 3; kx++) {
                const ix = x + kx - 1;
                if (ix < 0 || ix >= size) continue;
                const inputAt = ((b * channels + c) * size + iy) * size + ix;
                const weightAt = ((f * channels + c) * 3 + ky) * 3 + kx;
                weightGradient[weightAt] += d * input[inputAt];
                if (inputGradient) inputGradient[inputAt] += d * weight[weightAt];
              }
            }
          }
        }
      }
    }
  }
}

/** 2×2 max pooling, stride 2; remembers which input won each window. */
function poolForward(input, output, winner, batchChannels, size) {
  const half = size / 2;
  for (let bc = 0; bc < batchChannels; bc++) {
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        let best = -Infinity;
        let bestAt = 0;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const at = (bc * size + 2 * y + dy) * size + 2 * x + dx;
            if (input[at] > best) [best, bestAt] = [input[at], at];
          }
        }
        output[(bc * half + y) * half + x] = best;
        winner[(bc * half + y) * half + x] = bestAt;
      }
    }
  }
}

function poolBackward(delta, winner, inputDelta) {
  inputDelta.fill(0);
  for (let i = 0; i < delta.length; i++) inputDelta[winner[i]] += delta[i];
}

function plainCnn(workload) {
  const { batchSize: batch, data, lr } = workload;
  const [conv1, conv2, dense] = workload.layers.map((layer) => ({
    ...layer,
    weight: layer.weight.slice(),
    bias: layer.bias.slice(),
    weightGradient: new Float32Array(layer.weight.length),
    biasGradient: new Float32Array(layer.bias.length),
  }));
  const input = new Float32Array(batch * 28 * 28);
  const relu1 = new Float32Array(batch * 16 * 28 * 28);
  const pool1 = new Float32Array(batch * 16 * 14 * 14);
  const winner1 = new Int32Array(pool1.length);
  const relu2 = new Float32Array(batch * 32 * 14 * 14);
  const pool2 = new Float32Array(batch * 32 * 7 * 7);
  const winner2 = new Int32Array(pool2.length);
  const logits = new Float32Array(batch * 10);
  const dLogits = new Float32Array(batch * 10);
  const dPool2 = new Float32Array(pool2.length);
  const dRelu2 = new Float32Array(relu2.length);
  const dPool1 = new Float32Array(pool1.length);
  const dRelu1 = new Float32Array(relu1.length);
  let t = 0;
  return {
    step() {
      const start = batchStart(t++, batch, workload.samples);
      input.set(data.x.subarray(start * 784, (start + batch) * 784));
      convForward(input, conv1.weight, conv1.bias, relu1, batch, 1, 16, 28);
      poolForward(relu1, pool1, winner1, batch * 16, 28);
      convForward(pool1, conv2.weight, conv2.bias, relu2, batch, 16, 32, 14);
      poolForward(relu2, pool2, winner2, batch * 32, 14);
      denseForward(pool2, dense.weight, dense.bias, logits, batch, 1568, 10, false);
      const loss = lossAndGradient('cross_entropy', logits, data.y, start, batch, 10, dLogits);
      denseBackward(pool2, dense.weight, dLogits, dense.weightGradient, dense.biasGradient, dPool2, batch, 1568, 10, false);
      poolBackward(dPool2, winner2, dRelu2);
      convBackward(pool1, conv2.weight, relu2, dRelu2, conv2.weightGradient, conv2.biasGradient, dPool1, batch, 16, 32, 14);
      poolBackward(dPool1, winner1, dRelu1);
      convBackward(input, conv1.weight, relu1, dRelu1, conv1.weightGradient, conv1.biasGradient, null, batch, 1, 16, 28);
      for (const layer of [conv1, conv2, dense]) {
        sgd(layer.weight, layer.weightGradient, lr);
        sgd(layer.bias, layer.biasGradient, lr);
      }
      return loss;
    },
    dispose() {},
  };
}
