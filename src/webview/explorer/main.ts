// The Activation Explorer page: holds the state (persisted for reloads, reported to the extension),
// draws the controls and the Plotly plot(s), and answers the extension's messages — each one validated.
import {
  parseExtensionMessage,
  validateExplorerState,
  defaultExplorerState,
  type ExplorerState,
  type ExplorerToExtension,
} from '../../core/protocol/explorer';
import { plotly } from '../plotly';
import { readTheme, themedLayout, watchTheme, type PlotTheme } from '../theme';
import { vscodeApi } from '../vscodeApi';
import { renderControls, type ControlActions } from './controls';
import { renderCompare } from './compare';
import { buildTraces, type Curve } from './traces';

const api = vscodeApi<ExplorerState>();
const controlsElement = document.getElementById('controls') as HTMLElement;
const plotsElement = document.getElementById('plots') as HTMLElement;
const compareElement = document.getElementById('compare') as HTMLElement;
const statusElement = document.getElementById('status') as HTMLElement;

let theme: PlotTheme = readTheme();
let state: ExplorerState = initialState();
let drawScheduled = false;

function post(message: ExplorerToExtension): void {
  api.postMessage(message);
}

function initialState(): ExplorerState {
  const saved = api.getState();
  if (saved !== undefined) {
    const result = validateExplorerState(saved);
    if (result.ok) return result.value;
    report(`Saved Explorer state was not restored: ${result.error}`);
  }
  // A new page starts from the state the extension made from the plot settings.
  const defaults = document.body.dataset.defaultState;
  if (defaults) {
    try {
      const result = validateExplorerState(JSON.parse(defaults));
      if (result.ok) return result.value;
      report(`The default plot settings were not applied: ${result.error}`);
    } catch (error) {
      report(`The default plot settings were not applied: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return defaultExplorerState();
}

function report(message: string): void {
  statusElement.textContent = message;
  statusElement.classList.add('error');
  post({ type: 'error', message: message.slice(0, 2000) });
}

const actions: ControlActions = {
  state: () => state,
  change(next, rebuildControls = true) {
    const result = validateExplorerState(next);
    if (!result.ok) {
      report(result.error);
      return;
    }
    applyState(result.value, rebuildControls);
    post({ type: 'stateChanged', state });
  },
  copyCode: (framework, index) => post({ type: 'copyCode', framework, index }),
  saveImage: (format) => post({ type: 'saveImage', format }),
  saveCsv: () => post({ type: 'saveCsv' }),
};

function applyState(next: ExplorerState, rebuildControls = true): void {
  state = next;
  api.setState(state);
  if (rebuildControls) renderControls(controlsElement, state, theme.series, actions);
  scheduleDraw();
}

function scheduleDraw(): void {
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    draw().catch((error) => report(`Could not draw the plot: ${error instanceof Error ? error.message : String(error)}`));
  });
}

function axisTitle(title: string) {
  return { text: title, font: { color: theme.foreground } };
}

async function drawPlot(element: HTMLElement, curves: readonly Curve[], title: string): Promise<void> {
  const base = themedLayout(theme);
  const yaxis = { ...(base.yaxis as object), title: axisTitle(title), ...(state.yRange ? { range: [...state.yRange], autorange: false } : { autorange: true }) };
  await plotly().react(element, buildTraces(state, curves, theme.series), {
    ...base,
    margin: { l: 56, r: 16, t: 8, b: 40 },
    hovermode: 'closest',
    xaxis: { ...(base.xaxis as object), title: axisTitle('x'), range: [...state.xRange], autorange: false },
    yaxis,
    legend: { orientation: 'h', y: -0.18, font: { color: theme.foreground } },
    uirevision: 'explorer',
  }, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['toImage', 'select2d', 'lasso2d'] });
}

/** Plot element(s) for the current `show` setting: one overlaid plot, or f and f′ side by side. */
function plotElements(): HTMLElement[] {
  const wanted = state.show === 'side-by-side' ? 2 : 1;
  if (plotsElement.children.length !== wanted) {
    plotsElement.replaceChildren();
    for (let i = 0; i < wanted; i++) {
      const div = document.createElement('div');
      div.className = 'plot';
      div.id = i === 0 ? 'plot' : 'plot-derivative';
      div.setAttribute('role', 'img');
      plotsElement.append(div);
    }
  }
  plotsElement.classList.toggle('side-by-side', wanted === 2);
  return Array.from(plotsElement.children) as HTMLElement[];
}

async function draw(): Promise<void> {
  const comparing = state.view === 'compare';
  plotsElement.hidden = comparing;
  compareElement.hidden = !comparing;
  if (comparing) {
    renderCompare(compareElement, state);
    return;
  }
  const elements = plotElements();
  const names = state.functions.map((f) => f.id).join(', ');
  if (state.show === 'side-by-side') {
    elements[0].setAttribute('aria-label', `Plot of f(x) for ${names}`);
    elements[1].setAttribute('aria-label', `Plot of f′(x) for ${names}`);
    await Promise.all([drawPlot(elements[0], ['f'], 'f(x)'), drawPlot(elements[1], ['derivative'], 'f′(x)')]);
  } else {
    const curves: Curve[] = state.show === 'f' ? ['f'] : state.show === 'derivative' ? ['derivative'] : ['f', 'derivative'];
    elements[0].setAttribute('aria-label', `Plot of ${curves.map((c) => (c === 'f' ? 'f(x)' : 'f′(x)')).join(' and ')} for ${names}`);
    await drawPlot(elements[0], curves, state.show === 'f' ? 'f(x)' : state.show === 'derivative' ? 'f′(x)' : 'f(x), f′(x)');
  }
  statusElement.textContent = '';
  statusElement.classList.remove('error');
  document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? 0) + 1);
}

async function exportImage(requestId: number, format: 'png' | 'svg'): Promise<void> {
  try {
    if (state.view !== 'plot') applyState({ ...state, view: 'plot' });
    await draw();
    const element = plotElements()[0];
    const dataUrl = await (plotly() as unknown as { toImage(el: HTMLElement, o: object): Promise<string> }).toImage(element, { format, width: Math.max(640, element.clientWidth), height: Math.max(400, element.clientHeight) });
    post({ type: 'image', requestId, format, dataUrl });
  } catch (error) {
    post({ type: 'imageFailed', requestId, message: error instanceof Error ? error.message : String(error) });
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const result = parseExtensionMessage(event.data);
  if (!result.ok) {
    report(result.error);
    return;
  }
  const message = result.value;
  if (message.type === 'setState') {
    applyState(message.state);
    // Confirm what the page now shows: the extension's view of the state is what the page reports.
    post({ type: 'stateChanged', state });
  }
  else if (message.type === 'exportImage') void exportImage(message.requestId, message.format);
});

watchTheme((next) => {
  theme = next;
  renderControls(controlsElement, state, theme.series, actions);
  scheduleDraw();
});

applyState(state);
post({ type: 'ready' });
post({ type: 'stateChanged', state });
