// The notebook output format: the MIME type `application/vnd.activation-lab+json` that the renderer draws and
// any kernel may emit, its versioned schema (kinds `plot`, `run`, `compare`, `sweep`), and the one parser that
// checks an untrusted payload — size, nesting, version, kind, then every field — with errors naming the field.
// The schema is documented for people in README.md ("Notebooks"); the zod schemas below are its definition.
import { z } from 'zod';
import { getActivation } from '../activations';
import { checkSpecSchema, type TrainingSpec } from './spec';
import { fieldPath, largestContainer } from './validation';

/** The MIME type of an Activation Lab output. */
export const NOTEBOOK_MIME = 'application/vnd.activation-lab+json';
/** The schema version this build writes and reads. A payload of a higher version is refused with advice to update. */
export const NOTEBOOK_PAYLOAD_VERSION = 1;
/** Largest payload accepted, in bytes of JSON text (or UTF-16 code units of an already-decoded string). */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/** Deepest nesting of arrays and objects accepted (a spec with conv weights and image data needs about 10). */
export const MAX_PAYLOAD_DEPTH = 24;
/** Most values (numbers, strings, array and object entries) in one payload. */
export const MAX_PAYLOAD_VALUES = 600_000;
/** Most points in one series of a history or a comparison. */
export const MAX_SERIES_POINTS = 20_000;
/** Most rows and columns of a decision-boundary grid. */
export const MAX_GRID_SIZE = 200;
/** Most data points drawn over a decision boundary, per split. */
export const MAX_DATA_POINTS = 5_000;
/** Most functions in one plot, runs in one comparison, and rows or columns of a sweep. */
export const MAX_PLOT_FUNCTIONS = 12;
export const MAX_COMPARE_RUNS = 16;
export const MAX_SWEEP_SIZE = 32;
/** Largest |x| a plot's range may reach. */
export const MAX_PLOT_ABS_X = 1e6;

/** The kinds of output, in the order the README documents them. */
export const PAYLOAD_KINDS = ['plot', 'run', 'compare', 'sweep'] as const;
export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

const finite = z.number({ error: 'expected a finite number (JSON has no NaN or Infinity: write null for a missing value)' });
/** A measured value, or null where there is none (not measured at that step, or not finite: JSON cannot say NaN). */
const measured = finite.nullable();
const text = (max: number) => z.string().max(max, { error: `expected at most ${max} characters` });
const series = z.array(measured).max(MAX_SERIES_POINTS, { error: `expected at most ${MAX_SERIES_POINTS} points` });
const fraction = z.number().min(0).max(1).nullable();

/** One function of a plot: a catalog name (id or alias) and parameter values by PyTorch name. */
const plottedFunction = z.object({
  name: text(64).min(1),
  params: z.record(text(64), z.union([finite, text(64)])).optional(),
});

const plotRange = z
  .tuple([finite, finite])
  .refine(([low, high]) => high > low, { error: 'range end must be greater than its start' })
  .refine(([low, high]) => Math.abs(low) <= MAX_PLOT_ABS_X && Math.abs(high) <= MAX_PLOT_ABS_X, { error: `range must lie within ±${MAX_PLOT_ABS_X}` });

const version = z.number().int();

/** `plot`: f and/or f′ of catalog functions over a range; the renderer samples them with the core. */
export const plotPayloadSchema = z.object({
  version,
  kind: z.literal('plot'),
  title: text(200).optional(),
  functions: z.array(plottedFunction).min(1).max(MAX_PLOT_FUNCTIONS),
  range: plotRange,
  /** f, f′ (dashed) or both. */
  show: z.enum(['f', 'derivative', 'both']),
  /** Points sampled across the range (default 401). */
  samples: z.number().int().min(2).max(5000).optional(),
});

