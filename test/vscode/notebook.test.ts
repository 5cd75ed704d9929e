// Extension-host tests of notebooks, in a real VS Code: the example .ipynb opens with its saved Activation Lab
// outputs; the Activation Lab kernel runs its cells (output items and MIME type, execution order and timing),
// streams training progress without blocking the extension host, honours interrupt, reports cell errors by
// line and field; *.actlabnb notebooks save and reopen with outputs; completion and hover work in cells.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { NOTEBOOK_MIME, parseCell, runCell, writeNotebookFile } from '../../src/core/notebook';
import { parseNotebookPayload, type NotebookPayload, type RunPayload } from '../../src/core/protocol/notebook';

const EXTENSION_ID = 'activation-lab.activation-lab';
const ERROR_MIME = 'application/vnd.code.notebook.error';

const workspaceFile = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
const text = (item: vscode.NotebookCellOutputItem) => Buffer.from(item.data).toString('utf8');

/** The Activation Lab payload of a cell's first output (checked with the renderer's own parser). */
function payloadOf(cell: vscode.NotebookCell): NotebookPayload {
  const item = cell.outputs[0]?.items.find((i) => i.mime === NOTEBOOK_MIME);
  assert.ok(item, `cell ${cell.index} has an ${NOTEBOOK_MIME} output (outputs: ${JSON.stringify(cell.outputs.map((o) => o.items.map((i) => i.mime)))})`);
  const result = parseNotebookPayload(text(item));
  assert.ok(result.ok, (result as { error?: string }).error);
  return result.value;
}

async function eventually<T>(what: string, read: () => T, condition: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens a notebook file in an editor and selects the Activation Lab kernel (`controller`) for it. */
async function openWithKernel(uri: vscode.Uri, controller: string): Promise<vscode.NotebookEditor> {
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  const editor = await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: controller, extension: EXTENSION_ID });
  return editor;
}

/** Runs one cell and resolves once its execution has ended (a new end time after `since`). */
async function execute(notebook: vscode.NotebookDocument, index: number): Promise<vscode.NotebookCell> {
  const since = Date.now();
  void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
  return eventually(`cell ${index} to finish`, () => notebook.cellAt(index), (cell) => (cell.executionSummary?.timing?.endTime ?? 0) >= since && cell.executionSummary?.success !== undefined, 120_000);
}

async function appendCell(notebook: vscode.NotebookDocument, source: string): Promise<number> {
  const index = notebook.cellCount;
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(index, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, source, 'activationlab')])]);
  assert.ok(await vscode.workspace.applyEdit(edit));
  return index;
}

