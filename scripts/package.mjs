#!/usr/bin/env node
// `npm run package [-- --out <file.vsix>]`: a VSIX of Activation Lab made with @vscode/vsce, default
// dist-vsix/activation-lab.vsix. The production build runs in a temporary staging copy of the project
// (the sources, the manifest, esbuild.js and node_modules as a symlink), so the developer's dist/ — which
// `npm start` and the tests use — is left alone. .vscodeignore keeps the package to what runs: the
// extension, webview and renderer bundles, Plotly, the codicons, the spec schema, media/, syntaxes/, the
// manifest, README, CHANGELOG and LICENSE (no source maps, no dist/core.cjs: that is the headless core for
// scripts, benchmarks and tests, which nothing in the extension loads). Prints the VSIX's size and files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ensureNodeModules } from './setup.mjs';

const say = (message) => console.log(`[package] ${message}`);

/** What the staged build and vsce need from the project (node_modules is linked, not copied). */
const STAGED = ['package.json', 'esbuild.js', 'tsconfig.json', '.vscodeignore', 'src', 'media', 'syntaxes', 'README.md', 'CHANGELOG.md', 'LICENSE'];
/** The bundles a VSIX holds (not `core`, not `tests`). */
const BUNDLES = 'extension,webview,renderer';
/** The Marketplace's hard limit is far higher; this is the project's own budget. */
const MAX_BYTES = 8 * 1024 * 1024;

function parseArgs(argv) {
  let out = path.join(ROOT, 'dist-vsix/activation-lab.vsix');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out' || arg === '-o') {
      if (!argv[i + 1]) throw new Error(`${arg} needs a file name`);
      out = path.resolve(argv[++i]);
    } else if (arg.startsWith('--out=')) {
      out = path.resolve(arg.slice('--out='.length));
    } else {
      throw new Error(`unknown argument ${arg}; usage: node scripts/package.mjs [--out <file.vsix>]`);
    }
  }
  return { out };
}

function run(cmd, args, cwd) {
  // stdin closed: vsce never waits for an answer (a question it would ask fails the run instead).
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`\`${path.basename(cmd)} ${args.join(' ')}\` failed with exit code ${result.status ?? result.signal}`);
}

/** The entries of a zip file (name and uncompressed size), read from its central directory. */
function zipEntries(file) {
  const buffer = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    entries.push({ name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

function main() {
  const { out } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  ensureNodeModules();
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-package-'));
  try {
    say(`staging a production build in ${stage}`);
    for (const item of STAGED) {
      const from = path.join(ROOT, item);
      if (!fs.existsSync(from)) throw new Error(`${item} is missing: the VSIX needs it`);
      fs.cpSync(from, path.join(stage, item), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    run(process.execPath, [path.join(stage, 'esbuild.js'), '--production', `--only=${BUNDLES}`], stage);

    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.rmSync(out, { force: true });
    const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
    // --no-dependencies: every dependency is bundled by esbuild, node_modules is not shipped.
    run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], stage);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }

  const bytes = fs.statSync(out).size;
  const entries = zipEntries(out).filter((e) => !e.name.endsWith('/'));
  console.log(`\nfiles in the VSIX (uncompressed sizes):`);
  for (const entry of entries) console.log(`  ${entry.name.padEnd(52)} ${kib(entry.size).padStart(11)}`);
  say(`VSIX: ${path.relative(process.cwd(), out) || out} — ${(bytes / 1024 / 1024).toFixed(2)} MB, ${entries.length} files (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const forbidden = entries.filter((e) => /\.map$|(^|\/)dist\/core\.cjs$|(^|\/)dist\/extension-monolithic\.js$|(^|\/)(out|src|test|node_modules)\//.test(e.name));
  if (forbidden.length) throw new Error(`the VSIX holds files that should not ship: ${forbidden.map((e) => e.name).join(', ')} (check .vscodeignore)`);
  if (bytes > MAX_BYTES) throw new Error(`the VSIX is ${(bytes / 1024 / 1024).toFixed(2)} MB, over the 8 MB budget`);
}

try {
  main();
} catch (error) {
  console.error(`[package] ${error.message}`);
  process.exit(1);
}
