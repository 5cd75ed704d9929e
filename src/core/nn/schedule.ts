// Cooperative scheduling for long runs: hand control back to the host's event loop between chunks of
// steps, so an extension host, a worker or a page stays responsive. No Node or DOM types: the host's
// timer functions are looked up on globalThis.

type Callback = () => void;
interface Timers {
  setImmediate?: (callback: Callback) => unknown;
  setTimeout?: (callback: Callback, ms: number) => unknown;
  MessageChannel?: new () => { port1: { onmessage: ((event: unknown) => void) | null; close?: () => void }; port2: { postMessage(message: unknown): void; close?: () => void } };
}

/** Resolves on a later turn of the event loop (after pending I/O and messages get their chance). */
export function yieldToEventLoop(): Promise<void> {
  const host = globalThis as unknown as Timers;
  if (typeof host.setImmediate === 'function') return new Promise((resolve) => host.setImmediate!(resolve));
  if (typeof host.MessageChannel === 'function') {
    // In browsers and workers a message is not clamped to 4 ms the way nested setTimeout(0) calls are.
    return new Promise((resolve) => {
      const channel = new host.MessageChannel!();
      channel.port1.onmessage = () => {
        channel.port1.close?.();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  if (typeof host.setTimeout === 'function') return new Promise((resolve) => host.setTimeout!(resolve, 0));
  return Promise.resolve();
}
