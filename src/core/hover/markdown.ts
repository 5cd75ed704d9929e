// The hover's content for a recognised activation, as Markdown: name and summary, the curve of f and f′ for the
// parameters written in the call (an SVG data URI image), formula and derivative as plain text (hovers have no
// KaTeX), each parameter against the framework's default with a warning where frameworks' defaults differ, the
// known problems one line each, and links to the Activation Explorer (with those parameters) and the docs.
import type { ActivationParams, ParamValue } from '../activations/types';
import { pythonLiteral } from '../codegen/frameworkCode';
import { FRAMEWORK_LABELS } from './catalogNames';
import { activationCurveSvg, svgDataUri } from './curve';
import { defaultDisagreements, type FrameworkValue, type ParameterReading } from './parameters';
import type { RecognisedActivation } from './recognise';

/** The command the hover's "Open in Activation Explorer" link runs; the only one the hover's Markdown may run. */
export const SHOW_ACTIVATION_COMMAND = 'activationLab.showActivation';

/** What a hover shows, and the pieces tests and the extension check. */
export interface HoverDocument {
  readonly markdown: string;
  /** The SVG drawn for the call's parameters, and its data URI (the image in `markdown`). */
  readonly svg: string;
  readonly curveDataUri: string;
  /** The Explorer link's command arguments: `[{ name, params }]`, params as this code computes them. */
  readonly explorerArguments: readonly [{ readonly name: string; readonly params: ActivationParams }];
  /** `command:activationLab.showActivation?<encoded JSON arguments>`. */
  readonly explorerCommandUri: string;
  /** The framework's documentation page for the callable, from the catalog. */
  readonly docsUrl: string;
}

/** Escapes text so Markdown shows it literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, '\\$&');
}

/** A code span that holds any text (a longer backtick fence when the text has backticks). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Source text shown inline: on one line, at most 40 characters, with `|` escaped for table cells. */
function sourceSnippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return (line.length > 40 ? `${line.slice(0, 39)}…` : line).replace(/\|/g, '\\|');
}

/** A catalog value as people read it: 0.2, 'tanh'. */
function catalogValue(value: ParamValue): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** A framework value in the framework's language: Python's True/None, JavaScript's true/null. */
function frameworkLiteral(value: FrameworkValue, javascript: boolean): string {
  if (value === null) return javascript ? 'null' : 'None';
  if (javascript) return typeof value === 'string' ? `'${value}'` : String(value);
  return pythonLiteral(value);
}

function parameterRow(reading: ParameterReading, javascript: boolean, hasApi: boolean): string {
  const { param, written, keyword } = reading;
  const name = keyword && keyword !== param.name ? `${code(param.name)} (${code(keyword)} here)` : code(param.name);
  let here: string;
  if (written?.problem) here = `${code(sourceSnippet(written.argument.text))} ⚠️ ${escapeMarkdown(written.problem)}; drawn with the default ${escapeMarkdown(catalogValue(reading.value))}`;
  else if (written) here = `**${escapeMarkdown(catalogValue(reading.value))}** (written${written.keywordOf ? ` as ${code(written.argument.keyword ?? '')}, the name ${code(written.keywordOf)} uses` : ''})`;
  else here = `${escapeMarkdown(catalogValue(reading.value))} (default)`;
  let frameworkDefault: string;
  if (reading.required) frameworkDefault = 'required (no default)';
  else if (reading.frameworkDefault !== undefined) {
    const literal = frameworkLiteral(reading.frameworkDefault, javascript);
    const meaning = typeof reading.frameworkDefault === 'boolean' ? ` (${escapeMarkdown(catalogValue(reading.defaultValue))})` : '';
    frameworkDefault = `${code(keyword && keyword !== param.name ? `${keyword}=${literal}` : literal)}${meaning}`;
  } else frameworkDefault = hasApi ? `${escapeMarkdown(catalogValue(reading.defaultValue))} (fixed: no such argument)` : escapeMarkdown(catalogValue(reading.defaultValue));
  return `| ${name} | ${here} | ${frameworkDefault} |`;
}

