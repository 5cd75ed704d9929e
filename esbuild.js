// Builds every bundle of Activation Lab with esbuild:
//   dist/extension.js        the extension's entry (node, CommonJS, `vscode` external): registrations only, small
//   dist/features/*.js       the extension's features (explorer, trainingLab, hover, notebooks), each required on
//                            first use by dist/extension.js (src/extension/lazy.ts); they share its log
//   dist/webview/*.js        the panel UIs (browser, IIFE)
//   dist/renderer.js         the notebook renderer (browser, ESM); in dist/ itself, so its output webview may load dist/media/
//   dist/core.cjs            the headless core for scripts, notebooks, benchmarks and tests (node, CommonJS)
//   dist/media/              Plotly and the codicons, copied from node_modules so nothing loads from a CDN
//   out/test/<suite>/*.js    the test suites (unit, vscode, browser), bundled so they import src/ directly
// Usage: node esbuild.js [--watch] [--production] [--only=extension,webview,renderer,core,tests] [--outdir=DIR] [--monolithic]
//   --outdir=DIR   write what goes to dist/ to DIR instead (the start-up benchmark builds production bundles
//                  there, leaving dist/ to the tests); the test bundles still go to out/
//   --monolithic   also build DIR/extension-monolithic.js: the extension with every feature inlined and
//                  evaluated at load, as one bundle (the start-up benchmark's peer)
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
const outdirArg = args.find((a) => a.startsWith('--outdir='));
/** Where the extension's files go: dist/, or --outdir. */
const dist = outdirArg ? path.resolve(outdirArg.slice('--outdir='.length)) : path.join(root, 'dist');
const monolithic = args.includes('--monolithic');

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

const extensionDir = path.join(root, 'src/extension');
const FEATURES = ['explorer', 'trainingLab', 'hover', 'notebooks'];

/**
 * dist/extension.js: lazy.ts's `require('./features/<name>')` stays a require of the separate bundle
 * dist/features/<name>.js (evaluated on first use) instead of being inlined.
 */
const lazyFeaturesPlugin = {
  name: 'lazy-features',
  setup(build) {
    build.onResolve({ filter: /^\.\/features\// }, (args) => {
      if (args.importer !== path.join(extensionDir, 'lazy.ts')) return undefined;
      const name = args.path.slice('./features/'.length);
      if (!FEATURES.includes(name)) return { errors: [{ text: `unknown feature "${name}" (esbuild.js FEATURES)` }] };
      return { path: `./features/${name}.js`, external: true };
    });
  },
};

const coreDir = path.join(root, 'src/core');

/**
 * dist/features/*.js:
 * - the extension's log (one output channel) is dist/extension.js's, which re-exports it;
 * - the core is one shared bundle, dist/features/core.js, not a copy in each feature: an import of a core module
 *   becomes `require('./core.js')[module]`. core.js is built after the features (onEnd) with a lazy getter per
 *   core module they import, so a feature evaluates only the core modules it reaches;
 * - a feature must not import lazy.ts (features are leaves: dist/extension.js requires them, never the reverse).
 */
