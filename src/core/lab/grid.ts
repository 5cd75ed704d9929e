// The input-plane grid of a 2-D dataset: points over the data's square, turned into model inputs with the
// spec's feature crosses, for decision-boundary and per-unit heatmaps.
import { applyFeatures } from '../data/features';
import type { FeatureName } from '../protocol/spec';

/** A res × res grid over the square [x1 min, max] × [x2 min, max]. */
export interface InputGrid {
  readonly resolution: number;
  /** Grid coordinates along each axis (heatmap axes). */
  readonly x1: Float32Array;
  readonly x2: Float32Array;
  /** Model inputs, row-major over (x2, x1): row r, column c is point (x1[c], x2[r]); features applied. */
  readonly inputs: Float32Array;
  readonly count: number;
}

/** Builds the grid; `features` default to the raw coordinates. */
export function inputGrid(domain: readonly [readonly [number, number], readonly [number, number]], resolution: number, features: readonly FeatureName[] = ['x1', 'x2']): InputGrid {
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 200) throw new Error(`grid resolution must be an integer from 2 to 200 (got ${resolution})`);
  const axis = ([low, high]: readonly [number, number]) => Float32Array.from({ length: resolution }, (_, i) => low + ((high - low) * i) / (resolution - 1));
  const x1 = axis(domain[0]);
  const x2 = axis(domain[1]);
  const px = new Float32Array(resolution * resolution);
  const py = new Float32Array(resolution * resolution);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      px[r * resolution + c] = x1[c];
      py[r * resolution + c] = x2[r];
    }
  }
  return { resolution, x1, x2, inputs: applyFeatures(features, px, py), count: resolution * resolution };
}
