// The fuzz campaign's shared generators: hostile values (HTML and script, unicode oddities, megabyte strings,
// NaN/Infinity/-0/1e308, deep nesting, wrong types) and the mutation machinery that takes a structurally valid
// value and breaks exactly one field of it, remembering which, so a property can ask that the rejection names it.
import fc from 'fast-check';

/** One step of a path into a JSON value: an object key or an array index. */
export type Segment = string | number;
export type Path = readonly Segment[];

/** Text that would run script (or make a link) if any layer ever parsed it as HTML; every one sets `window.__pwned`. */
export const HTML_ATTACKS: readonly string[] = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload="window.__pwned=1">',
  "'><iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
  '<a href="https://evil.example/">click</a>',
  '<a href="javascript:window.__pwned=1">js</a>',
  '<b>bold</b><i>x</i><br>',
  '<actlab-injected></actlab-injected>',
  '<style>*{display:none}</style>',
  '&lt;script&gt;window.__pwned=1&lt;/script&gt;',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '%{y}<extra>%{x}</extra>',
  '${window.__pwned=1}',
];

/** Strings that are awkward for parsers, paths and terminals rather than HTML. */
export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDC00y',
  '\u202Eevil\u202C',
  '\u200B',
  '\uFEFF',
  'ß🙂𝒳̀́',
  'Ǆ ﬁ İ ı',
  '\r\n',
  '\n\n',
  '"',
  "'",
  '\\',
  ',',
  '""',
  '%',
  '%zz',
  '%41',
  '~0~1/',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x1F',
  '1_000',
  'relu',
  'ReLU',
  'nn.LeakyReLU',
  'null',
  'undefined',
  '{}',
  '[]',
];

/** Big strings built once: a megabyte of text, and a megabyte of one hostile string repeated. */
let bigStrings: string[] | null = null;
export function megabyteStrings(): readonly string[] {
  bigStrings ??= ['A'.repeat(1 << 20), '<img src=x onerror="window.__pwned=1">'.repeat(28_000), '🙂'.repeat(300_000), `${'x'.repeat(70_000)}\u0000`];
  return bigStrings;
}

/** Hostile strings: HTML attacks, odd unicode, random text (all units), combinations, and rarely a megabyte. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HTML_ATTACKS), weight: 5 },
  { arbitrary: fc.constantFrom(...ODD_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...ODD_STRINGS), fc.constantFrom(...HTML_ATTACKS)).map(([a, b]) => `${a}${b}`), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 3 }).map((i) => megabyteStrings()[i]), weight: 1 },
);

/** Numbers that break naive checks: non-finite, signed zero, extremes, float32 overflow, unsafe integers. */
export const HOSTILE_NUMBERS: readonly number[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  -1,
  1,
  0.5,
  1.5,
  -1.5,
  2,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  3.4028235e38,
  1e39,
  -1e39,
  2 ** 31,
  2 ** 32,
  1e9,
  1e15,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.EPSILON,
  1e-300,
];

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_NUMBERS), weight: 6 },
  { arbitrary: fc.double(), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.integer({ min: -3, max: 10_000 }), weight: 1 },
);

/** Builds arrays (or objects) nested `depth` deep without recursion (JSON.stringify cannot even print the deep ones). */
export function nested(depth: number, kind: 'array' | 'object', leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** Deep nesting around and beyond every limit (payload depth 24), up to 100 000 levels. */
export const deepValue: fc.Arbitrary<unknown> = fc
  .record({ depth: fc.constantFrom(23, 24, 25, 33, 200, 5_000, 100_000), kind: fc.constantFrom('array' as const, 'object' as const), leaf: fc.constantFrom<unknown>(1, 'x', null, Number.NaN) })
  .map(({ depth, kind, leaf }) => nested(depth, kind, leaf));

/** Values of the wrong type for almost any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  undefined,
  true,
  false,
  [],
  {},
  [[]],
  [null],
  { length: 1e9 },
  { 0: 1, length: 1 },
  [1, 'two', null],
  { name: 'relu' },
  { type: 'dense' },
  { toString: 'x' },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
);

/** Large containers, built once (the checks never change their input): flat arrays and an object with 200 000 keys. */
let bigContainers: unknown[] | null = null;
function largeContainers(): readonly unknown[] {
  bigContainers ??= [new Array<number>(200_000).fill(0.5), new Array<number>(700_000).fill(0.5), Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, {}]))];
  return bigContainers;
}

