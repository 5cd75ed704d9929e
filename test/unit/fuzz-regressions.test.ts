// Every bug the fuzz campaign found, pinned as a concrete case (the random search may not meet them again).
// Each was a throw past the validation layer, a rejection that did not name the field, or a check that kept a
// bounded input busy for minutes (these now finish well inside mocha's timeout).
import { strict as assert } from 'node:assert';
import { getActivation, parseCsv, validateSpec } from '../../src/core';
import { CellError, parseCell } from '../../src/core/notebook/cell';
import { readNotebookFile, writeNotebookFile } from '../../src/core/notebook/ipynb';
import { parseExplorerMessage } from '../../src/core/protocol/explorer';
import { parseNotebookPayload } from '../../src/core/protocol/notebook';
import { nested } from '../fuzz/arbitraries';
import { holdBrowser, inspectorSelfTest, renderPayloads } from '../fuzz/dom';

/** A small valid spec; `edit` changes one thing. */
function spec(edit: (s: Record<string, any>) => void = () => undefined): Record<string, any> {
  const s: Record<string, any> = {
    seed: 1,
    data: { name: 'circle', samples: 40 },
    model: { input: [2], layers: [{ type: 'dense', units: 4, activation: 'relu' }, { type: 'dense', units: 1 }] },
    loss: 'bce_with_logits',
    optimizer: { type: 'sgd', lr: 0.1 },
    steps: 2,
  };
  edit(s);
  return s;
}

/** The Error validateSpec throws (a plain Error, never a RangeError or URIError). */
function rejection(input: unknown): string {
  try {
    validateSpec(input);
  } catch (error) {
    assert.equal((error as Error).constructor, Error, `validateSpec threw ${(error as Error).constructor.name}: ${(error as Error).message}`);
    return (error as Error).message;
  }
  assert.fail('validateSpec accepted it');
}

const MEGABYTE_OF_TAGS = '<img src=x onerror="window.__pwned=1">'.repeat(28_000);

