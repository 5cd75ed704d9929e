// The Activation Explorer feature (dist/features/explorer.js, loaded on first use; see ../lazy.ts): the
// implementation of the Explorer's commands — open it, plot or compare functions picked from the catalog, show
// one function with given parameters (what hover links run), export the plot — and the panel itself.
// ../explorerCommands.ts registers the commands and the restore serializer and calls these.
import * as vscode from 'vscode';
import { activations, getActivation, type ActivationParams } from '../../core';
import { MAX_PLOTTED_FUNCTIONS, validateExplorerState, type ExplorerState } from '../../core/protocol/explorer';
import { EXPLORER_VIEW_TYPE, ExplorerPanel, explorerDefaultState } from '../explorerPanel';
import { reportErrors } from '../log';

export { EXPLORER_VIEW_TYPE, ExplorerPanel };

/** Asks the user for catalog functions (multi-select); undefined when cancelled. */
async function pickActivations(title: string, preselected: readonly string[] = []): Promise<string[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    activations.map((a) => ({ label: a.name, description: a.id, detail: a.summary, id: a.id, picked: preselected.includes(a.id) })),
    { title, canPickMany: true, matchOnDescription: true, matchOnDetail: true, placeHolder: 'Type to filter; Space to select; Enter to plot' },
  );
  if (!picked || picked.length === 0) return undefined;
  return picked.slice(0, MAX_PLOTTED_FUNCTIONS).map((p) => p.id);
}

/** Catalog ids from a command argument: an id/alias, or an array of them. Throws naming a bad one. */
function idsFromArgument(arg: unknown): string[] | undefined {
  if (arg === undefined || arg === null) return undefined;
  const names = Array.isArray(arg) ? arg : [arg];
  if (names.length === 0 || names.length > MAX_PLOTTED_FUNCTIONS) throw new Error(`expected 1 to ${MAX_PLOTTED_FUNCTIONS} activation names (got ${names.length})`);
  return names.map((name) => {
    if (typeof name !== 'string') throw new Error(`expected activation names as strings (got ${JSON.stringify(name)})`);
    return getActivation(name).id;
  });
}

/** A state that plots `ids` with the Explorer's current settings (or the defaults). */
function stateFor(ids: readonly string[], view: ExplorerState['view'], params: ActivationParams[] = []): ExplorerState {
  const base = ExplorerPanel.current?.state ?? explorerDefaultState();
  return { ...base, view, functions: ids.map((id, i) => ({ id, params: { ...(params[i] ?? {}) }, visible: true })) };
}

function showValidated(extensionUri: vscode.Uri, state: ExplorerState): ExplorerPanel {
  const result = validateExplorerState(state);
  if (!result.ok) throw new Error(result.error);
  return ExplorerPanel.createOrShow(extensionUri, result.value);
}

/** Arguments of `activationLab.showActivation`: `{ name, params? }` (a hover link) or `(name, params?)`. */
function parseShowArguments(args: unknown[]): { id: string; params: ActivationParams } {
  const [first, second] = args;
  const spec = typeof first === 'string' ? { name: first, params: second } : (first as { name?: unknown; params?: unknown } | undefined);
  if (!spec || typeof spec.name !== 'string') throw new Error('expected an activation name, e.g. { "name": "leaky_relu", "params": { "negative_slope": 0.2 } }');
  const activation = getActivation(spec.name);
  const params = spec.params ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) throw new Error(`params must be an object of parameter values (got ${JSON.stringify(params)})`);
  return { id: activation.id, params: activation.resolveParams(params as ActivationParams) };
}

/** `activationLab.openExplorer` */
export function openExplorer(uri: vscode.Uri): ExplorerPanel {
  return ExplorerPanel.createOrShow(uri);
}

/** `activationLab.plotActivation` */
export function plotActivation(uri: vscode.Uri, arg?: unknown): Promise<ExplorerPanel | undefined> {
  return reportErrors('Plot Activation', async () => {
    const ids = idsFromArgument(arg) ?? (await pickActivations('Plot activation functions', ExplorerPanel.current?.state?.functions.map((f) => f.id)));
    return ids && showValidated(uri, stateFor(ids, 'plot'));
  });
}

/** `activationLab.compareActivations` */
export function compareActivations(uri: vscode.Uri, arg?: unknown): Promise<ExplorerPanel | undefined> {
  return reportErrors('Compare Activations', async () => {
    const ids = idsFromArgument(arg) ?? (await pickActivations('Compare activation functions', ['relu', 'leaky_relu', 'elu', 'silu']));
    return ids && showValidated(uri, stateFor(ids, 'compare'));
  });
}

/** `activationLab.showActivation` */
export function showActivation(uri: vscode.Uri, args: unknown[]): Promise<ExplorerPanel | undefined> {
  return reportErrors('Show Activation', async () => {
    const { id, params } = parseShowArguments(args);
    return showValidated(uri, stateFor([id], 'plot', [params]));
  });
}

/** `activationLab.exportExplorer` */
export function exportExplorer(uri: vscode.Uri, format?: unknown, target?: unknown) {
  return reportErrors('Export', async () => {
    const chosen =
      format ??
      (await vscode.window.showQuickPick(['png', 'svg', 'csv'].map((f) => ({ label: f.toUpperCase(), format: f })), { title: 'Export the Activation Explorer plot as' }))?.format;
    if (chosen === undefined) return undefined;
    if (chosen !== 'png' && chosen !== 'svg' && chosen !== 'csv') throw new Error(`export format must be "png", "svg" or "csv" (got ${JSON.stringify(chosen)})`);
    if (target !== undefined && !(target instanceof vscode.Uri)) throw new Error('the export target must be a file URI');
    const explorer = ExplorerPanel.current ?? ExplorerPanel.createOrShow(uri);
    if (!explorer.state) await explorer.whenState(() => true);
    return explorer.exportTo(chosen, target);
  });
}

/** Restores an Explorer panel after a reload (the webview panel serializer). */
export function reviveExplorer(panel: vscode.WebviewPanel, uri: vscode.Uri, savedState: unknown): void {
  ExplorerPanel.revive(panel, uri, savedState);
}
