// Activation Lab's settings without VS Code: their names, defaults and bounds, and the checks that turn a
// configured value (anything a settings.json can hold) into one the extension uses. An unusable value gives the
// default and a problem that names the setting, the value and what was expected; nothing here throws.
// Kept free of imports so the extension can read settings without loading the catalog or the trainer.

/** The settings' ids, as in package.json `contributes.configuration`. */
export const SETTINGS = {
  backend: 'activationLab.backend',
  plotXRange: 'activationLab.plot.xRange',
  plotShow: 'activationLab.plot.show',
  plotSamples: 'activationLab.plot.samples',
  hoverLanguages: 'activationLab.hover.languages',
} as const;

export type SettingId = (typeof SETTINGS)[keyof typeof SETTINGS];

/** Where training runs (the Training Lab's `backendChoices`). */
export const BACKEND_SETTING_CHOICES = ['auto', 'cpu', 'webgpu'] as const;
export type BackendSetting = (typeof BACKEND_SETTING_CHOICES)[number];

/** Which curves the Explorer draws (its state's `show`). */
export const PLOT_SHOW_CHOICES = ['both', 'f', 'derivative', 'side-by-side'] as const;
export type PlotShowSetting = (typeof PLOT_SHOW_CHOICES)[number];

/** Bounds the Explorer's state accepts (`MAX_ABS_X`, `samples`). */
export const PLOT_MAX_ABS_X = 1e6;
export const PLOT_MIN_SAMPLES = 50;
export const PLOT_MAX_SAMPLES = 5000;

/** The Explorer's plot settings. */
export interface PlotDefaults {
  readonly xRange: readonly [number, number];
  readonly show: PlotShowSetting;
  readonly samples: number;
}

/** Every setting's default (package.json declares the same; a unit test checks they agree). */
export const SETTING_DEFAULTS = {
  backend: 'auto' as BackendSetting,
  plot: { xRange: [-5, 5], show: 'both', samples: 401 } as PlotDefaults,
  hoverLanguages: ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'] as readonly string[],
};

/** A checked setting: the value to use, and why the configured one was not used (if it was not). */
export interface CheckedSetting<T> {
  readonly value: T;
  readonly problem?: string;
}

/** A value as the user wrote it, for messages (short; never throws). */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const list = (choices: readonly string[]) => choices.map((c) => `"${c}"`).join(', ').replace(/, ([^,]*)$/, ' or $1');

function fallback<T>(setting: SettingId, raw: unknown, expected: string, value: T): CheckedSetting<T> {
  return { value, problem: `${setting} is ${describeValue(raw)}: ${expected}. Using the default, ${describeValue(value)}.` };
}

/** `activationLab.backend`: one of auto/cpu/webgpu. */
export function checkBackend(raw: unknown): CheckedSetting<BackendSetting> {
  if (raw === undefined || raw === null) return { value: SETTING_DEFAULTS.backend };
  if ((BACKEND_SETTING_CHOICES as readonly unknown[]).includes(raw)) return { value: raw as BackendSetting };
  return fallback(SETTINGS.backend, raw, `expected ${list(BACKEND_SETTING_CHOICES)}`, SETTING_DEFAULTS.backend);
}

/** `activationLab.plot.xRange`: [start, end], finite, start < end, within ±PLOT_MAX_ABS_X. */
export function checkXRange(raw: unknown): CheckedSetting<readonly [number, number]> {
  const value = SETTING_DEFAULTS.plot.xRange;
  if (raw === undefined || raw === null) return { value };
  const problem = (expected: string) => fallback(SETTINGS.plotXRange, raw, expected, value);
  if (!Array.isArray(raw) || raw.length !== 2) return problem('expected two numbers [start, end], e.g. [-5, 5]');
  const [start, end] = raw as unknown[];
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end)) return problem('expected two finite numbers [start, end]');
  if (!(end > start)) return problem('the end must be greater than the start');
  if (Math.abs(start) > PLOT_MAX_ABS_X || Math.abs(end) > PLOT_MAX_ABS_X) return problem(`the range must lie within ±${PLOT_MAX_ABS_X}`);
  return { value: [start, end] };
}

/** `activationLab.plot.show`: which curves the Explorer draws. */
export function checkPlotShow(raw: unknown): CheckedSetting<PlotShowSetting> {
  if (raw === undefined || raw === null) return { value: SETTING_DEFAULTS.plot.show };
  if ((PLOT_SHOW_CHOICES as readonly unknown[]).includes(raw)) return { value: raw as PlotShowSetting };
  return fallback(SETTINGS.plotShow, raw, `expected ${list(PLOT_SHOW_CHOICES)}`, SETTING_DEFAULTS.plot.show);
}

/** `activationLab.plot.samples`: an integer in [PLOT_MIN_SAMPLES, PLOT_MAX_SAMPLES]. */
export function checkPlotSamples(raw: unknown): CheckedSetting<number> {
  const value = SETTING_DEFAULTS.plot.samples;
  if (raw === undefined || raw === null) return { value };
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < PLOT_MIN_SAMPLES || raw > PLOT_MAX_SAMPLES) {
    return fallback(SETTINGS.plotSamples, raw, `expected a whole number from ${PLOT_MIN_SAMPLES} to ${PLOT_MAX_SAMPLES}`, value);
  }
  return { value: raw };
}

/**
 * `activationLab.hover.languages`: a list of language ids. Not a list: the default. A list: its non-empty strings
 * (an empty list turns hovers off); other entries are dropped, and named in the problem.
 */
export function checkHoverLanguages(raw: unknown): CheckedSetting<readonly string[]> {
  if (raw === undefined || raw === null) return { value: SETTING_DEFAULTS.hoverLanguages };
  if (!Array.isArray(raw)) return fallback(SETTINGS.hoverLanguages, raw, 'expected a list of language ids, e.g. ["python", "typescript"]', SETTING_DEFAULTS.hoverLanguages);
  const value = raw.filter((language): language is string => typeof language === 'string' && language.trim() !== '');
  if (value.length === raw.length) return { value };
  const dropped = raw.filter((language) => !(typeof language === 'string' && language.trim() !== ''));
  return { value, problem: `${SETTINGS.hoverLanguages} has entries that are not language ids (${dropped.map(describeValue).join(', ')}): ignoring them; hovers work in ${value.length ? value.map((l) => `"${l}"`).join(', ') : 'no language'}.` };
}
