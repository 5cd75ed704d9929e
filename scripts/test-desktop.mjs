#!/usr/bin/env node
// `npm run test:desktop`: the same extension-host suite (out/test/vscode/index.js) launched in desktop
// VS Code by @vscode/test-electron, for machines that can download VS Code. (This repository's CI is
// offline and uses code-server instead: `npm run test:vscode`.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './setup.mjs';

const version = process.env.ACTLAB_VSCODE_VERSION || '1.139.1';
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'actlab-desktop-ws-'));
fs.cpSync(path.join(ROOT, 'test/vscode/workspace'), workspace, { recursive: true });
try {
  await runTests({
    version,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out/test/vscode/index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`desktop VS Code ${version} tests failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
