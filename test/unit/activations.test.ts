// The catalog computes what PyTorch computes: every record, every parameter setting in the fixtures, scalar and
// vectorised forms, exact values at kinks and for NaN/±Infinity. Records are discovered from the catalog, so a
// new record is tested automatically and fails until scripts/fixtures/activations.py covers it.
import { strict as assert } from 'node:assert';
import { activations, type Activation, type ActivationParams } from '../../src/core/activations';
import {
  casesFor,
  checkCase,
  describeMismatch,
  fixtureCases,
  fixtureMeta,
  mismatchReason,
  nextDown,
  nextUp,
  ulp32,
  type FixtureCase,
} from './activations-fixtures';

const label = (params: ActivationParams) => (Object.keys(params).length ? JSON.stringify(params) : 'defaults');

function assertNoMismatches(record: Activation, fixture: FixtureCase): void {
  const mismatches = checkCase(record, fixture);
  if (mismatches.length) {
    const shown = mismatches.slice(0, 12).map(describeMismatch).join('\n  ');
    assert.fail(`${record.id} ${label(fixture.params)}: ${mismatches.length} disagreements with PyTorch ${fixtureMeta.torch}:\n  ${shown}`);
  }
}

/** A copy of a record with other scalar forward/derivative functions; its vectorised forms are derived from them. */
function mutant(record: Activation, overrides: Partial<Pick<Activation, 'forward' | 'derivative'>>): Activation {
  const forward = overrides.forward ?? record.forward;
  const derivative = overrides.derivative ?? record.derivative;
  return {
    ...record,
    forward,
    derivative,
    forwardArray(input, output, params) {
      for (let i = 0; i < input.length; i++) output[i] = forward(input[i], params);
      return output;
    },
    derivativeArray(input, output, params) {
      for (let i = 0; i < input.length; i++) output[i] = derivative(input[i], params);
      return output;
    },
  };
}

describe('activation fixtures', () => {
  it('were made by PyTorch 1.13 or later on float32 tensors', () => {
    const [major, minor] = fixtureMeta.torch.split('.').map(Number);
    assert.ok(major > 1 || (major === 1 && minor >= 13), `fixtures come from torch ${fixtureMeta.torch}; regenerate with torch ≥ 1.13`);
    assert.equal(fixtureMeta.dtype, 'float32');
    assert.equal(fixtureMeta.generator, 'scripts/fixtures/activations.py');
  });

  it('cover −20…20, the extremes ±1e−30, ±80, ±100, ±1e4, ±1e38, subnormals, NaN and ±Infinity', () => {
    const inputs = fixtureMeta.sharedInputs;
    const has = (v: number) => inputs.some((x) => Object.is(x, Math.fround(v)) || (Number.isNaN(v) && Number.isNaN(x)));
    for (const v of [-20, 20, 0, 1e-30, -1e-30, 80, -80, 100, -100, 1e4, -1e4, 1e38, -1e38, 1e-40, -1e-40, 1.401298464324817e-45, NaN, Infinity, -Infinity]) {
      assert.ok(has(v), `fixtures lack the input ${v}`);
    }
    const grid = inputs.filter((x) => x >= -20 && x <= 20);
    assert.ok(grid.length >= 400, `only ${grid.length} inputs in −20…20`);
  });

  it('exist for every record of the catalog (a record without fixtures fails here)', () => {
    const missing = activations.filter((a) => casesFor(a.id).length === 0).map((a) => a.id);
    assert.deepEqual(missing, [], `no PyTorch fixtures for ${missing.join(', ')}: add them to scripts/fixtures/activations.py and regenerate`);
  });

  it('name only catalog records and their parameters', () => {
    for (const fixture of fixtureCases) {
      const record = activations.find((a) => a.id === fixture.id);
      assert.ok(record, `fixture case for "${fixture.id}", which is not in the catalog`);
      assert.doesNotThrow(() => record.resolveParams(fixture.params), `${fixture.id}: fixture params ${label(fixture.params)} are not valid catalog params`);
    }
  });
});

