// Fuzz targets: webview messages, both directions, for both panels. Valid messages of every type — hostile
// but legal text in their free-text fields, every activation with parameters, valid lab set-ups — are broken one
// field at a time. The parsers never throw; a rejection names the field; an accepted message is handed to what
// its receiver does next (traces, CSV export, copied code, a trainer step, the PyTorch script).
import fc from 'fast-check';
import { activations } from '../../src/core/activations';
import { activationCode, explorerCsv } from '../../src/core/codegen';
import { pytorchScript } from '../../src/core/codegen/pytorchScript';
import { conformSpec } from '../../src/core/lab/conform';
import { defaultLabSpec } from '../../src/core/lab/experiments';
import { parseExplorerMessage, parseExtensionMessage, type ExplorerState, MAX_PLOTTED_FUNCTIONS } from '../../src/core/protocol/explorer';
import type { TrainingSpec } from '../../src/core/protocol/spec';
import { parseExtensionToLabMessage, parseLabMessage, validateLabSetup } from '../../src/core/protocol/trainingLab';
import type { Validated } from '../../src/core/protocol/validation';
import { buildTraces } from '../../src/webview/explorer/traces';
import { effectiveOp, hostileString, mutated, namesPath, type Case } from './arbitraries';
import { trainOneStep } from './csv';
import { bounded, checkMessage, FuzzFailure, type Stats, type Target } from './harness';
import { checkSpecRejection, MAX_TRAINING_COST, trainingCost, validSpec } from './specs';

/** Hostile text that fits a field of at most `max` characters. */
export const textUpTo = (max: number, min = 0): fc.Arbitrary<string> => hostileString.filter((s) => s.length <= max && s.length >= min);

/** Valid parameter values of one catalog activation (a subset, in range; string options from the list). */
export const plottedParams = (index: number): fc.Arbitrary<Record<string, number | string>> => {
  const activation = activations[index % activations.length];
  return fc.record({ pick: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), values: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }), option: fc.nat() }).map(({ pick, values, option }) => {
    const params: Record<string, number | string> = {};
    activation.params.forEach((p, i) => {
      if (!pick[i % 4]) return;
      if (p.options) params[p.name] = p.options[option % p.options.length];
      else if (p.name === 'num_parameters') params[p.name] = 1;
      else {
        let v = values[i % 4];
        if (p.min !== undefined) v = Math.max(v, p.exclusiveMin ? p.min + 0.01 : p.min);
        if (p.max !== undefined) v = Math.min(v, p.max);
        params[p.name] = p.integer ? Math.round(v) : v;
      }
    });
    try {
      activation.resolveParams(params);
      return params;
    } catch {
      return {};
    }
  });
};

const plottedFunction = fc.nat().chain((index) => fc.record({ id: fc.constant(activations[index % activations.length].id), params: plottedParams(index), visible: fc.boolean() }));

const range = fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true })).map(([low, width]) => [low, Math.min(1e6, low + width)] as [number, number]).filter(([a, b]) => b > a);

export const validExplorerState: fc.Arbitrary<ExplorerState> = fc.record({
  version: fc.constant(1 as const),
  functions: fc.array(plottedFunction, { minLength: 1, maxLength: 4 }),
  show: fc.constantFrom('f' as const, 'derivative' as const, 'both' as const, 'side-by-side' as const),
  xRange: range,
  yRange: fc.option(range, { nil: null }),
  samples: fc.integer({ min: 50, max: 400 }),
  view: fc.constantFrom('plot' as const, 'compare' as const),
});

const requestId = fc.nat({ max: 1_000_000 });
const imageFormat = fc.constantFrom('png' as const, 'svg' as const);

