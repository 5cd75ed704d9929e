// The Training Lab page: the set-up (persisted for reloads and reported to the extension), the run controls,
// the live views, comparisons and sweeps. Training runs in a Worker so the page never freezes.
import { activations, getActivation, type TrainingSpec } from '../../core';
import { conformSpec, defaultLabSpec, guidedExperiment, guidedExperiments } from '../../core/lab';
import { backendChoices, LAB_SETUP_VERSION, parseExtensionToLabMessage, validateLabSetup, type LabSetup, type LabToExtension } from '../../core/protocol/trainingLab';
import { codicon, h } from '../dom';
import { readTheme, watchTheme, type PlotTheme } from '../theme';
import { vscodeApi } from '../vscodeApi';
import { drawBoundary, drawCompare, drawDiagnostics, drawHistograms, drawLoss, drawSweep, History } from './charts';
import { renderSetup } from './controls';
import { renderUnitMaps } from './unitMaps';
import type { PageToWorker, Snapshot, VariantResult, WorkerToPage } from './workerProtocol';

const api = vscodeApi<LabSetup>();
const $ = (id: string) => document.getElementById(id) as HTMLElement;

let theme: PlotTheme = readTheme();
/** The `activationLab.backend` setting: new set-ups use it, and the set-up follows it while the user has not picked another. */
let defaultBackend: LabSetup['backend'] = (backendChoices as readonly string[]).includes(document.body.dataset.defaultBackend ?? '') ? (document.body.dataset.defaultBackend as LabSetup['backend']) : 'auto';
let setup: LabSetup = initialSetup();
let worker: Worker | null = null;
let running = false;
/** Play was asked for while the worker was (re)configuring: start as soon as it is ready. */
let playWhenConfigured = false;
let configured: Extract<WorkerToPage, { type: 'configured' }> | null = null;
let snapshot: Snapshot | null = null;
let diverged: string | null = null;
let stepCount = 0;
let speeds = { steps: 0, samples: 0 };
const history = new History();
let compareResults: (VariantResult | undefined)[] = [];
let compareLogGrad = false;
let sweep: { rows: string[]; columns: string[]; cells: (number | null | 'diverged')[][] } | null = null;
let backendReason = '';

function post(message: LabToExtension): void {
  api.postMessage(message);
}

function initialSetup(): LabSetup {
  const saved = api.getState();
  if (saved !== undefined) {
    const result = validateLabSetup(saved);
    if (result.ok) return result.value;
  }
  return { version: LAB_SETUP_VERSION, spec: defaultLabSpec(), backend: defaultBackend, view: 'train', experiment: null, speed: 100 };
}

function report(message: string): void {
  const status = $('lab-status');
  status.textContent = message;
  status.classList.add('error');
  post({ type: 'error', message: message.slice(0, 2000) });
}

function toWorker(message: PageToWorker): void {
  worker?.postMessage(message);
}

/** Starts the Worker from the extension's bundle (fetched and run from a blob: same-origin for workers). */
async function startWorker(): Promise<void> {
  const url = document.body.dataset.workerUrl;
  if (!url) throw new Error('the page has no worker URL');
  const source = await (await fetch(url)).text();
  worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  worker.addEventListener('message', (event: MessageEvent<WorkerToPage>) => onWorker(event.data));
  worker.addEventListener('error', (event) => report(`Training worker failed: ${event.message}`));
}

function layerName(index: number): string {
  const layer = configured?.layers.find((l) => l.index === index);
  if (!layer) return `layer ${index + 1}`;
  return `${layer.type} ${index + 1}${layer.activation ? ` (${layer.activation})` : ''}`;
}

function reportRunState(): void {
  const last = history.last;
  post({
    type: 'runState',
    running,
    step: stepCount,
    backend: configured?.backend ?? 'none',
    backendReason: backendReason.slice(0, 500),
    testAccuracy: last?.testAccuracy ?? null,
    loss: history.loss.length ? history.loss[history.loss.length - 1] : null,
    diverged: diverged ? diverged.slice(0, 1000) : null,
  });
}

