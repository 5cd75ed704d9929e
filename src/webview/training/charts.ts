// The Training Lab's Plotly views: loss curves, decision boundary with the data, diagnostics over time
// (dead units, gradient norms on a log scale, sparsity), pre-activation histograms, compare and sweep.
import type { StepMetrics } from '../../core';
import { plotly, type PlotlyTrace } from '../plotly';
import { themedLayout, type PlotTheme } from '../theme';
import type { DataView, Snapshot, VariantResult } from './workerProtocol';

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };

function layout(theme: PlotTheme, title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = themedLayout(theme);
  return {
    ...base,
    title: { text: title, font: { size: 12, color: theme.foreground }, x: 0.02, y: 0.97 },
    margin: { l: 44, r: 8, t: 24, b: 28 },
    showlegend: true,
    legend: { orientation: 'h', y: -0.2, font: { size: 10, color: theme.foreground } },
    uirevision: title,
    ...extra,
    xaxis: { ...(base.xaxis as object), ...((extra.xaxis as object) ?? {}) },
    yaxis: { ...(base.yaxis as object), ...((extra.yaxis as object) ?? {}) },
  };
}

/** Most points kept per series; beyond it every other point is dropped (the curve's shape stays). */
const MAX_POINTS = 20_000;

/** The history the charts draw, kept compactly (every entry's loss; diagnostics where measured). */
export class History {
  readonly steps: number[] = [];
  readonly loss: number[] = [];
  readonly measured: StepMetrics[] = [];

  add(entries: readonly StepMetrics[]): void {
    for (const entry of entries) {
      this.steps.push(entry.step);
      this.loss.push(entry.loss);
      if (entry.deadFraction) this.measured.push(entry);
    }
    if (this.steps.length > MAX_POINTS) {
      const keep = (_: unknown, i: number) => i % 2 === 0 || i === this.steps.length - 1;
      this.steps.splice(0, this.steps.length, ...this.steps.filter(keep));
      this.loss.splice(0, this.loss.length, ...this.loss.filter(keep));
    }
    if (this.measured.length > MAX_POINTS) this.measured.splice(0, this.measured.length, ...this.measured.filter((_, i) => i % 2 === 0 || i === this.measured.length - 1));
  }

  clear(): void {
    this.steps.length = 0;
    this.loss.length = 0;
    this.measured.length = 0;
  }

  get last(): StepMetrics | undefined {
    return this.measured[this.measured.length - 1];
  }
}

export function drawLoss(element: HTMLElement, history: History, theme: PlotTheme): void {
  const m = history.measured;
  const traces: PlotlyTrace[] = [
    { x: history.steps, y: history.loss, name: 'batch loss', type: 'scatter', mode: 'lines', line: { color: theme.series[0], width: 1 }, opacity: 0.5 },
    { x: m.map((e) => e.step), y: m.map((e) => e.trainLoss ?? NaN), name: 'train loss', type: 'scatter', mode: 'lines', line: { color: theme.series[0], width: 2 } },
  ];
  if (m.some((e) => e.testLoss !== undefined)) traces.push({ x: m.map((e) => e.step), y: m.map((e) => e.testLoss ?? NaN), name: 'test loss', type: 'scatter', mode: 'lines', line: { color: theme.series[1], width: 2 } });
  void plotly().react(element, traces, layout(theme, 'Loss', { xaxis: { title: { text: 'step' } } }), CONFIG);
}

const CLASS_COLOURS = (theme: PlotTheme) => [theme.series[1], theme.series[0], theme.series[2], theme.series[3], theme.series[4], theme.series[5]];

export function drawBoundary(element: HTMLElement, data: DataView, snapshot: Snapshot, theme: PlotTheme, isClassification: boolean, classes: number): void {
  const traces: PlotlyTrace[] = [];
  const b = snapshot.boundary;
  if (b) {
    const z: number[][] = [];
    for (let r = 0; r < b.resolution; r++) z.push(b.values.slice(r * b.resolution, (r + 1) * b.resolution));
    const colours = CLASS_COLOURS(theme);
    const colorscale = isClassification && classes > 2
      ? colours.slice(0, classes).map((c, i) => [i / Math.max(1, classes - 1), c])
      : [[0, colours[0]], [0.5, theme.background], [1, colours[1]]];
    traces.push({ type: 'heatmap', x: b.x1, y: b.x2, z, zmin: isClassification && classes <= 2 ? 0 : undefined, zmax: isClassification && classes <= 2 ? 1 : undefined, colorscale, opacity: 0.6, showscale: false, hovertemplate: 'x1 %{x:.2f}, x2 %{y:.2f}: %{z:.3f}<extra>model</extra>', name: 'model' } as unknown as PlotlyTrace);
  }
  const points = (split: DataView['train'], name: string, hollow: boolean) => {
    if (!split) return;
    const colours = CLASS_COLOURS(theme);
    traces.push({
      x: split.x1,
      y: split.x2,
      name,
      type: 'scatter',
      mode: 'markers',
      marker: {
        size: 5,
        color: isClassification ? split.y.map((c) => colours[Math.round(c) % colours.length]) : split.y,
        colorscale: isClassification ? undefined : 'Viridis',
        symbol: hollow ? 'circle-open' : 'circle',
        line: { width: hollow ? 1.5 : 0.5, color: hollow ? undefined : theme.foreground },
      },
      hovertemplate: `(%{x:.2f}, %{y:.2f})<extra>${name}</extra>`,
    });
  };
  points(data.train, 'training data', false);
  points(data.test, 'test data', true);
  void plotly().react(element, traces, layout(theme, isClassification ? 'Decision boundary' : 'Regression surface', { xaxis: { title: { text: 'x1' }, range: data.domain?.[0], constrain: 'domain' }, yaxis: { title: { text: 'x2' }, range: data.domain?.[1], scaleanchor: 'x', constrain: 'domain' } }), CONFIG);
}

