// Editor help for the Activation Lab cell language, as plain data: completion (commands, options, activation
// names, their parameters and option values) and hover text (activations with formula and parameters,
// parameters, commands, options). The extension maps these onto VS Code's completion and hover providers.
import { activations, getActivation, type Activation } from '../activations';
import { DATASET_NAMES, FEATURES } from '../data';
import { COMMAND_DOCS, DATA_KEYS, INIT_NAMES, LOSS_NAMES, OPTIMIZER_KEYS, OPTION_DOCS } from './cell';
import { activationCall, COMMANDS, optionLine, splitTopLevel, stripComment, type CellCommand, type Span } from './syntax';

export interface CompletionSuggestion {
  readonly label: string;
  readonly kind: 'command' | 'option' | 'activation' | 'parameter' | 'value';
  /** A short description beside the label. */
  readonly detail?: string;
  /** Markdown shown for the selected item. */
  readonly documentation?: string;
  /** Text inserted instead of the label. */
  readonly insertText?: string;
}

export interface HoverInfo {
  /** Markdown. */
  readonly markdown: string;
  /** The hovered word's 0-based character range on its line. */
  readonly start: number;
  readonly end: number;
}

/** The first code line of the cell (0-based) and its command, if it has one. */
function cellCommand(lines: readonly string[]): { line: number; command: CellCommand | null } {
  const index = lines.findIndex((l) => stripComment(l).trim());
  if (index < 0) return { line: -1, command: null };
  const word = stripComment(lines[index]).trim().split(/\s+/)[0];
  return { line: index, command: (COMMANDS as readonly string[]).includes(word) ? (word as CellCommand) : null };
}

function formatValue(value: number | string): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** Markdown describing an activation: name, id, formula and derivative, summary, parameters. */
export function activationMarkdown(activation: Activation): string {
  const params = activation.params.length
    ? activation.params.map((p) => `- \`${p.name}\` = ${formatValue(p.default)}${p.options ? ` (${p.options.map((o) => `"${o}"`).join(' | ')})` : ''} — ${p.description}`).join('\n')
    : '- no parameters';
  return [
    `**${activation.name}** — \`${activation.id}\``,
    '',
    `f(x) = ${activation.formula.text}`,
    '',
    `f′(x) = ${activation.derivativeFormula.text}`,
    '',
    activation.summary,
    '',
    'Parameters:',
    params,
  ].join('\n');
}

function parameterMarkdown(activation: Activation, name: string): string | null {
  const param = activation.params.find((p) => p.name === name);
  if (!param) return null;
  const bounds = [param.min !== undefined ? `min ${param.min}${param.exclusiveMin ? ' (exclusive)' : ''}` : '', param.max !== undefined ? `max ${param.max}` : '', param.options ? `one of ${param.options.map((o) => `"${o}"`).join(', ')}` : '']
    .filter(Boolean)
    .join(', ');
  return `**${param.name}** — parameter of ${activation.name}, default ${formatValue(param.default)}${bounds ? `; ${bounds}` : ''}\n\n${param.description}`;
}

function activationItems(): CompletionSuggestion[] {
  return activations.map((a) => ({ label: a.id, kind: 'activation', detail: `${a.name}: ${a.formula.text}`, documentation: activationMarkdown(a) }));
}

function values(list: readonly string[], detail: string): CompletionSuggestion[] {
  return list.map((label) => ({ label, kind: 'value', detail }));
}

/**
 * Completions in an activation list or a single activation, given the text of the list typed so far:
 * activation names, or inside `name(` its parameters (`name=default`), or after `param=` its options.
 */
function activationCompletions(typed: string): CompletionSuggestion[] {
  const pieces = splitTopLevel({ text: typed, start: 0, end: typed.length }, 'comma');
  const current = pieces[pieces.length - 1]?.text ?? '';
  const open = current.lastIndexOf('(');
  if (open < 0 || current.indexOf(')', open) >= 0) return current.includes('(') ? [] : activationItems();
  const activation = (() => {
    try {
      return getActivation(current.slice(0, open).trim());
    } catch {
      return null;
    }
  })();
  if (!activation) return [];
  const argument = current.slice(open + 1).split(',').pop() ?? '';
  const eq = argument.indexOf('=');
  if (eq < 0) {
    return activation.params.map((p) => ({ label: p.name, kind: 'parameter', detail: `default ${formatValue(p.default)}`, documentation: parameterMarkdown(activation, p.name) ?? undefined, insertText: `${p.name}=${p.default}` }));
  }
  const param = activation.params.find((p) => p.name === argument.slice(0, eq).trim());
  return param?.options ? values(param.options, `${activation.name} ${param.name}`) : [];
}

