import { compareIds } from '../../core/ids.js';
import { currentTask, doneBy, isOverdue, readingStanding, streakOf } from '../../core/reading/rules.js';
import { toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { weekOfFlag } from './shared.js';

export interface ReadingStatusRow {
  memberId: string;
  name: string;
  bookId: string | null;
  title: string | null;
  due: string | null;
  done: boolean;
  overdue: boolean;
  streak: number;
  misses: number;
  removalDue: boolean;
}

export default async function readingStatus(ctx: Context, _args: unknown[], opts: { week?: string }): Promise<Output> {
  const store = await ctx.openStore();
  const { meta, members, books, readingTasks, readingCheckins } = await store.read(['members', 'books', 'readingTasks', 'readingCheckins']);
  const tz = meta.settings.timezone;
  const week = weekOfFlag(ctx, meta, opts.week);
  const today = toDateString(ctx.now, tz);
  const rows: ReadingStatusRow[] = members
    .filter((m) => m.status === 'active')
    .sort((a, b) => compareIds(a.id, b.id))
    .map((m) => {
      const task = currentTask(readingTasks, m.id, week.to);
      const standing = readingStanding(m, readingTasks, ctx.now, meta.settings);
      return {
        memberId: m.id,
        name: m.name,
        bookId: task?.bookId ?? null,
        title: task ? (books.find((b) => b.id === task.bookId)?.title ?? null) : null,
        due: task?.due ?? null,
        done: task ? doneBy(task, ctx.now) : false,
        overdue: task ? isOverdue(task, ctx.now, tz) : false,
        streak: streakOf(readingCheckins, m.id, today),
        misses: standing.misses.length,
        removalDue: standing.removalDue,
      };
    });
  for (const r of rows.filter((r) => r.removalDue)) ctx.warn(t('reading.removalDue', { member: `${r.memberId} ${r.name}`, misses: r.misses }));
  return list(
    rows,
    [
      { header: 'id', key: 'memberId', value: (r: ReadingStatusRow) => r.memberId },
      { header: t('reading.col.name'), key: 'name', value: (r) => r.name },
      { header: t('reading.col.book'), key: 'bookId', value: (r) => r.bookId, display: (r) => (r.bookId ? `${r.bookId} ${r.title ?? ''}` : '') },
      { header: t('reading.col.due'), key: 'due', value: (r) => r.due, display: (r, s) => (r.overdue ? s.red(`${r.due} ${t('reading.overdue')}`) : (r.due ?? '')) },
      { header: t('reading.col.done'), key: 'done', value: (r) => r.done, display: (r) => (r.done ? '✓' : '') },
      { header: t('reading.col.overdue'), key: 'overdue', value: (r) => r.overdue, display: (r) => (r.overdue ? '!' : '') },
      { header: t('reading.col.streak'), key: 'streak', value: (r) => r.streak },
      { header: t('reading.col.misses'), key: 'misses', value: (r) => r.misses },
      { header: t('reading.col.removalDue'), key: 'removalDue', value: (r) => r.removalDue, display: (r, s) => (r.removalDue ? s.red(t('reading.removalDueShort')) : '') },
    ],
    { empty: t('reading.noActive'), json: rows.map(({ title: _title, ...r }) => r) },
  );
}
