// CSV of an Explorer plot's sampled values: one row per x, f and f′ columns per function, float32 values
// written with enough digits to read back exactly.
import { sampleActivation } from '../sampling';
import type { ExplorerState } from '../protocol/explorer';
import { functionLabelText } from './labels';

/** A CSV field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Formats a float32 value so it parses back to the same float32 (9 significant digits); NaN/±Infinity by name. */
export function float32Text(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(Number(value.toPrecision(9)));
}

/** The state's functions sampled on its x-range: `x, <f>, <f> derivative, …`. */
export function explorerCsv(state: ExplorerState): string {
  const samples = state.functions.map((fn) => sampleActivation(fn.id, state.xRange, state.samples, fn.params));
  const header = ['x', ...state.functions.flatMap((fn) => [functionLabelText(fn.id, fn.params), `${functionLabelText(fn.id, fn.params)} derivative`])];
  const lines = [header.map(csvField).join(',')];
  for (let i = 0; i < state.samples; i++) {
    const row = [String(samples[0].x[i])];
    for (const s of samples) row.push(float32Text(s.y[i]), float32Text(s.dy[i]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