/** A training history, column by column: `step[i]` is the step the other columns' i-th values belong to. */
const historySchema = z
  .object({
    step: z.array(z.number().int().nonnegative()).max(MAX_SERIES_POINTS, { error: `expected at most ${MAX_SERIES_POINTS} points` }),
    /** Loss on each step's batch. */
    loss: series,
    /** Mean loss over the training set, where measured. */
    trainLoss: series.optional(),
    testLoss: series.optional(),
    accuracy: series.optional(),
    testAccuracy: series.optional(),
    /** Per hidden layer with an activation: its dead-unit fraction at each step (null where not measured). */
    deadFraction: z.array(series).max(64).optional(),
  })
  .superRefine((history, context) => {
    const length = history.step.length;
    const check = (values: readonly unknown[] | undefined, path: (string | number)[]) => {
      if (values && values.length !== length) context.addIssue({ code: 'custom', path, message: `has ${values.length} values but history.step has ${length}; every column needs one value per step` });
    };
    check(history.loss, ['loss']);
    for (const key of ['trainLoss', 'testLoss', 'accuracy', 'testAccuracy'] as const) check(history[key], [key]);
    history.deadFraction?.forEach((layer, i) => check(layer, ['deadFraction', i]));
  });

/** The diagnostics after the last update. */
const finalSchema = z.object({
  loss: measured,
  trainLoss: measured.optional(),
  testLoss: measured.optional(),
  accuracy: fraction.optional(),
  testAccuracy: fraction.optional(),
  deadFraction: z.array(fraction).max(64).optional(),
});

/** The model over the input plane: `values[r][c]` at (x1[c], x2[r]). */
const boundarySchema = z
  .object({
    x1: z.array(finite).min(2).max(MAX_GRID_SIZE),
    x2: z.array(finite).min(2).max(MAX_GRID_SIZE),
    values: z.array(z.array(measured).max(MAX_GRID_SIZE)).max(MAX_GRID_SIZE),
    /** probability: P(class 1) of a two-class model; class: the predicted class index; value: a regression output. */
    output: z.enum(['probability', 'class', 'value']),
  })
  .superRefine((grid, context) => {
    if (grid.values.length !== grid.x2.length) context.addIssue({ code: 'custom', path: ['values'], message: `has ${grid.values.length} rows but x2 has ${grid.x2.length} values; one row per x2` });
    grid.values.forEach((row, r) => {
      if (row.length !== grid.x1.length) context.addIssue({ code: 'custom', path: ['values', r], message: `has ${row.length} values but x1 has ${grid.x1.length}; one value per x1` });
    });
  });

/** 2-D data points with their labels (class index, or target value for regression). */
const pointsSchema = z
  .object({
    x1: z.array(finite).max(MAX_DATA_POINTS),
    x2: z.array(finite).max(MAX_DATA_POINTS),
    y: z.array(finite).max(MAX_DATA_POINTS),
  })
  .superRefine((points, context) => {
    if (points.x2.length !== points.x1.length) context.addIssue({ code: 'custom', path: ['x2'], message: `has ${points.x2.length} values but x1 has ${points.x1.length}` });
    if (points.y.length !== points.x1.length) context.addIssue({ code: 'custom', path: ['y'], message: `has ${points.y.length} values but x1 has ${points.x1.length}` });
  });

