// WebGPU in a real browser: headless Chromium (with --enable-unsafe-webgpu; on machines without a GPU its adapter
// is SwiftShader) loads a page from a local static server; the page starts a Worker that trains a small MLP with
// `backend: 'webgpu'` through navigator.gpu, and the same spec on the CPU. The losses must agree. With CI=true a
// missing adapter fails the test instead of skipping it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { WebGpuPageResult } from './pages/webgpu-train';

/** Repository root (this file is bundled to out/test/browser/). */
const ROOT = path.resolve(__dirname, '../../..');
const PAGE_SCRIPT = path.join(ROOT, 'out/test/browser/pages/webgpu-train.js');
const LOSS_RELATIVE = 1e-4;

interface VSCodeScripts {
  launchChromium(options?: { webgpu?: boolean }): Promise<Browser>;
}

/** A static server on 127.0.0.1 (a secure context, so navigator.gpu exists) for the page and its script. */
async function servePage(): Promise<{ url: string; close(): Promise<void> }> {
  const script = fs.readFileSync(PAGE_SCRIPT);
  const server = http.createServer((request, response) => {
    if (request.url === '/webgpu-train.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(script);
    } else if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><meta charset="utf-8"><title>Activation Lab WebGPU</title><script src="/webgpu-train.js"></script>');
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('WebGPU backend in headless Chromium', function () {
  this.timeout(180_000);
  let browser: Browser | undefined;
  let site: { url: string; close(): Promise<void> } | undefined;

  before(async () => {
    assert.ok(fs.existsSync(PAGE_SCRIPT), `${PAGE_SCRIPT} is missing: build it with node esbuild.js --only=tests`);
    const scripts = (await import(pathToFileURL(path.join(ROOT, 'scripts/vscode.mjs')).href)) as VSCodeScripts;
    site = await servePage();
    browser = await scripts.launchChromium({ webgpu: true });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('a Worker trains an MLP with backend "webgpu" through navigator.gpu, and its losses agree with the CPU’s', async function () {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(site!.url);
    const result = await page.evaluate(() => (window as unknown as { trainInWorker(): Promise<WebGpuPageResult> }).trainInWorker());
    await page.close();
    assert.equal(result.error, undefined, `training in the page's Worker failed: ${result.error}`);
    assert.deepEqual(errors, []);
    if (!result.adapter) {
      const why = `no WebGPU adapter in Chromium (navigator.gpu ${result.hasNavigatorGpu ? 'present' : 'missing'}; auto chose ${result.autoBackend}: ${result.autoReason})`;
      if (process.env.CI === 'true' || process.env.CI === '1') assert.fail(`${why}; CI=true: the WebGPU browser test must run on CI`);
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    assert.equal(result.where, 'worker');
    assert.equal(result.backendName, 'webgpu');
    assert.match(result.backendReason!, /^WebGPU: /);
    // `auto` keeps the CPU on a software adapter (SwiftShader here) and takes a hardware one.
    if (result.adapter.fallback) assert.match(result.autoReason!, /^software adapter — CPU is faster/);
    else assert.equal(result.autoBackend, 'webgpu');
    const gpuLosses = result.webgpuLosses!;
    const cpuLosses = result.cpuLosses!;
    assert.equal(gpuLosses.length, 20);
    assert.equal(cpuLosses.length, 20);
    let worst = 0;
    gpuLosses.forEach((loss, t) => {
      const relative = Math.abs(loss - cpuLosses[t]) / Math.abs(cpuLosses[t]);
      worst = Math.max(worst, relative);
      assert.ok(relative <= LOSS_RELATIVE, `step ${t}: loss ${loss} on WebGPU vs ${cpuLosses[t]} on the CPU (relative ${relative.toExponential(2)})`);
    });
    console.log(`      ${result.adapter.description}${result.adapter.fallback ? ' (fallback adapter)' : ''}: worst loss difference ${worst.toExponential(2)} relative over 20 steps`);
  });
});
