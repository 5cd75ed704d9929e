// Where a source file's comments and string literals are, found in one linear pass: the hover recogniser asks
// "is this offset code, a comment or a string?" with a binary search instead of re-reading the file.
// Two families of syntax: Python (also notebook cells) and JavaScript/TypeScript (also JSX/TSX).

/** The syntax a document is read with. */
export type SourceFamily = 'python' | 'javascript';

/** What a non-code span is: a comment, a one-line string ('…' "…"), a string that may span lines (Python's
 * triple-quoted strings, JavaScript's template literals) or a JavaScript regular-expression literal. */
export const SpanKind = { Comment: 1, String: 2, LongString: 3, Regex: 4 } as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** The comments and string literals of one text, sorted and non-overlapping, as [start, end) offsets. */
export class LexicalMap {
  constructor(
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly kinds: Uint8Array,
    readonly count: number,
  ) {}

  /** Index of the span containing `offset` (start ≤ offset < end), or −1 when the offset is in code. */
  spanAt(offset: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.ends[middle] <= offset) low = middle + 1;
      else if (this.starts[middle] > offset) high = middle - 1;
      else return middle;
    }
    return -1;
  }
}

/** Grows the span arrays as spans are found. */
class SpanBuilder {
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  kinds = new Uint8Array(256);
  count = 0;

  add(start: number, end: number, kind: SpanKind): void {
    if (this.count === this.starts.length) {
      const size = this.count * 2;
      const starts = new Int32Array(size);
      const ends = new Int32Array(size);
      const kinds = new Uint8Array(size);
      starts.set(this.starts);
      ends.set(this.ends);
      kinds.set(this.kinds);
      this.starts = starts;
      this.ends = ends;
      this.kinds = kinds;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.kinds[this.count] = kind;
    this.count++;
  }

  build(): LexicalMap {
    return new LexicalMap(this.starts, this.ends, this.kinds, this.count);
  }
}

const HASH = 35;
const QUOTE = 34;
const APOSTROPHE = 39;
const BACKTICK = 96;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const NEWLINE = 10;
const RETURN = 13;
const DOLLAR = 36;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** True for the characters of an identifier ([A-Za-z0-9_$] and anything non-ASCII). */
export function isIdentifierCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === DOLLAR || code > 127;
}

/** End (exclusive) of a one-line string opened by `quote` at `start`: the closing quote, or the line's end. */
function oneLineStringEnd(text: string, start: number, quote: number): number {
  const length = text.length;
  let i = start + 1;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i += 2;
    else if (code === quote) return i + 1;
    else if (code === NEWLINE || code === RETURN) return i;
    else i++;
  }
  return length;
}

/** Comments and strings of Python source: `#` comments, '…' "…" '''…''' """…""" (any prefix; escapes honoured). */
function scanPython(text: string): LexicalMap {
  const spans = new SpanBuilder();
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === HASH) {
      let end = i + 1;
      while (end < length) {
        const c = text.charCodeAt(end);
        if (c === NEWLINE || c === RETURN) break;
        end++;
      }
      spans.add(i, end, SpanKind.Comment);
      i = end;
    } else if (code === QUOTE || code === APOSTROPHE) {
      if (text.charCodeAt(i + 1) === code && text.charCodeAt(i + 2) === code) {
        let end = i + 3;
        for (;;) {
          if (end >= length) {
            end = length;
            break;
          }
          const c = text.charCodeAt(end);
          if (c === BACKSLASH) end += 2;
          else if (c === code && text.charCodeAt(end + 1) === code && text.charCodeAt(end + 2) === code) {
            end += 3;
            break;
          } else end++;
        }
        spans.add(i, end, SpanKind.LongString);
        i = end;
      } else {
        const end = oneLineStringEnd(text, i, code);
        spans.add(i, end, SpanKind.String);
        i = end;
      }
    } else {
      i++;
    }
  }
  return spans.build();
}

const REGEX_KEYWORDS = new Set(['return', 'typeof', 'case', 'in', 'of', 'delete', 'void', 'throw', 'new', 'instanceof', 'yield', 'await', 'else', 'do']);

/** Whether a `/` at `slash` starts a regular expression (rather than dividing), judged by what precedes it. */
function slashStartsRegex(text: string, slash: number): boolean {
  let i = slash - 1;
  while (i >= 0) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== NEWLINE && code !== RETURN) break;
    i--;
  }
  if (i < 0) return true;
  const code = text.charCodeAt(i);
  if (code === 41 || code === CLOSE_BRACKET) return false; // `)` `]`: a value ends there
  if (isIdentifierCode(code)) {
    let start = i;
    while (start > 0 && isIdentifierCode(text.charCodeAt(start - 1))) start--;
    return REGEX_KEYWORDS.has(text.slice(start, i + 1));
  }
  return true;
}

/** End (exclusive) of a regex literal at `start`, or −1 when it is not one (no closing `/` on the line). */
function regexEnd(text: string, start: number): number {
  const length = text.length;
  let inClass = false;
  let i = start + 1;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === NEWLINE || code === RETURN) return -1;
    if (code === BACKSLASH) i += 2;
    else if (code === OPEN_BRACKET) (inClass = true), i++;
    else if (code === CLOSE_BRACKET) (inClass = false), i++;
    else if (code === SLASH && !inClass) {
      i++;
      while (i < length && isIdentifierCode(text.charCodeAt(i))) i++; // flags
      return i;
    } else i++;
  }
  return -1;
}

/** End (exclusive) of a template literal at `start`, skipping `${ … }` substitutions (with their own strings). */
function templateEnd(text: string, start: number): number {
  const length = text.length;
  let i = start + 1;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i += 2;
    else if (code === BACKTICK) return i + 1;
    else if (code === DOLLAR && text.charCodeAt(i + 1) === OPEN_BRACE) {
      let depth = 1;
      i += 2;
      while (i < length && depth > 0) {
        const c = text.charCodeAt(i);
        if (c === OPEN_BRACE) depth++, i++;
        else if (c === CLOSE_BRACE) depth--, i++;
        else if (c === QUOTE || c === APOSTROPHE) i = oneLineStringEnd(text, i, c);
        else if (c === BACKTICK) i = templateEnd(text, i);
        else i++;
      }
    } else i++;
  }
  return length;
}

/** Comments and strings of JavaScript/TypeScript: `//` and block comments, '…' "…" `…` and regex literals. */
function scanJavaScript(text: string): LexicalMap {
  const spans = new SpanBuilder();
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === SLASH) {
        let end = i + 2;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === NEWLINE || c === RETURN) break;
          end++;
        }
        spans.add(i, end, SpanKind.Comment);
        i = end;
      } else if (next === STAR) {
        const close = text.indexOf('*/', i + 2);
        const end = close < 0 ? length : close + 2;
        spans.add(i, end, SpanKind.Comment);
        i = end;
      } else if (slashStartsRegex(text, i)) {
        const end = regexEnd(text, i);
        if (end < 0) i++;
        else {
          spans.add(i, end, SpanKind.Regex);
          i = end;
        }
      } else i++;
    } else if (code === QUOTE || code === APOSTROPHE) {
      const end = oneLineStringEnd(text, i, code);
      spans.add(i, end, SpanKind.String);
      i = end;
    } else if (code === BACKTICK) {
      const end = templateEnd(text, i);
      spans.add(i, end, SpanKind.LongString);
      i = end;
    } else i++;
  }
  return spans.build();
}

/** The comments and strings of `text` read as `family`. */
export function scanSource(text: string, family: SourceFamily): LexicalMap {
  return family === 'python' ? scanPython(text) : scanJavaScript(text);
}
