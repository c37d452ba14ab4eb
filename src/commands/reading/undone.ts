import { resolveMember } from '../../core/members/reference.js';
import { resolveBook } from '../../core/reading/books.js';
import { findReadingTask, reopenReading } from '../../core/reading/tasks.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { reportPoints } from '../session/shared.js';
import { oneTaskScope, readingTaskJson, readingTransaction } from './shared.js';

export default async function readingUndone(ctx: Context, [memberRef, bookRef]: unknown[]): Promise<Output> {
  let tz = '';
  const { result, points } = await readingTransaction(ctx, [], (draft) => {
    tz = draft.meta.settings.timezone;
    const member = resolveMember(draft.members, String(memberRef));
    const book = resolveBook(draft.books, String(bookRef));
    const r = reopenReading(draft.readingTasks, findReadingTask(draft.readingTasks, member, book));
    draft.readingTasks = r.readingTasks;
    return { result: r.task, task: r.task, audit: { summary: `reading ${r.task.id} reopened`, refs: [r.task.id, member.id, book.id] } };
  }, oneTaskScope(String(memberRef), String(bookRef)));
  reportPoints(ctx, points);
  return { kind: 'done', data: readingTaskJson(result, ctx.now, tz), message: t('reading.reopened', { task: result.id }) };
}
