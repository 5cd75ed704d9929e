// The Activation Explorer panel: one instance, reused (createOrShow), restored with its state after a
// window reload (WebviewPanelSerializer). Every message from the webview is validated before it is used.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { getActivation } from '../core';
import { activationCode, explorerCsv } from '../core/codegen';
import {
  defaultExplorerState,
  parseExplorerMessage,
  validateExplorerState,
  type ExplorerState,
  type ExtensionToExplorer,
} from '../core/protocol/explorer';
import { log } from './log';
import { onDidChangeSettings, plotDefaults, type SettingsChange } from './settings';
import { WebviewChannel } from './webviewChannel';
import { panelHtml, webviewOptions } from './webviewHtml';

/** Webview view type of the Explorer; also the key its state is restored under. */
export const EXPLORER_VIEW_TYPE = 'activationLab.explorer';

type ImageFormat = 'png' | 'svg';

/** The state a new plot starts from: the core's default with the `activationLab.plot.*` settings (range, curves, samples). */
export function explorerDefaultState(functionIds?: readonly string[]): ExplorerState {
  const plot = plotDefaults();
  return { ...defaultExplorerState(functionIds), xRange: [plot.xRange[0], plot.xRange[1]], show: plot.show, samples: plot.samples };
}

/** Decodes a `data:` URL from Plotly's image export into file bytes. */
export function dataUrlBytes(dataUrl: string): Uint8Array {
  const comma = dataUrl.indexOf(',');
  const header = dataUrl.slice(0, comma);
  const body = dataUrl.slice(comma + 1);
  return header.endsWith(';base64') ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'utf8');
}

export class ExplorerPanel {
  /** The open Explorer, if any. */
  static current: ExplorerPanel | undefined;

  /** The state the page last reported (what the user sees). */
  state: ExplorerState | undefined;
  /** Errors of messages rejected by validation, newest last (for the log and for tests). */
  readonly rejectedMessages: string[] = [];

  private readonly channel: WebviewChannel<ExtensionToExplorer>;
  private nextRequestId = 1;
  private readonly imageRequests = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();
  private readonly stateListeners = new Set<(state: ExplorerState) => void>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the Explorer (creating it if needed); with `state`, shows that state. */
  static createOrShow(extensionUri: vscode.Uri, state?: ExplorerState): ExplorerPanel {
    const column = vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One;
    let explorer = ExplorerPanel.current;
    if (explorer) {
      explorer.panel.reveal(column);
    } else {
      const panel = vscode.window.createWebviewPanel(EXPLORER_VIEW_TYPE, 'Activation Explorer', column, webviewOptions(extensionUri));
      explorer = new ExplorerPanel(panel, extensionUri);
    }
    if (state) explorer.setState(state);
    return explorer;
  }

  /** Adopts a panel VS Code restored after a reload, with the state the page had saved. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, savedState: unknown): ExplorerPanel {
    const explorer = new ExplorerPanel(panel, extensionUri);
    if (savedState !== undefined && savedState !== null) {
      const result = validateExplorerState(savedState);
      if (result.ok) explorer.setState(result.value);
      else log().warn(`Activation Explorer: saved state not restored (${result.error}); showing the default`);
    }
    return explorer;
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri) {
    ExplorerPanel.current = this;
    this.channel = new WebviewChannel(panel.webview);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'explorer.svg');
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml({
      webview: panel.webview,
      extensionUri,
      title: 'Activation Explorer',
      bundle: 'explorer',
      // What a new page shows (a restored page keeps its saved state).
      bodyData: { 'default-state': JSON.stringify(explorerDefaultState()) },
      body: `  <main class="explorer">
    <h1 class="visually-hidden">Activation Explorer</h1>
    <aside id="controls" class="controls" aria-label="Functions and plot settings"></aside>
    <section class="view">
      <div id="plots" class="plots"></div>
      <div id="compare" class="compare" hidden></div>
      <p id="status" class="status" role="status" aria-live="polite"></p>
    </section>
  </main>`,
    });
    panel.webview.onDidReceiveMessage((message) => void this.receive(message), null, this.disposables);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    this.disposables.push(onDidChangeSettings((change) => this.applyPlotSettings(change)));
  }

  /**
   * A changed `activationLab.plot.*` setting reaches the open page: the changed setting's field (range, curves or
   * samples) takes the new value; the functions, their parameters and the other fields stay as the user left them.
   */
  private applyPlotSettings(change: SettingsChange): void {
    if (!change.plotXRange && !change.plotShow && !change.plotSamples) return;
    const plot = plotDefaults();
    const apply = (base: ExplorerState) => {
      const result = validateExplorerState({
        ...base,
        ...(change.plotXRange ? { xRange: [plot.xRange[0], plot.xRange[1]] } : {}),
        ...(change.plotShow ? { show: plot.show } : {}),
        ...(change.plotSamples ? { samples: plot.samples } : {}),
      });
      if (result.ok) this.setState(result.value);
      else log().warn(`Activation Explorer: plot settings not applied (${result.error})`);
    };
    if (this.state) apply(this.state);
    else void this.whenState(() => true).then(apply, () => undefined);
  }