/** A large flat array (hundreds of thousands of entries). */
export const hugeArray: fc.Arbitrary<unknown> = fc.constantFrom(0, 1).map((i) => largeContainers()[i]);

/** An object with 200 000 keys, each value of the wrong type for most records (zod gathers their issues with a spread). */
export const hugeObject: fc.Arbitrary<unknown> = fc.constant(2).map((i) => largeContainers()[i]);

/** Any hostile value (the large containers rarely: each takes a second or two to check). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 10 },
  { arbitrary: hostileNumber, weight: 10 },
  { arbitrary: wrongType, weight: 8 },
  { arbitrary: deepValue, weight: 2 },
  { arbitrary: fc.oneof(hugeArray, hugeObject), weight: 1 },
  { arbitrary: fc.array(hostileNumber, { maxLength: 4 }), weight: 2 },
  { arbitrary: fc.array(hostileString, { maxLength: 3 }), weight: 2 },
  { arbitrary: fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withSparseArray: true }), weight: 4 },
);

/** Keys to add to objects: HTML, prototype names, JSON-pointer and URI specials, unicode. Never all digits. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '<img src=x onerror="window.__pwned=1">', 'a/b', 'a~b', '%', '%zz', '%41', '100%', 'a.b', 'x[0]', '\u202Ekey', '\uD800', 'ключ', 'extra', ''),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
).filter((key) => !/^\d+$/.test(key));

// ── paths and mutation ─────────────────────────────────────────────────────────────────────────────────

/** `model.layers[2].units` (a root of `''`); keys are written as they are, indices in brackets. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A deep copy of a JSON-like value (the generated valid values are small; own keys, `__proto__` included). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) defineKey(out, key, cloneJson(value[key]));
    return out as T;
  }
  return value;
}

/** Sets an own property (even `__proto__`, as JSON.parse does). */
export function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every path in `value` (root included), arrays longer than `maxArray` sampled at their ends only. */
export function allPaths(value: unknown, maxArray = 8): Path[] {
  const out: Path[] = [];
  const walk = (node: unknown, path: Segment[]) => {
    out.push(path);
    if (Array.isArray(node)) {
      const indices = node.length <= maxArray ? node.map((_, i) => i) : [0, 1, node.length - 1];
      for (const i of indices) walk(node[i], [...path, i]);
    } else if (isRecord(node)) {
      for (const key of Object.keys(node)) walk(node[key], [...path, key]);
    }
  };
  walk(value, []);
  return out;
}

export function getAt(value: unknown, path: Path): unknown {
  let node = value;
  for (const segment of path) node = (node as Record<string | number, unknown> | null | undefined)?.[segment];
  return node;
}

/** What was done to the valid value. */
export interface Mutation {
  /** replace: the node at `path` became `value`; delete: the key at `path` was removed; add: key `path`'s last segment was added. */
  readonly op: 'replace' | 'delete' | 'add' | 'shrink-array' | 'grow-array';
  /** The field the mutation touched (for `add`, the new key's path). */
  readonly path: Path;
  /** Short description of the new value, for reports. */
  readonly what: string;
}

/** A generated input: the (possibly mutated) value, the mutation, and a short printable form. */
export interface Case<Meta = unknown> {
  readonly value: unknown;
  readonly mutation: Mutation | null;
  /** Whatever the valid generator knew about the value (e.g. the CSV's line numbers). */
  readonly meta: Meta;
}

