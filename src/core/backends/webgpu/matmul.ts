// The tiled matrix product every layer kernel is built on, as a small generated program: C = A·B where A and B
// are read through generated load functions (a transposed operand, an im2col view, or a fused prologue such as
// dLoss/dz = dLoss/da · f′(z)) and C is written through a generated store (the fused bias + activation
// epilogue). Each workgroup computes a BM×BN block of C, staging BM×TK and TK×BN tiles of A and B in
// workgroup memory; blocks and tiles past the matrix edges are padded with zeros, so any shape works.
import { MAX_WORKGROUPS_PER_DIMENSION } from './constants';
import type { Binding, Kernel, ProgramSource, RunArgs, Runtime } from './runtime';
import type { GpuBuffer } from './runtime';

/** Workgroup shape and work per invocation of a matmul program. */
export interface MatmulTile {
  /** Invocations per workgroup along columns (x) and rows (y). */
  readonly workgroupX: number;
  readonly workgroupY: number;
  /** Outputs per invocation along rows and columns. */
  readonly perThreadRows: number;
  readonly perThreadColumns: number;
  /** Depth of the staged tiles along k. */
  readonly depth: number;
}

/** 8×8 invocations, one output each: for the small products of toy networks. */
export const SMALL_TILE: MatmulTile = Object.freeze({ workgroupX: 8, workgroupY: 8, perThreadRows: 1, perThreadColumns: 1, depth: 8 });
/** 8×8 invocations, 4×4 outputs each (32×32 blocks with 64 invocations: software adapters' larger products). */
export const COMPACT_TILE: MatmulTile = Object.freeze({ workgroupX: 8, workgroupY: 8, perThreadRows: 4, perThreadColumns: 4, depth: 8 });
/** 16×16 invocations, 2×2 outputs each (32×32 blocks). */
export const MEDIUM_TILE: MatmulTile = Object.freeze({ workgroupX: 16, workgroupY: 16, perThreadRows: 2, perThreadColumns: 2, depth: 16 });
/** 16×16 invocations, 4×4 outputs each (64×64 blocks, 8 KiB of workgroup memory). */
export const LARGE_TILE: MatmulTile = Object.freeze({ workgroupX: 16, workgroupY: 16, perThreadRows: 4, perThreadColumns: 4, depth: 16 });

/** Test hook: while `tile` is set, every matmul program built uses it (to test each shape on odd sizes). */
export const tileOverride: { tile?: MatmulTile } = {};

/**
 * The tile for a product of about `rows`×`columns` outputs: big blocks only when there are enough of them, and
 * 64-invocation workgroups on a software adapter (SwiftShader runs a workgroup's invocations as fibers that switch
 * at every barrier, so a 256-invocation tile costs many times a 64-invocation one there).
 */
export function tileFor(rows: number, columns: number, software = false): MatmulTile {
  if (tileOverride.tile) return tileOverride.tile;
  const outputs = rows * columns;
  if (software) return outputs >= 32 * 32 * 2 ? COMPACT_TILE : SMALL_TILE;
  if (outputs >= 64 * 64 * 8) return LARGE_TILE;
  if (outputs >= 32 * 32 * 4) return MEDIUM_TILE;
  return SMALL_TILE;
}

/** A matmul program: sizes and loads/stores as WGSL, plus what the kernel binds. */
export interface MatmulSpec {
  readonly label: string;
  readonly bindings: readonly Binding[];
  /** WGSL placed before the product (activation functions, math library). */
  readonly preamble?: string;
  /** Rows of C as a WGSL u32 expression (may use `args.rows`), and the host-side count for a run. */
  readonly rows: { readonly wgsl: string; readonly count: (args: RunArgs) => number };
  /** Columns of C, and the shared dimension k, as WGSL u32 expressions. */
  readonly columns: string;
  readonly depth: string;
  /** Body of `fn load_a(row: u32, k: u32) -> f32` (called only inside the matrix). */
  readonly loadA: string;
  /** Body of `fn load_b(k: u32, col: u32) -> f32`. */
  readonly loadB: string;
  /** Body of `fn store_c(row: u32, col: u32, value: f32)`. */
  readonly store: string;
  /** Columns of C on the host, for the dispatch. */
  readonly columnCount: number;
  readonly tile: MatmulTile;
}

