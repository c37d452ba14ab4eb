import { addTask } from '../../core/tasks/tasks.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { coreEnv } from '../member/shared.js';
import { parseDateFlag } from '../session/shared.js';
import { t } from '../../i18n/index.js';

export default async function taskAdd(ctx: Context, [title]: unknown[], opts: { owner?: string; due?: string; session?: string }): Promise<Output> {
  const store = await ctx.openStore();
  const task = await store.update(['tasks', 'members', 'sessions'], (draft) => {
    const due = parseDateFlag(ctx, draft.meta, opts.due, '--due') ?? undefined;
    const r = addTask({ tasks: draft.tasks, members: draft.members, sessions: draft.sessions, counters: draft.meta.counters }, { title: String(title), owner: opts.owner, due, session: opts.session }, coreEnv(ctx, draft.meta));
    draft.tasks = r.tasks;
    draft.meta = { ...draft.meta, counters: r.counters };
    return { result: r.task, audit: { summary: `added task ${r.task.id}`, refs: [r.task.id, ...(r.task.ownerId ? [r.task.ownerId] : [])] } };
  });
  return { kind: 'done', data: task, message: t(task.due ? 'task.addedDue' : 'task.added', { id: task.id, title: task.title, due: task.due }) };
}
