// Extension-host tests of first run and settings (issue 10), in a real VS Code: the walkthrough's commands and
// every command its steps link to, "Try a Hover", and the settings read live — `activationLab.backend` reaching an
// open Training Lab and the notebook kernel, `activationLab.plot.*` reaching an open Explorer and new plots, and an
// unusable value reported once, naming the setting and the value, with the default used instead.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExplorerState } from '../../src/core/protocol/explorer';
import type { ActivationLabApi } from '../../src/extension/extension';
import { EXTENSION_ID, eventually, activateExtension } from './support';

/** src/extension/settings.ts SETTING_PROBLEMS_COMMAND (not imported: the test bundle would get its own copy of the module). */
const SETTING_PROBLEMS_COMMAND = 'activationLab.internal.settingProblems';
const SETTING_IDS = ['activationLab.backend', 'activationLab.plot.xRange', 'activationLab.plot.show', 'activationLab.plot.samples', 'activationLab.hover.languages'];


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const setSetting = (id: string, value: unknown) => vscode.workspace.getConfiguration().update(id, value, vscode.ConfigurationTarget.Global);
const settingProblems = async () => (await vscode.commands.executeCommand<string[]>(SETTING_PROBLEMS_COMMAND)) ?? [];

/** The problems reported since `before` problems, once there are `count` of them. */
async function newProblems(before: number, count: number, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = (await settingProblems()).slice(before);
    if (problems.length >= count || Date.now() > deadline) return problems;
    await sleep(50);
  }
}

interface Step {
  id: string;
  description: string;
  completionEvents?: string[];
}

/** Every `[label](command:id?args)` link of a walkthrough step, args decoded. */
function commandLinks(description: string): { command: string; args: unknown[] }[] {
  return [...description.matchAll(/\]\(command:(?:toSide:)?([\w.]+)(?:\?([^)\s]+))?\)/g)].map((m) => {
    const args = m[2] ? JSON.parse(decodeURIComponent(m[2])) : [];
    return { command: m[1], args: Array.isArray(args) ? args : [args] };
  });
}

