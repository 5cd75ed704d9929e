// Browser tests of the Activation Explorer in the real code-server workbench: palette → panel → Plotly,
// a slider that changes the curve, theme switches, the compare table, and restore after a reload.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { FrameLocator } from 'playwright-core';
import { getActivation, sampleActivation } from '../../src/core';
import { workbench, type Workbench } from './workbench';

interface PlottedTrace {
  name: string;
  x: number[];
  y: number[];
}

/** The traces Plotly drew in the Explorer's main plot (read from Plotly's own data on the element). */
function plottedTraces(view: FrameLocator): Promise<PlottedTrace[]> {
  return view.locator('#plot').evaluate((element) => {
    const data = (element as unknown as { data: Array<{ name: string; x: ArrayLike<number>; y: ArrayLike<number> }> }).data;
    return data.map((trace) => ({ name: trace.name, x: Array.from(trace.x), y: Array.from(trace.y) }));
  });
}

function plotBackground(view: FrameLocator): Promise<string> {
  return view.locator('#plot').evaluate((element) => String((element as unknown as { _fullLayout: { paper_bgcolor: string } })._fullLayout.paper_bgcolor));
}

async function waitForTraces(view: FrameLocator, predicate: (traces: PlottedTrace[]) => boolean, what: string): Promise<PlottedTrace[]> {
  const deadline = Date.now() + 30_000;
  let last: PlottedTrace[] = [];
  for (;;) {
    try {
      last = await plottedTraces(view);
      if (predicate(last)) return last;
    } catch {
      // the plot is being (re)created
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; traces: ${JSON.stringify(last.map((t) => t.name))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The value of `trace` at x (a sample point; gap markers inserted at jumps hold NaN and are skipped). */
function valueAt(trace: PlottedTrace, x: number): number {
  const index = trace.x.findIndex((value, i) => value === x && !Number.isNaN(trace.y[i]));
  assert.ok(index >= 0, `x = ${x} is a sample of ${trace.name}`);
  return trace.y[index];
}

async function switchTheme(wb: Workbench, themeName: string): Promise<void> {
  await wb.runCommand('Preferences: Color Theme');
  await wb.chooseQuickPickItem(themeName);
}

describe('Activation Explorer (browser, real workbench)', function () {
  this.timeout(180_000);

  it('opens from the command palette and draws ReLU and its derivative from the core’s values', async () => {
    const wb = await workbench();
    await wb.runCommand('Activation Lab: Open Activation Explorer');
    const view = wb.webview();
    await view.locator('#plot .main-svg .scatterlayer .trace path.js-line').first().waitFor({ timeout: 60_000 });
    const traces = await waitForTraces(view, (t) => t.length === 2, 'ReLU f and f′');
    assert.deepEqual(traces.map((t) => t.name), ['ReLU', 'ReLU ′']);
    const expected = sampleActivation('relu', [-5, 5], 401);
    assert.equal(valueAt(traces[0], -5), 0);
    assert.equal(valueAt(traces[0], 5), 5);
    assert.equal(valueAt(traces[0], 2.5), expected.y[300]);
    assert.equal(valueAt(traces[1], 0), 0, 'relu′(0) = 0, as in PyTorch, is what is drawn at the kink');
  });

  it('plots Leaky ReLU picked in "Plot Activation…", and its slope slider changes the curve', async () => {
    const wb = await workbench();
    const { page } = wb;
    await wb.runCommand('Activation Lab: Plot Activation…');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Plot activation functions' }).waitFor({ timeout: 30_000 });
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('Leaky ReLU');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'leaky_relu' }).first();
    await row.waitFor();
    await row.locator('.monaco-checkbox[role=checkbox]').first().click();
    await wb.acceptQuickPick();
    const view = wb.webview();
    let traces = await waitForTraces(view, (t) => t.some((trace) => trace.name === 'Leaky ReLU'), 'Leaky ReLU to be plotted');
    const leaky = () => traces.find((t) => t.name.startsWith('Leaky ReLU') && !t.name.endsWith('′'))!;
    assert.equal(valueAt(leaky(), -5), getActivation('leaky_relu').forward(-5), 'the catalog’s float32 value with PyTorch’s default slope 0.01');
    assert.ok(Math.abs(valueAt(leaky(), -5) + 0.05) < 1e-7);

    // Keyboard only: focus the slider and press End (its largest value).
    const slider = view.locator('section[data-function="leaky_relu"] input[type=range][data-param="negative_slope"]');
    await slider.press('End');
    const max = Number(await slider.getAttribute('max'));
    traces = await waitForTraces(view, (t) => t.some((trace) => /^Leaky ReLU \(negative_slope=/.test(trace.name)), 'the curve to follow the slider');
    assert.equal(valueAt(leaky(), -5), getActivation('leaky_relu').forward(-5, { negative_slope: max }));
    assert.notEqual(valueAt(leaky(), -5), getActivation('leaky_relu').forward(-5), 'the plotted curve changed');
    const box = view.locator('section[data-function="leaky_relu"] input[data-param-box="negative_slope"]');
    assert.equal(Number(await box.inputValue()), max, 'the number box follows the slider');

    // Typing a value into the number box redraws too.
    await box.fill('0.2');
    await box.press('Enter');
    traces = await waitForTraces(view, (t) => t.some((trace) => trace.name === 'Leaky ReLU (negative_slope=0.2)'), 'the curve to follow the number box');
    assert.equal(valueAt(leaky(), -5), getActivation('leaky_relu').forward(-5, { negative_slope: 0.2 }));
    await wb.screenshot('explorer-leaky-relu-light');
  });

  it('re-themes the plot when the user switches to a dark theme', async () => {
    const wb = await workbench();
    await wb.runCommand('Activation Lab: Open Activation Explorer');
    const view = wb.webview();
    await waitForTraces(view, (t) => t.length > 0, 'the Explorer plot');
    const light = await plotBackground(view);
    await switchTheme(wb, 'Dark Modern');
    const deadline = Date.now() + 20_000;
    let dark = light;
    while (dark === light && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      dark = await plotBackground(view);
    }
    assert.notEqual(dark, light, `the plot background changed from ${light}`);
    const editorBackground = await view.locator('body').evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim());
    assert.equal(hexToRgb(dark), hexToRgb(editorBackground), 'the plot uses the theme’s editor background');
    const lineColours = await view.locator('#plot').evaluate((element) => (element as unknown as { data: Array<{ line: { color: string } }> }).data.map((trace) => trace.line.color));
    for (const colour of lineColours) assert.doesNotMatch(colour, /^rgba|^#[0-9a-f]{8}$/i, `line colour ${colour} is opaque`);
    const shot = await wb.screenshot('explorer-leaky-relu-dark');
    assert.ok(fs.statSync(shot).size > 10_000);
    await switchTheme(wb, 'Light Modern');
  });

  it('"Compare Activations…" shows the properties table of ReLU, Leaky ReLU, ELU and SiLU', async () => {
    const wb = await workbench();
    await wb.runCommand('Activation Lab: Compare Activations…');
    // Wait for the extension's own quick pick (its title), not the command palette rows it replaces: the
    // command loads the Explorer feature on first use, so the palette can still be showing for a moment.
    await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Compare activation functions' }).waitFor({ timeout: 30_000 });
    await wb.page.locator('.quick-input-widget .monaco-list-row').first().waitFor();
    await wb.acceptQuickPick();
    const view = wb.webview();
    const table = view.locator('table.compare-table');
    await table.waitFor({ timeout: 30_000 });
    const headers = await table.locator('thead th').allTextContents();
    assert.deepEqual(headers, ['Property', 'ReLU', 'Leaky ReLU', 'ELU', 'SiLU']);
    const deadZone = await table.locator('tr[data-row="Dead zone"] td').allTextContents();
    assert.equal(deadZone[0], getActivation('relu').properties.deadZone);
    const cost = await table.locator('tr[data-row="Cost per element (measured here)"] td').allTextContents();
    for (const cell of cost) assert.match(cell, /^\d+\.\d\d ns \((cheap|moderate|expensive)\)$/);
    await wb.screenshot('explorer-compare');
  });

  it('lays out sensibly in a 420 px wide panel: controls above the plot, nothing cut off sideways', async () => {
    const wb = await workbench();
    const { page } = wb;
    await wb.runCommand('Activation Lab: Open Activation Explorer');
    await wb.runCommand('View: Close Primary Side Bar');
    await page.setViewportSize({ width: 470, height: 900 });
    try {
      const view = wb.webview();
      // The panel may still show an earlier test's compare view: switch to the plot, as a user would.
      await view.locator('.segmented[aria-label="View"] label', { hasText: /^Plot$/ }).click();
      await view.locator('#plot').waitFor({ state: 'visible' });
      await waitForTraces(view, (t) => t.length > 0, 'the Explorer plot');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const layout = await view.locator('body').evaluate(() => {
        const controls = document.getElementById('controls')!.getBoundingClientRect();
        const plot = document.getElementById('plot')!.getBoundingClientRect();
        return { width: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth, controlsBottom: controls.bottom, plotTop: plot.top, plotWidth: plot.width };
      });
      assert.ok(layout.width <= 440 && layout.width >= 360, `the panel is narrow (${layout.width} px)`);
      assert.ok(layout.scrollWidth <= layout.width + 1, `no horizontal overflow (${layout.scrollWidth} > ${layout.width})`);
      assert.ok(layout.controlsBottom <= layout.plotTop + 1, 'the controls sit above the plot');
      assert.ok(layout.plotWidth >= layout.width - 40, `the plot uses the width (${layout.plotWidth} px)`);
      await wb.screenshot('explorer-narrow');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
      await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    }
  });

  it('restores the panel with its state after the window reloads', async () => {
    const wb = await workbench();
    await wb.runCommand('Activation Lab: Open Activation Explorer');
    let view = wb.webview();
    const before = await waitForTraces(view, (t) => t.length > 0, 'the plot before reload');
    await wb.runCommand('Developer: Reload Window');
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    view = wb.webview();
    const after = await waitForTraces(view, (t) => t.length === before.length, 'the restored plot');
    assert.deepEqual(after.map((t) => t.name), before.map((t) => t.name));
    assert.deepEqual(after.map((t) => t.y.slice(0, 20)), before.map((t) => t.y.slice(0, 20)));
  });
});

function hexToRgb(colour: string): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(colour);
  if (!match) return colour.replace(/\s/g, '');
  return `rgb(${parseInt(match[1], 16)},${parseInt(match[2], 16)},${parseInt(match[3], 16)})`;
}
