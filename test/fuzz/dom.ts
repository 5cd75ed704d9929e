// Fuzz targets in real headless Chromium: no payload or message text may reach the DOM as HTML. Fuzzed notebook
// payloads (hostile titles, labels, layer names, messages, rows) go through the real renderer (dist/renderer.js,
// through renderOutputItem as VS Code calls it, or render(value)); fuzzed extension messages go to the real
// Explorer and Training Lab pages (dist/webview/*.js, with a stub acquireVsCodeApi). After each one the page must
// hold no injected element or attribute, `window.__pwned` must stay unset, and shown text must be text.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { parseExtensionMessage } from '../../src/core/protocol/explorer';
import { parseNotebookPayload } from '../../src/core/protocol/notebook';
import { parseExtensionToLabMessage } from '../../src/core/protocol/trainingLab';
import { HTML_ATTACKS, mutated } from './arbitraries';
import { FuzzFailure, type Target } from './harness';
import { validExtensionToExplorer, validExtensionToLab } from './messages';
import { jsonText, validPayload } from './payloads';

/** Repository root (this code is bundled into out/test/unit/). */
const ROOT = path.resolve(__dirname, '../../..');
const DIST = path.join(ROOT, 'dist');

/** What the page checks after each render or message: injected markup, script that ran, handlers, links. */
const INSPECT = `() => {
  const problems = [];
  if (window.__pwned !== undefined) problems.push('window.__pwned was set: payload text ran as script');
  for (const element of document.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (['iframe', 'object', 'embed', 'img', 'actlab-injected', 'b', 'i'].includes(tag)) problems.push('an injected <' + tag + '> element');
    if (tag === 'script' && !element.hasAttribute('data-page')) problems.push('an injected <script> element');
    if (tag === 'style' && (element.textContent || '').includes('*{display:none}')) problems.push('an injected <style> element');
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) problems.push('an event-handler attribute ' + name + ' on <' + tag + '>');
      if ((name === 'href' || name.endsWith(':href') || name === 'src' || name === 'srcdoc') && /javascript:|evil\\.example|__pwned/i.test(attribute.value)) problems.push('a hostile ' + name + ' on <' + tag + '>: ' + attribute.value.slice(0, 80));
    }
  }
  return problems;
}`;

/** A local static server for dist/ and the fuzz pages (pages get a `data-page` mark on their own scripts). */
async function serve(pages: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (pages[url.pathname] !== undefined) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages[url.pathname]);
      return;
    }
    const file = path.join(DIST, path.normalize(url.pathname));
    if (!file.startsWith(DIST) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A panel's body markup, read from its panel class (so the page stays the panel's own). */
function panelBody(file: string): string {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const match = /body: `([\s\S]*?)`,/.exec(source);
  if (!match) throw new Error(`no body markup found in ${file}`);
  return match[1];
}

const STUB_API = `<script data-page>
  window.__posted = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
</script>`;

const pageHead = '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body class="vscode-dark" style="--vscode-foreground:#ccc;--vscode-editor-foreground:#ccc;--vscode-errorForeground:#f14c4c">';

function pages(): Record<string, string> {
  return {
    '/renderer.html': `${pageHead}<div id="outputs"></div><script data-page type="module">import * as renderer from '/renderer.js'; window.renderer = renderer; window.api = renderer.activate(); window.ready = true;</script></body></html>`,
    '/explorer.html': `${pageHead}${panelBody('src/extension/explorerPanel.ts')}${STUB_API}<script data-page src="/media/plotly.min.js"></script><script data-page src="/webview/explorer.js"></script><script data-page>window.ready = true;</script></body></html>`,
    '/training.html': `${pageHead.replace('<body ', '<body data-worker-url="/webview/trainingWorker.js" data-default-backend="cpu" ')}${panelBody('src/extension/trainingLabPanel.ts')}${STUB_API}<script data-page src="/media/plotly.min.js"></script><script data-page src="/webview/training.js"></script><script data-page>window.ready = true;</script></body></html>`,
  };
}

