// "Export as PyTorch script": the generated program, run with real PyTorch (Debian's python3-torch), must
// print the same per-step losses as `lab.train(spec).history[t].loss`, and the same final test metrics.
// This suite's subject is the Python program itself, so it runs Python; without python3-torch it fails.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activations, createTrainer, makeDataset, pytorchScript, train, type PytorchScriptOptions, type TrainingSpec, type TrainResult } from '../../src/core';
import { base64, float32Base64, float32Literal } from '../../src/core/codegen/pythonLiterals';

/** Debian's python3 with python3-torch; the `python3` on PATH may be a pyenv without torch. */
const PYTHON = process.env.ACTLAB_PYTHON ?? '/usr/bin/python3';

/**
 * Both sides compute in float32 but sum in different orders (torch's blocked GEMM and reductions, the engine's
 * own kernels), so a step's loss differs by a few float32 ulps (~1e-7 relative), and those differences pass
 * through every update. 1e-5 leaves room for that growth over the steps compared, while a wrong batch, initial
 * value, penalty, activation parameter or optimizer setting moves the loss by 1e-3 or more.
 */
const LOSS_RELATIVE = 1e-5;

interface Case {
  readonly name: string;
  readonly spec: TrainingSpec;
  readonly options?: PytorchScriptOptions;
}

/** Non-default parameters for the catalog's parametrised activations, so the argument mapping is exercised too. */
const ACTIVATION_PARAMS: Record<string, Record<string, number | string>> = {
  leaky_relu: { negative_slope: 0.1 },
  prelu: { weight: 0.2 },
  rrelu: { lower: 0.1, upper: 0.2 },
  threshold: { threshold: -0.5, value: -0.25 },
  elu: { alpha: 0.7 },
  celu: { alpha: 1.3 },
  gelu: { approximate: 'tanh' },
  swish: { beta: 0.8 },
  softplus: { beta: 2, threshold: 5 },
  hardtanh: { min_val: -0.8, max_val: 0.9 },
  softshrink: { lambd: 0.1 },
  hardshrink: { lambd: 0.1 },
};

/** Twelve inline samples with three features and a scalar target. */
const INLINE_REGRESSION = {
  x: Array.from({ length: 12 }, (_, i) => [Math.sin(i + 1), Math.cos(2 * i), ((i % 5) - 2) / 4]),
  y: Array.from({ length: 12 }, (_, i) => [Math.sin(i) * 0.8 + 0.1]),
};

