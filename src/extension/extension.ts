// Activation Lab's entry point (dist/extension.js): registers each feature and returns. Activation must stay
// cheap (the budget is 50 ms; `npm run bench` measures it): this bundle holds only the registrations —
// commands, the hover provider, the notebook serializer and controllers, the webview panel serializers — and
// each feature's implementation (panels, hover docs, the notebook engine, the core under them) is a separate
// bundle required on first use (see lazy.ts). Import nothing heavy here or in the register* modules.
import * as vscode from 'vscode';
import { registerExplorer } from './explorerCommands';
import type { ExplorerPanel } from './explorerPanel';
import { registerHover } from './hover';
import { loadedFeature, loadedFeatures, type FeatureName } from './lazy';
import { registerNotebooks } from './notebooks';
import { registerTrainingLab } from './trainingLabCommands';
import { registerWelcome } from './welcome';
import type { TrainingLabPanel } from './trainingLabPanel';

// The feature bundles use this bundle's log (one "Activation Lab" output channel): esbuild.js resolves their
// imports of ./log to dist/extension.js.
export { log, reportErrors } from './log';

/** performance.now() and process.cpuUsage() as dist/extension.js began to evaluate, set by its first line (esbuild.js `banner`). */
declare const __activationLabModuleStart: number | undefined;
declare const __activationLabModuleStartCpu: NodeJS.CpuUsage | undefined;
const moduleLoadStartMs = typeof __activationLabModuleStart === 'number' ? __activationLabModuleStart : performance.now();
const moduleLoadStartCpu = typeof __activationLabModuleStartCpu === 'object' ? __activationLabModuleStartCpu : process.cpuUsage();
/** This module's body runs after every module it imports: the bundle has been evaluated. */
const moduleLoadEndMs = performance.now();
const moduleLoadCpuMs = cpuMsSince(moduleLoadStartCpu);
let activateStartMs = Number.NaN;
let activateEndMs = Number.NaN;
let activateCpuMs = Number.NaN;

/** The process's CPU time (user + system, all threads) since `start`, in ms. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * When this extension host loaded and activated Activation Lab, as performance.now() times (ms since the extension
 * host started). The extension's own start-up cost is (moduleLoadEndMs − moduleLoadStartMs) + (activateEndMs −
 * activateStartMs); between the two, VS Code creates the extension's context. The CPU times are the same two
 * spans in process CPU time, which other processes' load does not inflate.
 */
export interface StartupInfo {
  /** As dist/extension.js began to evaluate (VS Code's require of the bundle, after compiling it). */
  readonly moduleLoadStartMs: number;
  /** As it finished evaluating. */
  readonly moduleLoadEndMs: number;
  /** As activate() was called. */
  readonly activateStartMs: number;
  /** As activate() returned. */
  readonly activateEndMs: number;
  /** Process CPU time spent evaluating dist/extension.js, and in activate(), in ms. */
  readonly cpu: { readonly moduleLoadMs: number; readonly activateMs: number };
  /** The features whose bundles have been required so far (none right after activation). */
  readonly loadedFeatures: readonly FeatureName[];
}

/** What the extension exports to other extensions (and to its own integration tests and benchmark). */
export interface ActivationLabApi {
  /** The open Activation Explorer panel, if any: its state, exports and message handling. */
  readonly explorer: ExplorerPanel | undefined;
  /** The open Training Lab panel, if any: its set-up, run state and file actions. */
  readonly trainingLab: TrainingLabPanel | undefined;
  /** Start-up timing and the features loaded so far (what `npm run bench` reports as STARTUP). */
  readonly startup: StartupInfo;
}

export function activate(context: vscode.ExtensionContext): ActivationLabApi {
  activateStartMs = performance.now();
  const activateStartCpu = process.cpuUsage();
  // Registrations only: each must stay cheap (no feature loaded, no file read, no await).
  registerExplorer(context);
  registerTrainingLab(context);
  registerHover(context);
  registerNotebooks(context);
  registerWelcome(context);
  activateEndMs = performance.now();
  activateCpuMs = cpuMsSince(activateStartCpu);
  return {
    get explorer() {
      return loadedFeature('explorer')?.ExplorerPanel.current;
    },
    get trainingLab() {
      return loadedFeature('trainingLab')?.TrainingLabPanel.current;
    },
    get startup() {
      return { moduleLoadStartMs, moduleLoadEndMs, activateStartMs, activateEndMs, cpu: { moduleLoadMs: moduleLoadCpuMs, activateMs: activateCpuMs }, loadedFeatures: loadedFeatures() };
    },
  };
}

export function deactivate(): void {
  // Nothing to release: every disposable is registered on the extension context.
}
