// The Activation Lab cell language: what each command parses into, errors that name the line and the field,
// completion and hover, the *.actlabnb file format, and the TextMate grammar.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activations, getActivation } from '../../src/core/activations';
import { CellError, completionsAt, hoverAt, parseCell, readNotebookFile, writeNotebookFile, type CellProgram } from '../../src/core/notebook';
import { validateSpec } from '../../src/core/protocol/validate';

function fails(source: string): CellError {
  try {
    parseCell(source);
  } catch (error) {
    assert.ok(error instanceof CellError, `expected a CellError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected the cell to be refused:\n${source}`);
}

function expectError(source: string, line: number, field: string, detail: RegExp): void {
  const error = fails(source);
  assert.equal(error.line, line, `line of: ${error.message}`);
  assert.equal(error.field, field, `field of: ${error.message}`);
  assert.match(error.detail, detail);
  assert.equal(error.message, `line ${line}, ${field}: ${error.detail}`);
}

const as = <K extends CellProgram['kind']>(program: CellProgram, kind: K) => {
  assert.equal(program.kind, kind);
  return program as Extract<CellProgram, { kind: K }>;
};

describe('Activation Lab cells: parsing', () => {
  it('plot: activations with parameters, range, show, samples, title; comments and blank lines ignored', () => {
    const program = as(parseCell('# the rectifiers\nplot relu, nn.LeakyReLU(negative_slope=0.2), gelu(approximate="tanh")  # three\n\nrange: -4 4\nshow: derivative\nsamples: 201\ntitle: Three'), 'plot');
    assert.deepEqual(
      program.functions.map((f) => [f.id, f.params]),
      [
        ['relu', {}],
        ['leaky_relu', { negative_slope: 0.2 }],
        ['gelu', { approximate: 'tanh' }],
      ],
    );
    assert.deepEqual(program.range, [-4, 4]);
    assert.equal(program.show, 'derivative');
    assert.equal(program.samples, 201);
    assert.equal(program.title, 'Three');
  });

  it('plot defaults: −5 … 5, both curves, 401 samples', () => {
    const program = as(parseCell('plot elu'), 'plot');
    assert.deepEqual([program.range, program.show, program.samples], [[-5, 5], 'both', 401]);
  });

  it('train: builds a complete, valid spec — data, hidden layers, optimizer, batches, steps, seed — with output layer and loss from the data', () => {
    const program = as(parseCell('train\ndata: spiral_3class samples=300 noise=0.1 test=0.2\nlayers: 16 relu, 8 leaky_relu(negative_slope=0.2)\noptimizer: sgd lr=0.1 momentum=0.9 nesterov=true\nbatch: 32\nsteps: 250\nseed: 9\ninit: he_normal'), 'train');
    const spec = program.spec;
    assert.deepEqual(spec.data, { name: 'spiral_3class', samples: 300, noise: 0.1, testFraction: 0.2 });
    assert.deepEqual(spec.model.layers, [
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dense', units: 8, activation: { name: 'leaky_relu', negative_slope: 0.2 } },
      { type: 'dense', units: 3 },
    ]);
    assert.equal(spec.loss, 'cross_entropy');
    assert.deepEqual(spec.optimizer, { type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true });
    assert.deepEqual([spec.batchSize, spec.steps, spec.seed, spec.init, spec.metricsEvery], [32, 250, 9, 'he_normal', 2]);
    assert.doesNotThrow(() => validateSpec(spec));
  });

  it('train: layers without an activation take `activation:`; lr: sets the learning rate; defaults fill the rest', () => {
    const spec = as(parseCell('train\nlayers: 4, 4\nactivation: tanh\nlr: 0.05'), 'train').spec;
    assert.deepEqual(spec.model.layers.slice(0, 2), [
      { type: 'dense', units: 4, activation: 'tanh' },
      { type: 'dense', units: 4, activation: 'tanh' },
    ]);
    assert.deepEqual(spec.optimizer, { type: 'adam', lr: 0.05 });
    assert.deepEqual([spec.seed, spec.steps, spec.batchSize, spec.shuffle, spec.loss], [1, 300, 16, true, 'bce_with_logits']);
  });

  it('train with a JSON body: the spec as lab.train takes it', () => {
    const json = { data: { name: 'xor', samples: 100 }, model: { input: [2], layers: [{ type: 'dense', units: 4, activation: 'elu' }, { type: 'dense', units: 1 }] }, loss: 'bce_with_logits', optimizer: { type: 'adam', lr: 0.01 }, steps: 20 };
    const program = as(parseCell(`train\n${JSON.stringify(json, null, 2)}`), 'train');
    assert.deepEqual(program.spec, json);
  });

  it('compare: one variant per activation, replacing the activation of layers that name none', () => {
    const program = as(parseCell('compare relu, elu(alpha=0.5)\nlayers: 8, 8 tanh\nsteps: 40'), 'compare');
    assert.deepEqual(
      program.variants.map((v) => [v.label, v.spec.model.layers.map((l) => (l.type === 'dense' ? l.activation ?? null : null))]),
      [
        ['ReLU', ['relu', 'tanh', null]],
        ['ELU (alpha=0.5)', [{ name: 'elu', alpha: 0.5 }, 'tanh', null]],
      ],
    );
    assert.ok(program.variants.every((v) => v.spec.seed === 1 && v.spec.steps === 40));
  });

  it('sweep: every activation × learning rate', () => {
    const program = as(parseCell('sweep relu, sigmoid\nlr: 0.01, 0.1 1\noptimizer: sgd momentum=0.5'), 'sweep');
    assert.deepEqual(program.rows, ['ReLU', 'Sigmoid']);
    assert.deepEqual(program.learningRates, [0.01, 0.1, 1]);
    assert.equal(program.cells.length, 6);
    assert.deepEqual(program.cells.map((c) => [c.row, c.column, c.spec.optimizer.lr]), [
      [0, 0, 0.01],
      [0, 1, 0.1],
      [0, 2, 1],
      [1, 0, 0.01],
      [1, 1, 0.1],
      [1, 2, 1],
    ]);
    assert.equal((program.cells[0].spec.optimizer as { momentum?: number }).momentum, 0.5);
  });
});

describe('Activation Lab cells: errors name the line and the field', () => {
  it('an empty cell, and an unknown command (with a suggestion)', () => {
    expectError('  \n# only a comment\n', 1, 'command', /the cell is empty; start it with plot, train, compare, sweep/);
    expectError('\n\nplt relu', 3, 'command', /unknown command "plt"; did you mean "plot"\?/);
  });

  it('an unknown activation lists close names; a bad parameter names it', () => {
    expectError('plot relu, reluu', 1, 'plot[1]', /unknown activation "reluu"; did you mean "relu"/);
    expectError('plot leaky_relu(slope=0.2)', 1, 'leaky_relu.slope', /Leaky ReLU has no parameter "slope"; its parameters are negative_slope/);
    expectError('plot leaky_relu(negative_slope=abc)', 1, 'leaky_relu.negative_slope', /expected a number \(got "abc"\)/);
    expectError('plot celu(alpha=0)', 1, 'celu(alpha)', /alpha/);
    expectError('plot relu,', 1, 'plot[1]', /an activation is missing/);
    expectError('plot', 1, 'plot', /plot needs activations after it/);
  });

  it('plot options: range, show, samples; an option of another command', () => {
    expectError('plot relu\nrange: 5 -5', 2, 'range', /the end must be greater than the start/);
    expectError('plot relu\nrange: -5', 2, 'range', /expected two numbers/);
    expectError('plot relu\nrange: -5 NaN', 2, 'range[1]', /expected a number \(got "NaN"\)/);
    expectError('plot relu\n\nshow: everything', 3, 'show', /expected f, derivative or both/);
    expectError('plot relu\nsamples: 1', 2, 'samples', /whole number from 2 to 5000/);
    expectError('plot relu\nsteps: 10', 2, 'steps', /steps belongs to train, compare, sweep, not plot/);
  });

  it('train options: unknown and repeated keys, lines that are not options, and values', () => {
    expectError('train\nlayer: 8', 2, 'layer', /unknown option "layer"; did you mean "layers"\?/);
    expectError('train\nsteps: 10\nsteps: 20', 3, 'steps', /given twice \(first on line 2\)/);
    expectError('train\nsteps 10', 2, 'option', /expected `key: value`/);
    expectError('train\n# set-up\noptimizer: sgd lr=abc', 3, 'optimizer.lr', /expected a number \(got "abc"\)/);
    expectError('train\noptimizer: rmsprop', 2, 'optimizer', /expected sgd or adam/);
    expectError('train\noptimizer: sgd betas=0.9,0.99', 2, 'optimizer.betas', /unknown setting "betas" for sgd; known: lr, momentum/);
    expectError('train\nlayers: 8 relu, 0 tanh', 2, 'layers[1].units', /whole number from 1 to 4096 \(got "0"\)/);
    expectError('train\nlayers: 8 relu, 8 rleu', 2, 'layers[1].activation', /unknown activation "rleu"/);
    expectError('train\ndata: mnist', 2, 'data', /unknown dataset "mnist"; built-in datasets: circle/);
    expectError('train\ndata: circle samples=many', 2, 'data.samples', /whole number/);
    expectError('train\nsteps: 10\nepochs: 2', 3, 'epochs', /give steps or epochs, not both \(steps is on line 2\)/);
    expectError('train\nshuffle: yes', 2, 'shuffle', /expected true or false/);
    expectError('train\ninit: glorot', 2, 'init', /expected one of pytorch, he_normal/);
    expectError('train relu', 1, 'train', /train takes no arguments/);
  });

  it("errors found by the engine's own spec checks point at the cell line that set the field", () => {
    expectError('train\ndata: digits features=x1,x2\nsteps: 5', 2, 'data.features', /applies to the 2-D datasets only/);
    expectError('train\ndata: circle samples=4 test=0.9', 2, 'data', /leaves no training samples: 4 samples with testFraction 0\.9/);
    expectError('train\ndata: circle test=1.5', 2, 'data.test', /from 0 up to \(not including\) 1 \(got 1\.5\)/);
  });

  it('compare and sweep need their activations and learning rates', () => {
    expectError('compare relu', 1, 'compare', /at least two activations/);
    expectError('sweep relu, tanh\nsteps: 10', 1, 'lr', /sweep needs the learning rates to try/);
    expectError('sweep relu\nlr: 0.1 -1', 2, 'lr[1]', /expected a positive number/);
    expectError('compare relu, tanh\nactivation: elu', 2, 'activation', /activation belongs to train, not compare/);
  });

  it('a JSON body: a syntax error names its line; a spec error names the field and the line of its key', () => {
    expectError('train\n{\n  "data": {"name": "circle"},\n  "model": oops\n}', 4, 'spec', /not valid JSON/);
    expectError('train\n{\n  "data": {"name": "circle"},\n  "model": {"input": [2], "layers": [{"type": "dense", "units": 1}]},\n  "loss": "bce_with_logits",\n  "optimizer": {"type": "sgd", "lr": -1}\n}', 6, 'optimizer.lr', /must be a positive number \(got -1\)/);
  });
});

describe('Activation Lab cells: completion and hover', () => {
  const labels = (source: string, line: number, character: number) => completionsAt(source, line, character).map((c) => c.label);

  it('completes commands on the first line, and options (for that command) on later lines', () => {
    assert.deepEqual(labels('pl', 0, 2), ['plot', 'train', 'compare', 'sweep']);
    assert.deepEqual(labels('plot relu\nr', 1, 1), ['range', 'show', 'samples', 'title']);
    assert.ok(labels('train\n', 1, 0).includes('optimizer'));
    assert.ok(!labels('train\n', 1, 0).includes('range'));
  });

  it('completes every catalog activation after a command, after a comma, after `activation:` and after a layer’s units', () => {
    const ids = activations.map((a) => a.id);
    assert.deepEqual(labels('plot ', 0, 5), ids);
    assert.deepEqual(labels('compare relu, ', 0, 14), ids);
    assert.deepEqual(labels('train\nactivation: ', 1, 12), ids);
    assert.deepEqual(labels('train\nlayers: 8 relu, 16 ', 1, 19), ids);
    assert.deepEqual(labels('train\nlayers: 8', 1, 9), []);
    const gelu = completionsAt('plot ', 0, 5).find((c) => c.label === 'gelu')!;
    assert.equal(gelu.kind, 'activation');
    assert.match(gelu.documentation ?? '', /\*\*GELU\*\*/);
  });

  it('completes parameters inside name( … ) with their defaults, and the options of a string parameter', () => {
    const params = completionsAt('plot elu(', 0, 9);
    assert.deepEqual(params.map((p) => [p.label, p.insertText]), [['alpha', `alpha=${getActivation('elu').params[0].default}`]]);
    assert.deepEqual(labels('plot gelu(approximate=', 0, 22), ['none', 'tanh']);
    assert.deepEqual(labels('plot leaky_relu(negative_slope=0.1, ', 0, 36), ['negative_slope']);
  });

  it('completes datasets, optimizers, and their settings', () => {
    assert.ok(labels('train\ndata: ', 1, 6).includes('spiral'));
    assert.deepEqual(labels('train\ndata: spiral ', 1, 13), ['samples', 'noise', 'test', 'features', 'seed']);
    assert.deepEqual(labels('train\noptimizer: ', 1, 11), ['sgd', 'adam']);
    assert.deepEqual(labels('train\noptimizer: adam ', 1, 16), ['lr', 'betas', 'eps', 'weight_decay']);
    assert.deepEqual(labels('plot relu # ', 0, 12), [], 'nothing inside a comment');
  });

  it('hover on an activation shows its name, formula and parameters; on a parameter, its default and meaning', () => {
    const source = 'plot relu, leaky_relu(negative_slope=0.2)';
    const name = hoverAt(source, 0, 14)!;
    assert.deepEqual([name.start, name.end], [11, 21]);
    const leaky = getActivation('leaky_relu');
    assert.ok(name.markdown.includes(`**${leaky.name}** — \`leaky_relu\``));
    assert.ok(name.markdown.includes(leaky.formula.text));
    assert.ok(name.markdown.includes('`negative_slope` = 0.01'));
    const param = hoverAt(source, 0, 25)!;
    assert.deepEqual([param.start, param.end], [22, 36]);
    assert.match(param.markdown, /\*\*negative_slope\*\* — parameter of Leaky ReLU, default 0\.01/);
    assert.equal(hoverAt(source, 0, 9), null, 'nothing on the comma and space');
  });

  it('hover on commands, options, and activations in `layers:`', () => {
    assert.match(hoverAt('train\nsteps: 10', 0, 2)!.markdown, /\*\*train\*\*/);
    assert.match(hoverAt('train\nsteps: 10', 1, 2)!.markdown, /\*\*steps\*\* — Optimizer steps/);
    assert.match(hoverAt('train\nlayers: 8 mish, 4', 1, 11)!.markdown, /\*\*Mish\*\*/);
  });
});

describe('*.actlabnb files (nbformat 4.5)', () => {
  it('round-trips cells, languages, outputs (JSON kept as JSON) and execution counts', () => {
    const payload = { version: 1, kind: 'plot', functions: [{ name: 'relu' }], range: [-1, 1], show: 'f' };
    const notebook = {
      cells: [
        { kind: 'markdown' as const, language: 'markdown', source: '# Title\ntext', outputs: [], id: 'a1' },
        { kind: 'code' as const, language: 'activationlab', source: 'plot relu\nshow: f', outputs: [{ items: [{ mime: 'application/vnd.activation-lab+json', text: JSON.stringify(payload) }, { mime: 'text/plain', text: 'line 1\nline 2' }] }], executionCount: 3, id: 'b2' },
        { kind: 'code' as const, language: 'python', source: 'print(1)', outputs: [{ items: [{ mime: 'application/vnd.code.notebook.error', text: JSON.stringify({ name: 'CellError', message: 'line 1, x: bad', stack: '' }) }] }], executionCount: null, id: 'c3' },
      ],
    };
    const text = writeNotebookFile(notebook);
    const json = JSON.parse(text);
    assert.equal(json.nbformat, 4);
    assert.equal(json.nbformat_minor, 5);
    assert.deepEqual(json.cells[1].outputs[0].data['application/vnd.activation-lab+json'], payload, 'stored as JSON, as Jupyter stores +json types');
    assert.deepEqual(json.cells[1].source, ['plot relu\n', 'show: f']);
    assert.deepEqual(json.cells[2].metadata, { vscode: { languageId: 'python' } });
    assert.equal(json.cells[2].outputs[0].output_type, 'error');
    const back = readNotebookFile(text);
    assert.deepEqual(back.cells.map((c) => [c.kind, c.language, c.source, c.executionCount, c.id]), notebook.cells.map((c) => [c.kind, c.language, c.source, c.kind === 'code' ? c.executionCount : null, c.id]));
    assert.deepEqual(JSON.parse(back.cells[1].outputs[0].items[0].text), payload);
    assert.equal(back.cells[1].outputs[0].items[1].text, 'line 1\nline 2');
    assert.deepEqual(JSON.parse(back.cells[2].outputs[0].items[0].text), { name: 'CellError', message: 'line 1, x: bad', stack: '' });
  });

  it('reads an empty file as an empty notebook, and refuses a file that is not a notebook, saying why', () => {
    assert.deepEqual(readNotebookFile(''), { cells: [] });
    assert.throws(() => readNotebookFile('{"cells": 3'), /not a notebook: the file is not valid JSON/);
    assert.throws(() => readNotebookFile('{"nbformat": 4, "cells": [{"cell_type": "code"}]}'), /cells\[0\]\.source/);
    assert.throws(() => readNotebookFile('{"nbformat": 3, "cells": []}'), /nbformat: expected nbformat 4/);
  });
});

describe('Activation Lab cells: the TextMate grammar', () => {
  const root = path.resolve(__dirname, '../../..');
  const grammar = JSON.parse(fs.readFileSync(path.join(root, 'syntaxes/activationlab.tmLanguage.json'), 'utf8'));
  const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  it('is the grammar package.json contributes for the activationlab language', () => {
    const contributed = packageJson.contributes.grammars.find((g: { language: string }) => g.language === 'activationlab');
    assert.equal(contributed.scopeName, grammar.scopeName);
    assert.equal(path.normalize(contributed.path), path.normalize('./syntaxes/activationlab.tmLanguage.json'));
    assert.ok(packageJson.contributes.languages.some((l: { id: string }) => l.id === 'activationlab'));
  });

  it('highlights commands, option keys, activation calls and parameters (patterns checked on sample lines)', () => {
    const pattern = (source: string) => new RegExp(source);
    const repo = grammar.repository;
    assert.ok(pattern(repo['activation-list-line'].begin).test('plot relu'));
    assert.ok(pattern(repo.command.match).test('train'));
    assert.equal(pattern(repo.option.begin).exec('optimizer: adam lr=0.1')?.[1], 'optimizer');
    assert.equal(pattern(repo['activation-option'].begin).exec('layers: 8 relu')?.[1], 'layers');
    assert.equal(pattern(repo.activations.patterns[1].begin).exec('leaky_relu(negative_slope=0.2)')?.[1], 'leaky_relu');
    assert.equal(pattern(repo.setting.match).exec('negative_slope=0.2')?.[1], 'negative_slope');
    assert.equal(pattern(repo.number.match).exec('lr=1e-3')?.[0], '1e-3');
    assert.equal(pattern(repo.comment.match).exec('plot relu # the classic')?.[0], '# the classic');
  });
});
