// A small SVG of f (solid) and f′ (dashed) for given parameters, drawn from the core's own samples, in colours
// that read on light and dark themes; and the base64 data URI a Markdown image in a hover can show.
import type { Activation, ActivationParams } from '../activations/types';
import { base64 } from '../codegen/pythonLiterals';
import { sampleActivation } from '../sampling';

/** Size and sampling of a hover curve. */
export interface CurveOptions {
  readonly width?: number;
  readonly height?: number;
  /** The x range drawn; [−5, 5] by default, as in the Explorer. */
  readonly range?: readonly [number, number];
  readonly samples?: number;
  /** A caption drawn in the corner (the parameters, e.g. `negative_slope = 0.2`). */
  readonly caption?: string;
}

/** Colours chosen to keep their contrast on white and on VS Code's dark backgrounds. */
const COLOURS = { f: '#3a8ee6', derivative: '#e8871e', axis: '#8c8c8c', text: '#8c8c8c' } as const;

/** Largest |y| drawn: beyond it the curve is clipped, so one huge value does not flatten the rest. */
const Y_LIMIT = 12;

/** Text safe inside SVG and ASCII-only (so the data URI needs no UTF-8 encoder): entities for the rest. */
function svgText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '"') out += '&quot;';
    else if (code > 126 || code < 32) out += `&#${code};`;
    else out += char;
  }
  return out;
}

/** A coordinate rounded to 0.1 px (faster than toFixed, and without trailing zeros). */
function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** An SVG path through the points, broken where a value is not finite, leaves the y range or jumps. */
function pathData(xs: ArrayLike<number>, ys: ArrayLike<number>, toX: (x: number) => number, toY: (y: number) => number, low: number, high: number): string {
  const jump = 0.3 * (high - low);
  let out = '';
  let drawing = false;
  let previous = 0;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y) || y < low || y > high) {
      drawing = false;
      continue;
    }
    const command = drawing && Math.abs(y - previous) <= jump ? 'L' : 'M';
    out += `${command}${oneDecimal(toX(xs[i]))} ${oneDecimal(toY(y))}`;
    drawing = true;
    previous = y;
  }
  return out;
}

/** An SVG drawing of `activation`'s f and f′ with `params`. */
export function activationCurveSvg(activation: Activation, params: ActivationParams, options: CurveOptions = {}): string {
  const width = options.width ?? 260;
  const height = options.height ?? 130;
  const [x0, x1] = options.range ?? [-5, 5];
  const samples = sampleActivation(activation.id, [x0, x1], options.samples ?? 121, params);
  let low = 0;
  let high = 1;
  for (const values of [samples.y, samples.dy]) {
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  low = Math.max(low, -Y_LIMIT);
  high = Math.min(high, Y_LIMIT);
  const pad = 0.08 * (high - low);
  const yLow = low - pad;
  const yHigh = high + pad;
  const left = 30;
  const right = width - 8;
  const top = 8;
  const bottom = height - 18;
  const toX = (x: number) => left + ((x - x0) / (x1 - x0)) * (right - left);
  const toY = (y: number) => bottom - ((y - yLow) / (yHigh - yLow)) * (bottom - top);
  const label = (value: number) => String(Number(value.toPrecision(3)));
  const font = 'font-family="sans-serif" font-size="10"';
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${svgText(`${activation.name}${options.caption ? ` (${options.caption})` : ''}: f solid, f′ dashed`)}</title>`,
    `<g stroke="${COLOURS.axis}" stroke-width="1" opacity="0.7">`,
    `<line x1="${left}" y1="${toY(0).toFixed(1)}" x2="${right}" y2="${toY(0).toFixed(1)}"/>`,
    x0 < 0 && x1 > 0 ? `<line x1="${toX(0).toFixed(1)}" y1="${top}" x2="${toX(0).toFixed(1)}" y2="${bottom}"/>` : '',
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" opacity="0.5"/>`,
    '</g>',
    `<g fill="${COLOURS.text}" ${font}>`,
    `<text x="${left}" y="${height - 5}" text-anchor="middle">${label(x0)}</text>`,
    `<text x="${right}" y="${height - 5}" text-anchor="middle">${label(x1)}</text>`,
    x0 < 0 && x1 > 0 ? `<text x="${toX(0).toFixed(1)}" y="${height - 5}" text-anchor="middle">0</text>` : '',
    `<text x="${left - 3}" y="${(toY(high) + 3).toFixed(1)}" text-anchor="end">${label(high)}</text>`,
    `<text x="${left - 3}" y="${(toY(low) + 3).toFixed(1)}" text-anchor="end">${label(low)}</text>`,
    `</g>`,
    `<path d="${pathData(samples.x, samples.dy, toX, toY, low, high)}" fill="none" stroke="${COLOURS.derivative}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    `<path d="${pathData(samples.x, samples.y, toX, toY, low, high)}" fill="none" stroke="${COLOURS.f}" stroke-width="2"/>`,
    `<g ${font}>`,
    `<line x1="${left + 6}" y1="${top + 10}" x2="${left + 20}" y2="${top + 10}" stroke="${COLOURS.f}" stroke-width="2"/>`,
    `<text x="${left + 24}" y="${top + 13}" fill="${COLOURS.text}">f(x)</text>`,
    `<line x1="${left + 52}" y1="${top + 10}" x2="${left + 66}" y2="${top + 10}" stroke="${COLOURS.derivative}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    `<text x="${left + 70}" y="${top + 13}" fill="${COLOURS.text}">f'(x)</text>`,
    options.caption ? `<text x="${left + 6}" y="${top + 27}" fill="${COLOURS.text}">${svgText(options.caption)}</text>` : '',
    '</g>',
    '</svg>',
  ];
  return parts.join('');
}

/** `data:image/svg+xml;base64,…` for an ASCII SVG (what activationCurveSvg writes). */
export function svgDataUri(svg: string): string {
  const nonAscii = svg.search(/[^\x00-\x7f]/);
  if (nonAscii >= 0) throw new Error(`svgDataUri: the SVG must be ASCII (character ${JSON.stringify(svg[nonAscii])} at ${nonAscii}); write non-ASCII text as entities`);
  // The platform's btoa (Node ≥ 16, browsers, workers) where there is one; the core's own encoder otherwise.
  const btoa = (globalThis as { btoa?: (text: string) => string }).btoa;
  if (btoa) return `data:image/svg+xml;base64,${btoa(svg)}`;
  const bytes = new Uint8Array(svg.length);
  for (let i = 0; i < svg.length; i++) bytes[i] = svg.charCodeAt(i);
  return `data:image/svg+xml;base64,${base64(bytes)}`;
}
