// Datasets for training: the seeded built-in sets (2-D toy sets with feature crosses, 8×8 digits), inline
// data and CSV, turned into one form — float32 inputs and targets, split into training and test sets.
import type { CsvDataSpec, DataSpec, FeatureName, GeneratedDataSpec, InlineDataSpec, NestedNumbers } from '../protocol/spec';
import { SPEC_DEFAULTS } from '../protocol/spec';
import { Random } from '../nn/random';
import { parseCsv } from './csv';
import { loadDigits } from './digits';
import { applyFeatures, DEFAULT_FEATURES } from './features';
import { TOY_DATASETS } from './toy';

export { parseCsv } from './csv';
export type { CsvDataset, CsvOptions } from './csv';
export { applyFeatures, FEATURES } from './features';
export { loadDigits } from './digits';

/** Samples of one split. */
export interface DataSplit {
  /** Inputs, [count][...inputShape] flattened. */
  readonly x: Float32Array;
  /** Targets, [count][targetWidth] flattened. */
  readonly y: Float32Array;
  readonly count: number;
  /** The raw 2-D points (toy datasets), before feature crosses: for scatter plots. */
  readonly points?: { readonly x1: Float32Array; readonly x2: Float32Array };
}

/** A dataset ready for training. */
export interface Dataset {
  /** Shape of one input sample: [features] or [channels, height, width]. */
  readonly inputShape: readonly number[];
  readonly train: DataSplit;
  /** Held-out samples, or null when there are none. */
  readonly test: DataSplit | null;
  /** Values per target: 1 for class indices and scalar targets. */
  readonly targetWidth: number;
  /** classification: targets are class indices 0 … classes−1; regression: target values. */
  readonly task: 'classification' | 'regression';
  /** Number of classes (0 for regression). */
  readonly classes: number;
  /** Class names (CSV labels, digits), when known. */
  readonly classNames?: readonly string[];
  /** Names of the input features (toy sets: the crosses; CSV: the header). */
  readonly featureNames?: readonly string[];
  /** For the 2-D sets: the square the points lie in, [[x1 min, max], [x2 min, max]]. */
  readonly domain?: readonly [readonly [number, number], readonly [number, number]];
}

/** Most samples a built-in 2-D dataset generates (a spec asking for 1e9 used to keep the checks busy for minutes). */
export const MAX_GENERATED_SAMPLES = 1_000_000;

/** Names of the built-in datasets. */
export const DATASET_NAMES: readonly string[] = Object.freeze([...Object.keys(TOY_DATASETS), 'digits']);

/** Splits `count` samples: a seeded permutation, the first part training, the rest (`testFraction`) test. */
function splitOrder(count: number, testFraction: number, random: Random | null): { train: number[]; test: number[] } {
  const order = Array.from({ length: count }, (_, i) => i);
  if (random) random.shuffle(order);
  const testCount = Math.round(count * testFraction);
  if (count - testCount < 1) throw new Error(`data leaves no training samples: ${count} samples with testFraction ${testFraction}; use more samples or a smaller testFraction`);
  return { train: order.slice(0, count - testCount), test: order.slice(count - testCount) };
}

function pick(source: ArrayLike<number>, width: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    for (let j = 0; j < width; j++) out[i * width + j] = source[row * width + j];
  });
  return out;
}

