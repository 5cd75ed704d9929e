// Fuzz target: the notebook kernel's cell language (`parseCell`, plus completion and hover on the same text).
// Valid cells — plot, train (options or a JSON spec), compare and sweep, with comments, blank lines and CRLF — have
// one option value, command or line replaced. A cell that cannot run must throw a CellError naming the mutated
// line (and a field); an accepted cell must give outputs the renderer's parser accepts.
import fc from 'fast-check';
import { activations } from '../../src/core/activations';
import { CellError, parseCell } from '../../src/core/notebook/cell';
import { completionsAt, hoverAt } from '../../src/core/notebook/language';
import { plotPayload, runCell } from '../../src/core/notebook/run';
import { parseNotebookPayload } from '../../src/core/protocol/notebook';
import { hostileString, type Case } from './arbitraries';
import { bounded, checkMessage, FuzzFailure, rejectionMessage, type Target } from './harness';
import { MAX_TRAINING_COST, trainingCost, validSpec } from './specs';

/** A cell as lines, with the 1-based line of each option key. */
interface CellSource {
  readonly lines: readonly string[];
  readonly newline: string;
  /** option key → its line (1-based), and `command` → the command's line. */
  readonly keyLines: Readonly<Record<string, number>>;
  readonly json: boolean;
}

const activationCall = fc.nat().chain((index) => {
  const a = activations[index % activations.length];
  const numeric = a.params.find((p) => typeof p.default === 'number' && p.name !== 'num_parameters' && p.min === undefined && p.max === undefined);
  // A value the activation accepts (hardtanh's min_val must stay below max_val): else the plain name.
  const call = (v: number) => {
    const value = Number(v.toFixed(3));
    try {
      a.resolveParams({ [numeric!.name]: value });
      return `${a.id}(${numeric!.name}=${value})`;
    } catch {
      return a.id;
    }
  };
  return fc.oneof(fc.constant(a.id), ...(numeric ? [fc.double({ min: -2, max: 2, noNaN: true }).map(call)] : []));
});

const activationList = fc.uniqueArray(activationCall, { minLength: 2, maxLength: 3 }).map((list) => list.join(', '));

const trainOptions = fc.record(
  {
    data: fc.record({ name: fc.constantFrom('circle', 'xor', 'spiral', 'moons', 'two_gaussians', 'sine'), samples: fc.integer({ min: 20, max: 80 }), noise: fc.constantFrom(0, 0.1), test: fc.constantFrom(0, 0.25) }).map((d) => `${d.name} samples=${d.samples} noise=${d.noise} test=${d.test}`),
    layers: fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.option(activationCall, { nil: undefined })), { minLength: 1, maxLength: 2 }).map((ls) => ls.map(([u, a]) => (a ? `${u} ${a}` : `${u}`)).join(', ')),
    optimizer: fc.constantFrom('adam lr=0.01', 'sgd lr=0.1 momentum=0.9', 'sgd lr=0.05 momentum=0.5 nesterov=true', 'adam lr=0.003 betas=0.9,0.99 eps=1e-7'),
    lr: fc.constantFrom('0.01', '0.1', '3e-3'),
    batch: fc.constantFrom('8', '16', 'full'),
    steps: fc.integer({ min: 1, max: 12 }).map(String),
    seed: fc.integer({ min: 0, max: 99 }).map(String),
    init: fc.constantFrom('pytorch', 'he_normal', 'xavier_uniform'),
    shuffle: fc.constantFrom('true', 'false'),
    'metrics-every': fc.constantFrom('1', '2', '5'),
    title: hostileString.filter((s) => !/[\r\n]/.test(s) && s.trim() !== '' && s.length < 200),
  },
  { requiredKeys: [] },
);

