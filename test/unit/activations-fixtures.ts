// Reads test/fixtures/activations.json (made by scripts/fixtures/activations.py from PyTorch float32 tensors) and
// checks a catalog record against it. Shared by the numerics tests and the mutation tests, so a mutation is judged
// by exactly the checker that judges the real records.
import fixturesJson from '../fixtures/activations.json';
import type { Activation, ActivationParams } from '../../src/core/activations';

type Encoded = number | string;

interface RawCase {
  id: string;
  params: Record<string, number | string>;
  extraInputs: Encoded[];
  forward: Encoded[];
  derivative: Encoded[];
  scalarPath?: { index: number[]; forward: Encoded[]; derivative: Encoded[] };
  paramDerivative?: Encoded[];
  reference64?: { x: Encoded[]; torch64: Encoded[]; exact: Encoded[] };
}

interface RawFixtures {
  generator: string;
  torch: string;
  cpuCapability: string;
  dtype: string;
  inputs: Encoded[];
  cases: RawCase[];
}

/** One fixture case: a catalog id, a parameter setting, and PyTorch's values at every input. */
export interface FixtureCase {
  readonly id: string;
  readonly params: ActivationParams;
  readonly x: Float32Array;
  readonly forward: Float32Array;
  readonly derivative: Float32Array;
  readonly paramDerivative?: Float32Array;
  /** Elements where ATen's scalar loop gives another float32 value than its vectorised loop. */
  readonly scalarPath: readonly { readonly index: number; readonly forward: number; readonly derivative: number }[];
  /** Exact values (mpmath) and torch's float64 values where the catalog claims more accuracy than torch's float32. */
  readonly reference?: { readonly x: Float64Array; readonly torch64: Float64Array; readonly exact: Float64Array };
}

/** A fixture number: JSON numbers as they are, NaN and infinities from their string spellings. */
export function decode(value: Encoded): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  throw new Error(`fixture value ${JSON.stringify(value)} is neither a number nor "NaN"/"Infinity"/"-Infinity"`);
}

const raw = fixturesJson as unknown as RawFixtures;
const sharedInputs = raw.inputs.map((v) => Math.fround(decode(v)));
const f32Array = (values: Encoded[]) => Float32Array.from(values.map(decode));

export const fixtureMeta = { generator: raw.generator, torch: raw.torch, cpuCapability: raw.cpuCapability, dtype: raw.dtype, sharedInputs };

export const fixtureCases: readonly FixtureCase[] = raw.cases.map((c) => {
  const x = Float32Array.from([...sharedInputs, ...c.extraInputs.map(decode)]);
  for (const [name, values] of [['forward', c.forward], ['derivative', c.derivative], ['paramDerivative', c.paramDerivative]] as const) {
    if (values && values.length !== x.length) throw new Error(`fixture ${c.id} ${JSON.stringify(c.params)}: ${name} has ${values.length} values for ${x.length} inputs`);
  }
  return {
    id: c.id,
    params: c.params,
    x,
    forward: f32Array(c.forward),
    derivative: f32Array(c.derivative),
    paramDerivative: c.paramDerivative ? f32Array(c.paramDerivative) : undefined,
    scalarPath: c.scalarPath
      ? c.scalarPath.index.map((index, k) => ({ index, forward: Math.fround(decode(c.scalarPath!.forward[k])), derivative: Math.fround(decode(c.scalarPath!.derivative[k])) }))
      : [],
    reference: c.reference64
      ? { x: Float64Array.from(c.reference64.x.map(decode)), torch64: Float64Array.from(c.reference64.torch64.map(decode)), exact: Float64Array.from(c.reference64.exact.map(decode)) }
      : undefined,
  };
});

/** The fixture cases of one catalog id. */
export function casesFor(id: string): FixtureCase[] {
  return fixtureCases.filter((c) => c.id === id);
}

/** The tolerance: |a − b| ≤ 1e−6 · max(1, |b|). */
export const TOLERANCE = 1e-6;

/** Why an actual value is not PyTorch's, or undefined when it is. Kinks need the exact value; NaN and ±Infinity must match exactly. */
export function mismatchReason(actual: number, expected: number, atKink: boolean): string | undefined {
  if (Number.isNaN(expected)) return Number.isNaN(actual) ? undefined : 'PyTorch gives NaN';
  if (Number.isNaN(actual)) return 'NaN where PyTorch gives a number';
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected ? undefined : 'infinities must match exactly';
  if (atKink) return actual === expected ? undefined : 'a kink needs PyTorch’s exact value';
  return Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected)) ? undefined : `off by more than ${TOLERANCE}·max(1, |expected|)`;
}

/** One disagreement between a record and PyTorch. */
export interface Mismatch {
  readonly form: string;
  readonly x: number;
  readonly expected: number;
  readonly actual: number;
  readonly reason: string;
}

export function describeMismatch(m: Mismatch): string {
  return `${m.form}(${m.x}) = ${m.actual}, PyTorch ${m.expected}: ${m.reason}`;
}

/**
 * Every disagreement between a record and one fixture case, across the scalar forms, the vectorised forms (into a
 * separate output and in place) and, for records with a learnable parameter, ∂f/∂parameter.
 */
export function checkCase(record: Activation, fixture: FixtureCase): Mismatch[] {
  const { x, params } = fixture;
  const kinks = new Set(record.kinkPoints(params));
  const mismatches: Mismatch[] = [];
  const compare = (form: string, actual: ArrayLike<number>, expected: Float32Array) => {
    for (let i = 0; i < x.length; i++) {
      const reason = mismatchReason(actual[i], expected[i], kinks.has(x[i]));
      if (reason) mismatches.push({ form, x: x[i], expected: expected[i], actual: actual[i], reason });
    }
  };
  compare('forward', Array.from(x, (v) => record.forward(v, params)), fixture.forward);
  compare('derivative', Array.from(x, (v) => record.derivative(v, params)), fixture.derivative);
  compare('forwardArray', record.forwardArray(x, new Float32Array(x.length), params), fixture.forward);
  compare('derivativeArray', record.derivativeArray(x, new Float32Array(x.length), params), fixture.derivative);
  compare('forwardArray in place', record.forwardArray(...inPlace(x), params), fixture.forward);
  compare('derivativeArray in place', record.derivativeArray(...inPlace(x), params), fixture.derivative);
  if (fixture.paramDerivative) {
    if (!record.paramDerivative || !record.paramDerivativeArray) {
      mismatches.push({ form: 'paramDerivative', x: NaN, expected: NaN, actual: NaN, reason: 'the fixture has ∂f/∂parameter but the record has no paramDerivative' });
    } else {
      compare('paramDerivative', Array.from(x, (v) => record.paramDerivative!(v, params)), fixture.paramDerivative);
      compare('paramDerivativeArray', record.paramDerivativeArray(x, new Float32Array(x.length), params), fixture.paramDerivative);
    }
  }
  return mismatches;
}

function inPlace(x: Float32Array): [Float32Array, Float32Array] {
  const copy = x.slice();
  return [copy, copy];
}

const scratch = new Float32Array(1);
const bits = new Int32Array(scratch.buffer);

/** The next float32 above x (towards +Infinity). */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return 1.401298464324817e-45;
  scratch[0] = x;
  bits[0] += x > 0 ? 1 : -1;
  return scratch[0];
}

/** The next float32 below x (towards −Infinity). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

/** The spacing of float32 values at |v| (2^−149 among subnormals). */
export function ulp32(v: number): number {
  const a = Math.abs(Math.fround(v));
  return a === Infinity ? Infinity : nextUp(a) - a;
}
