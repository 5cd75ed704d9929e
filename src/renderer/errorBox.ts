// The error box an output shows instead of a chart when its payload cannot be drawn: text nodes only (the
// message may quote a hostile payload), styled with the theme's error colours.

/** Most characters of an error message shown (a hostile payload may try to flood the box). */
const MAX_ERROR_TEXT = 2000;

/** A box that says why an output cannot be shown, built from text nodes only. */
export function errorBox(message: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'activation-lab-error';
  box.setAttribute('role', 'alert');
  Object.assign(box.style, {
    borderLeft: '3px solid var(--vscode-errorForeground, #f14c4c)',
    background: 'var(--vscode-inputValidation-errorBackground, rgba(241, 76, 76, 0.1))',
    color: 'var(--vscode-foreground, inherit)',
    padding: '6px 10px',
    fontFamily: 'var(--vscode-font-family, sans-serif)',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  });
  const title = document.createElement('div');
  title.style.fontWeight = 'bold';
  title.textContent = 'This Activation Lab output cannot be shown';
  const detail = document.createElement('div');
  detail.className = 'activation-lab-error-message';
  detail.textContent = message.length > MAX_ERROR_TEXT ? `${message.slice(0, MAX_ERROR_TEXT)}…` : message;
  const hint = document.createElement('div');
  hint.style.opacity = '0.8';
  hint.textContent = 'Re-run the cell, or see the README’s “Notebooks” section for the output format (MIME type application/vnd.activation-lab+json).';
  box.append(title, detail, hint);
  return box;
}
