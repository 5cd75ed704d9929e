// Peer "TensorFlow-Playground-style per-neuron": an MLP built from one object per neuron and one per link,
// trained one sample at a time with derivatives accumulated on the links, in the manner of the Playground's
// nn.ts (written for this benchmark, not copied). It has no convolutions, so it sits out W4.
import { batchStart } from './losses.mjs';

export const label = 'TF-Playground-style per-neuron (written for this bench)';

/** A neuron. */
class Neuron {
  constructor(bias, relu) {
    /** Links from the previous layer's neurons into this one. */
    this.inputLinks = [];
    /** Links from this neuron to the next layer's neurons. */
    this.outputLinks = [];
    /** Added to the weighted sum of the inputs. */
    this.bias = bias;
    /** Whether the neuron applies ReLU (hidden layers) or passes its total input through (output layer). */
    this.relu = relu;
    /** Weighted sum of the inputs plus the bias, at the last forward pass. */
    this.totalInput = 0;
    /** The activation of the total input: what the next layer sees. */
    this.output = 0;
    /** Derivative of the sample's loss with respect to this neuron's output. */
    this.outputDerivative = 0;
    /** Derivative of the sample's loss with respect to this neuron's total input. */
    this.inputDerivative = 0;
    /** Sum of inputDerivative over the samples seen since the last update (the bias gradient, unscaled). */
    this.accumulatedInputDerivative = 0;
    /** How many samples have contributed to accumulatedInputDerivative. */
    this.accumulatedCount = 0;
  }

  /** Recomputes total input and output from the input neurons' outputs. */
  updateOutput() {
    let total = this.bias;
    for (const link of this.inputLinks) total += link.weight * link.source.output;
    this.totalInput = total;
    this.output = this.relu && total <= 0 ? 0 : total;
    return this.output;
  }
}

/** A weighted connection between two neurons. */
class Link {
  constructor(source, dest, weight) {
    /** The neuron whose output this link carries. */
    this.source = source;
    /** The neuron that receives it. */
    this.dest = dest;
    /** Multiplies the carried output. */
    this.weight = weight;
    /** Derivative of the sample's loss with respect to this weight. */
    this.errorDerivative = 0;
    /** Sum of errorDerivative over the samples seen since the last update. */
    this.accumulatedErrorDerivative = 0;
    /** How many samples have contributed to accumulatedErrorDerivative. */
    this.accumulatedCount = 0;
  }
}

/** Layers of neurons, fully linked, with the workload's initial parameters (weight[o][i] on the link i → o). */
function buildNetwork(workload) {
  const network = [Array.from({ length: workload.sizes[0] }, () => new Neuron(0, false))];
  for (const layer of workload.layers) {
    const previous = network[network.length - 1];
    const neurons = [];
    for (let o = 0; o < layer.units; o++) {
      const neuron = new Neuron(layer.bias[o], layer.activation === 'relu');
      for (let i = 0; i < layer.inputs; i++) {
        const link = new Link(previous[i], neuron, layer.weight[o * layer.inputs + i]);
        neuron.inputLinks.push(link);
        previous[i].outputLinks.push(link);
      }
      neurons.push(neuron);
    }
    network.push(neurons);
  }
  return network;
}

/** Runs one sample through the network; returns the output neurons' values. */
function forwardProp(network, inputs) {
  network[0].forEach((neuron, i) => {
    neuron.output = inputs[i];
  });
  for (let l = 1; l < network.length; l++) for (const neuron of network[l]) neuron.updateOutput();
  return network[network.length - 1].map((neuron) => neuron.output);
}

/** Loss of one sample and its derivative with respect to each output (BCE-with-logits or softmax cross-entropy). */
function sampleLoss(kind, outputs, target) {
  if (kind === 'bce_with_logits') {
    const z = outputs[0];
    return { loss: Math.max(z, 0) - z * target + Math.log1p(Math.exp(-Math.abs(z))), derivatives: [1 / (1 + Math.exp(-z)) - target] };
  }
  const max = Math.max(...outputs);
  const exps = outputs.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return { loss: Math.log(sum) + max - outputs[target], derivatives: exps.map((e, o) => e / sum - (o === target ? 1 : 0)) };
}

/** Propagates one sample's output derivatives back, accumulating each link's and neuron's derivative. */
function backProp(network, derivatives) {
  network[network.length - 1].forEach((neuron, o) => {
    neuron.outputDerivative = derivatives[o];
  });
  for (let l = network.length - 1; l >= 1; l--) {
    for (const neuron of network[l]) {
      neuron.inputDerivative = neuron.relu && neuron.totalInput <= 0 ? 0 : neuron.outputDerivative;
      neuron.accumulatedInputDerivative += neuron.inputDerivative;
      neuron.accumulatedCount++;
      for (const link of neuron.inputLinks) {
        link.errorDerivative = neuron.inputDerivative * link.source.output;
        link.accumulatedErrorDerivative += link.errorDerivative;
        link.accumulatedCount++;
      }
    }
    if (l === 1) continue;
    for (const neuron of network[l - 1]) {
      let derivative = 0;
      for (const link of neuron.outputLinks) derivative += link.weight * link.dest.inputDerivative;
      neuron.outputDerivative = derivative;
    }
  }
}

/** Gradient step with the mean of the accumulated derivatives; clears them. */
function updateWeights(network, learningRate) {
  for (let l = 1; l < network.length; l++) {
    for (const neuron of network[l]) {
      neuron.bias -= (learningRate * neuron.accumulatedInputDerivative) / neuron.accumulatedCount;
      neuron.accumulatedInputDerivative = 0;
      neuron.accumulatedCount = 0;
      for (const link of neuron.inputLinks) {
        link.weight -= (learningRate * link.accumulatedErrorDerivative) / link.accumulatedCount;
        link.accumulatedErrorDerivative = 0;
        link.accumulatedCount = 0;
      }
    }
  }
}

export function createTrainer(workload) {
  if (workload.kind !== 'mlp') return null;
  const network = buildNetwork(workload);
  const { x, y, features } = workload.data;
  let t = 0;
  return {
    step() {
      const start = batchStart(t++, workload.batchSize, workload.samples);
      let total = 0;
      for (let s = start; s < start + workload.batchSize; s++) {
        const outputs = forwardProp(network, x.subarray(s * features, (s + 1) * features));
        const { loss, derivatives } = sampleLoss(workload.loss, outputs, y[s]);
        total += loss;
        backProp(network, derivatives);
      }
      updateWeights(network, workload.lr);
      return total / workload.batchSize;
    },
    dispose() {},
  };
}

export const unsupported = 'n/a: per-neuron objects have no convolution (the Playground has dense layers only)';
