// The views of the four output kinds: a text header (title, status, set-up, final numbers; text nodes only)
// over interactive Plotly charts in the editor theme's colours — f/f′ curves (plot), decision boundary and
// loss curves (run), loss curves and a results table (compare), a loss heatmap (sweep). Redrawn on theme change.
import { getActivation } from '../core/activations';
import type { ActivationSpec, LayerSpec, TrainingSpec } from '../core/protocol/spec';
import type { ComparePayload, NotebookPayload, PayloadKind, PlotPayload, RunPayload, SweepPayload } from '../core/protocol/notebook';
import type { ExplorerState } from '../core/protocol/explorer';
import { buildTraces, type Curve } from '../webview/explorer/traces';
import type { PlotlyTrace } from '../webview/plotly';
import { readTheme, themedLayout, watchTheme, type PlotTheme } from '../webview/theme';
import { errorBox } from './errorBox';
import { loadPlotly } from './plotlyLoader';

/** A view of one output kind in one element. */
export interface View {
  readonly kind: PayloadKind;
  update(payload: NotebookPayload): Promise<void>;
  dispose(): void;
}

interface Figure {
  readonly data: PlotlyTrace[];
  readonly layout: Record<string, unknown>;
  /** Chart height in pixels. */
  readonly height?: number;
  /** Keep x and y at the same scale (the decision boundary). */
  readonly square?: boolean;
}

interface Drawing {
  readonly title: string;
  /** Lines of text under the title. */
  readonly lines: readonly string[];
  /** A line that says something went wrong (a diverged run), shown in the error colour. */
  readonly warning?: string;
  readonly figures: readonly Figure[];
  /** A table under the charts: a header row and body rows, all text. */
  readonly table?: { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };
}

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };

/** Plotly draws names, tick labels and hover text as a small subset of HTML: untrusted text goes in as entities. */
export function plotlyText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The smallest normal double: Plotly's axis scaling fails on values below it (subnormals such as 5e-324). */
const MIN_NORMAL = 2.2250738585072014e-308;