describe('fuzz campaign regressions (specs)', () => {
  it('a key holding "%" in an activation object is named as written, not URI-decoded (was: URIError "URI malformed")', () => {
    const percent = rejection(spec((s) => (s.model.layers[0].activation = { name: 'leaky_relu', '%': [1] })));
    assert.match(percent, /^model\.layers\[0\]\.activation\.% must be a number or a string/);
    // "%41" was decoded to "A": the message named a field that does not exist.
    assert.match(rejection(spec((s) => (s.model.layers[0].activation = { name: 'leaky_relu', '%41': [1] }))), /^model\.layers\[0\]\.activation\.%41 must be/);
  });

  it('a spec nested 100 000 deep is refused naming where (was: RangeError "Maximum call stack size exceeded")', () => {
    assert.match(rejection(spec((s) => (s.data = { x: [nested(100_000, 'array')], y: [0] }))), /^data\.x\[0\](\[0\])+ nests deeper than 32 levels/);
    assert.match(rejection(spec((s) => (s.parameters = [{ weight: nested(100_000, 'array'), bias: [0] }]))), /^parameters\[0\]\.weight(\[0\])+ nests deeper than 32 levels/);
    assert.match(rejection(nested(100_000, 'object')), /^a(\.a)+ nests deeper than 32 levels/);
  });

  it('inline data of 130 000 samples is accepted (was: RangeError from Math.max(...targets))', () => {
    const x = Array.from({ length: 130_000 }, (_, i) => [i % 7]);
    const y = x.map((_, i) => i % 2);
    const checked = validateSpec(spec((s) => ((s.data = { x, y }), (s.model.input = [1]))));
    assert.equal((checked.data as unknown as { x: unknown[] }).x.length, 130_000);
  });

  it('data.samples: 3e7 is refused at once naming data.samples (was: 71 s of data generation inside validateSpec)', () => {
    assert.equal(rejection(spec((s) => (s.data.samples = 3e7))), 'data.samples must be at most 1000000 (got 30000000)');
  });

  it('layers too large to allocate are refused naming the layer (was: minutes of allocation, or RangeError "Invalid typed array length")', () => {
    assert.match(rejection(spec((s) => (s.model.layers[0].units = 1e9))), /^model\.layers\[0\]\.units: the weight \[1000000000, 2\] has 2000000000 values; at most 16777216/);
    assert.match(
      rejection(spec((s) => (s.model.layers = [{ type: 'dense', units: 1e5 }, { type: 'dense', units: 1e5 }, { type: 'dense', units: 1 }]))),
      /^model\.layers\[1\]\.units: the weight \[100000, 100000\]/,
    );
    const conv = spec((s) => {
      s.data = { x: [[[[1]]], [[[2]]]], y: [0, 1] };
      s.model = { input: [1, 1, 1], layers: [{ type: 'conv2d', filters: 1, kernelSize: 1, padding: 1e9 }, { type: 'flatten' }, { type: 'dense', units: 1 }] };
    });
    assert.match(rejection(conv), /^model\.layers\[0\]: the output \[1, 2000000001, 2000000001\] has/);
    assert.match(rejection(spec((s) => (s.model.input = [1e9]))), /^model\.input \[1000000000\] has 1000000000 values/);
  });

  it('a conv or pool stride longer than the input is refused naming it (was: accepted, then the kernels trapped "divide by zero")', () => {
    const image = (layer: Record<string, unknown>) =>
      spec((s) => {
        s.data = { x: [[[[1, 2], [3, 4]]], [[[5, 6], [7, 8]]]], y: [0, 1] };
        s.model = { input: [1, 2, 2], layers: [layer, { type: 'flatten' }, { type: 'dense', units: 1 }] };
      });
    assert.equal(rejection(image({ type: 'conv2d', filters: 1, kernelSize: 1, stride: Number.MAX_VALUE })), `model.layers[0].stride must be at most the padded input size 2 (got ${Number.MAX_VALUE})`);
    assert.equal(rejection(image({ type: 'maxpool2d', size: 2, stride: 2 ** 31 })), 'model.layers[0].stride must be at most the input size 2 (got 2147483648)');
    // A stride up to the input size is fine (one window).
    validateSpec(image({ type: 'conv2d', filters: 1, kernelSize: 1, stride: 2 }));
  });

  it('numbers beyond float32 in data, parameters and biasInit are refused naming them (were: silently ±Infinity)', () => {
    const inline = (edit: (s: Record<string, any>) => void) => spec((s) => ((s.data = { x: [[1], [2]], y: [0, 1] }), (s.model.input = [1]), edit(s)));
    assert.match(rejection(inline((s) => (s.data.x[1][0] = 1e39))), /^data\.x\[1\]\[0\] must be within float32's range/);
    assert.match(rejection(inline((s) => ((s.loss = 'mse'), (s.data.y = [0.5, -1e39])))), /^data\.y\[1\] must be within float32's range/);
    assert.match(rejection(spec((s) => (s.model.layers[0].biasInit = 1e39))), /^model\.layers\[0\]\.biasInit must be within float32's range/);
    const parameters = spec((s) => (s.parameters = [{ weight: [[1, 2], [3, 4], [5, 6], [7, 1e39]], bias: [0, 0, 0, 0] }, { weight: [[1, 1, 1, 1]], bias: [0] }]));
    assert.match(rejection(parameters), /^parameters\[0\]\.weight\[3\]\[1\] must be within float32's range/);
    // 3.4028234e38 is float32's largest value: still accepted.
    validateSpec(inline((s) => (s.data.x[1][0] = 3.4028234e38)));
  });

  it('an unknown activation name of a megabyte is refused at once, quoting 60 characters (was: ~100 s of edit distances)', () => {
    assert.throws(() => getActivation(MEGABYTE_OF_TAGS), (error: Error) => error.message.length < 600 && /^unknown activation "<img src=x.*…" \(1064000 characters\)/.test(error.message));
    assert.match(rejection(spec((s) => (s.model.layers[0].activation = MEGABYTE_OF_TAGS))), /^model\.layers\[0\]\.activation: unknown activation/);
    // Close misspellings still get their suggestion.
    assert.throws(() => getActivation('leaky_rleu'), /did you mean "leaky_relu"/);
  });
});

describe('fuzz campaign regressions (CSV)', () => {
  it('a value beyond float32 is refused naming the line and column (was: accepted as Infinity)', () => {
    assert.throws(() => parseCsv('a,b,label\n1,2,x\n3.5e38,4,y\n', { labelColumn: 'label' }), /^Error: CSV line 3, column "a": "3\.5e38" is beyond float32's range/);
    assert.throws(() => parseCsv('a,y\n1,2\n3,-1e39\n', { labelColumn: 'y', task: 'regression' }), /^Error: CSV line 3, label column "y": "-1e39" is beyond float32's range/);
  });

  it('a megabyte of quotes inside an unquoted field is parsed in linear time and quoted short (was: 31 s, a megabyte-long message)', () => {
    const text = `a,b,label\n1,2,x\n3,4,y\n5,6,x\n${MEGABYTE_OF_TAGS},7,y\n`;
    assert.throws(
      () => parseCsv(text, { labelColumn: 'label' }),
      (error: Error) => /^CSV line 5, column "a": "<img src=x.*…" \(1064000 characters\) is not a number/.test(error.message) && error.message.length < 300,
    );
  });

  it('quoting still works as RFC 4180 says (the linear parser reads what the old one read)', () => {
    const parsed = parseCsv('"x, 1",  "x2" ,label\n"1", 2 ,"a ""b"""\n 3,"4",c\n', { labelColumn: 'label' });
    assert.deepEqual(parsed.features, ['x, 1', 'x2']);
    assert.deepEqual([...parsed.x], [1, 2, 3, 4]);
    assert.deepEqual(parsed.classes, ['a "b"', 'c']);
  });
});

describe('fuzz campaign regressions (notebook)', () => {
  it('a JSON train cell with CRLF line ends names the right line (was: one line further down, past the end of the cell)', () => {
    const source = ['# a comment', 'train', '{', '  "seed": 1,', '  oops', '}'].join('\r\n');
    assert.throws(() => parseCell(source), (error: CellError) => error instanceof CellError && error.line === 5 && error.message.startsWith('line 5, spec: the training spec is not valid JSON'));
    // And the same cell with LF line ends, as before.
    assert.throws(() => parseCell(source.replace(/\r\n/g, '\n')), (error: CellError) => error.line === 5);
  });

  it('a cell title longer than an output may carry is refused on its line (was: the kernel wrote an output the renderer refuses)', () => {
    assert.throws(() => parseCell(`plot relu\ntitle: ${'A'.repeat(201)}`), (error: CellError) => error.line === 2 && error.field === 'title' && /at most 200 characters \(got 201\)/.test(error.message));
    assert.equal((parseCell(`plot relu\ntitle: ${'A'.repeat(200)}`) as { title?: string }).title?.length, 200);
  });

  it('a sparse array in a payload is checked, not reported as "could not be checked: … is not iterable"', () => {
    // eslint-disable-next-line no-sparse-arrays
    const result = parseNotebookPayload({ version: [, ], kind: 'plot', functions: [{ name: 'relu' }], range: [-1, 1], show: 'f' });
    assert.equal(result.ok, false);
    assert.match((result as { error: string }).error, /^version must be a positive integer/);
  });
});

describe('fuzz campaign regressions (webview messages, notebook files)', () => {
  const manyBadEntries = () => Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`k${i}`, {}]));
  const notebook = (outputs: unknown[]) => JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'code', source: 'plot relu', outputs }] });

  it('130 000 bad entries in one record are refused naming it (was: RangeError thrown by the parser that never throws, from zod\'s issue spread)', () => {
    const state = { version: 1, functions: [{ id: 'relu', params: manyBadEntries(), visible: true }], show: 'f', xRange: [0, 1], yRange: null, samples: 100, view: 'plot' };
    const result = parseExplorerMessage({ type: 'stateChanged', state });
    assert.equal(result.ok, false);
    // (Where the stack is deep enough for zod, its own first issues name the same record.)
    assert.match((result as { error: string }).error, /^invalid message from the Explorer webview: state\.functions\[0\]\.params(: 130000 entries, too many to check|\.k0: )/);
    const payload = parseNotebookPayload({ version: 1, kind: 'plot', functions: [{ name: 'relu', params: manyBadEntries() }], range: [0, 1], show: 'f' });
    assert.match((payload as { error: string }).error, /^invalid plot output: functions\[0\]\.params(: 130000 entries|\.k0: )/);
  });

  it('a message about 50 000 wrong entries lists ten of them (was: every one, megabytes of message)', () => {
    const file = JSON.stringify({ nbformat: 4, cells: new Array(50_000).fill(1) });
    assert.throws(() => readNotebookFile(file), (error: Error) => error.message.length < 2000 && /: cells\[0\]: .*; cells\[9\]: .*\(and 49990 more\)$/.test(error.message));
  });

  it('a notebook with an empty display_data output can be saved again (was: TypeError reading "mime" of undefined on save)', () => {
    const read = readNotebookFile(notebook([{ output_type: 'display_data', data: {}, metadata: {} }]));
    assert.deepEqual(read.cells[0].outputs, [{ items: [] }]);
    const again = readNotebookFile(writeNotebookFile(read));
    assert.deepEqual(again.cells[0].outputs, [{ items: [] }]);
  });

  it('an error output whose evalue is an object is refused naming it (was: TypeError "Cannot convert object to primitive value")', () => {
    assert.throws(() => readNotebookFile(notebook([{ output_type: 'error', ename: 'E', evalue: { toString: 'x' }, traceback: [] }])), /^Error: not a notebook: cells\[0\]\.outputs\[0\]\.evalue must be text/);
    assert.equal(JSON.parse(readNotebookFile(notebook([{ output_type: 'error', ename: 'E', evalue: 'bad', traceback: ['a', 'b'] }])).cells[0].outputs[0].items[0].text).stack, 'a\nb');
  });

  it('a JSON output nested 100 000 deep is refused naming it (was: RangeError from JSON.stringify)', () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const file = `{"nbformat":4,"cells":[{"cell_type":"code","source":"","outputs":[{"output_type":"display_data","data":{"application/json":${deep}}}]}]}`;
    assert.throws(() => readNotebookFile(file), /^Error: not a notebook: cells\[0\]\.outputs\[0\]\.data\.application\/json nests too deeply to read/);
  });

  it('stream text that is not a list of strings is read, or refused naming it (was: TypeError "value.join is not a function", RangeError when nested)', () => {
    assert.equal(readNotebookFile(notebook([{ output_type: 'stream', name: 'stdout', text: 5 }])).cells[0].outputs[0].items[0].text, '5');
    const deep = `{"nbformat":4,"cells":[{"cell_type":"code","source":"","outputs":[{"output_type":"stream","text":${'['.repeat(100_000)}"x"${']'.repeat(100_000)}}]}]}`;
    assert.throws(() => readNotebookFile(deep), /^Error: not a notebook: cells\[0\]\.outputs\[0\]\.text\[0\] must be a line of text \(got a list\)/);
  });
});

