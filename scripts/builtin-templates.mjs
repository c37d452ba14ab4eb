// The built-in report templates, precompiled: `club report` then needs only Handlebars' runtime, not its compiler
// (about a tenth of a report's run went to compiling the template). Served as the module `virtual:builtin-templates`
// to esbuild (scripts/build.mjs) and to vitest (vitest.config.ts), so tests run the same code as the built club.
// Each entry keeps its source: src/io/markdown.ts uses the precompiled form only for that exact text. The precompiled
// forms (1.3 MB for the 46 templates) are a module each, `virtual:builtin-template/<name>`, imported when that
// template renders: a report reads and runs its own template's code, not every template's.
import Handlebars from 'handlebars';
import { readFileSync, readdirSync } from 'node:fs';

export const BUILTIN_TEMPLATES_ID = 'virtual:builtin-templates';
/** The module of one template's precompiled form: this prefix and the template's name (`weekly.zh`). */
export const BUILTIN_TEMPLATE_PREFIX = 'virtual:builtin-template/';
const root = new URL('..', import.meta.url);

/** The options src/io/markdown.ts compiles with: only our helpers. */
export function compileOptions() {
  return JSON.parse(readFileSync(new URL('src/io/template-options.json', root), 'utf8'));
}

/** The built-in templates: [name, file] in name order. */
function templateFiles() {
  return readdirSync(new URL('templates/', root))
    .filter((f) => /\.(md|txt|html)\.hbs$/.test(f))
    .sort()
    .map((f) => [f.replace(/\.md\.hbs$/, '').replace(/\.hbs$/, ''), f]);
}

const templateSource = (file) => readFileSync(new URL(`templates/${file}`, root), 'utf8');

export function builtinTemplatesModule() {
  const entries = templateFiles().map(
    ([name, file]) =>
      `  ${JSON.stringify(name)}: { source: ${JSON.stringify(templateSource(file))}, spec: async () => (await import(${JSON.stringify(BUILTIN_TEMPLATE_PREFIX + name)})).spec },`,
  );
  return `export const BUILTIN_TEMPLATES = {\n${entries.join('\n')}\n};\n`;
}

/** The module `virtual:builtin-template/<name>`: that template's precompiled form. */
export function builtinTemplateModule(id) {
  const name = id.slice(BUILTIN_TEMPLATE_PREFIX.length);
  const found = templateFiles().find(([n]) => n === name);
  if (!found) throw new Error(`${id}: no such built-in template`);
  return `export const spec = ${Handlebars.precompile(templateSource(found[1]), compileOptions())};\n`;
}
