// The benchmark workloads W1–W4: model, loss, optimizer, seeded data and seeded initial parameters (PyTorch
// layout), so every implementation trains exactly the same network on exactly the same batches.

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** nn.Linear / nn.Conv2d default init bound: U(−1/√fan_in, 1/√fan_in) for weight and bias. */
function uniformParameters(random, count, fanIn) {
  const bound = 1 / Math.sqrt(fanIn);
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * bound);
}

/** Two classes: inside or outside a circle (TensorFlow Playground's "circle" data set, scaled to [-1, 1]). */
function circleData(random, samples) {
  const x = new Float32Array(samples * 2);
  const y = new Float32Array(samples);
  for (let s = 0; s < samples; s++) {
    const inside = s % 2 === 0;
    const radius = inside ? random() * 0.5 : 0.7 + random() * 0.3;
    const angle = random() * 2 * Math.PI;
    x[2 * s] = radius * Math.sin(angle);
    x[2 * s + 1] = radius * Math.cos(angle);
    y[s] = inside ? 1 : 0;
  }
  return { x, y, features: 2 };
}

/** Three interleaved spiral arms with a little noise. */
function spiralData(random, samples, classes) {
  const x = new Float32Array(samples * 2);
  const y = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    const arm = s % classes;
    const t = Math.floor(s / classes) / Math.ceil(samples / classes);
    const angle = arm * ((2 * Math.PI) / classes) + t * 4 + (random() - 0.5) * 0.2;
    x[2 * s] = t * Math.sin(angle);
    x[2 * s + 1] = t * Math.cos(angle);
    y[s] = arm;
  }
  return { x, y, features: 2 };
}

/** MNIST-shaped vectors (784 values in [0, 1)) labelled by a fixed random linear teacher. */
function teacherData(random, samples, features, classes) {
  const x = Float32Array.from({ length: samples * features }, () => (random() < 0.8 ? 0 : random()));
  const teacher = Float32Array.from({ length: classes * features }, () => random() * 2 - 1);
  const y = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let f = 0; f < features; f++) score += teacher[c * features + f] * x[s * features + f];
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    y[s] = best;
  }
  return { x, y, features };
}

/** 1×28×28 images: noise plus a bright bar whose row and direction encode the class. */
function barImages(random, samples, classes) {
  const size = 28;
  const x = new Float32Array(samples * size * size);
  const y = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    const label = s % classes;
    y[s] = label;
    const image = x.subarray(s * size * size, (s + 1) * size * size);
    for (let i = 0; i < image.length; i++) image[i] = random() * 0.3;
    const line = 3 + ((label % 5) * 5);
    for (let i = 2; i < size - 2; i++) {
      if (label < 5) image[line * size + i] = 1;
      else image[i * size + line] = 1;
    }
  }
  return { x, y, features: size * size };
}

function mlp(id, title, seed, sizes, batchSize, samples, loss, makeData) {
  const random = seededRandom(seed);
  const data = makeData(random, samples);
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, units] = [sizes[l], sizes[l + 1]];
    const weight = uniformParameters(random, units * fanIn, fanIn);
    const bias = uniformParameters(random, units, fanIn);
    layers.push({ type: 'dense', inputs: fanIn, units, activation: l + 2 < sizes.length ? 'relu' : null, weight, bias });
  }
  return { id, title, kind: 'mlp', seed, sizes, batchSize, samples, loss, lr: 0.05, data, layers, input: [sizes[0]] };
}

