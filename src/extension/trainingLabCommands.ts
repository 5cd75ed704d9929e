// The Training Lab's commands: open it, run a guided experiment, save/open experiment files, export the
// PyTorch script. Registered with the serializer that restores the panel after a reload.
// Only the registrations load with the extension; each command requires its implementation
// (features/trainingLab.ts, bundled as dist/features/trainingLab.js) when it first runs (see lazy.ts).
import * as vscode from 'vscode';
import { TRAINING_LAB_VIEW_TYPE } from './ids';
import { feature } from './lazy';

const trainingLab = () => feature('trainingLab');

export function registerTrainingLab(context: vscode.ExtensionContext): void {
  const uri = context.extensionUri;
  context.subscriptions.push(
    vscode.commands.registerCommand('activationLab.openTrainingLab', () => trainingLab().openTrainingLab(uri)),
    vscode.commands.registerCommand('activationLab.runGuidedExperiment', (id?: unknown) => trainingLab().runGuidedExperiment(uri, id)),
    vscode.commands.registerCommand('activationLab.saveExperiment', (target?: unknown) => trainingLab().saveExperiment(uri, target)),
    vscode.commands.registerCommand('activationLab.openExperiment', (source?: unknown) => trainingLab().openExperiment(uri, source)),
    vscode.commands.registerCommand('activationLab.exportPytorchScript', (target?: unknown) => trainingLab().exportPytorchScript(uri, target)),
    vscode.window.registerWebviewPanelSerializer(TRAINING_LAB_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: unknown) {
        trainingLab().reviveTrainingLab(panel, uri, saved);
      },
    }),
  );
}