export const validExplorerToExtension = fc.oneof(
  fc.constant({ type: 'ready' }),
  validExplorerState.map((state) => ({ type: 'stateChanged', state })),
  fc.record({ type: fc.constant('image'), requestId, format: imageFormat, dataUrl: fc.constantFrom('data:image/png;base64,iVBORw0KGgo=', 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"><script>window.__pwned=1</script></svg>', 'data:image/png,') }),
  fc.record({ type: fc.constant('imageFailed'), requestId, message: textUpTo(2000) }),
  fc.constant({ type: 'saveCsv' }),
  fc.record({ type: fc.constant('saveImage'), format: imageFormat }),
  fc.record({ type: fc.constant('copyCode'), framework: fc.constantFrom('pytorch', 'keras'), index: fc.integer({ min: 0, max: MAX_PLOTTED_FUNCTIONS - 1 }) }),
  fc.record({ type: fc.constant('error'), message: textUpTo(2000) }),
);

export const validExtensionToExplorer = fc.oneof(validExplorerState.map((state) => ({ type: 'setState', state })), fc.record({ type: fc.constant('exportImage'), requestId, format: imageFormat }));

export const validLabSetup = fc.record({
  version: fc.constant(1),
  spec: validSpec.map((s) => s.value),
  backend: fc.constantFrom('auto', 'cpu', 'webgpu'),
  view: fc.constantFrom('train', 'compare', 'sweep'),
  experiment: fc.option(textUpTo(64), { nil: null }),
  speed: fc.integer({ min: 0, max: 1_000_000 }),
});

export const validLabToExtension = fc.oneof(
  fc.constant({ type: 'ready' }),
  validLabSetup.map((setup) => ({ type: 'setupChanged', setup })),
  fc.record({
    type: fc.constant('runState'),
    running: fc.boolean(),
    step: fc.nat(),
    backend: textUpTo(32),
    backendReason: textUpTo(500),
    testAccuracy: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    loss: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
    diverged: fc.option(textUpTo(1000), { nil: null }),
  }),
  fc.constant({ type: 'saveSpec' }),
  fc.constant({ type: 'loadSpec' }),
  fc.constant({ type: 'exportPytorch' }),
  fc.record({ type: fc.constant('exportHistory'), format: fc.constantFrom('csv', 'json'), content: hostileString }),
  fc.constant({ type: 'importCsv' }),
  fc.record({ type: fc.constant('error'), message: textUpTo(2000) }),
);

export const validExtensionToLab = fc.oneof(
  validLabSetup.map((setup) => ({ type: 'setSetup', setup })),
  fc.record({ type: fc.constant('csvImported'), fileName: textUpTo(500), csv: fc.oneof(fc.constantFrom('x1,x2,label\n1,2,a\n3,4,b\n', 'a,b\n1,0\n2,1', 'label,x\ncat,1\ndog,2\ncat,3'), hostileString) }),
  fc.record({ type: fc.constant('runExperiment'), id: textUpTo(64) }),
  fc.record({ type: fc.constant('control'), action: fc.constantFrom('play', 'pause', 'step', 'reset') }),
);

const withMeta = <T>(arbitrary: fc.Arbitrary<T>) => arbitrary.map((value) => ({ value, meta: null }));

/** Calls a parser that must never throw, and checks what it returned. */
async function parseSafely<T>(what: string, parse: (input: unknown) => Validated<T>, input: unknown): Promise<Validated<T>> {
  let result: Validated<T>;
  try {
    result = await bounded(what, () => parse(input));
  } catch (error) {
    if (error instanceof FuzzFailure) throw error;
    throw new FuzzFailure(`${what} threw (it must return a rejection): ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`.slice(0, 500));
  }
  if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') throw new FuzzFailure(`${what} returned ${String(result)}`);
  return result;
}

/** Checks a rejection's message names the mutated field; spec fields inside a set-up are checked as spec paths. */
function checkRejection(message: string, value: Case, stats: Stats): void {
  checkMessage(message, 'message parser');
  const mutation = value.mutation;
  if (!mutation) throw new FuzzFailure(`a valid message was rejected: ${message.slice(0, 400)}`);
  const path = mutation.path;
  // setup.spec.* is checked by validateSpec, whose message follows "setup: spec: ".
  if (path[0] === 'setup' && path[1] === 'spec' && path.length > 2 && message.includes('setup: spec: ')) {
    const specMessage = message.slice(message.indexOf('setup: spec: ') + 'setup: spec: '.length);
    checkSpecRejection(specMessage, { ...value, value: (value.value as { setup: { spec: unknown } }).setup.spec, mutation: { ...mutation, path: path.slice(2) } }, stats);
    return;
  }
  if (path.length === 0 || namesPath(message, path) || (effectiveOp(value) === 'delete' && path.length > 1 && namesPath(message, path.slice(0, -1)))) {
    if (path.length) stats.namedExact++;
    else stats.namedRelated++;
    return;
  }
  // Checks of a field's content against another (a union, a discriminator) may name the enclosing object.
  for (let end = path.length - 1; end >= 1; end--) {
    if (namesPath(message, path.slice(0, end))) {
      stats.namedRelated++;
      return;
    }
  }
  if (/: (type|version)\b|^invalid [^:]+: (type|version|\(message\))/.test(message) || message.includes('(message)')) {
    stats.namedRelated++;
    return;
  }
  throw new FuzzFailure(`the rejection does not name the mutated field ${JSON.stringify(path.map(String))}: ${message.slice(0, 400)}`);
}

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c'];

/** What the Explorer's two sides do with a state: traces (webview), the CSV export and copied code (extension). */
function useExplorerState(state: ExplorerState): void {
  const traces = buildTraces(state, ['f', 'derivative'], COLOURS);
  for (const trace of traces) {
    if (!Array.from(trace.x).every((v) => Number.isFinite(v))) throw new FuzzFailure('a trace has a non-finite x');
    if (typeof trace.name !== 'string') throw new FuzzFailure('a trace has no name');
  }
  explorerCsv(state);
  for (const fn of state.functions) {
    activationCode(fn.id, fn.params, 'pytorch');
    activationCode(fn.id, fn.params, 'keras');
  }
}

/** What the Training Lab's two sides do with a set-up: a trainer step (webview worker), the PyTorch script (extension). */
async function useLabSetup(setup: { spec: unknown }, stats: Stats): Promise<void> {
  const checked = validateLabSetup(setup);
  if (!checked.ok) throw new FuzzFailure(`an accepted message carries a set-up validateLabSetup refuses: ${checked.error.slice(0, 300)}`);
  const spec = checked.value.spec as TrainingSpec;
  pytorchScript(spec);
  if (trainingCost(spec) > MAX_TRAINING_COST) {
    stats.nextLayerSkipped++;
    return;
  }
  await trainOneStep(spec, 'lab set-up');
  stats.nextLayer++;
}

/** The Training Lab page's CSV import: the label column it guesses, then the spec conformed to the file. */
function importCsv(csv: string): void {
  const header = (csv.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const labelColumn = header.find((h) => /^(label|labels|class|target|y)$/i.test(h)) ?? Math.max(0, header.length - 1);
  let spec: TrainingSpec;
  try {
    spec = conformSpec({ ...defaultLabSpec(), data: { csv, labelColumn, testFraction: 0.2 } });
  } catch (error) {
    // The page shows the reason as text: it must be a reason, not an engine error.
    if (!(error instanceof Error) || error.constructor !== Error) throw new FuzzFailure(`importing a CSV threw ${String(error).slice(0, 200)}`);
    checkMessage(error.message, 'CSV import');
    return;
  }
  const checked = validateLabSetup({ version: 1, spec, backend: 'cpu', view: 'train', experiment: null });
  if (!checked.ok) checkMessage(checked.error, 'CSV import set-up');
}

function messageTarget(name: string, group: string, valid: fc.Arbitrary<unknown>, parse: (input: unknown) => Validated<{ type: string }>, use: (message: Record<string, unknown>, stats: Stats) => Promise<void>): Target {
  return {
    name,
    group,
    arbitrary: mutated(withMeta(valid)),
    async check(value, stats) {
      const result = await parseSafely(name, parse, value.value);
      if (!result.ok) {
        stats.rejected++;
        checkRejection(result.error, value, stats);
        return;
      }
      stats.accepted++;
      await use(result.value as unknown as Record<string, unknown>, stats);
    },
  };
}

export const explorerToExtensionTarget = messageTarget('explorer-to-extension', 'webview messages', validExplorerToExtension, parseExplorerMessage, async (message, stats) => {
  if (message.type === 'stateChanged') {
    useExplorerState(message.state as ExplorerState);
    stats.nextLayer++;
  }
});

export const extensionToExplorerTarget = messageTarget('extension-to-explorer', 'webview messages', validExtensionToExplorer, parseExtensionMessage, async (message, stats) => {
  if (message.type === 'setState') {
    useExplorerState(message.state as ExplorerState);
    stats.nextLayer++;
  }
});

export const labToExtensionTarget = messageTarget('lab-to-extension', 'webview messages', validLabToExtension, parseLabMessage, async (message, stats) => {
  if (message.type === 'setupChanged') await useLabSetup(message.setup as { spec: unknown }, stats);
});

export const extensionToLabTarget = messageTarget('extension-to-lab', 'webview messages', validExtensionToLab, parseExtensionToLabMessage, async (message, stats) => {
  if (message.type === 'setSetup') await useLabSetup(message.setup as { spec: unknown }, stats);
  else if (message.type === 'csvImported') {
    importCsv(message.csv as string);
    stats.nextLayer++;
  }
});
