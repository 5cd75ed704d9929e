// Loads Plotly from the extension's own files (dist/media/plotly.min.js) with a <script> element, once per output
// webview. Not bundled: it is 4.6 MB, and the webviews ship the same file. A notebook's output webview may read
// only a few folders, and the folder of the renderer's entry file is the one always among them; the extension's
// own folder is not (loading ../media/ from dist/renderer/ failed in the real workbench for a saved notebook
// opened without running anything). So the renderer bundle is dist/renderer.js, and dist/ holds media/.
import type { PlotlyTrace } from '../webview/plotly';

export interface RendererPlotly {
  react(root: HTMLElement, data: PlotlyTrace[], layout: Record<string, unknown>, config: Record<string, unknown>): Promise<unknown>;
  purge(root: HTMLElement): void;
}

/** Where Plotly is, relative to this bundle (dist/renderer.js → dist/media/plotly.min.js). */
export function plotlyUrl(): string {
  return new URL('./media/plotly.min.js', import.meta.url).href;
}

let loading: Promise<RendererPlotly> | null = null;

/** Plotly, loaded on first use; a failure is reported (and retried on the next output). */
export function loadPlotly(): Promise<RendererPlotly> {
  const host = globalThis as { Plotly?: RendererPlotly; define?: unknown };
  if (host.Plotly) return Promise.resolve(host.Plotly);
  loading ??= new Promise<RendererPlotly>((resolve, reject) => {
    const url = plotlyUrl();
    const script = document.createElement('script');
    script.src = url;
    // Plotly's bundle is UMD: with an AMD loader on the page (other renderers bring require.js) it would
    // register itself as an AMD module instead of setting window.Plotly. Hide the loader while it runs.
    const define = host.define;
    const setDefine = (value: unknown) => {
      try {
        host.define = value;
      } catch {
        // a read-only `define`: leave it; Plotly then registers with it and the load reports the failure
      }
    };
    setDefine(undefined);
    const done = () => {
      setDefine(define);
      script.remove();
    };
    script.addEventListener('load', () => {
      done();
      if (host.Plotly) resolve(host.Plotly);
      else reject(new Error(`Plotly loaded from ${url} but did not define window.Plotly`));
    });
    script.addEventListener('error', () => {
      done();
      reject(new Error(`Plotly could not be loaded from ${url}; reinstall the extension (or run \`npm run build\`)`));
    });
    document.head.append(script);
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
