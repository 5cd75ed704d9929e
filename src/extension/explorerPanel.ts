// The Activation Explorer panel: one instance, reused (createOrShow), restored after a window reload.
import * as vscode from 'vscode';
import { panelHtml, webviewOptions } from './webviewHtml';

/** Webview view type of the Explorer; also the key its state is restored under. */
export const EXPLORER_VIEW_TYPE = 'activationLab.explorer';

export class ExplorerPanel {
  /** The open Explorer, if any. */
  static current: ExplorerPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the Explorer, creating it if needed. */
  static createOrShow(extensionUri: vscode.Uri): ExplorerPanel {
    const column = vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One;
    if (ExplorerPanel.current) {
      ExplorerPanel.current.panel.reveal(column);
      return ExplorerPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(EXPLORER_VIEW_TYPE, 'Activation Explorer', column, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: false,
    });
    return new ExplorerPanel(panel, extensionUri);
  }

  /** Adopts a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): ExplorerPanel {
    return new ExplorerPanel(panel, extensionUri);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    ExplorerPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'explorer.svg');
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml({
      webview: panel.webview,
      extensionUri: this.extensionUri,
      title: 'Activation Explorer',
      bundle: 'explorer',
      body: `  <main class="explorer">
    <h1 class="visually-hidden">Activation Explorer</h1>
    <div id="plot" class="plot" role="img" aria-label="Plot of ReLU and its derivative"></div>
    <p id="status" class="status" role="status"></p>
  </main>`,
    });
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  dispose(): void {
    if (ExplorerPanel.current === this) ExplorerPanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** Registers the Explorer's command and its restore-after-reload serializer. */
export function registerExplorer(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('activationLab.openExplorer', () => {
      ExplorerPanel.createOrShow(context.extensionUri);
    }),
    vscode.window.registerWebviewPanelSerializer(EXPLORER_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        ExplorerPanel.revive(panel, context.extensionUri);
      },
    }),
  );
}
