// Helpers shared by the extension-host suites.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ActivationLabApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'activation-lab.activation-lab';

/**
 * Resolves once `condition(read())` holds; throws naming `what` and the last value after `timeoutMs`. The extension
 * host learns about tabs, panels and webview state asynchronously, so most checks wait for their condition.
 */
export async function eventually<T>(what: string, read: () => T, condition: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last value: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Activation Lab as this extension host loaded it, activated, and its exported API. */
export async function activateExtension(): Promise<{ extension: vscode.Extension<ActivationLabApi>; lab: ActivationLabApi }> {
  const extension = vscode.extensions.getExtension<ActivationLabApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
  return { extension, lab: await extension.activate() };
}
