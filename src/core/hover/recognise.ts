// The hover recogniser: given a document's text, its language and an offset, finds the activation named there
// (`nn.LeakyReLU(0.2)`, `F.elu(x, alpha=0.5)`, `jax.nn.gelu`, `tf.layers.leakyReLU({alpha: 0.1})`,
// `activation="swish"` …), resolves import aliases from the file's own imports, and reports the catalog record,
// the framework callable and the parameters written or left to that framework's defaults. Pure and synchronous:
// no file system, no network. Names that are not activations, comments and ordinary strings give undefined.
import type { Activation, ActivationParams, FrameworkApi, FrameworkEntry } from '../activations/types';
import { callParenthesis, readCall, type WrittenArgument } from './callArguments';
import { catalogCallable, catalogString, FRAMEWORK_LABELS, normalisePythonName, type CatalogName, type FrameworkKey } from './catalogNames';
import { mergeImports, parseImports, TFJS_ROOT, type ImportBindings } from './imports';
import { isIdentifierCode, scanSource, SpanKind, type LexicalMap, type SourceFamily } from './lexical';
import { readParameters, type ParameterReading } from './parameters';

/** A document read once per version: its text, syntax, comments/strings and import bindings. */
export interface SourceAnalysis {
  readonly text: string;
  readonly family: SourceFamily;
  readonly lexical: LexicalMap;
  readonly imports: ImportBindings;
}

/** What the hover found at an offset. */
export interface RecognisedActivation {
  /** The hovered text's range [start, end): the dotted name, or the string literal with its quotes. */
  readonly start: number;
  readonly end: number;
  /** The name or string as written (`nn.LeakyReLU`, `"swish"`). */
  readonly written: string;
  readonly activation: Activation;
  readonly framework: FrameworkKey;
  /** `PyTorch`, `Keras`, `TensorFlow`, `JAX`, `Flax`, `TensorFlow.js`. */
  readonly frameworkLabel: string;
  /** A class / layer, a function of the input, or an activation string (`activation="gelu"`). */
  readonly kind: 'module' | 'functional' | 'string';
  /** The framework callable whose defaults apply; undefined for a TF.js layer string the catalog documents no op for. */
  readonly api: FrameworkApi | undefined;
  readonly entry: FrameworkEntry;
  /** The catalog's name for what was written (`torch.nn.LeakyReLU`; for a string, the string). */
  readonly canonical: string;
  /** True when the name is called here (its arguments were read). */
  readonly called: boolean;
  /** Every catalog parameter: written, or left to the framework's default. */
  readonly parameters: readonly ParameterReading[];
  /** The parameters this code computes with (written literals over the framework's defaults), checked. */
  readonly params: ActivationParams;
  /** Catalog parameters the code leaves to the framework's default (not written at all). */
  readonly defaulted: readonly string[];
  /** Framework arguments written that the catalog record does not represent (so the curve does not show them). */
  readonly unrepresented: readonly WrittenArgument[];
  /** Positional arguments after an `*args` / `...spread` could not be matched. */
  readonly unpackedArguments: boolean;
}

/** Recogniser options. */
export interface RecogniseOptions {
  /** Bindings from outside the text, earlier ones first: a notebook's earlier cells. */
  readonly contextImports?: readonly ImportBindings[];
}

/** The syntax family of a VS Code language id: JavaScript for JS/TS/JSX/TSX (and Vue/Svelte), else Python. */
export function languageFamily(languageId: string): SourceFamily {
  return /javascript|typescript|^(?:vue|svelte|astro|html|mdx)$/i.test(languageId) ? 'javascript' : 'python';
}

/** Reads a document once: its comments and strings, and what its imports bind. */
export function analyseSource(text: string, languageId: string): SourceAnalysis {
  const family = languageFamily(languageId);
  const lexical = scanSource(text, family);
  return { text, family, lexical, imports: parseImports(text, family, lexical) };
}

/**
 * Conventional aliases, used only for a root name the file's imports do not bind (a notebook cell or a snippet
 * whose imports are elsewhere): `F` is torch.nn.functional, `nn` torch.nn (or flax.linen), `tf` TensorFlow.
 */