describe('Welcome walkthrough and settings (extension host)', function () {
  this.timeout(120_000);
  let lab: ActivationLabApi;
  let extension: vscode.Extension<ActivationLabApi>;

  before(async () => {
    ({ extension, lab } = await activateExtension());
  });

  afterEach(async () => {
    for (const id of SETTING_IDS) await setSetting(id, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually('the panels to close', () => [lab.explorer, lab.trainingLab], (panels) => panels.every((p) => p === undefined));
  });

  describe('walkthrough', () => {
    const steps = () => (extension.packageJSON.contributes.walkthroughs as { id: string; steps: Step[] }[]).find((w) => w.id === 'activationLab.welcome')!.steps;

    it('contributes "Activation Lab: Get Started" and "Try a Hover on Example Code", registered', async () => {
      const contributed = extension.packageJSON.contributes.commands as { command: string; title: string; category: string }[];
      const registered = await vscode.commands.getCommands(true);
      for (const [command, title] of [
        ['activationLab.openWalkthrough', 'Get Started'],
        ['activationLab.tryHover', 'Try a Hover on Example Code'],
      ]) {
        assert.deepEqual(
          contributed.filter((c) => c.command === command).map((c) => `${c.category}: ${c.title}`),
          [`Activation Lab: ${title}`],
        );
        assert.ok(registered.includes(command), `${command} is registered`);
      }
    });

    it('links only to registered commands, and completes on commands that exist', async () => {
      const registered = new Set(await vscode.commands.getCommands(true));
      assert.ok(steps().length >= 4);
      for (const step of steps()) {
        const links = commandLinks(step.description);
        assert.ok(links.length > 0, `step ${step.id} has a button`);
        for (const link of links) assert.ok(registered.has(link.command), `step ${step.id} links to ${link.command}, which is registered`);
        for (const event of step.completionEvents ?? []) {
          const command = /^onCommand:(.+)$/.exec(event)?.[1];
          if (command) assert.ok(registered.has(command), `step ${step.id} completes on ${command}, which is registered`);
        }
      }
    });

    it('"Get Started" opens the walkthrough in an editor', async () => {
      await vscode.commands.executeCommand('activationLab.openWalkthrough');
      const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => tab.label);
      await eventually('the walkthrough tab', tabs, (labels) => labels.some((label) => /Welcome|Walkthrough|Get Started/i.test(label)));
    });

    it('the Training Lab step\'s button runs the "Dying ReLU" guided experiment (its arguments as the link passes them)', async () => {
      const link = steps()
        .flatMap((step) => commandLinks(step.description))
        .find((l) => l.command === 'activationLab.runGuidedExperiment' && l.args.length);
      assert.ok(link, 'a link runs a specific guided experiment');
      await vscode.commands.executeCommand(link.command, ...link.args);
      const panel = await eventually('the Training Lab', () => lab.trainingLab, (p) => p !== undefined);
      await panel!.when((p) => p.setup?.experiment === 'dying-relu');
      assert.equal(panel!.setup!.view, 'compare', 'Dying ReLU compares ReLU with Leaky ReLU');
    });

    it('"Try a Hover" opens an editable Python example with the cursor on nn.ReLU, where the hover shows ReLU', async () => {
      const result = await vscode.commands.executeCommand<{ uri: string; languageId: string; line: number; character: number }>('activationLab.tryHover');
      assert.ok(result, 'the command reports what it opened');
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'an editor is active');
      assert.equal(editor.document.uri.toString(), result.uri);
      assert.equal(editor.document.uri.scheme, 'untitled', 'an untitled document: edit freely, nothing is saved');
      assert.equal(editor.document.languageId, 'python');
      const position = new vscode.Position(result.line, result.character);
      assert.deepEqual(editor.selection.active, position, 'the cursor is where the hover was asked for');
      assert.match(editor.document.lineAt(position.line).text, /nn\.ReLU\(\)/);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      const markdown = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
      assert.match(markdown, /\*\*ReLU\*\* — PyTorch `torch\.nn\.ReLU`/);
      // Running it again shows the same document rather than opening another.
      const again = await vscode.commands.executeCommand<{ uri: string }>('activationLab.tryHover');
      assert.equal(again?.uri, result.uri);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('"Try a Hover" uses a configured JavaScript-family language when Python is not listed, and opens nothing when hovers are off', async () => {
      await setSetting('activationLab.hover.languages', ['typescript']);
      const result = await vscode.commands.executeCommand<{ uri: string; languageId: string; line: number; character: number }>('activationLab.tryHover');
      assert.equal(result?.languageId, 'typescript');
      const document = vscode.window.activeTextEditor!.document;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(result!.line, result!.character));
      assert.ok(hovers.some((h) => h.contents.some((c) => typeof c !== 'string' && 'value' in c && /\*\*Leaky ReLU\*\*/.test(c.value))), 'the hover shows Leaky ReLU');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

      await setSetting('activationLab.hover.languages', []);
      const before = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled' && !d.isClosed).length;
      assert.equal(await vscode.commands.executeCommand('activationLab.tryHover'), undefined);
      assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled' && !d.isClosed).length, before);
    });
  });

  describe('activationLab.backend', () => {
    async function openLab() {
      await vscode.commands.executeCommand('activationLab.openTrainingLab');
      const panel = await eventually('the Training Lab', () => lab.trainingLab, (p) => p !== undefined);
      await panel!.when((p) => p.setup !== undefined && p.runState !== undefined);
      return panel!;
    }

    it('is the backend of a new Training Lab set-up', async () => {
      await setSetting('activationLab.backend', 'cpu');
      const panel = await openLab();
      assert.equal(panel.setup!.backend, 'cpu');
      await panel.when((p) => /CPU chosen/.test(p.runState?.backendReason ?? ''));
    });

    it('reaches an open, untrained Training Lab at once; a backend picked in the lab is kept', async () => {
      const panel = await openLab();
      assert.equal(panel.setup!.backend, 'auto');
      await setSetting('activationLab.backend', 'cpu');
      await panel.when((p) => p.setup?.backend === 'cpu' && /CPU chosen/.test(p.runState?.backendReason ?? ''));
      // The user picks "auto" in the lab: from now on the setting does not override it.
      panel.post({ type: 'setSetup', setup: { ...panel.setup!, backend: 'auto' } });
      await panel.when((p) => p.setup?.backend === 'auto');
      await setSetting('activationLab.backend', 'webgpu');
      await sleep(1500);
      assert.equal(panel.setup!.backend, 'auto', 'the backend picked in the lab stays');
    });

    it('reaches a Training Lab that has trained without discarding its steps; the next Reset uses it', async () => {
      const panel = await openLab();
      panel.post({ type: 'control', action: 'play' });
      await panel.when((p) => (p.runState?.step ?? 0) >= 20);
      panel.post({ type: 'control', action: 'pause' });
      await panel.when((p) => p.runState?.running === false);
      // Steps already handed to the worker finish after the pause: wait until the count has settled.
      let steps = panel.runState!.step;
      for (let settled = 0; settled < 3; ) {
        await sleep(250);
        const now = panel.runState!.step;
        settled = now === steps ? settled + 1 : 0;
        steps = now;
      }
      await setSetting('activationLab.backend', 'cpu');
      await panel.when((p) => p.setup?.backend === 'cpu');
      await sleep(300);
      assert.equal(panel.runState!.step, steps, 'the trained network is kept');
      assert.doesNotMatch(panel.runState!.backendReason, /CPU chosen/, 'still on the backend it was built on');
      panel.post({ type: 'control', action: 'reset' });
      await panel.when((p) => p.runState?.step === 0 && /CPU chosen/.test(p.runState.backendReason));
    });

    it('an unusable value is reported once, naming the setting and the value, and "auto" is used', async () => {
      const panel = await openLab();
      await setSetting('activationLab.backend', 'cpu');
      await panel.when((p) => p.setup?.backend === 'cpu');
      const before = (await settingProblems()).length;
      await setSetting('activationLab.backend', 'gpu');
      await panel.when((p) => p.setup?.backend === 'auto');
      const expected = 'activationLab.backend is "gpu": expected "auto", "cpu" or "webgpu". Using the default, "auto".';
      assert.deepEqual(await newProblems(before, 1), [expected]);
      // Another setting changing does not repeat the report; the same mistake made again later does.
      await setSetting('activationLab.plot.show', 'f');
      await sleep(500);
      assert.deepEqual(await newProblems(before, 1), [expected]);
      await setSetting('activationLab.backend', 'cpu');
      await panel.when((p) => p.setup?.backend === 'cpu');
      await setSetting('activationLab.backend', 'gpu');
      assert.deepEqual(await newProblems(before, 2), [expected, expected]);
    });

    it('the notebook kernel trains with "webgpu" set, on the CPU (the extension host has no WebGPU)', async () => {
      await setSetting('activationLab.backend', 'webgpu');
      await vscode.commands.executeCommand('activationLab.newNotebook');
      const editor = await eventually('the new notebook', () => vscode.window.activeNotebookEditor, (e) => e?.notebook.notebookType === 'activation-lab-notebook');
      const notebook = editor!.notebook;
      const edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(notebook.cellCount, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'train\ndata: circle samples=100\nlayers: 4 relu\nsteps: 40', 'activationlab')])]);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const index = notebook.cellCount - 1;
      await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: 'activation-lab-notebook', extension: EXTENSION_ID });
      const since = Date.now();
      void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
      const cell = await eventually('the train cell to finish', () => notebook.cellAt(index), (c) => (c.executionSummary?.timing?.endTime ?? 0) >= since && c.executionSummary?.success !== undefined, 60_000);
      const item = cell.outputs[0]?.items.find((i) => i.mime === 'application/vnd.activation-lab+json');
      assert.ok(item, `an Activation Lab output (outputs: ${JSON.stringify(cell.outputs.map((o) => o.items.map((i) => [i.mime, Buffer.from(i.data).toString('utf8').slice(0, 300)])))})`);
      assert.equal(cell.executionSummary?.success, true);
      const payload = JSON.parse(Buffer.from(item.data).toString('utf8'));
      assert.equal(payload.kind, 'run');
      assert.equal(payload.status, 'finished');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  describe('activationLab.plot.*', () => {
    async function openExplorerWith(name: string, params: Record<string, number>) {
      await vscode.commands.executeCommand('activationLab.showActivation', { name, params });
      const explorer = await eventually('the Explorer', () => lab.explorer, (e) => e !== undefined);
      const state = await explorer!.whenState((s) => s.functions[0]?.id === name);
      return { explorer: explorer!, state };
    }
    const range = (state: ExplorerState) => [...state.xRange];

    it('reaches an open Explorer live: the changed field only, its functions and parameters kept', async () => {
      const { explorer, state } = await openExplorerWith('leaky_relu', { negative_slope: 0.2 });
      assert.deepEqual(range(state), [-5, 5]);
      await setSetting('activationLab.plot.xRange', [-2, 3]);
      let next = await explorer.whenState((s) => s.xRange[0] === -2 && s.xRange[1] === 3);
      assert.deepEqual(next.functions, state.functions, 'the plotted functions and their parameters stay');
      assert.equal(next.show, state.show);
      assert.equal(next.samples, state.samples);
      await setSetting('activationLab.plot.show', 'side-by-side');
      next = await explorer.whenState((s) => s.show === 'side-by-side');
      assert.deepEqual(range(next), [-2, 3], 'the range set before stays');
      await setSetting('activationLab.plot.samples', 1001);
      next = await explorer.whenState((s) => s.samples === 1001);
      assert.deepEqual(next.functions, state.functions);
      assert.equal(next.show, 'side-by-side');
    });

    it('an unusable range is reported once, naming the setting and the value, and [-5, 5] is used', async () => {
      const { explorer } = await openExplorerWith('elu', {});
      await setSetting('activationLab.plot.xRange', [-2, 3]);
      await explorer.whenState((s) => s.xRange[0] === -2);
      const before = (await settingProblems()).length;
      await setSetting('activationLab.plot.xRange', [5, 1]);
      const state = await explorer.whenState((s) => s.xRange[0] === -5 && s.xRange[1] === 5);
      assert.deepEqual(state.functions.map((f) => f.id), ['elu']);
      assert.deepEqual(await newProblems(before, 1), ['activationLab.plot.xRange is [5,1]: the end must be greater than the start. Using the default, [-5,5].']);
      await setSetting('activationLab.plot.samples', 20);
      await sleep(500);
      assert.deepEqual((await newProblems(before, 2)).slice(1), ['activationLab.plot.samples is 20: expected a whole number from 50 to 5000. Using the default, 401.']);
      assert.equal(explorer.state!.samples, 401);
    });

    it('a new Explorer, and "Plot Activation…" with none open, start from the plot settings', async () => {
      await setSetting('activationLab.plot.xRange', [-1, 1]);
      await setSetting('activationLab.plot.show', 'f');
      await setSetting('activationLab.plot.samples', 201);
      await vscode.commands.executeCommand('activationLab.openExplorer');
      const explorer = await eventually('the Explorer', () => lab.explorer, (e) => e !== undefined);
      // The first state the new page reports is already the configured one.
      const first = await explorer!.whenState(() => true);
      assert.deepEqual({ xRange: range(first), show: first.show, samples: first.samples }, { xRange: [-1, 1], show: 'f', samples: 201 });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await eventually('the Explorer to close', () => lab.explorer, (e) => e === undefined);
      await vscode.commands.executeCommand('activationLab.plotActivation', 'gelu');
      const plotted = await eventually('the Explorer', () => lab.explorer, (e) => e !== undefined);
      const state = await plotted!.whenState((s) => s.functions[0]?.id === 'gelu');
      assert.deepEqual({ xRange: range(state), show: state.show, samples: state.samples }, { xRange: [-1, 1], show: 'f', samples: 201 });
    });
  });
});
