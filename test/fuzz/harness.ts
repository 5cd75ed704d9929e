// Runs one fuzz target with fast-check and keeps its counts: cases run, accepted, rejected, rejections whose
// message was checked to name the mutated field (exactly, or — for cross-field checks — a related field), and
// accepted values handed on to the next layer. A failure carries the seed and path that reproduce it.
import fc from 'fast-check';
import { caseSummary, INTERNAL_ERROR, type Case } from './arbitraries';

/** Counts of one target. */
export interface Stats {
  runs: number;
  accepted: number;
  rejected: number;
  /** Rejections whose message names the mutated field's path. */
  namedExact: number;
  /** Rejections (cross-field, or of a whole value) whose message names a related field, line or column. */
  namedRelated: number;
  /** Accepted values the next layer used (trainer step, render, traces …). */
  nextLayer: number;
  /** Accepted values too large for the next layer's bounded check here. */
  nextLayerSkipped: number;
}

export const emptyStats = (): Stats => ({ runs: 0, accepted: 0, rejected: 0, namedExact: 0, namedRelated: 0, nextLayer: 0, nextLayerSkipped: 0 });

/** A broken property: thrown from a predicate, reported with the case. */
export class FuzzFailure extends Error {
  override readonly name = 'FuzzFailure';
}

/** Longest a single check may take before the campaign calls it a hang (generous: the checks take milliseconds). */
export const HANG_MS = Number(process.env.ACTLAB_FUZZ_HANG_MS ?? 20_000);

/** Runs `f`, failing when it takes longer than HANG_MS (a bounded input must give a bounded call). */
export async function bounded<T>(what: string, f: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const check = () => {
    const ms = performance.now() - started;
    if (ms > HANG_MS) throw new FuzzFailure(`${what} took ${(ms / 1000).toFixed(1)} s for a bounded input (limit ${HANG_MS / 1000} s): a hang`);
  };
  try {
    const result = await f();
    check();
    return result;
  } catch (error) {
    // A slow rejection is as much a hang as a slow acceptance.
    check();
    throw error;
  }
}

/** What a validation entry point threw, as a rejection message; anything but a plain Error naming a reason is a bug. */
export function rejectionMessage(error: unknown, where: string, allowed: readonly (new (...args: never[]) => Error)[] = [Error]): string {
  if (error instanceof FuzzFailure) throw error;
  if (!(error instanceof Error)) throw new FuzzFailure(`${where} threw a non-Error: ${String(error).slice(0, 200)}`);
  if (!allowed.some((type) => error.constructor === type)) throw new FuzzFailure(`${where} threw ${error.constructor.name}: ${error.message.slice(0, 300)}`);
  return checkMessage(error.message, where);
}

/** A rejection message: non-empty text that is not an engine error leaking through. */
export function checkMessage(message: unknown, where: string): string {
  if (typeof message !== 'string' || message.trim() === '') throw new FuzzFailure(`${where} rejected with an empty message`);
  const leak = INTERNAL_ERROR.exec(message);
  if (leak) throw new FuzzFailure(`${where} rejected with an internal error ("${leak[0]}"): ${message.slice(0, 300)}`);
  return message;
}

/** One target: a generator of cases and the check of one case (it updates `stats`, throws FuzzFailure on a bug). */
export interface Target<Meta = unknown> {
  readonly name: string;
  /** What the counts are about, for the report (specs, webview messages, notebook payloads, CSV files …). */
  readonly group: string;
  readonly arbitrary: fc.Arbitrary<Case<Meta>>;
  check(value: Case<Meta>, stats: Stats): Promise<void>;
  /** Set up / tear down shared resources (a browser page). */
  before?(): Promise<void>;
  after?(): Promise<void>;
}

export interface RunOptions {
  readonly seed: number;
  readonly numRuns: number;
  /** Replays one counterexample (fast-check's path), with `seed`. */
  readonly path?: string;
}

export interface TargetResult {
  readonly name: string;
  readonly group: string;
  readonly stats: Stats;
  readonly ms: number;
  /** The counterexample, with how to reproduce it; undefined when every case passed. */
  readonly failure?: string;
  readonly interrupted: boolean;
}

/** A printable case: the mutation, never the (possibly megabyte-long or 100 000-deep) value itself. */
function printable<Meta>(arbitrary: fc.Arbitrary<Case<Meta>>): fc.Arbitrary<Case<Meta>> {
  return arbitrary.map((value) => Object.assign(Object.create(null) as object, value, { [fc.toStringMethod]: () => caseSummary(value) }) as Case<Meta>);
}

/** Runs `target` for `numRuns` cases from `seed`; never throws: a failure is in the result. */
export async function runTarget<Meta>(target: Target<Meta>, options: RunOptions): Promise<TargetResult> {
  const stats = emptyStats();
  // The counts when the first counterexample turned up (shrinking it runs the check many more times).
  let atFirstFailure: Stats | null = null;
  const started = performance.now();
  await target.before?.();
  let details: fc.RunDetails<[Case<Meta>]>;
  try {
    const property = fc.asyncProperty(printable(target.arbitrary), async (value) => {
      stats.runs++;
      const trace = process.env.ACTLAB_FUZZ_TRACE ? performance.now() : undefined;
      if (trace !== undefined) process.stderr.write(`[fuzz] ${target.name} #${stats.runs}: ${caseSummary(value)}`);
      // A check whose promise never settles would let Node exit silently: the watchdog keeps the loop alive and fails it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const watchdog = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new FuzzFailure(`the check did not finish within ${HANG_MS / 1000} s: a hang`)), HANG_MS);
      });
      try {
        await Promise.race([target.check(value, stats), watchdog]);
      } catch (error) {
        atFirstFailure ??= { ...stats };
        throw error;
      } finally {
        clearTimeout(timer);
        if (trace !== undefined) process.stderr.write(` (${(performance.now() - trace).toFixed(0)} ms)\n`);
      }
    });
    details = await fc.check(property, {
      seed: options.seed,
      numRuns: options.numRuns,
      ...(options.path ? { path: options.path, endOnFailure: true } : {}),
    });
  } finally {
    await target.after?.();
  }
  const ms = performance.now() - started;
  let failure: string | undefined;
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const example = details.counterexample ? caseSummary(details.counterexample[0]) : '(no counterexample)';
    failure = [
      `${target.name}: ${error.slice(0, 4000)}`,
      `  case: ${example}`,
      `  reproduce: node scripts/fuzz.mjs --target ${target.name} --seed ${details.seed} --path ${details.counterexamplePath}`,
      `  (fast-check: seed ${details.seed}, path "${details.counterexamplePath}", ${details.numRuns} runs, ${details.numShrinks} shrinks)`,
    ].join('\n');
  }
  return { name: target.name, group: target.group, stats: atFirstFailure ?? stats, ms, failure, interrupted: details.interrupted };
}
