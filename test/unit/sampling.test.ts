// Sampling an activation's f and f′ over a range: the values every plot, CSV export and hover curve draws.
import { strict as assert } from 'node:assert';
import { linspace, sampleActivation } from '../../src/core';

describe('linspace', () => {
  it('spans start to end inclusive in evenly spaced steps', () => {
    assert.deepEqual(Array.from(linspace(-1, 1, 5)), [-1, -0.5, 0, 0.5, 1]);
  });

  it('ends exactly at `end` even when the step does not divide it in floating point', () => {
    const xs = linspace(0, 0.3, 4);
    assert.equal(xs[3], 0.3);
  });

  it('refuses a reversed or empty range, naming it', () => {
    assert.throws(() => linspace(1, 1, 10), /range end must be greater than its start \(got 1 … 1\)/);
    assert.throws(() => linspace(2, -2, 10), /range end must be greater than its start/);
  });

  it('refuses non-finite bounds and bad counts', () => {
    assert.throws(() => linspace(Number.NaN, 1, 10), /range must be finite numbers/);
    assert.throws(() => linspace(0, 1, 1), /sample count must be an integer from 2 to 100000 \(got 1\)/);
    assert.throws(() => linspace(0, 1, 2.5), /sample count must be an integer/);
  });
});

describe('sampleActivation', () => {
  it('samples ReLU and its derivative, with relu′(0) = 0 as in PyTorch', () => {
    const s = sampleActivation('relu', [-2, 2], 5);
    assert.equal(s.id, 'relu');
    assert.deepEqual(Array.from(s.x), [-2, -1, 0, 1, 2]);
    assert.deepEqual(Array.from(s.y), [0, 0, 0, 1, 2]);
    assert.deepEqual(Array.from(s.dy), [0, 0, 0, 1, 1]);
  });

  it('resolves the activation by alias', () => {
    assert.equal(sampleActivation('nn.ReLU', [-1, 1], 3).id, 'relu');
  });

  it('names an unknown activation in its error', () => {
    assert.throws(() => sampleActivation('relux', [-1, 1], 3), /unknown activation "relux"/);
  });
});
