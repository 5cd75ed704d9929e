// Fuzz target: CSV import (`parseCsv`, and CSV data in a spec). Valid files — a header of awkward but legal
// names, numeric features in many spellings, a label column, CRLF/LF, BOM, blank lines — are broken one cell,
// row or quote at a time; a rejection must name the line (and the column, for a bad value), an accepted file
// must give finite float32 inputs and labels a trainer can take a step on.
import fc from 'fast-check';
import { parseCsv } from '../../src/core/data';
import { conformSpec } from '../../src/core/lab/conform';
import type { TrainingSpec } from '../../src/core/protocol/spec';
import { createTrainer } from '../../src/core/nn';
import { hostileString, HTML_ATTACKS, type Case } from './arbitraries';
import { bounded, FuzzFailure, rejectionMessage, type Stats, type Target } from './harness';

/** What the generator knows about a valid CSV file. */
export interface CsvMeta {
  /** Header names as the parser sees them (trimmed). */
  readonly header: readonly string[];
  readonly labelIndex: number;
  readonly task: 'classification' | 'regression';
  /** 1-based line of each data row. */
  readonly rowLines: readonly number[];
  /** The raw cells of each data row (unquoted). */
  readonly cells: readonly (readonly string[])[];
  readonly newline: string;
  readonly bom: boolean;
  /** Line (0-based index into the data rows) before which a blank line sits, or -1. */
  readonly blankBefore: number;
}

/** The input of `parseCsv`. */
export interface CsvInput {
  readonly text: string;
  readonly labelColumn: string | number;
  readonly task?: 'classification' | 'regression';
}

/** Quotes a field when it needs it (RFC 4180), or always when `force`. */
export function csvField(value: string, force = false): string {
  return force || /[",\r\n]/.test(value) || value.trim() !== value ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Column names that are legal but awkward: HTML, quotes, commas, unicode, padding. */
const columnName = fc.oneof(
  { arbitrary: fc.constantFrom('x1', 'x2', 'feature', 'petal width', 'ключ', 'ß🙂', 'a,b', 'say "hi"', ' padded ', 'label2', '%', '__proto__', 'constructor'), weight: 4 },
  { arbitrary: fc.constantFrom(...HTML_ATTACKS.filter((a) => !/[\r\n]/.test(a))), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }), weight: 2 },
);

/** A number as people write it in CSV files. */
const numberText = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }).map((v) => String(v)),
  fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }).map((v) => v.toExponential(3)),
  fc.integer({ min: 0, max: 99 }).map((v) => `+${v}.5`),
  fc.integer({ min: 0, max: 9 }).map((v) => ` ${v} `),
  fc.constantFrom('0', '-0', '.5', '5.', '1e-3', '0x10', '1E2'),
);

const classLabel = fc.oneof(fc.constantFrom('cat', 'dog', 'bird', '0', '1', '2', '<b>A</b>', 'ß', 'yes', 'no'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }));

/** A valid CSV file with what is known about it. */
export const validCsv: fc.Arbitrary<{ value: CsvInput; meta: CsvMeta }> = fc
  .record({
    names: fc.uniqueArray(columnName, { minLength: 2, maxLength: 5, selector: (n) => n.trim() }).filter((names) => names.every((n) => n.trim() !== '')),
    labelPick: fc.nat(),
    task: fc.constantFrom('classification' as const, 'regression' as const),
    rows: fc.array(fc.tuple(fc.array(numberText, { minLength: 5, maxLength: 5 }), classLabel, numberText), { minLength: 2, maxLength: 24 }),
    twoLabels: fc.tuple(classLabel, classLabel).filter(([a, b]) => a.trim() !== b.trim() && a.trim() !== '' && b.trim() !== ''),
    newline: fc.constantFrom('\n', '\r\n'),
    trailingNewline: fc.boolean(),
    bom: fc.boolean(),
    blankPick: fc.integer({ min: -8, max: 23 }),
    quoteAll: fc.boolean(),
    byName: fc.boolean(),
    giveTask: fc.boolean(),
  })
  .map(({ names, labelPick, task, rows, twoLabels, newline, trailingNewline, bom, blankPick, quoteAll, byName, giveTask }) => {
    const labelIndex = labelPick % names.length;
    const header = names.map((n) => n.trim());
    const cells = rows.map(([numbers, label, numericLabel], r) =>
      names.map((_, c) => {
        if (c !== labelIndex) return numbers[c];
        if (task === 'regression') return numericLabel;
        return r < 2 ? twoLabels[r] : label.trim() === '' ? twoLabels[0] : label;
      }),
    );
    const blankBefore = blankPick >= 0 && blankPick < rows.length ? blankPick : -1;
    const lines = [names.map((n) => csvField(n, quoteAll)).join(',')];
    const rowLines: number[] = [];
    cells.forEach((row, r) => {
      if (r === blankBefore) lines.push('');
      rowLines.push(lines.length + 1);
      lines.push(row.map((v) => csvField(v, quoteAll)).join(','));
    });
    const text = `${bom ? '\uFEFF' : ''}${lines.join(newline)}${trailingNewline ? newline : ''}`;
    const value: CsvInput = { text, labelColumn: byName ? header[labelIndex] : labelIndex, ...(giveTask || task === 'regression' ? { task } : {}) };
    return { value, meta: { header, labelIndex, task, rowLines, cells, newline, bom, blankBefore } };
  });

