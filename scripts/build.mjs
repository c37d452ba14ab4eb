// Bundles src/ into dist/ with esbuild. Each command module is a lazy chunk (dynamic import + splitting), so
// `club --version` loads only the entry chunk. Dependencies are bundled too: resolving dozens of node_modules
// files at start-up costs more than parsing one file.
//
// esbuild splits only ES modules, so the chunks are built as ES modules and then each is turned into CommonJS
// (dist/package.json says so): src/boot.ts compiles CommonJS chunks with V8's code cache, which Node 20 offers for
// no ES module. Source maps go through both steps, back to src/.
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { BUILTIN_TEMPLATE_PREFIX, BUILTIN_TEMPLATES_ID, builtinTemplateModule, builtinTemplatesModule } from './builtin-templates.mjs';

const dist = new URL('../dist/', import.meta.url);

/** A plugin that gives `module` (when imported from a path containing `importer`, if given) the code `contents`. */
function standIn(name, module, importer, contents) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter: module }, (args) => (importer === undefined || args.importer.includes(importer) ? { path: name, namespace: name } : undefined));
      b.onLoad({ filter: /.*/, namespace: name }, () => ({ contents, loader: 'js', resolveDir: process.cwd() }));
    },
  };
}

const plugins = [
  // commander requires node:child_process at load, for executable subcommands club never uses; loading it pulls in
  // net, dgram and a dozen more built-ins (about 3% of Node's start-up). commander gets it when it spawns.
  standIn('lazy-child-process', /^(node:)?child_process$/, '/node_modules/commander/', "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };"),
  // proper-lockfile uses graceful-fs, whose require('assert') builds process.stderr at load (assert's colour helper
  // asks whether stderr is a terminal): for a pipe that loads net and the stream stack, about 4% of Node's start-up.
  // The lock makes a handful of fs calls that gain nothing from graceful-fs's EMFILE queue; it gets node:fs itself.
  standIn('plain-fs', /^graceful-fs$/, undefined, "module.exports = require('node:fs');"),
  // signal-exit (proper-lockfile's, to drop the lock on a signal) requires assert for one argument check: the same
  // process.stderr at load, on every change.
  standIn('signal-exit-assert', /^assert$/, '/signal-exit/', 'module.exports = { equal: (actual, expected, message) => { if (actual != expected) throw new Error(message); } };'),
  // The messages: each language's catalogue is read from dist/i18n/<lang>.json when first asked for (src/i18n/catalogue.ts).
  // A chunk runs with __dirname its own folder, dist/ or dist/chunks/.
  standIn(
    'catalogue-json',
    /^\.\/catalogue\.js$/,
    '/src/i18n/',
    "import { readFileSync } from 'node:fs'; import { basename, dirname, join } from 'node:path';\n" +
      "export function loadCatalogue(lang) { const dist = basename(__dirname) === 'chunks' ? dirname(__dirname) : __dirname; return JSON.parse(readFileSync(join(dist, 'i18n', `${lang}.json`), 'utf8')); }\n",
  ),
  // The built-in report templates, precompiled.
  standIn(BUILTIN_TEMPLATES_ID, new RegExp(`^${BUILTIN_TEMPLATES_ID}$`), undefined, builtinTemplatesModule()),
  // Each one's precompiled form, a chunk of its own.
  {
    name: 'builtin-template',
    setup(b) {
      // Named `<template>.js`, so that the chunk is named after the whole template name (`weekly.zh.txt-….js`).
      b.onResolve({ filter: new RegExp(`^${BUILTIN_TEMPLATE_PREFIX}`) }, (args) => ({ path: `${args.path.slice(BUILTIN_TEMPLATE_PREFIX.length)}.js`, namespace: 'builtin-template' }));
      b.onLoad({ filter: /.*/, namespace: 'builtin-template' }, (args) => ({
        contents: builtinTemplateModule(BUILTIN_TEMPLATE_PREFIX + args.path.replace(/\.js$/, '')),
        loader: 'js',
        resolveDir: process.cwd(),
      }));
    },
  },
];

