// "Copy as PyTorch/Keras code": snippets built from the catalog's framework entries, with the parameters
// mapped onto each framework's own argument names and values.
import { strict as assert } from 'node:assert';
import { activations } from '../../src/core';
import { activationCode, pythonLiteral } from '../../src/core/codegen';

describe('Copy as PyTorch / Keras code', () => {
  it('writes nn.LeakyReLU(negative_slope=0.2), and for Keras the "leaky_relu" string, whose function defaults to 0.2', () => {
    assert.match(activationCode('leaky_relu', { negative_slope: 0.2 }, 'pytorch'), /^activation = nn\.LeakyReLU\(negative_slope=0\.2\)/m);
    assert.match(activationCode('leaky_relu', { negative_slope: 0.2 }, 'keras'), /^activation = keras\.layers\.Activation\("leaky_relu"\)/m);
  });

  it('writes Keras’ LeakyReLU layer when the slope is neither Keras default', () => {
    assert.match(activationCode('leaky_relu', { negative_slope: 0.05 }, 'keras'), /^activation = keras\.layers\.LeakyReLU\(negative_slope=0\.05\)/m);
  });

  it('spells out PyTorch’s default slope for Keras, whose LeakyReLU layer defaults to 0.3', () => {
    assert.match(activationCode('leaky_relu', {}, 'keras'), /keras\.layers\.LeakyReLU\(negative_slope=0\.01\)/);
  });

  it('maps GELU’s approximate="tanh" onto Keras’ approximate=True', () => {
    assert.match(activationCode('gelu', { approximate: 'tanh' }, 'pytorch'), /nn\.GELU\(approximate="tanh"\)/);
    assert.match(activationCode('gelu', { approximate: 'tanh' }, 'keras'), /keras\.activations\.gelu\(x, approximate=True\)/);
  });

  it('maps PReLU’s functional weight onto the module’s init argument', () => {
    assert.match(activationCode('prelu', { weight: 0.1 }, 'pytorch'), /nn\.PReLU\(init=0\.1\)/);
  });

  it('uses the activation= string when the parameters are the defaults', () => {
    assert.match(activationCode('silu', {}, 'keras'), /keras\.layers\.Activation\("silu"\)/);
  });

  it('says so, with the formula, when no built-in takes the parameters as arguments', () => {
    const code = activationCode('swish', { beta: 2 }, 'pytorch');
    assert.match(code, /^# No PyTorch built-in takes Swish's beta=2 as arguments\./);
    assert.match(code, /# f\(x\) = /);
  });

  it('writes code for every catalog function and both frameworks without throwing', () => {
    for (const activation of activations) {
      for (const framework of ['pytorch', 'keras'] as const) {
        const code = activationCode(activation.id, {}, framework);
        assert.ok(code.length > 0 && code.endsWith('\n'), `${activation.id} / ${framework}`);
      }
    }
  });

  it('refuses an unknown activation or framework by name', () => {
    assert.throws(() => activationCode('relux', {}, 'pytorch'), /unknown activation "relux"/);
    assert.throws(() => activationCode('relu', {}, 'jax' as 'pytorch'), /code framework must be "pytorch" or "keras" \(got "jax"\)/);
  });

  it('writes Python literals', () => {
    assert.deepEqual([pythonLiteral(true), pythonLiteral('tanh'), pythonLiteral(0.25), pythonLiteral(Infinity), pythonLiteral(Number.NaN)], ['True', '"tanh"', '0.25', "float('inf')", "float('nan')"]);
  });
});
