// Browser tests of the Training Lab in the real code-server workbench, driven only through its UI:
// spiral + 2×8 ReLU trained to ≥ 90 % test accuracy, a 3-activation comparison read from its table,
// a guided experiment, and a refused invalid input.
import { strict as assert } from 'node:assert';
import type { FrameLocator } from 'playwright-core';
import { workbench, type Workbench } from './workbench';

async function stat(view: FrameLocator, name: string): Promise<string> {
  return (await view.locator(`[data-stat="${name}"]`).textContent()) ?? '';
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Chooses `value` in the labelled select of the set-up panel. */
async function choose(view: FrameLocator, label: string, value: string): Promise<void> {
  await view.locator('#lab-setup .lab-field').filter({ has: view.locator('label', { hasText: exactly(label) }) }).locator('select').selectOption(value);
}

/** Opens (or reveals) the Training Lab and returns its page once its controls are there. */
async function openLab(wb: Workbench): Promise<FrameLocator> {
  await wb.runCommand('Activation Lab: Open Training Lab');
  const view = wb.webview();
  await view.locator('[data-action=play], [data-action=pause]').first().waitFor({ timeout: 60_000 });
  return view;
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
    const view = await openLab(wb);

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
    const view = await openLab(wb);
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
    const view = await openLab(wb);
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
    const view = await openLab(wb);
    await view.locator('#tab-train').click();
    await fillField(view, 'Learning rate', 'fast');
    const field = view.locator('#lab-setup .lab-field').filter({ has: view.locator('label', { hasText: /^Learning rate$/ }) });
    assert.equal(await field.locator('input').getAttribute('aria-invalid'), 'true');
    assert.match((await field.locator('.field-error').textContent()) ?? '', /learning rate must be a number \(got "fast"\)/);
    await fillField(view, 'Learning rate', '0');
    assert.match((await field.locator('.field-error').textContent()) ?? '', /learning rate must be greater than 0/);
  });

  it('sweeps learning rate × activation and marks the diverged cells', async () => {
    const wb = await workbench();
    const view = await openLab(wb);
    // MSE regression: a huge learning rate overflows the squared error to Infinity (a true divergence).
    await choose(view, 'Dataset', 'regression_plane');
    await choose(view, 'Optimizer', 'sgd');
    await view.locator('#tab-sweep').click();
    await fillField(view, 'Steps (compare, sweep)', '60');
    await view.locator('#sweep-lrs').fill('0.01, 1e12');
    await view.locator('#sweep-activations').fill('relu, tanh');
    await view.locator('[data-action=sweep]').click();
    await view.locator('#sweep-status', { hasText: 'Sweep done.' }).waitFor({ timeout: 120_000 });
    const cells = await view.locator('#chart-sweep').evaluate((element) => {
      const trace = (element as unknown as { data: Array<{ y: string[]; x: string[]; text: string[][] }> }).data[0];
      return { rows: trace.y, columns: trace.x, text: trace.text };
    });
    assert.deepEqual(cells.rows, ['ReLU', 'Tanh']);
    assert.deepEqual(cells.columns, ['0.01', '1e12'], 'columns are labelled as the rates were typed');
    for (const row of cells.text) {
      assert.match(row[0], /^\d/, 'lr 0.01 trains to a finite loss');
      assert.equal(row[1], '✕ diverged', 'SGD with lr 10¹² diverges and is marked');
    }
    await wb.screenshot('training-lab-sweep');
  });

  it('stops a diverging run and says why; refuses 0 units at the control', async () => {
    const wb = await workbench();
    const view = await openLab(wb);
    await view.locator('#tab-train').click();
    await choose(view, 'Dataset', 'regression_plane');
    await choose(view, 'Optimizer', 'sgd');
    await fillField(view, 'Learning rate', '1e12');
    await view.locator('[data-action=play]').click();
    const banner = view.locator('#lab-diverged');
    await banner.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await banner.textContent()) ?? '', /^Diverged at step \d+: .*learning rate/i);
    assert.equal(await view.locator('[data-action=play]').count(), 1, 'the run stopped: Play is offered again');

    const units = view.locator('[data-units="0"]');
    await units.fill('0');
    await units.dispatchEvent('change');
    const field = view.locator('.lab-layer[data-layer-index="0"] .lab-field').filter({ has: view.locator('[data-units="0"]') });
    assert.match((await field.locator('.field-error').textContent()) ?? '', /units must be at least 1 \(got 0\)/);
    assert.equal(await units.getAttribute('aria-invalid'), 'true');
    await fillField(view, 'Learning rate', '0.03');
  });

  it('restores the set-up after the window reloads', async () => {
    const wb = await workbench();
    let view = await openLab(wb);
    await view.locator('#tab-train').click();
    await choose(view, 'Dataset', 'xor');
    await view.locator('#lab-setup select').first().waitFor();
    await wb.runCommand('Developer: Reload Window');
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    view = wb.webview();
    await view.locator('[data-action=play]').waitFor({ timeout: 60_000 });
    const dataset = view.locator('#lab-setup .lab-field').filter({ has: view.locator('label', { hasText: exactly('Dataset') }) }).locator('select');
    assert.equal(await dataset.inputValue(), 'xor');
  });
});
