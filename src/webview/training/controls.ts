// The Training Lab's set-up controls: data, features, architecture (hidden layers with any catalog
// activation and its parameters), loss/optimizer/learning rate/batch/init/regularisation/seed, backend.
// Every change is validated as a whole spec; an invalid value is refused at its control with the reason.
import { activations, getActivation, validateSpec, DATASET_NAMES, type TrainingSpec } from '../../core';
import { conformSpec } from '../../core/lab';
import type { ActivationSpec, DenseLayerSpec, FeatureName, GeneratedDataSpec, InitName, LayerSpec } from '../../core/protocol/spec';
import type { LabSetup } from '../../core/protocol/trainingLab';
import { codicon, h } from '../dom';

export interface SetupActions {
  setup(): LabSetup;
  /** Applies a new set-up; returns the error (shown at the control) if it is invalid. */
  change(next: LabSetup): string | undefined;
  importCsv(): void;
}

export const MAX_HIDDEN_LAYERS = 8;
export const MAX_UNITS = 64;
const FEATURES: readonly FeatureName[] = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
const FEATURE_LABELS: Record<FeatureName, string> = { x1: 'x₁', x2: 'x₂', 'x1^2': 'x₁²', 'x2^2': 'x₂²', 'x1*x2': 'x₁x₂', 'sin(x1)': 'sin x₁', 'sin(x2)': 'sin x₂' };
const INITS: readonly InitName[] = ['pytorch', 'he_normal', 'he_uniform', 'xavier_normal', 'xavier_uniform', 'lecun_normal', 'lecun_uniform', 'zeros'];

let counter = 0;
const uid = (p: string) => `${p}-${++counter}`;

/** A labelled control with an error line; `onValue` returns an error to show, or undefined. */
function field(label: string, control: HTMLInputElement | HTMLSelectElement, onValue: (raw: string) => string | undefined, hint?: string): HTMLElement {
  const id = control.id || uid('field');
  control.id = id;
  const error = h('span', { class: 'field-error', role: 'alert', id: `${id}-error` });
  control.setAttribute('aria-describedby', `${id}-error`);
  control.addEventListener('change', () => {
    const problem = onValue(control.value);
    error.textContent = problem ?? '';
    if (problem) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  });
  return h('div', { class: 'lab-field' }, h('label', { for: id, title: hint }, label), control, error);
}

/**
 * A text box for a number: what the user typed stays visible and is checked by `parseNumber`, so a typo
 * ("0.1.", "fast") is refused with a message quoting it (a type=number input would silently blank it).
 */
function numberInput(value: number | undefined, attributes: Record<string, string | number> = {}): HTMLInputElement {
  const { min: _min, max: _max, step: _step, ...rest } = attributes;
  return h('input', { type: 'text', inputmode: 'decimal', class: 'number', value: value === undefined ? '' : String(value), spellcheck: 'false', ...rest });
}

