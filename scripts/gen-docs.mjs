// Generates docs/activations.md from the activation catalog (src/core/activations), so the docs can never drift
// from the records. Usage:
//   node scripts/gen-docs.mjs             write docs/activations.md
//   node scripts/gen-docs.mjs --check     exit 1 (and say what to run) when docs/activations.md is stale
//   --out=<path>                          another file to write or check (the tests use it)
import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const outArg = args.find((a) => a.startsWith('--out='));
const target = outArg ? path.resolve(outArg.slice('--out='.length)) : path.join(ROOT, 'docs', 'activations.md');
const unknown = args.filter((a) => a !== '--check' && !a.startsWith('--out='));
if (unknown.length) {
  console.error(`gen-docs: unknown argument ${unknown.join(' ')}; usage: node scripts/gen-docs.mjs [--check] [--out=<path>]`);
  process.exit(2);
}

/** The catalog, bundled from TypeScript in memory and imported as an ES module. */
async function loadCatalog() {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/core/activations/index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const catalog = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const frameworks = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/core/activations/frameworks.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const { VERSIONS } = await import(`data:text/javascript;base64,${Buffer.from(frameworks.outputFiles[0].text).toString('base64')}`);
  return { activations: catalog.activations, VERSIONS };
}

const FRAMEWORK_TITLES = { pytorch: 'PyTorch', keras: 'Keras 3', tensorflow: 'TensorFlow', jax: 'JAX', flax: 'Flax', tfjs: 'TensorFlow.js' };

