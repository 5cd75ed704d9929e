// Runs a real VS Code: code-server (VS Code server + web workbench, installed by setup.mjs into
// .vscode-test/) and headless Debian Chromium driven by playwright-core. Used by `npm start`, the
// extension-host test runner and the browser tests.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CODE_SERVER_ENTRY, NODE24, ROOT, VSCODE_DIR } from './setup.mjs';

const require = createRequire(import.meta.url);
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A new empty folder under .vscode-test/runs/ (user data, workspaces). */
export function freshDir(prefix) {
  const runs = path.join(VSCODE_DIR, 'runs');
  fs.mkdirSync(runs, { recursive: true });
  return fs.mkdtempSync(path.join(runs, prefix));
}

/** Environment that keeps what code-server and Chromium write (config, logs, caches, sockets) in .vscode-test/. */
export function sandboxEnv() {
  const dir = (name) => {
    const p = path.join(VSCODE_DIR, name);
    fs.mkdirSync(p, { recursive: true });
    return p;
  };
  return {
    ...process.env,
    TMPDIR: dir('tmp'),
    XDG_CACHE_HOME: dir('xdg/cache'),
    XDG_CONFIG_HOME: dir('xdg/config'),
    XDG_DATA_HOME: dir('xdg/data'),
    // Offline: an empty gallery disables marketplace (open-vsx) queries.
    EXTENSIONS_GALLERY: '{}',
  };
}

/** User settings for every workbench we start: quiet, offline, no trust prompt, no tips. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts code-server and resolves once /healthz answers.
 * `developmentMode` lets the workbench honour the `payload` URL parameter (extensionDevelopmentPath,
 * extensionTestsPath): a built VS Code accepts it only with the smoke-test driver enabled.
 */
export async function startCodeServer({ host = '127.0.0.1', port, userDataDir, extensionsDir, settings = {}, developmentMode = true, log = false } = {}) {
  port ||= await freePort();
  userDataDir ||= freshDir('user-data-');
  extensionsDir ||= path.join(userDataDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr', `${host}:${port}`,
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(developmentMode ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const proc = spawn(NODE24, args, { stdio: ['ignore', 'pipe', 'pipe'], env: sandboxEnv(), detached: true });
  let output = '';
  const onData = (chunk) => {
    output += chunk;
    if (log) process.stderr.write(`[code-server] ${chunk}`);
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const url = `http://${host}:${port}`;
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited during start-up:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 90_000) {
      stopProcessGroup(proc);
      throw new Error(`code-server did not answer /healthz within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, port, proc, userDataDir, extensionsDir, output: () => output, stop: () => stopProcessGroup(proc) };
}

function stopProcessGroup(proc) {
  try {
    process.kill(-proc.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Headless Debian Chromium, with the flags this offline machine needs (and WebGPU on SwiftShader). */
export async function launchChromium({ webgpu = false } = {}) {
  const { chromium } = require('playwright-core');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (npm test installs it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: sandboxEnv(),
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ...(webgpu ? ['--enable-unsafe-webgpu'] : []),
    ],
  });
}

/**
 * The workbench URL that opens `folder` with extensions under development (and optionally a tests module).
 * code-server's remote authority is the literal `remote`, so server paths become vscode-remote://remote/<abs>.
 */
export function workbenchUrl(base, folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://remote${path.resolve(p)}`;
  const payload = [];
  for (const p of [].concat(extensionDevelopmentPath || [])) payload.push(['extensionDevelopmentPath', remote(p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = `folder=${encodeURIComponent(path.resolve(folder))}`;
  return `${base}/?${query}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

/**
 * Installs a VSIX (or a Marketplace id) the way a user does: code-server's `--install-extension` CLI (the same
 * Node 24 and entry point as startCodeServer), into `extensionsDir`. Returns the CLI's output; throws if it
 * fails. Start code-server afterwards with the same `extensionsDir` (and developmentMode: false) to run it.
 */
export function installExtension({ vsix, userDataDir, extensionsDir, timeoutMs = 120_000 } = {}) {
  userDataDir ||= freshDir('user-data-');
  extensionsDir ||= path.join(userDataDir, 'extensions');
  const args = [CODE_SERVER_ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'];
  const result = spawnSync(NODE24, args, { encoding: 'utf8', env: sandboxEnv(), timeout: timeoutMs });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${result.status ?? result.signal ?? result.error}):\n${output}`);
  return { output, userDataDir, extensionsDir };
}

export { ROOT };