const plotOptions = fc.record(
  { range: fc.constantFrom('-5 5', '-1, 1', '0 10', '-1e3 1e3'), show: fc.constantFrom('f', 'derivative', 'both'), samples: fc.integer({ min: 2, max: 500 }).map(String), title: hostileString.filter((s) => !/[\r\n]/.test(s) && s.trim() !== '' && s.length < 200) },
  { requiredKeys: [] },
);

function build(command: string, options: Record<string, string | undefined>, comment: boolean, blank: boolean, newline: string): { value: CellSource; meta: null } {
  const lines: string[] = [];
  const keyLines: Record<string, number> = {};
  if (comment) lines.push('# an Activation Lab cell');
  lines.push(command);
  keyLines.command = lines.length;
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (blank && lines.length === 2) lines.push('');
    // A title holding "#" would lose the rest as a comment: keep titles without it.
    lines.push(`${key}: ${key === 'title' ? value.replace(/#/g, '') || 'title' : value}`);
    keyLines[key] = lines.length;
  }
  return { value: { lines, newline, keyLines, json: false }, meta: null };
}

const frame = fc.record({ comment: fc.boolean(), blank: fc.boolean(), newline: fc.constantFrom('\n', '\r\n') });

export const validCell: fc.Arbitrary<{ value: CellSource; meta: null }> = fc.oneof(
  fc.tuple(fc.array(activationCall, { minLength: 1, maxLength: 4 }), plotOptions, frame).map(([list, options, f]) => build(`plot ${list.join(', ')}`, options, f.comment, f.blank, f.newline)),
  fc.tuple(trainOptions, frame).map(([options, f]) => build('train', options, f.comment, f.blank, f.newline)),
  fc.tuple(activationList, trainOptions, frame).map(([list, options, f]) => build(`compare ${list}`, { ...options, lr: undefined }, f.comment, f.blank, f.newline)),
  fc.tuple(activationList, trainOptions, frame, fc.constantFrom('0.001 0.01', '0.1, 1', '0.01')).map(([list, options, f, rates]) => build(`sweep ${list}`, { ...options, lr: rates, steps: '2' }, f.comment, f.blank, f.newline)),
  fc.tuple(validSpec, frame).map(([spec, f]) => ({ value: { lines: ['train', ...JSON.stringify(spec.value, null, 2).split('\n')], newline: f.newline, keyLines: { command: 1 }, json: true }, meta: null })),
);

/** One line of a cell replaced, its option value replaced, or a line inserted; the line a CellError must name. */
interface CellMutation {
  readonly line: number | null;
  readonly what: string;
}

const lineText = fc.oneof(hostileString.map((s) => s.replace(/[\r\n]/g, ' ')), fc.constantFrom('plot relu', 'train', 'steps: 1e9', 'samples: 0', 'layers: 0 relu', 'data: spiral samples=1e9', 'lr: -1', 'optimizer: adam lr=NaN', 'batch: 0', 'range: 5 -5', 'show: both both', 'title:', '{', '}', '"steps": 1e400', 'layers: 8 relu(', 'layers: 4097', 'seed: -1', 'epochs: 3'));

export const cellCases: fc.Arbitrary<Case<CellMutation | null>> = fc
  .record({ base: validCell, dice: fc.integer({ min: 0, max: 99 }), pick: fc.nat(), op: fc.integer({ min: 0, max: 3 }), text: lineText })
  .map(({ base, dice, pick, op, text }): Case<CellMutation | null> => {
    const source = base.value;
    const join = (lines: readonly string[]) => lines.join(source.newline);
    if (dice < 15 || source.json) {
      // JSON cells are mutated through their spec by the spec target; here they run as written (or get a line).
      if (dice < 15 || op !== 3) return { value: join(source.lines), mutation: null, meta: null };
    }
    const keys = Object.keys(source.keyLines);
    const key = keys[pick % keys.length];
    const line = source.keyLines[key];
    const lines = [...source.lines];
    if (op === 0 && key !== 'command') {
      lines[line - 1] = `${key}: ${text}`;
      return { value: join(lines), mutation: { op: 'replace', path: [key], what: `${key}: ${JSON.stringify(text.slice(0, 30))}` }, meta: { line, what: key } };
    }
    if (op === 1) {
      lines[line - 1] = text;
      return { value: join(lines), mutation: { op: 'replace', path: [key], what: `line ${line} = ${JSON.stringify(text.slice(0, 30))}` }, meta: { line, what: `line ${line}` } };
    }
    if (op === 2) {
      lines.splice(line, 0, text);
      return { value: join(lines), mutation: { op: 'add', path: [key], what: `inserted ${JSON.stringify(text.slice(0, 30))} after line ${line}` }, meta: { line: line + 1, what: 'inserted line' } };
    }
    lines.push(text);
    return { value: join(lines), mutation: { op: 'add', path: ['end'], what: `appended ${JSON.stringify(text.slice(0, 30))}` }, meta: { line: null, what: 'appended line' } };
  });