/** One browser for all the DOM targets of a run. */
let shared: { browser: Browser; site: { url: string; close(): Promise<void> }; users: number } | null = null;

async function openPage(name: string): Promise<Page> {
  for (const file of ['renderer.js', 'webview/explorer.js', 'webview/training.js', 'webview/trainingWorker.js', 'media/plotly.min.js']) {
    if (!fs.existsSync(path.join(DIST, file))) throw new Error(`dist/${file} is missing: build it with node esbuild.js --only=webview,renderer`);
  }
  if (!shared) {
    const scripts = (await import(pathToFileURL(path.join(ROOT, 'scripts/vscode.mjs')).href)) as { launchChromium(): Promise<Browser> };
    const site = await serve(pages());
    shared = { browser: await scripts.launchChromium(), site, users: 0 };
  }
  shared.users++;
  const page = await shared.browser.newPage({ viewport: { width: 1000, height: 900 } });
  await page.goto(`${shared.site.url}/${name}.html`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  // Let the page draw what it starts with, then take what it shows as the baseline.
  await page.waitForTimeout(300);
  baselines.set(page, new Set((await page.evaluate(`(${INSPECT})()`)) as string[]));
  return page;
}

async function closePage(page: Page | null): Promise<void> {
  await page?.close();
  if (shared && --shared.users <= 0) {
    const { browser, site } = shared;
    shared = null;
    await browser.close();
    await site.close();
  }
}

/** What a page reports before any fuzzed input (the page's own markup), so only new problems count. */
const baselines = new WeakMap<Page, Set<string>>();

async function inspect(page: Page, what: string): Promise<void> {
  const baseline = baselines.get(page) ?? new Set<string>();
  const problems = ((await page.evaluate(`(${INSPECT})()`)) as string[]).filter((p) => !baseline.has(p));
  if (problems.length) throw new FuzzFailure(`${what}: ${[...new Set(problems)].slice(0, 5).join('; ')}`);
}

/** Keeps the browser open (one launch for several targets or tests) until the returned function is called. */
export async function holdBrowser(): Promise<() => Promise<void>> {
  const page = await openPage('renderer');
  return () => closePage(page);
}

/** Injects every HTML attack as HTML into a page on purpose and returns what the inspector reports (a self-test). */
export async function inspectorSelfTest(): Promise<string[]> {
  const page = await openPage('renderer');
  try {
    await page.evaluate((attacks) => {
      const element = document.createElement('div');
      element.innerHTML = attacks.join('');
      document.body.append(element);
    }, [...HTML_ATTACKS]);
    await page.waitForTimeout(200);
    return (await page.evaluate(`(${INSPECT})()`)) as string[];
  } finally {
    await closePage(page);
  }
}

/** Renders payloads (as bytes, as VS Code passes them) through the real renderer in a fresh page; what each showed. */
export async function renderPayloads(payloads: readonly unknown[]): Promise<RenderResult[]> {
  const page = await openPage('renderer');
  try {
    const results: RenderResult[] = [];
    for (const [i, payload] of payloads.entries()) {
      results.push(await renderInPage(page, { id: `pinned${i}`, text: jsonText(payload), asValue: false }));
      await inspect(page, `rendering pinned payload ${i}`);
    }
    return results;
  } finally {
    await closePage(page);
  }
}

// ── the notebook renderer ──────────────────────────────────────────────────────────────────────────────

export interface RenderResult {
  readonly error: string | null;
  readonly charts: number;
  readonly problems: string[];
}

/** Key of the objects that carry NaN, ±Infinity, -0 and undefined through JSON text into the page. */
const SPECIAL = '\u0000actlab';

/**
 * JSON text of a value for the page, without recursion (Playwright's own argument transfer drops the connection
 * for values nested ~200 deep): NaN, ±Infinity, -0 and undefined become `{ [SPECIAL]: "NaN" }` and so on.
 */
export function transportText(root: unknown): string {
  const out: string[] = [];
  const stack: ({ value: unknown } | { raw: string })[] = [{ value: root }];
  while (stack.length) {
    const item = stack.pop()!;
    if ('raw' in item) {
      out.push(item.raw);
      continue;
    }
    const value = item.value;
    if (value === undefined) out.push(`{${JSON.stringify(SPECIAL)}:"undefined"}`);
    else if (typeof value === 'number') out.push(Number.isFinite(value) && !Object.is(value, -0) ? String(value) : `{${JSON.stringify(SPECIAL)}:"${Object.is(value, -0) ? '-0' : String(value)}"}`);
    else if (value === null || typeof value !== 'object') out.push(JSON.stringify(value) ?? 'null');
    else if (Array.isArray(value)) {
      stack.push({ raw: ']' });
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i] }, ...(i > 0 ? [{ raw: ',' }] : []));
      stack.push({ raw: '[' });
    } else {
      const entries = Object.entries(value);
      stack.push({ raw: '}' });
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1] }, { raw: `${JSON.stringify(entries[i][0])}:` }, ...(i > 0 ? [{ raw: ',' }] : []));
      stack.push({ raw: '{' });
    }
  }
  return out.join('');
}