describe('every activation matches PyTorch', () => {
  for (const record of activations) {
    describe(record.id, () => {
      const cases = casesFor(record.id);

      it('has fixtures', () => assert.ok(cases.length > 0, `no fixtures for ${record.id}: add it to scripts/fixtures/activations.py`));

      for (const fixture of cases) {
        it(`matches PyTorch’s float32 forward and derivative, scalar and vectorised, with ${label(fixture.params)}`, () => assertNoMismatches(record, fixture));
      }

      it('has fixtures at and around every kink, so PyTorch’s side is pinned', () => {
        for (const fixture of cases) {
          for (const kink of record.kinkPoints(fixture.params)) {
            for (const x of [nextDown(kink), kink, nextUp(kink)]) {
              assert.ok(fixture.x.includes(x), `${record.id} ${label(fixture.params)}: no fixture input at ${x} (kink ${kink})`);
            }
          }
        }
      });

      it('has fixtures with every parameter away from its default', () => {
        for (const param of record.params) {
          const varied = cases.some((c) => c.params[param.name] !== undefined && c.params[param.name] !== param.default);
          assert.ok(varied, `${record.id}: no fixture case sets ${param.name} to a non-default value`);
        }
      });

      if (record.paramDerivative) {
        it('has fixtures for ∂f/∂(learnable parameter)', () => {
          assert.ok(cases.every((c) => c.paramDerivative), `${record.id}: fixtures lack paramDerivative`);
        });
      }
    });
  }
});

describe('PyTorch’s values at kinks and for NaN/±Infinity', () => {
  const at = (id: string, x: number, params: ActivationParams = {}) => {
    const record = activations.find((a) => a.id === id)!;
    return [record.forward(x, params), record.derivative(x, params)];
  };
  it('relu′(0) is 0 and relu′(NaN) is 1, as in PyTorch', () => {
    assert.equal(at('relu', 0)[1], 0);
    assert.equal(at('relu', NaN)[1], 1);
    assert.ok(Number.isNaN(at('relu', NaN)[0]));
  });
  it('leaky_relu′(0) is the slope, as in PyTorch', () => assert.equal(at('leaky_relu', 0, { negative_slope: 0.2 })[1], Math.fround(0.2)));
  it('elu′(0) is alpha, as in PyTorch', () => assert.equal(at('elu', 0, { alpha: 0.5 })[1], 0.5));
  it('softsign(±Infinity) is NaN, as in PyTorch', () => {
    assert.ok(Number.isNaN(at('softsign', Infinity)[0]));
    assert.ok(Number.isNaN(at('softsign', -Infinity)[0]));
  });
  it('hardswish(1e38) overflows to Infinity, as PyTorch’s float32 kernel does', () => assert.equal(at('hardswish', 1e38)[0], Infinity));
});

describe('more accurate than PyTorch’s float32 kernel where the records say so', () => {
  for (const fixture of fixtureCases.filter((c) => c.reference)) {
    const record = activations.find((a) => a.id === fixture.id)!;
    it(`${fixture.id} with ${label(fixture.params)} is within one float32 ulp of the exact value, where PyTorch’s float32 is not`, () => {
      const { x, exact, torch64 } = fixture.reference!;
      let torchWorse = 0;
      for (let i = 0; i < x.length; i++) {
        const ours = record.forward(x[i], fixture.params);
        const error = Math.abs(ours - exact[i]);
        assert.ok(error <= ulp32(exact[i]), `${fixture.id}(${x[i]}) = ${ours}, exact ${exact[i]}: off by ${error}, more than one float32 ulp`);
        assert.ok(error <= Math.max(ulp32(exact[i]), Math.abs(Math.fround(torch64[i]) - exact[i])), `${fixture.id}(${x[i]}): less accurate than PyTorch’s float64 result ${torch64[i]}`);
        const torch32 = fixture.forward[fixture.x.indexOf(x[i])];
        if (Math.abs(torch32 - exact[i]) > ulp32(exact[i])) torchWorse++;
      }
      assert.ok(torchWorse > 0, `${fixture.id}: PyTorch’s float32 is within one ulp everywhere in the fixtures, so the claim is not exercised`);
      assert.ok(record.numerics.some((n) => /more accurate than PyTorch/i.test(n)), `${fixture.id}: the record does not document its accuracy claim`);
    });
  }
});