function generated(spec: GeneratedDataSpec, seed: number): Dataset {
  const random = new Random(spec.seed ?? seed, `data:${spec.name}`);
  const testFraction = spec.testFraction ?? SPEC_DEFAULTS.testFraction;
  if (spec.name === 'digits') {
    if (spec.features) throw new Error('data.features applies to the 2-D datasets only, not to digits');
    const digits = loadDigits();
    const samples = spec.samples ?? digits.count;
    if (samples > digits.count) throw new Error(`data.samples must be at most ${digits.count} for digits (got ${samples})`);
    const order = random.shuffle(Array.from({ length: digits.count }, (_, i) => i)).slice(0, samples);
    const { train, test } = splitOrder(samples, testFraction, null);
    const split = (rows: number[]): DataSplit => ({
      x: pick(digits.images, 64, rows.map((r) => order[r])),
      y: Float32Array.from(rows, (r) => digits.labels[order[r]]),
      count: rows.length,
    });
    return { inputShape: [1, 8, 8], train: split(train), test: test.length ? split(test) : null, targetWidth: 1, task: 'classification', classes: 10, classNames: [...'0123456789'] };
  }
  const generator = TOY_DATASETS[spec.name];
  if (!generator) throw new Error(`data.name must be one of ${DATASET_NAMES.map((n) => `"${n}"`).join(', ')} (got ${JSON.stringify(spec.name)})`);
  const samples = spec.samples ?? SPEC_DEFAULTS.samples;
  if (samples > MAX_GENERATED_SAMPLES) throw new Error(`data.samples must be at most ${MAX_GENERATED_SAMPLES} (got ${samples})`);
  const noise = spec.noise ?? SPEC_DEFAULTS.noise;
  const features: readonly FeatureName[] = spec.features ?? DEFAULT_FEATURES;
  const raw = generator(samples, noise, random);
  const { train, test } = splitOrder(raw.x1.length, testFraction, random);
  const split = (rows: number[]): DataSplit => {
    const x1 = Float32Array.from(rows, (r) => raw.x1[r]);
    const x2 = Float32Array.from(rows, (r) => raw.x2[r]);
    return { x: applyFeatures(features, x1, x2), y: Float32Array.from(rows, (r) => raw.label[r]), count: rows.length, points: { x1, x2 } };
  };
  return {
    inputShape: [features.length],
    train: split(train),
    test: test.length ? split(test) : null,
    targetWidth: 1,
    task: raw.classes > 0 ? 'classification' : 'regression',
    classes: raw.classes,
    featureNames: [...features],
    domain: raw.domain,
  };
}

function csv(spec: CsvDataSpec, seed: number): Dataset {
  const parsed = parseCsv(spec.csv, { labelColumn: spec.labelColumn, task: spec.task });
  const testFraction = spec.testFraction ?? SPEC_DEFAULTS.csvTestFraction;
  const { train, test } = splitOrder(parsed.rows, testFraction, testFraction > 0 ? new Random(spec.seed ?? seed, 'data:csv') : null);
  const width = parsed.features.length;
  const split = (rows: number[]): DataSplit => ({ x: pick(parsed.x, width, rows), y: pick(parsed.y, 1, rows), count: rows.length });
  return {
    inputShape: [width],
    train: split(train),
    test: test.length ? split(test) : null,
    targetWidth: 1,
    task: parsed.task,
    classes: parsed.classes.length,
    classNames: parsed.task === 'classification' ? parsed.classes : undefined,
    featureNames: parsed.features,
  };
}

