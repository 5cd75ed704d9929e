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
    ],
  };
}

/** Calls `onChange` whenever VS Code switches the theme (it rewrites <body>'s class and style). */
export function watchTheme(onChange: (theme: PlotTheme) => void): () => void {
  const observer = new MutationObserver(() => onChange(readTheme()));
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
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
