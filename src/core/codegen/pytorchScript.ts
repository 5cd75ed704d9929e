// "Export as PyTorch script": a standalone Python 3 program (torch and the standard library only) that trains
// a Training Lab spec with PyTorch — the same data, layers, initial parameters, loss, optimizer,
// regularisation and batch order — and prints per-step losses that match `lab.train(spec).history[t].loss`.
import type { ActivationParams } from '../activations';
import { describeActivation, type ResolvedActivation } from '../nn/activation';
import type { LayerPlan } from '../nn/model';
import { prepareSpec, type PreparedSpec } from '../nn/prepare';
import { SPEC_DEFAULTS, type InitName, type TrainingSpec } from '../protocol/spec';
import { activationCode, pythonLiteral } from './frameworkCode';
import { compactJson, float32Base64, float32Literal, pythonShape, wrapItems } from './pythonLiterals';

export interface PytorchScriptOptions {
  /** Where the spec came from (e.g. its file name), named in the script's header. */
  readonly source?: string;
  /**
   * Arrays with more values than this are embedded as base64 of little-endian float32 when that is shorter
   * than their decimal text (the digit images); default 4096.
   */
  readonly base64Above?: number;
}

/** Python helpers and imports a script turned out to need, collected while it is written. */
interface ScriptNeeds {
  readonly base64Above: number;
  base64: boolean;
  classes: Set<'EvalRReLU' | 'Swish'>;
}

/** Python classes for activations that have no plain PyTorch module with the engine's behaviour. */
const ACTIVATION_CLASSES = {
  EvalRReLU: `class EvalRReLU(nn.RReLU):
    """nn.RReLU with its evaluation-mode slope (lower + upper) / 2 in training too: the Training Lab trains
    RReLU as that fixed leaky ReLU (nn.RReLU samples random slopes in train() mode)."""

    def forward(self, x):
        return F.rrelu(x, self.lower, self.upper, training=False)`,
  Swish: `class Swish(nn.Module):
    """Swish with a fixed beta, x * sigmoid(beta * x): PyTorch has no module with beta (beta = 1 is nn.SiLU)."""

    def __init__(self, beta=1.0):
        super().__init__()
        self.beta = beta

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)`,
} as const;

/** Activation Lab's seeded generator, ported to Python bit for bit (src/core/nn/random.ts). */
const ENGINE_RANDOM = `class EngineRandom:
    """Activation Lab's seeded generator (xoshiro128**, seeded through splitmix32), ported bit for bit from
    its src/core/nn/random.ts, so that the batches here are the Training Lab's shuffled batches."""

    MASK = 0xFFFFFFFF

    def __init__(self, seed, stream):
        mask = self.MASK
        magnitude = abs(int(seed))
        state = (magnitude & mask) ^ ((magnitude >> 32) & mask) ^ (0x9E3779B9 if seed < 0 else 0)
        for character in stream:
            state = ((state ^ ord(character)) * 0x01000193) & mask
        words = []
        for _ in range(4):
            state = (state + 0x9E3779B9) & mask
            z = ((state ^ (state >> 16)) * 0x85EBCA6B) & mask
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & mask
            words.append(z ^ (z >> 16))
        if not any(words):
            words[0] = 1
        self.s0, self.s1, self.s2, self.s3 = words

    @staticmethod
    def _rotl(x, k):
        return ((x << k) | (x >> (32 - k))) & 0xFFFFFFFF

    def next_uint32(self):
        mask = self.MASK
        result = (self._rotl((self.s1 * 5) & mask, 7) * 9) & mask
        t = (self.s1 << 9) & mask
        self.s2 ^= self.s0
        self.s3 ^= self.s1
        self.s1 ^= self.s2
        self.s0 ^= self.s3
        self.s2 ^= t
        self.s3 = self._rotl(self.s3, 11)
        return result

    def next(self):
        """Uniform in [0, 1), 53 random bits."""
        high = self.next_uint32() >> 5
        low = self.next_uint32() >> 6
        return (high * 67108864 + low) / 9007199254740992

    def shuffle(self, items):
        """Fisher-Yates, in place."""
        for i in range(len(items) - 1, 0, -1):
            j = math.floor(self.next() * (i + 1))
            items[i], items[j] = items[j], items[i]`;