/** A value in a few characters, for reports (never JSON.stringify of a deep value). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `string(${value.length}) ${JSON.stringify(value.slice(0, 30))}…` : JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value)) {
    let depth = 0;
    for (let node: unknown = value; Array.isArray(node) && depth < 200_001; node = node[0]) depth++;
    if (depth > 3) return `array nested ${depth} deep`;
    return value.length <= 3 ? `[${value.map(describe).join(', ')}]` : `array(${value.length})`;
  }
  if (isRecord(value)) {
    let depth = 0;
    for (let node: unknown = value; isRecord(node) && depth < 200_001; node = node.a) depth++;
    if (depth > 3) return `object nested ${depth} deep`;
    const keys = Object.keys(value);
    return `{${keys.slice(0, 4).map((k) => JSON.stringify(k.slice(0, 20))).join(', ')}${keys.length > 4 ? ', …' : ''}}`;
  }
  if (value instanceof Map || value instanceof Set) return `${value.constructor.name}(${value.size})`;
  if (value !== null && typeof value === 'object') return `${Object.prototype.toString.call(value)} ${(() => { try { return JSON.stringify(value)?.slice(0, 40); } catch { return ''; } })()}`;
  return String(value);
}

/** Values that keep a field's type but push its range (for numbers), or break its content (strings, arrays). */
function nearValue(original: unknown): fc.Arbitrary<unknown> {
  if (typeof original === 'number') return fc.oneof(hostileNumber, fc.constantFrom(original + 1, original - 1, -original, original * 1000, original / 3));
  if (typeof original === 'string') return hostileString;
  if (typeof original === 'boolean') return fc.constantFrom<unknown>(!original, 'true', 0, 1);
  if (Array.isArray(original)) return fc.oneof(fc.constant([]), fc.array(hostileValue, { maxLength: 3 }), deepValue);
  return hostileValue;
}

export interface MutationOptions {
  /** Share of cases left valid (0 … 1); default 0.15. */
  readonly validShare?: number;
}

/**
 * A valid value from `valid`, then (most of the time) one field of it mutated — replaced by a hostile value or a
 * near-valid one, deleted, or given a hostile sibling key — so that most cases pass the first checks and probe deeper.
 */
export function mutated<T, Meta>(valid: fc.Arbitrary<{ value: T; meta: Meta }>, options: MutationOptions = {}): fc.Arbitrary<Case<Meta>> {
  const validPercent = Math.round((options.validShare ?? 0.15) * 100);
  return fc
    .record({ base: valid, dice: fc.integer({ min: 0, max: 99 }), pick: fc.nat(), op: fc.integer({ min: 0, max: 99 }) })
    .chain(({ base, dice, pick, op }) => {
      if (dice < validPercent) return fc.constant<Case<Meta>>({ value: base.value, mutation: null, meta: base.meta });
      const paths = allPaths(base.value);
      // Any node, the root included, with the same chance.
      const path = paths[pick % paths.length];
      const node = getAt(base.value, path);
      const parent = path.length ? getAt(base.value, path.slice(0, -1)) : undefined;
      const last = path[path.length - 1];
      if (op < 12 && isRecord(parent) && typeof last === 'string') {
        return fc.constant<Case<Meta>>({ value: withDeleted(base.value, path), mutation: { op: 'delete', path, what: 'deleted' }, meta: base.meta });
      }
      if (op < 22 && isRecord(node)) {
        return fc.tuple(hostileKey, hostileValue).map(([key, value]): Case<Meta> => ({
          value: withAdded(base.value, path, key, value),
          mutation: { op: 'add', path: [...path, key], what: `added key ${JSON.stringify(key.slice(0, 20))} = ${describe(value)}` },
          meta: base.meta,
        }));
      }
      if (op < 28 && Array.isArray(node) && node.length > 0) {
        return fc.constant<Case<Meta>>({ value: withReplaced(base.value, path, node.slice(0, -1)), mutation: { op: 'shrink-array', path, what: `dropped the last of ${node.length} entries` }, meta: base.meta });
      }
      if (op < 33 && Array.isArray(node) && node.length > 0) {
        return hostileValue.map((value): Case<Meta> => ({ value: withReplaced(base.value, path, [...node, value]), mutation: { op: 'grow-array', path, what: `appended ${describe(value)}` }, meta: base.meta }));
      }
      const replacement = op < 70 ? nearValue(node) : hostileValue;
      return replacement.map((value): Case<Meta> => ({ value: withReplaced(base.value, path, value), mutation: { op: 'replace', path, what: `${describe(node)} → ${describe(value)}` }, meta: base.meta }));
    });
}

