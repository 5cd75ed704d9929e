// The Activation Lab cell language: parses a notebook cell (`plot`, `train`, `compare` or `sweep`, then
// `key: value` options, or `train` with a JSON spec) into a checked program. Every error is a CellError that
// names the line and the field, e.g. `line 3, optimizer.lr: expected a positive number (got "abc")`.
// The language is documented in README.md ("Notebooks") and in `OPTION_DOCS` below.
import { getActivation, type ActivationParams, type ParamValue } from '../activations';
import { functionLabelText } from '../codegen/labels';
import { DATASET_NAMES } from '../data';
import { conformSpec } from '../lab/conform';
import { specSchema, type ActivationSpec, type DataSpec, type LayerSpec, type OptimizerSpec, type TrainingSpec } from '../protocol/spec';
import { validateSpec } from '../protocol/validate';
import { activationCall, COMMANDS, jsonErrorOffset, numberValue, optionLine, splitTopLevel, stripComment, unquote, type CellCommand, type Span } from './syntax';

/** A cell that cannot run: where (1-based line) and which field, and what to do. */
export class CellError extends Error {
  override readonly name = 'CellError';
  constructor(
    readonly line: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`line ${line}, ${field}: ${detail}`);
  }
}

/** An activation with its parameters as the cell gave them (checked against the catalog). */
export interface ActivationChoice {
  /** Catalog id. */
  readonly id: string;
  readonly params: ActivationParams;
  /** `Leaky ReLU (negative_slope=0.2)`. */
  readonly label: string;
}

export interface PlotProgram {
  readonly kind: 'plot';
  readonly title?: string;
  readonly functions: readonly ActivationChoice[];
  readonly range: readonly [number, number];
  readonly show: 'f' | 'derivative' | 'both';
  readonly samples: number;
}

export interface TrainProgram {
  readonly kind: 'train';
  readonly title?: string;
  readonly spec: TrainingSpec;
}

/** Variants of one set-up, trained from the same seed. */
export interface CompareProgram {
  readonly kind: 'compare';
  readonly title?: string;
  readonly variants: readonly { readonly label: string; readonly spec: TrainingSpec }[];
}

/** Every activation (row) × learning rate (column). */
export interface SweepProgram {
  readonly kind: 'sweep';
  readonly title?: string;
  readonly rows: readonly string[];
  readonly learningRates: readonly number[];
  readonly cells: readonly { readonly row: number; readonly column: number; readonly spec: TrainingSpec }[];
}

export type CellProgram = PlotProgram | TrainProgram | CompareProgram | SweepProgram;

/** What each option means, by command: completion and hover show these. */
export const OPTION_DOCS: Readonly<Record<string, { readonly commands: readonly CellCommand[]; readonly usage: string; readonly doc: string }>> = {
  range: { commands: ['plot'], usage: 'range: -5 5', doc: 'The x-range to plot (default -5 5).' },
  show: { commands: ['plot'], usage: 'show: both', doc: 'Which curves: f, derivative (f′, dashed) or both (default).' },
  samples: { commands: ['plot'], usage: 'samples: 401', doc: 'Points sampled across the range (2 to 5000, default 401).' },
  title: { commands: ['plot', 'train', 'compare', 'sweep'], usage: 'title: Dying ReLU', doc: 'A title shown above the output.' },
  data: {
    commands: ['train', 'compare', 'sweep'],
    usage: 'data: spiral samples=400 noise=0.1 test=0.5 features=x1,x2',
    doc: `A built-in dataset (${DATASET_NAMES.join(', ')}) with optional samples, noise, test (held-out fraction), features and seed. Default: circle samples=400 noise=0.05.`,
  },
  layers: {
    commands: ['train', 'compare', 'sweep'],
    usage: 'layers: 8 relu, 8 leaky_relu(negative_slope=0.2)',
    doc: 'Hidden dense layers: units, then optionally an activation. A layer without one takes `activation:` (train) or each compared activation (compare, sweep). The output layer and the loss follow from the data. Default: 8, 8.',
  },
  activation: { commands: ['train'], usage: 'activation: gelu', doc: 'The activation of hidden layers that name none (default relu).' },
  optimizer: {
    commands: ['train', 'compare', 'sweep'],
    usage: 'optimizer: adam lr=0.01',
    doc: 'sgd (lr, momentum, dampening, nesterov, weight_decay) or adam (lr, betas=0.9,0.999, eps, weight_decay), as in torch.optim. Default: adam lr=0.03.',
  },
  lr: { commands: ['train', 'compare', 'sweep'], usage: 'lr: 0.01', doc: 'The learning rate (train, compare); for sweep, the learning rates to try: `lr: 0.001 0.01 0.1 1`.' },
  batch: { commands: ['train', 'compare', 'sweep'], usage: 'batch: 16', doc: 'Samples per step, or full (default 16).' },
  steps: { commands: ['train', 'compare', 'sweep'], usage: 'steps: 300', doc: 'Optimizer steps (default 300).' },
  epochs: { commands: ['train', 'compare', 'sweep'], usage: 'epochs: 10', doc: 'Passes over the training set, instead of steps.' },
  seed: { commands: ['train', 'compare', 'sweep'], usage: 'seed: 7', doc: 'Seed of the data, the initial weights and the shuffling (default 1): the same seed gives the same run.' },
  init: { commands: ['train', 'compare', 'sweep'], usage: 'init: he_normal', doc: 'Weight initialisation (default pytorch, nn.Linear’s own).' },
  loss: { commands: ['train', 'compare', 'sweep'], usage: 'loss: bce_with_logits', doc: 'The loss (default: from the data — bce_with_logits for two classes, cross_entropy for more, mse for regression).' },
  shuffle: { commands: ['train', 'compare', 'sweep'], usage: 'shuffle: true', doc: 'Shuffle the training set every epoch (default true).' },
  'metrics-every': { commands: ['train', 'compare', 'sweep'], usage: 'metrics-every: 5', doc: 'Measure accuracy, dead units and training-set loss every this many steps (default: about 100 times per run).' },
};

