// The arguments written in a call (`nn.LeakyReLU(0.2)`, `F.elu(x, alpha=0.5)`, `tf.layers.leakyReLU({alpha: 0.1})`),
// positional and keyword, across lines and around comments, with the value of each literal (numbers, simple
// arithmetic such as 1/3, strings, booleans, None/null). Expressions that are not literals keep only their text.
import { isIdentifierCode, type SourceFamily } from './lexical';

/** A value written in code: a number, a string, a boolean, None/null, or `undefined` when it is not a literal. */
export type WrittenValue = number | string | boolean | null | undefined;

/** One argument as written. */
export interface WrittenArgument {
  /** The keyword (`negative_slope=`, or an object-literal key in TF.js' config objects); absent for positional ones. */
  readonly keyword?: string;
  /** Position among the positional arguments (0-based); absent for keyword ones. */
  readonly position?: number;
  /** The value's source text, trimmed, comments removed. */
  readonly text: string;
  /** The literal's value; `undefined` when the text is not a literal (a variable, a call …). */
  readonly value: WrittenValue;
  /** True for `*args` / `**kwargs` / `...spread`: what it holds is unknown. */
  readonly unpacked?: boolean;
}

/** A call's arguments and where the call ends. */
export interface WrittenCall {
  readonly arguments: readonly WrittenArgument[];
  /** Offset just after the closing parenthesis (the text's end if the call is unfinished). */
  readonly end: number;
}

/** The longest argument list read (characters): a hover never scans a whole file for a missing `)`. */
const MAX_CALL_LENGTH = 20_000;

/**
 * Splits the text between brackets at top-level commas, dropping comments; returns the pieces and the offset of
 * the closing bracket (or −1 when it is not found within the limit).
 */
function splitTopLevel(text: string, open: number, family: SourceFamily): { pieces: string[]; close: number } {
  const pieces: string[] = [];
  let depth = 0;
  let piece = '';
  const limit = Math.min(text.length, open + MAX_CALL_LENGTH);
  let i = open + 1;
  while (i < limit) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const triple = family === 'python' && text[i + 1] === c && text[i + 2] === c;
      let end = i + (triple ? 3 : 1);
      while (end < limit) {
        if (text[end] === '\\') end += 2;
        else if (triple ? text.startsWith(c.repeat(3), end) : text[end] === c) {
          end += triple ? 3 : 1;
          break;
        } else if (!triple && c !== '`' && text[end] === '\n') break;
        else end++;
      }
      piece += text.slice(i, end);
      i = end;
      continue;
    }
    if ((family === 'python' && c === '#') || (family === 'javascript' && c === '/' && text[i + 1] === '/')) {
      while (i < limit && text[i] !== '\n') i++;
      continue;
    }
    if (family === 'javascript' && c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? limit : close + 2;
      piece += ' ';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        if (piece.trim()) pieces.push(piece);
        return { pieces, close: i };
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      pieces.push(piece);
      piece = '';
      i++;
      continue;
    }
    piece += c;
    i++;
  }
  return { pieces, close: -1 };
}

