// The extension's side of a panel's message channel: messages posted before the page says it is ready
// are queued and delivered, in order, once it is.
import type * as vscode from 'vscode';

export class WebviewChannel<Message> {
  private ready = false;
  private readonly pending: Message[] = [];

  constructor(private readonly webview: vscode.Webview) {}

  /** Sends now if the page is ready, else queues. */
  post(message: Message): void {
    if (this.ready) void this.webview.postMessage(message);
    else this.pending.push(message);
  }

  /** The page reported it is ready: deliver the queue. */
  markReady(): void {
    this.ready = true;
    for (const message of this.pending.splice(0)) void this.webview.postMessage(message);
  }
}
