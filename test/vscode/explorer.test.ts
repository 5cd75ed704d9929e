// Extension-host tests of the Activation Explorer panel, in a real VS Code.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'activation-lab.activation-lab';

function explorerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('activationLab.explorer'));
}

/**
 * Resolves once `condition()` holds. The extension host learns about tabs from the workbench
 * asynchronously (onDidChangeTabs), so a panel's tab appears shortly after the command returns.
 */
async function eventually<T>(what: string, read: () => T, condition: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last value: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const explorerTabState = () => explorerTabs().map((tab) => ({ label: tab.label, active: tab.isActive }));

describe('Activation Explorer (extension host)', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes "Activation Lab: Open Activation Explorer" to the command palette', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
    const contributed = extension.packageJSON.contributes.commands.find((c: { command: string }) => c.command === 'activationLab.openExplorer');
    assert.deepEqual({ title: contributed.title, category: contributed.category }, { title: 'Open Activation Explorer', category: 'Activation Lab' });
    await extension.activate();
    assert.ok((await vscode.commands.getCommands(true)).includes('activationLab.openExplorer'), 'the command is registered once the extension is active');
  });

  it('opens the Explorer webview panel when its command runs', async () => {
    assert.equal(explorerTabs().length, 0, 'no Explorer is open before the command');
    await vscode.commands.executeCommand('activationLab.openExplorer');
    const tabs = await eventually('the Explorer tab', explorerTabState, (t) => t.length > 0);
    assert.deepEqual(tabs, [{ label: 'Activation Explorer', active: true }]);
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
});
