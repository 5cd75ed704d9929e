#!/usr/bin/env node
// `npm run fuzz`: the fuzz campaign of test/unit/fuzz.test.ts with a large budget — 10 000 generated cases per
// target by default (experiment specs; webview messages in both directions for both panels; notebook payloads;
// notebook cells and files; CSV files) and a tenth of that rendered in headless Chromium — from a random seed. Prints the
// counts per target and in total, and exits non-zero on any counterexample, with the seed and path that replay it.
// Usage: node scripts/fuzz.mjs [--seed N] [--runs N] [--target name,name] [--path P] [--no-build]
//   --seed N     seed of every target (default: random; printed)
//   --runs N     cases per target (default 10000; the browser targets run N/10)
//   --target T   only these targets (specs, explorer-to-extension, extension-to-explorer, lab-to-extension,
//                extension-to-lab, payloads, csv, cells, notebook-files, dom-renderer, dom-explorer, dom-training-lab)
//   --path P     replay one counterexample (with its --seed and --target), as a failure prints it
//   --no-build   use the bundles already in out/ and dist/
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, build, ensureAptPackages, ensureNodeModules, say } from './setup.mjs';

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`--${name} needs a value`);
    process.exit(2);
  }
  return value;
}

const known = new Set(['--seed', '--runs', '--target', '--path', '--no-build']);
const unknown = process.argv.slice(2).filter((a, i, all) => a.startsWith('--') && !known.has(a) && !known.has(all[i - 1]));
if (unknown.length) {
  console.error(`unknown option ${unknown.join(', ')}; see the usage at the top of scripts/fuzz.mjs`);
  process.exit(2);
}
const seed = option('seed') !== undefined ? Number(option('seed')) : crypto.randomInt(0, 2 ** 31 - 1);
const runs = option('runs') !== undefined ? Number(option('runs')) : 10_000;
if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) {
  console.error(`--seed and --runs must be integers (got seed ${option('seed')}, runs ${option('runs')})`);
  process.exit(2);
}
const target = option('target');
const replayPath = option('path');

const started = Date.now();
ensureNodeModules();
// The browser targets drive Debian's chromium (as the unit and browser suites do).
if (!target || /dom-/.test(target)) ensureAptPackages(['chromium']);
// The test bundle (out/test/unit/fuzz.test.js) and what the browser targets load (dist/renderer.js, dist/webview/*).
if (!process.argv.includes('--no-build')) build(['--only=tests,webview,renderer']);

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-fuzz-')), 'report.json');
say(`fuzzing with seed ${seed}, ${runs} cases per target${target ? ` (${target})` : ''}`);
const mocha = spawnSync(
  process.execPath,
  ['--max-old-space-size=4096', path.join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--timeout', '0', '--reporter', 'spec', path.join(ROOT, 'out/test/unit/fuzz.test.js')],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ACTLAB_FUZZ_SEED: String(seed), ACTLAB_FUZZ_RUNS: String(runs), ACTLAB_FUZZ_TARGET: target ?? '', ACTLAB_FUZZ_PATH: replayPath ?? '', ACTLAB_FUZZ_REPORT: report },
  },
);

const seconds = (Date.now() - started) / 1000;
if (!fs.existsSync(report)) {
  console.error(`[fuzz] the campaign ended without a report (exit ${mocha.status ?? mocha.signal}); seed ${seed}`);
  process.exit(1);
}
const { results } = JSON.parse(fs.readFileSync(report, 'utf8'));
const groups = new Map();
for (const r of results) {
  const group = groups.get(r.group) ?? { runs: 0, accepted: 0, rejected: 0, namedExact: 0, namedRelated: 0, nextLayer: 0 };
  for (const key of Object.keys(group)) group[key] += r.stats[key];
  groups.set(r.group, group);
}
const line = (name, s) =>
  `${name.padEnd(30)} ${String(s.runs).padStart(7)} runs ${String(s.accepted).padStart(7)} accepted ${String(s.rejected).padStart(7)} rejected ${String(s.namedExact + s.namedRelated).padStart(7)} rejections checked to name the field (${s.namedExact} exactly) ${String(s.nextLayer).padStart(7)} used by the next layer`;
console.log('\n──────── fuzz campaign ────────');
for (const [name, s] of groups) console.log(line(name, s));
const total = [...groups.values()].reduce((t, s) => Object.fromEntries(Object.keys(s).map((k) => [k, (t[k] ?? 0) + s[k]])), {});
console.log(line('total', total));
console.log('(notebook payloads: accepted/rejected count both forms of each case, the value and its JSON text)');
const failed = results.filter((r) => r.failure);
for (const r of failed) console.log(`\n${r.failure}`);
console.log(`\nseed ${seed}, ${runs} cases per target, ${seconds.toFixed(0)} s; ${failed.length ? `${failed.length} target(s) FAILED` : 'no counterexample'}`);
if (failed.length || mocha.status !== 0) {
  console.log(`replay: node scripts/fuzz.mjs --seed ${seed} --runs ${runs}${target ? ` --target ${target}` : ''}`);
  process.exit(1);
}