/** What each command does, for completion and hover. */
export const COMMAND_DOCS: Readonly<Record<CellCommand, { readonly usage: string; readonly doc: string }>> = {
  plot: { usage: 'plot relu, leaky_relu(negative_slope=0.2), gelu', doc: 'Plots f and f′ of catalog activations.' },
  train: { usage: 'train', doc: 'Trains a small network on a toy dataset (CPU, in the background), streaming its progress; ends with the loss curves and the decision boundary. The lines after `train` may instead hold a complete JSON training spec.' },
  compare: { usage: 'compare relu, leaky_relu, gelu', doc: 'Trains the same network, from the same seed, once per activation, and compares their training-set loss and dead units.' },
  sweep: { usage: 'sweep relu, tanh\nlr: 0.001 0.01 0.1 1', doc: 'Trains every activation with every learning rate of `lr:` and maps the final training loss (✕ where a run diverged).' },
};

/** Enumerations of the spec schema (init names, losses), so the language stays in step with the spec. */
function schemaEnum(...path: string[]): string[] {
  let node: unknown = specSchema;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(node) ? node.filter((v): v is string => typeof v === 'string') : [];
}
export const INIT_NAMES = schemaEnum('properties', 'init', 'enum');
export const LOSS_NAMES = schemaEnum('properties', 'loss', 'enum');
export const OPTIMIZER_KEYS: Readonly<Record<'sgd' | 'adam', readonly string[]>> = {
  sgd: ['lr', 'momentum', 'dampening', 'nesterov', 'weight_decay'],
  adam: ['lr', 'betas', 'eps', 'weight_decay'],
};
export const DATA_KEYS = ['samples', 'noise', 'test', 'features', 'seed'] as const;

/** Longest title an output may carry (the notebook payload schema's limit). */
const MAX_TITLE_LENGTH = 200;

/** Defaults of a training cell, in one place. */
export const CELL_DEFAULTS = Object.freeze({
  seed: 1,
  data: { name: 'circle', samples: 400, noise: 0.05, testFraction: 0.5 } as DataSpec,
  hiddenUnits: [8, 8],
  activation: 'relu',
  optimizer: { type: 'adam', lr: 0.03 } as OptimizerSpec,
  batchSize: 16,
  shuffle: true,
  steps: 300,
  range: [-5, 5] as const,
  samples: 401,
});

interface OptionValue {
  readonly line: number;
  readonly value: Span;
}

/** A line of the cell with its 1-based number, comment removed. */
interface SourceLine {
  readonly number: number;
  readonly text: string;
}

