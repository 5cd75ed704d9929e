// Browser tests of the Training Lab in the real code-server workbench, driven only through its UI:
// spiral + 2×8 ReLU trained to ≥ 90 % test accuracy, a 3-activation comparison read from its table,
// a guided experiment, and a refused invalid input.
import { strict as assert } from 'node:assert';
import type { FrameLocator } from 'playwright-core';
import { workbench } from './workbench';

async function stat(view: FrameLocator, name: string): Promise<string> {
  return (await view.locator(`[data-stat="${name}"]`).textContent()) ?? '';
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Chooses `value` in the labelled select of the set-up panel. */
async function choose(view: FrameLocator, label: string, value: string): Promise<void> {
  await view.locator('#lab-setup .lab-field').filter({ has: view.locator('label', { hasText: exactly(label) }) }).locator('select').selectOption(value);
}

async function fillField(view: FrameLocator, label: string, value: string): Promise<void> {
  const input = view.locator('#lab-setup .lab-field').filter({ has: view.locator('label', { hasText: exactly(label) }) }).locator('input').first();
  await input.fill(value);
  await input.press('Enter');
  await input.dispatchEvent('change');
}

describe('Training Lab (browser, real workbench)', function () {
  this.timeout(240_000);

  it('trains spiral with 2×8 ReLU to ≥ 90 % test accuracy through the UI', async () => {
    const wb = await workbench();
    await wb.runCommand('Activation Lab: Open Training Lab');
    const view = wb.webview();
    await view.locator('[data-action=play]').waitFor({ timeout: 60_000 });

    await choose(view, 'Dataset', 'spiral');
    await view.locator('[data-units="0"]').waitFor();
    await fillField(view, 'Noise', '0');
    for (const layer of [0, 1]) {
      const units = view.locator(`[data-units="${layer}"]`);
      await units.fill('8');
      await units.dispatchEvent('change');
      await view.locator(`select[data-activation="${layer}"]`).selectOption('relu');
    }
    assert.equal(await view.locator('.lab-layer').count(), 2, 'two hidden layers');
    await choose(view, 'Optimizer', 'adam');
    await fillField(view, 'Learning rate', '0.03');
    await fillField(view, 'Batch size', '16');
    await choose(view, 'Speed', '0');

    await view.locator('[data-action=play]').click();
    const deadline = Date.now() + 120_000;
    let accuracy = 0;
    while (Date.now() < deadline) {
      const text = await stat(view, 'test-accuracy');
      accuracy = Number(/([\d.]+) %/.exec(text)?.[1] ?? 0);
      if (accuracy >= 90) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await view.locator('[data-action=pause]').click();
    assert.ok(accuracy >= 90, `test accuracy reached ${accuracy} %`);
    const steps = Number(/step (\d+)/.exec(await stat(view, 'step'))?.[1]);
    assert.ok(steps > 0, 'steps were taken');
    assert.match(await stat(view, 'speed'), /\d+ steps\/s · \d+ samples\/s/);
    // The views were drawn: boundary heatmap + data, and one map per hidden unit (16).
    await view.locator('#chart-boundary .main-svg').first().waitFor();
    assert.equal(await view.locator('#unit-maps figure.unit').count(), 16);
    await wb.screenshot('training-lab-spiral');
  });

  it('compares ReLU, Leaky ReLU and tanh from the same seed and reads the results table', async () => {
    const wb = await workbench();
    const view = wb.webview();
    await view.locator('#tab-compare').click();
    for (const id of ['relu', 'leaky_relu', 'elu', 'silu', 'tanh']) {
      const box = view.locator(`#compare-${id}`);
      await box.setChecked(['relu', 'leaky_relu', 'tanh'].includes(id));
    }
    await fillField(view, 'Steps (compare, sweep)', '300');
    await view.locator('[data-action=compare]').click();
    const rows = view.locator('#compare-results tbody tr[data-variant]');
    const deadline = Date.now() + 120_000;
    while ((await rows.count()) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
    const table = await view.locator('#compare-results tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')));
    assert.deepEqual(table.map((r) => r[0]), ['ReLU', 'Leaky ReLU', 'Tanh']);
    for (const row of table) {
      assert.match(row[1], /^\d/, `final loss of ${row[0]}`);
      assert.match(row[3], /^\d+\.\d %$/, `test accuracy of ${row[0]}`);
      assert.match(row[4], /^\d+ ms$/, `time of ${row[0]}`);
      assert.equal(row[6], 'ok');
    }
    assert.match(table[2][5], /^0 % · 0 %$/, 'tanh has no dead units');
    await view.locator('#chart-compare .main-svg').first().waitFor();
    await wb.screenshot('training-lab-compare');
  });

  it('runs the "Dying ReLU" guided experiment: ReLU loses units, Leaky ReLU keeps them', async () => {
    const wb = await workbench();
    const view = wb.webview();
    await view.locator('#experiment-select').selectOption('dying-relu');
    await view.locator('.experiment-note').waitFor();
    const rows = view.locator('#compare-results tbody tr[data-variant]');
    const deadline = Date.now() + 120_000;
    while ((await rows.count()) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
    const dead = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[5].textContent ?? ''));
    const percents = dead.map((d) => d.split(' · ').map((p) => Number(p.replace(' %', ''))));
    assert.ok(Math.max(...percents[0]) >= 25, `ReLU dead units: ${dead[0]}`);
    assert.deepEqual(percents[1], [0, 0], `Leaky ReLU dead units: ${dead[1]}`);
    await wb.screenshot('training-lab-dying-relu');
  });

  it('refuses a non-numeric learning rate at the control, with the reason, and keeps training possible', async () => {
    const wb = await workbench();
    const view = wb.webview();
    await view.locator('#tab-train').click();
    await fillField(view, 'Learning rate', 'fast');
    const field = view.locator('#lab-setup .lab-field').filter({ has: view.locator('label', { hasText: /^Learning rate$/ }) });
    assert.equal(await field.locator('input').getAttribute('aria-invalid'), 'true');
    assert.match((await field.locator('.field-error').textContent()) ?? '', /learning rate must be a number \(got "fast"\)/);
    await fillField(view, 'Learning rate', '0');
    assert.match((await field.locator('.field-error').textContent()) ?? '', /learning rate must be greater than 0/);
  });
});
