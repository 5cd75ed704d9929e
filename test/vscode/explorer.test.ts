// Extension-host tests of the Activation Explorer, in a real VS Code: each command, the state the real
// webview reports back, exports, code copies, rejected messages.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { explorerCsv } from '../../src/core/codegen';
import type { ExplorerState } from '../../src/core/protocol/explorer';
import type { ActivationLabApi } from '../../src/extension/extension';
import { EXTENSION_ID, eventually } from './support';


async function api(): Promise<ActivationLabApi> {
  const extension = vscode.extensions.getExtension<ActivationLabApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
  return extension.activate();
}

function explorerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('activationLab.explorer'));
}


const explorerTabState = () => explorerTabs().map((tab) => ({ label: tab.label, active: tab.isActive }));

/** The state the Explorer page reports once it satisfies `condition`. */
async function pageState(condition: (state: ExplorerState) => boolean): Promise<ExplorerState> {
  const explorer = await eventually('the Explorer panel', () => ExplorerOf(), (e) => e !== undefined);
  return explorer!.whenState(condition);
}

let cachedApi: ActivationLabApi | undefined;
const ExplorerOf = () => cachedApi?.explorer;

const workspaceFile = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);

describe('Activation Explorer (extension host)', () => {
  before(async () => {
    cachedApi = await api();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually('the Explorer to close', () => ExplorerOf(), (e) => e === undefined);
  });

  it('contributes its commands to the command palette under the category "Activation Lab"', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = extension.packageJSON.contributes.commands as { command: string; title: string; category: string }[];
    assert.ok(contributed.every((c) => c.category === 'Activation Lab' && c.command.startsWith('activationLab.')), 'every command is in the "Activation Lab" category');
    const titles = contributed.map((c) => c.title);
    for (const title of ['Open Activation Explorer', 'Plot Activation…', 'Compare Activations…', 'Show Activation in Explorer', 'Export Activation Explorer Plot…']) {
      assert.ok(titles.includes(title), `"${title}" is contributed`);
    }
    const registered = await vscode.commands.getCommands(true);
    for (const c of contributed) assert.ok(registered.includes(c.command), `${c.command} is registered`);
  });

  it('opens the Explorer webview panel, showing ReLU, when its command runs', async () => {
    assert.equal(explorerTabs().length, 0, 'no Explorer is open before the command');
    await vscode.commands.executeCommand('activationLab.openExplorer');
    const tabs = await eventually('the Explorer tab', explorerTabState, (t) => t.length > 0);
    assert.deepEqual(tabs, [{ label: 'Activation Explorer', active: true }]);
    const state = await pageState(() => true);
    assert.deepEqual(state.functions.map((f) => f.id), ['relu']);
    assert.equal(state.view, 'plot');
  });

  it('reuses the one Explorer panel when the command runs again', async () => {
    await vscode.commands.executeCommand('activationLab.openExplorer');
    await eventually('the Explorer tab', explorerTabState, (t) => t.length === 1);
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await eventually('the Explorer to lose focus to the new file', explorerTabState, (t) => t.length === 1 && !t[0].active);
    await vscode.commands.executeCommand('activationLab.openExplorer');
    const tabs = await eventually('the Explorer to be revealed', explorerTabState, (t) => t.some((tab) => tab.active));
    assert.deepEqual(tabs, [{ label: 'Activation Explorer', active: true }], 'still one Explorer, revealed');
  });

  it('"Plot Activation…" with names plots those functions, resolving framework spellings', async () => {
    await vscode.commands.executeCommand('activationLab.plotActivation', ['elu', 'nn.GELU', 'F.silu']);
    const state = await pageState((s) => s.functions.length === 3);
    assert.deepEqual(state.functions.map((f) => f.id), ['elu', 'gelu', 'silu']);
    assert.equal(state.view, 'plot');
  });

  it('"Compare Activations…" opens the compare view of the chosen functions', async () => {
    await vscode.commands.executeCommand('activationLab.compareActivations', ['relu', 'leaky_relu', 'elu', 'silu']);
    const state = await pageState((s) => s.view === 'compare');
    assert.deepEqual(state.functions.map((f) => f.id), ['relu', 'leaky_relu', 'elu', 'silu']);
  });

  it('"Show Activation" (the hover links’ command) opens the function with the given parameters', async () => {
    await vscode.commands.executeCommand('activationLab.showActivation', { name: 'nn.LeakyReLU', params: { negative_slope: 0.2 } });
    const state = await pageState((s) => s.functions[0]?.id === 'leaky_relu');
    assert.equal(state.functions.length, 1);
    assert.equal(state.functions[0].params.negative_slope, 0.2);
  });

  it('"Show Activation" with an unknown name or a bad parameter changes nothing', async () => {
    await vscode.commands.executeCommand('activationLab.openExplorer');
    await pageState(() => true);
    assert.equal(await vscode.commands.executeCommand('activationLab.showActivation', { name: 'not_an_activation' }), undefined);
    assert.equal(await vscode.commands.executeCommand('activationLab.showActivation', { name: 'elu', params: { alpha: 'big' } }), undefined);
    assert.deepEqual(ExplorerOf()!.state!.functions.map((f) => f.id), ['relu']);
  });

  it('exports the sampled values as CSV, exactly the core’s samples', async () => {
    await vscode.commands.executeCommand('activationLab.plotActivation', ['leaky_relu', 'tanh']);
    const state = await pageState((s) => s.functions.length === 2);
    const target = workspaceFile('explorer-test.csv');
    await vscode.commands.executeCommand('activationLab.exportExplorer', 'csv', target);
    const written = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    assert.equal(written, explorerCsv(state));
    assert.match(written.split('\n')[0], /^x,Leaky ReLU,Leaky ReLU derivative,Tanh,Tanh derivative$/);
  });

  it('exports the plot as PNG and SVG through Plotly in the webview', async () => {
    await vscode.commands.executeCommand('activationLab.openExplorer');
    await pageState(() => true);
    const png = workspaceFile('explorer-test.png');
    const svg = workspaceFile('explorer-test.svg');
    await vscode.commands.executeCommand('activationLab.exportExplorer', 'png', png);
    await vscode.commands.executeCommand('activationLab.exportExplorer', 'svg', svg);
    const pngBytes = Buffer.from(await vscode.workspace.fs.readFile(png));
    assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
    assert.ok(pngBytes.length > 5_000, `a real image (${pngBytes.length} bytes)`);
    const svgText = Buffer.from(await vscode.workspace.fs.readFile(svg)).toString('utf8');
    assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svgText, /class="scatterlayer/, 'the traces are in the SVG');
  });

  it('copies the selected function with its parameters as PyTorch and Keras code', async () => {
    await vscode.commands.executeCommand('activationLab.showActivation', { name: 'leaky_relu', params: { negative_slope: 0.25 } });
    await pageState((s) => s.functions[0]?.id === 'leaky_relu');
    const pytorch = await ExplorerOf()!.copyCode('pytorch', 0);
    assert.equal(await vscode.env.clipboard.readText(), pytorch);
    assert.match(pytorch!, /nn\.LeakyReLU\(negative_slope=0\.25\)/);
    const keras = await ExplorerOf()!.copyCode('keras', 0);
    assert.equal(await vscode.env.clipboard.readText(), keras);
    assert.match(keras!, /keras\.layers\.LeakyReLU\(negative_slope=0\.25\)/);
  });

  it('rejects a malformed message from the webview with a logged, specific error, and keeps its state', async () => {
    await vscode.commands.executeCommand('activationLab.openExplorer');
    const before = await pageState(() => true);
    const explorer = ExplorerOf()!;
    const rejectedBefore = explorer.rejectedMessages.length;
    const error = await explorer.receive({ type: 'stateChanged', state: { ...before, xRange: [5, 'x'] } });
    assert.match(error!, /invalid message from the Explorer webview: state\.xRange\[1\]: .*number/);
    assert.equal(await explorer.receive({ type: 'copyCode', framework: 'pytorch', index: 99 }) !== undefined, true);
    assert.equal(await explorer.receive('<img src=x onerror=alert(1)>') !== undefined, true);
    assert.equal(explorer.rejectedMessages.length, rejectedBefore + 3);
    assert.deepEqual(explorer.state, before, 'the state is unchanged');
  });
});
