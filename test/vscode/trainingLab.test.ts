// Extension-host tests of the Training Lab, in a real VS Code: it trains in its Worker, saves and loads
// *.actlab.json experiments, exports a PyTorch script that real PyTorch runs to the engine's losses, runs
// guided experiments, and rejects malformed messages.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { train, validateSpec, type TrainingSpec } from '../../src/core';
import type { ActivationLabApi } from '../../src/extension/extension';

const PYTHON = process.env.ACTLAB_PYTHON ?? '/usr/bin/python3';

async function api(): Promise<ActivationLabApi> {
  const extension = vscode.extensions.getExtension<ActivationLabApi>('activation-lab.activation-lab');
  assert.ok(extension);
  return extension.activate();
}

const workspaceFile = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);

async function openLab(lab: ActivationLabApi) {
  await vscode.commands.executeCommand('activationLab.openTrainingLab');
  const deadline = Date.now() + 10_000;
  while (!lab.trainingLab && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const panel = lab.trainingLab!;
  await panel.when((p) => p.setup !== undefined && p.runState !== undefined);
  return panel;
}

describe('Training Lab (extension host)', function () {
  this.timeout(120_000);
  let lab: ActivationLabApi;

  before(async () => {
    lab = await api();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens from its command and trains in its Worker when played, reporting steps and accuracy', async () => {
    const panel = await openLab(lab);
    assert.equal(panel.runState!.step, 0);
    assert.equal(panel.runState!.backend, 'cpu', 'auto falls back to the CPU without a GPU adapter');
    panel.post({ type: 'control', action: 'play' });
    await panel.when((p) => (p.runState?.step ?? 0) >= 50);
    panel.post({ type: 'control', action: 'pause' });
    await panel.when((p) => p.runState?.running === false);
    assert.ok(panel.runState!.testAccuracy !== null && panel.runState!.testAccuracy > 0.4);
  });

  it('saves the set-up as an *.actlab.json file that validates, and loads it back', async () => {
    const panel = await openLab(lab);
    const target = workspaceFile('saved.actlab.json');
    await vscode.commands.executeCommand('activationLab.saveExperiment', target);
    const saved = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8'));
    const { $schema, ...spec } = saved;
    assert.match($schema, /spec\.schema\.json$/);
    assert.deepEqual(spec, JSON.parse(JSON.stringify(panel.setup!.spec)));
    validateSpec(saved);

    const changed: TrainingSpec = { ...(spec as TrainingSpec), seed: 42, data: { name: 'xor', samples: 200, noise: 0.1, testFraction: 0.5, features: ['x1', 'x2'] } };
    const source = workspaceFile('xor.actlab.json');
    await vscode.workspace.fs.writeFile(source, Buffer.from(JSON.stringify(changed)));
    await vscode.commands.executeCommand('activationLab.openExperiment', source);
    await panel.when((p) => (p.setup?.spec.data as { name?: string }).name === 'xor');
    assert.equal(panel.setup!.spec.seed, 42);
  });

  it('refuses an experiment file with a bad field, naming it, and keeps the set-up', async () => {
    const panel = await openLab(lab);
    const before = JSON.stringify(panel.setup!.spec);
    const source = workspaceFile('bad.actlab.json');
    await vscode.workspace.fs.writeFile(source, Buffer.from(JSON.stringify({ ...panel.setup!.spec, batchSize: 0 })));
    const result = await vscode.commands.executeCommand('activationLab.openExperiment', source);
    assert.equal(result, undefined);
    assert.equal(JSON.stringify(panel.setup!.spec), before);
    await assert.rejects(import('../../src/extension/trainingLabPanel').then((m) => m.readSpecFile(source)), /bad\.actlab\.json: batchSize/);
  });

  it('exports a PyTorch script that real PyTorch runs to the engine’s first losses', async () => {
    const panel = await openLab(lab);
    const spec = panel.setup!.spec;
    const target = workspaceFile('train_lab.py');
    await vscode.commands.executeCommand('activationLab.exportPytorchScript', target);
    const output = execFileSync(PYTHON, [target.fsPath], { encoding: 'utf8', timeout: 60_000 });
    const pytorchLosses = [...output.matchAll(/^step (\d+) loss (\S+)$/gm)].map((m) => Number(m[2]));
    assert.ok(pytorchLosses.length >= 10, `the script printed its losses:\n${output.slice(0, 500)}`);
    const engine = await train({ ...spec, steps: 10 });
    for (let t = 0; t < 10; t++) {
      const relative = Math.abs(pytorchLosses[t] - engine.history[t].loss) / Math.max(1e-6, Math.abs(engine.history[t].loss));
      assert.ok(relative < 1e-4, `step ${t}: PyTorch ${pytorchLosses[t]} vs engine ${engine.history[t].loss}`);
    }
  });

  it('runs a guided experiment from its command: the set-up is the experiment’s', async () => {
    const panel = await openLab(lab);
    await vscode.commands.executeCommand('activationLab.runGuidedExperiment', 'relu-cnn');
    await panel.when((p) => p.setup?.experiment === 'relu-cnn');
    assert.deepEqual(panel.setup!.spec.model.input, [1, 8, 8]);
    await panel.when((p) => (p.runState?.step ?? 0) > 0 && (p.runState?.backend ?? '') !== 'none');
    panel.post({ type: 'control', action: 'pause' });
  });

  it('imports a CSV file from the workspace, and refuses a ragged one naming the row', async () => {
    const panel = await openLab(lab);
    const good = workspaceFile('points.csv');
    const rows = ['a,b,label', ...Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2 === 0 ? 'yes' : 'no'}`)];
    await vscode.workspace.fs.writeFile(good, Buffer.from(`${rows.join('\n')}\n`));
    await panel.importCsv(good);
    await panel.when((p) => typeof (p.setup?.spec.data as { csv?: string }).csv === 'string');
    assert.deepEqual(panel.setup!.spec.model.input, [2], 'two feature columns');

    const errorsBefore = panel.pageErrors.length;
    const bad = workspaceFile('ragged.csv');
    await vscode.workspace.fs.writeFile(bad, Buffer.from('a,b,label\n1,2,yes\n3,no\n'));
    await panel.importCsv(bad);
    await panel.when((p) => p.pageErrors.length > errorsBefore);
    assert.match(panel.pageErrors[panel.pageErrors.length - 1], /ragged\.csv: .*(row|line) 3/i);
    assert.equal(typeof (panel.setup!.spec.data as { csv?: string }).csv, 'string');
    assert.doesNotMatch((panel.setup!.spec.data as { csv: string }).csv, /3,no/, 'the refused file did not replace the data');
  });

  it('rejects malformed messages with specific, logged errors', async () => {
    const panel = await openLab(lab);
    const before = panel.rejectedMessages.length;
    assert.match((await panel.receive({ type: 'setupChanged', setup: { ...panel.setup, spec: { ...panel.setup!.spec, batchSize: 0 } } }))!, /setup: spec: batchSize/);
    assert.match((await panel.receive({ type: 'exportHistory', format: 'csv', content: 5 }))!, /content/);
    assert.match((await panel.receive({ type: 'runState', running: 'yes' }))!, /running/);
    assert.equal(panel.rejectedMessages.length, before + 3);
  });
});
