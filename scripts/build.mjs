// Bundles src/ into dist/ with esbuild. Each command module is a lazy chunk (dynamic import + splitting), so
// `club --version` loads only the entry chunk. Dependencies are bundled too: resolving dozens of node_modules
// files at start-up costs more than parsing one file.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

// commander requires node:child_process at load, for executable subcommands club never uses; loading it pulls in
// net, dgram and a dozen more built-ins (about 3% of Node's start-up). Give commander a stand-in that loads it on use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('/node_modules/commander/') ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', 'bench-seed': 'src/bench/seed-cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [lazyChildProcess],
  // CommonJS dependencies (proper-lockfile, cli-table3) call require() for Node built-ins.
  banner: { js: "import { createRequire as __clubCreateRequire } from 'node:module'; const require = __clubCreateRequire(import.meta.url);" },
});
