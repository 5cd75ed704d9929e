// The webview's side of the VS Code API: persisted state and messages to and from the extension.

interface VSCodeWebviewApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VSCodeWebviewApi<State>;

let api: VSCodeWebviewApi<unknown> | undefined;

/** The VS Code API (acquirable once per page). */
export function vscodeApi<State>(): VSCodeWebviewApi<State> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VSCodeWebviewApi<State>;
}
