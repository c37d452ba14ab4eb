import { resolveMember } from '../../core/members/reference.js';
import { resolveBook } from '../../core/reading/books.js';
import { startReading } from '../../core/reading/tasks.js';
import { UsageError } from '../../core/errors.js';
import { toDateString } from '../../core/time.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { parseDateFlag } from '../session/shared.js';
import { readingTaskJson, readingTransaction } from './shared.js';

export default async function readingStart(ctx: Context, [memberRef, bookRef]: unknown[], opts: { date?: string }): Promise<Output> {
  const { result } = await readingTransaction(ctx, [], (draft, env) => {
    const member = resolveMember(draft.members, String(memberRef));
    const book = resolveBook(draft.books, String(bookRef));
    const today = toDateString(ctx.now, draft.meta.settings.timezone);
    const startedOn = parseDateFlag(ctx, draft.meta, opts.date, '--date') ?? today;
    // A task started later would be due later too: plans for next week go on the shelf, not into tasks.
    if (startedOn > today) throw new UsageError(t('reading.startInFuture', { date: startedOn, today }), t('reading.startInFuture.hint'));
    const r = startReading({ readingTasks: draft.readingTasks, counters: draft.meta.counters }, { member, book, startedOn }, env);
    draft.readingTasks = r.readingTasks;
    draft.meta = { ...draft.meta, counters: r.counters };
    return { result: { task: r.task, member, book, tz: draft.meta.settings.timezone }, task: null, audit: { summary: `reading ${r.task.id} started`, refs: [r.task.id, member.id, book.id] } };
  });
  const { task, member, book, tz } = result;
  return { kind: 'done', data: readingTaskJson(task, ctx.now, tz), message: t('reading.started', { task: task.id, member: member.name, book: book.title, due: task.due }) };
}
