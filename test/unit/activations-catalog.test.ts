// The catalog as the rest of the extension reads it: lookup by any framework spelling, parameter checking, the
// vectorised forms' contract, and the knowledge every record must carry (formulas, properties, papers,
// framework names and defaults).
import { strict as assert } from 'node:assert';
import { activations, getActivation, suggestActivations, type Activation, type ActivationParams, type FrameworkApi, type FrameworkEntry } from '../../src/core/activations';
import { nameKey } from '../../src/core/activations/names';

const byId = (id: string) => {
  const record = activations.find((a) => a.id === id);
  assert.ok(record, `no record "${id}" in the catalog`);
  return record;
};

function frameworkEntries(record: Activation): [string, FrameworkEntry][] {
  return Object.entries(record.frameworks).filter((e): e is [string, FrameworkEntry] => e[1] !== null);
}

function frameworkApis(record: Activation): [string, FrameworkApi][] {
  return frameworkEntries(record).flatMap(([framework, entry]) =>
    [entry.module, entry.functional].filter((a): a is FrameworkApi => a !== undefined).map((a) => [framework, a] as [string, FrameworkApi]),
  );
}

describe('getActivation', () => {
  const spellings: Record<string, string[]> = {
    relu: ['relu', 'ReLU', 'RELU', 'nn.ReLU', 'torch.nn.ReLU', 'F.relu', 'torch.relu', 'tf.nn.relu', 'keras.activations.relu', 'tf.keras.layers.ReLU', 'jax.nn.relu', 'tf.relu', 'tf.layers.reLU'],
    leaky_relu: [
      'leaky_relu',
      'Leaky ReLU',
      'LeakyReLU',
      'leaky-relu',
      'nn.LeakyReLU',
      'F.leaky_relu',
      'torch.nn.functional.leaky_relu',
      'tf.nn.leaky_relu',
      'keras.layers.LeakyReLU',
      'tf.keras.layers.LeakyReLU',
      'keras.activations.leaky_relu',
      'jax.nn.leaky_relu',
      'flax.linen.leaky_relu',
      'tf.layers.leakyReLU',
      'tf.leakyRelu',
    ],
    swish: ['swish', 'Swish'],
    silu: ['silu', 'SiLU', 'nn.SiLU', 'F.silu', 'keras.activations.swish', 'keras.activations.silu', 'tf.nn.swish', 'tf.nn.silu', 'jax.nn.swish', 'jax.nn.silu'],
    gelu: ['gelu', 'GELU', 'nn.GELU', 'F.gelu', 'jax.nn.gelu', 'tf.nn.gelu', 'keras.activations.gelu', 'gelu_new'],
    identity: ['identity', 'linear', 'nn.Identity', 'keras.activations.linear'],
    prelu: ['prelu', 'PReLU', 'nn.PReLU', 'F.prelu', 'keras.layers.PReLU', 'flax.linen.PReLU', 'tf.layers.prelu', 'tf.prelu'],
    threshold: ['threshold', 'nn.Threshold', 'F.threshold', 'tf.layers.thresholdedReLU', 'ThresholdedReLU'],
    hardsigmoid: ['hardsigmoid', 'hard_sigmoid', 'hardSigmoid', 'nn.Hardsigmoid', 'jax.nn.hard_sigmoid'],
    hardswish: ['hardswish', 'hard_swish', 'nn.Hardswish', 'jax.nn.hard_silu', 'keras.activations.hard_silu'],
    softsign: ['softsign', 'soft_sign', 'jax.nn.soft_sign', 'tf.nn.softsign'],
    logsigmoid: ['logsigmoid', 'log_sigmoid', 'nn.LogSigmoid', 'tf.math.log_sigmoid', 'tf.logSigmoid'],
    sigmoid: ['sigmoid', 'torch.sigmoid', 'nn.Sigmoid', 'tf.math.sigmoid', 'tf.sigmoid', 'logistic'],
    hardtanh: ['hardtanh', 'nn.Hardtanh', 'F.hardtanh', 'jax.nn.hard_tanh'],
    elu: ['elu', 'nn.ELU', 'keras.layers.ELU', 'tf.layers.elu', 'tf.elu'],
  };
  for (const [id, names] of Object.entries(spellings)) {
    it(`resolves ${names.map((n) => JSON.stringify(n)).join(', ')} to ${id}, ignoring case`, () => {
      for (const name of names) {
        assert.equal(getActivation(name).id, id, `"${name}" should resolve to ${id}`);
        assert.equal(getActivation(name.toUpperCase()).id, id, `"${name.toUpperCase()}" should resolve to ${id}`);
      }
    });
  }

  it('resolves every alias of every record, an id or display name of another record winning over an alias', () => {
    for (const record of activations) {
      assert.equal(getActivation(record.id), record);
      assert.equal(getActivation(record.name), record);
      for (const alias of record.aliases) {
        const owner = getActivation(alias);
        if (owner !== record) {
          assert.ok(nameKey(alias) === nameKey(owner.id) || nameKey(alias) === nameKey(owner.name), `alias "${alias}" of ${record.id} resolves to ${owner.id}`);
        }
      }
    }
  });

  it('"swish" is the swish record, whose default β = 1 is the SiLU that Keras’ "swish" names', () => {
    const swish = getActivation('swish');
    const silu = getActivation('keras.activations.swish');
    assert.equal(swish.id, 'swish');
    assert.equal(silu.id, 'silu');
    for (const x of [-3, -0.5, 0, 0.7, 4]) assert.ok(Math.abs(swish.forward(x) - silu.forward(x)) <= 1e-7);
  });

  it('throws for an unknown name, listing close matches', () => {
    assert.throws(() => getActivation('leaky_rleu'), /unknown activation "leaky_rleu"; did you mean "leaky_relu"/);
    assert.throws(() => getActivation('nn.LeakyRelu6'), /did you mean .*"(nn\.LeakyReLU|leaky_relu)"/);
    assert.throws(() => getActivation('gleu'), /did you mean .*"gelu"/);
    assert.throws(() => getActivation('no_such_function_here'), /unknown activation "no_such_function_here"; Known ids: identity, relu, leaky_relu/);
  });

  it('rejects a name that is not a non-empty string', () => {
    assert.throws(() => getActivation(42 as unknown as string), /activation name must be a non-empty string/);
    assert.throws(() => getActivation('  '), /activation name must be a non-empty string/);
  });

  it('suggests spellings for a typo', () => {
    assert.equal(suggestActivations('softpluss')[0], 'softplus');
    assert.ok(suggestActivations('F.leaky_reul').length > 0);
  });
});

