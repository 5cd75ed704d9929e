// The losses the workloads train on (PyTorch definitions, mean over the batch), shared by the hand-written peers.

/** First sample of batch t: batches in data order, wrapping around (the sample count is a multiple of the batch). */
export function batchStart(t, batch, samples) {
  return (t * batch) % samples;
}

/**
 * Loss of `logits` (batch × outputs) against labels y[start …], and its gradient with respect to the logits in
 * `gradient`: 'bce_with_logits' (one output, y ∈ {0, 1}) or 'cross_entropy' (softmax, y a class index).
 */
export function lossAndGradient(loss, logits, y, start, batch, outputs, gradient) {
  let total = 0;
  if (loss === 'bce_with_logits') {
    for (let b = 0; b < batch; b++) {
      const z = logits[b];
      const target = y[start + b];
      total += Math.max(z, 0) - z * target + Math.log1p(Math.exp(-Math.abs(z)));
      gradient[b] = (1 / (1 + Math.exp(-z)) - target) / batch;
    }
    return total / batch;
  }
  for (let b = 0; b < batch; b++) {
    let max = -Infinity;
    for (let o = 0; o < outputs; o++) max = Math.max(max, logits[b * outputs + o]);
    let sum = 0;
    for (let o = 0; o < outputs; o++) sum += Math.exp(logits[b * outputs + o] - max);
    const label = y[start + b];
    total += Math.log(sum) + max - logits[b * outputs + label];
    for (let o = 0; o < outputs; o++) gradient[b * outputs + o] = (Math.exp(logits[b * outputs + o] - max) / sum - (o === label ? 1 : 0)) / batch;
  }
  return total / batch;
}
