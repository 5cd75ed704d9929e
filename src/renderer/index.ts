// Notebook renderer entry for `application/vnd.activation-lab+json` (VS Code's renderer API). Boilerplate only:
// each output item goes to the plain `render(data, element)` in ./render, which does all the work.
import { disposeRendering, render } from './render';

/** The part of VS Code's notebook renderer API this renderer uses (see the vscode-notebook-renderer types). */
interface OutputItem {
  readonly id: string;
  data(): Uint8Array;
}

export function activate(): { renderOutputItem(item: OutputItem, element: HTMLElement): Promise<void>; disposeOutputItem(id?: string): void } {
  const elements = new Map<string, HTMLElement>();
  return {
    renderOutputItem(item, element) {
      elements.set(item.id, element);
      return render(item.data(), element);
    },
    disposeOutputItem(id) {
      for (const [key, element] of elements) {
        if (id !== undefined && key !== id) continue;
        disposeRendering(element);
        elements.delete(key);
      }
    },
  };
}

export { render };
