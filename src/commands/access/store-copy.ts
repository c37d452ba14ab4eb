import type { Context } from '../../io/context.js';
import { keyValues } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { copyStore } from '../../store/copy.js';

export default async function storeCopy(ctx: Context, _args: unknown[], opts: { to: string }): Promise<Output> {
  const store = await ctx.openStore();
  const result = await copyStore(store, opts.to, { cwd: ctx.cwd, env: ctx.env, fs: ctx.fs, actor: ctx.actor, command: ctx.command, now: ctx.now, warn: (m) => ctx.warn(m) });
  return {
    kind: 'item',
    data: result,
    render: (style) => `${style.green('✓')} ${t('pgcopy.done', { from: result.from, to: result.to })}\n${keyValues(Object.entries(result.counts), style, ctx.columns)}`,
  };
}
