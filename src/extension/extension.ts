// Activation Lab's entry point: registers each feature and returns. Features live in their own modules.
import * as vscode from 'vscode';
import { registerExplorer } from './explorerPanel';

export function activate(context: vscode.ExtensionContext): void {
  registerExplorer(context);
}

export function deactivate(): void {
  // Nothing to release: every disposable is registered on the extension context.
}