function onWorker(message: WorkerToPage): void {
  switch (message.type) {
    case 'configured':
      configured = message;
      backendReason = `Running on ${message.backend}: ${message.backendReason}`;
      history.clear();
      history.add([message.initial]);
      snapshot = message.snapshot;
      stepCount = 0;
      diverged = null;
      renderAll();
      reportRunState();
      if (playWhenConfigured) {
        playWhenConfigured = false;
        controls.play();
      }
      break;
    case 'progress':
      history.add(message.entries);
      stepCount = message.entries.length ? message.entries[message.entries.length - 1].step + 1 : stepCount;
      if (message.stepsPerSecond > 0) speeds = { steps: message.stepsPerSecond, samples: message.samplesPerSecond };
      if (message.snapshot) snapshot = message.snapshot;
      running = message.running && running;
      scheduleViews();
      reportRunState();
      break;
    case 'diverged':
      running = false;
      diverged = `Diverged at step ${message.step}: ${message.message}`;
      scheduleViews();
      reportRunState();
      break;
    case 'variantDone':
      compareResults[message.index] = message.result;
      renderCompareView();
      break;
    case 'compareDone':
      $('compare-status').textContent = `Done: ${compareResults.filter(Boolean).length} runs.`;
      document.body.dataset.compareDone = String(Number(document.body.dataset.compareDone ?? 0) + 1);
      break;
    case 'cellDone':
      if (sweep) sweep.cells[message.row][message.column] = message.diverged ? 'diverged' : message.finalLoss;
      renderSweepView();
      break;
    case 'sweepDone':
      $('sweep-status').textContent = 'Sweep done.';
      document.body.dataset.sweepDone = String(Number(document.body.dataset.sweepDone ?? 0) + 1);
      break;
    case 'error':
      running = false;
      report(`Training stopped: ${message.message}`);
      renderToolbar();
      break;
  }
}

let viewsScheduled = false;
function scheduleViews(): void {
  if (viewsScheduled) return;
  viewsScheduled = true;
  requestAnimationFrame(() => {
    viewsScheduled = false;
    renderToolbar();
    renderTrainViews();
  });
}

/** Applies a set-up from the controls; reconfigures the worker when the spec or backend changed. */
function applySetup(next: LabSetup, reconfigure = true): string | undefined {
  const result = validateLabSetup(next);
  if (!result.ok) return result.error;
  const specChanged = JSON.stringify(next.spec) !== JSON.stringify(setup.spec) || next.backend !== setup.backend;
  const speedChanged = next.speed !== setup.speed;
  setup = result.value;
  api.setState(setup);
  post({ type: 'setupChanged', setup });
  if (specChanged && reconfigure) configure();
  else if (speedChanged && running) toWorker({ type: 'play', speed: setup.speed });
  renderAll();
  return undefined;
}

function configure(): void {
  running = false;
  configured = null;
  toWorker({ type: 'configure', spec: setup.spec, backend: setup.backend });
}

function toolbarButton(icon: string, text: string, label: string, onClick: () => void, attributes: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'text-button', title: label, 'aria-label': label, ...attributes }, codicon(icon), text ? ` ${text}` : '');
  b.addEventListener('click', onClick);
  return b;
}

const controls = {
  play() {
    if (!configured) {
      playWhenConfigured = true;
      return;
    }
    if (diverged) return;
    running = true;
    toWorker({ type: 'play', speed: setup.speed });
    renderToolbar();
    reportRunState();
  },
  pause() {
    playWhenConfigured = false;
    running = false;
    toWorker({ type: 'pause' });
    renderToolbar();
    reportRunState();
  },
  step() {
    if (!running) toWorker({ type: 'step' });
  },
  reset() {
    configure();
  },
};

