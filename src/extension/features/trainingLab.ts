// The Training Lab feature (dist/features/trainingLab.js, loaded on first use; see ../lazy.ts): the
// implementation of the Training Lab's commands — open it, run a guided experiment, save/open experiment files,
// export the PyTorch script — and the panel itself. ../trainingLabCommands.ts registers the commands and the
// restore serializer and calls these.
import * as vscode from 'vscode';
import { guidedExperiment, guidedExperiments } from '../../core/lab';
import { reportErrors } from '../log';
import { readSpecFile, TRAINING_LAB_VIEW_TYPE, TrainingLabPanel } from '../trainingLabPanel';

export { TRAINING_LAB_VIEW_TYPE, TrainingLabPanel };

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

/** `activationLab.openTrainingLab` */
export function openTrainingLab(uri: vscode.Uri): TrainingLabPanel {
  return TrainingLabPanel.createOrShow(uri);
}

/** `activationLab.runGuidedExperiment` */
export function runGuidedExperiment(uri: vscode.Uri, id?: unknown): Promise<TrainingLabPanel | undefined> {
  return reportErrors('Run Guided Experiment', async () => {
    const chosen =
      id ??
      (await vscode.window.showQuickPick(guidedExperiments.map((e) => ({ label: e.title, detail: e.claim, id: e.id })), { title: 'Run a guided experiment', matchOnDetail: true }))?.id;
    if (chosen === undefined) return undefined;
    if (typeof chosen !== 'string') throw new Error(`expected an experiment id (got ${JSON.stringify(chosen)})`);
    const experiment = guidedExperiment(chosen);
    const lab = await readyLab(uri);
    lab.post({ type: 'runExperiment', id: experiment.id });
    return lab;
  });
}

/** `activationLab.saveExperiment` */
export function saveExperiment(uri: vscode.Uri, target?: unknown) {
  return reportErrors('Save Experiment', async () => (await readyLab(uri)).saveSpec(optionalUri(target, 'the target')));
}

/** `activationLab.openExperiment` */
export function openExperiment(uri: vscode.Uri, source?: unknown) {
  return reportErrors('Open Experiment', async () => {
    const file = optionalUri(source, 'the experiment file') ?? vscode.window.activeTextEditor?.document.uri;
    if (file && /\.actlab\.json$/i.test(file.path)) {
      const spec = await readSpecFile(file);
      (await readyLab(uri)).loadSpec(spec);
      return spec;
    }
    return (await readyLab(uri)).openSpec();
  });
}

/** `activationLab.exportPytorchScript` */
export function exportPytorchScript(uri: vscode.Uri, target?: unknown) {
  return reportErrors('Export as PyTorch Script', async () => (await readyLab(uri)).exportPytorch(optionalUri(target, 'the target')));
}

/** Restores a Training Lab panel after a reload (the webview panel serializer). */
export function reviveTrainingLab(panel: vscode.WebviewPanel, uri: vscode.Uri, saved: unknown): void {
  TrainingLabPanel.revive(panel, uri, saved);
}
