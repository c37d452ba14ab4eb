import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuleError, UsageError } from '../../core/errors.js';
import type { Context } from '../../io/context.js';
import { durableWrite } from '../../store/validated-json-file.js';
import { builtinTemplateDir, TEMPLATE_NAMES, templateFile } from '../../io/markdown.js';
import type { Output } from '../../io/output.js';

export default async function templateEject(ctx: Context, [name]: unknown[], opts: { force?: boolean }): Promise<Output> {
  const wanted = String(name).replace(/\.md\.hbs$/, '');
  if (!(TEMPLATE_NAMES as readonly string[]).includes(wanted)) throw new UsageError(`no template ${JSON.stringify(name)}`, `templates: ${TEMPLATE_NAMES.join(', ')}`);
  const store = await ctx.openStore();
  const dir = join(store.dir, 'templates');
  const target = join(dir, templateFile(wanted));
  if (existsSync(target) && !opts.force) throw new RuleError(`${target} already exists`, 'edit it, or give --force to start again from the built-in one');
  await ctx.fs.mkdir(dir, 0o700).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  await durableWrite(ctx.fs, target, readFileSync(join(builtinTemplateDir(), templateFile(wanted)), 'utf8'), 0o600);
  return { kind: 'done', data: { name: wanted, file: target }, message: `copied ${wanted} to ${target}; edit it and club report uses it` };
}