/** A Python expression for a float32 tensor of `shape` holding `values`, as text or (big arrays) base64. */
function tensorCode(values: ArrayLike<number>, shape: readonly number[], indent: string, needs: ScriptNeeds): string {
  const text = Array.from(values, float32Literal);
  const textLength = text.reduce((sum, item) => sum + item.length + 2, 0);
  if (values.length > needs.base64Above) {
    const encoded = float32Base64(values);
    if (encoded.length < textLength) {
      needs.base64 = true;
      const chunks = encoded.match(/.{1,96}/g) ?? [''];
      return `float32_from_base64(\n${chunks.map((chunk) => `${indent}    '${chunk}'`).join('\n')},\n${indent}    ${pythonShape(shape)})`;
    }
  }
  const oneLine = `float32_tensor([${text.join(', ')}], ${pythonShape(shape)})`;
  if (indent.length + oneLine.length <= 100) return oneLine;
  return `float32_tensor([\n${wrapItems(groupRows(text, shape), `${indent}    `)}\n${indent}], ${pythonShape(shape)})`;
}

/** Values joined row by row (the last dimension), so that lines of a wrapped flat list break between rows where rows are short. */
function groupRows(items: readonly string[], shape: readonly number[]): string[] {
  const rowLength = shape[shape.length - 1];
  if (shape.length < 2 || rowLength < 2 || rowLength > 8) return [...items];
  const rows: string[] = [];
  for (let i = 0; i < items.length; i += rowLength) rows.push(items.slice(i, i + rowLength).join(', '));
  return rows;
}

/** A Python expression for a tensor of class indices (cross-entropy targets). */
function classIndexCode(values: Float32Array, indent: string): string {
  const items = Array.from(values, (v) => String(v));
  const oneLine = `torch.tensor([${items.join(', ')}], dtype=torch.long)`;
  if (indent.length + oneLine.length <= 100) return oneLine;
  return `torch.tensor([\n${wrapItems(items, `${indent}    `)}\n${indent}], dtype=torch.long)`;
}

/** Python names of the model's modules: `dense0`, `conv1`, `pool2`, `flatten3`, activations `act0`. */
function moduleName(layer: LayerPlan): string {
  const kind = { dense: 'dense', conv2d: 'conv', maxpool2d: 'pool', flatten: 'flatten' }[layer.type];
  return `${kind}${layer.index}`;
}

/** The PyTorch module of a layer (its activation comes separately). */
function layerModule(layer: LayerPlan): string {
  switch (layer.type) {
    case 'dense':
      return `nn.Linear(${layer.inputShape[0]}, ${layer.channels})`;
    case 'conv2d':
      return `nn.Conv2d(${layer.inputShape[0]}, ${layer.channels}, kernel_size=${layer.kernelSize}, stride=${layer.stride}, padding=${layer.padding})`;
    case 'maxpool2d':
      return `nn.MaxPool2d(kernel_size=${layer.kernelSize}, stride=${layer.stride})`;
    case 'flatten':
      return 'nn.Flatten()';
  }
}

/** The catalog's parameter values of a resolved activation, the learnable one's initial value included. */
function activationParams(resolved: ResolvedActivation): ActivationParams {
  const learnable = resolved.learnable;
  return learnable ? { ...resolved.params, [learnable.name]: learnable.initial } : resolved.params;
}

/**
 * The PyTorch module for a layer's activation, from the catalog's PyTorch names and defaults (through
 * `activationCode`, which maps catalog parameters onto PyTorch's arguments). `path` names the field in errors.
 */
