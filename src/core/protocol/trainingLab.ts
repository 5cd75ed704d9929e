// The Training Lab's set-up and the messages between its webview and the extension. Both sides validate
// every message; a set-up's spec is checked by `validateSpec`, the same check `lab.train` runs.
import { z } from 'zod';
import { validateSpec } from './validate';
import type { TrainingSpec } from './spec';
import { validate, type Validated } from './validation';

/** Version of the saved set-up; another version is refused with a clear message. */
export const LAB_SETUP_VERSION = 1;

/** Where training runs. */
export const backendChoices = ['auto', 'cpu', 'webgpu'] as const;

/** The Training Lab's whole set-up: the experiment spec and the panel's own choices. */
export const labSetupSchema = z.object({
  version: z.literal(LAB_SETUP_VERSION),
  spec: z.unknown(),
  backend: z.enum(backendChoices),
  /** The tab shown. */
  view: z.enum(['train', 'compare', 'sweep']),
  /** The guided experiment the set-up came from, if any. */
  experiment: z.string().max(64).nullable(),
  /** Most training steps per second while playing (0: as fast as the machine goes), so learning can be watched. */
  speed: z.number().int().min(0).max(1_000_000).default(100),
});

export type LabSetup = Omit<z.output<typeof labSetupSchema>, 'spec'> & { spec: TrainingSpec };

/** Largest CSV the panel imports, and largest spec/history the extension writes. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

/** Messages from the Training Lab webview to the extension. */
export const labToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** The set-up changed (persisted by the page; the extension keeps it for saving and tests). */
  z.object({ type: z.literal('setupChanged'), setup: labSetupSchema }),
  /** Run state, for the status line and tests. */
  z.object({
    type: z.literal('runState'),
    running: z.boolean(),
    step: z.number().int().nonnegative(),
    backend: z.string().max(32),
    backendReason: z.string().max(500),
    testAccuracy: z.number().nullable(),
    loss: z.number().nullable(),
    diverged: z.string().max(1000).nullable(),
  }),
  z.object({ type: z.literal('saveSpec') }),
  z.object({ type: z.literal('loadSpec') }),
  z.object({ type: z.literal('exportPytorch') }),
  /** The run's history to save, already serialised by the page. */
  z.object({ type: z.literal('exportHistory'), format: z.enum(['csv', 'json']), content: z.string().max(MAX_EXPORT_BYTES) }),
  z.object({ type: z.literal('importCsv') }),
  z.object({ type: z.literal('error'), message: z.string().max(2000) }),
]);

/** Messages from the extension to the Training Lab webview. */
export const extensionToLabSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setSetup'), setup: labSetupSchema }),
  z.object({ type: z.literal('csvImported'), fileName: z.string().max(500), csv: z.string().max(MAX_CSV_BYTES) }),
  z.object({ type: z.literal('runExperiment'), id: z.string().max(64) }),
  z.object({ type: z.literal('control'), action: z.enum(['play', 'pause', 'step', 'reset']) }),
  /** The default backend changed (`activationLab.backend`): the set-up follows it unless the user chose one in the page. */
  z.object({ type: z.literal('defaults'), backend: z.enum(backendChoices) }),
]);

export type LabToExtension = z.input<typeof labToExtensionSchema>;
export type ExtensionToLab = z.infer<typeof extensionToLabSchema>;

/** Checks a set-up: its envelope, then its spec with `validateSpec` (errors name the spec's field). */
export function validateLabSetup(input: unknown): Validated<LabSetup> {
  const result = validate(labSetupSchema, input, 'Training Lab set-up');
  if (!result.ok) return result;
  try {
    validateSpec(result.value.spec);
  } catch (error) {
    return { ok: false, error: `invalid Training Lab set-up: spec: ${(error as Error).message}` };
  }
  return { ok: true, value: result.value as LabSetup };
}

function withSetupChecked<T extends { type: string }>(result: Validated<T>, where: string): Validated<T> {
  if (!result.ok) return result;
  const setup = (result.value as { setup?: unknown }).setup;
  if (setup === undefined) return result;
  const checked = validateLabSetup(setup);
  return checked.ok ? result : { ok: false, error: `invalid message from ${where}: setup: ${checked.error.replace(/^invalid Training Lab set-up: /, '')}` };
}

/** Validates a message from the Training Lab webview. */
export function parseLabMessage(input: unknown): Validated<z.infer<typeof labToExtensionSchema>> {
  return withSetupChecked(validate(labToExtensionSchema, input, 'message from the Training Lab webview'), 'the Training Lab webview');
}

/** Validates a message from the extension (in the webview). */
export function parseExtensionToLabMessage(input: unknown): Validated<ExtensionToLab> {
  return withSetupChecked(validate(extensionToLabSchema, input, 'message from the extension'), 'the extension');
}

