// The compare view: the selected functions side by side — properties, cost per element measured here
// with the core's CPU kernels, framework names and defaults, and the catalog's advice on when to use each.
import { getActivation, type Activation, type ActivationParams } from '../../core';
import type { FrameworkApi, FrameworkEntry } from '../../core/activations/types';
import type { ExplorerState } from '../../core/protocol/explorer';
import { h } from '../dom';

const COST_SAMPLE_SIZE = 1 << 16;
const costCache = new Map<string, number>();

/**
 * Nanoseconds per element of f over a Float32Array, measured with the catalog's vectorised kernel
 * (`forwardArray`, what the CPU backend runs): repeated until 20 ms have passed, best of 3 rounds.
 */
export function measureCostPerElement(activation: Activation, params: ActivationParams): number {
  const key = `${activation.id}:${JSON.stringify(params)}`;
  const cached = costCache.get(key);
  if (cached !== undefined) return cached;
  const input = new Float32Array(COST_SAMPLE_SIZE);
  for (let i = 0; i < input.length; i++) input[i] = ((i * 7919) % 2001) / 100 - 10;
  const output = new Float32Array(COST_SAMPLE_SIZE);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    let elements = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < 20) {
      activation.forwardArray(input, output, params);
      elements += COST_SAMPLE_SIZE;
      elapsed = performance.now() - start;
    }
    best = Math.min(best, (elapsed * 1e6) / elements);
  }
  costCache.set(key, best);
  return best;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function apiText(api: FrameworkApi | undefined): string | null {
  if (!api) return null;
  const defaults = Object.entries(api.defaults).map(([name, value]) => `${name}=${value === null ? '(required)' : JSON.stringify(value)}`);
  return defaults.length ? `${api.name}(${defaults.join(', ')})` : api.name;
}

function frameworkCell(entry: FrameworkEntry | null): HTMLElement {
  if (!entry) return h('td', { class: 'muted' }, '—');
  const lines = [apiText(entry.module), apiText(entry.functional), entry.string ? `activation="${entry.string}"` : null].filter((l): l is string => !!l);
  return h('td', {}, ...lines.map((line) => h('code', { class: 'api' }, line)), entry.note ? h('div', { class: 'note' }, entry.note) : null);
}

type Row = readonly [label: string, cell: (activation: Activation, params: ActivationParams) => HTMLElement | string];

const ROWS: readonly Row[] = [
  ['Summary', (a) => a.summary],
  ['Range', (a) => a.properties.range],
  ['Bounded', (a) => `${a.properties.boundedBelow ? 'below' : ''}${a.properties.boundedBelow && a.properties.boundedAbove ? ' and ' : ''}${a.properties.boundedAbove ? 'above' : ''}` || 'no'],
  ['Monotonic', (a) => yesNo(a.properties.monotonic)],
  ['Smooth', (a) => (a.properties.smooth ? 'yes' : `no — ${a.properties.kinks}`)],
  ['Zero-centred', (a) => yesNo(a.properties.zeroCentred)],
  ['Self-normalising', (a) => yesNo(a.properties.selfNormalising)],
  ['Saturates', (a) => a.properties.saturates],
  ['Dead zone', (a) => a.properties.deadZone],
  ['Cost per element (measured here)', (a, p) => `${measureCostPerElement(a, p).toFixed(2)} ns (${a.cost})`],
  ['PyTorch', (a) => frameworkCell(a.frameworks.pytorch)],
  ['Keras', (a) => frameworkCell(a.frameworks.keras)],
  ['TensorFlow', (a) => frameworkCell(a.frameworks.tensorflow)],
  ['JAX / Flax', (a) => frameworkCell(a.frameworks.jax ?? a.frameworks.flax)],
  ['TensorFlow.js', (a) => frameworkCell(a.frameworks.tfjs)],
  ['Defaults that disagree', (a) => (a.defaultsDisagree.length ? h('ul', {}, ...a.defaultsDisagree.map((d) => h('li', {}, d))) : 'none')],
  ['When to use', (a) => a.whenToUse],
  ['Known problems', (a) => (a.problems.length ? h('ul', {}, ...a.problems.map((d) => h('li', {}, d))) : 'none known')],
  ['Paper', (a) => (a.paper ? `${a.paper.authors} (${a.paper.year}), “${a.paper.title}”` : '—')],
];

/** Renders the compare table for the state's functions (hidden ones included: the table is about choosing). */
export function renderCompare(container: HTMLElement, state: ExplorerState): void {
  const columns = state.functions.map((fn) => ({ activation: getActivation(fn.id), params: fn.params }));
  const table = h(
    'table',
    { class: 'compare-table', 'aria-label': 'Comparison of the selected activation functions' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Property'), ...columns.map(({ activation }) => h('th', { scope: 'col' }, activation.name)))),
    h(
      'tbody',
      {},
      ...ROWS.map(([label, cell]) =>
        h('tr', { 'data-row': label }, h('th', { scope: 'row' }, label), ...columns.map(({ activation, params }) => {
          const content = cell(activation, params);
          return content instanceof HTMLTableCellElement ? content : h('td', {}, content);
        })),
      ),
    ),
  );
  container.replaceChildren(h('div', { class: 'table-scroll' }, table));
}
