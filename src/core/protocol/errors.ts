// Turns a JSON Schema validation error into a sentence that names the field and what it expects, e.g.
// `model.layers[2].type must be one of "dense", "conv2d", "maxpool2d", "flatten" (got "lstm")`.

/** The fields of an ajv error that the message is built from. */
export interface SchemaError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
  /** The schema node holding the failing keyword (ajv's `verbose` option). */
  readonly parentSchema?: Readonly<Record<string, unknown>>;
}

type SchemaNode = Readonly<Record<string, unknown>>;

/**
 * The segments of a JSON Pointer. Only a URI fragment (`#/definitions/…`, a schema path or `$ref`) is
 * percent-encoded; an instance path (`/model/layers/0`) holds the data's keys as they are, so a key such as
 * `%` or `%41` must not be URI-decoded (that threw "URI malformed", or named the wrong key).
 */
function pointerSegments(pointer: string): string[] {
  const fragment = pointer.startsWith('#');
  const body = fragment ? pointer.slice(1) : pointer;
  if (body === '' || body === '/') return [];
  return body
    .slice(1)
    .split('/')
    .map((s) => (fragment ? decodeURIComponent(s) : s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function at(root: unknown, segments: readonly string[]): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** `/model/layers/0/units` → `model.layers[0].units`; the root is `spec`. */
export function fieldPath(instancePath: string, extra?: string): string {
  const segments = pointerSegments(instancePath);
  if (extra !== undefined) segments.push(extra);
  let path = '';
  for (const segment of segments) path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  return path === '' ? 'spec' : path;
}

/** A value as it should appear in "(got …)": JSON, shortened. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Follows `$ref`s (local ones only) to the node they name. */
function dereference(root: SchemaNode, node: unknown): SchemaNode | undefined {
  let current = node as SchemaNode | undefined;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 10; hops++) current = at(root, pointerSegments(current.$ref)) as SchemaNode | undefined;
  return current;
}

/** The `errorMessage` of the nearest schema node at or above `segments` (what the field expects). */
function expectation(root: SchemaNode, segments: readonly string[]): string | undefined {
  for (let end = segments.length; end >= 0; end--) {
    const node = dereference(root, at(root, segments.slice(0, end)));
    if (node && typeof node.errorMessage === 'string') return node.errorMessage;
  }
  return undefined;
}

/** The tag values a discriminated `oneOf` accepts. */
function discriminatorValues(node: SchemaNode | undefined, tag: string): string[] {
  const branches = (node?.oneOf as SchemaNode[] | undefined) ?? [];
  return branches.map((branch) => (branch.properties as Record<string, SchemaNode> | undefined)?.[tag]?.const).filter((v): v is string => typeof v === 'string');
}

/** A readable, field-naming message for one schema error on `data`. */
export function formatSchemaError(error: SchemaError, data: unknown, schema: SchemaNode): string {
  const schemaSegments = pointerSegments(error.schemaPath);
  const keywordParent = schemaSegments.slice(0, -1);
  // The node holding the keyword: given by ajv (verbose), else found from the root (paths inside a $ref'd
  // definition are relative to that definition, so the root lookup is only a fallback).
  const parentNode = dereference(schema, error.parentSchema ?? at(schema, keywordParent));
  const value = at(data, pointerSegments(error.instancePath));
  const path = fieldPath(error.instancePath);
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      const parent = parentNode;
      const property = dereference(schema, (parent?.properties as Record<string, unknown> | undefined)?.[missing]);
      const expected = typeof property?.errorMessage === 'string' ? `: ${property.errorMessage}` : '';
      return `${fieldPath(error.instancePath, missing)} is required${expected}`;
    }
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      const parent = parentNode;
      const known = Object.keys((parent?.properties as Record<string, unknown> | undefined) ?? {}).filter((k) => k !== '$schema');
      const title = typeof parent?.title === 'string' ? ` of ${parent.title}` : '';
      return `${fieldPath(error.instancePath, extra)} is not a field${title}; known fields: ${known.join(', ')}`;
    }
    case 'discriminator': {
      const tag = String(error.params.tag);
      const allowed = discriminatorValues(parentNode, tag).map((v) => `"${v}"`).join(', ');
      return `${fieldPath(error.instancePath, tag)} must be one of ${allowed} (got ${showValue(error.params.tagValue)})`;
    }
    default: {
      const own = typeof parentNode?.errorMessage === 'string' ? parentNode.errorMessage : undefined;
      const expected = own ?? expectation(schema, keywordParent) ?? error.message ?? 'valid';
      return `${path} must be ${expected} (got ${showValue(value)})`;
    }
  }
}
