// Browser tests of the notebook renderer. In the real code-server workbench: the example notebook opens and its
// saved outputs are drawn as Plotly charts (no kernel running), in the theme's colours. In a plain page that
// loads the renderer bundle: every hostile payload of the corpus becomes a text error box — no other element,
// no script run — while valid outputs beside them still draw.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { HOSTILE_PAYLOADS, HTML_LABELLED_COMPARE, HTML_ROWS_SWEEP, HTML_TITLED_PLOT, VALID_PAYLOADS } from '../fixtures/notebookPayloads';
import { ROOT, SCREENSHOT_DIR, workbench, type Workbench } from './workbench';

const EXAMPLE_NAME = 'activation-lab-example.ipynb';

interface ChartInfo {
  kind: string;
  traces: { name: string; type: string; points: number }[];
  fontColour: string;
}

/** Every Activation Lab chart drawn in the notebook's output webview: its view kind and Plotly's own data. */
function charts(outputs: FrameLocator): Promise<ChartInfo[]> {
  return outputs.locator('.activation-lab-output').evaluateAll((views) =>
    views.flatMap((view) =>
      Array.from(view.querySelectorAll('.activation-lab-chart')).map((chart) => {
        const plot = chart as unknown as { data?: { name?: string; type?: string; x?: ArrayLike<unknown>; z?: ArrayLike<unknown> }[]; _fullLayout?: { font: { color: string } } };
        return {
          kind: view.className.replace('activation-lab-output activation-lab-', ''),
          traces: (plot.data ?? []).map((t) => ({ name: String(t.name ?? ''), type: String(t.type ?? 'scatter'), points: (t.x ?? t.z ?? []).length })),
          fontColour: plot._fullLayout?.font.color ?? '',
        };
      }),
    ),
  );
}

/** The Activation Lab payloads saved in the example notebook, in cell order. */
function savedPayloads(): { kind: string }[] {
  const notebook = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/activation-lab.ipynb'), 'utf8')) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
  return notebook.cells.flatMap((cell) => (cell.outputs ?? []).map((o) => o.data?.['application/vnd.activation-lab+json'])).filter((p): p is { kind: string } => !!p);
}

async function waitFor<T>(what: string, read: () => Promise<T>, condition: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (condition(last)) return last;
    } catch {
      // the webview is (re)loading
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Picks a colour theme; retried, as the theme list of a freshly started workbench can take a while to fill. */
async function switchTheme(wb: Workbench, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await wb.runCommand('Preferences: Color Theme');
    try {
      await wb.chooseQuickPickItem(name);
      return;
    } catch (error) {
      await wb.page.keyboard.press('Escape');
      if (attempt === 3) throw error;
    }
  }
}

/** Scrolls the notebook (wheel over its left gutter, outside the output webview) until `selector`'s first match is near the top. */
async function reveal(wb: Workbench, outputs: FrameLocator, selector: string): Promise<void> {
  const list = (await wb.page.locator('.notebook-editor .monaco-list').first().boundingBox())!;
  await wb.page.mouse.move(list.x + 12, list.y + list.height / 2);
  for (let attempt = 0; attempt < 60; attempt++) {
    const box = await outputs.locator(selector).first().boundingBox().catch(() => null);
    if (box && box.y >= list.y && box.y < list.y + 160) return;
    await wb.page.mouse.wheel(0, box && box.y < list.y ? -150 : 150);
    await wb.page.waitForTimeout(200);
  }
  throw new Error(`could not scroll ${selector} into view`);
}

