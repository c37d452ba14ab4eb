import { completeTask } from '../../core/tasks/tasks.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { coreEnv } from '../member/shared.js';
import { t } from '../../i18n/index.js';

export default async function taskDone(ctx: Context, [ref]: unknown[]): Promise<Output> {
  const store = await ctx.openStore();
  const task = await store.update(['tasks'], (draft) => {
    const r = completeTask(draft.tasks, String(ref), coreEnv(ctx, draft.meta));
    draft.tasks = r.tasks;
    return { result: r.task, audit: { summary: `done: ${r.task.id}`, refs: [r.task.id, ...(r.task.ownerId ? [r.task.ownerId] : [])] } };
  });
  return { kind: 'done', data: task, message: t('task.done', { id: task.id, title: task.title }) };
}