  /** Sends a state to the page (queued until the page is ready). */
  setState(state: ExplorerState): void {
    this.post({ type: 'setState', state });
  }

  /** Resolves with the next state the page reports that satisfies `condition`. */
  whenState(condition: (state: ExplorerState) => boolean, timeoutMs = 15_000): Promise<ExplorerState> {
    if (this.state && condition(this.state)) return Promise.resolve(this.state);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stateListeners.delete(listener);
        reject(new Error(`the Explorer did not reach the expected state within ${timeoutMs} ms (last: ${JSON.stringify(this.state)})`));
      }, timeoutMs);
      const listener = (state: ExplorerState) => {
        if (!condition(state)) return;
        clearTimeout(timer);
        this.stateListeners.delete(listener);
        resolve(state);
      };
      this.stateListeners.add(listener);
    });
  }

  /**
   * Handles one message from the webview. Malformed messages are rejected with a specific error, logged,
   * and change nothing. Returns the error, if any.
   */
  async receive(raw: unknown): Promise<string | undefined> {
    const result = parseExplorerMessage(raw);
    if (!result.ok) {
      this.rejectedMessages.push(result.error);
      log().error(`Activation Explorer: rejected ${result.error}`);
      return result.error;
    }
    const message = result.value;
    switch (message.type) {
      case 'ready':
        this.channel.markReady();
        break;
      case 'stateChanged':
        this.state = message.state;
        for (const listener of [...this.stateListeners]) listener(message.state);
        break;
      case 'image': {
        const request = this.imageRequests.get(message.requestId);
        this.imageRequests.delete(message.requestId);
        request?.resolve(dataUrlBytes(message.dataUrl));
        break;
      }
      case 'imageFailed': {
        const request = this.imageRequests.get(message.requestId);
        this.imageRequests.delete(message.requestId);
        request?.reject(new Error(`the plot could not be exported: ${message.message}`));
        break;
      }
      case 'saveImage':
        await this.exportTo(message.format);
        break;
      case 'saveCsv':
        await this.exportTo('csv');
        break;
      case 'copyCode':
        await this.copyCode(message.framework, message.index);
        break;
      case 'error':
        log().warn(`Activation Explorer page: ${message.message}`);
        break;
    }
    return undefined;
  }

  /** Asks the page to render the plot as PNG or SVG. */
  requestImage(format: ImageFormat, timeoutMs = 30_000): Promise<Uint8Array> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.imageRequests.delete(requestId);
        reject(new Error(`the Explorer did not export the ${format.toUpperCase()} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.imageRequests.set(requestId, {
        resolve: (bytes) => (clearTimeout(timer), resolve(bytes)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.post({ type: 'exportImage', requestId, format });
    });
  }

  /** Exports the plot (PNG/SVG) or its sampled values (CSV) to `target`, or to a file the user picks. */
  async exportTo(format: ImageFormat | 'csv', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const state = this.state ?? defaultExplorerState();
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: `Export Activation Explorer ${format.toUpperCase()}`,
        defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir()), `activations.${format}`),
        filters: { [format.toUpperCase()]: [format] },
      }));
    if (!uri) return undefined;
    try {
      const bytes = format === 'csv' ? Buffer.from(explorerCsv(state), 'utf8') : await this.requestImage(format);
      await vscode.workspace.fs.writeFile(uri, bytes);
      if (!target) void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(uri)}`);
      return uri;
    } catch (error) {
      const message = `Activation Explorer: export failed: ${error instanceof Error ? error.message : String(error)}`;
      log().error(message);
      void vscode.window.showErrorMessage(message);
      if (target) throw error;
      return undefined;
    }
  }

  /** Copies framework code for the `index`-th plotted function, with its parameters, to the clipboard. */
  async copyCode(framework: 'pytorch' | 'keras', index: number): Promise<string | undefined> {
    const fn = this.state?.functions[index];
    if (!fn) {
      log().error(`Activation Explorer: no plotted function #${index} to copy`);
      return undefined;
    }
    const code = activationCode(fn.id, fn.params, framework);
    await vscode.env.clipboard.writeText(code);
    void vscode.window.showInformationMessage(`Copied ${getActivation(fn.id).name} as ${framework === 'pytorch' ? 'PyTorch' : 'Keras'} code`);
    return code;
  }

  private post(message: ExtensionToExplorer): void {
    this.channel.post(message);
  }

  dispose(): void {
    if (ExplorerPanel.current === this) ExplorerPanel.current = undefined;
    for (const request of this.imageRequests.values()) request.reject(new Error('the Explorer was closed'));
    this.imageRequests.clear();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
