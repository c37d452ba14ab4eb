// The built-in report templates, precompiled: `club report` then needs only Handlebars' runtime, not its compiler
// (about a tenth of a report's run went to compiling the template). Served as the module `virtual:builtin-templates`
// to esbuild (scripts/build.mjs) and to vitest (vitest.config.ts), so tests run the same code as the built club.
// Each entry keeps its source: src/io/markdown.ts uses the precompiled form only for that exact text.
import Handlebars from 'handlebars';
import { readFileSync, readdirSync } from 'node:fs';

export const BUILTIN_TEMPLATES_ID = 'virtual:builtin-templates';
const root = new URL('..', import.meta.url);

/** The options src/io/markdown.ts compiles with: only our helpers. */
export function compileOptions() {
  return JSON.parse(readFileSync(new URL('src/io/template-options.json', root), 'utf8'));
}

export function builtinTemplatesModule() {
  const dir = new URL('templates/', root);
  const entries = readdirSync(dir)
    .filter((f) => /\.(md|txt|html)\.hbs$/.test(f))
    .sort()
    .map((f) => {
      const source = readFileSync(new URL(f, dir), 'utf8');
      return `  ${JSON.stringify(f.replace(/\.md\.hbs$/, '').replace(/\.hbs$/, ''))}: { source: ${JSON.stringify(source)}, spec: ${Handlebars.precompile(source, compileOptions())} },`;
    });
  return `export const BUILTIN_TEMPLATES = {\n${entries.join('\n')}\n};\n`;
}