describe('PyTorch’s CPU loops that disagree', () => {
  it('are documented by the records wherever the scalar loop’s value differs materially', () => {
    for (const fixture of fixtureCases) {
      const record = activations.find((a) => a.id === fixture.id)!;
      const kinks = new Set(record.kinkPoints(fixture.params));
      const material = fixture.scalarPath.filter(
        (s) =>
          mismatchReason(s.forward, fixture.forward[s.index], kinks.has(fixture.x[s.index])) ||
          mismatchReason(s.derivative, fixture.derivative[s.index], kinks.has(fixture.x[s.index])),
      );
      const nanOrKink = material.filter((s) => Number.isNaN(fixture.x[s.index]) || kinks.has(fixture.x[s.index]));
      if (nanOrKink.length) {
        assert.ok(
          record.numerics.some((n) => /scalar (tail )?loop/.test(n)),
          `${record.id}: PyTorch’s scalar loop differs at ${nanOrKink.map((s) => fixture.x[s.index]).join(', ')} but the record’s numerics do not say which loop it follows`,
        );
      }
    }
  });
});

describe('the fixture checker catches', () => {
  for (const record of activations) {
    const cases = casesFor(record.id);
    const nanIndex = (fixture: FixtureCase) => fixture.x.findIndex(Number.isNaN);

    it(`${record.id}: a wrong NaN rule in the derivative`, () => {
      const wrong = mutant(record, {
        derivative: (x, params) => (Number.isNaN(x) ? (Number.isNaN(record.derivative(x, params)) ? 0 : NaN) : record.derivative(x, params)),
      });
      for (const fixture of cases) {
        assert.ok(nanIndex(fixture) >= 0, `${record.id} ${label(fixture.params)}: fixtures lack a NaN input`);
        const caught = checkCase(wrong, fixture).filter((m) => Number.isNaN(m.x) && m.form.startsWith('derivative'));
        assert.ok(caught.length > 0, `${record.id} ${label(fixture.params)}: a wrong NaN rule in the derivative went unnoticed`);
      }
    });

    it(`${record.id}: a wrong NaN rule in the forward function`, () => {
      const wrong = mutant(record, {
        forward: (x, params) => (Number.isNaN(x) ? (Number.isNaN(record.forward(x, params)) ? 0 : NaN) : record.forward(x, params)),
      });
      for (const fixture of cases) {
        const caught = checkCase(wrong, fixture).filter((m) => Number.isNaN(m.x) && m.form.startsWith('forward'));
        assert.ok(caught.length > 0, `${record.id} ${label(fixture.params)}: a wrong NaN rule in the forward function went unnoticed`);
      }
    });

    if (cases.some((c) => record.kinkPoints(c.params).length > 0)) {
      it(`${record.id}: a derivative that takes the other side at a kink`, () => {
        let mutated = 0;
        for (const fixture of cases) {
          for (const kink of record.kinkPoints(fixture.params)) {
            const atKink = record.derivative(kink, fixture.params);
            const above = record.derivative(nextUp(kink), fixture.params);
            const below = record.derivative(nextDown(kink), fixture.params);
            const otherSide = above !== atKink ? above : below !== atKink ? below : undefined;
            if (otherSide === undefined) continue; // f′ is continuous here for these params: no wrong side to take
            mutated++;
            const wrong = mutant(record, { derivative: (x, params) => (x === kink ? otherSide : record.derivative(x, params)) });
            const caught = checkCase(wrong, fixture).filter((m) => m.x === kink && m.form.startsWith('derivative'));
            assert.ok(caught.length > 0, `${record.id} ${label(fixture.params)}: f′(${kink}) = ${otherSide} instead of ${atKink} went unnoticed`);
          }
        }
        assert.ok(mutated > 0, `${record.id}: no fixture case has a kink where the two sides of f′ differ, so PyTorch’s choice is never pinned`);
      });
    }
  }
});