/** A tiny evaluator for literal arithmetic: numbers, unary ±, + − * / ** and parentheses (`1/3`, `-0.2`, `1e-2`). */
function evaluateArithmetic(text: string): number | undefined {
  const tokens = text.match(/\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?|\*\*|[-+*/()]|\S/g);
  if (!tokens) return undefined;
  let index = 0;
  const peek = () => tokens[index];
  function primary(): number | undefined {
    const token = tokens![index++];
    if (token === undefined) return undefined;
    if (token === '(') {
      const value = sum();
      return tokens![index++] === ')' ? value : undefined;
    }
    if (token === '-' || token === '+') {
      const value = power();
      return value === undefined ? undefined : token === '-' ? -value : value;
    }
    if (/^[\d.]/.test(token)) {
      const value = Number(token.replace(/_/g, ''));
      return Number.isFinite(value) ? value : undefined;
    }
    return undefined;
  }
  function power(): number | undefined {
    const base = primary();
    if (base === undefined) return undefined;
    if (peek() === '**') {
      index++;
      const exponent = power();
      return exponent === undefined ? undefined : base ** exponent;
    }
    return base;
  }
  function product(): number | undefined {
    let value = power();
    while (value !== undefined && (peek() === '*' || peek() === '/')) {
      const operator = tokens![index++];
      const right = power();
      if (right === undefined) return undefined;
      value = operator === '*' ? value * right : value / right;
    }
    return value;
  }
  function sum(): number | undefined {
    let value = product();
    while (value !== undefined && (peek() === '+' || peek() === '-')) {
      const operator = tokens![index++];
      const right = product();
      if (right === undefined) return undefined;
      value = operator === '+' ? value + right : value - right;
    }
    return value;
  }
  const value = sum();
  return index === tokens.length && value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The value of a literal's source text, or undefined when it is not a literal. */
export function literalValue(text: string, family: SourceFamily): WrittenValue {
  const trimmed = text.trim();
  const string = family === 'python' ? /^[rRuU]?(["'])([^"'\\\n]*)\1$/.exec(trimmed) : /^(["'`])([^"'`\\\n$]*)\1$/.exec(trimmed);
  if (string) return string[2];
  if (family === 'python') {
    if (trimmed === 'True') return true;
    if (trimmed === 'False') return false;
    if (trimmed === 'None') return null;
  } else {
    if (trimmed === 'true') return true;
    if (trimmed === 'false') return false;
    if (trimmed === 'null') return null;
  }
  return /^[-+*/().\d\s_eE]+$/.test(trimmed) ? evaluateArithmetic(trimmed) : undefined;
}

const KEYWORD_ARGUMENT = /^([A-Za-z_][\w]*)\s*=(?!=)([\s\S]*)$/;
const OBJECT_ENTRY = /^(?:([A-Za-z_$][\w$]*)|(["'])([^"']*)\2)\s*:([\s\S]*)$/;

/** The entries of a JavaScript object literal `{ alpha: 0.1, 'name': … }` as keyword arguments. */
function objectEntries(text: string): WrittenArgument[] | undefined {
  const { pieces, close } = splitTopLevel(text, 0, 'javascript');
  if (close !== text.length - 1) return undefined;
  const out: WrittenArgument[] = [];
  for (const raw of pieces) {
    const piece = raw.trim();
    if (!piece) continue;
    const entry = OBJECT_ENTRY.exec(piece);
    if (entry) {
      const keyword = entry[1] ?? entry[3];
      const valueText = entry[4].trim();
      out.push({ keyword, text: valueText, value: literalValue(valueText, 'javascript') });
    } else if (piece.startsWith('...')) out.push({ text: piece, value: undefined, unpacked: true });
    else if (IDENTIFIER_ONLY.test(piece)) out.push({ keyword: piece, text: piece, value: undefined }); // { alpha } shorthand
  }
  return out;
}

const IDENTIFIER_ONLY = /^[A-Za-z_$][\w$]*$/;

/**
 * The arguments of the call whose `(` is at `open`. With `configObject` (TF.js layers), a lone object-literal
 * argument is read as keyword arguments.
 */
export function readCall(text: string, open: number, family: SourceFamily, configObject = false): WrittenCall {
  const { pieces, close } = splitTopLevel(text, open, family);
  const args: WrittenArgument[] = [];
  let position = 0;
  for (const raw of pieces) {
    const piece = raw.trim();
    if (!piece) continue;
    if (piece.startsWith('*') || piece.startsWith('...')) {
      args.push({ text: piece, value: undefined, unpacked: true });
      continue;
    }
    const keyword = family === 'python' ? KEYWORD_ARGUMENT.exec(piece) : null;
    if (keyword) {
      const valueText = keyword[2].trim();
      args.push({ keyword: keyword[1], text: valueText, value: literalValue(valueText, family) });
      continue;
    }
    if (configObject && piece.startsWith('{') && pieces.filter((p) => p.trim()).length === 1) {
      const entries = objectEntries(piece);
      if (entries) {
        args.push(...entries);
        continue;
      }
    }
    args.push({ position: position++, text: piece, value: literalValue(piece, family) });
  }
  return { arguments: args, end: close < 0 ? Math.min(text.length, open + MAX_CALL_LENGTH) : close + 1 };
}

/** The offset of the `(` that calls the name ending at `nameEnd` (spaces and tabs allowed between), or −1. */
export function callParenthesis(text: string, nameEnd: number): number {
  let i = nameEnd;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === '(' && !isIdentifierCode(text.charCodeAt(nameEnd)) ? i : -1;
}
