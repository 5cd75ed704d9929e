// Fuzz target: notebook payloads (`application/vnd.activation-lab+json`, checked by `parseNotebookPayload` before
// the renderer draws anything). Valid payloads of the four kinds — hostile but legal titles, labels, layer names,
// messages; nulls in series; every optional field — are broken one field at a time, and given both as a value and
// as JSON text. The parser never throws and never falls back to "could not be checked"; a rejection names the field.
import fc from 'fast-check';
import { activations } from '../../src/core/activations';
import { payloadSummary } from '../../src/core/notebook/summary';
import { parseNotebookPayload, type NotebookPayload, type PayloadResult } from '../../src/core/protocol/notebook';
import { buildTraces } from '../../src/webview/explorer/traces';
import type { ExplorerState } from '../../src/core/protocol/explorer';
import { getActivation } from '../../src/core/activations';
import { effectiveOp, mutated, namesPath, type Case } from './arbitraries';
import { bounded, checkMessage, FuzzFailure, type Target } from './harness';
import { plottedParams, textUpTo } from './messages';
import { validSpec } from './specs';

const measured = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null, freq: 5 });
const fraction = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null, freq: 5 });

const plotFunction = fc.nat().chain((index) => {
  const activation = activations[index % activations.length];
  return fc.record({ name: fc.constantFrom(activation.id, ...activation.aliases.filter((a) => a.length <= 64)), params: fc.option(plottedParams(index), { nil: undefined }) }, { requiredKeys: ['name'] });
});

const plotRange = fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 100, noNaN: true })).map(([low, width]) => [low, Math.min(1e6, low + width)]).filter(([a, b]) => b > a);

export const validPlot = fc.record(
  { version: fc.constant(1), kind: fc.constant('plot'), title: textUpTo(200), functions: fc.array(plotFunction, { minLength: 1, maxLength: 4 }), range: plotRange, show: fc.constantFrom('f', 'derivative', 'both'), samples: fc.integer({ min: 2, max: 500 }) },
  { requiredKeys: ['version', 'kind', 'functions', 'range', 'show'] },
);

const history = fc.integer({ min: 0, max: 12 }).chain((n) =>
  fc.record(
    {
      step: fc.constant(Array.from({ length: n }, (_, i) => i * 3)),
      loss: fc.array(measured, { minLength: n, maxLength: n }),
      trainLoss: fc.array(measured, { minLength: n, maxLength: n }),
      testLoss: fc.array(measured, { minLength: n, maxLength: n }),
      accuracy: fc.array(fraction, { minLength: n, maxLength: n }),
      testAccuracy: fc.array(fraction, { minLength: n, maxLength: n }),
      deadFraction: fc.array(fc.array(fraction, { minLength: n, maxLength: n }), { maxLength: 3 }),
    },
    { requiredKeys: ['step', 'loss'] },
  ),
);

const boundary = fc.record({ columns: fc.integer({ min: 2, max: 6 }), rows: fc.integer({ min: 2, max: 6 }), output: fc.constantFrom('probability', 'class', 'value'), values: fc.array(fraction, { minLength: 36, maxLength: 36 }) }).map(({ columns, rows, output, values }) => ({
  x1: Array.from({ length: columns }, (_, i) => -6 + (12 * i) / (columns - 1)),
  x2: Array.from({ length: rows }, (_, i) => -6 + (12 * i) / (rows - 1)),
  values: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => values[(r * columns + c) % values.length])),
  output,
}));

const points = fc.integer({ min: 0, max: 20 }).chain((n) => fc.record({ x1: fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: n, maxLength: n }), x2: fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: n, maxLength: n }), y: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }) }));

