// The Training Lab's Worker: trains off the UI thread with the core engine, in short slices so pause and
// step answer at once, and streams history entries plus periodic snapshots (decision boundary, per-unit
// maps, CNN feature maps) computed from the current parameters. Also runs comparisons and sweeps.
import { createTrainer, type ModelParameters, type StepMetrics, type Trainer, type TrainingSpec } from '../../core';
import { inputGrid, layerOutputs } from '../../core/lab';
import type { FeatureName } from '../../core/protocol/spec';
import type { BackendChoice, DataView, PageToWorker, Snapshot, VariantResult, WorkerToPage } from './workerProtocol';

const SLICE_MS = 25;
const SNAPSHOT_EVERY_MS = 200;
const BOUNDARY_RESOLUTION = 48;
const UNIT_RESOLUTION = 20;

let trainer: Trainer | null = null;
let spec: TrainingSpec | null = null;
let running = false;
/** Most steps per second while playing; 0 for no limit. */
let speed = 0;
let loopActive = false;
let cancelled = false;
let lastSnapshotAt = 0;

const post = (message: WorkerToPage) => (self as unknown as { postMessage(m: unknown): void }).postMessage(message);

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates a trainer on the chosen backend; WebGPU that cannot start falls back to the CPU, saying why. */
async function startTrainer(forSpec: TrainingSpec, backend: BackendChoice): Promise<{ trainer: Trainer; backend: string; reason: string }> {
  if (backend === 'cpu') return { trainer: await createTrainer(forSpec, { backend: 'cpu' }), backend: 'cpu', reason: 'CPU chosen' };
  try {
    const created = await createTrainer(forSpec, { backend });
    // A trainer that knows which backend it picked says so; otherwise `auto` is the CPU (this build's rule).
    const info = created as Trainer & { backendName?: string; backendReason?: string };
    const name = info.backendName ?? (backend === 'auto' ? 'cpu' : backend);
    return { trainer: created, backend: name, reason: info.backendReason ?? (backend === 'auto' ? 'auto chose the CPU' : 'WebGPU chosen') };
  } catch (error) {
    return { trainer: await createTrainer(forSpec, { backend: 'cpu' }), backend: 'cpu', reason: `WebGPU unavailable: ${errorText(error)}` };
  }
}

function dataView(t: Trainer): DataView {
  const { data } = t;
  const points = (split: typeof data.train | null) => {
    if (!split?.points) return null;
    const targets = Array.from(split.y);
    return { x1: Array.from(split.points.x1), x2: Array.from(split.points.x2), y: data.targetWidth === 1 ? targets : [] };
  };
  return {
    task: data.task,
    classes: data.classes,
    domain: data.domain ?? null,
    train: points(data.train),
    test: points(data.test),
    trainCount: data.train.count,
    testCount: data.test?.count ?? 0,
  };
}

async function currentParameters(t: Trainer): Promise<ModelParameters> {
  try {
    return t.parameters();
  } catch {
    return t.readParameters();
  }
}

function features(forSpec: TrainingSpec): FeatureName[] {
  const data = forSpec.data as { features?: FeatureName[] };
  return data.features ?? ['x1', 'x2'];
}

