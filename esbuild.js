// Builds every bundle of Activation Lab with esbuild:
//   dist/extension.js        the extension (node, CommonJS, `vscode` external)
//   dist/webview/*.js        the panel UIs (browser, IIFE)
//   dist/renderer.js         the notebook renderer (browser, ESM); in dist/ itself, so its output webview may load dist/media/
//   dist/core.cjs            the headless core for scripts, notebooks, benchmarks and tests (node, CommonJS)
//   dist/media/              Plotly and the codicons, copied from node_modules so nothing loads from a CDN
//   out/test/<suite>/*.js    the test suites (unit, vscode, browser), bundled so they import src/ directly
// Usage: node esbuild.js [--watch] [--production] [--only=extension,webview,renderer,core,tests]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const wanted = (group) => !only || only.has(group);
const root = __dirname;

/** `import bytes from './kernel.wat'` gives the assembled WebAssembly module as a Uint8Array. */
const watPlugin = {
  name: 'wat',
  setup(build) {
    build.onLoad({ filter: /\.wat$/ }, async (args) => {
      const wabt = await require('wabt')();
      const source = await fs.promises.readFile(args.path, 'utf8');
      let module;
      try {
        module = wabt.parseWat(args.path, source, { simd: true, relaxed_simd: true });
        module.validate();
        const { buffer } = module.toBinary({});
        return {
          contents: `export default Uint8Array.from(atob(${JSON.stringify(Buffer.from(buffer).toString('base64'))}), (c) => c.charCodeAt(0));`,
          loader: 'js',
          watchFiles: [args.path],
        };
      } catch (error) {
        return { errors: [{ text: `WebAssembly text did not assemble: ${error.message}` }], watchFiles: [args.path] };
      } finally {
        module?.destroy();
      }
    });
  },
};

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  target: 'es2022',
  logLevel: 'warning',
  plugins: [watPlugin],
  loader: { '.json': 'json' },
};

/** Every `*.test.ts` (plus an optional `index.ts`) directly in a test folder. */
function testEntries(folder) {
  const dir = path.join(root, 'test', folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') || f === 'index.ts' || f === 'hooks.ts')
    .map((f) => path.join(dir, f));
}

function configs() {
  const list = [];
  if (wanted('extension')) {
    list.push({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] });
  }
  if (wanted('webview')) {
    list.push({ ...common, entryPoints: { explorer: 'src/webview/explorer/main.ts', training: 'src/webview/training/main.ts', trainingWorker: 'src/webview/training/worker.ts' }, outdir: 'dist/webview', platform: 'browser', format: 'iife' });
  }
  if (wanted('renderer')) {
    list.push({ ...common, entryPoints: ['src/renderer/index.ts'], outfile: 'dist/renderer.js', platform: 'browser', format: 'esm' });
  }
  if (wanted('core')) {
    list.push({ ...common, entryPoints: ['src/core/index.ts'], outfile: 'dist/core.cjs', platform: 'node', format: 'cjs', minify: false });
  }
  if (wanted('tests')) {
    // Tests import src/ and are bundled; npm packages stay external (require()d from node_modules).
    const testCommon = { ...common, platform: 'node', format: 'cjs', packages: 'external', sourcemap: 'inline', minify: false };
    for (const suite of ['unit', 'vscode', 'browser']) {
      const entryPoints = testEntries(suite);
      if (entryPoints.length) list.push({ ...testCommon, entryPoints, outdir: `out/test/${suite}`, external: ['vscode'] });
    }
    // The browser WebGPU test's page script (run in a page and in a Worker it starts): the core bundled for the browser.
    list.push({ ...common, entryPoints: ['test/browser/pages/webgpu-train.ts'], outfile: 'out/test/browser/pages/webgpu-train.js', platform: 'browser', format: 'iife' });
  }
  return list;
}

/** Plotly and the codicon font are shipped from the extension's own files (the webview CSP allows no CDN). */
function copyMedia() {
  const copies = [
    ['node_modules/plotly.js-dist-min/plotly.min.js', 'dist/media/plotly.min.js'],
    ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/media/codicons/codicon.css'],
    ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/media/codicons/codicon.ttf'],
    // The experiment spec's JSON Schema, contributed through jsonValidation for *.actlab.json files.
    ['src/core/protocol/spec.schema.json', 'dist/spec.schema.json'],
  ];
  for (const [from, to] of copies) {
    const source = path.join(root, from);
    const target = path.join(root, to);
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}

async function main() {
  const started = Date.now();
  if (wanted('webview') || wanted('renderer')) copyMedia();
  const list = configs();
  if (watch) {
    for (const config of list) {
      const context = await esbuild.context(config);
      await context.watch();
    }
    console.log(`[esbuild] watching ${list.length} bundles …`);
    return;
  }
  const results = await Promise.allSettled(list.map((config) => esbuild.build(config)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) {
    console.error(`[esbuild] ${failed.length} of ${list.length} bundles failed`);
    process.exit(1);
  }
  console.log(`[esbuild] built ${list.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