export const validRun = fc.record(
  {
    version: fc.constant(1),
    kind: fc.constant('run'),
    title: textUpTo(200),
    status: fc.constantFrom('running', 'finished', 'cancelled', 'diverged'),
    spec: validSpec.map((s) => s.value),
    steps: fc.nat({ max: 1_000_000 }),
    stepsTaken: fc.nat({ max: 1_000_000 }),
    hiddenLayers: fc.array(textUpTo(100), { maxLength: 3 }),
    history,
    final: fc.record({ loss: measured, trainLoss: measured, testLoss: measured, accuracy: fraction, testAccuracy: fraction, deadFraction: fc.array(fraction, { maxLength: 3 }) }, { requiredKeys: ['loss'] }),
    diverged: fc.record({ step: fc.nat(), message: textUpTo(2000) }),
    boundary,
    data: fc.record({ task: fc.constantFrom('classification', 'regression'), classes: fc.integer({ min: 0, max: 100 }), train: points, test: points }, { requiredKeys: ['task', 'classes'] }),
  },
  { requiredKeys: ['version', 'kind', 'status', 'spec', 'steps', 'stepsTaken', 'history'] },
);

const compareRun = fc.integer({ min: 0, max: 10 }).chain((n) =>
  fc.record(
    {
      label: textUpTo(200, 1),
      steps: fc.constant(Array.from({ length: n }, (_, i) => i * 10)),
      loss: fc.array(measured, { minLength: n, maxLength: n }),
      finalLoss: measured,
      accuracy: fraction,
      testAccuracy: fraction,
      deadFraction: fc.array(fraction, { maxLength: 3 }),
      diverged: fc.option(textUpTo(2000), { nil: null }),
    },
    { requiredKeys: ['label', 'steps', 'loss', 'finalLoss'] },
  ),
);

export const validCompare = fc.record(
  { version: fc.constant(1), kind: fc.constant('compare'), title: textUpTo(200), status: fc.constantFrom('running', 'finished', 'cancelled'), metric: textUpTo(100), runs: fc.array(compareRun, { minLength: 1, maxLength: 4 }) },
  { requiredKeys: ['version', 'kind', 'runs'] },
);

export const validSweep = fc
  .record({
    title: fc.option(textUpTo(200), { nil: undefined }),
    status: fc.option(fc.constantFrom('running', 'finished', 'cancelled'), { nil: undefined }),
    rows: fc.array(textUpTo(100, 1), { minLength: 1, maxLength: 4 }),
    columns: fc.array(fc.double({ min: 1e-6, max: 10, noNaN: true }).filter((v) => v > 0), { minLength: 1, maxLength: 4 }),
    cells: fc.array(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant('diverged'), fc.constant(null)), { minLength: 16, maxLength: 16 }),
  })
  .map(({ title, status, rows, columns, cells }) => ({
    version: 1,
    kind: 'sweep',
    ...(title !== undefined ? { title } : {}),
    ...(status !== undefined ? { status } : {}),
    rows,
    columns,
    cells: rows.map((_, r) => columns.map((_, c) => cells[(r * columns.length + c) % cells.length])),
  }));

/** Any valid payload, with its kind. */
export const validPayload: fc.Arbitrary<{ value: unknown; meta: { kind: string } }> = fc.oneof(
  validPlot.map((value) => ({ value, meta: { kind: 'plot' } })),
  validRun.map((value) => ({ value, meta: { kind: 'run' } })),
  validCompare.map((value) => ({ value, meta: { kind: 'compare' } })),
  validSweep.map((value) => ({ value, meta: { kind: 'sweep' } })),
);

export const payloadCases = mutated(validPayload);

