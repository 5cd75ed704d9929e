#!/usr/bin/env node
// `npm start`: builds Activation Lab and opens it in a real VS Code as an [Extension Development Host].
// With a desktop `code` CLI on PATH it launches that; otherwise it installs (once, into .vscode-test/)
// and starts code-server on 127.0.0.1, prints the URL to open, and stops on Ctrl-C.
// Options (environment): PORT (default 8080), ACTLAB_USE_CODE_SERVER=1 to skip the desktop `code`,
// ACTLAB_WORKSPACE=<folder> to open another folder (default: examples/ if present, else the repository).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, build, ensureNodeModules, ensureVSCode, say } from './setup.mjs';

ensureNodeModules();
build();
const workspace = path.resolve(process.env.ACTLAB_WORKSPACE || (fs.existsSync(path.join(ROOT, 'examples')) ? path.join(ROOT, 'examples') : ROOT));

const desktopCode = !process.env.ACTLAB_USE_CODE_SERVER && spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
if (desktopCode) {
  say(`launching desktop VS Code (${desktopCode}) with --extensionDevelopmentPath=${ROOT}`);
  const child = spawn(desktopCode, ['--new-window', `--extensionDevelopmentPath=${ROOT}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  say('no desktop `code` CLI on PATH: using code-server (VS Code in the browser)');
  ensureVSCode();
  const { startCodeServer, workbenchUrl } = await import('./vscode.mjs');
  const state = path.join(ROOT, '.vscode-web');
  const port = Number(process.env.PORT || 8080);
  say(`starting code-server on 127.0.0.1:${port} …`);
  const server = await startCodeServer({
    host: '127.0.0.1',
    port,
    userDataDir: path.join(state, 'user-data'),
    extensionsDir: path.join(state, 'extensions'),
    log: !!process.env.VERBOSE,
  });
  const url = workbenchUrl(server.url, workspace, { extensionDevelopmentPath: ROOT });
  console.log(`\nActivation Lab is loaded in VS Code as an [Extension Development Host]. Open:\n\n  ${url}\n\nRun "Activation Lab: Open Activation Explorer" from the command palette (F1). After changing code, run \`npm run build\` (or keep \`npm run watch\` running) and reload the window. Ctrl-C stops the server.\n`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.proc.on('exit', (code) => {
    console.log(`code-server exited (${code})`);
    process.exit(code ?? 1);
  });
}
