// The notebook output schema (application/vnd.activation-lab+json): every kind's valid payload is accepted, and
// a corpus of hostile payloads — malformed, oversized, deeply nested, NaN, unknown kinds, future versions,
// HTML — is refused with an error that names the field and says what to do.
import { strict as assert } from 'node:assert';
import { MAX_PAYLOAD_BYTES, NOTEBOOK_MIME, NOTEBOOK_PAYLOAD_VERSION, parseNotebookPayload } from '../../src/core/protocol/notebook';
import { HOSTILE_PAYLOADS, HTML_ATTACK, HTML_LABELLED_COMPARE, HTML_ROWS_SWEEP, HTML_TITLED_PLOT, VALID_PAYLOADS } from '../fixtures/notebookPayloads';

function rejected(input: unknown): string {
  const result = parseNotebookPayload(input);
  assert.equal(result.ok, false, `expected ${String(typeof input === 'string' ? input : JSON.stringify(input)).slice(0, 120)} to be refused`);
  return (result as { error: string }).error;
}

describe('Notebook output schema', () => {
  it('has a MIME type, a version and a size limit', () => {
    assert.equal(NOTEBOOK_MIME, 'application/vnd.activation-lab+json');
    assert.equal(NOTEBOOK_PAYLOAD_VERSION, 1);
    assert.equal(MAX_PAYLOAD_BYTES, 4 * 1024 * 1024);
  });

  for (const [kind, payload] of Object.entries(VALID_PAYLOADS)) {
    it(`accepts a valid ${kind} payload, as a value and as JSON text`, () => {
      for (const input of [payload, JSON.stringify(payload)]) {
        const result = parseNotebookPayload(input);
        assert.ok(result.ok, (result as { error?: string }).error);
        assert.equal(result.value.kind, kind);
      }
    });
  }

  it('accepts an alias as a plotted function name (nn.LeakyReLU) and checks its parameters against the catalog', () => {
    assert.ok(parseNotebookPayload({ ...VALID_PAYLOADS.plot, functions: [{ name: 'nn.LeakyReLU', params: { negative_slope: 0.3 } }] }).ok);
    assert.match(rejected({ ...VALID_PAYLOADS.plot, functions: [{ name: 'elu', params: { slope: 1 } }] }), /functions\[0\]: .*slope/);
  });

  it('accepts HTML in titles and labels as text (the renderer shows it literally; the browser suite checks that)', () => {
    for (const payload of [HTML_TITLED_PLOT, HTML_LABELLED_COMPARE, HTML_ROWS_SWEEP]) {
      const result = parseNotebookPayload(JSON.stringify(payload));
      assert.ok(result.ok, (result as { error?: string }).error);
    }
    assert.equal((parseNotebookPayload(HTML_TITLED_PLOT) as { value: { title: string } }).value.title, HTML_ATTACK);
  });

  it('drops fields it does not know (an older reader of the same version still shows the output)', () => {
    const result = parseNotebookPayload({ ...VALID_PAYLOADS.plot, addedLater: { anything: [1, 2] } });
    assert.ok(result.ok);
    assert.equal('addedLater' in result.value, false);
  });

  describe('refuses a hostile payload with an error naming the field', () => {
    for (const { name, input, error } of HOSTILE_PAYLOADS) {
      it(name, () => {
        const message = rejected(input);
        assert.match(message, error);
        assert.ok(message.length < 3000, `the message stays short (${message.length} characters)`);
      });
    }
  });

  it('never throws, whatever it is given', () => {
    const strange: unknown[] = [undefined, null, 0, Number.NaN, true, Symbol('s'), () => 1, new Date(0), new Map(), Object.create(null), [], '{}', '{"version":1}', { version: 1 }, { version: 1, kind: 'run' }];
    for (const input of strange) {
      const result = parseNotebookPayload(input);
      assert.equal(result.ok, false);
      assert.equal(typeof (result as { error: string }).error, 'string');
    }
  });

  it('does not let a __proto__ key pollute Object.prototype', () => {
    parseNotebookPayload('{"__proto__": {"polluted": true}, "version": 1, "kind": "plot", "functions": [{"name": "relu"}], "range": [-1, 1], "show": "f"}');
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });

  it('names every field of a run that is wrong, up to five, and counts the rest', () => {
    const message = rejected({ ...VALID_PAYLOADS.run, steps: -1, stepsTaken: 'three', status: 'paused', history: { step: [0], loss: ['x'] }, final: { loss: 'low' }, boundary: 7, data: [] });
    assert.match(message, /^invalid run output: /);
    for (const field of ['status', 'steps', 'stepsTaken', 'history.loss[0]', 'final.loss']) assert.ok(message.includes(`${field}:`), `names ${field}: ${message}`);
    assert.match(message, /and \d+ more/);
  });
});