function suggest(word: string, known: readonly string[]): string {
  const close = known.filter((k) => k.startsWith(word.slice(0, 2)) || word.startsWith(k.slice(0, 2)));
  return close.length ? `; did you mean ${close.map((k) => `"${k}"`).join(' or ')}?` : '';
}

/** Parses and checks a cell; throws a CellError naming the line and the field. */
export function parseCell(source: string): CellProgram {
  const lines: SourceLine[] = source.split(/\r?\n/).map((text, i) => ({ number: i + 1, text: stripComment(text) }));
  const first = lines.find((l) => l.text.trim());
  if (!first) throw new CellError(1, 'command', `the cell is empty; start it with ${COMMANDS.join(', ')} (for example \`plot relu, gelu\`)`);
  const head = /^\s*(\S+)\s*(.*)$/.exec(first.text)!;
  const command = head[1];
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new CellError(first.number, 'command', `unknown command "${command}"${suggest(command, COMMANDS)} A cell starts with ${COMMANDS.join(', ')}.`);
  }
  const argumentText = head[2].trim();
  const argumentStart = argumentText ? first.text.indexOf(argumentText, first.text.indexOf(command) + command.length) : first.text.length;
  const argument: Span = { text: argumentText, start: argumentStart, end: argumentStart + argumentText.length };
  const rest = lines.slice(lines.indexOf(first) + 1);
  if (command === 'train' && rest.find((l) => l.text.trim())?.text.trim().startsWith('{')) return parseJsonTrain(source, first, argumentText);
  const options = readOptions(rest, command as CellCommand);
  const title = options.get('title')?.value.text;
  // Outputs carry at most 200 characters of title (the renderer refuses more): say so here, on the title's line.
  if (title !== undefined && title.length > MAX_TITLE_LENGTH) throw new CellError(options.get('title')!.line, 'title', `at most ${MAX_TITLE_LENGTH} characters (got ${title.length})`);
  switch (command as CellCommand) {
    case 'plot':
      return parsePlot(first.number, argument, options, title);
    case 'train': {
      if (argumentText) throw new CellError(first.number, 'train', `train takes no arguments (got "${argumentText}"); give the set-up on the following lines, e.g. \`layers: 8 relu, 8 relu\``);
      const spec = buildSpec('train', first.number, options, null);
      return { kind: 'train', ...(title ? { title } : {}), spec };
    }
    case 'compare': {
      const choices = activationList(first.number, argument, 'compare');
      if (choices.length < 2) throw new CellError(first.number, 'compare', 'compare needs at least two activations, e.g. `compare relu, leaky_relu, gelu`');
      const variants = choices.map((choice) => ({ label: choice.label, spec: buildSpec('compare', first.number, options, choice) }));
      return { kind: 'compare', ...(title ? { title } : {}), variants };
    }
    case 'sweep': {
      const choices = activationList(first.number, argument, 'sweep');
      const lr = options.get('lr');
      if (!lr) throw new CellError(first.number, 'lr', 'sweep needs the learning rates to try, e.g. `lr: 0.001 0.01 0.1 1` on a line of its own');
      const rates = splitTopLevel(lr.value, 'space').flatMap((s) => splitTopLevel(s, 'comma')).filter((s) => s.text);
      const learningRates = rates.map((s, i) => positiveNumber(lr.line, `lr[${i}]`, s.text));
      if (learningRates.length > 32) throw new CellError(lr.line, 'lr', `at most 32 learning rates (got ${learningRates.length})`);
      const cells: { row: number; column: number; spec: TrainingSpec }[] = [];
      choices.forEach((choice, row) => {
        const base = buildSpec('sweep', first.number, options, choice);
        learningRates.forEach((rate, column) => cells.push({ row, column, spec: { ...base, optimizer: { ...base.optimizer, lr: rate } } }));
      });
      return { kind: 'sweep', ...(title ? { title } : {}), rows: choices.map((c) => c.label), learningRates, cells };
    }
  }
}