/** A table cell: pipes escaped, newlines folded. */
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function pythonLiteral(value) {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function jsLiteral(value) {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** How code calls it: `name(required, key=value, …)` in Python, `tf.op(x, arg = value)` or `tf.layers.x({key: value})` in TF.js. */
function signature(framework, callable, kind) {
  const required = callable.required ?? [];
  const entries = Object.entries(callable.defaults).filter(([k]) => !required.includes(k));
  if (framework === 'tfjs' && kind === 'module') {
    const options = entries.map(([k, v]) => `${k}: ${jsLiteral(v)}`).join(', ');
    return `${callable.name}(${options ? `{${options}}` : ''})`;
  }
  if (framework === 'tfjs') return `${callable.name}(${['x', ...required, ...entries.map(([k, v]) => `${k} = ${jsLiteral(v)}`)].join(', ')})`;
  return `${callable.name}(${[...required, ...entries.map(([k, v]) => `${k}=${pythonLiteral(v)}`)].join(', ')})`;
}

function frameworkNames(framework, entry) {
  if (!entry) return '—';
  const names = [
    ...(entry.module ? [`\`${signature(framework, entry.module, 'module')}\``] : []),
    ...(entry.functional ? [`\`${signature(framework, entry.functional, 'functional')}\``] : []),
  ];
  if (entry.string) names.push(`\`"${entry.string}"\``);
  return names.length ? names.join('<br>') : `(${entry.note})`;
}

function paramDomain(param) {
  if (param.options) return param.options.map((o) => `\`'${o}'\``).join(', ');
  const low = param.min === undefined ? '−∞' : `${param.min}`;
  const high = param.max === undefined ? '∞' : `${param.max}`;
  const open = param.min === undefined || param.exclusiveMin ? '(' : '[';
  const close = param.max === undefined ? ')' : ']';
  return `${param.integer ? 'integer in ' : ''}${open}${low}, ${high}${close}`;
}

const yesNo = (value) => (value ? 'yes' : 'no');
const paramList = (record) =>
  record.params.length ? record.params.map((p) => `\`${p.name}=${typeof p.default === 'string' ? `'${p.default}'` : p.default}\``).join(', ') : '—';

function renderRecord(record) {
  const lines = [];
  lines.push(`### ${record.name} — \`${record.id}\``, '', record.summary, '');
  lines.push('| | |', '|---|---|');
  lines.push(`| f(x) | ${cell(record.formula.text)} |`);
  lines.push(`| f′(x) | ${cell(record.derivativeFormula.text)} |`, '');
  lines.push('$$', `f(x) = ${record.formula.tex}`, '$$', '', '$$', `f'(x) = ${record.derivativeFormula.tex}`, '$$', '');
  if (record.params.length) {
    lines.push('**Parameters** (PyTorch’s names and defaults)', '', '| name | default | allowed | description |', '|---|---|---|---|');
    for (const p of record.params) {
      const flags = p.learnable ? ' (learnable)' : '';
      lines.push(`| \`${p.name}\`${flags} | \`${cell(p.default)}\` | ${cell(paramDomain(p))} | ${cell(p.description)} |`);
    }
    lines.push('');
  }
  const props = record.properties;
  lines.push('**Properties** (default parameters)', '');
  lines.push(`- Range: ${props.range}; bounded above: ${yesNo(props.boundedAbove)}, below: ${yesNo(props.boundedBelow)}`);
  lines.push(`- Monotonic: ${yesNo(props.monotonic)}; smooth: ${yesNo(props.smooth)}; continuous: ${yesNo(props.continuous)}; kinks: ${props.kinks}`);
  lines.push(`- Zero-centred: ${yesNo(props.zeroCentred)}; self-normalising: ${yesNo(props.selfNormalising)}`);
  lines.push(`- Saturates: ${props.saturates}; dead zone: ${props.deadZone}`);
  lines.push(`- Cost: ${record.cost}`, '');
  lines.push(`**When to use.** ${record.whenToUse}`, '');
  lines.push('**Known problems**', '', ...record.problems.map((p) => `- ${p}`), '');
  if (record.paper) {
    const note = record.paper.note ? ` ${record.paper.note}` : '';
    lines.push(`**Paper.** [${record.paper.title}](${record.paper.url}) — ${record.paper.authors} (${record.paper.year}).${note}`, '');
  } else {
    lines.push('**Paper.** None: no single paper introduced it.', '');
  }
  lines.push('**Frameworks**', '', '| framework | names and defaults | notes | checked against |', '|---|---|---|---|');
  for (const [key, title] of Object.entries(FRAMEWORK_TITLES)) {
    const entry = record.frameworks[key];
    if (!entry) {
      lines.push(`| ${title} | — | no built-in equivalent | |`);
      continue;
    }
    const names = entry.module || entry.functional || entry.string ? frameworkNames(key, entry) : '—';
    lines.push(`| ${title} | ${cell(names)} | ${cell(entry.note ?? '')} | [${cell(entry.version)}](${entry.docs}) |`);
  }
  lines.push('');
  if (record.defaultsDisagree.length) lines.push('**Where frameworks disagree**', '', ...record.defaultsDisagree.map((d) => `- ${d}`), '');
  lines.push('**Numerics** (checked against PyTorch fixtures)', '', ...record.numerics.map((n) => `- ${n}`), '');
  lines.push(`**Also known as:** ${record.aliases.map((a) => `\`${a}\``).join(', ')}`, '');
  return lines.join('\n');
}

function render({ activations, VERSIONS }) {
  const lines = [
    '# Activation functions',
    '',
    '<!-- Generated from the activation catalog (src/core/activations) by scripts/gen-docs.mjs. Do not edit by hand: run `node scripts/gen-docs.mjs`. -->',
    '',
    `The catalog holds ${activations.length} activation functions, one record each: formula and derivative, PyTorch’s parameters and defaults, properties, known problems, the paper that introduced it and its names in other frameworks. Values follow PyTorch’s float32 CPU kernels, including its choices at kinks and for NaN/±Infinity (see each function’s numerics).`,
    '',
    '## Overview',
    '',
    '| function | id | parameters (PyTorch defaults) | range | monotonic | smooth | cost |',
    '|---|---|---|---|---|---|---|',
    ...activations.map(
      (a) => `| [${a.name}](#${anchor(a)}) | \`${a.id}\` | ${cell(paramList(a))} | ${cell(a.properties.range)} | ${yesNo(a.properties.monotonic)} | ${yesNo(a.properties.smooth)} | ${a.cost} |`,
    ),
    '',
    '## Names and defaults across frameworks',
    '',
    '| id | PyTorch | Keras 3 | TensorFlow | JAX | Flax | TensorFlow.js |',
    '|---|---|---|---|---|---|---|',
    ...activations.map((a) => `| \`${a.id}\` | ${Object.keys(FRAMEWORK_TITLES).map((k) => cell(frameworkNames(k, a.frameworks[k]))).join(' | ')} |`),
    '',
    '## Where framework defaults disagree',
    '',
    ...activations.filter((a) => a.defaultsDisagree.length).flatMap((a) => a.defaultsDisagree.map((d) => `- **${a.name}**: ${d}`)),
    '',
    '## Versions checked',
    '',
    ...Object.entries(VERSIONS).map(([k, v]) => `- ${FRAMEWORK_TITLES[k]}: ${v}`),
    '',
    '## Functions',
    '',
    ...activations.map(renderRecord),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** GitHub's heading anchor for `### Name — \`id\``. */
function anchor(record) {
  return `${record.name} — ${record.id}`.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

const text = render(await loadCatalog());
const relative = path.relative(ROOT, target);
if (check) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (current !== text) {
    console.error(`${relative} is ${current === null ? 'missing' : 'out of date with the activation catalog'}: run \`node scripts/gen-docs.mjs\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${relative} is up to date with the activation catalog.`);
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  console.log(`wrote ${relative} (${activations_count(text)} functions)`);
}

function activations_count(markdown) {
  return (markdown.match(/^### /gm) ?? []).length;
}