export const cellTarget: Target<CellMutation | null> = {
  name: 'cells',
  group: 'notebook cells',
  arbitrary: cellCases,
  async check(value, stats) {
    const source = value.value as string;
    const lineCount = source.split(/\r?\n/).length;
    // Completion and hover at a few positions never throw.
    const lines = source.split(/\r?\n/);
    for (const line of [0, Math.floor(lines.length / 2), lines.length - 1]) {
      for (const character of [0, Math.floor((lines[line]?.length ?? 0) / 2), lines[line]?.length ?? 0]) {
        try {
          completionsAt(source, line, character);
          hoverAt(source, line, character);
        } catch (error) {
          throw new FuzzFailure(`completion/hover threw at ${line}:${character}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    let program;
    try {
      program = await bounded('parseCell', () => parseCell(source));
    } catch (error) {
      const message = rejectionMessage(error, 'parseCell', [CellError]);
      stats.rejected++;
      const cellError = error as CellError;
      if (!value.mutation) throw new FuzzFailure(`a valid cell was rejected: ${message.slice(0, 300)}`);
      if (!(cellError.line >= 1 && cellError.line <= lineCount)) throw new FuzzFailure(`CellError line ${cellError.line} is outside the cell's ${lineCount} lines`);
      if (!cellError.field) throw new FuzzFailure(`CellError names no field: ${message}`);
      if (!message.startsWith(`line ${cellError.line}, `)) throw new FuzzFailure(`CellError message does not start with its line: ${message.slice(0, 200)}`);
      const expected = value.meta?.line;
      if (expected === null || expected === undefined || cellError.line === expected) stats.namedExact++;
      else stats.namedRelated++;
      return;
    }
    stats.accepted++;
    // The kernel's output for it must pass the renderer's check.
    if (program.kind === 'plot') {
      const payload = plotPayload(program);
      const parsed = parseNotebookPayload(payload);
      if (!parsed.ok) throw new FuzzFailure(`the kernel's plot output is refused by the renderer: ${parsed.error.slice(0, 300)}`);
      stats.nextLayer++;
      return;
    }
    const specs = program.kind === 'train' ? [program.spec] : program.kind === 'compare' ? program.variants.map((v) => v.spec) : program.cells.map((c) => c.spec);
    const small = specs.length <= 6 && specs.every((spec) => trainingCost(spec) * ((spec.steps ?? 100) + 1) <= 10 * MAX_TRAINING_COST && (spec.steps ?? 100) <= 50 && spec.epochs === undefined);
    if (!small) {
      stats.nextLayerSkipped++;
      return;
    }
    const payload = await bounded('runCell', () => runCell(program, { progressEveryMs: 1e9 }));
    const parsed = parseNotebookPayload(payload);
    if (!parsed.ok) throw new FuzzFailure(`the kernel's ${payload.kind} output is refused by the renderer: ${checkMessage(parsed.error, 'renderer').slice(0, 300)}`);
    stats.nextLayer++;
  },
};