const CONVENTIONAL_ROOTS: Readonly<Record<SourceFamily, Readonly<Record<string, readonly string[]>>>> = {
  python: {
    torch: ['torch'],
    F: ['torch.nn.functional'],
    nn: ['torch.nn', 'flax.linen'],
    tf: ['tensorflow'],
    tensorflow: ['tensorflow'],
    keras: ['keras'],
    layers: ['keras.layers'],
    activations: ['keras.activations'],
    jax: ['jax'],
    flax: ['flax'],
  },
  javascript: { tf: [TFJS_ROOT] },
};

/** Calls whose first positional argument is an activation name: `keras.layers.Activation("relu")`. */
const ACTIVATION_NAME_CALLEES = new Set(['keras.layers.Activation', 'keras.activations.get']);

/** A keyword, parameter or object key that holds an activation (`activation`, `recurrent_activation`, `outputActivation`). */
const ACTIVATION_KEY = /activation$/i;

const DOTTED_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/** What a dotted name may stand for, fully qualified and in the catalog's spelling, most likely first. */
function qualifiedCandidates(chain: string, imports: ImportBindings, family: SourceFamily): string[] {
  const dot = chain.indexOf('.');
  const root = dot < 0 ? chain : chain.slice(0, dot);
  const rest = dot < 0 ? '' : chain.slice(dot);
  const out: string[] = [];
  const bound = imports.names.get(root);
  if (bound !== undefined) out.push(bound + rest);
  else {
    if (dot < 0) for (const module of imports.starModules) out.push(`${module}.${chain}`);
    for (const conventional of CONVENTIONAL_ROOTS[family][root] ?? []) out.push(conventional + rest);
  }
  return family === 'python' ? out.map(normalisePythonName) : out;
}

function resolveName(chain: string, imports: ImportBindings, family: SourceFamily): CatalogName | undefined {
  for (const candidate of qualifiedCandidates(chain, imports, family)) {
    const found = catalogCallable(candidate, family);
    if (found) return found;
  }
  return undefined;
}

/** Walks backwards from `from` over whitespace and comments; the offset of the first code character, or −1. */
function previousCode(analysis: SourceAnalysis, from: number): number {
  const { text, lexical } = analysis;
  let i = from;
  while (i >= 0) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 92) {
      i--;
      continue;
    }
    const span = lexical.spanAt(i);
    if (span >= 0 && lexical.kinds[span] === SpanKind.Comment) {
      i = lexical.starts[span] - 1;
      continue;
    }
    return i;
  }
  return -1;
}

/** The dotted name ending at `end` (inclusive), e.g. the callee before a `(`. */
function nameEndingAt(text: string, end: number): { start: number; name: string } {
  let start = end + 1;
  while (start > 0 && (isIdentifierCode(text.charCodeAt(start - 1)) || text[start - 1] === '.')) start--;
  return { start, name: text.slice(start, end + 1) };
}