/** Reads the `key: value` lines after the command; unknown, misplaced and repeated keys are errors. */
function readOptions(lines: readonly SourceLine[], command: CellCommand): Map<string, OptionValue> {
  const options = new Map<string, OptionValue>();
  const allowed = Object.keys(OPTION_DOCS).filter((key) => OPTION_DOCS[key].commands.includes(command));
  for (const line of lines) {
    if (!line.text.trim()) continue;
    const option = optionLine(line.text);
    if (!option) throw new CellError(line.number, 'option', `expected \`key: value\` (got "${line.text.trim()}"); ${command} takes ${allowed.join(', ')}`);
    const key = option.key.text;
    if (!allowed.includes(key)) {
      const where = OPTION_DOCS[key] ? `${key} belongs to ${OPTION_DOCS[key].commands.join(', ')}, not ${command}` : `unknown option "${key}"${suggest(key, allowed)}`;
      throw new CellError(line.number, key, `${where}; ${command} takes ${allowed.join(', ')}`);
    }
    const previous = options.get(key);
    if (previous) throw new CellError(line.number, key, `${key} is given twice (first on line ${previous.line}); keep one`);
    if (!option.value.text) throw new CellError(line.number, key, `${key} needs a value, e.g. \`${OPTION_DOCS[key].usage}\``);
    options.set(key, { line: line.number, value: option.value });
  }
  return options;
}

function parsePlot(line: number, argument: Span, options: Map<string, OptionValue>, title: string | undefined): PlotProgram {
  const functions = activationList(line, argument, 'plot');
  if (functions.length > 12) throw new CellError(line, 'plot', `at most 12 functions in one plot (got ${functions.length})`);
  let range: readonly [number, number] = CELL_DEFAULTS.range;
  const rangeOption = options.get('range');
  if (rangeOption) {
    const parts = splitTopLevel(rangeOption.value, 'space').flatMap((s) => splitTopLevel(s, 'comma')).filter((s) => s.text);
    if (parts.length !== 2) throw new CellError(rangeOption.line, 'range', `expected two numbers, start and end, e.g. \`range: -5 5\` (got "${rangeOption.value.text}")`);
    const [low, high] = parts.map((p, i) => finiteNumber(rangeOption.line, `range[${i}]`, p.text));
    if (!(high > low)) throw new CellError(rangeOption.line, 'range', `the end must be greater than the start (got ${low} … ${high})`);
    if (Math.abs(low) > 1e6 || Math.abs(high) > 1e6) throw new CellError(rangeOption.line, 'range', `must lie within ±1e6 (got ${low} … ${high})`);
    range = [low, high];
  }
  let show: PlotProgram['show'] = 'both';
  const showOption = options.get('show');
  if (showOption) {
    const value = showOption.value.text;
    if (value !== 'f' && value !== 'derivative' && value !== 'both') throw new CellError(showOption.line, 'show', `expected f, derivative or both (got "${value}")`);
    show = value;
  }
  const samplesOption = options.get('samples');
  const samples = samplesOption ? integer(samplesOption.line, 'samples', samplesOption.value.text, 2, 5000) : CELL_DEFAULTS.samples;
  return { kind: 'plot', ...(title ? { title } : {}), functions, range, show, samples };
}

/** Parses `relu, leaky_relu(negative_slope=0.2)` into checked catalog choices. */
function activationList(line: number, span: Span, field: string): ActivationChoice[] {
  if (!span.text) throw new CellError(line, field, `${field} needs activations after it, e.g. \`${COMMAND_DOCS[field as CellCommand]?.usage ?? 'relu, gelu'}\``);
  return splitTopLevel(span, 'comma').map((piece, i) => activationChoice(line, piece, `${field}[${i}]`));
}

/** One activation as written, checked against the catalog. */
export function activationChoice(line: number, span: Span, field: string): ActivationChoice {
  if (!span.text) throw new CellError(line, field, 'an activation is missing (a stray comma?)');
  const call = activationCall(span);
  if (call.problem) throw new CellError(line, field, call.problem);
  let id: string;
  try {
    id = getActivation(call.name.text).id;
  } catch (error) {
    throw new CellError(line, field, (error as Error).message);
  }
  const activation = getActivation(id);
  const params: Record<string, ParamValue> = {};
  for (const param of call.params) {
    const name = param.name.text;
    if (!param.value) throw new CellError(line, `${call.name.text}.${name || '?'}`, `expected param=value, e.g. ${activation.params[0] ? `${activation.params[0].name}=${activation.params[0].default}` : `${call.name.text} (it has no parameters)`}`);
    const known = activation.params.find((p) => p.name === name);
    if (!known) {
      const names = activation.params.map((p) => p.name);
      throw new CellError(line, `${call.name.text}.${name}`, names.length ? `${activation.name} has no parameter "${name}"; its parameters are ${names.join(', ')}` : `${activation.name} has no parameters`);
    }
    const value = typeof known.default === 'number' ? numberValue(param.value.text) : param.value.text;
    if (value === null) throw new CellError(line, `${call.name.text}.${name}`, `expected a number (got "${param.value.text}")`);
    params[name] = value;
  }
  try {
    activation.resolveParams(params);
  } catch (error) {
    throw new CellError(line, `${call.name.text}(${Object.keys(params).join(', ')})`, (error as Error).message);
  }
  return { id, params, label: functionLabelText(id, params) };
}