/** The hover Markdown for a recognised activation. */
export function hoverMarkdown(found: RecognisedActivation): HoverDocument {
  const { activation, api, entry, parameters } = found;
  const javascript = found.framework === 'tfjs';
  const caption = parameters.map((p) => `${p.param.name} = ${catalogValue(found.params[p.param.name])}`).join(', ');
  const svg = activationCurveSvg(activation, found.params, { caption });
  const curveDataUri = svgDataUri(svg);
  const explorerArguments = [{ name: activation.id, params: { ...found.params } }] as const;
  const explorerCommandUri = `command:${SHOW_ACTIVATION_COMMAND}?${encodeURIComponent(JSON.stringify(explorerArguments))}`;
  const label = FRAMEWORK_LABELS[found.framework];
  const lines: string[] = [];

  const what =
    found.kind === 'string'
      ? `${label} activation string ${code(found.written)}${api ? ` → ${code(api.name)}` : ''}`
      : `${label} ${code(found.canonical)}`;
  lines.push(`**${escapeMarkdown(activation.name)}** — ${what}`, '');
  lines.push(escapeMarkdown(activation.summary), '');
  lines.push(`![${escapeMarkdown(`${activation.name}${caption ? ` with ${caption}` : ''}: f solid, f′ dashed`)}](${curveDataUri})`, '');
  lines.push(`${code(`f(x) = ${activation.formula.text}`)}  `, code(`f′(x) = ${activation.derivativeFormula.text}`), '');

  if (parameters.length) {
    const defaultsOf = api ? `${code(api.name)} default` : `${escapeMarkdown(label)} default`;
    lines.push(`| parameter | in this code | ${defaultsOf} |`, '|:--|:--|:--|');
    for (const reading of parameters) lines.push(parameterRow(reading, javascript, !!api));
    lines.push('');
  }

  for (const disagreement of defaultDisagreements(activation, parameters)) {
    const [mine, ...others] = disagreement.groups;
    const list = (callables: readonly { name: string }[]) => callables.map((c) => code(c.name)).join(', ');
    const also = mine.value === disagreement.value ? mine.callables.filter((c) => c.name !== found.api?.name) : [];
    const elsewhere = others.map((g) => `${escapeMarkdown(catalogValue(g.value))} in ${list(g.callables)}`).join('; ');
    lines.push(
      `⚠️ **${code(disagreement.param.name)} is left to the default, and frameworks disagree:** ${escapeMarkdown(catalogValue(disagreement.value))} here` +
        `${also.length ? ` (also ${list(also)})` : ''}; ${elsewhere}. Write it explicitly if the code must mean the same everywhere.`,
      '',
    );
  }
  if (found.unrepresented.length) {
    const written = found.unrepresented.map((a) => code(sourceSnippet(a.keyword ? `${a.keyword}=${a.text}` : a.text))).join(', ');
    lines.push(`⚠️ Not drawn: ${written} (no parameter of ${escapeMarkdown(activation.name)} in the catalog).`, '');
  }
  if (found.unpackedArguments) lines.push('Arguments passed with `*`/`...` could not be matched to parameters.', '');
  if (entry.note) lines.push(`*${escapeMarkdown(label)}:* ${escapeMarkdown(entry.note)}`, '');
  if (activation.defaultsDisagree.length) {
    lines.push('**Across frameworks**', '');
    for (const line of activation.defaultsDisagree) lines.push(`- ${escapeMarkdown(line)}`);
    lines.push('');
  }
  if (activation.problems.length) {
    lines.push('**Known problems**', '');
    for (const problem of activation.problems) lines.push(`- ${escapeMarkdown(problem)}`);
    lines.push('');
  }
  const docsName = api?.name ?? found.canonical;
  lines.push(`[Open in Activation Explorer](${explorerCommandUri} "Plot ${activation.name} with these parameters") · [${escapeMarkdown(`${label} documentation`)}](${entry.docs} "${docsName}")`);
  return { markdown: lines.join('\n'), svg, curveDataUri, explorerArguments, explorerCommandUri, docsUrl: entry.docs };
}
