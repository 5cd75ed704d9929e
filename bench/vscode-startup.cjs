// The start-up benchmark's probe (bench/startup.mjs): VS Code require()s this module inside a fresh extension host
// (extensionTestsPath) and awaits run(). bench/startup.mjs copies it into the extension folder it measures, so
// `vscode` resolves to that extension's API. It activates Activation Lab (not active yet: the workspace is empty,
// so no activation event has fired), then opens the Explorer, and appends one JSON line per run to
// startup-results.jsonl beside itself:
//   wasActive          whether something had activated the extension before the probe (the sample is then void)
//   activateMs         wall time of `await extension.activate()`: VS Code's activation machinery, require of the
//                      main bundle and activate() — what a user's first hover or command waits for
//   codeLoadingMs      VS Code's own marks around its require() of the main bundle, code/extHost/willLoadExtensionCode
//                      → didLoadExtensionCode (read, compile, evaluate; Date.now(), so whole ms)
//   requireMs          the extension's own account of evaluating its main bundle (esbuild banner → end of module;
//                      compiling happens before the banner runs)
//   activateFnMs       … and of its activate() function
//   ownMs              codeLoadingMs + activateFnMs: what the extension costs (requireMs when the marks are missing)
//   contextMs          between the two: VS Code creating the extension's context (storage, secrets …)
//   ownCpuMs           process CPU time of evaluating the main bundle + activate() (not inflated by other load;
//                      compiling the bundle, before its first line runs, is not in it)
//   bundlesAfterActivation / bundlesAfterExplorer   the extension's files in require.cache at those points
//   openExplorerMs     wall time of the openExplorer command (requires the explorer feature and the core; the
//                      webview then loads in the workbench, not counted)
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'activation-lab.activation-lab';

function bundles(extensionPath) {
  const dist = path.join(extensionPath, 'dist') + path.sep;
  return Object.keys(require.cache)
    .filter((file) => file.startsWith(dist))
    .map((file) => path.relative(extensionPath, file).split(path.sep).join('/'))
    .sort();
}

/** VS Code's performance marks for this extension (extension host, Date.now() times), as { name: time }. */
function vscodeMarks() {
  const marks = globalThis.MonacoPerformanceMarks?.getMarks?.() ?? [];
  const ours = {};
  for (const mark of marks) if (mark.name.endsWith(`/${EXTENSION_ID}`)) ours[mark.name.slice(0, -EXTENSION_ID.length - 1)] = mark.startTime;
  return ours;
}

async function probe() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const wasActive = extension.isActive;
  const bundlesBefore = bundles(extension.extensionPath);
  const t0 = performance.now();
  const api = await extension.activate();
  const activateMs = performance.now() - t0;
  const startup = api.startup;
  const bundlesAfterActivation = bundles(extension.extensionPath);
  const marks = vscodeMarks();
  const willLoad = marks['code/extHost/willLoadExtensionCode'];
  const didLoad = marks['code/extHost/didLoadExtensionCode'];
  const codeLoadingMs = typeof willLoad === 'number' && typeof didLoad === 'number' ? didLoad - willLoad : null;
  const requireMs = startup ? startup.moduleLoadEndMs - startup.moduleLoadStartMs : null;
  const activateFnMs = startup ? startup.activateEndMs - startup.activateStartMs : null;

  const t1 = performance.now();
  await vscode.commands.executeCommand('activationLab.openExplorer');
  const openExplorerMs = performance.now() - t1;
  const bundlesAfterExplorer = bundles(extension.extensionPath);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  return {
    main: extension.packageJSON.main,
    wasActive,
    activateMs,
    codeLoadingMs,
    requireMs,
    activateFnMs,
    ownMs: activateFnMs === null ? null : (codeLoadingMs ?? requireMs) + activateFnMs,
    contextMs: startup ? startup.activateStartMs - startup.moduleLoadEndMs : null,
    ownCpuMs: startup?.cpu ? startup.cpu.moduleLoadMs + startup.cpu.activateMs : null,
    startup: startup ?? null,
    bundlesBefore,
    bundlesAfterActivation,
    openExplorerMs,
    bundlesAfterExplorer,
    extensionHostUptimeMs: performance.now(),
  };
}

exports.run = async function run() {
  let record;
  try {
    record = await probe();
  } catch (error) {
    record = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  fs.appendFileSync(path.join(__dirname, 'startup-results.jsonl'), JSON.stringify(record) + '\n');
};
