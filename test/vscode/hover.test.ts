// Extension-host tests of hover docs in a real VS Code: vscode.executeHoverProvider on a Python file, a
// TypeScript document and a Jupyter notebook cell; the Markdown, the curve drawn for the written parameters,
// the trusted command link (which opens the Explorer with those parameters), the languages setting, and the
// cost the hover adds to activation (measured and printed).
import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ActivationLabApi } from '../../src/extension/extension';
import { activationHover, HOVER_LANGUAGES_SETTING, registerHover } from '../../src/extension/hover';

const EXTENSION_ID = 'activation-lab.activation-lab';

async function api(): Promise<ActivationLabApi> {
  const extension = vscode.extensions.getExtension<ActivationLabApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
  return extension.activate();
}

const workspaceFile = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);

/** Writes a file into the test workspace (a fresh copy per run) and opens it. */
async function openNewFile(name: string, content: string): Promise<vscode.TextDocument> {
  await vscode.workspace.fs.writeFile(workspaceFile(name), Buffer.from(content, 'utf8'));
  return vscode.workspace.openTextDocument(workspaceFile(name));
}

/** The Markdown strings of Activation Lab's hovers at a position (other providers' hovers are left out). */
async function activationHovers(uri: vscode.Uri, position: vscode.Position): Promise<{ hover: vscode.Hover; markdown: vscode.MarkdownString }[]> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  const out: { hover: vscode.Hover; markdown: vscode.MarkdownString }[] = [];
  for (const hover of hovers) {
    for (const content of hover.contents) {
      if (content instanceof vscode.MarkdownString && content.value.includes('[Open in Activation Explorer](command:activationLab.showActivation')) out.push({ hover, markdown: content });
    }
  }
  return out;
}

/** Resolves once `read()` satisfies `condition` (language features and settings apply asynchronously). */
async function eventually<T>(what: string, read: () => Promise<T>, condition: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function positionOf(document: vscode.TextDocument, needle: string, inside = 1): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" is in ${document.uri.path}`);
  return document.positionAt(offset + inside);
}

/** The SVG of the hover's curve image. */
function curveSvg(markdown: string): string {
  const match = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
  assert.ok(match, 'the hover shows an SVG data-URI image');
  return Buffer.from(match[1], 'base64').toString('latin1');
}

