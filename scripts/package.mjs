#!/usr/bin/env node
// `npm run package`: a clean production build, then a VSIX with @vscode/vsce (dist-vsix/activation-lab.vsix).
// .vscodeignore keeps the package to what runs: dist/ bundles and assets, media/, the manifest and docs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, build, ensureNodeModules, say } from './setup.mjs';

ensureNodeModules();
say('removing dist/ for a clean production build');
fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
build(['--production']);
const outDir = path.join(ROOT, 'dist-vsix');
fs.mkdirSync(outDir, { recursive: true });
const vsix = path.join(outDir, 'activation-lab.vsix');
const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: ROOT, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
say(`VSIX: ${path.relative(ROOT, vsix)} (${(fs.statSync(vsix).size / 1024 / 1024).toFixed(2)} MB)`);
