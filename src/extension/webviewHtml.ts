// Builds the HTML shell of a webview panel: a nonce-based Content-Security-Policy that allows only the
// extension's own built assets, the theme's codicons, and the panel's bundle.
import * as vscode from 'vscode';

/** A fresh random nonce for one rendering of a webview's HTML. */
export function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += alphabet.charAt(Math.floor(Math.random() * alphabet.length));
  return nonce;
}

/** Webview options that limit local resources to the built assets in `dist/` and the static `media/`. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export interface PanelHtmlOptions {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  /** Page title, for screen readers. */
  readonly title: string;
  /** The panel's bundle under dist/webview/ (e.g. `explorer`). */
  readonly bundle: string;
  /** Markup of the page body. */
  readonly body: string;
  /** Extra `data-*` attributes of <body> (e.g. the URL of a worker script), HTML-escaped here. */
  readonly bodyData?: Readonly<Record<string, string>>;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * The panel's HTML. Scripts run only with the nonce (no inline handlers, no JavaScript eval). Plotly inserts its own
 * <style> rules at run time (its modebar and hover labels), so style-src allows inline styles; nothing
 * else is relaxed, and no remote origin is allowed for anything.
 */
export function panelHtml({ webview, extensionUri, title, bundle, body, bodyData = {} }: PanelHtmlOptions): string {
  const nonce = makeNonce();
  const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    // 'wasm-unsafe-eval' lets the core compile its WebAssembly SIMD kernels; it allows no JavaScript eval.
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `worker-src ${webview.cspSource} blob:`,
    `connect-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${asset('dist', 'media', 'codicons', 'codicon.css')}">
  <link rel="stylesheet" href="${asset('media', 'webview.css')}">
  <title>${title}</title>
</head>
<body${Object.entries(bodyData).map(([k, v]) => ` data-${k}="${escapeAttribute(v)}"`).join('')}>
${body}
  <script nonce="${nonce}" src="${asset('dist', 'media', 'plotly.min.js')}"></script>
  <script nonce="${nonce}" src="${asset('dist', 'webview', `${bundle}.js`)}"></script>
</body>
</html>`;
}
