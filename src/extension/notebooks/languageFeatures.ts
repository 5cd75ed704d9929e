// Completion and hover for cells in the Activation Lab language (`activationlab`): commands, options,
// activation names and their parameters, from the catalog (core/notebook/language does the work, in
// dist/features/notebooks.js, required on the first completion or hover; see ../lazy.ts).
import * as vscode from 'vscode';
import type { CompletionSuggestion } from '../../core/notebook';
import { CELL_LANGUAGE } from '../ids';
import { feature } from '../lazy';

const KINDS: Record<CompletionSuggestion['kind'], vscode.CompletionItemKind> = {
  command: vscode.CompletionItemKind.Keyword,
  option: vscode.CompletionItemKind.Property,
  activation: vscode.CompletionItemKind.Function,
  parameter: vscode.CompletionItemKind.Variable,
  value: vscode.CompletionItemKind.EnumMember,
};

function completionItem(suggestion: CompletionSuggestion): vscode.CompletionItem {
  const item = new vscode.CompletionItem(suggestion.label, KINDS[suggestion.kind]);
  if (suggestion.detail) item.detail = suggestion.detail;
  if (suggestion.documentation) item.documentation = new vscode.MarkdownString(suggestion.documentation);
  if (suggestion.insertText) item.insertText = suggestion.insertText;
  return item;
}

/** Registers the completion and hover providers for Activation Lab cells. */
export function registerCellLanguage(): vscode.Disposable[] {
  const selector: vscode.DocumentSelector = { language: CELL_LANGUAGE };
  return [
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        provideCompletionItems(document, position) {
          return feature('notebooks').completionsAt(document.getText(), position.line, position.character).map(completionItem);
        },
      },
      ' ',
      ',',
      '(',
      '=',
    ),
    vscode.languages.registerHoverProvider(selector, {
      provideHover(document, position) {
        const hover = feature('notebooks').hoverAt(document.getText(), position.line, position.character);
        if (!hover) return undefined;
        return new vscode.Hover(new vscode.MarkdownString(hover.markdown), new vscode.Range(position.line, hover.start, position.line, hover.end));
      },
    }),
  ];
}