/** The WGSL of a tiled matmul program. */
export function matmulSource(spec: MatmulSpec): ProgramSource {
  const { workgroupX: wx, workgroupY: wy, perThreadRows: tm, perThreadColumns: tn, depth: tk } = spec.tile;
  const bm = wy * tm;
  const bn = wx * tn;
  const code = `${spec.preamble ?? ''}
const BM: u32 = ${bm}u;
const BN: u32 = ${bn}u;
const TK: u32 = ${tk}u;
const WX: u32 = ${wx}u;
const WY: u32 = ${wy}u;
var<workgroup> tile_a: array<f32, ${bm * tk}>;
var<workgroup> tile_b: array<f32, ${tk * bn}>;

fn load_a(row: u32, k: u32) -> f32 {
  ${spec.loadA}
}
fn load_b(k: u32, col: u32) -> f32 {
  ${spec.loadB}
}
fn store_c(row: u32, col: u32, value: f32) {
  ${spec.store}
}

@compute @workgroup_size(${wx}, ${wy}, 1)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let m = ${spec.rows.wgsl};
  let n = ${spec.columns};
  let depth = ${spec.depth};
  let row0 = (group.y + group.z * ${MAX_WORKGROUPS_PER_DIMENSION}u) * BM;
  let col0 = group.x * BN;
  var acc: array<f32, ${tm * tn}>;
  for (var k0 = 0u; k0 < depth; k0 = k0 + TK) {
    for (var i = lane; i < BM * TK; i = i + WX * WY) {
      let r = row0 + i / TK;
      let k = k0 + i % TK;
      var value = 0.0;
      if (r < m && k < depth) { value = load_a(r, k); }
      tile_a[i] = value;
    }
    for (var i = lane; i < TK * BN; i = i + WX * WY) {
      let k = k0 + i / BN;
      let c = col0 + i % BN;
      var value = 0.0;
      if (k < depth && c < n) { value = load_b(k, c); }
      tile_b[i] = value;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk = kk + 1u) {
      for (var i = 0u; i < ${tm}u; i = i + 1u) {
        let a = tile_a[(local.y + i * WY) * TK + kk];
        for (var j = 0u; j < ${tn}u; j = j + 1u) {
          acc[i * ${tn}u + j] = acc[i * ${tn}u + j] + a * tile_b[kk * BN + local.x + j * WX];
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < ${tm}u; i = i + 1u) {
    for (var j = 0u; j < ${tn}u; j = j + 1u) {
      let r = row0 + local.y + i * WY;
      let c = col0 + local.x + j * WX;
      if (r < m && c < n) { store_c(r, c, acc[i * ${tn}u + j]); }
    }
  }
}`;
  return { label: spec.label, bindings: spec.bindings, code };
}

/** A bound matmul: `run(args)` dispatches enough workgroups for this run's rows. */
export interface MatmulKernel {
  run(args: RunArgs): void;
}

/** Compiles and binds a matmul program. */
export function createMatmul(runtime: Runtime, spec: MatmulSpec, buffers: readonly GpuBuffer[]): MatmulKernel {
  const kernel: Kernel = runtime.kernel(runtime.program(matmulSource(spec)), buffers);
  const bm = spec.tile.workgroupY * spec.tile.perThreadRows;
  const bn = spec.tile.workgroupX * spec.tile.perThreadColumns;
  const columnBlocks = Math.ceil(spec.columnCount / bn);
  return {
    run(args) {
      const rowBlocks = Math.ceil(spec.rows.count(args) / bm);
      if (rowBlocks === 0 || columnBlocks === 0) return;
      const y = Math.min(rowBlocks, MAX_WORKGROUPS_PER_DIMENSION);
      const z = Math.ceil(rowBlocks / MAX_WORKGROUPS_PER_DIMENSION);
      runtime.dispatch(kernel, [columnBlocks, y, z], args);
    },
  };
}
