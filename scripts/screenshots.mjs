#!/usr/bin/env node
// `npm run screenshots`: regenerates the README's documentation images. The browser tests already drive the real
// workbench and save screenshots to test-results/screenshots/ (git-ignored); this runs that suite, checks that every
// image the README uses was written by *this* run (a test that stopped taking its screenshot fails the script rather
// than leaving a stale picture in the docs), and copies them to docs/images/ (committed).
// Usage: npm run screenshots [-- --no-test]   (--no-test copies the screenshots of the last browser run)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, say } from './setup.mjs';

/** test screenshot name → documentation image name, in README order. */
export const DOC_IMAGES = {
  'walkthrough': 'walkthrough',
  'explorer-leaky-relu-light': 'explorer',
  'explorer-compare': 'explorer-compare',
  'training-lab-spiral': 'training-lab',
  'training-lab-dying-relu': 'training-lab-dying-relu',
  'training-lab-sweep': 'training-lab-sweep',
  'hover-leaky-relu': 'hover',
  'notebook-example': 'notebook',
};

const shots = path.join(ROOT, 'test-results/screenshots');
const out = path.join(ROOT, 'docs/images');
const started = Date.now();

if (!process.argv.includes('--no-test')) {
  say('running the browser suite, which takes the screenshots');
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/test.mjs'), 'browser'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('the browser suite failed: documentation images not updated');
    process.exit(1);
  }
}

const problems = [];
for (const source of Object.keys(DOC_IMAGES)) {
  const file = path.join(shots, `${source}.png`);
  if (!fs.existsSync(file)) problems.push(`${path.relative(ROOT, file)} was not written by the browser tests`);
  else if (!process.argv.includes('--no-test') && fs.statSync(file).mtimeMs < started) problems.push(`${path.relative(ROOT, file)} is older than this run: its test no longer takes it`);
}
if (problems.length) {
  for (const p of problems) console.error(`✘ ${p}`);
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });
for (const [source, target] of Object.entries(DOC_IMAGES)) {
  const to = path.join(out, `${target}.png`);
  fs.copyFileSync(path.join(shots, `${source}.png`), to);
  console.log(`  ${path.relative(ROOT, to)}  (${(fs.statSync(to).size / 1024).toFixed(0)} KB)`);
}
say(`${Object.keys(DOC_IMAGES).length} documentation images in ${path.relative(ROOT, out)}/`);