describe('fuzz campaign regressions (the notebook renderer, in Chromium)', function () {
  this.timeout(60_000);
  let release: (() => Promise<void>) | undefined;
  before(async () => {
    release = await holdBrowser();
  });
  after(async () => {
    await release?.();
  });

  it('a sweep row named "constructor", "toString", "hasOwnProperty" or "__proto__" is drawn (was: "drawing the output failed: … createImageData …")', async () => {
    const names = ['constructor', 'toString', 'hasOwnProperty', '__proto__'];
    const results = await renderPayloads(names.map((name) => ({ version: 1, kind: 'sweep', rows: [name], columns: [0.000001], cells: [[0]] })));
    results.forEach((result, i) => {
      assert.equal(result.error, null, `${names[i]}: ${result.error}`);
      assert.equal(result.charts, 1, names[i]);
      assert.deepEqual(result.problems, []);
    });
  });

  it('losses, grids and plot ranges of subnormal numbers are drawn (was: "drawing the output failed" — Plotly cannot scale such axes)', async () => {
    const spec = { data: { name: 'circle', samples: 8 }, model: { input: [2], layers: [{ type: 'dense', units: 1 }] }, loss: 'bce_with_logits', optimizer: { type: 'adam' } };
    const run = { version: 1, kind: 'run', status: 'running', spec, steps: 2, stepsTaken: 1 };
    const payloads = [
      { ...run, history: { step: [0], loss: [0], trainLoss: [-5e-324] } },
      { ...run, history: { step: [0, 1], loss: [1e-320, 2e-320] } },
      { ...run, history: { step: [], loss: [] }, boundary: { x1: [0, 5e-324], x2: [0, 1], values: [[0, 1], [1, 0]], output: 'probability' } },
      { version: 1, kind: 'compare', runs: [{ label: 'x', steps: [0, 1], loss: [0, 1e-310], finalLoss: 0 }] },
      { version: 1, kind: 'plot', functions: [{ name: 'relu' }], range: [0, 5e-324], show: 'both' },
    ];
    const results = await renderPayloads(payloads);
    results.forEach((result, i) => {
      assert.equal(result.error, null, `payload ${i}: ${result.error}`);
      assert.ok(result.charts >= 1, `payload ${i} drew no chart`);
    });
  });

  it('the DOM inspector the browser targets use flags injected markup, handlers, hostile links and script that ran (so a clean run means something)', async () => {
    const problems = await inspectorSelfTest();
    for (const expected of [/window\.__pwned was set/, /an injected <img> element/, /event-handler attribute onerror/, /an injected <iframe> element/, /a hostile href on <a>/, /an injected <actlab-injected> element/]) {
      assert.ok(problems.some((p) => expected.test(p)), `the inspector missed ${expected}: ${problems.join('; ')}`);
    }
  });
});