function finiteNumber(line: number, field: string, text: string): number {
  const value = numberValue(text);
  if (value === null) throw new CellError(line, field, `expected a number (got "${text}")`);
  return value;
}

function positiveNumber(line: number, field: string, text: string): number {
  const value = finiteNumber(line, field, text);
  if (!(value > 0)) throw new CellError(line, field, `expected a positive number (got ${text})`);
  return value;
}

function integer(line: number, field: string, text: string, min: number, max: number): number {
  const value = numberValue(text);
  if (value === null || !Number.isInteger(value) || value < min || value > max) throw new CellError(line, field, `expected a whole number from ${min} to ${max} (got "${text}")`);
  return value;
}

function boolean(line: number, field: string, text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new CellError(line, field, `expected true or false (got "${text}")`);
}

/** `name key=value key=value` → the name and the pairs, each checked against `keys`. */
function namedOptions(option: OptionValue, field: string, keys: readonly string[]): { name: string; pairs: Map<string, Span> } {
  const [nameSpan, ...rest] = splitTopLevel(option.value, 'space');
  if (nameSpan.text.includes('=')) throw new CellError(option.line, field, `start with the ${field} name, e.g. \`${OPTION_DOCS[field].usage}\``);
  const pairs = new Map<string, Span>();
  for (const piece of rest) {
    const eq = piece.text.indexOf('=');
    const key = eq < 0 ? piece.text : piece.text.slice(0, eq);
    if (eq < 0 || eq === piece.text.length - 1) throw new CellError(option.line, `${field}.${key}`, `expected key=value (got "${piece.text}")`);
    if (!keys.includes(key)) throw new CellError(option.line, `${field}.${key}`, `unknown setting "${key}" for ${nameSpan.text}; known: ${keys.join(', ')}`);
    pairs.set(key, { text: unquote(piece.text.slice(eq + 1)), start: piece.start + eq + 1, end: piece.end });
  }
  return { name: nameSpan.text, pairs };
}

function dataSpec(option: OptionValue | undefined): DataSpec {
  if (!option) return CELL_DEFAULTS.data;
  const { name, pairs } = namedOptions(option, 'data', DATA_KEYS);
  if (!DATASET_NAMES.includes(name)) throw new CellError(option.line, 'data', `unknown dataset "${name}"; built-in datasets: ${DATASET_NAMES.join(', ')}`);
  const data: Record<string, unknown> = { name };
  const get = (key: string) => pairs.get(key)?.text;
  if (get('samples') !== undefined) data.samples = integer(option.line, 'data.samples', get('samples')!, 4, 100_000);
  if (get('noise') !== undefined) data.noise = finiteNumber(option.line, 'data.noise', get('noise')!);
  if (get('test') !== undefined) {
    const test = finiteNumber(option.line, 'data.test', get('test')!);
    if (test < 0 || test >= 1) throw new CellError(option.line, 'data.test', `the held-out fraction must be from 0 up to (not including) 1 (got ${test})`);
    data.testFraction = test;
  }
  if (get('seed') !== undefined) data.seed = integer(option.line, 'data.seed', get('seed')!, 0, 2 ** 31 - 1);
  if (get('features') !== undefined) data.features = get('features')!.split(',').map((f) => f.trim());
  return data as unknown as DataSpec;
}

