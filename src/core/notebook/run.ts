// Runs a parsed Activation Lab cell on the core's CPU backend and turns it into notebook outputs: a `plot`
// payload at once; for training, progress payloads while it runs (throttled) and a final `run`, `compare` or
// `sweep` payload — also when interrupted (status "cancelled", the steps taken so far). The kernel in the
// extension host and the example-notebook generator both call this, so saved outputs are what the kernel makes.
import { createTrainer, TrainingCancelledError, type AbortSignalLike, type BackendName, type StepMetrics, type Trainer } from '../nn';
import { inputGrid, layerOutputs } from '../lab';
import type { FeatureName, TrainingSpec } from '../protocol/spec';
import { NOTEBOOK_PAYLOAD_VERSION, type ComparePayload, type NotebookPayload, type PlotPayload, type RunPayload, type SweepPayload } from '../protocol/notebook';
import type { CellProgram, CompareProgram, PlotProgram, SweepProgram, TrainProgram } from './cell';

export interface RunCellOptions {
  /** Stops training before its next step once aborted; the output then has status "cancelled". */
  readonly signal?: AbortSignalLike;
  /** Receives a progress payload (status "running") at most every `progressEveryMs`. */
  readonly onProgress?: (payload: NotebookPayload) => void;
  /** Default 400 ms. */
  readonly progressEveryMs?: number;
  /** Longest stretch of training before yielding to the event loop (default 16 ms). */
  readonly yieldEveryMs?: number;
  /** Where training cells train (default `cpu`, so saved outputs are reproducible bit for bit); the kernel passes `activationLab.backend`'s. */
  readonly backend?: BackendName;
}

/** Most history points kept in an output (the curves keep their shape; the JSON stays small). */
export const OUTPUT_HISTORY_POINTS = 1000;
/** Decision-boundary grid resolution in outputs. */
export const OUTPUT_GRID_RESOLUTION = 40;
/** Most data points per split drawn over the decision boundary. */
export const OUTPUT_DATA_POINTS = 400;

/** A number for an output: 5 significant digits (plenty for a plot, and a small file); null when not finite. */
export function outputNumber(value: number | undefined | null): number | null {
  if (value === undefined || value === null || !Number.isFinite(value)) return null;
  return Number(value.toPrecision(5));
}

/** Indices of at most `budget` evenly spread items out of `count`, always with the first and the last. */
export function spreadIndices(count: number, budget: number): number[] {
  if (count <= budget) return Array.from({ length: count }, (_, i) => i);
  const stride = (count - 1) / (budget - 1);
  const out = new Set<number>();
  for (let i = 0; i < budget; i++) out.add(Math.round(i * stride));
  return [...out].sort((a, b) => a - b);
}

/** Runs a cell to its final output. Plot cells finish at once; training cells train (see RunCellOptions). */
export async function runCell(program: CellProgram, options: RunCellOptions = {}): Promise<NotebookPayload> {
  switch (program.kind) {
    case 'plot':
      return plotPayload(program);
    case 'train':
      return trainRun(program, options);
    case 'compare':
      return compareRuns(program, options);
    case 'sweep':
      return sweepRuns(program, options);
  }
}

export function plotPayload(program: PlotProgram): PlotPayload {
  return {
    version: NOTEBOOK_PAYLOAD_VERSION,
    kind: 'plot',
    ...(program.title ? { title: program.title } : {}),
    functions: program.functions.map((fn) => ({ name: fn.id, ...(Object.keys(fn.params).length ? { params: { ...fn.params } } : {}) })),
    range: [program.range[0], program.range[1]],
    show: program.show,
    ...(program.samples !== 401 ? { samples: program.samples } : {}),
  };
}

/** A throttle for progress outputs. */
function throttle(options: RunCellOptions): (make: () => NotebookPayload, force?: boolean) => void {
  const every = options.progressEveryMs ?? 400;
  let last = -Infinity;
  return (make, force = false) => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (!force && now - last < every) return;
    last = now;
    options.onProgress(make());
  };
}

/** Trains `trainer` to its end (or divergence, or the signal); `onStep` sees every entry. Returns whether it was cancelled. */
async function trainToEnd(trainer: Trainer, history: StepMetrics[], options: RunCellOptions, onStep: () => void): Promise<boolean> {
  try {
    await trainer.run(trainer.steps - trainer.stepCount, {
      signal: options.signal,
      yieldEveryMs: options.yieldEveryMs ?? 16,
      onStep: (entry) => {
        history.push(entry);
        onStep();
      },
    });
    return false;
  } catch (error) {
    if (error instanceof TrainingCancelledError) return true;
    throw error;
  }
}

function features(spec: TrainingSpec): FeatureName[] {
  return (spec.data as { features?: FeatureName[] }).features ?? ['x1', 'x2'];
}