/** Left-of-zero slope over right-of-zero slope of the solid f path, in the drawing's pixels. */
function drawnSlopeRatio(svg: string): number {
  const path = /<path d="([^"]*)" fill="none" stroke="[^"]*" stroke-width="2"\/>/.exec(svg);
  assert.ok(path, 'the curve has a solid f path');
  const points = [...path[1].matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const [x0, y0] = points[0];
  const [xm, ym] = points[(points.length - 1) / 2];
  const [x1, y1] = points[points.length - 1];
  return (ym - y0) / (xm - x0) / ((y1 - ym) / (x1 - xm));
}

function commandArguments(markdown: string): unknown {
  const match = /\(command:activationLab\.showActivation\?([^ )]+)/.exec(markdown);
  assert.ok(match, 'the hover links to activationLab.showActivation');
  return JSON.parse(decodeURIComponent(match[1]));
}

describe('Hover docs (extension host)', () => {
  let lab: ActivationLabApi;

  before(async () => {
    lab = await api();
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration().update(HOVER_LANGUAGES_SETTING, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates on the languages it hovers in, and contributes the languages setting', () => {
    const packageJSON = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const setting = packageJSON.contributes.configuration.properties[HOVER_LANGUAGES_SETTING];
    assert.deepEqual(setting.default, ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact']);
    for (const language of setting.default) assert.ok(packageJSON.activationEvents.includes(`onLanguage:${language}`), `onLanguage:${language}`);
  });

  it('hovers nn.LeakyReLU(0.2) in model.py: summary, formulas, the curve for 0.2, defaults, problems and links', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('model.py'));
    await vscode.window.showTextDocument(document);
    const position = positionOf(document, 'LeakyReLU', 3);
    const [found, ...more] = await eventually('the Activation Lab hover', () => activationHovers(document.uri, position), (h) => h.length > 0);
    assert.equal(more.length, 0, 'one Activation Lab hover');
    const { hover, markdown } = found;
    const text = markdown.value;
    assert.match(text, /^\*\*Leaky ReLU\*\* — PyTorch `torch\.nn\.LeakyReLU`/);
    assert.match(text, /ReLU with a small slope for negative inputs/);
    assert.match(text, /`f\(x\) = x if x > 0, else negative_slope · x`/);
    assert.match(text, /`f′\(x\) = 1 if x > 0, else negative_slope/);
    assert.match(text, /\| `negative_slope` \| \*\*0\.2\*\* \(written\) \| `0\.01` \|/);
    assert.match(text, /\*\*Known problems\*\*/);
    assert.match(text, /\[PyTorch documentation\]\(https:\/\/docs\.pytorch\.org\/docs\/stable\/generated\/torch\.nn\.LeakyReLU\.html/);
    assert.equal(document.getText(hover.range), 'nn.LeakyReLU', 'the hover covers the dotted name');

    const svg = curveSvg(text);
    assert.match(svg, /negative_slope = 0\.2/);
    assert.ok(Math.abs(drawnSlopeRatio(svg) - 0.2) < 0.01, `the curve is drawn with slope 0.2 left of 0 (measured ${drawnSlopeRatio(svg)})`);
    assert.deepEqual(commandArguments(text), [{ name: 'leaky_relu', params: { negative_slope: 0.2 } }]);
    assert.deepEqual(markdown.isTrusted, { enabledCommands: ['activationLab.showActivation'] }, 'only the Explorer command is trusted');
  });

  it('the hover’s command link opens the Explorer with the call’s parameters', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('model.py'));
    const [{ markdown }] = await eventually('the hover', () => activationHovers(document.uri, positionOf(document, 'LeakyReLU')), (h) => h.length > 0);
    const args = commandArguments(markdown.value) as unknown[];
    await vscode.commands.executeCommand('activationLab.showActivation', ...args);
    const explorer = await eventually('the Explorer', async () => lab.explorer, (e) => e !== undefined);
    const state = await explorer!.whenState((s) => s.functions[0]?.id === 'leaky_relu');
    assert.equal(state.functions[0].params.negative_slope, 0.2);
  });

  it('gives no hover on names that are not activations', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('model.py'));
    assert.deepEqual(await activationHovers(document.uri, positionOf(document, 'Linear')), [], 'nn.Linear');
    assert.deepEqual(await activationHovers(document.uri, positionOf(document, 'model =', 0)), [], 'the variable model');
  });

  it('hovers TensorFlow.js in a TypeScript document: tf.layers.leakyReLU() is drawn with TF.js’ default 0.3, with the warning', async () => {
    const document = await openNewFile(
      'tfjs_model.ts',
      "import * as tf from '@tensorflow/tfjs';\n\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 8, inputShape: [2] }));\nmodel.add(tf.layers.leakyReLU());\n",
    );
    const [{ markdown }] = await eventually('the TypeScript hover', () => activationHovers(document.uri, positionOf(document, 'leakyReLU')), (h) => h.length > 0);
    assert.match(markdown.value, /TensorFlow\.js `tf\.layers\.leakyReLU`/);
    assert.match(markdown.value, /⚠️ \*\*`negative_slope` is left to the default, and frameworks disagree:\*\* 0\.3 here/);
    assert.ok(Math.abs(drawnSlopeRatio(curveSvg(markdown.value)) - 0.3) < 0.01, 'drawn with 0.3');
  });

  it('follows activationLab.hover.languages: no Python hover once python is removed, back when restored', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('model.py'));
    const position = positionOf(document, 'LeakyReLU');
    await eventually('the hover', () => activationHovers(document.uri, position), (h) => h.length === 1);
    await vscode.workspace.getConfiguration().update(HOVER_LANGUAGES_SETTING, ['typescript'], vscode.ConfigurationTarget.Global);
    await eventually('no Python hover', () => activationHovers(document.uri, position), (h) => h.length === 0);
    await vscode.workspace.getConfiguration().update(HOVER_LANGUAGES_SETTING, undefined, vscode.ConfigurationTarget.Global);
    await eventually('the hover again', () => activationHovers(document.uri, position), (h) => h.length === 1);
  });

  it('hovers in a Jupyter notebook cell, resolving an alias imported in an earlier cell', async () => {
    const ipynb = {
      cells: [
        { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import jax\n', 'import jax.nn as jnn'] },
        { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['y = jnn.gelu(x)'] },
      ],
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    await vscode.workspace.fs.writeFile(workspaceFile('gelu_cells.ipynb'), Buffer.from(JSON.stringify(ipynb), 'utf8'));
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('gelu_cells.ipynb'));
    assert.equal(notebook.cellAt(1).document.languageId, 'python');
    const cell = notebook.cellAt(1).document;
    const [{ markdown }] = await eventually('the notebook-cell hover', () => activationHovers(cell.uri, positionOf(cell, 'gelu')), (h) => h.length > 0);
    assert.match(markdown.value, /^\*\*GELU\*\* — JAX `jax\.nn\.gelu`/);
    assert.match(markdown.value, /\| `approximate` \| 'tanh' \(default\) \| `True` \('tanh'\) \|/);
    assert.match(markdown.value, /'none' in `torch\.nn\.GELU`/);
  });

  it('adds little to activation: registering the provider, and the first hover (measured and printed)', async () => {
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const context = { subscriptions: [] as vscode.Disposable[] } as unknown as vscode.ExtensionContext;
      const t0 = performance.now();
      registerHover(context);
      runs.push(performance.now() - t0);
      for (const disposable of context.subscriptions) disposable.dispose();
    }
    const sorted = [...runs].sort((a, b) => a - b);
    // This test bundle has its own copy of the core, untouched so far: the first call builds the catalog's name
    // tables and reads the document, as the extension's first hover does.
    const document = await openNewFile('mish_layer.py', 'import torch\nact = torch.nn.Mish()\n');
    const position = positionOf(document, 'Mish');
    const t0 = performance.now();
    const first = activationHover(document, position);
    const firstHoverMs = performance.now() - t0;
    const t1 = performance.now();
    activationHover(document, position);
    const secondHoverMs = performance.now() - t1;
    assert.ok(first && (first.contents[0] as vscode.MarkdownString).value.startsWith('**Mish**'));
    console.log(
      `      registerHover(context): first ${runs[0].toFixed(2)} ms, median of 20 ${sorted[10].toFixed(3)} ms, max ${sorted[19].toFixed(2)} ms; ` +
        `the provider's first hover (catalog name tables built) ${firstHoverMs.toFixed(2)} ms, the next ${secondHoverMs.toFixed(2)} ms`,
    );
  });
});
