// Python source text for numbers and arrays in generated programs: float32 values in the fewest digits
// that read back to the same float32, wrapped lists, base64 of little-endian float32, compact JSON comments.

/**
 * The shortest decimal text of a float32 value that Python reads back (float(text), then rounded to
 * float32 by torch) as exactly that value. Finite values only.
 */
export function float32Literal(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`float32Literal: ${value} is not a finite number`);
  if (Object.is(value, -0)) return '-0.0';
  const target = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    // Number(text) is the double nearest the decimal, as Python's float(text) is; fround rounds it as torch does.
    const text = String(Number(target.toPrecision(digits)));
    if (Math.fround(Number(text)) === target) return text;
  }
  return String(target);
}

/** Items joined by ", " on lines of at most `width` characters, each line starting with `indent`. */
export function wrapItems(items: readonly string[], indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const piece = line === '' ? item : `, ${item}`;
    if (line !== '' && indent.length + line.length + piece.length + 1 > width) {
      lines.push(`${indent}${line},`);
      line = item;
    } else {
      line += piece;
    }
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines.join('\n');
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (RFC 4648, with padding) of bytes. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const triple = (a << 16) | (b << 8) | c;
    out += BASE64_ALPHABET[(triple >> 18) & 63] + BASE64_ALPHABET[(triple >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64_ALPHABET[(triple >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64_ALPHABET[triple & 63] : '=';
  }
  return out;
}

/** Base64 of the values as little-endian float32, whatever the host's byte order. */
export function float32Base64(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return base64(bytes);
}

/** A Python tuple literal for a shape: `(250, 2)`, `(8,)`. */
export function pythonShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** JSON on one line with a space after each comma and colon: `{"type": "dense", "units": 8}`. */
function oneLineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLineJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${oneLineJson(item)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * JSON with two-space indentation, except that any object or array that fits on one line of `width`
 * characters is written on one line: short enough to read as a comment.
 */
export function compactJson(value: unknown, width = 96, indent = ''): string {
  const flat = oneLineJson(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= width) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${compactJson(item, width, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${compactJson(item, width, inner)}`).join(',\n')}\n${indent}}`;
}
