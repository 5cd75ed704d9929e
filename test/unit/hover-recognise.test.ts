// The hover recogniser on a corpus of real-world-style snippets: each framework, import aliases, keyword and
// positional parameters, multi-line calls, activation strings, and the places where nothing may hover.
import { strict as assert } from 'node:assert';
import { activations } from '../../src/core';
import { analyseSource, languageFamily, recogniseAt, recogniseInText, type RecognisedActivation } from '../../src/core/hover';
import { scanSource, SpanKind } from '../../src/core/hover/lexical';
import { CURSOR, JAX_FLAX_CASES, KERAS_TF_CASES, NEGATIVE_CASES, PYTORCH_CASES, TFJS_CASES, type HoverCase } from './hover-corpus';

function hoverAtCursor(source: string, language: string): { found: RecognisedActivation | undefined; text: string } {
  const offset = source.indexOf(CURSOR);
  assert.ok(offset >= 0 && source.indexOf(CURSOR, offset + 1) < 0, 'the snippet marks exactly one cursor');
  const text = source.slice(0, offset) + source.slice(offset + CURSOR.length);
  return { found: recogniseInText(text, language, offset), text };
}

function checkCase(testCase: HoverCase): void {
  const { found, text } = hoverAtCursor(testCase.source, testCase.language);
  const expected = testCase.expect;
  if (expected === null) {
    assert.equal(found, undefined, `nothing hovers here, but found ${found?.activation.id} (${found?.canonical})`);
    return;
  }
  assert.ok(found, 'an activation is recognised');
  assert.equal(found.activation.id, expected.id, 'catalog record');
  assert.equal(found.framework, expected.framework, 'framework');
  assert.equal(found.kind, expected.kind, 'callable kind');
  assert.deepEqual({ ...found.params }, found.activation.resolveParams(expected.params), 'parameters this code computes with');
  const written = found.parameters.filter((p) => p.written?.value !== undefined).map((p) => p.param.name);
  assert.deepEqual(written, [...(expected.written ?? [])], 'parameters written as literals');
  const notWritten = found.parameters.filter((p) => !p.written).map((p) => p.param.name);
  assert.deepEqual(found.defaulted, notWritten, 'parameters left to the framework’s default');
  if (expected.range) assert.equal(text.slice(found.start, found.end), expected.range, 'hovered range');
}

describe('Hover recogniser: a corpus of real-world snippets', () => {
  for (const [group, cases] of [
    ['PyTorch', PYTORCH_CASES],
    ['Keras / TensorFlow', KERAS_TF_CASES],
    ['JAX / Flax', JAX_FLAX_CASES],
    ['TensorFlow.js', TFJS_CASES],
    ['no hover', NEGATIVE_CASES],
  ] as const) {
    describe(group, () => {
      for (const testCase of cases) it(testCase.title, () => checkCase(testCase));
    });
  }
});

describe('Hover recogniser: arguments and defaults', () => {
  it('reads Keras 2’s alpha= for Keras 3’s negative_slope, and says whose keyword it is', () => {
    const { found } = hoverAtCursor('import tensorflow as tf\ntf.keras.layers.Leaky‸ReLU(alpha=0.25)\n', 'python');
    const slope = found!.parameters.find((p) => p.param.name === 'negative_slope')!;
    assert.equal(slope.written?.value, 0.25);
    assert.equal(slope.written?.keywordOf, 'tf.nn.leaky_relu');
  });

  it('keeps the written text of a non-literal argument and draws the framework’s default', () => {
    const { found } = hoverAtCursor('import keras\nkeras.layers.Leaky‸ReLU(negative_slope=cfg.slope)\n', 'python');
    const slope = found!.parameters[0];
    assert.equal(slope.written?.argument.text, 'cfg.slope');
    assert.match(slope.written?.problem ?? '', /not a literal/);
    assert.equal(slope.value, 0.3, 'Keras’ layer default, not PyTorch’s');
  });

  it('reports an out-of-range value with the catalog’s reason, and draws the default', () => {
    const { found } = hoverAtCursor('from torch import nn\nnn.PRe‸LU(num_parameters=0)\n', 'python');
    const count = found!.parameters.find((p) => p.param.name === 'num_parameters')!;
    assert.match(count.written?.problem ?? '', /num_parameters.*≥ 1/);
    assert.equal(found!.params.num_parameters, 1);
  });

  it('lists framework arguments the record cannot draw (Keras ReLU’s max_value)', () => {
    const { found } = hoverAtCursor('import keras\nkeras.layers.Re‸LU(max_value=6.0)\n', 'python');
    assert.deepEqual(found!.unrepresented.map((a) => [a.keyword, a.text]), [['max_value', '6.0']]);
  });

  it('ignores inplace=True, which is not an activation parameter', () => {
    const { found } = hoverAtCursor('from torch import nn\nnn.Re‸LU(inplace=True)\n', 'python');
    assert.deepEqual(found!.unrepresented, []);
    assert.equal(found!.called, true);
  });

  it('does not guess positional arguments that follow *args', () => {
    const { found } = hoverAtCursor('from torch import nn\nnn.Leaky‸ReLU(*args, 0.5)\n', 'python');
    assert.equal(found!.unpackedArguments, true);
    assert.equal(found!.params.negative_slope, 0.01);
  });

  it('reads a name that is referenced but not called with the framework’s defaults', () => {
    const { found } = hoverAtCursor('import jax\nact = jax.nn.ge‸lu\n', 'python');
    assert.equal(found!.called, false);
    assert.equal(found!.params.approximate, 'tanh');
  });

  it('accepts a cursor just after the name (keyboard hover)', () => {
    const text = 'from torch import nn\nact = nn.ELU(alpha=2.0)\n';
    const offset = text.indexOf('ELU') + 3;
    assert.equal(recogniseInText(text, 'python', offset)?.params.alpha, 2);
  });
});

