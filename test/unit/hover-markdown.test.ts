// The hover's Markdown: name and summary, formula and derivative, the curve drawn for the written parameters,
// the framework's defaults with the disagreement warning, problems one line each, and the two links.
import { strict as assert } from 'node:assert';
import { activations, getActivation } from '../../src/core';
import { activationCurveSvg, escapeMarkdown, hoverMarkdown, recogniseInText, svgDataUri, type HoverDocument } from '../../src/core/hover';

/** The hover for the first occurrence of `needle` in `text`. */
function hoverOf(text: string, language: string, needle: string): HoverDocument {
  const found = recogniseInText(text, language, text.indexOf(needle));
  assert.ok(found, `an activation at "${needle}"`);
  return hoverMarkdown(found);
}

/** The SVG inside the Markdown's image. */
function imageSvg(markdown: string): string {
  const match = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
  assert.ok(match, 'the Markdown has an SVG data-URI image');
  return Buffer.from(match[1], 'base64').toString('latin1');
}

/** The points of the solid f path (drawn last, in the f colour). */
function fPoints(svg: string): [number, number][] {
  const paths = [...svg.matchAll(/<path d="([^"]*)" fill="none" stroke="([^"]*)" stroke-width="2"\/>/g)];
  assert.equal(paths.length, 1, 'one solid f path');
  return [...paths[0][1].matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** Slope left of x = 0 over slope right of it, in the drawing's own pixels: a leaky ReLU's negative_slope. */
function drawnSlopeRatio(svg: string): number {
  const points = fPoints(svg);
  assert.equal(points.length % 2, 1, 'an odd number of samples puts one at x = 0');
  const [x0, y0] = points[0];
  const [xm, ym] = points[(points.length - 1) / 2];
  const [x1, y1] = points[points.length - 1];
  return (ym - y0) / (xm - x0) / ((y1 - ym) / (x1 - xm));
}

/** The command link's JSON arguments. */
function explorerArguments(markdown: string): unknown {
  const match = /\[Open in Activation Explorer\]\(command:activationLab\.showActivation\?([^ )]+)/.exec(markdown);
  assert.ok(match, 'the Markdown links to activationLab.showActivation');
  return JSON.parse(decodeURIComponent(match[1]));
}

const LEAKY_MODEL = 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(2, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1))\n';

describe('Hover Markdown', () => {
  it('shows the name, summary, formula and derivative as plain text', () => {
    const { markdown } = hoverOf(LEAKY_MODEL, 'python', 'LeakyReLU');
    const leaky = getActivation('leaky_relu');
    assert.match(markdown, /^\*\*Leaky ReLU\*\* — PyTorch `torch\.nn\.LeakyReLU`/);
    assert.ok(markdown.includes(escapeMarkdown(leaky.summary)), 'the one-line summary');
    assert.ok(markdown.includes(`\`f(x) = ${leaky.formula.text}\``), 'the formula');
    assert.ok(markdown.includes(`\`f′(x) = ${leaky.derivativeFormula.text}\``), 'the derivative');
  });

  it('draws the curve for the slope written in the call (0.2), not the default', () => {
    const { markdown, svg } = hoverOf(LEAKY_MODEL, 'python', 'LeakyReLU');
    assert.equal(imageSvg(markdown), svg);
    assert.ok(Math.abs(drawnSlopeRatio(svg) - 0.2) < 0.01, `drawn slope ratio ${drawnSlopeRatio(svg)}`);
    assert.match(svg, /negative_slope = 0\.2/);
    const unwritten = hoverOf('from torch import nn\nnn.LeakyReLU()\n', 'python', 'LeakyReLU').svg;
    assert.ok(Math.abs(drawnSlopeRatio(unwritten) - 0.01) < 0.005, 'without an argument, PyTorch’s 0.01 is drawn');
  });

  it('draws f solid and f′ dashed, in fixed colours rather than theme variables', () => {
    const svg = activationCurveSvg(getActivation('gelu'), { approximate: 'tanh' });
    assert.match(svg, /<path d="M[^"]+" fill="none" stroke="#[0-9a-f]{6}" stroke-width="1\.5" stroke-dasharray="4 3"\/>/);
    assert.match(svg, /<path d="M[^"]+" fill="none" stroke="#[0-9a-f]{6}" stroke-width="2"\/>/);
    assert.doesNotMatch(svg, /var\(--/);
  });

  it('tabulates each parameter against the framework’s default', () => {
    const { markdown } = hoverOf(LEAKY_MODEL, 'python', 'LeakyReLU');
    assert.match(markdown, /\| parameter \| in this code \| `torch\.nn\.LeakyReLU` default \|/);
    assert.match(markdown, /\| `negative_slope` \| \*\*0\.2\*\* \(written\) \| `0\.01` \|/);
  });

  it('warns when a default that differs between frameworks is relied on: Keras’ LeakyReLU layer (0.3)', () => {
    const { markdown } = hoverOf('import keras\nact = keras.layers.LeakyReLU()\n', 'python', 'LeakyReLU');
    const warning = markdown.split('\n').find((line) => line.startsWith('⚠️'));
    assert.ok(warning, 'a warning line');
    assert.match(warning, /`negative_slope` is left to the default, and frameworks disagree:\*\* 0\.3 here/);
    assert.match(warning, /0\.01 in `torch\.nn\.LeakyReLU`/);
    assert.match(warning, /0\.2 in [^;]*`tf\.nn\.leaky_relu`/);
    assert.deepEqual(explorerArguments(markdown), [{ name: 'leaky_relu', params: { negative_slope: 0.3 } }]);
  });

  it('warns that jax.nn.gelu defaults to the tanh approximation while PyTorch uses erf', () => {
    const { markdown } = hoverOf('import jax\ny = jax.nn.gelu(x)\n', 'python', 'gelu');
    assert.match(markdown, /\| `approximate` \| 'tanh' \(default\) \| `True` \('tanh'\) \|/);
    assert.match(markdown, /⚠️ \*\*`approximate` is left to the default[^\n]*'tanh' here[^\n]*'none' in `torch\.nn\.GELU`/);
  });

  it('does not warn when the value is written', () => {
    const { markdown } = hoverOf('import keras\nact = keras.layers.LeakyReLU(negative_slope=0.3)\n', 'python', 'LeakyReLU');
    assert.ok(!markdown.split('\n').some((line) => line.startsWith('⚠️')), 'no warning line');
  });

  it('shows a non-literal argument as written, and draws the framework’s default', () => {
    const { markdown } = hoverOf('import keras\nkeras.layers.LeakyReLU(negative_slope=cfg.slope)\n', 'python', 'LeakyReLU');
    assert.match(markdown, /\| `negative_slope` \| `cfg\.slope` ⚠️ not a literal; drawn with the default 0\.3 \| `0\.3` \|/);
  });

  it('says when the keyword written is another framework’s name for the parameter (Keras 2’s alpha)', () => {
    const { markdown } = hoverOf('import tensorflow as tf\ntf.keras.layers.LeakyReLU(alpha=0.25)\n', 'python', 'LeakyReLU');
    assert.match(markdown, /\| `negative_slope` \| \*\*0\.25\*\* \(written as `alpha`, the name `tf\.nn\.leaky_relu` uses\) \| `0\.3` \|/);
  });

  it('says which written arguments the curve cannot show', () => {
    const { markdown } = hoverOf('import keras\nkeras.layers.ReLU(max_value=6.0)\n', 'python', 'ReLU');
    assert.match(markdown, /⚠️ Not drawn: `max_value=6\.0`/);
  });

  it('lists the known problems one line each', () => {
    const { markdown } = hoverOf('from torch import nn\nnn.ReLU()\n', 'python', 'ReLU');
    const relu = getActivation('relu');
    for (const problem of relu.problems) assert.ok(markdown.includes(`\n- ${escapeMarkdown(problem)}\n`), `problem line: ${problem.slice(0, 40)}…`);
    assert.match(markdown, /Dying ReLU/);
  });

  it('links to the Explorer with the call’s parameters and to the framework’s documentation', () => {
    const doc = hoverOf(LEAKY_MODEL, 'python', 'LeakyReLU');
    assert.deepEqual(explorerArguments(doc.markdown), [{ name: 'leaky_relu', params: { negative_slope: 0.2 } }]);
    assert.deepEqual(doc.explorerArguments, [{ name: 'leaky_relu', params: { negative_slope: 0.2 } }]);
    const docs = getActivation('leaky_relu').frameworks.pytorch!.docs;
    assert.equal(doc.docsUrl, docs);
    assert.ok(doc.markdown.includes(`[PyTorch documentation](${docs} "torch.nn.LeakyReLU")`));
  });

  it('names the Keras string and the function it stands for ("swish" → keras.activations.silu)', () => {
    const { markdown } = hoverOf('from keras import layers\nlayers.Dense(64, activation="swish")\n', 'python', 'swish');
    assert.match(markdown, /^\*\*SiLU\*\* — Keras activation string `"swish"` → `keras\.activations\.silu`/);
  });

  it('builds a hover for every framework callable in the catalog, with every problem and a valid image', () => {
    for (const activation of activations) {
      for (const [framework, entry] of Object.entries(activation.frameworks)) {
        for (const api of [entry?.module, entry?.functional]) {
          if (!api) continue;
          const javascript = framework === 'tfjs';
          const text = javascript ? `import * as tf from '@tensorflow/tfjs';\n${api.name}();\n` : `import torch, keras, jax, flax\nimport tensorflow as tf\n${api.name}()\n`;
          const { markdown, svg } = hoverOf(text, javascript ? 'javascript' : 'python', api.name);
          assert.equal(imageSvg(markdown), svg, `${api.name}: image`);
          assert.match(svg, /<path d="M/, `${api.name}: a curve is drawn`);
          for (const problem of activation.problems) assert.ok(markdown.includes(escapeMarkdown(problem)), `${api.name}: problem listed`);
        }
      }
    }
  });
});

describe('Hover Markdown helpers', () => {
  it('escapes Markdown syntax in catalog text', () => {
    assert.equal(escapeMarkdown('x * torch.sigmoid(beta * x) for negative_slope [a] <b> |c|'), 'x \\* torch.sigmoid(beta \\* x) for negative\\_slope \\[a\\] \\<b\\> \\|c\\|');
  });

  it('encodes an ASCII SVG as a base64 data URI and refuses other characters', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>f&#8242;</text></svg>';
    const uri = svgDataUri(svg);
    assert.equal(Buffer.from(uri.slice('data:image/svg+xml;base64,'.length), 'base64').toString('latin1'), svg);
    assert.throws(() => svgDataUri('<svg>f′</svg>'), /must be ASCII/);
  });
});
