// Fuzz target: Activation Lab notebook files (`*.actlabnb`, Jupyter nbformat 4 JSON, read by `readNotebookFile` when
// VS Code opens one). Valid files — written by `writeNotebookFile`, with cells in every language, Activation Lab
// outputs, stream and error outputs — are broken one field at a time. Reading throws only an Error that names the
// field; an accepted file writes back, and its Activation Lab outputs go through the renderer's check without a throw.
import fc from 'fast-check';
import { readNotebookFile, writeNotebookFile, ERROR_MIME, type NotebookFile } from '../../src/core/notebook/ipynb';
import { NOTEBOOK_MIME, parseNotebookPayload } from '../../src/core/protocol/notebook';
import { effectiveOp, hostileString, mutated, namesPath } from './arbitraries';
import { bounded, checkMessage, FuzzFailure, rejectionMessage, type Target } from './harness';
import { jsonText, validPayload } from './payloads';

const output = fc.oneof(
  validPayload.map((p) => ({ items: [{ mime: NOTEBOOK_MIME, text: JSON.stringify(p.value) }, { mime: 'text/plain', text: 'Activation Lab output' }] })),
  hostileString.map((text) => ({ items: [{ mime: 'application/vnd.code.notebook.stdout', text }] })),
  hostileString.map((message) => ({ items: [{ mime: ERROR_MIME, text: JSON.stringify({ name: 'CellError', message, stack: `line 1\n${message}` }) }] })),
  fc.constant({ items: [{ mime: 'image/png', text: 'iVBORw0KGgo=' }] }),
);

const cell = fc.record({
  kind: fc.constantFrom('code' as const, 'markdown' as const),
  language: fc.constantFrom('activationlab', 'python', 'markdown'),
  source: fc.oneof(fc.constantFrom('plot relu, gelu', 'train\nsteps: 5', '# Notes\n\n*hi*'), hostileString),
  outputs: fc.array(output, { maxLength: 2 }),
  executionCount: fc.option(fc.nat({ max: 99 }), { nil: null }),
});

/** A valid file as its parsed JSON (so the mutation engine can break one field), from writeNotebookFile. */
const validFile = fc.array(cell, { maxLength: 4 }).map((cells) => {
  const notebook: NotebookFile = { cells: cells.map((c, i) => ({ ...c, id: `cell${i}`, outputs: c.kind === 'markdown' ? [] : c.outputs })) };
  return { value: JSON.parse(writeNotebookFile(notebook)) as unknown, meta: null };
});

export const notebookFileTarget: Target<null> = {
  name: 'notebook-files',
  group: 'notebook files',
  arbitrary: mutated(validFile),
  async check(value, stats) {
    // A file may hold what JSON.stringify cannot write (100 000-deep values): written without recursion.
    const text = jsonText(value.value);
    let notebook: NotebookFile;
    try {
      notebook = await bounded('readNotebookFile', () => readNotebookFile(text));
    } catch (error) {
      const message = rejectionMessage(error, 'readNotebookFile');
      stats.rejected++;
      const mutation = value.mutation;
      if (!mutation) throw new FuzzFailure(`a valid notebook file was refused: ${message.slice(0, 300)}`);
      const path = mutation.path;
      if (path.length && (namesPath(message, path) || (effectiveOp(value) === 'delete' && namesPath(message, path.slice(0, -1))))) stats.namedExact++;
      else if (path.length === 0 || /not a notebook|\(message\)/.test(message) || path.slice(0, -1).some((_, i) => namesPath(message, path.slice(0, i + 1)))) stats.namedRelated++;
      else throw new FuzzFailure(`the rejection does not name the mutated field ${JSON.stringify(path.map(String))}: ${message.slice(0, 300)}`);
      return;
    }
    stats.accepted++;
    try {
      writeNotebookFile(notebook);
    } catch (error) {
      throw new FuzzFailure(`writing back an accepted notebook failed: ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`);
    }
    for (const cellRead of notebook.cells) {
      for (const out of cellRead.outputs) {
        for (const item of out.items) {
          if (item.mime !== NOTEBOOK_MIME) continue;
          const parsed = parseNotebookPayload(item.text);
          if (!parsed.ok) checkMessage(parsed.error, 'a saved output');
        }
      }
    }
    stats.nextLayer++;
  },
};
