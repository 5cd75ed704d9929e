// The Explorer's controls: one card per plotted function (parameters as slider + number box, or a select
// for string options), and the global controls (curves, ranges, view, export). Native, labelled controls,
// so everything works from the keyboard and with a screen reader.
import { activations, getActivation, type ActivationParam } from '../../core';
import { catalogProblems, MAX_PLOTTED_FUNCTIONS, type ExplorerState, type PlottedFunction } from '../../core/protocol/explorer';
import { codicon, h } from '../dom';

/** What the controls ask the page to do. */
export interface ControlActions {
  /** The page's current state (handlers read it when they fire, never a stale copy). */
  state(): ExplorerState;
  /**
   * Apply a new state (already validated by the control that produced it). `rebuildControls: false` for
   * edits the control itself already shows (slider drags, number boxes), so the control keeps focus.
   */
  change(next: ExplorerState, rebuildControls?: boolean): void;
  copyCode(framework: 'pytorch' | 'keras', index: number): void;
  saveImage(format: 'png' | 'svg'): void;
  saveCsv(): void;
}

let idCounter = 0;
const uniqueId = (prefix: string) => `${prefix}-${++idCounter}`;

/** Slider bounds for a numeric parameter: its catalog domain, or a span around its default. */
export function sliderBounds(param: ActivationParam): { min: number; max: number; step: number } {
  const value = Number(param.default);
  const spread = Math.max(1, Math.abs(value)) * 2;
  const min = param.min ?? value - spread;
  const max = param.max ?? value + spread;
  const step = Number(((max - min) / 200).toPrecision(2));
  return { min, max, step };
}

function iconButton(icon: string, label: string, onClick: () => void, extra: Record<string, string> = {}): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'icon-button', title: label, 'aria-label': label, ...extra }, codicon(icon));
  button.addEventListener('click', onClick);
  return button;
}

function withFunction(state: ExplorerState, index: number, update: (fn: PlottedFunction) => PlottedFunction): ExplorerState {
  return { ...state, functions: state.functions.map((fn, i) => (i === index ? update(fn) : fn)) };
}

/** One parameter's control: slider + number box (numbers) or select (options). */
function paramControl(state: ExplorerState, index: number, param: ActivationParam, actions: ControlActions): HTMLElement {
  const fn = state.functions[index];
  const value = fn.params[param.name] ?? param.default;
  const id = uniqueId(`param-${param.name}`);
  const error = h('span', { class: 'field-error', role: 'alert', id: `${id}-error` });
  const apply = (raw: number | string, source: HTMLInputElement | HTMLSelectElement) => {
    const next = withFunction(actions.state(), index, (f) => ({ ...f, params: { ...f.params, [param.name]: raw } }));
    const problems = typeof raw === 'number' && !Number.isFinite(raw) ? [`${param.name}: expected a number`] : catalogProblems([next.functions[index]]);
    if (problems.length) {
      source.setAttribute('aria-invalid', 'true');
      error.textContent = problems.map((p) => p.replace(/^functions\[0\]\.params\./, '')).join('; ');
      return;
    }
    source.removeAttribute('aria-invalid');
    error.textContent = '';
    actions.change(next, false);
  };
  if (param.options) {
    const select = h('select', { id, 'aria-describedby': `${id}-error` }, ...param.options.map((option) => h('option', { value: option, selected: option === value }, option)));
    select.addEventListener('change', () => apply(select.value, select));
    return h('div', { class: 'param' }, h('label', { for: id, title: param.description }, param.name), select, error);
  }
  const { min, max, step } = sliderBounds(param);
  const slider = h('input', { type: 'range', id, min, max, step: 'any', value: String(value), 'aria-describedby': `${id}-error`, 'data-param': param.name });
  const box = h('input', { type: 'number', step, value: String(value), 'aria-label': `${param.name} value`, class: 'number', 'data-param-box': param.name });
  slider.addEventListener('input', () => {
    box.value = slider.value;
    apply(Number(slider.value), slider);
  });
  box.addEventListener('change', () => {
    const parsed = box.value.trim() === '' ? Number.NaN : Number(box.value);
    if (Number.isFinite(parsed)) slider.value = String(parsed);
    apply(parsed, box);
  });
  return h('div', { class: 'param' }, h('label', { for: id, title: param.description }, param.name), slider, box, error);
}

function functionCard(state: ExplorerState, index: number, colour: string, actions: ControlActions): HTMLElement {
  const fn = state.functions[index];
  const activation = getActivation(fn.id);
  const visibleLabel = fn.visible ? `Hide ${activation.name}` : `Show ${activation.name}`;
  const header = h(
    'div',
    { class: 'card-header' },
    h('span', { class: 'swatch', style: `background:${colour}`, 'aria-hidden': 'true' }),
    h('span', { class: 'card-title' }, activation.name),
    iconButton(fn.visible ? 'eye' : 'eye-closed', visibleLabel, () => actions.change(withFunction(actions.state(), index, (f) => ({ ...f, visible: !f.visible }))), { 'aria-pressed': String(fn.visible) }),
    iconButton('copy', `Copy ${activation.name} as PyTorch code`, () => actions.copyCode('pytorch', index)),
    iconButton('symbol-class', `Copy ${activation.name} as Keras code`, () => actions.copyCode('keras', index)),
    state.functions.length > 1 ? iconButton('close', `Remove ${activation.name}`, () => { const current = actions.state(); actions.change({ ...current, functions: current.functions.filter((_, i) => i !== index) }); }) : null,
  );
  const params = activation.params.filter((p) => typeof p.default === 'number' || p.options);
  return h(
    'section',
    { class: 'card', 'aria-label': activation.name, 'data-function': fn.id },
    header,
    ...(params.length ? params.map((p) => paramControl(state, index, p, actions)) : [h('p', { class: 'muted' }, 'No parameters.')]),
  );
}