/** What the views draw, from the current parameters. */
async function snapshot(t: Trainer, forSpec: TrainingSpec, deadByLayer: number[] | undefined): Promise<Snapshot> {
  const params = await currentParameters(t);
  const domain = t.data.domain;
  let boundary: Snapshot['boundary'] = null;
  const units: Snapshot['units'] = [];
  const featureMaps: Snapshot['featureMaps'] = [];
  if (domain && forSpec.model.input.length === 1) {
    const grid = inputGrid(domain, BOUNDARY_RESOLUTION, features(forSpec));
    const outputs = layerOutputs(forSpec, params, grid.inputs, grid.count);
    const last = outputs[outputs.length - 1];
    const width = last.shape[0];
    const values: number[] = new Array(grid.count);
    for (let i = 0; i < grid.count; i++) {
      if (forSpec.loss === 'bce_with_logits') values[i] = 1 / (1 + Math.exp(-last.values[i * width]));
      else if (forSpec.loss === 'cross_entropy') {
        let best = 0;
        for (let c = 1; c < width; c++) if (last.values[i * width + c] > last.values[i * width + best]) best = c;
        values[i] = best;
      } else values[i] = last.values[i * width];
    }
    boundary = { resolution: grid.resolution, x1: Array.from(grid.x1), x2: Array.from(grid.x2), values };
    const coarse = inputGrid(domain, UNIT_RESOLUTION, features(forSpec));
    const coarseOutputs = layerOutputs(forSpec, params, coarse.inputs, coarse.count);
    t.hiddenLayers.forEach((layerIndex, position) => {
      const output = coarseOutputs[layerIndex];
      if (output.shape.length !== 1) return;
      const count = output.shape[0];
      const maps = Array.from({ length: count }, (_, unit) => Array.from({ length: coarse.count }, (_, i) => output.values[i * count + unit]));
      const deadFraction = deadByLayer?.[position];
      units.push({ layer: layerIndex, resolution: UNIT_RESOLUTION, maps, dead: maps.map((_, unit) => isDeadUnit(t, params, forSpec, layerIndex, unit, deadFraction)) });
    });
  } else if (forSpec.model.input.length === 3) {
    const split = t.data.test ?? t.data.train;
    const size = forSpec.model.input.reduce((a, b) => a * b, 1);
    const image = split.x.subarray(0, size);
    const outputs = layerOutputs(forSpec, params, image, 1);
    forSpec.model.layers.forEach((layer, index) => {
      if (layer.type !== 'conv2d') return;
      featureMaps.push({ layer: index, shape: outputs[index].shape, values: Array.from(outputs[index].values), image: Array.from(image), imageShape: forSpec.model.input });
    });
  }
  return { step: t.stepCount, boundary, units, featureMaps };
}

/** Dead units of a hidden dense layer: output exactly 0 for every training sample (same rule as deadFraction). */
const deadCache = new Map<string, boolean[]>();
function isDeadUnit(t: Trainer, params: ModelParameters, forSpec: TrainingSpec, layerIndex: number, unit: number, deadFraction: number | undefined): boolean {
  if (deadFraction === 0) return false;
  const key = `${t.stepCount}:${layerIndex}`;
  let dead = deadCache.get(key);
  if (!dead) {
    deadCache.clear();
    const outputs = layerOutputs(forSpec, params, t.data.train.x, t.data.train.count)[layerIndex];
    const count = outputs.shape[0];
    dead = Array.from({ length: count }, (_, u) => {
      for (let i = 0; i < t.data.train.count; i++) if (outputs.values[i * count + u] !== 0) return false;
      return true;
    });
    deadCache.set(key, dead);
  }
  return dead[unit];
}

let lastDead: number[] | undefined;

async function progress(entries: StepMetrics[], stepsPerSecond: number, forceSnapshot: boolean): Promise<void> {
  if (!trainer || !spec) return;
  for (const entry of entries) if (entry.deadFraction) lastDead = entry.deadFraction;
  const now = performance.now();
  let shot: Snapshot | null = null;
  if (forceSnapshot || now - lastSnapshotAt > SNAPSHOT_EVERY_MS) {
    shot = await snapshot(trainer, spec, lastDead);
    lastSnapshotAt = performance.now();
  }
  const batch = typeof spec.batchSize === 'number' ? spec.batchSize : trainer.data.train.count;
  post({ type: 'progress', entries, stepsPerSecond, samplesPerSecond: stepsPerSecond * batch, snapshot: shot, running });
  if (trainer.diverged) {
    running = false;
    post({ type: 'diverged', step: trainer.diverged.step, message: trainer.diverged.message });
  }
}