describe('activation parameters', () => {
  it('omitted params take PyTorch’s defaults', () => {
    assert.deepEqual(byId('leaky_relu').resolveParams(), { negative_slope: 0.01 });
    assert.deepEqual(byId('softplus').resolveParams({ beta: 2 }), { beta: 2, threshold: 20 });
    assert.deepEqual(byId('rrelu').resolveParams({}), { lower: 1 / 8, upper: 1 / 3 });
    assert.deepEqual(byId('prelu').resolveParams(), { num_parameters: 1, weight: 0.25 });
    assert.deepEqual(byId('gelu').resolveParams(), { approximate: 'none' });
    assert.deepEqual(byId('elu').resolveParams({ alpha: undefined } as unknown as ActivationParams), { alpha: 1 });
  });

  it('a number out of its domain throws, naming the activation, the parameter and what was expected', () => {
    assert.throws(() => byId('leaky_relu').forward(1, { negative_slope: 'abc' }), /leaky_relu: parameter "negative_slope" must be a finite number \(got "abc"\)/);
    assert.throws(() => byId('leaky_relu').forward(1, { negative_slope: NaN }), /leaky_relu: parameter "negative_slope" must be a finite number \(got NaN\)/);
    assert.throws(() => byId('celu').forward(1, { alpha: 0 }), /celu: parameter "alpha" must be > 0 \(got 0\)/);
    assert.throws(() => byId('softshrink').forward(1, { lambd: -1 }), /softshrink: parameter "lambd" must be ≥ 0 \(got -1\)/);
    assert.throws(() => byId('rrelu').forward(1, { upper: 1.5 }), /rrelu: parameter "upper" must be ≤ 1 \(got 1.5\)/);
    assert.throws(() => byId('prelu').forward(1, { num_parameters: 1.5 }), /prelu: parameter "num_parameters" must be an integer \(got 1.5\)/);
    assert.throws(() => byId('softplus').derivative(1, { beta: 0 }), /softplus: parameter "beta" must be > 0/);
  });

  it('a string param not among its options throws, listing them', () => {
    assert.throws(() => byId('gelu').forward(1, { approximate: 'erf' }), /gelu: parameter "approximate" must be one of "none", "tanh" \(got "erf"\)/);
    assert.throws(() => byId('gelu').forward(1, { approximate: 1 }), /must be one of "none", "tanh" \(got 1\)/);
  });

  it('rules across parameters throw with both values', () => {
    assert.throws(() => byId('hardtanh').forward(0, { min_val: 2, max_val: 1 }), /hardtanh: min_val \(2\) must be less than max_val \(1\)/);
    assert.throws(() => byId('rrelu').forward(0, { lower: 0.5, upper: 0.1 }), /rrelu: lower \(0.5\) must be ≤ upper \(0.1\)/);
  });

  it('unknown param names throw with the known ones and hints from other frameworks', () => {
    assert.throws(() => byId('leaky_relu').forward(1, { alpha: 0.2 }), /leaky_relu has no parameter "alpha"\. Its parameters: negative_slope\. .*`negative_slope`/);
    assert.throws(() => byId('leaky_relu').forward(1, { negative_slop: 0.2 }), /did you mean "negative_slope"\?/);
    assert.throws(() => byId('prelu').forward(1, { init: 0.1 }), /prelu has no parameter "init".*pass \{ weight: … \}/);
    assert.throws(() => byId('relu').forward(1, { inplace: 1 }), /relu takes no parameters \(got "inplace"\)/);
  });

  it('params must be a plain object', () => {
    assert.throws(() => byId('elu').forward(1, 5 as unknown as ActivationParams), /elu: params must be a plain object such as \{"alpha":1\} \(got 5\)/);
    assert.throws(() => byId('elu').forward(1, [] as unknown as ActivationParams), /got an array/);
  });

  it('the vectorised forms check params too', () => {
    const input = new Float32Array(4);
    assert.throws(() => byId('gelu').forwardArray(input, input, { approximate: 'fast' }), /gelu: parameter "approximate"/);
    assert.throws(() => byId('hardtanh').derivativeArray(input, input, { min_val: 3 }), /min_val \(3\) must be less than max_val \(1\)/);
  });

  it('PReLU’s slope is the learnable weight, with ∂f/∂weight; no other record has a learnable parameter', () => {
    const prelu = byId('prelu');
    assert.deepEqual(prelu.params.filter((p) => p.learnable).map((p) => p.name), ['weight']);
    assert.equal(prelu.paramDerivative!(-2, { weight: 0.1 }), -2);
    assert.equal(prelu.paramDerivative!(3, { weight: 0.1 }), 0);
    for (const record of activations) {
      const learnable = record.params.some((p) => p.learnable);
      assert.equal(typeof record.paramDerivative === 'function', learnable, `${record.id}: paramDerivative exists exactly when a parameter is learnable`);
    }
  });

  it('every parameter declares a valid default, a description and (numbers) a slider range inside its domain', () => {
    for (const record of activations) {
      for (const param of record.params) {
        assert.ok(param.description.length > 10, `${record.id}.${param.name} needs a description`);
        if (param.options) {
          assert.ok(param.options.includes(param.default as string), `${record.id}.${param.name}: default not among options`);
        } else {
          assert.ok(param.suggestedRange, `${record.id}.${param.name} needs a suggestedRange for sliders`);
          const [low, high] = param.suggestedRange!;
          assert.ok(low < high, `${record.id}.${param.name}: empty suggestedRange`);
          assert.doesNotThrow(() => record.resolveParams({ [param.name]: param.default }));
        }
      }
    }
  });
});

