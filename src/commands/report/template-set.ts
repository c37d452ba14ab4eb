// `club template set NAME FILE`: the store's own copy of a template from a file (or - for stdin), on both stores. On
// a database the template lives in a table, so this (with `template eject --out`) is how an admin changes it. The
// file is checked as it would be rendered (Handlebars' parse, our guard) before anything is written.
import { UsageError } from '../../core/errors.js';
import type { Context } from '../../io/context.js';
import { readInput } from '../../io/files.js';
import { templateFile } from '../../io/markdown.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import TEMPLATE_OPTIONS from '../../io/template-options.json' with { type: 'json' };
import { templateName } from './template-eject.js';

export default async function templateSet(ctx: Context, [name, file]: unknown[]): Promise<Output> {
  const wanted = templateName(String(name));
  const text = (await readInput(ctx, String(file), 'template')).toString('utf8');
  if (!text.trim()) throw new UsageError(t('templateSet.empty', { file: String(file) }));
  const hb = (await import('handlebars')).default.create();
  (await import('../../io/template-guard.js')).guardTemplate(hb, text, String(file));
  // Compiled as it will be (only our helpers): an unknown helper is refused now, not at the next report.
  try {
    hb.precompile(text, TEMPLATE_OPTIONS);
  } catch (err) {
    throw new UsageError(`${String(file)}: ${(err as Error).message.split('\n')[0]}`);
  }
  const store = await ctx.openStore();
  const { where } = await store.writeTemplate(templateFile(wanted), text);
  return { kind: 'done', data: { name: wanted, file: where }, message: t('templateSet.done', { name: wanted, where }) };
}