describe('Notebooks (extension host)', function () {
  this.timeout(240_000);
  let example: vscode.Uri;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
    await extension.activate();
    example = workspaceFile('activation-lab-example.ipynb');
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.extensionUri, 'examples', 'activation-lab.ipynb'), example, { overwrite: true });
  });

  afterEach(async () => {
    for (const notebook of vscode.workspace.notebookDocuments) if (notebook.isDirty && !notebook.isUntitled) await notebook.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the renderer, the notebook type, the cell language and its grammar', async () => {
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes;
    assert.deepEqual(contributes.notebookRenderer[0].mimeTypes, [NOTEBOOK_MIME]);
    assert.equal(contributes.notebookRenderer[0].entrypoint, './dist/renderer.js', 'in dist/ itself, so the output webview may load dist/media/plotly.min.js');
    assert.deepEqual(contributes.notebooks[0].selector, [{ filenamePattern: '*.actlabnb' }]);
    assert.ok((await vscode.languages.getLanguages()).includes('activationlab'));
  });

  it('opens the example notebook with saved Activation Lab outputs of every kind (they need no kernel)', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(example);
    assert.equal(notebook.notebookType, 'jupyter-notebook');
    const lab = notebook.getCells().filter((c) => c.document.languageId === 'activationlab');
    assert.equal(lab.length, 5);
    assert.deepEqual(lab.map((c) => payloadOf(c).kind), ['plot', 'plot', 'run', 'compare', 'sweep']);
    const python = notebook.getCells().find((c) => c.document.languageId === 'python')!;
    assert.deepEqual(python.outputs[0].items.map((i) => i.mime), [NOTEBOOK_MIME], 'the Python cell’s output is the MIME type alone, as IPython saves it');
    assert.equal((payloadOf(python) as { title?: string }).title, 'Emitted from Python');
  });

  it('runs an Activation Lab cell with the kernel: output items and MIME type, execution order and timing', async () => {
    const editor = await openWithKernel(example, 'activation-lab');
    const notebook = editor.notebook;
    const index = notebook.getCells().findIndex((c) => c.document.getText().startsWith('plot relu, leaky_relu'));
    const cell = await execute(notebook, index);
    assert.equal(cell.executionSummary?.success, true);
    assert.equal(cell.executionSummary?.executionOrder, 1, 'the first cell this kernel ran');
    const timing = cell.executionSummary!.timing!;
    assert.ok(timing.startTime <= timing.endTime);
    assert.equal(cell.outputs.length, 1);
    assert.deepEqual(cell.outputs[0].items.map((i) => i.mime), [NOTEBOOK_MIME, 'text/plain']);
    const expected = await runCell(parseCell(cell.document.getText()));
    assert.deepEqual(payloadOf(cell), expected);
    assert.equal(text(cell.outputs[0].items[1]), 'Activation Lab plot: f and f′ of ReLU, Leaky ReLU, ELU, GELU, SiLU on [-4, 3]');

    const second = await execute(notebook, notebook.getCells().findIndex((c) => c.document.getText().includes('show: derivative')));
    assert.equal(second.executionSummary?.executionOrder, 2, 'execution order counts up');
  });

  it('trains in the background: progress streams into the output, the extension host stays responsive, and a run output ends it', async () => {
    const editor = await openWithKernel(example, 'activation-lab');
    const notebook = editor.notebook;
    // Long enough (several seconds even on a fast engine) for progress to stream more than once.
    const index = await appendCell(notebook, 'train\ndata: spiral samples=400 noise=0.1\nlayers: 64 relu, 64 relu, 64 relu\noptimizer: adam lr=0.01\nsteps: 20000');
    const seen: RunPayload[] = [];
    const listener = vscode.workspace.onDidChangeNotebookDocument((event) => {
      for (const change of event.cellChanges) {
        if (change.cell.index !== index || !change.outputs?.length) continue;
        const item = change.outputs[0].items.find((i) => i.mime === NOTEBOOK_MIME);
        if (item) seen.push(JSON.parse(text(item)));
      }
    });
    let last = Date.now();
    let longestPause = 0;
    const ticker = setInterval(() => {
      longestPause = Math.max(longestPause, Date.now() - last);
      last = Date.now();
    }, 10);
    const started = Date.now();
    try {
      const cell = await execute(notebook, index);
      const took = Date.now() - started;
      assert.equal(cell.executionSummary?.success, true);
      const running = seen.filter((p) => p.status === 'running');
      assert.ok(running.length >= 3, `several progress outputs while training (${running.length} in ${took} ms)`);
      assert.ok(running.some((p) => p.stepsTaken > 0 && p.stepsTaken < 20000), 'progress shows the steps taken so far');
      assert.ok(longestPause < 500, `the extension host never paused for long while training (longest pause ${longestPause} ms over ${took} ms)`);
      const payload = payloadOf(cell) as RunPayload;
      assert.equal(payload.kind, 'run');
      assert.equal(payload.status, 'finished');
      assert.equal(payload.stepsTaken, 20000);
      assert.ok(payload.boundary && payload.boundary.values.length === 40, 'the final decision boundary grid');
      assert.ok(payload.final?.accuracy !== undefined);
    } finally {
      clearInterval(ticker);
      listener.dispose();
    }
  });

  it('honours interrupt: the run stops and its output says so, with the steps taken', async () => {
    const editor = await openWithKernel(example, 'activation-lab');
    const notebook = editor.notebook;
    const index = await appendCell(notebook, 'train\ndata: spiral samples=400\nlayers: 32 relu, 32 relu\nsteps: 1000000');
    const since = Date.now();
    void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
    await eventually('training progress', () => notebook.cellAt(index), (cell) => {
      const item = cell.outputs[0]?.items.find((i) => i.mime === NOTEBOOK_MIME);
      return !!item && (JSON.parse(text(item)) as RunPayload).stepsTaken > 0;
    });
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
    const cell = await eventually('the interrupted cell to end', () => notebook.cellAt(index), (c) => (c.executionSummary?.timing?.endTime ?? 0) >= since, 30_000);
    assert.equal(cell.executionSummary?.success, false, 'an interrupted cell is marked failed');
    const payload = payloadOf(cell) as RunPayload;
    assert.equal(payload.status, 'cancelled');
    assert.ok(payload.stepsTaken > 0 && payload.stepsTaken < 1_000_000);
  });

  it('a cell error names the line and the field, as an error output', async () => {
    const editor = await openWithKernel(example, 'activation-lab');
    const notebook = editor.notebook;
    const index = await appendCell(notebook, 'train\n# a typo in the learning rate\noptimizer: sgd lr=0.1O');
    const cell = await execute(notebook, index);
    assert.equal(cell.executionSummary?.success, false);
    assert.deepEqual(cell.outputs[0].items.map((i) => i.mime), [ERROR_MIME]);
    const error = JSON.parse(text(cell.outputs[0].items[0]));
    assert.equal(error.message, 'line 3, optimizer.lr: expected a number (got "0.1O")');
  });

  it('*.actlabnb: opens as an Activation Lab notebook, runs with its kernel, and saves and reopens with outputs', async () => {
    const uri = workspaceFile('saved.actlabnb');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(writeNotebookFile({ cells: [{ kind: 'code', language: 'activationlab', source: 'plot swish(beta=2)\nshow: f', outputs: [] }] })));
    const editor = await openWithKernel(uri, 'activation-lab-notebook');
    assert.equal(editor.notebook.notebookType, 'activation-lab-notebook');
    const cell = await execute(editor.notebook, 0);
    assert.equal(cell.executionSummary?.success, true);
    await editor.notebook.save();
    const saved = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
    assert.deepEqual(saved.cells[0].outputs[0].data[NOTEBOOK_MIME], { version: 1, kind: 'plot', functions: [{ name: 'swish', params: { beta: 2 } }], range: [-5, 5], show: 'f' });
    assert.equal(saved.cells[0].execution_count, cell.executionSummary?.executionOrder);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const reopened = await vscode.workspace.openNotebookDocument(uri);
    assert.deepEqual(payloadOf(reopened.cellAt(0)), saved.cells[0].outputs[0].data[NOTEBOOK_MIME]);
  });

  it('"New Activation Lab Notebook" opens an untitled Activation Lab notebook with starter cells that run', async () => {
    await vscode.commands.executeCommand('activationLab.newNotebook');
    const editor = await eventually('the new notebook', () => vscode.window.activeNotebookEditor, (e) => e?.notebook.notebookType === 'activation-lab-notebook');
    const notebook = editor!.notebook;
    assert.ok(notebook.isUntitled);
    assert.deepEqual(notebook.getCells().map((c) => c.document.languageId), ['markdown', 'activationlab', 'activationlab']);
    await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: 'activation-lab-notebook', extension: EXTENSION_ID });
    const cell = await execute(notebook, 1);
    assert.equal(cell.executionSummary?.success, true);
    assert.equal(payloadOf(cell).kind, 'plot');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('completes activation names and parameters, and hovers with the formula, in an Activation Lab cell', async () => {
    const editor = await openWithKernel(example, 'activation-lab');
    const index = await appendCell(editor.notebook, 'plot leaky_relu(negative_slope=0.2), ');
    const document = editor.notebook.cellAt(index).document;
    const names = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, document.lineAt(0).text.length));
    const labels = names.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const id of ['relu', 'gelu', 'mish', 'hardswish']) assert.ok(labels.includes(id), `completion offers ${id}`);
    const params = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, 'plot leaky_relu('.length));
    assert.ok(params.items.some((i) => i.label === 'negative_slope' && i.insertText === 'negative_slope=0.01'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 8));
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(markdown, /\*\*Leaky ReLU\*\* — `leaky_relu`/);
    assert.match(markdown, /f\(x\) = /);
  });
});