const CASES: Case[] = [
  {
    name: 'an MLP with ReLU on the spiral, plain SGD in mini-batches',
    spec: {
      seed: 7,
      data: { name: 'spiral', samples: 200, noise: 0.1 },
      model: { input: [2], layers: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 1 }] },
      loss: 'bce_with_logits',
      optimizer: { type: 'sgd', lr: 0.1 },
      batchSize: 16,
      steps: 15,
    },
  },
  {
    name: 'leaky_relu(0.2) and elu(0.8) with Adam, weight decay and an L2 penalty, he_normal init, full batch',
    spec: {
      seed: 3,
      data: { name: 'circle', samples: 200, noise: 0.05 },
      model: {
        input: [2],
        layers: [
          { type: 'dense', units: 8, activation: { name: 'leaky_relu', negative_slope: 0.2 } },
          { type: 'dense', units: 8, activation: { name: 'elu', alpha: 0.8 } },
          { type: 'dense', units: 1 },
        ],
      },
      loss: 'bce_with_logits',
      init: 'he_normal',
      optimizer: { type: 'adam', lr: 0.01, weightDecay: 0.001 },
      regularization: { type: 'l2', lambda: 0.001 },
      batchSize: 'full',
      steps: 15,
    },
  },
  {
    name: 'three classes with cross-entropy, all seven feature crosses, Nesterov momentum, xavier_uniform',
    spec: {
      seed: 11,
      data: { name: 'spiral_3class', samples: 300, noise: 0.1, features: ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'] },
      model: { input: [7], layers: [{ type: 'dense', units: 12, activation: 'tanh' }, { type: 'dense', units: 3 }] },
      loss: 'cross_entropy',
      init: 'xavier_uniform',
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true },
      batchSize: 32,
      steps: 20,
    },
  },
  {
    name: 'MSE regression with GELU (tanh), momentum with dampening, an L1 penalty, lecun_normal',
    spec: {
      seed: 5,
      data: { name: 'regression_plane', samples: 200, noise: 0.05 },
      model: { input: [2], layers: [{ type: 'dense', units: 8, activation: { name: 'gelu', approximate: 'tanh' } }, { type: 'dense', units: 1 }] },
      loss: 'mse',
      init: 'lecun_normal',
      optimizer: { type: 'sgd', lr: 0.01, momentum: 0.5, dampening: 0.1 },
      regularization: { type: 'l1', lambda: 0.001 },
      batchSize: 20,
      steps: 15,
    },
  },
  {
    name: 'PReLU per unit (init 0.1) and shared, he_uniform with a constant bias, Adam',
    spec: {
      seed: 9,
      data: { name: 'xor', samples: 200, noise: 0 },
      model: {
        input: [2],
        layers: [
          { type: 'dense', units: 8, activation: { name: 'prelu', num_parameters: 8, weight: 0.1 }, biasInit: 0.1 },
          { type: 'dense', units: 4, activation: 'prelu' },
          { type: 'dense', units: 1 },
        ],
      },
      loss: 'bce_with_logits',
      init: 'he_uniform',
      optimizer: { type: 'adam', lr: 0.02 },
      batchSize: 25,
      steps: 15,
    },
  },
  {
    name: 'a tiny CNN on the 8×8 digits (conv, ReLU, max-pool, flatten, dense), Adam',
    spec: {
      seed: 1,
      data: { name: 'digits', samples: 400, testFraction: 0.25 },
      model: {
        input: [1, 8, 8],
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, padding: 1, activation: 'relu' },
          { type: 'maxpool2d', size: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 10 },
        ],
      },
      loss: 'cross_entropy',
      optimizer: { type: 'adam', lr: 0.01 },
      batchSize: 32,
      steps: 10,
    },
  },
  {
    name: 'inline data, shuffle off, a batch size that does not divide the samples (4, 4, 2 …), swish(β) and rrelu, explicit parameters, two regression outputs',
    spec: {
      seed: 2,
      data: {
        x: [[0.5, -1, 2], [1.5, 0.25, -0.5], [-2, 1, 0], [0.75, 0.5, 1], [-0.25, -1.5, 0.5], [1, 1, 1], [-1, 0.5, -2], [2, -0.5, 0.25], [0.1, 0.2, 0.3], [-0.6, 1.2, -0.9]],
        y: [[1, 0], [0.5, -1], [-1, 2], [0.25, 0.5], [0, -0.5], [1.5, 1], [-2, 0], [1, -1], [0.3, 0.1], [-0.5, 1]],
        xTest: [[0.2, -0.4, 1], [-1.2, 0.3, 0.7]],
        yTest: [[0.5, 0.5], [-1, 1]],
      },
      model: {
        input: [3],
        layers: [
          { type: 'dense', units: 4, activation: { name: 'swish', beta: 1.5 } },
          { type: 'dense', units: 3, activation: { name: 'rrelu', lower: 0.1, upper: 0.3 } },
          { type: 'dense', units: 2 },
        ],
      },
      loss: 'mse',
      parameters: [
        { weight: [[0.5, -0.25, 0.125], [-0.375, 0.25, 0.5], [0.0625, -0.5, 0.25], [0.3, 0.1, -0.2]], bias: [0.1, -0.1, 0, 0.05] },
        { weight: [[0.25, -0.5, 0.125, 0.375], [-0.25, 0.5, 0.25, -0.125], [0.5, 0.125, -0.375, 0.25]], bias: [0, 0.1, -0.1] },
        { weight: [[0.5, -0.25, 0.25], [-0.5, 0.25, 0.125]], bias: [0.05, -0.05] },
      ],
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 },
      batchSize: 4,
      shuffle: false,
      steps: 12,
    },
  },
  {
    name: "shuffle on: the engine's seeded per-epoch permutations (negative seed), SELU on moons",
    spec: {
      seed: -5,
      data: { name: 'moons', samples: 120, noise: 0.1 },
      model: { input: [2], layers: [{ type: 'dense', units: 6, activation: 'selu' }, { type: 'dense', units: 1 }] },
      loss: 'bce_with_logits',
      optimizer: { type: 'sgd', lr: 0.2 },
      batchSize: 16,
      shuffle: true,
      steps: 14,
    },
    options: { base64Above: 0 },
  },
  {
    name: 'CSV data with a held-out split, trained for epochs, hardswish',
    spec: {
      seed: 4,
      data: {
        csv: ['a,b,label', '0.5,1.2,yes', '-0.3,0.8,no', '1.1,-0.7,yes', '-1.4,-0.2,no', '0.9,0.4,yes', '-0.6,1.5,no', '1.3,0.1,yes', '-0.9,-1.1,no', '0.2,-0.4,yes', '-0.1,0.6,no', '1.6,1.0,yes', '-1.2,0.3,no'].join('\n'),
        labelColumn: 'label',
        testFraction: 0.25,
      },
      model: { input: [2], layers: [{ type: 'dense', units: 5, activation: 'hardswish' }, { type: 'dense', units: 2 }] },
      loss: 'cross_entropy',
      optimizer: { type: 'sgd', lr: 0.3 },
      batchSize: 4,
      epochs: 5,
    },
  },
];