/**
 * Renders one output in a fresh element — the payload's bytes through renderOutputItem (as VS Code calls it), or
 * the value `transport` text revives to through render() — then disposes it.
 */
function renderInPage(page: Page, input: { id: string; text: string; asValue: boolean }): Promise<RenderResult> {
  return page.evaluate(async ({ id, text, asValue, special }) => {
    const w = window as unknown as {
      renderer: { render(data: unknown, element: HTMLElement): Promise<void> };
      api: { renderOutputItem(item: unknown, element: HTMLElement): Promise<void>; disposeOutputItem(id?: string): void };
    };
    const element = document.createElement('div');
    element.id = id;
    document.getElementById('outputs')!.append(element);
    let parsed: unknown;
    if (!asValue) {
      const bytes = new TextEncoder().encode(text);
      await w.api.renderOutputItem({ id, mime: 'application/vnd.activation-lab+json', data: () => bytes }, element);
      try {
        parsed = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        parsed = undefined;
      }
    } else {
      parsed = JSON.parse(text, (_key, v) => {
        if (v === null || typeof v !== 'object' || !(special in v)) return v;
        const tag = (v as Record<string, string>)[special];
        return tag === 'undefined' ? undefined : Number(tag);
      });
      await w.renderer.render(parsed, element);
    }
    const problems: string[] = [];
    const error = element.querySelector('.activation-lab-error-message')?.textContent ?? null;
    const shown = element.textContent ?? '';
    const payload = parsed as { title?: unknown; kind?: unknown; runs?: { label?: unknown }[]; diverged?: { message?: unknown } } | undefined;
    if (error === null && payload && typeof payload === 'object') {
      // Text the header and the table show must be there literally, as text.
      if (typeof payload.title === 'string' && !shown.includes(payload.title)) problems.push('the title is not shown as text');
      if (payload.kind === 'compare') for (const run of payload.runs ?? []) if (typeof run.label === 'string' && !shown.includes(run.label)) problems.push('a run label is not shown as text');
      if (payload.kind === 'run' && typeof payload.diverged?.message === 'string' && !shown.includes(payload.diverged.message)) problems.push('the diverged message is not shown as text');
    }
    const charts = element.querySelectorAll('.js-plotly-plot').length;
    w.api.disposeOutputItem(id);
    element.remove();
    return { error, charts, problems };
  }, { ...input, special: SPECIAL });
}

let renderPage: Page | null = null;
let renderCount = 0;

