// Bundles src/ into dist/ with esbuild. Each command module is a lazy chunk (dynamic import + splitting), so
// `club --version` loads only the entry chunk. Dependencies are bundled too: resolving dozens of node_modules
// files at start-up costs more than parsing one file.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

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
  // CommonJS dependencies (proper-lockfile, cli-table3) call require() for Node built-ins.
  banner: { js: "import { createRequire as __clubCreateRequire } from 'node:module'; const require = __clubCreateRequire(import.meta.url);" },
});
