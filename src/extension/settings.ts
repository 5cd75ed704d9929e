// Activation Lab's settings in the extension: every read is checked (src/core/settings.ts), so a panel, the
// kernel or the hover always gets a usable value. An unusable one falls back to its default and is reported
// once — a warning naming the setting and the value, with a button that opens it, and a line in the Activation
// Lab log — and again only after it changes. Changes are read live: `onDidChangeSettings` tells listeners which
// settings changed. Light on purpose (only `vscode` and the import-free core/settings), so activation stays cheap.
import * as vscode from 'vscode';
import {
  checkBackend,
  checkHoverLanguages,
  checkPlotSamples,
  checkPlotShow,
  checkXRange,
  describeValue,
  SETTINGS,
  type BackendSetting,
  type CheckedSetting,
  type PlotDefaults,
  type SettingId,
} from '../core/settings';
import { log } from './log';

export { SETTINGS, type BackendSetting, type PlotDefaults } from '../core/settings';

/** An internal command (not in the palette) that returns the setting problems reported this session. */
export const SETTING_PROBLEMS_COMMAND = 'activationLab.internal.settingProblems';

/**
 * What has been reported: per setting, the unusable value last reported (reported again only when the value
 * changes), and every problem this session, oldest first. Kept on `globalThis` so that every bundle holding a copy
 * of this module (dist/extension.js and the lazily loaded dist/features/*.js) reports a value once, not once each.
 */
interface ReportState {
  readonly reported: Map<SettingId, string>;
  readonly problems: string[];
  notebookFallbackLogged?: boolean;
}
const STATE_KEY = Symbol.for('activationLab.settings.reports');
const state: ReportState = ((globalThis as { [STATE_KEY]?: ReportState })[STATE_KEY] ??= { reported: new Map(), problems: [] });
const { reported, problems } = state;

function configured(setting: SettingId): unknown {
  return vscode.workspace.getConfiguration().get<unknown>(setting);
}

function report(setting: SettingId, problem: string): void {
  problems.push(problem);
  if (problems.length > 100) problems.shift();
  log().warn(`Settings: ${problem}`);
  void vscode.window.showWarningMessage(`Activation Lab: ${problem}`, 'Open Setting').then(
    (choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', setting),
    () => undefined,
  );
}

/** The checked value of `setting`; reports its problem the first time a given unusable value is read. */
function read<T>(setting: SettingId, check: (raw: unknown) => CheckedSetting<T>): T {
  const raw = configured(setting);
  const checked = check(raw);
  if (checked.problem === undefined) {
    reported.delete(setting);
    return checked.value;
  }
  const key = describeValue(raw);
  if (reported.get(setting) !== key) {
    reported.set(setting, key);
    report(setting, checked.problem);
  }
  return checked.value;
}

/** `activationLab.backend`: where new Training Lab set-ups and notebook kernel runs train. */
export function backendSetting(): BackendSetting {
  return read(SETTINGS.backend, checkBackend);
}

/**
 * The backend the notebook kernel trains on, from `activationLab.backend`. The kernel runs in the extension host,
 * which as a rule has no WebGPU: there `auto` trains on the CPU, and `webgpu` does the same (so notebooks keep
 * working) and the log says so once, instead of failing every cell.
 */
export function notebookBackend(): BackendSetting {
  const backend = backendSetting();
  if (backend !== 'webgpu') return backend;
  const hostHasWebGpu = typeof (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu === 'object';
  if (hostHasWebGpu) return 'webgpu';
  if (!state.notebookFallbackLogged) {
    state.notebookFallbackLogged = true;
    log().info(`Settings: ${SETTINGS.backend} is "webgpu", but the extension host that runs notebook cells has no WebGPU; notebook cells train on the CPU (the Training Lab uses WebGPU).`);
  }
  return 'auto';
}

/** `activationLab.plot.*`: the Explorer's range, curves and sampling for new plots. */
export function plotDefaults(): PlotDefaults {
  return { xRange: read(SETTINGS.plotXRange, checkXRange), show: read(SETTINGS.plotShow, checkPlotShow), samples: read(SETTINGS.plotSamples, checkPlotSamples) };
}

/** `activationLab.hover.languages`: the language ids hovers work in (empty: hovers off). */
export function hoverLanguages(): readonly string[] {
  return read(SETTINGS.hoverLanguages, checkHoverLanguages);
}

/** Which of Activation Lab's settings a configuration change touched. */
export interface SettingsChange {
  readonly backend: boolean;
  readonly plotXRange: boolean;
  readonly plotShow: boolean;
  readonly plotSamples: boolean;
  readonly hoverLanguages: boolean;
}

/** Calls `listener` when any Activation Lab setting changes, with which ones. */
export function onDidChangeSettings(listener: (change: SettingsChange) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration('activationLab')) return;
    const change: SettingsChange = {
      backend: event.affectsConfiguration(SETTINGS.backend),
      plotXRange: event.affectsConfiguration(SETTINGS.plotXRange),
      plotShow: event.affectsConfiguration(SETTINGS.plotShow),
      plotSamples: event.affectsConfiguration(SETTINGS.plotSamples),
      hoverLanguages: event.affectsConfiguration(SETTINGS.hoverLanguages),
    };
    try {
      listener(change);
    } catch (error) {
      log().error(`Settings: applying a change failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

/** Reads every setting once (reporting unusable values at start) and again whenever one changes. */
function checkAll(): void {
  backendSetting();
  plotDefaults();
  hoverLanguages();
}

/** Checks the settings now and on every change (so a mistyped value is reported even with no panel open). */
export function registerSettings(context: vscode.ExtensionContext): void {
  checkAll();
  context.subscriptions.push(
    onDidChangeSettings(() => checkAll()),
    vscode.commands.registerCommand(SETTING_PROBLEMS_COMMAND, () => [...problems]),
  );
}
