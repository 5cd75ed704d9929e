// Mocha root hooks for the browser suite (loaded with --require): every test starts with no editor open
// (so exactly one webview is visible: the one the test opens), a screenshot of the workbench when a test
// fails (test-results/screenshots/FAILED-<test>.png), and the shared workbench stopped at the end.
import type { Context } from 'mocha';
import { currentWorkbench, stopWorkbench } from './workbench';

export const mochaHooks = {
  async beforeEach(): Promise<void> {
    const wb = await currentWorkbench();
    if (wb) await wb.runCommand('View: Close All Editors');
  },
  async afterEach(this: Context): Promise<void> {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    const wb = await currentWorkbench();
    if (!wb) return;
    const name = `FAILED-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`;
    try {
      console.log(`    screenshot of the failure: ${await wb.screenshot(name)}`);
    } catch (error) {
      console.log(`    (no failure screenshot: ${String(error)})`);
    }
  },
  async afterAll(): Promise<void> {
    await stopWorkbench();
  },
};