function optimizerSpec(option: OptionValue | undefined, lr: OptionValue | undefined): OptimizerSpec {
  let optimizer: Record<string, unknown> = { ...CELL_DEFAULTS.optimizer };
  if (option) {
    const type = splitTopLevel(option.value, 'space')[0].text;
    if (type !== 'sgd' && type !== 'adam') throw new CellError(option.line, 'optimizer', `expected sgd or adam (got "${type}")`);
    const { pairs } = namedOptions(option, 'optimizer', OPTIMIZER_KEYS[type]);
    optimizer = { type, lr: type === 'sgd' ? 0.1 : 0.01 };
    for (const [key, span] of pairs) {
      const field = `optimizer.${key}`;
      if (key === 'nesterov') optimizer.nesterov = boolean(option.line, field, span.text);
      else if (key === 'betas') {
        const betas = span.text.split(',').map((b, i) => finiteNumber(option.line, `${field}[${i}]`, b.trim()));
        if (betas.length !== 2) throw new CellError(option.line, field, `expected two numbers, e.g. betas=0.9,0.999 (got "${span.text}")`);
        optimizer.betas = betas;
      } else if (key === 'lr') optimizer.lr = positiveNumber(option.line, field, span.text);
      else optimizer[key === 'weight_decay' ? 'weightDecay' : key] = finiteNumber(option.line, field, span.text);
    }
  }
  if (lr) optimizer.lr = positiveNumber(lr.line, 'lr', lr.value.text);
  return optimizer as unknown as OptimizerSpec;
}

function activationSpec(choice: ActivationChoice): ActivationSpec {
  return Object.keys(choice.params).length ? { name: choice.id, ...choice.params } : choice.id;
}

/** Hidden layers from `layers:`; a layer that names no activation gets `fallback`. */
function hiddenLayers(option: OptionValue | undefined, fallback: ActivationChoice): LayerSpec[] {
  const dense = (units: number, activation: ActivationChoice): LayerSpec => ({ type: 'dense', units, activation: activationSpec(activation) });
  if (!option) return CELL_DEFAULTS.hiddenUnits.map((units) => dense(units, fallback));
  const pieces = splitTopLevel(option.value, 'comma');
  if (pieces.length > 32) throw new CellError(option.line, 'layers', `at most 32 hidden layers (got ${pieces.length})`);
  return pieces.map((piece, i) => {
    const field = `layers[${i}]`;
    const match = /^(\S+)\s*(.*)$/.exec(piece.text);
    if (!match) throw new CellError(option.line, field, 'a layer is missing (a stray comma?); write units then an optional activation, e.g. `8 relu`');
    const units = integer(option.line, `${field}.units`, match[1], 1, 4096);
    const activationText = match[2].trim();
    const activation = activationText
      ? activationChoice(option.line, { text: activationText, start: piece.start + piece.text.indexOf(activationText, match[1].length), end: piece.end }, `${field}.activation`)
      : fallback;
    return dense(units, activation);
  });
}

/** The message without its leading field name (the CellError names the field already). */
function withoutField(message: string, field: string): string {
  return message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
}

/** The spec field a validation message starts with (`optimizer.lr must be …` → `optimizer.lr`). */
function messageField(message: string): string | null {
  return /^([A-Za-z]\w*(?:\[\d+\])?(?:\.[A-Za-z]\w*(?:\[\d+\])?)*)\b/.exec(message)?.[1] ?? null;
}

