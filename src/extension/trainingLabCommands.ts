// The Training Lab's commands: open it, run a guided experiment, save/open experiment files, export the
// PyTorch script. Registered with the serializer that restores the panel after a reload.
import * as vscode from 'vscode';
import { guidedExperiment, guidedExperiments } from '../core/lab';
import { reportErrors } from './log';
import { readSpecFile, TRAINING_LAB_VIEW_TYPE, TrainingLabPanel } from './trainingLabPanel';

function optionalUri(arg: unknown, what: string): vscode.Uri | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (arg instanceof vscode.Uri) return arg;
  throw new Error(`${what} must be a file URI`);
}

/** The open lab, once its page has reported a set-up (opening it if needed). */
async function readyLab(extensionUri: vscode.Uri): Promise<TrainingLabPanel> {
  const lab = TrainingLabPanel.createOrShow(extensionUri);
  await lab.when((l) => l.setup !== undefined);
  return lab;
}

export function registerTrainingLab(context: vscode.ExtensionContext): void {
  const uri = context.extensionUri;
  context.subscriptions.push(
    vscode.commands.registerCommand('activationLab.openTrainingLab', () => TrainingLabPanel.createOrShow(uri)),
    vscode.commands.registerCommand('activationLab.runGuidedExperiment', (id?: unknown) =>
      reportErrors('Run Guided Experiment', async () => {
        const chosen =
          id ??
          (await vscode.window.showQuickPick(guidedExperiments.map((e) => ({ label: e.title, detail: e.claim, id: e.id })), { title: 'Run a guided experiment', matchOnDetail: true }))?.id;
        if (chosen === undefined) return undefined;
        if (typeof chosen !== 'string') throw new Error(`expected an experiment id (got ${JSON.stringify(chosen)})`);
        const experiment = guidedExperiment(chosen);
        const lab = await readyLab(uri);
        lab.post({ type: 'runExperiment', id: experiment.id });
        return lab;
      }),
    ),
    vscode.commands.registerCommand('activationLab.saveExperiment', (target?: unknown) =>
      reportErrors('Save Experiment', async () => (await readyLab(uri)).saveSpec(optionalUri(target, 'the target'))),
    ),
    vscode.commands.registerCommand('activationLab.openExperiment', (source?: unknown) =>
      reportErrors('Open Experiment', async () => {
        const file = optionalUri(source, 'the experiment file') ?? vscode.window.activeTextEditor?.document.uri;
        if (file && /\.actlab\.json$/i.test(file.path)) {
          const spec = await readSpecFile(file);
          (await readyLab(uri)).loadSpec(spec);
          return spec;
        }
        return (await readyLab(uri)).openSpec();
      }),
    ),
    vscode.commands.registerCommand('activationLab.exportPytorchScript', (target?: unknown) =>
      reportErrors('Export as PyTorch Script', async () => (await readyLab(uri)).exportPytorch(optionalUri(target, 'the target'))),
    ),
    vscode.window.registerWebviewPanelSerializer(TRAINING_LAB_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: unknown) {
        TrainingLabPanel.revive(panel, uri, saved);
      },
    }),
  );
}