/** The toolbar's controls, built once (a button replaced while it is pressed loses the click and focus). */
let toolbar: { playPause: HTMLButtonElement; stats: Record<string, HTMLElement> } | null = null;

function buildToolbar(): void {
  const stats = Object.fromEntries(['step', 'loss', 'train-accuracy', 'test-accuracy', 'speed'].map((name) => [name, h('span', { 'data-stat': name })]));
  const playPause = toolbarButton('play', 'Play', 'Train continuously', () => (running ? controls.pause() : controls.play()), { 'data-action': 'play' });
  $('lab-toolbar').replaceChildren(
    playPause,
    toolbarButton('debug-step-over', 'Step', 'One training step', controls.step, { 'data-action': 'step' }),
    toolbarButton('debug-restart', 'Reset', 'Start again from the initial weights', controls.reset, { 'data-action': 'reset' }),
    h('span', { class: 'stats', role: 'status', 'aria-live': 'off' }, ...Object.values(stats)),
    h(
      'span',
      { class: 'file-actions' },
      toolbarButton('save', '', 'Save set-up as .actlab.json', () => post({ type: 'saveSpec' })),
      toolbarButton('folder-opened', '', 'Load set-up from .actlab.json', () => post({ type: 'loadSpec' })),
      toolbarButton('code', 'PyTorch', 'Export as a runnable PyTorch script', () => post({ type: 'exportPytorch' })),
      toolbarButton('export', 'History', 'Export the run history as CSV', () => post({ type: 'exportHistory', format: 'csv', content: historyCsv() })),
      toolbarButton('json', '', 'Export the run history as JSON', () => post({ type: 'exportHistory', format: 'json', content: JSON.stringify({ spec: setup.spec, history: history.measured }) })),
    ),
  );
  toolbar = { playPause, stats };
}

/** Updates the toolbar in place: the play/pause button's state and the live numbers. */
function renderToolbar(): void {
  if (!toolbar) buildToolbar();
  const { playPause, stats } = toolbar!;
  const wanted = running ? 'pause' : 'play';
  if (playPause.dataset.action !== wanted) {
    playPause.dataset.action = wanted;
    playPause.title = running ? 'Pause training' : 'Train continuously';
    playPause.setAttribute('aria-label', playPause.title);
    playPause.replaceChildren(codicon(running ? 'debug-pause' : 'play'), running ? ' Pause' : ' Play');
  }
  const last = history.last;
  const percent = (v: number | undefined) => (v === undefined ? '—' : `${(100 * v).toFixed(1)} %`);
  stats.step.textContent = `step ${stepCount}`;
  stats.loss.textContent = `loss ${history.loss.length ? history.loss[history.loss.length - 1].toPrecision(4) : '—'}`;
  stats['train-accuracy'].textContent = `train ${percent(last?.accuracy)}`;
  stats['test-accuracy'].textContent = `test ${percent(last?.testAccuracy)}`;
  stats.speed.textContent = `${Math.round(speeds.steps)} steps/s · ${Math.round(speeds.samples)} samples/s`;
  const banner = $('lab-diverged');
  banner.hidden = !diverged;
  banner.textContent = diverged ?? '';
}

function historyCsv(): string {
  const rows = ['step,loss,train_loss,test_loss,train_accuracy,test_accuracy,dead_fraction,sparsity,grad_norm'];
  const byStep = new Map(history.measured.map((e) => [e.step, e]));
  history.steps.forEach((step, i) => {
    const m = byStep.get(step);
    const list = (v: number[] | undefined) => (v ? `"${v.join(' ')}"` : '');
    rows.push([step, history.loss[i], m?.trainLoss ?? '', m?.testLoss ?? '', m?.accuracy ?? '', m?.testAccuracy ?? '', list(m?.deadFraction), list(m?.sparsity), list(m?.gradNorm)].join(','));
  });
  return `${rows.join('\n')}\n`;
}