/** One targeted change to a valid CSV file, with what a rejection must then name. */
interface CsvMutation {
  readonly input: CsvInput;
  readonly what: string;
  /** Text the rejection message must contain (`line 5`, `"petal width"`); empty when any named line will do. */
  readonly mustName: readonly string[];
  /** Whether the change must be rejected. */
  readonly mustReject: boolean;
}

const TRICKY_CELLS = ['', ' ', 'abc', 'NaN', 'Infinity', '-Infinity', '1e39', '-1e39', '3.5e38', '1e309', '0x1G', '1,5', '1 2', '\u0000', '١٢', '½', '<script>window.__pwned=1</script>', '"', 'true'];

function rebuild(meta: CsvMeta, cells: readonly (readonly string[])[], quote: (r: number, c: number, v: string) => string = (_r, _c, v) => csvField(v)): string {
  const lines = [meta.header.map((n) => csvField(n)).join(',')];
  cells.forEach((row, r) => {
    if (r === meta.blankBefore) lines.push('');
    lines.push(row.map((v, c) => quote(r, c, v)).join(','));
  });
  return `${meta.bom ? '\uFEFF' : ''}${lines.join(meta.newline)}`;
}

function mutate(base: { value: CsvInput; meta: CsvMeta }, kind: number, rowPick: number, colPick: number, text: string): CsvMutation {
  const { meta, value } = base;
  const r = rowPick % meta.cells.length;
  const c = colPick % meta.header.length;
  const line = `line ${meta.rowLines[r]}`;
  const column = `"${meta.header[c]}"`;
  const setCell = (v: string) => meta.cells.map((row, i) => (i === r ? row.map((old, j) => (j === c ? v : old)) : row));
  switch (kind % 9) {
    case 0:
    case 1: {
      // A cell replaced by a value (quoted, so the row keeps its shape).
      const cells = setCell(text);
      const input = { ...value, text: rebuild(meta, cells) };
      const trimmed = text.trim();
      const numeric = trimmed !== '' && Number.isFinite(Number(trimmed));
      if (c !== meta.labelIndex || meta.task === 'regression') {
        // Feature cells (and regression labels) must be numbers; a finite double that float32 cannot hold is not one.
        const fits = numeric && Number.isFinite(Math.fround(Number(trimmed)));
        return { input, what: `row ${r} column ${c} = ${JSON.stringify(text.slice(0, 30))}`, mustName: [line, column], mustReject: !fits };
      }
      // Any non-empty text is a class label (a file left with one class is refused naming the label column).
      return { input, what: `label of row ${r} = ${JSON.stringify(text.slice(0, 30))}`, mustName: trimmed === '' ? [line, column] : [column], mustReject: trimmed === '' };
    }
    case 2: {
      // A field removed from a row.
      const cells = meta.cells.map((row, i) => (i === r ? row.filter((_, j) => j !== c) : row));
      return { input: { ...value, text: rebuild(meta, cells) }, what: `row ${r} lost field ${c}`, mustName: [line], mustReject: true };
    }
    case 3: {
      // A field added to a row.
      const cells = meta.cells.map((row, i) => (i === r ? [...row, '1'] : row));
      return { input: { ...value, text: rebuild(meta, cells) }, what: `row ${r} gained a field`, mustName: [line], mustReject: true };
    }
    case 4: {
      // A quote opened in the last cell and never closed (earlier, a later quoted cell could close it).
      const lastRow = meta.cells.length - 1;
      const lastColumn = meta.header.length - 1;
      const input = { ...value, text: rebuild(meta, meta.cells, (i, j, v) => (i === lastRow && j === lastColumn ? `"${v.replace(/"/g, '')}` : csvField(v))) };
      return { input, what: `the last cell opens a quote`, mustName: [`line ${meta.rowLines[lastRow]}`], mustReject: true };
    }
    case 5: {
      // The label column named wrongly (by name or by index).
      const labelColumn = rowPick % 2 === 0 ? `${text}` : meta.header.length + (colPick % 3);
      const exists = typeof labelColumn === 'string' && meta.header.includes(labelColumn.trim());
      return { input: { ...value, labelColumn }, what: `labelColumn = ${JSON.stringify(String(labelColumn).slice(0, 30))}`, mustName: exists ? [] : ['labelColumn'], mustReject: !exists };
    }
    case 6: {
      // Only the header left.
      const text2 = rebuild(meta, []);
      return { input: { ...value, text: text2 }, what: 'no data rows', mustName: [], mustReject: true };
    }
    case 7: {
      // A value spliced in raw (it may bring its own commas, quotes and newlines).
      const input = { ...value, text: rebuild(meta, meta.cells, (i, j, v) => (i === r && j === c ? text : csvField(v))) };
      return { input, what: `raw text ${JSON.stringify(text.slice(0, 30))} at row ${r} column ${c}`, mustName: [], mustReject: false };
    }
    default: {
      // Many rows: the file repeated to a megabyte or two.
      const body = meta.cells.map((row) => row.map((v) => csvField(v)).join(',')).join('\n');
      const copies = Math.ceil((1 << 20) / Math.max(1, body.length));
      const big = `${meta.header.map((n) => csvField(n)).join(',')}\n${Array.from({ length: copies }, () => body).join('\n')}`;
      return { input: { ...value, text: big }, what: `${copies} copies of the rows (${big.length} characters)`, mustName: [], mustReject: false };
    }
  }
}

