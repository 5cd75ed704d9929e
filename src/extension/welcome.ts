// First run: the "Get Started with Activation Lab" walkthrough (package.json `contributes.walkthroughs`, id
// activationLab.welcome) and the commands it needs that no feature owns — open the walkthrough, and "Try a Hover"
// (a small editable example with the hover already showing). Also starts the settings watcher, which reports
// unusable setting values. Imports only `vscode` and small modules: registering all this costs next to nothing.
//
// No status-bar item: VS Code opens an extension's walkthrough by itself on install
// (`workbench.welcomePage.walkthroughs.openOnInstall`) and lists it on the Welcome page; afterwards
// "Activation Lab: Get Started" reopens it. A permanent status-bar entry would be noise in every window.
import * as vscode from 'vscode';
import { pickHoverSample } from './hoverSamples';
import { reportErrors } from './log';
import { hoverLanguages, registerSettings, SETTINGS } from './settings';

/** The walkthrough's id in package.json. */
export const WALKTHROUGH_ID = 'activationLab.welcome';

/** What "Try a Hover" opened (for tests): the document and where the hover was asked for. */
export interface TryHoverResult {
  readonly uri: string;
  readonly languageId: string;
  readonly line: number;
  readonly character: number;
}

/** The example document "Try a Hover" opened last, reused while it is open. */
let sampleDocument: vscode.TextDocument | undefined;

async function tryHover(): Promise<TryHoverResult | undefined> {
  const picked = pickHoverSample(hoverLanguages());
  if (!picked) {
    // Not awaited: the command returns while the notification waits for the user.
    void vscode.window
      .showWarningMessage(`Activation Lab: hovers are off because ${SETTINGS.hoverLanguages} is empty. Add a language id such as "python" to it to see activation hovers.`, 'Open Setting')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS.hoverLanguages));
    return undefined;
  }
  const { languageId, sample } = picked;
  const reuse = sampleDocument && !sampleDocument.isClosed && sampleDocument.languageId === languageId;
  const document = reuse ? sampleDocument! : await vscode.workspace.openTextDocument({ language: languageId, content: sample.text });
  sampleDocument = document;
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  // The hover opens on the sample's first activation (if the user has not edited it away).
  const text = document.getText();
  const at = text.indexOf(sample.showAt, Math.max(0, text.indexOf('import')));
  if (at < 0) return { uri: document.uri.toString(), languageId, line: 0, character: 0 };
  const position = document.positionAt(at + 2);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.showHover');
  return { uri: document.uri.toString(), languageId, line: position.line, character: position.character };
}

/** Registers the walkthrough's commands and the settings watcher. */
export function registerWelcome(context: vscode.ExtensionContext): void {
  registerSettings(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('activationLab.openWalkthrough', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false),
    ),
    vscode.commands.registerCommand('activationLab.tryHover', () => reportErrors('Try a Hover', tryHover)),
  );
}