function featureBundlePlugin(coreConfig) {
  return {
    name: 'feature-bundle',
    setup(build) {
      const coreModules = new Set();
      build.onStart(() => coreModules.clear());
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.namespace !== 'file' || !args.resolveDir) return undefined;
        const target = path.resolve(args.resolveDir, args.path).replace(/\.ts$/, '');
        if (target === path.join(extensionDir, 'log')) return { path: '../extension.js', external: true };
        if (target === path.join(extensionDir, 'lazy')) return { errors: [{ text: `${path.relative(root, args.importer)} imports lazy.ts: a feature bundle must not load features` }] };
        const fromCore = args.importer.startsWith(coreDir + path.sep);
        if (fromCore || (target !== coreDir && !target.startsWith(coreDir + path.sep))) return undefined;
        const key = path.relative(coreDir, target).split(path.sep).join('/').replace(/(^|\/)index$/, '') || 'index';
        coreModules.add(key);
        return { path: key, namespace: 'core-chunk' };
      });
      build.onLoad({ filter: /.*/, namespace: 'core-chunk' }, (args) => ({ contents: `module.exports = require('./core.js')[${JSON.stringify(args.path)}];`, loader: 'js' }));
      build.onResolve({ filter: /^\.\/core\.js$/, namespace: 'core-chunk' }, () => ({ path: './core.js', external: true }));
      build.onEnd(async (result) => {
        if (result.errors.length) return;
        const lines = [...coreModules].sort().map((key) => `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => require(${JSON.stringify(`./src/core/${key === 'index' ? '' : key}`)}) });`);
        try {
          await esbuild.build({ ...coreConfig, stdin: { contents: lines.join('\n'), resolveDir: root, sourcefile: 'features-core.js', loader: 'js' } });
        } catch (error) {
          result.errors.push({ text: `dist/features/core.js: ${error.message}` });
        }
      });
    },
  };
}

/** dist/extension.js's first line: when the bundle began to evaluate, wall and CPU time (src/extension/extension.ts `startup`). */
// It starts with "use strict" so that the bundle stays strict (esbuild's own directive comes after the banner).
const startupBanner = {
  js: '"use strict"; var __activationLabModuleStart = typeof performance === "object" ? performance.now() : undefined, __activationLabModuleStartCpu = typeof process === "object" ? process.cpuUsage() : undefined;',
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
    const node = { ...common, platform: 'node', format: 'cjs', external: ['vscode'] };
    list.push({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: path.join(dist, 'extension.js'), banner: startupBanner, plugins: [...common.plugins, lazyFeaturesPlugin] });
    const coreConfig = { ...node, outfile: path.join(dist, 'features/core.js') };
    list.push({
      ...node,
      entryPoints: Object.fromEntries(FEATURES.map((name) => [`features/${name}`, `src/extension/features/${name}.ts`])),
      outdir: dist,
      plugins: [...common.plugins, featureBundlePlugin(coreConfig)],
    });
    if (monolithic) {
      // Every feature imported eagerly (before extension.ts, whose body then marks the end of evaluation), and
      // lazy.ts's requires inlined: the whole extension evaluated at load.
      const contents = [...FEATURES.map((name) => `import './src/extension/features/${name}';`), `export * from './src/extension/extension';`].join('\n');
      list.push({ ...node, stdin: { contents, resolveDir: root, sourcefile: 'extension-monolithic.ts', loader: 'ts' }, outfile: path.join(dist, 'extension-monolithic.js'), banner: startupBanner });
    }
  }
  if (wanted('webview')) {
    list.push({ ...common, entryPoints: { explorer: 'src/webview/explorer/main.ts', training: 'src/webview/training/main.ts', trainingWorker: 'src/webview/training/worker.ts' }, outdir: path.join(dist, 'webview'), platform: 'browser', format: 'iife' });
  }
  if (wanted('renderer')) {
    list.push({ ...common, entryPoints: ['src/renderer/index.ts'], outfile: path.join(dist, 'renderer.js'), platform: 'browser', format: 'esm' });
  }
  if (wanted('core')) {
    list.push({ ...common, entryPoints: ['src/core/index.ts'], outfile: path.join(dist, 'core.cjs'), platform: 'node', format: 'cjs', minify: false });
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
    ['node_modules/plotly.js-dist-min/plotly.min.js', 'media/plotly.min.js'],
    ['node_modules/@vscode/codicons/dist/codicon.css', 'media/codicons/codicon.css'],
    ['node_modules/@vscode/codicons/dist/codicon.ttf', 'media/codicons/codicon.ttf'],
    // The experiment spec's JSON Schema, contributed through jsonValidation for *.actlab.json files.
    ['src/core/protocol/spec.schema.json', 'spec.schema.json'],
  ];
  for (const [from, to] of copies) {
    const source = path.join(root, from);
    const target = path.join(dist, to);
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
