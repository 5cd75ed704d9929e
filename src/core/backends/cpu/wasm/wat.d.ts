// `import bytes from './kernel.wat'`: esbuild's wat plugin (esbuild.js) assembles the WebAssembly text with wabt
// (SIMD and relaxed-SIMD features on) and hands over the binary module.
declare module '*.wat' {
  const bytes: Uint8Array;
  export default bytes;
}
