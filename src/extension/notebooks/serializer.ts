// Reads and writes Activation Lab's own notebooks (`*.actlabnb`, Jupyter nbformat 4.5 JSON; see
// core/notebook/ipynb) for VS Code: cells, their languages, outputs and execution counts survive a save and reopen.
import * as vscode from 'vscode';
import { readNotebookFile, writeNotebookFile, type NotebookFileCell } from '../../core/notebook';

const isBinaryMime = (mime: string) => mime.startsWith('image/') && mime !== 'image/svg+xml';

export class ActivationLabSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const file = readNotebookFile(new TextDecoder().decode(content));
    const cells = file.cells.map((cell) => {
      const data = new vscode.NotebookCellData(cell.kind === 'markdown' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code, cell.source, cell.language);
      data.outputs = cell.outputs.map(
        (output) => new vscode.NotebookCellOutput(output.items.map((item) => new vscode.NotebookCellOutputItem(isBinaryMime(item.mime) ? Buffer.from(item.text, 'base64') : Buffer.from(item.text, 'utf8'), item.mime))),
      );
      if (typeof cell.executionCount === 'number') data.executionSummary = { executionOrder: cell.executionCount };
      if (cell.id) data.metadata = { id: cell.id };
      return data;
    });
    return new vscode.NotebookData(cells);
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const cells: NotebookFileCell[] = data.cells.map((cell) => {
      const id = typeof cell.metadata?.id === 'string' ? cell.metadata.id : undefined;
      return {
        kind: cell.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'code',
        language: cell.languageId,
        source: cell.value,
        outputs: (cell.outputs ?? []).map((output) => ({
          items: output.items.map((item) => ({ mime: item.mime, text: Buffer.from(item.data).toString(isBinaryMime(item.mime) ? 'base64' : 'utf8') })),
        })),
        executionCount: cell.executionSummary?.executionOrder ?? null,
        ...(id ? { id } : {}),
      };
    });
    return Buffer.from(writeNotebookFile({ cells }), 'utf8');
  }
}
