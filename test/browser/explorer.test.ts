// Browser tests of the Activation Explorer in the real code-server workbench: palette → panel → Plotly.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { sampleActivation } from '../../src/core';
import { workbench } from './workbench';

describe('Activation Explorer (browser, real workbench)', function () {
  this.timeout(180_000);

  it('opens from the command palette and draws ReLU with Plotly from the core’s values', async () => {
    const wb = await workbench();
    await wb.runCommand('Activation Lab: Open Activation Explorer');
    const view = wb.webview();
    // Plotly's SVG with one line path per trace.
    await view.locator('#plot .main-svg .scatterlayer .trace path.js-line').first().waitFor({ timeout: 60_000 });
    assert.equal(await view.locator('#plot .main-svg .scatterlayer .trace').count(), 2, 'f and f′ are both drawn');

    // The plotted data is the core's ReLU, sample for sample.
    const plotted = await view.locator('#plot').evaluate((element) => {
      const data = (element as unknown as { data: Array<{ name: string; x: ArrayLike<number>; y: ArrayLike<number> }> }).data;
      return data.map((trace) => ({ name: trace.name, x: Array.from(trace.x), y: Array.from(trace.y) }));
    });
    const expected = sampleActivation('relu', [-5, 5], 401);
    assert.deepEqual(plotted.map((t) => t.name), ['ReLU f(x)', 'ReLU f′(x)']);
    assert.deepEqual(plotted[0].x, Array.from(expected.x));
    assert.deepEqual(plotted[0].y, Array.from(expected.y));
    assert.deepEqual(plotted[1].y, Array.from(expected.dy));
    assert.equal(plotted[0].y[0], 0, 'ReLU(−5) is 0');
    assert.equal(plotted[0].y[400], 5, 'ReLU(5) is 5');

    const shot = await wb.screenshot('explorer-relu');
    assert.ok(fs.statSync(shot).size > 10_000, 'a non-trivial screenshot was written');
  });
});
