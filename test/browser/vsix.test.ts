// End-to-end test of the package a user installs: `scripts/package.mjs` (what `npm run package` runs) builds the
// VSIX into a temporary folder, code-server's `--install-extension` installs it into a fresh extensions folder,
// and a code-server started on that folder — with no extensionDevelopmentPath, so nothing loads from this
// checkout — runs the Activation Explorer from the command palette in headless Chromium. It uses its own
// code-server, not the shared development-mode workbench of the other browser tests.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { ROOT, runPaletteCommand, SCREENSHOT_DIR } from './workbench';

interface VSCodeScripts {
  startCodeServer(options: Record<string, unknown>): Promise<{ url: string; output(): string; stop(): void }>;
  installExtension(options: { vsix: string; userDataDir?: string; extensionsDir?: string }): { output: string; userDataDir: string; extensionsDir: string };
  launchChromium(options?: { webgpu?: boolean }): Promise<Browser>;
  freshDir(prefix: string): string;
  workbenchUrl(base: string, folder: string, options?: Record<string, unknown>): string;
}

const MAX_VSIX_BYTES = 8 * 1024 * 1024;
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
const extensionId = `${manifest.publisher}.${manifest.name}`;

/** The names of the traces Plotly drew in the Explorer's plot, once it has drawn `count` of them. */
async function tracesDrawn(view: FrameLocator, count: number): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  let names: string[] = [];
  for (;;) {
    try {
      names = await view.locator('#plot').evaluate((element) => ((element as unknown as { data?: Array<{ name: string }> }).data ?? []).map((t) => t.name));
      if (names.length === count) return names;
    } catch {
      // the plot is being created
    }
    if (Date.now() > deadline) throw new Error(`the Explorer drew ${JSON.stringify(names)}, not ${count} traces`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Packaged extension (vsix): built, installed and run in real VS Code', function () {
  this.timeout(240_000);
  let scripts: VSCodeScripts;
  let tmp: string;
  let vsix: string;
  let extensionsDir: string;
  let userDataDir: string;
  let server: { url: string; output(): string; stop(): void } | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  before(async () => {
    // scripts/vscode.mjs is an ES module outside the bundle: load it at run time.
    scripts = (await import(pathToFileURL(path.join(ROOT, 'scripts/vscode.mjs')).href)) as VSCodeScripts;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-vsix-test-'));
    vsix = path.join(tmp, 'activation-lab.vsix');
  });

  after(async () => {
    await browser?.close();
    server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    const file = path.join(SCREENSHOT_DIR, `FAILED-vsix-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
    await page.screenshot({ path: file }).then(
      () => console.log(`    screenshot of the failure: ${file}`),
      () => undefined,
    );
    if (server) console.log(`    code-server's last output:\n${server.output().slice(-3000)}`);
  });

  it('`npm run package` (scripts/package.mjs --out) makes a VSIX under 8 MB without leaving the dev build', () => {
    // The development build (which the other tests run) has source maps; a production build in dist/ would not.
    const devBundle = path.join(ROOT, 'dist/extension.js');
    const isDevBuild = () => fs.readFileSync(devBundle, 'utf8').includes('//# sourceMappingURL=extension.js.map');
    const devBefore = fs.existsSync(devBundle) && isDevBuild();
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs'), '--out', vsix], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, `package.mjs failed:\n${output}`);
    assert.match(output, /\[package\] VSIX: .* — \d+\.\d\d MB, \d+ files/);
    assert.doesNotMatch(output, /WARNING/i, 'vsce packages without warnings');
    const bytes = fs.statSync(vsix).size;
    assert.ok(bytes < MAX_VSIX_BYTES, `the VSIX is ${(bytes / 1024 / 1024).toFixed(2)} MB`);
    for (const file of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/webview/explorer.js', 'extension/dist/renderer.js', 'extension/dist/media/plotly.min.js', 'extension/media/icon.png', 'extension/changelog.md']) {
      assert.ok(output.includes(file), `the VSIX lists ${file}`);
    }
    assert.doesNotMatch(output, /extension\/.*\.map\b|core\.cjs|extension\/(src|out|test|node_modules)\//, 'no source maps, dist/core.cjs, sources, tests or node_modules');
    if (devBefore) assert.ok(fs.existsSync(devBundle) && isDevBuild(), 'the development build in dist/ is left as it was');
  });

  it('installs with `code-server --install-extension` into a fresh extensions folder', () => {
    assert.ok(fs.existsSync(vsix), 'the VSIX was built');
    userDataDir = scripts.freshDir('vsix-user-data-');
    extensionsDir = path.join(userDataDir, 'extensions');
    const installed = scripts.installExtension({ vsix, userDataDir, extensionsDir });
    assert.match(installed.output, /Extension 'activation-lab\.vsix' was successfully installed/);
    const folder = path.join(extensionsDir, `${extensionId}-${manifest.version}`);
    assert.ok(fs.existsSync(path.join(folder, 'package.json')), `${folder} holds the installed extension`);
    assert.ok(fs.existsSync(path.join(folder, 'dist/extension.js')));
    assert.ok(!fs.existsSync(path.join(folder, 'dist/core.cjs')));
    // Every file a shipped bundle require()s by relative path (the lazily loaded feature bundles …) was packaged.
    for (const bundle of ['dist/extension.js', ...fs.readdirSync(path.join(folder, 'dist/features')).map((f) => `dist/features/${f}`)]) {
      const code = fs.readFileSync(path.join(folder, bundle), 'utf8');
      for (const [, request] of code.matchAll(/require\(["'](\.{1,2}\/[^"']+)["']\)/g)) {
        assert.ok(fs.existsSync(path.resolve(path.dirname(path.join(folder, bundle)), request)), `${bundle} requires ${request}, which the VSIX holds`);
      }
    }
    const record = JSON.parse(fs.readFileSync(path.join(extensionsDir, 'extensions.json'), 'utf8')) as Array<{ identifier: { id: string }; version: string }>;
    assert.ok(
      record.some((e) => e.identifier.id === extensionId && e.version === manifest.version),
      `extensions.json records ${extensionId}@${manifest.version}`,
    );
  });

  it('runs the Activation Explorer from the installed extension (no development path)', async () => {
    assert.ok(extensionsDir, 'the extension was installed');
    const workspace = scripts.freshDir('vsix-workspace-');
    fs.writeFileSync(path.join(workspace, 'model.py'), 'import torch.nn as nn\nact = nn.ReLU()\n');
    // The workspace lies inside this checkout's git repository: no "open the parent repository?" prompt.
    const settings = { 'git.openRepositoryInParentFolders': 'never' };
    server = await scripts.startCodeServer({ userDataDir, extensionsDir, settings, developmentMode: false, log: !!process.env.VERBOSE });
    browser = await scripts.launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => console.log('[workbench error]', error.message));
    const url = scripts.workbenchUrl(server.url, workspace);
    assert.doesNotMatch(url, /payload|extensionDevelopmentPath/);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.locator('.part.statusbar').waitFor({ timeout: 60_000 });

    await runPaletteCommand(page, 'Activation Lab: Open Activation Explorer');
    const view = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
    await view.locator('#plot .main-svg .scatterlayer .trace path.js-line').first().waitFor({ timeout: 60_000 });
    assert.deepEqual(await tracesDrawn(view, 2), ['ReLU', 'ReLU ′']);

    // The webview's scripts come from the installed copy under the fresh extensions folder, not this checkout.
    const sources = await view.locator('script[src]').evaluateAll((scripts) => scripts.map((s) => decodeURIComponent((s as HTMLScriptElement).src)));
    assert.ok(sources.length > 0, 'the Explorer loads its scripts from the extension');
    for (const src of sources) {
      assert.ok(src.includes(`${extensionsDir}/${extensionId}-${manifest.version}/`), `${src} is served from the installed extension`);
      assert.ok(!src.includes(`${ROOT}/dist/`), `${src} is not the development build`);
    }

    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vsix-explorer.png') });
  });

  it('is listed among the installed extensions with its name, icon and description', async () => {
    assert.ok(page, 'the workbench is running');
    await runPaletteCommand(page, 'Extensions: Show Installed Extensions');
    const item = page.locator('.extensions-viewlet .extension-list-item', { hasText: 'Activation Lab' }).first();
    await item.waitFor({ timeout: 30_000 });
    assert.match((await item.locator('.description').textContent()) ?? '', /activation functions/);
    const icon = item.locator('img.icon');
    await icon.waitFor({ timeout: 10_000 });
    assert.match(decodeURIComponent((await icon.getAttribute('src')) ?? ''), new RegExp(`/extensions/${extensionId}-${manifest.version}/media/icon\\.png`));
    assert.ok(await icon.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 256), 'the icon loads (256×256)');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'vsix-installed.png') });
  });
});
