// Activation Lab's entry point: registers each feature and returns. Features live in their own modules.
import * as vscode from 'vscode';
import { registerExplorer } from './explorerCommands';
import { ExplorerPanel } from './explorerPanel';
import { registerHover } from './hover';
import { registerNotebooks } from './notebooks';
import { registerTrainingLab } from './trainingLabCommands';
import { TrainingLabPanel } from './trainingLabPanel';

/** What the extension exports to other extensions (and to its own integration tests). */
export interface ActivationLabApi {
  /** The open Activation Explorer panel, if any: its state, exports and message handling. */
  readonly explorer: ExplorerPanel | undefined;
  /** The open Training Lab panel, if any: its set-up, run state and file actions. */
  readonly trainingLab: TrainingLabPanel | undefined;
}

export function activate(context: vscode.ExtensionContext): ActivationLabApi {
  registerExplorer(context);
  registerTrainingLab(context);
  registerHover(context);
  registerNotebooks(context);
  return {
    get explorer() {
      return ExplorerPanel.current;
    },
    get trainingLab() {
      return TrainingLabPanel.current;
    },
  };
}

export function deactivate(): void {
  // Nothing to release: every disposable is registered on the extension context.
}
