// The browser suite's shared fixture: one real VS Code (code-server) with Activation Lab loaded in
// extension-development mode, driven through headless Chromium by playwright-core. Every browser test
// file calls `workbench()`; the first call starts it and hooks.ts stops it after the run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, FrameLocator, Page } from 'playwright-core';

/** Repository root (this file is bundled to out/test/browser/). */
export const ROOT = path.resolve(__dirname, '../../..');
/** Git-ignored folder for the screenshots the tests save for a person to look at. */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/screenshots');

export interface Workbench {
  readonly page: Page;
  readonly workspace: string;
  /** Runs a command through the command palette (F1), by its full title. */
  runCommand(title: string): Promise<void>;
  /** In the open quick pick: types `filter`, waits for a row containing `rowText`, and accepts it. */
  chooseQuickPickItem(filter: string, rowText?: string): Promise<void>;
  /** In an open multi-select quick pick: presses its OK button. */
  acceptQuickPick(): Promise<void>;
  /** The DOM inside the visible webview panel (outer iframe.webview → inner iframe#active-frame). */
  webview(): FrameLocator;
  /** Saves a screenshot of the whole workbench to test-results/screenshots/<name>.png; returns its path. */
  screenshot(name: string): Promise<string>;
  stop(): Promise<void>;
}

interface VSCodeScripts {
  startCodeServer(options: Record<string, unknown>): Promise<{ url: string; stop(): void }>;
  launchChromium(options?: { webgpu?: boolean }): Promise<Browser>;
  freshDir(prefix: string): string;
  workbenchUrl(base: string, folder: string, options: { extensionDevelopmentPath: string }): string;
}

const key = Symbol.for('activationLab.browserTests.workbench');
type Holder = { [key]?: Promise<Workbench> };

/**
 * Runs a command by its full title through the command palette of `page`: clicks the row whose label is exactly the
 * title ("Color Theme" also matches "Browse Color Themes …"). Extension contributions reach the palette a few seconds
 * after the workbench renders, and the palette snapshots its list when opened: it reopens it until the command is listed.
 */
export async function runPaletteCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 3_000 });
      await input.fill(`>${title}`);
      await row.waitFor({ timeout: 3_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`command "${title}" never appeared in the palette: ${String(error)}`);
    }
  }
  await row.click();
}

/** The shared workbench, started on first use. */
export function workbench(): Promise<Workbench> {
  const holder = globalThis as Holder;
  holder[key] ??= startWorkbench();
  return holder[key];
}

/** The shared workbench if one was started (without starting one). */
export async function currentWorkbench(): Promise<Workbench | undefined> {
  const running = (globalThis as Holder)[key];
  return running ? running.catch(() => undefined) : undefined;
}

/** Stops the shared workbench if one was started. */
export async function stopWorkbench(): Promise<void> {
  const holder = globalThis as Holder;
  const running = holder[key];
  delete holder[key];
  if (running) await (await running).stop();
}

async function startWorkbench(): Promise<Workbench> {
  // scripts/vscode.mjs is an ES module outside the bundle: load it at run time.
  const scripts = (await import(pathToFileURL(path.join(ROOT, 'scripts/vscode.mjs')).href)) as VSCodeScripts;
  const workspace = scripts.freshDir('browser-workspace-');
  fs.cpSync(path.join(ROOT, 'test/vscode/workspace'), workspace, { recursive: true });
  const server = await scripts.startCodeServer({ log: !!process.env.VERBOSE });
  const browser = await scripts.launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => console.log('[workbench error]', error.message));
  await page.goto(scripts.workbenchUrl(server.url, workspace, { extensionDevelopmentPath: ROOT }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const runCommand = (title: string): Promise<void> => runPaletteCommand(page, title);

  async function chooseQuickPickItem(filter: string, rowText = filter): Promise<void> {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(filter);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: rowText }).first().waitFor({ timeout: 30_000 });
    await input.press('Enter');
  }

  async function acceptQuickPick(): Promise<void> {
    // Enter on the quick-input box accepts the checked items. (Clicking OK is flaky: the widget keeps
    // re-laying out while its list renders, so the button is never "stable" for Playwright.)
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  return {
    page,
    workspace,
    runCommand,
    chooseQuickPickItem,
    acceptQuickPick,
    // The visible panel's webview: hidden panels keep their iframes (retainContextWhenHidden), so more than
    // one `iframe.webview.ready` can exist at a time.
    webview: () => page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame'),
    async screenshot(name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async stop() {
      await browser.close();
      server.stop();
    },
  };
}
