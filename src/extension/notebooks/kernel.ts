// The Activation Lab kernel: notebook controllers (for Jupyter .ipynb notebooks and for Activation Lab's own
// *.actlabnb notebooks) that run cells of the Activation Lab language. Training runs on the core's CPU backend
// in the extension host, in slices that yield to the event loop, streams throttled progress into the cell's
// output, stops on interrupt, and records execution order and timing as VS Code expects.
// The controllers exist from activation; the cell parser and runner (dist/features/notebooks.js) are required
// when the first cell runs (see ../lazy.ts).
import * as vscode from 'vscode';
import type { NotebookPayload } from '../../core/notebook';
import { CELL_LANGUAGE, NOTEBOOK_MIME } from '../ids';
import { feature } from '../lazy';
import { log } from '../log';
import { notebookBackend } from '../settings';

/** Activation Lab's own notebook type (files `*.actlabnb`). */
export const NOTEBOOK_TYPE = 'activation-lab-notebook';
/** The controllers: one per notebook type, both labelled "Activation Lab". */
export const CONTROLLERS = [
  { id: 'activation-lab', notebookType: 'jupyter-notebook' },
  { id: 'activation-lab-notebook', notebookType: NOTEBOOK_TYPE },
] as const;

/** How often a running cell's output is refreshed. */
const PROGRESS_EVERY_MS = 400;

/** An output's items: the rich payload for the renderer, and a text summary for viewers without it. */
export function outputItems(payload: NotebookPayload): vscode.NotebookCellOutputItem[] {
  return [vscode.NotebookCellOutputItem.json(payload, NOTEBOOK_MIME), vscode.NotebookCellOutputItem.text(feature('notebooks').payloadSummary(payload), 'text/plain')];
}

/** An error output (VS Code's own error renderer shows it as text). */
function errorOutput(name: string, message: string): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name, message, stack: '' })]);
}

export class ActivationLabKernel implements vscode.Disposable {
  private readonly controllers: vscode.NotebookController[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** Execution order, per notebook: 1, 2, 3 … as cells run. */
  private readonly order = new Map<string, number>();
  /** Cells of one notebook run one after another, across separate run requests. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor() {
    for (const { id, notebookType } of CONTROLLERS) {
      const controller = vscode.notebooks.createNotebookController(id, notebookType, 'Activation Lab');
      controller.supportedLanguages = [CELL_LANGUAGE];
      controller.supportsExecutionOrder = true;
      controller.description = 'plot, train, compare and sweep cells, trained on the CPU';
      controller.detail = 'Activation Lab’s own kernel: runs cells in the Activation Lab language';
      controller.executeHandler = (cells, notebook, self) => this.execute(cells, notebook, self);
      this.controllers.push(controller);
    }
    // Prefer this kernel for notebooks that hold Activation Lab cells (and for its own notebook type).
    for (const notebook of vscode.workspace.notebookDocuments) this.suggestFor(notebook);
    this.disposables.push(vscode.workspace.onDidOpenNotebookDocument((notebook) => this.suggestFor(notebook)));
  }

  private suggestFor(notebook: vscode.NotebookDocument): void {
    const ours = notebook.notebookType === NOTEBOOK_TYPE || notebook.getCells().some((cell) => cell.document.languageId === CELL_LANGUAGE);
    if (!ours) return;
    for (const controller of this.controllers) {
      if (CONTROLLERS.some((c) => c.id === controller.id && c.notebookType === notebook.notebookType)) controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
    }
  }

  private execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument, controller: vscode.NotebookController): Promise<void> {
    // Every requested cell shows as queued at once; they then run in order, after any earlier request.
    const executions: vscode.NotebookCellExecution[] = [];
    for (const cell of cells) {
      try {
        executions.push(controller.createNotebookCellExecution(cell));
      } catch (error) {
        log().warn(`Activation Lab kernel: cell ${cell.index + 1} is already queued or running (${String(error)})`);
      }
    }
    const key = notebook.uri.toString();
    const run = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
      let interrupted = false;
      for (const execution of executions) {
        if (interrupted || execution.token.isCancellationRequested) {
          // Interrupting stops the queue, as in Jupyter: the cells after the interrupted one do not run.
          execution.start(Date.now());
          execution.end(undefined, Date.now());
          interrupted = true;
          continue;
        }
        await this.runCell(execution, key);
        interrupted = execution.token.isCancellationRequested;
      }
    });
    this.queues.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  }

  private async runCell(execution: vscode.NotebookCellExecution, notebookKey: string): Promise<void> {
    const order = (this.order.get(notebookKey) ?? 0) + 1;
    this.order.set(notebookKey, order);
    execution.executionOrder = order;
    execution.start(Date.now());
    const cell = execution.cell;
    try {
      await execution.clearOutput();
      if (cell.document.languageId !== CELL_LANGUAGE) {
        await execution.replaceOutput(errorOutput('Not an Activation Lab cell', `this cell's language is ${cell.document.languageId}; the Activation Lab kernel runs cells in the Activation Lab language (plot, train, compare, sweep). Change the cell's language (bottom right of the cell) to "Activation Lab", or pick another kernel.`));
        execution.end(false, Date.now());
        return;
      }
      const { parseCell, runCell } = feature('notebooks');
      let program;
      try {
        program = parseCell(cell.document.getText());
      } catch (error) {
        await execution.replaceOutput(errorOutput('Activation Lab cell error', (error as Error).message));
        execution.end(false, Date.now());
        return;
      }
      // Progress outputs replace the items of one output, so the renderer updates one view in place.
      let output: vscode.NotebookCellOutput | null = null;
      let writes: Thenable<void> = Promise.resolve();
      const show = (payload: NotebookPayload) => {
        const items = outputItems(payload);
        writes = writes.then(() => {
          if (output) return execution.replaceOutputItems(items, output);
          output = new vscode.NotebookCellOutput(items);
          return execution.replaceOutput(output);
        });
      };
      const signal = {
        get aborted() {
          return execution.token.isCancellationRequested;
        },
      };
      const result = await runCell(program, { signal, onProgress: show, progressEveryMs: PROGRESS_EVERY_MS, backend: notebookBackend() });
      show(result);
      await writes;
      const status = 'status' in result ? result.status : 'finished';
      execution.end(status !== 'cancelled', Date.now());
    } catch (error) {
      log().error(`Activation Lab kernel: cell ${cell.index + 1} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      // The cell may be gone (deleted, notebook closed): then there is no output to write.
      await execution.replaceOutput(errorOutput('Activation Lab kernel error', error instanceof Error ? error.message : String(error))).then(undefined, () => undefined);
      execution.end(false, Date.now());
    }
  }

  dispose(): void {
    for (const controller of this.controllers) controller.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
