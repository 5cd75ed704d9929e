// The file format of Activation Lab's own notebooks (`*.actlabnb`): Jupyter's nbformat 4.5 JSON, so a file can
// be renamed to .ipynb and opened anywhere (its outputs render wherever the renderer is installed). Reads and
// writes plain data; the extension's NotebookSerializer turns it into VS Code's notebook types.
import { z } from 'zod';
import { validate } from '../protocol/validation';

/** The language id of Activation Lab cells. */
export const CELL_LANGUAGE = 'activationlab';
/** VS Code's MIME type of an error output item (its data is JSON { name, message, stack }). */
export const ERROR_MIME = 'application/vnd.code.notebook.error';

/** One output item: its MIME type and its content as text (JSON text for JSON types, base64 for binary images). */
export interface OutputItemText {
  readonly mime: string;
  readonly text: string;
}

export interface NotebookFileCell {
  readonly kind: 'code' | 'markdown';
  readonly language: string;
  readonly source: string;
  readonly outputs: readonly { readonly items: readonly OutputItemText[] }[];
  readonly executionCount?: number | null;
  /** The nbformat cell id, kept across saves. */
  readonly id?: string;
}

export interface NotebookFile {
  readonly cells: readonly NotebookFileCell[];
}

const multiline = z.union([z.string(), z.array(z.string())]);
const fileSchema = z.object({
  nbformat: z.number().int().min(4, { error: 'expected nbformat 4 (Jupyter notebooks of 2015 and later)' }),
  metadata: z.record(z.string(), z.unknown()).optional(),
  cells: z.array(
    z.object({
      cell_type: z.enum(['code', 'markdown', 'raw']),
      id: z.string().optional(),
      source: multiline,
      metadata: z.record(z.string(), z.unknown()).optional(),
      execution_count: z.number().int().nullable().optional(),
      outputs: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
  ),
});

const joined = (value: string | readonly string[]) => (typeof value === 'string' ? value : value.join(''));

/** nbformat stores text as a list of lines, each but the last ending in \n. */
function lines(text: string): string[] {
  const parts = text.split(/(?<=\n)/);
  return parts.length === 1 && parts[0] === '' ? [] : parts;
}

const isJsonMime = (mime: string) => mime === 'application/json' || mime.endsWith('+json');
const isBinaryMime = (mime: string) => mime.startsWith('image/') && mime !== 'image/svg+xml';

/** A scalar as output text (nbformat has strings; a number or boolean is read as its text, null as nothing). */
const scalarText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : value === null || value === undefined ? '' : undefined;

/**
 * Output text as nbformat stores it: a string, or a list of strings to join (a stream output's `"text": 5` threw
 * "value.join is not a function"). A list or object where text belongs throws naming the field (joining deeply
 * nested lists overflowed the stack).
 */
function outputText(value: unknown, path: string, separator = ''): string {
  const scalar = scalarText(value);
  if (scalar !== undefined) return scalar;
  if (Array.isArray(value)) {
    return value
      .map((line, i) => {
        const text = scalarText(line);
        if (text === undefined) throw new Error(`not a notebook: ${path}[${i}] must be a line of text (got ${Array.isArray(line) ? 'a list' : 'an object'})`);
        return text;
      })
      .join(separator);
  }
  throw new Error(`not a notebook: ${path} must be text or a list of lines (got an object)`);
}

/** A JSON output's text; one nested too deep for JSON.stringify (it overflowed the stack) throws naming the field. */
function jsonOf(value: unknown, path: string): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw new Error(`not a notebook: ${path} nests too deeply to read`);
  }
}

function readOutput(output: Record<string, unknown>, path: string): { items: OutputItemText[] } | null {
  const type = output.output_type;
  if (type === 'stream') return { items: [{ mime: output.name === 'stderr' ? 'application/vnd.code.notebook.stderr' : 'application/vnd.code.notebook.stdout', text: outputText(output.text ?? '', `${path}.text`) }] };
  if (type === 'error') {
    const traceback = Array.isArray(output.traceback) ? outputText(output.traceback, `${path}.traceback`, '\n') : '';
    // Not String(): `"evalue": {"toString": "x"}` made it throw "Cannot convert object to primitive value".
    const name = output.ename === undefined || output.ename === null ? 'Error' : outputText(output.ename, `${path}.ename`);
    return { items: [{ mime: ERROR_MIME, text: JSON.stringify({ name, message: outputText(output.evalue, `${path}.evalue`), stack: traceback }) }] };
  }
  if (type !== 'display_data' && type !== 'execute_result') return null;
  const data = (output.data ?? {}) as Record<string, unknown>;
  const items = Object.entries(data).map(([mime, value]) => ({
    mime,
    text: typeof value === 'string' || Array.isArray(value) ? outputText(value, `${path}.data.${mime}`) : jsonOf(value, `${path}.data.${mime}`),
  }));
  return { items };
}