/** A number as a chart draws it: a subnormal (which no axis can tell from 0) as 0. */
export const plotNumber = (value: number): number => (value !== 0 && Math.abs(value) < MIN_NORMAL ? 0 : value);

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)} %`);
const number = (value: number | null | undefined) => (value === null || value === undefined ? '—' : Number(value.toPrecision(4)).toString());

function layoutFor(theme: PlotTheme, extra: Record<string, unknown>, figure: { height?: number }): Record<string, unknown> {
  const base = themedLayout(theme);
  return {
    ...base,
    // The output's own background shows through, whatever the theme draws notebooks with.
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    height: figure.height ?? 320,
    margin: { l: 52, r: 16, t: 28, b: 40 },
    // Below the x-axis title (a legend inside would hide curves): Plotly grows the bottom margin to fit it.
    legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top', font: { color: theme.foreground } },
    ...extra,
    xaxis: { ...(base.xaxis as object), ...((extra.xaxis as object) ?? {}) },
    yaxis: { ...(base.yaxis as object), ...((extra.yaxis as object) ?? {}) },
  };
}

function chartTitle(text: string, theme: PlotTheme): Record<string, unknown> {
  return { text: plotlyText(text), font: { size: 12, color: theme.foreground }, x: 0.02, y: 0.98 };
}

// ── plot ───────────────────────────────────────────────────────────────────────────────────────────────

function drawPlot(payload: PlotPayload, theme: PlotTheme): Drawing {
  const functions = payload.functions.map((fn) => ({ id: getActivation(fn.name).id, params: { ...(fn.params ?? {}) }, visible: true }));
  const state = { functions, xRange: payload.range, samples: payload.samples ?? 401 } as unknown as ExplorerState;
  const curves: Curve[] = payload.show === 'both' ? ['f', 'derivative'] : payload.show === 'f' ? ['f'] : ['derivative'];
  // A range a few subnormals wide samples subnormal x values: drawn as 0 (Plotly fails on them).
  const traces = buildTraces(state, curves, theme.series).map((trace) => ({ ...trace, x: Array.from(trace.x, plotNumber), name: plotlyText(String(trace.name)) }));
  const yTitle = payload.show === 'both' ? 'f(x) solid, f′(x) dashed' : payload.show === 'f' ? 'f(x)' : 'f′(x)';
  const names = functions.map((fn) => getActivation(fn.id).name);
  return {
    title: payload.title ?? `${names.join(', ')}${payload.show === 'derivative' ? ': derivatives' : ''}`,
    lines: [`x from ${payload.range[0]} to ${payload.range[1]}, ${payload.samples ?? 401} samples; values from Activation Lab’s float32 catalog (PyTorch’s definitions)`],
    figures: [{ data: traces, layout: { xaxis: { title: { text: 'x' } }, yaxis: { title: { text: yTitle } }, hovermode: 'closest' } }],
  };
}

// ── run ────────────────────────────────────────────────────────────────────────────────────────────────

function activationText(activation: ActivationSpec | undefined): string {
  if (activation === undefined) return '';
  if (typeof activation === 'string') return ` ${activation}`;
  const { name, ...params } = activation;
  const list = Object.entries(params).map(([k, v]) => `${k}=${v}`);
  return ` ${name}${list.length ? `(${list.join(', ')})` : ''}`;
}

function layerText(layer: LayerSpec): string {
  switch (layer.type) {
    case 'dense':
      return `dense ${layer.units}${activationText(layer.activation)}`;
    case 'conv2d':
      return `conv ${layer.filters}×${layer.kernelSize}²${activationText(layer.activation)}`;
    case 'maxpool2d':
      return `maxpool ${layer.size}`;
    default:
      return 'flatten';
  }
}

/** One line describing a spec: data, model, loss, optimizer, batches, length, seed. */
export function specSummary(spec: TrainingSpec): string {
  const data = spec.data as { name?: string; samples?: number; noise?: number; csv?: string };
  const dataText = data.name ? `${data.name}${data.samples !== undefined ? ` (${data.samples} samples${data.noise !== undefined ? `, noise ${data.noise}` : ''})` : ''}` : data.csv !== undefined ? 'CSV data' : 'inline data';
  const model = [spec.model.input.join('×'), ...spec.model.layers.map(layerText)].join(' → ');
  const optimizer = `${spec.optimizer.type}${spec.optimizer.lr !== undefined ? ` lr ${spec.optimizer.lr}` : ''}`;
  const length = spec.epochs !== undefined ? `${spec.epochs} epochs` : `${spec.steps ?? 100} steps`;
  return `${dataText} · ${model} · ${spec.loss} · ${optimizer} · batch ${spec.batchSize ?? 32} · ${length} · seed ${spec.seed ?? 0}`;
}

/** (step, value) pairs of a column, without the steps where it was not measured. */
function measuredPoints(steps: readonly number[], values: readonly (number | null)[] | undefined): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  values?.forEach((value, i) => {
    if (value === null) return;
    x.push(steps[i]);
    y.push(value);
  });
  return { x, y };
}

function classColours(theme: PlotTheme): string[] {
  return [theme.series[1], theme.series[0], theme.series[2], theme.series[3], theme.series[4], theme.series[5]];
}

function boundaryFigure(payload: RunPayload, theme: PlotTheme): Figure | null {
  const grid = payload.boundary;
  if (!grid) return null;
  const colours = classColours(theme);
  const classes = payload.data?.classes ?? 2;
  const colorscale =
    grid.output === 'probability'
      ? [[0, colours[0]], [0.5, theme.background], [1, colours[1]]]
      : grid.output === 'class'
        ? colours.slice(0, Math.max(2, classes)).map((c, i, all) => [i / (all.length - 1), c])
        : 'Viridis';
  const traces: PlotlyTrace[] = [
    {
      type: 'heatmap',
      x: grid.x1,
      y: grid.x2,
      z: grid.values,
      ...(grid.output === 'probability' ? { zmin: 0, zmax: 1 } : grid.output === 'class' ? { zmin: 0, zmax: Math.max(1, classes - 1) } : {}),
      colorscale,
      opacity: 0.6,
      showscale: grid.output === 'value',
      name: 'model',
      hovertemplate: `x1 %{x:.2f}, x2 %{y:.2f}: %{z:.3f}<extra>${grid.output === 'probability' ? 'P(class 1)' : grid.output}</extra>`,
    } as unknown as PlotlyTrace,
  ];
  const classification = payload.data?.task !== 'regression';
  const points = (split: NonNullable<RunPayload['data']>['train'], name: string, hollow: boolean) => {
    if (!split || !split.x1.length) return;
    traces.push({
      x: split.x1,
      y: split.x2,
      name,
      type: 'scatter',
      mode: 'markers',
      marker: {
        size: 5,
        color: classification ? split.y.map((c) => colours[Math.abs(Math.round(c)) % colours.length]) : split.y,
        colorscale: classification ? undefined : 'Viridis',
        symbol: hollow ? 'circle-open' : 'circle',
        line: { width: hollow ? 1.5 : 0.5, color: hollow ? undefined : theme.foreground },
      },
      hovertemplate: `(%{x:.2f}, %{y:.2f})<extra>${name}</extra>`,
    });
  };
  points(payload.data?.train, 'training data', false);
  points(payload.data?.test, 'test data', true);
  const range = (axis: readonly number[]) => [axis[0], axis[axis.length - 1]];
  return {
    data: traces,
    square: true,
    layout: {
      title: chartTitle(classification ? 'Decision boundary' : 'Regression surface', theme),
      xaxis: { title: { text: 'x1' }, range: range(grid.x1), constrain: 'domain' },
      yaxis: { title: { text: 'x2' }, range: range(grid.x2), scaleanchor: 'x', constrain: 'domain' },
    },
  };
}

function lossFigure(payload: RunPayload, theme: PlotTheme): Figure {
  const h = payload.history;
  const traces: PlotlyTrace[] = [{ x: h.step, y: h.loss.map((v) => v ?? NaN), name: 'batch loss', type: 'scatter', mode: 'lines', line: { color: theme.series[0], width: 1 }, opacity: 0.45 }];
  const train = measuredPoints(h.step, h.trainLoss);
  if (train.x.length) traces.push({ ...train, name: 'training-set loss', type: 'scatter', mode: 'lines', line: { color: theme.series[0], width: 2 } });
  const test = measuredPoints(h.step, h.testLoss);
  if (test.x.length) traces.push({ ...test, name: 'test loss', type: 'scatter', mode: 'lines', line: { color: theme.series[1], width: 2 } });
  const accuracy = measuredPoints(h.step, h.accuracy);
  if (accuracy.x.length) traces.push({ ...accuracy, name: 'accuracy', type: 'scatter', mode: 'lines', yaxis: 'y2', line: { color: theme.series[2], width: 1.5, dash: 'dot' } });
  return {
    data: traces,
    layout: {
      title: chartTitle(accuracy.x.length ? 'Loss (left) and training accuracy (right, dotted)' : 'Loss', theme),
      xaxis: { title: { text: 'step' } },
      ...(accuracy.x.length ? { yaxis2: { overlaying: 'y', side: 'right', range: [0, 1.02], showgrid: false, tickformat: '.0%', tickfont: { color: theme.foreground } }, margin: { l: 52, r: 44, t: 28, b: 40 } } : {}),
    },
  };
}

function deadFigure(payload: RunPayload, theme: PlotTheme): Figure | null {
  const layers = payload.history.deadFraction ?? [];
  if (!layers.length) return null;
  const names = payload.hiddenLayers ?? [];
  const traces: PlotlyTrace[] = layers.map((values, i) => ({
    ...measuredPoints(payload.history.step, values),
    name: plotlyText(names[i] ?? `hidden layer ${i + 1}`),
    type: 'scatter',
    mode: 'lines',
    line: { color: theme.series[i % theme.series.length], width: 1.5 },
  }));
  return { data: traces, height: 240, layout: { title: chartTitle('Dead units (fraction of each hidden layer)', theme), xaxis: { title: { text: 'step' } }, yaxis: { range: [0, 1.02] } } };
}

function drawRun(payload: RunPayload): (theme: PlotTheme) => Drawing {
  const status =
    payload.status === 'running'
      ? `training… step ${payload.stepsTaken} of ${payload.steps}`
      : payload.status === 'cancelled'
        ? `interrupted after ${payload.stepsTaken} of ${payload.steps} steps`
        : payload.status === 'diverged'
          ? `diverged after ${payload.stepsTaken} of ${payload.steps} steps`
          : `finished: ${payload.stepsTaken} steps`;
  const final = payload.final;
  const names = payload.hiddenLayers ?? [];
  const results = final
    ? [
        `training-set loss ${number(final.trainLoss ?? final.loss)}`,
        ...(final.accuracy !== undefined ? [`training accuracy ${percent(final.accuracy)}`] : []),
        ...(final.testAccuracy !== undefined ? [`test accuracy ${percent(final.testAccuracy)}`] : []),
        ...(final.deadFraction?.length ? [`dead units: ${final.deadFraction.map((v, i) => `${names[i] ?? `layer ${i + 1}`} ${percent(v)}`).join(', ')}`] : []),
      ].join(' · ')
    : '';
  return (theme) => ({
    title: payload.title ?? 'Training run',
    lines: [`${status}${results ? ` — ${results}` : ''}`, specSummary(payload.spec)],
    ...(payload.diverged ? { warning: payload.diverged.message } : {}),
    figures: [boundaryFigure(payload, theme), lossFigure(payload, theme), deadFigure(payload, theme)].filter((f): f is Figure => f !== null),
  });
}

// ── compare ────────────────────────────────────────────────────────────────────────────────────────────

function drawCompare(payload: ComparePayload, theme: PlotTheme): Drawing {
  const traces: PlotlyTrace[] = payload.runs.map((run, i) => ({
    x: run.steps,
    y: run.loss.map((v) => v ?? NaN),
    name: plotlyText(run.label),
    type: 'scatter',
    mode: 'lines',
    line: { color: theme.series[i % theme.series.length], width: 2 },
  }));
  const status = payload.status === 'running' ? 'training…' : payload.status === 'cancelled' ? 'interrupted' : `${payload.runs.length} runs`;
  return {
    title: payload.title ?? 'Comparison',
    lines: [`${status} · ${payload.metric ?? 'loss'} per step, same seed for every run`],
    figures: [{ data: traces, layout: { title: chartTitle(payload.metric ?? 'loss', theme), xaxis: { title: { text: 'step' } } } }],
    table: {
      head: ['run', 'final loss', 'training accuracy', 'test accuracy', 'dead units per hidden layer', 'diverged'],
      rows: payload.runs.map((run) => [
        run.label,
        number(run.finalLoss),
        percent(run.accuracy),
        percent(run.testAccuracy),
        run.deadFraction?.length ? run.deadFraction.map(percent).join(', ') : '—',
        run.diverged ?? 'no',
      ]),
    },
  };
}

// ── sweep ──────────────────────────────────────────────────────────────────────────────────────────────

function drawSweep(payload: SweepPayload, theme: PlotTheme): Drawing {
  const columns = payload.columns.map((lr) => String(lr));
  const rows = payload.rows.map(plotlyText);
  // Cells sit at numeric positions labelled by ticks, not on category axes: Plotly keeps categories in a plain
  // object, so a row named "constructor", "toString" or "__proto__" broke the drawing ("createImageData …").
  const rowAt = rows.map((_, r) => r);
  const columnAt = columns.map((_, c) => c);
  // Colour by log10(loss): losses of a sweep span orders of magnitude, and one bad cell would wash out the rest.
  const z = payload.cells.map((row) => row.map((v) => (typeof v === 'number' ? Math.log10(Math.max(v, 1e-12)) : null)));
  const logs = z.flat().filter((v): v is number => v !== null);
  const decades = logs.length ? Array.from({ length: Math.floor(Math.max(...logs)) - Math.ceil(Math.min(...logs)) + 1 }, (_, i) => Math.ceil(Math.min(...logs)) + i) : [];
  const ticks = decades.length >= 2 ? decades : logs.length ? [Math.min(...logs), Math.max(...logs)] : [];
  const text = payload.cells.map((row) => row.map((v) => (v === 'diverged' ? '✕ diverged' : v === null ? '—' : Number(v.toPrecision(3)).toString())));
  const diverged = payload.cells.flat().filter((v) => v === 'diverged').length;
  // Heatmaps leave cells without a value blank: mark diverged and not-run cells with text on top.
  const marks = { x: [] as number[], y: [] as number[], text: [] as string[] };
  payload.cells.forEach((row, r) =>
    row.forEach((v, c) => {
      if (typeof v === 'number') return;
      marks.x.push(c);
      marks.y.push(r);
      marks.text.push(v === 'diverged' ? '✕ diverged' : '— not run');
    }),
  );
  const status = payload.status === 'running' ? 'training…' : payload.status === 'cancelled' ? 'interrupted (— : not run)' : `${payload.rows.length * payload.columns.length} runs`;
  return {
    title: payload.title ?? 'Learning-rate sweep',
    lines: [`${status} · final training-set loss for each activation and learning rate${diverged ? ` · ${diverged} diverged (✕)` : ''}`],
    figures: [
      {
        data: [
          {
            type: 'heatmap',
            x: columnAt,
            y: rowAt,
            z,
            text,
            texttemplate: '%{text}',
            colorscale: 'Viridis',
            reversescale: true,
            hovertext: text.map((cells, r) => cells.map((cell, c) => `${rows[r]}, lr ${columns[c]}: ${cell}`)),
            hoverinfo: 'text',
            colorbar: { title: { text: 'final loss' }, tickvals: ticks, ticktext: ticks.map((t) => Number((10 ** t).toPrecision(2)).toString()) },
          } as unknown as PlotlyTrace,
          { type: 'scatter', mode: 'text', x: marks.x, y: marks.y, text: marks.text, textfont: { color: theme.foreground }, hoverinfo: 'text', showlegend: false, name: 'not finished' } as unknown as PlotlyTrace,
        ],
        height: Math.max(220, 90 + 42 * payload.rows.length),
        layout: {
          title: chartTitle('Final training loss (✕: diverged)', theme),
          xaxis: { title: { text: 'learning rate' }, tickvals: columnAt, ticktext: columns, showgrid: false, zeroline: false },
          // The first activation on top, as the cell lists them.
          yaxis: { tickvals: rowAt, ticktext: rows, automargin: true, autorange: 'reversed', showgrid: false, zeroline: false },
          showlegend: false,
        },
      },
    ],
  };
}

// ── the view ───────────────────────────────────────────────────────────────────────────────────────────

function drawing(payload: NotebookPayload): (theme: PlotTheme) => Drawing {
  switch (payload.kind) {
    case 'plot':
      return (theme) => drawPlot(payload, theme);
    case 'run':
      return drawRun(payload);
    case 'compare':
      return (theme) => drawCompare(payload, theme);
    case 'sweep':
      return (theme) => drawSweep(payload, theme);
  }
}

function textBlock(tag: 'div' | 'span', text: string, style: Partial<CSSStyleDeclaration> = {}): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  Object.assign(element.style, style);
  return element;
}

function tableElement(table: NonNullable<Drawing['table']>): HTMLTableElement {
  const element = document.createElement('table');
  Object.assign(element.style, { borderCollapse: 'collapse', marginTop: '6px', fontSize: '12px' });
  const row = (cells: readonly string[], header: boolean) => {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement(header ? 'th' : 'td');
      td.textContent = cell;
      Object.assign(td.style, { textAlign: 'left', padding: '2px 10px 2px 0', borderBottom: '1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35))', verticalAlign: 'top' });
      tr.append(td);
    }
    return tr;
  };
  const head = document.createElement('thead');
  head.append(row(table.head, true));
  const body = document.createElement('tbody');
  for (const cells of table.rows) body.append(row(cells, false));
  element.append(head, body);
  return element;
}

/** Creates the view of one output kind inside `element`. */
export function createView(kind: PayloadKind, element: HTMLElement): View {
  const root = document.createElement('div');
  root.className = `activation-lab-output activation-lab-${kind}`;
  Object.assign(root.style, { fontFamily: 'var(--vscode-font-family, sans-serif)', color: 'var(--vscode-foreground, inherit)', padding: '4px 0' });
  const header = document.createElement('div');
  const charts = document.createElement('div');
  Object.assign(charts.style, { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'flex-start' });
  const footer = document.createElement('div');
  root.append(header, charts, footer);
  element.append(root);

  let current: ((theme: PlotTheme) => Drawing) | null = null;
  let chartElements: HTMLElement[] = [];
  let plotlyError: HTMLElement | null = null;
  let disposed = false;

  async function draw(theme: PlotTheme): Promise<void> {
    if (!current || disposed) return;
    const result = current(theme);
    header.replaceChildren(
      textBlock('div', result.title, { fontWeight: 'bold', fontSize: '13px' }),
      ...result.lines.map((line) => textBlock('div', line, { opacity: '0.85', fontSize: '12px' })),
      ...(result.warning ? [textBlock('div', result.warning, { color: 'var(--vscode-errorForeground, #f14c4c)', fontSize: '12px' })] : []),
    );
    footer.replaceChildren(...(result.table ? [tableElement(result.table)] : []));
    let plotly;
    try {
      plotly = await loadPlotly();
    } catch (error) {
      if (!plotlyError) {
        plotlyError = errorBox(error instanceof Error ? error.message : String(error));
        charts.replaceChildren(plotlyError);
      }
      return;
    }
    if (disposed) return;
    if (plotlyError) {
      plotlyError = null;
      charts.replaceChildren();
    }
    // One chart element per figure, reused across updates so progress redraws in place.
    while (chartElements.length > result.figures.length) {
      const extra = chartElements.pop()!;
      plotly.purge(extra);
      extra.remove();
    }
    while (chartElements.length < result.figures.length) {
      const chart = document.createElement('div');
      chart.className = 'activation-lab-chart';
      charts.append(chart);
      chartElements.push(chart);
    }
    await Promise.all(
      result.figures.map((figure, i) => {
        const chart = chartElements[i];
        Object.assign(chart.style, figure.square ? { flex: '0 1 360px', minWidth: '260px' } : { flex: '1 1 360px', minWidth: '280px' });
        return plotly.react(chart, figure.data, layoutFor(theme, { ...figure.layout, uirevision: `${kind}-${i}` }, figure), CONFIG);
      }),
    );
  }

  const stopWatching = watchTheme((theme) => void draw(theme).catch(() => undefined));

  return {
    kind,
    async update(payload) {
      current = drawing(payload);
      await draw(readTheme());
    },
    dispose() {
      disposed = true;
      stopWatching();
      const plotly = (globalThis as { Plotly?: { purge(root: HTMLElement): void } }).Plotly;
      for (const chart of chartElements) plotly?.purge(chart);
      chartElements = [];
      root.remove();
    },
  };
}
