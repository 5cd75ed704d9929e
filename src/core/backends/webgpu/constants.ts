// WebGPU's flag values (GPUBufferUsage, GPUMapMode, GPUShaderStage) as plain numbers, so the backend needs no
// globals: in Node the `webgpu` package only installs them when asked to, and a Worker may lack them.

/** GPUBufferUsage. */
export const BufferUsage = Object.freeze({
  MAP_READ: 0x0001,
  MAP_WRITE: 0x0002,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  INDEX: 0x0010,
  VERTEX: 0x0020,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
  INDIRECT: 0x0100,
  QUERY_RESOLVE: 0x0200,
});

/** GPUMapMode. */
export const MapMode = Object.freeze({ READ: 0x0001, WRITE: 0x0002 });

/** GPUShaderStage. */
export const ShaderStage = Object.freeze({ VERTEX: 0x1, FRAGMENT: 0x2, COMPUTE: 0x4 });

/** Largest workgroup count per dispatch dimension WebGPU guarantees. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65535;