/** The model over the input plane (2-D datasets with a flat input only). */
function boundary(trainer: Trainer, spec: TrainingSpec): RunPayload['boundary'] {
  const domain = trainer.data.domain;
  if (!domain || spec.model.input.length !== 1) return undefined;
  const grid = inputGrid(domain, OUTPUT_GRID_RESOLUTION, features(spec));
  const outputs = layerOutputs(spec, trainer.parameters(), grid.inputs, grid.count);
  const last = outputs[outputs.length - 1];
  const width = last.shape[0];
  const output = spec.loss === 'bce_with_logits' ? 'probability' : spec.loss === 'cross_entropy' ? 'class' : 'value';
  const values: (number | null)[][] = [];
  for (let r = 0; r < grid.resolution; r++) {
    const row: (number | null)[] = [];
    for (let c = 0; c < grid.resolution; c++) {
      const i = r * grid.resolution + c;
      if (output === 'probability') row.push(outputNumber(1 / (1 + Math.exp(-last.values[i * width]))));
      else if (output === 'class') {
        let best = 0;
        for (let k = 1; k < width; k++) if (last.values[i * width + k] > last.values[i * width + best]) best = k;
        row.push(best);
      } else row.push(outputNumber(last.values[i * width]));
    }
    values.push(row);
  }
  return { x1: Array.from(grid.x1, (v) => outputNumber(v)!), x2: Array.from(grid.x2, (v) => outputNumber(v)!), values, output };
}

function dataPoints(trainer: Trainer): RunPayload['data'] {
  const { data } = trainer;
  if (!data.domain) return undefined;
  const split = (part: typeof data.train | null) => {
    if (!part?.points || data.targetWidth !== 1) return undefined;
    const picked = spreadIndices(part.count, OUTPUT_DATA_POINTS);
    return {
      x1: picked.map((i) => outputNumber(part.points!.x1[i])!),
      x2: picked.map((i) => outputNumber(part.points!.x2[i])!),
      y: picked.map((i) => outputNumber(part.y[i])!),
    };
  };
  const train = split(data.train);
  const test = split(data.test);
  return { task: data.task, classes: data.classes, ...(train ? { train } : {}), ...(test ? { test } : {}) };
}

/** The history as columns, downsampled to OUTPUT_HISTORY_POINTS (every measured step kept while they fit). */
function historyColumns(history: readonly StepMetrics[], hiddenCount: number): RunPayload['history'] {
  const measured = history.map((h, i) => (h.trainLoss !== undefined ? i : -1)).filter((i) => i >= 0);
  const half = OUTPUT_HISTORY_POINTS / 2;
  const keep = new Set<number>([...spreadIndices(measured.length, half).map((i) => measured[i]), ...spreadIndices(history.length, half)]);
  const picked = [...keep].sort((a, b) => a - b).map((i) => history[i]);
  const column = (read: (h: StepMetrics) => number | undefined) => picked.map((h) => outputNumber(read(h)));
  const hasTest = history.some((h) => h.testAccuracy !== undefined);
  return {
    step: picked.map((h) => h.step),
    loss: column((h) => h.loss),
    trainLoss: column((h) => h.trainLoss),
    accuracy: column((h) => h.accuracy),
    ...(hasTest ? { testLoss: column((h) => h.testLoss), testAccuracy: column((h) => h.testAccuracy) } : {}),
    deadFraction: Array.from({ length: hiddenCount }, (_, layer) => column((h) => h.deadFraction?.[layer])),
  };
}

function hiddenLayerNames(trainer: Trainer): string[] {
  return trainer.hiddenLayers.map((index) => {
    const layer = trainer.layers[index];
    return `${layer.type} ${index + 1}${layer.activation ? ` (${layer.activation})` : ''}`;
  });
}

function finalMetrics(entry: StepMetrics): NonNullable<RunPayload['final']> {
  return {
    loss: outputNumber(entry.loss),
    ...(entry.trainLoss !== undefined ? { trainLoss: outputNumber(entry.trainLoss) } : {}),
    ...(entry.testLoss !== undefined ? { testLoss: outputNumber(entry.testLoss) } : {}),
    ...(entry.accuracy !== undefined ? { accuracy: outputNumber(entry.accuracy) } : {}),
    ...(entry.testAccuracy !== undefined ? { testAccuracy: outputNumber(entry.testAccuracy) } : {}),
    ...(entry.deadFraction ? { deadFraction: entry.deadFraction.map((v) => outputNumber(v)) } : {}),
  };
}

function runPayload(program: TrainProgram, trainer: Trainer, history: readonly StepMetrics[], status: RunPayload['status'], final?: StepMetrics): RunPayload {
  const diverged = trainer.diverged;
  const grid = diverged ? undefined : boundary(trainer, program.spec);
  const data = dataPoints(trainer);
  return {
    version: NOTEBOOK_PAYLOAD_VERSION,
    kind: 'run',
    ...(program.title ? { title: program.title } : {}),
    status,
    spec: program.spec,
    steps: trainer.steps,
    stepsTaken: trainer.stepCount,
    hiddenLayers: hiddenLayerNames(trainer),
    history: historyColumns(history, trainer.hiddenLayers.length),
    ...(final ? { final: finalMetrics(final) } : {}),
    ...(diverged ? { diverged: { step: diverged.step, message: diverged.message } } : {}),
    ...(grid ? { boundary: grid } : {}),
    ...(data ? { data } : {}),
  };
}