/** A training spec, checked against the spec's JSON Schema (the same check `lab.train` starts with). */
const specField = z.custom<TrainingSpec>().superRefine((spec, context) => {
  try {
    checkSpecSchema(spec);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** `run`: one training run — its spec, history, final diagnostics and decision boundary. */
export const runPayloadSchema = z.object({
  version,
  kind: z.literal('run'),
  title: text(200).optional(),
  /** running: a progress snapshot while training; finished, cancelled (interrupted) or diverged: the end. */
  status: z.enum(['running', 'finished', 'cancelled', 'diverged']),
  spec: specField,
  /** Steps the spec asks for, and steps taken so far. */
  steps: z.number().int().nonnegative(),
  stepsTaken: z.number().int().nonnegative(),
  /** Names of the hidden layers that `deadFraction` entries refer to, e.g. `dense 1 (relu)`. */
  hiddenLayers: z.array(text(100)).max(64).optional(),
  history: historySchema,
  final: finalSchema.optional(),
  diverged: z.object({ step: z.number().int().nonnegative(), message: text(2000) }).optional(),
  boundary: boundarySchema.optional(),
  data: z
    .object({
      task: z.enum(['classification', 'regression']),
      /** Number of classes (0 for regression). */
      classes: z.number().int().min(0).max(100),
      train: pointsSchema.optional(),
      test: pointsSchema.optional(),
    })
    .optional(),
});

/** One run of a comparison: its label and training-set loss curve, and its final diagnostics. */
const compareRunSchema = z
  .object({
    label: text(200).min(1),
    steps: z.array(z.number().int().nonnegative()).max(MAX_SERIES_POINTS),
    loss: series,
    finalLoss: measured,
    accuracy: fraction.optional(),
    testAccuracy: fraction.optional(),
    deadFraction: z.array(fraction).max(64).optional(),
    /** Why the run stopped early, when it diverged. */
    diverged: text(2000).nullable().optional(),
  })
  .superRefine((run, context) => {
    if (run.loss.length !== run.steps.length) context.addIssue({ code: 'custom', path: ['loss'], message: `has ${run.loss.length} values but steps has ${run.steps.length}` });
  });

/** `compare`: the same network trained with different activations (or set-ups) from the same seed. */
export const comparePayloadSchema = z.object({
  version,
  kind: z.literal('compare'),
  title: text(200).optional(),
  status: z.enum(['running', 'finished', 'cancelled']).optional(),
  /** What the curves measure, e.g. "training-set loss". */
  metric: text(100).optional(),
  runs: z.array(compareRunSchema).min(1).max(MAX_COMPARE_RUNS),
});

/** `sweep`: final training loss for each activation (row) × learning rate (column); "diverged" or null (not run) cells. */
export const sweepPayloadSchema = z
  .object({
    version,
    kind: z.literal('sweep'),
    title: text(200).optional(),
    status: z.enum(['running', 'finished', 'cancelled']).optional(),
    rows: z.array(text(100).min(1)).min(1).max(MAX_SWEEP_SIZE),
    /** Learning rates. */
    columns: z.array(z.number().positive()).min(1).max(MAX_SWEEP_SIZE),
    cells: z.array(z.array(z.union([finite, z.literal('diverged'), z.null()])).max(MAX_SWEEP_SIZE)).max(MAX_SWEEP_SIZE),
  })
  .superRefine((sweep, context) => {
    if (sweep.cells.length !== sweep.rows.length) context.addIssue({ code: 'custom', path: ['cells'], message: `has ${sweep.cells.length} rows but rows has ${sweep.rows.length}` });
    sweep.cells.forEach((row, r) => {
      if (row.length !== sweep.columns.length) context.addIssue({ code: 'custom', path: ['cells', r], message: `has ${row.length} values but columns has ${sweep.columns.length}` });
    });
  });

export type PlotPayload = z.infer<typeof plotPayloadSchema>;
export type RunPayload = z.infer<typeof runPayloadSchema>;
export type ComparePayload = z.infer<typeof comparePayloadSchema>;
export type SweepPayload = z.infer<typeof sweepPayloadSchema>;
export type NotebookPayload = PlotPayload | RunPayload | ComparePayload | SweepPayload;

const schemas: Record<PayloadKind, z.ZodType<NotebookPayload>> = {
  plot: plotPayloadSchema,
  run: runPayloadSchema,
  compare: comparePayloadSchema,
  sweep: sweepPayloadSchema,
};

/** The result of checking an untrusted payload; `error` says what was wrong and what to do. */
export type PayloadResult = { ok: true; value: NotebookPayload } | { ok: false; error: string };

const fail = (error: string): PayloadResult => ({ ok: false, error });

/** A short, printable rendering of an untrusted value for an error message (never longer than 60 characters). */
function shown(value: unknown): string {
  let out: string;
  try {
    out = JSON.stringify(value) ?? String(value);
  } catch {
    out = String(value);
  }
  return out.length > 60 ? `${out.slice(0, 57)}…` : out;
}

/**
 * Walks the value without recursion, counting its entries and measuring its depth; refuses one that nests
 * deeper than MAX_PAYLOAD_DEPTH or holds more than MAX_PAYLOAD_VALUES entries (validators recurse: a payload
 * nested 100 000 deep must not reach them).
 */
function checkShape(root: unknown): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
  let count = 0;
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_PAYLOAD_DEPTH) return `the payload nests deeper than ${MAX_PAYLOAD_DEPTH} levels (at ${path || 'the top'}); an Activation Lab output needs far fewer`;
    // Array.from, not map: map skips the holes of a sparse array, and the loop below then threw on them.
    const entries = Array.isArray(value) ? Array.from(value, (v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [path ? `.${k}` : k, v] as const);
    count += entries.length;
    if (count > MAX_PAYLOAD_VALUES) return `the payload holds more than ${MAX_PAYLOAD_VALUES} values; downsample histories and grids (see the README's "Notebooks" section for the limits)`;
    for (const [key, child] of entries) stack.push({ value: child, depth: depth + 1, path: `${path}${key}` });
  }
  return null;
}

/** Checks what the schema cannot: plotted names are catalog activations with valid parameters. */
function catalogProblems(payload: PlotPayload): string[] {
  const problems: string[] = [];
  payload.functions.forEach((fn, index) => {
    try {
      getActivation(fn.name).resolveParams(fn.params ?? {});
    } catch (error) {
      problems.push(`functions[${index}]: ${(error as Error).message}`);
    }
  });
  return problems;
}

/**
 * Checks an untrusted payload and returns it typed, or an error that names the field and says what to do.
 * `input` is the payload as JSON text, or as the value JSON.parse gave. Never throws.
 */
export function parseNotebookPayload(input: unknown): PayloadResult {
  try {
    return parse(input);
  } catch (error) {
    // A validator that throws (it should not) still ends in a message, never in a broken output.
    return fail(`the payload could not be checked: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parse(input: unknown): PayloadResult {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > MAX_PAYLOAD_BYTES) return fail(`the payload is ${input.length} characters long; at most ${MAX_PAYLOAD_BYTES} are accepted (downsample histories and grids)`);
    try {
      value = JSON.parse(input);
    } catch (error) {
      const nan = /\b(NaN|-?Infinity)\b/.test(input) ? ' JSON has no NaN or Infinity: write null instead (Python: json.dumps(..., allow_nan=False) finds them)' : '';
      return fail(`the payload is not valid JSON (${(error as Error).message}).${nan}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(`the payload must be a JSON object with "version" and "kind" (got ${Array.isArray(value) ? 'an array' : shown(value)})`);
  }
  const shape = checkShape(value);
  if (shape) return fail(shape);
  const record = value as Record<string, unknown>;
  const payloadVersion = record.version;
  if (payloadVersion === undefined) return fail(`version is required: add "version": ${NOTEBOOK_PAYLOAD_VERSION}`);
  if (typeof payloadVersion !== 'number' || !Number.isInteger(payloadVersion) || payloadVersion < 1) {
    return fail(`version must be a positive integer such as ${NOTEBOOK_PAYLOAD_VERSION} (got ${shown(payloadVersion)})`);
  }
  if (payloadVersion > NOTEBOOK_PAYLOAD_VERSION) {
    return fail(`this output uses schema version ${payloadVersion}, written by a newer Activation Lab; this one reads version ${NOTEBOOK_PAYLOAD_VERSION}. Update the Activation Lab extension to see it.`);
  }
  const kind = record.kind;
  if (typeof kind !== 'string' || !(PAYLOAD_KINDS as readonly string[]).includes(kind)) {
    return fail(`kind must be one of ${PAYLOAD_KINDS.map((k) => `"${k}"`).join(', ')} (got ${shown(kind)})`);
  }
  let result: ReturnType<(typeof schemas)[PayloadKind]['safeParse']>;
  try {
    result = schemas[kind as PayloadKind].safeParse(value);
  } catch (error) {
    // zod overflows the stack gathering the issues of ~120 000 bad entries of one array or record: name it instead.
    if (error instanceof RangeError) return fail(`invalid ${kind} output: ${largestContainer(value)}`);
    throw error;
  }
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((issue) => `${fieldPath(issue.path)}: ${issue.message}`);
    const more = result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
    return fail(`invalid ${kind} output: ${issues.join('; ')}${more}`);
  }
  if (result.data.kind === 'plot') {
    const problems = catalogProblems(result.data);
    if (problems.length) return fail(`invalid plot output: ${problems.join('; ')}`);
  }
  return { ok: true, value: result.data };
}
