import { UsageError } from '../../core/errors.js';
import { resolveMember } from '../../core/members/reference.js';
import { isOverdue } from '../../core/tasks/tasks.js';
import { toDateString } from '../../core/time.js';
import type { Task } from '../../core/types.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';

export default async function taskList(ctx: Context, _args: unknown[], opts: { open?: boolean; done?: boolean; overdue?: boolean; cancelled?: boolean; owner?: string }): Promise<Output> {
  if ([opts.open, opts.done, opts.overdue, opts.cancelled].filter(Boolean).length > 1) throw new UsageError(t('task.giveOneOfOpen'));
  const store = await ctx.openStore();
  const { meta, tasks, members } = await store.read(['tasks', 'members']);
  const today = toDateString(ctx.now, meta.settings.timezone);
  const owner = opts.owner === undefined ? null : resolveMember(members, opts.owner);
  const statusOf = new Map(members.map((m) => [m.id, m.status]));
  const overdue = (t: Task) => isOverdue(t, today, t.ownerId ? statusOf.get(t.ownerId) : null);
  const rows = tasks
    .filter(
      (t) =>
        (!opts.open || t.status === 'open') &&
        (!opts.done || t.status === 'done') &&
        (!opts.cancelled || t.status === 'cancelled') &&
        (!opts.overdue || overdue(t)) &&
        (!owner || t.ownerId === owner.id),
    )
    .map((t) => ({ ...t, overdue: overdue(t) }));
  const name = (id: string | null) => (id ? (members.find((m) => m.id === id)?.name ?? id) : '');
  return list(
    rows,
    [
      { header: 'id', key: 'id', value: (t: Task & { overdue: boolean }) => t.id },
      { header: 'title', key: 'title', value: (t) => t.title },
      { header: 'owner', key: 'ownerId', value: (t) => t.ownerId, display: (t) => name(t.ownerId) },
      { header: 'due', key: 'due', value: (t) => t.due, display: (t, s) => (t.overdue ? s.red(`${t.due} overdue`) : (t.due ?? '')) },
      { header: 'status', key: 'status', value: (t) => t.status },
      { header: 'done', key: 'doneAt', value: (t) => t.doneAt, display: (t) => t.doneAt?.slice(0, 10) ?? '' },
      { header: 'cancelled', key: 'cancelledAt', value: (t) => t.cancelledAt ?? null, display: (t) => t.cancelledAt?.slice(0, 10) ?? '' },
      { header: 'session', key: 'sessionId', value: (t) => t.sessionId },
    ],
    { empty: tasks.length ? t('task.noneMatch') : t('task.noneYet') },
  );
}