/** Valid files (about 15 %) and targeted breakages. */
export const csvCases: fc.Arbitrary<Case<{ mutation: CsvMutation | null; meta: CsvMeta }>> = fc
  .record({ base: validCsv, dice: fc.integer({ min: 0, max: 99 }), kind: fc.nat(), row: fc.nat(), col: fc.nat(), text: fc.oneof(fc.constantFrom(...TRICKY_CELLS), hostileString) })
  .map(({ base, dice, kind, row, col, text }) => {
    if (dice < 15) return { value: base.value, mutation: null, meta: { mutation: null, meta: base.meta } };
    const change = mutate(base, kind, row, col, text);
    return { value: change.input, mutation: { op: 'replace', path: [], what: change.what }, meta: { mutation: change, meta: base.meta } };
  });

/** Every value of a float32 array is finite. */
function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** One training step on a spec made from the CSV (the Training Lab's import does the same with conformSpec). */
export async function trainOneStep(spec: TrainingSpec, where: string): Promise<void> {
  let trainer;
  try {
    trainer = await createTrainer(spec, { backend: 'cpu' });
    await trainer.step();
  } catch (error) {
    throw new FuzzFailure(`${where}: the next layer failed on an accepted value: ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`.slice(0, 600));
  } finally {
    trainer?.dispose();
  }
}

export const csvTarget: Target<{ mutation: CsvMutation | null; meta: CsvMeta }> = {
  name: 'csv',
  group: 'CSV files',
  arbitrary: csvCases,
  async check(value, stats: Stats) {
    const input = value.value as CsvInput;
    const change = value.meta.mutation;
    let parsed;
    try {
      parsed = await bounded('parseCsv', () => parseCsv(input.text, { labelColumn: input.labelColumn, task: input.task }));
    } catch (error) {
      const message = rejectionMessage(error, 'parseCsv');
      stats.rejected++;
      if (!change) throw new FuzzFailure(`a valid CSV file was rejected: ${message}`);
      const missing = change.mustName.filter((name) => !message.includes(name));
      if (missing.length) throw new FuzzFailure(`the rejection does not name ${missing.join(' and ')}: ${message.slice(0, 300)}`);
      if (change.mustName.length) stats.namedExact++;
      else if (/\bline \d+|labelColumn|header|data rows|empty/.test(message)) stats.namedRelated++;
      else throw new FuzzFailure(`the rejection names no line, column or field: ${message.slice(0, 300)}`);
      return;
    }
    stats.accepted++;
    if (change?.mustReject) throw new FuzzFailure(`accepted a file that must be rejected (${change.what})`);
    if (!allFinite(parsed.x) || !allFinite(parsed.y)) throw new FuzzFailure('accepted a file whose values are not finite float32 numbers (inputs or labels became ±Infinity)');
    if (parsed.task === 'classification' && parsed.classes.length < 2) throw new FuzzFailure(`accepted a classification file with ${parsed.classes.length} class`);
    if (!change) {
      if (parsed.rows !== value.meta.meta.cells.length) throw new FuzzFailure(`${parsed.rows} rows parsed, ${value.meta.meta.cells.length} written`);
      if (parsed.features.length !== value.meta.meta.header.length - 1) throw new FuzzFailure(`${parsed.features.length} features parsed`);
    }
    // The next layer: a spec trained on it for one step (small files only: the step is bounded).
    if (parsed.rows * parsed.features.length > 20_000) {
      stats.nextLayerSkipped++;
      return;
    }
    const base = {
      seed: 1,
      data: { csv: input.text, labelColumn: input.labelColumn, ...(input.task ? { task: input.task } : {}), testFraction: 0.25 },
      model: { input: [1], layers: [{ type: 'dense', units: 3, activation: 'relu' }, { type: 'dense', units: 1 }] },
      loss: 'mse',
      optimizer: { type: 'sgd', lr: 0.01 },
      batchSize: 4,
      steps: 1,
    } as TrainingSpec;
    let spec: TrainingSpec;
    try {
      spec = conformSpec(base);
    } catch (error) {
      // A split that leaves nothing to train on is a rejection with a reason; anything else is a bug.
      const message = rejectionMessage(error, 'conformSpec');
      if (!/data leaves no training samples/.test(message)) throw new FuzzFailure(`conformSpec failed on an accepted CSV: ${message}`);
      stats.nextLayerSkipped++;
      return;
    }
    await trainOneStep(spec, 'csv → spec');
    stats.nextLayer++;
  },
};
