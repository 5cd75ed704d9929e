// Turns the Explorer state into Plotly traces: each visible function's f (solid) and f′ (dashed) in the
// same colour, sampled by the core; jumps (kinks in f′, steps in hardshrink/threshold) are left as gaps.
import { getActivation, sampleActivation } from '../../core';
import { functionLabelText } from '../../core/codegen/labels';
import type { ExplorerState } from '../../core/protocol/explorer';
import type { PlotlyTrace } from '../plotly';

/** Which curve of a function. */
export type Curve = 'f' | 'derivative';

/**
 * Copies the samples with a gap (NaN, which Plotly does not connect) at each point where the curve jumps:
 * the catalog's kink points for f′, and for f too where f itself is discontinuous (hardshrink, threshold).
 * A jump drawn as a vertical line would show values the function never takes.
 */
export function withGapsAt(x: ArrayLike<number>, values: ArrayLike<number>, jumps: readonly number[]): { x: number[]; y: number[] } {
  const outX: number[] = [];
  const outY: number[] = [];
  const gap = (at: number) => {
    outX.push(at);
    outY.push(Number.NaN);
  };
  const sorted = [...jumps].sort((a, b) => a - b);
  let next = 0;
  for (let i = 0; i < values.length; i++) {
    while (next < sorted.length && sorted[next] < x[i]) {
      if (i > 0 && sorted[next] > x[i - 1]) gap(sorted[next]);
      next++;
    }
    if (next < sorted.length && sorted[next] === x[i]) {
      // A sample exactly at the jump holds PyTorch's one-sided value there: isolate it from both sides.
      if (i > 0) gap(x[i]);
      outX.push(x[i]);
      outY.push(values[i]);
      if (i < values.length - 1) gap(x[i]);
      next++;
      continue;
    }
    outX.push(x[i]);
    outY.push(values[i]);
  }
  return { x: outX, y: outY };
}

/** Traces for one curve kind (or both), one colour per function, in state order. */
export function buildTraces(state: ExplorerState, curves: readonly Curve[], colours: readonly string[], axes: { xaxis?: string; yaxis?: string } = {}): PlotlyTrace[] {
  const traces: PlotlyTrace[] = [];
  state.functions.forEach((fn, index) => {
    const samples = sampleActivation(fn.id, state.xRange, state.samples, fn.params);
    const activation = getActivation(fn.id);
    const kinks = activation.kinkPoints(fn.params);
    const colour = colours[index % colours.length];
    const label = functionLabelText(fn.id, fn.params);
    for (const curve of curves) {
      const values = curve === 'f' ? samples.y : samples.dy;
      const { x, y } = withGapsAt(samples.x, values, curve === 'f' && activation.properties.continuous ? [] : kinks);
      traces.push({
        x,
        y,
        name: curve === 'f' ? `${label}` : `${label} ′`,
        legendgroup: `fn${index}`,
        type: 'scatter',
        mode: 'lines',
        connectgaps: false,
        visible: fn.visible ? true : 'legendonly',
        line: { color: colour, width: 2, dash: curve === 'f' ? 'solid' : 'dash' },
        hovertemplate: `${curve === 'f' ? 'f' : 'f′'}(%{x:.6g}) = %{y:.7g}<extra>${escapeHoverText(label)}</extra>`,
        meta: { index, curve },
        ...axes,
      });
    }
  });
  return traces;
}

/** Plotly renders hover templates as a subset of HTML: keep labels as text. */
function escapeHoverText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