function renderTrainViews(): void {
  if (!configured || setup.view !== 'train') return;
  drawLoss($('chart-loss'), history, theme);
  const hiddenNames = configured.hiddenLayers.map(layerName);
  const parametricNames = configured.parametricLayers.map(layerName);
  drawDiagnostics({ dead: $('chart-dead'), grad: $('chart-grad'), sparsity: $('chart-sparsity') }, history, { hidden: hiddenNames, parametric: parametricNames }, theme);
  drawHistograms($('chart-histogram'), history.last, new Map(configured.layers.map((l) => [l.index, layerName(l.index)])), theme);
  const boundaryElement = $('chart-boundary');
  boundaryElement.hidden = !snapshot?.boundary;
  if (snapshot?.boundary) drawBoundary(boundaryElement, configured.data, snapshot, theme, configured.data.task === 'classification', configured.data.classes);
  if (snapshot) renderUnitMaps($('unit-maps'), snapshot, layerName);
}

function renderExperimentPanel(): void {
  const select = h('select', { id: 'experiment-select', 'aria-label': 'Guided experiment' }, h('option', { value: '' }, 'Guided experiments…'), ...guidedExperiments.map((e) => h('option', { value: e.id, selected: e.id === setup.experiment }, e.title)));
  select.addEventListener('change', () => select.value && runExperiment(select.value));
  const experiment = setup.experiment ? guidedExperiment(setup.experiment) : null;
  $('lab-experiment').replaceChildren(
    select,
    experiment ? h('div', { class: 'experiment-note' }, h('strong', {}, experiment.title), h('p', {}, experiment.claim), h('p', {}, h('strong', {}, 'Look for: '), experiment.lookFor)) : h('span', { class: 'muted' }, 'Pick one to reproduce a claim about ReLU and its relatives.'),
  );
}

function runExperiment(id: string): void {
  const experiment = guidedExperiment(id);
  const next: LabSetup = { ...setup, spec: experiment.spec, experiment: id, view: experiment.mode === 'compare' ? 'compare' : 'train' };
  const problem = applySetup(next);
  if (problem) return report(problem);
  if (experiment.mode === 'compare' && experiment.variants) startCompare(experiment.variants.map((v) => ({ label: v.label, spec: v.spec })), id === 'vanishing-gradients' || id === 'initialisation');
  else controls.play();
}

function startCompare(variants: { label: string; spec: TrainingSpec }[], logGrad: boolean): void {
  compareResults = variants.map(() => undefined);
  compareLogGrad = logGrad;
  $('compare-status').textContent = `Running ${variants.length} networks from the same seed…`;
  renderCompareView();
  toWorker({ type: 'compare', variants, backend: setup.backend });
}

