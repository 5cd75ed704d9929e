// Argument checks the WebGPU kernels share with the CPU backend's (same messages, so errors read the same).

/** Throws unless `rows` is an integer from 0 to `maxRows` (the rows the kernel's buffers were sized for). */
export function checkRows(kernel: string, rows: number, maxRows: number): void {
  if (!Number.isInteger(rows) || rows < 0 || rows > maxRows) throw new Error(`${kernel}: rows must be an integer from 0 to ${maxRows} (got ${rows})`);
}
