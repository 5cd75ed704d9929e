// Start-up (issue 10): activating Activation Lab loads only dist/extension.js — registrations — and each feature's
// bundle (dist/features/<name>.js, with the shared dist/features/core.js) is required when that feature is first
// used. Named 00-… so that it runs first in the extension host, before other suites open panels or notebooks.
// Not timed: `npm run bench` (STARTUP) measures the activation time.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CELL_LANGUAGE as CORE_CELL_LANGUAGE, NOTEBOOK_MIME as CORE_NOTEBOOK_MIME } from '../../src/core/notebook';
import { EXPLORER_VIEW_TYPE as PANEL_EXPLORER_VIEW_TYPE } from '../../src/extension/explorerPanel';
import type { ActivationLabApi } from '../../src/extension/extension';
import { CELL_LANGUAGE, EXPLORER_VIEW_TYPE, NOTEBOOK_MIME, TRAINING_LAB_VIEW_TYPE } from '../../src/extension/ids';
import { TRAINING_LAB_VIEW_TYPE as PANEL_TRAINING_LAB_VIEW_TYPE } from '../../src/extension/trainingLabPanel';
import { eventually, activateExtension } from './support';


/** The extension's bundles that this extension host has required, as paths relative to the extension (sorted). */
function loadedBundles(extensionPath: string): string[] {
  const dist = path.join(extensionPath, 'dist') + path.sep;
  return Object.keys(require.cache)
    .filter((file) => file.startsWith(dist))
    .map((file) => path.relative(extensionPath, file).split(path.sep).join('/'))
    .sort();
}


describe('Start-up (extension host)', () => {
  let extension: vscode.Extension<ActivationLabApi>;
  let lab: ActivationLabApi;

  before(async () => {
    ({ extension, lab } = await activateExtension());
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activation requires dist/extension.js and no feature bundle', () => {
    assert.deepEqual(lab.startup.loadedFeatures, [], 'no feature loaded');
    assert.deepEqual(loadedBundles(extension.extensionPath), ['dist/extension.js'], 'only dist/extension.js is in require.cache');
    const { moduleLoadStartMs, moduleLoadEndMs, activateStartMs, activateEndMs, cpu } = lab.startup;
    assert.ok(moduleLoadStartMs <= moduleLoadEndMs && moduleLoadEndMs <= activateStartMs && activateStartMs <= activateEndMs, `startup times are ordered (${JSON.stringify(lab.startup)})`);
    assert.ok(cpu.moduleLoadMs >= 0 && cpu.activateMs >= 0, `startup CPU times are recorded (${JSON.stringify(cpu)})`);
    // Feature bundles require '../extension.js' for the shared log: the module VS Code loaded, not a second copy.
    assert.equal(typeof require.cache[path.join(extension.extensionPath, 'dist/extension.js')]?.exports.log, 'function');
  });

  it('registers every contributed command, the panel restorers and the hover while staying unloaded', async () => {
    const registered = await vscode.commands.getCommands(true);
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    for (const command of contributed) assert.ok(registered.includes(command), `${command} is registered`);
    assert.equal(lab.explorer, undefined);
    assert.equal(lab.trainingLab, undefined);
    assert.deepEqual(lab.startup.loadedFeatures, [], 'reading the API loads nothing');
  });

  it('the identifiers the start-up bundle repeats agree with their originals', () => {
    assert.equal(EXPLORER_VIEW_TYPE, PANEL_EXPLORER_VIEW_TYPE);
    assert.equal(TRAINING_LAB_VIEW_TYPE, PANEL_TRAINING_LAB_VIEW_TYPE);
    assert.equal(CELL_LANGUAGE, CORE_CELL_LANGUAGE);
    assert.equal(NOTEBOOK_MIME, CORE_NOTEBOOK_MIME);
  });

  it('opening the Explorer requires the explorer feature and the shared core, nothing else', async () => {
    await vscode.commands.executeCommand('activationLab.openExplorer');
    const explorer = await eventually('the Explorer panel', () => lab.explorer, (e) => e !== undefined);
    await explorer!.whenState(() => true);
    assert.deepEqual(lab.startup.loadedFeatures, ['explorer']);
    assert.deepEqual(loadedBundles(extension.extensionPath), ['dist/extension.js', 'dist/features/core.js', 'dist/features/explorer.js']);
  });
});
