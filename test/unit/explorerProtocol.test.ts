// The Explorer's message protocol: both sides validate every message, and a malformed one is rejected
// with an error that names the field and what was expected.
import { strict as assert } from 'node:assert';
import {
  defaultExplorerState,
  parseExplorerMessage,
  parseExtensionMessage,
  validateExplorerState,
  type ExplorerState,
} from '../../src/core/protocol/explorer';

const valid: ExplorerState = { ...defaultExplorerState(['relu']), functions: [{ id: 'relu', params: {}, visible: true }] };

function rejected(input: unknown): string {
  const result = parseExplorerMessage(input);
  assert.equal(result.ok, false, `expected ${JSON.stringify(input).slice(0, 200)} to be rejected`);
  return (result as { error: string }).error;
}

describe('Explorer protocol', () => {
  it('accepts the default state and every well-formed message', () => {
    assert.ok(validateExplorerState(defaultExplorerState()).ok);
    for (const message of [
      { type: 'ready' },
      { type: 'stateChanged', state: valid },
      { type: 'saveCsv' },
      { type: 'saveImage', format: 'svg' },
      { type: 'copyCode', framework: 'keras', index: 0 },
      { type: 'image', requestId: 3, format: 'png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
      { type: 'imageFailed', requestId: 3, message: 'no canvas' },
      { type: 'error', message: 'something' },
    ]) {
      const result = parseExplorerMessage(message);
      assert.ok(result.ok, `${JSON.stringify(message)}: ${(result as { error?: string }).error}`);
    }
  });

  it('rejects a message that is not an object, or of an unknown type, saying so', () => {
    assert.match(rejected(null), /invalid message from the Explorer webview/);
    assert.match(rejected('ready'), /invalid message from the Explorer webview/);
    assert.match(rejected({ type: 'launchMissiles' }), /type/);
  });

  it('names the field of a malformed state: a string where the x-range needs numbers', () => {
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, xRange: ['-5', 5] } }), /state\.xRange\[0\]: .*number/);
  });

  it('rejects a reversed x-range, NaN and infinite bounds', () => {
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, xRange: [5, -5] } }), /state\.xRange: range end must be greater than its start/);
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, xRange: [Number.NaN, 5] } }), /state\.xRange\[0\]/);
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, yRange: [0, Infinity] } }), /state\.yRange\[1\]/);
  });

  it('rejects an unknown activation, naming close matches', () => {
    const error = rejected({ type: 'stateChanged', state: { ...valid, functions: [{ id: 'reluu', params: {}, visible: true }] } });
    assert.match(error, /state\.functions\[0\]\.id: unknown activation "reluu"/);
  });

  it('rejects an alias where a catalog id is required', () => {
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, functions: [{ id: 'nn.ReLU', params: {}, visible: true }] } }), /functions\[0\]\.id: expected a catalog id, got the alias "nn\.ReLU" \(use "relu"\)/);
  });

  it('rejects a parameter the function does not have, and a value outside its domain', () => {
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, functions: [{ id: 'relu', params: { alpha: 1 }, visible: true }] } }), /state\.functions\[0\]\.params: .*alpha/);
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, functions: [{ id: 'gelu', params: { approximate: 'fast' }, visible: true }] } }), /state\.functions\[0\]\.params: .*approximate/);
  });

  it('rejects too many functions, too few samples, an unknown view', () => {
    const many = Array.from({ length: 13 }, () => ({ id: 'relu', params: {}, visible: true }));
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, functions: many } }), /state\.functions/);
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, samples: 3 } }), /state\.samples/);
    assert.match(rejected({ type: 'stateChanged', state: { ...valid, view: 'table' } }), /state\.view/);
  });

  it('rejects an image that is not a PNG/SVG data URL (no file: or javascript: URLs reach the disk)', () => {
    assert.match(rejected({ type: 'image', requestId: 1, format: 'png', dataUrl: 'file:///etc/passwd' }), /dataUrl: expected a data:image\/png or data:image\/svg\+xml URL/);
    assert.match(rejected({ type: 'image', requestId: 1, format: 'png', dataUrl: 'javascript:alert(1)' }), /dataUrl/);
  });

  it('rejects a copy request for a function index out of range or a framework it does not write', () => {
    assert.match(rejected({ type: 'copyCode', framework: 'pytorch', index: -1 }), /index/);
    assert.match(rejected({ type: 'copyCode', framework: 'jax', index: 0 }), /framework/);
  });

  it('the webview validates the extension’s messages the same way', () => {
    assert.ok(parseExtensionMessage({ type: 'setState', state: valid }).ok);
    const bad = parseExtensionMessage({ type: 'setState', state: { ...valid, show: 'everything' } });
    assert.equal(bad.ok, false);
    assert.match((bad as { error: string }).error, /invalid message from the extension: state\.show/);
    assert.equal(parseExtensionMessage({ type: 'exportImage', requestId: 1, format: 'gif' }).ok, false);
  });
});
