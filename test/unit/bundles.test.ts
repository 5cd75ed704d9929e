// The extension's bundles as esbuild.js builds them (issue 10, start-up cost): dist/extension.js — what VS Code
// requires to activate — holds registrations only: no core, no catalog, no data set, no validator. The features'
// bundles (dist/features/*.js) share one core bundle and dist/extension.js's log. Not timed (`npm run bench`
// measures activation); this checks the build (npm test builds dist/ before the suites).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const DIST = path.join(ROOT, 'dist');
const FEATURES = ['explorer', 'trainingLab', 'hover', 'notebooks'];
/** dist/extension.js's budget: registrations only (it is about 20 KB unminified with its source map comment). */
const EXTENSION_BUDGET_BYTES = 100 * 1024;

const read = (file: string) => fs.readFileSync(path.join(DIST, file), 'utf8');

/** Strings that only the core brings into a bundle: a catalog summary, the digits data, zod, the WebAssembly kernels. */
function coreMarkers(): string[] {
  const digits = fs.readFileSync(path.join(ROOT, 'src/core/data/digits-data.ts'), 'utf8').match(/[0-9a-g]{64}[0-9]/);
  assert.ok(digits, 'a digits sample in src/core/data/digits-data.ts');
  return ['Exponential linear unit', digits[0], 'ZodError'];
}

describe('Extension bundles (start-up)', () => {
  before(function () {
    if (!fs.existsSync(path.join(DIST, 'extension.js'))) throw new Error('dist/extension.js is missing: run `node esbuild.js` first');
  });

  it(`dist/extension.js stays under ${EXTENSION_BUDGET_BYTES / 1024} KB and holds none of the core`, () => {
    const size = fs.statSync(path.join(DIST, 'extension.js')).size;
    assert.ok(size < EXTENSION_BUDGET_BYTES, `dist/extension.js is ${size} bytes`);
    const text = read('extension.js');
    assert.match(text, /^"use strict";/, 'the start-up banner keeps the bundle strict');
    for (const marker of coreMarkers()) assert.ok(!text.includes(marker), `dist/extension.js contains ${JSON.stringify(marker.slice(0, 40))}`);
    for (const name of FEATURES) assert.ok(text.includes(`require("./features/${name}.js")`), `dist/extension.js requires ./features/${name}.js when needed`);
  });

  it('each feature bundle uses the shared core bundle and dist/extension.js’s log, never its own copy', () => {
    for (const name of FEATURES) {
      const text = read(`features/${name}.js`);
      for (const marker of coreMarkers()) assert.ok(!text.includes(marker), `features/${name}.js contains ${JSON.stringify(marker.slice(0, 40))}`);
      assert.ok(!text.includes('createOutputChannel'), `features/${name}.js creates no output channel of its own`);
      assert.ok(!text.includes('./features/'), `features/${name}.js loads no other feature`);
    }
    for (const name of ['explorer', 'trainingLab']) assert.ok(read(`features/${name}.js`).includes('require("../extension.js")'), `features/${name}.js logs through dist/extension.js`);
    const core = read('features/core.js');
    for (const marker of coreMarkers()) assert.ok(core.includes(marker), `features/core.js contains ${JSON.stringify(marker.slice(0, 40))}`);
  });
});