/** The offset of the `(` of the innermost call around `offset` (brackets, strings and comments skipped), or −1. */
function enclosingCallParenthesis(analysis: SourceAnalysis, offset: number, limit = 20_000): number {
  const { text, lexical } = analysis;
  let depth = 0;
  const stop = Math.max(0, offset - limit);
  for (let i = offset; i >= stop; i--) {
    const span = lexical.spanAt(i);
    if (span >= 0) {
      i = lexical.starts[span];
      continue;
    }
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0 && c === '(') return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** Whether the string literal at [start, end) sits where an activation name is expected. */
function stringIsActivationArgument(analysis: SourceAnalysis, start: number, imports: ImportBindings): boolean {
  const { text, family, lexical } = analysis;
  const before = previousCode(analysis, start - 1);
  if (before < 0) return false;
  const c = text[before];
  if (c === '=') {
    if ('=<>!'.includes(text[before - 1] ?? '')) return false;
    const keyEnd = previousCode(analysis, before - 1);
    return keyEnd >= 0 && ACTIVATION_KEY.test(nameEndingAt(text, keyEnd).name);
  }
  if (c === ':') {
    const keyEnd = previousCode(analysis, before - 1);
    if (keyEnd < 0) return false;
    const span = lexical.spanAt(keyEnd);
    if (span >= 0) return ACTIVATION_KEY.test(text.slice(lexical.starts[span] + 1, lexical.ends[span] - 1)); // {"activation": "relu"}
    const key = nameEndingAt(text, keyEnd).name;
    return !key.includes('.') && ACTIVATION_KEY.test(key);
  }
  if (c === '(' && family === 'python') {
    const callee = nameEndingAt(text, previousCode(analysis, before - 1));
    return qualifiedCandidates(callee.name, imports, family).some((q) => ACTIVATION_NAME_CALLEES.has(q));
  }
  return false;
}

/** The framework whose activation strings apply at `offset`: TF.js in JavaScript; in Python, PyTorch inside a torch call, else Keras. */
function stringFramework(analysis: SourceAnalysis, offset: number, imports: ImportBindings): 'tfjs' | 'pytorch' | 'keras' {
  if (analysis.family === 'javascript') return 'tfjs';
  const open = enclosingCallParenthesis(analysis, offset);
  if (open < 0) return 'keras';
  const calleeEnd = previousCode(analysis, open - 1);
  if (calleeEnd < 0) return 'keras';
  const callee = nameEndingAt(analysis.text, calleeEnd).name;
  return qualifiedCandidates(callee, imports, 'python').some((q) => q.startsWith('torch.')) ? 'pytorch' : 'keras';
}

function recognised(name: CatalogName, start: number, end: number, written: string, args: readonly WrittenArgument[], called: boolean): RecognisedActivation {
  const readings = readParameters(name.activation, name.api, name.kind, args);
  return {
    start,
    end,
    written,
    activation: name.activation,
    framework: name.framework,
    frameworkLabel: FRAMEWORK_LABELS[name.framework],
    kind: name.kind,
    api: name.api,
    entry: name.entry,
    canonical: name.canonical,
    called,
    parameters: readings.parameters,
    params: readings.params,
    defaulted: readings.parameters.filter((p) => !p.written).map((p) => p.param.name),
    unrepresented: readings.unrepresented,
    unpackedArguments: readings.unpackedArguments,
  };
}

/** The activation string literal (span `span`) hovered at `offset`, if it is one. */
function recogniseString(analysis: SourceAnalysis, span: number, imports: ImportBindings): RecognisedActivation | undefined {
  const { text, lexical } = analysis;
  if (lexical.kinds[span] !== SpanKind.String) return undefined;
  const start = lexical.starts[span];
  const end = lexical.ends[span];
  const literal = text.slice(start, end);
  const value = /^(["'`])([A-Za-z_][\w-]*)\1$/.exec(literal)?.[2];
  if (!value || !stringIsActivationArgument(analysis, start, imports)) return undefined;
  const name = catalogString(value, stringFramework(analysis, start, imports));
  return name && recognised(name, start, end, literal, [], false);
}

/** The activation named at `offset` in an analysed document, or undefined. */
export function recogniseAt(analysis: SourceAnalysis, offset: number, options: RecogniseOptions = {}): RecognisedActivation | undefined {
  const { text, family, lexical } = analysis;
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return undefined;
  const imports = options.contextImports?.length ? mergeImports([...options.contextImports, analysis.imports]) : analysis.imports;
  const span = lexical.spanAt(offset);
  if (span >= 0) return lexical.kinds[span] === SpanKind.String ? recogniseString(analysis, span, imports) : undefined;

  // The identifier under the cursor, or just before it (a cursor right after a name).
  let at = offset;
  if (!isIdentifierCode(text.charCodeAt(at))) {
    if (at > 0 && isIdentifierCode(text.charCodeAt(at - 1))) at--;
    else return undefined;
  }
  let start = at;
  while (start > 0 && (isIdentifierCode(text.charCodeAt(start - 1)) || text[start - 1] === '.')) start--;
  let end = at + 1;
  while (end < text.length && (isIdentifierCode(text.charCodeAt(end)) || text[end] === '.')) end++;
  while (text[end - 1] === '.') end--;
  const chain = text.slice(start, end);
  if (!DOTTED_NAME.test(chain)) return undefined; // `.relu` after an expression, a number …
  const name = resolveName(chain, imports, family);
  if (!name) return undefined;

  const open = callParenthesis(text, end);
  if (open < 0) return recognised(name, start, end, chain, [], false);
  const call = readCall(text, open, family, family === 'javascript' && name.kind === 'module');
  return recognised(name, start, end, chain, call.arguments, true);
}

/** Reads `text` and recognises the activation at `offset` in one call (tests, benchmarks, one-off use). */
export function recogniseInText(text: string, languageId: string, offset: number, options?: RecogniseOptions): RecognisedActivation | undefined {
  return recogniseAt(analyseSource(text, languageId), offset, options);
}
