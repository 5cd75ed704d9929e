// Input features for the 2-D datasets: TensorFlow Playground's feature crosses computed from (x1, x2).
import type { FeatureName } from '../protocol/spec';

/** Every feature, in Playground's order, with how it is computed from a point. */
export const FEATURES: Readonly<Record<FeatureName, (x1: number, x2: number) => number>> = Object.freeze({
  x1: (x1: number) => x1,
  x2: (_x1: number, x2: number) => x2,
  'x1^2': (x1: number) => x1 * x1,
  'x2^2': (_x1: number, x2: number) => x2 * x2,
  'x1*x2': (x1: number, x2: number) => x1 * x2,
  'sin(x1)': (x1: number) => Math.sin(x1),
  'sin(x2)': (_x1: number, x2: number) => Math.sin(x2),
});

export const DEFAULT_FEATURES: readonly FeatureName[] = Object.freeze(['x1', 'x2'] as FeatureName[]);

/**
 * The model inputs of points (x1[i], x2[i]): one row of `features` per point, as float32. The panels use
 * it for decision-boundary grids, so a grid goes through the same crosses as the training data.
 */
export function applyFeatures(features: readonly FeatureName[], x1: ArrayLike<number>, x2: ArrayLike<number>): Float32Array {
  if (x1.length !== x2.length) throw new Error(`x1 and x2 must have the same length (got ${x1.length} and ${x2.length})`);
  const compute = features.map((name) => {
    const f = FEATURES[name];
    if (!f) throw new Error(`unknown feature ${JSON.stringify(name)}; known: ${Object.keys(FEATURES).join(', ')}`);
    return f;
  });
  const out = new Float32Array(x1.length * features.length);
  for (let i = 0, o = 0; i < x1.length; i++) for (const f of compute) out[o++] = f(x1[i], x2[i]);
  return out;
}