async function openFile(page: Page, name: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
  // Quick Open lists a file only once the workspace's file watcher has seen it: reopen until it does.
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(name);
      await row.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Quick Open never listed ${name}: ${String(error)}`);
    }
  }
  await input.press('Enter');
}

/** Opens (a fresh copy of) the example notebook and returns its outputs' webview once a chart is drawn. */
async function openExample(wb: Workbench): Promise<FrameLocator> {
  fs.copyFileSync(path.join(ROOT, 'examples/activation-lab.ipynb'), path.join(wb.workspace, EXAMPLE_NAME));
  await openFile(wb.page, EXAMPLE_NAME);
  await wb.page.locator('.notebook-editor').first().waitFor({ timeout: 60_000 });
  const outputs = wb.webview();
  await outputs.locator('.activation-lab-output .js-plotly-plot .main-svg').first().waitFor({ timeout: 120_000 });
  return outputs;
}

describe('Notebook renderer (browser, real workbench)', function () {
  this.timeout(240_000);

  it('opens the example notebook and draws its saved outputs as Plotly charts, with no kernel running', async () => {
    const wb = await workbench();
    const outputs = await openExample(wb);
    const drawn = await waitFor('the first plot’s curves', () => charts(outputs), (c) => c.some((chart) => chart.kind === 'plot' && chart.traces.length === 10));
    const first = drawn.find((chart) => chart.kind === 'plot' && chart.traces.length === 10)!;
    assert.deepEqual(first.traces.map((t) => t.name), ['ReLU', 'ReLU ′', 'Leaky ReLU (negative_slope=0.1)', 'Leaky ReLU (negative_slope=0.1) ′', 'ELU', 'ELU ′', 'GELU', 'GELU ′', 'SiLU', 'SiLU ′']);
    assert.ok(first.traces.every((t) => t.points >= 401), 'each curve has the 401 samples (plus gaps at kinks)');
    assert.equal(await outputs.locator('.activation-lab-error').count(), 0, 'no output failed');
    await wb.screenshot('notebook-example');
  });

  it('draws a training run (decision boundary, loss curves) and a sweep further down', async () => {
    const wb = await workbench();
    const outputs = await openExample(wb);
    const drewRun = (drawn: ChartInfo[]) => drawn.some((c) => c.kind === 'run' && c.traces.some((t) => t.type === 'heatmap')) && drawn.some((c) => c.kind === 'run' && c.traces.some((t) => t.name === 'batch loss'));
    await reveal(wb, outputs, '.activation-lab-run');
    await waitFor('the run output', () => charts(outputs), drewRun);
    await wb.page.waitForTimeout(500);
    await wb.screenshot('notebook-run');
    await reveal(wb, outputs, '.activation-lab-sweep');
    const found = await waitFor('the sweep output', () => charts(outputs), (drawn) => drewRun(drawn) && drawn.some((c) => c.kind === 'sweep'));
    const boundary = found.find((c) => c.kind === 'run' && c.traces[0].type === 'heatmap')!;
    assert.deepEqual(boundary.traces.map((t) => t.name), ['model', 'training data', 'test data']);
    assert.equal(boundary.traces[0].points, 40, '40 rows of the decision-boundary grid');
    // The curves hold the saved history's points, the heatmap the saved sweep's learning rates.
    const saved = savedPayloads();
    const run = saved.find((p) => p.kind === 'run') as unknown as { history: { step: number[] } };
    const loss = found.find((c) => c.kind === 'run' && c.traces.some((t) => t.name === 'batch loss'))!;
    assert.equal(loss.traces.find((t) => t.name === 'batch loss')!.points, run.history.step.length);
    const sweep = found.find((c) => c.kind === 'sweep')!;
    assert.equal(sweep.traces[0].type, 'heatmap');
    assert.equal(sweep.traces[0].points, (saved.find((p) => p.kind === 'sweep') as unknown as { columns: number[] }).columns.length, 'one column per learning rate');
    await wb.screenshot('notebook-sweep');
    assert.equal(await outputs.locator('.activation-lab-error').count(), 0);
  });

  it('follows the editor theme: charts are redrawn in the light theme’s colours', async () => {
    const wb = await workbench();
    const outputs = await openExample(wb);
    const before = (await charts(outputs))[0].fontColour;
    const light = /vscode-light/.test((await outputs.locator('body').getAttribute('class')) ?? '');
    const other = light ? 'Dark Modern' : 'Light Modern';
    await switchTheme(wb, other);
    const after = await waitFor(`charts in ${other}`, () => charts(outputs), (c) => c.length > 0 && c.every((chart) => chart.fontColour !== before));
    assert.notEqual(after[0].fontColour, before, `font colour ${before} before, ${after[0].fontColour} in ${other}`);
    await wb.screenshot(`notebook-${light ? 'dark' : 'light'}`);
  });
});

interface PlainPage {
  readonly page: Page;
  close(): Promise<void>;
}

/** A plain page (no VS Code) that loads dist/renderer.js as an ES module, as VS Code does, from a local server. */
async function plainRendererPage(): Promise<PlainPage> {
  const dist = path.join(ROOT, 'dist');
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body class="vscode-dark" style="background:#1e1e1e;color:#ccc;--vscode-editor-foreground:#cccccc;--vscode-foreground:#cccccc;--vscode-errorForeground:#f14c4c;font-family:sans-serif">
<div id="outputs"></div>
<script type="module">import * as renderer from '/renderer.js'; window.renderer = renderer; window.rendererReady = true;</script>
</body></html>`;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const file = path.join(dist, path.normalize(url.pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const scripts = (await import(pathToFileURL(path.join(ROOT, 'scripts/vscode.mjs')).href)) as { launchChromium(): Promise<Browser> };
  const browser = await scripts.launchChromium();
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.on('pageerror', (error) => console.log('[plain page error]', error.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => (window as unknown as { rendererReady?: boolean }).rendererReady === true);
  return {
    page,
    async close() {
      await browser.close();
      server.close();
    },
  };
}

interface Rendered {
  readonly tags: string[];
  readonly errorText: string;
  readonly text: string;
  readonly charts: number;
}

/** Renders `input` (bytes of `text`, or a value) into a new output element of the plain page, as renderOutputItem does. */
function renderInPage(page: Page, id: string, input: { text?: string; value?: unknown }): Promise<Rendered> {
  return page.evaluate(
    async ({ id, input }) => {
      const element = document.createElement('div');
      element.id = id;
      element.style.margin = '6px 0';
      document.getElementById('outputs')!.append(element);
      const renderer = (window as unknown as { renderer: { activate(): { renderOutputItem(item: unknown, element: HTMLElement): Promise<void> }; render(data: unknown, element: HTMLElement): Promise<void> } }).renderer;
      if (input.text !== undefined) {
        const bytes = new TextEncoder().encode(input.text);
        await renderer.activate().renderOutputItem({ id, mime: 'application/vnd.activation-lab+json', data: () => bytes }, element);
      } else {
        await renderer.render(input.value, element);
      }
      return {
        tags: Array.from(element.querySelectorAll('*')).map((e) => e.tagName.toLowerCase()),
        errorText: element.querySelector('.activation-lab-error-message')?.textContent ?? '',
        text: element.textContent ?? '',
        charts: element.querySelectorAll('.js-plotly-plot').length,
      };
    },
    { id, input },
  );
}

describe('Notebook renderer: hostile payloads (browser, plain page)', function () {
  this.timeout(180_000);
  let plain: PlainPage;

  before(async () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    plain = await plainRendererPage();
  });

  after(async () => {
    await plain?.close();
  });

  it('draws a valid output of every kind through renderOutputItem', async () => {
    for (const [kind, payload] of Object.entries(VALID_PAYLOADS)) {
      const rendered = await renderInPage(plain.page, `valid-${kind}`, { text: JSON.stringify(payload) });
      assert.equal(rendered.errorText, '', `${kind}: ${rendered.errorText}`);
      assert.ok(rendered.charts >= 1, `${kind} drew a chart`);
    }
  });

  it('shows every hostile payload of the corpus as a text error box, creating no other element and running no script', async () => {
    for (const [index, hostile] of HOSTILE_PAYLOADS.entries()) {
      const input = typeof hostile.input === 'string' ? { text: hostile.input } : { value: hostile.input };
      const rendered = await renderInPage(plain.page, `hostile-${index}`, input);
      assert.match(rendered.errorText, hostile.error, hostile.name);
      assert.deepEqual(rendered.tags, ['div', 'div', 'div', 'div'], `${hostile.name}: only the error box (box, title, message, hint)`);
    }
    const invalidUtf8 = await plain.page.evaluate(async () => {
      const element = document.createElement('div');
      document.getElementById('outputs')!.append(element);
      const renderer = (window as unknown as { renderer: { render(data: unknown, element: HTMLElement): Promise<void> } }).renderer;
      await renderer.render(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), element);
      return element.textContent ?? '';
    });
    assert.match(invalidUtf8, /not UTF-8 text/);
    await plain.page.waitForTimeout(500);
    const state = await plain.page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      injected: document.querySelectorAll('#outputs img, #outputs script, #outputs iframe, #outputs object, #outputs embed, #outputs b').length,
    }));
    assert.deepEqual(state, { pwned: undefined, injected: 0 });
  });

  it('shows HTML in titles and labels as text, never as markup, and other outputs keep working', async () => {
    const title = await renderInPage(plain.page, 'html-title', { text: JSON.stringify(HTML_TITLED_PLOT) });
    assert.ok(title.text.includes('<img src=x onerror="window.__pwned=1">'), 'the title is shown literally');
    for (const [name, payload] of [['html-compare', HTML_LABELLED_COMPARE], ['html-sweep', HTML_ROWS_SWEEP]] as const) {
      const rendered = await renderInPage(plain.page, name, { text: JSON.stringify(payload) });
      assert.equal(rendered.errorText, '');
      assert.equal(rendered.charts, 1);
    }
    await plain.page.waitForTimeout(500);
    const state = await plain.page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      injected: document.querySelectorAll('#outputs img, #outputs script, #outputs iframe, #outputs b').length,
      legend: Array.from(document.querySelectorAll('#html-compare .legendtext')).map((e) => e.textContent),
      validStillDrawn: (document.querySelector('#valid-plot .js-plotly-plot') as unknown as { data?: unknown[] } | null)?.data?.length ?? 0,
    }));
    assert.equal(state.pwned, undefined, 'no script ran');
    assert.equal(state.injected, 0, 'no element from the payload');
    assert.ok(state.legend.some((t) => t?.includes('<script>window.__pwned=1</script>')), `labels are shown as text: ${JSON.stringify(state.legend)}`);
    assert.equal(state.validStillDrawn, 4, 'the valid plot drawn before still shows its curves');
    await plain.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'notebook-hostile-outputs.png'), fullPage: true });
    // Close-ups for a person to look at: an error box, a valid run and the HTML-labelled sweep.
    await plain.page.locator('#hostile-14').screenshot({ path: path.join(SCREENSHOT_DIR, 'notebook-hostile-error-box.png') });
    await plain.page.locator('#valid-run').screenshot({ path: path.join(SCREENSHOT_DIR, 'notebook-plain-run.png') });
    await plain.page.locator('#html-sweep').screenshot({ path: path.join(SCREENSHOT_DIR, 'notebook-html-sweep.png') });
  });
});
