// Messages between the Training Lab page and its training Worker (both are this extension's own code in
// one webview; the page validates everything that comes from the extension before it gets here).
import type { StepMetrics, TrainingSpec } from '../../core';

export type BackendChoice = 'auto' | 'cpu' | 'webgpu';

/** The data as the views draw it: 2-D points with labels (toy sets), or just counts (images, CSV). */
export interface DataView {
  readonly task: 'classification' | 'regression';
  readonly classes: number;
  readonly domain: readonly [readonly [number, number], readonly [number, number]] | null;
  readonly train: { readonly x1: number[]; readonly x2: number[]; readonly y: number[] } | null;
  readonly test: { readonly x1: number[]; readonly x2: number[]; readonly y: number[] } | null;
  readonly trainCount: number;
  readonly testCount: number;
}

/** What the views draw of the model right now (computed from its current parameters). */
export interface Snapshot {
  readonly step: number;
  /** Decision boundary / regression surface over the input plane: res × res, row-major over (x2, x1). */
  readonly boundary: { readonly resolution: number; readonly x1: number[]; readonly x2: number[]; readonly values: number[] } | null;
  /** Per hidden dense layer: each unit's output over a coarse grid, and whether it is dead on the training set. */
  readonly units: { readonly layer: number; readonly resolution: number; readonly maps: number[][]; readonly dead: boolean[] }[];
  /** CNN: the feature maps after each conv layer's activation, for one test image. */
  readonly featureMaps: { readonly layer: number; readonly shape: readonly number[]; readonly values: number[]; readonly image: number[]; readonly imageShape: readonly number[] }[];
}

export type PageToWorker =
  | { readonly type: 'configure'; readonly spec: TrainingSpec; readonly backend: BackendChoice }
  | { readonly type: 'play'; readonly speed: number }
  | { readonly type: 'pause' }
  | { readonly type: 'step' }
  | { readonly type: 'compare'; readonly variants: readonly { readonly label: string; readonly spec: TrainingSpec }[]; readonly backend: BackendChoice }
  | { readonly type: 'sweep'; readonly cells: readonly { readonly row: number; readonly column: number; readonly spec: TrainingSpec }[]; readonly backend: BackendChoice }
  | { readonly type: 'cancel' };

export interface VariantResult {
  readonly label: string;
  readonly losses: number[];
  readonly steps: number[];
  readonly finalLoss: number | null;
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
  readonly deadFraction: number[];
  readonly firstLayerGradNorm: number[];
  readonly milliseconds: number;
  readonly diverged: string | null;
}

export type WorkerToPage =
  | {
      readonly type: 'configured';
      readonly backend: string;
      readonly backendReason: string;
      readonly data: DataView;
      readonly layers: readonly { readonly index: number; readonly type: string; readonly activation?: string; readonly hidden: boolean; readonly outputShape: readonly number[] }[];
      readonly hiddenLayers: readonly number[];
      readonly parametricLayers: readonly number[];
      readonly snapshot: Snapshot;
      readonly initial: StepMetrics;
    }
  | { readonly type: 'progress'; readonly entries: StepMetrics[]; readonly stepsPerSecond: number; readonly samplesPerSecond: number; readonly snapshot: Snapshot | null; readonly running: boolean }
  | { readonly type: 'diverged'; readonly step: number; readonly message: string }
  | { readonly type: 'variantDone'; readonly index: number; readonly result: VariantResult }
  | { readonly type: 'compareDone' }
  | { readonly type: 'cellDone'; readonly row: number; readonly column: number; readonly finalLoss: number | null; readonly diverged: string | null }
  | { readonly type: 'sweepDone' }
  | { readonly type: 'error'; readonly message: string };
