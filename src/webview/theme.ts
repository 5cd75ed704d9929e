// Plot colours taken from the VS Code theme (`--vscode-*` CSS variables), and a watcher that reports
// when the user switches between light, dark and high-contrast themes.

/** Colours a plot needs, read from the current VS Code theme. */
export interface PlotTheme {
  readonly kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  readonly foreground: string;
  readonly background: string;
  readonly grid: string;
  readonly zeroLine: string;
  readonly font: string;
  /** Distinct line colours for overlaid functions (the theme's chart palette). */
  readonly series: readonly string[];
}

/**
 * The colour without its transparency. Some themes define chart colours with alpha (Dark Modern's
 * charts.orange is rgba(234, 92, 0, 0.33)), which makes a plotted line fade into the background.
 */
export function opaque(colour: string): string {
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*[\d.]+\s*\)$/i.exec(colour);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  const hex8 = /^#([0-9a-f]{6})[0-9a-f]{2}$/i.exec(colour);
  if (hex8) return `#${hex8[1]}`;
  const hex4 = /^#([0-9a-f]{3})[0-9a-f]$/i.exec(colour);
  if (hex4) return `#${hex4[1]}`;
  return colour;
}

function cssVariable(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

/** The current theme, from the class VS Code puts on <body> and its CSS variables. */
export function readTheme(): PlotTheme {
  const classes = document.body.classList;
  const kind = classes.contains('vscode-high-contrast-light')
    ? 'high-contrast-light'
    : classes.contains('vscode-high-contrast')
      ? 'high-contrast'
      : classes.contains('vscode-light')
        ? 'light'
        : 'dark';
  const foreground = cssVariable('--vscode-editor-foreground', kind === 'light' ? '#333333' : '#cccccc');
  return {
    kind,
    foreground,
    background: cssVariable('--vscode-editor-background', kind === 'light' ? '#ffffff' : '#1e1e1e'),
    grid: cssVariable('--vscode-editorWidget-border', kind === 'light' ? '#e5e5e5' : '#3c3c3c'),
    zeroLine: cssVariable('--vscode-editorLineNumber-foreground', '#858585'),
    font: cssVariable('--vscode-font-family', 'sans-serif'),
    series: [
      cssVariable('--vscode-charts-blue', '#3794ff'),
      cssVariable('--vscode-charts-orange', '#d18616'),
      cssVariable('--vscode-charts-green', '#89d185'),
      cssVariable('--vscode-charts-purple', '#b180d7'),
      cssVariable('--vscode-charts-red', '#f14c4c'),
      cssVariable('--vscode-charts-yellow', '#cca700'),
    ].map(opaque),
  };
}

/**
 * Calls `onChange` whenever VS Code switches the theme. VS Code changes <body>'s class and, separately,
 * the `--vscode-*` variables in <html>'s style: watch both, and read the theme once both have settled
 * (on the next frame), so the colours are never one theme behind.
 */
export function watchTheme(onChange: (theme: PlotTheme) => void): () => void {
  let scheduled = false;
  const changed = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      onChange(readTheme());
    });
  };
  const observer = new MutationObserver(changed);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  return () => observer.disconnect();
}

/** Plotly layout fragment that applies the theme. */
export function themedLayout(theme: PlotTheme): Record<string, unknown> {
  const axis = { gridcolor: theme.grid, zerolinecolor: theme.zeroLine, linecolor: theme.grid, tickfont: { color: theme.foreground }, title: { font: { color: theme.foreground } } };
  return {
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    font: { color: theme.foreground, family: theme.font },
    xaxis: axis,
    yaxis: axis,
    legend: { font: { color: theme.foreground } },
    hoverlabel: { font: { family: theme.font } },
  };
}
