import { join } from 'node:path';
import { RuleError, UsageError } from '../../core/errors.js';
import type { Context } from '../../io/context.js';
import { readInput, writeOutput } from '../../io/files.js';
import { builtinTemplateDir, TEMPLATE_NAMES, templateFile } from '../../io/markdown.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { canonicalTemplateName } from '../../io/render/forms.js';

const RENDERED_BY: Record<string, string> = { results: 'club activity results', certificate: 'club hours certificate', thanks: 'club donation thank', notice: 'club notice next', remind: 'club remind' };

/** A template's listed name (`weekly.zh`, `notice.zh.txt`) from what was typed (`weekly.zh.md.hbs`, `notice.zh.txt.hbs`). */
export function templateName(name: string): string {
  const wanted = canonicalTemplateName(name);
  if (!(TEMPLATE_NAMES as readonly string[]).includes(wanted)) throw new UsageError(t('report.noTemplate', { name: JSON.stringify(name) }), t('report.templates', { value: TEMPLATE_NAMES.join(', ') }));
  return wanted;
}

export default async function templateEject(ctx: Context, [name]: unknown[], opts: { force?: boolean; out?: string }): Promise<Output> {
  const wanted = templateName(String(name));
  const store = await ctx.openStore();
  // --out: a copy to edit and hand back with `template set` (a database keeps its templates in a table): the store's
  // own copy when it has one, else the built-in template. The store is not changed.
  if (opts.out !== undefined) {
    const text = (await store.readTemplate(templateFile(wanted)))?.text ?? (await readInput(ctx, join(builtinTemplateDir(), templateFile(wanted)), t('what.template'))).toString('utf8');
    const file = await writeOutput(ctx, opts.out, text);
    return { kind: 'done', data: { name: wanted, file }, message: t('templateSet.ejectedOut', { name: wanted, where: file }) };
  }
  const existing = await store.readTemplate(templateFile(wanted));
  if (existing && !opts.force) throw new RuleError(t('report.alreadyExists', { where: existing.where }), t('report.editItOrGive'));
  const builtin = await readInput(ctx, join(builtinTemplateDir(), templateFile(wanted)), t('what.template'));
  const { where: target } = await store.writeTemplate(templateFile(wanted), builtin.toString('utf8'));
  // Which command renders it: the reports, an activity's results, a volunteer's certificate, or a chat message.
  const command = RENDERED_BY[wanted.split('.')[0]!] ?? 'club report';
  return { kind: 'done', data: { name: wanted, file: target }, message: t('template.ejected', { name: wanted, where: target, command }) };
}
