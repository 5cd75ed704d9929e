// The Training Lab panel: one instance, reused, restored with its set-up after a reload. The page trains
// in a Worker; this side does what needs the workspace: saving and loading *.actlab.json experiments,
// exporting the PyTorch script and the run history, importing CSV data. Every message is validated.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { validateSpec, type TrainingSpec } from '../core';
import { pytorchScript } from '../core/codegen';
import { parseLabMessage, validateLabSetup, MAX_CSV_BYTES, type ExtensionToLab, type LabSetup } from '../core/protocol/trainingLab';
import { log } from './log';
import { backendSetting, onDidChangeSettings } from './settings';
import { WebviewChannel } from './webviewChannel';
import { panelHtml, webviewOptions } from './webviewHtml';

export const TRAINING_LAB_VIEW_TYPE = 'activationLab.trainingLab';

/** What the page last reported about its run. */
export interface LabRunState {
  readonly running: boolean;
  readonly step: number;
  readonly backend: string;
  readonly backendReason: string;
  readonly testAccuracy: number | null;
  readonly loss: number | null;
  readonly diverged: string | null;
}

/** Reads and checks a spec file: JSON, then `validateSpec`; errors name the file and the field. */
export async function readSpecFile(uri: vscode.Uri): Promise<TrainingSpec> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new Error(`${vscode.workspace.asRelativePath(uri)} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return validateSpec(json) as TrainingSpec;
  } catch (error) {
    throw new Error(`${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}`);
  }
}

/** A spec as saved in a file: the spec, pointing at its schema for completion in the editor. */
export function specFileText(spec: TrainingSpec): string {
  const { $schema: _ignored, ...rest } = spec as TrainingSpec & { $schema?: string };
  return `${JSON.stringify({ $schema: 'https://activation-lab.invalid/spec.schema.json', ...rest }, null, 2)}\n`;
}

export class TrainingLabPanel {
  static current: TrainingLabPanel | undefined;

  /** The set-up the page last reported. */
  setup: LabSetup | undefined;
  /** The run state the page last reported. */
  runState: LabRunState | undefined;
  readonly rejectedMessages: string[] = [];
  /** Problems the page reported (refused imports, a crashed worker …), newest last. */
  readonly pageErrors: string[] = [];

  private readonly channel: WebviewChannel<ExtensionToLab>;
  private readonly listeners = new Set<() => void>();
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(extensionUri: vscode.Uri): TrainingLabPanel {
    const column = vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One;
    if (TrainingLabPanel.current) {
      TrainingLabPanel.current.panel.reveal(column);
      return TrainingLabPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(TRAINING_LAB_VIEW_TYPE, 'Training Lab', column, { ...webviewOptions(extensionUri), retainContextWhenHidden: true });
    return new TrainingLabPanel(panel, extensionUri);
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, saved: unknown): TrainingLabPanel {
    const lab = new TrainingLabPanel(panel, extensionUri);
    if (saved !== undefined && saved !== null) {
      const result = validateLabSetup(saved);
      if (result.ok) lab.post({ type: 'setSetup', setup: result.value });
      else log().warn(`Training Lab: saved set-up not restored (${result.error})`);
    }
    return lab;
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri) {
    TrainingLabPanel.current = this;
    this.channel = new WebviewChannel(panel.webview);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'explorer.svg');
    panel.webview.options = webviewOptions(extensionUri);
    const workerUrl = panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'trainingWorker.js')).toString();
    panel.webview.html = panelHtml({
      webview: panel.webview,
      extensionUri,
      title: 'Training Lab',
      bundle: 'training',
      // A new set-up trains on the `activationLab.backend` setting's backend.
      bodyData: { 'worker-url': workerUrl, 'default-backend': backendSetting() },
      body: `  <main class="lab">
    <h1 class="visually-hidden">Training Lab</h1>
    <div id="lab-toolbar" class="lab-toolbar" role="toolbar" aria-label="Training controls"></div>
    <div id="lab-diverged" class="lab-diverged" role="alert" hidden></div>
    <div class="lab-body">
      <aside class="lab-side" aria-label="Set-up">
        <div id="lab-experiment" class="lab-experiment"></div>
        <div id="lab-setup"></div>
      </aside>
      <section class="lab-main">
        <div class="lab-tabs" role="tablist" aria-label="Views">
          <button type="button" role="tab" id="tab-train" aria-controls="panel-train">Train</button>
          <button type="button" role="tab" id="tab-compare" aria-controls="panel-compare">Compare</button>
          <button type="button" role="tab" id="tab-sweep" aria-controls="panel-sweep">Sweep</button>
        </div>
        <div id="panel-train" role="tabpanel" aria-labelledby="tab-train" class="lab-views">
          <div id="chart-boundary" class="lab-chart square"></div>
          <div id="chart-loss" class="lab-chart"></div>
          <div id="chart-dead" class="lab-chart"></div>
          <div id="chart-grad" class="lab-chart"></div>
          <div id="chart-sparsity" class="lab-chart"></div>
          <div id="chart-histogram" class="lab-chart"></div>
          <div id="unit-maps" class="unit-maps wide"></div>
        </div>
        <div id="panel-compare" role="tabpanel" aria-labelledby="tab-compare" hidden>
          <div id="compare-controls"></div>
          <p id="compare-status" class="muted" role="status"></p>
          <div id="chart-compare" class="lab-chart tall"></div>
          <div id="compare-table"></div>
        </div>
        <div id="panel-sweep" role="tabpanel" aria-labelledby="tab-sweep" hidden>
          <div id="sweep-controls"></div>
          <p id="sweep-status" class="muted" role="status"></p>
          <div id="chart-sweep" class="lab-chart tall"></div>
        </div>
        <p id="lab-status" class="status" role="status" aria-live="polite"></p>
      </section>
    </div>
  </main>`,
    });
    panel.webview.onDidReceiveMessage((message) => void this.receive(message), null, this.disposables);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    // A changed `activationLab.backend` reaches the open page: its set-up follows it unless the user picked a backend there.
    this.disposables.push(onDidChangeSettings((change) => change.backend && this.post({ type: 'defaults', backend: backendSetting() })));
  }

  /** Resolves once `condition` holds for what the page reported. */
  when(condition: (lab: TrainingLabPanel) => boolean, timeoutMs = 30_000): Promise<void> {
    if (condition(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`the Training Lab did not reach the expected state within ${timeoutMs} ms (run: ${JSON.stringify(this.runState)})`));
      }, timeoutMs);
      const check = () => {
        if (!condition(this)) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }

  post(message: ExtensionToLab): void {
    this.channel.post(message);
  }

  /** Loads a spec into the page (keeps the backend choice). */
  loadSpec(spec: TrainingSpec, experiment: string | null = null): void {
    const base = this.setup ?? { version: 1 as const, backend: backendSetting(), view: 'train' as const, experiment: null, speed: 100 };
    this.post({ type: 'setSetup', setup: { ...base, spec, experiment, view: 'train' } });
  }

  async receive(raw: unknown): Promise<string | undefined> {
    const result = parseLabMessage(raw);
    if (!result.ok) {
      this.rejectedMessages.push(result.error);
      log().error(`Training Lab: rejected ${result.error}`);
      return result.error;
    }
    const message = result.value;
    try {
      switch (message.type) {
        case 'ready':
          this.channel.markReady();
          break;
        case 'setupChanged':
          this.setup = message.setup as LabSetup;
          break;
        case 'runState': {
          const { type: _type, ...state } = message;
          this.runState = state;
          break;
        }
        case 'saveSpec':
          await this.saveSpec();
          break;
        case 'loadSpec':
          await this.openSpec();
          break;
        case 'exportPytorch':
          await this.exportPytorch();
          break;
        case 'exportHistory':
          await this.saveText(message.content, message.format, `training-history.${message.format}`);
          break;
        case 'importCsv':
          await this.importCsv();
          break;
        case 'error':
          this.pageErrors.push(message.message);
          log().warn(`Training Lab page: ${message.message}`);
          break;
      }
    } catch (error) {
      const text = `Training Lab: ${error instanceof Error ? error.message : String(error)}`;
      log().error(text);
      void vscode.window.showErrorMessage(text);
    }
    for (const listener of [...this.listeners]) listener();
    return undefined;
  }

  private spec(): TrainingSpec {
    if (!this.setup) throw new Error('the Training Lab has not reported its set-up yet');
    return this.setup.spec;
  }

  private defaultUri(name: string): vscode.Uri {
    return vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir()), name);
  }

  private async saveText(text: string, extension: string, name: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: this.defaultUri(name), filters: { [extension.toUpperCase()]: [extension] } }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    if (!target) void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(uri)}`);
    return uri;
  }

  /** Saves the set-up's spec as an *.actlab.json experiment file. */
  saveSpec(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    return this.saveText(specFileText(this.spec()), 'actlab.json', 'experiment.actlab.json', target);
  }

  /** Loads an *.actlab.json experiment file into the page. */
  async openSpec(source?: vscode.Uri): Promise<TrainingSpec | undefined> {
    const uri = source ?? (await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: this.defaultUri(''), filters: { 'Activation Lab experiment': ['json'] } }))?.[0];
    if (!uri) return undefined;
    const spec = await readSpecFile(uri);
    this.loadSpec(spec);
    return spec;
  }

  /** Writes the set-up as a runnable PyTorch program. */
  exportPytorch(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    return this.saveText(pytorchScript(this.spec()), 'py', 'train_activation_lab.py', target);
  }

  /** Reads a CSV file from the workspace and hands it to the page. */
  async importCsv(source?: vscode.Uri): Promise<void> {
    const uri = source ?? (await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: this.defaultUri(''), filters: { CSV: ['csv'] } }))?.[0];
    if (!uri) return;
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_CSV_BYTES) throw new Error(`${vscode.workspace.asRelativePath(uri)} is ${(stat.size / 1e6).toFixed(1)} MB; the Training Lab imports CSV files up to ${MAX_CSV_BYTES / 1e6} MB`);
    const csv = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    this.post({ type: 'csvImported', fileName: vscode.workspace.asRelativePath(uri), csv });
  }

  dispose(): void {
    if (TrainingLabPanel.current === this) TrainingLabPanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