/** JSON text of any value, without recursion (JSON.stringify overflows on 100 000-deep values); same output otherwise. */
export function jsonText(root: unknown): string {
  try {
    return JSON.stringify(root) ?? 'null';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  // A stack of things still to write, popped from the end: raw text, or a value to expand.
  const out: string[] = [];
  const stack: ({ value: unknown } | { raw: string })[] = [{ value: root }];
  while (stack.length) {
    const item = stack.pop()!;
    if ('raw' in item) {
      out.push(item.raw);
      continue;
    }
    const value = item.value;
    if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') out.push('null');
    else if (typeof value !== 'object') out.push(JSON.stringify(value) ?? 'null');
    else if (Array.isArray(value)) {
      stack.push({ raw: ']' });
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i] }, ...(i > 0 ? [{ raw: ',' }] : []));
      stack.push({ raw: '[' });
    } else {
      const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
      stack.push({ raw: '}' });
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1] }, { raw: `${JSON.stringify(entries[i][0])}:` }, ...(i > 0 ? [{ raw: ',' }] : []));
      stack.push({ raw: '{' });
    }
  }
  return out.join('');
}

/** Messages about the payload as a whole (its size), which name no single field. */
const WHOLE_PAYLOAD = /holds more than \d+ values|characters long|is \d+ bytes|not valid JSON|must be a JSON object/;

function parseSafely(input: unknown, form: string): PayloadResult {
  let result: PayloadResult;
  try {
    result = parseNotebookPayload(input);
  } catch (error) {
    throw new FuzzFailure(`parseNotebookPayload threw on the ${form}: ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`.slice(0, 500));
  }
  if (!result.ok) {
    checkMessage(result.error, `parseNotebookPayload (${form})`);
    if (result.error.startsWith('the payload could not be checked')) throw new FuzzFailure(`a validator threw inside parseNotebookPayload (${form}): ${result.error.slice(0, 300)}`);
  }
  return result;
}

/** What the kernel and the renderer do with a payload before Plotly: its text summary, the plot's traces (the browser target draws it all). */
export function usePayload(payload: NotebookPayload): void {
  payloadSummary(payload);
  if (payload.kind === 'plot') {
    const functions = payload.functions.map((fn) => ({ id: getActivation(fn.name).id, params: { ...(fn.params ?? {}) }, visible: true }));
    buildTraces({ functions, xRange: payload.range, samples: payload.samples ?? 401 } as unknown as ExplorerState, ['f', 'derivative'], ['#000']);
  }
}

export const payloadTarget: Target<{ kind: string }> = {
  name: 'payloads',
  group: 'notebook payloads',
  arbitrary: payloadCases,
  async check(value: Case<{ kind: string }>, stats) {
    const asValue = await bounded('parseNotebookPayload(value)', () => parseSafely(value.value, 'value'));
    const text = jsonText(value.value);
    const asText = await bounded('parseNotebookPayload(text)', () => parseSafely(text, 'JSON text'));
    // JSON text loses NaN/Infinity/undefined (they become null or vanish): the two forms may differ only then.
    for (const result of [asValue, asText]) {
      if (result.ok) continue;
      stats.rejected++;
      const mutation = value.mutation;
      if (!mutation) throw new FuzzFailure(`a valid payload was rejected: ${result.error.slice(0, 400)}`);
      if (mutation.path.length === 0 || WHOLE_PAYLOAD.test(result.error)) stats.namedRelated++;
      else if (namesPath(result.error, mutation.path) || (effectiveOp(value) === 'delete' && namesPath(result.error, mutation.path.slice(0, -1)))) stats.namedExact++;
      // A check over a whole object or tuple (lengths that must agree, a range's order and bounds) names the enclosing field.
      else if (mutation.path.slice(0, -1).some((_, i) => namesPath(result.error, mutation.path.slice(0, i + 1))) || (mutation.path[0] === 'spec' && result.error.includes('spec:'))) stats.namedRelated++;
      else throw new FuzzFailure(`the rejection does not name the mutated field ${JSON.stringify(mutation.path.map(String))}: ${result.error.slice(0, 400)}`);
    }
    for (const result of [asValue, asText]) {
      if (!result.ok) continue;
      stats.accepted++;
      try {
        usePayload(result.value);
      } catch (error) {
        throw new FuzzFailure(`the renderer's views failed on an accepted payload: ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`.slice(0, 500));
      }
      stats.nextLayer++;
    }
  },
};
