// The Activation Explorer's page script: plots activation functions computed by the core with Plotly,
// in the VS Code theme's colours.
import { sampleActivation } from '../../core';
import { plotly } from '../plotly';
import { readTheme, themedLayout, watchTheme, type PlotTheme } from '../theme';

const plotElement = document.getElementById('plot') as HTMLElement;
const statusElement = document.getElementById('status') as HTMLElement;

function draw(theme: PlotTheme): Promise<unknown> {
  const samples = sampleActivation('relu', [-5, 5], 401);
  const base = themedLayout(theme);
  return plotly().react(
    plotElement,
    [
      { x: samples.x, y: samples.y, name: 'ReLU f(x)', type: 'scatter', mode: 'lines', line: { color: theme.series[0], width: 2 }, hovertemplate: 'x = %{x}<br>f(x) = %{y}<extra>ReLU</extra>' },
      { x: samples.x, y: samples.dy, name: "ReLU f′(x)", type: 'scatter', mode: 'lines', line: { color: theme.series[1], width: 2, dash: 'dash' }, hovertemplate: "x = %{x}<br>f′(x) = %{y}<extra>ReLU</extra>" },
    ],
    {
      ...base,
      margin: { l: 48, r: 16, t: 16, b: 40 },
      xaxis: { ...(base.xaxis as object), title: { text: 'x', font: { color: theme.foreground } } },
      yaxis: { ...(base.yaxis as object), title: { text: 'f(x), f′(x)', font: { color: theme.foreground } } },
      legend: { orientation: 'h', y: 1.08, font: { color: theme.foreground } },
    },
    { displaylogo: false, responsive: true },
  );
}

async function main(): Promise<void> {
  try {
    await draw(readTheme());
    statusElement.textContent = '';
    watchTheme((theme) => void draw(theme));
  } catch (error) {
    statusElement.textContent = `Could not draw the plot: ${error instanceof Error ? error.message : String(error)}`;
    statusElement.classList.add('error');
  }
}

void main();
