// Typed access to the Plotly global that the panel's HTML loads from the extension's own files
// (dist/media/plotly.min.js). Only the calls the panels use are declared.

export interface PlotlyTrace {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  name?: string;
  type?: 'scatter';
  mode?: 'lines' | 'markers' | 'lines+markers';
  line?: { color?: string; width?: number; dash?: string };
  hovertemplate?: string;
  [key: string]: unknown;
}

export type PlotlyLayout = Record<string, unknown>;

export interface PlotlyElement extends HTMLElement {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
}

export interface PlotlyStatic {
  react(root: HTMLElement, data: PlotlyTrace[], layout?: PlotlyLayout, config?: Record<string, unknown>): Promise<PlotlyElement>;
  relayout(root: HTMLElement, update: PlotlyLayout): Promise<PlotlyElement>;
  Plots: { resize(root: HTMLElement): void };
}

/** The Plotly global, or a clear error when the page failed to load it. */
export function plotly(): PlotlyStatic {
  const value = (globalThis as { Plotly?: PlotlyStatic }).Plotly;
  if (!value) throw new Error('Plotly did not load: dist/media/plotly.min.js is missing from the extension (run `npm run build`)');
  return value;
}