/** The shape of a sample (nested arrays), checking every sample has it. */
function inlineInputs(rows: readonly NestedNumbers[], field: string, shape?: readonly number[]): { x: Float32Array; shape: number[] } {
  const first: number[] = [];
  for (let node: unknown = rows[0]; Array.isArray(node); node = node[0]) first.push(node.length);
  const sampleShape = shape ? [...shape] : first.length ? first : [1];
  if (sampleShape.length !== 1 && sampleShape.length !== 3) {
    throw new Error(`${field}[0] must be a feature vector or a [channels][height][width] image (got shape [${sampleShape.join(', ')}])`);
  }
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(rows.length * size);
  let offset = 0;
  const walk = (node: unknown, depth: number, where: string): void => {
    if (depth === sampleShape.length) {
      if (typeof node !== 'number' || !Number.isFinite(node)) throw new Error(`${where} must be a finite number (got ${JSON.stringify(node)})`);
      if (!Number.isFinite(Math.fround(node))) throw new Error(`${where} must be within float32's range ±3.4e38, where training computes (got ${node})`);
      x[offset++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== sampleShape[depth]) {
      throw new Error(`${where} must be an array of ${sampleShape[depth]} (every sample has shape [${sampleShape.join(', ')}]; got ${Array.isArray(node) ? `${node.length} entries` : JSON.stringify(node)})`);
    }
    node.forEach((child, i) => walk(child, depth + 1, `${where}[${i}]`));
  };
  rows.forEach((row, i) => walk(row, 0, `${field}[${i}]`));
  return { x, shape: sampleShape };
}

function inlineTargets(targets: readonly (number | readonly number[])[], field: string, count: number, width?: number): { y: Float32Array; width: number } {
  if (targets.length !== count) throw new Error(`${field} must have one target per sample: ${count} (got ${targets.length})`);
  const targetWidth = width ?? (Array.isArray(targets[0]) ? (targets[0] as readonly number[]).length : 1);
  const y = new Float32Array(count * targetWidth);
  targets.forEach((t, i) => {
    const values = Array.isArray(t) ? t : [t];
    if (values.length !== targetWidth || (targetWidth === 1 && Array.isArray(t) !== Array.isArray(targets[0]))) {
      throw new Error(`${field}[${i}] must be ${targetWidth === 1 && !Array.isArray(targets[0]) ? 'a number' : `an array of ${targetWidth} numbers`} like ${field}[0] (got ${JSON.stringify(t)})`);
    }
    values.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${field}[${i}]${Array.isArray(t) ? `[${j}]` : ''} must be a finite number (got ${JSON.stringify(v)})`);
      if (!Number.isFinite(Math.fround(v))) throw new Error(`${field}[${i}]${Array.isArray(t) ? `[${j}]` : ''} must be within float32's range ±3.4e38, where training computes (got ${v})`);
      y[i * targetWidth + j] = v;
    });
  });
  return { y, width: targetWidth };
}

function inline(spec: InlineDataSpec): Dataset {
  const train = inlineInputs(spec.x, 'data.x');
  const trainTargets = inlineTargets(spec.y, 'data.y', spec.x.length);
  let test: DataSplit | null = null;
  if ((spec.xTest === undefined) !== (spec.yTest === undefined)) throw new Error('data.xTest and data.yTest must be given together');
  if (spec.xTest && spec.yTest && spec.xTest.length > 0) {
    const testInputs = inlineInputs(spec.xTest, 'data.xTest', train.shape);
    const testTargets = inlineTargets(spec.yTest, 'data.yTest', spec.xTest.length, trainTargets.width);
    test = { x: testInputs.x, y: testTargets.y, count: spec.xTest.length };
  }
  // Flat, non-negative integer targets are class indices; anything else is a regression target.
  const all = test ? [...trainTargets.y, ...test.y] : [...trainTargets.y];
  const classification = trainTargets.width === 1 && all.every((v) => Number.isInteger(v) && v >= 0);
  // A loop, not Math.max(...all): spreading ~125 000 targets or more as arguments overflowed the stack.
  let largest = 0;
  for (const v of all) if (v > largest) largest = v;
  return {
    inputShape: train.shape,
    train: { x: train.x, y: trainTargets.y, count: spec.x.length },
    test,
    targetWidth: trainTargets.width,
    task: classification ? 'classification' : 'regression',
    classes: classification ? largest + 1 : 0,
  };
}

/** Builds the dataset a spec's `data` describes; `seed` is the spec's seed (data may set its own). */
export function makeDataset(spec: DataSpec, seed = 0): Dataset {
  if (spec === null || typeof spec !== 'object') throw new Error(`data must be an object (got ${JSON.stringify(spec)})`);
  if ('name' in spec) return generated(spec, seed);
  if ('csv' in spec) return csv(spec, seed);
  if ('x' in spec) return inline(spec);
  throw new Error('data must name a built-in dataset ({ "name": "spiral" }), give samples inline ({ "x": …, "y": … }) or CSV text ({ "csv": …, "labelColumn": … })');
}

/** `makeDataset` for a built-in dataset by name, e.g. `datasets.make('spiral', { samples: 200, noise: 0.1 })`. */
export const datasets = Object.freeze({
  names: DATASET_NAMES,
  make(name: GeneratedDataSpec['name'], options: Omit<GeneratedDataSpec, 'name'> = {}, seed = 0): Dataset {
    return generated({ ...options, name }, seed);
  },
});
