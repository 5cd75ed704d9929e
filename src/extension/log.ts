// Activation Lab's log: one "Activation Lab" output channel, created on first use, and the shared way
// commands report failures (logged, and shown to the user).
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's log channel (Output → Activation Lab). */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Activation Lab', { log: true });
  return channel;
}

/** Runs a command's action; a failure is logged and shown as an error message, and the command returns undefined. */
export async function reportErrors<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    const message = `Activation Lab: ${what}: ${error instanceof Error ? error.message : String(error)}`;
    log().error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}