export const rendererDomTarget: Target<{ kind: string }> = {
  name: 'dom-renderer',
  group: 'notebook payloads (rendered)',
  arbitrary: mutated(validPayload, { validShare: 0.4 }).chain((value) => fc.boolean().map((asValue) => ({ ...value, meta: { ...value.meta, asValue } }))),
  async before() {
    renderPage = await openPage('renderer');
  },
  async after() {
    await closePage(renderPage);
    renderPage = null;
  },
  async check(value, stats) {
    const page = renderPage!;
    const text = jsonText(value.value);
    // A value goes through render() as the renderer's own API allows (revived in the page, NaN and -0 included);
    // values nested thousands deep only as bytes (reviving them recurses).
    const asValue = (value.meta as { asValue?: boolean }).asValue === true && text.length < 2_000_000 && !/nested \d{4,} deep/.test(String(value.mutation?.what));
    const result = await renderInPage(page, { id: `o${renderCount++}`, text: asValue ? transportText(value.value) : text, asValue });
    await inspect(page, `rendering ${value.mutation ? 'a mutated' : 'a valid'} ${value.meta.kind} payload`);
    if (result.problems.length) throw new FuzzFailure(`rendering: ${result.problems.join('; ')}`);
    if (result.error?.startsWith('drawing the output failed')) throw new FuzzFailure(`the renderer failed on a payload: ${result.error.slice(0, 300)}\n  payload: ${text.slice(0, 3000)}`);
    if (result.error?.includes('Plotly')) throw new FuzzFailure(`the page could not load Plotly: ${result.error.slice(0, 300)}`);
    if (result.error === null && result.charts === 0) throw new FuzzFailure('a payload was accepted but no chart was drawn');
    // Bytes reach the page as they are (lone surrogates aside, which UTF-8 cannot carry): the page must agree with the parser.
    if (!asValue && !LONE_SURROGATE.test(text)) {
      const expected = parseNotebookPayload(text);
      if (expected.ok !== (result.error === null)) throw new FuzzFailure(`the parser ${expected.ok ? 'accepts' : 'refuses'} the payload but the page ${result.error === null ? 'drew it' : `showed an error: ${result.error.slice(0, 200)}`}`);
    }
    if (result.error === null) {
      stats.accepted++;
      stats.nextLayer++;
    } else {
      stats.rejected++;
      stats.namedRelated++;
    }
  },
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// ── the webview pages ──────────────────────────────────────────────────────────────────────────────────

/** Posts one message to a page as the extension would (JSON, then a MessageEvent), lets it handle it, then inspects. */
async function postToPage(page: Page, text: string, what: string): Promise<string> {
  await page.evaluate(async (json) => {
    window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(json) }));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
  }, text);
  await inspect(page, what);
  return page.evaluate(() => document.querySelector('[role="status"].error, #status, #lab-status')?.textContent ?? '');
}

function pageTarget(name: string, pageName: string, valid: fc.Arbitrary<unknown>, parse: (input: unknown) => { ok: boolean }): Target {
  let page: Page | null = null;
  return {
    name,
    group: 'webview messages (rendered)',
    arbitrary: mutated(valid.map((value) => ({ value, meta: null }))),
    async before() {
      page = await openPage(pageName);
    },
    async after() {
      await closePage(page);
      page = null;
    },
    async check(value, stats) {
      const message = value.value as { type?: unknown; action?: unknown } | null;
      // Playing would keep the page training between cases: the DOM targets post the other controls only.
      if (message && typeof message === 'object' && message.type === 'control' && message.action === 'play') return;
      // Messages reach a webview as JSON: what the page receives is the value JSON gives back.
      const text = jsonText(value.value);
      const accepted = parse(JSON.parse(text)).ok;
      const status = await postToPage(page!, text, `${name}: ${value.mutation ? 'a mutated' : 'a valid'} message`);
      if (accepted) {
        stats.accepted++;
        stats.nextLayer++;
      } else {
        stats.rejected++;
        // The page says why, as text, in its status line.
        if (!status.includes('invalid message from the extension')) throw new FuzzFailure(`a refused message left no reason in the status line (it shows ${JSON.stringify(status.slice(0, 120))})`);
        stats.namedRelated++;
      }
    },
  };
}

export const explorerDomTarget = pageTarget('dom-explorer', 'explorer', validExtensionToExplorer, parseExtensionMessage);
export const trainingLabDomTarget = pageTarget('dom-training-lab', 'training', validExtensionToLab, parseExtensionToLabMessage);