function cnn(id, title, seed, batchSize, samples) {
  const random = seededRandom(seed);
  const data = barImages(random, samples, 10);
  const conv = (inChannels, filters) => {
    const fanIn = inChannels * 9;
    return { type: 'conv2d', inChannels, filters, kernelSize: 3, padding: 1, activation: 'relu', weight: uniformParameters(random, filters * fanIn, fanIn), bias: uniformParameters(random, filters, fanIn) };
  };
  const conv1 = conv(1, 16);
  const conv2 = conv(16, 32);
  const dense = { type: 'dense', inputs: 32 * 7 * 7, units: 10, activation: null, weight: uniformParameters(random, 10 * 1568, 1568), bias: uniformParameters(random, 10, 1568) };
  return { id, title, kind: 'cnn', seed, batchSize, samples, loss: 'cross_entropy', lr: 0.05, data, layers: [conv1, conv2, dense], input: [1, 28, 28] };
}

/** The workloads, by id. Sample counts are multiples of the batch size, so batch t is samples (t·B mod N) … +B−1. */
export const workloads = {
  W1: () => mlp('W1', 'MLP 2-8-8-1, batch 10 (circle, BCE-with-logits)', 101, [2, 8, 8, 1], 10, 200, 'bce_with_logits', (r, n) => circleData(r, n)),
  W2: () => mlp('W2', 'MLP 2-64-64-64-3, batch 64 (spiral, cross-entropy)', 102, [2, 64, 64, 64, 3], 64, 640, 'cross_entropy', (r, n) => spiralData(r, n, 3)),
  W3: () => mlp('W3', 'MLP 784-256-128-10, batch 128 (MNIST-shaped, cross-entropy)', 103, [784, 256, 128, 10], 128, 512, 'cross_entropy', (r, n) => teacherData(r, n, 784, 10)),
  W4: () => cnn('W4', 'CNN 1×28×28 conv3×3×16-pool-conv3×3×32-pool-dense10, batch 32 (cross-entropy)', 104, 32, 128),
};

/** Nested number arrays, as the spec's JSON wants them: rows of `width`, or rows of [1][28][28] images. */
function rowsOf(values, width, imageShape) {
  const rows = [];
  for (let s = 0; s * width < values.length; s++) {
    const row = Array.from(values.subarray(s * width, (s + 1) * width));
    if (!imageShape) rows.push(row);
    else {
      const [, h, w] = imageShape;
      rows.push([Array.from({ length: h }, (_, r) => row.slice(r * w, (r + 1) * w))]);
    }
  }
  return rows;
}

/** The workload as an experiment spec for `lab.createTrainer` (API.md), with its data inline and its parameters explicit. */
export function specOf(workload, metricsEvery) {
  const layers = [];
  const parameters = [];
  for (const layer of workload.layers) {
    if (layer.type === 'dense') {
      if (workload.kind === 'cnn') layers.push({ type: 'flatten' });
      layers.push({ type: 'dense', units: layer.units, ...(layer.activation ? { activation: layer.activation } : {}) });
      parameters.push({ weight: rowsOf(layer.weight, layer.inputs), bias: Array.from(layer.bias) });
    } else {
      layers.push({ type: 'conv2d', filters: layer.filters, kernelSize: 3, stride: 1, padding: 1, activation: 'relu' });
      layers.push({ type: 'maxpool2d', size: 2 });
      const perFilter = rowsOf(layer.weight, layer.inChannels * 9).map((row) =>
        Array.from({ length: layer.inChannels }, (_, c) => [row.slice(c * 9, c * 9 + 3), row.slice(c * 9 + 3, c * 9 + 6), row.slice(c * 9 + 6, c * 9 + 9)]),
      );
      parameters.push({ weight: perFilter, bias: Array.from(layer.bias) });
    }
  }
  const { x, y, features } = workload.data;
  return {
    seed: workload.seed,
    data: { x: rowsOf(x, features, workload.kind === 'cnn' ? workload.input : null), y: Array.from(y) },
    model: { input: workload.input, layers },
    loss: workload.loss,
    parameters,
    optimizer: { type: 'sgd', lr: workload.lr, momentum: 0, weightDecay: 0 },
    batchSize: workload.batchSize,
    shuffle: false,
    steps: 1_000_000,
    metricsEvery,
  };
}
