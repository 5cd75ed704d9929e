// Errors a backend raises that callers act on: the device went away (the trainer falls back to the CPU),
// or a kernel program failed to compile (a bug in generated code, reported with its source).

/** The GPU device was lost (driver reset, GPU removed, `device.destroy()`): work since the last readback is gone. */
export class DeviceLostError extends Error {
  override readonly name = 'DeviceLostError';
  constructor(
    /** What the device reported (`destroyed`, `unknown`) and its message. */
    readonly reason: string,
  ) {
    super(`the WebGPU device was lost (${reason}); its buffers are gone — continue on another backend from parameters read back earlier`);
  }
}

/** Whether `error` is a lost device, also across bundles (where `instanceof` fails). */
export function isDeviceLost(error: unknown): error is DeviceLostError {
  return error instanceof DeviceLostError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'DeviceLostError');
}
