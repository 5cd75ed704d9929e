// Small helpers shared by the CPU kernels: matmul option objects created once, and argument checks.
import type { MatmulOptions } from './matmul';

/** B stored transposed (n×k): x·Wᵀ with W as PyTorch stores it. */
export const TRANSPOSE_B: MatmulOptions = Object.freeze({ transposeB: true });
/** A stored transposed (k×m): dzᵀ·x for weight gradients. */
export const TRANSPOSE_A: MatmulOptions = Object.freeze({ transposeA: true });

/** Throws unless `rows` is an integer from 0 to `maxRows` (the rows the kernel's buffers were sized for). */
export function checkRows(kernel: string, rows: number, maxRows: number): void {
  if (!Number.isInteger(rows) || rows < 0 || rows > maxRows) throw new Error(`${kernel}: rows must be an integer from 0 to ${maxRows} (got ${rows})`);
}