/** The label column of an imported CSV: a column named label/class/target/y, else the last one. */
function defaultLabelColumn(csv: string): string | number {
  const header = (csv.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  return header.find((h) => /^(label|labels|class|target|y)$/i.test(h)) ?? Math.max(0, header.length - 1);
}

function withActivation(spec: TrainingSpec, activation: string): TrainingSpec {
  const layers = spec.model.layers;
  return { ...spec, model: { ...spec.model, layers: layers.map((l, i) => ((l.type === 'dense' || l.type === 'conv2d') && i < layers.length - 1 && l.activation !== undefined ? { ...l, activation } : l)) } };
}

function renderCompareView(): void {
  const table = h(
    'table',
    { class: 'compare-table', id: 'compare-results', 'aria-label': 'Comparison results' },
    h('thead', {}, h('tr', {}, ...['Network', 'Final loss', 'Train accuracy', 'Test accuracy', 'Time', 'Dead units (per layer)', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...compareResults.map((r, i) =>
        r
          ? h('tr', { 'data-variant': r.label }, h('th', { scope: 'row' }, r.label), h('td', {}, r.finalLoss?.toPrecision(4) ?? '—'), h('td', {}, r.trainAccuracy === null ? '—' : `${(100 * r.trainAccuracy).toFixed(1)} %`), h('td', {}, r.testAccuracy === null ? '—' : `${(100 * r.testAccuracy).toFixed(1)} %`), h('td', {}, `${Math.round(r.milliseconds)} ms`), h('td', {}, r.deadFraction.map((d) => `${Math.round(100 * d)} %`).join(' · ') || '—'), h('td', {}, r.diverged ? `diverged: ${r.diverged}` : 'ok'))
          : h('tr', {}, h('th', { scope: 'row' }, `#${i + 1}`), h('td', { colspan: 6 }, 'running…')),
      ),
    ),
  );
  $('compare-table').replaceChildren(table);
  if (compareResults.some(Boolean)) drawCompare($('chart-compare'), compareResults, theme, compareLogGrad);
}

function renderCompareControls(): void {
  const chosen = new Set(['relu', 'leaky_relu', 'elu', 'silu']);
  const boxes = activations.map((a) => {
    const id = `compare-${a.id}`;
    const box = h('input', { type: 'checkbox', id, checked: chosen.has(a.id), value: a.id });
    return h('span', { class: 'feature' }, box, h('label', { for: id }, a.name));
  });
  const run = toolbarButton('play', 'Compare', 'Train the current network once per selected activation, from the same seed and initial weights', () => {
    const ids = boxes.map((b) => b.querySelector('input') as HTMLInputElement).filter((b) => b.checked).map((b) => b.value);
    if (ids.length < 2) return void ($('compare-status').textContent = 'Select at least two activations to compare.');
    startCompare(ids.map((id) => ({ label: getActivation(id).name, spec: withActivation(setup.spec, id) })), false);
  }, { 'data-action': 'compare' });
  $('compare-controls').replaceChildren(h('fieldset', { class: 'lab-group' }, h('legend', {}, 'Activations to compare (same seed, same initial weights)'), h('div', { class: 'feature-list' }, ...boxes)), run);
}

function renderSweepControls(): void {
  const lrInput = h('input', { type: 'text', id: 'sweep-lrs', value: '0.001, 0.01, 0.1, 1, 10', 'aria-describedby': 'sweep-error' });
  const batchInput = h('input', { type: 'text', id: 'sweep-batches', value: '', placeholder: 'e.g. 8, 64 (optional)', 'aria-describedby': 'sweep-error' });
  const actInput = h('input', { type: 'text', id: 'sweep-activations', value: 'relu, leaky_relu, elu, tanh, sigmoid', 'aria-describedby': 'sweep-error' });
  const error = h('span', { class: 'field-error', role: 'alert', id: 'sweep-error' });
  const run = toolbarButton('play', 'Sweep', 'Train every learning rate × activation (× batch size) cell', () => {
    const tokens = (text: string) => text.split(',').map((t) => t.trim()).filter(Boolean);
    const numbers = (text: string) => tokens(text).map(Number);
    const lrs = numbers(lrInput.value);
    const batches = numbers(batchInput.value);
    let ids: string[];
    try {
      ids = actInput.value.split(',').map((t) => t.trim()).filter(Boolean).map((n) => getActivation(n).id);
    } catch (e) {
      error.textContent = (e as Error).message;
      return;
    }
    if (!lrs.length || lrs.some((v) => !(v > 0) || !Number.isFinite(v))) return void (error.textContent = 'learning rates must be positive numbers, separated by commas');
    if (batches.some((v) => !Number.isInteger(v) || v < 1)) return void (error.textContent = 'batch sizes must be whole numbers ≥ 1');
    if (!ids.length) return void (error.textContent = 'name at least one activation');
    error.textContent = '';
    const batchList = batches.length ? batches : [null];
    const rows = ids.flatMap((id) => batchList.map((b) => `${getActivation(id).name}${b === null ? '' : `, batch ${b}`}`));
    // Columns are labelled as the user wrote the rates ("1e-3", not "0.001").
    sweep = { rows, columns: tokens(lrInput.value), cells: rows.map(() => lrs.map(() => null)) };
    const cells = ids.flatMap((id, a) =>
      batchList.flatMap((b, bi) =>
        lrs.map((lr, column) => ({ row: a * batchList.length + bi, column, spec: { ...withActivation(setup.spec, id), optimizer: { ...setup.spec.optimizer, lr }, ...(b === null ? {} : { batchSize: b }) } as TrainingSpec })),
      ),
    );
    $('sweep-status').textContent = `Training ${cells.length} networks…`;
    renderSweepView();
    toWorker({ type: 'sweep', cells, backend: setup.backend });
  }, { 'data-action': 'sweep' });
  const label = (id: string, text: string) => h('label', { for: id }, text);
  $('sweep-controls').replaceChildren(h('fieldset', { class: 'lab-group sweep-fields' }, h('legend', {}, 'Sweep (each cell trains the set-up’s steps)'), label('sweep-lrs', 'Learning rates'), lrInput, label('sweep-activations', 'Activations'), actInput, label('sweep-batches', 'Batch sizes'), batchInput, error), run);
}

function renderSweepView(): void {
  if (sweep) drawSweep($('chart-sweep'), sweep.rows, sweep.columns, sweep.cells, theme);
}

function renderTabs(): void {
  for (const view of ['train', 'compare', 'sweep'] as const) {
    const tab = $(`tab-${view}`);
    tab.setAttribute('aria-selected', String(setup.view === view));
    $(`panel-${view}`).hidden = setup.view !== view;
  }
}

function renderAll(): void {
  renderTabs();
  renderExperimentPanel();
  renderSetup($('lab-setup'), { setup: () => setup, change: (next) => applySetup(next), importCsv: () => post({ type: 'importCsv' }) }, backendReason);
  renderToolbar();
  if (setup.view === 'train') renderTrainViews();
  if (setup.view === 'compare') renderCompareView();
  if (setup.view === 'sweep') renderSweepView();
}

for (const view of ['train', 'compare', 'sweep'] as const) {
  $(`tab-${view}`).addEventListener('click', () => applySetup({ ...setup, view }, false));
}

window.addEventListener('message', (event: MessageEvent) => {
  const result = parseExtensionToLabMessage(event.data);
  if (!result.ok) return report(result.error);
  const message = result.value;
  if (message.type === 'setSetup') {
    const checked = validateLabSetup(message.setup);
    if (checked.ok) applySetup(checked.value);
  } else if (message.type === 'csvImported') {
    let problem: string | undefined;
    try {
      const data = { csv: message.csv, labelColumn: defaultLabelColumn(message.csv), testFraction: 0.2 };
      problem = applySetup({ ...setup, experiment: null, spec: conformSpec({ ...setup.spec, data }) });
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem) report(`${message.fileName}: ${problem.replace(/^invalid Training Lab set-up: /, '')}`);
  } else if (message.type === 'runExperiment') {
    runExperiment(message.id);
  } else if (message.type === 'control') {
    controls[message.action]();
  } else if (message.type === 'defaults') {
    // Follow the new default unless the user picked a backend here. A fresh network is rebuilt on it at once;
    // one that has trained keeps its steps, and the next configuration (Reset, a new set-up, an experiment) uses it.
    const follows = setup.backend === defaultBackend;
    defaultBackend = message.backend;
    if (follows && setup.backend !== message.backend) applySetup({ ...setup, backend: message.backend }, !running && stepCount === 0);
  }
});

watchTheme((next) => {
  theme = next;
  renderAll();
});

renderCompareControls();
renderSweepControls();
startWorker()
  .then(() => {
    renderAll();
    configure();
    post({ type: 'ready' });
    post({ type: 'setupChanged', setup });
  })
  .catch((error) => report(`Could not start the training worker: ${error instanceof Error ? error.message : String(error)}`));
