// The fuzz campaign: every target, and the budget it runs with. `npm test` runs a modest budget from a fixed
// seed (test/unit/fuzz.test.ts); `npm run fuzz` (scripts/fuzz.mjs) runs the same targets with a large one
// through the same file, configured by the environment:
//   ACTLAB_FUZZ_SEED    seed of every target (default: the fixed DEFAULT_SEED)
//   ACTLAB_FUZZ_RUNS    cases per target (default: each target's modest budget); the browser targets run a tenth
//   ACTLAB_FUZZ_TARGET  only this target (comma-separated names)
//   ACTLAB_FUZZ_PATH    replay one counterexample (fast-check's path, with its seed)
//   ACTLAB_FUZZ_REPORT  write the per-target counts here as JSON
//   ACTLAB_FUZZ_TRACE   print each case and its time to stderr (to find a slow one)
//   ACTLAB_FUZZ_HANG_MS how long one check may take before it counts as a hang (default 20 000)
import { cellTarget } from './cells';
import { csvTarget } from './csv';
import { explorerDomTarget, rendererDomTarget, trainingLabDomTarget } from './dom';
import type { Target, TargetResult } from './harness';
import { explorerToExtensionTarget, extensionToExplorerTarget, extensionToLabTarget, labToExtensionTarget } from './messages';
import { notebookFileTarget } from './notebookFiles';
import { payloadTarget } from './payloads';
import { specTarget } from './specs';

/** The seed `npm test` uses, so a failure there reproduces. */
export const DEFAULT_SEED = 20_251_122;

/** Each target with its `npm test` budget (about 30 s on a 2-core machine, all together). */
export const CAMPAIGN: readonly { readonly target: Target<never>; readonly modestRuns: number; readonly browser?: boolean }[] = [
  { target: specTarget as Target<never>, modestRuns: 150 },
  { target: explorerToExtensionTarget as Target<never>, modestRuns: 200 },
  { target: extensionToExplorerTarget as Target<never>, modestRuns: 150 },
  { target: labToExtensionTarget as Target<never>, modestRuns: 100 },
  { target: extensionToLabTarget as Target<never>, modestRuns: 100 },
  { target: payloadTarget as Target<never>, modestRuns: 200 },
  { target: csvTarget as Target<never>, modestRuns: 150 },
  { target: cellTarget as Target<never>, modestRuns: 120 },
  { target: notebookFileTarget as Target<never>, modestRuns: 100 },
  { target: rendererDomTarget as Target<never>, modestRuns: 30, browser: true },
  { target: explorerDomTarget as Target<never>, modestRuns: 12, browser: true },
  { target: trainingLabDomTarget as Target<never>, modestRuns: 12, browser: true },
];

export interface CampaignConfig {
  readonly seed: number;
  /** Cases per target, or undefined for each target's modest budget. */
  readonly runs?: number;
  readonly targets?: readonly string[];
  readonly path?: string;
  readonly report?: string;
}

export function configFromEnvironment(env: Record<string, string | undefined> = process.env): CampaignConfig {
  const number = (name: string) => (env[name] !== undefined && env[name] !== '' ? Number(env[name]) : undefined);
  return {
    seed: number('ACTLAB_FUZZ_SEED') ?? DEFAULT_SEED,
    runs: number('ACTLAB_FUZZ_RUNS'),
    targets: env.ACTLAB_FUZZ_TARGET ? env.ACTLAB_FUZZ_TARGET.split(',').map((s) => s.trim()) : undefined,
    path: env.ACTLAB_FUZZ_PATH || undefined,
    report: env.ACTLAB_FUZZ_REPORT || undefined,
  };
}

/** Cases a target runs under `config`: the browser targets (a page render each) run a tenth of a large budget. */
export function runsFor(entry: (typeof CAMPAIGN)[number], config: CampaignConfig): number {
  if (config.runs === undefined) return entry.modestRuns;
  return entry.browser ? Math.max(entry.modestRuns, Math.round(config.runs / 10)) : config.runs;
}

/** One line of counts. */
export function formatResult(result: TargetResult): string {
  const s = result.stats;
  return `${result.name.padEnd(22)} ${String(s.runs).padStart(6)} runs  ${String(s.accepted).padStart(6)} accepted  ${String(s.rejected).padStart(6)} rejected  ${String(s.namedExact).padStart(6)} named exactly  ${String(s.namedRelated).padStart(5)} named related  ${String(s.nextLayer).padStart(6)} next layer (${s.nextLayerSkipped} too big)  ${(result.ms / 1000).toFixed(1)} s${result.failure ? '  FAILED' : ''}`;
}
