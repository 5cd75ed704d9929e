// examples/activation-lab.ipynb ships with saved outputs, so it renders with no kernel at all. These tests keep
// those outputs exactly what the Activation Lab kernel computes for the cells above them (the CPU backend is
// bit-for-bit deterministic), and the Python cell's output exactly the payload its source emits.
// Regenerate after changing a cell or the engine:  ACTLAB_UPDATE_EXAMPLES=1 npx mocha out/test/unit/notebookExample.test.js
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CELL_LANGUAGE, NOTEBOOK_MIME, parseCell, payloadSummary, runCell } from '../../src/core/notebook';
import { parseNotebookPayload } from '../../src/core/protocol/notebook';

const EXAMPLE = path.resolve(__dirname, '../../../examples/activation-lab.ipynb');
const UPDATE = process.env.ACTLAB_UPDATE_EXAMPLES === '1';

interface IpynbCell {
  cell_type: string;
  id: string;
  metadata: { vscode?: { languageId?: string } };
  source: string[];
  execution_count?: number | null;
  outputs?: { output_type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }[];
}

const source = (cell: IpynbCell) => cell.source.join('');

/** The payload a Python cell builds: the JSON-compatible dict literal after `payload = `. */
function pythonPayload(code: string): unknown {
  const match = /payload = (\{[\s\S]*?\n\})\n/.exec(code);
  assert.ok(match, 'the Python cell assigns a dict literal to `payload`');
  return JSON.parse(match[1]);
}

describe('examples/activation-lab.ipynb', function () {
  this.timeout(120_000);
  const notebook = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as { cells: IpynbCell[] };
  const labCells = notebook.cells.filter((c) => c.cell_type === 'code' && c.metadata.vscode?.languageId === CELL_LANGUAGE);

  it('has Activation Lab cells of every command, and a Python cell that emits the MIME type', () => {
    const commands = labCells.map((c) => source(c).split('\n').find((l) => l.trim() && !l.trim().startsWith('#'))!.split(' ')[0]);
    assert.deepEqual([...new Set(commands)].sort(), ['compare', 'plot', 'sweep', 'train']);
    const python = notebook.cells.filter((c) => c.cell_type === 'code' && !c.metadata.vscode);
    assert.equal(python.length, 1);
    assert.match(source(python[0]), /display\(\{"application\/vnd\.activation-lab\+json": payload\}, raw=True\)/);
  });

  it('saves, for every Activation Lab cell, the output the kernel computes for it (and every saved output is valid)', async () => {
    let order = 0;
    const stale: string[] = [];
    for (const cell of labCells) {
      const payload = await runCell(parseCell(source(cell)));
      const expected = [{ output_type: 'display_data', data: { [NOTEBOOK_MIME]: payload, 'text/plain': [payloadSummary(payload)] }, metadata: {} }];
      const saved = JSON.parse(JSON.stringify(cell.outputs ?? []));
      if (JSON.stringify(saved) !== JSON.stringify(JSON.parse(JSON.stringify(expected))) || cell.execution_count !== order + 1) stale.push(cell.id);
      if (UPDATE) {
        cell.outputs = expected;
        cell.execution_count = order + 1;
      }
      order++;
      for (const output of (UPDATE ? expected : saved) as { data: Record<string, unknown> }[]) {
        const result = parseNotebookPayload(JSON.stringify(output.data[NOTEBOOK_MIME]));
        assert.ok(result.ok, `${cell.id}: ${(result as { error?: string }).error}`);
      }
    }
    const python = notebook.cells.find((c) => c.cell_type === 'code' && !c.metadata.vscode)!;
    const emitted = { output_type: 'display_data', data: { [NOTEBOOK_MIME]: pythonPayload(source(python)) }, metadata: {} };
    if (JSON.stringify(python.outputs) !== JSON.stringify([emitted])) stale.push(python.id);
    if (UPDATE) {
      python.outputs = [emitted];
      python.execution_count = 1;
      fs.writeFileSync(EXAMPLE, `${JSON.stringify(notebook, null, 1)}\n`);
      return;
    }
    assert.ok(parseNotebookPayload(emitted.data[NOTEBOOK_MIME]).ok, 'the Python cell emits a valid payload');
    assert.deepEqual(stale, [], `examples/activation-lab.ipynb has stale outputs in cells ${stale.join(', ')}: run \`ACTLAB_UPDATE_EXAMPLES=1 npx mocha out/test/unit/notebookExample.test.js\` (after \`node esbuild.js --only=core,tests\`) and commit the result`);
  });
});
