// Activation Lab's log: one "Activation Lab" output channel, created on first use.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's log channel (Output → Activation Lab). */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Activation Lab', { log: true });
  return channel;
}
