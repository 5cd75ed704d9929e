// Turns a zod validation failure into one readable message that names the field and what was expected,
// e.g. `functions[0].params.negative_slope: expected number, received string`.
import { z } from 'zod';

// Panels run under a Content-Security-Policy without 'unsafe-eval': keep zod from compiling validators
// with `new Function` (its JIT), everywhere, so behaviour is the same in webviews, workers and Node.
z.config({ jitless: true });

/** A field path as written in code: `functions[0].params.alpha`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(message)';
}

/** Most issues a message lists (a message with 100 000 wrong entries would otherwise run to megabytes). */
const MAX_LISTED_ISSUES = 10;

/** Every issue as `path: message`, joined (the first ten, then how many more). */
export function describeIssues(error: z.ZodError): string {
  const listed = error.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `${fieldPath(issue.path)}: ${issue.message}`).join('; ');
  return error.issues.length > MAX_LISTED_ISSUES ? `${listed} (and ${error.issues.length - MAX_LISTED_ISSUES} more)` : listed;
}

/** The result of validating untrusted input. */
export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Where the value holds the most entries: `cells[1].outputs: 200000 entries`. Found without recursion; used when
 * zod itself fails on a value.
 */
export function largestContainer(root: unknown): string {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  let largest: { path: PropertyKey[]; size: number } = { path: [], size: 0 };
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const keys = Array.isArray(value) ? null : Object.keys(value);
    const size = keys ? keys.length : (value as unknown[]).length;
    if (size > largest.size) largest = { path, size };
    if (path.length >= 64) continue;
    if (keys) for (const key of keys) stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    else (value as unknown[]).forEach((child, i) => stack.push({ value: child, path: [...path, i] }));
  }
  return `${fieldPath(largest.path)}: ${largest.size} entries, too many to check one by one; send fewer`;
}

/** Parses `input` with `schema`; never throws. */
export function validate<T>(schema: z.ZodType<T>, input: unknown, what: string): Validated<T> {
  let result: ReturnType<typeof schema.safeParse>;
  try {
    result = schema.safeParse(input);
  } catch (error) {
    // zod gathers the issues of an array or record with a spread: ~120 000 bad entries overflowed the stack, and
    // the parser that must never throw threw a RangeError. Name the biggest array or object instead.
    if (error instanceof RangeError) return { ok: false, error: `invalid ${what}: ${largestContainer(input)}` };
    return { ok: false, error: `invalid ${what}: it could not be checked (${error instanceof Error ? error.message : String(error)})` };
  }
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: `invalid ${what}: ${describeIssues(result.error)}` };
}
