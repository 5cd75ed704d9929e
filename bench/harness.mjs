// Timing and reporting for the benchmark: warm-up, then timed repetitions taken in rounds across the
// implementations of a workload; medians and ranges, the printed table and the JSON results file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const now = () => performance.now();

/** Runs `count` steps of `subject.step` (awaited when `isAsync`); returns the elapsed ms and records the first losses. */
async function runSteps(subject, count) {
  const started = now();
  if (subject.isAsync) for (let s = 0; s < count; s++) record(subject, await subject.step());
  else for (let s = 0; s < count; s++) record(subject, subject.step());
  return now() - started;
}

function record(subject, value) {
  if (subject.firstValues.length < 3 && typeof value === 'number') subject.firstValues.push(value);
}

/**
 * Warms `subject` up — at least `warmupMs` and 3 steps, so V8 and the WebAssembly tiers settle (a step of a
 * second or more is its own warm-up) — and sizes its repetitions: `stepsPerRep` steps of about `repMs`.
 */
export async function calibrate(subject, { warmupMs = 400, repMs = 60 } = {}) {
  subject.firstValues = [];
  await subject.activate?.();
  const warmupStart = now();
  const stepMs = [];
  while (stepMs.length < 3 || now() - warmupStart < warmupMs) {
    stepMs.push(await runSteps(subject, 1));
    if (stepMs[stepMs.length - 1] >= 1000) break;
  }
  const warmupSteps = stepMs.length;
  // single steps are coarse and catch the odd pause: take the median of the last few, then time a batch of steps
  const recentMs = summary(stepMs.slice(-5)).medianMs;
  const probeSteps = recentMs >= repMs ? 0 : Math.max(1, Math.min(1000, Math.floor(repMs / Math.max(recentMs, 1e-4) / 2)));
  const estimateMs = probeSteps ? (await runSteps(subject, probeSteps)) / probeSteps : recentMs;
  subject.stepsPerRep = Math.max(1, Math.round(repMs / Math.max(estimateMs, 1e-4)));
  subject.repCostMs = subject.stepsPerRep * estimateMs;
  subject.warmupSteps = warmupSteps + probeSteps;
}

/**
 * Times calibrated subjects in rounds — one repetition of each per round — so that a change in machine load
 * during the run falls on all of them alike. Every subject gets the same number of repetitions, as many as fit
 * `budgetMs` (between `minReps` and `maxReps`), except one so slow that they would take more than `maxRowMs`
 * (it gets at least 3). Sets each subject's `perStepMs` and median / min / max.
 */
export async function timeInRounds(subjects, { budgetMs = 5000, minReps = 5, maxReps = 25, maxRowMs = 20000 } = {}) {
  const totalRepMs = subjects.reduce((sum, s) => sum + s.repCostMs, 0);
  const reps = Math.max(minReps, Math.min(maxReps, Math.floor(budgetMs / Math.max(totalRepMs, 1e-3))));
  for (const subject of subjects) {
    subject.reps = subject.repCostMs * reps > maxRowMs ? Math.max(3, Math.floor(maxRowMs / subject.repCostMs)) : reps;
    subject.perStepMs = [];
  }
  for (let round = 0; round < reps; round++) {
    for (const subject of subjects) {
      if (round >= subject.reps) continue;
      await subject.activate?.();
      subject.perStepMs.push((await runSteps(subject, subject.stepsPerRep)) / subject.stepsPerRep);
    }
  }
  for (const subject of subjects) Object.assign(subject, summary(subject.perStepMs));
}

export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { medianMs: median, minMs: sorted[0], maxMs: sorted[sorted.length - 1] };
}

/** 1.23 ms, 45.6 µs, 2.34 s. */
export function formatTime(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${ms.toPrecision(3)} ms`;
  return `${(ms * 1000).toPrecision(3)} µs`;
}

export function formatRatio(ratio) {
  if (!Number.isFinite(ratio)) return '—';
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

/** Largest relative difference between two short lists of numbers (losses), or NaN when either is missing. */
export function relativeDifference(xs, ys) {
  if (!xs?.length || !ys?.length) return Number.NaN;
  let worst = 0;
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const scale = Math.max(Math.abs(xs[i]), Math.abs(ys[i]), 1e-30);
    worst = Math.max(worst, Math.abs(xs[i] - ys[i]) / scale);
  }
  return worst;
}

/** Prints rows as an aligned text table. */
export function printTable(headers, rows) {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells) => cells.map((cell, c) => String(cell ?? '').padEnd(widths[c])).join('  ').trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Where and on what this run happened, for the results file and the header. */
export function environment() {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus[0]?.model ?? 'unknown',
    logicalCores: cpus.length,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** Writes the run to bench-results/bench-<timestamp>.json (git-ignored); returns its path. */
export function writeResults(root, results) {
  const dir = path.join(root, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
  const file = path.join(dir, `bench-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}
