// Browser test of the first-run walkthrough in the real code-server workbench: "Activation Lab: Get Started" opens
// "Get Started with Activation Lab" with its steps and themed media (screenshots in light and dark themes for a
// person to look at), the Explorer step's button opens the Explorer, and the hover step's button opens an example
// with the hover showing.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { workbench, type Workbench } from './workbench';

const TITLE = 'Get Started with Activation Lab';
const STEP_TITLES = ['Plot an activation and its derivative', 'Watch ReLUs die in the Training Lab', 'Plot and train in a notebook', 'Hover an activation in your code', 'Choose your defaults'];

/** The walkthrough page (the Welcome editor showing our walkthrough). */
const walkthroughPage = (page: Page) => page.locator('.gettingStartedContainer');

/** A step of the walkthrough, by its title. */
const step = (page: Page, title: string) => walkthroughPage(page).locator('.getting-started-step', { hasText: title });

async function openWalkthrough(wb: Workbench): Promise<void> {
  await wb.runCommand('Activation Lab: Get Started');
  await walkthroughPage(wb.page).locator('.getting-started-category .category-title, h2', { hasText: TITLE }).first().waitFor({ timeout: 60_000 });
  await step(wb.page, STEP_TITLES[0]).waitFor({ timeout: 30_000 });
}

/** Expands a step (the first is expanded when the walkthrough opens). */
async function expand(page: Page, title: string): Promise<void> {
  const target = step(page, title);
  if (!((await target.getAttribute('class')) ?? '').includes('expanded')) await target.locator('.step-title').first().click();
  await page.locator('.getting-started-step.expanded', { hasText: title }).waitFor({ timeout: 10_000 });
}

/** The visible media webview of the walkthrough (the step's SVG), once it has drawn. */
async function waitForMedia(page: Page, altText: RegExp): Promise<void> {
  const media = page.frameLocator('.gettingStartedContainer iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
  await media.locator('svg[role=img]').filter({ has: media.locator('title', { hasText: altText }) }).first().waitFor({ timeout: 30_000 });
}

describe('Get Started walkthrough (browser, real workbench)', function () {
  this.timeout(180_000);

  it('opens from "Activation Lab: Get Started" with five steps and themed media (light and dark screenshots)', async () => {
    const wb = await workbench();
    // The walkthrough shows a step's media beside it only when the editor is wide (over 950 px): hide the side bar.
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    try {
      await checkWalkthrough(wb);
    } finally {
      await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    }
  });

  async function checkWalkthrough(wb: Workbench): Promise<void> {
    await openWalkthrough(wb);
    const titles = await walkthroughPage(wb.page).locator('.getting-started-step .step-title').allTextContents();
    for (const title of STEP_TITLES) assert.ok(titles.some((t) => t.includes(title)), `step "${title}" is shown (steps: ${JSON.stringify(titles)})`);
    await waitForMedia(wb.page, /Activation Explorer/);
    const light = await wb.screenshot('walkthrough');
    assert.ok(fs.statSync(light).size > 20_000, 'a screenshot with content');

    // The media follows the theme: its SVG is drawn with the workbench's colours.
    await wb.runCommand('Preferences: Color Theme');
    await wb.chooseQuickPickItem('Dark Modern');
    await openWalkthrough(wb); // the Welcome page re-renders on a theme change
    await expand(wb.page, STEP_TITLES[3]);
    await waitForMedia(wb.page, /hover over nn\.GELU/i);
    await wb.screenshot('walkthrough-dark');
    // The settings step's media is a Markdown page listing the settings.
    await expand(wb.page, STEP_TITLES[4]);
    const media = wb.page.frameLocator('.gettingStartedContainer iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
    await media.locator('strong code', { hasText: 'activationLab.plot.xRange' }).waitFor({ timeout: 30_000 });
    await wb.screenshot('walkthrough-settings-dark');
    await wb.runCommand('Preferences: Color Theme');
    await wb.chooseQuickPickItem('Light Modern');
  }

  it('the Explorer step\'s button opens the Activation Explorer', async () => {
    const wb = await workbench();
    await openWalkthrough(wb);
    await expand(wb.page, STEP_TITLES[0]);
    await step(wb.page, STEP_TITLES[0]).getByRole('button', { name: 'Open the Explorer' }).click();
    const view = wb.webview();
    await view.locator('#plot .main-svg .scatterlayer .trace path.js-line').first().waitFor({ timeout: 60_000 });
    const names = await view.locator('#plot').evaluate((element) => (element as unknown as { data: { name: string }[] }).data.map((t) => t.name));
    assert.deepEqual(names, ['ReLU', 'ReLU ′']);
    // Back in the walkthrough, the step is checked off.
    await wb.page.locator('.tab', { hasText: /Welcome|Walkthrough/ }).first().click();
    await step(wb.page, STEP_TITLES[0]).locator('.codicon-pass-filled, .codicon-getting-started-step-checked').first().waitFor({ timeout: 10_000 });
  });

  it('the hover step\'s button opens a Python example with the hover over nn.ReLU showing', async () => {
    const wb = await workbench();
    await openWalkthrough(wb);
    await expand(wb.page, STEP_TITLES[3]);
    await step(wb.page, STEP_TITLES[3]).getByRole('button', { name: 'Try a Hover' }).click();
    const hover = wb.page.locator('.monaco-hover', { hasText: 'torch.nn.ReLU' });
    await hover.first().waitFor({ state: 'visible', timeout: 60_000 });
    assert.ok(await hover.first().locator('img').count(), 'the hover draws the curve');
    await wb.screenshot('walkthrough-hover');
    // The example is an untitled document: close it without saving.
    await wb.page.keyboard.press('Escape');
    await wb.runCommand('View: Revert and Close Editor');
  });
});
