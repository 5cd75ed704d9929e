// The Explorer's commands: open it, plot or compare functions picked from the catalog, show one function
// with given parameters (what hover links run), export the plot. Registered with the restore serializer.
// Only the registrations load with the extension; each command requires its implementation
// (features/explorer.ts, bundled as dist/features/explorer.js) when it first runs (see lazy.ts).
import * as vscode from 'vscode';
import { EXPLORER_VIEW_TYPE } from './ids';
import { feature } from './lazy';

const explorer = () => feature('explorer');

export function registerExplorer(context: vscode.ExtensionContext): void {
  const uri = context.extensionUri;
  context.subscriptions.push(
    vscode.commands.registerCommand('activationLab.openExplorer', () => explorer().openExplorer(uri)),
    vscode.commands.registerCommand('activationLab.plotActivation', (arg?: unknown) => explorer().plotActivation(uri, arg)),
    vscode.commands.registerCommand('activationLab.compareActivations', (arg?: unknown) => explorer().compareActivations(uri, arg)),
    vscode.commands.registerCommand('activationLab.showActivation', (...args: unknown[]) => explorer().showActivation(uri, args)),
    vscode.commands.registerCommand('activationLab.exportExplorer', (format?: unknown, target?: unknown) => explorer().exportExplorer(uri, format, target)),
    vscode.window.registerWebviewPanelSerializer(EXPLORER_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, savedState: unknown) {
        explorer().reviveExplorer(panel, uri, savedState);
      },
    }),
  );
}
