// A one-line plain-text summary of a notebook output, stored beside the rich output as `text/plain` so that
// viewers without the Activation Lab renderer (Jupyter, GitHub, `nbconvert`) still say what the cell produced.
import { getActivation } from '../activations';
import type { NotebookPayload } from '../protocol/notebook';

const percent = (value: number | null | undefined) => (value === null || value === undefined ? null : `${(value * 100).toFixed(1)} %`);
const short = (value: number | null | undefined) => (value === null || value === undefined ? '—' : Number(value.toPrecision(4)).toString());

/** `Activation Lab run: finished 300 of 300 steps; training-set loss 0.0812; test accuracy 95.5 %`. */
export function payloadSummary(payload: NotebookPayload): string {
  switch (payload.kind) {
    case 'plot': {
      const names = payload.functions.map((fn) => getActivation(fn.name).name).join(', ');
      const curves = payload.show === 'both' ? 'f and f′' : payload.show === 'f' ? 'f' : 'f′';
      return `Activation Lab plot: ${curves} of ${names} on [${payload.range[0]}, ${payload.range[1]}]`;
    }
    case 'run': {
      const final = payload.final;
      const parts = [`${payload.status} after ${payload.stepsTaken} of ${payload.steps} steps`];
      if (final) parts.push(`training-set loss ${short(final.trainLoss ?? final.loss)}`);
      const accuracy = percent(final?.testAccuracy ?? final?.accuracy);
      if (accuracy) parts.push(`${final?.testAccuracy !== undefined ? 'test' : 'training'} accuracy ${accuracy}`);
      if (payload.diverged) parts.push(payload.diverged.message);
      return `Activation Lab run: ${parts.join('; ')}`;
    }
    case 'compare':
      return `Activation Lab comparison (${payload.metric ?? 'loss'}): ${payload.runs.map((run) => `${run.label} ${run.diverged ? 'diverged' : short(run.finalLoss)}`).join(', ')}`;
    case 'sweep':
      return `Activation Lab sweep, final training loss by activation × learning rate (${payload.columns.join(', ')}): ${payload.rows
        .map((row, r) => `${row}: ${payload.cells[r].map((v) => (v === 'diverged' ? '✕' : short(v))).join(' ')}`)
        .join('; ')}`;
  }
}
