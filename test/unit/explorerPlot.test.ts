// What the Explorer draws and exports: gaps where a curve jumps, CSV values that read back exactly.
import { strict as assert } from 'node:assert';
import { explorerCsv, float32Text } from '../../src/core/codegen';
import { defaultExplorerState } from '../../src/core/protocol/explorer';
import { withGapsAt } from '../../src/webview/explorer/traces';

describe('Explorer plot gaps', () => {
  it('isolates a sample that lies exactly on a jump, so no vertical line is drawn through it', () => {
    const { x, y } = withGapsAt([-1, 0, 1], [0, 0, 1], [0]);
    assert.deepEqual(x, [-1, 0, 0, 0, 1]);
    assert.ok(Number.isNaN(y[1]) && Number.isNaN(y[3]), 'gaps on both sides of x = 0');
    assert.equal(y[2], 0, 'PyTorch’s one-sided value at the kink is kept');
  });

  it('puts a gap between the two samples that straddle a jump', () => {
    const { x, y } = withGapsAt([-1, 1, 3], [0, 1, 1], [0.5]);
    assert.deepEqual(x, [-1, 0.5, 1, 3]);
    assert.ok(Number.isNaN(y[1]));
  });

  it('leaves a curve without jumps untouched', () => {
    assert.deepEqual(withGapsAt([0, 1, 2], [1, 2, 3], []), { x: [0, 1, 2], y: [1, 2, 3] });
  });
});

describe('Explorer CSV export', () => {
  it('has an x column and f, f′ columns per function, one row per sample', () => {
    const state = { ...defaultExplorerState(['relu']), xRange: [-1, 1] as [number, number], samples: 50 };
    const lines = explorerCsv(state).trimEnd().split('\n');
    assert.equal(lines[0], 'x,ReLU,ReLU derivative');
    assert.equal(lines.length, 51);
    assert.equal(lines[1], '-1,0,0');
    assert.equal(lines[50], '1,1,1');
  });

  it('writes float32 values with digits enough to read back the same float32', () => {
    for (const value of [Math.fround(0.1), Math.fround(1 / 3), Math.fround(-1e-30), Math.fround(3.4e38)]) {
      assert.equal(Math.fround(Number(float32Text(value))), value);
    }
    assert.equal(float32Text(Number.NaN), 'NaN');
    assert.equal(float32Text(-Infinity), '-Infinity');
  });
});

describe('Plot colours from the theme', () => {
  it('drop a theme colour’s transparency, so a line never fades into the background', async () => {
    const { opaque } = await import('../../src/webview/theme');
    assert.equal(opaque('rgba(234, 92, 0, 0.33)'), 'rgb(234, 92, 0)');
    assert.equal(opaque('#d1861680'), '#d18616');
    assert.equal(opaque('#abcd'), '#abc');
    assert.equal(opaque('#59a4f9'), '#59a4f9');
    assert.equal(opaque('rgb(1, 2, 3)'), 'rgb(1, 2, 3)');
  });
});
