// Runs the extension-host test suite (out/test/vscode/index.js) inside a real VS Code: code-server's node
// extension host, loaded through the workbench in headless Chromium with extensionDevelopmentPath and
// extensionTestsPath (the contract @vscode/test-electron uses on desktop). Exit code = test result.
// Environment: ACTLAB_RESULTS_FILE (counts JSON, written by the suite), ACTLAB_TEST_GREP, VERBOSE=1.
import { format } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { freshDir, launchChromium, startCodeServer, workbenchUrl, ROOT } from './vscode.mjs';

const TIMEOUT_MS = Number(process.env.ACTLAB_EXT_TEST_TIMEOUT_MS || 300_000);
const testsModule = path.join(ROOT, 'out/test/vscode/index');
if (!fs.existsSync(`${testsModule}.js`)) {
  console.error(`missing ${testsModule}.js: run \`node esbuild.js\` first`);
  process.exit(1);
}
const workspace = freshDir('workspace-');
fs.cpSync(path.join(ROOT, 'test/vscode/workspace'), workspace, { recursive: true });

// Workbench log lines that say nothing about the tests; shown with VERBOSE=1.
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin extensions cache|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|The web worker extension host|Failed to load resource|An iframe which has both|Started local extension host|Ignoring fetching additional builtin extensions|Error: Timed out waiting for authentication provider|\{"name")/;

const server = await startCodeServer({ log: !!process.env.VERBOSE });
const browser = await launchChromium();
let exitCode = 1;
try {
  const page = await browser.newPage();
  let onExit;
  const exited = new Promise((resolve) => (onExit = resolve));
  // When the tests module's run() settles, the workbench calls window.codeAutomationExit(code).
  await page.exposeFunction('codeAutomationExit', (code) => onExit(Number(code)));
  page.on('console', async (message) => {
    let parts;
    try {
      parts = await Promise.all(message.args().map((arg) => arg.jsonValue()));
    } catch {
      parts = [message.text()];
    }
    if (!parts.length) return;
    // The extension host's console arrives as "%c INFO" / "%c ERR" lines; strip the styling.
    if (typeof parts[0] === 'string' && /^%c\s*(INFO|ERR|WARN|DEBUG|TRACE)$/.test(parts[0])) parts = parts.slice(2);
    const text = format(...parts);
    if (process.env.VERBOSE || !NOISE.test(text)) console.log(text);
  });
  page.on('pageerror', (error) => console.log('[workbench error]', error.message));
  await page.goto(workbenchUrl(server.url, workspace, { extensionDevelopmentPath: ROOT, extensionTestsPath: testsModule }));
  exitCode = await Promise.race([
    exited,
    new Promise((resolve) => setTimeout(() => (console.log(`extension-host tests did not finish within ${TIMEOUT_MS / 1000} s`), resolve(124)), TIMEOUT_MS)),
  ]);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await browser.close();
  server.stop();
}
process.exit(exitCode);