describe('vectorised forms', () => {
  it('reject a non-Float32Array input and an output of another length, saying what to pass', () => {
    const relu = byId('relu');
    assert.throws(() => relu.forwardArray([1, 2] as unknown as Float32Array, new Float32Array(2)), /relu\.forwardArray: input must be a Float32Array \(got an array\)/);
    assert.throws(() => relu.derivativeArray(new Float32Array(3), new Float32Array(2)), /relu\.derivativeArray: output must be a Float32Array of the input's length 3 \(got Float32Array\(2\)\); pass the input itself to work in place/);
    assert.throws(() => relu.forwardArray(new Float32Array(2), new Float64Array(2) as unknown as Float32Array), /output must be a Float32Array/);
  });

  it('return their output array', () => {
    const input = Float32Array.of(-1, 2);
    const output = new Float32Array(2);
    assert.equal(byId('elu').forwardArray(input, output), output);
    assert.equal(byId('elu').derivativeArray(input, input), input);
  });

  it('read their params once per call, not once per element', () => {
    const readsFor = (record: Activation, length: number) => {
      let reads = 0;
      const params = new Proxy({ ...record.resolveParams() }, {
        get(target, key) {
          reads++;
          return Reflect.get(target, key);
        },
      });
      const input = new Float32Array(length).map((_, i) => i / 100 - 5);
      record.forwardArray(input, new Float32Array(length), params);
      record.derivativeArray(input, new Float32Array(length), params);
      return reads;
    };
    for (const record of activations.filter((a) => a.params.length)) {
      const few = readsFor(record, 3);
      assert.ok(few > 0, `${record.id}: the params were never read`);
      assert.equal(readsFor(record, 1000), few, `${record.id}: 1000 elements read the params more often than 3 did`);
    }
  });

  it('the scalar forms reject an x that is not a number', () => {
    assert.throws(() => byId('relu').forward('1' as unknown as number), /relu\.forward: x must be a number \(got "1"\)/);
    assert.throws(() => byId('gelu').derivative(undefined as unknown as number), /gelu\.derivative: x must be a number \(got undefined\)/);
  });

  it('the scalar forms round x to float32 first and return float32 values', () => {
    const elu = byId('elu');
    assert.equal(elu.forward(0.1), Math.fround(0.1));
    assert.equal(byId('sigmoid').forward(0.3), Math.fround(byId('sigmoid').forward(Math.fround(0.3))));
  });
});

describe('activation knowledge', () => {
  const PROPERTY_KEYS = ['range', 'boundedAbove', 'boundedBelow', 'monotonic', 'smooth', 'continuous', 'kinks', 'zeroCentred', 'selfNormalising', 'saturates', 'deadZone'];
  const NO_PAPER = new Set(['identity', 'logsigmoid', 'tanhshrink']);
  const FRAMEWORKS = ['pytorch', 'keras', 'tensorflow', 'jax', 'flax', 'tfjs'];

  it('lists the functions the issue asks for', () => {
    const ids = activations.map((a) => a.id);
    for (const id of ['identity', 'relu', 'leaky_relu', 'prelu', 'rrelu', 'elu', 'selu', 'celu', 'gelu', 'silu', 'swish', 'mish', 'softplus', 'sigmoid', 'tanh', 'hardsigmoid', 'hardswish', 'relu6', 'softsign', 'hardtanh', 'logsigmoid', 'tanhshrink', 'softshrink', 'hardshrink', 'threshold']) {
      assert.ok(ids.includes(id), `the catalog lacks ${id}`);
    }
  });

  for (const record of activations) {
    it(`${record.id} documents its summary, formulas, properties, use, problems, paper and numerics`, () => {
      for (const field of ['summary', 'whenToUse'] as const) assert.ok(record[field].length > 20, `${record.id}.${field} is too short`);
      for (const formula of [record.formula, record.derivativeFormula]) {
        assert.ok(formula.text.length > 0 && formula.tex.length > 0, `${record.id}: formulas need text and TeX`);
      }
      assert.deepEqual(Object.keys(record.properties).sort(), [...PROPERTY_KEYS].sort());
      for (const key of ['range', 'kinks', 'saturates', 'deadZone'] as const) assert.ok(record.properties[key].length > 0);
      assert.ok(record.problems.length > 0, `${record.id} lists no known problems`);
      assert.ok(record.numerics.length > 0, `${record.id} says nothing about its numerics`);
      assert.ok(['cheap', 'moderate', 'expensive'].includes(record.cost));
      if (record.paper === null) assert.ok(NO_PAPER.has(record.id), `${record.id} needs the paper that introduced it`);
      else assert.match(record.paper.url, /^https?:\/\//);
      assert.equal(record.properties.kinks === 'none', record.kinkPoints().length === 0 && record.properties.smooth, `${record.id}: properties.kinks disagrees with kinkPoints/smooth`);
    });

    it(`${record.id} names its framework equivalents, each checked against a cited version`, () => {
      assert.deepEqual(Object.keys(record.frameworks).sort(), [...FRAMEWORKS].sort());
      assert.ok(record.frameworks.pytorch, `${record.id}: PyTorch entry missing`);
      for (const [framework, entry] of frameworkEntries(record)) {
        assert.match(entry.docs, /^https?:\/\//, `${record.id}.${framework}: docs must be a URL`);
        assert.ok(entry.version.length > 5, `${record.id}.${framework}: version missing`);
        assert.ok(entry.module || entry.functional || entry.string || entry.note, `${record.id}.${framework}: names nothing`);
      }
      for (const [framework, callable] of frameworkApis(record)) {
        if (callable.params) assert.doesNotThrow(() => record.resolveParams(callable.params), `${record.id}.${framework}: ${callable.name}'s params are not catalog params`);
      }
    });

    it(`${record.id}’s defaults are PyTorch’s, and where another framework’s differ the record says so`, () => {
      const pytorch = record.frameworks.pytorch!;
      for (const callable of [pytorch.module, pytorch.functional].filter((c): c is FrameworkApi => c !== undefined)) {
        for (const param of record.params) {
          const stated = callable.params?.[param.name] ?? callable.defaults[param.name];
          if (stated !== undefined && stated !== null) assert.equal(stated, param.default, `${record.id}.${param.name}: catalog default ${param.default}, ${callable.name} says ${stated}`);
        }
      }
      const defaults = record.resolveParams();
      const differing = frameworkApis(record).filter(([, callable]) => callable.params && Object.entries(callable.params).some(([k, v]) => defaults[k] !== v));
      if (differing.length) {
        assert.ok(record.defaultsDisagree.length > 0, `${record.id}: ${differing.map(([, c]) => c.name).join(', ')} default differently but defaultsDisagree is empty`);
      }
    });
  }

  it('records the framework defaults the issue names', () => {
    const leaky = byId('leaky_relu').frameworks;
    assert.equal(leaky.pytorch!.module!.defaults.negative_slope, 0.01);
    assert.equal(leaky.pytorch!.functional!.defaults.negative_slope, 0.01);
    assert.equal(leaky.jax!.functional!.defaults.negative_slope, 0.01);
    assert.equal(leaky.keras!.module!.defaults.negative_slope, 0.3);
    assert.equal(leaky.tensorflow!.functional!.defaults.alpha, 0.2);
    assert.equal(leaky.tfjs!.module!.defaults.alpha, 0.3);
    const gelu = byId('gelu').frameworks;
    assert.equal(gelu.jax!.functional!.defaults.approximate, true);
    assert.equal(gelu.pytorch!.module!.defaults.approximate, 'none');
    assert.equal(byId('prelu').frameworks.pytorch!.module!.defaults.init, 0.25);
    assert.equal(byId('prelu').frameworks.keras!.module!.defaults.alpha_initializer, 'Zeros');
  });
});