async function trainRun(program: TrainProgram, options: RunCellOptions): Promise<RunPayload> {
  const trainer = await createTrainer(program.spec, { backend: options.backend ?? 'cpu' });
  try {
    const history: StepMetrics[] = [];
    const progress = throttle(options);
    progress(() => runPayload(program, trainer, history, 'running'), true);
    const cancelled = await trainToEnd(trainer, history, options, () => progress(() => runPayload(program, trainer, history, 'running')));
    if (trainer.diverged) return runPayload(program, trainer, history, 'diverged');
    return runPayload(program, trainer, history, cancelled ? 'cancelled' : 'finished', await trainer.measure());
  } finally {
    trainer.dispose();
  }
}

type CompareRun = ComparePayload['runs'][number];

/** One comparison run as a curve: training-set loss where measured (batch losses are too noisy to compare). */
function compareRun(label: string, history: readonly StepMetrics[], final: StepMetrics | null, diverged: string | null): CompareRun {
  const measured = history.filter((h) => h.trainLoss !== undefined);
  const series = measured.length > 1 ? measured : history;
  const picked = spreadIndices(series.length, OUTPUT_HISTORY_POINTS / 2).map((i) => series[i]);
  return {
    label,
    steps: picked.map((h) => h.step),
    loss: picked.map((h) => outputNumber(measured.length > 1 ? h.trainLoss : h.loss)),
    finalLoss: outputNumber(final ? (final.trainLoss ?? final.loss) : null),
    ...(final?.accuracy !== undefined ? { accuracy: outputNumber(final.accuracy) } : {}),
    ...(final?.testAccuracy !== undefined ? { testAccuracy: outputNumber(final.testAccuracy) } : {}),
    ...(final?.deadFraction ? { deadFraction: final.deadFraction.map((v) => outputNumber(v)) } : {}),
    diverged,
  };
}

async function compareRuns(program: CompareProgram, options: RunCellOptions): Promise<ComparePayload> {
  const runs: CompareRun[] = [];
  const progress = throttle(options);
  const payload = (status: ComparePayload['status'], extra: CompareRun[] = []): ComparePayload => ({
    version: NOTEBOOK_PAYLOAD_VERSION,
    kind: 'compare',
    ...(program.title ? { title: program.title } : {}),
    status,
    metric: 'training-set loss',
    runs: [...runs, ...extra],
  });
  for (const variant of program.variants) {
    if (options.signal?.aborted) break;
    const trainer = await createTrainer(variant.spec, { backend: options.backend ?? 'cpu' });
    try {
      const history: StepMetrics[] = [];
      const cancelled = await trainToEnd(trainer, history, options, () => progress(() => payload('running', [compareRun(`${variant.label} (training…)`, history, null, null)])));
      if (cancelled) {
        if (history.length) runs.push(compareRun(`${variant.label} (interrupted)`, history, null, null));
        break;
      }
      const final = trainer.diverged ? null : await trainer.measure();
      runs.push(compareRun(variant.label, history, final, trainer.diverged?.message ?? null));
      progress(() => payload('running'), true);
    } finally {
      trainer.dispose();
    }
  }
  if (!runs.length) {
    // Interrupted before the first step: one empty run keeps the output valid and says what happened.
    runs.push({ label: `${program.variants[0].label} (interrupted before its first step)`, steps: [], loss: [], finalLoss: null, diverged: null });
  }
  return payload(options.signal?.aborted ? 'cancelled' : 'finished');
}

async function sweepRuns(program: SweepProgram, options: RunCellOptions): Promise<SweepPayload> {
  const cells: (number | 'diverged' | null)[][] = program.rows.map(() => program.learningRates.map(() => null));
  const progress = throttle(options);
  const payload = (status: SweepPayload['status']): SweepPayload => ({
    version: NOTEBOOK_PAYLOAD_VERSION,
    kind: 'sweep',
    ...(program.title ? { title: program.title } : {}),
    status,
    rows: [...program.rows],
    columns: [...program.learningRates],
    cells: cells.map((row) => [...row]),
  });
  for (const cell of program.cells) {
    if (options.signal?.aborted) break;
    const trainer = await createTrainer(cell.spec, { backend: options.backend ?? 'cpu' });
    try {
      const history: StepMetrics[] = [];
      const cancelled = await trainToEnd(trainer, history, options, () => progress(() => payload('running')));
      if (cancelled) break;
      const final = trainer.diverged ? null : await trainer.measure();
      cells[cell.row][cell.column] = trainer.diverged ? 'diverged' : outputNumber(final!.trainLoss ?? final!.loss);
      progress(() => payload('running'), true);
    } finally {
      trainer.dispose();
    }
  }
  return payload(options.signal?.aborted ? 'cancelled' : 'finished');
}
