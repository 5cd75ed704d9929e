// Draws one Activation Lab notebook output into an element: `render(data, element)` checks the payload (size,
// UTF-8, JSON, schema version, kind, every field) and builds the view for its kind; anything wrong becomes an
// error box made of text nodes — never HTML — and other outputs are unaffected. A later payload of the same
// kind for the same element (training progress) updates the view in place.
import { MAX_PAYLOAD_BYTES, parseNotebookPayload, type PayloadResult } from '../core/protocol/notebook';
import { errorBox } from './errorBox';
import { createView, plotNumber, type View } from './views';

const views = new WeakMap<HTMLElement, View>();

/**
 * The payload with subnormal numbers (0 < |v| < 2.2e-308, which no chart can tell from 0) drawn as 0: a loss of
 * 5e-324 made Plotly throw ("Cannot read properties of undefined (reading 'val')", "Something went wrong with axis
 * scaling"). The spec is left as written (it is shown as text), and so is a plot's range (the core samples it).
 */
function withoutSubnormals<T>(value: T, key?: string): T {
  if (typeof value === 'number') return plotNumber(value) as T;
  if (key === 'spec' || key === 'range' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutSubnormals(v)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSubnormals(v, k)])) as T;
}

/** The payload checked: `data` is the output item's bytes, its JSON text, or the value JSON.parse gave. */
function check(data: unknown): PayloadResult {
  if (data instanceof Uint8Array || data instanceof ArrayBuffer) {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.byteLength > MAX_PAYLOAD_BYTES) return { ok: false, error: `the payload is ${bytes.byteLength} bytes; at most ${MAX_PAYLOAD_BYTES} are accepted (downsample histories and grids)` };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, error: 'the payload is not UTF-8 text; an Activation Lab output is JSON' };
    }
    return parseNotebookPayload(text);
  }
  return parseNotebookPayload(data);
}

/** Stops an element's view (its charts and theme watcher) and empties it. */
export function disposeRendering(element: HTMLElement): void {
  views.get(element)?.dispose();
  views.delete(element);
  element.replaceChildren();
}

/** Renders `data` (an Activation Lab payload, untrusted) into `element`. Never throws. */
export async function render(data: unknown, element: HTMLElement): Promise<void> {
  try {
    const result = check(data);
    if (!result.ok) {
      disposeRendering(element);
      element.append(errorBox(result.error));
      return;
    }
    const payload = withoutSubnormals(result.value);
    const existing = views.get(element);
    if (existing && existing.kind === payload.kind) {
      await existing.update(payload);
      return;
    }
    disposeRendering(element);
    const view = createView(payload.kind, element);
    views.set(element, view);
    await view.update(payload);
  } catch (error) {
    disposeRendering(element);
    element.append(errorBox(`drawing the output failed: ${error instanceof Error ? error.message : String(error)}`));
  }
}