describe('Hover recogniser: imports', () => {
  it('resolves a notebook cell’s alias from an earlier cell’s imports', () => {
    const firstCell = analyseSource('import jax.nn as jnn\nimport jax.numpy as jnp\n', 'python');
    const cell = analyseSource('y = jnn.gelu(jnp.ones(3))\n', 'python');
    const offset = cell.text.indexOf('gelu');
    assert.equal(recogniseAt(cell, offset), undefined, 'jnn means nothing without the first cell');
    const found = recogniseAt(cell, offset, { contextImports: [firstCell.imports] });
    assert.equal(found?.activation.id, 'gelu');
    assert.equal(found?.framework, 'jax');
  });

  it('lets the file’s own import beat a conventional alias (nn as flax.linen, not torch.nn)', () => {
    const found = recogniseInText('import flax.linen as nn\nnn.relu(x)\n', 'python', 28);
    assert.equal(found?.framework, 'flax');
  });

  it('ignores import statements inside docstrings', () => {
    const analysis = analyseSource('"""\nimport torch.nn.functional as F\n"""\nimport mylib as G\n', 'python');
    assert.deepEqual([...analysis.imports.names.keys()], ['G']);
  });

  it('reads JavaScript namespace, named, default and require imports', () => {
    const analysis = analyseSource(
      "import * as tf from '@tensorflow/tfjs';\nimport tfn, { layers as L, relu } from '@tensorflow/tfjs-node';\nconst { leakyRelu: lr } = require('@tensorflow/tfjs-core');\nconst other = require('lodash');\n",
      'javascript',
    );
    assert.deepEqual(Object.fromEntries(analysis.imports.names), { tf: 'tf', tfn: 'tf', L: 'tf.layers', relu: 'tf.relu', lr: 'tf.leakyRelu', other: 'lodash' });
  });

  it('maps language ids to the syntax they are read with', () => {
    assert.deepEqual(['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'].map(languageFamily), ['python', 'javascript', 'javascript', 'javascript', 'javascript']);
  });
});

describe('Hover recogniser: every catalog callable', () => {
  const pythonImports = 'import torch\nimport tensorflow as tf\nimport keras\nimport jax\nimport flax\n';
  for (const activation of activations) {
    for (const [framework, entry] of Object.entries(activation.frameworks)) {
      for (const api of [entry?.module, entry?.functional]) {
        if (!api) continue;
        it(`${api.name} is ${activation.id} (${framework})`, () => {
          const javascript = framework === 'tfjs';
          const text = javascript ? `import * as tf from '@tensorflow/tfjs';\nconst f = ${api.name}();\n` : `${pythonImports}f = ${api.name}()\n`;
          const found = recogniseInText(text, javascript ? 'javascript' : 'python', text.indexOf(api.name) + api.name.length - 1);
          assert.equal(found?.activation.id, activation.id);
          assert.equal(found?.framework, framework);
          assert.equal(found?.api, api);
        });
      }
    }
  }
});

describe('Hover lexical scan', () => {
  it('finds Python comments, one-line strings with escapes and multi-line triple-quoted strings', () => {
    const text = 'a = "x\\"#y"  # note\nb = \'\'\'line1\nline2 "q"\'\'\'\nc = 1\n';
    const map = scanSource(text, 'python');
    const spans = Array.from({ length: map.count }, (_, i) => [text.slice(map.starts[i], map.ends[i]), map.kinds[i]]);
    assert.deepEqual(spans, [
      ['"x\\"#y"', SpanKind.String],
      ['# note', SpanKind.Comment],
      ["'''line1\nline2 \"q\"'''", SpanKind.LongString],
    ]);
    assert.equal(map.spanAt(text.indexOf('c = 1')), -1);
  });

  it('finds JavaScript comments, strings, template literals with substitutions and regex literals', () => {
    const text = "const r = /['\"]/g; // quote\nconst t = `a ${f('}')} b`; /* x */ const d = a / b / c;\n";
    const map = scanSource(text, 'javascript');
    const spans = Array.from({ length: map.count }, (_, i) => [text.slice(map.starts[i], map.ends[i]), map.kinds[i]]);
    assert.deepEqual(spans, [
      ["/['\"]/g", SpanKind.Regex],
      ['// quote', SpanKind.Comment],
      ["`a ${f('}')} b`", SpanKind.LongString],
      ['/* x */', SpanKind.Comment],
    ]);
  });
});
