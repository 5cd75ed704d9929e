// The names a file's imports bind, as written (`import torch.nn.functional as F` binds F to
// torch.nn.functional; `import * as tf from '@tensorflow/tfjs'` binds tf to TensorFlow.js), so the hover can
// resolve `F.elu` or `tf.layers.leakyReLU` to a catalog entry. Read once per document version.
import type { LexicalMap, SourceFamily } from './lexical';

/** The root every TensorFlow.js package (`@tensorflow/tfjs`, `-node`, `-core`, `-layers` …) resolves to. */
export const TFJS_ROOT = 'tf';

/** What the imports of one file bind. */
export interface ImportBindings {
  /** Local name → the module or member it stands for (`F` → `torch.nn.functional`, `LeakyReLU` → `torch.nn.LeakyReLU`). */
  readonly names: ReadonlyMap<string, string>;
  /** Modules imported with `from M import *`: a bare name may come from any of them. */
  readonly starModules: readonly string[];
}

// ── Python ─────────────────────────────────────────────────────────────────────────────────────────────────

const PYTHON_IMPORT = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import\b)/gm;

/** The logical line from `start`: through parentheses and backslash continuations, to a newline or `;`. */
function pythonStatement(text: string, start: number): string {
  let depth = 0;
  let i = start;
  const length = text.length;
  while (i < length) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '#') {
      while (i < length && text[i] !== '\n') i++;
      continue;
    } else if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += 2;
      continue;
    } else if ((c === '\n' || c === '\r' || c === ';') && depth === 0) break;
    i++;
  }
  return text.slice(start, i).replace(/#[^\n]*/g, ' ');
}

const DOTTED = /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function parsePythonImports(text: string, lexical: LexicalMap): ImportBindings {
  const names = new Map<string, string>();
  const starModules: string[] = [];
  PYTHON_IMPORT.lastIndex = 0;
  for (let match = PYTHON_IMPORT.exec(text); match; match = PYTHON_IMPORT.exec(text)) {
    const keyword = match.index + match[0].search(/\S/);
    if (lexical.spanAt(keyword) >= 0) continue; // inside a docstring
    const statement = pythonStatement(text, match.index + match[0].length);
    const fromModule = match[1];
    if (fromModule !== undefined) {
      if (fromModule.startsWith('.')) continue; // relative imports name the project's own modules
      const list = statement.replace(/[()\\\r\n]/g, ' ');
      for (const item of list.split(',')) {
        const parts = item.trim().split(/\s+/);
        if (parts[0] === '*') starModules.push(fromModule);
        else if (parts.length === 1 && IDENTIFIER.test(parts[0])) names.set(parts[0], `${fromModule}.${parts[0]}`);
        else if (parts.length === 3 && parts[1] === 'as' && IDENTIFIER.test(parts[0]) && IDENTIFIER.test(parts[2])) names.set(parts[2], `${fromModule}.${parts[0]}`);
      }
    } else {
      for (const item of statement.replace(/[\\\r\n]/g, ' ').split(',')) {
        const parts = item.trim().split(/\s+/);
        if (parts.length === 1 && DOTTED.test(parts[0])) {
          const root = parts[0].split('.')[0];
          names.set(root, root); // `import torch.nn` binds torch
        } else if (parts.length === 3 && parts[1] === 'as' && DOTTED.test(parts[0]) && IDENTIFIER.test(parts[2])) names.set(parts[2], parts[0]);
      }
    }
  }
  return { names, starModules };
}

// ── JavaScript / TypeScript ──────────────────────────────────────────────────────────────────────────────

const JS_IMPORT = /\bimport\s+(?:type\s+)?([\w$*{}\s,]+?)\s+from\s*(['"])([^'"\n]+)\2/g;
const JS_REQUIRE = /\b(?:const|let|var)\s+([\w$]+|\{[^}]*\})\s*=\s*(?:await\s+)?(?:require|import)\s*\(\s*(['"])([^'"\n]+)\2\s*\)/g;

/** The root a JavaScript module specifier stands for: TensorFlow.js packages are `tf`; others keep their name. */
function javascriptModuleRoot(specifier: string): string {
  return specifier.startsWith('@tensorflow/tfjs') ? TFJS_ROOT : specifier;
}

/** `{ a, b as c }` (import) or `{ a, b: c }` (destructuring): [local, imported] pairs. */
function namedMembers(list: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const item of list.replace(/[{}]/g, '').split(',')) {
    const parts = item.trim().replace(/^type\s+/, '').split(/\s*(?:\bas\b|:)\s*/);
    if (parts.length === 1 && IDENTIFIER.test(parts[0])) pairs.push([parts[0], parts[0]]);
    else if (parts.length === 2 && IDENTIFIER.test(parts[0]) && IDENTIFIER.test(parts[1])) pairs.push([parts[1], parts[0]]);
  }
  return pairs;
}

function parseJavaScriptImports(text: string, lexical: LexicalMap): ImportBindings {
  const names = new Map<string, string>();
  JS_IMPORT.lastIndex = 0;
  for (let match = JS_IMPORT.exec(text); match; match = JS_IMPORT.exec(text)) {
    if (lexical.spanAt(match.index) >= 0) continue;
    const root = javascriptModuleRoot(match[3]);
    for (const part of match[1].split(/,(?![^{]*\})/)) {
      const clause = part.trim();
      const namespace = /^\*\s*as\s+([\w$]+)$/.exec(clause);
      if (namespace) names.set(namespace[1], root);
      else if (clause.startsWith('{')) for (const [local, imported] of namedMembers(clause)) names.set(local, `${root}.${imported}`);
      else if (IDENTIFIER.test(clause)) names.set(clause, root); // a default import of a namespace-like module
    }
  }
  JS_REQUIRE.lastIndex = 0;
  for (let match = JS_REQUIRE.exec(text); match; match = JS_REQUIRE.exec(text)) {
    if (lexical.spanAt(match.index) >= 0) continue;
    const root = javascriptModuleRoot(match[3]);
    if (match[1].startsWith('{')) for (const [local, imported] of namedMembers(match[1])) names.set(local, `${root}.${imported}`);
    else names.set(match[1], root);
  }
  return { names, starModules: [] };
}

/** The names `text`'s imports bind (statements inside strings and comments are skipped). */
export function parseImports(text: string, family: SourceFamily, lexical: LexicalMap): ImportBindings {
  return family === 'python' ? parsePythonImports(text, lexical) : parseJavaScriptImports(text, lexical);
}

/** Bindings of earlier notebook cells, then this one's (later bindings win, as when the cells run in order). */
export function mergeImports(bindings: readonly ImportBindings[]): ImportBindings {
  if (bindings.length === 1) return bindings[0];
  const names = new Map<string, string>();
  const starModules: string[] = [];
  for (const binding of bindings) {
    for (const [name, target] of binding.names) names.set(name, target);
    starModules.push(...binding.starModules);
  }
  return { names, starModules };
}
