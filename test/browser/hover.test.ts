// Browser test of hover docs in the real code-server workbench: open model.py with Quick Open, rest the mouse on
// `LeakyReLU` in `nn.LeakyReLU(0.2)`, and check the hover widget shows the curve image (an SVG data URI that the
// workbench actually loads) drawn for 0.2, and that its "Open in Activation Explorer" link plots that function.
import { strict as assert } from 'node:assert';
import type { Locator, Page } from 'playwright-core';
import { getActivation } from '../../src/core';
import { workbench, type Workbench } from './workbench';

async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(fileName);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 30_000 });
  await input.press('Enter');
}

/** The centre of `word` as rendered in the active editor's view lines (a Range over its text node). */
async function wordCentre(page: Page, word: string): Promise<{ x: number; y: number }> {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines');
  await lines.filter({ hasText: word }).first().waitFor({ timeout: 30_000 });
  const centre = await lines.first().evaluate((root, target) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\u00a0/g, ' ');
      const index = text.indexOf(target);
      if (index < 0) continue;
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + target.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return undefined;
  }, word);
  assert.ok(centre, `"${word}" is rendered in the editor`);
  return centre;
}

/** The Explorer's plotted traces (Plotly's own data on the element). */
async function explorerTraces(wb: Workbench): Promise<{ name: string; x: number[]; y: number[] }[]> {
  const plot = wb.webview().locator('#plot');
  return plot.evaluate((element) =>
    (element as unknown as { data: Array<{ name: string; x: ArrayLike<number>; y: ArrayLike<number> }> }).data.map((t) => ({ name: t.name, x: Array.from(t.x), y: Array.from(t.y) })),
  );
}

/** Rests the mouse on `word` until a hover containing `title` and an image shows (moving off and back, in case
 * the first hover came before the extension was ready); returns the hover widget. */
async function hoverOver(page: Page, word: string, title: string): Promise<Locator> {
  const hover = page.locator('.monaco-hover', { hasText: title }).filter({ has: page.locator('img') });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { x, y } = await wordCentre(page, word);
    await page.mouse.move(x - 40, y + 60);
    await page.mouse.move(x, y, { steps: 4 });
    try {
      await hover.first().waitFor({ state: 'visible', timeout: 5_000 });
      return hover.first();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no Activation Lab hover over ${word}: ${String(error)}`);
    }
  }
}

describe('Hover docs (browser, real workbench)', function () {
  this.timeout(180_000);

  it('hovering nn.LeakyReLU(0.2) shows its curve for 0.2, and the link opens the Explorer with that slope', async () => {
    const wb = await workbench();
    const { page } = wb;
    await quickOpen(page, 'model.py');
    const widget = await hoverOver(page, 'LeakyReLU', 'Leaky ReLU');
    const image = widget.locator('img[src^="data:image/svg+xml;base64,"]');
    assert.equal(await image.count(), 1, 'the hover shows one SVG data-URI image');
    const loaded = await image.evaluate(async (img: HTMLImageElement) => {
      if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
      return { width: img.naturalWidth, height: img.naturalHeight, shown: img.getBoundingClientRect().width };
    });
    assert.ok(loaded.width > 100 && loaded.height > 50 && loaded.shown > 100, `the workbench loaded and shows the image (${JSON.stringify(loaded)})`);
    const svg = Buffer.from((await image.getAttribute('src'))!.split(',')[1], 'base64').toString('latin1');
    assert.match(svg, /negative_slope = 0\.2/, 'the curve is drawn for the slope written in the call');
    const text = await widget.innerText();
    assert.match(text, /Leaky ReLU/);
    assert.match(text, /0\.2/);
    assert.match(text, /negative_slope\s+0\.2 \(written\)\s+0\.01/, 'the parameters table: 0.2 written, PyTorch’s default 0.01');
    assert.match(text, /ReLU with a small slope for negative inputs/);
    assert.match(text, /Known problems/);
    const link = widget.locator('a', { hasText: 'Open in Activation Explorer' });
    assert.equal(await link.count(), 1, 'the Explorer link is rendered as a link');
    await wb.screenshot('hover-leaky-relu');
    // The rest of the hover (parameters table, problems, links) is below the fold: scroll it into view.
    await widget.hover();
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, 150);
      await page.waitForTimeout(50);
    }
    await link.waitFor({ state: 'visible' });
    await wb.screenshot('hover-leaky-relu-scrolled');

    await link.click();
    const deadlineExplorer = Date.now() + 60_000;
    let traces: { name: string; x: number[]; y: number[] }[] = [];
    for (;;) {
      try {
        traces = await explorerTraces(wb);
        if (traces.some((t) => t.name === 'Leaky ReLU (negative_slope=0.2)')) break;
      } catch {
        // the Explorer is still loading
      }
      if (Date.now() > deadlineExplorer) throw new Error(`the Explorer did not plot Leaky ReLU with 0.2; traces: ${JSON.stringify(traces.map((t) => t.name))}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const f = traces.find((t) => t.name === 'Leaky ReLU (negative_slope=0.2)')!;
    const at = f.x.indexOf(-5);
    assert.equal(f.y[at], getActivation('leaky_relu').forward(-5, { negative_slope: 0.2 }), 'the Explorer plots f with slope 0.2');
    await page.keyboard.press('Escape');
  });

  it('shows the curve on a dark theme too (screenshot)', async () => {
    const wb = await workbench();
    const { page } = wb;
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Preferences: Color Theme');
    await wb.chooseQuickPickItem('Dark Modern');
    try {
      await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
      await quickOpen(page, 'model.py');
      const widget = await hoverOver(page, 'LeakyReLU', 'Leaky ReLU');
      const width = await widget.locator('img[src^="data:image/svg+xml;base64,"]').evaluate((img: HTMLImageElement) => img.naturalWidth);
      assert.ok(width > 100, 'the image loaded');
      await wb.screenshot('hover-leaky-relu-dark');
    } finally {
      await page.keyboard.press('Escape');
      await wb.runCommand('Preferences: Color Theme');
      await wb.chooseQuickPickItem('Light Modern');
      await page.locator('.monaco-workbench.vs').waitFor({ timeout: 30_000 });
    }
  });
});
