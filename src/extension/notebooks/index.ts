// Notebooks: the Activation Lab kernel (for .ipynb and *.actlabnb notebooks), the serializer of *.actlabnb
// files, completion and hover in Activation Lab cells, and the "New Activation Lab Notebook" command. The
// renderer of outputs is a separate bundle (src/renderer) that VS Code loads into the notebook's output webview.
// Everything here is registered at activation; reading/writing files, running cells and cell completion/hover
// require the notebooks feature (dist/features/notebooks.js) on first use (see ../lazy.ts).
import * as vscode from 'vscode';
import { CELL_LANGUAGE } from '../ids';
import { feature } from '../lazy';
import { reportErrors } from '../log';
import { ActivationLabKernel, NOTEBOOK_TYPE } from './kernel';
import { registerCellLanguage } from './languageFeatures';

/** The *.actlabnb serializer: the file format's reader and writer load with the first file. */
const serializer: vscode.NotebookSerializer = {
  deserializeNotebook: (content) => feature('notebooks').serializer.deserializeNotebook(content),
  serializeNotebook: (data) => feature('notebooks').serializer.serializeNotebook(data),
};

/** The cells a new Activation Lab notebook starts with. */
const STARTER_CELLS: readonly { readonly markdown?: boolean; readonly source: string }[] = [
  { markdown: true, source: '# Activation Lab notebook\nRun a cell with the **Activation Lab** kernel. Hover over a name for its formula; completion lists activations and options.' },
  { source: 'plot relu, leaky_relu(negative_slope=0.1), gelu, silu\nrange: -4 4' },
  { source: 'train\ndata: spiral samples=400 noise=0.1\nlayers: 16 relu, 16 relu\noptimizer: adam lr=0.01\nsteps: 600' },
];

export function registerNotebooks(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, serializer, { transientOutputs: false }),
    new ActivationLabKernel(),
    ...registerCellLanguage(),
    vscode.commands.registerCommand('activationLab.newNotebook', () =>
      reportErrors('New Activation Lab Notebook', async () => {
        const cells = STARTER_CELLS.map((cell) => new vscode.NotebookCellData(cell.markdown ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code, cell.source, cell.markdown ? 'markdown' : CELL_LANGUAGE));
        const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, new vscode.NotebookData(cells));
        await vscode.window.showNotebookDocument(notebook);
        return notebook;
      }),
    ),
  );
}