/**
 * Every catalog activation, five to a network (one per layer), so each one's PyTorch module and parameter
 * mapping is exercised — shallow enough that every layer still gets a gradient.
 */
const ACTIVATION_CASES: Case[] = Array.from({ length: Math.ceil(activations.length / 5) }, (_, group) => {
  const chosen = activations.slice(group * 5, group * 5 + 5);
  return {
    name: `catalog activations ${chosen.map((a) => a.id).join(', ')}, one per layer`,
    spec: {
      seed: 6 + group,
      data: INLINE_REGRESSION,
      model: { input: [3], layers: [...chosen.map((a) => ({ type: 'dense' as const, units: 6, activation: { name: a.id, ...ACTIVATION_PARAMS[a.id] } })), { type: 'dense', units: 1 }] },
      loss: 'mse',
      init: 'xavier_normal',
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.5 },
      batchSize: 5,
      steps: 10,
    },
  };
});

const ALL_CASES = [...CASES, ...ACTIVATION_CASES];

/** What one Python run printed. */
interface PythonRun {
  readonly losses: number[];
  readonly finals: Record<string, number>;
  readonly output: string;
  readonly script: string;
}

function runPython(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // One thread per run: the machine's cores are shared, and these tensors are tiny.
    execFile(PYTHON, args, { cwd, timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, OMP_NUM_THREADS: '1' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${PYTHON} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

function parseOutput(stdout: string, script: string): PythonRun {
  const losses: number[] = [];
  const finals: Record<string, number> = {};
  for (const line of stdout.split('\n')) {
    const step = /^step (\d+) loss (\S+)$/.exec(line);
    if (step) {
      assert.equal(Number(step[1]), losses.length, `steps out of order in the output:\n${stdout}`);
      losses.push(Number(step[2]));
      continue;
    }
    const final = /^(train accuracy|train loss|test loss|test accuracy) (\S+)$/.exec(line);
    if (final) finals[final[1]] = Number(final[2]);
  }
  return { losses, finals, output: stdout, script };
}

/** Throws a clear Error naming the package when PYTHON cannot import torch. */
async function checkTorch(): Promise<void> {
  try {
    await runPython(['-c', 'import torch'], tmpdir());
  } catch (error) {
    const fix = process.env.CI === 'true' ? 'CI must install it (apt-get install -y python3-torch)' : 'install it (sudo apt-get install python3-torch), or point ACTLAB_PYTHON at a python3 that has torch';
    throw new Error(`the PyTorch export tests run the generated scripts with ${PYTHON} and PyTorch (Debian package python3-torch), which is missing: ${fix}.\n${(error as Error).message}`);
  }
}

/**
 * Runs every script in one Python process, each as `python3 <file>` would (runpy with __name__ "__main__"),
 * so torch is imported once; returns each script's output (with the traceback, if it raised).
 */
async function runScripts(files: string[], cwd: string): Promise<string[]> {
  const marker = '==== actlab script ';
  const driver = [
    'import runpy, sys, traceback',
    'for path in sys.argv[1:]:',
    `    print(${JSON.stringify(marker)} + path, flush=True)`,
    '    try:',
    "        runpy.run_path(path, run_name='__main__')",
    '    except BaseException:',
    "        print('the script failed:')",
    '        traceback.print_exc(file=sys.stdout)',
  ].join('\n');
  const { stdout } = await runPython(['-c', driver, ...files], cwd);
  const outputs = stdout.split(marker).slice(1);
  assert.equal(outputs.length, files.length, `expected the output of ${files.length} scripts:\n${stdout}`);
  return outputs.map((output, i) => {
    assert.ok(output.startsWith(files[i]), `outputs out of order:\n${stdout}`);
    return output.slice(files[i].length + 1);
  });
}

function flat(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flat) : [value as number];
}

describe('Export as PyTorch script', () => {
  it('embeds exactly the parameters createTrainer(spec).parameters() starts from', async () => {
    for (const c of [CASES[0], CASES[4]]) {
      const script = pytorchScript(c.spec);
      const trainer = await createTrainer(c.spec);
      const expected = trainer.parameters();
      trainer.dispose();
      const embedded = new Map<string, number[]>();
      for (const match of script.matchAll(/^ {4}'([\w.]+)': float32_tensor\(\[([^\]]*)\]/gm)) embedded.set(match[1], match[2].split(',').map((v) => Number(v.trim())));
      // Modules are named by their position in model.layers: dense<i>, and act<i> for its activation.
      const parametric = [...embedded.keys()].filter((n) => n.endsWith('.bias')).map((n) => Number(/\d+/.exec(n)![0]));
      assert.equal(parametric.length, expected.length);
      expected.forEach((layer, i) => {
        const index = parametric[i];
        assert.deepEqual(embedded.get(`dense${index}.weight`)?.map(Math.fround), flat(layer.weight));
        assert.deepEqual(embedded.get(`dense${index}.bias`)?.map(Math.fround), flat(layer.bias));
        assert.deepEqual(embedded.get(`act${index}.weight`)?.map(Math.fround), layer.activation?.weight);
      });
    }
  });

  it('embeds big arrays as base64 of little-endian float32 where that is shorter than decimal text', () => {
    // The shuffled moons case ran with base64Above 0: its data and parameters went through float32_from_base64.
    assert.match(pytorchScript(CASES[7].spec, CASES[7].options), /^X_TRAIN = float32_from_base64\($/m);
    assert.match(pytorchScript(CASES[7].spec, CASES[7].options), /^ {4}'dense0\.weight': float32_from_base64\($/m);
    // Digit pixels are multiples of 1/16, whose decimal text is shorter than base64.
    assert.match(pytorchScript(CASES[5].spec), /^X_TRAIN = float32_tensor\(\[$/m);
    assert.match(pytorchScript(CASES[0].spec), /^X_TRAIN = float32_tensor\(\[$/m);
  });

  it('names the spec, the PyTorch init call of the scheme, the catalog modules and the optimizer', () => {
    const script = pytorchScript(CASES[1].spec);
    assert.match(script, /^# Exported from Activation Lab/m);
    assert.match(script, /^# +"optimizer": \{"type": "adam", "lr": 0\.01, "weightDecay": 0\.001\},?$/m);
    assert.match(script, /nn\.init\.kaiming_normal_\(model\.dense0\.weight, nonlinearity='relu'\)/);
    assert.match(script, /\('act0', nn\.LeakyReLU\(negative_slope=0\.2\)\)/);
    assert.match(script, /\('act1', nn\.ELU\(alpha=0\.8\)\)/);
    assert.match(script, /torch\.optim\.Adam\(model\.parameters\(\), lr=0\.01, betas=\(0\.9, 0\.999\), eps=1e-8, weight_decay=0\.001\)/);
    assert.match(script, /^torch\.manual_seed\(SEED\)/m);
    assert.match(pytorchScript(CASES[4].spec), /nn\.PReLU\(num_parameters=8, init=0\.1\)/);
  });

  it('throws an Error naming the field of an invalid spec', () => {
    const spec = { ...CASES[0].spec, optimizer: { type: 'sgd', lr: -1 } } as unknown as TrainingSpec;
    assert.throws(() => pytorchScript(spec), /optimizer\.lr/);
    const badLayer = { ...CASES[0].spec, model: { input: [2], layers: [{ type: 'dense', units: 1, activation: 'no_such_function' }] } } as TrainingSpec;
    assert.throws(() => pytorchScript(badLayer), /model\.layers\[0\]\.activation/);
  });

  it('writes every float32 value with the fewest digits that read back to it', () => {
    const samples = new Float32Array(2000);
    const bits = new Uint32Array(samples.buffer);
    for (let i = 0; i < bits.length; i++) bits[i] = (Math.imul(i + 1, 2654435761) ^ (i << 7)) >>> 0;
    let checked = 0;
    for (const value of [...samples, 0.1, 1 / 3, 1e-30, 3.4e38, -0]) {
      if (!Number.isFinite(value)) continue;
      const text = float32Literal(value);
      assert.ok(Object.is(Math.fround(Number(text)), Math.fround(value)) || (value === 0 && Number(text) === 0), `${value} → ${text}`);
      checked++;
    }
    assert.ok(checked > 1500);
    assert.equal(float32Literal(0.1), '0.1');
    assert.equal(float32Literal(Math.fround(1 / 3)), '0.33333334');
  });

  it('encodes base64 as RFC 4648 does, float32 little-endian', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 31]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 13) & 255);
      assert.equal(base64(bytes), Buffer.from(bytes).toString('base64'));
    }
    const values = Float32Array.of(1, -2.5, 0.1);
    const expected = Buffer.alloc(12);
    values.forEach((v, i) => expected.writeFloatLE(v, i * 4));
    assert.equal(float32Base64(values), expected.toString('base64'));
  });
  describe('run with PyTorch (python3-torch)', function () {
    this.timeout(60_000);
    let directory = '';
    const runs = new Map<string, { python: PythonRun; engine: TrainResult }>();
    let standaloneOutputs: [string, string] = ['', ''];
    const worst = { loss: 0 };

    before(async function () {
      this.timeout(120_000);
      directory = mkdtempSync(join(tmpdir(), 'actlab-pytorch-script-'));
      const scripts = ALL_CASES.map((c) => pytorchScript(c.spec, c.options));
      const files = scripts.map((script, i) => {
        const file = join(directory, `case${i}.py`);
        writeFileSync(file, script);
        return file;
      });
      // The first script also runs on its own, exactly as a user runs it, beside the batch of all of them.
      let standalone: { stdout: string };
      let outputs: string[];
      try {
        [standalone, outputs] = await Promise.all([runPython([files[0]], directory), runScripts(files, directory)]);
      } catch (error) {
        await checkTorch();
        throw error;
      }
      standaloneOutputs = [standalone.stdout, outputs[0]];
      for (const [i, c] of ALL_CASES.entries()) runs.set(c.name, { python: parseOutput(outputs[i], scripts[i]), engine: await train(c.spec) });
    });

    after(() => {
      if (directory) rmSync(directory, { recursive: true, force: true });
      if (runs.size) console.log(`      max loss difference over ${runs.size} scripts: ${worst.loss.toExponential(2)} relative`);
    });

    it('runs on its own with python3 <file>, printing what it prints inside the batch run', () => {
      const [alone, batched] = standaloneOutputs;
      assert.match(alone, /^step 0 loss /);
      assert.equal(alone, batched);
    });

    for (const c of ALL_CASES) {
      it(`prints the Training Lab's losses for ${c.name}`, () => {
        const run = runs.get(c.name);
        assert.ok(run, 'the script did not run');
        const { python, engine } = run;
        assert.doesNotMatch(python.output, /^the script failed:/m, python.output);
        assert.equal(engine.diverged, undefined, 'the case must not diverge');
        assert.ok(engine.history.length >= 10, 'compare at least 10 steps');
        assert.equal(python.losses.length, engine.history.length, `the script printed ${python.losses.length} steps, the engine took ${engine.history.length}:\n${python.output}`);
        engine.history.forEach((entry, t) => {
          const relative = Math.abs(python.losses[t] - entry.loss) / Math.abs(entry.loss);
          worst.loss = Math.max(worst.loss, relative);
          assert.ok(relative <= LOSS_RELATIVE, `step ${t}: PyTorch printed ${python.losses[t]}, the engine's loss is ${entry.loss} (relative ${relative.toExponential(2)} > ${LOSS_RELATIVE})`);
        });
        // After the last update: the same test loss, and accuracies that differ by at most one sample (a logit
        // within float32 rounding of the boundary may fall either side).
        const final = engine.final;
        const data = makeDataset(c.spec.data, c.spec.seed);
        if (final.testLoss !== undefined) {
          assert.ok(Math.abs(python.finals['test loss'] - final.testLoss) <= LOSS_RELATIVE * Math.abs(final.testLoss), `test loss ${python.finals['test loss']} vs ${final.testLoss}`);
        } else {
          assert.equal(python.finals['test loss'], undefined, 'a test loss printed without test data');
        }
        if (final.testAccuracy !== undefined) {
          const oneSample = 1 / (data.test?.count ?? 1) + 1e-6;
          assert.ok(Math.abs(python.finals['test accuracy'] - final.testAccuracy) <= oneSample, `test accuracy ${python.finals['test accuracy']} vs ${final.testAccuracy}`);
        }
        if (final.accuracy !== undefined) {
          const oneSample = 1 / data.train.count + 1e-6;
          assert.ok(Math.abs(python.finals['train accuracy'] - final.accuracy) <= oneSample, `train accuracy ${python.finals['train accuracy']} vs ${final.accuracy}`);
        }
      });
    }
  });
});