async function loop(): Promise<void> {
  if (loopActive) return;
  loopActive = true;
  try {
    while (running && trainer && !trainer.diverged) {
      const started = performance.now();
      const entries: StepMetrics[] = [];
      // At a set speed, a slice holds the steps that speed allows in SLICE_MS (at least one).
      const budget = speed > 0 ? Math.max(1, Math.round((speed * SLICE_MS) / 1000)) : Infinity;
      while (performance.now() - started < SLICE_MS && entries.length < budget && !trainer.diverged) entries.push(await trainer.step());
      const busy = performance.now() - started;
      const wait = speed > 0 ? Math.max(0, (entries.length * 1000) / speed - busy) : 0;
      await progress(entries, (entries.length * 1000) / Math.max(busy + wait, 1e-3), false);
      // Let pause/step/configure messages in; at a set speed, sleep off the rest of the slice.
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } catch (error) {
    running = false;
    post({ type: 'error', message: errorText(error) });
  } finally {
    loopActive = false;
  }
}

function variantResult(label: string, history: StepMetrics[], final: StepMetrics | null, milliseconds: number, diverged: string | null): VariantResult {
  // Compare on the loss over the whole training set (measured every metricsEvery steps): batch losses
  // are too noisy to tell activations apart. Fall back to batch losses if no step was measured.
  const measured = history.filter((h) => h.trainLoss !== undefined);
  const series = measured.length > 1 ? measured : history;
  const every = Math.max(1, Math.floor(series.length / 400));
  const sampled = series.filter((_, i) => i % every === 0 || i === series.length - 1);
  const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  return {
    label,
    steps: sampled.map((h) => h.step),
    losses: sampled.map((h) => {
      const loss = measured.length > 1 ? h.trainLoss! : h.loss;
      return Number.isFinite(loss) ? loss : NaN;
    }),
    finalLoss: finite(final?.trainLoss ?? final?.loss),
    trainAccuracy: finite(final?.accuracy),
    testAccuracy: finite(final?.testAccuracy),
    deadFraction: final?.deadFraction ?? [],
    firstLayerGradNorm: sampled.map((h) => h.gradNorm[0] ?? NaN),
    milliseconds,
    diverged,
  };
}

async function runToEnd(forSpec: TrainingSpec, backend: BackendChoice): Promise<{ history: StepMetrics[]; final: StepMetrics | null; ms: number; diverged: string | null }> {
  const { trainer: t } = await startTrainer(forSpec, backend);
  try {
    const started = performance.now();
    const history: StepMetrics[] = [];
    while (t.stepCount < t.steps && !t.diverged) {
      if (cancelled) throw new Error('cancelled');
      history.push(...(await t.run(Math.min(50, t.steps - t.stepCount))));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const ms = performance.now() - started;
    const final = t.diverged ? null : await t.measure();
    return { history, final, ms, diverged: t.diverged?.message ?? null };
  } finally {
    t.dispose();
  }
}

async function handle(message: PageToWorker): Promise<void> {
  switch (message.type) {
    case 'configure': {
      running = false;
      while (loopActive) await new Promise((resolve) => setTimeout(resolve, 5));
      trainer?.dispose();
      trainer = null;
      lastDead = undefined;
      deadCache.clear();
      spec = message.spec;
      const started = await startTrainer(message.spec, message.backend);
      trainer = started.trainer;
      const initial = await trainer.measure();
      lastDead = initial.deadFraction;
      post({
        type: 'configured',
        backend: started.backend,
        backendReason: started.reason,
        data: dataView(trainer),
        layers: trainer.layers.map((l) => ({ index: l.index, type: l.type, activation: l.activation, hidden: l.hidden, outputShape: l.outputShape })),
        hiddenLayers: trainer.hiddenLayers,
        parametricLayers: trainer.parametricLayers,
        snapshot: await snapshot(trainer, message.spec, initial.deadFraction),
        initial,
      });
      break;
    }
    case 'play':
      if (!trainer || trainer.diverged) return;
      speed = message.speed;
      running = true;
      void loop();
      break;
    case 'pause':
      running = false;
      break;
    case 'step':
      if (!trainer || trainer.diverged || running) return;
      await progress([await trainer.step()], 0, true);
      break;
    case 'cancel':
      cancelled = true;
      break;
    case 'compare': {
      cancelled = false;
      for (const [index, variant] of message.variants.entries()) {
        if (cancelled) break;
        const run = await runToEnd(variant.spec, message.backend);
        post({ type: 'variantDone', index, result: variantResult(variant.label, run.history, run.final, run.ms, run.diverged) });
      }
      post({ type: 'compareDone' });
      break;
    }
    case 'sweep': {
      cancelled = false;
      for (const cell of message.cells) {
        if (cancelled) break;
        const run = await runToEnd(cell.spec, message.backend);
        const finalLoss = run.final ? (run.final.trainLoss ?? run.final.loss) : null;
        post({ type: 'cellDone', row: cell.row, column: cell.column, finalLoss: finalLoss !== null && Number.isFinite(finalLoss) ? finalLoss : null, diverged: run.diverged });
      }
      post({ type: 'sweepDone' });
      break;
    }
  }
}

let queue = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<PageToWorker>) => {
  const message = event.data;
  // Pause and cancel act at once; everything else runs in order.
  if (message.type === 'pause') running = false;
  if (message.type === 'cancel') cancelled = true;
  queue = queue.then(() => handle(message)).catch((error) => post({ type: 'error', message: errorText(error) }));
});
