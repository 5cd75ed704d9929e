// Running Activation Lab cells into notebook outputs: a plot payload, training that streams progress and ends
// with a `run` output (history, final diagnostics, decision boundary) equal to what lab.train computes, interrupt,
// divergence, comparisons and sweeps — every output valid under the schema the renderer checks.
import { strict as assert } from 'node:assert';
import { train } from '../../src/core';
import { parseCell, payloadSummary, runCell, type NotebookPayload } from '../../src/core/notebook';
import { parseNotebookPayload, type ComparePayload, type RunPayload, type SweepPayload } from '../../src/core/protocol/notebook';

function valid(payload: NotebookPayload): NotebookPayload {
  const result = parseNotebookPayload(JSON.stringify(payload));
  assert.ok(result.ok, (result as { error?: string }).error);
  return result.value;
}

describe('Running Activation Lab cells', function () {
  this.timeout(60_000);

  it('plot: a payload naming the catalog ids, parameters, range and curves', async () => {
    const payload = await runCell(parseCell('plot relu, nn.LeakyReLU(negative_slope=0.2)\nrange: -2 2\nshow: f'));
    assert.deepEqual(valid(payload), { version: 1, kind: 'plot', functions: [{ name: 'relu' }, { name: 'leaky_relu', params: { negative_slope: 0.2 } }], range: [-2, 2], show: 'f' });
    assert.equal(payloadSummary(payload), 'Activation Lab plot: f of ReLU, Leaky ReLU on [-2, 2]');
  });

  it('train: streams running outputs, then a finished run whose history and final metrics are lab.train’s', async () => {
    const program = parseCell('train\ndata: circle samples=120 noise=0.05\nlayers: 6 relu, 6 relu\noptimizer: adam lr=0.02\nsteps: 150\nseed: 4');
    const progress: RunPayload[] = [];
    const payload = (await runCell(program, { onProgress: (p) => progress.push(valid(p) as RunPayload), progressEveryMs: 0 })) as RunPayload;
    valid(payload);
    assert.ok(progress.length >= 10, `progress outputs while training (${progress.length})`);
    assert.ok(progress.every((p) => p.kind === 'run' && p.status === 'running'));
    assert.deepEqual(
      progress.slice(0, 3).map((p) => p.stepsTaken),
      [0, 1, 2],
    );
    assert.equal(payload.status, 'finished');
    assert.deepEqual([payload.steps, payload.stepsTaken], [150, 150]);
    assert.deepEqual(payload.history.step, Array.from({ length: 150 }, (_, i) => i));
    assert.deepEqual(payload.hiddenLayers, ['dense 1 (relu)', 'dense 2 (relu)']);

    const expected = await train(program.kind === 'train' ? program.spec : undefined, { backend: 'cpu' });
    const round = (v: number) => Number(v.toPrecision(5));
    assert.deepEqual(payload.history.loss, expected.history.map((h) => round(h.loss)), 'batch losses are lab.train’s, to 5 significant digits');
    assert.equal(payload.final?.trainLoss, round(expected.final.trainLoss!));
    assert.equal(payload.final?.testAccuracy, round(expected.final.testAccuracy!));

    const grid = payload.boundary!;
    assert.equal(grid.output, 'probability');
    assert.equal(grid.values.length, 40);
    assert.ok(grid.values.every((row) => row.length === 40 && row.every((v) => v !== null && v >= 0 && v <= 1)));
    assert.equal(payload.data?.train?.x1.length, 60);
    assert.ok(JSON.stringify(payload).length < 100_000, 'the output stays small');
  });

  it('keeps at most 1000 history points of a long run, every measured step among them while they fit', async () => {
    const payload = (await runCell(parseCell('train\ndata: xor samples=64\nlayers: 4 tanh\noptimizer: sgd lr=0.1\nbatch: full\nsteps: 3000\nmetrics-every: 100'))) as RunPayload;
    valid(payload);
    const steps = payload.history.step;
    assert.ok(steps.length <= 1000 && steps.length > 400, `${steps.length} points`);
    assert.deepEqual([steps[0], steps[steps.length - 1]], [0, 2999]);
    for (let t = 0; t < 3000; t += 100) assert.ok(steps.includes(t), `measured step ${t} kept`);
    const measured = payload.history.trainLoss!.filter((v) => v !== null).length;
    assert.equal(measured, 30);
  });

  it('honours interrupt: stops at the signal and ends with a cancelled run holding the steps taken', async () => {
    const signal = { aborted: false };
    let updates = 0;
    const payload = (await runCell(parseCell('train\ndata: spiral samples=400\nlayers: 32 relu, 32 relu\nsteps: 200000'), {
      signal,
      progressEveryMs: 0,
      onProgress: () => {
        if (++updates === 50) signal.aborted = true;
      },
    })) as RunPayload;
    valid(payload);
    assert.equal(payload.status, 'cancelled');
    assert.ok(payload.stepsTaken >= 48 && payload.stepsTaken <= 50, `stopped after ${payload.stepsTaken} steps`);
    assert.equal(payload.history.step.length, payload.stepsTaken);
    assert.ok(payload.final, 'final diagnostics of the interrupted model');
  });

  it('reports divergence: a diverged run, its step and advice, and no boundary', async () => {
    const payload = (await runCell(parseCell('train\ndata: circle samples=100\nlayers: 8 relu\noptimizer: sgd lr=1e30\nsteps: 100'))) as RunPayload;
    valid(payload);
    assert.equal(payload.status, 'diverged');
    assert.match(payload.diverged!.message, /training diverged at step \d+/);
    assert.equal(payload.boundary, undefined);
    assert.ok(payload.history.loss.some((v) => v === null), 'the non-finite loss is stored as null');
    assert.match(payloadSummary(payload), /^Activation Lab run: diverged after/);
  });

  it('compare: one curve and final numbers per activation, from the same seed', async () => {
    const progress: NotebookPayload[] = [];
    const payload = (await runCell(parseCell('compare relu, tanh, gelu\ndata: moons samples=100\nlayers: 8, 8\nsteps: 60'), { onProgress: (p) => progress.push(valid(p)), progressEveryMs: 0 })) as ComparePayload;
    valid(payload);
    assert.deepEqual(payload.runs.map((r) => r.label), ['ReLU', 'Tanh', 'GELU']);
    assert.ok(payload.runs.every((r) => r.steps.length > 1 && r.finalLoss !== null && r.diverged === null));
    assert.ok(progress.some((p) => p.kind === 'compare' && p.status === 'running' && p.runs.length === 2), 'progress after each finished run');
    assert.equal(payload.status, 'finished');
  });

  it('sweep: final loss per activation × learning rate, diverged cells marked', async () => {
    const payload = (await runCell(parseCell('sweep relu, leaky_relu\nlr: 0.1 1e30\ndata: circle samples=80\noptimizer: sgd\nlayers: 4\nsteps: 40'))) as SweepPayload;
    valid(payload);
    assert.deepEqual(payload.rows, ['ReLU', 'Leaky ReLU']);
    assert.deepEqual(payload.columns, [0.1, 1e30]);
    assert.ok(payload.cells.every((row) => typeof row[0] === 'number' && row[1] === 'diverged'), JSON.stringify(payload.cells));
  });

  it('an interrupted sweep keeps the finished cells and leaves the rest empty', async () => {
    const signal = { aborted: false };
    let cells = 0;
    const payload = (await runCell(parseCell('sweep relu, tanh\nlr: 0.01 0.1\nsteps: 30\ndata: circle samples=60'), {
      signal,
      progressEveryMs: 1e9,
      onProgress: (p) => {
        if (p.kind === 'sweep' && p.cells.flat().filter((v) => v !== null).length > cells) {
          cells++;
          if (cells === 1) signal.aborted = true;
        }
      },
    })) as SweepPayload;
    valid(payload);
    assert.equal(payload.status, 'cancelled');
    assert.equal(payload.cells.flat().filter((v) => v !== null).length, 1);
  });
});