function select(options: readonly (readonly [string, string])[], value: string): HTMLSelectElement {
  return h('select', {}, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** Parses a number from a control, with the field's rule; returns [value] or an error. */
export function parseNumber(raw: string, what: string, rule: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {}): number | string {
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) return `${what} must be a number (got "${raw}")`;
  if (rule.integer && !Number.isInteger(value)) return `${what} must be a whole number (got ${value})`;
  if (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) return `${what} must be ${rule.exclusiveMin ? 'greater than' : 'at least'} ${rule.min} (got ${value})`;
  if (rule.max !== undefined && value > rule.max) return `${what} must be at most ${rule.max} (got ${value})`;
  return value;
}

function hiddenLayers(spec: TrainingSpec): DenseLayerSpec[] {
  const dense = spec.model.layers.filter((l): l is DenseLayerSpec => l.type === 'dense');
  return dense.slice(0, -1);
}

function withHidden(spec: TrainingSpec, hidden: DenseLayerSpec[]): TrainingSpec {
  const layers = spec.model.layers;
  const output = layers[layers.length - 1];
  const prefix = layers.filter((l) => l.type !== 'dense');
  return { ...spec, model: { ...spec.model, layers: [...prefix, ...hidden, output] as LayerSpec[] } };
}

function activationName(a: ActivationSpec | undefined): string {
  return a === undefined ? 'identity' : typeof a === 'string' ? getActivation(a).id : getActivation(a.name).id;
}

function activationParams(a: ActivationSpec | undefined): Record<string, number | string> {
  if (a === undefined || typeof a === 'string') return {};
  const { name: _name, ...rest } = a;
  return rest;
}

export function renderSetup(container: HTMLElement, actions: SetupActions, backendReason: string): void {
  const setup = actions.setup();
  const spec = setup.spec;
  const changeSpec = (build: (s: TrainingSpec) => TrainingSpec): string | undefined => {
    let next: TrainingSpec;
    try {
      next = conformSpec(build(actions.setup().spec));
      validateSpec(next);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    return actions.change({ ...actions.setup(), spec: next, experiment: null });
  };
  const data = spec.data as GeneratedDataSpec & { csv?: string; labelColumn?: string | number };
  const isCsv = typeof data.csv === 'string';
  const generated = !isCsv && 'name' in data;

  // Data
  const datasetSelect = select([...DATASET_NAMES.map((n) => [n, n.replace(/_/g, ' ')] as const), ...(isCsv ? [['__csv', 'CSV file'] as const] : [])], isCsv ? '__csv' : data.name);
  const dataSection = h(
    'fieldset',
    { class: 'lab-group' },
    h('legend', {}, 'Data'),
    field('Dataset', datasetSelect, (value) => {
      if (value === '__csv') return undefined;
      const base = { name: value as GeneratedDataSpec['name'], testFraction: 0.5, ...(value === 'digits' ? {} : { samples: 500, noise: 0.05, features: ['x1', 'x2'] as FeatureName[] }) };
      return changeSpec((s) => ({ ...s, data: base }));
    }),
    generated && data.name !== 'digits'
      ? field('Samples', numberInput(data.samples ?? 500, { min: 10, max: 5000 }), (raw) => {
          const v = parseNumber(raw, 'samples', { min: 10, max: 5000, integer: true });
          return typeof v === 'string' ? v : changeSpec((s) => ({ ...s, data: { ...(s.data as GeneratedDataSpec), samples: v } }));
        })
      : null,
    generated && data.name !== 'digits'
      ? field('Noise', numberInput(data.noise ?? 0, { min: 0, max: 1, step: 0.05 }), (raw) => {
          const v = parseNumber(raw, 'noise', { min: 0, max: 1 });
          return typeof v === 'string' ? v : changeSpec((s) => ({ ...s, data: { ...(s.data as GeneratedDataSpec), noise: v } }));
        })
      : null,
    field('Test fraction', numberInput(data.testFraction ?? (isCsv ? 0 : 0.5), { min: 0, max: 0.9, step: 0.05 }), (raw) => {
      const v = parseNumber(raw, 'test fraction', { min: 0, max: 0.9 });
      return typeof v === 'string' ? v : changeSpec((s) => ({ ...s, data: { ...s.data, testFraction: v } as TrainingSpec['data'] }));
    }),
    h(
      'div',
      { class: 'lab-buttons' },
      generated ? button('refresh', 'Regenerate', 'New random data (next data seed)', () => changeSpec((s) => ({ ...s, data: { ...(s.data as GeneratedDataSpec), seed: ((s.data as GeneratedDataSpec).seed ?? s.seed ?? 0) + 1 } }))) : null,
      button('folder-opened', 'Import CSV…', 'Train on a CSV file from the workspace (header row, one label column)', () => actions.importCsv()),
    ),
    isCsv
      ? (() => {
          const header = (data.csv!.split(/\r?\n/, 1)[0] ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
          const current = typeof data.labelColumn === 'number' ? header[data.labelColumn] : data.labelColumn;
          return field('Label column', select(header.map((c) => [c, c] as const), current ?? ''), (value) =>
            changeSpec((s) => ({ ...s, data: { ...(s.data as object), labelColumn: value } as TrainingSpec['data'] })), 'The column that holds the label; every other column is an input feature');
        })()
      : null,
  );

  // Features (2-D datasets)
  const featureSection = generated && data.name !== 'digits'
    ? h(
        'fieldset',
        { class: 'lab-group features' },
        h('legend', {}, 'Input features'),
        ...FEATURES.map((feature) => {
          const id = uid('feature');
          const checked = (data.features ?? ['x1', 'x2']).includes(feature);
          const box = h('input', { type: 'checkbox', id, checked, 'data-feature': feature });
          const error = h('span', { class: 'field-error', role: 'alert' });
          box.addEventListener('change', () => {
            const current = ((actions.setup().spec.data as GeneratedDataSpec).features ?? ['x1', 'x2']).filter((f) => f !== feature);
            const next = box.checked ? FEATURES.filter((f) => f === feature || current.includes(f)) : current;
            if (next.length === 0) {
              box.checked = true;
              error.textContent = 'keep at least one input feature';
              return;
            }
            error.textContent = changeSpec((s) => ({ ...s, data: { ...(s.data as GeneratedDataSpec), features: next } })) ?? '';
          });
          return h('span', { class: 'feature' }, box, h('label', { for: id }, FEATURE_LABELS[feature]), error);
        }),
      )
    : null;

  // Network
  const hidden = hiddenLayers(spec);
  const layerRows = hidden.map((layer, index) => {
    const activation = activationName(layer.activation);
    const params = activationParams(layer.activation);
    const record = getActivation(activation);
    const setLayer = (update: (l: DenseLayerSpec) => DenseLayerSpec) =>
      changeSpec((s) => withHidden(s, hiddenLayers(s).map((l, i) => (i === index ? update(l) : l))));
    const paramFields = record.params
      .filter((p) => !p.learnable && (typeof p.default === 'number' || p.options))
      .map((p) => {
        const value = params[p.name] ?? p.default;
        const control = p.options ? select(p.options.map((o) => [o, o] as const), String(value)) : numberInput(Number(value), { step: 'any' });
        return field(p.name, control, (raw) => {
          const v = p.options ? raw : parseNumber(raw, p.name);
          if (typeof v === 'string' && !p.options) return v;
          return setLayer((l) => ({ ...l, activation: { name: activation, ...activationParams(l.activation), [p.name]: v } }));
        }, p.description);
      });
    return h(
      'div',
      { class: 'lab-layer', 'data-layer-index': index },
      h('span', { class: 'layer-title' }, `Hidden layer ${index + 1}`),
      field('Units', numberInput(layer.units, { min: 1, max: MAX_UNITS, step: 1, 'data-units': index }), (raw) => {
        const v = parseNumber(raw, 'units', { min: 1, max: MAX_UNITS, integer: true });
        return typeof v === 'string' ? v : setLayer((l) => ({ ...l, units: v }));
      }),
      field('Activation', withAttribute(select(activations.map((a) => [a.id, a.name] as const), activation), 'data-activation', String(index)), (raw) => setLayer((l) => ({ ...l, activation: raw }))),
      ...paramFields,
      hidden.length > 0 ? iconButton('trash', `Remove hidden layer ${index + 1}`, () => changeSpec((s) => withHidden(s, hiddenLayers(s).filter((_, i) => i !== index)))) : null,
    );
  });
  const addLayer = button('add', 'Add layer', `Add a hidden layer (up to ${MAX_HIDDEN_LAYERS})`, () => {
    const last = hidden[hidden.length - 1];
    changeSpec((s) => withHidden(s, [...hiddenLayers(s), { type: 'dense', units: last?.units ?? 8, activation: last?.activation ?? 'relu' }]));
  });
  addLayer.disabled = hidden.length >= MAX_HIDDEN_LAYERS;
  const networkSection = h('fieldset', { class: 'lab-group' }, h('legend', {}, `Network (${hidden.length} hidden layer${hidden.length === 1 ? '' : 's'})`), ...layerRows, addLayer);

  // Training
  const optimizer = spec.optimizer;
  const optimizerKind = optimizer.type === 'adam' ? 'adam' : (optimizer.momentum ?? 0) > 0 ? 'momentum' : 'sgd';
  const regularization = (spec as { regularization?: { type: 'l1' | 'l2'; lambda: number } }).regularization;
  const trainingSection = h(
    'fieldset',
    { class: 'lab-group' },
    h('legend', {}, 'Training'),
    h('div', { class: 'lab-field' }, h('span', {}, 'Loss'), h('code', { class: 'readonly', title: 'Follows the data: BCE with logits (2 classes), cross-entropy (more), MSE (regression)' }, spec.loss)),
    field('Optimizer', select([['sgd', 'SGD'], ['momentum', 'SGD + momentum 0.9'], ['adam', 'Adam']], optimizerKind), (raw) =>
      changeSpec((s) => ({ ...s, optimizer: raw === 'adam' ? { type: 'adam', lr: s.optimizer.lr ?? 0.01 } : { type: 'sgd', lr: s.optimizer.lr ?? 0.1, momentum: raw === 'momentum' ? 0.9 : 0 } })),
    ),
    field('Learning rate', numberInput(optimizer.lr, { min: 0, 'data-lr': '' }), (raw) => {
      const v = parseNumber(raw, 'learning rate', { min: 0, exclusiveMin: true });
      return typeof v === 'string' ? v : changeSpec((s) => ({ ...s, optimizer: { ...s.optimizer, lr: v } }));
    }),
    field('Batch size', numberInput(typeof spec.batchSize === 'number' ? spec.batchSize : undefined, { min: 1, step: 1 }), (raw) => {
      const v = parseNumber(raw, 'batch size', { min: 1, integer: true });
      return typeof v === 'string' ? v : changeSpec((s) => ({ ...s, batchSize: v }));
    }),
    field('Initialisation', select(INITS.map((i) => [i, i.replace(/_/g, ' ')] as const), spec.init ?? 'pytorch'), (raw) => changeSpec((s) => ({ ...s, init: raw as InitName }))),
    field('Regularisation', select([['none', 'none'], ['l1', 'L1'], ['l2', 'L2']], regularization?.type ?? 'none'), (raw) =>
      changeSpec((s) => {
        const { regularization: _old, ...rest } = s as TrainingSpec & { regularization?: unknown };
        return raw === 'none' ? (rest as TrainingSpec) : ({ ...rest, regularization: { type: raw as 'l1' | 'l2', lambda: regularization?.lambda ?? 0.001 } } as TrainingSpec);
      }),
    ),
    regularization
      ? field('Regularisation rate', numberInput(regularization.lambda, { min: 0 }), (raw) => {
          const v = parseNumber(raw, 'regularisation rate', { min: 0 });
          return typeof v === 'string' ? v : changeSpec((s) => ({ ...s, regularization: { ...regularization, lambda: v } }) as TrainingSpec);
        })
      : null,
    field('Seed', numberInput(spec.seed ?? 0, { step: 1, min: 0 }), (raw) => {
      const v = parseNumber(raw, 'seed', { min: 0, integer: true });
      return typeof v === 'string' ? v : changeSpec((s) => ({ ...s, seed: v }));
    }),
    field('Steps (compare, sweep)', numberInput(spec.steps ?? 1000, { min: 1, step: 1 }), (raw) => {
      const v = parseNumber(raw, 'steps', { min: 1, max: 100000, integer: true });
      return typeof v === 'string' ? v : changeSpec((s) => ({ ...s, steps: v }));
    }),
    field('Speed', select([['10', '10 steps/s'], ['30', '30 steps/s'], ['100', '100 steps/s'], ['300', '300 steps/s'], ['1000', '1000 steps/s'], ['0', 'as fast as possible']], String(setup.speed)), (raw) => actions.change({ ...actions.setup(), speed: Number(raw) }), 'How fast Play trains, so you can watch units die or learn'),
    field('Backend', select([['auto', 'auto'], ['cpu', 'CPU'], ['webgpu', 'WebGPU']], setup.backend), (raw) => actions.change({ ...actions.setup(), backend: raw as LabSetup['backend'] })),
    h('p', { class: 'muted backend-reason', role: 'status' }, backendReason),
  );
  container.replaceChildren(dataSection, ...(featureSection ? [featureSection] : []), networkSection, trainingSection);
}

function withAttribute<T extends HTMLElement>(element: T, name: string, value: string): T {
  element.setAttribute(name, value);
  return element;
}

function button(icon: string, text: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'text-button', title }, codicon(icon), ` ${text}`);
  b.addEventListener('click', onClick);
  return b;
}

function iconButton(icon: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'icon-button', title: label, 'aria-label': label }, codicon(icon));
  b.addEventListener('click', onClick);
  return b;
}
