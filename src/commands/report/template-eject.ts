import { join } from 'node:path';
import { RuleError, UsageError } from '../../core/errors.js';
import type { Context } from '../../io/context.js';
import { readInput } from '../../io/files.js';
import { builtinTemplateDir, TEMPLATE_NAMES, templateFile } from '../../io/markdown.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function templateEject(ctx: Context, [name]: unknown[], opts: { force?: boolean }): Promise<Output> {
  const wanted = String(name).replace(/\.md\.hbs$/, '');
  if (!(TEMPLATE_NAMES as readonly string[]).includes(wanted)) throw new UsageError(t('report.noTemplate', { name: JSON.stringify(name) }), t('report.templates', { value: TEMPLATE_NAMES.join(', ') }));
  const store = await ctx.openStore();
  const existing = await store.readTemplate(templateFile(wanted));
  if (existing && !opts.force) throw new RuleError(t('report.alreadyExists', { where: existing.where }), t('report.editItOrGive'));
  const builtin = await readInput(ctx, join(builtinTemplateDir(), templateFile(wanted)), t('what.template'));
  const { where: target } = await store.writeTemplate(templateFile(wanted), builtin.toString('utf8'));
  // Which command renders it: the reports, an activity's results, or a volunteer's certificate.
  const command = wanted.startsWith('results.') ? 'club activity results' : wanted.startsWith('certificate.') ? 'club hours certificate' : 'club report';
  return { kind: 'done', data: { name: wanted, file: target }, message: t('template.ejected', { name: wanted, where: target, command }) };
}
