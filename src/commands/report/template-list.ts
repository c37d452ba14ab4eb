import { join } from 'node:path';
import type { Context } from '../../io/context.js';
import { builtinTemplateDir, TEMPLATE_NAMES, templateFile } from '../../io/markdown.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function templateList(ctx: Context): Promise<Output> {
  const store = await ctx.openStore();
  const stored = new Map((await store.listTemplates()).map((t) => [t.name, t.where]));
  const rows = TEMPLATE_NAMES.map((name) => {
    const override = stored.get(templateFile(name));
    return { name, source: override ? 'override' : 'built-in', file: override ?? join(builtinTemplateDir(), templateFile(name)) };
  });
  return list(
    rows,
    [
      { header: 'name', key: 'name', value: (r: (typeof rows)[number]) => r.name },
      { header: 'source', key: 'source', value: (r) => r.source, display: (r, s) => (r.source === 'override' ? s.yellow(r.source) : r.source) },
      { header: 'file', key: 'file', value: (r) => r.file },
    ],
    { empty: t('report.noTemplates') },
  );
}
