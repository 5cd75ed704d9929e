// The lexical pieces of the Activation Lab cell language, shared by the parser, completion and hover:
// comments, `key: value` option lines, top-level comma lists, and activation calls `name(param=value, …)`.

/** The commands a cell can start with. */
export const COMMANDS = ['plot', 'train', 'compare', 'sweep'] as const;
export type CellCommand = (typeof COMMANDS)[number];

/** A piece of a line with its position: `start` and `end` are 0-based character offsets on that line. */
export interface Span {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The line without its comment (`#` to the end of the line, outside quotes). */
export function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** `key: value` — the option key and its value, with positions; null when the line is not an option line. */
export function optionLine(line: string): { key: Span; value: Span } | null {
  const match = /^(\s*)([A-Za-z][\w-]*)(\s*):/.exec(line);
  if (!match) return null;
  const keyStart = match[1].length;
  const key = match[2];
  const afterColon = match[0].length;
  const rest = line.slice(afterColon);
  const lead = rest.length - rest.trimStart().length;
  const value = rest.trim();
  return {
    key: { text: key, start: keyStart, end: keyStart + key.length },
    value: { text: value, start: afterColon + lead, end: afterColon + lead + value.length },
  };
}

/**
 * Splits `span` at separators that are outside parentheses and quotes (commas for lists, whitespace for
 * `name key=value` options); every piece is trimmed and keeps its position. Empty pieces are kept (a
 * stray comma is an error the caller reports).
 */
export function splitTopLevel(span: Span, separator: 'comma' | 'space'): Span[] {
  const pieces: Span[] = [];
  const { text } = span;
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (separator === 'space' && !trimmed) return;
    pieces.push({ text: trimmed, start: span.start + start + lead, end: span.start + start + lead + trimmed.length });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (separator === 'comma' ? c === ',' : /\s/.test(c))) {
      push(i);
      start = i + 1;
    }
  }
  push(text.length);
  return pieces;
}

/** One `param=value` inside an activation call. */
export interface ParamSpan {
  readonly name: Span;
  /** The value as written (quotes removed), or null when `=` or the value is missing. */
  readonly value: Span | null;
  readonly whole: Span;
}

/** An activation as written: `leaky_relu` or `leaky_relu(negative_slope=0.2)`. */
export interface ActivationCall {
  readonly name: Span;
  readonly params: readonly ParamSpan[];
  /** Set when the text is not of the form `name` or `name(…)`: what is wrong with it. */
  readonly problem?: string;
}

const NAME = /^[A-Za-z_][\w.]*/;

/** Reads `name` or `name(param=value, …)` from `span` (no resolution against the catalog). */
export function activationCall(span: Span): ActivationCall {
  const name = NAME.exec(span.text)?.[0];
  if (!name) return { name: { text: '', start: span.start, end: span.start }, params: [], problem: `expected an activation name such as relu or leaky_relu(negative_slope=0.2) (got "${span.text}")` };
  const nameSpan: Span = { text: name, start: span.start, end: span.start + name.length };
  const rest = span.text.slice(name.length).trim();
  if (!rest) return { name: nameSpan, params: [] };
  const open = span.text.indexOf('(', name.length);
  if (!rest.startsWith('(') || !rest.endsWith(')')) {
    return { name: nameSpan, params: [], problem: `expected ${name} or ${name}(param=value, …) (got "${span.text}")` };
  }
  const close = span.text.lastIndexOf(')');
  const inner: Span = { text: span.text.slice(open + 1, close), start: span.start + open + 1, end: span.start + close };
  const params: ParamSpan[] = [];
  if (!inner.text.trim()) return { name: nameSpan, params };
  for (const piece of splitTopLevel(inner, 'comma')) {
    const eq = piece.text.indexOf('=');
    if (eq < 0) {
      params.push({ name: piece, value: null, whole: piece });
      continue;
    }
    const key = piece.text.slice(0, eq).trim();
    const rawValue = piece.text.slice(eq + 1);
    const valueLead = rawValue.length - rawValue.trimStart().length;
    const valueText = rawValue.trim();
    const valueStart = piece.start + eq + 1 + valueLead;
    params.push({
      name: { text: key, start: piece.start, end: piece.start + key.length },
      value: valueText ? { text: unquote(valueText), start: valueStart, end: valueStart + valueText.length } : null,
      whole: piece,
    });
  }
  return { name: nameSpan, params };
}

/** The text without surrounding matching quotes. */
export function unquote(text: string): string {
  return text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0] ? text.slice(1, -1) : text;
}

/** A number as written in a cell (`0.01`, `1e-3`, `-5`), or null when it is not one (NaN and Infinity are not). */
export function numberValue(text: string): number | null {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.trim())) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * The offset of the first syntax error in JSON `text` (JSON.parse's messages do not always say where), found by
 * a small recursive-descent scan of JSON's grammar; -1 when the text is valid.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value(0);
    space();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    return typeof error === 'number' ? error : 0;
  }
}
