// Every activation of the catalog on the GPU: its WGSL (generated from the record by activationWgsl, with the
// al_* math library) must compile, and f, f′ and ∂f/∂(learnable parameter) must agree with the CPU record on
// a seeded grid — dense over [−30, 30], log-spaced magnitudes up to float32's range, kinks and their float32
// neighbours, ±0, ±Infinity and NaN — within the tolerance the record states (wgsl.tolerance, with its reason).
import { strict as assert } from 'node:assert';
import { activations, type Activation, type ActivationParams } from '../../src/core/activations';
import { activationWgsl, WGSL_MATH, type WgslTolerance } from '../../src/core/activations/wgsl';
import { openTestGpu, type TestGpu } from './webgpu-support';

const f32 = Math.fround;

/** The float32 just above / below x. */
function nextFloat(x: number, direction: 1 | -1): number {
  const buffer = new Float32Array([x]);
  const bits = new Int32Array(buffer.buffer);
  if (x === 0) return direction * 2 ** -149;
  bits[0] += (x > 0 ? direction : -direction);
  return buffer[0];
}

/** Size of one unit in the last place of the float32 c (the smallest subnormal's for 0). */
function ulp(c: number): number {
  const a = Math.abs(c);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** The inputs every record is evaluated at. */
function inputGrid(record: Activation, params: ActivationParams): Float32Array {
  const values: number[] = [];
  for (let i = -3000; i <= 3000; i++) values.push(i / 100);
  for (let e = -40; e <= 38.5; e += 0.125) values.push(10 ** e, -(10 ** e));
  const specials = [0, -0, Infinity, -Infinity, NaN, 0.5, -0.5, 1, -1, 3, -3, 6, -6, 9.5, -9.5, 20, -20, 87.5, -87.5, 88.7, -88.7, 89, -89, 104, -104, 1e-45, -1e-45];
  for (const x of [...specials, ...record.kinkPoints(params)]) {
    values.push(x);
    if (Number.isFinite(x)) values.push(nextFloat(f32(x), 1), nextFloat(f32(x), -1));
  }
  return Float32Array.from(values);
}

/** The parameter sets each record is checked with: its defaults, and values from the upper end of each slider. */
function parameterSets(record: Activation): { label: string; params: ActivationParams; learned: number }[] {
  const sets: { label: string; params: ActivationParams; learned: number }[] = [{ label: 'defaults', params: {}, learned: 0 }];
  const learnable = record.params.find((p) => p.learnable);
  const numeric = record.params.filter((p) => !p.options && !p.learnable && !p.integer);
  if (numeric.length) {
    const changed: Record<string, number> = {};
    for (const p of numeric) {
      const [low, high] = p.suggestedRange ?? [Number(p.default), Number(p.default) + 1];
      changed[p.name] = f32(low + (high - low) * 0.7);
    }
    try {
      sets.push({ label: JSON.stringify(changed), params: record.resolveParams(changed), learned: 0 });
    } catch {
      // A rule across parameters (hardtanh's min < max) rejects this combination; the defaults still run.
    }
  }
  for (const p of record.params.filter((q) => q.options)) {
    for (const option of p.options!.filter((o) => o !== p.default)) sets.push({ label: `${p.name}=${option}`, params: { [p.name]: option }, learned: 0 });
  }
  for (const set of sets) set.learned = learnable ? Number(record.resolveParams(set.params)[learnable.name]) : 0;
  if (learnable) sets.push({ label: `${learnable.name}=-0.5`, params: { [learnable.name]: -0.5 }, learned: -0.5 });
  return sets;
}

/** f, f′ and ∂f/∂parameter of `record` at `inputs` on the GPU. */
async function evaluateOnGpu(gpu: TestGpu, record: Activation, params: ActivationParams, learned: number, inputs: Float32Array): Promise<Float32Array[]> {
  const { device } = gpu;
  const { code, names } = activationWgsl(record, params, 'subject');
  const hasParam = record.params.some((p) => p.learnable);
  const source = `${WGSL_MATH}
${code}
@group(0) @binding(0) var<storage, read> inputs: array<f32>;
@group(0) @binding(1) var<storage, read_write> outputs: array<f32>;
@group(0) @binding(2) var<uniform> learned: vec4<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let n = arrayLength(&inputs);
  let i = id.x;
  if (i >= n) { return; }
  let x = inputs[i];
  outputs[i] = ${names.forward}(x, learned.x);
  outputs[n + i] = ${names.derivative}(x, learned.x);
  outputs[2u * n + i] = ${hasParam ? `${names.paramDerivative}(x, learned.x)` : '0.0'};
}`;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: source, label: record.id });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  assert.equal(errors.length, 0, `${record.id}: its WGSL does not compile:\n${errors.map((m) => `  line ${m.lineNum}: ${m.message}`).join('\n')}\n${code}`);
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const n = inputs.length;
  const input = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const output = device.createBuffer({ size: 3 * n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const readback = device.createBuffer({ size: 3 * n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(input, 0, inputs);
  device.queue.writeBuffer(uniform, 0, new Float32Array([learned, 0, 0, 0]));
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [input, output, uniform].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(Math.ceil(n / 64));
  pass.end();
  encoder.copyBufferToBuffer(output, 0, readback, 0, 3 * n * 4);
  device.queue.submit([encoder.finish()]);
  const validation = await device.popErrorScope();
  assert.equal(validation, null, `${record.id}: WebGPU validation error: ${validation?.message}`);
  await readback.mapAsync(GPUMapMode.READ);
  const all = new Float32Array(readback.getMappedRange().slice(0));
  readback.unmap();
  for (const buffer of [input, output, uniform, readback]) buffer.destroy();
  return [all.subarray(0, n), all.subarray(n, 2 * n), all.subarray(2 * n, 3 * n)];
}

/** WGSL lets a GPU treat a subnormal input as 0 (SwiftShader does): such an x may give f(±0) instead of f(x). */
function isSubnormal(x: number): boolean {
  return x !== 0 && Math.abs(x) < 2 ** -126;
}

/** Whether GPU value g is within tolerance of CPU value c; NaN matches NaN and an infinity itself. */
function agrees(g: number, c: number, tolerance: WgslTolerance): boolean {
  if (Number.isNaN(c) || Number.isNaN(g)) return Number.isNaN(c) && Number.isNaN(g);
  if (!Number.isFinite(c) || !Number.isFinite(g)) return g === c;
  return Math.abs(g - c) <= Math.max(tolerance.ulps * ulp(c), tolerance.absolute);
}

describe('the catalog’s WGSL forms', () => {
  it('every record has a WGSL form with f, f′, a stated tolerance and (for a learnable parameter) ∂f/∂parameter', () => {
    for (const record of activations) {
      for (const { params } of parameterSets(record)) {
        const forms = record.wgsl(params);
        assert.equal(typeof forms?.forward, 'string', `${record.id} has no wgsl.forward`);
        assert.equal(typeof forms.derivative, 'string', `${record.id} has no wgsl.derivative`);
        assert.ok(forms.tolerance && forms.tolerance.why.length > 20, `${record.id}: wgsl.tolerance must say how close the GPU is and why`);
        for (const part of [forms.tolerance.forward, forms.tolerance.derivative]) assert.ok(part.ulps >= 0 && part.absolute >= 0 && part.absolute < 1e-6, `${record.id}: a tolerance is ulps ≥ 0 and a tiny absolute floor (got ${JSON.stringify(part)})`);
        if (record.params.some((p) => p.learnable)) assert.equal(typeof forms.paramDerivative, 'string', `${record.id} has a learnable parameter but no wgsl.paramDerivative`);
      }
    }
  });
});

describe('WebGPU: every catalog activation’s WGSL agrees with its CPU record', function () {
  this.timeout(60_000);
  let gpu: TestGpu | undefined;
  const worst: string[] = [];

  before(async function () {
    gpu = await openTestGpu(this);
  });
  after(() => {
    gpu?.release();
    gpu = undefined;
    if (worst.length) console.log(`      largest differences (ulp of the CPU value):\n${worst.map((line) => `        ${line}`).join('\n')}`);
  });

  for (const record of activations) {
    for (const { label, params, learned } of parameterSets(record)) {
      it(`${record.id} (${label}): f, f′${record.paramDerivative ? ' and ∂f/∂parameter' : ''} within its stated tolerance`, async () => {
        const inputs = inputGrid(record, params);
        const [forward, derivative, paramDerivative] = await evaluateOnGpu(gpu!, record, params, learned, inputs);
        const { tolerance } = record.wgsl(params);
        const cpuParams = record.params.some((p) => p.learnable) ? { ...params, [record.params.find((p) => p.learnable)!.name]: learned } : params;
        const parts: [string, Float32Array, (x: number) => number, WgslTolerance][] = [
          ['f', forward, (x) => record.forward(x, cpuParams), tolerance.forward],
          ['f′', derivative, (x) => record.derivative(x, cpuParams), tolerance.derivative],
        ];
        if (record.paramDerivative) parts.push(['∂f/∂p', paramDerivative, (x) => record.paramDerivative!(x, cpuParams), tolerance.derivative]);
        const failures: string[] = [];
        for (const [name, values, cpu, allowed] of parts) {
          let largest = 0;
          let at = 0;
          for (let i = 0; i < inputs.length; i++) {
            const x = inputs[i];
            const c = cpu(x);
            const g = values[i];
            const asZero = isSubnormal(x) && agrees(g, cpu(x < 0 ? -0 : 0), { ulps: allowed.ulps, absolute: Math.max(allowed.absolute, 2 ** -126) });
            if (!agrees(g, c, allowed) && !asZero) {
              if (failures.length < 8) failures.push(`${name}(${x}) = ${g} on the GPU, ${c} on the CPU`);
              else if (failures.length === 8) failures.push('…');
            } else if (Number.isFinite(c) && !isSubnormal(x) && Math.abs(g - c) > allowed.absolute) {
              const ulps = Math.abs(g - c) / ulp(c);
              if (ulps > largest) [largest, at] = [ulps, x];
            }
          }
          if (largest > 0) worst.push(`${record.id} (${label}) ${name}: ${largest.toFixed(1)} at x = ${at}`);
        }
        assert.equal(failures.length, 0, `${record.id} (${label}) disagrees with the CPU beyond ${JSON.stringify(tolerance.forward)} / ${JSON.stringify(tolerance.derivative)}:\n  ${failures.join('\n  ')}`);
      });
    }
  }
});
