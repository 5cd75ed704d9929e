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

/** Every issue as `path: message`, joined. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`).join('; ');
}

/** The result of validating untrusted input. */
export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses `input` with `schema`; never throws. */
export function validate<T>(schema: z.ZodType<T>, input: unknown, what: string): Validated<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: `invalid ${what}: ${describeIssues(result.error)}` };
}
