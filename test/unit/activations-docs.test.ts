// docs/activations.md is generated from the catalog by scripts/gen-docs.mjs; these tests keep it current and make
// sure the script's --check mode really fails (with a clear message) on a stale file.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { activations } from '../../src/core/activations';

const script = path.resolve('scripts/gen-docs.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

describe('docs/activations.md', () => {
  it('is up to date with the catalog (node scripts/gen-docs.mjs --check)', function () {
    this.timeout(20_000);
    const result = run('--check');
    assert.equal(result.status, 0, `${result.stderr}${result.stdout}`);
  });

  it('lists every record with its PyTorch and other framework names', () => {
    const markdown = fs.readFileSync(path.resolve('docs/activations.md'), 'utf8');
    for (const record of activations) {
      assert.ok(markdown.includes(`### ${record.name} — \`${record.id}\``), `docs lack a section for ${record.id}`);
    }
    assert.ok(markdown.includes('`tf.layers.leakyReLU({alpha: 0.3})`'));
    assert.ok(markdown.includes('`jax.nn.gelu(approximate=True)`'));
  });

  it('--check exits non-zero and says what to run when the file is stale or missing', function () {
    this.timeout(20_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-docs-'));
    try {
      const stale = path.join(dir, 'activations.md');
      fs.writeFileSync(stale, '# Activation functions\n\nan old version\n');
      const staleRun = run('--check', `--out=${stale}`);
      assert.equal(staleRun.status, 1);
      assert.match(staleRun.stderr, /is out of date with the activation catalog: run `node scripts\/gen-docs\.mjs` and commit the result/);
      const missingRun = run('--check', `--out=${path.join(dir, 'none.md')}`);
      assert.equal(missingRun.status, 1);
      assert.match(missingRun.stderr, /is missing/);
      const writeRun = run(`--out=${stale}`);
      assert.equal(writeRun.status, 0, writeRun.stderr);
      assert.equal(run('--check', `--out=${stale}`).status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