function addFunctionControl(state: ExplorerState, actions: ControlActions): HTMLElement {
  const id = uniqueId('add');
  const select = h(
    'select',
    { id },
    h('option', { value: '' }, 'Add a function…'),
    ...activations.map((a) => h('option', { value: a.id, disabled: state.functions.some((f) => f.id === a.id) }, a.name)),
  );
  select.disabled = state.functions.length >= MAX_PLOTTED_FUNCTIONS;
  select.addEventListener('change', () => {
    if (!select.value) return;
    const current = actions.state();
    actions.change({ ...current, functions: [...current.functions, { id: select.value, params: {}, visible: true }] });
  });
  return h('div', { class: 'add-function' }, h('label', { for: id, class: 'visually-hidden' }, 'Add a function to the plot'), select);
}

function rangeInputs(label: string, value: readonly [number, number] | null, onChange: (next: [number, number] | null, rebuild: boolean) => void, allowAuto: boolean): HTMLElement {
  const fromId = uniqueId('from');
  const toId = uniqueId('to');
  const error = h('span', { class: 'field-error', role: 'alert' });
  const from = h('input', { type: 'number', id: fromId, class: 'number', value: value ? String(value[0]) : '', disabled: !value, step: 'any' });
  const to = h('input', { type: 'number', id: toId, class: 'number', value: value ? String(value[1]) : '', disabled: !value, step: 'any' });
  const commit = () => {
    const low = Number(from.value);
    const high = Number(to.value);
    if (from.value.trim() === '' || to.value.trim() === '' || !Number.isFinite(low) || !Number.isFinite(high) || !(high > low)) {
      error.textContent = `${label}: the end must be a number greater than the start`;
      from.setAttribute('aria-invalid', 'true');
      to.setAttribute('aria-invalid', 'true');
      return;
    }
    error.textContent = '';
    from.removeAttribute('aria-invalid');
    to.removeAttribute('aria-invalid');
    onChange([low, high], false);
  };
  from.addEventListener('change', commit);
  to.addEventListener('change', commit);
  const parts: (HTMLElement | string)[] = [h('span', { class: 'range-label' }, label)];
  if (allowAuto) {
    const autoId = uniqueId('auto');
    const auto = h('input', { type: 'checkbox', id: autoId, checked: !value });
    auto.addEventListener('change', () => onChange(auto.checked ? null : [-1, 5], true));
    parts.push(h('span', { class: 'auto' }, auto, h('label', { for: autoId }, 'auto')));
  }
  parts.push(h('label', { for: fromId, class: 'visually-hidden' }, `${label} from`), from, '…', h('label', { for: toId, class: 'visually-hidden' }, `${label} to`), to, error);
  return h('div', { class: 'range' }, ...parts);
}

function segmented<T extends string>(name: string, label: string, options: readonly (readonly [T, string])[], value: T, onChange: (next: T) => void): HTMLElement {
  return h(
    'div',
    { class: 'segmented', role: 'radiogroup', 'aria-label': label },
    ...options.map(([key, text]) => {
      const id = uniqueId(name);
      const input = h('input', { type: 'radio', name, id, value: key, checked: key === value });
      input.addEventListener('change', () => input.checked && onChange(key));
      return h('span', { class: 'segment' }, input, h('label', { for: id }, text));
    }),
  );
}

/** Rebuilds all controls for `state`. */
export function renderControls(container: HTMLElement, state: ExplorerState, colours: readonly string[], actions: ControlActions): void {
  const focusedId = document.activeElement?.id;
  const cards = state.functions.map((_, index) => functionCard(state, index, colours[index % colours.length], actions));
  const global = h(
    'section',
    { class: 'global-controls', 'aria-label': 'Plot settings' },
    segmented('view', 'View', [['plot', 'Plot'], ['compare', 'Compare']] as const, state.view, (view) => actions.change({ ...actions.state(), view })),
    segmented('show', 'Curves', [['f', 'f'], ['derivative', 'f′'], ['both', 'both'], ['side-by-side', 'side by side']] as const, state.show, (show) => actions.change({ ...actions.state(), show })),
    rangeInputs('x', state.xRange, (xRange, rebuild) => xRange && actions.change({ ...actions.state(), xRange }, rebuild), false),
    rangeInputs('y', state.yRange, (yRange, rebuild) => actions.change({ ...actions.state(), yRange }, rebuild), true),
    h(
      'div',
      { class: 'export', role: 'group', 'aria-label': 'Export' },
      exportButton('file-media', 'PNG', 'Save the plot as PNG', () => actions.saveImage('png')),
      exportButton('file-code', 'SVG', 'Save the plot as SVG', () => actions.saveImage('svg')),
      exportButton('table', 'CSV', 'Save the sampled values as CSV', () => actions.saveCsv()),
    ),
  );
  container.replaceChildren(global, h('div', { class: 'cards' }, ...cards), addFunctionControl(state, actions));
  if (focusedId) document.getElementById(focusedId)?.focus();
}

function exportButton(icon: string, text: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'text-button', title: label, 'aria-label': label }, codicon(icon), ` ${text}`);
  button.addEventListener('click', onClick);
  return button;
}
