// Hover docs in the editor: a HoverProvider for the languages in `activationLab.hover.languages` (re-registered
// when the setting changes) that shows the core's hover Markdown for the activation under the cursor.
// Registering is all that happens at activation: the recogniser and the Markdown builder (features/hover.ts,
// bundled as dist/features/hover.js) are required on the first hover (see lazy.ts).
import * as vscode from 'vscode';
import { feature } from './lazy';

/** The setting that lists the languages hovers work in. */
export const HOVER_LANGUAGES_SETTING = 'activationLab.hover.languages';
export const DEFAULT_HOVER_LANGUAGES: readonly string[] = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

/** The hover for a position, or undefined where no activation is named (the first call loads the hover feature). */
export function activationHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  return feature('hover').activationHover(document, position);
}

function configuredLanguages(): string[] {
  const languages = vscode.workspace.getConfiguration().get<unknown>(HOVER_LANGUAGES_SETTING);
  if (!Array.isArray(languages)) return [...DEFAULT_HOVER_LANGUAGES];
  return languages.filter((language): language is string => typeof language === 'string' && language.trim() !== '');
}

/** Registers the hover provider for the configured languages, and again whenever the setting changes. */
export function registerHover(context: vscode.ExtensionContext): void {
  const provider: vscode.HoverProvider = { provideHover: (document, position) => activationHover(document, position) };
  let registration: vscode.Disposable | undefined;
  const register = () => {
    registration?.dispose();
    const languages = configuredLanguages();
    registration = languages.length ? vscode.languages.registerHoverProvider(languages.map((language) => ({ language })), provider) : undefined;
  };
  register();
  context.subscriptions.push(
    { dispose: () => registration?.dispose() },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(HOVER_LANGUAGES_SETTING)) register();
    }),
  );
}