/** Builds the training spec of a train/compare/sweep cell; `choice` is the compared activation, if any. */
function buildSpec(command: 'train' | 'compare' | 'sweep', commandLine: number, options: Map<string, OptionValue>, choice: ActivationChoice | null): TrainingSpec {
  const activationOption = options.get('activation');
  const fallback = choice ?? (activationOption ? activationChoice(activationOption.line, activationOption.value, 'activation') : activationChoice(commandLine, { text: CELL_DEFAULTS.activation, start: 0, end: 0 }, 'activation'));
  const lineOf = (key: string) => options.get(key)?.line ?? commandLine;
  const steps = options.get('steps');
  const epochs = options.get('epochs');
  if (steps && epochs) throw new CellError(epochs.line, 'epochs', `give steps or epochs, not both (steps is on line ${steps.line})`);
  const stepCount = steps ? integer(steps.line, 'steps', steps.value.text, 1, 1_000_000) : epochs ? undefined : CELL_DEFAULTS.steps;
  const batch = options.get('batch');
  const init = options.get('init');
  if (init && !INIT_NAMES.includes(init.value.text)) throw new CellError(init.line, 'init', `expected one of ${INIT_NAMES.join(', ')} (got "${init.value.text}")`);
  const loss = options.get('loss');
  if (loss && !LOSS_NAMES.includes(loss.value.text)) throw new CellError(loss.line, 'loss', `expected one of ${LOSS_NAMES.join(', ')} (got "${loss.value.text}")`);
  const metricsEvery = options.get('metrics-every');
  const spec: Record<string, unknown> = {
    seed: options.has('seed') ? integer(lineOf('seed'), 'seed', options.get('seed')!.value.text, 0, 2 ** 31 - 1) : CELL_DEFAULTS.seed,
    data: dataSpec(options.get('data')),
    model: { input: [2], layers: hiddenLayers(options.get('layers'), fallback) },
    loss: 'bce_with_logits',
    // A sweep's `lr:` lists the learning rates to try (each cell sets its own); elsewhere it is the learning rate.
    optimizer: optimizerSpec(options.get('optimizer'), command === 'sweep' ? undefined : options.get('lr')),
    batchSize: batch ? (batch.value.text === 'full' ? 'full' : integer(batch.line, 'batch', batch.value.text, 1, 100_000)) : CELL_DEFAULTS.batchSize,
    shuffle: options.has('shuffle') ? boolean(lineOf('shuffle'), 'shuffle', options.get('shuffle')!.value.text) : CELL_DEFAULTS.shuffle,
    ...(stepCount !== undefined ? { steps: stepCount } : { epochs: integer(epochs!.line, 'epochs', epochs!.value.text, 1, 100_000) }),
    metricsEvery: metricsEvery ? integer(metricsEvery.line, 'metrics-every', metricsEvery.value.text, 1, 1_000_000) : Math.max(1, Math.floor((stepCount ?? 1000) / 100)),
    ...(init ? { init: init.value.text } : {}),
  };
  // Fields of a spec → the cell line that set them, for errors found by the engine's own checks.
  const lines: Record<string, number> = {
    data: lineOf('data'),
    model: lineOf('layers'),
    optimizer: options.get('optimizer')?.line ?? lineOf('lr'),
    batchSize: lineOf('batch'),
    steps: lineOf('steps'),
    epochs: lineOf('epochs'),
    seed: lineOf('seed'),
    init: lineOf('init'),
    loss: lineOf('loss'),
    shuffle: lineOf('shuffle'),
    metricsEvery: lineOf('metrics-every'),
  };
  const fail = (error: unknown): never => {
    const message = (error as Error).message;
    const field = messageField(message) ?? 'spec';
    throw new CellError(lines[field.split(/[.[]/)[0]] ?? commandLine, field, withoutField(message, field));
  };
  let conformed: TrainingSpec;
  try {
    conformed = conformSpec(spec as unknown as TrainingSpec);
  } catch (error) {
    return fail(error);
  }
  const finalSpec: TrainingSpec = loss ? { ...conformed, loss: loss.value.text as TrainingSpec['loss'] } : conformed;
  try {
    return validateSpec(finalSpec);
  } catch (error) {
    return fail(error);
  }
}

/** The 1-based line of the character at `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** `train` followed by a complete JSON training spec (the form the Training Lab saves and lab.train takes). */
function parseJsonTrain(source: string, first: SourceLine, argumentText: string): TrainProgram {
  if (argumentText) throw new CellError(first.number, 'train', `train takes no arguments (got "${argumentText}")`);
  // Where the JSON starts: after the command's line, counting each line's real terminator (\n or \r\n; counting
  // one character per line put every error line of a CRLF cell one line too far down).
  let bodyOffset = 0;
  for (let i = 0; i < first.number; i++) {
    const next = source.indexOf('\n', bodyOffset);
    bodyOffset = next < 0 ? source.length : next + 1;
  }
  const body = source.slice(bodyOffset);
  let spec: unknown;
  try {
    spec = JSON.parse(body);
  } catch (error) {
    const offset = jsonErrorOffset(body);
    const line = first.number + lineAt(body, Math.max(0, offset));
    throw new CellError(line, 'spec', `the training spec is not valid JSON (${(error as Error).message}); check line ${line}`);
  }
  try {
    return { kind: 'train', spec: validateSpec(spec) };
  } catch (error) {
    const message = (error as Error).message;
    const field = messageField(message) ?? 'spec';
    // The line of the field's last key in the JSON text (its first occurrence after its parents' keys).
    let offset = 0;
    for (const key of field.split(/[.[\]]/).filter((k) => k && !/^\d+$/.test(k))) {
      const found = body.indexOf(`"${key}"`, offset);
      if (found >= 0) offset = found;
    }
    throw new CellError(first.number + lineAt(body, offset), field, withoutField(message, field));
  }
}