function writeOutput(output: { readonly items: readonly OutputItemText[] }): Record<string, unknown> {
  const first = output.items[0];
  if (output.items.length === 1 && first.mime === ERROR_MIME) {
    let error: { name?: string; message?: string; stack?: string } = {};
    try {
      error = JSON.parse(first.text);
    } catch {
      error = { message: first.text };
    }
    return { output_type: 'error', ename: error.name ?? 'Error', evalue: error.message ?? '', traceback: error.stack ? error.stack.split('\n') : [] };
  }
  // An output with no items (a display_data whose data was {}) is display data too: `every` holds for none, and
  // reading `first.mime` then threw, so such a notebook could be opened but not saved.
  if (output.items.length > 0 && output.items.every((item) => item.mime.endsWith('.stdout') || item.mime.endsWith('.stderr'))) {
    return { output_type: 'stream', name: first.mime.endsWith('.stderr') ? 'stderr' : 'stdout', text: lines(output.items.map((i) => i.text).join('')) };
  }
  const data: Record<string, unknown> = {};
  for (const item of output.items) {
    if (isJsonMime(item.mime)) {
      try {
        data[item.mime] = JSON.parse(item.text);
        continue;
      } catch {
        // Not JSON after all (a broken output): keep its text, so nothing is lost.
      }
    }
    data[item.mime] = isBinaryMime(item.mime) ? item.text : lines(item.text);
  }
  return { output_type: 'display_data', data, metadata: {} };
}

/** Reads a notebook file; an empty file is an empty notebook. Throws an Error that says what is wrong. */
export function readNotebookFile(text: string): NotebookFile {
  if (!text.trim()) return { cells: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not a notebook: the file is not valid JSON (${(error as Error).message})`);
  }
  const result = validate(fileSchema, json, 'notebook file (Jupyter nbformat 4 JSON)');
  if (!result.ok) throw new Error(result.error);
  const notebookLanguage = (result.value.metadata?.language_info as { name?: unknown } | undefined)?.name;
  const defaultLanguage = typeof notebookLanguage === 'string' ? notebookLanguage : CELL_LANGUAGE;
  return {
    cells: result.value.cells.map((cell, index) => {
      const vscodeLanguage = (cell.metadata?.vscode as { languageId?: unknown } | undefined)?.languageId;
      return {
        kind: cell.cell_type === 'markdown' ? 'markdown' : 'code',
        language: cell.cell_type === 'markdown' ? 'markdown' : typeof vscodeLanguage === 'string' ? vscodeLanguage : cell.cell_type === 'raw' ? 'raw' : defaultLanguage,
        source: joined(cell.source),
        outputs: (cell.outputs ?? []).map((output, j) => readOutput(output, `cells[${index}].outputs[${j}]`)).filter((o): o is { items: OutputItemText[] } => o !== null),
        executionCount: cell.execution_count ?? null,
        ...(cell.id ? { id: cell.id } : {}),
      };
    }),
  };
}

function newCellId(taken: Set<string>): string {
  for (;;) {
    const id = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
    if (!taken.has(id)) return id;
  }
}

/** Writes a notebook as nbformat 4.5 JSON (with a trailing newline, as Jupyter does). */
export function writeNotebookFile(notebook: NotebookFile): string {
  const taken = new Set(notebook.cells.map((c) => c.id).filter((id): id is string => !!id));
  const cells = notebook.cells.map((cell) => {
    const id = cell.id ?? newCellId(taken);
    taken.add(id);
    if (cell.kind === 'markdown') return { cell_type: 'markdown', id, metadata: {}, source: lines(cell.source) };
    return {
      cell_type: 'code',
      id,
      metadata: cell.language === CELL_LANGUAGE ? {} : { vscode: { languageId: cell.language } },
      execution_count: cell.executionCount ?? null,
      source: lines(cell.source),
      outputs: cell.outputs.map(writeOutput),
    };
  });
  const file = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'activation-lab', display_name: 'Activation Lab', language: CELL_LANGUAGE },
      language_info: { name: CELL_LANGUAGE },
    },
    cells,
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}
