// The Activation Explorer's state and the messages between its webview and the extension. Both sides
// validate every message with these schemas; anything malformed is rejected with a specific error.
import { z } from 'zod';
import { activations, getActivation, type Activation } from '../activations';
import { validate, type Validated } from './validation';

/** Version of the Explorer state; restored state of another version is upgraded or refused. */
export const EXPLORER_STATE_VERSION = 1;
/** Most functions overlaid in one plot. */
export const MAX_PLOTTED_FUNCTIONS = 12;
/** Largest |x| the range may reach. */
export const MAX_ABS_X = 1e6;

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const range = z
  .tuple([finite, finite])
  .refine(([low, high]) => high > low, { message: 'range end must be greater than its start' })
  .refine(([low, high]) => Math.abs(low) <= MAX_ABS_X && Math.abs(high) <= MAX_ABS_X, { message: `range must lie within ±${MAX_ABS_X}` });

/** One function in the plot: a catalog id and its parameter values. */
export const plottedFunctionSchema = z.object({
  /** Catalog id (aliases are resolved to ids before they reach the state). */
  id: z.string().min(1).max(64),
  /** Parameter values by PyTorch name; omitted ones take the catalog's defaults. */
  params: z.record(z.string().max(64), z.union([finite, z.string().max(64)])),
  /** Whether its curves are drawn (the legend toggles it). */
  visible: z.boolean(),
});

/** Everything the Explorer shows: serialisable, restored after a window reload. */
export const explorerStateSchema = z.object({
  version: z.literal(EXPLORER_STATE_VERSION),
  functions: z.array(plottedFunctionSchema).min(1).max(MAX_PLOTTED_FUNCTIONS),
  /** Which curves: f, f′, both overlaid, or f and f′ side by side. */
  show: z.enum(['f', 'derivative', 'both', 'side-by-side']),
  xRange: range,
  /** null: fit the y-axis to the data. */
  yRange: range.nullable(),
  /** Points sampled across the x-range. */
  samples: z.number().int().min(50).max(5000),
  /** The plot, or the compare table. */
  view: z.enum(['plot', 'compare']),
});

export type PlottedFunction = z.infer<typeof plottedFunctionSchema>;
export type ExplorerState = z.infer<typeof explorerStateSchema>;

/** Image formats the plot exports through Plotly. */
export const imageFormats = ['png', 'svg'] as const;
/** Frameworks the "Copy as code" buttons write. */
export const codeFrameworks = ['pytorch', 'keras'] as const;

/** Largest exported image accepted from the webview (a data: URL). */
export const MAX_IMAGE_DATA_URL = 32 * 1024 * 1024;

/** Messages from the Explorer webview to the extension. */
export const explorerToExtensionSchema = z.discriminatedUnion('type', [
  /** The page has loaded and can receive state. */
  z.object({ type: z.literal('ready') }),
  /** The user changed the state (already applied in the page). */
  z.object({ type: z.literal('stateChanged'), state: explorerStateSchema }),
  /** A Plotly image export to save to a file the user picks (or the path a command gave). */
  z.object({
    type: z.literal('image'),
    requestId: z.number().int().nonnegative(),
    format: z.enum(imageFormats),
    dataUrl: z
      .string()
      .max(MAX_IMAGE_DATA_URL)
      .regex(/^data:image\/(png|svg\+xml)[;,]/, { message: 'expected a data:image/png or data:image/svg+xml URL' }),
  }),
  /** The image export failed in the page. */
  z.object({ type: z.literal('imageFailed'), requestId: z.number().int().nonnegative(), message: z.string().max(2000) }),
  /** The user asked to save the sampled values as CSV. */
  z.object({ type: z.literal('saveCsv') }),
  /** The user asked to export the plot as an image (the extension then requests it). */
  z.object({ type: z.literal('saveImage'), format: z.enum(imageFormats) }),
  /** The user asked to copy code for one plotted function. */
  z.object({ type: z.literal('copyCode'), framework: z.enum(codeFrameworks), index: z.number().int().min(0).max(MAX_PLOTTED_FUNCTIONS - 1) }),
  /** A problem in the page worth logging. */
  z.object({ type: z.literal('error'), message: z.string().max(2000) }),
]);

/** Messages from the extension to the Explorer webview. */
export const extensionToExplorerSchema = z.discriminatedUnion('type', [
  /** Replace the page's state (a command or a restored panel). */
  z.object({ type: z.literal('setState'), state: explorerStateSchema }),
  /** Render the plot as an image and answer with an `image` message. */
  z.object({ type: z.literal('exportImage'), requestId: z.number().int().nonnegative(), format: z.enum(imageFormats) }),
]);

export type ExplorerToExtension = z.infer<typeof explorerToExtensionSchema>;
export type ExtensionToExplorer = z.infer<typeof extensionToExplorerSchema>;

/**
 * Checks what the schema cannot: every id is a catalog activation and every parameter is one of its
 * parameters with a value in its domain. Returns the problems as `field: message` strings.
 */
export function catalogProblems(functions: readonly PlottedFunction[]): string[] {
  const problems: string[] = [];
  functions.forEach((fn, index) => {
    let activation: Activation;
    try {
      activation = getActivation(fn.id);
    } catch (error) {
      problems.push(`functions[${index}].id: ${(error as Error).message}`);
      return;
    }
    if (activation.id !== fn.id) problems.push(`functions[${index}].id: expected a catalog id, got the alias "${fn.id}" (use "${activation.id}")`);
    try {
      activation.resolveParams(fn.params);
    } catch (error) {
      problems.push(`functions[${index}].params: ${(error as Error).message}`);
    }
  });
  return problems;
}

/** Validates a full Explorer state: schema, then catalog ids and parameters. */
export function validateExplorerState(input: unknown): Validated<ExplorerState> {
  const result = validate(explorerStateSchema, input, 'Explorer state');
  if (!result.ok) return result;
  const problems = catalogProblems(result.value.functions);
  return problems.length ? { ok: false, error: `invalid Explorer state: ${problems.join('; ')}` } : result;
}

/** Validates a message from the webview (schema, and catalog checks on any state it carries). */
export function parseExplorerMessage(input: unknown): Validated<ExplorerToExtension> {
  const result = validate(explorerToExtensionSchema, input, 'message from the Explorer webview');
  if (!result.ok || result.value.type !== 'stateChanged') return result;
  const problems = catalogProblems(result.value.state.functions);
  return problems.length ? { ok: false, error: `invalid message from the Explorer webview: ${problems.map((p) => `state.${p}`).join('; ')}` } : result;
}

/** Validates a message from the extension (the webview trusts nothing it has not checked). */
export function parseExtensionMessage(input: unknown): Validated<ExtensionToExplorer> {
  const result = validate(extensionToExplorerSchema, input, 'message from the extension');
  if (!result.ok || result.value.type !== 'setState') return result;
  const problems = catalogProblems(result.value.state.functions);
  return problems.length ? { ok: false, error: `invalid message from the extension: ${problems.map((p) => `state.${p}`).join('; ')}` } : result;
}

/** The state a new Explorer opens with: ReLU, f and f′ overlaid on −5 … 5. */
export function defaultExplorerState(functionIds: readonly string[] = ['relu']): ExplorerState {
  return {
    version: EXPLORER_STATE_VERSION,
    functions: functionIds.map((id) => ({ id: getActivation(id).id, params: {}, visible: true })),
    show: 'both',
    xRange: [-5, 5],
    yRange: null,
    samples: 401,
    view: 'plot',
  };
}

/** Every catalog id, for pickers. */
export function catalogIds(): string[] {
  return activations.map((a) => a.id);
}
