// The hover feature (dist/features/hover.js, loaded on the first hover; see ../lazy.ts): the hover for a
// position — the core's recogniser and hover Markdown (formula, curve SVG, framework defaults). Each document is
// read once per version (comments, strings, imports); a hover then does no file-system or network work. In a
// notebook, imports written in earlier cells count. ../hover.ts registers the provider that calls this.
import * as vscode from 'vscode';
import { analyseSource, hoverMarkdown, recogniseAt, SHOW_ACTIVATION_COMMAND, type SourceAnalysis } from '../../core/hover';
import type { ImportBindings } from '../../core/hover';

/** Each open document's analysis for its current version. */
const analyses = new WeakMap<vscode.TextDocument, { version: number; languageId: string; analysis: SourceAnalysis }>();

function analysisOf(document: vscode.TextDocument): SourceAnalysis {
  const cached = analyses.get(document);
  if (cached && cached.version === document.version && cached.languageId === document.languageId) return cached.analysis;
  const analysis = analyseSource(document.getText(), document.languageId);
  analyses.set(document, { version: document.version, languageId: document.languageId, analysis });
  return analysis;
}

/** For a notebook cell: the import bindings of the cells above it (in the same language family). */
function earlierCellImports(document: vscode.TextDocument): ImportBindings[] {
  if (document.uri.scheme !== 'vscode-notebook-cell') return [];
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cells = notebook.getCells();
    const index = cells.findIndex((cell) => cell.document === document);
    if (index < 0) continue;
    return cells
      .slice(0, index)
      .filter((cell) => cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === document.languageId)
      .map((cell) => analysisOf(cell.document).imports);
  }
  return [];
}

/** The hover for a position, or undefined where no activation is named. */
export function activationHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const analysis = analysisOf(document);
  const found = recogniseAt(analysis, document.offsetAt(position), { contextImports: earlierCellImports(document) });
  if (!found) return undefined;
  const markdown = new vscode.MarkdownString(hoverMarkdown(found).markdown);
  markdown.isTrusted = { enabledCommands: [SHOW_ACTIVATION_COMMAND] };
  markdown.supportHtml = false;
  return new vscode.Hover(markdown, new vscode.Range(document.positionAt(found.start), document.positionAt(found.end)));
}