/** A copy of `root` with the node at `path` replaced. */
export function withReplaced(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = cloneJson(root);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent[last as number] = value;
  else defineKey(parent, String(last), value);
  return copy;
}

function withDeleted(root: unknown, path: Path): unknown {
  const copy = cloneJson(root);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string, unknown>;
  delete parent[path[path.length - 1] as string];
  return copy;
}

function withAdded(root: unknown, path: Path, key: string, value: unknown): unknown {
  const copy = cloneJson(root);
  defineKey(getAt(copy, path) as Record<string, unknown>, key, value);
  return copy;
}

/** The mutation as it acts: a field replaced by `undefined` is a field deleted (JSON has no undefined). */
export function effectiveOp(value: Case): Mutation['op'] | null {
  const m = value.mutation;
  if (!m) return null;
  return m.op === 'replace' && m.path.length > 0 && getAt(value.value, m.path) === undefined ? 'delete' : m.op;
}

/** A short printable form of a case, for counterexample reports. */
export function caseSummary(value: Case): string {
  const m = value.mutation;
  return m ? `${m.op} at ${formatPath(m.path) || '(root)'}: ${m.what}` : 'unmutated valid value';
}

// ── rejection messages ───────────────────────────────────────────────────────────────────────────────

/** Messages that mean a check crashed instead of rejecting: an engine error leaked through a validation layer. */
export const INTERNAL_ERROR = /Maximum call stack|Invalid (typed )?array length|Array buffer allocation failed|Cannot read propert|Cannot convert|is not a function|is not iterable|is not defined|URI malformed|out of memory|could not be checked/i;

/**
 * Whether `message` names the field at `path`: the path as written (`model.layers[2].units`), or its parent path
 * with the last key quoted or after a dot (`state.functions[0].params: leaky_relu: parameter "negative_slope"`).
 * `prefix` is how the validator roots paths (`state.` inside a message, `setup.spec: …`).
 */
export function namesPath(message: string, givenPath: Path, prefixes: readonly string[] = ['']): boolean {
  // A key "" cannot be written in a path (`a..b`): name what holds it instead.
  const blank = givenPath.indexOf('');
  const path = blank < 0 ? givenPath : givenPath.slice(0, blank);
  if (blank >= 0 && path.length === 0) return true;
  const full = formatPath(path);
  for (const prefix of prefixes) {
    const rooted = prefix && full ? (full.startsWith('[') ? `${prefix.replace(/\.$/, '')}${full}` : `${prefix}${full}`) : `${prefix}${full}`;
    if (rooted && message.includes(rooted)) return true;
    const last = path[path.length - 1];
    if (path.length >= 1 && typeof last === 'string') {
      const parent = formatPath(path.slice(0, -1));
      const parentRooted = parent ? `${prefix}${parent}` : prefix.replace(/\.$/, '');
      if ((parentRooted === '' || message.includes(parentRooted)) && (message.includes(`"${last}"`) || message.includes(`.${last}`) || message.includes(` ${last} `) || message.includes(`${last}:`))) return true;
    }
  }
  return false;
}