/** Dead-unit fraction, gradient norm (log) and sparsity over time, one line per layer. */
export function drawDiagnostics(elements: { dead: HTMLElement; grad: HTMLElement; sparsity: HTMLElement }, history: History, layerNames: { hidden: string[]; parametric: string[] }, theme: PlotTheme): void {
  const m = history.measured;
  const steps = m.map((e) => e.step);
  const perLayer = (values: (e: StepMetrics) => number[] | undefined, names: string[]) =>
    names.map((name, i) => ({ x: steps, y: m.map((e) => values(e)?.[i] ?? NaN), name, type: 'scatter' as const, mode: 'lines' as const, line: { color: theme.series[i % theme.series.length], width: 1.5 } }));
  void plotly().react(elements.dead, perLayer((e) => e.deadFraction, layerNames.hidden), layout(theme, 'Dead units (fraction)', { yaxis: { range: [0, 1.02] } }), CONFIG);
  void plotly().react(
    elements.grad,
    perLayer((e) => e.gradNorm, layerNames.parametric),
    layout(theme, 'Gradient norm ‖∂L/∂W‖ (log)', { yaxis: { type: 'log', exponentformat: 'power' } }),
    CONFIG,
  );
  void plotly().react(elements.sparsity, perLayer((e) => e.sparsity, layerNames.hidden), layout(theme, 'Sparsity (fraction of zero outputs)', { yaxis: { range: [0, 1.02] } }), CONFIG);
}

/** The latest pre-activation histogram of each layer with an activation. */
export function drawHistograms(element: HTMLElement, entry: StepMetrics | undefined, names: Map<number, string>, theme: PlotTheme): void {
  const traces: PlotlyTrace[] = (entry?.histograms ?? []).map((h, i) => {
    const width = (h.max - h.min) / h.counts.length;
    return {
      x: h.counts.map((_, b) => h.min + (b + 0.5) * width),
      y: h.counts,
      name: names.get(h.layer) ?? `layer ${h.layer}`,
      type: 'bar',
      opacity: 0.6,
      marker: { color: theme.series[i % theme.series.length] },
      hovertemplate: `%{x:.2f}: %{y}<extra>${names.get(h.layer) ?? ''}</extra>`,
    } as unknown as PlotlyTrace;
  });
  void plotly().react(element, traces, layout(theme, `Pre-activation histogram${entry ? ` (step ${entry.step})` : ''}`, { barmode: 'overlay', bargap: 0 }), CONFIG);
}

export function drawCompare(element: HTMLElement, results: readonly (VariantResult | undefined)[], theme: PlotTheme, logGrad: boolean): void {
  const traces: PlotlyTrace[] = [];
  results.forEach((r, i) => {
    if (!r) return;
    traces.push({ x: r.steps, y: r.losses, name: r.label, type: 'scatter', mode: 'lines', line: { color: theme.series[i % theme.series.length], width: 2 } });
    if (logGrad) traces.push({ x: r.steps, y: r.firstLayerGradNorm, name: `${r.label} ‖∂L/∂W₁‖`, type: 'scatter', mode: 'lines', yaxis: 'y2', line: { color: theme.series[i % theme.series.length], width: 1, dash: 'dot' } });
  });
  void plotly().react(
    element,
    traces,
    layout(theme, logGrad ? 'Training-set loss (solid) and first-layer gradient norm (dotted, log)' : 'Training-set loss', {
      xaxis: { title: { text: 'step' } },
      ...(logGrad ? { yaxis2: { overlaying: 'y', side: 'right', type: 'log', exponentformat: 'power', showgrid: false, tickfont: { color: theme.foreground } } } : {}),
    }),
    CONFIG,
  );
}

/** Final loss for each (row, column) of the sweep; diverged cells are marked ✕. */
export function drawSweep(element: HTMLElement, rows: string[], columns: string[], cells: (number | null | 'diverged')[][], theme: PlotTheme): void {
  const z = cells.map((row) => row.map((v) => (typeof v === 'number' ? v : null)));
  const text = cells.map((row) => row.map((v) => (v === 'diverged' ? '✕ diverged' : v === null ? '…' : v.toPrecision(3))));
  void plotly().react(
    element,
    [{ type: 'heatmap', x: columns, y: rows, z, text, texttemplate: '%{text}', colorscale: 'Viridis', reversescale: true, hovertemplate: '%{y}, lr %{x}: %{text}<extra></extra>', colorbar: { title: { text: 'final loss' } } } as unknown as PlotlyTrace],
    layout(theme, 'Final training loss (✕: diverged)', { xaxis: { title: { text: 'learning rate' }, type: 'category' }, yaxis: { type: 'category' }, showlegend: false, margin: { l: 140, r: 8, t: 24, b: 40 } }),
    CONFIG,
  );
}