/** Completions at a position (0-based line and character) of a cell. */
export function completionsAt(source: string, line: number, character: number): CompletionSuggestion[] {
  const lines = source.split(/\r?\n/);
  const text = lines[line] ?? '';
  const prefix = text.slice(0, character);
  if (stripComment(prefix) !== prefix) return [];
  const { line: commandLine, command } = cellCommand(lines);
  if (commandLine < 0 || line <= commandLine) {
    if (/^\s*\w*$/.test(prefix)) return COMMANDS.map((c) => ({ label: c, kind: 'command', detail: COMMAND_DOCS[c].usage.split('\n')[0], documentation: COMMAND_DOCS[c].doc, insertText: c === 'train' ? 'train' : `${c} ` }));
    const head = /^\s*(\w+)\s+(.*)$/.exec(prefix);
    if (head && (head[1] === 'plot' || head[1] === 'compare' || head[1] === 'sweep')) return activationCompletions(head[2]);
    return [];
  }
  if (!command) return [];
  if (/^\s*[\w-]*$/.test(prefix)) {
    return Object.entries(OPTION_DOCS)
      .filter(([, doc]) => doc.commands.includes(command))
      .map(([key, doc]) => ({ label: key, kind: 'option', detail: doc.usage, documentation: doc.doc, insertText: `${key}: ` }));
  }
  const option = optionLine(prefix);
  if (!option) return [];
  const value = prefix.slice(option.value.start);
  const tokens = value.split(/\s+/);
  const last = tokens[tokens.length - 1];
  switch (option.key.text) {
    case 'activation':
      return activationCompletions(value);
    case 'layers': {
      // The layer being typed: after the last top-level comma, untrimmed (the space after the units matters).
      const pieces = splitTopLevel({ text: value, start: 0, end: value.length }, 'comma');
      const piece = value.slice(pieces.length > 1 ? value.lastIndexOf(',', pieces[pieces.length - 1].start) + 1 : 0).trimStart();
      const unitsThenActivation = /^\d+\s+(.*)$/.exec(piece);
      return unitsThenActivation ? activationCompletions(unitsThenActivation[1]) : [];
    }
    case 'data':
      if (tokens.length === 1) return values(DATASET_NAMES, 'built-in dataset');
      if (last.startsWith('features=')) return values(Object.keys(FEATURES), 'input feature');
      return DATA_KEYS.map((k) => ({ label: k, kind: 'parameter', insertText: `${k}=` }));
    case 'optimizer': {
      if (tokens.length === 1) return values(['sgd', 'adam'], 'torch.optim');
      const type = tokens[0] === 'sgd' || tokens[0] === 'adam' ? tokens[0] : null;
      return type ? OPTIMIZER_KEYS[type].map((k) => ({ label: k, kind: 'parameter', insertText: `${k}=` })) : [];
    }
    case 'show':
      return values(['f', 'derivative', 'both'], 'curves');
    case 'init':
      return values(INIT_NAMES, 'initialisation');
    case 'loss':
      return values(LOSS_NAMES, 'loss');
    case 'shuffle':
      return values(['true', 'false'], 'shuffle each epoch');
    case 'batch':
      return values(['full'], 'the whole training set');
    default:
      return [];
  }
}

/** Hover spans of an activation list (or one activation) written in `span`. */
function activationSpans(span: Span): { span: Span; markdown: string }[] {
  const out: { span: Span; markdown: string }[] = [];
  for (const piece of splitTopLevel(span, 'comma')) {
    const layer = /^(\d+)\s+/.exec(piece.text);
    const target = layer ? { text: piece.text.slice(layer[0].length), start: piece.start + layer[0].length, end: piece.end } : piece;
    const call = activationCall(target);
    if (call.problem) continue;
    let activation: Activation;
    try {
      activation = getActivation(call.name.text);
    } catch {
      continue;
    }
    out.push({ span: call.name, markdown: activationMarkdown(activation) });
    for (const param of call.params) {
      const markdown = parameterMarkdown(activation, param.name.text);
      if (markdown) out.push({ span: param.name, markdown });
    }
  }
  return out;
}

/** Hover text at a position (0-based line and character) of a cell, or null where there is nothing to say. */
export function hoverAt(source: string, line: number, character: number): HoverInfo | null {
  const lines = source.split(/\r?\n/);
  const text = stripComment(lines[line] ?? '');
  const { line: commandLine, command } = cellCommand(lines);
  const spans: { span: Span; markdown: string }[] = [];
  if (line === commandLine) {
    const head = /^(\s*)(\w+)(\s*)(.*)$/.exec(text);
    if (head) {
      const word = head[2];
      const start = head[1].length;
      if ((COMMANDS as readonly string[]).includes(word)) spans.push({ span: { text: word, start, end: start + word.length }, markdown: `**${word}** — ${COMMAND_DOCS[word as CellCommand].doc}\n\n\`${COMMAND_DOCS[word as CellCommand].usage}\`` });
      const argStart = start + word.length + head[3].length;
      if (word !== 'train') spans.push(...activationSpans({ text: head[4].trimEnd(), start: argStart, end: argStart + head[4].trimEnd().length }));
    }
  } else if (command && line > commandLine) {
    const option = optionLine(text);
    if (option) {
      const doc = OPTION_DOCS[option.key.text];
      if (doc) spans.push({ span: option.key, markdown: `**${option.key.text}** — ${doc.doc}\n\n\`${doc.usage}\`` });
      if (option.key.text === 'activation' || option.key.text === 'layers') spans.push(...activationSpans(option.value));
    }
  }
  const hit = spans.find(({ span }) => character >= span.start && character < span.end);
  return hit ? { markdown: hit.markdown, start: hit.span.start, end: hit.span.end } : null;
}