/** A language's catalogue as src/i18n/<lang>.ts declares it, for dist/i18n/<lang>.json. */
async function catalogueOf(lang) {
  const out = await build({ entryPoints: [`src/i18n/${lang}.ts`], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning' });
  const module = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return module[lang];
}

await rm(dist, { recursive: true, force: true });
const esm = await build({
  entryPoints: { cli: 'src/cli.ts', 'bench-seed': 'src/bench/seed-cli.ts', 'bench-pg-load': 'src/bench/pg-load.ts' },
  outdir: 'dist',
  write: false,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'inline',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  // resvg (--chart FILE.png) is a native addon shipped per platform as an optional dependency: required at run time.
  external: ['@resvg/resvg-js'],
  plugins,
});

const files = [];
for (const out of esm.outputFiles) {
  const name = basename(out.path);
  // import() becomes a require() in a promise: the chunks run inside vm.Script, which has no ES module loader.
  const cjs = await transform(out.text, {
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    supported: { 'dynamic-import': false },
    ...(out.text.includes('import.meta.url') && {
      define: { 'import.meta.url': '__importMetaUrl' },
      banner: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    }),
    sourcemap: 'external',
    sourcefile: out.path,
    logLevel: 'warning',
  });
  if (/\bimport\s*\(/.test(cjs.code)) throw new Error(`${name}: an import() is left, which vm.Script cannot run`);
  files.push({ path: out.path, text: `${cjs.code}//# sourceMappingURL=${name}.map\n` }, { path: `${out.path}.map`, text: cjs.map });
}

// The build id: a digest of every file, so the code cache of one build is never used for another.
const digest = createHash('sha256');
for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) digest.update(f.path.slice(f.path.indexOf('/dist/'))).update(f.text);

// dist/chunks.pack: the code of cli.js and every chunk in one file, which boot.js opens once and reads each chunk's
// span from, instead of opening a file per chunk (a store command loads about 35). The files stay beside it for their
// source maps and for reading; boot.js falls back to them when the pack is missing.
// Each chunk's code is stored inside the CommonJS function wrapper that boot.js compiles it in, so that boot.js hands
// the string it reads to vm.Script as it is, rather than building a copy of every chunk with the wrapper around it.
const packed = files.filter((f) => f.path.endsWith('.js') && !/\/bench-(seed|pg-load)\.js$/.test(f.path));
const wrapper = ['(function (exports, require, module, __filename, __dirname) {', '\n})'];
const pack = { index: {}, parts: [] };
let offset = 0;
for (const f of packed) {
  const bytes = Buffer.from(`${wrapper[0]}${f.text}${wrapper[1]}`, 'utf8');
  pack.index[f.path.slice(f.path.indexOf('/dist/') + '/dist/'.length)] = [offset, bytes.length];
  pack.parts.push(bytes);
  offset += bytes.length;
}
const boot = await build({
  entryPoints: ['src/boot.ts'],
  outfile: 'dist/boot.js',
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
  define: { __BUILD_ID__: JSON.stringify(digest.digest('hex').slice(0, 16)), __PACK_INDEX__: JSON.stringify(pack.index), __CJS_WRAPPER__: JSON.stringify(wrapper) },
});
files.push(...boot.outputFiles.map((o) => ({ path: o.path, text: o.text })));
files.push({ path: new URL('chunks.pack', dist).pathname, text: Buffer.concat(pack.parts) });
for (const lang of ['en', 'zh']) files.push({ path: new URL(`i18n/${lang}.json`, dist).pathname, text: `${JSON.stringify(await catalogueOf(lang))}\n` });
files.push({ path: new URL('package.json', dist).pathname, text: '{ "type": "commonjs" }\n' });

for (const f of files) {
  await mkdir(dirname(f.path), { recursive: true });
  await writeFile(f.path, f.text);
}
