#!/usr/bin/env node
// `npm test`: installs what is missing (npm packages; Debian chromium; Node 24 + code-server), builds,
// then runs every suite and sums them into one line `N passed, N failed`; exits non-zero on any failure.
//   typecheck  tsc --noEmit on the whole project, and on src/core alone (no DOM/Node/vscode types)
//   unit       mocha on Node: test/unit/*.test.ts (the core)
//   vscode     mocha inside a real VS Code extension host (code-server): test/vscode/*.test.ts
//   browser    mocha on Node driving headless Chromium: the real workbench, webviews, renderer, WebGPU
// Usage: npm test [-- suite ...]   e.g. `npm test -- unit`, or `npm run test:unit`.
// Environment: ACTLAB_TEST_GREP=pattern runs only matching tests; VERBOSE=1 shows VS Code's logs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, NODE24, build, ensureAptPackages, ensureNodeModules, ensureVSCode, say } from './setup.mjs';

const ALL = ['typecheck', 'unit', 'vscode', 'browser'];
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = requested.filter((s) => !ALL.includes(s));
if (unknown.length) {
  console.error(`unknown test suite ${unknown.map((s) => `"${s}"`).join(', ')}; suites are: ${ALL.join(', ')}`);
  process.exit(2);
}
const suites = requested.length ? requested : ALL;
const started = Date.now();

ensureNodeModules();
if (suites.includes('vscode') || suites.includes('browser')) ensureVSCode();
// The exported PyTorch scripts are run by real PyTorch (Debian's python3-torch) in the unit and vscode suites;
// the unit suite's WebGPU tests run on the SwiftShader Vulkan driver that Debian's chromium ships.
if (suites.includes('unit') || suites.includes('vscode')) ensureAptPackages(['python3-torch', ...(suites.includes('unit') ? ['chromium'] : [])]);
build();

const mochaBin = path.join(ROOT, 'node_modules/mocha/bin/mocha.js');
const reporter = path.join(ROOT, 'scripts/mocha-summary-reporter.cjs');
const grep = process.env.ACTLAB_TEST_GREP ? ['--grep', process.env.ACTLAB_TEST_GREP] : [];

function testFiles(suite) {
  const dir = path.join(ROOT, 'out/test', suite);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(dir, f));
}

/** Runs a command that writes its counts to $ACTLAB_RESULTS_FILE; a crash without counts is one failure. */
function runCounted(label, command, args, env = {}) {
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-results-')), 'results.json');
  const t0 = Date.now();
  const run = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env, ACTLAB_RESULTS_FILE: resultsFile } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(resultsFile)) counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  if (run.status !== 0 && counts.failed === 0) {
    console.error(`[test] ${label} exited with ${run.status ?? run.signal} without reporting a failing test: counted as 1 failure`);
    counts.failed = 1;
  }
  if (run.status === 0 && counts.passed + counts.failed === 0) {
    console.error(`[test] ${label} ran no test: counted as 1 failure`);
    counts.failed = 1;
  }
  return { label, ...counts, seconds };
}

function runTypecheck() {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = { label: 'typecheck', passed: 0, failed: 0, skipped: 0 };
  const t0 = Date.now();
  for (const project of ['tsconfig.json', 'src/core/tsconfig.json']) {
    const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: ROOT, stdio: 'inherit' });
    if (run.status === 0) {
      result.passed++;
      console.log(`  ✔ tsc --noEmit -p ${project}`);
    } else {
      result.failed++;
      console.log(`  ✘ tsc --noEmit -p ${project}`);
    }
  }
  result.seconds = ((Date.now() - t0) / 1000).toFixed(1);
  return result;
}

const results = [];
for (const suite of suites) {
  say(`suite: ${suite}`);
  if (suite === 'typecheck') results.push(runTypecheck());
  if (suite === 'unit') {
    results.push(runCounted('unit', process.execPath, [mochaBin, '--reporter', reporter, '--timeout', '20000', ...grep, ...testFiles('unit')]));
  }
  if (suite === 'vscode') {
    // The runner itself runs on Node 24 beside code-server; the suite runs in VS Code's extension host.
    results.push(runCounted('vscode', NODE24, [path.join(ROOT, 'scripts/run-vscode-tests.mjs')]));
  }
  if (suite === 'browser') {
    const hooks = path.join(ROOT, 'out/test/browser/hooks.js');
    results.push(runCounted('browser', process.execPath, [mochaBin, '--reporter', reporter, '--timeout', '180000', '--require', hooks, ...grep, ...testFiles('browser')]));
  }
}

console.log('\n──────── summary ────────');
for (const r of results) console.log(`${r.label.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}  (${r.seconds} s)`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + (r.skipped || 0), 0);
console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
