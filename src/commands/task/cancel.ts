import { cancelTask } from '../../core/tasks/tasks.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { coreEnv } from '../member/shared.js';

export default async function taskCancel(ctx: Context, [ref]: unknown[], opts: { reason?: string }): Promise<Output> {
  const store = await ctx.openStore();
  const task = await store.update(['tasks'], (draft) => {
    const r = cancelTask(draft.tasks, String(ref), opts.reason, coreEnv(ctx, draft.meta));
    draft.tasks = r.tasks;
    return { result: r.task, audit: { summary: `cancelled task ${r.task.id}`, refs: [r.task.id, ...(r.task.ownerId ? [r.task.ownerId] : [])] } };
  });
  return { kind: 'done', data: task, message: t('task.cancelled', { id: task.id, title: task.title }) };
}