function activationModule(resolved: ResolvedActivation, path: string, needs: ScriptNeeds): string {
  const record = resolved.activation;
  const params = activationParams(resolved);
  const snippet = activationCode(record.id, params, 'pytorch');
  const moduleCall = /^activation = (.+?)  # /m.exec(snippet)?.[1];
  if (record.id === 'rrelu' && moduleCall?.startsWith('nn.RReLU(')) {
    needs.classes.add('EvalRReLU');
    return moduleCall.replace(/^nn\.RReLU\(/, 'EvalRReLU(');
  }
  if (moduleCall) return moduleCall;
  if (record.id === 'swish') {
    needs.classes.add('Swish');
    return `Swish(beta=${pythonLiteral(Number(params.beta))})`;
  }
  const given = Object.entries(params).map(([name, value]) => `${name}=${pythonLiteral(value)}`).join(', ');
  throw new Error(`${path}: ${record.name}${given ? ` with ${given}` : ''} has no PyTorch module the script can write (the catalog gives none); choose another activation or parameters`);
}

/** The PyTorch calls that draw a layer's initial parameters from the distributions of `init` with torch's generator. */
function pytorchInitCall(init: InitName, module: string, biasInit: number | undefined): string {
  const weight = `${module}.weight`;
  const zeroBias = biasInit !== undefined ? `nn.init.constant_(${module}.bias, ${pythonLiteral(biasInit)})` : `nn.init.zeros_(${module}.bias)`;
  const calls: Record<InitName, string> = {
    pytorch: `${module}.reset_parameters()`,
    he_normal: `nn.init.kaiming_normal_(${weight}, nonlinearity='relu'); ${zeroBias}`,
    he_uniform: `nn.init.kaiming_uniform_(${weight}, nonlinearity='relu'); ${zeroBias}`,
    xavier_normal: `nn.init.xavier_normal_(${weight}); ${zeroBias}`,
    xavier_uniform: `nn.init.xavier_uniform_(${weight}); ${zeroBias}`,
    lecun_normal: `nn.init.kaiming_normal_(${weight}, nonlinearity='linear'); ${zeroBias}`,
    lecun_uniform: `nn.init.kaiming_uniform_(${weight}, nonlinearity='linear'); ${zeroBias}`,
    zeros: `nn.init.zeros_(${weight}); ${zeroBias}`,
  };
  return init === 'pytorch' && biasInit !== undefined ? `${calls.pytorch}; ${zeroBias}` : calls[init];
}

/** `1 sample`, `5 samples`. */
const samples = (count: number) => `${count} sample${count === 1 ? '' : 's'}`;

/** The spec as the header shows it: inline data, long CSV text and explicit parameters point to where they are embedded. */
function specForComment(spec: TrainingSpec): unknown {
  const copy: Record<string, unknown> = { ...spec };
  const data = spec.data;
  if ('x' in data) {
    copy.data = {
      x: `<${samples(data.x.length)}: X_TRAIN below>`,
      y: '<Y_TRAIN below>',
      ...(data.xTest ? { xTest: `<${samples(data.xTest.length)}: X_TEST below>`, yTest: '<Y_TEST below>' } : {}),
    };
  } else if ('csv' in data && data.csv.length > 80) {
    copy.data = { ...data, csv: `<${data.csv.trim().split(/\r?\n/).length} lines of CSV: X_TRAIN, Y_TRAIN${data.testFraction ? ', X_TEST, Y_TEST' : ''} below>` };
  }
  if (spec.parameters) copy.parameters = '<explicit initial parameters: INITIAL_STATE below>';
  return copy;
}

/** One line on where the data came from. */
function dataDescription(prepared: PreparedSpec): string {
  const { spec, data, seed } = prepared;
  const source = spec.data;
  const split = data.test ? `${data.train.count} training and ${data.test.count} test sample${data.test.count === 1 ? '' : 's'}` : `${samples(data.train.count)}, all for training`;
  const features = data.featureNames ? `; features ${data.featureNames.join(', ')}` : '';
  if ('name' in source) {
    const total = source.name === 'digits' ? source.samples ?? data.train.count + (data.test?.count ?? 0) : source.samples ?? SPEC_DEFAULTS.samples;
    const noise = source.name === 'digits' ? '' : `, noise ${source.noise ?? SPEC_DEFAULTS.noise}`;
    return `the built-in "${source.name}" dataset (${total} samples${noise}, data seed ${source.seed ?? seed}): ${split}${features}`;
  }
  if ('csv' in source) return `CSV data (label column ${JSON.stringify(source.labelColumn)}, ${data.task}): ${split}${features}`;
  return `the spec's inline data: ${split}`;
}

/** What the targets are, for the comment beside them. */
function targetDescription(prepared: PreparedSpec): string {
  const { spec, data, targets } = prepared;
  if (spec.loss === 'cross_entropy') return `class indices 0 … ${prepared.model.outputs - 1} (CrossEntropyLoss)`;
  const oneHot = data.task === 'classification' && data.targetWidth === 1 && targets.width > 1;
  const labels = data.classes <= 2 ? '0/1 labels' : 'class indices';
  const what = oneHot ? `one-hot rows over ${targets.width} classes` : targets.width === 1 ? `${data.task === 'classification' ? labels : 'target values'} as a float column` : `rows of ${targets.width} target values`;
  return `${what} (${spec.loss === 'mse' ? 'MSELoss' : 'BCEWithLogitsLoss'})`;
}

/** The optimizer line, every argument spelled out with the spec's values (PyTorch's defaults filled in). */
function optimizerCode(prepared: PreparedSpec): string {
  const o = prepared.optimizer;
  const n = (value: number) => pythonLiteral(value);
  if (o.type === 'sgd') {
    return `optimizer = torch.optim.SGD(model.parameters(), lr=${n(o.lr)}, momentum=${n(o.momentum)}, dampening=${n(o.dampening)}, nesterov=${o.nesterov ? 'True' : 'False'}, weight_decay=${n(o.weightDecay)})`;
  }
  return `optimizer = torch.optim.Adam(model.parameters(), lr=${n(o.lr)}, betas=(${n(o.betas[0])}, ${n(o.betas[1])}), eps=${n(o.eps)}, weight_decay=${n(o.weightDecay)})`;
}

const LOSS_MODULES = {
  bce_with_logits: 'nn.BCEWithLogitsLoss()  # sigmoid + binary cross-entropy, mean over every output of the batch',
  cross_entropy: 'nn.CrossEntropyLoss()  # softmax + negative log-likelihood, mean over the batch',
  mse: 'nn.MSELoss()  # mean over every output of the batch',
} as const;

/** Text as `#` comment lines of at most `width` characters, broken between words. */
function commentLines(text: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(' ')) {
    if (line.length > 1 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** `code  # comment`, the comments of consecutive lines aligned at `column`. */
function commented(code: string, comment: string, column = 60): string {
  return `${code.padEnd(column - 1)} # ${comment}`;
}

/**
 * Writes a runnable PyTorch program equivalent to `spec` (see the module comment). Checks the spec
 * completely first (as `validateSpec` does) and throws an Error naming the offending field.
 */
export function pytorchScript(spec: TrainingSpec, options: PytorchScriptOptions = {}): string {
  if (options === null || typeof options !== 'object') throw new Error(`options must be an object (got ${JSON.stringify(options)})`);
  const base64Above = options.base64Above ?? 4096;
  if (!(Number.isInteger(base64Above) && base64Above >= 0)) throw new Error(`options.base64Above must be an integer ≥ 0 (got ${JSON.stringify(options.base64Above)})`);
  const prepared = prepareSpec(spec);
  const { model, data, targets, initial, seed } = prepared;
  const needs: ScriptNeeds = { base64Above, base64: false, classes: new Set() };
  const crossEntropy = prepared.spec.loss === 'cross_entropy';
  const classification = targets.accuracyPerSample > 0;

  // Data.
  const inputShape = [...model.inputShape];
  const dataLines: string[] = [];
  const embedSplit = (suffix: 'TRAIN' | 'TEST', x: Float32Array, y: Float32Array, count: number) => {
    const xCode = tensorCode(x, [count, ...inputShape], '', needs);
    const yCode = crossEntropy ? classIndexCode(y, '') : tensorCode(y, [count, targets.width], '', needs);
    dataLines.push(`X_${suffix} = ${xCode}`, `Y_${suffix} = ${yCode}`);
  };
  embedSplit('TRAIN', data.train.x, targets.train, data.train.count);
  if (data.test && targets.test) embedSplit('TEST', data.test.x, targets.test, data.test.count);

  // Model.
  const modelLines: string[] = [];
  const parametric: { layer: LayerPlan; name: string; activationName: string | null }[] = [];
  for (const layer of model.layers) {
    const name = moduleName(layer);
    const shape = `[${layer.outputShape.join(', ')}]`;
    const role = layer.hidden ? '' : layer.activation ? ', the output' : ', the output (logits)';
    modelLines.push(commented(`    ('${name}', ${layerModule(layer)}),`, `${layer.path} → ${shape}${role}`));
    let activationName: string | null = null;
    if (layer.activation) {
      activationName = `act${layer.index}`;
      const module = activationModule(layer.activation, `${layer.path}.activation`, needs);
      modelLines.push(commented(`    ('${activationName}', ${module}),`, `${layer.path}.activation: ${describeActivation(layer.activation)}`));
    }
    if (layer.parameterIndex >= 0) parametric.push({ layer, name, activationName });
  }

  // Initial parameters.
  const stateLines: string[] = [];
  const initLines: string[] = [];
  parametric.forEach(({ layer, name, activationName }, i) => {
    const tensors = initial[i];
    stateLines.push(`    '${name}.weight': ${tensorCode(tensors.weight, layer.weightShape, '    ', needs)},`);
    stateLines.push(`    '${name}.bias': ${tensorCode(tensors.bias, [layer.channels], '    ', needs)},`);
    if (tensors.learnable && activationName && layer.activation?.learnable) {
      stateLines.push(`    '${activationName}.${layer.activation.learnable.name}': ${tensorCode(tensors.learnable, [tensors.learnable.length], '    ', needs)},`);
    }
    initLines.push(`#     ${pytorchInitCall(layer.init, `model.${name}`, layer.biasInit)}  # ${layer.path}: init "${layer.init}"${layer.biasInit !== undefined ? `, biasInit ${layer.biasInit}` : ''}`);
  });
  const initSource = prepared.spec.parameters
    ? "These are the spec's explicit initial parameters."
    : `The Training Lab's seeded initialiser (spec "init": "${prepared.spec.init ?? SPEC_DEFAULTS.init}", seed ${seed}) drew these values.`;

  // Regularisation.
  const regularisation = prepared.regularization;
  const regLines: string[] = [];
  if (regularisation) {
    const l1 = regularisation.type === 'l1';
    regLines.push(
      `# ${l1 ? 'L1' : 'L2'} regularisation as the Training Lab adds it to the loss: lambda * sum of ${l1 ? '|w|' : 'w²'} over the weights of`,
      '# the dense/conv layers (not their biases, not learnable activation parameters such as PReLU slopes).',
      `REGULARISED_WEIGHTS = [${parametric.map(({ name }) => `model.${name}.weight`).join(', ')}]`,
      `REGULARISATION_LAMBDA = ${pythonLiteral(regularisation.lambda)}`,
      '',
      '',
      'def penalty():',
      `    return REGULARISATION_LAMBDA * sum(w.${l1 ? 'abs()' : 'pow(2)'}.sum() for w in REGULARISED_WEIGHTS)`,
      '',
      '',
    );
  }

  // Batches.
  const count = data.train.count;
  const batchLines = prepared.shuffle
    ? [
        `# Shuffled as the Training Lab shuffles (shuffle: true): each epoch a fresh permutation of the ${count} training rows`,
        '# from its seeded generator, cut into batches of BATCH_SIZE (the last one shorter when BATCH_SIZE does not',
        '# divide the rows). torch.randperm would give other batches; EngineRandom gives the same ones.',
        ENGINE_RANDOM,
        '',
        '',
        'def epoch_orders():',
        '    """The row order of each epoch in turn."""',
        "    random = EngineRandom(SEED, 'shuffle')",
        '    while True:',
        '        order = list(range(X_TRAIN.shape[0]))',
        '        random.shuffle(order)',
        '        yield torch.tensor(order)',
      ]
    : [
        `# In data order, as the Training Lab runs it (shuffle: false): each epoch is the ${count} training rows in order,`,
        '# cut into batches of BATCH_SIZE, the last one shorter when BATCH_SIZE does not divide the rows: the batches of',
        '# DataLoader(TensorDataset(X_TRAIN, Y_TRAIN), batch_size=BATCH_SIZE, shuffle=False), epoch after epoch.',
        'def epoch_orders():',
        '    """The row order of each epoch in turn."""',
        '    while True:',
        '        yield torch.arange(X_TRAIN.shape[0])',
      ];

  // Header.
  const spec0 = prepared.spec;
  const stepsNote = spec0.epochs !== undefined ? `; ${spec0.epochs} epochs of ${prepared.batchesPerEpoch} batches` : '';
  const batchNote = spec0.batchSize === 'full' ? '; "full": the whole training set' : prepared.batchSize !== (spec0.batchSize ?? SPEC_DEFAULTS.batchSize) ? '; capped at the training set size' : '';
  const header = [
    '#!/usr/bin/env python3',
    `# Exported from Activation Lab (Training Lab: "Export as PyTorch script")${options.source ? ` from ${options.source}` : ''}.`,
    '#',
    '# Trains the network of the spec below with PyTorch: the same data, layers and activations, the same initial',
    '# parameters, loss, optimizer and regularisation, and the same batches in the same order, so the loss it prints',
    "# for each step matches the Training Lab's history up to float32 rounding. It needs nothing but torch: the",
    '# data and the initial parameters are embedded.',
    '#',
    '# Run:     python3 <this file>',
    '# Prints:  "step <t> loss <value>" for each optimizer step (the loss of that step\'s batch, measured before the',
    `#          update, as the Training Lab's history[t].loss), then the final ${classification ? 'accuracy and ' : ''}loss on the training set${data.test ? ' and the test set' : ''}.`,
    '# Change:  STEPS and BATCH_SIZE below; the optimizer line; the layers in `model`; drop load_state_dict(...)',
    "#          and use the commented PyTorch init calls to start from torch's own random draws instead.",
    '#',
    '# The spec:',
    ...compactJson(specForComment(spec0)).split('\n').map((line) => `#   ${line}`),
  ];

  const imports = [
    ...(needs.base64 ? ['import base64'] : []),
    'import math',
    ...(needs.base64 ? ['import struct'] : []),
    'from collections import OrderedDict',
    '',
    'import torch',
    'from torch import nn',
    ...(needs.classes.has('EvalRReLU') ? ['import torch.nn.functional as F'] : []),
  ];

  const helpers = [
    'def float32_tensor(values, shape):',
    '    """A float32 tensor from a flat list of values, each written with the fewest digits that read back exactly."""',
    '    return torch.tensor(values, dtype=torch.float32).reshape(shape)',
    ...(needs.base64
      ? [
          '',
          '',
          'def float32_from_base64(text, shape):',
          '    """A float32 tensor from base64 of little-endian float32 values: how big arrays are embedded."""',
          '    raw = base64.b64decode(text)',
          "    return torch.tensor(struct.unpack('<%df' % (len(raw) // 4), raw), dtype=torch.float32).reshape(shape)",
        ]
      : []),
  ];

  const accuracyCode = !classification
    ? []
    : crossEntropy
    ? ['def accuracy(logits, targets):', '    """Fraction of samples whose largest logit is their class."""', '    return (logits.argmax(dim=1) == targets).float().mean().item()']
    : ['def accuracy(logits, targets):', '    """Fraction of outputs on the right side of 0 (logit > 0 for target ≥ 0.5)."""', '    return ((logits > 0) == (targets >= 0.5)).float().mean().item()'];

  const lines = [
    ...header,
    ...imports,
    '',
    commented(`SEED = ${seed}`, 'the spec\'s seed'),
    commented(`STEPS = ${prepared.steps}`, `optimizer steps${stepsNote}`),
    commented(`BATCH_SIZE = ${prepared.batchSize}`, `rows per step${batchNote}`),
    '',
    commented('torch.manual_seed(SEED)', 'nothing below draws from torch\'s generator; for what you add'),
    '',
    '',
    ...helpers,
    '',
    '',
    ...commentLines(`---- Data: ${dataDescription(prepared)}. Inputs: float32 rows of shape [${inputShape.join(', ')}]; targets: ${targetDescription(prepared)}.`),
    ...(needs.base64 ? ['# Big arrays are base64 of little-endian float32 (decoded by float32_from_base64), the rest decimal text.'] : []),
    ...dataLines,
    '',
    '',
    ...(needs.classes.size ? ['# ---- Activations without a plain PyTorch module that behaves as the Training Lab trains them.', ...[...needs.classes].flatMap((name) => [ACTIVATION_CLASSES[name], '', '']).slice(0, -1), ''] : []),
    '# ---- Model: model.layers in order, each followed by its activation.',
    'model = nn.Sequential(OrderedDict([',
    ...modelLines,
    ']))',
    '',
    ...commentLines(
      `---- Initial parameters: the exact values the Training Lab starts from (what createTrainer(spec).parameters() returns before the first step), so the trajectory does not depend on torch's generator. ${initSource} To draw from the same distributions with torch's generator instead, replace load_state_dict(...) with:`,
    ),
    ...initLines,
    'INITIAL_STATE = {',
    ...stateLines,
    '}',
    'model.load_state_dict(INITIAL_STATE)',
    '',
    '# ---- Loss, regularisation and optimizer, as the spec defines them (PyTorch 1.13 semantics).',
    `criterion = ${LOSS_MODULES[spec0.loss]}`,
    ...regLines,
    ...(regularisation ? [] : ['']),
    `# Weight decay, when set, applies to every parameter (biases and activation parameters too), as in the Training Lab.`,
    optimizerCode(prepared),
    '',
    '',
    '# ---- Batches.',
    ...batchLines,
    '',
    '',
    ...(classification ? [...accuracyCode, '', ''] : []),
    '# ---- Training: one line per step, the loss measured before the update.',
    'batches_per_epoch = math.ceil(X_TRAIN.shape[0] / BATCH_SIZE)',
    'orders = epoch_orders()',
    'model.train()',
    'for t in range(STEPS):',
    '    index = t % batches_per_epoch',
    '    if index == 0:',
    '        order = next(orders)',
    '    rows = order[index * BATCH_SIZE:(index + 1) * BATCH_SIZE]',
    '    inputs, targets = X_TRAIN[rows], Y_TRAIN[rows]',
    '    optimizer.zero_grad()',
    `    loss = criterion(model(inputs), targets)${regularisation ? ' + penalty()' : ''}`,
    "    print(f'step {t} loss {loss.item():.9g}')",
    '    loss.backward()',
    '    optimizer.step()',
    '    if not math.isfinite(loss.item()) or not all(torch.isfinite(p).all() for p in model.parameters()):',
    "        print(f'diverged at step {t}: the loss or a parameter is NaN or infinite; try a smaller learning rate')",
    '        break',
    '',
    '# ---- Evaluation after the last update.',
    'model.eval()',
    'with torch.no_grad():',
    ...(classification ? ["    print(f'train accuracy {accuracy(model(X_TRAIN), Y_TRAIN):.6g}')"] : []),
    "    print(f'train loss {criterion(model(X_TRAIN), Y_TRAIN).item():.9g}')",
    ...(data.test ? ["    print(f'test loss {criterion(model(X_TEST), Y_TEST).item():.9g}')"] : []),
    ...(data.test && classification ? ["    print(f'test accuracy {accuracy(model(X_TEST), Y_TEST):.6g}')"] : []),
  ];
  return `${lines.join('\n')}\n`;
}
